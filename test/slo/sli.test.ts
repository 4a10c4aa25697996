import * as yaml from 'js-yaml';
import { Duration, Testing } from 'cdk8s';
import { MonitoringChart, ValidationError } from '../../lib/core';
import { Slo } from '../../lib/slo';
import { HistogramBuckets, Sli } from '../../lib/slo/sli';
import { promtoolCheckRules, promtoolTestRules } from '../util/tools';

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
