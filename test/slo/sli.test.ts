import * as yaml from 'js-yaml';
import { Duration, Testing } from 'cdk8s';
import { MonitoringChart, PrometheusVersion, ValidationError } from '../../lib/core';
import { Slo } from '../../lib/slo';
import { HistogramBuckets, Sli } from '../../lib/slo/sli';
import { promtoolCheckRules, promtoolTestRules, TOOL_VERSIONS } from '../util/tools';

/** Runs promtool on one recording rule `expr` fed with `series`, expecting `value` at 10m. */
// An SLI is checked when created and reported by the Slo it is given to, with the Slo's path.
function used(sli: Sli): () => void {
  return () => new Slo(new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' }), 'Slo', { sli, objective: 99.9 });
}

function evaluate(expr: string, series: Array<{ series: string; values: string }>, expected: Array<{ labels: string; value: number }>) {
  const rules = yaml.dump({ groups: [{ name: 'sli', rules: [{ record: 'test:sli_error:ratio', expr }] }] });
  const test = yaml.dump({
    rule_files: ['rules.yaml'],
    evaluation_interval: '1m',
    tests: [{ interval: '1m', input_series: series, promql_expr_test: [{ expr: 'test:sli_error:ratio', eval_time: '10m', exp_samples: expected }] }],
  });
  return promtoolTestRules('test.yaml', { 'rules.yaml': rules, 'test.yaml': test });
}

describe('Sli.ratio', () => {
  test('bad over total; missing bad-event series count as zero', () => {
    const sli = Sli.ratio({ errors: 'http_requests_total{status=~"5.."}', total: 'http_requests_total' });
    const expr = sli._errorRatio('5m', []);
    expect(promtoolCheckRules({ 'r.yaml': yaml.dump({ groups: [{ name: 'x', rules: [{ record: 'a:b:c', expr }] }] }) }).ok).toBe(true);
    // 2 bad of 8 per minute (powers of two keep promtool's exact comparison exact).
    const withErrors = evaluate(expr, [
      { series: 'http_requests_total{status="500"}', values: '0+2x20' },
      { series: 'http_requests_total{status="200"}', values: '0+6x20' },
    ], [{ labels: 'test:sli_error:ratio', value: 0.25 }]);
    expect(withErrors.output).toContain('SUCCESS');
    // A service that never failed has no 5xx series at all: the ratio is 0, not "no data".
    const never = evaluate(expr, [{ series: 'http_requests_total{status="200"}', values: '0+98x20' }], [{ labels: 'test:sli_error:ratio', value: 0 }]);
    expect(never.output).toContain('SUCCESS');
  });

  test('good over total, grouped by a label; a group with no good events has ratio 1', () => {
    const sli = Sli.ratio({ good: 'sync_operations_total{status="SUCCESS"}', total: 'sync_operations_total' });
    const result = evaluate(sli._errorRatio('5m', ['type']), [
      { series: 'sync_operations_total{type="BARCODE", status="SUCCESS"}', values: '0+4x20' },
      { series: 'sync_operations_total{type="BARCODE", status="FAILED"}', values: '0+4x20' },
      { series: 'sync_operations_total{type="APPROVAL", status="FAILED"}', values: '0+5x20' },
    ], [
      { labels: 'test:sli_error:ratio{type="BARCODE"}', value: 0.5 },
      { labels: 'test:sli_error:ratio{type="APPROVAL"}', value: 1 },
    ]);
    expect(result.output).toContain('SUCCESS');
  });

  test('rejects neither or both of errors and good', () => {
    expect(used(Sli.ratio({ total: 'x_total' }))).toThrow(/^\[x\/Slo\] sli: give exactly one of errors and good; received neither$/);
    expect(used(Sli.ratio({ total: 'x_total', good: 'x_total', errors: 'x_total' }))).toThrow(/received both/);
  });

  test('rejects an expression that is not a selector', () => {
    expect(used(Sli.ratio({ errors: 'rate(x_total[5m])', total: 'x_total' }))).toThrow(/^\[x\/Slo\] sli.errors: must be a metric selector .*received "rate\(x_total\[5m\]\)"/);
    expect(used(Sli.ratio({ errors: 'x_total', total: 'x_total offset 5m' }))).toThrow(/^\[x\/Slo\] sli.total: must be a metric selector/);
  });

  test('rejects invalid PromQL with its position', () => {
    const call = used(Sli.ratio({ errors: 'x_total{code=~"5.."', total: 'x_total' }));
    expect(call).toThrow(ValidationError);
    expect(call).toThrow(/^\[x\/Slo\] sli.errors: invalid PromQL "x_total\{code=~\\"5..\\"" at 1:/);
  });

  test('an invalid SLI never used is harmless', () => {
    expect(() => Sli.ratio({ total: 'x_total' })).not.toThrow();
  });

  test('rejects a regex matcher that RE2 refuses', () => {
    expect(used(Sli.ratio({ errors: 'x_total{code=~"(?=5)"}', total: 'x_total' }))).toThrow(/invalid RE2 regular expression/);
  });
});

describe('Sli.latency', () => {
  const buckets = HistogramBuckets.of([0.1, 0.25, 0.5, 1, 2.5]);

  test.each([['1', 1000], ['1.0', 1000], ['0.5', 500]])('counts requests above the threshold whatever the le spelling (le="%s")', (le, ms) => {
    const sli = Sli.latency({ histogram: 'http_request_duration_seconds{job="api"}', threshold: Duration.millis(ms), buckets });
    // 64 of 128 requests per minute are at or below the threshold.
    const result = evaluate(sli._errorRatio('5m', []), [
      { series: `http_request_duration_seconds_bucket{job="api", le="${le}"}`, values: '0+64x20' },
      { series: 'http_request_duration_seconds_bucket{job="api", le="+Inf"}', values: '0+128x20' },
      { series: 'http_request_duration_seconds_count{job="api"}', values: '0+128x20' },
    ], [{ labels: 'test:sli_error:ratio', value: 0.5 }]);
    expect(result.output).toContain('SUCCESS');
  });

  test('accepts the histogram by its _bucket name', () => {
    const sli = Sli.latency({ histogram: 'http_request_duration_seconds_bucket', threshold: Duration.millis(250), buckets });
    expect(sli._total('5m', [])).toBe('sum(rate(http_request_duration_seconds_count[5m]))');
  });

  test('rejects a threshold that is not a bucket boundary, naming the nearest ones', () => {
    const call = used(Sli.latency({ histogram: 'http_request_duration_seconds', threshold: Duration.millis(200), buckets: HistogramBuckets.PYTHON_CLIENT_DEFAULT }));
    expect(call).toThrow(
      /^\[x\/Slo\] sli.threshold: 0.2s is not a bucket boundary of http_request_duration_seconds \(buckets: 0.005, .*\), so no bucket counts the requests faster than it; use 0.1 or 0.25 or add 0.2 to the histogram's buckets$/,
    );
  });

  test('rejects a selector matching on le', () => {
    expect(used(Sli.latency({ histogram: 'h_seconds{le="1"}', threshold: Duration.seconds(1), buckets }))).toThrow(/^\[x\/Slo\] sli.histogram: must not match on le/);
  });

  test('rejects buckets that are not strictly increasing', () => {
    expect(used(Sli.latency({ histogram: 'h_seconds', threshold: Duration.seconds(1), buckets: HistogramBuckets.of([0.1, 0.1]) }))).toThrow(/^\[x\/Slo\] sli\.buckets: buckets: boundaries must be strictly increasing; received \[0.1,0.1\]$/);
    expect(used(Sli.latency({ histogram: 'h_seconds', threshold: Duration.seconds(1), buckets: HistogramBuckets.of([]) }))).toThrow(/^\[x\/Slo\] sli\.buckets: buckets: must list at least one boundary/);
  });
});

describe('Sli.probe', () => {
  test('share of failed samples of a 0/1 gauge', () => {
    const sli = Sli.probe('probe_success{job="health"}');
    // The 10m range at 10m holds the 11 samples at 0..10m, of which 2 are 0.
    const result = evaluate(sli._errorRatio('10m', []), [{ series: 'probe_success{job="health", instance="a"}', values: '1 0 1 1 1 0 1 1 1 1 1' }], [
      { labels: 'test:sli_error:ratio', value: 2 / 11 },
    ]);
    expect(result.output).toContain('SUCCESS');
  });
});

describe('Sli.nativeLatency', () => {
  const lts = TOOL_VERSIONS[1];
  /**
   * promtool 3.5 on one recording rule `expr` fed with `series`, expecting `expected` at 10m, to three decimals
   * (rates of fractions are not exact in floating point, and promtool compares exactly).
   */
  function evaluate3(expr: string, series: Array<{ series: string; values: string }>, expected: Array<{ labels: string; value: number }>) {
    const rules = yaml.dump({ groups: [{ name: 'sli', rules: [{ record: 'test:sli_error:ratio', expr }] }] });
    const rounded = expected.map((e) => ({ labels: e.labels.replace(/^test:sli_error:ratio(\{|$)/, (_m, brace) => (brace ? '{' : '{}')), value: Math.round(e.value * 1000) }));
    const test = yaml.dump({
      rule_files: ['rules.yaml'],
      evaluation_interval: '1m',
      tests: [{ interval: '1m', input_series: series, promql_expr_test: [{ expr: 'round(test:sli_error:ratio * 1000)', eval_time: '10m', exp_samples: rounded }] }],
    });
    return promtoolTestRules('test.yaml', { 'rules.yaml': rules, 'test.yaml': test }, lts);
  }

  test('the share of requests slower than the threshold, from histogram_fraction, without a bucket list', () => {
    const sli = Sli.nativeLatency({ histogram: 'http_request_duration_seconds{job="api"}', threshold: Duration.millis(500) });
    expect(sli.thresholdSeconds).toBe(0.5);
    expect(sli._total('5m', ['route'])).toBe('sum by (route) (histogram_count(rate(http_request_duration_seconds{job="api"}[5m])))');
    expect(sli._errors('5m', [])).toBe(
      '(sum(histogram_count(rate(http_request_duration_seconds{job="api"}[5m]))) - (sum(histogram_fraction(0, 0.5, rate(http_request_duration_seconds{job="api"}[5m])) * histogram_count(rate(http_request_duration_seconds{job="api"}[5m])) >= 0) or sum(histogram_count(rate(http_request_duration_seconds{job="api"}[5m]))) * 0))',
    );
    // Per minute, by route: /cart 3 of 4 requests at most 0.5 s (bucket (0.25, 0.5]), 1 slower ((0.5, 1]);
    // /pay all 4 fast. The ratios are powers of two, which promtool compares exactly.
    const result = evaluate3(sli._errorRatio('5m', ['route']), [
      { series: 'http_request_duration_seconds{job="api", route="/cart"}', values: '{{schema:0 count:0 sum:0 offset:-1 buckets:[0 0]}}+{{schema:0 count:4 sum:1.875 offset:-1 buckets:[3 1]}}x20' },
      { series: 'http_request_duration_seconds{job="api", route="/pay"}', values: '{{schema:0 count:0 sum:0 offset:-1 buckets:[0]}}+{{schema:0 count:4 sum:1.5 offset:-1 buckets:[4]}}x20' },
    ], [
      { labels: 'test:sli_error:ratio{route="/cart"}', value: 0.25 },
      { labels: 'test:sli_error:ratio{route="/pay"}', value: 0 },
    ]);
    expect(result.output).toContain('SUCCESS');
  });

  test('a window without requests has no bad events (not NaN), so the period\'s sums stay numbers', () => {
    const sli = Sli.nativeLatency({ histogram: 'h', threshold: Duration.millis(300) });
    const quiet = evaluate3(sli._errors('5m', []), [{ series: 'h', values: '{{schema:0 count:4 sum:1 offset:-2 buckets:[4]}}x20' }], [{ labels: 'test:sli_error:ratio', value: 0 }]);
    expect(quiet.output).toContain('SUCCESS');
  });

  test('generated test series put no bucket across the threshold, and promtool 3.5 reads them', () => {
    for (const threshold of [Duration.millis(500), Duration.millis(300), Duration.seconds(2), Duration.millis(1)]) {
      const sli = Sli.nativeLatency({ histogram: '{"http.server.request.duration_seconds", job="api"}', threshold });
      const series = sli._testSeries([{ steps: 11, errorRatio: 0.25 }], 1000);
      expect(series.map((s) => s.series)).toEqual(['{"http.server.request.duration_seconds", job="api"}']);
      const result = evaluate3(sli._errorRatio('5m', []), series, [{ labels: 'test:sli_error:ratio', value: 0.25 }]);
      expect({ threshold: threshold.toMilliseconds(), output: result.output }).toEqual({ threshold: threshold.toMilliseconds(), output: expect.stringContaining('SUCCESS') });
    }
  });

  test('rejections, reported by the Slo with its path', () => {
    const v3 = (sli: Sli) => () => new Slo(new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x', targetVersions: { prometheus: PrometheusVersion.V3_5 } }), 'Slo', { sli, objective: 99.9 });
    expect(v3(Sli.nativeLatency({ histogram: 'h{le="0.5"}', threshold: Duration.millis(500) }))).toThrow('[x/Slo] sli.histogram: must not match on le (a native histogram has no le label: its buckets are inside each sample); received "h{le=\\"0.5\\"}"');
    expect(v3(Sli.nativeLatency({ histogram: 'h_bucket', threshold: Duration.millis(500) }))).toThrow('[x/Slo] sli.histogram: a native histogram is one series, without _bucket; received "h_bucket". Name the histogram itself, or use Sli.latency() over the classic histogram\'s buckets');
    expect(v3(Sli.nativeLatency({ histogram: 'h', threshold: Duration.millis(0) }))).toThrow('[x/Slo] sli.threshold: must be longer than 0; received 0s');
    expect(v3(Sli.nativeLatency({ histogram: 'rate(h[5m])', threshold: Duration.millis(1) }))).toThrow('[x/Slo] sli.histogram: must be a metric selector');
    expect(v3(Sli.nativeLatency({ histogram: 'h', threshold: 0.5 as any }))).toThrow('[x/Slo] sli.threshold: must be a Duration');
    expect(v3(Sli.nativeLatency({ histogram: 'h' } as any))).toThrow('[x/Slo] sli.threshold: must be a Duration, e.g. Duration.millis(300); received undefined');
    expect(() => new Slo(new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x', targetVersions: { prometheus: PrometheusVersion.V3_5 } }), 'Slo', {
      sli: Sli.nativeLatency({ histogram: 'h', threshold: Duration.millis(300) }), objective: 99, groupBy: ['le'],
    })).toThrow('[x/Slo] groupBy: cannot group a native latency SLI by le (a native histogram has no le label); received ["le"]');
  });
});

describe('UTF-8 names in SLI selectors', () => {
  test('quoted names are parsed, and the generated PromQL and series quote every UTF-8 name', () => {
    const sli = Sli.ratio({ errors: '{"http.server.request.duration_seconds_count", "http.response.status_code"=~"5.."}', total: '{"http.server.request.duration_seconds_count"}' });
    expect(sli._errorRatio('5m', ['http.route'])).toBe(
      '(sum by ("http.route") (rate({"http.server.request.duration_seconds_count", "http.response.status_code"=~"5.."}[5m])) or sum by ("http.route") (rate({"http.server.request.duration_seconds_count"}[5m])) * 0) / sum by ("http.route") (rate({"http.server.request.duration_seconds_count"}[5m]))',
    );
    const latency = Sli.latency({ histogram: '{"http.server.request.duration_seconds", "http.route"="/cart"}', threshold: Duration.millis(500), buckets: HistogramBuckets.of([0.25, 0.5, 1]) });
    expect(latency._total('5m', [])).toBe('sum(rate({"http.server.request.duration_seconds_count", "http.route"="/cart"}[5m]))');
    expect(latency._testSeries([{ steps: 3, errorRatio: 0.5 }], 10).map((s) => s.series)).toEqual([
      '{"http.server.request.duration_seconds_bucket", "http.route"="/cart", le="0.5"}',
      '{"http.server.request.duration_seconds_count", "http.route"="/cart"}',
    ]);
    // promtool 3.5 computes the SLI from those series
    const expr = latency._errorRatio('5m', []);
    const rules = yaml.dump({ groups: [{ name: 'sli', rules: [{ record: 'test:sli_error:ratio', expr }] }] });
    const test = yaml.dump({
      rule_files: ['rules.yaml'],
      tests: [{ interval: '1m', input_series: latency._testSeries([{ steps: 21, errorRatio: 0.25 }], 8), promql_expr_test: [{ expr: 'round(test:sli_error:ratio * 1000)', eval_time: '10m', exp_samples: [{ labels: '{}', value: 250 }] }] }],
    });
    expect(promtoolTestRules('test.yaml', { 'rules.yaml': rules, 'test.yaml': test }, TOOL_VERSIONS[1]).output).toContain('SUCCESS');
  });

  test('a chart targeting Prometheus 2.42 refuses them with the Slo\'s path', () => {
    const used = (sli: Sli) => () => new Slo(new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x', targetVersions: { prometheus: PrometheusVersion.V2_42 } }), 'Slo', { sli, objective: 99.9 });
    expect(used(Sli.ratio({ errors: '{"x.y", code="500"}', total: '{"x.y"}' }))).toThrow(
      '[x/Slo] sli.errors: invalid PromQL "{\\"x.y\\", code=\\"500\\"}" at 1:2: names in quotes (UTF-8 names) are unknown to Prometheus 2.42 and checked from Prometheus 3.5 on',
    );
    expect(used(Sli.probe('probe_success{"service.name"="a"}'))).toThrow('[x/Slo] sli.selector: invalid PromQL "probe_success{\\"service.name\\"=\\"a\\"}" at 1:15: names in quotes (UTF-8 names) are unknown to Prometheus 2.42');
  });
});
