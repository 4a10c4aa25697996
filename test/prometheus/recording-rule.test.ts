import { Testing } from 'cdk8s';
import { MonitoringChart, PrometheusVersion } from '../../lib/core';
import { PrometheusRule, RuleGroup } from '../../lib/prometheus';
import { one, synth } from '../util/synth';
import { promtoolCheckRules } from '../util/tools';

function group(prometheus?: PrometheusVersion): { chart: MonitoringChart; rules: PrometheusRule; group: RuleGroup } {
  const chart = new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x', targetVersions: prometheus === undefined ? undefined : { prometheus } });
  const rules = new PrometheusRule(chart, 'rec', { name: 'rec' });
  return { chart, rules, group: rules.addGroup('rec') };
}

describe('RecordingRule', () => {
  test('renders record, expr and labels; promtool accepts it', () => {
    const g = group();
    const r = g.group.addRecord('job:http_requests:rate5m', { expr: 'sum by (job) (rate(http_requests_total[5m]))', labels: { tier: 'api' } });
    expect(r.record).toBe('job:http_requests:rate5m');
    expect(one(synth(g.chart), 'PrometheusRule').spec.groups[0].rules).toEqual([
      { record: 'job:http_requests:rate5m', expr: 'sum by (job) (rate(http_requests_total[5m]))', labels: { tier: 'api' } },
    ]);
    const result = promtoolCheckRules({ 'r.yaml': g.rules.toRuleFile() });
    expect(result.ok).toBe(true);
  });

  test('rejects a name outside the level:metric:operations convention', () => {
    expect(() => group().group.addRecord('http_requests_rate5m', { expr: 'vector(1)' }))
      .toThrow('[x/rec/rec/http_requests_rate5m] record: must follow the level:metric:operations convention (e.g. "job:http_requests:rate5m"); received "http_requests_rate5m"');
  });

  test('rejects an invalid metric name (for 2.42: outside the legacy set)', () => {
    expect(() => group(PrometheusVersion.V2_42).group.addRecord('job:http-requests:rate5m', { expr: 'vector(1)' }))
      .toThrow('[x/rec/rec/job:http-requests:rate5m] record: must match [a-zA-Z_:][a-zA-Z0-9_:]*');
  });

  test('rejects an invalid expression with the path', () => {
    expect(() => group().group.addRecord('job:x:sum', { expr: 'sum(' })).toThrow('[x/rec/rec/job:x:sum] expr: invalid PromQL "sum(" at 1:5: unexpected end of input');
  });

  test('rejects a subquery result', () => {
    expect(() => group().group.addRecord('job:x:rate5m', { expr: 'rate(x[5m])[30m:1m]' }))
      .toThrow('[x/rec/rec/job:x:rate5m] expr: a rule must return an instant vector or a scalar, but "rate(x[5m])[30m:1m]" returns a range vector (subquery)');
  });

  test('rejects a bad label name', () => {
    expect(() => group(PrometheusVersion.V2_42).group.addRecord('job:x:sum', { expr: 'vector(1)', labels: { '1x': 'a' } })).toThrow('[x/rec/rec/job:x:sum] labels name: must match');
    expect(() => group().group.addRecord('job:x:sum', { expr: 'vector(1)', labels: { '': 'a' } })).toThrow('[x/rec/rec/job:x:sum] labels name: must not be empty');
  });
});
