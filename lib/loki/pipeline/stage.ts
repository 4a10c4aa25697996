// The `Stage` value type: its kinds, its definition and its factories.

import { quote, ValidationError } from '../../core';
import { checkValues, deferBuild, raiseProblem } from '../../core/problems';
import { optionalString, requireArray, requireObject } from '../../core/untyped';
import { captureGroupNames, checkMatchSelector } from './checks';
import { checkedMetrics, MetricsStageOptions } from './log-metric';
import { checkedDrop, checkedLimit, DropStageOptions, LimitStageOptions, MatchAction, MatchStageOptions } from './stages-filter';
import { checkedLabels, checkedPack, checkedStructuredMetadata, checkedTenant, LabelsStageOptions, PackStageOptions, StructuredMetadataStageOptions, TenantStageOptions } from './stages-labels';
import { checkedCri, checkedJson, checkedLogfmt, checkedMultiline, checkedRegex, CriStageOptions, JsonStageOptions, LogfmtStageOptions, MultilineStageOptions, RegexStageOptions } from './stages-parse';
import { checkedOutput, checkedTemplate, OutputStageOptions, TemplateStageOptions } from './stages-transform';
import { checkedTimestamp, TimestampStageOptions } from './timestamp';

/** The type of a pipeline stage: the closed set of stages this library models (wire names of Promtail). */
export enum StageKind {
  /** Parses the CRI log format (containerd, CRI-O): `<time> <stream> <flags> <line>`. */
  CRI = 'cri',
  /** Parses the Docker JSON log format. */
  DOCKER = 'docker',
  /** Extracts fields from a JSON line with JMESPath expressions. */
  JSON = 'json',
  /** Extracts fields from a logfmt line. */
  LOGFMT = 'logfmt',
  /** Extracts fields with the named capture groups of an RE2 regular expression. */
  REGEX = 'regex',
  /** Turns extracted fields into stream labels (indexed: keep them few and bounded). */
  LABELS = 'labels',
  /** Attaches extracted fields as structured metadata (not indexed: the place for ids). */
  STRUCTURED_METADATA = 'structured_metadata',
  /** Sets the entry's timestamp from an extracted field. */
  TIMESTAMP = 'timestamp',
  /** Replaces the log line with an extracted field. */
  OUTPUT = 'output',
  /** Drops entries that match conditions. */
  DROP = 'drop',
  /** Runs nested stages (or drops) for entries whose stream matches a LogQL selector. */
  MATCH = 'match',
  /** Joins multi-line entries (stack traces) into one. */
  MULTILINE = 'multiline',
  /** Derives Prometheus metrics from log entries, exposed on the agent's metrics endpoint. */
  METRICS = 'metrics',
  /** Rewrites an extracted field with a Go template. */
  TEMPLATE = 'template',
  /** Sets the tenant id of the entry. */
  TENANT = 'tenant',
  /** Packs labels and the line into a JSON line, removing those labels from the stream. */
  PACK = 'pack',
  /** Rate-limits entries. */
  LIMIT = 'limit',
}

/**
 * The options of a stage, renderer-neutral: exactly the field named after `kind` is set. See the comment
 * at the top of `pipeline/index.ts` for how renderers read it.
 */
export interface StageDefinition {
  /** The stage type; names the one field below that is set. */
  readonly kind: StageKind;
  /** Set for `StageKind.CRI`. */
  readonly cri?: CriStageOptions;
  /** Set (empty) for `StageKind.DOCKER`. */
  readonly docker?: {};
  /** Set for `StageKind.JSON`. */
  readonly json?: JsonStageOptions;
  /** Set for `StageKind.LOGFMT`. */
  readonly logfmt?: LogfmtStageOptions;
  /** Set for `StageKind.REGEX`. */
  readonly regex?: RegexStageOptions;
  /** Set for `StageKind.LABELS`. */
  readonly labels?: LabelsStageOptions;
  /** Set for `StageKind.STRUCTURED_METADATA`. */
  readonly structuredMetadata?: StructuredMetadataStageOptions;
  /** Set for `StageKind.TIMESTAMP`. */
  readonly timestamp?: TimestampStageOptions;
  /** Set for `StageKind.OUTPUT`. */
  readonly output?: OutputStageOptions;
  /** Set for `StageKind.DROP`. */
  readonly drop?: DropStageOptions;
  /** Set for `StageKind.MATCH`. */
  readonly match?: MatchStageOptions;
  /** Set for `StageKind.MULTILINE`. */
  readonly multiline?: MultilineStageOptions;
  /** Set for `StageKind.METRICS`. */
  readonly metrics?: MetricsStageOptions;
  /** Set for `StageKind.TEMPLATE`. */
  readonly template?: TemplateStageOptions;
  /** Set for `StageKind.TENANT`. */
  readonly tenant?: TenantStageOptions;
  /** Set for `StageKind.PACK`. */
  readonly pack?: PackStageOptions;
  /** Set for `StageKind.LIMIT`. */
  readonly limit?: LimitStageOptions;
}

/**
 * One step of a log pipeline, as an immutable, renderer-neutral value. Built with the static factories,
 * which validate their options (RE2 regexes, LogQL selectors, names, ranges).
 *
 * @example
 * const stages = [
 *   Stage.cri(),
 *   Stage.json({ expressions: { level: '', trace_id: 'traceId', msg: 'message' } }),
 *   Stage.labels({ labels: { level: '' } }),
 *   Stage.structuredMetadata({ metadata: { trace_id: '' } }),
 * ];
 *
 * Each factory checks its options at once, but an invalid stage is reported by the job (or the pipeline,
 * then the job) it is given to, with the construct path and the field:
 * `[app/logs/pods] stages[1]: Stage.json expressions: ...`. A stage never used is harmless;
 * `extractedFields()` on an invalid stage throws without a path.
 */
export class Stage {
  /** Parses the CRI log format (containerd, CRI-O), the first stage for Kubernetes pod logs. */
  public static cri(options: CriStageOptions = {}): Stage {
    return Stage.build(StageKind.CRI, () => ({ cri: checkedCri(options) }));
  }

  /** Parses the Docker JSON log format. */
  public static docker(): Stage {
    return new Stage({ kind: StageKind.DOCKER, docker: {} });
  }

  /** Extracts fields from a JSON line. */
  public static json(options: JsonStageOptions): Stage {
    return Stage.build(StageKind.JSON, () => ({ json: checkedJson(options) }));
  }

  /** Extracts fields from a logfmt line. */
  public static logfmt(options: LogfmtStageOptions): Stage {
    return Stage.build(StageKind.LOGFMT, () => ({ logfmt: checkedLogfmt(options) }));
  }

  /** Extracts fields with the named capture groups of an RE2 regular expression. */
  public static regex(options: RegexStageOptions): Stage {
    return Stage.build(StageKind.REGEX, () => ({ regex: checkedRegex(options) }));
  }

  /**
   * Turns extracted fields into stream labels. Names are checked against Prometheus' label-name rules here;
   * the cardinality guard runs when the stage joins a `LogPipeline`.
   */
  public static labels(options: LabelsStageOptions): Stage {
    return Stage.build(StageKind.LABELS, () => ({ labels: checkedLabels(options) }));
  }

  /** Attaches extracted fields as structured metadata: not indexed, the place for ids. */
  public static structuredMetadata(options: StructuredMetadataStageOptions): Stage {
    return Stage.build(StageKind.STRUCTURED_METADATA, () => ({ structuredMetadata: checkedStructuredMetadata(options) }));
  }

  /** Sets the entry's timestamp from an extracted field. */
  public static timestamp(options: TimestampStageOptions): Stage {
    return Stage.build(StageKind.TIMESTAMP, () => ({ timestamp: checkedTimestamp(options) }));
  }

  /** Replaces the log line with an extracted field. */
  public static output(options: OutputStageOptions): Stage {
    return Stage.build(StageKind.OUTPUT, () => ({ output: checkedOutput(options) }));
  }

  /** Drops entries for which every given condition holds. */
  public static drop(options: DropStageOptions): Stage {
    return Stage.build(StageKind.DROP, () => ({ drop: checkedDrop(options) }));
  }

  /** Runs nested stages (or drops) for entries whose stream matches a LogQL selector. */
  public static match(options: MatchStageOptions): Stage {
    return Stage.build(StageKind.MATCH, () => ({ match: checkedMatch(options) }));
  }

  /** Joins multi-line entries (stack traces) into one. */
  public static multiline(options: MultilineStageOptions): Stage {
    return Stage.build(StageKind.MULTILINE, () => ({ multiline: checkedMultiline(options) }));
  }

  /** Derives Prometheus metrics from entries, exposed on the agent's metrics endpoint. */
  public static metrics(options: MetricsStageOptions): Stage {
    return Stage.build(StageKind.METRICS, () => ({ metrics: checkedMetrics(options) }));
  }

  /** Rewrites an extracted field with a Go template. */
  public static template(options: TemplateStageOptions): Stage {
    return Stage.build(StageKind.TEMPLATE, () => ({ template: checkedTemplate(options) }));
  }

  /** Sets the tenant id from a field, a label or a fixed value (exactly one). */
  public static tenant(options: TenantStageOptions): Stage {
    return Stage.build(StageKind.TENANT, () => ({ tenant: checkedTenant(options) }));
  }

  /** Embeds labels in a JSON line and removes them from the stream. */
  public static pack(options: PackStageOptions): Stage {
    return Stage.build(StageKind.PACK, () => ({ pack: checkedPack(options) }));
  }

  /** Rate-limits entries. */
  public static limit(options: LimitStageOptions): Stage {
    return Stage.build(StageKind.LIMIT, () => ({ limit: checkedLimit(options) }));
  }

  /**
   * A stage of `kind` defined by `define`, which checks the options and returns the definition's field; an
   * invalid stage keeps its problem for the pipeline or job it is given to (see lib/core/problems.ts).
   */
  private static build(kind: StageKind, define: () => Omit<StageDefinition, 'kind'>): Stage {
    return deferBuild(() => new Stage({ kind, ...define() }), () => new Stage({ kind }));
  }

  /** The stage type. */
  public readonly kind: StageKind;
  /** The validated options, renderer-neutral: the field named after `kind` is set. */
  public readonly definition: StageDefinition;

  private constructor(definition: StageDefinition) {
    this.kind = definition.kind;
    this.definition = definition;
  }

  /** Names of the fields this stage extracts (for `json`, `logfmt` and `regex`; empty otherwise). */
  public extractedFields(): string[] {
    raiseProblem(this);
    const d = this.definition;
    if (d.json) return Object.keys(d.json.expressions);
    if (d.logfmt) return Object.keys(d.logfmt.mapping);
    if (d.regex) return captureGroupNames(d.regex.expression);
    return [];
  }
}

/** Checks the options of `Stage.match` and returns the `match` of its definition. */
function checkedMatch(options: MatchStageOptions): MatchStageOptions {
  requireObject(options, 'Stage.match options', "{ selector: '{app=\"api\"}', stages: [...] }");
  checkMatchSelector(options.selector);
  requireArray(options.stages ?? [], 'Stage.match stages', '[Stage.json(...)]').forEach((st, i) => {
    if (!(st instanceof Stage)) throw new ValidationError(`Stage.match stages[${i}]: must be a Stage, e.g. Stage.json(...); received ${quote(st)}`);
  });
  checkValues(undefined, 'Stage.match stages', options.stages);
  optionalString(options.dropCounterReason, 'Stage.match dropCounterReason', "'noise'");
  optionalString(options.pipelineName, 'Stage.match pipelineName', "'api'");
  const action = options.action ?? MatchAction.KEEP;
  if (action === MatchAction.DROP && (options.stages ?? []).length > 0) {
    throw new ValidationError('Stage.match stages: a match stage with action DROP drops the entries, so it cannot have nested stages');
  }
  if (action === MatchAction.KEEP && (options.stages ?? []).length === 0) {
    throw new ValidationError(`Stage.match stages: a match stage with action KEEP needs nested stages (or use action DROP); selector ${quote(options.selector)}`);
  }
  if (action === MatchAction.KEEP && options.dropCounterReason !== undefined) {
    throw new ValidationError('Stage.match dropCounterReason: only applies to action DROP');
  }
  if (options.pipelineName !== undefined && !/^[A-Za-z0-9_.\-]+$/.test(options.pipelineName)) {
    throw new ValidationError(`Stage.match pipelineName: letters, digits, '_', '.' and '-' only; received ${quote(options.pipelineName)}`);
  }
  return { ...options, stages: options.stages ? [...options.stages] : undefined };
}
