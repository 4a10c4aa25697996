import { Duration, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { ConstructQueries, LogQL, MonitoringChart, Severity } from '../../lib/core';
import { LokiRules } from '../../lib/loki';
import { one, synth } from '../util/synth';

function chart(): MonitoringChart {
  return new MonitoringChart(Testing.app(), 'x', { partOf: 'erp', namespace: 'erp' });
}
const ALERT = 'sum by (app) (count_over_time({namespace="erp"} | json | level=~"ERROR|CRITICAL" [5m])) > 0';

describe('LokiRules', () => {
  test('renders the ruler format in a ConfigMap labelled and annotated for the rules sidecar', () => {
    const c = chart();
    const rules = new LokiRules(c, 'LogRules');
    const group = rules.addGroup('erp-logs', { interval: Duration.minutes(1) });
    group.addAlert('CriticalErrorLogged', {
      expr: ALERT, for: Duration.minutes(0), severity: Severity.CRITICAL, summary: 'A critical error was logged in {{ $labels.app }}',
      runbookUrl: 'https://runbooks.example.com/erp#critical', labels: { team: 'erp' },
    });
    group.addRecord('app:log_errors:rate5m', { expr: 'sum by (app) (rate({namespace="erp"} |= "ERROR" [5m]))', labels: { source: 'loki' } });
    const cm = one(synth(c), 'ConfigMap');
    expect(cm.metadata.labels).toMatchObject({ loki_rule: '1' });
    expect(cm.metadata.name).toMatch(/^x-logrules-[0-9a-f]{8}$/);
    expect(Object.keys(cm.data)).toEqual([`${cm.metadata.name}.yaml`]);
    expect(cm.metadata.annotations).toEqual({ 'k8s-sidecar-target-directory': '/rules/fake' });
    const file = yaml.load(cm.data[`${cm.metadata.name}.yaml`]) as any;
    expect(file).toEqual({
      groups: [{
        name: 'erp-logs', interval: '1m',
        rules: [
          {
            alert: 'CriticalErrorLogged', expr: ALERT, for: '0s', labels: { severity: 'critical', team: 'erp' },
            annotations: { summary: 'A critical error was logged in {{ $labels.app }}', runbook_url: 'https://runbooks.example.com/erp#critical' },
          },
          { record: 'app:log_errors:rate5m', expr: 'sum by (app) (rate({namespace="erp"} |= "ERROR" [5m]))', labels: { source: 'loki' } },
        ],
      }],
    });
    // Every expression in the file parses with the LogQL grammar.
    for (const r of file.groups[0].rules) expect(() => LogQL.parse(r.expr)).not.toThrow();
  });

  test('the label and tenant are configurable', () => {
    const c = chart();
    const rules = new LokiRules(c, 'LogRules', { sidecarLabels: { 'loki.grafana.com/rule': 'true' }, tenant: 'erp', rulesDirectory: '/etc/loki/rules' });
    rules.addGroup('g').addAlert('A', { expr: 'count_over_time({a="b"}[1m]) > 1', severity: Severity.WARNING, summary: 's' });
    const cm = one(synth(c), 'ConfigMap');
    expect(cm.metadata.labels).toMatchObject({ 'loki.grafana.com/rule': 'true' });
    expect(cm.metadata.labels!.loki_rule).toBeUndefined();
    expect(cm.metadata.annotations!['k8s-sidecar-target-directory']).toBe('/etc/loki/rules/erp');
  });

  test('expressions are recorded for app-wide checks', () => {
    const c = chart();
    new LokiRules(c, 'LogRules').addGroup('g').addAlert('A', { expr: ALERT, severity: Severity.WARNING, summary: 's' });
    expect(ConstructQueries.logqlUnder(c).map((r) => `${r.scope.node.path} ${r.field}`)).toEqual(['x/LogRules/g rules["A"].expr']);
  });

  test('an invalid LogQL expression is rejected with the path, the field and the position', () => {
    const group = new LokiRules(chart(), 'LogRules').addGroup('g');
    expect(() => group.addAlert('Broken', { expr: 'sum(count_over_time({app="a"}[5m])', severity: Severity.WARNING, summary: 's' }))
      .toThrow('[x/LogRules/g] rules["Broken"].expr: invalid LogQL "sum(count_over_time({app=\\"a\\"}[5m])" at 1:35: unexpected end of input');
  });

  test('a log query (lines, not samples) is rejected', () => {
    const group = new LokiRules(chart(), 'LogRules').addGroup('g');
    expect(() => group.addAlert('Lines', { expr: '{namespace="erp"} |= "ERROR"', severity: Severity.WARNING, summary: 's' }))
      .toThrow('[x/LogRules/g] rules["Lines"].expr: the Loki ruler evaluates metric queries only');
  });

  test('an __error__ filter before unwrap and none after it is rejected: Loki fails the evaluation on a conversion error', () => {
    const group = new LokiRules(chart(), 'LogRules').addGroup('g');
    const before = 'quantile_over_time(0.99, {namespace="erp"} | json | __error__="" | unwrap duration_ms [5m]) by (app) > 500';
    expect(() => group.addAlert('Slow', { expr: before, severity: Severity.WARNING, summary: 's' })).toThrow(
      `[x/LogRules/g] rules["Slow"].expr: the __error__ filter is before "| unwrap duration_ms": it does not drop the values unwrap cannot convert, and Loki fails the evaluation on them; `
      + `filter after the unwrap ("| unwrap duration_ms | __error__=\\"\\""), which also drops the lines the parser could not read; received ${JSON.stringify(before)}`);
    expect(() => group.addRecord('app:duration_ms:p99', { expr: 'quantile_over_time(0.99, {namespace="erp"} | logfmt | __error__="" | unwrap duration(took) [5m]) by (app)' }))
      .toThrow('[x/LogRules/g] rules["app:duration_ms:p99"].expr: the __error__ filter is before "| unwrap duration(took)"');
    group.addAlert('SlowAfter', { expr: before.replace('| __error__="" | unwrap duration_ms', '| unwrap duration_ms | __error__=""'), severity: Severity.WARNING, summary: 's' });
    group.addAlert('SlowUnfiltered', { expr: before.replace('| __error__="" ', ''), severity: Severity.WARNING, summary: 's' });
    expect(group.ruleCount).toBe(2);
  });

  test('names, duplicates, severity in labels and empty groups are rejected', () => {
    const c = chart();
    const rules = new LokiRules(c, 'LogRules');
    const group = rules.addGroup('g');
    expect(() => group.addRecord('errors_rate', { expr: 'count_over_time({a="b"}[1m])' })).toThrow('[x/LogRules/g] record: must follow the level:metric:operations convention');
    expect(() => group.addAlert('Bad-Name', { expr: 'count_over_time({a="b"}[1m]) > 0', severity: Severity.INFO, summary: 's' })).toThrow('[x/LogRules/g] rules["Bad-Name"].alert: must match');
    group.addAlert('A', { expr: 'count_over_time({a="b"}[1m]) > 0', severity: Severity.INFO, summary: 's' });
    expect(() => group.addAlert('A', { expr: 'count_over_time({a="b"}[1m]) > 0', severity: Severity.INFO, summary: 's' })).toThrow('[x/LogRules/g] rules["A"]: a rule named "A" is already in group "g"');
    expect(() => group.addAlert('B', { expr: 'count_over_time({a="b"}[1m]) > 0', severity: Severity.INFO, summary: 's', labels: { severity: 'x' } })).toThrow('set the severity with the severity prop');
    expect(() => group.addAlert('C', { expr: 'count_over_time({a="b"}[1m]) > 0', severity: Severity.INFO, summary: 's', labels: { n: '{{ $value }}' } }))
      .toThrow('[x/LogRules/g] rules["C"].labels["n"]: must not use {{ $value }}');
    expect(() => rules.addGroup('g')).toThrow('[x/LogRules] groups["g"]: a group of this name already exists');
    rules.addGroup('empty');
    expect(() => synth(c)).toThrow('[x/LogRules] groups["empty"]: the group has no rules');
  });
});

describe('Loki alert templates (Prometheus\' template engine and functions, as the ruler expands them)', () => {
  test.each([
    ['summary', { summary: '{{ $labels.app | nosuchfunc }}' }, 'rules["A"].summary: invalid template: function "nosuchfunc" not defined (the Loki ruler would refuse the rule file); received "{{ $labels.app | nosuchfunc }}"'],
    ['description', { description: 'x {{ end }}' }, 'rules["A"].description: invalid template: unexpected {{end}}'],
    ['annotation', { annotations: { hint: '{{ $nope }}' } }, 'rules["A"].annotations["hint"]: invalid template: undefined variable "$nope"'],
    ['label', { labels: { team: '{{ if true }}x' } }, 'rules["A"].labels["team"]: invalid template: unexpected EOF'],
  ])('a broken %s template fails with the rule and field', (_what, wrong, message) => {
    const group = new LokiRules(chart(), 'LogRules').addGroup('g');
    expect(() => group.addAlert('A', { expr: ALERT, severity: Severity.WARNING, summary: 'ok {{ $labels.app }}', ...wrong })).toThrow(message);
  });
});
