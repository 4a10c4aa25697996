import { quote, ValidationError } from '../core';
import { deferProblem, raiseProblem } from '../core/problems';

/**
 * A Grafana unit (`fieldConfig.defaults.unit`): how values are formatted on axes, in legends and in stats.
 *
 * The common units are constants with names that say what they mean (`PERCENT_0_100` is `percent`,
 * values 0-100; `PERCENT_0_1` is `percentunit`, values 0-1), mirroring the named unit constants of
 * grafana-foundation-sdk. `Unit.of()` is the escape hatch for any other Grafana unit id, and
 * `Unit.currency()` / `Unit.suffix()` build Grafana's custom units.
 *
 * @see https://grafana.com/docs/grafana/latest/panels-visualizations/configure-standard-options/#unit
 */
export class Unit {
  /** `none`: the raw number, no scaling. */
  public static readonly NONE = new Unit('none');
  /** `short`: a plain number scaled with K, M, B suffixes. */
  public static readonly SHORT = new Unit('short');
  /** `percent`: values from 0 to 100 shown as a percentage. */
  public static readonly PERCENT_0_100 = new Unit('percent');
  /** `percentunit`: ratios from 0 to 1 shown as a percentage. */
  public static readonly PERCENT_0_1 = new Unit('percentunit');
  /** `bytes`: bytes with binary (IEC) prefixes, KiB, MiB. */
  public static readonly BYTES_IEC = new Unit('bytes');
  /** `decbytes`: bytes with decimal (SI) prefixes, kB, MB. */
  public static readonly BYTES_SI = new Unit('decbytes');
  /** `binBps`: bytes per second, binary prefixes. */
  public static readonly BYTES_PER_SECOND_IEC = new Unit('binBps');
  /** `Bps`: bytes per second, decimal prefixes. */
  public static readonly BYTES_PER_SECOND_SI = new Unit('Bps');
  /** `s`: a duration in seconds. */
  public static readonly SECONDS = new Unit('s');
  /** `ms`: a duration in milliseconds. */
  public static readonly MILLISECONDS = new Unit('ms');
  /** `m`: a duration in minutes. */
  public static readonly MINUTES = new Unit('m');
  /** `h`: a duration in hours. */
  public static readonly HOURS = new Unit('h');
  /** `d`: a duration in days. */
  public static readonly DAYS = new Unit('d');
  /** `reqps`: requests per second. */
  public static readonly REQUESTS_PER_SECOND = new Unit('reqps');
  /** `ops`: operations per second. */
  public static readonly OPERATIONS_PER_SECOND = new Unit('ops');
  /** `cps`: counts (events) per second. */
  public static readonly COUNTS_PER_SECOND = new Unit('cps');
  /** CPU cores (`suffix: cores`): Grafana has no built-in unit for cores. */
  public static readonly CPU_CORES = new Unit('suffix: cores');
  /** `dateTimeAsIso`: a Unix timestamp in milliseconds shown as an ISO date. */
  public static readonly DATE_TIME_ISO = new Unit('dateTimeAsIso');
  /** `bool`: 0/1 shown as False/True. */
  public static readonly BOOLEAN = new Unit('bool');
  /** `celsius`: degrees Celsius. */
  public static readonly CELSIUS = new Unit('celsius');
  /** `currencyUSD`: US dollars. */
  public static readonly CURRENCY_USD = new Unit('currencyUSD');
  /** `currencyEUR`: euros. */
  public static readonly CURRENCY_EUR = new Unit('currencyEUR');

  /**
   * Any Grafana unit id (`kbytes`, `pps`, `hertz`...).
   * @param id the unit id as it appears in the dashboard JSON; no white space at the ends
   */
  public static of(id: string): Unit {
    return deferProblem(() => {
      if (typeof id !== 'string' || id.trim() === '' || id.trim() !== id) {
        throw new ValidationError(`unit: must be a non-empty Grafana unit id without surrounding white space, e.g. 'kbytes'; received ${quote(id)}`);
      }
    }, () => new Unit(String(id)));
  }

  /**
   * A currency with a custom symbol (`currency:NT$`), scaled with K, M, B suffixes.
   * @param symbol the currency symbol shown before the value
   */
  public static currency(symbol: string): Unit {
    return deferProblem(() => {
      if (typeof symbol !== 'string' || symbol.trim() === '') throw new ValidationError(`unit: currency symbol must be a non-empty string, e.g. 'NT$'; received ${quote(symbol)}`);
    }, () => new Unit(`currency:${symbol}`));
  }

  /**
   * A plain number followed by a custom suffix (`suffix: orders`).
   * @param suffix the text shown after the value (a leading space is kept)
   */
  public static suffix(suffix: string): Unit {
    return deferProblem(() => {
      if (typeof suffix !== 'string' || suffix.trim() === '') throw new ValidationError(`unit: suffix must be a non-empty string, e.g. ' orders'; received ${quote(suffix)}`);
    }, () => new Unit(`suffix:${suffix}`));
  }

  /** The unit id written to `fieldConfig.defaults.unit`. */
  public readonly id: string;

  private constructor(id: string) {
    this.id = id;
  }

  /** The unit id. */
  public toString(): string {
    raiseProblem(this);
    return this.id;
  }
}
