// The stages that select, drop or throttle entries: `drop`, `match`, `limit`.

import { Duration } from 'cdk8s';
import { PrometheusDuration, Re2Regex, Validate, ValidationError } from '../../core';
import { checkNumber, optionalBoolean, optionalString, optionalStringList, requireNumber, requireObject } from '../../core/untyped';
import { checkFieldName, COUNT } from './checks';
import type { Stage } from './stage';

/**
 * Options of the `drop` stage. An entry is dropped when every condition given holds.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/drop/
 */
export interface DropStageOptions {
  /**
   * Extracted field(s) the condition applies to (several are joined with `separator`). Maps to `source`.
   * @default - the log line (for `expression`)
   */
  readonly source?: string[];
  /**
   * Separator when several sources are joined. Maps to `separator`.
   * @default ";"
   */
  readonly separator?: string;
  /**
   * RE2 regular expression the source (or line) must match. Maps to `expression`.
   * @default - no regex condition
   */
  readonly expression?: string;
  /**
   * Exact value the source must have (needs `source`; not together with `expression`). Maps to `value`.
   * @default - no value condition
   */
  readonly value?: string;
  /**
   * Drop entries older than this. Maps to `older_than`.
   * @default - no age condition
   */
  readonly olderThan?: Duration;
  /**
   * Drop lines longer than this many bytes. Maps to `longer_than`.
   * @default - no length condition
   */
  readonly longerThanBytes?: number;
  /**
   * Value of the `reason` label of the dropped-entries counter. Maps to `drop_counter_reason`.
   * @default "drop_stage"
   */
  readonly dropCounterReason?: string;
}

/** What a `match` stage does with matching entries. */
export enum MatchAction {
  /** Run the nested stages on matching entries. */
  KEEP = 'keep',
  /** Drop matching entries. */
  DROP = 'drop',
}

/**
 * Options of the `match` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/match/
 */
export interface MatchStageOptions {
  /**
   * LogQL stream selector, optionally followed by line filters (`{app="api"} |= "error"`), parsed with the
   * LogQL grammar. Parsers, label filters and metric queries are rejected: the agent does not run them.
   * Maps to `selector`.
   */
  readonly selector: string;
  /**
   * Stages run on matching entries (`MatchAction.KEEP` only). Maps to `stages`.
   * @default - none
   */
  readonly stages?: Stage[];
  /**
   * Keep (and process) or drop matching entries. Maps to `action`.
   * @default MatchAction.KEEP
   */
  readonly action?: MatchAction;
  /**
   * Name of the nested pipeline, shown in the agent's metrics. Maps to `pipeline_name`.
   * @default - unnamed
   */
  readonly pipelineName?: string;
  /**
   * Value of the `reason` label of the dropped-entries counter (`MatchAction.DROP`). Maps to `drop_counter_reason`.
   * @default "match_stage"
   */
  readonly dropCounterReason?: string;
}

/**
 * Options of the `limit` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/limit/
 */
export interface LimitStageOptions {
  /** Entries per second allowed (per label value with `byLabelName`). Maps to `rate`. */
  readonly rate: number;
  /** Burst size. Maps to `burst`. */
  readonly burst: number;
  /**
   * Drop entries over the limit instead of waiting (back-pressure). Maps to `drop`.
   * @default false
   */
  readonly drop?: boolean;
  /**
   * Apply a separate limit per value of this label. Maps to `by_label_name`.
   * @default - one limit for all entries
   */
  readonly byLabelName?: string;
  /**
   * With `byLabelName`: at most this many distinct values are tracked. Maps to `max_distinct_labels`.
   * @default 10000
   */
  readonly maxDistinctLabels?: number;
}

/**
 * Checks the options of `Stage.drop` and returns the `drop` of its definition.
 * @internal
 */
export function checkedDrop(options: DropStageOptions): DropStageOptions {
  requireObject(options, 'Stage.drop options', "{ expression: '.*debug.*' }");
  optionalString(options.expression, 'Stage.drop expression', "'.*debug.*'");
  optionalString(options.value, 'Stage.drop value', "'debug'");
  optionalStringList(options.source, 'Stage.drop source', "['level']");
  optionalString(options.dropCounterReason, 'Stage.drop dropCounterReason', "'debug_lines'");
  // drop.go (grafana/loki v3.5.1): longer_than is a flagext.ByteSize (uint64); 0 would drop every non-empty line
  checkNumber(options.longerThanBytes, 'Stage.drop longerThanBytes', COUNT('bytes'));
  const conditions = [options.expression, options.value, options.olderThan, options.longerThanBytes].filter((c) => c !== undefined);
  if (conditions.length === 0 && options.source === undefined) {
    throw new ValidationError('Stage.drop: give at least one condition (source, expression, value, olderThan or longerThanBytes); an unconditional drop discards every line');
  }
  if (options.expression !== undefined) Re2Regex.of(options.expression, 'Stage.drop expression');
  if (options.expression !== undefined && options.value !== undefined) {
    throw new ValidationError('Stage.drop: expression and value cannot both be set (Promtail rejects the stage); use one of them');
  }
  if (options.value !== undefined && (options.source === undefined || options.source.length === 0)) {
    throw new ValidationError('Stage.drop value: needs source (the extracted field to compare)');
  }
  for (const s of options.source ?? []) checkFieldName(s, 'Stage.drop source');
  if (options.source !== undefined && options.source.length === 0) throw new ValidationError('Stage.drop source: must name at least one field when given');
  if (options.olderThan !== undefined) PrometheusDuration.format(options.olderThan);
  // older_than 0: Promtail drops every entry older than now, i.e. all of them (drop.go, grafana/loki v3.5.1),
  // while Alloy reads 0 as "not set" (drop.go, grafana/alloy): the two agents disagree, and neither is useful.
  if (options.olderThan !== undefined && PrometheusDuration.millis(options.olderThan) <= 0) {
    throw new ValidationError('Stage.drop olderThan: must be positive (Promtail drops every entry with older_than 0, Alloy ignores it); give the age past which entries are dropped, e.g. Duration.hours(24); received 0s');
  }
  return { ...options, source: options.source ? [...options.source] : undefined };
}

/**
 * Checks the options of `Stage.limit` and returns the `limit` of its definition.
 * @internal
 */
export function checkedLimit(options: LimitStageOptions): LimitStageOptions {
  // limit.go (grafana/loki v3.5.1): rate is a float64, burst an int, both > 0; by_label_name needs drop
  requireObject(options, 'Stage.limit options', '{ rate: 100, burst: 200 }');
  requireNumber(options.rate, 'Stage.limit rate', { unit: 'entries per second', min: 0, above: true });
  requireNumber(options.burst, 'Stage.limit burst', COUNT('entries'));
  optionalBoolean(options.drop, 'Stage.limit drop');
  if (options.byLabelName !== undefined) Validate.labelName(options.byLabelName, 'Stage.limit byLabelName');
  if (options.byLabelName !== undefined && options.drop !== true) {
    throw new ValidationError('Stage.limit byLabelName: requires drop: true (Promtail rejects a per-label limit that waits)');
  }
  if (options.maxDistinctLabels !== undefined && options.byLabelName === undefined) {
    throw new ValidationError('Stage.limit maxDistinctLabels: only applies with byLabelName');
  }
  checkNumber(options.maxDistinctLabels, 'Stage.limit maxDistinctLabels', COUNT('label values'));
  return { ...options };
}
