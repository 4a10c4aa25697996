import { Duration, Testing } from 'cdk8s';
import { MonitoringChart, Severity } from '../../lib/core';
import { PartialResponseStrategy, PrometheusRule } from '../../lib/prometheus';
import { one, synth } from '../util/synth';
import { promtoolCheckRules } from '../util/tools';

const chart = () => new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' });
const alert = { expr: 'vector(1)', summary: 's' };

describe('RuleGroup', () => {
  test('keeps rules in insertion order, alerts and records mixed', () => {
    const c = chart();
    const g = new PrometheusRule(c, 'r', { name: 'r' }).addGroup('g');
    g.addRecord('job:a:sum', { expr: 'sum by (job) (a)' });
    g.addAlert('A', { ...alert, severity: Severity.INFO });
    g.addRecord('job:b:sum', { expr: 'sum by (job) (b)' });
    expect(one(synth(c), 'PrometheusRule').spec.groups[0].rules.map((r: any) => r.alert ?? r.record)).toEqual(['job:a:sum', 'A', 'job:b:sum']);
    expect(g.alerts.map((a) => a.alertName)).toEqual(['A']);
    expect(g.records.map((r) => r.record)).toEqual(['job:a:sum', 'job:b:sum']);
  });

  test('allows one alert name per severity (multi-severity pattern), and promtool accepts it', () => {
    const c = chart();
    const rules = new PrometheusRule(c, 'r', { name: 'r' });
    const g = rules.addGroup('g');
    g.addAlert('ErrorBudgetBurn', { ...alert, severity: Severity.CRITICAL });
    const second = g.addAlert('ErrorBudgetBurn', { ...alert, severity: Severity.WARNING });
    expect(second.node.path).toBe('x/r/g/ErrorBudgetBurn-2');
    expect(promtoolCheckRules({ 'r.yaml': rules.toRuleFile() }).ok).toBe(true);
  });

  test('rejects a duplicate alert (same name, same labels)', () => {
    const g = new PrometheusRule(chart(), 'r').addGroup('g');
    g.addAlert('A', { ...alert, severity: Severity.WARNING });
    expect(() => g.addAlert('A', { ...alert, severity: Severity.WARNING }))
      .toThrow('[x/r/g/A-2] alert: the group "g" already has an alert "A" with the same labels {"severity":"warning"}; give it another name or other labels (e.g. another severity)');
    expect(g.alerts).toHaveLength(1);
  });

  test('rejects a duplicate recording rule', () => {
    const g = new PrometheusRule(chart(), 'r').addGroup('g');
    g.addRecord('job:a:sum', { expr: 'sum by (job) (a)' });
    expect(() => g.addRecord('job:a:sum', { expr: 'sum by (job) (b)' }))
      .toThrow('[x/r/g/job:a:sum-2] record: the group "g" already records "job:a:sum" with the same labels; the two rules would write the same series');
  });

  test('rejects an empty group at synth', () => {
    const c = chart();
    new PrometheusRule(c, 'r').addGroup('empty');
    expect(() => synth(c)).toThrow('[x/r/empty] rules: the rule group "empty" has no rules; add one with addAlert() or addRecord(), or remove the group');
  });

  test('rejects a negative limit', () => {
    expect(() => new PrometheusRule(chart(), 'r').addGroup('g', { limit: -1 })).toThrow('[x/r/g] limit: must be an integer of at least 0 (a count of alerts or series, 0 for no limit); received -1');
    expect(() => new PrometheusRule(chart(), 'r').addGroup('g', { limit: 2.5 })).toThrow('[x/r/g] limit: must be an integer of at least 0 (a count of alerts or series, 0 for no limit); received 2.5');
    expect(() => new PrometheusRule(chart(), 'r').addGroup('g', { limit: Infinity })).toThrow('[x/r/g] limit: must be an integer of at least 0 (a count of alerts or series, 0 for no limit); received Infinity');
  });

  test('rejects a zero interval', () => {
    expect(() => new PrometheusRule(chart(), 'r').addGroup('g', { interval: Duration.seconds(0) })).toThrow('[x/r/g] interval: must be longer than 0s; received 0s');
  });

  test('rejects an unknown partial response strategy', () => {
    expect(() => new PrometheusRule(chart(), 'r').addGroup('g', { partialResponseStrategy: 'ignore' as PartialResponseStrategy }))
      .toThrow('[x/r/g] partialResponseStrategy: must be one of abort, warn; received "ignore"');
  });
});
