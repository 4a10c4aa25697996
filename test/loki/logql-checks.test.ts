import { LogQL } from '../../lib/core';
import { misplacedUnwrapErrorFilter } from '../../lib/loki/logql-checks';

describe('LogQL checks', () => {
  test('misplacedUnwrapErrorFilter: an __error__ filter before the unwrap and none after it', () => {
    // what requestLatencyQuantile used to generate
    const before = LogQL.parse('quantile_over_time(0.95, {app="a"} | json | __error__="" | unwrap duration_ms [5m]) by (app)');
    expect(misplacedUnwrapErrorFilter(before)).toBe('the __error__ filter is before "| unwrap duration_ms": it does not drop the values unwrap cannot convert, and Loki fails the evaluation on them; '
      + 'filter after the unwrap ("| unwrap duration_ms | __error__=\\"\\""), which also drops the lines the parser could not read');
    expect(misplacedUnwrapErrorFilter(LogQL.parse('sum(rate({app="a"} | logfmt | __error__!="JSONParserErr" | unwrap bytes(size) [5m]))'))).toMatch(/^the __error__ filter is before "\| unwrap bytes\(size\)"/);
    // after, before and after, none at all, or no unwrap: nothing to say
    for (const ok of [
      'quantile_over_time(0.95, {app="a"} | json | unwrap duration_ms | __error__="" [5m]) by (app)',
      'quantile_over_time(0.95, {app="a"} | json | __error__="" | unwrap duration_ms | __error__="" [5m]) by (app)',
      'quantile_over_time(0.95, {app="a"} | json | unwrap duration_ms [5m]) by (app)',
      'sum(rate({app="a"} | json | __error__="" [5m]))',
      'sum(rate({app="a"} | json | level="error" | unwrap latency | level="error" [5m]))',
    ]) expect(misplacedUnwrapErrorFilter(LogQL.parse(ok))).toBeUndefined();
  });
});
