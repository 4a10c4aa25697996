import { quote, ValidationError } from '../core';
import { checkValues, deferBuild } from '../core/problems';
import { optionalArray, optionalObject, optionalString, requireObject, requireString } from '../core/untyped';

/** A day of the week, as Alertmanager time intervals name them (a closed wire vocabulary). */
export enum Weekday {
  /** Monday. */
  MONDAY = 'monday',
  /** Tuesday. */
  TUESDAY = 'tuesday',
  /** Wednesday. */
  WEDNESDAY = 'wednesday',
  /** Thursday. */
  THURSDAY = 'thursday',
  /** Friday. */
  FRIDAY = 'friday',
  /** Saturday. */
  SATURDAY = 'saturday',
  /** Sunday. */
  SUNDAY = 'sunday',
}

// Alertmanager numbers the days from Sunday (0) to Saturday (6); a range may not wrap around.
const WEEKDAYS = [Weekday.SUNDAY, Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY, Weekday.SATURDAY];

/** A range of days of the week, both ends included (`monday:friday`). */
export interface WeekdayRange {
  /** The first day. */
  readonly start: Weekday;
  /**
   * The last day (after or equal to `start`, counting from Sunday as Alertmanager does).
   * @default - the same as `start`
   */
  readonly end?: Weekday;
}

/** A range of the time of day, `HH:MM` in 24-hour notation; `end` is exclusive and may be `24:00`. */
export interface TimeOfDayRange {
  /** Start, e.g. `09:00`. */
  readonly start: string;
  /** End, e.g. `17:00` (after `start`). */
  readonly end: string;
}

/**
 * A range of days of the month (or of months, in `months`), both ends included; negative numbers count
 * from the end (-1 = last day). Alertmanager's `days_of_month` takes 1..31 and -31..-1, `months` 1..12
 * (timeinterval.go).
 */
export interface DayOfMonthRange {
  /** The first day: an integer day of the month, 1..31 or -31..-1 (a month 1..12 in `months`). */
  readonly start: number;
  /**
   * The last day: an integer day of the month, 1..31 or -31..-1 (a month 1..12 in `months`).
   * @default - the same as `start`
   */
  readonly end?: number;
}

/**
 * One period of a time interval: every condition given must hold (days of the week AND times of day...).
 * @see https://prometheus.io/docs/alerting/latest/configuration/#time_interval-0
 */
export interface TimePeriodProps {
  /**
   * Days of the week. Maps to `weekdays`.
   * @default - every day
   */
  readonly weekdays?: WeekdayRange[];
  /**
   * Times of day. Maps to `times`.
   * @default - the whole day
   */
  readonly times?: TimeOfDayRange[];
  /**
   * Days of the month. Maps to `days_of_month`.
   * @default - every day of the month
   */
  readonly daysOfMonth?: DayOfMonthRange[];
  /**
   * Months, 1 (January) to 12, as ranges `{ start, end }` of day-of-month-like numbers. Maps to `months`.
   * @default - every month
   */
  readonly months?: DayOfMonthRange[];
  /**
   * IANA time zone the times are in (e.g. `Europe/Amsterdam`). Maps to `location`. The
   * `AlertmanagerConfig` v1alpha1 resource has no such field, so a period with a location can only be
   * rendered into a platform `alertmanager.yaml`.
   * @default - UTC
   */
  readonly location?: string;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

function minutes(t: string): number {
  const [h, m] = t.split(':').map(Number);
  return h * 60 + m;
}

/**
 * One period of a time interval, validated when created.
 *
 * @example
 * TimePeriod.businessHours({ start: '09:00', end: '17:00' });
 */
export class TimePeriod {
  /**
   * A period from its conditions. An invalid condition is reported by the configuration that uses the
   * period (`addTimeInterval`), with its path: `[app/Alertmanager] time interval "x" periods[0]: times: ...`.
   */
  public static of(props: TimePeriodProps): TimePeriod {
    return deferBuild(() => new TimePeriod(props), () => new TimePeriod({}));
  }

  /**
   * Monday to Friday, between `start` and `end`.
   * An invalid option is reported by the configuration that uses the period (`addTimeInterval`), with
   * its path and field.
   * @param options times of day (default 09:00-17:00) and time zone (default UTC)
   */
  public static businessHours(options: BusinessHoursOptions = {}): TimePeriod {
    return deferBuild(() => {
      optionalObject(options, 'options', "{ start: '08:30', end: '18:00', location: 'Europe/Amsterdam' }");
      return new TimePeriod({
        weekdays: [{ start: Weekday.MONDAY, end: Weekday.FRIDAY }],
        times: [{ start: options.start ?? '09:00', end: options.end ?? '17:00' }],
        location: options.location,
      });
    }, () => new TimePeriod({}));
  }

  /** The conditions of the period. */
  public readonly props: TimePeriodProps;

  private constructor(props: TimePeriodProps) {
    requireObject(props, 'props', "{ weekdays: [{ start: Weekday.MONDAY, end: Weekday.FRIDAY }] }");
    const ranges = (field: 'weekdays' | 'times' | 'daysOfMonth' | 'months', example: string) => {
      (optionalArray<object>(props[field], field, `[${example}]`) ?? []).forEach((r, i) => requireObject(r, `${field}[${i}]`, example));
    };
    ranges('weekdays', '{ start: Weekday.MONDAY, end: Weekday.FRIDAY }');
    ranges('times', "{ start: '09:00', end: '17:00' }");
    ranges('daysOfMonth', '{ start: 1, end: 7 }');
    ranges('months', '{ start: 12 }');
    (props.times ?? []).forEach((t, i) => {
      requireString(t.start, `times[${i}].start`, "'09:00'");
      requireString(t.end, `times[${i}].end`, "'17:00'");
    });
    optionalString(props.location, 'location', "'Europe/Amsterdam'");
    for (const w of props.weekdays ?? []) {
      const unknown = [w.start, w.end].find((d) => d !== undefined && !WEEKDAYS.includes(d));
      if (unknown !== undefined) {
        throw new ValidationError(`weekdays: must be Weekday values (${WEEKDAYS.join(', ')}); received ${quote(unknown)}`);
      }
      if (WEEKDAYS.indexOf(w.end ?? w.start) < WEEKDAYS.indexOf(w.start)) {
        throw new ValidationError(`weekdays: the range must not end before it starts (Sunday first, as Alertmanager counts; give a weekend as two ranges); received ${w.start}:${w.end}`);
      }
    }
    for (const t of props.times ?? []) {
      if (!TIME.test(t.start) || !TIME.test(t.end)) {
        throw new ValidationError(`times: start and end must be HH:MM between 00:00 and 24:00; received ${quote(t.start)}-${quote(t.end)}`);
      }
      if (minutes(t.end) <= minutes(t.start)) {
        throw new ValidationError(`times: end must be after start (a range may not cross midnight: split it in two); received ${t.start}-${t.end}`);
      }
    }
    // the ranges of Alertmanager's timeinterval.go: days_of_month 1..31 or -31..-1, months 1..12
    const checkDays = (ranges: DayOfMonthRange[] | undefined, field: string, max: number, negative: boolean, unit: string) => {
      for (const r of ranges ?? []) {
        for (const n of [r.start, r.end ?? r.start]) {
          const ok = Number.isInteger(n) && ((n >= 1 && n <= max) || (negative && n <= -1 && n >= -max));
          if (!ok) throw new ValidationError(`${field}: must be whole numbers 1..${max}${negative ? ` or -${max}..-1` : ''} (${unit}); received ${quote(r)}`);
        }
        const end = r.end ?? r.start;
        if (r.start < 0 && end > 0) {
          throw new ValidationError(`${field}: a range that starts counting from the end of the month must end so too (Alertmanager refuses ${r.start}:${end}); received ${quote(r)}`);
        }
        if (Math.sign(end) === Math.sign(r.start) && end < r.start) {
          throw new ValidationError(`${field}: the range must not end before it starts; received ${quote(r)}`);
        }
      }
    };
    checkDays(props.daysOfMonth, 'daysOfMonth', 31, true, 'days of the month, negative ones counting from its end');
    checkDays(props.months, 'months', 12, false, 'months, 1 = January');
    if (props.location !== undefined && !isTimeZone(props.location)) {
      throw new ValidationError(`location: must be an IANA time zone name such as "Europe/Amsterdam" or "UTC" (Alertmanager refuses the whole configuration otherwise); received ${quote(props.location)}`);
    }
    this.props = props;
  }
}

/** Options of `TimePeriod.businessHours()`. */
export interface BusinessHoursOptions {
  /**
   * Start of the working day, `HH:MM`.
   * @default '09:00'
   */
  readonly start?: string;
  /**
   * End of the working day, `HH:MM`.
   * @default '17:00'
   */
  readonly end?: string;
  /**
   * IANA time zone (not renderable into `AlertmanagerConfig` resources).
   * @default - UTC
   */
  readonly location?: string;
}

/** Properties of a `TimeInterval`. */
export interface TimeIntervalProps {
  /** The periods; the interval is active when any of them is. */
  readonly periods: TimePeriod[];
}

/**
 * A named time interval, used by routes to mute notifications (`muteTimeIntervals`) or to send them
 * only then (`activeTimeIntervals`). Created with `config.addTimeInterval()`.
 * @see https://prometheus.io/docs/alerting/latest/configuration/#time_interval
 */
export class TimeInterval {
  /** The name routes refer to. */
  public readonly name: string;
  /** The periods. */
  public readonly periods: TimePeriod[];

  /**
   * Creates the TimeInterval, for `AlertmanagerRouting.addTimeInterval()`: the constructor is private, so that the declarations, which leave out
   * @internal members, still declare no way to create one.
   * @internal
   */
  public static _create(name: string, props: TimeIntervalProps): TimeInterval {
    return new TimeInterval(name, props);
  }

  private constructor(name: string, props: TimeIntervalProps) {
    if (typeof name !== 'string' || !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) {
      throw new ValidationError(`time interval name: must be letters, digits, '-', '_' or '.', starting with a letter or digit; received ${quote(name)}`);
    }
    requireObject(props, `time interval ${quote(name)} props`, '{ periods: [TimePeriod.businessHours()] }');
    (optionalArray(props.periods, `time interval ${quote(name)} periods`, '[TimePeriod.businessHours()]') ?? []).forEach((p, i) => {
      if (!(p instanceof TimePeriod)) throw new ValidationError(`time interval ${quote(name)} periods[${i}]: must be a TimePeriod, e.g. TimePeriod.businessHours(); received ${quote(p)}`);
    });
    // a problem found when the period was created (TimePeriod.of({ times: [...] }))
    checkValues(undefined, `time interval ${quote(name)} periods`, props.periods);
    if ((props.periods ?? []).length === 0) {
      throw new ValidationError(`time interval ${quote(name)} periods: at least one period is required`);
    }
    this.name = name;
    this.periods = [...(props.periods ?? [])];
  }
}

/**
 * Whether Alertmanager (Go's `time.LoadLocation`) knows the zone: `Local`, or a name of the IANA time zone
 * database, which Node.js' ICU holds too (aliases such as `Asia/Calcutta` included).
 */
function isTimeZone(name: string): boolean {
  if (name === 'Local') return true;
  if (typeof name !== 'string' || name === '' || name.startsWith('/') || name.includes('..')) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
