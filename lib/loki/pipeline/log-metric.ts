// The `metrics` stage: the metrics it derives from entries (`LogMetric`) and its options.

import { Duration } from 'cdk8s';
import { PrometheusDuration, quote, Validate, ValidationError } from '../../core';
import { checkValues, deferBuild } from '../../core/problems';
import { optionalBoolean, optionalString, requireArray, requireObject, requireString } from '../../core/untyped';
import { checkFieldName } from './checks';

/** The type of a metric of the `metrics` stage. */
export enum LogMetricType {
  /** A counter. */
  COUNTER = 'counter',
  /** A gauge. */
  GAUGE = 'gauge',
  /** A histogram. */
  HISTOGRAM = 'histogram',
}

/** How a counter or gauge of the `metrics` stage changes for each matching entry. */
export enum LogMetricAction {
  /** Add one (counter, gauge). */
  INC = 'inc',
  /** Add the extracted value (counter, gauge). */
  ADD = 'add',
  /** Set to the extracted value (gauge). */
  SET = 'set',
  /** Subtract one (gauge). */
  DEC = 'dec',
  /** Subtract the extracted value (gauge). */
  SUB = 'sub',
}

/** Options common to every metric of the `metrics` stage. */
export interface LogMetricOptions {
  /** Metric name, without the prefix. */
  readonly name: string;
  /** Help text of the metric. Maps to `description`. */
  readonly description: string;
  /**
   * Extracted field the metric reads. Maps to `source`.
   * @default - the metric name
   */
  readonly source?: string;
  /**
   * Prefix of the exposed metric name. Maps to `prefix`.
   * @default "promtail_custom_" (Promtail), "loki_process_custom_" (Alloy)
   */
  readonly prefix?: string;
  /**
   * Remove series not updated for this long. Maps to `max_idle_duration`.
   * @default Duration.minutes(5)
   */
  readonly maxIdle?: Duration;
}

/** Options of a counter of the `metrics` stage. */
export interface LogCounterOptions extends LogMetricOptions {
  /**
   * Count only entries whose source equals this value. Maps to `config.value`.
   * @default - every entry where the source exists
   */
  readonly value?: string;
  /**
   * `INC` or `ADD`. Maps to `config.action`.
   * @default LogMetricAction.INC
   */
  readonly action?: LogMetricAction;
  /**
   * Count every entry, whether or not the source exists (no `source`, `value`). Maps to `config.match_all`.
   * @default false
   */
  readonly matchAll?: boolean;
  /**
   * With `matchAll` and `ADD`, add the line's size in bytes. Maps to `config.count_entry_bytes`.
   * @default false
   */
  readonly countEntryBytes?: boolean;
}

/** Options of a gauge of the `metrics` stage. */
export interface LogGaugeOptions extends LogMetricOptions {
  /** How the gauge changes. Maps to `config.action`. */
  readonly action: LogMetricAction;
  /**
   * Change only for entries whose source equals this value. Maps to `config.value`.
   * @default - every entry where the source exists
   */
  readonly value?: string;
}

/** Options of a histogram of the `metrics` stage. */
export interface LogHistogramOptions extends LogMetricOptions {
  /** Upper bounds of the buckets, strictly increasing. Maps to `config.buckets`. */
  readonly buckets: number[];
  /**
   * Observe only entries whose source equals this value. Maps to `config.value`.
   * @default - every entry where the source exists
   */
  readonly value?: string;
}

/**
 * A metric derived from log entries by the `metrics` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/metrics/
 *
 * @example
 * LogMetric.counter({ name: 'http_errors_total', description: 'HTTP 5xx', source: 'status_class', value: '5xx' })
 */
export class LogMetric {
  /** A counter. */
  public static counter(options: LogCounterOptions): LogMetric {
    return deferBuild(() => LogMetric.checkedCounter(options), () => LogMetric.unchecked(LogMetricType.COUNTER, options));
  }

  /** A gauge. */
  public static gauge(options: LogGaugeOptions): LogMetric {
    return deferBuild(
      () => {
        LogMetric.checkCommon('gauge', options);
        return new LogMetric(LogMetricType.GAUGE, options, options.action, options.value, undefined, undefined, undefined);
      },
      () => LogMetric.unchecked(LogMetricType.GAUGE, options));
  }

  /** A histogram. */
  public static histogram(options: LogHistogramOptions): LogMetric {
    return deferBuild(() => LogMetric.checkedHistogram(options), () => LogMetric.unchecked(LogMetricType.HISTOGRAM, options));
  }

  // An invalid metric, kept for the stage or construct that uses it to report (see lib/core/problems.ts).
  private static unchecked(type: LogMetricType, options: LogMetricOptions): LogMetric {
    const metric: { -readonly [K in keyof LogMetric]: LogMetric[K] } = Object.create(LogMetric.prototype);
    metric.type = type;
    metric.name = options?.name;
    metric.description = options?.description;
    metric.prefix = options?.prefix;
    return metric;
  }

  /** The checks of the options every metric type has. */
  private static checkCommon(type: string, options: LogMetricOptions & { value?: string }): void {
    requireObject(options, `LogMetric.${type} options`, "{ name: 'lines_total', description: 'Lines' }");
    requireString(options.name, `LogMetric.${type} name`, "'http_errors_total'");
    requireString(options.description, `LogMetric.${type} "${options.name}" description`, "'HTTP 5xx'");
    optionalString(options.source, `LogMetric.${type} "${options.name}" source`, "'status'");
    optionalString(options.prefix, `LogMetric.${type} "${options.name}" prefix`, "'promtail_custom_'");
    optionalString(options.value, `LogMetric.${type} "${options.name}" value`, "'5xx'");
  }

  private static checkedCounter(options: LogCounterOptions): LogMetric {
    LogMetric.checkCommon('counter', options);
    optionalBoolean(options.matchAll, `LogMetric.counter "${options.name}" matchAll`);
    optionalBoolean(options.countEntryBytes, `LogMetric.counter "${options.name}" countEntryBytes`);
    const action = options.action ?? LogMetricAction.INC;
    if (action !== LogMetricAction.INC && action !== LogMetricAction.ADD) {
      throw new ValidationError(`LogMetric.counter "${options.name}" action: a counter only supports INC or ADD; received ${quote(action)}`);
    }
    if (options.matchAll && (options.value !== undefined || options.source !== undefined)) {
      throw new ValidationError(`LogMetric.counter "${options.name}" matchAll: counts every entry, so source and value must not be set`);
    }
    if (options.countEntryBytes && !(options.matchAll && action === LogMetricAction.ADD)) {
      throw new ValidationError(`LogMetric.counter "${options.name}" countEntryBytes: requires matchAll: true and action ADD`);
    }
    return new LogMetric(LogMetricType.COUNTER, options, options.action, options.value, options.matchAll, options.countEntryBytes, undefined);
  }

  private static checkedHistogram(options: LogHistogramOptions): LogMetric {
    LogMetric.checkCommon('histogram', options);
    const b = requireArray(options.buckets, `LogMetric.histogram "${options.name}" buckets`, '[0.1, 0.5, 1]');
    if (b.length === 0 || b.some((x, i) => !Number.isFinite(x) || (i > 0 && x <= b[i - 1]))) {
      throw new ValidationError(`LogMetric.histogram "${options.name}" buckets: must be a non-empty, strictly increasing list of finite numbers; received ${quote(b)}`);
    }
    return new LogMetric(LogMetricType.HISTOGRAM, options, undefined, options.value, undefined, undefined, [...b]);
  }

  /** The metric type. */
  public readonly type: LogMetricType;
  /** The metric name, without prefix. */
  public readonly name: string;
  /** The help text. */
  public readonly description: string;
  /** The extracted field read; undefined means the metric name. */
  public readonly source?: string;
  /** The prefix; undefined means the agent's default. */
  public readonly prefix?: string;
  /** The idle time after which series are removed; undefined means the agent's default. */
  public readonly maxIdle?: Duration;
  /** The action (counters and gauges). */
  public readonly action?: LogMetricAction;
  /** The value condition. */
  public readonly value?: string;
  /** Counter: count every entry. */
  public readonly matchAll?: boolean;
  /** Counter: add line sizes. */
  public readonly countEntryBytes?: boolean;
  /** Histogram: bucket upper bounds. */
  public readonly buckets?: number[];

  private constructor(
    type: LogMetricType, options: LogMetricOptions, action: LogMetricAction | undefined, value: string | undefined,
    matchAll: boolean | undefined, countEntryBytes: boolean | undefined, buckets: number[] | undefined,
  ) {
    Validate.metricName(options.name, `LogMetric.${type} name`);
    if (options.prefix !== undefined && options.prefix !== '') Validate.metricName(options.prefix, `LogMetric.${type} "${options.name}" prefix`);
    if (options.description.trim() === '') throw new ValidationError(`LogMetric.${type} "${options.name}" description: must not be empty (it becomes the metric's HELP)`);
    if (options.source !== undefined) checkFieldName(options.source, `LogMetric.${type} "${options.name}" source`);
    if (options.maxIdle !== undefined && PrometheusDuration.millis(options.maxIdle) < 1000) {
      throw new ValidationError(`LogMetric.${type} "${options.name}" maxIdle: must be at least 1s; received ${PrometheusDuration.format(options.maxIdle)}`);
    }
    this.type = type;
    this.name = options.name;
    this.description = options.description;
    this.source = options.source;
    this.prefix = options.prefix;
    this.maxIdle = options.maxIdle;
    this.action = action;
    this.value = value;
    this.matchAll = matchAll;
    this.countEntryBytes = countEntryBytes;
    this.buckets = buckets;
  }
}

/** Options of the `metrics` stage. */
export interface MetricsStageOptions {
  /** The metrics to derive (names unique within the stage). Maps to `metrics`. */
  readonly metrics: LogMetric[];
}

/**
 * Checks the options of `Stage.metrics` and returns the `metrics` of its definition.
 * @internal
 */
export function checkedMetrics(options: MetricsStageOptions): MetricsStageOptions {
  requireObject(options, 'Stage.metrics options', '{ metrics: [LogMetric.counter(...)] }');
  requireArray(options.metrics, 'Stage.metrics metrics', '[LogMetric.counter(...)]').forEach((m, i) => {
    if (!(m instanceof LogMetric)) throw new ValidationError(`Stage.metrics metrics[${i}]: must be a LogMetric, e.g. LogMetric.counter(...); received ${quote(m)}`);
  });
  if (options.metrics.length === 0) throw new ValidationError('Stage.metrics metrics: must define at least one metric');
  checkValues(undefined, 'Stage.metrics metrics', options.metrics);
  const seen = new Set<string>();
  for (const m of options.metrics) {
    const full = `${m.prefix ?? ''}${m.name}`;
    if (seen.has(full)) throw new ValidationError(`Stage.metrics metrics: duplicate metric ${quote(m.name)}`);
    seen.add(full);
  }
  return { metrics: [...options.metrics] };
}
