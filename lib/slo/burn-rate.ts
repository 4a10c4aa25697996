import { Duration } from 'cdk8s';
import { PrometheusDuration, quote, ValidationError } from '../core';
import { percentGivenAsRatio, requireDuration, requireNumber } from '../core/untyped';

/** The two kinds of multi-window burn-rate alert of the SRE workbook. Closed vocabulary. */
export enum BurnRateTier {
  /** Fast burn: someone must act now (the workbook's "page"). */
  PAGE = 'page',
  /** Slow burn: needs attention within working hours (the workbook's "ticket"). */
  TICKET = 'ticket',
}

/** One row of a multi-window multi-burn-rate table: an alert condition on two windows. */
export interface BurnRateWindow {
  /** Whether the row pages or opens a ticket. */
  readonly tier: BurnRateTier;
  /** Share of the period's error budget that is spent, at `factor`, over `longWindow` (`0.02` = 2 %). */
  readonly budgetShare: number;
  /** Burn-rate threshold: the alert fires while the error ratio exceeds `factor` x the error budget on both windows. */
  readonly factor: number;
  /** The long window, which makes the alert significant. */
  readonly longWindow: Duration;
  /** The short window (`longWindow / 12`), which makes the alert stop soon after the burn stops. */
  readonly shortWindow: Duration;
}

/** Options of `MultiBurnRateTable.forPeriod()`. */
export interface MultiBurnRateTableOptions {
  /**
   * The shortest window that can be evaluated. A `rate()` needs two samples inside its range, so the
   * `Slo` construct passes twice the scrape interval; a shorter window would yield no value and the
   * alert could never fire.
   * @default Duration.seconds(1)
   */
  readonly minimumWindow?: Duration;
}

/**
 * The workbook's rows: budget share and burn-rate factor. The windows are derived from them.
 * 2 % of a 30-day budget in 1 h, 5 % in 6 h, 10 % in 1 d, 10 % in 3 d.
 */
const WORKBOOK_ROWS: Array<{ tier: BurnRateTier; budgetShare: number; factor: number }> = [
  { tier: BurnRateTier.PAGE, budgetShare: 0.02, factor: 14.4 },
  { tier: BurnRateTier.PAGE, budgetShare: 0.05, factor: 6 },
  { tier: BurnRateTier.TICKET, budgetShare: 0.1, factor: 3 },
  { tier: BurnRateTier.TICKET, budgetShare: 0.1, factor: 1 },
];

/** The ratio between a row's long and short windows, as in the workbook (1h/5m, 6h/30m, 1d/2h, 3d/6h). @internal */
export const SHORT_WINDOW_DIVISOR = 12;

/**
 * The multi-window multi-burn-rate alert table of the Google SRE workbook ("Alerting on SLOs", table 5-8),
 * for any compliance period.
 *
 * For the workbook's 30-day period it is exactly the published table:
 *
 * | tier   | budget share | long window | short window | burn-rate factor |
 * | ------ | ------------ | ----------- | ------------ | ---------------- |
 * | page   | 2 %          | 1h          | 5m           | 14.4             |
 * | page   | 5 %          | 6h          | 30m          | 6                |
 * | ticket | 10 %         | 1d          | 2h           | 3                |
 * | ticket | 10 %         | 3d          | 6h           | 1                |
 *
 * The factor of a row is `budget share x period / long window`. **Scaling to other periods**: this table
 * keeps each row's budget share *and* its factor, and scales the windows with the period
 * (`long window = budget share x period / factor`, i.e. the same fraction of the period as in the workbook:
 * 1/720, 1/120, 1/30 and 1/10; `short window = long window / 12`), rounded to whole seconds. For a 7-day
 * period that gives 14m/1m10s x14.4, 1h24m/7m x6, 5h36m/28m x3 and 16h48m/1h24m x1.
 *
 * Why not keep the windows and recompute the factors instead (`factor = share x period / window`)? For a
 * 7-day period the ticket rows would get factors 0.7 and 0.23: they would fire while the service spends
 * its budget *slower* than it can afford, and the 3-day window would cover 43 % of the period. Keeping the
 * factors keeps each alert's meaning ("this burn spends X % of the budget before anyone acts"), and a
 * factor >= 1 on every row means an alert never fires for a burn the budget can absorb. The cost is
 * shorter windows for short periods; the construct rejects a table whose short windows are too short to be
 * evaluated (`minimumWindow`), so a period too short for the scrape interval fails at synth time.
 *
 * @see https://sre.google/workbook/alerting-on-slos/#6-multiwindow-multi-burn-rate-alerts
 * @example
 * const table = MultiBurnRateTable.forPeriod(Duration.days(7), { minimumWindow: Duration.minutes(1) });
 * table.windows[0].longWindow; // 14 minutes
 */
export class MultiBurnRateTable {
  /**
   * The workbook table scaled to a compliance period.
   * @param period the SLO's compliance period (30 days in the workbook)
   * @throws ValidationError when the period is not a whole number of seconds, or a window is shorter than `minimumWindow`
   */
  public static forPeriod(period: Duration, options: MultiBurnRateTableOptions = {}): MultiBurnRateTable {
    const periodMs = PrometheusDuration.millis(period);
    if (!Number.isInteger(periodMs / 1000) || periodMs <= 0) {
      throw new ValidationError(`period: must be a positive whole number of seconds; received ${quote(periodMs)}ms`);
    }
    const minimumMs = PrometheusDuration.millis(options.minimumWindow ?? Duration.seconds(1));
    const windows = WORKBOOK_ROWS.map((row) => {
      const longSeconds = Math.round((row.budgetShare * periodMs) / row.factor / 1000);
      const shortSeconds = Math.round(longSeconds / SHORT_WINDOW_DIVISOR);
      if (shortSeconds * 1000 < minimumMs) {
        throw new ValidationError(
          `period: a ${PrometheusDuration.format(period)} period gives the ${row.tier} alert at x${row.factor} a short window of ` +
            `${PrometheusDuration.format(Duration.seconds(shortSeconds))} (${row.budgetShare * 100} % of the budget over ` +
            `${PrometheusDuration.format(Duration.seconds(longSeconds))}, divided by ${SHORT_WINDOW_DIVISOR}), shorter than the ` +
            `${PrometheusDuration.format(Duration.millis(minimumMs))} that can be evaluated (two scrape intervals); ` +
            'use a longer period or a shorter scrape interval',
        );
      }
      return {
        tier: row.tier,
        budgetShare: row.budgetShare,
        factor: row.factor,
        longWindow: Duration.seconds(longSeconds),
        shortWindow: Duration.seconds(shortSeconds),
      };
    });
    return new MultiBurnRateTable(period, windows);
  }

  /** The compliance period. */
  public readonly period: Duration;
  /** The alert rows, page rows first, in the workbook's order. */
  public readonly windows: BurnRateWindow[];

  private constructor(period: Duration, windows: BurnRateWindow[]) {
    this.period = period;
    this.windows = windows;
  }

  /** The rows of one tier. */
  public rowsOf(tier: BurnRateTier): BurnRateWindow[] {
    return this.windows.filter((w) => w.tier === tier);
  }

  /** Every distinct long and short window of the table, shortest first. */
  public alertWindows(): Duration[] {
    const seen = new Map<number, Duration>();
    for (const w of this.windows) {
      for (const d of [w.shortWindow, w.longWindow]) seen.set(PrometheusDuration.millis(d), d);
    }
    return [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, d]) => d);
  }

  /**
   * The workbook's factor for a row, from its definition: `budget share x period / long window`.
   * Equal to the row's `factor` up to the rounding of the window to whole seconds.
   * @param budgetShare the share of the error budget, a ratio in (0, 1] (`0.02` = 2 %, not `2`)
   * @throws ValidationError for a share outside (0, 1] (with a "did you mean" for a percent) or a window of 0s
   */
  public static factorOf(budgetShare: number, period: Duration, longWindow: Duration): number {
    requireNumber(budgetShare, 'budgetShare', { unit: 'a ratio of the error budget, 0.02 = 2 %', min: 0, max: 1, above: true, didYouMean: percentGivenAsRatio });
    requireDuration(period, 'period');
    requireDuration(longWindow, 'longWindow');
    if (PrometheusDuration.millis(longWindow) <= 0) throw new ValidationError(`longWindow: must be longer than 0s; received ${PrometheusDuration.format(longWindow)}`);
    return (budgetShare * PrometheusDuration.millis(period)) / PrometheusDuration.millis(longWindow);
  }
}
