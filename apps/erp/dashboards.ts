import { Construct } from 'constructs';
import {
  Annotation, Dashboard, GaugePanel, Link, LogPanels, LogsPanel, PieChartPanel, StatPanel, TablePanel, Target, Thresholds, ThresholdsStyle,
  TimeSeriesPanel, Unit, Variable, Width,
} from '../../lib/grafana';
import { EnvironmentConfig } from '../environments';

const APP = 'erp';

/**
 * The ERP seed's Grafana dashboards ("System Health Overview", "Production Workflow Metrics", "Mobile
 * App Performance") with their panels, queries, tags and thresholds, plus "ERP Logs", the Grafana
 * replacement of the seed's Kibana log analysis (logs now go to Loki).
 *
 * Mappings: `graph` -> time series; `pie` (not a Grafana type) -> pie chart; the legacy threshold strings
 * ("1,2") -> threshold steps; the graph `alertThreshold` -> a threshold line; `colors` [green, yellow,
 * red] -> lower-is-better steps; Kibana saved searches -> logs panels.
 * Query fixes, keeping each panel's intent:
 * - API Response Time (p95) and Barcode Scan Latency: `histogram_quantile` now over `sum by (le)` of
 *   `rate()` (the seed computed per-series quantiles, and the barcode one over all-time buckets).
 * - Error Rate: the seed's thresholds (0.5 %, 1 %) are ratios but its query was an absolute 5xx rate; the
 *   query is now the 5xx ratio.
 * - Barcode Scan Success Rate: without `sum()` the SUCCESS series was divided by itself (always 1).
 * - Active Database Connections: summed (the raw gauge shows one needle per database and state); Active
 *   SPKs by Status: summed by status (one slice per status, not per series).
 * - Battery Usage per Hour: `delta()` on the gauge (`increase()` is for counters).
 * "System Health Overview" gets uid `api-health`, the dashboard the seed's alerts link to.
 */
export function addDashboards(scope: Construct, env: EnvironmentConfig): void {
  const ns = env.namespace(APP);
  const alerts = Annotation.alerts({ matchers: `namespace="${ns}"` });

  const health = new Dashboard(scope, 'SystemHealthDashboard', {
    title: 'System Health Overview',
    uid: 'api-health',
    tags: ['production', 'overview'],
    timezone: 'browser',
    annotations: [alerts],
  });
  new TimeSeriesPanel(health, 'ApiResponseTimeP95', {
    title: 'API Response Time (p95)',
    unit: Unit.SECONDS,
    thresholds: Thresholds.lowerIsBetter(1, 2),
    targets: [Target.promql('histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))', { legend: 'p95' })],
  });
  new TimeSeriesPanel(health, 'ErrorRate', {
    title: 'Error Rate',
    unit: Unit.PERCENT_0_1,
    min: 0,
    thresholds: Thresholds.lowerIsBetter(0.005, 0.01),
    targets: [Target.promql('sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))', { legend: '5xx ratio' })],
  });
  new GaugePanel(health, 'ActiveDatabaseConnections', {
    title: 'Active Database Connections',
    width: Width.THIRD,
    unit: Unit.SHORT,
    min: 0,
    max: 100,
    thresholds: Thresholds.lowerIsBetter(50, 80),
    targets: [Target.promql('sum(pg_stat_activity_count)')],
  });
  new GaugePanel(health, 'MemoryUsage', {
    title: 'Memory Usage',
    width: Width.THIRD,
    unit: Unit.PERCENT_0_1,
    min: 0,
    max: 1,
    thresholds: Thresholds.lowerIsBetter(0.7, 0.85),
    targets: [Target.promql('1 - (node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)', { legend: '{{instance}}' })],
  });
  new GaugePanel(health, 'DiskUsage', {
    title: 'Disk Usage',
    width: Width.THIRD,
    unit: Unit.PERCENT_0_1,
    min: 0,
    max: 1,
    thresholds: Thresholds.lowerIsBetter(0.8, 0.95),
    targets: [Target.promql('1 - (node_filesystem_avail_bytes{mountpoint="/"} / node_filesystem_size_bytes{mountpoint="/"})', { legend: '{{instance}}' })],
  });

  const workflow = new Dashboard(scope, 'ProductionWorkflowDashboard', {
    title: 'Production Workflow Metrics',
    tags: ['business', 'production-workflow'],
    annotations: [alerts],
    links: [Link.toDashboard(health)],
  });
  new PieChartPanel(workflow, 'ActiveSpksByStatus', {
    title: 'Active SPKs by Status',
    width: Width.THIRD,
    targets: [Target.promql('sum by (status) (production_spks_count)', { legend: '{{status}}' })],
  });
  new TimeSeriesPanel(workflow, 'DailyOutputTrend', {
    title: 'Daily Output Trend',
    width: Width.TWO_THIRDS,
    unit: Unit.SHORT,
    targets: [Target.promql('increase(daily_output_total[1d])')],
  });
  new GaugePanel(workflow, 'BarcodeScanSuccessRate', {
    title: 'Barcode Scan Success Rate',
    width: Width.THIRD,
    unit: Unit.PERCENT_0_1,
    min: 0,
    max: 1,
    // Higher is better: red below 95 %, green from 99 %.
    thresholds: Thresholds.higherIsBetter(0.95, 0.99),
    targets: [Target.promql('sum(rate(barcode_scans_total{status="SUCCESS"}[1h])) / sum(rate(barcode_scans_total[1h]))')],
  });
  new TimeSeriesPanel(workflow, 'SyncQueueSize', {
    title: 'Sync Queue Size',
    width: Width.TWO_THIRDS,
    unit: Unit.SHORT,
    // The graph panel's alertThreshold (1000, as alert HighSyncQueueBacklog) as a threshold line.
    thresholds: Thresholds.lowerIsBetter(500, 1000),
    thresholdsStyle: ThresholdsStyle.LINE,
    targets: [Target.promql('sync_queue_size')],
  });
  new TablePanel(workflow, 'MaterialDebtStatus', {
    title: 'Material Debt Status',
    width: Width.FULL,
    targets: [Target.promql('material_debt_status')],
  });

  const mobile = new Dashboard(scope, 'MobileDashboard', {
    title: 'Mobile App Performance',
    tags: ['mobile', 'performance'],
    annotations: [alerts],
    links: [Link.toDashboard(health)],
  });
  new StatPanel(mobile, 'AppCrashRate', {
    title: 'App Crash Rate (24h)',
    width: Width.QUARTER,
    unit: Unit.SHORT,
    decimals: 5,
    thresholds: Thresholds.lowerIsBetter(0.0001, 0.001),
    targets: [Target.promql('rate(mobile_app_crashes_total[24h])')],
  });
  new StatPanel(mobile, 'ActiveSessions', {
    title: 'Active Sessions',
    width: Width.QUARTER,
    unit: Unit.SHORT,
    targets: [Target.promql('mobile_app_active_sessions')],
  });
  new TimeSeriesPanel(mobile, 'BarcodeScanLatency', {
    title: 'Barcode Scan Latency',
    unit: Unit.MILLISECONDS,
    axisLabel: 'ms',
    targets: [Target.promql('histogram_quantile(0.95, sum by (le) (rate(barcode_scan_duration_ms_bucket[$__rate_interval])))', { legend: 'p95' })],
  });
  new TimeSeriesPanel(mobile, 'BatteryUsagePerHour', {
    title: 'Battery Usage per Hour',
    unit: Unit.PERCENT_0_100,
    targets: [Target.promql('delta(battery_usage_percent[1h])')],
  });
  new PieChartPanel(mobile, 'NetworkTypeDistribution', {
    title: 'Network Type Distribution',
    targets: [Target.promql('mobile_network_type_count', { legend: '{{network_type}}' })],
  });

  // Kibana (log analysis over Elasticsearch) -> Grafana logs panels over Loki, with the runbook's queries.
  const logs = new Dashboard(scope, 'LogsDashboard', {
    title: 'ERP Logs',
    tags: [APP, 'logs'],
    variables: [Variable.namespace({ selector: 'up', defaultValue: ns }), Variable.textbox('request_id', '', { label: 'Request id' })],
    links: [Link.toDashboard(health)],
  });
  new LogPanels(logs, 'Backend', {
    selector: '{namespace="$namespace", app="backend"}',
    pipeline: '| json',
    errorFilter: '| json | level=~"ERROR|CRITICAL"',
    titlePrefix: 'backend',
  });
  new LogsPanel(logs, 'RequestTrace', {
    title: 'Request trace (request_id)',
    width: Width.FULL,
    description: 'Every log line of one request across services: set the request id (the X-Request-ID header).',
    targets: [Target.logql('{namespace="$namespace"} | json | request_id="$request_id"')],
  });
}
