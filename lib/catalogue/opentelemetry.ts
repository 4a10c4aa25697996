import { quote, ValidationError } from '../core/errors';
import { optionalBoolean, optionalObject, optionalString, optionalStringList, requireObject, requireString } from '../core/untyped';
import { MetricDefinition, MetricType } from './metric';

// The names Prometheus gives the metrics and attributes it receives over OTLP, as Prometheus 3.5 writes
// them (storage/remote/otlptranslator with prometheus/otlptranslator 2025-05-27: MetricNamer.Build,
// NormalizeLabel, buildUnitSuffixes; config.OTLPConfig.TranslationStrategy). The catalogue of a service
// instrumented with OpenTelemetry is declared with the OpenTelemetry names and gets the Prometheus ones.

/**
 * How Prometheus names the metrics and labels it receives over OTLP: its `otlp.translation_strategy`.
 * @see https://prometheus.io/docs/guides/opentelemetry/
 */
export enum OtlpTranslationStrategy {
  /**
   * Prometheus' default: every character outside the legacy set becomes `_`, and unit and type suffixes are
   * added (`http.server.request.duration`, unit `s` → `http_server_request_duration_seconds`; a counter
   * gets `_total`). Works with every release.
   */
  UNDERSCORE_ESCAPING_WITH_SUFFIXES = 'UnderscoreEscapingWithSuffixes',
  /**
   * UTF-8 names kept, with the unit and type suffixes (`http.server.request.duration_seconds`). Prometheus 3
   * only (a chart targeting 2.x refuses the catalogue's names).
   */
  NO_UTF8_ESCAPING_WITH_SUFFIXES = 'NoUTF8EscapingWithSuffixes',
  /**
   * The OpenTelemetry names as they are (`http.server.request.duration`), without suffixes. Experimental in
   * Prometheus 3 (series of one name in two units collide). Prometheus 3 only.
   */
  NO_TRANSLATION = 'NoTranslation',
}

/**
 * The kind of an OpenTelemetry instrument (synchronous or asynchronous), as it decides the Prometheus type
 * and suffixes of the metric.
 * @see https://opentelemetry.io/docs/specs/otel/metrics/api/#instrument
 */
export enum OpenTelemetryInstrument {
  /** A Counter or an asynchronous Counter (a monotonic sum): a Prometheus counter, with `_total`. */
  COUNTER = 'counter',
  /** An UpDownCounter or an asynchronous UpDownCounter (a non-monotonic sum): a Prometheus gauge. */
  UP_DOWN_COUNTER = 'updowncounter',
  /** A Gauge or an asynchronous Gauge: a Prometheus gauge (with `_ratio` for the unit `1`). */
  GAUGE = 'gauge',
  /**
   * A Histogram: a classic Prometheus histogram (explicit bucket boundaries), or a native histogram
   * (exponential buckets; see `OpenTelemetryCatalogueOptions.nativeHistograms`).
   */
  HISTOGRAM = 'histogram',
}

/** A metric as an OpenTelemetry semantic convention (or the service's own instrumentation) declares it. */
export interface OpenTelemetryMetric {
  /** The OpenTelemetry metric name, e.g. `http.server.request.duration`. */
  readonly name: string;
  /** The kind of instrument that records it. */
  readonly instrument: OpenTelemetryInstrument;
  /**
   * The unit, in UCUM as OpenTelemetry writes it (`s`, `ms`, `By`, `1`, `{request}`): it gives the name its
   * unit suffix (`_seconds`, `_bytes`; none for an annotation in braces).
   * @default - no unit
   */
  readonly unit?: string;
  /**
   * The attributes the metric's points carry (`http.request.method`, `http.route`...), which become labels.
   * @default - not known: any label is accepted on this metric
   */
  readonly attributes?: string[];
  /**
   * The complete set of values of some attributes, when the convention fixes them (`http.request.method`).
   * Each key must be one of `attributes`.
   * @default - no attribute has a known set of values
   */
  readonly attributeValues?: { [attribute: string]: string[] };
  /**
   * The metric's description, kept as its help text.
   * @default - none
   */
  readonly description?: string;
}

/** Options of a catalogue of OpenTelemetry metrics (`MetricCatalogue.fromOpenTelemetry()`). */
export interface OpenTelemetryCatalogueOptions {
  /**
   * How the Prometheus that receives them names metrics and labels (its `otlp.translation_strategy`).
   * @default OtlpTranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES (Prometheus' default)
   */
  readonly translation?: OtlpTranslationStrategy;
  /**
   * Whether histograms reach Prometheus as native histograms: exponential histograms (an SDK's
   * `base2_exponential_bucket_histogram` aggregation), or explicit-bucket ones that Prometheus converts
   * (`otlp.convert_histograms_to_nhcb`). Otherwise they are classic histograms (`_bucket`, `_sum`, `_count`).
   * @default false
   */
  readonly nativeHistograms?: boolean;
  /**
   * Resource attributes Prometheus promotes to labels of every series (`otlp.promote_resource_attributes`),
   * e.g. `['service.namespace', 'deployment.environment.name']`. `service.name` and `service.instance.id`
   * always become `job` and `instance`.
   * @default []
   */
  readonly resourceAttributes?: string[];
}

/** OTLP units to Prometheus unit suffixes (otlptranslator's unitMap). */
const UNITS: { [unit: string]: string } = {
  d: 'days', h: 'hours', min: 'minutes', s: 'seconds', ms: 'milliseconds', us: 'microseconds', ns: 'nanoseconds',
  By: 'bytes', KiBy: 'kibibytes', MiBy: 'mebibytes', GiBy: 'gibibytes', TiBy: 'tibibytes', KBy: 'kilobytes', MBy: 'megabytes', GBy: 'gigabytes', TBy: 'terabytes',
  m: 'meters', V: 'volts', A: 'amperes', J: 'joules', W: 'watts', g: 'grams',
  Cel: 'celsius', Hz: 'hertz', '1': '', '%': 'percent',
};

/** The "per" part of a unit (`By/s`): otlptranslator's perUnitMap. */
const PER_UNITS: { [unit: string]: string } = { s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week', mo: 'month', y: 'year' };

const own = (map: { [k: string]: string }, key: string): string | undefined => (Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined);

/** The main and "per" unit suffixes of a UCUM unit, before any escaping (`By/s` → `bytes`, `per_second`). */
function unitSuffixes(unit: string): { main: string; per: string } {
  const slash = unit.indexOf('/');
  const [mainUnit, perUnit] = slash < 0 ? [unit, ''] : [unit.slice(0, slash), unit.slice(slash + 1)];
  let main = '';
  const m = mainUnit.trim();
  if (m !== '' && !/[{}]/.test(m)) main = own(UNITS, m) ?? m;
  let per = '';
  const p = perUnit.trim();
  if (p !== '' && !/[{}]/.test(p)) per = own(PER_UNITS, p) ?? p;
  return { main, per: per === '' ? '' : `per_${per}` };
}

/** A unit suffix made of legacy metric-name characters (otlptranslator's cleanUpUnit). */
function cleanUpUnit(unit: string): string {
  return unit.replace(/[^a-zA-Z0-9:]/g, '_').replace(/__+/g, '_').replace(/^_/, '');
}

/** A metric name as Prometheus 3.5 writes it for a strategy (otlptranslator's MetricNamer.Build). */
function metricName(metric: OpenTelemetryMetric, strategy: OtlpTranslationStrategy): string {
  const counter = metric.instrument === OpenTelemetryInstrument.COUNTER;
  const ratio = metric.unit === '1' && metric.instrument === OpenTelemetryInstrument.GAUGE;
  const unit = metric.unit ?? '';
  if (strategy === OtlpTranslationStrategy.NO_TRANSLATION) return metric.name;
  if (strategy === OtlpTranslationStrategy.NO_UTF8_ESCAPING_WITH_SUFFIXES) {
    // Prometheus 3.5 appends the suffixes as they are (later releases do not repeat one the name ends with)
    const { main, per } = unitSuffixes(unit);
    return `${metric.name}${main === '' ? '' : `_${main}`}${per === '' ? '' : `_${per}`}${counter ? '_total' : ''}${ratio ? '_ratio' : ''}`;
  }
  let tokens = metric.name.split(/[^a-zA-Z0-9:]+/).filter((t) => t !== '');
  const suffixes = unitSuffixes(unit);
  let main = cleanUpUnit(suffixes.main);
  let per = cleanUpUnit(suffixes.per);
  if (tokens.includes(main)) main = '';
  if (per === 'per_') {
    per = '';
  } else {
    per = per.replace(/_$/, '');
    if (tokens.includes(per)) per = '';
  }
  if (per !== '') main = main.replace(/_$/, '');
  if (main !== '') tokens.push(main);
  if (per !== '') tokens.push(per);
  if (counter) tokens = [...tokens.filter((t) => t !== 'total'), 'total'];
  if (ratio) tokens = [...tokens.filter((t) => t !== 'ratio'), 'ratio'];
  const name = tokens.join('_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** A label name as Prometheus 3.5 writes it for a strategy (otlptranslator's NormalizeLabel). */
function labelName(attribute: string, strategy: OtlpTranslationStrategy): string {
  if (strategy !== OtlpTranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES || attribute === '') return attribute;
  const label = [...attribute].map((c) => (/^[a-zA-Z0-9]$/.test(c) ? c : '_')).join('');
  if (/^[0-9]/.test(label)) return `key_${label}`;
  if (label.startsWith('_') && !label.startsWith('__')) return `key${label}`;
  return label;
}

/** The Prometheus unit of a metric definition (`seconds`, `bytes_per_second`), for its `unit`. */
function unitName(unit: string): string | undefined {
  const { main, per } = unitSuffixes(unit);
  const u = [cleanUpUnit(main), cleanUpUnit(per)].filter((p) => p !== '').join('_').replace(/^_|_$/g, '');
  return u === '' ? undefined : u;
}

/**
 * The metric definitions Prometheus makes of OpenTelemetry metrics, and the target labels of the promoted
 * resource attributes. Checks the shapes given without a type checker; names are checked by the catalogue.
 * @internal
 */
export function openTelemetryDefinitions(metrics: OpenTelemetryMetric[], options: OpenTelemetryCatalogueOptions): { metrics: MetricDefinition[]; targetLabels: string[] } {
  optionalObject(options, 'options', '{ translation: OtlpTranslationStrategy.NO_UTF8_ESCAPING_WITH_SUFFIXES }');
  const strategy = options.translation ?? OtlpTranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES;
  if (!Object.values(OtlpTranslationStrategy).includes(strategy)) {
    throw new ValidationError(`options.translation: must be an OtlpTranslationStrategy (${Object.values(OtlpTranslationStrategy).join(', ')}); received ${quote(strategy)}`);
  }
  optionalBoolean(options.nativeHistograms, 'options.nativeHistograms');
  optionalStringList(options.resourceAttributes, 'options.resourceAttributes', "['service.namespace']");
  const definitions = metrics.map((metric, i): MetricDefinition => {
    const field = `metrics[${i}]`;
    requireObject(metric, field, "{ name: 'http.server.request.duration', instrument: OpenTelemetryInstrument.HISTOGRAM, unit: 's' }");
    requireString(metric.name, `${field}.name`, "'http.server.request.duration'");
    if (!Object.values(OpenTelemetryInstrument).includes(metric.instrument)) {
      throw new ValidationError(`${field}.instrument: must be an OpenTelemetryInstrument (${Object.values(OpenTelemetryInstrument).join(', ')}); received ${quote(metric.instrument)}`);
    }
    optionalString(metric.unit, `${field}.unit`, "'s'");
    optionalStringList(metric.attributes, `${field}.attributes`, "['http.route']");
    optionalObject(metric.attributeValues, `${field}.attributeValues`, "{ 'http.request.method': ['GET', 'POST'] }");
    optionalString(metric.description, `${field}.description`, "'Duration of HTTP server requests.'");
    const values: { [label: string]: string[] } = {};
    for (const [attribute, list] of Object.entries(metric.attributeValues ?? {})) {
      optionalStringList(list, `${field}.attributeValues[${JSON.stringify(attribute)}]`, "['GET', 'POST']");
      if (metric.attributes !== undefined && !metric.attributes.includes(attribute)) {
        throw new ValidationError(`${field}.attributeValues: ${quote(attribute)} is not one of the metric's attributes ${quote(metric.attributes)}; add it to attributes`);
      }
      values[labelName(attribute, strategy)] = [...list];
    }
    const histogram = options.nativeHistograms ? MetricType.NATIVE_HISTOGRAM : MetricType.HISTOGRAM;
    const types: { [instrument: string]: MetricType } = { counter: MetricType.COUNTER, updowncounter: MetricType.GAUGE, gauge: MetricType.GAUGE, histogram };
    return {
      name: metricName(metric, strategy),
      type: types[metric.instrument],
      labels: metric.attributes?.map((a) => labelName(a, strategy)),
      labelValues: Object.keys(values).length > 0 ? values : undefined,
      unit: metric.unit === undefined ? undefined : unitName(metric.unit),
      help: metric.description,
    };
  });
  return { metrics: definitions, targetLabels: (options.resourceAttributes ?? []).map((a) => labelName(a, strategy)) };
}

/** The attributes of the HTTP server metrics (semantic conventions, `metric_attributes.http.server`). */
const HTTP_SERVER_ATTRIBUTES = [
  'http.request.method', 'url.scheme', 'error.type', 'http.response.status_code', 'http.route',
  'network.protocol.name', 'network.protocol.version', 'server.address', 'server.port', 'user_agent.synthetic.type',
];
const HTTP_METHODS = { 'http.request.method': ['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE', '_OTHER'] };

/**
 * The HTTP server metrics of the OpenTelemetry semantic conventions (model/http/metrics.yaml).
 * @see https://opentelemetry.io/docs/specs/semconv/http/http-metrics/
 * @internal
 */
export const HTTP_SERVER_METRICS: OpenTelemetryMetric[] = [
  { name: 'http.server.request.duration', instrument: OpenTelemetryInstrument.HISTOGRAM, unit: 's', attributes: HTTP_SERVER_ATTRIBUTES, attributeValues: HTTP_METHODS, description: 'Duration of HTTP server requests.' },
  {
    name: 'http.server.active_requests',
    instrument: OpenTelemetryInstrument.UP_DOWN_COUNTER,
    unit: '{request}',
    attributes: ['http.request.method', 'url.scheme', 'server.address', 'server.port'],
    attributeValues: HTTP_METHODS,
    description: 'Number of active HTTP server requests.',
  },
  { name: 'http.server.request.body.size', instrument: OpenTelemetryInstrument.HISTOGRAM, unit: 'By', attributes: HTTP_SERVER_ATTRIBUTES, attributeValues: HTTP_METHODS, description: 'Size of HTTP server request bodies.' },
  { name: 'http.server.response.body.size', instrument: OpenTelemetryInstrument.HISTOGRAM, unit: 'By', attributes: HTTP_SERVER_ATTRIBUTES, attributeValues: HTTP_METHODS, description: 'Size of HTTP server response bodies.' },
];
