/**
 * The NetworkPolicy of a scraped workload (exporters, log agents): ingress only from the Prometheus pods,
 * only on the metrics port. Without it any pod of the cluster can reach the workload; for the blackbox
 * exporter that makes `/probe?target=` an open proxy into every network the exporter can reach.
 */
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { quote, ValidationError } from './errors';
import { checkValue, deferBuild } from './problems';
import { optionalBoolean, optionalStringMap, requireObject, requireString, requireStringMap } from './untyped';
import { Validate } from './validate';

/** Options of `PrometheusPods.select`. */
export interface PrometheusPodsOptions {
  /** The namespace the Prometheus pods run in (a DNS-1123 label). */
  readonly namespace: string;
  /**
   * Labels every Prometheus pod carries (at least one: an empty selector would admit every pod of the
   * namespace).
   */
  readonly labels: { [key: string]: string };
}

/**
 * The Prometheus pods that scrape a workload: the only peers its NetworkPolicy admits, and only on the
 * metrics port. Selected by the namespace they run in (its `kubernetes.io/metadata.name` label, which
 * Kubernetes sets on every namespace) and by their pod labels.
 *
 * `PrometheusPods.select()` checks its input at once; an invalid selection is reported by the construct
 * it is given to, with its path. One never used is harmless.
 *
 * @example
 * PrometheusPods.kubePrometheusStack();              // namespace monitoring, app.kubernetes.io/name=prometheus
 * PrometheusPods.kubePrometheusStack('observability');
 * PrometheusPods.select({ namespace: 'vm', labels: { 'app.kubernetes.io/name': 'vmagent' } });
 */
export class PrometheusPods {
  /** The namespace kube-prometheus-stack is installed in by its documentation: `monitoring`. */
  public static readonly DEFAULT_NAMESPACE = 'monitoring';
  /**
   * The label the Prometheus Operator gives every Prometheus pod (`app.kubernetes.io/name: prometheus`),
   * whatever the Helm release or Prometheus resource is called.
   */
  public static readonly OPERATOR_POD_LABELS: { [key: string]: string } = { 'app.kubernetes.io/name': 'prometheus' };

  /**
   * The Prometheus pods of kube-prometheus-stack (or any Prometheus the Prometheus Operator runs): the pods
   * labelled `app.kubernetes.io/name: prometheus` in `namespace`.
   * @param namespace the namespace of the Prometheus pods; `PrometheusPods.DEFAULT_NAMESPACE` (`monitoring`) when undefined
   */
  public static kubePrometheusStack(namespace?: string): PrometheusPods {
    return PrometheusPods.select({ namespace: namespace ?? PrometheusPods.DEFAULT_NAMESPACE, labels: PrometheusPods.OPERATOR_POD_LABELS });
  }

  /** The pods carrying `labels` in `namespace`. */
  public static select(options: PrometheusPodsOptions): PrometheusPods {
    return deferBuild(() => {
      requireObject(options, 'PrometheusPods', "{ namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } }");
      requireString(options.namespace, 'PrometheusPods namespace', "'monitoring'");
      requireStringMap(options.labels, 'PrometheusPods labels');
      Validate.dnsLabel(options.namespace, 'PrometheusPods namespace');
      if (Object.keys(options.labels).length === 0) {
        throw new ValidationError(`PrometheusPods labels: give at least one label (e.g. { 'app.kubernetes.io/name': 'prometheus' }); an empty selector admits every pod of namespace ${quote(options.namespace)}`);
      }
      Validate.kubernetesLabels(options.labels, 'PrometheusPods labels');
      return new PrometheusPods(options.namespace, { ...options.labels });
    }, () => new PrometheusPods('', {}));
  }

  /** The namespace of the Prometheus pods. */
  public readonly namespace: string;
  /** The labels the Prometheus pods carry. */
  public readonly labels: { [key: string]: string };

  private constructor(namespace: string, labels: { [key: string]: string }) {
    this.namespace = namespace;
    this.labels = labels;
  }
}

/**
 * Which Prometheus scrapes a workload (an exporter, a log agent), shared by `ExporterProps`,
 * `LogAgentProps` and `LoggingStackProps`: the pods its NetworkPolicy admits (`scrapedBy`) and the labels by
 * which that Prometheus picks up the workload's monitor (`instanceLabels`). Both default to
 * kube-prometheus-stack installed as the documentation does it (release `kube-prometheus-stack`, namespace
 * `monitoring`).
 *
 * @example
 * // kube-prometheus-stack installed as release `obs` in namespace `observability`
 * { scrapedBy: PrometheusPods.kubePrometheusStack('observability'), instanceLabels: InstanceSelectorLabels.release('obs') }
 */
export interface ScrapeAccessProps {
  /**
   * The Prometheus pods allowed to connect: the workload's NetworkPolicy admits ingress from them only,
   * and only on the metrics port (every other pod of the cluster is refused).
   * @default PrometheusPods.kubePrometheusStack() - pods labelled `app.kubernetes.io/name: prometheus` in namespace `monitoring`
   */
  readonly scrapedBy?: PrometheusPods;
  /**
   * Create the workload's NetworkPolicy. Turn it off only where another policy (or a CNI without
   * NetworkPolicy support) decides; the workload then accepts connections from any pod.
   * @default true
   */
  readonly networkPolicy?: boolean;
  /**
   * The labels by which the Prometheus instance selects the workload's ServiceMonitor or Probes (its
   * `serviceMonitorSelector` / `probeSelector`): the labels of the monitor object.
   * @default InstanceSelectorLabels.KUBE_PROMETHEUS_STACK - `{ release: 'kube-prometheus-stack' }`
   */
  readonly instanceLabels?: { [key: string]: string };
}

/**
 * The plain-JavaScript checks of `scrapedBy`, `networkPolicy` and `instanceLabels`; run inside the construct's
 * `ValidationError.within`.
 * @internal
 */
export function checkScrapeAccessProps(props: ScrapeAccessProps): void {
  optionalBoolean(props.networkPolicy, 'networkPolicy');
  optionalStringMap(props.instanceLabels, 'instanceLabels');
  if (props.scrapedBy !== undefined && !(props.scrapedBy instanceof PrometheusPods)) {
    throw new ValidationError(`scrapedBy: must be a PrometheusPods, e.g. PrometheusPods.kubePrometheusStack(); received ${quote(props.scrapedBy)}`);
  }
  if (props.scrapedBy !== undefined && props.networkPolicy === false) {
    throw new ValidationError('scrapedBy: only applies to the NetworkPolicy, which networkPolicy: false turns off; remove one of them');
  }
}

/**
 * The NetworkPolicy of a scraped workload, unless `props.networkPolicy` is false: it selects the
 * workload's pods and admits ingress only from `props.scrapedBy` (kube-prometheus-stack's Prometheus by
 * default) on TCP `port`. Egress is left alone (the caller may add egress rules). The kubelet's probes
 * come from the node, which NetworkPolicies always admit.
 * @internal
 */
export function scrapeNetworkPolicy(
  scope: Construct,
  workload: kplus.Workload,
  port: number,
  props: ScrapeAccessProps,
  metadata: { name?: string },
): kplus.NetworkPolicy | undefined {
  if (props.networkPolicy === false) return undefined;
  checkValue(scope, 'scrapedBy', props.scrapedBy);
  const prometheus = props.scrapedBy ?? PrometheusPods.kubePrometheusStack();
  const peer = kplus.Pods.select(scope, 'PrometheusPods', {
    labels: prometheus.labels,
    namespaces: kplus.Namespaces.select(scope, 'PrometheusNamespace', { names: [prometheus.namespace] }),
  });
  return new kplus.NetworkPolicy(scope, 'NetworkPolicy', {
    metadata,
    selector: workload,
    ingress: { rules: [{ peer, ports: [kplus.NetworkPolicyPort.tcp(port)] }] },
  });
}
