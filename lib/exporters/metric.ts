/**
 * The type of a Prometheus metric, as in the exposition format's `# TYPE` line. Closed wire vocabulary.
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/#comments-help-text-and-type-information
 */
export enum MetricType {
  /** A value that only goes up (and resets to zero on restart). */
  COUNTER = 'counter',
  /** A value that goes up and down. */
  GAUGE = 'gauge',
  /** Observations counted in buckets (`_bucket`, `_sum`, `_count` series). */
  HISTOGRAM = 'histogram',
  /** Observations with client-side quantiles. */
  SUMMARY = 'summary',
  /** A value whose type the exporter does not declare. */
  UNTYPED = 'untyped',
}

/**
 * A metric that an exporter provides: what the metric catalogue (and the query lint) knows about it.
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
