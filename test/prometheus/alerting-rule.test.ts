import { Duration, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { ConstructQueries, MonitoringChart, PrometheusVersion, Severity, ValidationError } from '../../lib/core';
import { AlertingRule, PrometheusRule, RuleGroup } from '../../lib/prometheus';
import { RuleTests } from '../../lib/prometheus/rule-tests';
import { one, synth } from '../util/synth';
import { promtoolCheckRules, promtoolTestRules, TOOL_VERSIONS } from '../util/tools';

function group(interval?: Duration, prometheus?: PrometheusVersion): { chart: MonitoringChart; rules: PrometheusRule; group: RuleGroup } {
  const chart = new MonitoringChart(Testing.app(), 'festivals', { partOf: 'festivals', namespace: 'festivals', targetVersions: prometheus === undefined ? undefined : { prometheus } });
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

  test('rejects an alert name Prometheus rejects (2.42: outside the legacy set; 3.x: empty)', () => {
    expect(() => group(undefined, PrometheusVersion.V2_42).group.addAlert('High-Error-Rate', base))
      .toThrow('[festivals/api-alerts/api/High-Error-Rate] alert: must match [a-zA-Z_:][a-zA-Z0-9_:]* (Prometheus metric name); received "High-Error-Rate"');
    expect(() => new AlertingRule(group().group, 'x', { ...base, alertName: '' })).toThrow('[festivals/api-alerts/api/x] alert: must not be empty');
  });

  test('rejects a bad label name', () => {
    expect(() => group(undefined, PrometheusVersion.V2_42).group.addAlert('A', { ...base, labels: { 'team-name': 'x' } }))
      .toThrow('[festivals/api-alerts/api/A] labels name: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received "team-name"');
    expect(() => group().group.addAlert('A', { ...base, labels: { '__team': 'x' } })).toThrow('[festivals/api-alerts/api/A] labels name: names starting with "__" are reserved for Prometheus internal use; received "__team"');
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
    expect(() => group(undefined, PrometheusVersion.V2_42).group.addAlert('A', { ...base, annotations: { 'runbook-url': 'x' } }))
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

describe('UTF-8 names in rules, per target release', () => {
  function v3group(version = PrometheusVersion.V3_5): { chart: MonitoringChart; rules: PrometheusRule; group: RuleGroup } {
    const chart = new MonitoringChart(Testing.app(), 'otel', { partOf: 'otel', namespace: 'otel', targetVersions: { prometheus: version } });
    const rules = new PrometheusRule(chart, 'Rules', { name: 'otel' });
    return { chart, rules, group: rules.addGroup('http') };
  }
  const utf8Alert = {
    expr: 'sum by ("http.route") (rate({"http.server.request.duration_seconds_count", "http.response.status_code"=~"5.."}[5m])) > 1',
    severity: Severity.WARNING,
    summary: 'errors',
    labels: { 'service.name': 'checkout' },
    annotations: { 'dashboard.url': 'https://grafana.example.com/d/x' },
  };

  test('a 3.x target takes UTF-8 label and annotation names, record names and quoted names; promtool 3.5 loads and evaluates them', () => {
    const g = v3group();
    g.group.addAlert('Http.Errors', utf8Alert).addTest({
      inputSeries: [
        { series: '{"http.server.request.duration_seconds_count", "http.route"="/cart", "http.response.status_code"="500"}', values: '0+120x10' },
      ],
      expectations: [{ at: Duration.minutes(10), alerts: [{ labels: { 'http.route': '/cart', 'service.name': 'checkout' } }] }],
    });
    g.group.addRecord('route:http.server.request.duration_seconds_count:rate5m', {
      expr: 'sum by ("http.route") (rate({"http.server.request.duration_seconds_count"}[5m]))',
      labels: { 'service.name': 'checkout' },
    });
    const { files, ruleFiles, testFiles } = RuleTests.render(g.chart);
    const lts = TOOL_VERSIONS[1];
    const check = promtoolCheckRules(Object.fromEntries(ruleFiles.map((f) => [f, files[f]])), lts);
    expect(check.output).toContain('SUCCESS: 2 rules found');
    const test = promtoolTestRules(testFiles[0], files, lts);
    expect(test.output).toContain('SUCCESS');
    // and Prometheus 2.42 refuses the same file, as the library does for a 2.42 target
    expect(promtoolCheckRules(Object.fromEntries(ruleFiles.map((f) => [f, files[f]])), TOOL_VERSIONS[0]).ok).toBe(false);
  });

  test('a 2.42 target refuses each UTF-8 name with the release, the target and the fix', () => {
    const target = 'the target is Prometheus 2.42 (targetVersions.prometheus)';
    const group = () => v3group(PrometheusVersion.V2_42);
    expect(() => group().group.addAlert('A', { ...base, labels: { 'service.name': 'checkout' } })).toThrow(
      `[otel/Rules/http/A] labels name: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received "service.name", a UTF-8 name, unknown to Prometheus 2.42 and checked from Prometheus 3.5 on; ${target}. Use "service_name", or declare targetVersions: { prometheus: PrometheusVersion.V3_5 } if every Prometheus that loads it runs 3.x`,
    );
    expect(() => group().group.addAlert('A', { ...base, annotations: { 'dashboard.url': 'x' } })).toThrow('[otel/Rules/http/A] annotations name: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received "dashboard.url", a UTF-8 name');
    expect(() => group().group.addAlert('Http.Errors', base)).toThrow('[otel/Rules/http/Http.Errors] alert: must match [a-zA-Z_:][a-zA-Z0-9_:]* (Prometheus metric name); received "Http.Errors", a UTF-8 name');
    expect(() => group().group.addRecord('job:http.requests:rate5m', { expr: 'vector(1)' })).toThrow('[otel/Rules/http/job:http.requests:rate5m] record: must match [a-zA-Z_:][a-zA-Z0-9_:]* (Prometheus metric name); received "job:http.requests:rate5m", a UTF-8 name');
    expect(() => group().group.addRecord('job:x:sum', { expr: 'vector(1)', labels: { 'service.name': 'x' } })).toThrow('[otel/Rules/http/job:x:sum] labels name: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received "service.name", a UTF-8 name');
    const alert = group().group.addAlert('A', { ...base, expr: 'up > 0' });
    expect(() => alert.addTest({ inputSeries: [{ series: 'up', values: '1' }], expectations: [{ at: Duration.minutes(1), alerts: [{ labels: { 'service.name': 'x' } }] }] })).toThrow(
      '[otel/Rules/http/A/Test1] expectations[0].alerts[0].labels name: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received "service.name", a UTF-8 name',
    );
  });

  // Prometheus 3.5 to 3.9 write on()/ignoring()/group_left()/group_right() labels without their quotes when they
  // print a rule's expression, and evaluate the printed text: promtool 3.5 loads the rule, and every evaluation fails.
  test('a UTF-8 label in vector matching is refused for rules below 3.10, as its evaluation fails in promtool 3.5', () => {
    const expr = 'x * on ("job.name") group_left ("team.name") y > 0';
    const file = yaml.dump({ groups: [{ name: 'g', rules: [{ alert: 'Matching', expr }] }] });
    const lts = TOOL_VERSIONS[1];
    expect(promtoolCheckRules({ 'r.yaml': file }, lts).ok).toBe(true);
    const test = yaml.dump({
      rule_files: ['r.yaml'],
      tests: [{ interval: '1m', input_series: [{ series: 'x{"job.name"="a"}', values: '1x5' }, { series: 'y{"job.name"="a", "team.name"="t"}', values: '1x5' }], alert_rule_test: [{ eval_time: '2m', alertname: 'Matching', exp_alerts: [] }] }],
    });
    expect(promtoolTestRules('t.yaml', { 'r.yaml': file, 't.yaml': test }, lts).output).toContain("parse error: unexpected character: '.'");
    expect(() => v3group().group.addAlert('Matching', { ...base, expr })).toThrow(
      '[otel/Rules/http/Matching] expr: Prometheus 3.5 to 3.9 print the label "job.name" of on()/ignoring()/group_left()/group_right() without its quotes and evaluate a rule from its printed text, so every evaluation of the rule would fail ("unexpected character"; fixed in Prometheus 3.10); the target is Prometheus 3.5 (targetVersions.prometheus). Match on labels of letters, digits and underscores (copy the label with label_replace() first), or declare targetVersions: { prometheus: PrometheusVersion.of(\'3.10\') } if every Prometheus that loads it runs 3.10 or later; received "x * on (\\"job.name\\") group_left (\\"team.name\\") y > 0"',
    );
    expect(() => v3group().group.addRecord('job:x:ratio', { expr: 'x / ignoring ("a.b") y' })).toThrow('[otel/Rules/http/job:x:ratio] expr: Prometheus 3.5 to 3.9 print the label "a.b" of on()');
    // legacy names in quotes print as they should; a 3.10 target may use UTF-8 ones
    expect(() => v3group().group.addAlert('Quoted', { ...base, expr: 'x * on ("job") group_left ("team") y > 0' })).not.toThrow();
    expect(() => v3group(PrometheusVersion.of('3.10')).group.addAlert('Matching', { ...base, expr })).not.toThrow();
  });
});
