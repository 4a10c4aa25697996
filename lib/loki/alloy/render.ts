import { Duration } from 'cdk8s';
import { PrometheusDuration, quote, SecretRef, ValidationError } from '../../core';
import { LogClient, LogCollection, LogDiscovery, LogDiscoveryKind, LogJob, LogLimits } from '../log-collection';
import { Relabel } from '../../core/relabel';
import { LogMetric, LogMetricAction, LogMetricType, Stage, StageKind } from '../pipeline';
import { AlloyLogSource, checkSource, NODE_NAME_ENV } from './source';
import { optionalString, requireArray, requireObject, requireString } from '../../core/untyped';
import { checkValues } from '../../core/problems';
import { AlloyBlock, AlloyBody, AlloyConfig, AlloySyntax, AlloyValue } from './syntax';

/*
 * Renders the agent-independent log-collection model (lib/loki/log-collection.ts, lib/loki/pipeline/)
 * to the Alloy configuration syntax. Each job becomes a chain of components named after it:
 *
 *   discovery.kubernetes -> discovery.relabel -> local.file_match -> loki.source.file  -> loki.process -> loki.write
 *                                              \------------------> loki.source.kubernetes /   (API source)
 *   (static files)          local.file_match -> loki.source.file -> loki.process
 *
 * Agent-wide read limits, which Promtail applies to everything it reads, become one `loki.process
 * "limits"` that every job forwards to. Every stage option is mapped explicitly (ALLOY_STAGE_ATTRIBUTES);
 * an option or a stage without an Alloy equivalent fails with a message naming both.
 */

/** The `loki.process` label of the agent-wide limits. @internal */
export const ALLOY_LIMITS_COMPONENT = 'limits';

/**
 * For each stage kind, the model option -> Alloy attribute of `stage.<kind>`. Options mapped to `null`
 * are model-only (validation hints) and not rendered; `stages` of `match` are nested blocks; `metrics` of
 * `metrics` are `metric.<type>` blocks. Any option missing here makes the renderer fail rather than drop it.
 * @internal
 */
export const ALLOY_STAGE_ATTRIBUTES: { readonly [kind: string]: { readonly [option: string]: string | null } } = {
  [StageKind.CRI]: { maxPartialLines: 'max_partial_lines', maxPartialLineSizeBytes: 'max_partial_line_size', maxPartialLineSizeTruncate: 'max_partial_line_size_truncate' },
  [StageKind.DOCKER]: {},
  [StageKind.JSON]: { expressions: 'expressions', source: 'source', dropMalformed: 'drop_malformed' },
  [StageKind.LOGFMT]: { mapping: 'mapping', source: 'source' },
  [StageKind.REGEX]: { expression: 'expression', source: 'source' },
  [StageKind.LABELS]: { labels: 'values', allowHighCardinality: null },
  [StageKind.STRUCTURED_METADATA]: { metadata: 'values' },
  [StageKind.TIMESTAMP]: { source: 'source', format: 'format', fallbackFormats: 'fallback_formats', location: 'location', actionOnFailure: 'action_on_failure' },
  [StageKind.OUTPUT]: { source: 'source' },
  [StageKind.DROP]: {
    source: 'source', separator: 'separator', expression: 'expression', value: 'value', olderThan: 'older_than',
    longerThanBytes: 'longer_than', dropCounterReason: 'drop_counter_reason',
  },
  [StageKind.MATCH]: { selector: 'selector', action: 'action', pipelineName: 'pipeline_name', dropCounterReason: 'drop_counter_reason', stages: 'stage.*' },
  [StageKind.MULTILINE]: { firstLine: 'firstline', maxWait: 'max_wait_time', maxLines: 'max_lines' },
  [StageKind.METRICS]: { metrics: 'metric.*' },
  [StageKind.TEMPLATE]: { source: 'source', template: 'template' },
  [StageKind.TENANT]: { source: 'source', label: 'label', value: 'value' },
  [StageKind.PACK]: { labels: 'labels', ingestTimestamp: 'ingest_timestamp' },
  [StageKind.LIMIT]: { rate: 'rate', burst: 'burst', drop: 'drop', byLabelName: 'by_label_name', maxDistinctLabels: 'max_distinct_labels' },
};

/** Model option -> Alloy attribute of a `metric.<type>` block. */
const METRIC_ATTRIBUTES: { [option: string]: string } = {
  name: 'name', description: 'description', source: 'source', prefix: 'prefix', maxIdle: 'max_idle_duration',
  action: 'action', value: 'value', matchAll: 'match_all', countEntryBytes: 'count_entry_bytes', buckets: 'buckets',
};

/** A byte size as Alloy reads it (`units.Base2Bytes`): `<n>B`. */
function bytes(n: number): AlloyValue {
  return AlloyValue.string(`${n}B`);
}

function str(v: string | undefined): AlloyValue | undefined {
  return v === undefined ? undefined : AlloyValue.string(v);
}

function num(v: number | undefined): AlloyValue | undefined {
  return v === undefined ? undefined : AlloyValue.number(v);
}

function bool(v: boolean | undefined): AlloyValue | undefined {
  return v === undefined ? undefined : AlloyValue.bool(v);
}

function dur(v: Duration | undefined): AlloyValue | undefined {
  return v === undefined ? undefined : AlloyValue.string(PrometheusDuration.formatGo(v));
}

/** Throws when a stage carries an option the Alloy mapping does not know, naming both. */
function checkKnownOptions(where: string, kind: string, options: object, known: { readonly [option: string]: string | null }): void {
  for (const [option, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (!(option in known)) {
      throw new ValidationError(`${where}: option ${quote(option)} of the ${kind} stage has no Alloy equivalent in this renderer (stage.${kind} in loki.process); remove it or render this collection with LogAgent.PROMTAIL`);
    }
  }
}

function renderStages(body: AlloyBody, stages: Stage[], where: string): void {
  stages.forEach((stage, i) => renderStage(body, stage, `${where}[${i}]`));
}

function renderStage(body: AlloyBody, stage: Stage, where: string): void {
  const d = stage.definition;
  const known = ALLOY_STAGE_ATTRIBUTES[stage.kind];
  const options = (d as unknown as { [key: string]: object | undefined })[camel(stage.kind)];
  if (known === undefined || options === undefined) {
    throw new ValidationError(`${where}: the ${quote(stage.kind)} stage cannot be expressed in Alloy's loki.process by this renderer; remove it or render this collection with LogAgent.PROMTAIL`);
  }
  const at = `${where}.${stage.kind}`;
  checkKnownOptions(at, stage.kind, options, known);
  const block = body.addBlock(`stage.${stage.kind}`);
  ValidationError.within(at, () => fillStage(block, stage, at));
}

function camel(kind: string): string {
  return kind.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

function fillStage(b: AlloyBlock, stage: Stage, at: string): void {
  const d = stage.definition;
  switch (stage.kind) {
    case StageKind.CRI:
      b.addAttribute('max_partial_lines', num(d.cri!.maxPartialLines));
      b.addAttribute('max_partial_line_size', num(d.cri!.maxPartialLineSizeBytes));
      b.addAttribute('max_partial_line_size_truncate', bool(d.cri!.maxPartialLineSizeTruncate));
      return;
    case StageKind.DOCKER:
      return;
    case StageKind.JSON:
      b.addAttribute('expressions', AlloyValue.stringMap(d.json!.expressions));
      b.addAttribute('source', str(d.json!.source));
      b.addAttribute('drop_malformed', bool(d.json!.dropMalformed));
      return;
    case StageKind.LOGFMT:
      b.addAttribute('mapping', AlloyValue.stringMap(d.logfmt!.mapping));
      b.addAttribute('source', str(d.logfmt!.source));
      return;
    case StageKind.REGEX:
      b.addAttribute('expression', AlloyValue.string(d.regex!.expression));
      b.addAttribute('source', str(d.regex!.source));
      return;
    case StageKind.LABELS:
      b.addAttribute('values', AlloyValue.stringMap(d.labels!.labels));
      return;
    case StageKind.STRUCTURED_METADATA:
      b.addAttribute('values', AlloyValue.stringMap(d.structuredMetadata!.metadata));
      return;
    case StageKind.TIMESTAMP: {
      const t = d.timestamp!;
      b.addAttribute('source', AlloyValue.string(t.source));
      b.addAttribute('format', AlloyValue.string(t.format.format));
      b.addAttribute('fallback_formats', t.fallbackFormats === undefined ? undefined : AlloyValue.strings(t.fallbackFormats.map((f) => f.format)));
      b.addAttribute('location', str(t.location));
      b.addAttribute('action_on_failure', str(t.actionOnFailure));
      return;
    }
    case StageKind.OUTPUT:
      b.addAttribute('source', AlloyValue.string(d.output!.source));
      return;
    case StageKind.DROP: {
      const o = d.drop!;
      // Alloy takes several sources as one comma-separated string (Promtail takes a list).
      b.addAttribute('source', o.source === undefined ? undefined : AlloyValue.string(o.source.join(',')));
      b.addAttribute('separator', str(o.separator));
      b.addAttribute('expression', str(o.expression));
      b.addAttribute('value', str(o.value));
      b.addAttribute('older_than', dur(o.olderThan));
      b.addAttribute('longer_than', o.longerThanBytes === undefined ? undefined : bytes(o.longerThanBytes));
      b.addAttribute('drop_counter_reason', str(o.dropCounterReason));
      return;
    }
    case StageKind.MATCH: {
      const m = d.match!;
      b.addAttribute('selector', AlloyValue.string(m.selector));
      b.addAttribute('action', str(m.action));
      b.addAttribute('pipeline_name', str(m.pipelineName));
      b.addAttribute('drop_counter_reason', str(m.dropCounterReason));
      renderStages(b, m.stages ?? [], `${at}.stages`);
      return;
    }
    case StageKind.MULTILINE: {
      const m = d.multiline!;
      b.addAttribute('firstline', AlloyValue.string(m.firstLine));
      b.addAttribute('max_wait_time', dur(m.maxWait));
      b.addAttribute('max_lines', num(m.maxLines));
      return;
    }
    case StageKind.METRICS:
      d.metrics!.metrics.forEach((metric, i) => renderMetric(b, metric, `${at}.metrics[${i}]`));
      return;
    case StageKind.TEMPLATE:
      b.addAttribute('source', AlloyValue.string(d.template!.source));
      b.addAttribute('template', AlloyValue.string(d.template!.template));
      return;
    case StageKind.TENANT:
      b.addAttribute('source', str(d.tenant!.source));
      b.addAttribute('label', str(d.tenant!.label));
      b.addAttribute('value', str(d.tenant!.value));
      return;
    case StageKind.PACK:
      b.addAttribute('labels', AlloyValue.strings(d.pack!.labels));
      b.addAttribute('ingest_timestamp', bool(d.pack!.ingestTimestamp));
      return;
    case StageKind.LIMIT: {
      const l = d.limit!;
      b.addAttribute('rate', AlloyValue.number(l.rate));
      b.addAttribute('burst', AlloyValue.number(l.burst));
      b.addAttribute('drop', bool(l.drop));
      b.addAttribute('by_label_name', str(l.byLabelName));
      b.addAttribute('max_distinct_labels', num(l.maxDistinctLabels));
      return;
    }
    default:
      throw new ValidationError(`the ${quote(stage.kind)} stage cannot be expressed in Alloy's loki.process by this renderer`);
  }
}

function renderMetric(stage: AlloyBlock, metric: LogMetric, at: string): void {
  checkKnownOptions(at, 'metrics', Object.fromEntries(Object.entries(metric).filter(([k]) => k !== 'type')), METRIC_ATTRIBUTES);
  const b = stage.addBlock(`metric.${metric.type}`);
  b.addAttribute('name', AlloyValue.string(metric.name));
  b.addAttribute('description', AlloyValue.string(metric.description));
  b.addAttribute('source', str(metric.source));
  b.addAttribute('prefix', str(metric.prefix));
  b.addAttribute('max_idle_duration', dur(metric.maxIdle));
  b.addAttribute('value', str(metric.value));
  switch (metric.type) {
    case LogMetricType.COUNTER:
      // `action` is required by Alloy; the model's default for counters is INC.
      b.addAttribute('action', AlloyValue.string(metric.action ?? LogMetricAction.INC));
      b.addAttribute('match_all', bool(metric.matchAll));
      b.addAttribute('count_entry_bytes', bool(metric.countEntryBytes));
      return;
    case LogMetricType.GAUGE:
      b.addAttribute('action', AlloyValue.string(metric.action!));
      return;
    case LogMetricType.HISTOGRAM:
      b.addAttribute('buckets', AlloyValue.list(metric.buckets!.map((x) => AlloyValue.number(x))));
      return;
    default:
      throw new ValidationError(`${at}: metric type ${quote(metric.type)} has no Alloy metric block`);
  }
}

function renderRule(block: AlloyBlock, rule: Relabel): void {
  const r = block.addBlock('rule');
  const sources: string[] = rule.sourceLabels ?? [];
  if (sources.length > 0) r.addAttribute('source_labels', AlloyValue.strings(sources));
  r.addAttribute('separator', str(rule.separator));
  r.addAttribute('regex', str(rule.regex));
  r.addAttribute('target_label', str(rule.targetLabel));
  r.addAttribute('replacement', str(rule.replacement));
  r.addAttribute('modulus', num((rule as { modulus?: number }).modulus));
  r.addAttribute('action', AlloyValue.string(rule.action));
}

/** Options of `AlloyLogConfig.render()`. */
export interface AlloyRenderOptions {
  /**
   * How logs are read.
   * @default AlloyLogSource.FILES
   */
  readonly source?: AlloyLogSource;
  /**
   * Where the agent mounts Secrets; `SecretRef.filePath(root)` is written into the configuration.
   * @default "/etc/log-agent/secrets" (LogAgent.SECRET_MOUNT_ROOT)
   */
  readonly secretMountRoot?: string;
}

/**
 * Renders the agent-independent log-collection model as Grafana Alloy's configuration, the counterpart of
 * `PromtailConfig`.
 *
 * @example
 * const text = AlloyLogConfig.toText(collection);
 * @see https://grafana.com/docs/alloy/latest/reference/components/loki/
 */
export class AlloyLogConfig {
  /**
   * The configuration of a collection, as a tree of Alloy blocks.
   * @throws ValidationError naming the job, the stage's position and the option that Alloy cannot express
   */
  public static render(collection: LogCollection, options: AlloyRenderOptions = {}): AlloyConfig {
    if (!(collection instanceof LogCollection)) {
      throw new ValidationError(`AlloyLogConfig collection: must be a LogCollection (new LogCollection(scope, 'Logs', { clients })); received ${quote(collection)}`);
    }
    requireObject(options, 'AlloyLogConfig options', '{ source: AlloyLogSource.FILES }');
    checkSource(options.source, 'AlloyLogConfig source');
    optionalString(options.secretMountRoot, 'AlloyLogConfig secretMountRoot', "'/etc/log-agent/secrets'");
    return ValidationError.within(collection, () => render(collection, options));
  }

  /** The configuration file text of a collection. */
  public static toText(collection: LogCollection, options: AlloyRenderOptions = {}): string {
    return AlloyLogConfig.render(collection, options).render();
  }

  /**
   * Adds the `stage.*` blocks of `stages` to `body` (a `loki.process` or `stage.match` block), in order.
   * @param where the position of the stages, for messages (`job "pods" stages`)
   */
  public static renderStages(body: AlloyBody, stages: Stage[], where = 'stages'): void {
    if (!(body instanceof AlloyBody)) throw new ValidationError(`AlloyLogConfig.renderStages body: must be an AlloyBody (an AlloyBlock or AlloyConfig); received ${quote(body)}`);
    requireString(where, 'AlloyLogConfig.renderStages where', "'stages'");
    requireArray(stages, where, '[Stage.cri()]').forEach((s, i) => {
      if (!(s instanceof Stage)) throw new ValidationError(`${where}[${i}]: must be a Stage, e.g. Stage.cri(); received ${quote(s)}`);
    });
    checkValues(undefined, where, stages);
    renderStages(body, stages, where);
  }

  private constructor() {}
}

function render(collection: LogCollection, options: AlloyRenderOptions): AlloyConfig {
  const source = options.source ?? AlloyLogSource.FILES;
  const secretRoot = options.secretMountRoot ?? '/etc/log-agent/secrets';
  const config = new AlloyConfig();
  config.addComment(`Generated by cdk8s-observability from the log collection ${collection.node.path}; do not edit.`);

  const clients = collection.clients;
  const writers = clients.map((_c, i) => (clients.length === 1 ? 'default' : `client_${i}`));
  const limits = limitsStages(collection.limits);
  const sink = limits.length > 0 ? [AlloyValue.reference(`loki.process.${ALLOY_LIMITS_COMPONENT}.receiver`)] : writers.map((w) => AlloyValue.reference(`loki.write.${w}.receiver`));

  const labels = componentLabels(collection.jobs);
  collection.jobs.forEach((job, i) => renderJob(config, job, labels[i], source, AlloyValue.list(sink)));

  if (limits.length > 0) {
    const process = config.addBlock('loki.process', ALLOY_LIMITS_COMPONENT);
    process.addAttribute('forward_to', AlloyValue.list(writers.map((w) => AlloyValue.reference(`loki.write.${w}.receiver`))));
    for (const fill of limits) fill(process);
  }

  clients.forEach((client, i) => renderClient(config, client, writers[i], collection.limits, secretRoot));
  return config;
}

/** Job names (`kubernetes-pods`) made into unique component labels (`kubernetes_pods`). */
function componentLabels(jobs: LogJob[]): string[] {
  const used = new Set<string>([ALLOY_LIMITS_COMPONENT]);
  return jobs.map((job) => {
    let label = job.name.replace(/[^A-Za-z0-9_]/g, '_');
    if (!AlloySyntax.isIdentifier(label)) label = `job_${label}`;
    let candidate = label;
    for (let n = 2; used.has(candidate); n++) candidate = `${label}_${n}`;
    used.add(candidate);
    return candidate;
  });
}

function renderJob(config: AlloyConfig, job: LogJob, label: string, source: AlloyLogSource, forwardTo: AlloyValue): void {
  const where = `job ${quote(job.name)}`;
  const d: LogDiscovery = job.discovery;
  config.addComment(`Job ${quote(job.name)}.`);
  let fileTargets: AlloyValue;
  if (d.kind === LogDiscoveryKind.KUBERNETES_PODS) {
    const discovery = config.addBlock('discovery.kubernetes', label);
    discovery.addAttribute('role', AlloyValue.string('pod'));
    if (d.namespaces !== undefined && d.namespaces.length > 0) {
      discovery.addBlock('namespaces').addAttribute('names', AlloyValue.strings(d.namespaces));
    }
    // Only the pods of this agent's node: the DaemonSet gives each pod its node's name.
    const selectors = discovery.addBlock('selectors');
    selectors.addAttribute('role', AlloyValue.string('pod'));
    selectors.addAttribute('field', AlloyValue.call('string.format', [AlloyValue.string('spec.nodeName=%s'), AlloyValue.call('sys.env', [AlloyValue.string(NODE_NAME_ENV)])]));

    const relabel = config.addBlock('discovery.relabel', label);
    relabel.addAttribute('targets', AlloyValue.reference(`discovery.kubernetes.${label}.targets`));
    for (const rule of d.relabelings) renderRule(relabel, rule);

    if (source === AlloyLogSource.KUBERNETES_API) {
      const api = config.addBlock('loki.source.kubernetes', label);
      api.addAttribute('targets', AlloyValue.reference(`discovery.relabel.${label}.output`));
      api.addAttribute('forward_to', AlloyValue.list([AlloyValue.reference(`loki.process.${label}.receiver`)]));
      renderProcess(config, job, label, forwardTo, where);
      return;
    }
    fileTargets = AlloyValue.reference(`discovery.relabel.${label}.output`);
  } else if (d.kind === LogDiscoveryKind.STATIC_FILES) {
    if (source === AlloyLogSource.KUBERNETES_API) {
      throw new ValidationError(`${where}: static file targets are read from the node's disk, which AlloyLogSource.KUBERNETES_API does not mount; use AlloyLogSource.FILES`);
    }
    if (d.relabelings.length > 0) {
      throw new ValidationError(`${where}: relabelings of static file targets are not rendered for Alloy; set the labels on the targets instead`);
    }
    fileTargets = AlloyValue.list(d.paths!.map((p) => AlloyValue.stringMap({ ...d.labels, __path__: p })));
  } else {
    throw new ValidationError(`${where}: discovery ${quote(d.kind)} has no Alloy rendering`);
  }
  const match = config.addBlock('local.file_match', label);
  match.addAttribute('path_targets', fileTargets);
  const files = config.addBlock('loki.source.file', label);
  files.addAttribute('targets', AlloyValue.reference(`local.file_match.${label}.targets`));
  files.addAttribute('forward_to', AlloyValue.list([AlloyValue.reference(`loki.process.${label}.receiver`)]));
  renderProcess(config, job, label, forwardTo, where);
}

function renderProcess(config: AlloyConfig, job: LogJob, label: string, forwardTo: AlloyValue, where: string): void {
  const process = config.addBlock('loki.process', label);
  process.addAttribute('forward_to', forwardTo);
  renderStages(process, job.stages(), `${where} stages`);
}

/** The extracted field the truncated line is written to before it replaces the line. */
const TRUNCATED_LINE_FIELD = 'truncated_line';

/**
 * The stages of the agent-wide limits process, as functions filling it, in Promtail's order: the read
 * rate first (Promtail counts lines as it reads them), then the line size (Promtail checks it on the way
 * to the client).
 */
function limitsStages(limits: LogLimits): Array<(b: AlloyBlock) => void> {
  const out: Array<(b: AlloyBlock) => void> = [];
  if (limits.readlineRate !== undefined) {
    const rate = limits.readlineRate;
    const burst = limits.readlineBurst ?? Math.max(1, Math.ceil(rate));
    const drop = limits.readlineRateDrop ?? true;
    out.push((b) => {
      const limit = b.addBlock('stage.limit');
      limit.addAttribute('rate', AlloyValue.number(rate));
      limit.addAttribute('burst', AlloyValue.number(burst));
      limit.addAttribute('drop', AlloyValue.bool(drop));
    });
  }
  if (limits.maxLineSizeBytes !== undefined) {
    const size = limits.maxLineSizeBytes;
    if (limits.maxLineSizeTruncate) {
      // Alloy has no max_line_size_truncate. Promtail cuts the line to its first N bytes (line[:N]); sprig's
      // trunc does exactly that on Go strings, and `.Entry` is the current line.
      out.push((b) => {
        const template = b.addBlock('stage.template');
        template.addAttribute('source', AlloyValue.string(TRUNCATED_LINE_FIELD));
        template.addAttribute('template', AlloyValue.string(`{{ trunc ${size} .Entry }}`));
        b.addBlock('stage.output').addAttribute('source', AlloyValue.string(TRUNCATED_LINE_FIELD));
      });
    } else {
      out.push((b) => {
        const drop = b.addBlock('stage.drop');
        drop.addAttribute('longer_than', bytes(size));
        drop.addAttribute('drop_counter_reason', AlloyValue.string('line_too_long'));
      });
    }
  }
  return out;
}

function renderClient(config: AlloyConfig, client: LogClient, label: string, limits: LogLimits, secretRoot: string): void {
  const write = config.addBlock('loki.write', label);
  const endpoint = write.addBlock('endpoint');
  endpoint.addAttribute('url', AlloyValue.string(client.url));
  endpoint.addAttribute('tenant_id', str(client.tenantId));
  endpoint.addAttribute('batch_wait', dur(client.batchWait));
  endpoint.addAttribute('batch_size', client.batchSizeBytes === undefined ? undefined : bytes(client.batchSizeBytes));
  endpoint.addAttribute('remote_timeout', dur(client.timeout));
  endpoint.addAttribute('bearer_token_file', client.bearerToken === undefined ? undefined : AlloyValue.string(filePath(client.bearerToken, secretRoot)));
  if (client.basicAuthPassword !== undefined) {
    const auth = endpoint.addBlock('basic_auth');
    auth.addAttribute('username', str(client.basicAuthUsername));
    auth.addAttribute('password_file', AlloyValue.string(filePath(client.basicAuthPassword, secretRoot)));
  }
  if (Object.keys(client.externalLabels).length > 0) write.addAttribute('external_labels', AlloyValue.stringMap(client.externalLabels));
  write.addAttribute('max_streams', num(limits.maxStreams));
}

function filePath(ref: SecretRef, root: string): string {
  return ref.filePath(root);
}
