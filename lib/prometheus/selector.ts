import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { quote, Validate, ValidationError } from '../core';
import { deferBuild, deferProblem, raiseProblem } from '../core/problems';
import { optionalStringList, requireObject } from '../core/untyped';

/**
 * The operator of a label selector requirement (`matchExpressions[].operator`).
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#resources-that-support-set-based-requirements
 */
export enum SelectorOperator {
  /** The label's value is one of `values`. */
  IN = 'In',
  /** The label's value is none of `values` (or the label is absent). */
  NOT_IN = 'NotIn',
  /** The label is present. */
  EXISTS = 'Exists',
  /** The label is absent. */
  DOES_NOT_EXIST = 'DoesNotExist',
}

/** One set-based requirement of a label selector. */
export interface LabelSelectorRequirement {
  /** The label key. */
  readonly key: string;
  /** The operator. */
  readonly operator: SelectorOperator;
  /**
   * The values; non-empty for `In`/`NotIn`, empty for `Exists`/`DoesNotExist`.
   * @default []
   */
  readonly values?: string[];
}

/**
 * A Kubernetes label selector choosing the Services (ServiceMonitor), Pods (PodMonitor) or Ingresses
 * (Probe) to scrape. Never empty: an empty selector would select every object of the namespace.
 *
 * @example
 * LabelSelector.matchLabels({ 'app.kubernetes.io/name': 'festivals', 'app.kubernetes.io/component': 'api' });
 * LabelSelector.fromService(backendService);
 *
 * `matchLabels` and `matchExpression` check their input at once; an invalid selector is reported by the
 * monitor or probe it is given to, with its path (`[app/chart/Monitor] selector: selector matchLabels...`).
 * One never used is harmless.
 */
export class LabelSelector {
  /** Objects carrying all these labels. */
  public static matchLabels(labels: { [key: string]: string }): LabelSelector {
    return deferProblem(() => Validate.kubernetesLabels(labels, 'selector matchLabels'), () => new LabelSelector({ ...labels }, []));
  }

  /** Objects meeting one set-based requirement (`key In (a, b)`, `key Exists`...). */
  public static matchExpression(requirement: LabelSelectorRequirement): LabelSelector {
    return deferBuild(() => LabelSelector.checkedExpression(requirement), () => new LabelSelector({}, [{ ...requirement }]));
  }

  private static checkedExpression(requirement: LabelSelectorRequirement): LabelSelector {
    requireObject(requirement, 'selector matchExpressions', '{ key: \'app\', operator: SelectorOperator.IN, values: [\'shop\'] }');
    optionalStringList(requirement.values, 'selector matchExpressions values', '[\'shop\']');
    Validate.kubernetesLabelKey(requirement.key, 'selector matchExpressions key');
    const values = requirement.values ?? [];
    const needsValues = requirement.operator === SelectorOperator.IN || requirement.operator === SelectorOperator.NOT_IN;
    if (needsValues && values.length === 0) {
      throw new ValidationError(`selector matchExpressions values: ${requirement.operator} needs at least one value; received []`);
    }
    if (!needsValues && values.length > 0) {
      throw new ValidationError(`selector matchExpressions values: ${requirement.operator} takes no values; received ${quote(values)}`);
    }
    values.forEach((v) => Validate.kubernetesLabelValue(v, 'selector matchExpressions value'));
    return new LabelSelector({}, [{ key: requirement.key, operator: requirement.operator, values: needsValues ? [...values] : undefined }]);
  }

  /**
   * The Services carrying the labels of this cdk8s-plus `Service` (a ServiceMonitor selects Services by
   * their own labels, not by the Service's pod selector). A Service without labels is reported by the
   * monitor the selector is given to, with its path.
   */
  public static fromService(service: kplus.Service): LabelSelector {
    return deferBuild(() => LabelSelector.ofService(service), () => new LabelSelector({}, []));
  }

  private static ofService(service: kplus.Service): LabelSelector {
    if (!(service instanceof kplus.Service)) {
      throw new ValidationError(`must be built from a cdk8s-plus Service, e.g. deployment.exposeViaService(...); received ${quote(service)}`);
    }
    // The chart's labels (part-of, managed-by) are on every object of the app: they cannot pick this Service.
    const chartLabels = Chart.of(service).labels;
    const labels: { [key: string]: string } = {};
    for (const [k, v] of Object.entries(service.metadata.toJson().labels ?? {})) {
      if (chartLabels[k] !== v) labels[k] = v as string;
    }
    if (Object.keys(labels).length === 0) {
      throw new ValidationError(`Service ${quote(service.name)} has no labels, so no selector can pick it alone; add a label (service.metadata.addLabel(...)) or use LabelSelector.matchLabels`);
    }
    return LabelSelector.matchLabels(labels);
  }

  /**
   * The pods of a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet...): its pod selector's
   * `matchLabels`. A workload without pod selector labels is reported by the monitor the selector is
   * given to, with its path.
   */
  public static fromWorkload(workload: kplus.Workload): LabelSelector {
    return deferBuild(() => LabelSelector.ofWorkload(workload), () => new LabelSelector({}, []));
  }

  private static ofWorkload(workload: kplus.Workload): LabelSelector {
    if (!(workload instanceof kplus.Workload)) {
      throw new ValidationError(`must be built from a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet...); received ${quote(workload)}`);
    }
    const labels = workload.matchLabels;
    if (Object.keys(labels).length === 0) {
      throw new ValidationError(`workload ${quote(workload.name)} has no pod selector labels; use LabelSelector.matchLabels`);
    }
    return LabelSelector.matchLabels(labels);
  }

  /** The `matchLabels` of the selector. */
  public readonly labels: { [key: string]: string };
  /** The `matchExpressions` of the selector. */
  public readonly expressions: LabelSelectorRequirement[];

  private constructor(labels: { [key: string]: string }, expressions: LabelSelectorRequirement[]) {
    this.labels = labels;
    this.expressions = expressions;
  }

  /** A new selector requiring both this selector and `other` (the requirements are ANDed). */
  public and(other: LabelSelector): LabelSelector {
    for (const [k, v] of Object.entries(other.labels)) {
      if (k in this.labels && this.labels[k] !== v) {
        throw new ValidationError(`selector: label ${quote(k)} is required to be both ${quote(this.labels[k])} and ${quote(v)}; such a selector matches nothing`);
      }
    }
    raiseProblem(this);
    raiseProblem(other);
    return new LabelSelector({ ...this.labels, ...other.labels }, [...this.expressions, ...other.expressions]);
  }

  /**
   * The Kubernetes `LabelSelector` object.
   * @internal
   */
  public _toKube(): { matchLabels?: { [key: string]: string }; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> } {
    raiseProblem(this);
    const keys = Object.keys(this.labels).sort();
    return {
      matchLabels: keys.length > 0 ? Object.fromEntries(keys.map((k) => [k, this.labels[k]])) : undefined,
      matchExpressions: this.expressions.length > 0 ? this.expressions.map((e) => ({ key: e.key, operator: e.operator, values: e.values })) : undefined,
    };
  }
}

/**
 * The namespaces in which a ServiceMonitor, PodMonitor or ingress Probe discovers its targets.
 * Without one, the operator looks only in the monitor's own namespace.
 */
export class NamespaceSelector {
  /** Every namespace (`any: true`). */
  public static any(): NamespaceSelector {
    return new NamespaceSelector(true, undefined);
  }

  /** These namespaces only (`matchNames`). */
  public static names(names: string[]): NamespaceSelector {
    return deferProblem(() => {
      optionalStringList(names, 'namespaceSelector', '[\'shop\']');
      if (names === undefined || names.length === 0) throw new ValidationError(`namespaceSelector: give at least one namespace name; received ${quote(names ?? [])}`);
      names.forEach((n) => Validate.dnsLabel(n, 'namespaceSelector namespace'));
    }, () => new NamespaceSelector(undefined, Array.isArray(names) ? [...names] : []));
  }

  /** Whether every namespace is selected. */
  public readonly anyNamespace?: boolean;
  /** The selected namespace names. */
  public readonly matchNames?: string[];

  private constructor(anyNamespace: boolean | undefined, matchNames: string[] | undefined) {
    this.anyNamespace = anyNamespace;
    this.matchNames = matchNames;
  }

  /** @internal */
  public _toKube(): { any?: boolean; matchNames?: string[] } {
    raiseProblem(this);
    return { any: this.anyNamespace, matchNames: this.matchNames };
  }
}

/**
 * The labels by which a Prometheus instance picks up ServiceMonitors, PodMonitors, Probes and
 * PrometheusRules (its `serviceMonitorSelector`, `podMonitorSelector`, `probeSelector`, `ruleSelector`).
 */
export class InstanceSelectorLabels {
  /**
   * kube-prometheus-stack's default: its selectors match `release: <Helm release name>`; with the
   * release installed as `kube-prometheus-stack` that is `{ release: 'kube-prometheus-stack' }`.
   * @see https://github.com/prometheus-community/helm-charts/tree/main/charts/kube-prometheus-stack
   */
  public static readonly KUBE_PROMETHEUS_STACK: { [key: string]: string } = { release: 'kube-prometheus-stack' };

  /** kube-prometheus-stack installed under another Helm release name (`{ release: name }`). */
  public static release(name: string): { [key: string]: string } {
    Validate.kubernetesLabelValue(name, 'release');
    return { release: name };
  }

  private constructor() {}
}

/**
 * Checks and copies the selector labels given to a construct.
 * @internal
 */
export function resolveInstanceLabels(labels: { [key: string]: string } | undefined): { [key: string]: string } {
  return { ...Validate.kubernetesLabels(labels ?? InstanceSelectorLabels.KUBE_PROMETHEUS_STACK, 'instanceLabels') };
}

/**
 * The namespace selector of a monitor created for a target (a Service or a workload) in `targetNamespace`:
 * `given` when there is one, else the target's namespace when it is not the monitor's own (the chart's),
 * else none (the monitor's own namespace).
 * @internal
 */
export function namespaceSelectorFor(scope: IConstruct, targetNamespace: string | undefined, given: NamespaceSelector | undefined): NamespaceSelector | undefined {
  const chartNamespace = Chart.of(scope).namespace;
  return given ?? (targetNamespace !== undefined && targetNamespace !== chartNamespace ? NamespaceSelector.names([targetNamespace]) : undefined);
}
