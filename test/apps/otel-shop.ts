import { Duration } from 'cdk8s';
import { alertmanager, catalogue, grafana, MonitoringApp, MonitoringChart, prometheus, PrometheusVersion, SecretRef, Severity, slo } from '../../lib';

// A test application instrumented with OpenTelemetry, as a team of the package would write it: its HTTP
// server metrics (the semantic conventions) and an order counter of its own reach Prometheus over OTLP, the
// latency histogram as a native histogram. Prometheus' translation strategy decides the names the queries
// use: `{"http.server.request.duration_seconds"}` without escaping (Prometheus 3), or
// `http_server_request_duration_seconds` with the default underscore escaping (any release).
// test/apps/otel-shop.test.ts synthesizes it and runs promtool 3.5 and 2.42 on the output.

/** How the app is built: the release it targets and the names it was given. */
export interface OtelShopOptions {
  /** `targetVersions.prometheus` of the chart; undefined: the default (2.42). */
  readonly prometheus?: PrometheusVersion;
  /** Prometheus' OTLP translation strategy. */
  readonly translation: catalogue.OtlpTranslationStrategy;
  /**
   * Whether the app has its tests in native histogram samples: the latency SLO's generated ones and the
   * alert's own (promtool reads them from 3.x on).
   * @default true
   */
  readonly nativeTests?: boolean;
}

/** The names a query writes, for the strategy: each UTF-8 one in quotes. */
export function otelNames(translation: catalogue.OtlpTranslationStrategy) {
  const escaped = translation === catalogue.OtlpTranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES;
  const q = (name: string) => (/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name) ? name : JSON.stringify(name));
  const duration = escaped ? 'http_server_request_duration_seconds' : 'http.server.request.duration_seconds';
  const orders = escaped ? 'checkout_orders_total' : 'checkout.orders_total';
  const route = q(escaped ? 'http_route' : 'http.route');
  const outcome = q(escaped ? 'checkout_outcome' : 'checkout.outcome');
  /** A selector of `metric` with matchers: `m{a="b"}` or `{"m", a="b"}`. */
  const selector = (metric: string, matchers: string[] = []) => (q(metric) === metric ? `${metric}{${matchers.join(', ')}}` : `{${[q(metric), ...matchers].join(', ')}}`);
  return { duration, orders, route, outcome, selector, serviceLabel: escaped ? 'service_name' : 'service.name' };
}

/** The app: one chart with its lint, two SLOs, an alert with a hand-written test and a dashboard. */
export function otelShop(options: OtelShopOptions, outdir: string): { app: MonitoringApp; chart: MonitoringChart; platform: alertmanager.AlertmanagerConfigSecret } {
  const n = otelNames(options.translation);
  const app = new MonitoringApp({ outdir });
  const chart = new MonitoringChart(app, 'otel-shop', {
    partOf: 'otel-shop',
    namespace: 'otel-shop',
    targetVersions: options.prometheus === undefined ? undefined : { prometheus: options.prometheus },
  });
  const orders = catalogue.MetricCatalogue.fromOpenTelemetry('checkout', [{
    name: 'checkout.orders',
    instrument: catalogue.OpenTelemetryInstrument.COUNTER,
    unit: '{order}',
    attributes: ['checkout.outcome'],
    attributeValues: { 'checkout.outcome': ['success', 'failure'] },
    description: 'Orders placed, by outcome.',
  }], { translation: options.translation });
  new catalogue.QueryLint(chart, 'QueryLint', {
    catalogues: [
      catalogue.StandardCatalogues.openTelemetryHttpServer({ translation: options.translation, nativeHistograms: true }),
      orders,
      catalogue.StandardCatalogues.prometheus(),
    ],
  });

  const availability = new slo.Slo(chart, 'checkout-success', {
    sli: slo.Sli.ratio({
      errors: n.selector(n.orders, ['job="checkout"', 'namespace="otel-shop"', `${n.outcome}="failure"`]),
      total: n.selector(n.orders, ['job="checkout"', 'namespace="otel-shop"']),
    }),
    objective: 99.5,
    labels: { [n.serviceLabel]: 'checkout' },
    runbookUrl: 'https://runbooks.example.com/otel-shop/checkout-success',
  });
  const latency = new slo.Slo(chart, 'checkout-latency', {
    sli: slo.Sli.nativeLatency({ histogram: n.selector(n.duration, ['job="checkout"', 'namespace="otel-shop"', `${n.route}="/checkout"`]), threshold: Duration.millis(300) }),
    objective: 99,
    runbookUrl: 'https://runbooks.example.com/otel-shop/checkout-latency',
    tests: options.nativeTests ?? true,
  });

  const rules = new prometheus.PrometheusRule(chart, 'Rules', { name: 'otel-shop' });
  const slowRoutes = rules.addGroup('otel-shop.http').addAlert('CheckoutSlowRoute', {
    expr: `histogram_quantile(0.95, sum by (namespace, ${n.route}) (rate(${n.selector(n.duration, ['job="checkout"', 'namespace="otel-shop"'])}[5m]))) > 1`,
    for: Duration.minutes(10),
    severity: Severity.WARNING,
    labels: { [n.serviceLabel]: 'checkout' },
    summary: 'p95 latency of a checkout route is above 1 s',
    runbookUrl: 'https://runbooks.example.com/otel-shop/CheckoutSlowRoute',
  });
  // Per minute on /cart: 60 requests, 10 of them in (2, 4] s and the others in (0.5, 1] s: p95 is above 1 s.
  const routeLabel = JSON.parse(n.route.startsWith('"') ? n.route : JSON.stringify(n.route)) as string;
  if (options.nativeTests ?? true) addSlowRouteTest(slowRoutes, n, routeLabel);

  const dashboard = new grafana.Dashboard(chart, 'Dashboard', { title: 'otel-shop', datasourceUids: ['prometheus'] });
  const http = dashboard.addRow('Http', { title: 'HTTP' });
  new grafana.HeatmapPanel(http, 'Durations', {
    title: 'Request durations',
    yAxisUnit: grafana.Unit.SECONDS,
    targets: [grafana.Target.promql(`sum(rate(${n.selector(n.duration, ['job="checkout"'])}[$__rate_interval]))`)],
  });
  new grafana.TimeSeriesPanel(http, 'P95', {
    title: 'p95 by route',
    unit: grafana.Unit.SECONDS,
    targets: [grafana.Target.promql(`histogram_quantile(0.95, sum by (${n.route}) (rate(${n.selector(n.duration, ['job="checkout"'])}[$__rate_interval])))`, { legend: `{{${routeLabel}}}` })],
  });
  const slos = dashboard.addRow('Slos', { title: 'SLOs' });
  availability.createPanels(slos, 'Success');
  latency.createPanels(slos, 'Latency');

  // The OpenTelemetry collector's Prometheus exporter, a static target outside the cluster's service
  // discovery: the seed-style static job, as the operator's ScrapeConfig.
  new prometheus.ScrapeConfig(chart, 'Collector', {
    name: 'otel-collector',
    jobName: 'otel-collector',
    targets: [prometheus.ScrapeTargets.fromStatic({ targets: ['otel-collector.observability.svc:8889'], labels: { source: 'otlp' } })],
  });

  // Routing: the team reads Microsoft Teams through a Workflows webhook (msteamsv2, Alertmanager 0.28+).
  const routing = new alertmanager.AlertmanagerConfig(chart, 'Routing', { name: 'otel-shop', namespace: 'otel-shop', receiver: 'teams' });
  routing.addReceiver('teams', { integrations: [alertmanager.Integration.msTeamsV2({ webhookUrl: SecretRef.fromSecret('otel-shop-teams', 'webhook-url') })] });
  const platformChart = new MonitoringChart(app, 'platform', { partOf: 'platform', namespace: 'monitoring' });
  const platform = new alertmanager.AlertmanagerConfigSecret(platformChart, 'Alertmanager', { receiver: 'platform' });
  platform.addReceiver('platform', { integrations: [alertmanager.Integration.email({ to: 'platform@example.com', from: 'alertmanager@example.com', smarthost: 'smtp.example.com:587' })] });
  platform.addApplication(routing);
  return { app, chart, platform };
}

/** The alert's own test: per minute on /cart, 60 requests, 10 in (2, 4] s and 50 in (0.5, 1] s, so p95 is above 1 s. */
function addSlowRouteTest(alert: prometheus.AlertingRule, n: ReturnType<typeof otelNames>, routeLabel: string): void {
  alert.addTest({
    inputSeries: [{
      series: n.selector(n.duration, ['job="checkout"', 'namespace="otel-shop"', `${n.route}="/cart"`]),
      values: '{{schema:0 count:0 sum:0 buckets:[0 0 0] offset:0}}+{{schema:0 count:60 sum:67.5 buckets:[50 0 10] offset:0}}x30',
    }],
    expectations: [
      { at: Duration.minutes(5), alerts: [] },
      { at: Duration.minutes(20), alerts: [{ labels: { namespace: 'otel-shop', [routeLabel]: '/cart' } }] },
    ],
  });
}
