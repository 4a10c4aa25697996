import { Testing } from 'cdk8s';
import { AlertmanagerConfigSecret, Matcher } from '../../lib/alertmanager';
import { one, synth } from '../util/synth';
import { configOf } from './amtool';
import { amtoolRoutesTest as routesTest } from '../util/tools';
import { chart } from './fixtures';

function platform() {
  const scope = chart('platform', 'monitoring', Testing.app());
  const am = new AlertmanagerConfigSecret(scope, 'Alertmanager', { receiver: 'default' });
  for (const r of ['default', 'pagerduty-database', 'slack-database', 'slack-critical']) am.addReceiver(r);
  const db = am.route.addRoute({ matchers: [Matcher.eq('team', 'database')], receiver: 'slack-database' });
  db.addRoute({ matchers: [Matcher.eq('severity', 'critical')], receiver: 'pagerduty-database', continue: true });
  db.addRoute({ matchers: [Matcher.eq('severity', 'critical')], receiver: 'slack-database' });
  am.route.addRoute({ matchers: [Matcher.eq('severity', 'critical')], receiver: 'slack-critical' });
  return { scope, am };
}

describe('routing tests and coverage', () => {
  test('expectRoute collects declarations that amtool confirms', () => {
    const { scope, am } = platform();
    const t = am.expectRoute({ severity: 'critical', team: 'database' }, ['pagerduty-database', 'slack-database']);
    expect(t).toEqual({ labels: { severity: 'critical', team: 'database' }, receivers: ['pagerduty-database', 'slack-database'], path: 'platform/Alertmanager/expectRoute[0]' });
    expect(am.routingTests).toEqual([t]);
    expect(routesTest(configOf(one(synth(scope), 'Secret')), t.labels)).toEqual(t.receivers);
  });

  test('coverage findings are exactly the label sets amtool sends to the default receiver only', () => {
    const { scope, am } = platform();
    const config = configOf(one(synth(scope), 'Secret'));
    const sets = ['critical', 'warning'].flatMap((severity) => ['database', 'backend', 'mobile'].map((team) => ({ severity, team })));
    const findings = am.coverage(sets).map((f) => f.labels);
    const defaultOnly = sets.filter((labels) => routesTest(config, labels).join(',') === 'default');
    expect(findings).toEqual(defaultOnly);
    expect(findings).toEqual([{ severity: 'warning', team: 'backend' }, { severity: 'warning', team: 'mobile' }]);
  });

  test('rejects invalid labels and an empty expectation', () => {
    const { am } = platform();
    expect(() => am.expectRoute({ 'bad-label': 'x' }, ['default'])).toThrow(/^\[platform\/Alertmanager\] expectRoute labels name: must match/);
    expect(() => am.expectRoute({ severity: 'x' }, [])).toThrow('[platform/Alertmanager] expectRoute receivers: at least one receiver is expected (every alert reaches one)');
  });
});
