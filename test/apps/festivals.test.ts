/**
 * Seed fidelity of festivals (../shared/seeds/festivals-monitoring.md): every element of the seed
 * inventory (test/apps/seeds/festivals.json) is asserted present in the output of `buildAll`, in every
 * environment; elements the library expresses differently have explicit rows that assert the
 * transformation (apps/festivals/README.md says why).
 */
import { byKind } from '../util/synth';
import {
  agentConfig, alertmanagerConfig, alertRows, buildApplication, dashboard, dashboardRows, dashboards, expectStage,
  loadSeed, panelQueries, logAlertRows, logQueryRows, logRecordRow, lokiConfig, panels, platformAlertmanager, platformReceiverName,
  prometheusRules, Row, scrapeRow, sloRows, derivedSloRow,
  alertmanagerRows, fidelitySuite, podLogsRow, sloInhibitRow,
} from './fidelity';

const APP = 'festivals';
const seed = loadSeed(APP);
const built = buildApplication(APP);

/** Alerts: the twelve of PrometheusRule festivals-alerts; the fixes keep thresholds, metrics and texts. */
const ALERTS: Row[] = [
  ...alertRows(seed),
  ['kube-prometheus-stack selects the rules: PrometheusRule labelled release=prometheus (as the seed)', (b) => {
    const rules = byKind(b.objects, 'PrometheusRule').filter((m) => prometheusRules([m]).some((r) => r.rule.alert?.startsWith('Festivals')));
    expect(rules.map((m) => m.metadata.labels?.release)).toEqual(rules.map(() => 'prometheus'));
    expect(rules.length).toBeGreaterThan(0);
  }],
];

/** Recording rules and SLOs: the seed has none (its problems list "no SLOs defined"). */
const RECORDING_RULES: Row[] = [
  [`the seed has ${seed.recordingRules.length} recording rules and ${seed.slos.length} SLOs; any recording rule of the app belongs to an SLO`, (b) => {
    expect([seed.recordingRules, seed.slos]).toEqual([[], []]);
    expect(prometheusRules(b.objects).filter((r) => r.rule.record && r.rule.labels?.slo === undefined).map((r) => r.rule.record)).toEqual([]);
  }],
  ...sloRows(seed),
  derivedSloRow('api-availability', 99.5, 30, 'FestivalsHighErrorRate'),
  derivedSloRow('api-latency', 95, 30, 'FestivalsHighLatency, 2.5 s bucket'),
  derivedSloRow('api-health', 99.5, 30, 'blackbox probe of the API health endpoint'),
  sloInhibitRow(),
  ['the SLO rules are selected by kube-prometheus-stack too (release=prometheus)', (b) => {
    const slo = byKind(b.objects, 'PrometheusRule').filter((m) => m.metadata.name.startsWith('slo-'));
    expect(slo.length).toBe(3);
    expect(slo.map((m) => m.metadata.labels?.release)).toEqual(['prometheus', 'prometheus', 'prometheus']);
  }],
];

/** Dashboards and panels (graph -> timeseries), the logs dashboard, and the Helm import left out. */
const DASHBOARDS: Row[] = [
  ...dashboardRows(seed),
  ['dashboard "Festivals Logs" (MAPPED from the seed\'s "Querying Logs in Grafana" examples) with logs panels', (b) => {
    expect(panels(dashboard(b.objects, 'Festivals Logs')).map((p) => p.type)).toContain('logs');
  }],
  ['the Helm values\' festivals-overview import (gnetId 1860, "Node Exporter Full") is left out', (b) => {
    expect(dashboards(b.objects).filter((d) => d.gnetId !== undefined || /node exporter/i.test(d.title))).toEqual([]);
  }],
];

/** Receivers, routes and the inhibit rule of alertmanager-config.yaml (the inventory's reference). */
const ALERTMANAGER: Row[] = [
  ...alertmanagerRows(seed),
  ['receiver slack-notifications keeps one line per field (the seed\'s folded `>-` scalar joined them)', (b) => {
    const text = alertmanagerConfig(b.objects).receivers.find((r: any) => r.name === 'slack-notifications').slackConfigs[0].text;
    expect(text.split('\n').filter((l: string) => /\*(Alert|Description|Severity):\*/.test(l))).toHaveLength(3);
  }],
  ['receivers take the Slack URL and PagerDuty key from Secrets, not inline (seed: slack_api_url, routing_key placeholders)', (b) => {
    const am = platformAlertmanager(b.platform);
    const mine = am.receivers.filter((r: any) => r.name.startsWith(platformReceiverName(b, APP, '')));
    const text = JSON.stringify(mine);
    expect(text).not.toMatch(/hooks\.slack\.com|api_url"|routing_key"|service_key"/);
    expect(text).toContain('api_url_file');
  }],
  ['FestivalsNoTicketSales ("during business hours") is only sent inside a time interval', (b) => {
    const route = alertmanagerConfig(b.objects).route.routes.find((r: any) => (r.matchers ?? []).some((m: any) => m.value === 'FestivalsNoTicketSales'));
    expect(route.activeTimeIntervals?.length).toBeGreaterThan(0);
  }],
];

/** Scrapes: the seed's ServiceMonitor and its additionalScrapeConfigs job (as a PodMonitor); the kube-prometheus-stack ones are the platform's. */
const SCRAPES: Row[] = [
  scrapeRow('scrape festivals-api: ServiceMonitor, port metrics, /metrics every 30s, timeout 10s, release=prometheus, job "festivals-api"', 'ServiceMonitor', 'festivals-api', (spec) => {
    expect(spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'festivals', 'app.kubernetes.io/component': 'api' });
    expect(spec.endpoints[0]).toEqual(expect.objectContaining({ port: 'metrics', path: '/metrics', interval: '30s', scrapeTimeout: '10s' }));
    expect(spec.endpoints[0].relabelings).toEqual(expect.arrayContaining([expect.objectContaining({ targetLabel: 'job', replacement: 'festivals-api' })]));
  }),
  ['scrape festivals-api has the label release=prometheus that kube-prometheus-stack selects on', (b) => {
    expect(byKind(b.objects, 'ServiceMonitor', 'festivals-api')[0].metadata.labels?.release).toBe('prometheus');
  }],
  scrapeRow('scrape festivals-api (additionalScrapeConfigs, annotation-driven): PodMonitor festivals-annotated-pods keeping prometheus.io/scrape=true', 'PodMonitor', 'festivals-annotated-pods', (spec, b) => {
    const relabelings = spec.podMetricsEndpoints[0].relabelings;
    expect(relabelings[0]).toEqual(expect.objectContaining({ action: 'keep', sourceLabels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], regex: 'true' }));
    expect(relabelings.map((r: any) => r.targetLabel)).toEqual(expect.arrayContaining(['__metrics_path__', '__address__']));
    expect(spec.namespaceSelector.matchNames).toEqual([b.namespace]);
  }),
  ...['kube-state-metrics', 'kubelet/cadvisor', 'node-exporter'].map((name): Row => [
    `scrape ${name}: provided by kube-prometheus-stack (platform), not by the app`, (b) => {
      expect(seed.scrapes.map((s) => s.name)).toContain(name);
      const word = name.split('/')[0].replace('-exporter', '');
      expect(b.objects.filter((m) => ['ServiceMonitor', 'PodMonitor'].includes(m.kind) && m.metadata.name.includes(word))).toEqual([]);
    },
  ]),
];

/** Exporters: the seed's three come with kube-prometheus-stack (the app only queries them); a blackbox probe of the API is DERIVED. */
const EXPORTERS: Row[] = [...seed.exporters.map((e): Row => [`exporter ${e.name}: from kube-prometheus-stack; its metrics are queried, not deployed by the app`, (b) => {
  const word = e.name.split(' ')[0].replace('-exporter', '');
  expect(b.objects.filter((m) => ['Deployment', 'DaemonSet'].includes(m.kind) && m.metadata.name.includes(word))).toEqual([]);
  if (e.name === 'kube-state-metrics') expect(prometheusRules(b.objects).some((r) => (r.rule.expr ?? '').includes('kube_pod_container_resource_limits'))).toBe(true);
  if (e.name.startsWith('cadvisor')) expect(prometheusRules(b.objects).some((r) => (r.rule.expr ?? '').includes('container_cpu_usage_seconds_total'))).toBe(true);
}]),
scrapeRow('exporter blackbox (DERIVED): Probe festivals-api-health of the API health endpoint, job festivals-health, release=prometheus', 'Probe', 'festivals-api-health', (spec, b) => {
  expect(spec.jobName).toBe('festivals-health');
  expect(spec.targets.staticConfig.static).toEqual([`http://festivals-api.${b.namespace}.svc:8080/health`]);
  expect(byKind(b.objects, 'Probe', 'festivals-api-health')[0].metadata.labels?.release).toBe('prometheus');
}),
];

/** The log pipeline of the loki-stack Promtail, in the platform agent's configuration. */
const LOG_PIPELINE: Row[] = [
  podLogsRow('log pipeline reads pod logs with a cri stage and a __path__ (the seed\'s Promtail had neither)'),
  ['log pipeline relabels app, namespace and pod (as the seed\'s relabel_configs)', (b) => {
    const { text } = agentConfig(b.platform);
    for (const label of ['app', 'namespace', 'pod']) expect(text).toMatch(new RegExp(`target_label\\s*[:=]\\s*"?${label}"?\\n`));
  }],
  ['log pipeline json stage: level, msg, timestamp from "time" (as the seed)', (b) => {
    expectStage(b.platform, APP, { stage: 'json', fields: { level: 'level', msg: 'msg', timestamp: 'time' } });
  }],
  ['log pipeline labels stage: level (as the seed)', (b) => {
    expectStage(b.platform, APP, { stage: 'labels', fields: { level: 'level' } });
  }],
  ['log pipeline timestamp stage: source timestamp, RFC3339Nano (as the seed)', (b) => {
    expectStage(b.platform, APP, { stage: 'timestamp', fields: { source: 'timestamp', format: 'RFC3339Nano' } });
  }],
  ['log pipeline: request_id, trace_id, user_id as structured metadata (high cardinality, never labels)', (b) => {
    expectStage(b.platform, APP, { stage: 'structured_metadata', fields: { request_id: 'request_id', trace_id: 'trace_id', user_id: 'user_id' } });
  }],
  ['Loki keeps festivals logs 168h (the seed\'s retention_period)', (b) => {
    const streams = lokiConfig(b.platform).limits_config.retention_stream ?? [];
    expect(streams).toContainEqual(expect.objectContaining({ selector: `{namespace="${b.namespace}"}`, period: '168h' }));
  }],
];

/** Log queries (six LogQL examples) and derived log rules; the seed has no log alert. */
const LOGS: Row[] = [
  ...logAlertRows(seed),
  logRecordRow('app:log_error_lines:count5m', 'sum(count_over_time({namespace="$namespace"} |= "error" [5m])) by (app)', 'DERIVED from "Count errors per service"'),
  logRecordRow('app:log_request_duration_ms:p95_5m', 'duration_ms', 'DERIVED from "Latency from logs"'),
  ...logQueryRows(seed, { '{namespace="festivals-production"} | json | user_id="12345"': '| json | user_id=' }),
  ['log queries select app="festivals" (the pipeline\'s app label is app.kubernetes.io/name), not the seed\'s app="festivals-api", which matches nothing', (b) => {
    expect(panelQueries(b.objects).filter((q) => q.expr.includes('app="festivals-api"')).map((q) => `${q.dashboard} / ${q.panel}`)).toEqual([]);
  }],
];

fidelitySuite(APP, built, [ALERTS, RECORDING_RULES, DASHBOARDS, ALERTMANAGER, SCRAPES, EXPORTERS, LOG_PIPELINE, LOGS]);
