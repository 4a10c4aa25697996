import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Severity } from '../../lib';
import { PrometheusRule, RunbookLinks } from '../../lib/prometheus';
import { EnvironmentConfig } from '../environments';

const APP = 'erp';

/**
 * The seed's runbook wiki (`https://wiki.internal/runbooks/api-down` is its one link); the other alerts
 * get their page there too, `<base>/<alert-name-in-kebab-case>`.
 */
const RUNBOOKS = RunbookLinks.under('https://wiki.internal/runbooks');

/**
 * The alerting rules of the ERP seed: `critical_alerts` (30s, file alert-rules-critical.yml) and
 * `warning_alerts` (1m, file alert-rules-warning.yml), with their thresholds, `for`, severities, teams,
 * texts and the seed's runbook and dashboard links.
 *
 * Fixes to the seed's PromQL, keeping each alert's intent:
 * - HighErrorRate divided each 5xx series by itself (no aggregation), so any 5xx made it 100%: both
 *   sides are now summed by job.
 * - DatabaseDown watched `up{job="postgres"}`, the exporter's reachability: postgres_exporter answers with
 *   `pg_up 0` when the database is down. It now fires on `pg_up == 0`, or when `pg_up` is absent.
 * - DatabaseConnectionPoolExhausted compared each (database, state) series with a hard-coded 100 (the
 *   seed's comment "Assuming max 100 connections", while its runbook raises the limit to 200): it now
 *   divides all connections by the server's `max_connections`.
 * - SlowQueries used `pg_stat_statements_mean_exec_time`, which postgres_exporter does not export, under
 *   `rate()`, which is meaningless on a mean: the mean is now total execution time over calls
 *   (`--collector.stat_statements`), in seconds (threshold 1000 ms = 1 s).
 * - HighAPIResponseTime computed one p95 per series: it now aggregates buckets by `le`.
 * - DiskSpaceCritical ignores pseudo file systems (tmpfs, overlay, squashfs...), which are full by design.
 * - MobileAppCrashRateElevated: the rate is crashes per second, not a percentage; the description says so.
 * Application queries are scoped to the app's namespace and the backend's job.
 */
export function addAlerts(scope: Construct, env: EnvironmentConfig): void {
  const ns = env.namespace(APP);
  const backend = `namespace="${ns}", job="backend"`;
  const rules = new PrometheusRule(scope, 'Alerts', { name: `${APP}-alerts` });

  const critical = rules.addGroup('critical_alerts', { interval: Duration.seconds(30) });
  critical.addAlert('APIServiceDown', {
    expr: `up{${backend}} == 0`,
    for: Duration.minutes(2),
    severity: Severity.CRITICAL,
    labels: { team: 'backend' },
    summary: 'API service is down',
    description: 'Backend API has not been responding for 2+ minutes',
    runbookUrl: 'https://wiki.internal/runbooks/api-down',
    // The seed's link; the api-health dashboard is not defined in the seed.
    dashboardUrl: 'https://grafana.internal/d/api-health',
  }).addTest({
    name: 'APIServiceDown fires after 2 minutes without a successful scrape',
    inputSeries: [{ series: `up{${backend}, instance="10.0.0.1:8000"}`, values: '1 1 0 0 0 0 0' }],
    expectations: [
      { at: Duration.minutes(3), alerts: [] },
      { at: Duration.minutes(5), alerts: [{ labels: { namespace: ns, job: 'backend', instance: '10.0.0.1:8000' } }] },
    ],
  });

  critical.addAlert('DatabaseDown', {
    expr: `pg_up{namespace="${ns}"} == 0 or absent(pg_up{namespace="${ns}"})`,
    for: Duration.minutes(2),
    severity: Severity.CRITICAL,
    labels: { team: 'database' },
    summary: 'Database is down',
    description: 'PostgreSQL is not responding',
    runbookUrl: RUNBOOKS.urlFor('DatabaseDown'),
  }).addTest({
    name: 'DatabaseDown fires when the exporter reports the database down (its own scrape still succeeds)',
    inputSeries: [
      { series: `pg_up{namespace="${ns}", job="postgres"}`, values: '1 1 0 0 0 0 0' },
      { series: `up{namespace="${ns}", job="postgres"}`, values: '1 1 1 1 1 1 1' },
    ],
    expectations: [
      { at: Duration.minutes(3), alerts: [] },
      { at: Duration.minutes(5), alerts: [{ labels: { namespace: ns, job: 'postgres' } }] },
    ],
  });

  const highErrorRate = critical.addAlert('HighErrorRate', {
    expr: `(sum by (namespace, job) (rate(http_requests_total{${backend}, status=~"5.."}[5m])) / sum by (namespace, job) (rate(http_requests_total{${backend}}[5m]))) > 0.05`,
    for: Duration.minutes(3),
    severity: Severity.CRITICAL,
    labels: { team: 'backend' },
    summary: 'High error rate on {{ $labels.job }}',
    description: 'Error rate is {{ $value | humanizePercentage }}',
    runbookUrl: RUNBOOKS.urlFor('HighErrorRate'),
  });
  highErrorRate.addTest({
    name: 'HighErrorRate fires at 10% errors',
    inputSeries: [
      { series: `http_requests_total{${backend}, method="GET", endpoint="/api/spk", status="200"}`, values: '0+90x15' },
      { series: `http_requests_total{${backend}, method="GET", endpoint="/api/spk", status="500"}`, values: '0+10x15' },
    ],
    expectations: [{ at: Duration.minutes(10), alerts: [{ labels: { namespace: ns, job: 'backend' }, annotations: { summary: 'High error rate on backend', description: 'Error rate is 10%' } }] }],
  });
  highErrorRate.addTest({
    name: 'HighErrorRate stays silent at 1% errors (the seed, dividing each 5xx series by itself, fired at any 5xx)',
    inputSeries: [
      { series: `http_requests_total{${backend}, method="GET", endpoint="/api/spk", status="200"}`, values: '0+99x15' },
      { series: `http_requests_total{${backend}, method="GET", endpoint="/api/spk", status="500"}`, values: '0+1x15' },
    ],
    expectations: [{ at: Duration.minutes(10), alerts: [] }],
  });

  critical.addAlert('DiskSpaceCritical', {
    expr: '(1 - (node_filesystem_avail_bytes{fstype!~"tmpfs|overlay|squashfs|ramfs|nsfs|fuse.*", fstype!=""} / node_filesystem_size_bytes{fstype!~"tmpfs|overlay|squashfs|ramfs|nsfs|fuse.*", fstype!=""})) > 0.9',
    for: Duration.minutes(5),
    severity: Severity.CRITICAL,
    // Node-level: the node exporter's series name no application namespace; the seed gives these alerts to
    // the ERP's infrastructure route, so they are labelled with the ERP's namespace to reach its routing.
    labels: { team: 'infrastructure', namespace: ns },
    summary: 'Disk space is critical (>90%)',
    description: '{{ $labels.device }} is {{ $value | humanizePercentage }} full',
    runbookUrl: RUNBOOKS.urlFor('DiskSpaceCritical'),
  });

  critical.addAlert('DatabaseConnectionPoolExhausted', {
    expr: `sum by (namespace) (pg_stat_activity_count{namespace="${ns}"}) / max by (namespace) (pg_settings_max_connections{namespace="${ns}"}) > 0.95`,
    for: Duration.minutes(3),
    severity: Severity.CRITICAL,
    labels: { team: 'database' },
    summary: 'Database connection pool nearly exhausted',
    description: '{{ $value | humanizePercentage }} of connections in use',
    runbookUrl: RUNBOOKS.urlFor('DatabaseConnectionPoolExhausted'),
  }).addTest({
    name: 'DatabaseConnectionPoolExhausted adds up connections of every state against max_connections',
    inputSeries: [
      { series: `pg_stat_activity_count{namespace="${ns}", datname="erp", state="active"}`, values: '100+0x10' },
      { series: `pg_stat_activity_count{namespace="${ns}", datname="erp", state="idle"}`, values: '95+0x10' },
      { series: `pg_settings_max_connections{namespace="${ns}"}`, values: '200+0x10' },
    ],
    expectations: [{ at: Duration.minutes(5), alerts: [{ labels: { namespace: ns }, annotations: { description: '97.5% of connections in use' } }] }],
  });

  const warning = rules.addGroup('warning_alerts', { interval: Duration.minutes(1) });
  warning.addAlert('SlowQueries', {
    expr: `sum by (namespace) (rate(pg_stat_statements_seconds_total{namespace="${ns}"}[5m])) / sum by (namespace) (rate(pg_stat_statements_calls_total{namespace="${ns}"}[5m])) > 1`,
    for: Duration.minutes(5),
    severity: Severity.WARNING,
    labels: { team: 'database' },
    summary: 'Slow database queries detected',
    description: 'Average query time is {{ $value | humanizeDuration }}',
    runbookUrl: RUNBOOKS.urlFor('SlowQueries'),
  });
  warning.addAlert('HighMemoryUsage', {
    expr: '(1 - (node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)) > 0.80',
    for: Duration.minutes(5),
    severity: Severity.WARNING,
    labels: { team: 'infrastructure', namespace: ns }, // node-level, like DiskSpaceCritical
    summary: 'High memory usage (>80%)',
    description: 'Memory usage is {{ $value | humanizePercentage }}',
    runbookUrl: RUNBOOKS.urlFor('HighMemoryUsage'),
  });
  warning.addAlert('HighAPIResponseTime', {
    expr: `histogram_quantile(0.95, sum by (namespace, le) (rate(http_request_duration_seconds_bucket{${backend}}[5m]))) > 1.0`,
    for: Duration.minutes(5),
    severity: Severity.WARNING,
    labels: { team: 'backend' },
    summary: 'API response time is slow',
    description: 'p95 response time is {{ $value | humanize }}s',
    runbookUrl: RUNBOOKS.urlFor('HighAPIResponseTime'),
  });
  warning.addAlert('HighSyncQueueBacklog', {
    // sync_queue_size is not defined by the seed's backend (the offline queue lives on the devices); kept for when it is exported.
    expr: `sync_queue_size{namespace="${ns}"} > 1000`,
    for: Duration.minutes(10),
    severity: Severity.WARNING,
    labels: { team: 'mobile' },
    summary: 'High sync queue backlog',
    description: 'Offline sync queue has {{ $value }} items',
    runbookUrl: RUNBOOKS.urlFor('HighSyncQueueBacklog'),
  });
  warning.addAlert('MobileAppCrashRateElevated', {
    expr: `sum by (namespace) (rate(mobile_app_crashes_total{namespace="${ns}"}[1h])) > 0.0005`,
    for: Duration.minutes(5),
    severity: Severity.WARNING,
    labels: { team: 'mobile' },
    summary: 'Mobile app crash rate elevated',
    description: 'Crash rate is {{ $value | humanize }} crashes per second',
    runbookUrl: RUNBOOKS.urlFor('MobileAppCrashRateElevated'),
  });
}
