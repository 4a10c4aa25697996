import { IConstruct } from 'constructs';
import { ValidationError } from './errors';
import { LogQL, PromQL } from './expressions';
import { AppWideValue, RenderPass } from './render-pass';
import { targetPrometheus } from './target-versions';
import { requireConstruct, requireString } from './untyped';

/** A PromQL expression that a construct holds, with where it was given. */
export interface RecordedPromQL {
  /** The construct that holds the expression. */
  readonly scope: IConstruct;
  /** The field of that construct (`expr`, `targets[0].expr`, `sli.total`...). */
  readonly field: string;
  /** The parsed expression. */
  readonly query: PromQL;
}

/** A LogQL expression that a construct holds, with where it was given. */
export interface RecordedLogQL {
  /** The construct that holds the expression. */
  readonly scope: IConstruct;
  /** The field of that construct. */
  readonly field: string;
  /** The parsed expression. */
  readonly query: LogQL;
}

/** Metadata types of the queries a construct holds (on its node, beside `SynthWarnings`). */
const PROMQL_METADATA_TYPE = 'cdk8s-observability:promql';
const LOGQL_METADATA_TYPE = 'cdk8s-observability:logql';

/**
 * Parses the expressions that constructs are given, and finds them again for whole-application checks
 * (the query lint, the metric catalogue) without knowing each construct type.
 *
 * Every construct that accepts a PromQL or LogQL string parses it with `promql()` (or `logql()`, or
 * their dashboard forms): the expression is parsed for the Prometheus release the chart targets, a
 * parse error names the construct path and the field, and the parsed expression is kept on that
 * construct (in its node's metadata, as `SynthWarnings` are). `promqlUnder(scope)` and `logqlUnder(scope)`
 * walk the construct tree: during a synthesis, the whole tree is walked once and every lookup (the lint
 * of each chart, of the app) reads its part of that walk.
 *
 * @example
 * // in the constructor of a construct that takes a query
 * this.expr = ConstructQueries.promql(this, 'expr', props.expr);
 * // anywhere: every PromQL expression of a chart, with the construct and field holding it
 * for (const r of ConstructQueries.promqlUnder(chart)) console.log(`${r.scope.node.path} ${r.field}: ${r.query.expression}`);
 */
export class ConstructQueries {
  /**
   * Parses a PromQL expression given to `scope` as `field`, keeps it on `scope`, and returns it.
   * @throws ValidationError `[path] field: invalid PromQL "..." at l:c: ...`
   */
  public static promql(scope: IConstruct, field: string, expression: string): PromQL {
    const query = checkedQuery(scope, field, expression, () => PromQL.parse(expression, { prometheus: targetPrometheus(scope) }));
    return keep(scope, PROMQL_METADATA_TYPE, field, query);
  }

  /** Like `promql()`, for a Grafana dashboard query where template variables may appear. */
  public static dashboardPromql(scope: IConstruct, field: string, expression: string): PromQL {
    const query = checkedQuery(scope, field, expression, () => PromQL.parseDashboardQuery(expression, { prometheus: targetPrometheus(scope) }));
    return keep(scope, PROMQL_METADATA_TYPE, field, query);
  }

  /**
   * Parses a LogQL expression given to `scope` as `field`, keeps it on `scope`, and returns it.
   * @throws ValidationError `[path] field: invalid LogQL "..." at l:c: ...`
   */
  public static logql(scope: IConstruct, field: string, expression: string): LogQL {
    const query = checkedQuery(scope, field, expression, () => LogQL.parse(expression));
    return keep(scope, LOGQL_METADATA_TYPE, field, query);
  }

  /** Like `logql()`, for a Grafana dashboard query where template variables may appear. */
  public static dashboardLogql(scope: IConstruct, field: string, expression: string): LogQL {
    const query = checkedQuery(scope, field, expression, () => LogQL.parseDashboardQuery(expression));
    return keep(scope, LOGQL_METADATA_TYPE, field, query);
  }

  /**
   * Every PromQL expression held by `scope` and the constructs under it: in construct tree order (a
   * construct before its children), each construct's in the order they were given.
   */
  public static promqlUnder(scope: IConstruct): RecordedPromQL[] {
    requireConstruct(scope, 'scope', 'a chart or the app');
    return queriesUnder(scope).promql;
  }

  /** Every LogQL expression held by `scope` and the constructs under it, in the order of `promqlUnder()`. */
  public static logqlUnder(scope: IConstruct): RecordedLogQL[] {
    requireConstruct(scope, 'scope', 'a chart or the app');
    return queriesUnder(scope).logql;
  }

  private constructor() {}
}

/**
 * Parses an expression given to `scope` as `field`, errors naming both; plain-JavaScript arguments are
 * checked first (`scope` a construct, `field` and `expression` strings).
 */
function checkedQuery<T>(scope: IConstruct, field: string, expression: unknown, parse: () => T): T {
  requireConstruct(scope, 'scope', 'the construct that received the expression');
  requireString(field, 'field', "'expr'");
  return ValidationError.within(scope, () => {
    requireString(expression, field, "'sum(rate(http_requests_total[5m]))'");
    return ValidationError.inField(field, parse);
  });
}

/** Keeps a parsed query on the construct that holds it, where the tree walk finds it. */
function keep<Q extends PromQL | LogQL>(scope: IConstruct, type: string, field: string, query: Q): Q {
  scope.node.addMetadata(type, Object.freeze({ scope, field, query }));
  return query;
}

interface Queries {
  readonly promql: RecordedPromQL[];
  readonly logql: RecordedLogQL[];
}

/**
 * The queries held at and under every construct of a tree, from one walk in pre-order: those under a
 * construct are a contiguous run of each list, from the construct's own to its last descendant's.
 */
class QueryIndex {
  private readonly promql: RecordedPromQL[] = [];
  private readonly logql: RecordedLogQL[] = [];
  /** For each construct: where its run starts and ends in `promql`, then in `logql`. */
  private readonly runs = new Map<IConstruct, [number, number, number, number]>();

  public constructor(top: IConstruct) {
    this.visit(top);
  }

  public under(scope: IConstruct): Queries {
    const run = this.runs.get(scope);
    // a construct added after the walk (none is, within one synthesis) is walked on its own
    if (run === undefined) return new QueryIndex(scope).under(scope);
    return { promql: this.promql.slice(run[0], run[1]), logql: this.logql.slice(run[2], run[3]) };
  }

  private visit(c: IConstruct): void {
    const promqlStart = this.promql.length;
    const logqlStart = this.logql.length;
    for (const m of c.node.metadata) {
      if (m.type === PROMQL_METADATA_TYPE) this.promql.push(m.data as RecordedPromQL);
      else if (m.type === LOGQL_METADATA_TYPE) this.logql.push(m.data as RecordedLogQL);
    }
    for (const child of c.node.children) this.visit(child);
    this.runs.set(c, [promqlStart, this.promql.length, logqlStart, this.logql.length]);
  }
}

/** The walk of a whole tree, once per synthesis pass. */
const TREE_INDEX = new AppWideValue((root) => new QueryIndex(root));

/**
 * The queries at and under `scope`. During a synthesis, every lint (one per chart, one for the app...)
 * reads the same walk of the whole tree, so the lookups together cost one walk, however many charts; a
 * lookup outside one walks `scope` alone.
 */
function queriesUnder(scope: IConstruct): Queries {
  const index = RenderPass.running ? TREE_INDEX.of(scope) : new QueryIndex(scope);
  return index.under(scope);
}

/**
 * The former name of `ConstructQueries`, whose methods it keeps for one minor version. Queries are no
 * longer registered globally: each construct keeps its own, and the lookups walk the construct tree.
 * @deprecated use `ConstructQueries`, which has the same methods. Removed from the package in 0.6.0.
 */
export class QueryRegistry {
  /**
   * Parses a PromQL expression given to `scope` as `field`, keeps it on `scope`, and returns it.
   * @deprecated use `ConstructQueries.promql()`
   */
  public static promql(scope: IConstruct, field: string, expression: string): PromQL {
    return ConstructQueries.promql(scope, field, expression);
  }

  /**
   * Like `promql()`, for a Grafana dashboard query where template variables may appear.
   * @deprecated use `ConstructQueries.dashboardPromql()`
   */
  public static dashboardPromql(scope: IConstruct, field: string, expression: string): PromQL {
    return ConstructQueries.dashboardPromql(scope, field, expression);
  }

  /**
   * Parses a LogQL expression given to `scope` as `field`, keeps it on `scope`, and returns it.
   * @deprecated use `ConstructQueries.logql()`
   */
  public static logql(scope: IConstruct, field: string, expression: string): LogQL {
    return ConstructQueries.logql(scope, field, expression);
  }

  /**
   * Like `logql()`, for a Grafana dashboard query where template variables may appear.
   * @deprecated use `ConstructQueries.dashboardLogql()`
   */
  public static dashboardLogql(scope: IConstruct, field: string, expression: string): LogQL {
    return ConstructQueries.dashboardLogql(scope, field, expression);
  }

  /**
   * Every PromQL expression held at or under `scope`, in construct tree order (no longer in the order given).
   * @deprecated use `ConstructQueries.promqlUnder()`
   */
  public static promqlUnder(scope: IConstruct): RecordedPromQL[] {
    return ConstructQueries.promqlUnder(scope);
  }

  /**
   * Every LogQL expression held at or under `scope`, in construct tree order (no longer in the order given).
   * @deprecated use `ConstructQueries.logqlUnder()`
   */
  public static logqlUnder(scope: IConstruct): RecordedLogQL[] {
    return ConstructQueries.logqlUnder(scope);
  }
}
