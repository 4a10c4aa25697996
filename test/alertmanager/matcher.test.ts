import * as yaml from 'js-yaml';
import { MatchOperator, Matcher } from '../../lib/alertmanager';
import { amtoolRoutesTest as routesTest } from '../util/tools';

describe('Matcher', () => {
  test('the four operators render in Alertmanager syntax', () => {
    expect(String(Matcher.eq('severity', 'critical'))).toBe('severity="critical"');
    expect(String(Matcher.notEq('team', 'db'))).toBe('team!="db"');
    expect(String(Matcher.regex('alertname', 'High.*'))).toBe('alertname=~"High.*"');
    expect(String(Matcher.notRegex('env', 'dev|test'))).toBe('env!~"dev|test"');
    expect(Matcher.regex('a', 'b').operator).toBe(MatchOperator.REGEX);
  });

  test('allEqual gives one eq matcher per label, sorted', () => {
    expect(Matcher.allEqual({ team: 'db', severity: 'critical' }).map(String)).toEqual(['severity="critical"', 'team="db"']);
  });

  test('matches like Alertmanager: anchored regexes, missing label is ""', () => {
    expect(Matcher.regex('alertname', 'High.*').matches({ alertname: 'HighCPU' })).toBe(true);
    expect(Matcher.regex('alertname', 'High').matches({ alertname: 'HighCPU' })).toBe(false);
    expect(Matcher.eq('team', '').matches({})).toBe(true);
    expect(Matcher.notRegex('team', '.+').matches({})).toBe(true);
    expect(Matcher.notEq('team', 'db').matches({ team: 'db' })).toBe(false);
  });

  test('values with quotes and backslashes are escaped so amtool reads back the same value', () => {
    const value = 'say "hi" \\ bye';
    const config = yaml.dump({
      route: { receiver: 'default', routes: [{ receiver: 'quoted', matchers: [String(Matcher.eq('msg', value))] }] },
      receivers: [{ name: 'default' }, { name: 'quoted' }],
    });
    // amtool parses command-line labels as matchers too, so the value is given in its quoted form.
    expect(routesTest(config, { msg: '"say \\"hi\\" \\\\ bye"' })).toEqual(['quoted']);
    expect(routesTest(config, { msg: 'say hi' })).toEqual(['default']);
  });

  test('rejects an invalid label name', () => {
    expect(() => Matcher.eq('team-name', 'x')).toThrow(/matcher label name: must match \[a-zA-Z_\]\[a-zA-Z0-9_\]\* \(Prometheus label name\); received "team-name"/);
  });

  test('rejects a regex RE2 does not support', () => {
    expect(() => Matcher.regex('alertname', '(?!Watchdog).*')).toThrow(/matcher alertname=~"\(\?!Watchdog\)\.\*": invalid RE2 regular expression/);
  });
});
