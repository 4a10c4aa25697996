/**
 * Seed fidelity of erp (ERP soft-toys, ../shared/seeds/erp-monitoring.md): every element of the seed
 * inventory (test/apps/seeds/erp.json) is asserted present in the output of `buildAll`, in every
 * environment; elements the library expresses differently have explicit rows that assert the
 * transformation (apps/erp/README.md says why).
 */
import { byKind } from '../util/synth';
import {
  alertmanagerConfig, alertRule, alertRows, buildApplication, Built, dashboard, dashboardRows, dashboards,
  expectStage, loadSeed, logAlertRows, logQueryRows, logRecordRow, panels, prometheusRules,
  Row, scrapeRow, sloRows, sloScopeRow, derivedSloRow,
  alertmanagerRows, fidelitySuite, podLogsRow, sloInhibitRow,
} from './fidelity';

const APP = 'erp';
const seed = loadSeed(APP);
const built = buildApplication(APP);

/**
 * Alerts: the ten of alert-rules-critical.yml and alert-rules-warning.yml. Changes (apps/erp/alerts.ts):
 * DatabaseDown reads pg_up (the seed's up{job="postgres"} is the exporter's health); SlowQueries uses
 * metrics postgres_exporter really exports, in seconds (1000 ms -> 1 s); MobileAppCrashRateElevated's
 * description no longer calls a per-second rate a percentage; SlowQueries' says seconds.
 */
const ALERTS: Row[] = [
  ...alertRows(seed, {
    DatabaseDown: { metrics: { up: 'pg_up' } },
    SlowQueries: { thresholds: ['> 1'], metrics: { pg_stat_statements_mean_exec_time: 'pg_stat_statements_seconds_total' }, description: 'Average query time is {{ $value | humanizeDuration }}' },
    MobileAppCrashRateElevated: { description: 'Crash rate is {{ $value | humanize }} crashes per second' },
  }),
  ['APIServiceDown keeps its dashboard link (seed annotation `dashboard`, now `dashboard_url`), and that dashboard now exists', (b) => {
    expect(alertRule(b.objects, 'APIServiceDown').rule.annotations?.dashboard_url).toBe('https://grafana.internal/d/api-health');
    expect(dashboards(b.objects).map((d) => d.uid)).toContain('api-health');
  }],
  ['DatabaseConnectionPoolExhausted divides by the server\'s max_connections, not a hard-coded 100', (b) => {
    const expr = alertRule(b.objects, 'DatabaseConnectionPoolExhausted').rule.expr;
    expect(expr).toContain('pg_settings_max_connections');
    expect(expr).not.toMatch(/\/\s*100\b/);
  }],
];

/** Recording rules: none in the seed; every one we write belongs to an SLO. */
const RECORDING_RULES: Row[] = [
  [`the seed has ${seed.recordingRules.length} recording rules; every recording rule of the app belongs to an SLO`, (b) => {
    expect(seed.recordingRules).toEqual([]);
    expect(prometheusRules(b.objects).filter((r) => r.rule.record && r.rule.labels?.slo === undefined).map((r) => r.rule.record)).toEqual([]);
  }],
];

/**
 * SLOs derived from the KEY METRICS SUMMARY table (no period in the seed: 30 days). The mobile crash
 * rate has no usable SLI (crashes live in Firebase Crashlytics, there is no sessions total): left out.
 */
const SLOS: Row[] = [
  ...sloRows(seed, { 'sync-success-rate': 'sync-success', 'barcode-scan-success-rate': 'barcode-scan-success' },
    { 'mobile-crash-rate': 'no SLI: crashes are in Firebase Crashlytics, no sessions total' }),
  derivedSloRow('api-health', 99.5, 30, 'blackbox probe of /health/, runbook 9.1'),
  sloScopeRow(),
  sloInhibitRow(),
];

/** Dashboards and panels (graph -> timeseries, pie -> piechart), plus ERP Logs for Kibana. */
const DASHBOARDS: Row[] = [
  ...dashboardRows(seed),
  ['dashboard "ERP Logs" (MAPPED from Kibana) with logs panels', (b) => {
    expect(panels(dashboard(b.objects, 'ERP Logs')).map((p) => p.type)).toContain('logs');
  }],
  ['"System Health Overview" has uid api-health, the dashboard the seed\'s alerts and Slack button link to', (b) => {
    expect(dashboard(b.objects, 'System Health Overview').uid).toBe('api-health');
  }],
];

/** Receivers (with the MAPPED ops-team-email of the Logstash e-mail output), routes and inhibit rules. */
const ALERTMANAGER: Row[] = [
  ...alertmanagerRows(seed),
  ['critical-team PagerDuty has a routing key from a Secret (the seed had none: Alertmanager rejects it)', (b) => {
    const pd = alertmanagerConfig(b.objects).receivers.find((r: any) => r.name === 'critical-team').pagerdutyConfigs;
    if (b.env.paging) expect(pd[0].routingKey).toEqual({ name: 'erp-pagerduty', key: 'routing-key' });
    else expect(pd).toBeUndefined();
  }],
  ['CriticalErrorLogged is routed to ops-team-email before the critical route, so a log line never pages', (b) => {
    const receivers = alertmanagerConfig(b.objects).route.routes.map((r: any) => r.receiver);
    expect(receivers.indexOf('ops-team-email')).toBeLessThan(receivers.indexOf('critical-team'));
  }],
  ['the Slack button links the annotation the alerts carry, dashboard_url (the seed used a group label no alert has)', (b) => {
    const slack = alertmanagerConfig(b.objects).receivers.find((r: any) => r.name === 'critical-team').slackConfigs[0];
    expect(slack.actions[0].url).toContain('.CommonAnnotations.dashboard_url');
  }],
];

/** Scrapes (INFERRED from up{job=...}): the backend on port 8000 as job "backend", postgres as job "postgres", node-exporter. */
const SCRAPES: Row[] = [
  scrapeRow('scrape backend: ServiceMonitor erp-backend, port 8000, /metrics, job "backend"', 'ServiceMonitor', 'erp-backend', (spec) => {
    expect(spec.endpoints[0]).toEqual(expect.objectContaining({ targetPort: 8000, path: '/metrics' }));
    expect(spec.endpoints[0].relabelings).toEqual(expect.arrayContaining([expect.objectContaining({ targetLabel: 'job', replacement: 'backend' })]));
  }),
  scrapeRow('scrape postgres: ServiceMonitor postgres-exporter with job "postgres" (what the seed\'s alerts expect)', 'ServiceMonitor', 'postgres-exporter', (spec) => {
    expect(spec.endpoints[0].relabelings).toEqual(expect.arrayContaining([expect.objectContaining({ targetLabel: 'job', replacement: 'postgres' })]));
  }),
  ['scrape node-exporter: provided by kube-prometheus-stack (platform), not by the app', (b) => {
    expect(b.objects.filter((m) => ['ServiceMonitor', 'PodMonitor', 'DaemonSet'].includes(m.kind) && m.metadata.name.includes('node'))).toEqual([]);
  }],
];

/** Exporters the seed names: postgres-exporter (with stat_statements, for SlowQueries), node-exporter (kube-prometheus-stack). */
const EXPORTERS: Row[] = [
  ['exporter postgres-exporter: deployed with --collector.stat_statements, DSN from a Secret', (b) => {
    const container = byKind(b.objects, 'Deployment', 'postgres-exporter')[0].spec.template.spec.containers[0];
    expect(container.args).toContain('--collector.stat_statements');
    expect(container.env).toContainEqual({ name: 'DATA_SOURCE_NAME', valueFrom: { secretKeyRef: { name: 'postgres-exporter', key: 'data-source-name' } } });
  }],
  ['exporter node-exporter: from kube-prometheus-stack; the app queries node_memory_* and node_filesystem_*', (b) => {
    expect(seed.exporters.map((e) => e.name)).toContain('node-exporter');
    expect(byKind(b.objects, 'DaemonSet')).toEqual([]);
    expect(prometheusRules(b.objects).map((r) => r.rule.expr).join('\n')).toMatch(/node_memory_MemAvailable_bytes[\s\S]*node_filesystem_avail_bytes|node_filesystem_avail_bytes[\s\S]*node_memory_MemAvailable_bytes/);
  }],
  ['exporter blackbox (DERIVED from the health checks): deployed, probing through its Service', (b) => {
    expect(byKind(b.objects, 'Deployment', 'blackbox-exporter')).toHaveLength(1);
    for (const p of byKind(b.objects, 'Probe')) expect(p.spec.prober.url).toBe(`blackbox-exporter.${b.namespace}.svc:9115`);
  }],
];

/** The target URLs of the app's blackbox Probes, by Probe name. */
function probeTargets(b: Built): { [probe: string]: string[] } {
  return Object.fromEntries(byKind(b.objects, 'Probe').map((p) => [p.metadata.name, p.spec.targets.staticConfig.static]));
}

/**
 * Health checks (seed section 8.1 and runbook 9.1) as blackbox probes of the backend Service:
 * `/health/` (SLO api-health; also the runbook's on-server `localhost:8000/health`), `/health/live` and
 * `/health/ready` (apart: readiness also fails on Redis or a full disk), the public URL in production only;
 * `/health/detailed` is left out (it answers 200 even when degraded).
 */
const HEALTH_CHECKS: Row[] = seed.healthChecks.map((h): Row => {
  const url = h['url/path'];
  const backend = (b: Built) => `http://backend.${b.namespace}.svc:8000`;
  switch (url) {
    case '/health/':
    case 'http://localhost:8000/health':
      return [`health check ${url}: Probe erp-health of ${'<backend>'}/health/`, (b) => expect(probeTargets(b)['erp-health']).toEqual([`${backend(b)}/health/`])];
    case '/health/live':
    case '/health/ready':
      return [`health check ${url}: Probe erp-kubernetes-health`, (b) => expect(probeTargets(b)['erp-kubernetes-health']).toContain(`${backend(b)}${url}`)];
    case '/health/detailed':
      return [`health check ${url}: left out (answers 200 even when degraded)`, (b) => {
        expect(Object.values(probeTargets(b)).flat().filter((t) => t.includes('detailed'))).toEqual([]);
      }];
    default:
      return [`health check ${url}: Probe erp-public-health, in production only`, (b) => {
        if (b.env.paging) expect(probeTargets(b)['erp-public-health']).toEqual([url]);
        else expect(probeTargets(b)['erp-public-health']).toBeUndefined();
      }];
  }
});

/** The Filebeat -> Logstash chain as agent stages of the platform configuration. */
const LOG_PIPELINE: Row[] = [
  podLogsRow('Filebeat input (log files) -> pod stdout through a cri stage'),
  ['Logstash json filter -> json stage: level, logger, timestamp, request_id, user_id', (b) => {
    expectStage(b.platform, 'erp-application', { stage: 'json', fields: { level: 'level', logger: 'logger', timestamp: 'timestamp', request_id: 'request_id', user_id: 'user_id' } });
  }],
  ['level and log_type as labels (Filebeat `type` -> log_type)', (b) => {
    expectStage(b.platform, 'erp-application', { stage: 'labels', fields: { level: 'level', log_type: 'log_type' } });
  }],
  ['request_id, user_id, logger as structured metadata (Kibana\'s "trace one request" without a stream per request)', (b) => {
    expectStage(b.platform, 'erp-application', { stage: 'structured_metadata', fields: { request_id: 'request_id', user_id: 'user_id', logger: 'logger' } });
  }],
  ['timestamp: Python isoformat() without a zone, read as UTC (not RFC3339)', (b) => {
    expectStage(b.platform, 'erp-application', { stage: 'timestamp', fields: { source: 'timestamp', format: '2006-01-02T15:04:05.999999', location: 'UTC' } });
  }],
  ['Logstash `if [type] == "nginx"` grok %{COMBINEDAPACHELOG} -> regex stage on the nginx container', (b) => {
    expectStage(b.platform, 'erp-access', { stage: 'regex', fields: { expression: expect.stringContaining('(?P<remote_addr>') } });
  }],
  ['Logstash mutate add_field environment, region -> labels environment (of the environment) and region', (b) => {
    expectStage(b.platform, APP, { stage: 'template', fields: { source: 'environment', template: `{{ "${b.env.name}" }}` } });
    expectStage(b.platform, APP, { stage: 'template', fields: { source: 'region', template: '{{ "asia-southeast" }}' } });
    expectStage(b.platform, APP, { stage: 'labels', fields: { environment: 'environment', region: 'region' } });
  }],
];

/** The Logstash e-mail output as a Loki alert (routed to ops-team-email), its recording rule, and the runbook/Kibana log queries. */
const LOGS: Row[] = [
  ...logAlertRows(seed),
  logRecordRow('app:log_critical_lines:rate5m', '{namespace="$namespace"} | json | level=~"ERROR|CRITICAL"', 'rate of the lines the Logstash e-mail fired on'),
  ...logQueryRows(seed, { '{namespace="erp"} | json | request_id="<id>"': '| json | request_id=' }),
];

fidelitySuite(APP, built, [ALERTS, RECORDING_RULES, SLOS, DASHBOARDS, ALERTMANAGER, SCRAPES, EXPORTERS, HEALTH_CHECKS, LOG_PIPELINE, LOGS]);
