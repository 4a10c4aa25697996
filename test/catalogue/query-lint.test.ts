import { Check, MetricCatalogue, MetricType, QueryLint, SKIP_ANNOTATION, StandardCatalogues } from '../../lib/catalogue';
import { Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { MonitoringChart, PrometheusVersion, SecretRef } from '../../lib/core';
import { FastSynthesis } from '../../lib/core/synthesizer';
import { ColumnUsage, PostgresExporter } from '../../lib/exporters';
import { PrometheusRule } from '../../lib/prometheus';
import { synth, one } from '../util/synth';
import { promtoolTestRules, TOOL_VERSIONS } from '../util/tools';
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


describe('native histograms', () => {
  const native = () => MetricCatalogue.of('otel-api', [
    { name: 'request_duration_seconds', type: MetricType.NATIVE_HISTOGRAM, labels: ['route'] },
    { name: 'rpc_duration_seconds', type: MetricType.HISTOGRAM, labels: ['rpc'] },
  ]);
  function nativeLint(expr: string): string[] {
    const c = chart();
    const lint = new QueryLint(c, 'QueryLint', { catalogues: [native(), StandardCatalogues.prometheus()] });
    new QueryHolder(c, 'Panel', { 'targets[0].expr': expr }, true);
    return lint.findings().filter((f) => f.suppressedBecause === undefined).map((f) => f.message);
  }

  test('a native histogram is one series, without le', () => {
    const c = native();
    expect(c.seriesNames).toEqual(['request_duration_seconds', 'rpc_duration_seconds_bucket', 'rpc_duration_seconds_count', 'rpc_duration_seconds_sum']);
    expect(c._lookup('request_duration_seconds')!.labels).toEqual(['route']);
    expect(() => inLintOf(MetricCatalogue.of('api', [{ name: 'h', type: MetricType.NATIVE_HISTOGRAM, labels: ['le'] }]))).toThrow(
      '[x/QueryLint] catalogues[0]: catalogue "api": metric "h" labels: a native histogram has no "le" label (its buckets are inside each sample); remove it',
    );
    expect(() => inLintOf(MetricCatalogue.of('api', [{ name: 'h', type: 'native' as MetricType }]))).toThrow(
      '[x/QueryLint] catalogues[0]: catalogue "api": metric "h": type must be a MetricType (counter, gauge, histogram, nativehistogram, summary, untyped); received "native"',
    );
  });

  test.each([
    'histogram_quantile(0.95, sum by (route) (rate(request_duration_seconds[$__rate_interval])))',
    'histogram_quantile(0.95, sum(rate(request_duration_seconds{route="/cart"}[5m])))',
    'histogram_fraction(0, 0.5, sum(rate(request_duration_seconds[5m]))) * histogram_count(sum(rate(request_duration_seconds[5m])))',
    'sum(histogram_count(rate(request_duration_seconds[5m]))) / sum(histogram_sum(rate(request_duration_seconds[5m])))',
    'sum(rate(request_duration_seconds[$__rate_interval]))',
    'histogram_quantile(0.9, sum by (le) (rate(rpc_duration_seconds_bucket[5m])))',
  ])('a correct native idiom has no finding: %s', (expr) => {
    expect(nativeLint(expr)).toEqual([]);
  });

  test('the classic series of a native histogram do not exist: the finding says how to read it', () => {
    expect(nativeLint('sum(rate(request_duration_seconds_bucket{le="0.5"}[5m]))')).toEqual([
      '[x/Panel] targets[0].expr: unknown metric "request_duration_seconds_bucket": "request_duration_seconds" is a native histogram (otel-api), which has no _bucket, _sum or _count series; ' +
        'read it whole: histogram_quantile(0.95, sum(rate(request_duration_seconds[5m]))), histogram_count(rate(request_duration_seconds[5m])), histogram_sum(rate(request_duration_seconds[5m])) ' +
        'at 1:10 in "sum(rate(request_duration_seconds_bucket{le=\\"0.5\\"}[5m]))" (unknown-metric; fix it, or QueryLint.suppress(construct, Check.UNKNOWN_METRIC, reason))',
    ]);
    expect(nativeLint('rate(request_duration_seconds_count[5m]) > 0')).toEqual([expect.stringContaining('unknown metric "request_duration_seconds_count": "request_duration_seconds" is a native histogram')]);
  });

  test('histogram_quantile() over a native histogram needs no le, and refuses one; a raw native histogram needs its rate', () => {
    expect(nativeLint('histogram_quantile(0.95, sum by (le) (rate(request_duration_seconds[5m])))')).toEqual([
      '[x/Panel] targets[0].expr: unknown label "le" in the grouping of sum: its input is a native histogram, whose buckets are inside each sample (no le label); remove le, histogram_quantile() and histogram_fraction() read the buckets without it ' +
        'at 1:34 in "histogram_quantile(0.95, sum by (le) (rate(request_duration_seconds[5m])))" (unknown-label; fix it, or QueryLint.suppress(construct, Check.UNKNOWN_LABEL, reason))',
    ]);
    expect(nativeLint('histogram_quantile(0.95, request_duration_seconds)')).toEqual([
      expect.stringContaining('histogram_quantile() over the raw native histogram "request_duration_seconds": take its rate first, e.g. histogram_quantile(0.95, sum(rate(request_duration_seconds[5m]))) at 1:26 '),
    ]);
    expect(nativeLint('histogram_count(request_duration_seconds) > 0')).toEqual([
      expect.stringContaining('native histogram "request_duration_seconds" (otel-api) is used without rate(), increase() or irate(): its counts only grow and reset on restart; wrap it, e.g. histogram_count(rate(request_duration_seconds[5m])) at 1:17 '),
    ]);
  });

  test('native-histogram functions over float series return nothing: the finding names the series and the way to read it', () => {
    expect(nativeLint('histogram_fraction(0, 0.5, sum by (le) (rate(rpc_duration_seconds_bucket[5m])))')).toEqual([
      '[x/Panel] targets[0].expr: histogram_fraction() over "rpc_duration_seconds_bucket", which is a classic histogram\'s _bucket series (otel-api): histogram_fraction() reads native histograms only and returns nothing for float samples; ' +
        'over a classic histogram, read its _count and _sum series, or histogram_quantile() over its buckets at 1:46 in "histogram_fraction(0, 0.5, sum by (le) (rate(rpc_duration_seconds_bucket[5m])))" (histogram-quantile-input; fix it, or QueryLint.suppress(construct, Check.HISTOGRAM_QUANTILE_INPUT, reason))',
    ]);
    expect(nativeLint('sum(histogram_count(rate(rpc_duration_seconds_count[5m])))')).toEqual([expect.stringContaining('histogram_count() over "rpc_duration_seconds_count", which is a counter (otel-api)')]);
    expect(nativeLint('histogram_sum(rate(up[5m]))')).toEqual([
      expect.stringContaining('rate() over "up", which is a gauge'),
      expect.stringContaining('histogram_sum() over "up", which is a gauge (prometheus): histogram_sum() reads native histograms only and returns nothing for float samples at 1:20'),
    ]);
  });

  // What the findings say, promtool 3.5 shows: the histogram functions return nothing for float series, a
  // native histogram has no _bucket series, and its rate is read whole.
  test('promtool 3.5 agrees', () => {
    const rules = yaml.dump({ groups: [{ name: 'g', rules: [{ record: 'probe:fraction:over_floats', expr: 'histogram_count(rate(rpc_duration_seconds_count[5m]))' }, { record: 'probe:buckets:of_native', expr: 'rate(request_duration_seconds_bucket[5m])' }, { record: 'probe:count:of_native', expr: 'histogram_count(rate(request_duration_seconds[5m]))' }] }] });
    const test = yaml.dump({
      rule_files: ['r.yaml'],
      tests: [{
        interval: '1m',
        input_series: [
          { series: 'rpc_duration_seconds_count', values: '0+60x10' },
          { series: 'request_duration_seconds', values: '{{schema:0 sum:0 count:0 buckets:[0]}}+{{schema:0 sum:6 count:60 buckets:[60]}}x10' },
        ],
        promql_expr_test: [
          { expr: 'probe:fraction:over_floats', eval_time: '10m', exp_samples: [] },
          { expr: 'probe:buckets:of_native', eval_time: '10m', exp_samples: [] },
          { expr: 'probe:count:of_native', eval_time: '10m', exp_samples: [{ labels: 'probe:count:of_native', value: 1 }] },
        ],
      }],
    });
    expect(promtoolTestRules('t.yaml', { 'r.yaml': rules, 't.yaml': test }, TOOL_VERSIONS[1]).output).toContain('SUCCESS');
  });
});

describe('UTF-8 names in catalogues', () => {
  const otel = () => MetricCatalogue.of('otel', [
    { name: 'http.server.request.duration_seconds', type: MetricType.HISTOGRAM, labels: ['http.route', 'http.response.status_code'] },
  ], { targetLabels: ['service.namespace'] });

  test('a chart targeting Prometheus 3 checks quoted queries against them', () => {
    const c = new MonitoringChart(Testing.app(), 'v3', { partOf: 'v3', namespace: 'v3', targetVersions: { prometheus: PrometheusVersion.V3_5 } });
    const lint = new QueryLint(c, 'QueryLint', { catalogues: [otel()], targetLabels: ['job', 'service.instance.id'] });
    new QueryHolder(c, 'Panel', {
      good: 'histogram_quantile(0.95, sum by (le, "http.route") (rate({"http.server.request.duration_seconds_bucket", "service.namespace"="shop"}[5m])))',
      typo: 'sum by ("http.rout") (rate({"http.server.request.duration_seconds_count", "service.instance.id"="a"}[5m]))',
      metric: 'rate({"http.server.request.duration_second_count"}[5m])',
    });
    expect(lint.findings().map((f) => `${f.field}: ${f.detail}`)).toEqual([
      'typo: unknown label "http.rout" in the grouping of sum: its input carries ["__name__","http.response.status_code","http.route","job","service.instance.id","service.namespace"]; did you mean "http.route"?',
      'metric: unknown metric "http.server.request.duration_second_count": no attached catalogue, exporter or recording rule declares it; did you mean "http.server.request.duration_seconds_count"?',
    ]);
  });

  test('a chart targeting Prometheus 2 refuses them, with the lint\'s path, the catalogue and the metric', () => {
    expect(() => inLintOf(otel())).toThrow(
      '[x/QueryLint] catalogues[0]: catalogue "otel": metric "http.server.request.duration_seconds": must match [a-zA-Z_:][a-zA-Z0-9_:]* (Prometheus metric name); received "http.server.request.duration_seconds", a UTF-8 name, unknown to Prometheus 2.42 and checked from Prometheus 3.5 on; ' +
        'the target is Prometheus 2.42 (targetVersions.prometheus). Use "http_server_request_duration_seconds", or declare targetVersions: { prometheus: PrometheusVersion.V3_5 } if every Prometheus that loads it runs 3.x',
    );
    expect(() => inLintOf(MetricCatalogue.of('otel', [{ name: 'x', type: MetricType.GAUGE, labels: ['http.route'] }]))).toThrow('[x/QueryLint] catalogues[0]: catalogue "otel": metric "x" label: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received "http.route", a UTF-8 name');
    expect(() => inLintOf(MetricCatalogue.of('otel', [], { targetLabels: ['service.name'] }))).toThrow('[x/QueryLint] catalogues[0]: catalogue "otel": targetLabels: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received "service.name", a UTF-8 name');
    expect(() => new QueryLint(chart242(), 'QueryLint', { targetLabels: ['service.name'] })).toThrow('[x/QueryLint] targetLabels: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received "service.name", a UTF-8 name');
  });
});

/** A chart at `x` targeting Prometheus 2.42. */
function chart242(): MonitoringChart {
  return new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x', targetVersions: { prometheus: PrometheusVersion.V2_42 } });
}

/** Gives `catalogue` to a QueryLint of a 2.42 chart at `x/QueryLint`. */
function inLintOf(catalogue: MetricCatalogue): QueryLint {
  return new QueryLint(chart242(), 'QueryLint', { catalogues: [catalogue] });
}
