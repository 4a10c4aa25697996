import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { quote, Validate, ValidationError } from '../core';
import { checkValue, checkValues } from '../core/problems';
import { optionalArray, optionalString, requireObject } from '../core/untyped';
import { compact, nonEmpty, renderScrapeTarget, ScrapeTargetOptions } from './endpoint';
import { BodySizeLimitOptions, renderBodySizeLimit, renderScrapeJob, ScrapeJobOptions } from './scrape-job';
import { ScrapeTargets } from './scrape-targets';
import { resolveInstanceLabels } from './selector';
import { requireReleases } from './version-gates';

/** Properties of a `ScrapeConfig`. */
export interface ScrapeConfigProps extends ScrapeTargetOptions, ScrapeJobOptions, BodySizeLimitOptions {
  /**
   * The object's `metadata.name`.
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * Where the targets come from: static `host:port` targets, files, an HTTP endpoint, the Kubernetes API;
   * more can be added with `addTargets()`. At least one is required.
   * @default []
   */
  readonly targets?: ScrapeTargets[];
  /**
   * The `job` label of the scraped series (`postgres` for `up{job="postgres"}`). The Prometheus job itself
   * is always named `scrapeConfig/<namespace>/<name>` by the operator, which sets this label by relabeling.
   * Needs Prometheus Operator 0.75. Maps to `jobName`.
   * @default - the operator's job name, `scrapeConfig/<namespace>/<name>`
   */
  readonly jobName?: string;
  /**
   * The labels by which the Prometheus instance selects this object (its `scrapeConfigSelector`).
   * @default InstanceSelectorLabels.KUBE_PROMETHEUS_STACK
   */
  readonly instanceLabels?: { [key: string]: string };
}

/** Where each operator release added a field of the ScrapeConfig CRD that the monitors had before. */
const SCRAPE_CONFIG_RELEASES: { [field: string]: string } = {
  sampleLimit: '0.67', targetLimit: '0.67', labelLimit: '0.67', labelNameLengthLimit: '0.67', labelValueLengthLimit: '0.67',
};

/**
 * The ScrapeConfig fields rendered from `ScrapeTargetOptions`: the CRD field, the key `renderScrapeTarget`
 * gives it, the prop that sets it and the operator release that added it to the CRD.
 */
const TARGET_FIELDS: ReadonlyArray<{ readonly field: string; readonly from: string; readonly prop: string; readonly operator?: string }> = [
  { field: 'metricsPath', from: 'path', prop: 'path' },
  { field: 'scheme', from: 'scheme', prop: 'scheme', operator: '0.67' },
  { field: 'honorLabels', from: 'honorLabels', prop: 'honorLabels' },
  { field: 'params', from: 'params', prop: 'params', operator: '0.67' },
  { field: 'scrapeInterval', from: 'interval', prop: 'interval', operator: '0.67' },
  { field: 'scrapeTimeout', from: 'scrapeTimeout', prop: 'scrapeTimeout', operator: '0.67' },
  { field: 'authorization', from: 'authorization', prop: 'bearerToken', operator: '0.66' },
  { field: 'basicAuth', from: 'basicAuth', prop: 'basicAuth', operator: '0.66' },
  { field: 'tlsConfig', from: 'tlsConfig', prop: 'tls', operator: '0.67' },
  { field: 'relabelings', from: 'relabelings', prop: 'relabelings' },
  { field: 'metricRelabelings', from: 'metricRelabelings', prop: 'metricRelabelings', operator: '0.68' },
];

/**
 * A Prometheus Operator `ScrapeConfig` (`monitoring.coreos.com/v1alpha1`): a scrape job whose targets come
 * from outside the objects of the cluster a ServiceMonitor selects, such as fixed `host:port` addresses
 * (a database's exporter on a VM, a managed Redis), files, an HTTP endpoint or Kubernetes service
 * discovery with its own filters. A static job of a `prometheus.yml` maps to it one to one:
 * `job_name` to `jobName`, each `static_configs` entry to a `ScrapeTargets.fromStatic`, and `scheme`,
 * `metrics_path`, `params`, the relabelings, authentication, TLS and limits to the fields of the same meaning.
 *
 * Rejects what the operator or Prometheus would reject or silently drop: targets with a scheme or a path
 * (or without a port), reserved or invalid label names, a scrape timeout longer than the interval, two
 * authentication methods, TLS without https, credentials from files, and fields the chart's target
 * versions (`targetVersions`) do not support.
 *
 * @example
 * new ScrapeConfig(chart, 'Redis', {
 *   jobName: 'redis',
 *   targets: [ScrapeTargets.fromStatic({ targets: ['redis-exporter.shop.svc:9121'], labels: { service: 'redis' } })],
 *   interval: Duration.seconds(30),
 * });
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1alpha1.ScrapeConfig
 */
export class ScrapeConfig extends Construct {
  /** The CRD's API version. */
  public static readonly API_VERSION = 'monitoring.coreos.com/v1alpha1';
  /** The CRD's kind. */
  public static readonly KIND = 'ScrapeConfig';

  /** The labels the Prometheus instance selects this object by. */
  public readonly instanceLabels: { [key: string]: string };
  /** The `job` label of the scraped series, if set (`jobName`). */
  public readonly jobName?: string;
  /** The generated `ScrapeConfig` object. */
  public readonly resource: ApiObject;
  private readonly targetConfigs: { [field: string]: Array<{ [key: string]: any }> } = {};
  /** The spec fields other than the targets, as the CRD names them. */
  private readonly fields: { [key: string]: any };

  public constructor(scope: Construct, id: string, props: ScrapeConfigProps = {}) {
    super(scope, id);
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    ValidationError.within(this, () => {
      requireObject(props, 'props', "{ jobName: 'redis', targets: [ScrapeTargets.fromStatic({ targets: ['redis.shop.svc:9121'] })] }");
      optionalString(props.name, 'name', "'redis'");
      optionalString(props.jobName, 'jobName', "'redis'");
      optionalString(props.path, 'path', "'/metrics'");
      optionalArray(props.targets, 'targets', "[ScrapeTargets.fromStatic({ targets: ['redis.shop.svc:9121'] })]");
      optionalArray(props.relabelings, 'relabelings', "[Relabel.set('team', 'shop')]");
      optionalArray(props.metricRelabelings, 'metricRelabelings', "[Relabel.drop({ sourceLabels: ['__name__'], regex: 'go_.*' })]");
      checkValues(undefined, 'metricRelabelings', props.metricRelabelings);
      requireReleases(this, 'ScrapeConfig', { operator: '0.65' }, 'the ScrapeConfig kind');
    });
    this.instanceLabels = ValidationError.within(this, () => resolveInstanceLabels(props.instanceLabels));
    this.jobName = props.jobName;
    this.fields = ValidationError.within(this, () => {
      if (props.name !== undefined) Validate.kubernetesName(props.name, 'name');
      if (props.jobName !== undefined) {
        if (props.jobName.trim() === '' || props.jobName.trim() !== props.jobName) {
          throw new ValidationError(`jobName: must be a non-empty label value without surrounding white space; received ${quote(props.jobName)}`);
        }
        requireReleases(this, 'jobName', { operator: '0.75' });
      }
      // TLS material comes from Secrets only: the CRD's SafeTLSConfig has no files
      const target = renderScrapeTarget(props, '', false);
      const rendered: { [key: string]: any } = { jobName: props.jobName };
      for (const { field, from, prop, operator } of TARGET_FIELDS) {
        const value = target[from];
        if (value === undefined) continue;
        if (operator !== undefined) requireReleases(this, prop, { operator });
        rendered[field] = value;
      }
      return compact({
        ...rendered,
        ...renderScrapeJob(this, props, SCRAPE_CONFIG_RELEASES),
        bodySizeLimit: renderBodySizeLimit(this, props.bodySizeLimit, '0.89'),
      });
    });
    for (const t of props.targets ?? []) this.addTargets(t);

    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: ScrapeConfig.API_VERSION,
      kind: ScrapeConfig.KIND,
      // An explicit `name: undefined` would stop cdk8s from generating the name from the construct path.
      metadata: { ...(props.name !== undefined ? { name: props.name } : {}), labels: this.instanceLabels },
      spec: Lazy.any({ produce: () => this._toKube() }),
    });
    this.node.addValidation({
      validate: () => (Object.keys(this.targetConfigs).length === 0
        ? ["targets: a ScrapeConfig needs targets (addTargets(ScrapeTargets.fromStatic({ targets: ['host:9100'] })), or files, HTTP or Kubernetes discovery)"]
        : []),
    });
  }

  /**
   * Adds where targets come from (static targets, files, HTTP or Kubernetes service discovery), checked at
   * once; returns its index in its spec field (`staticConfigs`, `fileSDConfigs`, `httpSDConfigs` or `kubernetesSDConfigs`).
   */
  public addTargets(targets: ScrapeTargets): number {
    if (!(targets instanceof ScrapeTargets)) {
      throw ValidationError.at(this, `targets: must be ScrapeTargets, e.g. ScrapeTargets.fromStatic({ targets: ['redis.shop.svc:9121'] }); received ${quote(targets)}`);
    }
    const field = targets._field;
    const list = this.targetConfigs[field] ?? [];
    const where = `${field}[${list.length}]`;
    checkValue(this, where, targets);
    const rendered = ValidationError.within(this, () => targets._render(this, where));
    list.push(rendered.config);
    this.targetConfigs[field] = list;
    return list.length - 1;
  }

  /** The `metadata.name` of the object. */
  public get name(): string {
    return this.resource.name;
  }

  /**
   * The `spec` of the ScrapeConfig, as the CRD names its fields.
   * @internal
   */
  public _toKube(): { [key: string]: any } {
    return compact({
      ...this.fields,
      staticConfigs: nonEmpty(this.targetConfigs.staticConfigs),
      fileSDConfigs: nonEmpty(this.targetConfigs.fileSDConfigs),
      httpSDConfigs: nonEmpty(this.targetConfigs.httpSDConfigs),
      kubernetesSDConfigs: nonEmpty(this.targetConfigs.kubernetesSDConfigs),
    });
  }
}
