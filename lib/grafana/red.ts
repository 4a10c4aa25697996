import { Construct } from 'constructs';
import { quote, Validate, ValidationError } from '../core';
import { isLegacyMetricName, promqlLabelList, promqlSelector } from '../core/promql-names';
import { targetPrometheus } from '../core/target-versions';
import { optionalBoolean } from '../core/untyped';
import { DatasourceRef } from './datasource';
import { Width } from './layout';
import { HeatmapPanel, TimeSeriesPanel } from './panels/time-series';
import { Target } from './query';
import { Thresholds } from './thresholds';
import { Unit } from './units';
import { requireObject } from '../core/untyped';

/** Properties of `RedPanels`. */
export interface RedPanelsProps {
  /**
   * Request counter, e.g. `http_requests_total` (a UTF-8 name such as `http.server.request.duration_seconds_count`
   * in a chart targeting Prometheus 3, quoted in the queries).
   */
  readonly requestsMetric: string;
  /**
   * Request duration histogram base name (without `_bucket`), e.g. `http_request_duration_seconds`.
   * @default - no duration panel
   */
  readonly durationHistogram?: string;
  /**
   * Whether `durationHistogram` is a native histogram: the percentiles are read from it without `le`
   * (`histogram_quantile(0.95, sum(rate(h[$__rate_interval])))`), and so is the heatmap.
   * @default false
   */
  readonly nativeHistogram?: boolean;
  /**
   * Whether to add a heatmap of the request durations (`durationHistogram`'s buckets over time) after the
   * three panels.
   * @default false
   */
  readonly durationHeatmap?: boolean;
  /**
   * Label matchers selecting the service's series, e.g. `namespace="$namespace", job="api"`.
   * @default - all series
   */
  readonly selector?: string;
  /**
   * Matchers that select failed requests in addition to `selector`.
   * @default 'status=~"5.."'
   */
  readonly errorSelector?: string;
  /**
   * Labels each panel splits series by (legend `{{label}}`).
   * @default - one series per panel
   */
  readonly groupBy?: string[];
  /**
   * Percentiles of the duration panel, from 0 to 100 exclusive.
   * @default [50, 95, 99]
   */
  readonly percentiles?: number[];
  /**
   * Error-ratio thresholds drawn on the error panel (warning, critical), as ratios 0-1.
   * @default - none
   */
  readonly errorRatioThresholds?: Thresholds;
  /**
   * Latency thresholds drawn on the duration panel, in seconds.
   * @default - none
   */
  readonly durationThresholds?: Thresholds;
  /**
   * Width of each panel.
   * @default Width.THIRD
   */
  readonly width?: Width;
  /**
   * Prometheus datasource.
   * @default DatasourceRef.PROMETHEUS
   */
  readonly datasource?: DatasourceRef;
  /**
   * Prefix of the panel titles (e.g. the service name).
   * @default - none
   */
  readonly titlePrefix?: string;
}

/**
 * The RED panels of a service (Rate, Errors, Duration) from a request counter and an optional duration
 * histogram: request rate, error ratio and duration percentiles, as three time series panels. Create it
 * in a dashboard or a row; its panels are laid out in order with the others.
 *
 * @example
 * new RedPanels(row, 'Api', {
 *   requestsMetric: 'http_requests_total',
 *   durationHistogram: 'http_request_duration_seconds',
 *   selector: 'namespace="$namespace"',
 * });
 */
export class RedPanels extends Construct {
  /** The request rate panel. */
  public readonly rate: TimeSeriesPanel;
  /** The error ratio panel. */
  public readonly errors: TimeSeriesPanel;
  /** The duration percentiles panel, when a histogram is given. */
  public readonly duration?: TimeSeriesPanel;
  /** The duration heatmap, when `durationHeatmap` is set. */
  public readonly heatmap?: HeatmapPanel;

  public constructor(scope: Construct, id: string, props: RedPanelsProps) {
    super(scope, id);
    const prometheus = targetPrometheus(this);
    ValidationError.within(this, () => {
      requireObject(props, 'props', "{ requestsMetric: 'http_requests_total' }");
      Validate.metricName(props.requestsMetric, 'requestsMetric', prometheus);
      if (props.durationHistogram !== undefined) Validate.metricName(props.durationHistogram, 'durationHistogram', prometheus);
      for (const l of props.groupBy ?? []) Validate.labelName(l, 'groupBy', prometheus);
      optionalBoolean(props.nativeHistogram, 'nativeHistogram');
      optionalBoolean(props.durationHeatmap, 'durationHeatmap');
      if (props.durationHistogram === undefined && (props.nativeHistogram || props.durationHeatmap)) {
        throw new ValidationError(`${props.nativeHistogram ? 'nativeHistogram' : 'durationHeatmap'}: describes the duration histogram, and durationHistogram is not given; add durationHistogram`);
      }
    });
    const percentiles = props.percentiles ?? [50, 95, 99];
    const bad = percentiles.find((p) => !(p > 0 && p < 100));
    if (bad !== undefined) throw ValidationError.at(this, `percentiles: each must be between 0 and 100 exclusive; received ${quote(bad)}`);
    const groupBy = props.groupBy ?? [];
    const by = groupBy.length > 0 ? ` by (${promqlLabelList(groupBy)})` : '';
    const legend = groupBy.length > 0 ? groupBy.map((l) => `{{${l}}}`).join(' ') : undefined;
    // metric{matchers} (braces kept when empty, as the panels have always been written), or {"metric", matchers}
    const sel = (metric: string, ...parts: Array<string | undefined>) => {
      const matchers = parts.filter((p): p is string => p !== undefined && p.trim() !== '');
      return isLegacyMetricName(metric) ? `${metric}{${matchers.join(', ')}}` : promqlSelector(metric, matchers);
    };
    const errorSelector = props.errorSelector ?? 'status=~"5.."';
    const prefix = props.titlePrefix ? `${props.titlePrefix}: ` : '';
    const width = props.width ?? Width.THIRD;
    const datasource = props.datasource;
    const requests = sel(props.requestsMetric, props.selector);

    this.rate = new TimeSeriesPanel(this, 'Rate', {
      title: `${prefix}Request rate`,
      width,
      unit: Unit.REQUESTS_PER_SECOND,
      targets: [Target.promql(`sum${by} (rate(${requests}[$__rate_interval]))`, { legend: legend ?? 'requests', datasource })],
    });
    this.errors = new TimeSeriesPanel(this, 'Errors', {
      title: `${prefix}Error ratio`,
      width,
      unit: Unit.PERCENT_0_1,
      min: 0,
      thresholds: props.errorRatioThresholds,
      targets: [Target.promql(
        `sum${by} (rate(${sel(props.requestsMetric, props.selector, errorSelector)}[$__rate_interval])) / sum${by} (rate(${requests}[$__rate_interval]))`,
        { legend: legend ?? 'errors', datasource },
      )],
    });
    if (props.durationHistogram !== undefined) {
      const native = props.nativeHistogram ?? false;
      const h = props.durationHistogram;
      // a classic histogram keeps le; a native one carries its buckets in each sample
      const byBuckets = native ? by : ` by (${promqlLabelList(['le', ...groupBy])})`;
      const buckets = native ? sel(h, props.selector) : sel(`${h}_bucket`, props.selector);
      this.duration = new TimeSeriesPanel(this, 'Duration', {
        title: `${prefix}Duration (${percentiles.map((p) => `p${p}`).join(', ')})`,
        width,
        unit: Unit.SECONDS,
        thresholds: props.durationThresholds,
        targets: percentiles.map((p) => Target.promql(
          `histogram_quantile(${p / 100}, sum${byBuckets} (rate(${buckets}[$__rate_interval])))`,
          { legend: `p${p}${legend ? ` ${legend}` : ''}`, datasource },
        )),
      });
      if (props.durationHeatmap) {
        this.heatmap = new HeatmapPanel(this, 'Heatmap', {
          title: `${prefix}Duration distribution`,
          width: Width.FULL,
          yAxisUnit: Unit.SECONDS,
          targets: [Target.promql(
            native ? `sum(rate(${buckets}[$__rate_interval]))` : `sum by (le) (rate(${buckets}[$__rate_interval]))`,
            { legend: native ? 'duration' : '{{le}}', datasource },
          )],
        });
      }
    }
  }
}
