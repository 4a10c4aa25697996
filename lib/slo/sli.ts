import { Duration } from 'cdk8s';
import { PrometheusDuration, quote, ValidationError } from '../core';
import { checkValue, deferBuild, raiseProblem } from '../core/problems';
import { isLegacyMetricName, promqlLabelList, promqlMatcher, promqlString } from '../core/promql-names';
import { optionalDuration, requireObject } from '../core/untyped';
import { MetricSelector, SelectorMatcher } from './selector';

/**
 * The bucket boundaries (`le` values, in the histogram's unit: seconds for `*_seconds`) that an
 * application declares for a histogram. A latency SLI can only count requests at a boundary.
 *
 * @example
 * HistogramBuckets.of([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]);
 */
export class HistogramBuckets {
  /**
   * The default buckets of the Python client (`prometheus_client.Histogram.DEFAULT_BUCKETS`).
   * @see https://github.com/prometheus/client_python/blob/master/prometheus_client/metrics.py
   */
  public static readonly PYTHON_CLIENT_DEFAULT = new HistogramBuckets([0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]);
  /**
   * The default buckets of the Go client (`prometheus.DefBuckets`).
   * @see https://pkg.go.dev/github.com/prometheus/client_golang/prometheus#pkg-variables
   */
  public static readonly GO_CLIENT_DEFAULT = new HistogramBuckets([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);

  /**
   * Buckets as the application declares them (without `+Inf`): finite numbers in the histogram's unit
   * (seconds for a request-duration histogram), strictly increasing. Invalid boundaries are reported by
   * the `Slo` whose SLI uses the buckets, with its path.
   */
  public static of(boundaries: number[]): HistogramBuckets {
    return deferBuild(() => HistogramBuckets.checked(boundaries), () => new HistogramBuckets(Array.isArray(boundaries) ? [...boundaries] : []));
  }

  private static checked(boundaries: number[]): HistogramBuckets {
    if (!Array.isArray(boundaries)) throw new ValidationError(`buckets: must be a list of numbers, e.g. [0.1, 0.5, 1]; received ${quote(boundaries)}`);
    if (boundaries.length === 0) throw new ValidationError('buckets: must list at least one boundary; received []');
    boundaries.forEach((b, i) => {
      if (!Number.isFinite(b)) throw new ValidationError(`buckets: every boundary must be a finite number (+Inf is implicit); received ${quote(boundaries)}`);
      if (i > 0 && b <= boundaries[i - 1]) throw new ValidationError(`buckets: boundaries must be strictly increasing; received ${quote(boundaries)}`);
    });
    return new HistogramBuckets([...boundaries]);
  }

  /** The boundaries, increasing. */
  public readonly boundaries: number[];

  private constructor(boundaries: number[]) {
    this.boundaries = boundaries;
  }

  /** Whether `value` is one of the boundaries (compared with a relative tolerance of 1e-9). */
  public has(value: number): boolean {
    raiseProblem(this);
    return this.boundaries.some((b) => Math.abs(b - value) <= 1e-9 * Math.max(1, Math.abs(value)));
  }
}

/** Options of `Sli.ratio()`: bad (or good) events over all events, from counters. */
export interface RatioSliOptions {
  /**
   * Selector of the counter of bad events, e.g. `http_requests_total{job="api", code=~"5.."}`.
   * Give either `errors` or `good`.
   * @default - computed as `total - good`
   */
  readonly errors?: string;
  /**
   * Selector of the counter of good events, e.g. `sync_operations_total{status="SUCCESS"}`.
   * Give either `errors` or `good`.
   * @default - `errors` is used
   */
  readonly good?: string;
  /** Selector of the counter of all events, e.g. `http_requests_total{job="api"}`. */
  readonly total: string;
}

/** Options of `Sli.latency()`: the share of requests slower than a threshold, from a histogram. */
export interface LatencySliOptions {
  /**
   * Selector of the histogram by its base name, e.g. `http_request_duration_seconds{job="api"}`
   * (the SLI reads `_bucket` and `_count`). Must not match on `le`.
   */
  readonly histogram: string;
  /** Requests slower than this are bad. Must be one of `buckets` (the histogram's unit is seconds). */
  readonly threshold: Duration;
  /** The histogram's declared buckets, against which `threshold` is checked. */
  readonly buckets: HistogramBuckets;
}

/** Options of `Sli.nativeLatency()`: the share of requests slower than a threshold, from a native histogram. */
export interface NativeLatencySliOptions {
  /**
   * Selector of the native histogram, e.g. `http_request_duration_seconds{job="api"}` or
   * `{"http.server.request.duration_seconds", job="api"}` (Prometheus 3). Must not match on `le`: a native
   * histogram has no `le` label.
   */
  readonly histogram: string;
  /**
   * Requests slower than this are bad. Any duration: `histogram_fraction()` interpolates within the bucket
   * that holds it (the histogram's unit is seconds).
   */
  readonly threshold: Duration;
}

/** The kinds of SLI. @internal */
enum SliKind {
  RATIO = 'ratio',
  LATENCY = 'latency',
  NATIVE_LATENCY = 'native-latency',
  PROBE = 'probe',
}

/** One promtool input series. @internal */
export interface TestSeries {
  readonly series: string;
  readonly values: string;
}

/** A phase of test traffic: `steps` samples at a constant error ratio. @internal */
export interface TestPhase {
  readonly steps: number;
  readonly errorRatio: number;
}

/**
 * Formats of an `le` value that Prometheus client libraries and versions write: Go writes `1` and `1e-05`,
 * Python and Java `1.0`, and Prometheus 3 normalises classic histogram `le` values to the float form.
 * The SLI matches all of them so that it keeps working across clients and the Prometheus 3 upgrade.
 */
function leSpellings(value: number): string[] {
  const out = new Set<string>();
  const js = String(value);
  out.add(js);
  // Go and Python write a two-digit exponent (1e-05) where JavaScript writes 1e-5.
  out.add(js.replace(/e([+-])(\d)$/, 'e$10$2'));
  if (Number.isInteger(value) && !js.includes('e')) out.add(`${js}.0`);
  return [...out];
}

function escapeRegex(text: string): string {
  return text.replace(/[.+\\]/g, (c) => `\\${c}`);
}

function sumBy(groupBy: string[], expr: string): string {
  return groupBy.length === 0 ? `sum(${expr})` : `sum by (${promqlLabelList(groupBy)}) (${expr})`;
}

/** Counter values of one test series: phases of `perStep` increments each. */
function counterValues(perStep: number[], steps: number[]): string {
  let value = 0;
  const segments: string[] = [];
  perStep.forEach((inc, i) => {
    const first = i === 0 ? 0 : value + inc;
    const n = steps[i] - 1;
    segments.push(`${round(first)}+${round(inc)}x${n}`);
    value = first + inc * n;
  });
  return segments.join(' ');
}

function round(n: number): string {
  return String(Number(n.toPrecision(12)));
}

/** A promtool input series: `metric{a="1"}`, or `{"metric.name", a="1"}` for a UTF-8 name. */
function seriesText(metric: string, labels: { [name: string]: string }): string {
  const inner = Object.keys(labels)
    .sort()
    .map((k) => promqlMatcher(k, '=', labels[k]))
    .join(', ');
  if (isLegacyMetricName(metric)) return `${metric}{${inner}}`;
  return `{${promqlString(metric)}${inner === '' ? '' : `, ${inner}`}}`;
}

/**
 * The buckets of the test histograms of a native latency SLI, in schema 0 (bucket `i` holds (2^(i-1), 2^i]):
 * good requests in the highest bucket whose upper bound is at most the threshold, bad ones in the lowest
 * bucket whose lower bound is at least the threshold. No bucket straddles the threshold, so
 * `histogram_fraction()` counts them exactly whatever interpolation the release uses.
 */
function nativeTestBuckets(threshold: number): { good: number; bad: number; goodValue: number; badValue: number } {
  let good = Math.floor(Math.log2(threshold));
  while (2 ** good > threshold) good--;
  while (2 ** (good + 1) <= threshold) good++;
  let bad = Math.ceil(Math.log2(threshold)) + 1;
  while (2 ** (bad - 2) >= threshold) bad--;
  while (2 ** (bad - 1) < threshold) bad++;
  return { good, bad, goodValue: 0.75 * 2 ** good, badValue: 0.75 * 2 ** bad };
}

/** Native histogram values of one test series: phases of `good[i]` and `bad[i]` observations per step. */
function nativeHistogramValues(threshold: number, good: number[], bad: number[], steps: number[]): string {
  const b = nativeTestBuckets(threshold);
  const sample = (g: number, x: number) => {
    const buckets = [round(g), ...Array(b.bad - b.good - 1).fill('0'), round(x)].join(' ');
    return `{{schema:0 count:${round(g + x)} sum:${round(g * b.goodValue + x * b.badValue)} offset:${b.good} buckets:[${buckets}]}}`;
  };
  let total = { good: 0, bad: 0 };
  const segments: string[] = [];
  good.forEach((g, i) => {
    const first = i === 0 ? { good: 0, bad: 0 } : { good: total.good + g, bad: total.bad + bad[i] };
    const n = steps[i] - 1;
    segments.push(`${sample(first.good, first.bad)}+${sample(g, bad[i])}x${n}`);
    total = { good: first.good + g * n, bad: first.bad + bad[i] * n };
  });
  return segments.join(' ');
}

/**
 * A service level indicator: the share of bad events, as PromQL over any window.
 *
 * - `Sli.ratio()`: bad (or good) events over all events, from counters;
 * - `Sli.latency()`: requests slower than a threshold, from a histogram's buckets (with `le` normalisation
 *   and a check that the threshold is a bucket boundary);
 * - `Sli.nativeLatency()`: requests slower than a threshold, from a native histogram (`histogram_fraction()`,
 *   no bucket list);
 * - `Sli.probe()`: failed samples of a 0/1 gauge, such as blackbox-exporter's `probe_success` or `up`.
 *
 * Every selector is parsed with the official PromQL grammar when the SLI is created; an invalid SLI is
 * reported by the `Slo` it is given to, with its path (`[app/chart/Slo] sli.errors: invalid PromQL ...`).
 * One never used is harmless.
 *
 * @example
 * Sli.ratio({ errors: 'http_requests_total{status=~"5.."}', total: 'http_requests_total' });
 * Sli.latency({ histogram: 'http_request_duration_seconds', threshold: Duration.millis(500), buckets: HistogramBuckets.of([0.1, 0.5, 1]) });
 * Sli.nativeLatency({ histogram: '{"http.server.request.duration_seconds", job="api"}', threshold: Duration.millis(300) });
 * Sli.probe('probe_success{job="erp-health"}');
 */
export class Sli {
  /**
   * Bad events (or good events) over all events, from counters.
   * @throws ValidationError when neither or both of `errors` and `good` are given, or a selector is invalid
   */
  public static ratio(options: RatioSliOptions): Sli {
    return deferBuild(() => Sli.checkedRatio(options), () => new Sli(SliKind.RATIO, {} as any, undefined));
  }

  /**
   * The share of requests slower than `threshold`, from a histogram:
   * `1 - rate(<h>_bucket{le="<threshold>"}) / rate(<h>_count)`. The `le` matcher accepts every spelling of
   * the boundary (`1`, `1.0`), as client libraries and Prometheus versions differ.
   * @throws ValidationError when `threshold` is not one of `buckets`, or the selector matches on `le`
   */
  public static latency(options: LatencySliOptions): Sli {
    return deferBuild(() => Sli.checkedLatency(options), () => new Sli(SliKind.LATENCY, {} as any, undefined));
  }

  /**
   * The share of requests slower than `threshold`, from a native histogram, without a bucket list: the error
   * ratio over a window is `1 - histogram_fraction(0, <threshold>, sum(rate(<h>[w])))`, and the bad events
   * (for the period's budget) `histogram_count(rate(<h>[5m]))` minus
   * `histogram_fraction(0, <threshold>, rate(<h>[5m])) * histogram_count(rate(<h>[5m]))` (a series without
   * requests in the window counts none). `histogram_fraction()` interpolates within the bucket that holds the
   * threshold, so the SLI is as exact as the histogram's schema (buckets about 9 % wide at the default schema 3).
   * Its generated tests write native histogram samples, which promtool reads from 3.x on: an `Slo` in a chart
   * targeting 2.x needs `tests: false`.
   * @throws ValidationError when the threshold is not positive, or the selector matches on `le` or names a `_bucket` series
   * @see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_fraction
   */
  public static nativeLatency(options: NativeLatencySliOptions): Sli {
    return deferBuild(() => Sli.checkedNativeLatency(options), () => new Sli(SliKind.NATIVE_LATENCY, {} as any, undefined));
  }

  /**
   * Failed samples of a gauge that is 1 when healthy and 0 when not (`probe_success`, `up`): the error
   * ratio over a window is the share of samples at 0.
   */
  public static probe(selector: string): Sli {
    return deferBuild(() => new Sli(SliKind.PROBE, { total: MetricSelector.parse('sli.selector', selector) }, undefined), () => new Sli(SliKind.PROBE, {} as any, undefined));
  }

  private static checkedRatio(options: RatioSliOptions): Sli {
    requireObject(options, 'sli', '{ errors: \'http_requests_total{code=~"5.."}\', total: \'http_requests_total\' }');
    if ((options.errors === undefined) === (options.good === undefined)) {
      throw new ValidationError(`sli: give exactly one of errors and good; received ${options.errors === undefined ? 'neither' : 'both'}`);
    }
    const total = MetricSelector.parse('sli.total', options.total);
    if (options.errors !== undefined) {
      return new Sli(SliKind.RATIO, { errors: MetricSelector.parse('sli.errors', options.errors), total }, undefined);
    }
    return new Sli(SliKind.RATIO, { good: MetricSelector.parse('sli.good', options.good!), total }, undefined);
  }

  private static checkedLatency(options: LatencySliOptions): Sli {
    requireObject(options, 'sli', '{ histogram, threshold, buckets }');
    checkValue(undefined, 'sli.buckets', options.buckets);
    const histogram = MetricSelector.parse('sli.histogram', options.histogram);
    if (histogram.matchers.some((m) => m.name === 'le')) {
      throw new ValidationError(`sli.histogram: must not match on le (the SLI adds the threshold's bucket); received ${quote(options.histogram)}`);
    }
    const base = histogram.metric.replace(/_(bucket|count|sum)$/, '');
    const seconds = PrometheusDuration.millis(options.threshold) / 1000;
    if (!options.buckets.has(seconds)) {
      const below = [...options.buckets.boundaries].reverse().find((b) => b < seconds);
      const above = options.buckets.boundaries.find((b) => b > seconds);
      const nearest = [below, above].filter((b) => b !== undefined).join(' or ');
      throw new ValidationError(
        `sli.threshold: ${seconds}s is not a bucket boundary of ${base} (buckets: ${options.buckets.boundaries.join(', ')}), so no bucket counts the requests faster than it; ` +
          `use ${nearest === '' ? 'a declared boundary' : nearest} or add ${seconds} to the histogram's buckets`,
      );
    }
    return new Sli(SliKind.LATENCY, { total: histogram.withMetric(base) }, seconds);
  }

  private static checkedNativeLatency(options: NativeLatencySliOptions): Sli {
    requireObject(options, 'sli', '{ histogram, threshold }');
    optionalDuration(options.threshold, 'sli.threshold');
    if (options.threshold === undefined) throw new ValidationError('sli.threshold: must be a Duration, e.g. Duration.millis(300); received undefined');
    const histogram = MetricSelector.parse('sli.histogram', options.histogram);
    if (histogram.matchers.some((m) => m.name === 'le')) {
      throw new ValidationError(`sli.histogram: must not match on le (a native histogram has no le label: its buckets are inside each sample); received ${quote(options.histogram)}`);
    }
    if (histogram.metric.endsWith('_bucket')) {
      throw new ValidationError(
        `sli.histogram: a native histogram is one series, without _bucket; received ${quote(options.histogram)}. ` +
          `Name the histogram itself, or use Sli.latency() over the classic histogram's buckets`,
      );
    }
    const seconds = PrometheusDuration.millis(options.threshold) / 1000;
    if (!(seconds > 0)) throw new ValidationError(`sli.threshold: must be longer than 0; received ${PrometheusDuration.format(options.threshold)}`);
    return new Sli(SliKind.NATIVE_LATENCY, { total: histogram }, seconds);
  }

  private readonly kind: SliKind;
  private readonly selectors: { errors?: MetricSelector; good?: MetricSelector; total: MetricSelector };
  /** The latency threshold in seconds, for latency SLIs. */
  public readonly thresholdSeconds?: number;

  private constructor(kind: SliKind, selectors: { errors?: MetricSelector; good?: MetricSelector; total: MetricSelector }, thresholdSeconds: number | undefined) {
    this.kind = kind;
    this.selectors = selectors;
    this.thresholdSeconds = thresholdSeconds;
  }

  /** The selectors as given, by field, for `ConstructQueries`. @internal */
  public _selectorTexts(): Array<{ field: string; text: string }> {
    const out: Array<{ field: string; text: string }> = [];
    if (this.selectors.errors) out.push({ field: 'sli.errors', text: this.selectors.errors.text });
    if (this.selectors.good) out.push({ field: 'sli.good', text: this.selectors.good.text });
    if (this.kind === SliKind.LATENCY) {
      out.push({ field: 'sli.histogram', text: this.bucketSelector() }, { field: 'sli.histogram', text: this.selectors.total.render('_count') });
    } else if (this.kind === SliKind.NATIVE_LATENCY) {
      out.push({ field: 'sli.histogram', text: this.selectors.total.render() });
    } else {
      out.push({ field: this.kind === SliKind.PROBE ? 'sli.selector' : 'sli.total', text: this.selectors.total.text });
    }
    return out;
  }

  /** The label names an SLO may group by: every one is allowed; `le` is not (it is the bucket label). @internal */
  public _checkGroupBy(groupBy: string[]): void {
    if (this.kind === SliKind.LATENCY && groupBy.includes('le')) {
      throw new ValidationError(`groupBy: cannot group a latency SLI by le (the SLI reads a single bucket); received ${quote(groupBy)}`);
    }
    if (this.kind === SliKind.NATIVE_LATENCY && groupBy.includes('le')) {
      throw new ValidationError(`groupBy: cannot group a native latency SLI by le (a native histogram has no le label); received ${quote(groupBy)}`);
    }
  }

  /** Whether the SLI reads a native histogram (its generated tests write native histogram samples). @internal */
  public get _native(): boolean {
    return this.kind === SliKind.NATIVE_LATENCY;
  }

  /**
   * PromQL of the bad events over a window (per second for counters, failed samples for probes),
   * aggregated by `groupBy`. Absent bad-event series count as zero, so a service that never failed has
   * an error ratio of 0 rather than no data.
   * @internal
   */
  public _errors(window: string, groupBy: string[]): string {
    const total = this._total(window, groupBy);
    switch (this.kind) {
      case SliKind.RATIO:
        if (this.selectors.errors) {
          return `(${sumBy(groupBy, `rate(${this.selectors.errors.render()}[${window}])`)} or ${total} * 0)`;
        }
        return `(${total} - (${sumBy(groupBy, `rate(${this.selectors.good!.render()}[${window}])`)} or ${total} * 0))`;
      case SliKind.LATENCY:
        return `(${total} - ${sumBy(groupBy, `rate(${this.bucketSelector()}[${window}])`)})`;
      case SliKind.NATIVE_LATENCY: {
        // good events per series: the fraction at or below the threshold times the count; `>= 0` drops the NaN
        // of a series without requests in the window (0/0), which `or` then counts as no good event
        const h = `rate(${this.selectors.total.render()}[${window}])`;
        const good = sumBy(groupBy, `histogram_fraction(0, ${round(this.thresholdSeconds!)}, ${h}) * histogram_count(${h}) >= 0`);
        return `(${total} - (${good} or ${total} * 0))`;
      }
      case SliKind.PROBE: {
        const s = this.selectors.total.render();
        return sumBy(groupBy, `count_over_time(${s}[${window}]) - sum_over_time(${s}[${window}])`);
      }
    }
  }

  /** PromQL of all events over a window, aggregated by `groupBy`. @internal */
  public _total(window: string, groupBy: string[]): string {
    switch (this.kind) {
      case SliKind.RATIO:
        return sumBy(groupBy, `rate(${this.selectors.total.render()}[${window}])`);
      case SliKind.LATENCY:
        return sumBy(groupBy, `rate(${this.selectors.total.render('_count')}[${window}])`);
      case SliKind.NATIVE_LATENCY:
        return sumBy(groupBy, `histogram_count(rate(${this.selectors.total.render()}[${window}]))`);
      case SliKind.PROBE:
        return sumBy(groupBy, `count_over_time(${this.selectors.total.render()}[${window}])`);
    }
  }

  /** PromQL of the error ratio over a window. @internal */
  public _errorRatio(window: string, groupBy: string[]): string {
    if (this.kind === SliKind.NATIVE_LATENCY) {
      // one read of the histogram per window (the long windows read many histogram samples, which promtool's
      // tests and Prometheus' query limits count by their size): the share above the threshold
      return `1 - histogram_fraction(0, ${round(this.thresholdSeconds!)}, ${sumBy(groupBy, `rate(${this.selectors.total.render()}[${window}])`)})`;
    }
    return `${this._errors(window, groupBy)} / ${this._total(window, groupBy)}`;
  }

  /**
   * promtool input series producing the given phases of traffic: `eventsPerStep` events per step, of which
   * `errorRatio` are bad. For probe SLIs the gauge holds `1 - errorRatio`: the SLI is linear in the gauge, so
   * this stands for a fleet of probes of which that share fails.
   * @internal
   */
  public _testSeries(phases: TestPhase[], eventsPerStep: number): TestSeries[] {
    const steps = phases.map((p) => p.steps);
    const bad = phases.map((p) => p.errorRatio * eventsPerStep);
    const good = phases.map((p) => (1 - p.errorRatio) * eventsPerStep);
    const total = this.selectors.total;
    switch (this.kind) {
      case SliKind.RATIO: {
        const all = phases.map((_, i) => good[i] + bad[i]);
        if (this.selectors.errors) {
          const errors = this.selectors.errors;
          const badLabels = errors.metric === total.metric ? { ...total.exampleLabels(), ...errors.exampleLabels() } : errors.exampleLabels();
          if (errors.metric !== total.metric) {
            // Separate counters: the total counts every event.
            return [
              { series: seriesText(errors.metric, badLabels), values: counterValues(bad, steps) },
              { series: seriesText(total.metric, total.exampleLabels()), values: counterValues(all, steps) },
            ];
          }
          const goodLabels = total.exampleLabels(errors);
          this.assertDistinct(badLabels, goodLabels);
          return [
            { series: seriesText(errors.metric, badLabels), values: counterValues(bad, steps) },
            { series: seriesText(total.metric, goodLabels), values: counterValues(good, steps) },
          ];
        }
        const goodSelector = this.selectors.good!;
        if (goodSelector.metric !== total.metric) {
          return [
            { series: seriesText(goodSelector.metric, goodSelector.exampleLabels()), values: counterValues(good, steps) },
            { series: seriesText(total.metric, total.exampleLabels()), values: counterValues(all, steps) },
          ];
        }
        const goodLabels = { ...total.exampleLabels(), ...goodSelector.exampleLabels() };
        const badLabels = total.exampleLabels(goodSelector);
        this.assertDistinct(badLabels, goodLabels);
        return [
          { series: seriesText(goodSelector.metric, goodLabels), values: counterValues(good, steps) },
          { series: seriesText(total.metric, badLabels), values: counterValues(bad, steps) },
        ];
      }
      case SliKind.LATENCY: {
        const labels = total.exampleLabels();
        return [
          { series: seriesText(`${total.metric}_bucket`, { ...labels, le: leSpellings(this.thresholdSeconds!)[0] }), values: counterValues(good, steps) },
          { series: seriesText(`${total.metric}_count`, labels), values: counterValues(good.map((g, i) => g + bad[i]), steps) },
        ];
      }
      case SliKind.NATIVE_LATENCY:
        return [{ series: seriesText(total.metric, total.exampleLabels()), values: nativeHistogramValues(this.thresholdSeconds!, good, bad, steps) }];
      case SliKind.PROBE:
        return [{ series: seriesText(total.metric, total.exampleLabels()), values: phases.map((p) => `${round(1 - p.errorRatio)}x${p.steps - 1}`).join(' ') }];
    }
  }

  /** The labels of the test series of all events (those of a grouped SLO's expected alerts). @internal */
  public _testLabels(): { [name: string]: string } {
    return this.selectors.total.exampleLabels();
  }

  private assertDistinct(a: { [k: string]: string }, b: { [k: string]: string }): void {
    if (JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort())) {
      throw new ValidationError(`sli: the bad-event and good-event selectors select the same series (${quote(a)}); the error ratio would be meaningless`);
    }
  }

  private bucketSelector(): string {
    const le: SelectorMatcher = { name: 'le', op: '=~', value: leSpellings(this.thresholdSeconds!).map(escapeRegex).join('|') };
    return this.selectors.total.render('_bucket', [le]);
  }
}
