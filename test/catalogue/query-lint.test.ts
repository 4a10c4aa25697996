import { Check, MetricCatalogue, MetricType, QueryLint, SKIP_ANNOTATION, StandardCatalogues } from '../../lib/catalogue';
import { Testing } from 'cdk8s';
import { MonitoringChart, SecretRef } from '../../lib/core';
import { FastSynthesis } from '../../lib/core/synthesizer';
import { ColumnUsage, PostgresExporter } from '../../lib/exporters';
import { PrometheusRule } from '../../lib/prometheus';
import { synth, one } from '../util/synth';
import { catalogues, chart, QueryHolder } from './fixtures';

/** Builds a chart with one query and the lint attached; returns the unsuppressed finding messages. */
function lint(expr: string, dashboard = false): string[] {
  const c = chart();
  const lint = new QueryLint(c, 'QueryLint', { catalogues: catalogues() });
  new QueryHolder(c, 'Panel', { 'targets[0].expr': expr }, dashboard);
  return lint.findings().filter((f) => f.suppressedBecause === undefined).map((f) => f.message);
}

describe('query checks', () => {
  test('a correct query has no finding, and the chart synthesizes', () => {
    const c = chart();
    new QueryLint(c, 'QueryLint', { catalogues: catalogues() });
    new QueryHolder(c, 'Panel', {
      a: 'sum by (path) (rate(http_requests_total{status=~"5..", job="shop"}[5m])) / sum by (path) (rate(http_requests_total[5m]))',
      b: 'histogram_quantile(0.95, sum by (le, path) (rate(http_request_duration_seconds_bucket{method="GET"}[5m])))',
      c: 'sum(orders_pending{region=~"north|south"}) > 10 and on() count(up{job="shop"} == 1) > 0',
      d: 'rpc_latency_seconds{quantile="0.99"} > 1 or rate(rpc_latency_seconds_sum[5m]) / rate(rpc_latency_seconds_count[5m]) > 0.5',
      e: 'absent(payments_total{result="failure"})',
      f: 'label_replace(orders_pending, "zone", "$1", "region", "(.*)") * on(zone) group_left() label_replace(orders_pending, "zone", "$1", "region", "(.*)")',
    });
    expect(QueryLint.of(c)!.findings()).toEqual([]);
    expect(() => synth(c)).not.toThrow();
  });

  test.each([
    'rate(http_requests_total[5m] offset 5m) > bool 0 and rate(http_requests_total[5m]) > 0',
    'rate(http_requests_total[5m] @ end())',
    'max_over_time(rate(http_requests_total[5m])[1h:1m])',
    'sum by (path) (rate(http_requests_total[5m])) * on (path) group_left (method) max by (path, method) (rate(http_requests_total[5m]))',
    'time() - max(orders_pending)',
    '-orders_pending',
    'clamp_min(sum by (region) (orders_pending), 0)',
    'quantile(0.9, orders_pending) or vector(0)',
    'count_values("pending", orders_pending)',
    'sort_desc(topk(3, sum by (region) (orders_pending)))',
    'avg_over_time(orders_pending[1h]) - deriv(orders_pending[1h]) + predict_linear(orders_pending[1h], 3600)',
    'sum(increase(payments_total[1h])) / 3600',
    'timestamp(payments_total) and changes(payments_total[1h]) > 0',
    'histogram_quantile(0.9, sum by (le) (increase(http_request_duration_seconds_bucket[1h])))',
    'histogram_quantile(0.9, rate(http_request_duration_seconds_bucket[5m]))',
    'sum(rate(http_request_duration_seconds_sum[5m])) / sum(rate(http_request_duration_seconds_count[5m]))',
    'count by (le) (http_request_duration_seconds_bucket)',
    'sum without (method, instance) (rate(http_requests_total[5m]))',
    'up{job="shop"} == 0 unless on (job) ALERTS{alertname="Maintenance"}',
    '{__name__=~"http_.*", path="/"}',
    'label_join(orders_pending, "where", "-", "region", "job")',
    'sum by (where) (label_join(orders_pending, "where", "-", "region", "job"))',
  ])('a correct idiom has no finding: %s', (expr) => {
    expect(lint(expr)).toEqual([]);
  });

  test('unknown metric, with a did-you-mean suggestion, the path, the field and the position', () => {
    expect(lint('sum(rate(http_request_total[5m]))')).toEqual([
      '[x/Panel] targets[0].expr: unknown metric "http_request_total": no attached catalogue, exporter or recording rule declares it; did you mean "http_requests_total"? at 1:10 in "sum(rate(http_request_total[5m]))" (unknown-metric; fix it, or QueryLint.suppress(construct, Check.UNKNOWN_METRIC, reason))',
    ]);
  });

  test('the synth fails with every unsuppressed finding', () => {
    const c = chart();
    new QueryLint(c, 'QueryLint', { catalogues: catalogues() });
    new QueryHolder(c, 'Panel', { expr: 'orders_pendng' });
    expect(() => synth(c)).toThrow(/\[x\] query lint: \[x\/Panel\] expr: unknown metric "orders_pendng".*did you mean "orders_pending"\? at 1:1/);
  });

  test('unknown label in a matcher', () => {
    expect(lint('rate(http_requests_total{code="500"}[5m])')).toEqual([
      expect.stringMatching(/^\[x\/Panel\] targets\[0\]\.expr: unknown label "code" on "http_requests_total" at 1:26 in .*\(unknown-label;/),
    ]);
  });

  test('unknown label in by, without, on and group_left clauses, on a multi-line expression', () => {
    const found = lint('sum by (stauts) (rate(http_requests_total[5m]))\n  / on (region) group_left (zone)\nsum without (regoin) (orders_pending)');
    expect(found).toEqual([
      expect.stringMatching(/unknown label "stauts" in the grouping of sum: .*; did you mean "status"\? at 1:9 /),
      expect.stringMatching(/unknown label "region" in on\(\): the left side carries \["stauts"\] at 2:9 /),
      expect.stringMatching(/unknown label "zone" in group_left\(\): the right side carries .* at 2:29 /),
      expect.stringMatching(/unknown label "regoin" in the grouping of sum: .*did you mean "region"\? at 3:14 /),
    ]);
  });

  test('rate over a gauge', () => {
    expect(lint('rate(orders_pending[5m]) > 0')).toEqual([
      expect.stringMatching(/^\[x\/Panel\] targets\[0\]\.expr: rate\(\) over "orders_pending", which is a gauge \(shop-api\): .* at 1:6 in "rate\(orders_pending\[5m\]\) > 0" \(rate-over-non-counter;/),
    ]);
    expect(lint('increase(rpc_latency_seconds{quantile="0.5"}[1h])')).toEqual([expect.stringMatching(/increase\(\) over "rpc_latency_seconds", which is a gauge/)]);
    expect(lint('irate(orders_pending[10m:1m])')).toEqual([expect.stringMatching(/irate\(\) over "orders_pending", which is a gauge .* at 1:7 /)]);
  });

  test('an untyped metric (node exporter vmstat) is checked for names and labels only', () => {
    const c = chart();
    const lint = new QueryLint(c, 'QueryLint', { catalogues: [StandardCatalogues.nodeExporter()] });
    new QueryHolder(c, 'Panel', { a: 'rate(node_vmstat_pgmajfault[5m]) > 10', b: 'node_vmstat_oom_kill > 0', c: 'node_vmstat_oom_kill{device="x"}' });
    expect(lint.findings().map((f) => `${f.field} ${f.check}`)).toEqual(['c unknown-label']);
  });

  test('a counter compared raw (no rate)', () => {
    expect(lint('payments_total{result="failure"} > 100')).toEqual([
      expect.stringMatching(/^\[x\/Panel\] targets\[0\]\.expr: counter "payments_total" \(shop-api\) is used without rate\(\), increase\(\), irate\(\) or resets\(\).* at 1:1 in .*\(counter-without-rate;/),
    ]);
    expect(lint('sum(http_request_duration_seconds_count)')).toEqual([expect.stringMatching(/counter "http_request_duration_seconds_count"/)]);
    // counting series or testing presence is fine
    expect(lint('count(payments_total) > 0 and changes(payments_total[1h]) > 0 unless absent(payments_total)')).toEqual([]);
  });

  test('a bare selector given as a series (rule test input, SLI selector) is checked for names only; as a query, it is a raw counter', () => {
    const c = chart();
    const lint = new QueryLint(c, 'QueryLint', { catalogues: catalogues() });
    new QueryHolder(c, 'Test', { 'inputSeries[0].series': 'payments_total{result="failure"}', 'inputSeries[1].series': 'payments_totl{result="failure"}', 'sli.total': 'http_requests_total{job="shop"}' });
    new QueryHolder(c, 'Panel', { 'targets[0].expr': 'payments_total' });
    expect(lint.findings().map((f) => `${f.path} ${f.field} ${f.check}`)).toEqual([
      'x/Test inputSeries[1].series unknown-metric',
      'x/Panel targets[0].expr counter-without-rate',
    ]);
  });

  test('histogram_quantile without sum by (le)', () => {
    expect(lint('histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m])))')).toEqual([
      expect.stringMatching(/histogram_quantile\(\) needs the "le" label, but "sum\(rate\(http_request_duration_seconds_bucket\[5m\]\)\)" aggregates it away: .* at 1:26 .*\(histogram-quantile-input;/),
    ]);
  });

  test('histogram_quantile over raw buckets, and over a non-bucket series', () => {
    expect(lint('histogram_quantile(0.95, http_request_duration_seconds_bucket)')).toEqual([
      expect.stringMatching(/histogram_quantile\(\) over the raw bucket counters "http_request_duration_seconds_bucket": take their rate first.* at 1:26 /),
    ]);
    expect(lint('histogram_quantile(0.9, rate(http_request_duration_seconds_sum[5m]))')).toEqual([
      expect.stringMatching(/histogram_quantile\(\) needs a "le" label, but "rate\(http_request_duration_seconds_sum\[5m\]\)" has none/),
    ]);
  });

  test('a regex matcher that cannot match any known value, and an equality matcher', () => {
    expect(lint('sum(orders_pending{region=~"east|west"})')).toEqual([
      expect.stringMatching(/region=~"east\|west" matches none of the known values of "orders_pending"'s "region" \["north","south"\] at 1:20 .*\(label-value-matches-nothing;/),
    ]);
    expect(lint('rate(payments_total{result="failed"}[5m])')).toEqual([expect.stringMatching(/result="failed" matches none of the known values .*\["success","failure"\]/)]);
    expect(lint('rate(payments_total{result=~"fail.*"}[5m])')).toEqual([]);
  });

  test('dashboard queries: Grafana variables are substituted and positions stay those of the text as written', () => {
    const expr = 'sum by (path) (rate(http_requests_total{path=~"$path"}[$__rate_interval])) / sum(rate(http_requets_total[$__rate_interval]))';
    const found = lint(expr, true);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`unknown metric "http_requets_total"`);
    expect(found[0]).toContain(` at 1:${expr.indexOf('http_requets_total') + 1} in ${JSON.stringify(expr)}`);
  });

  test('dashboard queries: names and values that come from template variables are not judged', () => {
    expect(lint('sum by ($group) (rate(payments_total{result=~"$result", ${label}="x"}[$__rate_interval])) / on($group) sum by ($group) (rate(${metric}[5m]))', true)).toEqual([]);
  });

  test('recording rules declared under the scope become known metrics, with the labels their expression keeps', () => {
    const c = chart();
    const lint = new QueryLint(c, 'QueryLint', { catalogues: catalogues() });
    new PrometheusRule(c, 'Rules').addGroup('shop').addRecord('path:http_requests:rate5m', { expr: 'sum by (path) (rate(http_requests_total[5m]))' });
    new QueryHolder(c, 'Panel', { ok: 'path:http_requests:rate5m{path="/"} > 1', bad: 'sum by (status) (path:http_requests:rate5m)' });
    expect(lint.findings().map((f) => f.message)).toEqual([expect.stringMatching(/^\[x\/Panel\] bad: unknown label "status" in the grouping of sum: its input carries \["__name__","path"\]/)]);
  });
});

describe('exporter constructs', () => {
  test('metrics an exporter construct under the scope provides (custom queries included) are known', () => {
    const c = chart();
    const lint = new QueryLint(c, 'QueryLint', { catalogues: catalogues() });
    new PostgresExporter(c, 'postgres-exporter', {
      connection: SecretRef.fromSecret('pg', 'dsn'),
      queries: [{ name: 'pg_shop', query: 'SELECT status, count(*) AS orders FROM orders GROUP BY status', columns: [
        { column: 'status', usage: ColumnUsage.LABEL, description: 'Order status' },
        { column: 'orders', usage: ColumnUsage.GAUGE, description: 'Orders by status' },
      ] }],
    });
    new QueryHolder(c, 'Panel', { a: 'sum by (status) (pg_shop_orders) > 0 and pg_up == 1', b: 'pg_shop_order{state="x"}' });
    // the exporter's built-in alerts pass too (their runbook findings are accepted: it was given no runbooks)
    expect(lint.findings().filter((f) => f.suppressedBecause === undefined).map((f) => `${f.field} ${f.detail}`)).toEqual([
      'b unknown metric "pg_shop_order": no attached catalogue, exporter or recording rule declares it; did you mean "pg_shop_orders"?',
    ]);
  });
});

describe('attaching', () => {
  test('QueryLint.attach creates the lint once and adds catalogues to it', () => {
    const c = chart();
    const [app, prometheus] = catalogues();
    const lint = QueryLint.attach(c, [app]);
    expect(QueryLint.attach(c, [prometheus])).toBe(lint);
    expect(QueryLint.of(c)).toBe(lint);
    new QueryHolder(c, 'Panel', { expr: 'up == 0 and rate(http_requests_total[5m]) > 0' });
    expect(lint.findings()).toEqual([]);
  });

  test('target labels are configurable, and only the given ones are accepted', () => {
    const c = chart();
    const lint = new QueryLint(c, 'QueryLint', { catalogues: catalogues(), targetLabels: ['job', 'instance', 'cluster'] });
    new QueryHolder(c, 'Panel', { expr: 'sum by (cluster, pod) (rate(http_requests_total[5m]))' });
    expect(lint.findings().map((f) => f.detail)).toEqual([expect.stringMatching(/^unknown label "pod" in the grouping of sum/)]);
  });
});

describe('several charts in one app', () => {
  test('each lint checks only the queries under its scope, validation after validation', () => {
    const app = Testing.app();
    const charts = ['a', 'b', 'c'].map((id) => new MonitoringChart(app, id, { partOf: id, namespace: id }));
    for (const c of charts) new QueryLint(c, 'QueryLint', { catalogues: catalogues() });
    new QueryHolder(charts[0], 'Panel', { expr: 'up == 0' });
    new QueryHolder(charts[1], 'Panel', { expr: 'orders_pendng > 0' });
    const validate = () => app.node.findAll().flatMap((c) => c.node.validate());
    expect(validate()).toEqual([expect.stringMatching(/^query lint: \[b\/Panel\] expr: unknown metric "orders_pendng"/)]);
    new QueryHolder(charts[2], 'Panel', { expr: 'payments_total > 0' });
    expect(validate()).toEqual([expect.stringMatching(/^query lint: \[b\/Panel\]/), expect.stringMatching(/^query lint: \[c\/Panel\] expr: counter "payments_total"/)]);
    expect(QueryLint.of(charts[2])!.findings().map((f) => f.path)).toEqual(['c/Panel']);
  });

  test('a synthesis lints every chart from one walk of the tree, and the next synthesis walks it again', () => {
    const app = Testing.app();
    const charts = ['a', 'b', 'c'].map((id) => new MonitoringChart(app, id, { partOf: id, namespace: id }));
    for (const c of charts) new QueryLint(c, 'QueryLint', { catalogues: catalogues() });
    // an app-wide lint beside the charts' own: both read the same walk
    new QueryLint(app, 'QueryLint', { catalogues: catalogues() });
    new QueryHolder(charts[0], 'Panel', { expr: 'up == 0' });
    new QueryHolder(charts[1], 'Panel', { expr: 'orders_pendng > 0' });
    const failures = () => {
      try {
        FastSynthesis.files(app);
        return [];
      } catch (e) {
        return (e as Error).message.split('\n').filter((line) => line.includes('query lint')).map((line) => line.trim());
      }
    };
    expect(failures()).toEqual([
      expect.stringMatching(/^\[\] query lint: \[b\/Panel\] expr: unknown metric "orders_pendng"/),
      expect.stringMatching(/^\[b\] query lint: \[b\/Panel\] expr: unknown metric "orders_pendng"/),
    ]);
    new QueryHolder(charts[2], 'Panel', { expr: 'payments_total > 0' });
    expect(failures().map((line) => line.replace(/ expr: .*/, ''))).toEqual([
      '[] query lint: [b/Panel]',
      '[] query lint: [c/Panel]',
      '[b] query lint: [b/Panel]',
      '[c] query lint: [c/Panel]',
    ]);
  });
});

describe('suppression', () => {
  test('a suppressed finding does not fail the synth, and its reason is kept as an annotation of the object', () => {
    const c = chart();
    const lint = new QueryLint(c, 'QueryLint', { catalogues: catalogues() });
    const panel = new QueryHolder(c, 'Panel', { expr: 'payments_total > 0' });
    QueryLint.suppress(panel, Check.COUNTER_WITHOUT_RATE, 'shows the lifetime total on purpose');
    const manifests = synth(c);
    expect(one(manifests, 'ConfigMap', 'panel').metadata.annotations).toEqual({
      [SKIP_ANNOTATION]: 'counter-without-rate (expr): shows the lifetime total on purpose',
    });
    expect(lint.findings()).toEqual([expect.objectContaining({ check: Check.COUNTER_WITHOUT_RATE, path: 'x/Panel', suppressedBecause: 'shows the lifetime total on purpose' })]);
    expect(lint.report()).toMatch(/counter "payments_total".*\[suppressed: shows the lifetime total on purpose\]$/);
  });

  test('a suppression on a parent covers what it holds, only for the named check and field', () => {
    const c = chart();
    const lint = new QueryLint(c, 'QueryLint', { catalogues: catalogues() });
    const panel = new QueryHolder(c, 'Panel', { a: 'payments_total > 0', b: 'payments_total > 1' });
    QueryLint.suppress(panel, Check.COUNTER_WITHOUT_RATE, 'lifetime total', { field: 'a' });
    QueryLint.suppress(panel, Check.UNKNOWN_METRIC, 'never matches anything here');
    expect(lint.findings().map((f) => [f.field, f.suppressedBecause])).toEqual([
      ['a', 'lifetime total'],
      ['b', undefined],
    ]);
    expect(lint.report()).toMatch(/\[x\/Panel\]: suppression of unknown-metric matches no finding \(reason: never matches anything here\); remove it/);
    expect(() => synth(c)).toThrow(/\[x\/Panel\] b: counter "payments_total"/);
  });

  test('a metric declared as assumed passes, and every object querying it says so in its annotation', () => {
    const c = chart();
    const bridge = MetricCatalogue.of('bridge', [{ name: 'app_crashes_total', type: MetricType.COUNTER, labels: [], assumed: 'exported once the Firebase bridge is deployed' }]);
    const lint = new QueryLint(c, 'QueryLint', { catalogues: [...catalogues(), bridge] });
    new QueryHolder(c, 'Panel', { 'targets[0].expr': 'sum(rate(app_crashes_total[5m]))' });
    new QueryHolder(c, 'Other', { 'targets[0].expr': 'rate(app_crashes_total{app="x"}[5m])' });
    expect(lint.findings().map((f) => [f.path, f.check, f.assumed, f.suppressedBecause])).toEqual([
      ['x/Panel', Check.UNKNOWN_METRIC, true, 'assumed metric "app_crashes_total": exported once the Firebase bridge is deployed'],
      ['x/Other', Check.UNKNOWN_METRIC, true, 'assumed metric "app_crashes_total": exported once the Firebase bridge is deployed'],
      ['x/Other', Check.UNKNOWN_LABEL, false, undefined],
    ]);
    const only = chart();
    new QueryLint(only, 'QueryLint', { catalogues: [...catalogues(), bridge] });
    new QueryHolder(only, 'Panel', { 'targets[0].expr': 'sum(rate(app_crashes_total[5m]))' });
    const manifests = synth(only);
    expect(one(manifests, 'ConfigMap', 'panel').metadata.annotations).toEqual({
      [SKIP_ANNOTATION]: 'unknown-metric (targets[0].expr): assumed metric "app_crashes_total": exported once the Firebase bridge is deployed',
    });
  });

  test('a suppression needs a reason', () => {
    const c = chart();
    const panel = new QueryHolder(c, 'Panel', { a: 'up' });
    expect(() => QueryLint.suppress(panel, Check.UNKNOWN_METRIC, ' ')).toThrow('[x/Panel] lint suppression unknown-metric: reason must not be empty');
  });
});

