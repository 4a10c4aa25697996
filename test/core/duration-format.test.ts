import { Duration } from 'cdk8s';
import { PrometheusDuration, ValidationError } from '../../lib';

describe('PrometheusDuration', () => {
  test.each([
    [Duration.minutes(5), '5m'],
    [Duration.minutes(90), '1h30m'],
    [Duration.days(30), '30d'],
    [Duration.seconds(0), '0s'],
    [Duration.millis(1500), '1s500ms'],
    [Duration.hours(26), '1d2h'],
  ])('formats %p as %s', (duration, text) => {
    expect(PrometheusDuration.format(duration)).toBe(text);
  });

  test.each(['5m', '1h30m', '30d', '2w', '1y', '500ms', '1d2h3m4s5ms'])('round-trips %s', (text) => {
    const ms = PrometheusDuration.parse(text).toMilliseconds();
    expect(PrometheusDuration.parse(PrometheusDuration.format(Duration.millis(ms))).toMilliseconds()).toBe(ms);
  });

  test('parses to the right number of milliseconds', () => {
    expect(PrometheusDuration.parse('1h30m').toMilliseconds()).toBe(90 * 60 * 1000);
    expect(PrometheusDuration.parse('2w').toMilliseconds()).toBe(14 * 24 * 3600 * 1000);
  });

  test.each(['5 minutes', '1m1h', '', '5', '-5m', '1.5h', 'm'])('rejects %p with the value and the expected form', (text) => {
    expect(() => PrometheusDuration.parse(text)).toThrow(ValidationError);
    expect(() => PrometheusDuration.parse(text)).toThrow(`invalid duration ${JSON.stringify(text)}: expected a Prometheus duration`);
  });

  test('a bad duration given to a construct names the path', () => {
    expect(() => ValidationError.within('festivals/Alerts/HighErrorRate', () => PrometheusDuration.parse('5 min'))).toThrow(
      '[festivals/Alerts/HighErrorRate] invalid duration "5 min"',
    );
  });

  test('rejects fractional milliseconds when formatting', () => {
    expect(() => PrometheusDuration.format(Duration.millis(0.5))).toThrow('whole, non-negative number of milliseconds');
  });
});
