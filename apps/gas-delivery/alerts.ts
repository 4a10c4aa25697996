import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Severity } from '../../lib';
import { PrometheusRule, RunbookLinks } from '../../lib/prometheus';
import { EnvironmentConfig } from '../environments';

const APP = 'gas-delivery';

/**
 * Where the runbooks live. The seed has one runbook (High Error Rate, as Markdown, without URL) and no
 * runbook links: every alert points to its page under this base, `<base>/<alert-name-in-kebab-case>`.
 */
const RUNBOOKS = RunbookLinks.under('https://wiki.internal/runbooks/gas-delivery');

/**
 * The alerting rules of the gas-delivery (Lucky Gas) seed: groups `luckygas_critical` (30s) and
 * `luckygas_business` (60s), with their thresholds, `for`, severities, teams and texts.
 *
 * Fixes to the seed's PromQL, keeping each alert's intent:
 * - every query is scoped to the app's namespace (and the backend's job): the seed's
 *   `sum(rate(http_requests_total[5m]))` summed the HTTP traffic of every application in the cluster;
 * - DatabaseConnectionFailure also fires when `pg_up` is absent (exporter down or not scraped): the
 *   seed's `pg_up == 0` stays silent exactly when nothing reports the database;
 * - NoOrdersReceived sums over all series and fires when the counter is absent: the seed's per-series
 *   `increase(...) == 0` never fired for a missing counter. (It still fires at night: muting it outside
 *   business hours is a routing time interval, not a rule change.)
 */
export function addAlerts(scope: Construct, env: EnvironmentConfig): void {
  const ns = env.namespace(APP);
  const backend = `namespace="${ns}", job="backend"`;
  const rules = new PrometheusRule(scope, 'Alerts', { name: `${APP}-alerts` });

  const critical = rules.addGroup('luckygas_critical', { interval: Duration.seconds(30) });
  const highErrorRate = critical.addAlert('HighErrorRate', {
    expr: `(\n  sum by (namespace) (rate(http_requests_total{${backend}, status=~"5.."}[5m]))\n  /\n  sum by (namespace) (rate(http_requests_total{${backend}}[5m]))\n) > 0.05`,
    for: Duration.minutes(5),
    severity: Severity.CRITICAL,
    labels: { team: 'backend' },
    summary: 'High error rate detected',
    description: 'Error rate is {{ $value | humanizePercentage }} for the last 5 minutes',
    runbookUrl: RUNBOOKS.urlFor('HighErrorRate'),
  });
  highErrorRate.addTest({
    name: 'HighErrorRate fires after 5 minutes at 10% errors, ignoring other namespaces',
    inputSeries: [
      { series: `http_requests_total{namespace="${ns}", job="backend", status="200"}`, values: '0+90x20' },
      { series: `http_requests_total{namespace="${ns}", job="backend", status="500"}`, values: '0+10x20' },
      { series: 'http_requests_total{namespace="other-app", job="backend", status="500"}', values: '0+1000x20' },
    ],
    expectations: [
      { at: Duration.minutes(4), alerts: [] },
      { at: Duration.minutes(10), alerts: [{ labels: { namespace: ns }, annotations: { description: 'Error rate is 10% for the last 5 minutes' } }] },
    ],
  });
  highErrorRate.addTest({
    name: 'HighErrorRate stays silent at 1% errors',
    inputSeries: [
      { series: `http_requests_total{namespace="${ns}", job="backend", status="200"}`, values: '0+99x20' },
      { series: `http_requests_total{namespace="${ns}", job="backend", status="500"}`, values: '0+1x20' },
    ],
    expectations: [{ at: Duration.minutes(15), alerts: [] }],
  });

  const databaseDown = critical.addAlert('DatabaseConnectionFailure', {
    expr: `pg_up{namespace="${ns}"} == 0 or absent(pg_up{namespace="${ns}"})`,
    for: Duration.minutes(1),
    severity: Severity.CRITICAL,
    labels: { team: 'infrastructure' },
    summary: 'PostgreSQL is down',
    description: 'Cannot connect to PostgreSQL database',
    runbookUrl: RUNBOOKS.urlFor('DatabaseConnectionFailure'),
  });
  databaseDown.addTest({
    name: 'DatabaseConnectionFailure fires when pg_up is 0, and when the exporter stops reporting',
    inputSeries: [{ series: `pg_up{namespace="${ns}", job="postgres-exporter"}`, values: '1 1 1 0 0 0 0 _ _ _ _ _ _ _ _ _' }],
    expectations: [
      { at: Duration.minutes(2), alerts: [] },
      { at: Duration.minutes(5), alerts: [{ labels: { namespace: ns, job: 'postgres-exporter' } }] },
      { at: Duration.minutes(15), alerts: [{ labels: { namespace: ns } }] },
    ],
  });

  critical.addAlert('HighResponseTime', {
    expr: `histogram_quantile(0.95,\n  sum(rate(http_request_duration_seconds_bucket{${backend}}[5m])) by (namespace, le)\n) > 2`,
    for: Duration.minutes(5),
    // The seed files this warning in its "critical" group; the severity, not the group, decides routing.
    severity: Severity.WARNING,
    labels: { team: 'backend' },
    summary: 'High API response time',
    description: '95th percentile response time is {{ $value }}s',
    runbookUrl: RUNBOOKS.urlFor('HighResponseTime'),
  });

  const business = rules.addGroup('luckygas_business', { interval: Duration.seconds(60) });
  const noOrders = business.addAlert('NoOrdersReceived', {
    expr: `sum by (namespace) (increase(luckygas_orders_created_total{namespace="${ns}"}[1h])) == 0 or absent(luckygas_orders_created_total{namespace="${ns}"})`,
    for: Duration.hours(1),
    severity: Severity.WARNING,
    labels: { team: 'business' },
    summary: 'No orders received in the last hour',
    description: 'Check if there are system issues or business slowdown',
    runbookUrl: RUNBOOKS.urlFor('NoOrdersReceived'),
  });
  noOrders.addTest({
    name: 'NoOrdersReceived fires once orders stop for two hours, not while they flow',
    inputSeries: [{ series: `luckygas_orders_created_total{namespace="${ns}", job="backend"}`, values: '0+5x60 300+0x180' }],
    expectations: [
      { at: Duration.minutes(60), alerts: [] },
      { at: Duration.minutes(150), alerts: [] },
      { at: Duration.minutes(185), alerts: [{ labels: { namespace: ns } }] },
    ],
  });

  business.addAlert('LowPredictionAccuracy', {
    expr: `luckygas_prediction_accuracy{namespace="${ns}"} < 0.7`,
    for: Duration.minutes(30),
    severity: Severity.WARNING,
    labels: { team: 'data' },
    summary: 'AI prediction accuracy below threshold',
    description: 'Prediction accuracy is {{ $value | humanizePercentage }}',
    runbookUrl: RUNBOOKS.urlFor('LowPredictionAccuracy'),
  });
}
