import { Duration, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { MonitoringChart, Severity } from '../../lib/core';
import { PrometheusRule, RuleTests } from '../../lib/prometheus';
import { promtoolCheckRules, promtoolTestRules } from '../util/tools';

describe('RuleTests.render', () => {
  test('one rule file per PrometheusRule, a test file beside each one with tests; all pass promtool', () => {
    const app = Testing.app();
    const charts = ['a', 'b'].map((ns) => new MonitoringChart(app, ns, { partOf: ns, namespace: ns }));
    for (const c of charts) {
      const g = new PrometheusRule(c, 'rules', { name: 'rules' }).addGroup('g', { interval: Duration.minutes(1) });
      g.addAlert('Down', { expr: 'up == 0', for: Duration.minutes(1), severity: Severity.CRITICAL, summary: 'down' }).addTest({
        inputSeries: [{ series: 'up{job="x"}', values: '0 0 0' }],
        expectations: [{ at: Duration.minutes(2), alerts: [{ labels: { job: 'x' } }] }],
      });
    }
    new PrometheusRule(charts[0], 'untested', { name: 'untested' }).addGroup('g').addRecord('job:up:sum', { expr: 'sum by (job) (up)' });

    const out = RuleTests.render(app);
    expect(out.ruleFiles).toEqual(['a/rules.rules.yaml', 'a/untested.rules.yaml', 'b/rules.rules.yaml']);
    expect(out.testFiles).toEqual(['a/rules.test.yaml', 'b/rules.test.yaml']);
    const test = yaml.load(out.files['a/rules.test.yaml']) as any;
    expect(test.evaluation_interval).toBe(RuleTests.DEFAULT_EVALUATION_INTERVAL);
    expect(test.tests[0].name).toBe('Down Test1');
    for (const f of out.ruleFiles) expect(promtoolCheckRules({ [f]: out.files[f] }).ok).toBe(true);
    for (const t of out.testFiles) {
      const result = promtoolTestRules(t, out.files);
      expect(result.output).toContain('SUCCESS');
      expect(result.ok).toBe(true);
    }
  });

  test('the same tree renders the same bytes', () => {
    const build = () => {
      const c = new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' });
      const g = new PrometheusRule(c, 'r', { name: 'r' }).addGroup('g');
      g.addAlert('A', { expr: 'up == 0', severity: Severity.WARNING, summary: 's', labels: { z: '1', a: '2' } }).addTest({
        inputSeries: [{ series: 'up', values: '0' }],
        expectations: [{ at: Duration.minutes(0), alerts: [{}] }],
      });
      return RuleTests.render(c).files;
    };
    expect(build()).toEqual(build());
  });
});
