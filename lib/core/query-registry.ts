import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ValidationError } from './errors';
import { LogQL, PromQL } from './expressions';
import { chartOf } from './scopes';
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

interface Records {
  promql: RecordedPromQL[];
  logql: RecordedLogQL[];
}

// Records are kept per chart (the nearest cdk8s Chart, or the root outside any chart), so that a lookup
// under one chart reads only that chart's queries however many charts the app has.
const BY_CHART = new WeakMap<IConstruct, Records>();
const CHARTS_BY_ROOT = new WeakMap<IConstruct, IConstruct[]>();

function recordsOf(scope: IConstruct): Records {
  const chart = chartOf(scope);
  let records = BY_CHART.get(chart);
  if (!records) {
    records = { promql: [], logql: [] };
    BY_CHART.set(chart, records);
    const root = scope.node.root;
    const charts = CHARTS_BY_ROOT.get(root) ?? [];
    charts.push(chart);
    CHARTS_BY_ROOT.set(root, charts);
  }
  return records;
}

/** The record lists that may hold queries at or under `scope`: its chart's, or every chart's for a scope above charts. */
function candidates(scope: IConstruct): Records[] {
  const chart = chartOf(scope);
  if (chart !== scope.node.root || Chart.isChart(scope)) return [BY_CHART.get(chart) ?? { promql: [], logql: [] }];
  return (CHARTS_BY_ROOT.get(scope.node.root) ?? []).map((c) => BY_CHART.get(c)!);
}

function under(scope: IConstruct, holder: IConstruct): boolean {
  const prefix = scope.node.path;
  const path = holder.node.path;
  return prefix === '' || path === prefix || path.startsWith(prefix + '/');
}

/**
 * Parses the expressions that constructs are given and remembers each one with its construct and field,
 * so that whole-application checks (the metric catalogue lint, the alert catalogue) can find every query
 * of an app without knowing each construct type. Every construct that accepts a PromQL or LogQL string
 * goes through these functions: the parse error then names the construct path and the field.
 */
export class QueryRegistry {
  /**
   * Parses a PromQL expression given to `scope` as `field`, records it, and returns it.
   * @throws ValidationError `[path] field: invalid PromQL "..." at l:c: ...`
   */
  public static promql(scope: IConstruct, field: string, expression: string): PromQL {
    const query = checkedQuery(scope, field, expression, () => PromQL.parse(expression, { prometheus: targetPrometheus(scope) }));
    recordsOf(scope).promql.push({ scope, field, query });
    return query;
  }

  /** Like `promql()`, for a Grafana dashboard query where template variables may appear. */
  public static dashboardPromql(scope: IConstruct, field: string, expression: string): PromQL {
    const query = checkedQuery(scope, field, expression, () => PromQL.parseDashboardQuery(expression, { prometheus: targetPrometheus(scope) }));
    recordsOf(scope).promql.push({ scope, field, query });
    return query;
  }

  /**
   * Parses a LogQL expression given to `scope` as `field`, records it, and returns it.
   * @throws ValidationError `[path] field: invalid LogQL "..." at l:c: ...`
   */
  public static logql(scope: IConstruct, field: string, expression: string): LogQL {
    const query = checkedQuery(scope, field, expression, () => LogQL.parse(expression));
    recordsOf(scope).logql.push({ scope, field, query });
    return query;
  }

  /** Like `logql()`, for a Grafana dashboard query where template variables may appear. */
  public static dashboardLogql(scope: IConstruct, field: string, expression: string): LogQL {
    const query = checkedQuery(scope, field, expression, () => LogQL.parseDashboardQuery(expression));
    recordsOf(scope).logql.push({ scope, field, query });
    return query;
  }

  /** Every PromQL expression recorded for constructs at or under `scope`, in the order they were given. */
  public static promqlUnder(scope: IConstruct): RecordedPromQL[] {
    requireConstruct(scope, 'scope', 'a chart or the app');
    return candidates(scope).flatMap((records) => records.promql.filter((r) => under(scope, r.scope)));
  }

  /** Every LogQL expression recorded for constructs at or under `scope`, in the order they were given. */
  public static logqlUnder(scope: IConstruct): RecordedLogQL[] {
    requireConstruct(scope, 'scope', 'a chart or the app');
    return candidates(scope).flatMap((records) => records.logql.filter((r) => under(scope, r.scope)));
  }
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
