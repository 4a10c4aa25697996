import { LogQL, PromQL, ValidationError } from '../../lib';

describe('PromQL', () => {
  test('parses valid expressions', () => {
    const expr = PromQL.parse('sum(rate(http_requests_total{code=~"5.."}[5m])) by (job) / sum(rate(http_requests_total[5m])) by (job) > 0.05');
    expect(expr.expression).toContain('http_requests_total');
    expect(expr.toString()).toBe(expr.expression);
  });

  test('rejects an unclosed call with the position', () => {
    expect(() => PromQL.parse('rate(x[5m]')).toThrow('invalid PromQL "rate(x[5m]" at 1:11: unexpected end of input');
  });

  test('rejects garbage in the middle with the position and the text found there', () => {
    expect(() => PromQL.parse('sum(rate(x[5m])) by (job) >> 3')).toThrow(/invalid PromQL .* at 1:28: unexpected "> 3"/);
  });

  test('rejects an empty expression', () => {
    expect(() => PromQL.parse('  ')).toThrow('invalid PromQL "  ": expression is empty');
  });

  test('positions span lines', () => {
    expect(() => PromQL.parse('sum(\n  rate(x[5m]\n')).toThrow(/at 3:1/);
  });

  test('bad PromQL given to a construct names the construct path', () => {
    expect(() => ValidationError.within('festivals/api-alerts/HighErrorRate', () => PromQL.parse('rate(x[5m]'))).toThrow(
      '[festivals/api-alerts/HighErrorRate] invalid PromQL "rate(x[5m]" at 1:11: unexpected end of input',
    );
  });

  test('dashboard queries may use Grafana variables, which are reported', () => {
    const q = PromQL.parseDashboardQuery('sum(rate(http_requests_total{namespace="$namespace", job=~"${job:regex}"}[$__rate_interval]))');
    expect(q.variables).toEqual(['namespace', 'job', '__rate_interval']);
    expect(() => PromQL.parse('sum(rate(x[$__rate_interval]))')).toThrow('invalid PromQL');
  });
});

describe('LogQL', () => {
  test('parses log and metric queries', () => {
    expect(LogQL.parse('{app="api"} |= "error" | json | level="error"').expression).toContain('json');
    expect(LogQL.parse('sum by (app) (count_over_time({namespace="erp"} |= "ERROR" [5m]))').expression).toContain('count_over_time');
  });

  test('rejects a missing selector brace with the position', () => {
    expect(() => LogQL.parse('{app="api" |= "error"')).toThrow(/invalid LogQL "\{app=\\"api\\" \|= \\"error\\"" at 1:\d+/);
  });

  test('rejects a query without a stream selector', () => {
    expect(() => LogQL.parse('|= "error"')).toThrow('invalid LogQL');
  });

  test('dashboard queries may use Grafana variables', () => {
    const q = LogQL.parseDashboardQuery('sum(count_over_time({namespace="$namespace"} |= "error" [$__interval]))');
    expect(q.variables).toEqual(['namespace', '__interval']);
  });
});

describe('ConstructQueries', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Chart, Testing } = require('cdk8s');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Construct } = require('constructs');
  const { ConstructQueries, MonitoringChart, PrometheusVersion } = require('../../lib');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RenderPass } = require('../../lib/core/render-pass');
  const text = (records: any[]) => records.map((r) => `${r.scope.node.path} ${r.field}: ${r.query.expression}`);

  test('parse errors name the construct path and the field', () => {
    const chart = Testing.chart();
    const alert = new Construct(chart, 'HighErrorRate');
    expect(() => ConstructQueries.promql(alert, 'expr', 'rate(x[5m]')).toThrow('[test/HighErrorRate] expr: invalid PromQL "rate(x[5m]" at 1:11: unexpected end of input');
    expect(() => ConstructQueries.logql(alert, 'expr', '{app="x"')).toThrow('[test/HighErrorRate] expr: invalid LogQL');
    expect(ConstructQueries.promqlUnder(chart)).toEqual([]);
  });

  test('parses with the Prometheus release the chart targets', () => {
    const app = Testing.app();
    const older = new MonitoringChart(app, 'older', { partOf: 'shop', namespace: 'shop', targetVersions: { prometheus: PrometheusVersion.V2_42 } });
    const lts = new MonitoringChart(app, 'lts', { partOf: 'shop', namespace: 'shop', targetVersions: { prometheus: PrometheusVersion.V3_5 } });
    expect(() => ConstructQueries.promql(new Construct(older, 'A'), 'expr', 'histogram_avg(rate(x[5m]))')).toThrow('[older/A] expr: invalid PromQL "histogram_avg(rate(x[5m]))" at 1:1: function "histogram_avg" is unknown to Prometheus 2.42');
    expect(ConstructQueries.promql(new Construct(lts, 'A'), 'expr', 'histogram_avg(rate(x[5m]))').expression).toBe('histogram_avg(rate(x[5m]))');
  });

  test('keeps every query with the construct holding it, found by scope', () => {
    const chart = Testing.chart();
    const a = new Construct(chart, 'A');
    const b = new Construct(chart, 'B');
    const q = ConstructQueries.promql(a, 'expr', 'up == 0');
    ConstructQueries.dashboardPromql(b, 'targets[0].expr', 'rate(x_total[$__rate_interval])');
    ConstructQueries.logql(b, 'expr', '{app="b"}');
    expect(text(ConstructQueries.promqlUnder(chart))).toEqual(['test/A expr: up == 0', 'test/B targets[0].expr: rate(x_total[$__rate_interval])']);
    expect(ConstructQueries.promqlUnder(a)[0].query).toBe(q);
    expect(text(ConstructQueries.logqlUnder(chart))).toEqual(['test/B expr: {app="b"}']);
    expect(ConstructQueries.logqlUnder(a)).toEqual([]);
  });

  test('finds queries per chart, and all of them from the app, in construct tree order', () => {
    const app = Testing.app();
    const one = new Chart(app, 'one');
    const two = new Chart(app, 'two');
    const a = new Construct(one, 'A');
    ConstructQueries.promql(a, 'expr', 'up == 0');
    ConstructQueries.promql(new Construct(two, 'B'), 'expr', 'up == 1');
    ConstructQueries.promql(new Construct(one, 'C'), 'expr', 'up == 2');
    // given last, held by a construct before C: a construct's queries, then those of its children, then its next sibling's
    ConstructQueries.promql(new Construct(a, 'Child'), 'expr', 'up == 3');
    ConstructQueries.promql(a, 'for', 'up == 4');
    expect(text(ConstructQueries.promqlUnder(one))).toEqual(['one/A expr: up == 0', 'one/A for: up == 4', 'one/A/Child expr: up == 3', 'one/C expr: up == 2']);
    expect(text(ConstructQueries.promqlUnder(two))).toEqual(['two/B expr: up == 1']);
    expect(text(ConstructQueries.promqlUnder(app))).toEqual([...text(ConstructQueries.promqlUnder(one)), 'two/B expr: up == 1']);
    expect(text(ConstructQueries.promqlUnder(a.node.findChild('Child')))).toEqual(['one/A/Child expr: up == 3']);
  });

  test('within one synthesis pass, every lookup reads one walk of the tree; outside one, each walks afresh', () => {
    const app = Testing.app();
    const one = new Chart(app, 'one');
    const two = new Chart(app, 'two');
    ConstructQueries.promql(new Construct(one, 'A'), 'expr', 'up == 0');
    RenderPass.run(() => {
      expect(text(ConstructQueries.promqlUnder(one))).toEqual(['one/A expr: up == 0']);
      // constructs do not change during a synthesis: a query given now is not in the walk already made
      ConstructQueries.promql(new Construct(two, 'B'), 'expr', 'up == 1');
      expect(text(ConstructQueries.promqlUnder(two))).toEqual([]);
      expect(text(ConstructQueries.promqlUnder(app))).toEqual(['one/A expr: up == 0']);
    });
    expect(text(ConstructQueries.promqlUnder(two))).toEqual(['two/B expr: up == 1']);
    expect(RenderPass.run(() => text(ConstructQueries.promqlUnder(app)))).toEqual(['one/A expr: up == 0', 'two/B expr: up == 1']);
  });
});

describe('parse cache', () => {
  test('a repeated expression is parsed once; a repeated error is thrown each time', () => {
    const a = PromQL.parse('sum(rate(cache_hits_total[5m]))');
    const b = PromQL.parse('sum(rate(cache_hits_total[5m]))');
    expect(b._tree).toBe(a._tree);
    for (let i = 0; i < 2; i++) expect(() => PromQL.parse('sum(rate(cache_hits_total[5m])')).toThrow('invalid PromQL "sum(rate(cache_hits_total[5m])" at 1:31: unexpected end of input');
    expect(() => ValidationError.within('x/Y', () => PromQL.parse('sum(rate(cache_hits_total[5m])'))).toThrow('[x/Y] invalid PromQL');
  });

  test('queries that differ only in what their string literals hold share one parse', () => {
    const a = PromQL.parse('sum(rate(http_requests_total{job="svc-0001",code=~"5.."}[5m]))');
    const b = PromQL.parse('sum(rate(http_requests_total{job="svc-0002",code=~"4.."}[5m]))');
    expect(b._tree).toBe(a._tree);
    const logs = LogQL.parse('sum(rate({app="svc-0001"} |= `timeout` [5m]))');
    expect(LogQL.parse('sum(rate({app="svc-0002"} |= `refused` [5m]))')._tree).toBe(logs._tree);
    // a backtick literal may hold double quotes, and the reverse
    const quoted = LogQL.parse('{app="svc-0001"} |= `say "hi"` |= "a`b"');
    expect(LogQL.parse('{app="svc-0002"} |= `say "yo"` |= "c`d"')._tree).toBe(quoted._tree);
    // another length is another shape: positions in the tree must hold for the text
    expect(PromQL.parse('sum(rate(http_requests_total{job="svc-1",code=~"5.."}[5m]))')._tree).not.toBe(a._tree);
  });

  test('an error found on the shared shape is reported with the text as written', () => {
    expect(() => PromQL.parse('sum(rate(shape_errors_total{job="svc-0001"}[5m])')).toThrow('invalid PromQL "sum(rate(shape_errors_total{job=\\"svc-0001\\"}[5m])" at 1:49: unexpected end of input');
    expect(() => LogQL.parse('{app="svc-0001"} |= ')).toThrow('invalid LogQL "{app=\\"svc-0001\\"} |= "');
  });

  test('quotes that are not string literals (in a comment) and literals with escapes are parsed as written', () => {
    const a = PromQL.parse('up # "a"\n== 1');
    const b = PromQL.parse('up # "b"\n== 1');
    expect(b._tree).not.toBe(a._tree);
    expect(b._tree.topNode.firstChild?.name).toBe('BinaryExpr');
    const escaped = PromQL.parse('up{path=~"/api/\\\\d+"}');
    expect(escaped._tree.topNode.firstChild?.name).toBe('VectorSelector');
    expect(() => PromQL.parse('up{path=~"/api/\\\\d+"')).toThrow('invalid PromQL');
  });
});
