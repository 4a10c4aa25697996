// The `timestamp` stage: its layouts (`TimestampFormat`) and options.

import { quote, ValidationError } from '../../core';
import { checkValue, checkValues, deferProblem, raiseProblem } from '../../core/problems';
import { optionalString, requireArray, requireObject } from '../../core/untyped';
import { checkFieldName } from './checks';

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
 * Checks the options of `Stage.timestamp` and returns the `timestamp` of its definition.
 * @internal
 */
export function checkedTimestamp(options: TimestampStageOptions): TimestampStageOptions {
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
  return { ...options, fallbackFormats: options.fallbackFormats ? [...options.fallbackFormats] : undefined };
}
