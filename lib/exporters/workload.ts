import { createHash } from 'crypto';
import { Duration, Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { MetricCatalogue } from '../catalogue/metric-catalogue';
import { quote, ScrapeAccessProps, SecretRef, Validate, ValidationError } from '../core';
import { checkScrapeAccessProps, scrapeNetworkPolicy } from '../core/network-policy';
import { RenderedValue } from '../core/render-pass';
import { checkNumber, optionalDuration, optionalString, requireObject } from '../core/untyped';
import { Relabel } from '../core/relabel';
import type { AlertOverride } from '../prometheus/alert-override';
import type { RunbookLinks } from '../prometheus/runbook-links';
import { ServiceMonitor } from '../prometheus/service-monitor';
import { ExportedMetric } from '../catalogue/metric';

/**
 * Properties shared by the exporter constructs: how the exporter runs and is scraped, and which Prometheus
 * scrapes it (its NetworkPolicy admits only the Prometheus pods of `scrapedBy`, on the metrics port; that
 * Prometheus selects its ServiceMonitor or Probes by `instanceLabels`).
 */
export interface ExporterProps extends ScrapeAccessProps {
  /**
   * The name of the Deployment, Service and ConfigMap (a DNS-1123 label, as a Service name must be).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The container image, pinned to a version.
   * @default - the version the construct is tested with (see each exporter)
   */
  readonly image?: string;
  /**
   * The number of replicas: a count of pods, an integer >= 1.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * CPU and memory requests and limits of the exporter container.
   * @default - requests 10m CPU / 32Mi memory, limits 100m CPU / 64Mi memory (128Mi for postgres-exporter)
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * How often Prometheus scrapes the exporter (or runs a probe).
   * @default - the Prometheus instance's scrape interval
   */
  readonly scrapeInterval?: Duration;
  /**
   * Whether to generate the exporter's built-in alerts (each exporter lists them: the exporter's target
   * not scraped, the monitored server down, and a few saturation alerts), in a `PrometheusRule` named like
   * the exporter and selected by `instanceLabels`, as its scrape objects are. The alerts select the
   * exporter's series by `job` and `namespace`, which they carry, so the application's Alertmanager
   * routing (matched on the namespace) receives them.
   * @default true
   */
  readonly alerts?: boolean;
  /**
   * Labels added to every built-in alert, for routing (`{ team: 'database' }`). `job`, `namespace`,
   * `instance`, `severity` and `alertname` come from the series and the rule.
   * @default {}
   */
  readonly alertLabels?: { [name: string]: string };
  /**
   * The runbooks of the built-in alerts: each alert links to `runbooks.urlFor(<alert name>)`
   * (`RunbookLinks.under('https://wiki.example.com/runbooks')` gives `.../postgres-down`). The query lint's
   * runbook check (`Check.ALERT_RUNBOOK`) asks for them.
   * @default - no runbook link
   */
  readonly runbooks?: RunbookLinks;
  /**
   * Changes to the built-in alerts, by alert name (`PostgresHighConnections`): `threshold` (in the unit the
   * exporter documents for that alert; refused for an alert without one), `for`, `severity`, `labels`,
   * `annotations`, or `enabled: false` to drop the alert. A name the exporter does not generate fails the
   * synth with the known names and a "did you mean", so that an upgrade renaming an alert is noticed.
   * Overridden alerts show in `AlertCatalogue`.
   * @default - the built-in alerts as generated
   */
  readonly overrides?: { [alertName: string]: AlertOverride };
}

/** What `exporterWorkload` builds. @internal */
export interface ExporterWorkload {
  readonly deployment: kplus.Deployment;
  readonly service: kplus.Service;
  readonly container: kplus.Container;
  /** Undefined when the exporter has no configuration file. */
  readonly configMap?: kplus.ConfigMap;
  /** Undefined with `networkPolicy: false`. */
  readonly networkPolicy?: kplus.NetworkPolicy;
  /**
   * Mounts the configuration file and rolls the pods when it changes; already done unless `config.mountLater`.
   * Calling it again does nothing.
   */
  readonly mountConfig: () => void;
}

/** The name of an exporter's objects, from props or the construct id. @internal */
export function exporterName(scope: Construct, props: ExporterProps, example = '{}'): string {
  // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
  ValidationError.within(scope, () => {
    requireObject(props, 'props', example);
    optionalString(props.name, 'name', "'postgres-exporter'");
    optionalString(props.image, 'image', "'quay.io/prometheus/blackbox-exporter:v0.28.0'");
    optionalDuration(props.scrapeInterval, 'scrapeInterval');
    // a Deployment's spec.replicas is an int32; an exporter with 0 replicas would scrape nothing
    checkNumber(props.replicas, 'replicas', { unit: 'a count of pods', min: 1, max: 2147483647, integer: true });
    checkScrapeAccessProps(props);
  });
  const name = props.name ?? scope.node.id;
  ValidationError.within(scope, () => Validate.dnsLabel(name, 'name'));
  return name;
}

/**
 * A Deployment that meets the Pod Security Standards' `restricted` level (non-root, read-only root
 * filesystem, no privilege escalation, every capability dropped, the runtime's seccomp profile; resources
 * set), its Service with a `metrics` port, its NetworkPolicy (ingress from Prometheus only, on that port,
 * unless `networkPolicy: false`), and, when the exporter has a configuration file (`config`), a ConfigMap
 * mounted at `config.path`, whose content hash is a pod annotation so that a configuration change rolls
 * the pods. An added capability (`capabilities`) leaves `restricted`: the caller documents which level
 * results.
 * @internal
 */
export function exporterWorkload(
  scope: Construct,
  name: string,
  props: ExporterProps,
  spec: {
    image: string;
    port: number;
    args: string[];
    /**
     * The configuration file, in a ConfigMap mounted at `path`; none when undefined. With `mountLater`, the
     * ConfigMap is created but mounted only when the caller calls `mountConfig()` (an optional file).
     */
    config?: { path: string; file: string; render: () => string; mountLater?: boolean };
    env?: { [name: string]: kplus.EnvValue };
    defaultMemoryLimit: Size;
    capabilities?: kplus.Capability[];
    /** The HTTP path of the liveness and readiness probes (default `/`). */
    healthPath?: string;
  },
): ExporterWorkload {
  const config = spec.config;
  const configMap = config === undefined ? undefined : new kplus.ConfigMap(scope, 'Config', { metadata: { name } });
  const deployment = new kplus.Deployment(scope, 'Deployment', {
    metadata: { name },
    replicas: props.replicas ?? 1,
    securityContext: { ensureNonRoot: true, user: 65534, group: 65534 },
    automountServiceAccountToken: false,
  });
  const container = deployment.addContainer({
    name: 'exporter',
    image: spec.image,
    args: spec.args.length > 0 ? spec.args : undefined,
    ports: [{ number: spec.port, name: 'metrics' }],
    envVariables: spec.env,
    securityContext: {
      ensureNonRoot: true,
      user: 65534,
      group: 65534,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: [kplus.Capability.ALL], add: spec.capabilities },
      seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    },
    resources: props.resources ?? {
      cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(100) },
      memory: { request: Size.mebibytes(32), limit: spec.defaultMemoryLimit },
    },
    liveness: kplus.Probe.fromHttpGet(spec.healthPath ?? '/', { port: spec.port }),
    readiness: kplus.Probe.fromHttpGet(spec.healthPath ?? '/', { port: spec.port }),
  });
  let mounted = false;
  const mountConfig = (): void => {
    if (config === undefined || configMap === undefined || mounted) return;
    mounted = true;
    container.mount(config.path, kplus.Volume.fromConfigMap(scope, 'ConfigVolume', configMap), { readOnly: true });
    deployment.podMetadata.addAnnotation('checksum/config', Lazy.any({ produce: () => createHash('sha256').update(rendered!.get()).digest('hex') }) as unknown as string);
  };
  // The content is only known at synth time (addX() may still change it): both the ConfigMap data and
  // the checksum annotation are filled lazily from the same render.
  const rendered = config === undefined ? undefined : new RenderedValue(() => config.render());
  if (config !== undefined && configMap !== undefined) {
    configMap.addData(config.file, Lazy.any({ produce: () => rendered!.get() }) as unknown as string);
    if (!config.mountLater) mountConfig();
  }
  const service = deployment.exposeViaService({ name, ports: [{ port: spec.port, targetPort: spec.port, name: 'metrics' }] });
  // The ServiceMonitor selects the Service by these labels.
  service.metadata.addLabel('app.kubernetes.io/name', name);
  service.metadata.addLabel('app.kubernetes.io/component', 'exporter');
  const networkPolicy = scrapeNetworkPolicy(scope, deployment, spec.port, props, { name });
  return { deployment, service, container, configMap, networkPolicy, mountConfig };
}

/** A ServiceMonitor scraping an exporter's `metrics` port, with its `job` label set when given. @internal */
export function exporterServiceMonitor(scope: Construct, service: kplus.Service, props: ExporterProps, jobName: string | undefined): ServiceMonitor {
  return ServiceMonitor.forService(scope, 'ServiceMonitor', service, {
    name: service.name,
    instanceLabels: props.instanceLabels,
    endpoints: [{ port: 'metrics', interval: props.scrapeInterval, relabelings: jobName === undefined ? undefined : [Relabel.set('job', jobName)] }],
  });
}

/**
 * An environment variable read from the Secret key a `SecretRef` names (never a value in the manifests).
 * @throws ValidationError `[path] <field>: ...` when the reference is a file, not a Secret key
 * @internal
 */
export function exporterSecretEnv(scope: Construct, id: string, field: string, ref: SecretRef): kplus.EnvValue {
  const selector = ValidationError.within(scope, () => {
    if (!(ref instanceof SecretRef)) {
      throw new ValidationError(`${field}: must be a SecretRef, e.g. SecretRef.fromSecret('db', 'dsn'), so that no credential is written to the output; received ${typeof ref === 'string' ? 'a plain string' : quote(ref)}`);
    }
    try {
      return ref.toSecretKeySelector();
    } catch (e) {
      if (e instanceof ValidationError) throw new ValidationError(`${field}: ${e.detail}`);
      throw e;
    }
  });
  return kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(scope, id, selector.name), key: selector.key });
}

/** Checks an exporter's optional `jobName`. @internal */
export function exporterJobName(scope: Construct, jobName: string | undefined): string | undefined {
  ValidationError.within(scope, () => optionalString(jobName, 'jobName', "'erp-postgres'"));
  if (jobName !== undefined && jobName.trim() === '') throw ValidationError.at(scope, 'jobName: must not be empty; leave it undefined to use the Service name');
  return jobName;
}

/** An exporter's metric list from its standard catalogue (one set of definitions, not a copy). @internal */
export function catalogueMetrics(catalogue: MetricCatalogue): ExportedMetric[] {
  return catalogue.metrics.map((m) => ({ name: m.name, type: m.type, help: m.help ?? '', labels: m.labels }));
}
