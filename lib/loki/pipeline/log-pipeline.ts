// `LogPipeline`: a named list of stages, checked as a whole.

import { quote, ValidationError } from '../../core';
import { checkValues, deferBuild, raiseProblem } from '../../core/problems';
import { requireArray, requireObject, requireString } from '../../core/untyped';
import { CardinalityGuard } from './cardinality-guard';
import { checkMatchSelector } from './checks';
import { Stage } from './stage';

/** Options of a `LogPipeline`. */
export interface LogPipelineOptions {
  /** The pipeline's name (the application, usually); shown in the agent's metrics as `pipeline_name`. */
  readonly name: string;
  /**
   * LogQL stream selector of the entries the pipeline processes (`{namespace="erp"}`), with optional line
   * filters. Parsed with the LogQL grammar.
   * @default - every entry of the job the pipeline is added to
   */
  readonly selector?: string;
  /** The stages, in order. */
  readonly stages: Stage[];
}

/**
 * A named, ordered list of stages, usually the parsing of one application's logs, optionally restricted to
 * the streams of a LogQL selector. Building it runs the structural checks and the cardinality guard on
 * every stage (nested `match` stages included) and names the failing stage by position:
 * `pipeline "erp" stages[3].labels: label "trace_id" looks unbounded (a trace id)...`.
 *
 * @example
 * const pipeline = LogPipeline.of({
 *   name: 'erp',
 *   selector: '{namespace="erp"}',
 *   stages: [Stage.logfmt({ mapping: { level: '', trace_id: '' } }), Stage.labels({ labels: { level: '' } })],
 * });
 *
 * An invalid pipeline (or one with an invalid stage) is reported by `LogJob.addPipeline()` with the job's
 * path; `toStages()` on it throws without a path. A pipeline never added is harmless.
 */
export class LogPipeline {
  /** Builds and checks a pipeline. */
  public static of(options: LogPipelineOptions): LogPipeline {
    return deferBuild(() => LogPipeline.checked(options), () => new LogPipeline(options?.name, options?.selector, Array.isArray(options?.stages) ? [...options.stages] : []));
  }

  private static checked(options: LogPipelineOptions): LogPipeline {
    requireObject(options, 'LogPipeline options', "{ name: 'erp', stages: [Stage.logfmt(...)] }");
    requireString(options.name, 'LogPipeline name', "'erp'");
    if (!/^[A-Za-z0-9_.\-]+$/.test(options.name)) {
      throw new ValidationError(`LogPipeline name: letters, digits, '_', '.' and '-' only; received ${quote(options.name)}`);
    }
    const where = `pipeline ${quote(options.name)}`;
    requireArray(options.stages, `${where} stages`, '[Stage.logfmt(...)]').forEach((st, i) => {
      if (!(st instanceof Stage)) throw new ValidationError(`${where} stages[${i}]: must be a Stage, e.g. Stage.logfmt(...); received ${quote(st)}`);
    });
    if (options.stages.length === 0) throw new ValidationError(`${where} stages: must have at least one stage`);
    if (options.selector !== undefined) {
      try {
        checkMatchSelector(options.selector);
      } catch (e) {
        if (e instanceof ValidationError) throw new ValidationError(`${where} ${e.detail.replace(/^Stage\.match /, '')}`);
        throw e;
      }
    }
    checkValues(undefined, `${where} stages`, options.stages);
    _validateStages(options.stages, `${where} stages`);
    return new LogPipeline(options.name, options.selector, [...options.stages]);
  }

  /** The pipeline's name. */
  public readonly name: string;
  /** The LogQL selector of the entries it processes, if restricted. */
  public readonly selector?: string;
  /** The stages, in order. */
  public readonly stages: Stage[];

  private constructor(name: string, selector: string | undefined, stages: Stage[]) {
    this.name = name;
    this.selector = selector;
    this.stages = stages;
  }

  /**
   * The stages a renderer emits for this pipeline: its stages, or, with a selector, one `match` stage
   * named after the pipeline that wraps them.
   */
  public toStages(): Stage[] {
    raiseProblem(this);
    if (this.selector === undefined) return [...this.stages];
    return [Stage.match({ selector: this.selector, pipelineName: this.name, stages: this.stages })];
  }
}

/**
 * Runs the checks that need the whole list: the cardinality guard, labels set twice, names that are both
 * label and structured metadata. Throws with the position (`stages[2].match.stages[0].labels`).
 * @internal
 */
export function _validateStages(stages: Stage[], prefix: string): void {
  const labelsSet = new Map<string, string>();
  stages.forEach((stage, i) => {
    const at = `${prefix}[${i}].${stage.kind}`;
    const d = stage.definition;
    if (d.labels) {
      for (const [label, source] of Object.entries(d.labels.labels)) {
        CardinalityGuard.checkLabel(label, source, at, d.labels.allowHighCardinality);
        if (labelsSet.has(label)) {
          throw new ValidationError(`${at}: label ${quote(label)} is already set by ${labelsSet.get(label)}; set each label once`);
        }
        labelsSet.set(label, at);
      }
    }
    if (d.structuredMetadata) {
      for (const name of Object.keys(d.structuredMetadata.metadata)) {
        if (labelsSet.has(name)) {
          throw new ValidationError(`${at}: ${quote(name)} is already a label (set by ${labelsSet.get(name)}); a name is either a label or structured metadata, not both`);
        }
      }
    }
    if (d.match?.stages) _validateStages(d.match.stages, `${at}.stages`);
  });
}
