import { Construct } from 'constructs';
import {
  Annotation, Dashboard, GaugePanel, GeomapLocation, GeomapPanel, HeatmapPanel, Link, LogPanels, LogsPanel, StatPanel, Target, TargetFormat,
  Thresholds, TimeSeriesPanel, Unit, Variable, Width,
} from '../../lib/grafana';
import { EnvironmentConfig } from '../environments';

const APP = 'gas-delivery';

/**
 * The three Grafana dashboards of the gas-delivery seed ("Lucky Gas Executive Dashboard", "Lucky Gas
 * Operations", "Lucky Gas Technical Metrics"), with their panels and queries, plus a logs dashboard for
 * the runbook's "check error logs" step.
 *
 * Mappings from the seed's panel types: `graph` -> time series; `worldmap` (the deprecated
 * grafana-worldmap-panel plugin) -> geomap; `heatmap` over a plain gauge -> heatmap with Grafana-side
 * bucketing (`calculate`). Query fixes, keeping each panel's intent:
 * - Active Customers: `luckygas_active_customers` is never exported; the postgres-exporter custom query
 *   exposes `pg_customer_metrics_active_customers`.
 * - Delivery Performance: `histogram_quantile` over raw cumulative buckets gave the all-time quantile per
 *   series; it now takes `rate()` and sums by `le`.
 * - Order Fulfillment Rate and Cache Hit Rate: summed, so one gauge shows the whole service (per-series
 *   ratios split by instance and pod).
 * Units were missing in the seed: they follow each query (NT$, %, minutes, seconds).
 */
export function addDashboards(scope: Construct, env: EnvironmentConfig): void {
  const ns = env.namespace(APP);
  const alerts = Annotation.alerts({ matchers: `namespace="${ns}"` });

  const technical = new Dashboard(scope, 'TechnicalDashboard', { title: 'Lucky Gas Technical Metrics', tags: [APP, 'technical'], annotations: [alerts] });
  new TimeSeriesPanel(technical, 'ApiResponseTime', {
    title: 'API Response Time',
    unit: Unit.SECONDS,
    // The HighResponseTime alert fires at 2 s.
    thresholds: Thresholds.lowerIsBetter(1, 2),
    targets: [Target.promql('histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m])) by (le, endpoint))', { legend: '{{endpoint}}' })],
  });
  new TimeSeriesPanel(technical, 'DatabaseConnections', {
    title: 'Database Connections',
    unit: Unit.SHORT,
    targets: [Target.promql('pg_stat_database_numbackends{datname="luckygas"}', { legend: '{{instance}}' })],
  });
  new GaugePanel(technical, 'CacheHitRate', {
    title: 'Cache Hit Rate',
    unit: Unit.PERCENT_0_1,
    min: 0,
    max: 1,
    thresholds: Thresholds.higherIsBetter(0.8, 0.9),
    targets: [Target.promql('sum(rate(redis_keyspace_hits_total[5m])) / (sum(rate(redis_keyspace_hits_total[5m])) + sum(rate(redis_keyspace_misses_total[5m])))')],
  });

  const executive = new Dashboard(scope, 'ExecutiveDashboard', {
    title: 'Lucky Gas Executive Dashboard',
    tags: [APP, 'business'],
    annotations: [alerts],
    links: [Link.toDashboard(technical)],
  });
  new TimeSeriesPanel(executive, 'RevenueTrend', {
    title: 'Revenue Trend',
    width: Width.FULL,
    unit: Unit.currency('NT$'),
    targets: [Target.promql('sum(luckygas_daily_revenue_twd) by (product_type)', { legend: '{{product_type}}' })],
  });
  new StatPanel(executive, 'ActiveCustomers', {
    title: 'Active Customers',
    unit: Unit.SHORT,
    targets: [Target.promql('sum(pg_customer_metrics_active_customers)')],
  });
  new GaugePanel(executive, 'OrderFulfillmentRate', {
    title: 'Order Fulfillment Rate',
    unit: Unit.PERCENT_0_1,
    min: 0,
    max: 1,
    thresholds: Thresholds.higherIsBetter(0.9, 0.95),
    targets: [Target.promql('sum(rate(luckygas_orders_delivered_total[1h])) / sum(rate(luckygas_orders_created_total[1h]))')],
  });

  const operations = new Dashboard(scope, 'OperationsDashboard', {
    title: 'Lucky Gas Operations',
    tags: [APP, 'operations'],
    annotations: [alerts],
    links: [Link.toDashboard(executive), Link.toDashboard(technical)],
  });
  // worldmap -> geomap. The metric carries no coordinates; `auto` picks up latitude/longitude or geohash
  // fields once the exporter adds them. The view is centred on Taiwan.
  new GeomapPanel(operations, 'ActiveRoutes', {
    title: 'Active Routes',
    width: Width.FULL,
    height: 12,
    unit: Unit.SHORT,
    location: GeomapLocation.auto(),
    view: { latitude: 23.7, longitude: 121, zoom: 7 },
    targets: [Target.promql('luckygas_active_routes', { format: TargetFormat.TABLE, instant: true })],
  });
  new HeatmapPanel(operations, 'DriverUtilization', {
    title: 'Driver Utilization',
    unit: Unit.PERCENT_0_100,
    // A gauge, not a histogram: Grafana buckets the values itself.
    calculate: true,
    targets: [Target.promql('luckygas_driver_utilization_percent')],
  });
  new TimeSeriesPanel(operations, 'DeliveryPerformance', {
    title: 'Delivery Performance',
    unit: Unit.MINUTES,
    targets: [Target.promql('histogram_quantile(0.95, sum by (le) (rate(luckygas_delivery_time_minutes_bucket[$__rate_interval])))', { legend: 'p95' })],
  });

  // The runbook's `kubectl logs -l app=backend --tail=100 | grep ERROR`, as Loki queries over the backend's
  // pods in the chosen namespace (the log pipeline labels streams with `namespace` and `app`; its `job` is
  // `<namespace>/<app>`, so the seed-inventory's `{job="luckygas"}` would match nothing).
  const logs = new Dashboard(scope, 'LogsDashboard', {
    title: 'Lucky Gas Logs',
    tags: [APP, 'logs'],
    variables: [Variable.namespace({ selector: 'up{job="backend"}', defaultValue: ns })],
    links: [Link.toDashboard(technical)],
  });
  new LogPanels(logs, 'Backend', { selector: '{namespace="$namespace", app="backend"}', errorFilter: '|= "ERROR"', titlePrefix: 'backend' });
  new LogsPanel(logs, 'ErrorRecords', {
    title: 'Error records (JSON levelname)',
    width: Width.FULL,
    targets: [Target.logql('{namespace="$namespace", app="backend"} | json | levelname="ERROR"')],
  });
}
