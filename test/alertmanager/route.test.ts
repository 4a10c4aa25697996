import { Duration } from 'cdk8s';
import { Matcher, Route } from '../../lib/alertmanager';
import { routing } from './fixtures';

describe('Route', () => {
  test('addRoute returns the child, with its path, settings and inherited receiver', () => {
    const config = routing();
    const critical = config.route.addRoute({ matchers: [Matcher.eq('severity', 'critical')], groupWait: Duration.seconds(10) });
    const db = critical.addRoute({ matchers: [Matcher.eq('team', 'database')], receiver: 'db' });
    expect(critical).toBeInstanceOf(Route);
    expect(critical.path).toBe('x/Routing/route/routes[0]');
    expect(db.path).toBe('x/Routing/route/routes[0]/routes[0]');
    expect(critical.effectiveReceiver).toBe('default');
    expect(db.effectiveReceiver).toBe('db');
    expect(config.route.routes).toEqual([critical]);
    expect(db.allMatchers().map(String)).toEqual(['severity="critical"', 'team="database"']);
  });

  test('match follows Alertmanager: first match wins, continue goes on, no match stays on the parent', () => {
    const config = routing();
    config.addReceiver('pager');
    config.addReceiver('chat');
    config.route.addRoute({ matchers: [Matcher.eq('severity', 'critical')], receiver: 'pager', continue: true });
    config.route.addRoute({ matchers: [Matcher.regex('severity', 'critical|warning')], receiver: 'chat' });
    config.route.addRoute({ matchers: [Matcher.eq('team', 'db')], receiver: 'pager' });
    expect(config.receiversFor({ severity: 'critical' })).toEqual(['pager', 'chat']);
    expect(config.receiversFor({ severity: 'warning', team: 'db' })).toEqual(['chat']);
    expect(config.receiversFor({ severity: 'info', team: 'db' })).toEqual(['pager']);
    expect(config.receiversFor({ severity: 'info' })).toEqual(['default']);
  });

  test('rejects contradictory matchers, with the route path', () => {
    const config = routing();
    expect(() => config.route.addRoute({ matchers: [Matcher.eq('a', 'x'), Matcher.eq('a', 'y')] })).toThrow(
      '[x/Routing/route/routes[0]] matchers: the route can never match: a="x" and a="y" cannot both hold (with the matchers of its parent routes); received ["a=\\"x\\"","a=\\"y\\""]',
    );
  });

  test('rejects a child that contradicts its parent', () => {
    const config = routing();
    const critical = config.route.addRoute({ matchers: [Matcher.eq('severity', 'critical')] });
    expect(() => critical.addRoute({ matchers: [Matcher.regex('severity', 'warn.*')] })).toThrow(
      /^\[x\/Routing\/route\/routes\[0\]\/routes\[0\]\] matchers: the route can never match: severity="critical" and severity=~"warn\.\*" cannot both hold/,
    );
  });

  test('rejects a regex that cannot match together with its negation', () => {
    const config = routing();
    expect(() => config.route.addRoute({ matchers: [Matcher.regex('team', 'db.*'), Matcher.notRegex('team', 'db.*')] })).toThrow(
      /^\[x\/Routing\/route\/routes\[0\]\] matchers: the route can never match: team=~"db\.\*" and team!~"db\.\*" cannot both hold/,
    );
  });

  test('rejects a route after a catch-all sibling without continue', () => {
    const config = routing();
    config.route.addRoute({ receiver: 'default' });
    expect(() => config.route.addRoute({ matchers: [Matcher.eq('team', 'db')] })).toThrow(
      /^\[x\/Routing\/route\/routes\[1\]\] matchers: the route can never match: the earlier sibling routes\[0\] matches every alert and has continue: false; move this route before it or set continue: true on routes\[0\]/,
    );
  });

  test('rejects a route shadowed by a broader earlier sibling', () => {
    const config = routing();
    config.route.addRoute({ matchers: [Matcher.eq('severity', 'critical')] });
    expect(() => config.route.addRoute({ matchers: [Matcher.eq('severity', 'critical'), Matcher.eq('team', 'db')] })).toThrow(
      /^\[x\/Routing\/route\/routes\[1\]\] matchers: the route can never match: the earlier sibling routes\[0\] \(severity="critical"\) matches every alert this route matches/,
    );
  });

  test('accepts the same matchers after a sibling with continue: true', () => {
    const config = routing();
    config.route.addRoute({ matchers: [Matcher.eq('severity', 'critical')], continue: true });
    expect(config.route.addRoute({ matchers: [Matcher.eq('severity', 'critical')] }).path).toBe('x/Routing/route/routes[1]');
  });

  test('rejects groupBy with "..." among other labels, invalid or repeated labels', () => {
    const config = routing();
    expect(() => config.route.addRoute({ groupBy: ['...', 'alertname'], continue: true })).toThrow(
      `[x/Routing/route/routes[0]] groupBy: '...' (group by all labels) must be the only entry; received ["...","alertname"]`,
    );
    expect(() => config.route.addRoute({ groupBy: ['alert-name'], continue: true })).toThrow(/^\[x\/Routing\/route\/routes\[0\]\] groupBy: must match/);
    expect(() => config.route.addRoute({ groupBy: ['a', 'a'], continue: true })).toThrow('[x/Routing/route/routes[0]] groupBy: label "a" is listed twice');
  });

  test('rejects a zero group or repeat interval', () => {
    const config = routing();
    expect(() => config.route.addRoute({ repeatInterval: Duration.seconds(0), continue: true })).toThrow(
      '[x/Routing/route/routes[0]] repeatInterval: must be greater than 0; received 0s',
    );
    expect(() => config.route.addRoute({ groupInterval: Duration.seconds(0), continue: true })).toThrow(
      '[x/Routing/route/routes[0]] groupInterval: must be greater than 0; received 0s',
    );
  });

  test('rejects the root of a config with a zero repeat interval, with the config path', () => {
    expect(() => routing({ repeatInterval: Duration.millis(0) })).toThrow('[x/Routing/route] repeatInterval: must be greater than 0; received 0s');
  });

  test('rejects a group wait that is not a whole number of milliseconds', () => {
    const config = routing();
    expect(() => config.route.addRoute({ groupWait: Duration.millis(1.5), continue: true })).toThrow(
      '[x/Routing/route/routes[0]] groupWait: duration must be a whole, non-negative number of milliseconds; received 1.5ms',
    );
  });
});
