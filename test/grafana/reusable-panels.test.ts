import { Duration, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { ConstructQueries, MonitoringChart, PrometheusVersion, PromQL } from '../../lib';
import { Dashboard, LogPanels, RedPanels, SloPanels, Thresholds, UsePanels, Variable } from '../../lib/grafana';
import { synth } from '../util/synth';
import { promtoolCheckRules, TOOL_VERSIONS } from '../util/tools';
import { allPanels, chart, dashboardOf, panel, render } from './helpers';

function dashboard(prometheus?: PrometheusVersion) {
  const c = prometheus === undefined ? chart() : new MonitoringChart(Testing.app(), 'shop', { partOf: 'shop', namespace: 'shop', targetVersions: { prometheus } });
  return new Dashboard(c, 'D', { title: 'Service', variables: [Variable.namespace()] });
}

describe('RedPanels', () => {
  test('rate, error ratio and duration percentiles from a counter and a histogram', () => {
    const d = dashboard();
    const red = new RedPanels(d, 'Api', {
      requestsMetric: 'http_requests_total',
      durationHistogram: 'http_request_duration_seconds',
      selector: 'namespace="$namespace"',
      groupBy: ['service'],
      percentiles: [95, 99],
      errorRatioThresholds: Thresholds.lowerIsBetter(0.01, 0.05),
    });
    const json = render(d);
    expect(allPanels(json).map((p: any) => p.title)).toEqual(['Request rate', 'Error ratio', 'Duration (p95, p99)']);
    expect(panel(json, 'Request rate').targets[0]).toMatchObject({ expr: 'sum by (service) (rate(http_requests_total{namespace="$namespace"}[$__rate_interval]))', legendFormat: '{{service}}' });
    expect(panel(json, 'Error ratio').targets[0].expr).toBe(
      'sum by (service) (rate(http_requests_total{namespace="$namespace", status=~"5.."}[$__rate_interval])) / sum by (service) (rate(http_requests_total{namespace="$namespace"}[$__rate_interval]))',
    );
    expect(panel(json, 'Error ratio').fieldConfig.defaults.unit).toBe('percentunit');
    const duration = panel(json, 'Duration (p95, p99)');
    expect(duration.targets.map((t: any) => [t.refId, t.expr, t.legendFormat])).toEqual([
      ['A', 'histogram_quantile(0.95, sum by (le, service) (rate(http_request_duration_seconds_bucket{namespace="$namespace"}[$__rate_interval])))', 'p95 {{service}}'],
      ['B', 'histogram_quantile(0.99, sum by (le, service) (rate(http_request_duration_seconds_bucket{namespace="$namespace"}[$__rate_interval])))', 'p99 {{service}}'],
    ]);
    expect(allPanels(json).map((p: any) => p.gridPos.w)).toEqual([8, 8, 8]);
    // Every generated query is recorded for the app-wide checks and parses on its own.
    const recorded = ConstructQueries.promqlUnder(red).map((r) => r.query.expression);
    expect(recorded).toHaveLength(4);
    for (const q of recorded) expect(() => PromQL.parseDashboardQuery(q)).not.toThrow();
  });

  test('bad metric names and selectors fail with the path', () => {
    expect(() => new RedPanels(dashboard(PrometheusVersion.V2_42), 'Bad', { requestsMetric: 'http-requests' })).toThrow('[shop/D/Bad] requestsMetric: must match [a-zA-Z_:][a-zA-Z0-9_:]*');
    expect(() => new RedPanels(dashboard(), 'Bad', { requestsMetric: '' })).toThrow('[shop/D/Bad] requestsMetric: must not be empty');
    expect(() => new RedPanels(dashboard(), 'Sel', { requestsMetric: 'x_total', selector: 'namespace=' })).toThrow(/^\[shop\/D\/Sel\/Rate\] targets\[0\]\.expr: invalid PromQL/);
    expect(() => new RedPanels(dashboard(), 'Pct', { requestsMetric: 'x_total', durationHistogram: 'x_seconds', percentiles: [100] })).toThrow('[shop/D/Pct] percentiles: each must be between 0 and 100 exclusive; received 100');
    expect(() => new RedPanels(dashboard(), 'Native', { requestsMetric: 'x_total', nativeHistogram: true })).toThrow('[shop/D/Native] nativeHistogram: describes the duration histogram, and durationHistogram is not given; add durationHistogram');
    expect(() => new RedPanels(dashboard(), 'Heat', { requestsMetric: 'x_total', durationHeatmap: true })).toThrow('[shop/D/Heat] durationHeatmap: describes the duration histogram, and durationHistogram is not given; add durationHistogram');
    expect(() => new RedPanels(dashboard(), 'Flag', { requestsMetric: 'x_total', durationHistogram: 'x', nativeHistogram: 'yes' as any })).toThrow('[shop/D/Flag] nativeHistogram: must be true or false; received "yes" (a string)');
    expect(() => new RedPanels(dashboard(PrometheusVersion.V2_42), 'Utf8', { requestsMetric: 'http.server.request.duration_seconds_count' })).toThrow(
      '[shop/D/Utf8] requestsMetric: must match [a-zA-Z_:][a-zA-Z0-9_:]* (Prometheus metric name); received "http.server.request.duration_seconds_count", a UTF-8 name, unknown to Prometheus 2.42 and checked from Prometheus 3.5 on',
    );
    expect(() => new RedPanels(dashboard(PrometheusVersion.V2_42), 'Utf8', { requestsMetric: 'x_total', groupBy: ['http.route'] })).toThrow('[shop/D/Utf8] groupBy: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received "http.route", a UTF-8 name');
  });

  test('a native histogram: percentiles and the duration heatmap read it without le', () => {
    const d = dashboard();
    new RedPanels(d, 'Api', { requestsMetric: 'http_requests_total', durationHistogram: 'http_request_duration_seconds', nativeHistogram: true, durationHeatmap: true, selector: 'namespace="$namespace"', groupBy: ['route'], percentiles: [95] });
    const json = render(d);
    expect(allPanels(json).map((p: any) => [p.title, p.type])).toEqual([['Request rate', 'timeseries'], ['Error ratio', 'timeseries'], ['Duration (p95)', 'timeseries'], ['Duration distribution', 'heatmap']]);
    expect(panel(json, 'Duration (p95)').targets[0].expr).toBe('histogram_quantile(0.95, sum by (route) (rate(http_request_duration_seconds{namespace="$namespace"}[$__rate_interval])))');
    expect(panel(json, 'Duration distribution')).toMatchObject({
      options: { calculate: false, yAxis: { unit: 's' } },
      targets: [{ expr: 'sum(rate(http_request_duration_seconds{namespace="$namespace"}[$__rate_interval]))', format: 'heatmap' }],
    });
    // the classic histogram's heatmap keeps le
    const classic = dashboard();
    new RedPanels(classic, 'Api', { requestsMetric: 'http_requests_total', durationHistogram: 'http_request_duration_seconds', durationHeatmap: true });
    expect(panel(render(classic), 'Duration distribution').targets[0]).toMatchObject({ expr: 'sum by (le) (rate(http_request_duration_seconds_bucket{}[$__rate_interval]))', legendFormat: '{{le}}', format: 'heatmap' });
  });

  test('UTF-8 names in a chart targeting Prometheus 3: every query quotes them, and promtool 3.5 (not 2.42) evaluates them', () => {
    const c = new MonitoringChart(Testing.app(), 'otel', { partOf: 'otel', namespace: 'otel', targetVersions: { prometheus: PrometheusVersion.V3_5 } });
    const d = new Dashboard(c, 'D', { title: 'Service', variables: [Variable.namespace()] });
    new RedPanels(d, 'Api', {
      requestsMetric: 'http.server.request.duration_seconds_count',
      durationHistogram: 'http.server.request.duration_seconds',
      nativeHistogram: true,
      durationHeatmap: true,
      selector: 'namespace="$namespace"',
      errorSelector: '"http.response.status_code"=~"5.."',
      groupBy: ['http.route'],
      percentiles: [95],
    });
    new SloPanels(d, 'Slo', { name: 'x', objective: 99, budgetRemainingMetric: 'slo:budget.remaining:ratio', selector: 'slo="x"' });
    const json = dashboardOf(synth(c), d.uid);
    const exprs = allPanels(json).flatMap((p: any) => p.targets.map((t: any) => t.expr));
    expect(exprs).toEqual([
      'sum by ("http.route") (rate({"http.server.request.duration_seconds_count", namespace="$namespace"}[$__rate_interval]))',
      'sum by ("http.route") (rate({"http.server.request.duration_seconds_count", namespace="$namespace", "http.response.status_code"=~"5.."}[$__rate_interval])) / sum by ("http.route") (rate({"http.server.request.duration_seconds_count", namespace="$namespace"}[$__rate_interval]))',
      'histogram_quantile(0.95, sum by ("http.route") (rate({"http.server.request.duration_seconds", namespace="$namespace"}[$__rate_interval])))',
      'sum(rate({"http.server.request.duration_seconds", namespace="$namespace"}[$__rate_interval]))',
      '{"slo:budget.remaining:ratio", slo="x"}',
    ]);
    // as Grafana sends them: variables substituted
    const rules = yaml.dump({ groups: [{ name: 'panels', rules: exprs.map((e: string, i: number) => ({ record: `panel:query:q${i}`, expr: e.replace(/\$__rate_interval/g, '5m').replace(/\$namespace/g, 'otel') })) }] });
    expect(promtoolCheckRules({ 'panels.yaml': rules }, TOOL_VERSIONS[1]).output).toContain('SUCCESS: 5 rules found');
    expect(promtoolCheckRules({ 'panels.yaml': rules }, TOOL_VERSIONS[0]).ok).toBe(false);
  });
});

describe('UsePanels', () => {
  test('CPU, throttling, memory and restarts from cAdvisor and kube-state-metrics', () => {
    const d = dashboard();
    new UsePanels(d, 'Pods', { selector: 'namespace="$namespace", pod=~"backend-.*"' });
    const json = render(d);
    expect(allPanels(json).map((p: any) => [p.title, p.fieldConfig.defaults.unit])).toEqual([
      ['CPU usage', 'suffix: cores'],
      ['CPU throttling', 'percentunit'],
      ['Memory working set', 'bytes'],
      ['Container restarts', 'short'],
    ]);
    expect(panel(json, 'CPU usage').targets.map((t: any) => t.expr)).toEqual([
      'sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="$namespace", pod=~"backend-.*", container!="", container!="POD"}[$__rate_interval]))',
      'sum by (pod) (kube_pod_container_resource_requests{namespace="$namespace", pod=~"backend-.*", resource="cpu"})',
      'sum by (pod) (kube_pod_container_resource_limits{namespace="$namespace", pod=~"backend-.*", resource="cpu"})',
    ]);
    expect(allPanels(json).map((p: any) => p.gridPos)).toEqual([0, 6, 12, 18].map((x) => ({ x, y: 0, w: 6, h: 8 })));
  });

  test('the selector variables must be defined by the dashboard', () => {
    const c = chart();
    const d = new Dashboard(c, 'D', { title: 'No vars' });
    new UsePanels(d, 'Pods', { selector: 'namespace="$namespace"' });
    expect(() => synth(c)).toThrow('[shop/D/Pods/Cpu] targets[0].expr: template variable "$namespace" is not defined in dashboard "No vars"');
  });
});

describe('LogPanels', () => {
  test('volume, error lines and all lines from a Loki selector', () => {
    const d = dashboard();
    new LogPanels(d, 'Logs', { selector: '{namespace="$namespace", app="backend"}', pipeline: '| json', volumeBy: 'level' });
    const json = render(d);
    expect(allPanels(json).map((p: any) => [p.title, p.type])).toEqual([['Log volume', 'timeseries'], ['Error logs', 'logs'], ['Logs', 'logs']]);
    expect(panel(json, 'Log volume').targets.map((t: any) => t.expr)).toEqual([
      'sum by (level) (count_over_time({namespace="$namespace", app="backend"} [$__auto]))',
      'sum (count_over_time({namespace="$namespace", app="backend"} |~ "(?i)(error|exception|fatal|critical)" [$__auto]))',
    ]);
    expect(panel(json, 'Logs').targets[0]).toMatchObject({ expr: '{namespace="$namespace", app="backend"} | json', datasource: { type: 'loki', uid: 'loki' } });
  });

  test('an invalid selector fails with the path', () => {
    expect(() => new LogPanels(dashboard(), 'Logs', { selector: 'namespace="x"' })).toThrow(/^\[shop\/D\/Logs\/Volume\] targets\[0\]\.expr: invalid LogQL/);
  });
});

describe('SloPanels', () => {
  test('budget remaining and burn rates from recording-rule names', () => {
    const d = dashboard();
    new SloPanels(d, 'Availability', {
      name: 'API availability',
      objective: 99.9,
      budgetRemainingMetric: 'slo:period_error_budget_remaining:ratio',
      errorRatioMetrics: [
        { window: Duration.minutes(5), metric: 'slo:sli_error:ratio_rate5m' },
        { window: Duration.hours(1), metric: 'slo:sli_error:ratio_rate1h' },
      ],
      selector: 'sloth_slo="api-availability"',
    });
    const json = render(d);
    const budget = panel(json, 'API availability: error budget remaining');
    expect(budget).toMatchObject({ type: 'stat', fieldConfig: { defaults: { unit: 'percentunit' } } });
    expect(budget.targets[0].expr).toBe('slo:period_error_budget_remaining:ratio{sloth_slo="api-availability"}');
    const burn = panel(json, 'API availability: burn rate');
    expect(burn.targets.map((t: any) => [t.expr, t.legendFormat])).toEqual([
      ['slo:sli_error:ratio_rate5m{sloth_slo="api-availability"} / 0.001', '5m'],
      ['slo:sli_error:ratio_rate1h{sloth_slo="api-availability"} / 0.001', '1h'],
    ]);
    expect(burn.fieldConfig.defaults.thresholds.steps.map((s: any) => s.value)).toEqual([null, 1, 14.4]);
  });

  test('objective is a percentage', () => {
    expect(() => new SloPanels(dashboard(), 'S', { name: 'x', objective: 0.999 * 100 + 1, budgetRemainingMetric: 'a:b:c' })).toThrow('[shop/D/S] objective: must be a finite number strictly between 0 and 100 (percent, 99.9 means 99.9 %); received 100.9 (a number)');
    expect(() => new SloPanels(dashboard(PrometheusVersion.V2_42), 'S', { name: 'x', objective: 99, budgetRemainingMetric: 'bad-name' })).toThrow('[shop/D/S] budgetRemainingMetric: must match');
  });
});
