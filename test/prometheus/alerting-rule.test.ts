import { Duration, Testing } from 'cdk8s';
import { ConstructQueries, MonitoringChart, Severity, ValidationError } from '../../lib/core';
import { AlertingRule, PrometheusRule, RuleGroup } from '../../lib/prometheus';
import { one, synth } from '../util/synth';
import { promtoolCheckRules } from '../util/tools';

function group(interval?: Duration): { chart: MonitoringChart; rules: PrometheusRule; group: RuleGroup } {
  const chart = new MonitoringChart(Testing.app(), 'festivals', { partOf: 'festivals', namespace: 'festivals' });
  const rules = new PrometheusRule(chart, 'api-alerts', { name: 'api-alerts' });
  return { chart, rules, group: rules.addGroup('api', { interval }) };
}

const base = { expr: 'up == 0', severity: Severity.WARNING, summary: 'down' };

describe('AlertingRule', () => {
  test('an invalid expression names the alert path and the field', () => {
    expect(() => group().group.addAlert('HighErrorRate', { ...base, expr: 'rate(x[5m]' }))
      .toThrow('[festivals/api-alerts/api/HighErrorRate] expr: invalid PromQL "rate(x[5m]" at 1:11: unexpected end of input');
  });

  test('the expression is kept with its alert, found by ConstructQueries', () => {
    const g = group();
    const alert = g.group.addAlert('ApiDown', { ...base, expr: 'up{job="api"} == 0' });
    const recorded = ConstructQueries.promqlUnder(g.chart).filter((r) => r.scope === alert);
    expect(recorded.map((r) => [r.field, r.query.expression])).toEqual([['expr', 'up{job="api"} == 0']]);
  });

  test('exposes what other modules need', () => {
    const alert = group().group.addAlert('ApiDown', { ...base, for: Duration.minutes(5), labels: { team: 'api' }, runbookUrl: 'https://r.example.com/x' });
    expect(alert).toBeInstanceOf(AlertingRule);
    expect(alert.alertName).toBe('ApiDown');
    expect(alert.labels).toEqual({ severity: 'warning', team: 'api' });
    expect(alert.annotations).toEqual({ summary: 'down', runbook_url: 'https://r.example.com/x' });
  });

  test('rejects an expression returning a range vector', () => {
    expect(() => group().group.addAlert('A', { ...base, expr: '(http_requests_total[5m])' }))
      .toThrow('[festivals/api-alerts/api/A] expr: a rule must return an instant vector or a scalar, but "(http_requests_total[5m])" returns a range vector; wrap it in a function such as rate() or max_over_time()');
  });

  test('rejects a `for` shorter than the group interval', () => {
    expect(() => group(Duration.minutes(1)).group.addAlert('Flappy', { ...base, for: Duration.seconds(30) }))
      .toThrow('[festivals/api-alerts/api/Flappy] for: must be at least the rule group interval (1m), since the rule is only evaluated that often; received 30s');
  });

  test('accepts a `for` equal to the group interval', () => {
    const g = group(Duration.minutes(1));
    g.group.addAlert('Ok', { ...base, for: Duration.minutes(1) });
    expect(one(synth(g.chart), 'PrometheusRule').spec.groups[0].rules[0].for).toBe('1m');
  });

  test('rejects an alert name Prometheus rejects', () => {
    expect(() => group().group.addAlert('High-Error-Rate', base))
      .toThrow('[festivals/api-alerts/api/High-Error-Rate] alert: must match [a-zA-Z_:][a-zA-Z0-9_:]* (Prometheus metric name); received "High-Error-Rate"');
  });

  test('rejects a bad label name', () => {
    expect(() => group().group.addAlert('A', { ...base, labels: { 'team-name': 'x' } }))
      .toThrow('[festivals/api-alerts/api/A] labels name: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received "team-name"');
  });

  test('rejects a reserved label name', () => {
    expect(() => group().group.addAlert('A', { ...base, labels: { __tenant: 'x' } }))
      .toThrow('[festivals/api-alerts/api/A] labels name: names starting with "__" are reserved for Prometheus internal use; received "__tenant"');
  });

  test('a Severity.of() with an invalid name is reported by the rule that uses it, with its path', () => {
    const severity = Severity.of('Page!');
    expect(() => new AlertingRule(group().group, 'Down', { ...base, severity })).toThrow('[festivals/api-alerts/api/Down] severity: must be lower-case letters, digits, \'-\' or \'_\', starting with a letter; received "Page!"');
  });

  test('rejects severity given as a label', () => {
    expect(() => group().group.addAlert('A', { ...base, labels: { severity: 'page' } }))
      .toThrow('[festivals/api-alerts/api/A] labels: "severity" is set by the rule itself; use the severity option');
  });

  test('rejects $value in a label (it would make a new alert at every evaluation)', () => {
    expect(() => group().group.addAlert('A', { ...base, labels: { current: '{{ $value }}' } }))
      .toThrow('[festivals/api-alerts/api/A] labels["current"]: labels must not use $value');
  });

  test('rejects an unterminated template in an annotation', () => {
    expect(() => group().group.addAlert('A', { ...base, description: 'Error rate is {{ $value | humanizePercentage' }))
      .toThrow('[festivals/api-alerts/api/A] annotations["description"]: unterminated template action (missing "}}")');
  });

  test('rejects a bad annotation name', () => {
    expect(() => group().group.addAlert('A', { ...base, annotations: { 'runbook-url': 'x' } }))
      .toThrow('[festivals/api-alerts/api/A] annotations name: must match [a-zA-Z_][a-zA-Z0-9_]*');
  });

  test('rejects an annotation that duplicates an option', () => {
    expect(() => group().group.addAlert('A', { ...base, annotations: { summary: 'x' } }))
      .toThrow('[festivals/api-alerts/api/A] annotations: "summary" is set by the summary option; remove it from annotations');
  });

  test('rejects a runbook that is not an http(s) URL', () => {
    expect(() => group().group.addAlert('A', { ...base, runbookUrl: 'wiki/runbooks/a' }))
      .toThrow('[festivals/api-alerts/api/A] runbookUrl: must be an absolute http(s) URL; received "wiki/runbooks/a"');
  });

  test('rejects an empty summary', () => {
    expect(() => group().group.addAlert('A', { ...base, summary: ' ' })).toThrow('[festivals/api-alerts/api/A] summary: must not be empty');
  });

  test('templated annotations and labels pass promtool check rules', () => {
    const g = group(Duration.seconds(30));
    g.group.addAlert('HighErrorRate', {
      expr: 'sum by (job) (rate(http_requests_total{status=~"5.."}[5m])) / sum by (job) (rate(http_requests_total[5m])) > 0.05',
      for: Duration.minutes(5),
      severity: Severity.CRITICAL,
      labels: { service: '{{ $labels.job }}' },
      summary: 'High error rate on {{ $labels.job }}',
      description: 'Error rate is {{ $value | humanizePercentage }}',
      runbookUrl: 'https://runbooks.example.com/{{ $labels.job }}/errors',
    });
    const result = promtoolCheckRules({ 'r.yaml': g.rules.toRuleFile() });
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });
});

describe('from plain JavaScript (no type checker), wrong types fail with the field, never a TypeError', () => {
  const plain = () => new PrometheusRule(new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' }), 'Rules', { name: 'rules' }).addGroup('g');
  const base = { expr: 'up == 0', severity: Severity.CRITICAL, summary: 'down' };
  test.each([
    [{ summary: undefined }, '[x/Rules/g/A] summary: must be a string, e.g. \'Checkout answers 5xx\'; received undefined'],
    [{ expr: undefined }, '[x/Rules/g/A] expr: must be a string, e.g. \'sum by (namespace) (rate(errors_total[5m])) > 1\'; received undefined'],
    [{ for: 300 }, '[x/Rules/g/A] for: must be a Duration, e.g. Duration.minutes(5); received 300 (a number)'],
    [{ severity: 'critical' }, '[x/Rules/g/A] severity: must be a Severity: Severity.CRITICAL, Severity.WARNING, Severity.INFO or Severity.of(\'page\'); received "critical"'],
    [{ labels: { team: 3 } }, '[x/Rules/g/A] labels["team"]: must be a string; received 3 (a number)'],
  ])('%p', (wrong, message) => {
    let thrown: unknown;
    try {
      plain().addAlert('A', { ...base, ...wrong } as any);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as Error).message).toBe(message);
  });
});
