import * as yaml from 'js-yaml';
import { MatchOperator, Matcher } from '../../lib/alertmanager';
import { amtoolRoutesTest as routesTest } from '../util/tools';
import { routing } from './fixtures';

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

  // A matcher is checked when it is created and reported by the route or inhibit rule it is given to,
  // with the path and the field.
  test('rejects an invalid label name, with the path of the route it is given to', () => {
    const config = routing();
    expect(() => config.route.addRoute({ matchers: [Matcher.eq('severity', 'critical'), Matcher.eq('team-name', 'x')], receiver: 'default' }))
      .toThrow(/^\[x\/Routing\/route\/routes\[0\]\] matchers\[1\]: matcher label name: must match \[a-zA-Z_\]\[a-zA-Z0-9_\]\* \(Prometheus label name\); received "team-name"$/);
  });

  test('rejects a regex RE2 does not support, with the path of the inhibit rule it is given to', () => {
    const config = routing();
    expect(() => config.addInhibitRule({ source: [Matcher.eq('severity', 'critical')], target: [Matcher.regex('alertname', '(?!Watchdog).*')] }))
      .toThrow(/^\[x\/Routing\/inhibitRules\[0\]\] target\[0\]: matcher alertname=~"\(\?!Watchdog\)\.\*": invalid RE2 regular expression/);
  });

  test('an invalid matcher never used is harmless; used on its own it throws without a path', () => {
    const bad = Matcher.notRegex('alertname', '(?!Watchdog).*');
    expect(() => bad.matches({ alertname: 'x' })).toThrow(/^matcher alertname!~".*": invalid RE2 regular expression/);
    expect(() => String(Matcher.eq('team-name', 'x'))).toThrow(/^matcher label name: must match/);
  });
});
