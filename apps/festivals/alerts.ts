import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Severity } from '../../lib';
import { InstanceSelectorLabels, PrometheusRule, RunbookLinks } from '../../lib/prometheus';
import { EnvironmentConfig } from '../environments';

const APP = 'festivals';

/** The seed's kube-prometheus-stack is installed as Helm release `prometheus`; its rule selector matches `release: prometheus`. */
const INSTANCE_LABELS = InstanceSelectorLabels.release('prometheus');

/** Where the runbooks live (the seed has none): `<base>/<alert-name-in-kebab-case>`. */
const RUNBOOKS = RunbookLinks.under('https://wiki.internal/runbooks/festivals');

/**
 * The alerting rules of the festivals seed (PrometheusRule `festivals-alerts`, five groups), with their
 * thresholds, `for`, severities and texts. The seed's `festivals-production` namespace filter becomes
 * the environment's namespace.
 *
 * Fixes to the seed's PromQL, keeping each alert's intent:
 * - FestivalsQueueStuck could never fire: `and` matched on all labels, and the left side carries
 *   `status="completed"` that the right side lacks. Both sides are now summed by `queue` and joined `on (queue)`.
 * - FestivalsHighCPU / FestivalsHighMemory summed cAdvisor's pod-level cgroup series (`container=""`)
 *   together with the per-container ones, double counting; they now keep real containers only.
 * - FestivalsNoTicketSales fired per festival and ticket type, so every past festival fired forever; it
 *   now looks at all sales together. ("During business hours" is a routing time interval.)
 * - FestivalsAPIDown relies on the scrape jobs pinning `job="festivals-api"` (see scraping.ts), which
 *   the seed's ServiceMonitor did not do.
 */
export function addAlerts(scope: Construct, env: EnvironmentConfig): void {
  const ns = env.namespace(APP);
  const sel = `namespace="${ns}"`;
  const rules = new PrometheusRule(scope, 'Alerts', { name: `${APP}-alerts`, instanceLabels: INSTANCE_LABELS });

  const availability = rules.addGroup('festivals.availability');
  availability.addAlert('FestivalsAPIDown', {
    expr: `up{job="festivals-api", ${sel}} == 0`,
    for: Duration.minutes(1),
    severity: Severity.CRITICAL,
    summary: 'Festivals API is down',
    description: 'Festivals API has been down for more than 1 minute',
    runbookUrl: RUNBOOKS.urlFor('FestivalsAPIDown'),
  }).addTest({
    name: 'FestivalsAPIDown fires after a minute of failed scrapes',
    inputSeries: [{ series: `up{job="festivals-api", ${sel}, pod="api-0"}`, values: '1 1 0 0 0 0' }],
    expectations: [
      { at: Duration.minutes(2), alerts: [] },
      { at: Duration.minutes(4), alerts: [{ labels: { job: 'festivals-api', namespace: ns, pod: 'api-0' } }] },
    ],
  });

  availability.addAlert('FestivalsHighErrorRate', {
    expr: `sum by (namespace) (rate(http_requests_total{${sel},status=~"5.."}[5m]))\n/ sum by (namespace) (rate(http_requests_total{${sel}}[5m])) > 0.05`,
    for: Duration.minutes(5),
    severity: Severity.CRITICAL,
    summary: 'High error rate detected',
    description: 'Error rate is above 5% for the last 5 minutes',
    runbookUrl: RUNBOOKS.urlFor('FestivalsHighErrorRate'),
  }).addTest({
    name: 'FestivalsHighErrorRate fires at 20% errors after 5 minutes',
    inputSeries: [
      { series: `http_requests_total{${sel}, status="200"}`, values: '0+80x20' },
      { series: `http_requests_total{${sel}, status="503"}`, values: '0+20x20' },
    ],
    expectations: [{ at: Duration.minutes(3), alerts: [] }, { at: Duration.minutes(10), alerts: [{ labels: { namespace: ns } }] }],
  });

  availability.addAlert('FestivalsHighLatency', {
    expr: `histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket{${sel}}[5m])) by (namespace, le)) > 2`,
    for: Duration.minutes(5),
    severity: Severity.WARNING,
    summary: 'High latency detected',
    description: 'P95 latency is above 2 seconds',
    runbookUrl: RUNBOOKS.urlFor('FestivalsHighLatency'),
  });

  const resources = rules.addGroup('festivals.resources');
  const containers = `${sel}, container!="", container!="POD"`;
  resources.addAlert('FestivalsHighCPU', {
    expr: `sum(rate(container_cpu_usage_seconds_total{${containers}}[5m])) by (namespace, pod)\n/ sum(kube_pod_container_resource_limits{${sel},resource="cpu"}) by (namespace, pod) > 0.9`,
    for: Duration.minutes(10),
    severity: Severity.WARNING,
    summary: 'High CPU usage',
    description: 'Pod {{ $labels.pod }} CPU usage is above 90%',
    runbookUrl: RUNBOOKS.urlFor('FestivalsHighCPU'),
  }).addTest({
    name: 'FestivalsHighCPU counts containers only, not the pod-level cgroup series',
    inputSeries: [
      // api-0 uses 0.25 of its 0.5 cores; cAdvisor reports the same usage again for the pod cgroup (container="").
      { series: `container_cpu_usage_seconds_total{${sel}, pod="api-0", container="api"}`, values: '0+15x30' },
      { series: `container_cpu_usage_seconds_total{${sel}, pod="api-0", container=""}`, values: '0+15x30' },
      { series: `kube_pod_container_resource_limits{${sel}, pod="api-0", container="api", resource="cpu"}`, values: '0.5+0x30' },
      // api-1 uses all of its 0.5 cores.
      { series: `container_cpu_usage_seconds_total{${sel}, pod="api-1", container="api"}`, values: '0+30x30' },
      { series: `kube_pod_container_resource_limits{${sel}, pod="api-1", container="api", resource="cpu"}`, values: '0.5+0x30' },
    ],
    expectations: [{ at: Duration.minutes(20), alerts: [{ labels: { namespace: ns, pod: 'api-1' }, annotations: { description: 'Pod api-1 CPU usage is above 90%' } }] }],
  });
  resources.addAlert('FestivalsHighMemory', {
    expr: `sum(container_memory_working_set_bytes{${containers}}) by (namespace, pod)\n/ sum(kube_pod_container_resource_limits{${sel},resource="memory"}) by (namespace, pod) > 0.9`,
    for: Duration.minutes(10),
    severity: Severity.WARNING,
    summary: 'High memory usage',
    description: 'Pod {{ $labels.pod }} memory usage is above 90%',
    runbookUrl: RUNBOOKS.urlFor('FestivalsHighMemory'),
  });
  resources.addAlert('FestivalsPodRestarting', {
    expr: `increase(kube_pod_container_status_restarts_total{${sel}}[1h]) > 3`,
    for: Duration.minutes(5),
    severity: Severity.WARNING,
    summary: 'Pod restarting frequently',
    description: 'Pod {{ $labels.pod }} has restarted more than 3 times in the last hour',
    runbookUrl: RUNBOOKS.urlFor('FestivalsPodRestarting'),
  });

  const database = rules.addGroup('festivals.database');
  database.addAlert('FestivalsDatabaseConnectionHigh', {
    // Assumes db_connections_total is the pool size (a gauge, despite its counter-like name), as the seed does.
    expr: `db_connections_active{${sel}} / db_connections_total{${sel}} > 0.8`,
    for: Duration.minutes(5),
    severity: Severity.WARNING,
    summary: 'Database connection pool nearly exhausted',
    description: 'More than 80% of database connections are in use',
    runbookUrl: RUNBOOKS.urlFor('FestivalsDatabaseConnectionHigh'),
  });
  database.addAlert('FestivalsDatabaseSlowQueries', {
    expr: `histogram_quantile(0.95, sum(rate(db_query_duration_seconds_bucket{${sel}}[5m])) by (namespace, le)) > 1`,
    for: Duration.minutes(5),
    severity: Severity.WARNING,
    summary: 'Slow database queries detected',
    description: 'P95 query latency is above 1 second',
    runbookUrl: RUNBOOKS.urlFor('FestivalsDatabaseSlowQueries'),
  });

  const queue = rules.addGroup('festivals.queue');
  queue.addAlert('FestivalsQueueBacklog', {
    expr: `queue_jobs_pending{${sel}} > 1000`,
    for: Duration.minutes(10),
    severity: Severity.WARNING,
    summary: 'Job queue backlog detected',
    description: 'Queue {{ $labels.queue }} has more than 1000 pending jobs',
    runbookUrl: RUNBOOKS.urlFor('FestivalsQueueBacklog'),
  });
  queue.addAlert('FestivalsQueueStuck', {
    expr: `sum by (namespace, queue) (increase(queue_jobs_total{${sel},status="completed"}[10m])) == 0\nand on (namespace, queue)\nsum by (namespace, queue) (queue_jobs_pending{${sel}}) > 0`,
    for: Duration.minutes(10),
    severity: Severity.CRITICAL,
    summary: 'Job queue appears stuck',
    description: 'No jobs completed in the last 10 minutes but jobs are pending',
    runbookUrl: RUNBOOKS.urlFor('FestivalsQueueStuck'),
  }).addTest({
    name: 'FestivalsQueueStuck fires for the queue that stopped completing jobs (the seed version never fired)',
    inputSeries: [
      { series: `queue_jobs_total{${sel}, queue="emails", status="completed"}`, values: '0+10x10 100+0x30' },
      { series: `queue_jobs_pending{${sel}, queue="emails"}`, values: '5+0x40' },
      { series: `queue_jobs_total{${sel}, queue="tickets", status="completed"}`, values: '0+10x40' },
      { series: `queue_jobs_pending{${sel}, queue="tickets"}`, values: '5+0x40' },
    ],
    expectations: [
      { at: Duration.minutes(15), alerts: [] },
      { at: Duration.minutes(35), alerts: [{ labels: { namespace: ns, queue: 'emails' } }] },
    ],
  });

  const business = rules.addGroup('festivals.business');
  business.addAlert('FestivalsNoTicketSales', {
    expr: `sum by (namespace) (increase(tickets_sold_total{${sel}}[1h])) == 0`,
    for: Duration.minutes(30),
    severity: Severity.WARNING,
    summary: 'No ticket sales in the last hour',
    description: 'No tickets have been sold in the last hour during business hours',
    runbookUrl: RUNBOOKS.urlFor('FestivalsNoTicketSales'),
  });
  business.addAlert('FestivalsPaymentFailureHigh', {
    expr: `sum by (namespace) (rate(payment_transactions_total{${sel},status="failed"}[5m]))\n/ sum by (namespace) (rate(payment_transactions_total{${sel}}[5m])) > 0.1`,
    for: Duration.minutes(5),
    severity: Severity.CRITICAL,
    summary: 'High payment failure rate',
    description: 'More than 10% of payments are failing',
    runbookUrl: RUNBOOKS.urlFor('FestivalsPaymentFailureHigh'),
  });
}
