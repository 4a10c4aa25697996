/**
 * The agent-independent log pipeline model: stages as immutable value types, grouped into `LogPipeline`s.
 *
 * How a renderer consumes stages (Promtail in `promtail-config.ts`, Alloy in `alloy/`):
 * - Every `Stage` has a `kind` (`StageKind`, the closed vocabulary of stage types) and a `definition`
 *   (`StageDefinition`), in which exactly the field named like the kind is set (`definition.json` for
 *   `StageKind.JSON`, `definition.structuredMetadata` for `StageKind.STRUCTURED_METADATA`...). The options
 *   there are what the user gave, already validated (regexes by RE2, selectors by the LogQL grammar, label
 *   names by Prometheus' rules); `undefined` means "the agent's default", so renderers omit the field.
 * - Renderers `switch (stage.kind)` over every member of `StageKind` and read only that field; a renderer
 *   that cannot express an option throws a `ValidationError` that names the stage and the option.
 * - Time values are cdk8s `Duration`s: render them with `PrometheusDuration.format()`. Regexes are strings
 *   already checked by `Re2Regex.of()`. `match` stages carry nested `Stage`s: render them recursively.
 * - `LogPipeline.toStages()` gives the stages to render for a pipeline: its own stages, or, when the
 *   pipeline has a selector, one `match` stage (named after the pipeline) wrapping them.
 * - The cardinality guard and the structural checks run when a `LogPipeline` is built, so renderers never
 *   see a pipeline that turns an unbounded value into a label without an explicit, reasoned exception.
 *
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/
 * @see https://grafana.com/docs/alloy/latest/reference/components/loki/loki.process/
 */
import { Duration } from 'cdk8s';
import { LogQL, PrometheusDuration, quote, Re2Regex, Validate, ValidationError } from '../core';
import { ALLOY_TEMPLATE_FUNCTIONS, goTemplateError, PROMTAIL_TEMPLATE_FUNCTIONS } from '../core/go-template';
import { checkValue, checkValues, deferBuild, deferProblem, raiseProblem } from '../core/problems';
import { checkNumber, NumberRule, optionalBoolean, optionalString, optionalStringList, requireArray, requireNumber, requireObject, requireString, requireStringList, requireStringMap } from '../core/untyped';

/** The type of a pipeline stage: the closed set of stages this library models (wire names of Promtail). */
export enum StageKind {
  /** Parses the CRI log format (containerd, CRI-O): `<time> <stream> <flags> <line>`. */
  CRI = 'cri',
  /** Parses the Docker JSON log format. */
  DOCKER = 'docker',
  /** Extracts fields from a JSON line with JMESPath expressions. */
  JSON = 'json',
  /** Extracts fields from a logfmt line. */
  LOGFMT = 'logfmt',
  /** Extracts fields with the named capture groups of an RE2 regular expression. */
  REGEX = 'regex',
  /** Turns extracted fields into stream labels (indexed: keep them few and bounded). */
  LABELS = 'labels',
  /** Attaches extracted fields as structured metadata (not indexed: the place for ids). */
  STRUCTURED_METADATA = 'structured_metadata',
  /** Sets the entry's timestamp from an extracted field. */
  TIMESTAMP = 'timestamp',
  /** Replaces the log line with an extracted field. */
  OUTPUT = 'output',
  /** Drops entries that match conditions. */
  DROP = 'drop',
  /** Runs nested stages (or drops) for entries whose stream matches a LogQL selector. */
  MATCH = 'match',
  /** Joins multi-line entries (stack traces) into one. */
  MULTILINE = 'multiline',
  /** Derives Prometheus metrics from log entries, exposed on the agent's metrics endpoint. */
  METRICS = 'metrics',
  /** Rewrites an extracted field with a Go template. */
  TEMPLATE = 'template',
  /** Sets the tenant id of the entry. */
  TENANT = 'tenant',
  /** Packs labels and the line into a JSON line, removing those labels from the stream. */
  PACK = 'pack',
  /** Rate-limits entries. */
  LIMIT = 'limit',
}

// ---------------------------------------------------------------------------------------------------------
// Options of each stage.

/**
 * Options of the `cri` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/cri/
 */
export interface CriStageOptions {
  /**
   * Maximum number of partial lines (`P` flag) joined into one entry. Maps to `max_partial_lines`.
   * @default 100
   */
  readonly maxPartialLines?: number;
  /**
   * Maximum size in bytes of a joined partial line. Maps to `max_partial_line_size`.
   * @default - no limit
   */
  readonly maxPartialLineSizeBytes?: number;
  /**
   * Truncate joined partial lines longer than `maxPartialLineSizeBytes`. Maps to `max_partial_line_size_truncate`.
   * @default false
   */
  readonly maxPartialLineSizeTruncate?: boolean;
}

/**
 * Options of the `json` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/json/
 */
export interface JsonStageOptions {
  /**
   * Fields to extract: extracted-field name to JMESPath expression; an empty expression extracts the
   * top-level key of the same name (the stage's `definition` then holds that key as an explicit, quoted
   * when needed, expression). Maps to `expressions`.
   */
  readonly expressions: { [field: string]: string };
  /**
   * Extracted field to parse instead of the log line. Maps to `source`.
   * @default - the log line
   */
  readonly source?: string;
  /**
   * Drop lines that are not valid JSON. Maps to `drop_malformed`.
   * @default false
   */
  readonly dropMalformed?: boolean;
}

/**
 * Options of the `logfmt` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/logfmt/
 */
export interface LogfmtStageOptions {
  /**
   * Fields to extract: extracted-field name to logfmt key; empty means the key of the same name (made
   * explicit in the stage's `definition`). Maps to `mapping`.
   */
  readonly mapping: { [field: string]: string };
  /**
   * Extracted field to parse instead of the log line. Maps to `source`.
   * @default - the log line
   */
  readonly source?: string;
}

/**
 * Options of the `regex` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/regex/
 */
export interface RegexStageOptions {
  /**
   * An RE2 regular expression whose named capture groups (`(?P<level>\w+)`) become extracted fields.
   * Checked with RE2: look-arounds and back-references are rejected. Maps to `expression`.
   */
  readonly expression: string;
  /**
   * Extracted field to match instead of the log line. Maps to `source`.
   * @default - the log line
   */
  readonly source?: string;
}

/**
 * Options of the `labels` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/labels/
 */
export interface LabelsStageOptions {
  /**
   * Labels to set: label name to the extracted field holding its value; empty means the field of the same
   * name. Every label creates streams in Loki's index, so only bounded values (level, status class,
   * method) belong here; the cardinality guard rejects names of unbounded values.
   */
  readonly labels: { [label: string]: string };
  /**
   * Why these labels are acceptable although their names look unbounded (a request id, a timestamp...).
   * Without it, such labels are rejected and `Stage.structuredMetadata` is suggested instead.
   * @default - unbounded-looking labels are rejected
   */
  readonly allowHighCardinality?: string;
}

/**
 * Options of the `structured_metadata` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/structured_metadata/
 */
export interface StructuredMetadataStageOptions {
  /**
   * Structured metadata to attach: name to the extracted field holding its value; empty means the field of
   * the same name. Not indexed, so ids (trace, request, user) belong here.
   */
  readonly metadata: { [name: string]: string };
}

/**
 * A timestamp layout of the `timestamp` stage: a predefined name or a Go reference-time layout.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/timestamp/#reference-time
 */
export class TimestampFormat {
  /** `2006-01-02T15:04:05Z07:00`. */
  public static readonly RFC3339 = new TimestampFormat('RFC3339');
  /** `2006-01-02T15:04:05.999999999Z07:00`. */
  public static readonly RFC3339_NANO = new TimestampFormat('RFC3339Nano');
  /** `Mon Jan _2 15:04:05 2006`. */
  public static readonly ANSIC = new TimestampFormat('ANSIC');
  /** `Mon, 02 Jan 2006 15:04:05 MST`. */
  public static readonly RFC1123 = new TimestampFormat('RFC1123');
  /** `Mon, 02 Jan 2006 15:04:05 -0700`. */
  public static readonly RFC1123Z = new TimestampFormat('RFC1123Z');
  /** Seconds since the epoch (may have a fraction). */
  public static readonly UNIX = new TimestampFormat('Unix');
  /** Milliseconds since the epoch. */
  public static readonly UNIX_MS = new TimestampFormat('UnixMs');
  /** Microseconds since the epoch. */
  public static readonly UNIX_US = new TimestampFormat('UnixUs');
  /** Nanoseconds since the epoch. */
  public static readonly UNIX_NS = new TimestampFormat('UnixNs');

  /**
   * A custom Go layout written with the reference time `Mon Jan 2 15:04:05 MST 2006`
   * (e.g. `2006-01-02 15:04:05,000`), or one of the names the agents read as a format (`RFC822`,
   * `UnixDate`...). Without a year (`2006` or `06`) the agents assume the current one (syslog's
   * `Jan _2 15:04:05`).
   * @param layout must contain at least the hour `15`, `03` or `3`; a bare word must be a format name the
   * agents know (Go's `Kitchen`, `Stamp` or `DateTime` are not: write their layout)
   */
  public static goLayout(layout: string): TimestampFormat {
    return deferProblem(() => {
      if (typeof layout !== 'string') throw new ValidationError(`timestamp format: must be a string, a Go layout or a format name; received ${quote(layout)}`);
      if (NAMED_TIMESTAMP_FORMATS.includes(layout)) return;
      if (/^[A-Za-z][A-Za-z0-9]*$/.test(layout)) {
        const goLayout = GO_TIME_LAYOUTS[layout];
        const fix = goLayout !== undefined ? `write Go's ${layout} layout itself, ${quote(goLayout)}` : `use one of ${NAMED_TIMESTAMP_FORMATS.join(', ')}, or write a layout with the reference time`;
        throw new ValidationError(`timestamp format: Promtail and Alloy know only the format names ${NAMED_TIMESTAMP_FORMATS.join(', ')} and read any other text as a Go layout, so every timestamp would fail to parse; ${fix}; received ${quote(layout)}`);
      }
      if (!/(15|03|3)/.test(layout)) {
        throw new ValidationError(`timestamp format: a Go layout must be written with the reference time "2006-01-02 15:04:05" (the hour at least: 15, 03 or 3); received ${quote(layout)}`);
      }
    }, () => new TimestampFormat(layout));
  }

  /** The format as Promtail and Alloy read it (a predefined name or a Go layout). */
  public readonly format: string;

  private constructor(format: string) {
    this.format = format;
  }

  /** The format text. */
  public toString(): string {
    raiseProblem(this);
    return this.format;
  }
}

/**
 * The names the agents read as a timestamp format rather than a Go layout: the cases of `convertDateLayout`
 * in clients/pkg/logentry/stages/util.go (grafana/loki v3.5.1) and internal/component/loki/process/stages/util.go
 * (grafana/alloy), identical. Any other text is a Go layout; one without `06` (`2006`) is parsed without a year
 * (`parseTimestampWithoutYear`, the current year).
 */
const NAMED_TIMESTAMP_FORMATS: readonly string[] = [
  'ANSIC', 'UnixDate', 'RubyDate', 'RFC822', 'RFC822Z', 'RFC850', 'RFC1123', 'RFC1123Z', 'RFC3339', 'RFC3339Nano', 'Unix', 'UnixMs', 'UnixUs', 'UnixNs',
];

/** The layouts of Go's `time` constants that the agents do not know by name (Go's time/format.go). */
const GO_TIME_LAYOUTS: { readonly [name: string]: string } = {
  Layout: '01/02 03:04:05PM \'06 -0700', Kitchen: '3:04PM', Stamp: 'Jan _2 15:04:05', StampMilli: 'Jan _2 15:04:05.000',
  StampMicro: 'Jan _2 15:04:05.000000', StampNano: 'Jan _2 15:04:05.000000000', DateTime: '2006-01-02 15:04:05',
  TimeOnly: '15:04:05',
};

/** What the `timestamp` stage does when the field cannot be parsed (Promtail's `action_on_failure`). */
export enum TimestampActionOnFailure {
  /** Use the previous entry's timestamp plus one nanosecond, keeping the order. */
  FUDGE = 'fudge',
  /** Keep the timestamp the agent received the line at. */
  SKIP = 'skip',
}

/**
 * Options of the `timestamp` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/timestamp/
 */
export interface TimestampStageOptions {
  /** Extracted field holding the timestamp. Maps to `source`. */
  readonly source: string;
  /** Layout of the timestamp. Maps to `format`. */
  readonly format: TimestampFormat;
  /**
   * Layouts tried when `format` fails. Maps to `fallback_formats`.
   * @default - none
   */
  readonly fallbackFormats?: TimestampFormat[];
  /**
   * IANA time zone of timestamps without an offset (`Europe/Paris`). Maps to `location`.
   * @default - UTC
   */
  readonly location?: string;
  /**
   * What to do when the timestamp cannot be parsed. Maps to `action_on_failure`.
   * @default TimestampActionOnFailure.FUDGE
   */
  readonly actionOnFailure?: TimestampActionOnFailure;
}

/**
 * Options of the `output` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/output/
 */
export interface OutputStageOptions {
  /** Extracted field that becomes the log line. Maps to `source`. */
  readonly source: string;
}

/**
 * Options of the `drop` stage. An entry is dropped when every condition given holds.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/drop/
 */
export interface DropStageOptions {
  /**
   * Extracted field(s) the condition applies to (several are joined with `separator`). Maps to `source`.
   * @default - the log line (for `expression`)
   */
  readonly source?: string[];
  /**
   * Separator when several sources are joined. Maps to `separator`.
   * @default ";"
   */
  readonly separator?: string;
  /**
   * RE2 regular expression the source (or line) must match. Maps to `expression`.
   * @default - no regex condition
   */
  readonly expression?: string;
  /**
   * Exact value the source must have (needs `source`; not together with `expression`). Maps to `value`.
   * @default - no value condition
   */
  readonly value?: string;
  /**
   * Drop entries older than this. Maps to `older_than`.
   * @default - no age condition
   */
  readonly olderThan?: Duration;
  /**
   * Drop lines longer than this many bytes. Maps to `longer_than`.
   * @default - no length condition
   */
  readonly longerThanBytes?: number;
  /**
   * Value of the `reason` label of the dropped-entries counter. Maps to `drop_counter_reason`.
   * @default "drop_stage"
   */
  readonly dropCounterReason?: string;
}

/** What a `match` stage does with matching entries. */
export enum MatchAction {
  /** Run the nested stages on matching entries. */
  KEEP = 'keep',
  /** Drop matching entries. */
  DROP = 'drop',
}

/**
 * Options of the `match` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/match/
 */
export interface MatchStageOptions {
  /**
   * LogQL stream selector, optionally followed by line filters (`{app="api"} |= "error"`), parsed with the
   * LogQL grammar. Parsers, label filters and metric queries are rejected: the agent does not run them.
   * Maps to `selector`.
   */
  readonly selector: string;
  /**
   * Stages run on matching entries (`MatchAction.KEEP` only). Maps to `stages`.
   * @default - none
   */
  readonly stages?: Stage[];
  /**
   * Keep (and process) or drop matching entries. Maps to `action`.
   * @default MatchAction.KEEP
   */
  readonly action?: MatchAction;
  /**
   * Name of the nested pipeline, shown in the agent's metrics. Maps to `pipeline_name`.
   * @default - unnamed
   */
  readonly pipelineName?: string;
  /**
   * Value of the `reason` label of the dropped-entries counter (`MatchAction.DROP`). Maps to `drop_counter_reason`.
   * @default "match_stage"
   */
  readonly dropCounterReason?: string;
}

/**
 * Options of the `multiline` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/multiline/
 */
export interface MultilineStageOptions {
  /** RE2 regular expression matching the first line of an entry (e.g. `^\d{4}-\d{2}-\d{2}`). Maps to `firstline`. */
  readonly firstLine: string;
  /**
   * How long to wait for more lines before sending an entry. Maps to `max_wait_time`.
   * @default Duration.seconds(3)
   */
  readonly maxWait?: Duration;
  /**
   * Maximum number of lines of one entry. Maps to `max_lines`.
   * @default 128
   */
  readonly maxLines?: number;
}

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
 * Options of the `template` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/template/
 */
export interface TemplateStageOptions {
  /** Extracted field written (created when missing). Maps to `source`. */
  readonly source: string;
  /**
   * Go template; `{{ .Value }}` is the field's current value, `{{ .Entry }}` the line, `{{ .<field> }}` other
   * fields. Parsed as the agents parse it when they load the config: actions, `{{ end }}`s, variables, and
   * functions among Go's builtins, sprig's and the agents' own (`ToUpper`, `Replace`, `Hash`,
   * `regexReplaceAll`...). Maps to `template`.
   */
  readonly template: string;
}

/**
 * Options of the `tenant` stage: exactly one of `source`, `label` and `value`.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/tenant/
 */
export interface TenantStageOptions {
  /**
   * Extracted field holding the tenant id. Maps to `source`.
   * @default - not from a field
   */
  readonly source?: string;
  /**
   * Stream label holding the tenant id. Maps to `label`.
   * @default - not from a label
   */
  readonly label?: string;
  /**
   * Fixed tenant id. Maps to `value`.
   * @default - not fixed
   */
  readonly value?: string;
}

/**
 * Options of the `pack` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/pack/
 */
export interface PackStageOptions {
  /** Labels (or extracted fields) embedded in the JSON line and removed from the stream. Maps to `labels`. */
  readonly labels: string[];
  /**
   * Replace the entry's timestamp with the time it was packed. Maps to `ingest_timestamp`.
   * @default true
   */
  readonly ingestTimestamp?: boolean;
}

/**
 * Options of the `limit` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/limit/
 */
export interface LimitStageOptions {
  /** Entries per second allowed (per label value with `byLabelName`). Maps to `rate`. */
  readonly rate: number;
  /** Burst size. Maps to `burst`. */
  readonly burst: number;
  /**
   * Drop entries over the limit instead of waiting (back-pressure). Maps to `drop`.
   * @default false
   */
  readonly drop?: boolean;
  /**
   * Apply a separate limit per value of this label. Maps to `by_label_name`.
   * @default - one limit for all entries
   */
  readonly byLabelName?: string;
  /**
   * With `byLabelName`: at most this many distinct values are tracked. Maps to `max_distinct_labels`.
   * @default 10000
   */
  readonly maxDistinctLabels?: number;
}

/**
 * The options of a stage, renderer-neutral: exactly the field named after `kind` is set. See the comment
 * at the top of `pipeline.ts` for how renderers read it.
 */
export interface StageDefinition {
  /** The stage type; names the one field below that is set. */
  readonly kind: StageKind;
  /** Set for `StageKind.CRI`. */
  readonly cri?: CriStageOptions;
  /** Set (empty) for `StageKind.DOCKER`. */
  readonly docker?: {};
  /** Set for `StageKind.JSON`. */
  readonly json?: JsonStageOptions;
  /** Set for `StageKind.LOGFMT`. */
  readonly logfmt?: LogfmtStageOptions;
  /** Set for `StageKind.REGEX`. */
  readonly regex?: RegexStageOptions;
  /** Set for `StageKind.LABELS`. */
  readonly labels?: LabelsStageOptions;
  /** Set for `StageKind.STRUCTURED_METADATA`. */
  readonly structuredMetadata?: StructuredMetadataStageOptions;
  /** Set for `StageKind.TIMESTAMP`. */
  readonly timestamp?: TimestampStageOptions;
  /** Set for `StageKind.OUTPUT`. */
  readonly output?: OutputStageOptions;
  /** Set for `StageKind.DROP`. */
  readonly drop?: DropStageOptions;
  /** Set for `StageKind.MATCH`. */
  readonly match?: MatchStageOptions;
  /** Set for `StageKind.MULTILINE`. */
  readonly multiline?: MultilineStageOptions;
  /** Set for `StageKind.METRICS`. */
  readonly metrics?: MetricsStageOptions;
  /** Set for `StageKind.TEMPLATE`. */
  readonly template?: TemplateStageOptions;
  /** Set for `StageKind.TENANT`. */
  readonly tenant?: TenantStageOptions;
  /** Set for `StageKind.PACK`. */
  readonly pack?: PackStageOptions;
  /** Set for `StageKind.LIMIT`. */
  readonly limit?: LimitStageOptions;
}

// ---------------------------------------------------------------------------------------------------------
// Validation helpers.

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Extracted-field names: letters, digits, `_`, `.` and `-` (they are keys of the extracted map). */
function checkFieldName(name: string, field: string): void {
  if (typeof name !== 'string' || !FIELD_NAME.test(name)) {
    throw new ValidationError(`${field}: an extracted-field name must start with a letter or '_' and contain only letters, digits, '_', '.' or '-'; received ${quote(name)}`);
  }
}

/** A count (Go int or uint of the stage config, where 0 or less is refused or meaningless): an integer of at least 1. */
const COUNT = (unit: string): NumberRule => ({ unit, integer: true, min: 1 });

function checkNonEmptyMap(map: { [k: string]: string }, field: string): void {
  requireStringMap(map, field);
  if (Object.keys(map).length === 0) throw new ValidationError(`${field}: must name at least one field`);
}

/**
 * The functions both agents define for the `template` stage: a stage is rendered for either, so it may
 * only use what both parse (the two sets are equal today).
 */
const TEMPLATE_STAGE_FUNCTIONS: ReadonlySet<string> = new Set([...PROMTAIL_TEMPLATE_FUNCTIONS].filter((f) => ALLOY_TEMPLATE_FUNCTIONS.has(f)));

/**
 * Parses the template as Promtail and Alloy do when they load the config (`template.New(...).Funcs(functionMap)
 * .Parse(...)` in clients/pkg/logentry/stages/template.go of grafana/loki v3.5.1 and
 * internal/component/loki/process/stages/template.go of grafana/alloy): a template they cannot parse stops
 * the agent on every node. The data is a map (extracted fields, `.Value`, `.Entry`), so any `.field` parses;
 * no variable but `$` is predefined. A template without actions is a constant, which both accept.
 */
function checkStageTemplate(template: string): void {
  const reason = goTemplateError(template, TEMPLATE_STAGE_FUNCTIONS, []);
  if (reason === undefined) return;
  let fix: string;
  if (reason.startsWith('function ')) {
    fix = 'use Go\'s builtins, Promtail\'s own functions (ToLower, ToUpper, Replace, Trim, TrimLeft, TrimRight, TrimPrefix, TrimSuffix, TrimSpace, Hash, Sha2Hash, regexReplaceAll, regexReplaceAllLiteral) or sprig\'s (default, lower, upper, trunc, replace, contains...); function names are case-sensitive';
  } else if (reason.startsWith('undefined variable')) {
    fix = 'declare variables with {{ $x := ... }} before using them; the data is .Value (the source field), .Entry (the line) and the extracted fields (.level)';
  } else if (/outside \{\{range\}\}$/.test(reason)) {
    fix = '{{ break }} and {{ continue }} only go inside a {{ range }}';
  } else if (/^unexpected (\{\{(end|else)\}\}|EOF)/.test(reason)) {
    fix = 'every {{ if }}, {{ range }} and {{ with }} needs its {{ end }}, and {{ end }} or {{ else }} only closes one of them';
  } else {
    fix = 'write each action as {{ <pipeline> }} (a literal "{{" is written {{ "{{" }}), with quoted strings closed';
  }
  throw new ValidationError(`Stage.template template: Promtail and Alloy cannot parse this Go template (${reason}), and would stop on every node; ${fix}; received ${quote(template)}`);
}

/** Names of the capture groups of an RE2 pattern (`(?P<name>` and `(?<name>`). */
function captureGroupNames(pattern: string): string[] {
  const names: string[] = [];
  const re = /\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(pattern)) !== null) {
    // Skip escaped parentheses: an odd number of backslashes before '('.
    let slashes = 0;
    for (let i = m.index - 1; i >= 0 && pattern[i] === '\\'; i--) slashes++;
    if (slashes % 2 === 0) names.push(m[1]);
  }
  return names;
}

/**
 * Checks that a `match` selector is a LogQL stream selector with optional line filters, the subset the
 * agents evaluate.
 */
function checkMatchSelector(selector: string): LogQL {
  requireString(selector, 'Stage.match selector', "'{app=\"api\"}'");
  const query = ValidationError.inField('Stage.match selector', () => LogQL.parse(selector));
  let problem: string | undefined;
  query._tree.iterate({
    enter: (node) => {
      if (problem !== undefined) return false;
      if (node.name === 'MetricExpr') problem = 'a metric query';
      else if (node.name === 'Pipe') {
        const stage = node.node.parent ?? node.node;
        problem = `the pipeline stage ${quote(selector.slice(stage.from, stage.to).trim())}`;
      }
      return undefined;
    },
  });
  if (problem !== undefined) {
    throw new ValidationError(`Stage.match selector: must be a LogQL stream selector optionally followed by line filters (|= != |~ !~); it contains ${problem}; received ${quote(selector)}`);
  }
  return query;
}

// ---------------------------------------------------------------------------------------------------------
// The cardinality guard.

/**
 * Name tokens of values that are unbounded (one value per request, user, moment...), with the reason shown
 * in the error message. Names are split into lower-case tokens at `_`, `-`, `.` and camelCase boundaries.
 */
const UNBOUNDED_TOKENS: { [token: string]: string } = {
  id: 'an id', ids: 'ids', uuid: 'a UUID', guid: 'a GUID',
  trace: 'a trace id', traceid: 'a trace id', span: 'a span id', spanid: 'a span id',
  request: 'a request id', requestid: 'a request id', reqid: 'a request id',
  correlation: 'a correlation id', correlationid: 'a correlation id',
  session: 'a session id', sessionid: 'a session id',
  user: 'a user id', userid: 'a user id', username: 'a user name', email: 'an e-mail address',
  customer: 'a customer id', customerid: 'a customer id', account: 'an account id', accountid: 'an account id',
  order: 'an order id', orderid: 'an order id', transaction: 'a transaction id', transactionid: 'a transaction id',
  token: 'a token', hash: 'a hash', uid: 'a UID',
  timestamp: 'a timestamp', ts: 'a timestamp', time: 'a time', datetime: 'a timestamp', date: 'a date',
  duration: 'a duration', latency: 'a duration', elapsed: 'a duration', took: 'a duration', ms: 'a duration',
  message: 'a message', msg: 'a message', line: 'a log line', body: 'a body', error: 'an error message', err: 'an error message',
  exception: 'an exception message', stacktrace: 'a stack trace', stack: 'a stack trace',
  path: 'a path (with ids in it)', url: 'a URL (with ids in it)', uri: 'a URI (with ids in it)', query: 'a query string',
  ip: 'an IP address', addr: 'an address', address: 'an address',
  bytes: 'a size', size: 'a size', count: 'a count',
};

function tokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_.\-]+/)
    .filter((t) => t !== '');
}

/**
 * Keeps unbounded values out of Loki's stream labels: each distinct label value creates a stream, and
 * ids, timestamps, durations, messages or raw paths as labels make the index explode. Such values belong
 * in structured metadata (`Stage.structuredMetadata`), which is stored with the entry and still queryable.
 */
export class CardinalityGuard {
  /**
   * Why a label or field of this name probably holds unbounded values (`"a trace id"`), or `undefined`
   * when the name looks bounded (`level`, `method`, `status_class`, `route`).
   */
  public static unboundedReason(name: string): string | undefined {
    requireString(name, 'CardinalityGuard.unboundedReason name', "'trace_id'");
    for (const token of tokens(name)) {
      if (Object.prototype.hasOwnProperty.call(UNBOUNDED_TOKENS, token)) return UNBOUNDED_TOKENS[token];
    }
    return undefined;
  }

  /**
   * Throws when `label` (set from the extracted field `source`) looks unbounded and no reason was given.
   * @param field where the label is set, for the message (`stages[2].labels`)
   * @param allowReason the documented exception (`allowHighCardinality`), if any
   */
  public static checkLabel(label: string, source: string, field: string, allowReason?: string): void {
    requireString(label, 'CardinalityGuard.checkLabel label', "'level'");
    requireString(source, 'CardinalityGuard.checkLabel source', "'level'");
    requireString(field, 'CardinalityGuard.checkLabel field', "'stages[2].labels'");
    optionalString(allowReason, 'CardinalityGuard.checkLabel allowReason', "'bounded: 5 values'");
    if (allowReason !== undefined) return;
    const reason = CardinalityGuard.unboundedReason(label) ?? CardinalityGuard.unboundedReason(source);
    if (reason === undefined) return;
    const from = source === label ? '' : ` (from field ${quote(source)})`;
    throw new ValidationError(
      `${field}: label ${quote(label)}${from} looks unbounded (${reason}): every distinct value creates a Loki stream; ` +
      `attach it with Stage.structuredMetadata({ metadata: { ${label}: '${source}' } }) instead, ` +
      `or pass allowHighCardinality with the reason it is bounded; received ${quote(label)}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------
// Stage.

/**
 * One step of a log pipeline, as an immutable, renderer-neutral value. Built with the static factories,
 * which validate their options (RE2 regexes, LogQL selectors, names, ranges).
 *
 * @example
 * const stages = [
 *   Stage.cri(),
 *   Stage.json({ expressions: { level: '', trace_id: 'traceId', msg: 'message' } }),
 *   Stage.labels({ labels: { level: '' } }),
 *   Stage.structuredMetadata({ metadata: { trace_id: '' } }),
 * ];
 *
 * Each factory checks its options at once, but an invalid stage is reported by the job (or the pipeline,
 * then the job) it is given to, with the construct path and the field:
 * `[app/logs/pods] stages[1]: Stage.json expressions: ...`. A stage never used is harmless;
 * `extractedFields()` on an invalid stage throws without a path.
 */
export class Stage {
  /** Parses the CRI log format (containerd, CRI-O), the first stage for Kubernetes pod logs. */
  public static cri(options: CriStageOptions = {}): Stage {
    return deferBuild(() => {
      requireObject(options, 'Stage.cri options', '{ maxPartialLines: 100 }');
      // cri.go (grafana/loki v3.5.1): max_partial_lines an int, max_partial_line_size a flagext.ByteSize (uint64)
      checkNumber(options.maxPartialLines, 'Stage.cri maxPartialLines', COUNT('lines'));
      checkNumber(options.maxPartialLineSizeBytes, 'Stage.cri maxPartialLineSizeBytes', COUNT('bytes'));
      optionalBoolean(options.maxPartialLineSizeTruncate, 'Stage.cri maxPartialLineSizeTruncate');
      if (options.maxPartialLineSizeTruncate && options.maxPartialLineSizeBytes === undefined) {
        throw new ValidationError('Stage.cri maxPartialLineSizeTruncate: needs maxPartialLineSizeBytes (the size to truncate at)');
      }
      return new Stage({ kind: StageKind.CRI, cri: { ...options } });
    }, () => new Stage({ kind: StageKind.CRI }));
  }

  /** Parses the Docker JSON log format. */
  public static docker(): Stage {
    return new Stage({ kind: StageKind.DOCKER, docker: {} });
  }

  /** Extracts fields from a JSON line. */
  public static json(options: JsonStageOptions): Stage {
    return deferBuild(() => {
      requireObject(options, 'Stage.json options', "{ expressions: { level: '' } }");
      checkNonEmptyMap(options.expressions, 'Stage.json expressions');
      const expressions: { [field: string]: string } = {};
      for (const [name, expression] of Object.entries(options.expressions)) {
        checkFieldName(name, 'Stage.json expressions');
        if (/[\n\r]/.test(expression)) throw new ValidationError(`Stage.json expressions["${name}"]: a JMESPath expression is one line; received ${quote(expression)}`);
        if (expression !== '') checkJmesPath(expression, `Stage.json expressions["${name}"]`);
        // An empty expression means the top-level key of the same name; JMESPath needs quotes around keys
        // that are not identifiers (`"trace-id"`), so renderers always get an explicit expression.
        expressions[name] = expression !== '' ? expression : /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : JSON.stringify(name);
      }
      if (options.source !== undefined) checkFieldName(options.source, 'Stage.json source');
      return new Stage({ kind: StageKind.JSON, json: { ...options, expressions } });
    }, () => new Stage({ kind: StageKind.JSON }));
  }

  /** Extracts fields from a logfmt line. */
  public static logfmt(options: LogfmtStageOptions): Stage {
    return deferBuild(() => {
      requireObject(options, 'Stage.logfmt options', "{ mapping: { level: '' } }");
      checkNonEmptyMap(options.mapping, 'Stage.logfmt mapping');
      const mapping: { [field: string]: string } = {};
      for (const [name, key] of Object.entries(options.mapping)) {
        checkFieldName(name, 'Stage.logfmt mapping');
        if (key !== '') checkFieldName(key, `Stage.logfmt mapping["${name}"]`);
        mapping[name] = key === '' ? name : key;
      }
      if (options.source !== undefined) checkFieldName(options.source, 'Stage.logfmt source');
      return new Stage({ kind: StageKind.LOGFMT, logfmt: { ...options, mapping } });
    }, () => new Stage({ kind: StageKind.LOGFMT }));
  }

  /** Extracts fields with the named capture groups of an RE2 regular expression. */
  public static regex(options: RegexStageOptions): Stage {
    return deferBuild(() => {
      // Promtail and Alloy compile the expression with Go's regexp (RE2 syntax) when the config loads
      // (regex.go); they accept one without named groups, which extracts nothing: refused here.
      requireObject(options, 'Stage.regex options', "{ expression: '(?P<level>\\\\w+)' }");
      requireString(options.expression, 'Stage.regex expression', "'(?P<level>\\\\w+)'");
      Re2Regex.of(options.expression, 'Stage.regex expression');
      if (captureGroupNames(options.expression).length === 0) {
        throw new ValidationError(`Stage.regex expression: needs at least one named capture group such as (?P<level>\\w+), which becomes an extracted field; received ${quote(options.expression)}`);
      }
      if (options.source !== undefined) checkFieldName(options.source, 'Stage.regex source');
      return new Stage({ kind: StageKind.REGEX, regex: { ...options } });
    }, () => new Stage({ kind: StageKind.REGEX }));
  }

  /**
   * Turns extracted fields into stream labels. Names are checked against Prometheus' label-name rules here;
   * the cardinality guard runs when the stage joins a `LogPipeline`.
   */
  public static labels(options: LabelsStageOptions): Stage {
    return deferBuild(() => {
      requireObject(options, 'Stage.labels options', "{ labels: { level: '' } }");
      checkNonEmptyMap(options.labels, 'Stage.labels labels');
      optionalString(options.allowHighCardinality, 'Stage.labels allowHighCardinality', "'bounded: 5 values'");
      const labels: { [label: string]: string } = {};
      for (const [label, source] of Object.entries(options.labels)) {
        // labels.go (grafana/loki v3.5.1) refuses names failing model.LabelName.IsValidLegacy: [a-zA-Z_][a-zA-Z0-9_]*
        Validate.labelName(label, 'Stage.labels label name');
        if (source !== '') checkFieldName(source, `Stage.labels labels["${label}"]`);
        labels[label] = source === '' ? label : source;
      }
      if (options.allowHighCardinality !== undefined && options.allowHighCardinality.trim() === '') {
        throw new ValidationError('Stage.labels allowHighCardinality: give the reason these labels are acceptable (it is the documented exception to the cardinality guard); received ""');
      }
      return new Stage({ kind: StageKind.LABELS, labels: { labels, allowHighCardinality: options.allowHighCardinality } });
    }, () => new Stage({ kind: StageKind.LABELS }));
  }

  /** Attaches extracted fields as structured metadata: not indexed, the place for ids. */
  public static structuredMetadata(options: StructuredMetadataStageOptions): Stage {
    return deferBuild(() => {
      requireObject(options, 'Stage.structuredMetadata options', "{ metadata: { trace_id: '' } }");
      checkNonEmptyMap(options.metadata, 'Stage.structuredMetadata metadata');
      const metadata: { [name: string]: string } = {};
      for (const [name, source] of Object.entries(options.metadata)) {
        Validate.labelName(name, 'Stage.structuredMetadata name');
        if (source !== '') checkFieldName(source, `Stage.structuredMetadata metadata["${name}"]`);
        metadata[name] = source === '' ? name : source;
      }
      return new Stage({ kind: StageKind.STRUCTURED_METADATA, structuredMetadata: { metadata } });
    }, () => new Stage({ kind: StageKind.STRUCTURED_METADATA }));
  }

  /** Sets the entry's timestamp from an extracted field. */
  public static timestamp(options: TimestampStageOptions): Stage {
    return deferBuild(() => {
      requireObject(options, 'Stage.timestamp options', "{ source: 'time', format: TimestampFormat.RFC3339 }");
      checkFieldName(options.source, 'Stage.timestamp source');
      if (!(options.format instanceof TimestampFormat)) throw new ValidationError(`Stage.timestamp format: must be a TimestampFormat, e.g. TimestampFormat.RFC3339; received ${quote(options.format)}`);
      checkValue(undefined, 'Stage.timestamp format', options.format);
      requireArray(options.fallbackFormats ?? [], 'Stage.timestamp fallbackFormats', '[TimestampFormat.UNIX]').forEach((f, i) => {
        if (!(f instanceof TimestampFormat)) throw new ValidationError(`Stage.timestamp fallbackFormats[${i}]: must be a TimestampFormat, e.g. TimestampFormat.UNIX; received ${quote(f)}`);
      });
      checkValues(undefined, 'Stage.timestamp fallbackFormats', options.fallbackFormats);
      optionalString(options.location, 'Stage.timestamp location', "'Europe/Paris'");
      if (options.location !== undefined && !/^(UTC|Local|[A-Za-z_]+(\/[A-Za-z0-9_+\-]+)+)$/.test(options.location)) {
        throw new ValidationError(`Stage.timestamp location: must be an IANA time zone such as "Europe/Paris" or "UTC"; received ${quote(options.location)}`);
      }
      return new Stage({ kind: StageKind.TIMESTAMP, timestamp: { ...options, fallbackFormats: options.fallbackFormats ? [...options.fallbackFormats] : undefined } });
    }, () => new Stage({ kind: StageKind.TIMESTAMP }));
  }

  /** Replaces the log line with an extracted field. */
  public static output(options: OutputStageOptions): Stage {
    return deferBuild(() => {
      requireObject(options, 'Stage.output options', "{ source: 'msg' }");
      checkFieldName(options.source, 'Stage.output source');
      return new Stage({ kind: StageKind.OUTPUT, output: { ...options } });
    }, () => new Stage({ kind: StageKind.OUTPUT }));
  }

  /** Drops entries for which every given condition holds. */
  public static drop(options: DropStageOptions): Stage {
    return deferBuild(() => {
      requireObject(options, 'Stage.drop options', "{ expression: '.*debug.*' }");
      optionalString(options.expression, 'Stage.drop expression', "'.*debug.*'");
      optionalString(options.value, 'Stage.drop value', "'debug'");
      optionalStringList(options.source, 'Stage.drop source', "['level']");
      optionalString(options.dropCounterReason, 'Stage.drop dropCounterReason', "'debug_lines'");
      // drop.go (grafana/loki v3.5.1): longer_than is a flagext.ByteSize (uint64); 0 would drop every non-empty line
      checkNumber(options.longerThanBytes, 'Stage.drop longerThanBytes', COUNT('bytes'));
      const conditions = [options.expression, options.value, options.olderThan, options.longerThanBytes].filter((c) => c !== undefined);
      if (conditions.length === 0 && options.source === undefined) {
        throw new ValidationError('Stage.drop: give at least one condition (source, expression, value, olderThan or longerThanBytes); an unconditional drop discards every line');
      }
      if (options.expression !== undefined) Re2Regex.of(options.expression, 'Stage.drop expression');
      if (options.expression !== undefined && options.value !== undefined) {
        throw new ValidationError('Stage.drop: expression and value cannot both be set (Promtail rejects the stage); use one of them');
      }
      if (options.value !== undefined && (options.source === undefined || options.source.length === 0)) {
        throw new ValidationError('Stage.drop value: needs source (the extracted field to compare)');
      }
      for (const s of options.source ?? []) checkFieldName(s, 'Stage.drop source');
      if (options.source !== undefined && options.source.length === 0) throw new ValidationError('Stage.drop source: must name at least one field when given');
      if (options.olderThan !== undefined) PrometheusDuration.format(options.olderThan);
      // older_than 0: Promtail drops every entry older than now, i.e. all of them (drop.go, grafana/loki v3.5.1),
      // while Alloy reads 0 as "not set" (drop.go, grafana/alloy): the two agents disagree, and neither is useful.
      if (options.olderThan !== undefined && PrometheusDuration.millis(options.olderThan) <= 0) {
        throw new ValidationError('Stage.drop olderThan: must be positive (Promtail drops every entry with older_than 0, Alloy ignores it); give the age past which entries are dropped, e.g. Duration.hours(24); received 0s');
      }
      return new Stage({ kind: StageKind.DROP, drop: { ...options, source: options.source ? [...options.source] : undefined } });
    }, () => new Stage({ kind: StageKind.DROP }));
  }

  /** Runs nested stages (or drops) for entries whose stream matches a LogQL selector. */
  public static match(options: MatchStageOptions): Stage {
    return deferBuild(() => {
      requireObject(options, 'Stage.match options', "{ selector: '{app=\"api\"}', stages: [...] }");
      checkMatchSelector(options.selector);
      requireArray(options.stages ?? [], 'Stage.match stages', '[Stage.json(...)]').forEach((st, i) => {
        if (!(st instanceof Stage)) throw new ValidationError(`Stage.match stages[${i}]: must be a Stage, e.g. Stage.json(...); received ${quote(st)}`);
      });
      checkValues(undefined, 'Stage.match stages', options.stages);
      optionalString(options.dropCounterReason, 'Stage.match dropCounterReason', "'noise'");
      optionalString(options.pipelineName, 'Stage.match pipelineName', "'api'");
      const action = options.action ?? MatchAction.KEEP;
      if (action === MatchAction.DROP && (options.stages ?? []).length > 0) {
        throw new ValidationError('Stage.match stages: a match stage with action DROP drops the entries, so it cannot have nested stages');
      }
      if (action === MatchAction.KEEP && (options.stages ?? []).length === 0) {
        throw new ValidationError(`Stage.match stages: a match stage with action KEEP needs nested stages (or use action DROP); selector ${quote(options.selector)}`);
      }
      if (action === MatchAction.KEEP && options.dropCounterReason !== undefined) {
        throw new ValidationError('Stage.match dropCounterReason: only applies to action DROP');
      }
      if (options.pipelineName !== undefined && !/^[A-Za-z0-9_.\-]+$/.test(options.pipelineName)) {
        throw new ValidationError(`Stage.match pipelineName: letters, digits, '_', '.' and '-' only; received ${quote(options.pipelineName)}`);
      }
      return new Stage({ kind: StageKind.MATCH, match: { ...options, stages: options.stages ? [...options.stages] : undefined } });
    }, () => new Stage({ kind: StageKind.MATCH }));
  }

  /** Joins multi-line entries (stack traces) into one. */
  public static multiline(options: MultilineStageOptions): Stage {
    return deferBuild(() => {
      requireObject(options, 'Stage.multiline options', "{ firstLine: '^\\\\d{4}-' }");
      requireString(options.firstLine, 'Stage.multiline firstLine', "'^\\\\d{4}-'");
      Re2Regex.of(options.firstLine, 'Stage.multiline firstLine');
      // multiline.go (grafana/loki v3.5.1): max_lines is a uint64
      checkNumber(options.maxLines, 'Stage.multiline maxLines', COUNT('lines'));
      if (options.maxWait !== undefined && PrometheusDuration.millis(options.maxWait) <= 0) {
        throw new ValidationError(`Stage.multiline maxWait: must be positive; received ${PrometheusDuration.format(options.maxWait)}`);
      }
      return new Stage({ kind: StageKind.MULTILINE, multiline: { ...options } });
    }, () => new Stage({ kind: StageKind.MULTILINE }));
  }

  /** Derives Prometheus metrics from entries, exposed on the agent's metrics endpoint. */
  public static metrics(options: MetricsStageOptions): Stage {
    return deferBuild(() => {
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
      return new Stage({ kind: StageKind.METRICS, metrics: { metrics: [...options.metrics] } });
    }, () => new Stage({ kind: StageKind.METRICS }));
  }

  /** Rewrites an extracted field with a Go template. */
  public static template(options: TemplateStageOptions): Stage {
    return deferBuild(() => {
      requireObject(options, 'Stage.template options', "{ source: 'level', template: '{{ ToLower .Value }}' }");
      checkFieldName(options.source, 'Stage.template source');
      requireString(options.template, 'Stage.template template', "'{{ ToLower .Value }}'");
      checkStageTemplate(options.template);
      return new Stage({ kind: StageKind.TEMPLATE, template: { ...options } });
    }, () => new Stage({ kind: StageKind.TEMPLATE }));
  }

  /** Sets the tenant id from a field, a label or a fixed value (exactly one). */
  public static tenant(options: TenantStageOptions): Stage {
    return deferBuild(() => {
      requireObject(options, 'Stage.tenant options', "{ value: 'team-a' }");
      optionalString(options.value, 'Stage.tenant value', "'team-a'");
      const given = [options.source, options.label, options.value].filter((x) => x !== undefined).length;
      if (given !== 1) {
        throw new ValidationError(`Stage.tenant: set exactly one of source, label and value; received ${given}`);
      }
      if (options.source !== undefined) checkFieldName(options.source, 'Stage.tenant source');
      if (options.label !== undefined) Validate.labelName(options.label, 'Stage.tenant label');
      // Loki refuses pushes whose tenant id fails dskit's ValidTenantID (tenant/tenant.go, vendored in
      // grafana/loki v3.5.1): characters outside a-z A-Z 0-9 ! - _ . * ' ( ), more than 150 bytes, "." or "..".
      if (options.value !== undefined && !/^[A-Za-z0-9!\-_.*'()]{1,150}$/.test(options.value)) {
        throw new ValidationError(`Stage.tenant value: a Loki tenant id is 1-150 characters of letters, digits and !-_.*'(); received ${quote(options.value)}`);
      }
      if (options.value === '.' || options.value === '..') {
        throw new ValidationError(`Stage.tenant value: Loki refuses the tenant ids "." and ".." (they are directory references in its storage paths); name the tenant (e.g. "team-a"); received ${quote(options.value)}`);
      }
      return new Stage({ kind: StageKind.TENANT, tenant: { ...options } });
    }, () => new Stage({ kind: StageKind.TENANT }));
  }

  /** Embeds labels in a JSON line and removes them from the stream. */
  public static pack(options: PackStageOptions): Stage {
    return deferBuild(() => {
      requireObject(options, 'Stage.pack options', "{ labels: ['pod'] }");
      requireStringList(options.labels, 'Stage.pack labels', "['pod']");
      if (options.labels.length === 0) throw new ValidationError('Stage.pack labels: must name at least one label');
      for (const l of options.labels) Validate.labelName(l, 'Stage.pack label');
      return new Stage({ kind: StageKind.PACK, pack: { ...options, labels: [...options.labels] } });
    }, () => new Stage({ kind: StageKind.PACK }));
  }

  /** Rate-limits entries. */
  public static limit(options: LimitStageOptions): Stage {
    return deferBuild(() => {
      // limit.go (grafana/loki v3.5.1): rate is a float64, burst an int, both > 0; by_label_name needs drop
      requireObject(options, 'Stage.limit options', '{ rate: 100, burst: 200 }');
      requireNumber(options.rate, 'Stage.limit rate', { unit: 'entries per second', min: 0, above: true });
      requireNumber(options.burst, 'Stage.limit burst', COUNT('entries'));
      optionalBoolean(options.drop, 'Stage.limit drop');
      if (options.byLabelName !== undefined) Validate.labelName(options.byLabelName, 'Stage.limit byLabelName');
      if (options.byLabelName !== undefined && options.drop !== true) {
        throw new ValidationError('Stage.limit byLabelName: requires drop: true (Promtail rejects a per-label limit that waits)');
      }
      if (options.maxDistinctLabels !== undefined && options.byLabelName === undefined) {
        throw new ValidationError('Stage.limit maxDistinctLabels: only applies with byLabelName');
      }
      checkNumber(options.maxDistinctLabels, 'Stage.limit maxDistinctLabels', COUNT('label values'));
      return new Stage({ kind: StageKind.LIMIT, limit: { ...options } });
    }, () => new Stage({ kind: StageKind.LIMIT }));
  }

  /** The stage type. */
  public readonly kind: StageKind;
  /** The validated options, renderer-neutral: the field named after `kind` is set. */
  public readonly definition: StageDefinition;

  private constructor(definition: StageDefinition) {
    this.kind = definition.kind;
    this.definition = definition;
  }

  /** Names of the fields this stage extracts (for `json`, `logfmt` and `regex`; empty otherwise). */
  public extractedFields(): string[] {
    raiseProblem(this);
    const d = this.definition;
    if (d.json) return Object.keys(d.json.expressions);
    if (d.logfmt) return Object.keys(d.logfmt.mapping);
    if (d.regex) return captureGroupNames(d.regex.expression);
    return [];
  }
}

// ---------------------------------------------------------------------------------------------------------
// LogPipeline.

/** Options of a `LogPipeline`. */
export interface LogPipelineOptions {
  /** The pipeline's name (the application, usually); shown in the agent's metrics as `pipeline_name`. */
  readonly name: string;
  /**
   * LogQL stream selector of the entries the pipeline processes (`{namespace="erp"}`), with optional line
   * filters. Parsed with the LogQL grammar.
   * @default - every entry of the job the pipeline is added to
   */
  readonly selector?: string;
  /** The stages, in order. */
  readonly stages: Stage[];
}

/**
 * A named, ordered list of stages, usually the parsing of one application's logs, optionally restricted to
 * the streams of a LogQL selector. Building it runs the structural checks and the cardinality guard on
 * every stage (nested `match` stages included) and names the failing stage by position:
 * `pipeline "erp" stages[3].labels: label "trace_id" looks unbounded (a trace id)...`.
 *
 * @example
 * const pipeline = LogPipeline.of({
 *   name: 'erp',
 *   selector: '{namespace="erp"}',
 *   stages: [Stage.logfmt({ mapping: { level: '', trace_id: '' } }), Stage.labels({ labels: { level: '' } })],
 * });
 *
 * An invalid pipeline (or one with an invalid stage) is reported by `LogJob.addPipeline()` with the job's
 * path; `toStages()` on it throws without a path. A pipeline never added is harmless.
 */
export class LogPipeline {
  /** Builds and checks a pipeline. */
  public static of(options: LogPipelineOptions): LogPipeline {
    return deferBuild(() => LogPipeline.checked(options), () => new LogPipeline(options?.name, options?.selector, Array.isArray(options?.stages) ? [...options.stages] : []));
  }

  private static checked(options: LogPipelineOptions): LogPipeline {
    requireObject(options, 'LogPipeline options', "{ name: 'erp', stages: [Stage.logfmt(...)] }");
    requireString(options.name, 'LogPipeline name', "'erp'");
    if (!/^[A-Za-z0-9_.\-]+$/.test(options.name)) {
      throw new ValidationError(`LogPipeline name: letters, digits, '_', '.' and '-' only; received ${quote(options.name)}`);
    }
    const where = `pipeline ${quote(options.name)}`;
    requireArray(options.stages, `${where} stages`, '[Stage.logfmt(...)]').forEach((st, i) => {
      if (!(st instanceof Stage)) throw new ValidationError(`${where} stages[${i}]: must be a Stage, e.g. Stage.logfmt(...); received ${quote(st)}`);
    });
    if (options.stages.length === 0) throw new ValidationError(`${where} stages: must have at least one stage`);
    if (options.selector !== undefined) {
      try {
        checkMatchSelector(options.selector);
      } catch (e) {
        if (e instanceof ValidationError) throw new ValidationError(`${where} ${e.detail.replace(/^Stage\.match /, '')}`);
        throw e;
      }
    }
    checkValues(undefined, `${where} stages`, options.stages);
    _validateStages(options.stages, `${where} stages`);
    return new LogPipeline(options.name, options.selector, [...options.stages]);
  }

  /** The pipeline's name. */
  public readonly name: string;
  /** The LogQL selector of the entries it processes, if restricted. */
  public readonly selector?: string;
  /** The stages, in order. */
  public readonly stages: Stage[];

  private constructor(name: string, selector: string | undefined, stages: Stage[]) {
    this.name = name;
    this.selector = selector;
    this.stages = stages;
  }

  /**
   * The stages a renderer emits for this pipeline: its stages, or, with a selector, one `match` stage
   * named after the pipeline that wraps them.
   */
  public toStages(): Stage[] {
    raiseProblem(this);
    if (this.selector === undefined) return [...this.stages];
    return [Stage.match({ selector: this.selector, pipelineName: this.name, stages: this.stages })];
  }
}

/**
 * Runs the checks that need the whole list: the cardinality guard, labels set twice, names that are both
 * label and structured metadata. Throws with the position (`stages[2].match.stages[0].labels`).
 * @internal
 */
export function _validateStages(stages: Stage[], prefix: string): void {
  const labelsSet = new Map<string, string>();
  stages.forEach((stage, i) => {
    const at = `${prefix}[${i}].${stage.kind}`;
    const d = stage.definition;
    if (d.labels) {
      for (const [label, source] of Object.entries(d.labels.labels)) {
        CardinalityGuard.checkLabel(label, source, at, d.labels.allowHighCardinality);
        if (labelsSet.has(label)) {
          throw new ValidationError(`${at}: label ${quote(label)} is already set by ${labelsSet.get(label)}; set each label once`);
        }
        labelsSet.set(label, at);
      }
    }
    if (d.structuredMetadata) {
      for (const name of Object.keys(d.structuredMetadata.metadata)) {
        if (labelsSet.has(name)) {
          throw new ValidationError(`${at}: ${quote(name)} is already a label (set by ${labelsSet.get(name)}); a name is either a label or structured metadata, not both`);
        }
      }
    }
    if (d.match?.stages) _validateStages(d.match.stages, `${at}.stages`);
  });
}

// The reference JavaScript implementation of JMESPath, by the specification's authors; Promtail and Alloy
// compile json stage expressions with its Go twin (github.com/jmespath/go-jmespath), and stop on an
// expression it cannot parse, on every node.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jmespath: { compile(expression: string): unknown } = require('jmespath');

/** Fails on a JMESPath expression the agents cannot compile, with the parser's reason. */
function checkJmesPath(expression: string, field: string): void {
  try {
    jmespath.compile(expression);
  } catch (e) {
    throw new ValidationError(`${field}: invalid JMESPath expression (${(e as Error).message}); received ${quote(expression)}`);
  }
}
