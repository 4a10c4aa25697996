import { Duration, Testing } from 'cdk8s';
import { MonitoringChart, PrometheusDuration, SecretRef } from '../../../lib/core';
import {
  LogClient, LogCollection, LogDiscovery, LogMetric, LogMetricAction, LogPipeline, MatchAction, Stage, StageKind,
  TimestampActionOnFailure, TimestampFormat,
} from '../../../lib/loki';
import { AlloyConfig, AlloyLogConfig, AlloyLogSource } from '../../../lib/loki/alloy';
import { ALLOY_STAGE_ATTRIBUTES } from '../../../lib/loki/alloy/render';
import { attributes, block, blocks, parse, Statement } from './alloy-reader';

/** Renders stages into a `loki.process` block and reads them back. */
function stagesOf(stages: Stage[]): Statement[] {
  const config = new AlloyConfig();
  AlloyLogConfig.renderStages(config.addBlock('loki.process', 'test'), stages, 'stages');
  return block(parse(config.render()), 'loki.process', 'test').body;
}

function only(stage: Stage): { block: string; body: Statement[] } {
  const body = stagesOf([stage]);
  expect(body).toHaveLength(1);
  return body[0] as { block: string; body: Statement[] };
}

function collectionIn(options: { limits?: any; clients?: LogClient[] } = {}): LogCollection {
  const chart = new MonitoringChart(Testing.app(), 'platform', { partOf: 'platform', namespace: 'logging' });
  return new LogCollection(chart, 'Logs', {
    clients: options.clients ?? [LogClient.push({ url: 'http://loki:3100/loki/api/v1/push' })],
    limits: options.limits,
  });
}

/** Go's ParseDuration for the units Alloy writes, as an independent check. */
function goMillis(text: string): number {
  const units: { [u: string]: number } = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  for (const [, n, u] of text.matchAll(/(\d+)(ms|h|m|s)/g)) total += Number(n) * units[u];
  return total;
}

test('durations are written for Go\'s time.ParseDuration (no d or w), with the same length', () => {
  for (const [d, expected] of [[Duration.millis(500), '500ms'], [Duration.seconds(90), '1m30s'], [Duration.days(7), '168h'], [Duration.millis(3_723_004), '1h2m3s4ms']] as Array<[Duration, string]>) {
    const rendered = attributes(only(Stage.drop({ expression: 'x', olderThan: d })).body).older_than;
    expect(rendered).toBe(expected);
    expect(goMillis(rendered as string)).toBe(PrometheusDuration.millis(d));
  }
});

describe('stage rendering', () => {
  test('cri', () => {
    expect(only(Stage.cri())).toEqual({ block: 'stage.cri', body: [] });
    const s = only(Stage.cri({ maxPartialLines: 50, maxPartialLineSizeBytes: 4096, maxPartialLineSizeTruncate: true }));
    expect(attributes(s.body)).toEqual({ max_partial_lines: 50, max_partial_line_size: 4096, max_partial_line_size_truncate: true });
  });

  test('docker', () => {
    expect(only(Stage.docker())).toEqual({ block: 'stage.docker', body: [] });
  });

  test('json, with JMESPath expressions that need quoting (an empty expression is the key itself)', () => {
    const s = only(Stage.json({ expressions: { level: 'level', 'user-agent': '"request_User-Agent"', msg: '' }, source: 'payload', dropMalformed: true }));
    expect(s.block).toBe('stage.json');
    expect(attributes(s.body)).toEqual({ expressions: { level: 'level', 'user-agent': '"request_User-Agent"', msg: 'msg' }, source: 'payload', drop_malformed: true });
  });

  test('logfmt', () => {
    expect(attributes(only(Stage.logfmt({ mapping: { level: '', duration: 'took' }, source: 'extra' })).body)).toEqual({ mapping: { level: 'level', duration: 'took' }, source: 'extra' });
  });

  test('regex keeps backslashes and quotes exact', () => {
    const expression = '^(?P<ip>\\S+) - "(?P<method>[A-Z]+) (?P<path>[^ "]+)" (?P<status>\\d{3})$';
    expect(attributes(only(Stage.regex({ expression, source: 'line' })).body)).toEqual({ expression, source: 'line' });
  });

  test('labels and structured_metadata map to values', () => {
    expect(attributes(only(Stage.labels({ labels: { level: '', status_class: 'status' } })).body)).toEqual({ values: { level: 'level', status_class: 'status' } });
    expect(attributes(only(Stage.structuredMetadata({ metadata: { trace_id: '', user: 'user_id' } })).body)).toEqual({ values: { trace_id: 'trace_id', user: 'user_id' } });
  });

  test('timestamp', () => {
    const s = only(Stage.timestamp({
      source: 'ts', format: TimestampFormat.RFC3339_NANO, fallbackFormats: [TimestampFormat.UNIX_MS, TimestampFormat.goLayout('2006-01-02 15:04:05,000')],
      location: 'Europe/Paris', actionOnFailure: TimestampActionOnFailure.SKIP,
    }));
    expect(attributes(s.body)).toEqual({ source: 'ts', format: 'RFC3339Nano', fallback_formats: ['UnixMs', '2006-01-02 15:04:05,000'], location: 'Europe/Paris', action_on_failure: 'skip' });
  });

  test('output', () => {
    expect(attributes(only(Stage.output({ source: 'msg' })).body)).toEqual({ source: 'msg' });
  });

  test('drop: several sources become one comma-separated string; durations and sizes in Alloy units', () => {
    const s = only(Stage.drop({ source: ['level', 'app'], separator: '|', expression: 'debug\\|.*', olderThan: Duration.days(1), longerThanBytes: 8192, dropCounterReason: 'noise' }));
    expect(attributes(s.body)).toEqual({ source: 'level,app', separator: '|', expression: 'debug\\|.*', older_than: '24h', longer_than: '8192B', drop_counter_reason: 'noise' });
    expect(attributes(only(Stage.drop({ source: ['level'], value: 'debug' })).body)).toEqual({ source: 'level', value: 'debug' });
  });

  test('match with nested stages, and match with action drop', () => {
    const s = only(Stage.match({ selector: '{app="api"} |= "GET /health"', pipelineName: 'api', stages: [Stage.json({ expressions: { level: '' } }), Stage.labels({ labels: { level: '' } })] }));
    expect(attributes(s.body)).toEqual({ selector: '{app="api"} |= "GET /health"', pipeline_name: 'api' });
    expect(s.body.filter((x) => 'block' in x).map((x) => ('block' in x ? x.block : ''))).toEqual(['stage.json', 'stage.labels']);
    const drop = only(Stage.match({ selector: '{app="api"} |~ "healthz?"', action: MatchAction.DROP, dropCounterReason: 'health' }));
    expect(attributes(drop.body)).toEqual({ selector: '{app="api"} |~ "healthz?"', action: 'drop', drop_counter_reason: 'health' });
  });

  test('multiline', () => {
    expect(attributes(only(Stage.multiline({ firstLine: '^\\d{4}-\\d{2}-\\d{2}', maxWait: Duration.seconds(3), maxLines: 500 })).body))
      .toEqual({ firstline: '^\\d{4}-\\d{2}-\\d{2}', max_wait_time: '3s', max_lines: 500 });
  });

  test('metrics: one metric.<type> block per metric; counters always carry their action', () => {
    const s = only(Stage.metrics({
      metrics: [
        LogMetric.counter({ name: 'lines_total', description: 'all lines', matchAll: true }),
        LogMetric.counter({ name: 'bytes_total', description: 'bytes', matchAll: true, action: LogMetricAction.ADD, countEntryBytes: true, prefix: 'app_', maxIdle: Duration.hours(24) }),
        LogMetric.gauge({ name: 'queue', description: 'queue depth', source: 'depth', action: LogMetricAction.SET }),
        LogMetric.histogram({ name: 'latency_seconds', description: 'latency', source: 'took', buckets: [0.05, 0.1, 0.5, 1] }),
      ],
    }));
    const metrics = s.body.map((m) => ('block' in m ? { block: m.block, ...attributes(m.body) } : m));
    expect(metrics).toEqual([
      { block: 'metric.counter', name: 'lines_total', description: 'all lines', action: 'inc', match_all: true },
      { block: 'metric.counter', name: 'bytes_total', description: 'bytes', prefix: 'app_', max_idle_duration: '24h', action: 'add', match_all: true, count_entry_bytes: true },
      { block: 'metric.gauge', name: 'queue', description: 'queue depth', source: 'depth', action: 'set' },
      { block: 'metric.histogram', name: 'latency_seconds', description: 'latency', source: 'took', buckets: [0.05, 0.1, 0.5, 1] },
    ]);
  });

  test('template keeps Go template quoting', () => {
    const template = '{{ if eq .Value "200" }}ok{{ else }}{{ .Value | ToUpper }}{{ end }}';
    expect(attributes(only(Stage.template({ source: 'status', template })).body)).toEqual({ source: 'status', template });
  });

  test('tenant, pack, limit', () => {
    expect(attributes(only(Stage.tenant({ label: 'namespace' })).body)).toEqual({ label: 'namespace' });
    expect(attributes(only(Stage.tenant({ value: 'team-a' })).body)).toEqual({ value: 'team-a' });
    expect(attributes(only(Stage.pack({ labels: ['pod', 'container'], ingestTimestamp: false })).body)).toEqual({ labels: ['pod', 'container'], ingest_timestamp: false });
    expect(attributes(only(Stage.limit({ rate: 10, burst: 20, drop: true, byLabelName: 'namespace', maxDistinctLabels: 100 })).body))
      .toEqual({ rate: 10, burst: 20, drop: true, by_label_name: 'namespace', max_distinct_labels: 100 });
  });

  test('every stage kind of the model has an Alloy mapping', () => {
    for (const kind of Object.values(StageKind)) expect(ALLOY_STAGE_ATTRIBUTES[kind]).toBeDefined();
  });

  test('a stage option the renderer does not know fails, naming the stage and the option', () => {
    const json = Stage.json({ expressions: { level: '' } });
    const widened = Object.assign(Object.create(Object.getPrototypeOf(json)), json, { definition: { ...json.definition, json: { ...json.definition.json, jmespathMode: 'strict' } } });
    expect(() => stagesOf([Stage.cri(), widened])).toThrow('stages[1].json: option "jmespathMode" of the json stage has no Alloy equivalent in this renderer (stage.json in loki.process); remove it or render this collection with LogAgent.PROMTAIL');
  });

  test('a stage kind without an Alloy rendering fails, naming the stage', () => {
    const fake = Object.assign(Object.create(Object.getPrototypeOf(Stage.docker())), { kind: 'geoip', definition: { kind: 'geoip', geoip: { db: '/x.mmdb' } } });
    expect(() => stagesOf([fake])).toThrow('stages[0]: the "geoip" stage cannot be expressed in Alloy\'s loki.process by this renderer; remove it or render this collection with LogAgent.PROMTAIL');
  });
});

describe('renderAlloyConfig', () => {
  test('pod discovery is restricted to the node and keeps the standard relabelings in order', () => {
    const logs = collectionIn();
    logs.addJob('kubernetes-pods', { discovery: LogDiscovery.kubernetesPods({ namespaces: ['erp', 'festivals'] }) });
    const config = parse(AlloyLogConfig.render(logs).render());
    const discovery = block(config, 'discovery.kubernetes', 'kubernetes_pods').body;
    expect(attributes(discovery)).toEqual({ role: 'pod' });
    expect(attributes(block(discovery, 'namespaces').body)).toEqual({ names: ['erp', 'festivals'] });
    expect(attributes(block(discovery, 'selectors').body)).toEqual({
      role: 'pod',
      field: { $call: 'string.format', args: ['spec.nodeName=%s', { $call: 'sys.env', args: ['NODE_NAME'] }] },
    });
    const relabel = block(config, 'discovery.relabel', 'kubernetes_pods');
    expect(attributes(relabel.body).targets).toEqual({ $ref: 'discovery.kubernetes.kubernetes_pods.targets' });
    const rules = blocks(relabel.body, 'rule').map((r) => attributes(r.body));
    const model = LogDiscovery.standardPodRelabelings();
    expect(rules).toHaveLength(model.length);
    rules.forEach((r, i) => {
      expect(r.action).toBe(model[i].action);
      expect(r.target_label).toBe(model[i].targetLabel);
      expect(r.source_labels).toEqual(model[i].sourceLabels);
    });
    expect(rules[rules.length - 1]).toMatchObject({ target_label: '__path__', replacement: '/var/log/pods/*$1/*.log', separator: '/' });
    expect(attributes(block(config, 'local.file_match', 'kubernetes_pods').body)).toEqual({ path_targets: { $ref: 'discovery.relabel.kubernetes_pods.output' } });
    expect(attributes(block(config, 'loki.source.file', 'kubernetes_pods').body)).toEqual({
      targets: { $ref: 'local.file_match.kubernetes_pods.targets' }, forward_to: [{ $ref: 'loki.process.kubernetes_pods.receiver' }],
    });
    const process = block(config, 'loki.process', 'kubernetes_pods').body;
    expect(attributes(process)).toEqual({ forward_to: [{ $ref: 'loki.write.default.receiver' }] });
    expect(blocks(process, 'stage.cri')).toHaveLength(1);
  });

  test('static files become local.file_match targets with their labels', () => {
    const logs = collectionIn();
    logs.addJob('syslog', { discovery: LogDiscovery.staticFiles({ paths: ['/var/log/syslog', '/var/log/apps/*.log'], labels: { job: 'node/syslog' } }) });
    const config = parse(AlloyLogConfig.render(logs).render());
    expect(attributes(block(config, 'local.file_match', 'syslog').body).path_targets).toEqual([
      { __path__: '/var/log/syslog', job: 'node/syslog' },
      { __path__: '/var/log/apps/*.log', job: 'node/syslog' },
    ]);
    expect(blocks(config, 'discovery.kubernetes')).toEqual([]);
  });

  test('job names become unique component labels', () => {
    const logs = collectionIn();
    logs.addJob('app-logs', { discovery: LogDiscovery.staticFiles({ paths: ['/var/log/a.log'], labels: { job: 'a' } }) });
    logs.addJob('app_logs', { discovery: LogDiscovery.staticFiles({ paths: ['/var/log/b.log'], labels: { job: 'b' } }) });
    logs.addJob('9-lives', { discovery: LogDiscovery.staticFiles({ paths: ['/var/log/c.log'], labels: { job: 'c' } }) });
    const config = parse(AlloyLogConfig.render(logs).render());
    expect(blocks(config, 'loki.process').map((b) => b.label)).toEqual(['app_logs', 'app_logs_2', 'job_9_lives']);
  });

  test('clients: endpoint, tenant, basic auth from the mounted Secret, bearer token, batching, external labels', () => {
    const logs = collectionIn({
      clients: [
        LogClient.push({
          url: 'https://logs.example.com/loki/api/v1/push', tenantId: 'erp', basicAuthUsername: 'erp', basicAuthPassword: SecretRef.fromSecret('loki', 'password'),
          externalLabels: { cluster: 'prod', environment: 'production' }, batchWait: Duration.seconds(2), batchSizeBytes: 2_097_152, timeout: Duration.seconds(30),
        }),
        LogClient.push({ url: 'http://backup:3100/loki/api/v1/push', bearerToken: SecretRef.fromFile('/var/run/secrets/loki/token') }),
      ],
      limits: { maxStreams: 5000 },
    });
    logs.addJob('syslog', { discovery: LogDiscovery.staticFiles({ paths: ['/var/log/syslog'], labels: { job: 'syslog' } }) });
    const config = parse(AlloyLogConfig.render(logs, { secretMountRoot: '/etc/log-agent/secrets' }).render());
    expect(attributes(block(config, 'loki.process', 'syslog').body).forward_to).toEqual([{ $ref: 'loki.write.client_0.receiver' }, { $ref: 'loki.write.client_1.receiver' }]);
    const first = block(config, 'loki.write', 'client_0').body;
    expect(attributes(first)).toEqual({ external_labels: { cluster: 'prod', environment: 'production' }, max_streams: 5000 });
    const endpoint = block(first, 'endpoint').body;
    expect(attributes(endpoint)).toEqual({ url: 'https://logs.example.com/loki/api/v1/push', tenant_id: 'erp', batch_wait: '2s', batch_size: '2097152B', remote_timeout: '30s' });
    expect(attributes(block(endpoint, 'basic_auth').body)).toEqual({ username: 'erp', password_file: '/etc/log-agent/secrets/loki/password' });
    expect(attributes(block(block(config, 'loki.write', 'client_1').body, 'endpoint').body)).toEqual({ url: 'http://backup:3100/loki/api/v1/push', bearer_token_file: '/var/run/secrets/loki/token', });
  });

  test('agent-wide limits become one loki.process every job forwards to', () => {
    const logs = collectionIn({ limits: { readlineRate: 200, readlineBurst: 400, readlineRateDrop: false, maxLineSizeBytes: 262144 } });
    logs.addJob('a', { discovery: LogDiscovery.staticFiles({ paths: ['/var/log/a.log'], labels: { job: 'a' } }) });
    logs.addJob('b', { discovery: LogDiscovery.staticFiles({ paths: ['/var/log/b.log'], labels: { job: 'b' } }) });
    const config = parse(AlloyLogConfig.render(logs).render());
    for (const job of ['a', 'b']) expect(attributes(block(config, 'loki.process', job).body).forward_to).toEqual([{ $ref: 'loki.process.limits.receiver' }]);
    const limits = block(config, 'loki.process', 'limits').body;
    expect(attributes(limits)).toEqual({ forward_to: [{ $ref: 'loki.write.default.receiver' }] });
    // Promtail's order: the read rate first, the line size on the way to the client.
    expect(limits.filter((s) => 'block' in s).map((s) => ('block' in s ? s.block : ''))).toEqual(['stage.limit', 'stage.drop']);
    expect(attributes(block(limits, 'stage.drop').body)).toEqual({ longer_than: '262144B', drop_counter_reason: 'line_too_long' });
    expect(attributes(block(limits, 'stage.limit').body)).toEqual({ rate: 200, burst: 400, drop: false });
  });

  test('readline rate defaults: burst equal to the rate, dropping', () => {
    const logs = collectionIn({ limits: { readlineRate: 12.5 } });
    logs.addJob('a', { discovery: LogDiscovery.staticFiles({ paths: ['/var/log/a.log'], labels: { job: 'a' } }) });
    const limits = block(parse(AlloyLogConfig.render(logs).render()), 'loki.process', 'limits').body;
    expect(attributes(block(limits, 'stage.limit').body)).toEqual({ rate: 12.5, burst: 13, drop: true });
  });

  test('line truncation: the first N bytes of the line, through sprig\'s trunc on the current entry', () => {
    const logs = collectionIn({ limits: { maxLineSizeBytes: 1024, maxLineSizeTruncate: true } });
    logs.addJob('a', { discovery: LogDiscovery.staticFiles({ paths: ['/var/log/a.log'], labels: { job: 'a' } }) });
    const limits = block(parse(AlloyLogConfig.render(logs).render()), 'loki.process', 'limits').body;
    expect(limits.filter((s) => 'block' in s).map((s) => ('block' in s ? s.block : ''))).toEqual(['stage.template', 'stage.output']);
    expect(attributes(block(limits, 'stage.template').body)).toEqual({ source: 'truncated_line', template: '{{ trunc 1024 .Entry }}' });
    expect(attributes(block(limits, 'stage.output').body)).toEqual({ source: 'truncated_line' });
    expect(blocks(limits, 'stage.drop')).toEqual([]);
  });

  test('pipelines with selectors render as match stages after the job stages', () => {
    const logs = collectionIn();
    const job = logs.addJob('kubernetes-pods', { discovery: LogDiscovery.kubernetesPods() });
    job.addPipeline(LogPipeline.of({ name: 'erp', selector: '{namespace="erp"}', stages: [Stage.json({ expressions: { level: '' } })] }));
    job.addPipeline(LogPipeline.of({ name: 'all', stages: [Stage.drop({ expression: '^$' })] }));
    const process = block(parse(AlloyLogConfig.render(logs, { source: AlloyLogSource.FILES }).render()), 'loki.process', 'kubernetes_pods').body;
    expect(process.filter((s) => 'block' in s).map((s) => ('block' in s ? s.block : ''))).toEqual(['stage.cri', 'stage.match', 'stage.drop']);
    expect(attributes(block(process, 'stage.match').body)).toEqual({ selector: '{namespace="erp"}', pipeline_name: 'erp' });
  });

  test('a stage that fails inside a job names the job and position', () => {
    const logs = collectionIn();
    const json = Stage.json({ expressions: { level: '' } });
    const widened = Object.assign(Object.create(Object.getPrototypeOf(json)), json, { definition: { ...json.definition, json: { ...json.definition.json, strict: true } } });
    logs.addJob('pods', { discovery: LogDiscovery.kubernetesPods(), stages: [Stage.cri(), widened] });
    expect(() => AlloyLogConfig.render(logs)).toThrow('[platform/Logs] job "pods" stages[1].json: option "strict" of the json stage has no Alloy equivalent');
  });
});
