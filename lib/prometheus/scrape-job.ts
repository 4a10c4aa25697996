import { Size, SizeRoundingBehavior } from 'cdk8s';
import { IConstruct } from 'constructs';
import { quote, ValidationError } from '../core';
import { checkNumber, optionalArray, optionalBoolean, optionalString } from '../core/untyped';
import { Introduced, requireReleases } from './version-gates';

/**
 * A format Prometheus asks targets for, and parses their response in. Maps to the values of
 * `scrapeProtocols` and `fallbackScrapeProtocol`.
 * @see https://prometheus.io/docs/prometheus/latest/configuration/configuration/#scrape_config
 */
export enum ScrapeProtocol {
  /** The Prometheus protobuf format (the format that carries native histograms). */
  PROMETHEUS_PROTO = 'PrometheusProto',
  /** OpenMetrics text 0.0.1. */
  OPEN_METRICS_TEXT_0_0_1 = 'OpenMetricsText0.0.1',
  /** OpenMetrics text 1.0.0. */
  OPEN_METRICS_TEXT_1_0_0 = 'OpenMetricsText1.0.0',
  /** The classic Prometheus text format, 0.0.4 (what most exporters serve). */
  PROMETHEUS_TEXT_0_0_4 = 'PrometheusText0.0.4',
  /** The Prometheus text format 1.0.0, with UTF-8 names (Prometheus 3.0 and later, Prometheus Operator 0.79 and later). */
  PROMETHEUS_TEXT_1_0_0 = 'PrometheusText1.0.0',
}

/**
 * Settings of the scrape job a `ServiceMonitor`, `PodMonitor`, `Probe` or `ScrapeConfig` becomes: scrape
 * limits, the protocols to negotiate, native histograms and the scrape class. Each field that needs a newer
 * Prometheus or Prometheus Operator than the oldest the library supports says which; below the chart's
 * target versions (`targetVersions`) it fails at synth, naming the release it needs.
 */
export interface ScrapeJobOptions {
  /**
   * The most samples a scrape may return before it fails: a count of samples, an integer >= 0 (0 means
   * no limit). Maps to `sampleLimit`.
   * @default - no limit
   */
  readonly sampleLimit?: number;
  /**
   * The most targets the job may have after relabeling before all of its scrapes fail: a count, an integer
   * >= 0 (0 means no limit). Maps to `targetLimit`.
   * @default - no limit
   */
  readonly targetLimit?: number;
  /**
   * The most labels a sample may have before the scrape fails: a count, an integer >= 0 (0 means no limit).
   * Maps to `labelLimit`.
   * @default - no limit
   */
  readonly labelLimit?: number;
  /**
   * The longest label name (in bytes) a sample may have before the scrape fails: an integer >= 0 (0 means
   * no limit). Maps to `labelNameLengthLimit`.
   * @default - no limit
   */
  readonly labelNameLengthLimit?: number;
  /**
   * The longest label value (in bytes) a sample may have before the scrape fails: an integer >= 0 (0 means
   * no limit). Maps to `labelValueLengthLimit`.
   * @default - no limit
   */
  readonly labelValueLengthLimit?: number;
  /**
   * How many targets dropped by relabeling Prometheus keeps in memory (for its targets page): a count, an
   * integer >= 0 (0 means no limit). Needs Prometheus 2.47 and Prometheus Operator 0.68. Maps to `keepDroppedTargets`.
   * @default - no limit
   */
  readonly keepDroppedTargets?: number;
  /**
   * The protocols Prometheus negotiates with the targets, most preferred first; no duplicates. Needs
   * Prometheus 2.49 and Prometheus Operator 0.72 (`PROMETHEUS_TEXT_1_0_0`: Prometheus 3.0, operator 0.79).
   * Maps to `scrapeProtocols`.
   * @default - Prometheus' default
   */
  readonly scrapeProtocols?: ScrapeProtocol[];
  /**
   * The format to parse a response in when its `Content-Type` is missing, blank or unknown. Since Prometheus
   * 3.0 such a scrape fails without it (Prometheus 2 assumed the classic text format): set it to
   * `ScrapeProtocol.PROMETHEUS_TEXT_0_0_4` for a target that serves text with a wrong `Content-Type`. Needs
   * Prometheus 3.0 and Prometheus Operator 0.80. Maps to `fallbackScrapeProtocol`.
   * @default - none: a response without a valid Content-Type fails the scrape
   * @see https://prometheus.io/docs/prometheus/latest/migration/#scrape-protocols
   */
  readonly fallbackScrapeProtocol?: ScrapeProtocol;
  /**
   * The scrape class of the Prometheus resource to apply (its `scrapeClasses[].name`: default TLS settings,
   * relabelings...). The operator refuses the object when the Prometheus resource has no class of that name.
   * Needs Prometheus Operator 0.72. Maps to `scrapeClass`.
   * @default - the Prometheus resource's default scrape class, if it has one
   */
  readonly scrapeClass?: string;
  /**
   * Whether to ingest native histograms (where the target exposes them, in the protobuf format). Needs
   * Prometheus 3.8 (earlier releases enable native histograms with a feature flag instead) and Prometheus
   * Operator 0.88. Maps to `scrapeNativeHistograms`.
   * @default - the Prometheus instance's setting
   */
  readonly scrapeNativeHistograms?: boolean;
  /**
   * The most buckets a native histogram may keep: beyond it, buckets are merged (resolution lowered) until it
   * fits. An integer >= 0 (0 means no limit). Needs Prometheus 2.45 and Prometheus Operator 0.78. Maps to
   * `nativeHistogramBucketLimit`.
   * @default - no limit
   */
  readonly nativeHistogramBucketLimit?: number;
  /**
   * The smallest growth factor from one native histogram bucket to the next: buckets are merged until it is
   * reached (1.1 keeps about schema 2). A number >= 0 (0 means the finest resolution). Needs Prometheus 2.50
   * and Prometheus Operator 0.78. Maps to `nativeHistogramMinBucketFactor`.
   * @default - the finest resolution
   */
  readonly nativeHistogramMinBucketFactor?: number;
  /**
   * Whether to also ingest the classic buckets of a histogram exposed as both classic and native. Needs
   * Prometheus 2.45 and Prometheus Operator 0.78. Maps to `scrapeClassicHistograms` (Prometheus'
   * `always_scrape_classic_histograms`, `scrape_classic_histograms` before 3.0).
   * @default - the Prometheus instance's setting (false)
   */
  readonly scrapeClassicHistograms?: boolean;
  /**
   * Whether to store classic histograms as native histograms with custom buckets (NHCB). Needs Prometheus
   * 3.0 and Prometheus Operator 0.82. Maps to `convertClassicHistogramsToNHCB`.
   * @default - the Prometheus instance's setting (false)
   */
  readonly convertClassicHistogramsToNHCB?: boolean;
}

/** The largest uncompressed response body a scrape accepts (the `ServiceMonitor`, `PodMonitor` and `ScrapeConfig` field). */
export interface BodySizeLimitOptions {
  /**
   * The largest uncompressed response body a scrape accepts: beyond it, the scrape fails (a guard against
   * an exporter gone wild). Maps to `bodySizeLimit`. Needs Prometheus Operator 0.73 on `ServiceMonitor` and
   * `PodMonitor`, 0.89 on `ScrapeConfig`.
   * @default - no limit (or the Prometheus resource's `enforcedBodySizeLimit`)
   */
  readonly bodySizeLimit?: Size;
}

type Kube = { [key: string]: any };

/** The integer limits, in the order they are rendered, with the releases that need them (none: every supported release). */
const LIMITS: ReadonlyArray<{ readonly field: keyof ScrapeJobOptions; readonly unit: string; readonly introduced?: Introduced }> = [
  { field: 'sampleLimit', unit: 'a count of samples per scrape, 0 for no limit' },
  { field: 'targetLimit', unit: 'a count of targets, 0 for no limit' },
  { field: 'labelLimit', unit: 'a count of labels per sample, 0 for no limit' },
  { field: 'labelNameLengthLimit', unit: 'bytes per label name, 0 for no limit' },
  { field: 'labelValueLengthLimit', unit: 'bytes per label value, 0 for no limit' },
  { field: 'keepDroppedTargets', unit: 'a count of dropped targets, 0 for no limit', introduced: { prometheus: '2.47', operator: '0.68' } },
  { field: 'nativeHistogramBucketLimit', unit: 'a count of buckets per native histogram, 0 for no limit', introduced: { prometheus: '2.45', operator: '0.78' } },
];

const PROTOCOLS = Object.values(ScrapeProtocol) as string[];

function checkProtocol(value: unknown, field: string): ScrapeProtocol {
  if (typeof value !== 'string' || !PROTOCOLS.includes(value)) {
    throw new ValidationError(`${field}: must be a ScrapeProtocol (${Object.keys(ScrapeProtocol).map((k) => `ScrapeProtocol.${k}`).join(', ')}); received ${quote(value)}`);
  }
  return value as ScrapeProtocol;
}

/**
 * Checks the scrape job settings of a monitor, probe or scrape config under `scope` (types, values, and the
 * releases they need against the chart's target versions) and renders them as the CRDs name them.
 * `operatorReleases`: where the resource's CRD got a field later than the monitors' (ScrapeConfig's limits).
 * Throws without a path: callers run it inside `ValidationError.within`.
 * @internal
 */
export function renderScrapeJob(scope: IConstruct, options: ScrapeJobOptions, operatorReleases: { [field: string]: string } = {}): Kube {
  const out: Kube = {};
  const gate = (field: string, introduced: Introduced | undefined) => {
    const operator = operatorReleases[field] ?? introduced?.operator;
    if (introduced?.prometheus !== undefined || operator !== undefined) requireReleases(scope, field, { prometheus: introduced?.prometheus, operator });
  };
  for (const { field, unit, introduced } of LIMITS) {
    const value = checkNumber(options[field], field, { unit, min: 0, integer: true });
    if (value === undefined) continue;
    gate(field, introduced);
    out[field] = value;
  }
  const protocols = optionalArray(options.scrapeProtocols, 'scrapeProtocols', '[ScrapeProtocol.PROMETHEUS_PROTO, ScrapeProtocol.PROMETHEUS_TEXT_0_0_4]');
  if (protocols !== undefined) {
    protocols.forEach((p, i) => checkProtocol(p, `scrapeProtocols[${i}]`));
    if (protocols.length === 0) throw new ValidationError('scrapeProtocols: give at least one protocol, or leave the field out for Prometheus\' default');
    const twice = protocols.find((p, i) => protocols.indexOf(p) !== i);
    if (twice !== undefined) throw new ValidationError(`scrapeProtocols: ${quote(twice)} is listed twice (Prometheus refuses duplicated protocols); received ${quote(protocols)}`);
    gate('scrapeProtocols', { prometheus: '2.49', operator: '0.72' });
    if (protocols.includes(ScrapeProtocol.PROMETHEUS_TEXT_1_0_0)) requireReleases(scope, `scrapeProtocols[${protocols.indexOf(ScrapeProtocol.PROMETHEUS_TEXT_1_0_0)}]`, { prometheus: '3.0', operator: '0.79' }, `the value ${quote(ScrapeProtocol.PROMETHEUS_TEXT_1_0_0)}`);
    out.scrapeProtocols = [...protocols];
  }
  if (options.fallbackScrapeProtocol !== undefined) {
    out.fallbackScrapeProtocol = checkProtocol(options.fallbackScrapeProtocol, 'fallbackScrapeProtocol');
    gate('fallbackScrapeProtocol', { prometheus: '3.0', operator: '0.80' });
  }
  const scrapeClass = optionalString(options.scrapeClass, 'scrapeClass', '\'istio-mtls\'');
  if (scrapeClass !== undefined) {
    if (scrapeClass.trim() === '' || scrapeClass.trim() !== scrapeClass) {
      throw new ValidationError(`scrapeClass: must be the name of a scrape class of the Prometheus resource, without surrounding white space; received ${quote(scrapeClass)}`);
    }
    gate('scrapeClass', { operator: '0.72' });
    out.scrapeClass = scrapeClass;
  }
  const factor = checkNumber(options.nativeHistogramMinBucketFactor, 'nativeHistogramMinBucketFactor', { unit: 'a growth factor from one bucket to the next, e.g. 1.1; 0 for the finest resolution', min: 0 });
  if (factor !== undefined) {
    gate('nativeHistogramMinBucketFactor', { prometheus: '2.50', operator: '0.78' });
    // a Kubernetes quantity (an integer, or a string such as "1.1"): the CRD refuses a fractional JSON number
    out.nativeHistogramMinBucketFactor = Number.isInteger(factor) ? factor : String(factor);
  }
  const flags: Array<[keyof ScrapeJobOptions, Introduced]> = [
    ['scrapeNativeHistograms', { prometheus: '3.8', operator: '0.88' }],
    ['scrapeClassicHistograms', { prometheus: '2.45', operator: '0.78' }],
    ['convertClassicHistogramsToNHCB', { prometheus: '3.0', operator: '0.82' }],
  ];
  for (const [field, introduced] of flags) {
    const value = optionalBoolean(options[field], field);
    if (value === undefined) continue;
    gate(field, introduced);
    out[field] = value;
  }
  return out;
}

const BYTE_UNITS = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi'];

/**
 * Checks and renders `bodySizeLimit` (`10MiB`: the largest binary unit that divides the size exactly).
 * Throws without a path.
 * @internal
 */
export function renderBodySizeLimit(scope: IConstruct, value: unknown, operator: string): string | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Size) && !(typeof value === 'object' && value !== null && typeof (value as Size).toKibibytes === 'function')) {
    throw new ValidationError(`bodySizeLimit: must be a Size, e.g. Size.mebibytes(10); received ${quote(value)}`);
  }
  const bytes = (value as Size).toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024;
  if (!Number.isSafeInteger(bytes) || bytes < 0) {
    throw new ValidationError(`bodySizeLimit: must be a whole number of bytes, at least 0 (0 means no limit); received ${bytes} bytes`);
  }
  requireReleases(scope, 'bodySizeLimit', { operator });
  let amount = bytes;
  let unit = 0;
  while (amount !== 0 && amount % 1024 === 0 && unit < BYTE_UNITS.length - 1) {
    amount /= 1024;
    unit++;
  }
  return `${amount}${BYTE_UNITS[unit]}B`;
}

/**
 * Rendered job fields (`renderScrapeJob`) under the prop names of the generated CRD classes, whose
 * converters write the CRD names back: `convertClassicHistogramsToNhcb`, and the bucket factor as the
 * generated quantity class that `factor` builds.
 * @internal
 */
export function toGeneratedProps(job: Kube, factor: (value: number | string) => unknown): Kube {
  const { convertClassicHistogramsToNHCB, nativeHistogramMinBucketFactor, ...rest } = job;
  return {
    ...rest,
    convertClassicHistogramsToNhcb: convertClassicHistogramsToNHCB,
    nativeHistogramMinBucketFactor: nativeHistogramMinBucketFactor === undefined ? undefined : factor(nativeHistogramMinBucketFactor),
  };
}
