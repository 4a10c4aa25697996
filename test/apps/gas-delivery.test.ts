/**
 * Seed fidelity of gas-delivery (Lucky Gas, ../shared/seeds/gas-delivery-monitoring.md): every element
 * of the seed inventory (test/apps/seeds/gas-delivery.json) is asserted present in the output of
 * `buildAll`, in every environment; elements the library expresses differently have explicit rows that
 * assert the transformation (apps/gas-delivery/README.md says why).
 */
import * as yaml from 'js-yaml';
import { byKind } from '../util/synth';
import {
  alertRows, buildApplication, dashboard, dashboardRows, expectStage, loadSeed,
  logAlertRows, logQueryRows, logRecordRow, lokiConfig, panels, prometheusRules,
  Row, scrapeNamedRow, scrapeRow, sloIdOf, sloRows, sloScopeRow,
  alertmanagerRows, fidelitySuite, podLogsRow, sloInhibitRow,
} from './fidelity';

const APP = 'gas-delivery';
const seed = loadSeed(APP);
const built = buildApplication(APP);

/** Alerts: every seed alert, as written (the fixes keep the seed's thresholds, metrics and texts). */
const ALERTS: Row[] = alertRows(seed);

/** Recording rules: the seed has none; every one we write belongs to an SLO (labelled `slo`). */
const RECORDING_RULES: Row[] = [
  [`the seed has ${seed.recordingRules.length} recording rules; every recording rule of the app belongs to an SLO`, (b) => {
    const records = prometheusRules(b.objects).filter((r) => r.rule.record);
    expect(seed.recordingRules).toEqual([]);
    expect(records.filter((r) => r.rule.labels?.slo === undefined).map((r) => r.rule.record)).toEqual([]);
  }],
];

/**
 * SLOs: the three of monitoring/slo-config.yaml (apps/gas-delivery/slos.ts). The latency SLO's objective
 * 0.2 (a threshold) becomes 95 % of requests within 250 ms, the histogram bucket boundary nearest above.
 */
const SLOS: Row[] = [
  ...sloRows(seed, { api_availability_slo: 'api-availability', api_latency_slo: 'api-latency', order_success_slo: 'order-success' }),
  ['SLO api_latency_slo: the seed\'s 200 ms threshold is the 0.25 s bucket (no 0.2 boundary in the default buckets)', (b) => {
    const id = sloIdOf(b.objects, 'api-latency');
    const rule = prometheusRules(b.objects).find((r) => r.rule.record === 'slo:sli_error:ratio_rate5m' && r.rule.labels?.slo === id)!;
    expect(rule.rule.expr).toMatch(/le=~?"0\\*\.25"/);
  }],
  sloScopeRow(),
  sloInhibitRow(),
];

/** Dashboards and panels, with the deprecated seed types mapped to their successors; plus the logs dashboard. */
const DASHBOARDS: Row[] = [
  ...dashboardRows(seed),
  ['dashboard "Lucky Gas Logs" (MAPPED: the runbook\'s `kubectl logs | grep ERROR`) with logs panels', (b) => {
    expect(panels(dashboard(b.objects, 'Lucky Gas Logs')).map((p) => p.type)).toContain('logs');
  }],
];

/** Receivers, routes and inhibit rules (the seed has only "configure webhook": one INFERRED webhook receiver). */
const ALERTMANAGER: Row[] = [
  ...alertmanagerRows(seed),
  ['MAPPED: the runbook escalation ("page on-call engineer") pages critical alerts through PagerDuty, in production only', (b) => {
    const route = (b.objects.find((m) => m.kind === 'AlertmanagerConfig')!.spec.route.routes ?? [])
      .find((r: any) => r.receiver === 'oncall-pagerduty');
    expect(route.matchers).toEqual([{ name: 'severity', value: 'critical', matchType: '=' }]);
    expect(route.continue).toBe(true);
  }],
];

/** Scrapes: the backend (INFERRED; the seed defines no scrape config) and the four exporters it lists. */
const SCRAPES: Row[] = [
  scrapeRow('scrape luckygas-backend: ServiceMonitor gas-delivery-backend, port http, /metrics, job "backend"', 'ServiceMonitor', 'gas-delivery-backend', (spec) => {
    expect(spec.selector.matchLabels).toEqual({ app: 'backend' });
    expect(spec.endpoints[0]).toEqual(expect.objectContaining({ port: 'http', path: '/metrics' }));
    expect(spec.endpoints[0].relabelings).toEqual(expect.arrayContaining([expect.objectContaining({ targetLabel: 'job', replacement: 'backend' })]));
  }),
  scrapeRow('scrape postgres-exporter: ServiceMonitor postgres-exporter (pg_up, pg_stat_database_numbackends, the custom queries)', 'ServiceMonitor', 'postgres-exporter', (spec) => {
    expect(spec.selector.matchLabels).toEqual(expect.objectContaining({ 'app.kubernetes.io/name': 'postgres-exporter' }));
  }),
  scrapeNamedRow('scrape redis-exporter (redis_keyspace_hits_total / misses)', 'redis'),
  ['scrape node-exporter: a cluster-wide DaemonSet of the platform (kube-prometheus-stack), as for erp and festivals; no seed query reads node_*', (b) => {
    expect(b.objects.filter((m) => ['ServiceMonitor', 'PodMonitor', 'DaemonSet'].includes(m.kind) && m.metadata.name.includes('node'))).toEqual([]);
    expect(prometheusRules(b.objects).filter((r) => /\bnode_/.test(r.rule.expr)).map((r) => r.rule.alert ?? r.rule.record)).toEqual([]);
  }],
  scrapeNamedRow('scrape nginx-exporter', 'nginx'),
];

/** Exporters: each is deployed and scraped; the postgres-exporter keeps the seed's custom queries (the dashboards read them). */
const EXPORTERS: Row[] = [
  ...seed.exporters.filter((e) => e.name !== 'node-exporter').map((e): Row => [`exporter ${e.name} is deployed and scraped`, (b) => {
    const kinds = b.objects.filter((m) => m.metadata.name.includes(e.name.replace(/-exporter$/, ''))).map((m) => m.kind);
    expect(kinds).toEqual(expect.arrayContaining(['Deployment', expect.stringMatching(/^(ServiceMonitor|PodMonitor|Probe)$/)]));
  }]),
  ['exporter postgres-exporter: custom queries pg_luckygas and pg_customer_metrics in its queries.yaml, cached', (b) => {
    const queries = yaml.load(byKind(b.objects, 'ConfigMap', 'postgres-exporter')[0].data['queries.yaml']) as any;
    expect(Object.keys(queries).sort()).toEqual(['pg_customer_metrics', 'pg_luckygas']);
    expect(queries.pg_luckygas.metrics.map((m: any) => Object.keys(m)[0])).toEqual(['total_orders', 'pending_orders', 'delivered_orders']);
    expect(queries.pg_customer_metrics.metrics.map((m: any) => Object.keys(m)[0])).toEqual(['active_customers', 'avg_orders_per_customer']);
    expect(queries.pg_luckygas.cache_seconds).toBeGreaterThan(0);
  }],
  ['exporter redis-exporter (INFERRED target): Redis at redis:6379, password from a Secret', (b) => {
    const env = byKind(b.objects, 'Deployment', 'redis-exporter')[0].spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'REDIS_ADDR', value: 'redis://redis:6379' });
    expect(env).toContainEqual({ name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 'redis', key: 'redis-password' } } });
  }],
  ['exporter nginx-exporter (INFERRED target): NGINX stub_status at http://nginx:8080/stub_status', (b) => {
    expect(byKind(b.objects, 'Deployment', 'nginx-exporter')[0].spec.template.spec.containers[0].args).toContain('--nginx.scrape-uri=http://nginx:8080/stub_status');
  }],
  ['exporter postgres-exporter: the DSN comes from a Secret', (b) => {
    const env = byKind(b.objects, 'Deployment', 'postgres-exporter')[0].spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'DATA_SOURCE_NAME', valueFrom: { secretKeyRef: { name: 'postgres-exporter', key: 'data-source-name' } } });
  }],
];

/** The log pipeline (seed: Promtail json/labels/timestamp stages), in the platform agent's configuration. */
const LOG_PIPELINE: Row[] = [
  podLogsRow('log pipeline reads pod stdout (cri stage) instead of /var/log/luckygas/*.log, which the app never writes'),
  ['log pipeline json stage: level from "levelname", timestamp from "asctime" (the seed read keys the formatter never writes), service', (b) => {
    expectStage(b.platform, APP, { stage: 'json', fields: { level: 'levelname', timestamp: 'asctime', service: 'service' } });
  }],
  ['log pipeline labels stage: level, service (as the seed)', (b) => {
    expectStage(b.platform, APP, { stage: 'labels', fields: { level: 'level', service: 'service' } });
  }],
  ['log pipeline timestamp stage: python-json-logger\'s asctime layout, RFC3339 as fallback (the seed\'s RFC3339 never matched)', (b) => {
    expectStage(b.platform, APP, { stage: 'timestamp', fields: { source: 'timestamp', format: '2006-01-02 15:04:05,000' } });
  }],
  ['log pipeline: logger name and version as structured metadata, not labels (unbounded)', (b) => {
    expectStage(b.platform, APP, { stage: 'structured_metadata', fields: { logger: 'logger', version: 'version' } });
  }],
  ['Loki: tsdb + schema v13 instead of the seed\'s boltdb-shipper + v11, storage outside /tmp', (b) => {
    const loki = lokiConfig(b.platform);
    expect(loki.schema_config.configs.map((c: any) => [c.store, c.schema])).toContainEqual(['tsdb', 'v13']);
    expect(JSON.stringify(loki.common ?? {})).not.toContain('/tmp');
  }],
];

/** Log alerts and log queries: none in the seed; the runbook's error-log step is a recording rule and logs panels. */
const LOGS: Row[] = [
  ...logAlertRows(seed),
  logRecordRow('app:log_error_lines:rate5m', '{namespace="$namespace"}', 'DERIVED from the runbook\'s "check error logs"'),
  ...logQueryRows(seed, {}),
];

fidelitySuite(APP, built, [ALERTS, RECORDING_RULES, SLOS, DASHBOARDS, ALERTMANAGER, SCRAPES, EXPORTERS, LOG_PIPELINE, LOGS]);
