import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ConstructQueries, LogQL, PrometheusDuration, PromQL, ValidationError } from '../core';
import { checkNumber, optionalDuration, optionalString, requireObject } from '../core/untyped';
import { DatasourceRef, DatasourceType } from './datasource';

/** How Prometheus results are shaped for the panel. Maps to a Prometheus target's `format`. */
export enum TargetFormat {
  /** One series per label set (time series panels). */
  TIME_SERIES = 'time_series',
  /** One row per label set, labels as columns (tables). */
  TABLE = 'table',
  /** Histogram buckets by `le`, sorted, for heatmaps. */
  HEATMAP = 'heatmap',
}

/** The language of a target's expression. */
export enum QueryLanguage {
  /** PromQL, on a Prometheus datasource. */
  PROMQL = 'promql',
  /** LogQL, on a Loki datasource. */
  LOGQL = 'logql',
}

/** Options of a PromQL target. */
export interface PromQLTargetOptions {
  /**
   * Legend of each series, with `{{label}}` placeholders. Maps to `legendFormat`.
   * @default - `__auto` (Grafana names the series from its labels)
   */
  readonly legend?: string;
  /**
   * The datasource to query.
   * @default DatasourceRef.PROMETHEUS
   */
  readonly datasource?: DatasourceRef;
  /**
   * Result shape. Maps to `format`.
   * @default - `table` in table panels, `heatmap` in heatmap panels over histograms, `time_series` otherwise
   */
  readonly format?: TargetFormat;
  /**
   * Run an instant query (one value per series) instead of a range query.
   * @default - true in table panels, false otherwise
   */
  readonly instant?: boolean;
  /**
   * Minimum step between points. Maps to `interval`.
   * @default - the panel's interval
   */
  readonly minInterval?: Duration;
  /**
   * Hide the query's result (still usable by transformations). Maps to `hide`.
   * @default false
   */
  readonly hidden?: boolean;
}

/** Options of a LogQL target. */
export interface LogQLTargetOptions {
  /**
   * Legend of each series of a metric query, with `{{label}}` placeholders. Maps to `legendFormat`.
   * @default - Grafana's naming from labels
   */
  readonly legend?: string;
  /**
   * The datasource to query.
   * @default DatasourceRef.LOKI
   */
  readonly datasource?: DatasourceRef;
  /**
   * Maximum log lines of a log query. Maps to `maxLines`.
   * @default - the datasource's limit (1000)
   */
  readonly maxLines?: number;
  /**
   * Hide the query's result. Maps to `hide`.
   * @default false
   */
  readonly hidden?: boolean;
}

/** What a panel knows when it renders its targets. @internal */
export interface TargetDefaults {
  readonly format?: TargetFormat;
  readonly instant?: boolean;
}

/**
 * One query of a panel (`targets[]`): a PromQL or LogQL expression with its options. The expression is
 * parsed by the official grammar when the target is added to a panel (with the panel's path and the
 * field in any error); template variables such as `$namespace` and `$__rate_interval` are allowed and
 * must be defined by the dashboard. `refId`s A, B, C... are assigned in the order targets are added.
 *
 * @example
 * Target.promql('sum by (service) (rate(http_requests_total{namespace="$namespace"}[$__rate_interval]))', { legend: '{{service}}' });
 * Target.logql('{namespace="$namespace"} |= "error"');
 */
export class Target {
  /** A PromQL query on a Prometheus datasource. */
  public static promql(expression: string, options: PromQLTargetOptions = {}): Target {
    checkTargetOptions(options);
    const datasource = options.datasource ?? DatasourceRef.PROMETHEUS;
    if (datasource.type !== DatasourceType.PROMETHEUS) {
      throw new ValidationError(`target datasource: a PromQL target needs a Prometheus datasource; received a ${datasource.type} datasource (uid ${datasource.uid})`);
    }
    if (options.minInterval) PrometheusDuration.format(options.minInterval);
    return new Target(QueryLanguage.PROMQL, expression, datasource, options, options.legend);
  }

  /** A LogQL query (log or metric query) on a Loki datasource. */
  public static logql(expression: string, options: LogQLTargetOptions = {}): Target {
    checkTargetOptions(options);
    const datasource = options.datasource ?? DatasourceRef.LOKI;
    if (datasource.type !== DatasourceType.LOKI) {
      throw new ValidationError(`target datasource: a LogQL target needs a Loki datasource; received a ${datasource.type} datasource (uid ${datasource.uid})`);
    }
    // the Loki datasource's maxLines (and Loki's limit parameter) is an int of lines
    checkNumber(options.maxLines, 'maxLines', { unit: 'log lines', integer: true, min: 1 });
    return new Target(QueryLanguage.LOGQL, expression, datasource, options, options.legend);
  }

  /** The query language. */
  public readonly language: QueryLanguage;
  /** The expression as written. */
  public readonly expression: string;
  /** The datasource queried. */
  public readonly datasource: DatasourceRef;
  /** The legend format, if given. */
  public readonly legend?: string;
  private readonly options: PromQLTargetOptions & LogQLTargetOptions;

  private constructor(language: QueryLanguage, expression: string, datasource: DatasourceRef, options: PromQLTargetOptions & LogQLTargetOptions, legend?: string) {
    this.language = language;
    this.expression = expression;
    this.datasource = datasource;
    this.options = options;
    this.legend = legend;
  }

  /**
   * @internal Parses the expression with `ConstructQueries` on behalf of `scope`; returns the template
   * variables it uses.
   */
  public _parse(scope: IConstruct, field: string): ParsedTarget {
    if (this.language === QueryLanguage.PROMQL) {
      const q: PromQL = ConstructQueries.dashboardPromql(scope, field, this.expression);
      return { variables: q.variables, isLogQuery: false };
    }
    const q: LogQL = ConstructQueries.dashboardLogql(scope, field, this.expression);
    const kind = q._tree.topNode.firstChild?.firstChild?.name;
    return { variables: q.variables, isLogQuery: kind === 'LogExpr' };
  }

  /** @internal the target JSON. */
  public _render(refId: string, defaults: TargetDefaults): { [key: string]: unknown } {
    const o = this.options;
    const logql = this.language === QueryLanguage.LOGQL;
    const instant = logql ? undefined : o.instant ?? defaults.instant ?? false;
    // one object literal for both languages (undefined fields are not written): a dashboard renders every
    // target, and spreading a common part into per-language literals was several times slower
    return {
      refId,
      datasource: this.datasource._render(),
      expr: this.expression,
      editorMode: 'code',
      hide: o.hidden ? true : undefined,
      queryType: logql ? 'range' : undefined,
      legendFormat: logql ? this.legend : this.legend ?? '__auto',
      maxLines: logql ? o.maxLines : undefined,
      format: logql ? undefined : o.format ?? defaults.format ?? TargetFormat.TIME_SERIES,
      instant,
      range: logql ? undefined : !instant,
      interval: !logql && o.minInterval ? PrometheusDuration.format(o.minInterval) : undefined,
    };
  }
}

/** What parsing a target found. @internal */
export interface ParsedTarget {
  /** Template variables used. */
  readonly variables: string[];
  /** Whether a LogQL target is a log query (not a metric query). */
  readonly isLogQuery: boolean;
}

/** The types of the options every target has, for plain JavaScript callers. */
function checkTargetOptions(options: PromQLTargetOptions & LogQLTargetOptions): void {
  requireObject(options, 'target options', "{ legend: '{{service}}' }");
  if (options.datasource !== undefined && !(options.datasource instanceof DatasourceRef)) {
    throw new ValidationError(`target datasource: must be a DatasourceRef, e.g. DatasourceRef.PROMETHEUS; received ${JSON.stringify(options.datasource)}`);
  }
  optionalString(options.legend, 'target legend', "'{{service}}'");
  optionalDuration(options.minInterval, 'target minInterval');
}

/** The refId of the n-th target: A..Z, then AA, AB... @internal */
export function refIdOf(index: number): string {
  let n = index;
  let out = '';
  do {
    out = String.fromCharCode(65 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}
