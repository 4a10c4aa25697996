/*
 * Parity between the two renderings of the same log-collection model: Promtail YAML (lib/loki/promtail-config.ts)
 * and the Alloy configuration syntax (lib/loki/alloy/render.ts), read back with an independent Alloy reader.
 *
 * STAGE_TABLE is the field-by-field mapping, stage by stage: for each model option, the Promtail key and the
 * Alloy attribute that carry it, and how their values compare. Every stage is rendered by both agents with
 * every option set, every pair of values is compared, and every key either agent writes must be in the table
 * (so an option one renderer adds and the other ignores fails here).
 */
import { Duration, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { MonitoringChart, SecretRef } from '../../../lib/core';
import {
  LogAgent, LogClient, LogCollection, LogDiscovery, LogMetric, LogMetricAction, LogPipeline, MatchAction, PromtailConfig, Stage, StageKind,
  TimestampActionOnFailure, TimestampFormat,
} from '../../../lib/loki';
import { AlloyConfig, AlloyLogConfig } from '../../../lib/loki/alloy';
import { Manifest, one, synth } from '../../util/synth';
import { attributes, block, blocks, parse, Statement, Value } from './alloy-reader';

/** How two values of the same option compare. */
type Comparison =
  | 'same' // identical values
  | 'duration' // Go durations of the same length (Promtail and Alloy both parse with time.ParseDuration)
  | 'sourceList' // Promtail: a string or a list; Alloy: one comma-separated string
  | 'defaultKeep'; // Promtail omits the default action `keep`

interface FieldMapping {
  /** The model option (key of the stage's definition). */
  readonly option: string;
  /** The Promtail key in the stage body; `.` is the body itself. */
  readonly promtail: string;
  /** The Alloy attribute of `stage.<kind>`; `.` is the block's attributes as an object. */
  readonly alloy: string;
  readonly compare?: Comparison;
}

interface StageRow {
  readonly kind: StageKind;
  /** Promtail stage key = `kind`, Alloy block = `stage.<kind>`. */
  readonly example: Stage;
  readonly fields: FieldMapping[];
  /** Model options that are validation hints, rendered by neither agent. */
  readonly modelOnly?: string[];
  /** Behaviour notes where the agents differ in form, not in meaning. */
  readonly note?: string;
}

const f = (option: string, promtail: string, alloy: string = promtail, compare: Comparison = 'same'): FieldMapping => ({ option, promtail, alloy, compare });

/** The parity table: one row per stage type of the model. */
const STAGE_TABLE: StageRow[] = [
  {
    kind: StageKind.CRI,
    example: Stage.cri({ maxPartialLines: 50, maxPartialLineSizeBytes: 16384, maxPartialLineSizeTruncate: true }),
    fields: [f('maxPartialLines', 'max_partial_lines'), f('maxPartialLineSizeBytes', 'max_partial_line_size'), f('maxPartialLineSizeTruncate', 'max_partial_line_size_truncate')],
  },
  { kind: StageKind.DOCKER, example: Stage.docker(), fields: [] },
  {
    kind: StageKind.JSON,
    example: Stage.json({ expressions: { level: 'level', ua: '"request_User-Agent"', msg: '' }, source: 'payload', dropMalformed: true }),
    fields: [f('expressions', 'expressions'), f('source', 'source'), f('dropMalformed', 'drop_malformed')],
  },
  {
    kind: StageKind.LOGFMT,
    example: Stage.logfmt({ mapping: { level: '', took: 'duration' }, source: 'extra' }),
    fields: [f('mapping', 'mapping'), f('source', 'source')],
  },
  {
    kind: StageKind.REGEX,
    example: Stage.regex({ expression: '^(?P<ip>\\S+) \\S+ \\S+ \\[(?P<ts>[^\\]]+)\\] "(?P<method>\\S+) (?P<path>\\S+)', source: 'line' }),
    fields: [f('expression', 'expression'), f('source', 'source')],
  },
  {
    kind: StageKind.LABELS,
    example: Stage.labels({ labels: { level: '', status_class: 'status' } }),
    fields: [f('labels', '.', 'values')],
    modelOnly: ['allowHighCardinality'],
    note: 'Promtail writes the map as the stage body; Alloy as `values`.',
  },
  {
    kind: StageKind.STRUCTURED_METADATA,
    example: Stage.structuredMetadata({ metadata: { trace_id: '', user: 'user_id' } }),
    fields: [f('metadata', '.', 'values')],
  },
  {
    kind: StageKind.TIMESTAMP,
    example: Stage.timestamp({
      source: 'ts', format: TimestampFormat.goLayout('2006-01-02 15:04:05,000'), fallbackFormats: [TimestampFormat.RFC3339, TimestampFormat.UNIX_MS],
      location: 'Asia/Jakarta', actionOnFailure: TimestampActionOnFailure.SKIP,
    }),
    fields: [f('source', 'source'), f('format', 'format'), f('fallbackFormats', 'fallback_formats'), f('location', 'location'), f('actionOnFailure', 'action_on_failure')],
  },
  { kind: StageKind.OUTPUT, example: Stage.output({ source: 'message' }), fields: [f('source', 'source')] },
  {
    kind: StageKind.DROP,
    example: Stage.drop({ source: ['level', 'logger'], separator: '|', expression: 'DEBUG\\|sqlalchemy.*', olderThan: Duration.days(2), longerThanBytes: 65536, dropCounterReason: 'noise' }),
    fields: [
      f('source', 'source', 'source', 'sourceList'), f('separator', 'separator'), f('expression', 'expression'), f('value', 'value'),
      f('olderThan', 'older_than', 'older_than', 'duration'), f('longerThanBytes', 'longer_than'), f('dropCounterReason', 'drop_counter_reason'),
    ],
    note: 'Several sources: a YAML list for Promtail, one comma-separated string for Alloy.',
  },
  {
    kind: StageKind.MATCH,
    example: Stage.match({ selector: '{app="backend"} |= "ERROR"', pipelineName: 'errors', stages: [Stage.regex({ expression: '(?P<code>E\\d+)' }), Stage.structuredMetadata({ metadata: { code: '' } })] }),
    fields: [f('selector', 'selector'), f('pipelineName', 'pipeline_name'), f('action', 'action', 'action', 'defaultKeep'), f('dropCounterReason', 'drop_counter_reason'), f('stages', 'stages', 'stage.*')],
    note: 'Nested stages: a `stages` list for Promtail, nested `stage.*` blocks for Alloy; compared recursively with this table.',
  },
  {
    kind: StageKind.MULTILINE,
    example: Stage.multiline({ firstLine: '^\\d{4}-\\d{2}-\\d{2}', maxWait: Duration.millis(2500), maxLines: 256 }),
    fields: [f('firstLine', 'firstline'), f('maxWait', 'max_wait_time', 'max_wait_time', 'duration'), f('maxLines', 'max_lines')],
  },
  {
    kind: StageKind.METRICS,
    example: Stage.metrics({
      metrics: [
        LogMetric.counter({ name: 'error_lines_total', description: 'error lines', source: 'level', value: 'ERROR', prefix: 'erp_' }),
        LogMetric.counter({ name: 'bytes_total', description: 'bytes read', matchAll: true, action: LogMetricAction.ADD, countEntryBytes: true, prefix: 'erp_', maxIdle: Duration.hours(24) }),
        LogMetric.gauge({ name: 'queue_depth', description: 'queue', source: 'depth', action: LogMetricAction.SET, prefix: 'erp_' }),
        LogMetric.histogram({ name: 'request_seconds', description: 'latency', source: 'took', buckets: [0.1, 0.5, 1, 5], prefix: 'erp_' }),
      ],
    }),
    fields: [f('metrics', '.', 'metric.*')],
    note: 'Promtail: a map name -> {type, config{...}}; Alloy: one metric.<type> block per metric (METRIC_TABLE). Without `prefix`, the exposed names differ: promtail_custom_ vs loki_process_custom_.',
  },
  {
    kind: StageKind.TEMPLATE,
    example: Stage.template({ source: 'level', template: '{{ if eq .Value "WARN" }}warning{{ else }}{{ ToLower .Value }}{{ end }}' }),
    fields: [f('source', 'source'), f('template', 'template')],
  },
  { kind: StageKind.TENANT, example: Stage.tenant({ label: 'namespace' }), fields: [f('source', 'source'), f('label', 'label'), f('value', 'value')] },
  { kind: StageKind.PACK, example: Stage.pack({ labels: ['pod', 'container'], ingestTimestamp: false }), fields: [f('labels', 'labels'), f('ingestTimestamp', 'ingest_timestamp')] },
  {
    kind: StageKind.LIMIT,
    example: Stage.limit({ rate: 50, burst: 100, drop: true, byLabelName: 'namespace', maxDistinctLabels: 500 }),
    fields: [f('rate', 'rate'), f('burst', 'burst'), f('drop', 'drop'), f('byLabelName', 'by_label_name'), f('maxDistinctLabels', 'max_distinct_labels')],
  },
];

/** Metric fields: Promtail path inside the metric's entry -> Alloy attribute of `metric.<type>`. */
const METRIC_TABLE: Array<{ promtail: string; alloy: string; compare?: Comparison }> = [
  { promtail: 'description', alloy: 'description' },
  { promtail: 'source', alloy: 'source' },
  { promtail: 'prefix', alloy: 'prefix' },
  { promtail: 'max_idle_duration', alloy: 'max_idle_duration', compare: 'duration' },
  { promtail: 'config.value', alloy: 'value' },
  { promtail: 'config.action', alloy: 'action' },
  { promtail: 'config.match_all', alloy: 'match_all' },
  { promtail: 'config.count_entry_bytes', alloy: 'count_entry_bytes' },
  { promtail: 'config.buckets', alloy: 'buckets' },
];

// ---------------------------------------------------------------------------------------------------------

/** Milliseconds of a Go duration string, computed independently of both renderers. */
function goMillis(text: unknown): number {
  expect(typeof text).toBe('string');
  const units: { [u: string]: number } = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  expect(text).toMatch(/^(\d+(ms|h|m|s))+$/);
  let total = 0;
  for (const [, n, u] of (text as string).matchAll(/(\d+)(ms|h|m|s)/g)) total += Number(n) * units[u];
  return total;
}

function compareValues(p: unknown, a: unknown, how: Comparison, what: string): void {
  switch (how) {
    case 'duration':
      if (p === undefined || a === undefined) return expect({ what, p, a }).toEqual({ what, p: undefined, a: undefined });
      return expect({ what, ms: goMillis(a) }).toEqual({ what, ms: goMillis(p) });
    case 'sourceList': {
      const pl = p === undefined ? undefined : Array.isArray(p) ? p : [p];
      const al = a === undefined ? undefined : (a as string).split(',');
      return expect({ what, v: al }).toEqual({ what, v: pl });
    }
    case 'defaultKeep':
      return expect({ what, v: a ?? 'keep' }).toEqual({ what, v: p ?? 'keep' });
    default:
      return expect({ what, v: a }).toEqual({ what, v: p });
  }
}

function get(obj: unknown, path: string): unknown {
  if (path === '.') return obj;
  return path.split('.').reduce<unknown>((o, k) => (o === undefined || o === null ? undefined : (o as { [k: string]: unknown })[k]), obj);
}

/** Keys with a defined value (Promtail's renderer leaves `undefined` for omitted options). */
function definedKeys(o: unknown): string[] {
  return Object.entries((o ?? {}) as object).filter(([, v]) => v !== undefined).map(([k]) => k);
}

function alloyStageBlock(stage: Stage): { block: string; body: Statement[] } {
  const config = new AlloyConfig();
  AlloyLogConfig.renderStages(config.addBlock('loki.process', 'parity'), [stage], 'stages');
  const body = block(parse(config.render()), 'loki.process', 'parity').body;
  expect(body).toHaveLength(1);
  return body[0] as { block: string; body: Statement[] };
}

/** Checks one stage: both renderings carry every option, with equal meaning, and nothing else. */
function expectParity(stage: Stage, promtailEntry: { [kind: string]: unknown }, alloy: { block: string; body: Statement[] }): void {
  const row = STAGE_TABLE.find((r) => r.kind === stage.kind)!;
  expect(Object.keys(promtailEntry)).toEqual([stage.kind]);
  expect(alloy.block).toBe(`stage.${stage.kind}`);
  const p = promtailEntry[stage.kind];
  const a = attributes(alloy.body);

  // The table covers every option of the model and every key both renderers write.
  const options = definedKeys((stage.definition as unknown as { [k: string]: unknown })[stage.kind.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())]);
  expect(options.filter((o) => !row.fields.some((x) => x.option === o) && !(row.modelOnly ?? []).includes(o))).toEqual([]);
  const promtailKeys = row.fields.some((x) => x.promtail === '.') ? [] : definedKeys(p);
  expect(promtailKeys.filter((k) => !row.fields.some((x) => x.promtail === k))).toEqual([]);
  const alloyKeys = [...Object.keys(a), ...alloy.body.filter((s) => 'block' in s).map((s) => ('block' in s ? s.block.replace(/^(stage|metric)\..*$/, '$1.*') : ''))];
  expect([...new Set(alloyKeys)].filter((k) => !row.fields.some((x) => x.alloy === k))).toEqual([]);

  for (const field of row.fields) {
    const what = `${stage.kind}.${field.option}`;
    if (field.alloy === 'stage.*') {
      const nested = (stage.definition.match!.stages ?? []);
      const pn = (get(p, field.promtail) ?? []) as Array<{ [kind: string]: unknown }>;
      const an = alloy.body.filter((s): s is { block: string; body: Statement[] } => 'block' in s);
      expect(pn).toHaveLength(nested.length);
      expect(an).toHaveLength(nested.length);
      nested.forEach((s, i) => expectParity(s, pn[i], an[i]));
    } else if (field.alloy === 'metric.*') {
      const metrics = stage.definition.metrics!.metrics;
      const blocksOfMetrics = alloy.body.filter((s): s is { block: string; body: Statement[] } => 'block' in s);
      expect(blocksOfMetrics).toHaveLength(metrics.length);
      metrics.forEach((m, i) => {
        const pm = (p as { [name: string]: any })[m.name];
        const am = attributes(blocksOfMetrics[i].body);
        expect(blocksOfMetrics[i].block).toBe(`metric.${String(pm.type).toLowerCase()}`);
        expect(am.name).toBe(m.name);
        expect(Object.keys(am).filter((k) => k !== 'name' && !METRIC_TABLE.some((x) => x.alloy === k))).toEqual([]);
        for (const x of METRIC_TABLE) compareValues(get(pm, x.promtail), am[x.alloy], x.compare ?? 'same', `metrics.${m.name}.${x.alloy}`);
      });
    } else {
      const pv = get(p, field.promtail);
      const av = field.alloy === '.' ? a : a[field.alloy];
      compareValues(pv, av, field.compare ?? 'same', what);
    }
  }
}

describe('parity table: each stage renders with the same meaning for Promtail and Alloy', () => {
  test('the table has one row per stage type of the model', () => {
    expect(STAGE_TABLE.map((r) => r.kind).sort()).toEqual(Object.values(StageKind).sort());
  });

  test.each(STAGE_TABLE.map((r) => [r.kind, r] as [string, StageRow]))('%s', (_kind, row) => {
    const promtail = PromtailConfig.renderStages([row.example]);
    // Promtail's YAML is what it reads: go through the serializer and back.
    const promtailEntry = (yaml.load(yaml.dump(JSON.parse(JSON.stringify(promtail)))) as Array<{ [kind: string]: unknown }>)[0];
    expectParity(row.example, promtailEntry, alloyStageBlock(row.example));
  });

  test('defaults stay defaults: options left unset are written by neither agent', () => {
    const minimal = [
      Stage.cri(), Stage.json({ expressions: { level: '' } }), Stage.drop({ expression: '^$' }), Stage.multiline({ firstLine: '^\\S' }),
      Stage.match({ selector: '{app="x"}', action: MatchAction.DROP }), Stage.pack({ labels: ['pod'] }), Stage.limit({ rate: 1, burst: 1 }),
    ];
    for (const stage of minimal) {
      const promtailEntry = JSON.parse(JSON.stringify(PromtailConfig.renderStages([stage])[0]));
      expectParity(stage, promtailEntry, alloyStageBlock(stage));
    }
  });

  test('metric names differ only when no prefix is given (each agent has its own default prefix)', () => {
    const stage = Stage.metrics({ metrics: [LogMetric.counter({ name: 'lines_total', description: 'lines', matchAll: true })] });
    const p = JSON.parse(JSON.stringify(PromtailConfig.renderStages([stage])[0])).metrics.lines_total;
    const a = attributes((alloyStageBlock(stage).body[0] as { body: Statement[] }).body);
    expect(p.prefix).toBeUndefined(); // promtail_custom_lines_total
    expect(a.prefix).toBeUndefined(); // loki_process_custom_lines_total
  });
});

// ---------------------------------------------------------------------------------------------------------
// Whole collections, and the three reference applications' pipelines.

function platformChart(): MonitoringChart {
  return new MonitoringChart(Testing.app(), 'platform', { partOf: 'platform', namespace: 'logging' });
}

/** The log pipelines of the three reference applications, from their seeds' mapping notes. */
function applicationPipelines(): LogPipeline[] {
  return [
    LogPipeline.of({
      name: 'erp',
      selector: '{namespace="erp"}',
      stages: [
        Stage.multiline({ firstLine: '^\\S' }),
        Stage.json({ expressions: { level: 'level', logger: 'logger', message: 'message', timestamp: 'timestamp', request_id: 'request_id', user_id: 'user_id' } }),
        Stage.labels({ labels: { level: '' } }),
        Stage.structuredMetadata({ metadata: { request_id: '', user_id: '' } }),
        Stage.timestamp({ source: 'timestamp', format: TimestampFormat.goLayout('2006-01-02T15:04:05.999999'), location: 'UTC' }),
        Stage.match({
          selector: '{namespace="erp", container="nginx"}',
          stages: [Stage.regex({ expression: '^(?P<remote_addr>\\S+) \\S+ (?P<remote_user>\\S+) \\[(?P<time_local>[^\\]]+)\\] "(?P<method>\\S+) (?P<path>\\S+) (?P<protocol>[^"]+)" (?P<status>\\d{3}) (?P<bytes>\\d+|-) "(?P<referer>[^"]*)" "(?P<user_agent>[^"]*)"$' })],
        }),
      ],
    }),
    LogPipeline.of({
      name: 'festivals',
      selector: '{namespace=~"festivals.*"}',
      stages: [
        Stage.json({ expressions: { level: 'level', msg: 'msg', timestamp: 'time', trace_id: 'trace_id', request_id: 'request_id' } }),
        Stage.labels({ labels: { level: '' } }),
        Stage.structuredMetadata({ metadata: { trace_id: '', request_id: '' } }),
        Stage.timestamp({ source: 'timestamp', format: TimestampFormat.RFC3339_NANO }),
      ],
    }),
    LogPipeline.of({
      name: 'gas-delivery',
      selector: '{namespace="gas-delivery"}',
      stages: [
        Stage.json({ expressions: { level: 'levelname', service: 'service', message: 'message', timestamp: 'asctime' } }),
        Stage.labels({ labels: { level: '', service: '' } }),
        Stage.timestamp({ source: 'timestamp', format: TimestampFormat.goLayout('2006-01-02 15:04:05,000') }),
        Stage.metrics({ metrics: [LogMetric.counter({ name: 'gas_delivery_error_lines_total', description: 'ERROR lines', source: 'level', value: 'ERROR', prefix: '' })] }),
      ],
    }),
  ];
}

function platformCollection(scope: MonitoringChart, limits = {}): LogCollection {
  const logs = new LogCollection(scope, 'Logs', {
    clients: [LogClient.push({
      url: 'http://loki-gateway.loki.svc/loki/api/v1/push', tenantId: 'platform', basicAuthUsername: 'agent',
      basicAuthPassword: SecretRef.fromSecret('loki-push', 'password'), externalLabels: { cluster: 'prod' }, batchWait: Duration.seconds(2), timeout: Duration.seconds(15),
    })],
    limits: { readlineRate: 1000, readlineBurst: 2000, maxStreams: 10000, maxLineSizeBytes: 262144, ...limits },
  });
  const pods = logs.addJob('kubernetes-pods', { discovery: LogDiscovery.kubernetesPods({ podLabels: { team: 'example.com/team' } }) });
  for (const p of applicationPipelines()) pods.addPipeline(p);
  logs.addJob('gas-delivery-files', { discovery: LogDiscovery.staticFiles({ paths: ['/var/log/luckygas/*.log'], labels: { job: 'luckygas' } }) });
  return logs;
}

describe('parity of whole collections', () => {
  const chart = platformChart();
  const logs = platformCollection(chart);
  const promtail = yaml.load(PromtailConfig.toYaml(logs)) as any;
  const alloy = parse(AlloyLogConfig.render(logs).render());

  test('the three applications\' pipelines render for both agents, stage by stage with the same meaning', () => {
    const promtailStages = promtail.scrape_configs.find((j: any) => j.job_name === 'kubernetes-pods').pipeline_stages;
    const alloyStages = block(alloy, 'loki.process', 'kubernetes_pods').body.filter((s): s is { block: string; body: Statement[] } => 'block' in s);
    const modelStages = logs.jobs[0].stages();
    expect(modelStages.map((s) => s.kind)).toEqual(['cri', 'match', 'match', 'match']);
    expect(promtailStages).toHaveLength(modelStages.length);
    expect(alloyStages).toHaveLength(modelStages.length);
    modelStages.forEach((s, i) => expectParity(s, promtailStages[i], alloyStages[i]));
  });

  test('relabelings are the same rules; only the node restriction differs in form', () => {
    const promtailRules = promtail.scrape_configs.find((j: any) => j.job_name === 'kubernetes-pods').relabel_configs;
    // Promtail keeps the targets whose __host__ is its node; Alloy asks the API for this node's pods only.
    expect(promtailRules[0]).toEqual({ source_labels: ['__meta_kubernetes_pod_node_name'], target_label: '__host__' });
    const selectors = attributes(block(block(alloy, 'discovery.kubernetes', 'kubernetes_pods').body, 'selectors').body);
    expect(selectors.field).toEqual({ $call: 'string.format', args: ['spec.nodeName=%s', { $call: 'sys.env', args: ['NODE_NAME'] }] });
    const alloyRules = blocks(block(alloy, 'discovery.relabel', 'kubernetes_pods').body, 'rule').map((r) => attributes(r.body));
    const normalize = (r: { [k: string]: Value | undefined }) => ({ ...r, action: r.action ?? 'replace' });
    expect(alloyRules.map(normalize)).toEqual(promtailRules.slice(1).map(normalize));
  });

  test('static files: the same paths and labels', () => {
    const job = promtail.scrape_configs.find((j: any) => j.job_name === 'gas-delivery-files');
    expect(attributes(block(alloy, 'local.file_match', 'gas_delivery_files').body).path_targets).toEqual(job.static_configs.map((c: any) => c.labels));
  });

  test('clients: the same endpoint, tenant, credentials file, labels and timings', () => {
    const client = promtail.clients[0];
    const write = block(alloy, 'loki.write', 'default').body;
    const endpoint = block(write, 'endpoint').body;
    const e = attributes(endpoint);
    expect(e.url).toBe(client.url);
    expect(e.tenant_id).toBe(client.tenant_id);
    expect(attributes(block(endpoint, 'basic_auth').body)).toEqual(client.basic_auth);
    expect(attributes(write).external_labels).toEqual(client.external_labels);
    expect(goMillis(e.batch_wait)).toBe(goMillis(client.batchwait));
    expect(goMillis(e.remote_timeout)).toBe(goMillis(client.timeout));
  });

  test('limits: read rate, burst and drop, stream limit and line-size drop', () => {
    const l = promtail.limits_config;
    const limits = block(alloy, 'loki.process', 'limits').body;
    expect(attributes(block(limits, 'stage.limit').body)).toEqual({ rate: l.readline_rate, burst: l.readline_burst, drop: l.readline_rate_drop });
    expect(attributes(block(limits, 'stage.drop').body).longer_than).toBe(`${l.max_line_size}B`);
    expect(attributes(block(alloy, 'loki.write', 'default').body).max_streams).toBe(l.max_streams);
  });

  test('line truncation: Promtail\'s max_line_size_truncate and Alloy\'s template + output keep the same first bytes', () => {
    const c = platformChart();
    const truncating = platformCollection(c, { maxLineSizeTruncate: true });
    const l = (yaml.load(PromtailConfig.toYaml(truncating)) as any).limits_config;
    expect(l).toMatchObject({ max_line_size: 262144, max_line_size_truncate: true });
    const limits = block(parse(AlloyLogConfig.render(truncating).render()), 'loki.process', 'limits').body;
    expect(attributes(block(limits, 'stage.template').body).template).toBe(`{{ trunc ${l.max_line_size} .Entry }}`);
    expect(blocks(limits, 'stage.drop')).toEqual([]);
  });

  test('a stage one agent cannot express fails with a clear message naming it, for either agent', () => {
    const geoip = Object.assign(Object.create(Object.getPrototypeOf(Stage.docker())), { kind: 'geoip', definition: { kind: 'geoip', geoip: { db: '/geoip/city.mmdb' } } });
    expect(() => PromtailConfig.renderStages([Stage.cri(), geoip])).toThrow('stages[1].geoip: Promtail cannot render the stage kind "geoip"');
    const config = new AlloyConfig();
    expect(() => AlloyLogConfig.renderStages(config.addBlock('loki.process', 'x'), [Stage.cri(), geoip], 'stages')).toThrow('stages[1]: the "geoip" stage cannot be expressed in Alloy\'s loki.process by this renderer');
  });
});

describe('switching agents is one prop', () => {
  function deploy(agent: LogAgent): { manifests: Manifest[]; text: string } {
    const chart = platformChart();
    const created = agent.create(chart, 'LogAgent', { collection: platformCollection(chart) });
    return { manifests: synth(chart), text: created.configText() };
  }
  const promtail = deploy(LogAgent.PROMTAIL);
  const alloy = deploy(LogAgent.ALLOY);

  function container(manifests: Manifest[]): any {
    return one(manifests, 'DaemonSet').spec.template.spec.containers[0];
  }

  test('both synthesize from the same collection, each with its own configuration format', () => {
    expect(yaml.load(promtail.text)).toHaveProperty('scrape_configs');
    expect(blocks(parse(alloy.text), 'loki.write')).toHaveLength(1);
  });

  test('both mount the same Secrets at the same paths and the same host directories, read-only; each keeps its positions on the node', () => {
    const mounts = (m: Manifest[]) => {
      const pod = one(m, 'DaemonSet').spec.template.spec;
      const volumes = Object.fromEntries(pod.volumes.map((v: any) => [v.name, v]));
      return container(m).volumeMounts
        .filter((vm: any) => volumes[vm.name].secret !== undefined || volumes[vm.name].hostPath !== undefined)
        .map((vm: any) => ({ path: vm.mountPath, readOnly: vm.readOnly, source: volumes[vm.name].secret?.secretName ?? volumes[vm.name].hostPath.path }))
        .sort((a: any, b: any) => a.path.localeCompare(b.path));
    };
    const readOnly = (m: Manifest[]) => mounts(m).filter((x: any) => x.readOnly === true);
    expect(readOnly(alloy.manifests)).toEqual(readOnly(promtail.manifests));
    expect(readOnly(alloy.manifests).map((x: any) => x.path)).toEqual(['/etc/log-agent/secrets/loki-push', '/var/log/luckygas', '/var/log/pods']);
    // The one writable host directory of each agent is its own positions store.
    expect(mounts(promtail.manifests).filter((x: any) => x.readOnly !== true)).toHaveLength(1);
    expect(mounts(alloy.manifests).filter((x: any) => x.readOnly !== true)).toEqual([{ path: '/var/lib/alloy/data', readOnly: undefined, source: '/var/lib/alloy' }]);
  });

  test('both ClusterRoles grant only get/list/watch on pods', () => {
    const rules = (m: Manifest[]) => one(m, 'ClusterRole').rules.map((r: any) => ({ resources: r.resources, verbs: [...r.verbs].sort() }));
    expect(rules(alloy.manifests)).toEqual([{ resources: ['pods'], verbs: ['get', 'list', 'watch'] }]);
    expect(rules(alloy.manifests)).toEqual(rules(promtail.manifests));
  });
});
