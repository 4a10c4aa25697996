import * as yaml from 'js-yaml';
import { App } from 'cdk8s';
import { GrafanaVersion, LokiVersion, MonitoringApp, MonitoringChart, PrometheusOperatorVersion, PrometheusVersion, PromQL, prometheus, Severity } from '../../lib';
import { promtoolCheckRules, TOOL_VERSIONS } from '../util/tools';

// Differential test of PromQL.parse against the real parsers: every expression goes through the library
// and through `promtool check rules` of both versions, and the verdicts must agree both ways (accepted by
// the library <=> accepted by promtool). The only deliberate difference: functions one version lacks
// are refused (the library's output must load in both).

const VALID = [
  'up',
  'up{job="api"} == 0',
  'sum by (job) (rate(http_requests_total{status=~"5.."}[5m])) / sum by (job) (rate(http_requests_total[5m])) > 0.05',
  'histogram_quantile(0.95, sum by (le) (rate(h_bucket[5m])))',
  'topk(3, up)',
  'quantile(0.9, up)',
  'count_values("v", up)',
  'label_replace(up, "d", "$1", "s", "(.*)")',
  'label_join(up, "d", ",", "a", "b", "c")',
  'round(up)',
  'round(up, 5)',
  'day_of_week()',
  'day_of_week(up)',
  'vector(1)',
  'scalar(up) > bool 1',
  '1 > bool 2',
  '1 + 2',
  '-up',
  'up offset 5m',
  'rate(up[5m] offset 1m)',
  'max_over_time(up[1h:5m])',
  'max_over_time((up + 1)[1h:5m])',
  'up and on(job) down',
  'up * on(job) group_left(team) meta',
  'up * ignoring(instance) group_right meta',
  'absent(up{job="x"})',
  'absent_over_time(up[5m])',
  'clamp(up, 0, 1)',
  'predict_linear(up[1h], 3600) < 0',
  'quantile_over_time(0.9, up[5m])',
  'vector(0)',
  'sort_desc(up)',
  'time() - timestamp(up) > 60',
  '{__name__="up", job="x"}',
  '{__name__="up"}',
  '{job=~".+"}',
  '{job!=""}',
  'up{job="a\\nb", x=~"\\\\d+"}',
  'up @ 100',
  'rate(up[5m] @ end())',
  'sum(up) by (job)',
  'sum without (instance) (up)',
  '(up)',
  'up{job=~"a|b", instance!~"x.*"}',
  'pi() > bool 3',
];

// Long and deep expressions, which lezer's parser cuts off (see lib/core/promql-parser.ts).
const terms = (n: number, term: (i: number) => string, op: string) => Array.from({ length: n }, (_, i) => term(i)).join(` ${op} `);
const nested = (n: number, open: string, inner: string, close: string) => open.repeat(n) + inner + close.repeat(n);
const LONG_VALID = [
  terms(260, (i) => `up{job="j${i}"}`, 'or'),
  terms(600, (i) => `m${i}`, '+'),
  terms(1500, (i) => `rate(m${i}[5m])`, '/'),
  terms(400, (i) => `sum by (job) (x${i})`, 'and on(job)'),
  terms(1200, (i) => `m${i}`, '^'),
  nested(1500, '(', 'up', ')'),
  nested(600, 'abs(', 'up', ')'),
  nested(300, 'sum by (job) (', 'up', ')'),
];
const LONG_INVALID = [
  `${terms(600, (i) => `m${i}`, '+')} +`,
  `${terms(300, (i) => `m${i}`, '+')} + rate(m) + ${terms(300, (i) => `n${i}`, '+')}`,
  `${terms(300, (i) => `m${i}`, '+')} + "a" + ${terms(300, (i) => `n${i}`, '+')}`,
  nested(600, 'abs(', 'up[5m]', ')'),
];
/** Deeper than the checks follow: promtool accepts them, the library refuses them with a clear message. */
const TOO_DEEP = [terms(20000, (i) => `m${i}`, '+'), nested(3000, 'abs(', 'up', ')')];

const INVALID = [
  // from the issue
  'rate(http_requests_total) > 0',
  'rate(x[0s])',
  'topk(x, up)',
  'a and on(job) group_left b',
  // types and counts
  'rate(up)',
  'irate(up[5m:1m] + 1)',
  'sum(up[5m])',
  'count_values(1, up)',
  'quantile("a", up)',
  'histogram_quantile(up, up)',
  'label_replace(up, "d", "$1", "s")',
  'label_join(up, "d")',
  'round(up, 1, 2)',
  'vector(up)',
  'scalar(up[5m])',
  'abs(1)',
  'time(up)',
  'nosuchfunction(up)',
  'up + up[5m]',
  'up + x[5m:1m]',
  '"a" + 1',
  '1 > 2',
  'up + bool 1',
  '1 and up',
  'up and 1',
  '1 + on(job) up',
  'up or on(job) group_left down',
  'up * on(job) group_left(job) down',
  'sum(up) offset 5m',
  '(up) offset 5m',
  'max_over_time(up[0s:1m])',
  '{job=""}',
  '{job=~".*"}',
  '{job!="x"}',
  '-"a"',
  'sum(up, up)',
  'up{job=~"(?=api).*"}',
  'up{job="a\\qb"}',
  'up{job=~"a|"} or {job=~"a|"}',
];

const NOT_PORTABLE = [
  'holt_winters(up[5m], 0.5, 0.5)',
  'histogram_avg(up)',
];

const ALL = [...VALID, ...LONG_VALID, ...INVALID, ...LONG_INVALID, ...NOT_PORTABLE];
const short = (expr: string) => (expr.length > 80 ? `${expr.slice(0, 60)}... (${expr.length} characters)` : expr);

function libraryAccepts(expr: string, prometheus?: PrometheusVersion): boolean {
  try {
    PromQL.parse(expr, { prometheus });
    return true;
  } catch {
    return false;
  }
}

describe.each(TOOL_VERSIONS.map((t) => [t.name, t] as const))('PromQL.parse against %s check rules', (_name, tool) => {
  let rejected: Set<number>;

  beforeAll(() => {
    const file = yaml.dump({ groups: [{ name: 'corpus', rules: ALL.map((expr) => ({ record: 'corpus:expr', expr })) }] }, { lineWidth: -1 });
    const result = promtoolCheckRules({ 'corpus.yaml': file }, tool);
    rejected = new Set([...result.output.matchAll(/rule (\d+), "corpus:expr"/g)].map((m) => Number(m[1]) - 1));
  });

  test.each(VALID.map((e) => [e]))('accepted by both: %s', (expr) => {
    expect({ expr, promtool: !rejected.has(ALL.indexOf(expr)) }).toEqual({ expr, promtool: true });
    expect({ expr, library: libraryAccepts(expr) }).toEqual({ expr, library: true });
  });

  test.each(LONG_VALID.map((e) => [short(e), e]))('long, accepted by both: %s', (_shown, expr) => {
    expect({ promtool: !rejected.has(ALL.indexOf(expr)) }).toEqual({ promtool: true });
    expect({ library: libraryAccepts(expr) }).toEqual({ library: true });
  });

  test.each(LONG_INVALID.map((e) => [short(e), e]))('long, rejected by both: %s', (_shown, expr) => {
    expect({ promtool: rejected.has(ALL.indexOf(expr)) }).toEqual({ promtool: true });
    expect({ library: libraryAccepts(expr) }).toEqual({ library: false });
  });

  test.each(INVALID.map((e) => [e]))('rejected by both: %s', (expr) => {
    expect({ expr, promtool: rejected.has(ALL.indexOf(expr)) }).toEqual({ expr, promtool: true });
    expect({ expr, library: libraryAccepts(expr) }).toEqual({ expr, library: false });
  });
});

test.each(NOT_PORTABLE.map((e) => [e]))('refused for a target of 2.42 to 3.5 because one promtool version rejects it: %s', (expr) => {
  const verdicts = TOOL_VERSIONS.map((tool) => promtoolCheckRules({ 'r.yaml': yaml.dump({ groups: [{ name: 'g', rules: [{ record: 'a:b', expr }] }] }) }, tool).ok);
  expect(verdicts).toContain(false);
  expect(libraryAccepts(expr, PrometheusVersion.V2_42)).toBe(false);
});

test('the rejection says what Prometheus says, where', () => {
  expect(() => PromQL.parse('rate(http_requests_total) > 0')).toThrow('invalid PromQL "rate(http_requests_total) > 0" at 1:6: expected type range vector in call to function "rate", got instant vector');
  expect(() => PromQL.parse('topk(x, up)')).toThrow('at 1:6: expected type scalar in aggregation parameter, got instant vector');
  expect(() => PromQL.parse('a and on(job) group_left b')).toThrow('no grouping allowed for "and" operation');
  expect(() => PromQL.parse('holt_winters(up[5m], 0.5, 0.5)')).toThrow('function "holt_winters" is not portable: Prometheus 3 removed it');
});

test.each(TOO_DEEP.map((e) => [short(e), e]))('deeper than the checks follow: a validation error, not a stack overflow, although promtool accepts it: %s', (_shown, expr) => {
  const verdicts = TOOL_VERSIONS.map((tool) => promtoolCheckRules({ 'r.yaml': yaml.dump({ groups: [{ name: 'g', rules: [{ record: 'a:b', expr }] }] }, { lineWidth: -1 }) }, tool).ok);
  expect(verdicts).toEqual(TOOL_VERSIONS.map(() => true));
  expect(() => PromQL.parse(expr)).toThrow(/^invalid PromQL "m0 \+ m1|^invalid PromQL "abs\(abs/);
  expect(() => PromQL.parse(expr)).toThrow(/nests more than 2000 levels deep .*; split it into recording rules$/);
});

test('a long expression is shown shortened in messages, with the error position', () => {
  const expr = `${terms(600, (i) => `m${i}`, '+')} +`;
  expect(() => PromQL.parse(expr)).toThrow(/^invalid PromQL "m0 \+ m1 .{100,200} … \(\d+ characters\) … .{50,120}m599 \+" at 1:\d+: unexpected end of input$/);
});

// Where the two releases differ, the library checks for the declared target (targetVersions.prometheus):
// for each promtool, the library with that release as target must give the same verdict, both ways.
const VERSIONED = ['histogram_avg(up)', 'histogram_stddev(up)', 'histogram_stdvar(up)', '{"http.server.duration"}', 'sum by ("a.b") (up)', 'up{"a.b"="c"}', '{"up"}', 'histogram_sum(up)'];

describe.each(TOOL_VERSIONS.map((t) => [t.name, t] as const))('with %s as the target', (name, tool) => {
  const target = PrometheusVersion.of(name.split(' ')[1]);
  let rejected: Set<number>;
  beforeAll(() => {
    const file = yaml.dump({ groups: [{ name: 'versioned', rules: VERSIONED.map((expr) => ({ record: 'corpus:expr', expr })) }] }, { lineWidth: -1 });
    rejected = new Set([...promtoolCheckRules({ 'versioned.yaml': file }, tool).output.matchAll(/rule (\d+), "corpus:expr"/g)].map((m) => Number(m[1]) - 1));
  });

  test.each(VERSIONED.map((e) => [e]))('same verdict as promtool: %s', (expr) => {
    let library = true;
    try {
      PromQL.parse(expr, { prometheus: target });
    } catch {
      library = false;
    }
    expect({ expr, library }).toEqual({ expr, library: !rejected.has(VERSIONED.indexOf(expr)) });
  });
});

describe('targetVersions', () => {
  const alert = (targetVersions: unknown, expr: string) => {
    const chart = new MonitoringChart(new App(), 'shop', { partOf: 'shop', namespace: 'shop', targetVersions: targetVersions as any });
    new prometheus.PrometheusRule(chart, 'Rules', {}).addGroup('g').addAlert('Latency', { expr, severity: Severity.WARNING, summary: 's' });
  };

  test('a chart that declares Prometheus 2.x is refused what 2.42 does not know, with the target and the fix', () => {
    const older = { prometheus: PrometheusVersion.V2_42 };
    expect(() => alert(older, 'histogram_avg(rate(h[5m])) > 1')).toThrow(
      '[shop/Rules/g/Latency] expr: invalid PromQL "histogram_avg(rate(h[5m])) > 1" at 1:1: function "histogram_avg" is unknown to Prometheus 2.42 and checked from Prometheus 3.5 on; the target is Prometheus 2.42 (targetVersions.prometheus). Use histogram_sum(x) / histogram_count(x), or declare targetVersions: { prometheus: PrometheusVersion.V3_5 } if every Prometheus that loads it runs 3.x',
    );
    expect(() => alert(older, '{"http.server.duration"} > 1')).toThrow('at 1:2: names in quotes (UTF-8 names) are unknown to Prometheus 2.42 and checked from Prometheus 3.5 on; the target is Prometheus 2.42');
    expect(() => alert({ prometheus: PrometheusVersion.of('2.53') }, '{"http.server.duration"} > 1')).toThrow('the target is Prometheus 2.53 (targetVersions.prometheus)');
    expect(() => alert({ prometheus: PrometheusVersion.of('3.0') }, '{"http.server.duration"} > 1')).toThrow('checked from Prometheus 3.5 on; the target is Prometheus 3.0 (targetVersions.prometheus)');
  });

  test('by default the target is the LTS, Prometheus 3.5: what promtool 3.5 accepts passes', () => {
    const lts = TOOL_VERSIONS.find((t) => t.name === 'promtool 3.5');
    expect(lts).toBeDefined();
    const rules = yaml.dump({ groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'histogram_avg(rate(h[5m])) > 1' }, { alert: 'B', expr: '{"http.server.duration"} > 1' }] }] });
    expect(promtoolCheckRules({ 'r.yaml': rules }, lts!).output).toContain('SUCCESS: 2 rules found');
    expect(() => alert(undefined, 'histogram_avg(rate(h[5m])) > 1')).not.toThrow();
    expect(() => alert({}, '{"http.server.duration"} > 1')).not.toThrow();
    expect(() => alert(undefined, 'holt_winters(x[5m], 0.5, 0.5) > 1')).toThrow('function "holt_winters" is not portable: Prometheus 3 removed it');
  });

  test('the app declares the target once; a chart field replaces the app field', () => {
    const app = new MonitoringApp({ targetVersions: { prometheus: PrometheusVersion.V2_42 } });
    const rule = (chart: MonitoringChart) => new prometheus.PrometheusRule(chart, 'Rules', {}).addGroup('g').addAlert('Latency', { expr: 'histogram_avg(rate(h[5m])) > 1', severity: Severity.WARNING, summary: 's' });
    expect(() => rule(new MonitoringChart(app, 'inherits', { partOf: 'shop', namespace: 'shop' }))).toThrow('[inherits/Rules/g/Latency] expr: invalid PromQL "histogram_avg(rate(h[5m])) > 1" at 1:1: function "histogram_avg" is unknown to Prometheus 2.42');
    expect(() => rule(new MonitoringChart(app, 'own', { partOf: 'shop', namespace: 'shop', targetVersions: { prometheus: PrometheusVersion.V3_5 } }))).not.toThrow();
    // a chart field for another tool keeps the app's Prometheus
    expect(() => rule(new MonitoringChart(app, 'other', { partOf: 'shop', namespace: 'shop', targetVersions: { grafana: GrafanaVersion.V12_0 } }))).toThrow('is unknown to Prometheus 2.42');
  });

  test('a chart that targets Prometheus 3.5 may use what 3.5 knows, and still not what it removed', () => {
    expect(() => alert({ prometheus: PrometheusVersion.V3_5 }, 'histogram_avg(rate(h[5m])) > 1')).not.toThrow();
    expect(() => alert({ prometheus: PrometheusVersion.of('3.5.3') }, '{"http.server.duration"} > 1')).not.toThrow();
    expect(() => alert({ prometheus: PrometheusVersion.V3_5 }, 'holt_winters(x[5m], 0.5, 0.5) > 1')).toThrow('function "holt_winters" is not portable: Prometheus 3 removed it');
  });

  test('versions and the setting are checked', () => {
    expect(PrometheusVersion.of('3')).toBeInstanceOf(PrometheusVersion);
    expect(() => alert({ prometheus: PrometheusVersion.of('3') }, 'up == 0')).toThrow('[shop] targetVersions.prometheus: expected "major.minor[.patch]", e.g. "3.5"; received "3"');
    expect(() => alert({ prometheus: PrometheusVersion.of('2.30') }, 'up == 0')).toThrow('[shop] targetVersions.prometheus: the library supports Prometheus 2.42 and later; received "2.30"');
    expect(() => PromQL.parse('up', { prometheus: PrometheusVersion.of('2.30') })).toThrow(/^options.prometheus: the library supports Prometheus 2.42 and later/);
    expect(() => alert({ prometheus: '3.5' }, 'up == 0')).toThrow('[shop] targetVersions.prometheus: must be a PrometheusVersion, e.g. PrometheusVersion.V3_5 or PrometheusVersion.of(\'3.5\'); received "3.5"');
    expect(() => alert('3.5', 'up == 0')).toThrow('[shop] targetVersions: must be an object, e.g. { prometheus: PrometheusVersion.V3_5 }; received "3.5"');
    expect(() => alert({ promethus: PrometheusVersion.V3_5 }, 'up == 0')).toThrow('[shop] targetVersions.promethus: unknown tool; targetVersions names prometheus, alertmanager, prometheusOperator, grafana, loki');
    expect(() => alert({ alertmanager: PrometheusVersion.V3_5 }, 'up == 0')).toThrow("[shop] targetVersions.alertmanager: must be an AlertmanagerVersion, e.g. AlertmanagerVersion.V0_28 or AlertmanagerVersion.of('0.28'); received");
    expect(() => alert({ prometheusOperator: PrometheusOperatorVersion.of('0.50') }, 'up == 0')).toThrow('[shop] targetVersions.prometheusOperator: the library supports Prometheus Operator 0.60 and later (AlertmanagerConfig v1alpha1 with matchers); received "0.50"');
    expect(() => alert({ grafana: GrafanaVersion.of('9.5') }, 'up == 0')).toThrow('[shop] targetVersions.grafana: the library supports Grafana 10.0 and later; received "9.5"');
    expect(() => alert({ loki: LokiVersion.of('v3') }, 'up == 0')).toThrow('[shop] targetVersions.loki: expected "major.minor[.patch]", e.g. "3.5"; received "v3"');
    expect(() => new MonitoringApp({ targetVersions: { loki: LokiVersion.of('2.8') } })).toThrow(/^targetVersions.loki: the library supports Loki 2.9 and later; received "2.8"$/);
    expect(() => new MonitoringApp({ targetVersions: [] as any })).toThrow('targetVersions: must be an object, e.g. { prometheus: PrometheusVersion.V3_5 }; received []');
  });

  test('versions compare by major and minor, and print as major.minor', () => {
    expect(PrometheusOperatorVersion.of('0.93.0').atLeast(PrometheusOperatorVersion.V0_80)).toBe(true);
    expect(PrometheusOperatorVersion.V0_80.atLeast(PrometheusOperatorVersion.V0_93)).toBe(false);
    expect(GrafanaVersion.of('12.3.1').atLeast(GrafanaVersion.V12_0)).toBe(true);
    expect(GrafanaVersion.V11_0.atLeast(GrafanaVersion.V12_0)).toBe(false);
    expect(LokiVersion.of('4.0').atLeast(LokiVersion.V3_5)).toBe(true);
    expect(String(LokiVersion.of('3.6.2'))).toBe('3.6');
    expect(String(PrometheusOperatorVersion.of('1.2.3'))).toBe('1.2');
  });
});
