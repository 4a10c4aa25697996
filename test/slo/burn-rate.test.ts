import { Duration } from 'cdk8s';
import { PrometheusDuration, ValidationError } from '../../lib/core';
import { BurnRateTier, MultiBurnRateTable, SHORT_WINDOW_DIVISOR } from '../../lib/slo/burn-rate';

const hours = (d: Duration) => PrometheusDuration.millis(d) / 3_600_000;

describe('MultiBurnRateTable', () => {
  test('30 days is the SRE workbook table (published numbers)', () => {
    const table = MultiBurnRateTable.forPeriod(Duration.days(30));
    expect(table.windows.map((w) => [w.tier, w.factor, PrometheusDuration.format(w.longWindow), PrometheusDuration.format(w.shortWindow)])).toEqual([
      [BurnRateTier.PAGE, 14.4, '1h', '5m'],
      [BurnRateTier.PAGE, 6, '6h', '30m'],
      [BurnRateTier.TICKET, 3, '1d', '2h'],
      [BurnRateTier.TICKET, 1, '3d', '6h'],
    ]);
    expect(table.alertWindows().map(PrometheusDuration.format)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
  });

  test.each([30, 28, 7, 14, 90])('%i days: factor = budget share x period / long window, short = long / 12', (days) => {
    const period = Duration.days(days);
    const table = MultiBurnRateTable.forPeriod(period);
    const periodHours = days * 24;
    for (const w of table.windows) {
      // Independent derivation: the share of the budget spent over the long window at the row's factor.
      const spent = (w.factor * hours(w.longWindow)) / periodHours;
      expect(spent).toBeCloseTo(w.budgetShare, 4);
      expect(MultiBurnRateTable.factorOf(w.budgetShare, period, w.longWindow)).toBeCloseTo(w.factor, 3);
      expect(() => MultiBurnRateTable.factorOf(w.budgetShare * 100, period, w.longWindow)).toThrow(
        `budgetShare: must be a finite number greater than 0 and at most 1 (a ratio of the error budget, 0.02 = 2 %); received ${w.budgetShare * 100} (a number); did you mean ${w.budgetShare}?`,
      );
      expect(hours(w.shortWindow)).toBeCloseTo(hours(w.longWindow) / SHORT_WINDOW_DIVISOR, 3);
      // Every window is a whole number of seconds, so Prometheus can read it.
      expect(PrometheusDuration.millis(w.shortWindow) % 1000).toBe(0);
      expect(w.factor).toBeGreaterThanOrEqual(1);
      expect(PrometheusDuration.millis(w.longWindow)).toBeLessThanOrEqual(PrometheusDuration.millis(period));
    }
    expect(table.windows.map((w) => w.budgetShare)).toEqual([0.02, 0.05, 0.1, 0.1]);
  });

  test('7 days keeps the factors and scales the windows by 7/30', () => {
    const table = MultiBurnRateTable.forPeriod(Duration.days(7));
    expect(table.windows.map((w) => [w.factor, PrometheusDuration.format(w.longWindow), PrometheusDuration.format(w.shortWindow)])).toEqual([
      [14.4, '14m', '1m10s'],
      [6, '1h24m', '7m'],
      [3, '5h36m', '28m'],
      [1, '16h48m', '1h24m'],
    ]);
  });

  test('rejects a period whose short windows cannot be evaluated', () => {
    const call = () => MultiBurnRateTable.forPeriod(Duration.days(5), { minimumWindow: Duration.minutes(1) });
    expect(call).toThrow(ValidationError);
    expect(call).toThrow(/period: a 5d period gives the page alert at x14.4 a short window of 50s .* shorter than the 1m that can be evaluated/);
  });

  test('rejects a period that is not a whole number of seconds', () => {
    expect(() => MultiBurnRateTable.forPeriod(Duration.millis(1500))).toThrow(/period: must be a positive whole number of seconds; received 1500ms/);
  });
});
