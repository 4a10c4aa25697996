import { Duration } from 'cdk8s';
import { quote, ValidationError } from './errors';
import { requireDuration, requireString } from './untyped';

const UNITS: Array<[string, number]> = [
  ['y', 365 * 24 * 3600 * 1000],
  ['w', 7 * 24 * 3600 * 1000],
  ['d', 24 * 3600 * 1000],
  ['h', 3600 * 1000],
  ['m', 60 * 1000],
  ['s', 1000],
  ['ms', 1],
];

// Prometheus' model.ParseDuration grammar: units in decreasing order, each at most once.
const DURATION_PATTERN = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/**
 * Converts between cdk8s `Duration`s and the duration strings of Prometheus, Alertmanager and Loki
 * (`5m`, `1h30m`, `7d`). This is the only formatter in the library: every time value in the public API
 * is a `Duration` and goes through `PrometheusDuration.format()` on its way out.
 *
 * @see https://prometheus.io/docs/prometheus/latest/configuration/configuration/#duration
 */
export class PrometheusDuration {
  /**
   * Formats a duration the way Prometheus reads it, largest unit first, without weeks or years so
   * that `Duration.days(30)` stays `30d`: `Duration.minutes(90)` -> `1h30m`, `Duration.seconds(0)` -> `0s`.
   *
   * @throws ValidationError when the duration is negative or not a whole number of milliseconds
   */
  public static format(duration: Duration): string {
    const ms = requireDuration(duration, 'duration').toMilliseconds({ integral: false });
    if (!Number.isInteger(ms) || ms < 0) {
      throw new ValidationError(`duration must be a whole, non-negative number of milliseconds; received ${ms}ms`);
    }
    if (ms === 0) return '0s';
    let rest = ms;
    let out = '';
    for (const [unit, size] of UNITS) {
      if (unit === 'y' || unit === 'w') continue;
      const count = Math.floor(rest / size);
      if (count > 0) {
        out += `${count}${unit}`;
        rest -= count * size;
      }
    }
    return out;
  }

  /**
   * Parses a Prometheus duration string (`30s`, `1h30m`, `2w`, `500ms`).
   *
   * @throws ValidationError naming the string when it is not a valid Prometheus duration
   */
  public static parse(text: string): Duration {
    requireString(text, 'duration', '"5m"');
    if (text === '0') return Duration.millis(0);
    const match = DURATION_PATTERN.exec(text);
    if (text === '' || !match) {
      throw new ValidationError(
        `invalid duration ${quote(text)}: expected a Prometheus duration such as "30s", "5m" or "1h30m" (units y, w, d, h, m, s, ms, largest first)`,
      );
    }
    let ms = 0;
    UNITS.forEach(([, size], i) => {
      const count = match[i + 1];
      if (count !== undefined) ms += Number(count) * size;
    });
    return Duration.millis(ms);
  }

  /**
   * Formats a duration the way Go's `time.ParseDuration` reads it (Promtail, Alloy, the `time.Duration` fields
   * of Loki's configuration such as `ruler.evaluation_interval`, the blackbox exporter's module `timeout`, the
   * Grafana Operator's `resyncPeriod`): `format()` with days folded into hours, since Go has no `d` unit:
   * `Duration.days(7)` -> `168h`, `Duration.minutes(90)` -> `1h30m`.
   *
   * @throws ValidationError when the duration is negative or not a whole number of milliseconds
   */
  public static formatGo(duration: Duration): string {
    const text = PrometheusDuration.format(duration);
    const m = /^(?:(\d+)d)?(?:(\d+)h)?(.*)$/.exec(text)!;
    if (m[1] === undefined) return text;
    const hours = Number(m[1]) * 24 + Number(m[2] ?? 0);
    return `${hours}h${m[3]}`;
  }

  /** Milliseconds of a duration, for comparisons. */
  public static millis(duration: Duration): number {
    return requireDuration(duration, 'duration').toMilliseconds({ integral: false });
  }
}
