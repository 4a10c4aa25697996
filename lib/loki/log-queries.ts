import { Duration } from 'cdk8s';
import { LogQL, PrometheusDuration, quote, Re2Regex, Validate, ValidationError } from '../core';
import { checkNumber, optionalDuration, optionalString, requireObject, requireStringList, requireStringMap } from '../core/untyped';

/** The format of log lines, which decides the LogQL parser stage (`| json`, `| logfmt`). */
export enum LogLineFormat {
  /** JSON lines: `| json`. */
  JSON = 'json',
  /** logfmt lines: `| logfmt`. */
  LOGFMT = 'logfmt',
}

/** How a parsed duration field is written in the log line. */
export enum LogDurationUnit {
  /** A number of milliseconds (`"duration_ms": 45`). */
  MILLISECONDS = 'ms',
  /** A number of seconds (`"duration": 0.045`). */
  SECONDS = 's',
  /** A Go duration string (`"took": "45ms"`), compared and unwrapped with LogQL's `duration()`. */
  GO_DURATION = 'go',
}

/** Options shared by the query helpers. */
export interface LogQueryOptions {
  /**
   * The stream selector, with optional line filters (`{namespace="erp"}`); build it with `LogQueries.selector()`.
   */
  readonly selector: string;
  /**
   * Range of the range aggregation.
   * @default - `$__auto`, Grafana's interval for Loki (the query is then a dashboard query)
   */
  readonly window?: Duration;
}

/** Options of `LogQueries.errorRate` and `errorRatio`. */
export interface ErrorRateQueryOptions extends LogQueryOptions {
  /**
   * Parser of the lines; with it, errors are lines whose `levelField` matches `errorLevels`. Without it,
   * errors are lines matching `errorLineRegex`.
   * @default - a line filter
   */
  readonly format?: LogLineFormat;
  /**
   * Parsed field holding the level.
   * @default "level"
   */
  readonly levelField?: string;
  /**
   * RE2 regex of the error levels (fully matched by LogQL's `=~`).
   * @default "(?i)(error|critical|fatal)"
   */
  readonly errorLevels?: string;
  /**
   * RE2 regex of an error line, for unparsed lines.
   * @default "(?i)error"
   */
  readonly errorLineRegex?: string;
  /**
   * Labels the result is grouped by.
   * @default ["app"]
   */
  readonly by?: string[];
}

/** Options of `LogQueries.topErrorMessages`. */
export interface TopErrorMessagesQueryOptions extends LogQueryOptions {
  /** Parser of the lines. */
  readonly format: LogLineFormat;
  /**
   * Parsed field holding the message.
   * @default "message"
   */
  readonly messageField?: string;
  /**
   * Parsed field holding the level.
   * @default "level"
   */
  readonly levelField?: string;
  /**
   * RE2 regex of the error levels.
   * @default "(?i)(error|critical|fatal)"
   */
  readonly errorLevels?: string;
  /**
   * How many messages: a count, an integer of at least 1 (the `k` of LogQL's `topk`).
   * @default 10
   */
  readonly limit?: number;
}

/** Options of `LogQueries.slowRequests` and `requestLatencyQuantile`. */
export interface SlowRequestsQueryOptions extends LogQueryOptions {
  /** Parser of the lines. */
  readonly format: LogLineFormat;
  /** Parsed field holding the request duration (`duration_ms`). */
  readonly durationField: string;
  /**
   * How the field is written.
   * @default LogDurationUnit.MILLISECONDS
   */
  readonly unit?: LogDurationUnit;
  /**
   * Requests slower than this are slow (`slowRequests`). Ignored by `requestLatencyQuantile`.
   * @default - none: `slowRequests` requires it
   */
  readonly threshold?: Duration;
  /**
   * Quantile for `requestLatencyQuantile`: a ratio strictly between 0 and 1 (0.99, not 99: LogQL's
   * `quantile_over_time` reads a fraction).
   * @default 0.99
   */
  readonly quantile?: number;
  /**
   * Labels the quantile is grouped by (`requestLatencyQuantile`).
   * @default ["app"]
   */
  readonly by?: string[];
}

const DEFAULT_ERROR_LEVELS = '(?i)(error|critical|fatal)';

/**
 * LogQL for common log questions (error rate by app, top error messages, slow requests), each parsed with
 * the LogQL grammar before it is returned; dashboards and Loki rules reuse them. With no `window`, the
 * range is Grafana's `$__auto` and the query is checked as a dashboard query.
 *
 * @example
 * LogQueries.errorRate({ selector: LogQueries.selector({ namespace: 'erp' }), format: LogLineFormat.JSON, window: Duration.minutes(5) })
 * // sum by (app) (rate({namespace="erp"} | json | level=~"(?i)(error|critical|fatal)" [5m]))
 */
export class LogQueries {
  /**
   * A stream selector with equality matchers, label values escaped: `{app="api", namespace="erp"}` (sorted).
   */
  public static selector(labels: { [label: string]: string }): string {
    requireStringMap(labels, 'LogQueries.selector labels');
    const names = Object.keys(labels).sort();
    if (names.length === 0) throw new ValidationError('LogQueries.selector: a stream selector needs at least one label matcher');
    names.forEach((n) => Validate.labelName(n, 'LogQueries.selector label'));
    if (names.every((n) => labels[n] === '')) throw new ValidationError('LogQueries.selector: at least one matcher must have a non-empty value (Loki rejects selectors that match every stream)');
    const text = `{${names.map((n) => `${n}=${JSON.stringify(labels[n])}`).join(', ')}}`;
    LogQL.parse(text);
    return text;
  }

  /** Error lines per second, grouped by `by` (default `app`). */
  public static errorRate(options: ErrorRateQueryOptions): string {
    checkOptions(options, 'LogQueries.errorRate');
    const by = groupBy(options.by ?? ['app'], 'LogQueries.errorRate by');
    return check(`sum by (${by}) (rate(${errorLines(options, 'LogQueries.errorRate')} [${range(options.window)}]))`, options.window);
  }

  /** The share (0-1) of lines that are errors, grouped by `by` (default `app`). */
  public static errorRatio(options: ErrorRateQueryOptions): string {
    checkOptions(options, 'LogQueries.errorRatio');
    const by = groupBy(options.by ?? ['app'], 'LogQueries.errorRatio by');
    const r = range(options.window);
    const all = checkSelector(options.selector, 'LogQueries.errorRatio selector');
    return check(
      `sum by (${by}) (rate(${errorLines(options, 'LogQueries.errorRatio')} [${r}])) / sum by (${by}) (rate(${all} [${r}]))`,
      options.window,
    );
  }

  /** The most frequent error messages over the window, with their counts. */
  public static topErrorMessages(options: TopErrorMessagesQueryOptions): string {
    checkOptions(options, 'LogQueries.topErrorMessages');
    if (options.format === undefined) throw new ValidationError('LogQueries.topErrorMessages format: must be a LogLineFormat, LogLineFormat.JSON or LogLineFormat.LOGFMT; received undefined');
    const limit = checkNumber(options.limit, 'LogQueries.topErrorMessages limit', { unit: 'messages', integer: true, min: 1 }) ?? 10;
    const message = fieldName(options.messageField ?? 'message', 'LogQueries.topErrorMessages messageField');
    const lines = errorLines({ ...options, format: options.format }, 'LogQueries.topErrorMessages');
    return check(`topk(${limit}, sum by (${message}) (count_over_time(${lines} [${range(options.window)}])))`, options.window);
  }

  /** The log lines of requests slower than `threshold` (a log query, for a logs panel). */
  public static slowRequests(options: SlowRequestsQueryOptions): string {
    checkOptions(options, 'LogQueries.slowRequests');
    if (options.threshold === undefined) throw new ValidationError('LogQueries.slowRequests threshold: give the duration above which a request is slow');
    optionalDuration(options.threshold, 'LogQueries.slowRequests threshold');
    const field = fieldName(options.durationField, 'LogQueries.slowRequests durationField');
    const selector = checkSelector(options.selector, 'LogQueries.slowRequests selector');
    const ms = PrometheusDuration.millis(options.threshold);
    if (ms <= 0) throw new ValidationError(`LogQueries.slowRequests threshold: must be positive; received ${PrometheusDuration.format(options.threshold)}`);
    const unit = options.unit ?? LogDurationUnit.MILLISECONDS;
    const value = unit === LogDurationUnit.MILLISECONDS ? `${ms}` : unit === LogDurationUnit.SECONDS ? `${ms / 1000}` : PrometheusDuration.format(options.threshold);
    const text = `${selector} | ${options.format} | ${field} > ${value}`;
    LogQL.parse(text);
    return text;
  }

  /** A quantile of the request duration parsed from the lines, grouped by `by` (default `app`). */
  public static requestLatencyQuantile(options: SlowRequestsQueryOptions): string {
    checkOptions(options, 'LogQueries.requestLatencyQuantile');
    const q = checkNumber(options.quantile, 'LogQueries.requestLatencyQuantile quantile', {
      unit: 'a ratio', min: 0, above: true, max: 1, below: true,
      // a percentile given as a percent (99 for the 99th percentile)
      didYouMean: (n) => (n > 1 && n < 100 ? `${n / 100} (the ${n}th percentile as a ratio)` : undefined),
    }) ?? 0.99;
    const field = fieldName(options.durationField, 'LogQueries.requestLatencyQuantile durationField');
    const selector = checkSelector(options.selector, 'LogQueries.requestLatencyQuantile selector');
    const by = groupBy(options.by ?? ['app'], 'LogQueries.requestLatencyQuantile by');
    const unwrap = (options.unit ?? LogDurationUnit.MILLISECONDS) === LogDurationUnit.GO_DURATION ? `duration(${field})` : field;
    // The error filter goes after the unwrap: Loki sets __error__ on a value it cannot convert while unwrapping
    // (after every stage before it) and fails the whole evaluation on it, unless a post-filter drops it. The
    // post-filter also drops the lines the parser could not read.
    return check(
      `quantile_over_time(${q}, ${selector} | ${options.format} | unwrap ${unwrap} | __error__="" [${range(options.window)}]) by (${by})`,
      options.window,
    );
  }

  private constructor() {}
}

/** The types of the options every helper reads (for plain JavaScript callers). */
function checkOptions(options: ErrorRateQueryOptions | TopErrorMessagesQueryOptions | SlowRequestsQueryOptions, what: string): void {
  requireObject(options, `${what} options`, '{ selector: \'{namespace="erp"}\' }');
  optionalDuration(options.window, `${what} window`);
  const o = options as ErrorRateQueryOptions & TopErrorMessagesQueryOptions & SlowRequestsQueryOptions;
  if (o.format !== undefined && !Object.values(LogLineFormat).includes(o.format)) {
    throw new ValidationError(`${what} format: must be a LogLineFormat, LogLineFormat.JSON or LogLineFormat.LOGFMT; received ${quote(o.format)}`);
  }
  if (o.unit !== undefined && !Object.values(LogDurationUnit).includes(o.unit)) {
    throw new ValidationError(`${what} unit: must be a LogDurationUnit, e.g. LogDurationUnit.MILLISECONDS; received ${quote(o.unit)}`);
  }
  if (o.by !== undefined) requireStringList(o.by, `${what} by`, "['app']");
  for (const f of ['levelField', 'errorLevels', 'errorLineRegex', 'messageField'] as const) optionalString(o[f], `${what} ${f}`, "'level'");
}

function range(window: Duration | undefined): string {
  if (window === undefined) return '$__auto';
  if (PrometheusDuration.millis(window) <= 0) throw new ValidationError(`window: must be positive; received ${PrometheusDuration.format(window)}`);
  return PrometheusDuration.format(window);
}

function check(text: string, window: Duration | undefined): string {
  if (window === undefined) LogQL.parseDashboardQuery(text);
  else LogQL.parse(text);
  return text;
}

function checkSelector(selector: string, field: string): string {
  if (typeof selector !== 'string') throw new ValidationError(`${field}: must be a string, a LogQL stream selector such as '{namespace="erp"}' (LogQueries.selector() builds one); received ${quote(selector)}`);
  const query = ValidationError.inField(field, () => LogQL.parse(selector));
  if (query._tree.topNode.firstChild?.firstChild?.name !== 'LogExpr') {
    throw new ValidationError(`${field}: must be a stream selector (optionally with filters), not a metric query; received ${quote(selector)}`);
  }
  return selector;
}

function fieldName(name: string, field: string): string {
  return Validate.labelName(name, field);
}

function groupBy(labels: string[], field: string): string {
  if (labels.length === 0) throw new ValidationError(`${field}: give at least one label to group by`);
  labels.forEach((l) => Validate.labelName(l, field));
  return labels.join(', ');
}

function errorLines(options: ErrorRateQueryOptions, what: string): string {
  const selector = checkSelector(options.selector, `${what} selector`);
  if (options.format === undefined) {
    const regex = Re2Regex.of(options.errorLineRegex ?? '(?i)error', `${what} errorLineRegex`);
    return `${selector} |~ ${JSON.stringify(regex.pattern)}`;
  }
  const level = fieldName(options.levelField ?? 'level', `${what} levelField`);
  const levels = Re2Regex.of(options.errorLevels ?? DEFAULT_ERROR_LEVELS, `${what} errorLevels`);
  return `${selector} | ${options.format} | ${level}=~${JSON.stringify(levels.pattern)}`;
}
