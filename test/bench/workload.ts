import { App } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  AlertmanagerConfig,
  AlertmanagerConfigSpecInhibitRulesSourceMatchMatchType,
  AlertmanagerConfigSpecInhibitRulesTargetMatchMatchType,
  AlertmanagerConfigSpecRouteMatchersMatchType,
  PrometheusRule,
  PrometheusRuleSpecGroupsRulesExpr,
  ServiceMonitor,
} from '../../imports/monitoring.coreos.com';
import { MonitoringChart, QueryRegistry, Serialize } from '../../lib';

/**
 * The benchmark workload: N synthetic services, each with the monitoring of a seed application — one
 * scrape target, a rule group of 20 alerts and one of 6 recording rules, an Alertmanager routing subtree
 * with 3 receivers and an inhibit rule, one 12-panel dashboard, and a log pipeline with Loki rules.
 * Everything is derived from the service index, so two runs produce the same manifests.
 *
 * Each piece uses the library's constructs where they exist; until a domain module lands, its piece
 * is built from the generated CRD classes with every expression parsed through `QueryRegistry` (the
 * same validation a construct runs), so the cost per service stays comparable.
 */
export function buildWorkload(app: App, services: number): void {
  for (let i = 0; i < services; i++) buildService(app, i);
}

/** The name of service `index` (`svc-0042`). */
export function serviceName(index: number): string {
  return `svc-${index.toString().padStart(4, '0')}`;
}

/** One service: a chart with its scrape target, rules, routing, dashboard and log pipeline. */
export function buildService(app: App, index: number): MonitoringChart {
  const name = serviceName(index);
  const chart = new MonitoringChart(app, name, { partOf: name, namespace: `team-${index % 7}` });
  scrape(chart, name, index);
  rules(chart, name, index);
  routing(chart, name, index);
  dashboard(chart, name, index);
  logs(chart, name, index);
  return chart;
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const QUEUES = ['orders', 'billing', 'email', 'search', 'reports'];

function scrape(scope: Construct, name: string, index: number): void {
  new ServiceMonitor(scope, 'Scrape', {
    metadata: { name },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      endpoints: [{ port: 'metrics', path: '/metrics', interval: `${15 + (index % 4) * 15}s`, scrapeTimeout: '10s', honorLabels: false }],
    },
  });
}

/** The 20 alerts of a service: the shapes a seed application has (errors, latency, saturation, queues). */
function alertSpecs(name: string, index: number): Array<{ alert: string; expr: string; for: string; severity: string; summary: string }> {
  const job = `job="${name}"`;
  const out: Array<{ alert: string; expr: string; for: string; severity: string; summary: string }> = [];
  for (let k = 0; k < 20; k++) {
    const method = METHODS[(index + k) % METHODS.length];
    const queue = QUEUES[(index + k) % QUEUES.length];
    const threshold = ((index * 7 + k * 13) % 90) / 10 + 0.5;
    const shapes = [
      `sum(rate(http_requests_total{${job},status=~"5..",method="${method}"}[5m])) / sum(rate(http_requests_total{${job},method="${method}"}[5m])) > ${threshold / 100}`,
      `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{${job},method="${method}"}[5m]))) > ${threshold}`,
      `sum(queue_jobs_pending{${job},queue="${queue}"}) > ${Math.round(threshold * 100)}`,
      `avg_over_time(db_connections_active{${job}}[10m]) / max(db_connections_total{${job}}) > 0.${8 + (k % 2)}`,
      `absent(up{${job}} == 1)`,
    ];
    out.push({
      alert: `${name.replace(/-/g, '')}Alert${k}`.replace(/^s/, 'S'),
      expr: shapes[k % shapes.length],
      for: `${1 + (k % 10)}m`,
      severity: k % 4 === 0 ? 'critical' : 'warning',
      summary: `${name}: condition ${k} on ${method} ${queue}`,
    });
  }
  return out;
}

function rules(scope: Construct, name: string, index: number): void {
  const alerts = alertSpecs(name, index).map((a) => {
    QueryRegistry.promql(scope, `${a.alert}.expr`, a.expr);
    return {
      alert: a.alert,
      expr: PrometheusRuleSpecGroupsRulesExpr.fromString(a.expr),
      for: a.for,
      labels: { severity: a.severity, service: name, team: `team-${index % 7}` },
      annotations: {
        summary: a.summary,
        description: `The ${a.alert} condition of ${name} has held for ${a.for}.\nValue: {{ $value | humanize }}`,
        runbook_url: `https://runbooks.example.com/${name}/${a.alert.toLowerCase()}`,
      },
    };
  });
  const records = [0, 1, 2, 3, 4, 5].map((k) => {
    const expr = [
      `sum by (job, method) (rate(http_requests_total{job="${name}"}[5m]))`,
      `sum by (job, method) (rate(http_requests_total{job="${name}",status=~"5.."}[5m]))`,
      `histogram_quantile(0.5, sum by (job, le) (rate(http_request_duration_seconds_bucket{job="${name}"}[5m])))`,
      `histogram_quantile(0.99, sum by (job, le) (rate(http_request_duration_seconds_bucket{job="${name}"}[5m])))`,
      `sum by (job, queue) (queue_jobs_pending{job="${name}"})`,
      `max by (job) (db_connections_active{job="${name}"})`,
    ][k];
    QueryRegistry.promql(scope, `record${k}.expr`, expr);
    const record = ['job_method:http_requests:rate5m', 'job_method:http_errors:rate5m', 'job:http_request_duration_seconds:p50', 'job:http_request_duration_seconds:p99', 'job_queue:queue_jobs_pending:sum', 'job:db_connections_active:max'][k];
    return { record, expr: PrometheusRuleSpecGroupsRulesExpr.fromString(expr), labels: { service: name } };
  });
  new PrometheusRule(scope, 'Rules', {
    metadata: { name: `${name}-rules` },
    spec: {
      groups: [
        { name: `${name}.alerts`, interval: '30s', rules: alerts },
        { name: `${name}.records`, interval: '1m', rules: records },
      ],
    },
  });
}

function routing(scope: Construct, name: string, index: number): void {
  const eq = AlertmanagerConfigSpecRouteMatchersMatchType.VALUE_EQUALS;
  new AlertmanagerConfig(scope, 'Routing', {
    metadata: { name: `${name}-routing` },
    spec: {
      route: {
        receiver: `${name}-chat`,
        groupBy: ['alertname', 'service'],
        groupWait: '30s',
        groupInterval: '5m',
        repeatInterval: `${4 + (index % 3)}h`,
        matchers: [{ name: 'service', value: name, matchType: eq }],
        routes: [
          { receiver: `${name}-pager`, matchers: [{ name: 'severity', value: 'critical', matchType: eq }], continue: true },
          { receiver: `${name}-webhook`, matchers: [{ name: 'team', value: `team-${index % 7}`, matchType: eq }] },
        ],
      },
      receivers: [
        { name: `${name}-chat`, slackConfigs: [{ apiUrl: { name: `${name}-slack`, key: 'url' }, channel: `#alerts-${name}`, sendResolved: true, title: '{{ .CommonAnnotations.summary }}' }] },
        { name: `${name}-pager`, pagerdutyConfigs: [{ routingKey: { name: `${name}-pagerduty`, key: 'routing-key' }, severity: 'critical' }] },
        { name: `${name}-webhook`, webhookConfigs: [{ urlSecret: { name: `${name}-webhook`, key: 'url' }, sendResolved: true }] },
      ],
      inhibitRules: [{
        sourceMatch: [{ name: 'severity', value: 'critical', matchType: AlertmanagerConfigSpecInhibitRulesSourceMatchMatchType.VALUE_EQUALS }],
        targetMatch: [{ name: 'severity', value: 'warning', matchType: AlertmanagerConfigSpecInhibitRulesTargetMatchMatchType.VALUE_EQUALS }],
        equal: ['service', 'alertname'],
      }],
    },
  });
}

function dashboard(scope: Construct, name: string, index: number): void {
  const panels = [];
  for (let p = 0; p < 12; p++) {
    const method = METHODS[(index + p) % METHODS.length];
    const expr = [
      `sum by (status) (rate(http_requests_total{job="${name}",method="${method}"}[$__rate_interval]))`,
      `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="${name}",namespace="$namespace"}[$__rate_interval])))`,
      `sum(queue_jobs_pending{job="${name}"}) by (queue)`,
    ][p % 3];
    QueryRegistry.dashboardPromql(scope, `panels[${p}].targets[0].expr`, expr);
    panels.push({
      id: p + 1,
      type: p % 4 === 3 ? 'stat' : 'timeseries',
      title: `${name} panel ${p}`,
      gridPos: { h: 8, w: 8, x: (p % 3) * 8, y: Math.floor(p / 3) * 8 },
      datasource: { type: 'prometheus', uid: 'prometheus' },
      targets: [{ refId: 'A', expr, legendFormat: '{{status}}', datasource: { type: 'prometheus', uid: 'prometheus' } }],
      fieldConfig: { defaults: { unit: p % 2 ? 'reqps' : 's', thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'red', value: 80 + p }] } }, overrides: [] },
      options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'single', sort: 'none' } },
    });
  }
  const json = {
    uid: name,
    title: `Service ${name}`,
    schemaVersion: 39,
    tags: ['generated', `team-${index % 7}`],
    time: { from: 'now-6h', to: 'now' },
    templating: { list: [{ name: 'namespace', type: 'query', query: 'label_values(up, namespace)', datasource: { type: 'prometheus', uid: 'prometheus' } }] },
    panels,
  };
  new k8s.KubeConfigMap(scope, 'Dashboard', {
    metadata: { name: `${name}-dashboard`, labels: { grafana_dashboard: '1' } },
    data: { [`${name}.json`]: Serialize.json(json) },
  });
}

function logs(scope: Construct, name: string, index: number): void {
  const lokiRules = [0, 1, 2, 3].map((k) => {
    const expr = [
      `sum(rate({namespace="team-${index % 7}", app="${name}"} |= "error" [5m])) > 10`,
      `sum by (level) (count_over_time({app="${name}"} | json | level="fatal" [10m])) > 0`,
      `sum(rate({app="${name}"} |~ "timeout|deadline exceeded" [5m])) > 1`,
      `sum(rate({app="${name}"} | logfmt | duration > 5s [5m]))`,
    ][k];
    QueryRegistry.logql(scope, `lokiRules[${k}].expr`, expr);
    return k < 3 ? { alert: `${name}LogAlert${k}`, expr, for: '5m', labels: { severity: 'warning' } } : { record: `${name.replace(/-/g, '_')}:slow_requests:rate5m`, expr };
  });
  new k8s.KubeConfigMap(scope, 'LokiRules', {
    metadata: { name: `${name}-loki-rules`, labels: { loki_rule: '1' } },
    data: { [`${name}.yaml`]: Serialize.yaml({ groups: [{ name: `${name}-logs`, rules: lokiRules }] }) },
  });
  const pipeline = {
    stages: [
      { match: { selector: `{app="${name}"}`, stages: [{ json: { expressions: { level: 'level', msg: 'msg' } } }, { labels: { level: null } }] } },
      { drop: { source: 'level', value: 'debug' } },
      { timestamp: { source: 'time', format: 'RFC3339Nano' } },
    ],
  };
  new k8s.KubeConfigMap(scope, 'LogPipeline', {
    metadata: { name: `${name}-log-pipeline` },
    data: { 'pipeline.yaml': Serialize.yaml(pipeline) },
  });
}
