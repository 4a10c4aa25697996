import { Duration } from 'cdk8s';
import { LogQL } from '../../lib/core';
import { LogDurationUnit, LogLineFormat, LogQueries } from '../../lib/loki';
import { misplacedUnwrapErrorFilter } from '../../lib/loki/logql-checks';

/** The names of the syntax nodes of a parsed query, to judge its structure independently of its text. */
function nodes(query: string, dashboard = false): string[] {
  const parsed = dashboard ? LogQL.parseDashboardQuery(query) : LogQL.parse(query);
  const names: string[] = [];
  parsed._tree.iterate({ enter: (n) => { names.push(n.name); } });
  return names;
}

const selector = LogQueries.selector({ namespace: 'erp', app: 'backend' });

describe('LogQueries', () => {
  test('selector sorts and escapes matchers', () => {
    expect(selector).toBe('{app="backend", namespace="erp"}');
    expect(LogQueries.selector({ app: 'a"b\\c' })).toBe('{app="a\\"b\\\\c"}');
    expect(() => LogQueries.selector({})).toThrow('LogQueries.selector: a stream selector needs at least one label matcher');
    expect(() => LogQueries.selector({ app: '' })).toThrow('at least one matcher must have a non-empty value');
  });

  test('errorRate: a metric query over JSON levels, grouped by app', () => {
    const q = LogQueries.errorRate({ selector, format: LogLineFormat.JSON, window: Duration.minutes(5) });
    expect(q).toBe('sum by (app) (rate({app="backend", namespace="erp"} | json | level=~"(?i)(error|critical|fatal)" [5m]))');
    expect(nodes(q)).toEqual(expect.arrayContaining(['MetricExpr', 'VectorAggregationExpr', 'RangeAggregationExpr', 'Json', 'LabelFilter']));
  });

  test('errorRate without a parser uses a line filter; without a window it is a dashboard query on $__auto', () => {
    const q = LogQueries.errorRate({ selector });
    expect(q).toBe('sum by (app) (rate({app="backend", namespace="erp"} |~ "(?i)error" [$__auto]))');
    expect(LogQL.parseDashboardQuery(q).variables).toEqual(['__auto']);
  });

  test('errorRatio divides errors by all lines', () => {
    const q = LogQueries.errorRatio({ selector, format: LogLineFormat.LOGFMT, window: Duration.minutes(10), by: ['namespace'] });
    expect(q).toBe('sum by (namespace) (rate({app="backend", namespace="erp"} | logfmt | level=~"(?i)(error|critical|fatal)" [10m])) / sum by (namespace) (rate({app="backend", namespace="erp"} [10m]))');
    expect(nodes(q)).toContain('BinOpExpr');
  });

  test('topErrorMessages: topk over count_over_time by the message field', () => {
    const q = LogQueries.topErrorMessages({ selector, format: LogLineFormat.JSON, messageField: 'msg', limit: 5, window: Duration.hours(1) });
    expect(q).toBe('topk(5, sum by (msg) (count_over_time({app="backend", namespace="erp"} | json | level=~"(?i)(error|critical|fatal)" [1h])))');
    expect(nodes(q)).toContain('Topk');
  });

  test('slowRequests compares the parsed field in its unit', () => {
    expect(LogQueries.slowRequests({ selector, format: LogLineFormat.JSON, durationField: 'duration_ms', threshold: Duration.seconds(1) }))
      .toBe('{app="backend", namespace="erp"} | json | duration_ms > 1000');
    expect(LogQueries.slowRequests({ selector, format: LogLineFormat.JSON, durationField: 'duration', unit: LogDurationUnit.SECONDS, threshold: Duration.millis(500) }))
      .toBe('{app="backend", namespace="erp"} | json | duration > 0.5');
    const go = LogQueries.slowRequests({ selector, format: LogLineFormat.LOGFMT, durationField: 'took', unit: LogDurationUnit.GO_DURATION, threshold: Duration.seconds(2) });
    expect(go).toBe('{app="backend", namespace="erp"} | logfmt | took > 2s');
    expect(nodes(go)).toContain('DurationFilter');
  });

  test('requestLatencyQuantile unwraps the field (duration() for Go durations) and drops errors after the unwrap', () => {
    const q = LogQueries.requestLatencyQuantile({ selector, format: LogLineFormat.JSON, durationField: 'took', unit: LogDurationUnit.GO_DURATION, quantile: 0.95, window: Duration.minutes(5) });
    expect(q).toBe('quantile_over_time(0.95, {app="backend", namespace="erp"} | json | unwrap duration(took) | __error__="" [5m]) by (app)');
    expect(nodes(q)).toContain('UnwrapExpr');
    // The filter is a post-filter of the unwrap (a LabelFilter child of UnwrapExpr), which Loki runs after the
    // conversion (pkg/logql/log/metrics_extraction.go), not a pipeline stage before it.
    const parsed = LogQL.parse(q);
    const unwrap = parsed._tree.topNode.firstChild!.firstChild!.firstChild!.getChild('LogRangeExpr')!.getChild('UnwrapExpr')!;
    expect(q.slice(unwrap.getChild('LabelFilter')!.from, unwrap.getChild('LabelFilter')!.to)).toBe('__error__=""');
    expect(misplacedUnwrapErrorFilter(parsed)).toBeUndefined();
    expect(misplacedUnwrapErrorFilter(LogQL.parseDashboardQuery(LogQueries.requestLatencyQuantile({ selector, format: LogLineFormat.LOGFMT, durationField: 'duration_ms' })))).toBeUndefined();
  });

  test('rejections', () => {
    expect(() => LogQueries.errorRate({ selector: 'rate({a="b"}[5m])' })).toThrow('LogQueries.errorRate selector: must be a stream selector (optionally with filters), not a metric query');
    expect(() => LogQueries.errorRate({ selector: '{a="b"', format: LogLineFormat.JSON })).toThrow('LogQueries.errorRate selector: invalid LogQL "{a=\\"b\\"" at 1:7');
    expect(() => LogQueries.errorRate({ selector, format: LogLineFormat.JSON, errorLevels: '(?!debug)' })).toThrow('LogQueries.errorRate errorLevels: invalid RE2 regular expression');
    expect(() => LogQueries.topErrorMessages({ selector, format: LogLineFormat.JSON, limit: 0 })).toThrow('LogQueries.topErrorMessages limit: must be an integer of at least 1 (messages); received 0 (a number)');
    expect(() => LogQueries.requestLatencyQuantile({ selector, format: LogLineFormat.JSON, durationField: 'd', quantile: 1 })).toThrow('LogQueries.requestLatencyQuantile quantile: must be a finite number strictly between 0 and 1 (a ratio); received 1 (a number)');
    expect(() => LogQueries.slowRequests({ selector, format: LogLineFormat.JSON, durationField: 'd' })).toThrow('LogQueries.slowRequests threshold: give the duration');
    expect(() => LogQueries.slowRequests({ selector, format: LogLineFormat.JSON, durationField: 'bad-field', threshold: Duration.seconds(1) })).toThrow('LogQueries.slowRequests durationField: must match');
  });
});
