import * as yaml from 'js-yaml';
import { AlertmanagerConfigSecret, Matcher } from '../../lib/alertmanager';
import { one, synth } from '../util/synth';
import { checkConfigSecret, configOf } from './amtool';
import { chart } from './fixtures';

function platform() {
  const scope = chart('platform', 'monitoring');
  const am = new AlertmanagerConfigSecret(scope, 'Alertmanager', { receiver: 'r' });
  am.addReceiver('r');
  return { scope, am };
}

describe('InhibitRule', () => {
  test('renders source_matchers, target_matchers and equal; amtool accepts it', () => {
    const { scope, am } = platform();
    am.addInhibitRule({ source: [Matcher.eq('alertname', 'APIServiceDown')], target: [Matcher.regex('alertname', 'High.*')], equal: ['instance'] });
    const secret = one(synth(scope), 'Secret');
    expect((yaml.load(configOf(secret)) as any).inhibit_rules).toEqual([
      { source_matchers: ['alertname="APIServiceDown"'], target_matchers: ['alertname=~"High.*"'], equal: ['instance'] },
    ]);
    expect(checkConfigSecret(secret).output).toMatch(/1 inhibit rules/);
  });

  test('accepts the same matchers on both sides when equal labels are given', () => {
    const { am } = platform();
    expect(am.addInhibitRule({ source: [Matcher.eq('severity', 'critical')], target: [Matcher.eq('severity', 'critical')], equal: ['alertname'] }).equal).toEqual(['alertname']);
  });

  test('rejects source and target matching the same alerts without equal', () => {
    const { am } = platform();
    expect(() => am.addInhibitRule({ source: [Matcher.eq('severity', 'critical')], target: [Matcher.eq('severity', 'critical')] })).toThrow(
      `[platform/Alertmanager/inhibitRules[0]] equal: source and target match the same alerts (severity="critical"), so without equal labels any one of them mutes all the others; add equal labels (e.g. ['alertname', 'instance']) or make the target narrower; received []`,
    );
  });

  test('rejects an empty side and an invalid equal label', () => {
    const { am } = platform();
    expect(() => am.addInhibitRule({ source: [], target: [Matcher.eq('severity', 'warning')] })).toThrow(
      '[platform/Alertmanager/inhibitRules[0]] source, target: both need at least one matcher (an empty list matches every alert); received 0 source and 1 target matchers',
    );
    expect(() => am.addInhibitRule({ source: [Matcher.eq('a', 'b')], target: [Matcher.eq('c', 'd')], equal: ['not-a-label'] })).toThrow(/^\[platform\/Alertmanager\/inhibitRules\[0\]\] equal: must match/);
  });
});
