import { Construct } from 'constructs';
import { Annotation, Dashboard, Link, LogPanels, LogsPanel, StatPanel, TablePanel, Target, Thresholds, TimeSeriesPanel, Unit, Variable, Width } from '../../lib/grafana';
import { EnvironmentConfig } from '../environments';

const APP = 'festivals';

/**
 * The festivals seed's dashboards ("Festivals Platform Overview", "API Performance") with their panels
 * and queries, plus "Festivals Logs" from the seed's "Querying Logs in Grafana" LogQL examples.
 *
 * The seed's hard-coded `namespace="festivals-production"` becomes a `namespace` variable that defaults
 * to the environment's namespace. The seed's `graph` panels are time series. Thresholds mirror the
 * alerts (FestivalsHighErrorRate 5 %, FestivalsHighLatency 2 s, FestivalsQueueBacklog 1000). The
 * Helm values' `festivals-overview` import (gnetId 1860) is "Node Exporter Full", a node dashboard that
 * belongs to the platform, not to this app, so it is not reproduced.
 */
export function addDashboards(scope: Construct, env: EnvironmentConfig): void {
  const ns = env.namespace(APP);
  const namespace = () => Variable.namespace({ selector: 'http_requests_total', defaultValue: ns });
  const alerts = () => Annotation.alerts({ matchers: 'namespace="$namespace"' });

  const overview = new Dashboard(scope, 'OverviewDashboard', {
    title: 'Festivals Platform Overview',
    tags: [APP, 'overview'],
    variables: [namespace()],
    annotations: [alerts()],
  });
  const api = new Dashboard(scope, 'ApiPerformanceDashboard', {
    title: 'API Performance',
    tags: [APP, 'api'],
    variables: [namespace()],
    annotations: [alerts()],
    links: [Link.toDashboard(overview)],
  });
  const logs = new Dashboard(scope, 'LogsDashboard', {
    title: 'Festivals Logs',
    tags: [APP, 'logs'],
    variables: [namespace(), Variable.textbox('user_id', '12345', { label: 'User id' })],
    links: [Link.toDashboard(overview)],
  });
  overview.addLink(Link.toDashboard(api));
  overview.addLink(Link.toDashboard(logs));

  new TimeSeriesPanel(overview, 'RequestRate', {
    title: 'Request Rate',
    unit: Unit.REQUESTS_PER_SECOND,
    targets: [Target.promql('sum(rate(http_requests_total{namespace="$namespace"}[5m])) by (service)', { legend: '{{service}}' })],
  });
  new TimeSeriesPanel(overview, 'ErrorRate', {
    title: 'Error Rate',
    unit: Unit.PERCENT_0_100,
    min: 0,
    thresholds: Thresholds.lowerIsBetter(1, 5),
    targets: [Target.promql(
      'sum(rate(http_requests_total{namespace="$namespace",status=~"5.."}[5m])) / sum(rate(http_requests_total{namespace="$namespace"}[5m])) * 100',
      { legend: 'Error %' },
    )],
  });
  new TimeSeriesPanel(overview, 'ResponseTimeP95', {
    title: 'Response Time (P95)',
    unit: Unit.SECONDS,
    thresholds: Thresholds.lowerIsBetter(1, 2),
    targets: [Target.promql('histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket{namespace="$namespace"}[5m])) by (le, service))', { legend: '{{service}}' })],
  });
  new StatPanel(overview, 'ActiveConnections', {
    title: 'Active Connections',
    width: Width.QUARTER,
    unit: Unit.SHORT,
    targets: [Target.promql('sum(db_connections_active{namespace="$namespace"})')],
  });
  new StatPanel(overview, 'TicketsSoldToday', {
    title: 'Tickets Sold Today',
    description: 'Tickets sold over the last 24 hours (a rolling window, not since midnight).',
    width: Width.QUARTER,
    unit: Unit.SHORT,
    targets: [Target.promql('sum(increase(tickets_sold_total{namespace="$namespace"}[24h]))')],
  });
  new TimeSeriesPanel(overview, 'QueueDepth', {
    title: 'Queue Depth',
    width: Width.FULL,
    unit: Unit.SHORT,
    thresholds: Thresholds.lowerIsBetter(500, 1000),
    targets: [Target.promql('sum(queue_jobs_pending{namespace="$namespace"}) by (queue)', { legend: '{{queue}}' })],
  });

  new TablePanel(api, 'RequestsByEndpoint', {
    title: 'Requests by Endpoint',
    width: Width.THIRD,
    unit: Unit.REQUESTS_PER_SECOND,
    sortBy: { column: 'Value' },
    targets: [Target.promql('topk(10, sum(rate(http_requests_total{namespace="$namespace"}[5m])) by (path))')],
  });
  new TablePanel(api, 'SlowestEndpoints', {
    title: 'Slowest Endpoints (P99)',
    width: Width.THIRD,
    unit: Unit.SECONDS,
    sortBy: { column: 'Value' },
    targets: [Target.promql('topk(10, histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{namespace="$namespace"}[5m])) by (le, path)))')],
  });
  // The seed's title says rate but the query is absolute 5xx requests per second: the unit says so.
  new TablePanel(api, 'ErrorRateByEndpoint', {
    title: 'Error Rate by Endpoint',
    width: Width.THIRD,
    unit: Unit.REQUESTS_PER_SECOND,
    sortBy: { column: 'Value' },
    targets: [Target.promql('topk(10, sum(rate(http_requests_total{namespace="$namespace",status=~"5.."}[5m])) by (path))')],
  });

  // The seed's LogQL examples, each as a panel. The seed selected app="festivals-api", which matches no
  // stream: the log pipeline's `app` label comes from the pods' app.kubernetes.io/name, "festivals".
  new LogPanels(logs, 'Api', { selector: '{namespace="$namespace", app="festivals"}', pipeline: '| json', volumeBy: 'level', titlePrefix: 'festivals-api' });
  new TimeSeriesPanel(logs, 'ErrorsPerService', {
    title: 'Errors per service',
    unit: Unit.SHORT,
    targets: [Target.logql('sum(count_over_time({namespace="$namespace"} |= "error" [5m])) by (app)', { legend: '{{app}}' })],
  });
  new LogsPanel(logs, 'ErrorLevel', { title: 'Error level logs', targets: [Target.logql('{namespace="$namespace"} | json | level="error"')] });
  new LogsPanel(logs, 'UserLogs', { title: 'Logs of a user', targets: [Target.logql('{namespace="$namespace"} | json | user_id="$user_id"')] });
  new LogsPanel(logs, 'SlowRequests', { title: 'Slow requests (> 1 s)', targets: [Target.logql('{namespace="$namespace"} | json | duration_ms > 1000')] });
}
