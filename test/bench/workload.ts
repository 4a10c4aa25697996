import { App, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { MonitoringChart, SecretRef, Severity } from '../../lib';
import { AlertmanagerConfig, Integration, Matcher } from '../../lib/alertmanager';
import { Dashboard, GaugePanel, StatPanel, Target, Thresholds, TimeSeriesPanel, Unit, Variable } from '../../lib/grafana';
import { BlackboxExporter, BlackboxModule } from '../../lib/exporters';
import { LoggingStack, LogClient, LogPipeline, LogQueries, LokiRules, Stage, TimestampFormat } from '../../lib/loki';
import { LabelSelector, PrometheusRule, ServiceMonitor } from '../../lib/prometheus';
import { Sli, Slo } from '../../lib/slo';

/**
 * The benchmark workload: N synthetic services, each with the monitoring of a seed application — one
 * scrape target (ServiceMonitor); 20 alerts (18 written by hand, the page and ticket burn-rate alerts
 * of an availability SLO) and 6 recording rules besides the SLO's own; an Alertmanager routing subtree
 * with 3 receivers and an inhibit rule; one 12-panel dashboard; a log pipeline (run by the platform's
 * Alloy agent) with Loki rules (3 alerts, 1 recording rule); a health probe (the platform's blackbox
 * exporter).
 * Everything is derived from the service index, so two runs produce the same manifests.
 *
 * Every piece is built with the library's own constructs, with all their validations.
 */
export function buildWorkload(app: App, services: number): void {
  const platform = buildPlatform(app);
  for (let i = 0; i < services; i++) buildService(app, i, platform);
}

/** What the services share: the log agent that runs their pipelines and the prober of their health checks. */
export interface Platform {
  /** The log agent (Grafana Alloy) and its collection, where each service adds its pipeline. */
  readonly logging: LoggingStack;
  /** The blackbox exporter, where each service adds its health probe. */
  readonly blackbox: BlackboxExporter;
  /** The probe module of the health checks. */
  readonly healthModule: BlackboxModule;
}

/** The platform chart: one log agent for every service's pipeline and one blackbox exporter. */
export function buildPlatform(app: App): Platform {
  const chart = new MonitoringChart(app, 'platform', { partOf: 'platform', namespace: 'monitoring' });
  const logging = new LoggingStack(chart, 'Logging', { clients: [LogClient.push({ url: 'http://loki-gateway.loki.svc/loki/api/v1/push' })] });
  const blackbox = new BlackboxExporter(chart, 'blackbox-exporter', { scrapeInterval: Duration.seconds(30) });
  return { logging, blackbox, healthModule: BlackboxModule.http('http_2xx', { validStatusCodes: [200], timeout: Duration.seconds(5) }) };
}

/** The name of service `index` (`svc-0042`). */
export function serviceName(index: number): string {
  return `svc-${index.toString().padStart(4, '0')}`;
}

/** One service: a chart with its scrape target, rules, routing, dashboard and log rules; its log pipeline and health probe go to the platform. */
export function buildService(app: App, index: number, platform: Platform): MonitoringChart {
  const name = serviceName(index);
  const chart = new MonitoringChart(app, name, { partOf: name, namespace: `team-${index % 7}` });
  scrape(chart, name, index);
  platform.blackbox.addProbe(`${name}-health`, {
    name: `${name}-health`,
    module: platform.healthModule,
    targets: [`http://${name}.team-${index % 7}.svc:8080/health`],
    targetLabels: { service: name },
  });
  rules(chart, name, index);
  routing(chart, name, index);
  dashboard(chart, name, index);
  logs(chart, name, index, platform);
  return chart;
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const QUEUES = ['orders', 'billing', 'email', 'search', 'reports'];

function scrape(scope: Construct, name: string, index: number): void {
  new ServiceMonitor(scope, 'Scrape', {
    name,
    selector: LabelSelector.matchLabels({ 'app.kubernetes.io/name': name }),
    endpoints: [{ port: 'metrics', path: '/metrics', interval: Duration.seconds(15 + (index % 4) * 15) }],
  });
}

/** The 20 alerts of a service: the shapes a seed application has (errors, latency, saturation, queues). */
function alertSpecs(name: string, index: number): Array<{ alert: string; expr: string; for: Duration; severity: Severity; summary: string }> {
  // every alert keeps the namespace its AlertmanagerConfig routes on
  const job = `namespace="team-${index % 7}",job="${name}"`;
  const out: Array<{ alert: string; expr: string; for: Duration; severity: Severity; summary: string }> = [];
  for (let k = 0; k < 20; k++) {
    const method = METHODS[(index + k) % METHODS.length];
    const queue = QUEUES[(index + k) % QUEUES.length];
    const threshold = ((index * 7 + k * 13) % 90) / 10 + 0.5;
    const shapes = [
      `sum by (namespace) (rate(http_requests_total{${job},status=~"5..",method="${method}"}[5m])) / sum by (namespace) (rate(http_requests_total{${job},method="${method}"}[5m])) > ${threshold / 100}`,
      `histogram_quantile(0.99, sum by (namespace, le) (rate(http_request_duration_seconds_bucket{${job},method="${method}"}[5m]))) > ${threshold}`,
      `sum by (namespace) (queue_jobs_pending{${job},queue="${queue}"}) > ${Math.round(threshold * 100)}`,
      `avg_over_time(db_connections_active{${job}}[10m]) / on (namespace, job) group_left max by (namespace, job) (db_connections_total{${job}}) > 0.${8 + (k % 2)}`,
      `absent(up{${job}})`,
    ];
    out.push({
      alert: `${name.replace(/-/g, '')}Alert${k}`.replace(/^s/, 'S'),
      expr: shapes[k % shapes.length],
      for: Duration.minutes(1 + (k % 10)),
      severity: k % 4 === 0 ? Severity.CRITICAL : Severity.WARNING,
      summary: `${name}: condition ${k} on ${method} ${queue}`,
    });
  }
  return out;
}

function rules(scope: Construct, name: string, index: number): void {
  const rules = new PrometheusRule(scope, 'Rules', { name: `${name}-rules` });
  // 18 alerts written by hand and the 2 burn-rate alerts (page, ticket) of the service's SLO
  new Slo(scope, 'Availability', {
    service: name,
    sli: Sli.ratio({ errors: `http_requests_total{namespace="team-${index % 7}",job="${name}",status=~"5.."}`, total: `http_requests_total{namespace="team-${index % 7}",job="${name}"}` }),
    objective: [99, 99.5, 99.9][index % 3],
    period: Duration.days(28),
    runbookUrl: `https://runbooks.example.com/${name}/slo`,
    prometheusRule: rules,
  });
  const alerts = rules.addGroup(`${name}.alerts`, { interval: Duration.seconds(30) });
  for (const a of alertSpecs(name, index).slice(0, 18)) {
    alerts.addAlert(a.alert, {
      expr: a.expr,
      for: a.for,
      severity: a.severity,
      labels: { service: name, team: `team-${index % 7}` },
      summary: a.summary,
      description: `The ${a.alert} condition of ${name} has held for a while.\nValue: {{ $value | humanize }}`,
      runbookUrl: `https://runbooks.example.com/${name}/${a.alert.toLowerCase()}`,
    });
  }
  const records = rules.addGroup(`${name}.records`, { interval: Duration.minutes(1) });
  const exprs = [
    `sum by (job, method) (rate(http_requests_total{job="${name}"}[5m]))`,
    `sum by (job, method) (rate(http_requests_total{job="${name}",status=~"5.."}[5m]))`,
    `histogram_quantile(0.5, sum by (job, le) (rate(http_request_duration_seconds_bucket{job="${name}"}[5m])))`,
    `histogram_quantile(0.99, sum by (job, le) (rate(http_request_duration_seconds_bucket{job="${name}"}[5m])))`,
    `sum by (job, queue) (queue_jobs_pending{job="${name}"})`,
    `max by (job) (db_connections_active{job="${name}"})`,
  ];
  const names = ['job_method:http_requests:rate5m', 'job_method:http_errors:rate5m', 'job:http_request_duration_seconds:p50', 'job:http_request_duration_seconds:p99', 'job_queue:queue_jobs_pending:sum', 'job:db_connections_active:max'];
  exprs.forEach((expr, k) => records.addRecord(names[k], { expr, labels: { service: name } }));
}

function routing(scope: Construct, name: string, index: number): void {
  const team = `team-${index % 7}`;
  const config = new AlertmanagerConfig(scope, 'Routing', {
    name: `${name}-routing`,
    receiver: `${name}-chat`,
    groupBy: ['alertname', 'service'],
    groupWait: Duration.seconds(30),
    groupInterval: Duration.minutes(5),
    repeatInterval: Duration.hours(4 + (index % 3)),
  });
  config.addReceiver(`${name}-chat`, {
    integrations: [Integration.slack({ apiUrl: SecretRef.fromSecret(`${name}-slack`, 'url'), channel: `#alerts-${name}`, sendResolved: true, title: '{{ .CommonAnnotations.summary }}' })],
  });
  config.addReceiver(`${name}-pager`, {
    integrations: [Integration.pagerDuty({ routingKey: SecretRef.fromSecret(`${name}-pagerduty`, 'routing-key'), severity: 'critical', sendResolved: true })],
  });
  config.addReceiver(`${name}-webhook`, {
    integrations: [Integration.webhook({ url: `http://notifier.${team}.svc:8080/alerts/${name}`, bearerToken: SecretRef.fromSecret(`${name}-webhook`, 'token'), sendResolved: true })],
  });
  config.route.addRoute({ matchers: [Matcher.eq('severity', 'critical')], receiver: `${name}-pager`, continue: true, groupWait: Duration.seconds(10) });
  config.route.addRoute({ matchers: [Matcher.eq('team', team)], receiver: `${name}-webhook` });
  config.addInhibitRule({ source: [Matcher.eq('severity', 'critical')], target: [Matcher.eq('severity', 'warning')], equal: ['service', 'alertname'] });
}

function dashboard(scope: Construct, name: string, index: number): void {
  const board = new Dashboard(scope, 'Dashboard', {
    title: `Service ${name}`,
    tags: ['generated', `team-${index % 7}`],
    variables: [Variable.namespace()],
  });
  for (let p = 0; p < 12; p++) {
    const method = METHODS[(index + p) % METHODS.length];
    const expr = [
      `sum by (status) (rate(http_requests_total{job="${name}",method="${method}"}[$__rate_interval]))`,
      `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="${name}",namespace="$namespace"}[$__rate_interval])))`,
      `sum(queue_jobs_pending{job="${name}"}) by (queue)`,
    ][p % 3];
    const title = `${name} panel ${p}`;
    const targets = [Target.promql(expr, { legend: '{{status}}' })];
    if (p % 4 === 3) new StatPanel(board, `Stat${p}`, { title, unit: Unit.SHORT, targets });
    else if (p % 4 === 2) new GaugePanel(board, `Gauge${p}`, { title, unit: Unit.PERCENT_0_1, min: 0, max: 1, thresholds: Thresholds.higherIsBetter(0.8, 0.9), targets });
    else new TimeSeriesPanel(board, `Series${p}`, { title, unit: p % 2 ? Unit.REQUESTS_PER_SECOND : Unit.SECONDS, thresholds: Thresholds.lowerIsBetter(1, 2), targets });
  }
}

function logs(scope: Construct, name: string, index: number, platform: Platform): void {
  const namespace = `team-${index % 7}`;
  const selector = LogQueries.selector({ namespace, app: name });
  // the service's parsing of its logs, as a platform log agent runs it (LoggingStack.addPipeline)
  const pipeline = LogPipeline.of({
    name,
    selector,
    stages: [
      Stage.json({ expressions: { level: 'level', msg: 'msg', time: 'time', trace_id: '' } }),
      Stage.labels({ labels: { level: '' } }),
      Stage.structuredMetadata({ metadata: { trace_id: '' } }),
      Stage.drop({ source: ['level'], value: 'debug' }),
      Stage.timestamp({ source: 'time', format: TimestampFormat.RFC3339_NANO }),
    ],
  });
  platform.logging.addPipeline(pipeline);
  const group = new LokiRules(scope, 'LogRules', { name: `${name}-log-rules` }).addGroup(`${name}-logs`, { interval: Duration.minutes(1) });
  const exprs = [
    `sum by (namespace) (rate(${selector} |= "error" [5m])) > ${10 + (index % 5)}`,
    `sum by (namespace, level) (count_over_time(${selector} | json | level="fatal" [10m])) > 0`,
    `sum by (namespace) (rate(${selector} |~ "timeout|deadline exceeded" [5m])) > 1`,
  ];
  exprs.forEach((expr, k) => group.addAlert(`${name.replace(/-/g, '')}LogAlert${k}`.replace(/^s/, 'S'), {
    expr,
    for: Duration.minutes(5),
    severity: k === 1 ? Severity.CRITICAL : Severity.WARNING,
    summary: `${name}: log condition ${k}`,
    labels: { service: name },
  }));
  group.addRecord('app:log_error_lines:rate5m', { expr: `sum by (app) (rate(${selector} |= "error" [5m]))` });
}
