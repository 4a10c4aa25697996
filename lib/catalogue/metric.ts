import { quote, ValidationError } from '../core/errors';
import { PrometheusVersion } from '../core/target-versions';
import { Validate } from '../core/validate';

// The vocabulary the library declares metrics in: the catalogues (`MetricDefinition`), and the constructs
// that export metrics (the exporters' `metrics: ExportedMetric[]`), which the query lint reads. Declared
// here, in the catalogue, so that lib/exporters imports it and the catalogue imports nothing of theirs.

/**
 * The type of a Prometheus metric, as in the exposition format's `# TYPE` line. Closed wire vocabulary.
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/#comments-help-text-and-type-information
 */
export enum MetricType {
  /** A value that only goes up (and resets to zero on restart). */
  COUNTER = 'counter',
  /** A value that goes up and down. */
  GAUGE = 'gauge',
  /** Observations counted in buckets (`_bucket`, `_sum`, `_count` series): a classic histogram. */
  HISTOGRAM = 'histogram',
  /**
   * A native histogram: one series of histogram samples (no `_bucket`, `_sum` or `_count` series, no `le`
   * label), read with `histogram_quantile()`, `histogram_fraction()`, `histogram_count()`... over its rate.
   * Exposed as a histogram over protobuf (or written over OTLP as an exponential histogram); Prometheus
   * stores it this way when its native histogram support is on. Declare the classic `HISTOGRAM` as well
   * when Prometheus scrapes both.
   * @see https://prometheus.io/docs/specs/native_histograms/
   */
  NATIVE_HISTOGRAM = 'nativehistogram',
  /** Observations with client-side quantiles. */
  SUMMARY = 'summary',
  /** A value whose type the exporter does not declare. */
  UNTYPED = 'untyped',
}

/**
 * A metric that a construct exports (an exporter's `metrics`): what the query lint knows about it. Its
 * labels are closed: the lint reads it as a `MetricDefinition` whose `labels` default to none.
 */
export interface ExportedMetric {
  /** The metric name, e.g. `pg_up`. */
  readonly name: string;
  /** The metric type. */
  readonly type: MetricType;
  /** The help text. */
  readonly help: string;
  /**
   * The labels the exporter sets (beyond the target labels `job`, `instance`... that Prometheus adds).
   * @default []
   */
  readonly labels?: string[];
}

/** A metric that a service or an exporter exports, as declared in a `MetricCatalogue`. */
export interface MetricDefinition {
  /**
   * The metric name as the client library declares it: for a histogram or a summary, the base name
   * without `_bucket`, `_sum` or `_count`. A UTF-8 name (`http.server.request.duration`) is for charts
   * that target Prometheus 3 (`targetVersions`): the lint the catalogue is given to refuses it otherwise.
   */
  readonly name: string;
  /** The metric type. */
  readonly type: MetricType;
  /**
   * The labels the metric's own code sets (not the target labels `job`, `instance`... that scraping adds).
   * For a histogram, `le` is implied; for a summary, `quantile`; a native histogram has neither.
   * @default - the labels are not known: any label is accepted on this metric
   */
  readonly labels?: string[];
  /**
   * The complete set of values of some labels, when it is known (`status: ['success', 'failure']`): a
   * matcher that cannot match any of them is reported. Each key must be one of `labels`.
   * @default - no label has a known set of values
   */
  readonly labelValues?: { [label: string]: string[] };
  /**
   * The unit, as in the exposition format's `# UNIT` (`seconds`, `bytes`, `ratio`...).
   * @default - none
   */
  readonly unit?: string;
  /**
   * The help text (`# HELP`).
   * @default - none
   */
  readonly help?: string;
  /**
   * Why the metric is declared although nothing scraped exports it yet (a bridge or a service still to
   * be deployed). Queries over it pass the lint, but never silently: each one is kept as an accepted
   * `unknown-metric` finding with this reason, in the lint report and in the
   * `lint.cdk8s-observability/skip` annotation of the object holding the query.
   * @default - the metric is exported
   */
  readonly assumed?: string;
}

/** How a series may be read. @internal */
export enum SeriesKind {
  /** A counter: only through rate/increase. */
  COUNTER = 'counter',
  /** A gauge. */
  GAUGE = 'gauge',
  /** A histogram `_bucket` series: a counter with `le`. */
  BUCKET = 'bucket',
  /** A native histogram: cumulative histogram samples, read through rate/increase. */
  NATIVE_HISTOGRAM = 'native-histogram',
}

/** One series name that a metric definition implies, with what the lint needs to know about it. @internal */
export interface SeriesInfo {
  /** The series name (`x_bucket`). */
  readonly name: string;
  /** How it may be read; undefined for an untyped metric. */
  readonly kind?: SeriesKind;
  /** The definition it comes from. */
  readonly metric: MetricDefinition;
  /** Where the definition comes from (the catalogue name). */
  readonly catalogue: string;
  /** Its own labels; undefined when not known (any label accepted). */
  readonly labels?: string[];
  /** Known label values. */
  readonly labelValues: { [label: string]: string[] };
}

/**
 * Checks a metric definition and returns the series names it implies. Names are checked as Prometheus 3
 * checks them (UTF-8 ones included); the lint the catalogue is given to checks them against its chart's
 * target release.
 * @internal
 */
export function seriesOf(metric: MetricDefinition, catalogue: string): SeriesInfo[] {
  const field = `metric ${quote(metric.name)}`;
  Validate.metricName(metric.name, field, PrometheusVersion.V3_5);
  if (!Object.values(MetricType).includes(metric.type)) {
    throw new ValidationError(`${field}: type must be a MetricType (${Object.values(MetricType).join(', ')}); received ${quote(metric.type)}`);
  }
  const labels = metric.labels === undefined ? undefined : [...metric.labels];
  for (const label of labels ?? []) Validate.labelName(label, `${field} label`, PrometheusVersion.V3_5);
  const labelValues = { ...(metric.labelValues ?? {}) };
  for (const label of Object.keys(labelValues)) {
    if (labels !== undefined && !labels.includes(label)) {
      throw new ValidationError(`${field} labelValues: ${quote(label)} is not one of the metric's labels ${quote(labels)}; add it to labels`);
    }
  }
  const info = (name: string, kind: SeriesKind | undefined, extra?: string): SeriesInfo => ({
    name,
    kind,
    metric,
    catalogue,
    labels: labels === undefined ? undefined : extra ? [...labels, extra] : labels,
    labelValues,
  });
  switch (metric.type) {
    case MetricType.COUNTER:
      return [info(metric.name, SeriesKind.COUNTER)];
    case MetricType.GAUGE:
      return [info(metric.name, SeriesKind.GAUGE)];
    case MetricType.HISTOGRAM:
      if (labels?.includes('le')) throw new ValidationError(`${field} labels: "le" is implied by a histogram's _bucket series; remove it`);
      return [info(`${metric.name}_bucket`, SeriesKind.BUCKET, 'le'), info(`${metric.name}_sum`, SeriesKind.COUNTER), info(`${metric.name}_count`, SeriesKind.COUNTER)];
    case MetricType.NATIVE_HISTOGRAM:
      if (labels?.includes('le')) throw new ValidationError(`${field} labels: a native histogram has no "le" label (its buckets are inside each sample); remove it`);
      return [info(metric.name, SeriesKind.NATIVE_HISTOGRAM)];
    case MetricType.UNTYPED:
      return [info(metric.name, undefined)];
    case MetricType.SUMMARY:
      if (labels?.includes('quantile')) throw new ValidationError(`${field} labels: "quantile" is implied by a summary; remove it`);
      return [info(metric.name, SeriesKind.GAUGE, 'quantile'), info(`${metric.name}_sum`, SeriesKind.COUNTER), info(`${metric.name}_count`, SeriesKind.COUNTER)];
  }
  return [];
}
