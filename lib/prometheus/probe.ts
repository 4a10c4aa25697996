import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { Probe as KubeProbe, ProbeSpec, ProbeSpecNativeHistogramMinBucketFactor } from '../../imports/monitoring.coreos.com';
import { quote, Validate, ValidationError } from '../core';
import { checkValue, checkValues } from '../core/problems';
import { optionalArray, optionalString, optionalStringList, requireObject, requireString } from '../core/untyped';
import { compact, nonEmpty, renderScrapeOptions, Scheme, ScrapeOptions } from './endpoint';
import { Relabel } from '../core/relabel';
import { renderScrapeJob, ScrapeJobOptions, toGeneratedProps } from './scrape-job';
import { LabelSelector, NamespaceSelector, resolveInstanceLabels } from './selector';

/**
 * The prober that performs the probes (a blackbox exporter, for instance), reached by Prometheus.
 * Maps to `prober`. @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.ProberSpec
 */
export interface ProberOptions {
  /** The prober's address as `host:port`, without scheme (e.g. `blackbox-exporter.monitoring.svc:9115`). Maps to `url`. */
  readonly url: string;
  /**
   * The prober's probe path. Maps to `path`.
   * @default "/probe"
   */
  readonly path?: string;
  /**
   * The scheme Prometheus uses to reach the prober. Maps to `scheme`.
   * @default Scheme.HTTP
   */
  readonly scheme?: Scheme;
}

/** Ingresses whose hosts and paths become probe targets. Maps to `targets.ingress`. */
export interface IngressTargetsOptions {
  /** The Ingresses, by their labels. */
  readonly selector: LabelSelector;
  /**
   * Where the Ingresses live.
   * @default - the Probe's own namespace
   */
  readonly namespaceSelector?: NamespaceSelector;
  /**
   * Relabelings of the discovered targets. Maps to `relabelingConfigs`.
   * @default []
   */
  readonly relabelings?: Relabel[];
}

/** Properties of a `Probe`. */
export interface ProbeProps extends ScrapeOptions, ScrapeJobOptions {
  /**
   * The object's `metadata.name`.
   * @default - derived from the construct path
   */
  readonly name?: string;
  /** The prober. */
  readonly prober: ProberOptions;
  /**
   * The prober's module (a blackbox exporter module name such as `http_2xx`). Maps to `module`.
   * @default - the prober's default
   */
  readonly module?: string;
  /**
   * Static targets (URLs or `host:port`); more can be added with `addTarget()`. Maps to `targets.staticConfig.static`.
   * Either static targets or `ingress` is required.
   * @default []
   */
  readonly targets?: string[];
  /**
   * Labels added to every static target's series. Maps to `targets.staticConfig.labels`.
   * @default - none
   */
  readonly targetLabels?: { [name: string]: string };
  /**
   * Relabelings of the static targets. Maps to `targets.staticConfig.relabelingConfigs`.
   * @default []
   */
  readonly targetRelabelings?: Relabel[];
  /**
   * Probe the hosts of Ingresses instead of static targets.
   * @default - static targets
   */
  readonly ingress?: IngressTargetsOptions;
  /**
   * The `job` label of the probe's series. Maps to `jobName`.
   * @default - `probe/<namespace>/<name>`
   */
  readonly jobName?: string;
  /**
   * The labels by which the Prometheus instance selects this object (its `probeSelector`).
   * @default InstanceSelectorLabels.KUBE_PROMETHEUS_STACK
   */
  readonly instanceLabels?: { [key: string]: string };
}

/**
 * A Prometheus Operator `Probe`: Prometheus asks a prober (the blackbox exporter, usually) to probe
 * static URLs or the hosts of Ingresses, with one of the prober's modules. Generic: the exporter-specific
 * modules are configured by the exporter constructs.
 *
 * @example
 * new Probe(chart, 'health', {
 *   prober: { url: 'blackbox-exporter.monitoring.svc:9115' },
 *   module: 'http_2xx',
 *   targets: ['https://api.example.com/health'],
 *   interval: Duration.seconds(30),
 * });
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.Probe
 */
export class Probe extends Construct {
  /** The labels the Prometheus instance selects this object by. */
  public readonly instanceLabels: { [key: string]: string };
  /** The generated `Probe` object. */
  public readonly resource: KubeProbe;
  private readonly targets: string[] = [];
  private readonly props: ProbeProps;
  private readonly scrape: { [key: string]: any };

  public constructor(scope: Construct, id: string, props: ProbeProps) {
    super(scope, id);
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    ValidationError.within(this, () => {
      requireObject(props, 'props', '{ prober: { url: \'blackbox-exporter:9115\' }, targets: [\'https://example.com\'] }');
      requireObject(props.prober, 'prober', '{ url: \'blackbox-exporter:9115\' }');
      requireString(props.prober.url, 'prober.url', '\'blackbox-exporter:9115\'');
      optionalString(props.name, 'name', '\'checkout-probe\'');
      optionalString(props.module, 'module', '\'http_2xx\'');
      optionalString(props.jobName, 'jobName', '\'probe\'');
      optionalStringList(props.targets, 'targets', '[\'https://example.com\']');
      optionalArray(props.targetRelabelings, 'targetRelabelings', '[Relabel.set(\'team\', \'shop\')]');
    });
    this.props = props;
    this.instanceLabels = ValidationError.within(this, () => resolveInstanceLabels(props.instanceLabels));
    ValidationError.within(this, () => {
      if (props.name !== undefined) Validate.kubernetesName(props.name, 'name');
      checkProber(props.prober);
      if (props.module !== undefined && !/^[A-Za-z0-9_.-]+$/.test(props.module)) {
        throw new ValidationError(`module: must be a prober module name (letters, digits, '_', '-', '.'); received ${quote(props.module)}`);
      }
      if (props.jobName !== undefined && props.jobName.trim() === '') throw new ValidationError('jobName: must not be empty');
      checkValues(undefined, 'targetRelabelings', props.targetRelabelings);
      checkValues(undefined, 'ingress.relabelings', props.ingress?.relabelings);
      checkValue(undefined, 'ingress.selector', props.ingress?.selector);
      checkValue(undefined, 'ingress.namespaceSelector', props.ingress?.namespaceSelector);
      Validate.prometheusLabels(props.targetLabels ?? {}, 'targetLabels');
      if (props.ingress && (props.targets?.length || props.targetLabels || props.targetRelabelings)) {
        throw new ValidationError('targets: give either static targets (targets, targetLabels, targetRelabelings) or ingress, not both');
      }
    });
    this.scrape = ValidationError.within(this, () => ({
      ...renderScrapeOptions(props, '', false),
      ...toGeneratedProps(renderScrapeJob(this, props), (v) => (typeof v === 'number' ? ProbeSpecNativeHistogramMinBucketFactor.fromNumber(v) : ProbeSpecNativeHistogramMinBucketFactor.fromString(v))),
    }));
    for (const t of props.targets ?? []) this.addTarget(t);

    this.resource = new KubeProbe(this, 'Resource', {
      // An explicit `name: undefined` would stop cdk8s from generating the name from the construct path.
      metadata: { ...(props.name !== undefined ? { name: props.name } : {}), labels: this.instanceLabels },
      spec: Lazy.any({ produce: () => this._toKube() }) as unknown as ProbeSpec,
    });
    this.node.addValidation({
      validate: () => (this.props.ingress === undefined && this.targets.length === 0 ? ['targets: a Probe needs static targets (addTarget(url)) or ingress'] : []),
    });
  }

  /** Adds a static target (a URL such as `https://example.com/health`, or `host:port`). */
  public addTarget(target: string): void {
    ValidationError.within(this, () => {
      if (this.props.ingress) throw new ValidationError(`targets: this Probe probes Ingresses; static targets cannot be added (received ${quote(target)})`);
      checkTarget(target, `targets[${this.targets.length}]`);
      if (this.targets.includes(target)) throw new ValidationError(`targets: ${quote(target)} is already a target`);
    });
    this.targets.push(target);
  }

  /**
   * The `spec` of the Probe.
   * @internal
   */
  public _toKube(): ProbeSpec {
    const p = this.props;
    const targets = p.ingress
      ? {
        ingress: compact({
          selector: p.ingress.selector._toKube(),
          namespaceSelector: p.ingress.namespaceSelector?._toKube(),
          relabelingConfigs: nonEmpty(p.ingress.relabelings?.map((r) => r._toKube())),
        }),
      }
      : {
        staticConfig: compact({
          static: [...this.targets],
          labels: p.targetLabels,
          relabelingConfigs: nonEmpty(p.targetRelabelings?.map((r) => r._toKube())),
        }),
      };
    return compact({
      jobName: p.jobName,
      prober: compact({ url: p.prober.url, path: p.prober.path, scheme: p.prober.scheme }),
      module: p.module,
      targets,
      ...compact(this.scrape),
    }) as unknown as ProbeSpec;
  }
}

function checkProber(prober: ProberOptions): void {
  if (prober.url.includes('://') || !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(prober.url)) {
    throw new ValidationError(`prober.url: must be the prober's host[:port] without scheme or path (e.g. "blackbox-exporter.monitoring.svc:9115"); received ${quote(prober.url)}`);
  }
  if (prober.path !== undefined && !/^\/\S*$/.test(prober.path)) {
    throw new ValidationError(`prober.path: must start with "/" and contain no white space; received ${quote(prober.path)}`);
  }
}

function checkTarget(target: string, field: string): void {
  if (/\s/.test(target) || target === '') {
    throw new ValidationError(`${field}: must be a URL or host:port without white space; received ${quote(target)}`);
  }
  if (target.includes('://')) {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new ValidationError(`${field}: invalid URL; received ${quote(target)}`);
    }
    if (url.hostname === '') throw new ValidationError(`${field}: the URL has no host; received ${quote(target)}`);
  } else if (!/^[A-Za-z0-9.-]+(:\d{1,5})?(\/\S*)?$/.test(target)) {
    throw new ValidationError(`${field}: must be a URL (https://host/path) or host:port; received ${quote(target)}`);
  }
}
