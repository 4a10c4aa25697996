import { quote, ValidationError } from '../core';
import { optionalArray, optionalObject, optionalString, optionalStringMap, requireArray } from '../core/untyped';
import { Stage, TimestampFormat } from '../loki';

/** Options of `LogFormat.json()` and `LogFormat.logfmt()`: the names of the fields a service writes. */
export interface StructuredLogFormatOptions {
  /**
   * The field holding the level (`levelname` for python-json-logger, `severity` for some loggers). It is
   * extracted as `level` and made the stream label `level`, which the built-in log alert reads.
   * @default 'level'
   */
  readonly levelField?: string;
  /**
   * The field holding the time of the line (`timestamp`, `ts`, `asctime`).
   * @default 'time'
   */
  readonly timestampField?: string;
  /**
   * The layout of `timestampField`.
   * @default TimestampFormat.RFC3339
   */
  readonly timestampFormat?: TimestampFormat;
  /**
   * Layouts tried when `timestampFormat` does not parse the time. Maps to the timestamp stage's `fallback_formats`.
   * @default - none
   */
  readonly timestampFallbackFormats?: TimestampFormat[];
  /**
   * More fields to extract, by the name they are extracted as (for `extraStages`): the value is the
   * field's name in the line (`''` = the same name). Maps to the json stage's `expressions` or the
   * logfmt stage's `mapping`.
   * @default - none
   */
  readonly extractFields?: { [name: string]: string };
  /**
   * Stages run after the parsing, the timestamp and the `level` label (labels or structured metadata from `extractFields`,
   * drops, templates...).
   * @default - none
   */
  readonly extraStages?: Stage[];
}

/**
 * How a service writes its log lines, which decides how its log pipeline parses them. The built-in
 * formats extract `level` (made the stream label `level`) and the timestamp; everything else stays in the
 * line, to be parsed at query time (`| json`, `| logfmt`). The field names are open
 * (`LogFormat.json({ timestampField: 'timestamp' })`), and `LogFormat.custom()` takes a pipeline of one's own.
 *
 * @example
 * // python-json-logger: {"asctime": "2024-01-15 10:30:00,123", "levelname": "ERROR", ...}
 * LogFormat.json({
 *   levelField: 'levelname',
 *   timestampField: 'asctime',
 *   timestampFormat: TimestampFormat.goLayout('2006-01-02 15:04:05,000'),
 *   extractFields: { logger: 'name' },
 *   extraStages: [Stage.structuredMetadata({ metadata: { logger: '' } })],
 * });
 */
export class LogFormat {
  /** One JSON object per line with `level`, `time` (RFC 3339) and `message` fields. */
  public static readonly JSON = LogFormat.json();
  /** logfmt key=value pairs with `level` and `time` keys. */
  public static readonly LOGFMT = LogFormat.logfmt();
  /** Plain text starting with the level (`ERROR something failed`): only the level is extracted. */
  public static readonly PLAIN = new LogFormat('plain', () => [Stage.regex({ expression: '^(?P<level>[A-Z]+)\\s' }), levelLabel()]);

  /** One JSON object per line, with the field names given (`time` and `level` by default). */
  public static json(options: StructuredLogFormatOptions = {}): LogFormat {
    return LogFormat.structured('json', options, (fields) => Stage.json({ expressions: fields }));
  }

  /** logfmt key=value pairs, with the key names given (`time` and `level` by default). */
  public static logfmt(options: StructuredLogFormatOptions = {}): LogFormat {
    return LogFormat.structured('logfmt', options, (fields) => Stage.logfmt({ mapping: fields }));
  }

  /**
   * A pipeline of one's own: `stages` are the service's whole pipeline (after the platform job's runtime
   * stage). To keep the built-in log alert working, extract the level and make it the label `level`.
   */
  public static custom(stages: Stage[]): LogFormat {
    ValidationError.inField('LogFormat.custom stages', () => checkStages(stages));
    if (stages.length === 0) throw new ValidationError('LogFormat.custom stages: give at least one stage (LogFormat.JSON parses JSON lines)');
    const copy = [...stages];
    return new LogFormat('custom', () => copy);
  }

  private static structured(name: string, options: StructuredLogFormatOptions, parse: (fields: { [name: string]: string }) => Stage): LogFormat {
    const field = `LogFormat.${name}`;
    optionalObject(options, `${field} options`, "{ timestampField: 'timestamp' }");
    optionalString(options.levelField, `${field} levelField`, "'levelname'");
    optionalString(options.timestampField, `${field} timestampField`, "'timestamp'");
    optionalStringMap(options.extractFields, `${field} extractFields`);
    if (options.timestampFormat !== undefined && !(options.timestampFormat instanceof TimestampFormat)) {
      throw new ValidationError(`${field} timestampFormat: must be a TimestampFormat, e.g. TimestampFormat.RFC3339; received ${quote(options.timestampFormat)}`);
    }
    (optionalArray(options.timestampFallbackFormats, `${field} timestampFallbackFormats`, '[TimestampFormat.RFC3339]') ?? []).forEach((f, i) => {
      if (!(f instanceof TimestampFormat)) throw new ValidationError(`${field} timestampFallbackFormats[${i}]: must be a TimestampFormat, e.g. TimestampFormat.RFC3339; received ${quote(f)}`);
    });
    ValidationError.inField(`${field} extraStages`, () => checkStages(optionalArray(options.extraStages, 'extraStages', '[Stage.labels(...)]') ?? []));
    const level = options.levelField ?? 'level';
    const time = options.timestampField ?? 'time';
    for (const [what, value] of [['levelField', level], ['timestampField', time]] as const) {
      if (value === '') throw new ValidationError(`${field} ${what}: must not be empty`);
    }
    const extra = { ...options.extractFields };
    for (const taken of ['level', 'time']) {
      if (taken in extra) throw new ValidationError(`${field} extractFields: ${quote(taken)} is extracted already (set levelField or timestampField instead)`);
    }
    // the extracted name is `level` / `time` whatever the field is called, so the stages after agree
    const fields = { level: level === 'level' ? '' : level, time: time === 'time' ? '' : time, ...extra };
    const format = options.timestampFormat ?? TimestampFormat.RFC3339;
    const fallbackFormats = options.timestampFallbackFormats ? [...options.timestampFallbackFormats] : undefined;
    const extraStages = [...(options.extraStages ?? [])];
    // the stages are built when asked for, so each pipeline gets its own (and their checks run in its scope)
    return new LogFormat(name, () => [parse(fields), Stage.timestamp({ source: 'time', format, fallbackFormats }), levelLabel(), ...extraStages]);
  }

  /** The format's name (`json`, `logfmt`, `plain`, `custom`). */
  public readonly name: string;
  private readonly stages: () => Stage[];

  private constructor(name: string, stages: () => Stage[]) {
    this.name = name;
    this.stages = stages;
  }

  /** @internal the stages of the service's pipeline (after the platform job's runtime stage) */
  public _stages(): Stage[] {
    return this.stages();
  }
}

/** The stage making the extracted level the stream label `level`, which the built-in log alert reads. */
function levelLabel(): Stage {
  return Stage.labels({ labels: { level: '' } });
}

function checkStages(stages: Stage[]): void {
  requireArray(stages, 'stages', '[Stage.json(...)]');
  stages.forEach((s, i) => {
    if (!(s instanceof Stage)) throw new ValidationError(`stages[${i}]: must be a Stage, e.g. Stage.labels({ labels: { service: '' } }); received ${quote(s)}`);
  });
}
