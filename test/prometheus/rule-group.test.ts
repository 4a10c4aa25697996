import { Duration, Testing } from 'cdk8s';
import { MonitoringChart, PrometheusOperatorVersion, PrometheusVersion, Severity, TargetVersions } from '../../lib/core';
import { PartialResponseStrategy, PrometheusRule, RuleGroupOptions, RuleTests } from '../../lib/prometheus';
import { chart as routingChart, routing } from '../alertmanager/fixtures';
import { crdSchemaErrors } from '../util/schema';
import { one, synth } from '../util/synth';
import { promtoolCheckRules, promtoolTestRules, TOOL_VERSIONS } from '../util/tools';

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

describe('rule group labels, query offset and limit', () => {
  const v = (prometheus: string, prometheusOperator?: string): TargetVersions => ({
    prometheus: PrometheusVersion.of(prometheus), ...(prometheusOperator ? { prometheusOperator: PrometheusOperatorVersion.of(prometheusOperator) } : {}),
  });
  const versioned = (targetVersions?: TargetVersions) => new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x', targetVersions });

  test('render on the group, not on its rules; the rules\' alerts and series carry them; valid against the CRD', () => {
    const c = versioned();
    const rules = new PrometheusRule(c, 'r', { name: 'r' });
    const g = rules.addGroup('api', { labels: { team: 'payments', service: 'api' }, queryOffset: Duration.minutes(1), limit: 100 });
    const down = g.addAlert('ApiDown', { ...alert, expr: 'up{job="api"} == 0', severity: Severity.CRITICAL, labels: { service: 'checkout' } });
    const record = g.addRecord('job:up:sum', { expr: 'sum by (job) (up)' });
    expect(down.labels).toEqual({ service: 'checkout', severity: 'critical', team: 'payments' });
    expect(record.labels).toEqual({ service: 'api', team: 'payments' });
    const object = one(synth(c), 'PrometheusRule');
    expect(object.spec.groups).toEqual([{
      name: 'api',
      labels: { service: 'api', team: 'payments' },
      query_offset: '1m',
      limit: 100,
      rules: [
        { alert: 'ApiDown', expr: 'up{job="api"} == 0', labels: { service: 'checkout', severity: 'critical' }, annotations: { summary: 's' } },
        { record: 'job:up:sum', expr: 'sum by (job) (up)' },
      ],
    }]);
    expect(crdSchemaErrors(object)).toEqual([]);
    expect(rules.toRuleFile()).toContain('query_offset: 1m');
  });

  test.each(TOOL_VERSIONS.map((t, i) => [t.name, i] as const))('%s loads a group with labels or query_offset exactly when the library accepts them for that target', (_name, index) => {
    const tool = TOOL_VERSIONS[index];
    const target = index === 0 ? PrometheusVersion.V2_42 : PrometheusVersion.V3_5;
    const cases: Array<[string, RuleGroupOptions]> = [['labels', { labels: { team: 'payments' } }], ['queryOffset', { queryOffset: Duration.seconds(30) }], ['limit', { limit: 10 }]];
    for (const [label, options] of cases) {
      // the rule file as written for the newest target, checked by this promtool
      const rules = new PrometheusRule(versioned(), 'r');
      rules.addGroup('g', options).addAlert('A', { ...alert, severity: Severity.WARNING });
      const promtool = promtoolCheckRules({ 'r.yaml': rules.toRuleFile() }, tool);
      let accepted = true;
      try {
        new PrometheusRule(versioned({ prometheus: target }), 'r').addGroup('g', options);
      } catch {
        accepted = false;
      }
      expect({ label, promtool: promtool.ok, output: promtool.output }).toEqual({ label, promtool: accepted, output: expect.stringMatching(accepted ? /SUCCESS/ : /FAILED|not found/) });
    }
  });

  test('promtool 3.5 applies the group labels to the alerts, as the rule tests expect them', () => {
    const c = versioned();
    const g = new PrometheusRule(c, 'r', { name: 'r' }).addGroup('api', { labels: { team: 'payments' } });
    g.addAlert('ApiDown', { ...alert, expr: 'up{job="api"} == 0', severity: Severity.CRITICAL }).addTest({
      inputSeries: [{ series: 'up{job="api"}', values: '0x5' }],
      expectations: [{ at: Duration.minutes(2), alerts: [{ labels: { job: 'api' } }] }],
    });
    const { files, testFiles } = RuleTests.render(c);
    expect(files[testFiles[0]]).toContain('team: payments');
    const result = promtoolTestRules(testFiles[0], files, TOOL_VERSIONS[1]);
    expect(result.output).toContain('SUCCESS');
  });

  test('the routing checks see the group labels: a group label namespace reaches the chart\'s AlertmanagerConfig, another namespace does not', () => {
    const reaching = routingChart('shop', 'shop');
    routing({}, reaching);
    new PrometheusRule(reaching, 'Rules').addGroup('g', { labels: { namespace: 'shop' } }).addAlert('Load', { ...alert, expr: 'node_load1 > 10', severity: Severity.WARNING });
    expect(() => synth(reaching)).not.toThrow();
    const elsewhere = routingChart('shop', 'shop');
    routing({}, elsewhere);
    new PrometheusRule(elsewhere, 'Rules').addGroup('g', { labels: { namespace: 'other' } }).addAlert('Load', { ...alert, expr: 'sum by (namespace) (x{namespace="shop"}) > 10', severity: Severity.WARNING });
    expect(() => synth(elsewhere)).toThrow('its alerts carry namespace="other", so they never reach their routing');
  });

  test('refuses invalid or reserved label names, templates, an offset that is not a Duration', () => {
    const group = (options: RuleGroupOptions) => () => new PrometheusRule(versioned(), 'r').addGroup('g', options);
    expect(group({ labels: { __team: 'x' } })).toThrow('[x/r/g] labels name: names starting with "__" are reserved for Prometheus internal use; received "__team"');
    expect(group({ labels: { '': 'x' } })).toThrow('[x/r/g] labels name: must not be empty');
    expect(group({ labels: { severity: 'critical' } })).toThrow('[x/r/g] labels: "severity" is set by each alerting rule, which wins over the group\'s labels; give each alert its severity');
    expect(group({ labels: { alertname: 'x' } })).toThrow('[x/r/g] labels: "alertname" is set by each alerting rule, which wins over the group\'s labels; remove it');
    expect(group({ labels: { instance: '{{ $labels.pod }}' } }))
      .toThrow('[x/r/g] labels["instance"]: must be a plain value: Prometheus expands templates in group labels for the alerting rules but not for the recording rules; put templated labels on the alerts; received "{{ $labels.pod }}"');
    expect(group({ labels: { team: 5 } as any })).toThrow('[x/r/g] labels["team"]: must be a string; received 5 (a number)');
    expect(group({ queryOffset: '1m' as any })).toThrow('[x/r/g] queryOffset: must be a Duration, e.g. Duration.minutes(5); received "1m" (a string)');
  });

  test('refuses each field below the release that introduced it, naming it', () => {
    const group = (options: RuleGroupOptions, targetVersions: TargetVersions) => () => new PrometheusRule(versioned(targetVersions), 'r').addGroup('g', options);
    expect(group({ labels: { team: 'payments' } }, v('2.55'))).toThrow(
      '[x/r/g] labels: needs Prometheus 3.0 or later; the chart targets Prometheus 2.55 (targetVersions.prometheus), for which the Prometheus Operator leaves it out of the configuration. '
      + 'Remove it, or declare targetVersions: { prometheus: PrometheusVersion.of(\'3.0\') } (or later) if every Prometheus that loads it runs 3.0 or later',
    );
    expect(group({ queryOffset: Duration.minutes(1) }, v('2.52'))).toThrow('[x/r/g] queryOffset: needs Prometheus 2.53 or later; the chart targets Prometheus 2.52');
    expect(group({ queryOffset: Duration.minutes(1) }, v('2.53'))).not.toThrow();
    expect(group({ labels: { team: 'payments' } }, v('3.0', '0.78'))).toThrow('[x/r/g] labels: needs Prometheus Operator 0.79 or later; the chart targets Prometheus Operator 0.78');
    expect(group({ queryOffset: Duration.minutes(1) }, v('3.5', '0.77'))).toThrow('[x/r/g] queryOffset: needs Prometheus Operator 0.78 or later');
    expect(group({ limit: 10 }, v('2.42', '0.64'))).toThrow('[x/r/g] limit: needs Prometheus Operator 0.65 or later');
    expect(group({ labels: {} }, v('2.42'))).not.toThrow();
  });
});
