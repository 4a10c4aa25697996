import { Duration, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { MonitoringChart, PrometheusDuration, Relabel, SecretRef } from '../../lib/core';
import {
  LogClient, LogCollection, LogDiscovery, LogMetric, LogMetricAction, LogPipeline, MatchAction, PromtailConfig, Stage,
  TimestampActionOnFailure, TimestampFormat,
} from '../../lib/loki';

/** The Promtail rendering of one stage. */
function render(stage: Stage): unknown {
  return PromtailConfig.renderStages([stage])[0];
}

describe('every stage renders to Promtail pipeline_stages', () => {
  // The expected objects follow the Promtail stage reference (https://grafana.com/docs/loki/latest/send-data/promtail/stages/).
  test.each<[string, Stage, unknown]>([
    ['cri', Stage.cri(), { cri: {} }],
    ['cri with partial lines', Stage.cri({ maxPartialLines: 500, maxPartialLineSizeBytes: 65536, maxPartialLineSizeTruncate: true }),
      { cri: { max_partial_lines: 500, max_partial_line_size: 65536, max_partial_line_size_truncate: true } }],
    ['docker', Stage.docker(), { docker: {} }],
    ['json', Stage.json({ expressions: { level: '', msg: 'message', user: 'user.id' }, source: 'payload', dropMalformed: true }),
      { json: { expressions: { level: 'level', msg: 'message', user: 'user.id' }, source: 'payload', drop_malformed: true } }],
    ['logfmt', Stage.logfmt({ mapping: { level: '', dur: 'duration' } }), { logfmt: { mapping: { level: 'level', dur: 'duration' } } }],
    ['regex', Stage.regex({ expression: '^(?P<level>\\w+) (?P<msg>.*)$', source: 'line' }), { regex: { expression: '^(?P<level>\\w+) (?P<msg>.*)$', source: 'line' } }],
    ['labels', Stage.labels({ labels: { level: '', svc: 'service' } }), { labels: { level: 'level', svc: 'service' } }],
    ['structured_metadata', Stage.structuredMetadata({ metadata: { trace_id: '', user: 'user_id' } }), { structured_metadata: { trace_id: 'trace_id', user: 'user_id' } }],
    ['timestamp', Stage.timestamp({
      source: 'ts', format: TimestampFormat.goLayout('2006-01-02 15:04:05,000'), fallbackFormats: [TimestampFormat.RFC3339, TimestampFormat.UNIX_MS],
      location: 'Asia/Taipei', actionOnFailure: TimestampActionOnFailure.SKIP,
    }), { timestamp: { source: 'ts', format: '2006-01-02 15:04:05,000', fallback_formats: ['RFC3339', 'UnixMs'], location: 'Asia/Taipei', action_on_failure: 'skip' } }],
    ['output', Stage.output({ source: 'msg' }), { output: { source: 'msg' } }],
    ['drop by value', Stage.drop({ source: ['level'], value: 'debug', dropCounterReason: 'debug_noise' }),
      { drop: { source: 'level', value: 'debug', drop_counter_reason: 'debug_noise' } }],
    ['drop by expression over two sources', Stage.drop({ source: ['method', 'path'], separator: ' ', expression: 'GET /healthz' }),
      { drop: { source: ['method', 'path'], separator: ' ', expression: 'GET /healthz' } }],
    ['drop by age and size', Stage.drop({ olderThan: Duration.days(1), longerThanBytes: 8192 }), { drop: { older_than: '24h', longer_than: '8192B' } }],
    ['match (drop)', Stage.match({ selector: '{app="probe"}', action: MatchAction.DROP, dropCounterReason: 'probes' }),
      { match: { selector: '{app="probe"}', action: 'drop', drop_counter_reason: 'probes' } }],
    ['match (nested stages)', Stage.match({ selector: '{app="api"} |= "GET"', pipelineName: 'api', stages: [Stage.json({ expressions: { level: '' } })] }),
      { match: { selector: '{app="api"} |= "GET"', pipeline_name: 'api', stages: [{ json: { expressions: { level: 'level' } } }] } }],
    ['multiline', Stage.multiline({ firstLine: '^\\d{4}-\\d{2}-\\d{2}', maxWait: Duration.seconds(3), maxLines: 200 }),
      { multiline: { firstline: '^\\d{4}-\\d{2}-\\d{2}', max_wait_time: '3s', max_lines: 200 } }],
    ['metrics', Stage.metrics({
      metrics: [
        LogMetric.counter({ name: 'error_lines_total', description: 'error lines', source: 'level', value: 'error' }),
        LogMetric.counter({ name: 'bytes_total', description: 'bytes', matchAll: true, countEntryBytes: true, action: LogMetricAction.ADD }),
        LogMetric.gauge({ name: 'queue', description: 'queue', action: LogMetricAction.SET, maxIdle: Duration.minutes(10) }),
        LogMetric.histogram({ name: 'latency_seconds', description: 'latency', source: 'duration', buckets: [0.1, 0.5, 1], prefix: 'app_' }),
      ],
    }), {
      metrics: {
        error_lines_total: { type: 'Counter', description: 'error lines', source: 'level', config: { value: 'error', action: 'inc' } },
        bytes_total: { type: 'Counter', description: 'bytes', config: { match_all: true, count_entry_bytes: true, action: 'add' } },
        queue: { type: 'Gauge', description: 'queue', max_idle_duration: '10m', config: { action: 'set' } },
        latency_seconds: { type: 'Histogram', description: 'latency', source: 'duration', prefix: 'app_', config: { buckets: [0.1, 0.5, 1] } },
      },
    }],
    ['template', Stage.template({ source: 'level', template: '{{ ToLower .Value }}' }), { template: { source: 'level', template: '{{ ToLower .Value }}' } }],
    ['tenant', Stage.tenant({ label: 'namespace' }), { tenant: { label: 'namespace' } }],
    ['pack', Stage.pack({ labels: ['pod', 'container'], ingestTimestamp: false }), { pack: { labels: ['pod', 'container'], ingest_timestamp: false } }],
    ['limit', Stage.limit({ rate: 100, burst: 200, drop: true, byLabelName: 'app', maxDistinctLabels: 50 }),
      { limit: { rate: 100, burst: 200, drop: true, by_label_name: 'app', max_distinct_labels: 50 } }],
  ])('%s', (_name, stage, expected) => {
    // Compare what Promtail will read: the YAML text parsed back (undefined fields are not written).
    expect(yaml.load(yaml.dump(JSON.parse(JSON.stringify(render(stage)))))).toEqual(expected);
  });
});

describe('Go durations', () => {
  test.each<[Duration, string]>([
    [Duration.seconds(3), '3s'], [Duration.minutes(90), '1h30m'], [Duration.days(1), '24h'], [Duration.hours(30), '30h'],
    [Duration.minutes(24 * 60 + 30), '24h30m'],
  ])('%s', (d, text) => {
    expect(PrometheusDuration.formatGo(d)).toBe(text);
  });
});

function collection(): LogCollection {
  const chart = new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' });
  return new LogCollection(chart, 'Logs', {
    clients: [LogClient.push({
      url: 'https://loki.example.com/loki/api/v1/push', tenantId: 'platform', basicAuthUsername: 'promtail',
      basicAuthPassword: SecretRef.fromSecret('loki-push', 'password'), externalLabels: { cluster: 'prod-1' },
      batchWait: Duration.seconds(2), batchSizeBytes: 524288, timeout: Duration.seconds(15),
    })],
    limits: { readlineRate: 1000, maxStreams: 2000 },
  });
}

describe('the whole Promtail configuration', () => {
  test('clients, positions, server and limits', () => {
    const c = collection();
    c.addJob('pods', { discovery: LogDiscovery.kubernetesPods() });
    const config = yaml.load(PromtailConfig.toYaml(c, { httpPort: 3101, secretMountRoot: '/secrets' })) as any;
    expect(config.clients).toEqual([{
      url: 'https://loki.example.com/loki/api/v1/push', tenant_id: 'platform',
      basic_auth: { username: 'promtail', password_file: '/secrets/loki-push/password' },
      external_labels: { cluster: 'prod-1' }, batchwait: '2s', batchsize: 524288, timeout: '15s',
    }]);
    expect(config.server).toEqual({ http_listen_port: 3101, grpc_listen_port: 0, log_level: 'info' });
    expect(config.positions).toEqual({ filename: '/var/lib/promtail/positions.yaml' });
    expect(config.limits_config).toEqual({ readline_rate_enabled: true, readline_rate: 1000, readline_burst: 1000, readline_rate_drop: true, max_streams: 2000 });
  });

  test('pod discovery: node-local __host__ first, then the standard relabelings ending with __path__, then cri and the pipelines', () => {
    const c = collection();
    const job = c.addJob('kubernetes-pods', {
      discovery: LogDiscovery.kubernetesPods({ namespaces: ['erp', 'festivals'], podLabels: { team: 'example.com/team' }, relabelings: [Relabel.drop({ sourceLabels: ['namespace'], regex: 'kube-system' })] }),
    });
    job.addPipeline(LogPipeline.of({ name: 'erp', selector: '{namespace="erp"}', stages: [Stage.json({ expressions: { level: '' } }), Stage.labels({ labels: { level: '' } })] }));
    const sc = (yaml.load(PromtailConfig.toYaml(c)) as any).scrape_configs[0];
    expect(sc.job_name).toBe('kubernetes-pods');
    expect(sc.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['erp', 'festivals'] } }]);
    const targets = sc.relabel_configs.map((r: any) => r.target_label ?? r.action);
    expect(targets).toEqual(['__host__', '__tmp_controller_name', 'app', 'component', 'node_name', 'namespace', 'job', 'pod', 'container', '__path__', 'team', 'drop']);
    expect(sc.relabel_configs[0]).toEqual({ source_labels: ['__meta_kubernetes_pod_node_name'], target_label: '__host__' });
    expect(sc.relabel_configs[9]).toEqual({
      source_labels: ['__meta_kubernetes_pod_uid', '__meta_kubernetes_pod_container_name'], separator: '/', regex: '(.*)',
      replacement: '/var/log/pods/*$1/*.log', target_label: '__path__',
    });
    expect(sc.relabel_configs[10]).toEqual({ source_labels: ['__meta_kubernetes_pod_label_example_com_team'], target_label: 'team' });
    expect(sc.pipeline_stages).toEqual([
      { cri: {} },
      { match: { selector: '{namespace="erp"}', pipeline_name: 'erp', stages: [{ json: { expressions: { level: 'level' } } }, { labels: { level: 'level' } }] } },
    ]);
  });

  test('the standard relabelings turn real discovery labels into the stream labels and path', () => {
    // An independent evaluation of the rendered relabel_configs (Prometheus semantics: anchored RE2, $1 groups).
    const c = collection();
    c.addJob('pods', { discovery: LogDiscovery.kubernetesPods() });
    const rules = (yaml.load(PromtailConfig.toYaml(c)) as any).scrape_configs[0].relabel_configs;
    const labels: { [k: string]: string } = {
      __meta_kubernetes_pod_node_name: 'node-1', __meta_kubernetes_namespace: 'erp', __meta_kubernetes_pod_name: 'backend-7d9f8c6b5-x2x4z',
      __meta_kubernetes_pod_controller_name: 'backend-7d9f8c6b5', __meta_kubernetes_pod_container_name: 'api', __meta_kubernetes_pod_uid: '1234-abcd',
    };
    for (const r of rules) {
      const value = (r.source_labels ?? []).map((l: string) => labels[l] ?? '').join(r.separator ?? ';');
      const m = new RegExp(`^(?:${r.regex ?? '(.*)'})$`).exec(value);
      if (m && r.target_label) labels[r.target_label] = (r.replacement ?? '$1').replace(/\$(\d)/g, (_: string, i: string) => m[Number(i)] ?? '');
    }
    expect(labels).toMatchObject({
      __host__: 'node-1', app: 'backend', namespace: 'erp', pod: 'backend-7d9f8c6b5-x2x4z', container: 'api', job: 'erp/backend',
      node_name: 'node-1', __path__: '/var/log/pods/*1234-abcd/api/*.log',
    });
  });

  test('static file targets become static_configs with __path__', () => {
    const c = collection();
    c.addJob('varlog', { discovery: LogDiscovery.staticFiles({ paths: ['/var/log/syslog', '/var/log/app/*.log'], labels: { job: 'node-logs' } }) });
    const sc = (yaml.load(PromtailConfig.toYaml(c)) as any).scrape_configs[0];
    expect(sc).toEqual({
      job_name: 'varlog',
      static_configs: [
        { targets: ['localhost'], labels: { job: 'node-logs', __path__: '/var/log/syslog' } },
        { targets: ['localhost'], labels: { job: 'node-logs', __path__: '/var/log/app/*.log' } },
      ],
    });
    expect(c.hostDirectories()).toEqual(['/var/log', '/var/log/app']);
  });

  test('the rendering is deterministic', () => {
    const build = () => {
      const c = collection();
      c.addJob('pods', { discovery: LogDiscovery.kubernetesPods(), pipelines: [LogPipeline.of({ name: 'a', stages: [Stage.logfmt({ mapping: { b: '', a: '' } })] })] });
      return PromtailConfig.toYaml(c);
    };
    expect(build()).toBe(build());
  });
});
