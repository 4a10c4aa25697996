import { Construct } from 'constructs';
import { ValidationError } from '../../core';
import { checkNumber, NumberRule } from '../../core/untyped';
import { TargetDefaults, TargetFormat } from '../query';
import { Unit } from '../units';
import { hideFromNothing, LegendOptions, renderLegend, renderTooltip, TooltipMode } from './options';
import { QueryPanel, QueryPanelProps } from './panel';

/** How series are drawn. Maps to `fieldConfig.defaults.custom.drawStyle`. */
export enum DrawStyle {
  /** Lines. */
  LINE = 'line',
  /** Bars. */
  BARS = 'bars',
  /** Points only. */
  POINTS = 'points',
}

/** How series stack. Maps to `fieldConfig.defaults.custom.stacking.mode`. */
export enum StackingMode {
  /** No stacking. */
  NONE = 'none',
  /** Values stack on each other. */
  NORMAL = 'normal',
  /** Series stack to 100 %. */
  PERCENT = 'percent',
}

/** How thresholds are drawn on a time series. Maps to `fieldConfig.defaults.custom.thresholdsStyle.mode`. */
export enum ThresholdsStyle {
  /** Not drawn. */
  OFF = 'off',
  /** As lines. */
  LINE = 'line',
  /** As dashed lines. */
  DASHED = 'dashed',
  /** As coloured areas. */
  AREA = 'area',
  /** As lines and areas. */
  LINE_AND_AREA = 'line+area',
}

/** When points are drawn. Maps to `fieldConfig.defaults.custom.showPoints`. */
export enum PointsMode {
  /** When there is room. */
  AUTO = 'auto',
  /** Always. */
  ALWAYS = 'always',
  /** Never. */
  NEVER = 'never',
}

/** Properties of a `TimeSeriesPanel`. */
export interface TimeSeriesPanelProps extends QueryPanelProps {
  /**
   * Lines, bars or points.
   * @default DrawStyle.LINE
   */
  readonly drawStyle?: DrawStyle;
  /**
   * Line width in pixels, an integer from 0 to 10. Maps to `custom.lineWidth`.
   * @default 1
   */
  readonly lineWidth?: number;
  /**
   * Area fill under lines: an opacity in percent, an integer from 0 to 100 (10, not 0.1). Maps to
   * `custom.fillOpacity`.
   * @default 10
   */
  readonly fillOpacity?: number;
  /**
   * Stacking. Maps to `custom.stacking`.
   * @default StackingMode.NONE
   */
  readonly stacking?: StackingMode;
  /**
   * How thresholds are drawn. Maps to `custom.thresholdsStyle`.
   * @default - ThresholdsStyle.LINE when thresholds are given, OFF otherwise
   */
  readonly thresholdsStyle?: ThresholdsStyle;
  /**
   * When points are drawn. Maps to `custom.showPoints`.
   * @default PointsMode.AUTO
   */
  readonly showPoints?: PointsMode;
  /**
   * Y axis label. Maps to `custom.axisLabel`.
   * @default - none
   */
  readonly axisLabel?: string;
  /**
   * Logarithmic Y axis (base 10). Maps to `custom.scaleDistribution`.
   * @default false
   */
  readonly logScale?: boolean;
  /**
   * Connect lines across missing values. Maps to `custom.spanNulls`.
   * @default false
   */
  readonly spanNulls?: boolean;
  /**
   * Legend. Maps to `options.legend`.
   * @default - a list under the panel
   */
  readonly legend?: LegendOptions;
  /**
   * Tooltip. Maps to `options.tooltip.mode`.
   * @default TooltipMode.MULTI
   */
  readonly tooltip?: TooltipMode;
}

/**
 * A time series panel (`timeseries`), the successor of the deprecated `graph` panel.
 *
 * @example
 * new TimeSeriesPanel(dashboard, 'RequestRate', {
 *   title: 'Request rate',
 *   unit: Unit.REQUESTS_PER_SECOND,
 *   targets: [Target.promql('sum by (service) (rate(http_requests_total[$__rate_interval]))', { legend: '{{service}}' })],
 * });
 * @see https://grafana.com/docs/grafana/latest/panels-visualizations/visualizations/time-series/
 */
export class TimeSeriesPanel extends QueryPanel {
  /** `timeseries`. */
  public readonly type = 'timeseries';
  /** Lines, bars or points (`drawStyle`, default `DrawStyle.LINE`). */
  public readonly drawStyle: DrawStyle;
  /** Line width in pixels (`lineWidth`, default 1). */
  public readonly lineWidth: number;
  /** Area fill under lines, an opacity in percent (`fillOpacity`, default 10). */
  public readonly fillOpacity: number;
  /** Stacking (`stacking`, default `StackingMode.NONE`). */
  public readonly stacking: StackingMode;
  /** How thresholds are drawn (`thresholdsStyle`, default `ThresholdsStyle.LINE` when thresholds are given, `OFF` otherwise). */
  public readonly thresholdsStyle: ThresholdsStyle;
  /** When points are drawn (`showPoints`, default `PointsMode.AUTO`). */
  public readonly showPoints: PointsMode;
  /** Whether the Y axis is logarithmic, base 10 (`logScale`, default false). */
  public readonly logScale: boolean;
  /** Whether lines connect across missing values (`spanNulls`, default false). */
  public readonly spanNulls: boolean;
  /** The tooltip (`tooltip`, default `TooltipMode.MULTI`). */
  public readonly tooltip: TooltipMode;
  private readonly axisLabel?: string;
  private readonly legend?: LegendOptions;

  public constructor(scope: Construct, id: string, props: TimeSeriesPanelProps) {
    super(scope, id, props);
    ValidationError.within(this, () => {
      checkNumber(props.lineWidth, 'lineWidth', LINE_WIDTH);
      checkNumber(props.fillOpacity, 'fillOpacity', OPACITY);
    });
    this.drawStyle = props.drawStyle ?? DrawStyle.LINE;
    this.lineWidth = props.lineWidth ?? 1;
    this.fillOpacity = props.fillOpacity ?? 10;
    this.stacking = props.stacking ?? StackingMode.NONE;
    this.thresholdsStyle = props.thresholdsStyle ?? (props.thresholds ? ThresholdsStyle.LINE : ThresholdsStyle.OFF);
    this.showPoints = props.showPoints ?? PointsMode.AUTO;
    this.logScale = props.logScale ?? false;
    this.spanNulls = props.spanNulls ?? false;
    this.tooltip = props.tooltip ?? TooltipMode.MULTI;
    this.axisLabel = props.axisLabel;
    this.legend = props.legend;
  }

  /** @internal */
  protected _colorMode(): string {
    return 'palette-classic';
  }

  /** @internal */
  protected _custom(): { [key: string]: unknown } {
    return {
      drawStyle: this.drawStyle,
      lineWidth: this.lineWidth,
      fillOpacity: this.fillOpacity,
      gradientMode: 'none',
      lineInterpolation: 'linear',
      showPoints: this.showPoints,
      pointSize: 5,
      spanNulls: this.spanNulls,
      stacking: { mode: this.stacking, group: 'A' },
      axisLabel: this.axisLabel ?? '',
      axisPlacement: 'auto',
      scaleDistribution: this.logScale ? { type: 'log', log: 10 } : { type: 'linear' },
      thresholdsStyle: { mode: this.thresholdsStyle },
      hideFrom: hideFromNothing(),
    };
  }

  /** @internal */
  protected _options(): { [key: string]: unknown } {
    return {
      legend: renderLegend(this.legend),
      tooltip: renderTooltip(this.tooltip),
    };
  }
}

/** How values are shown on a state timeline. Maps to `options.showValue`. */
export enum ShowValue {
  /** When there is room. */
  AUTO = 'auto',
  /** Always. */
  ALWAYS = 'always',
  /** Never. */
  NEVER = 'never',
}

/** Properties of a `StateTimelinePanel`. */
export interface StateTimelinePanelProps extends QueryPanelProps {
  /**
   * Merge equal consecutive values into one region. Maps to `options.mergeValues`.
   * @default true
   */
  readonly mergeValues?: boolean;
  /**
   * Value text on regions. Maps to `options.showValue`.
   * @default ShowValue.AUTO
   */
  readonly showValue?: ShowValue;
  /**
   * Row height: a ratio of the row from 0 (thin) to 1 (0.9, not 90). Maps to `options.rowHeight`.
   * @default 0.9
   */
  readonly rowHeight?: number;
  /**
   * Region fill opacity in percent, an integer from 0 to 100 (70, not 0.7). Maps to `custom.fillOpacity`.
   * @default 70
   */
  readonly fillOpacity?: number;
  /**
   * Legend. Maps to `options.legend`.
   * @default - a list under the panel
   */
  readonly legend?: LegendOptions;
}

/**
 * A state timeline (`state-timeline`): discrete states over time, one row per series, coloured by
 * value mappings or thresholds (e.g. `up` as UP/DOWN).
 * @see https://grafana.com/docs/grafana/latest/panels-visualizations/visualizations/state-timeline/
 */
export class StateTimelinePanel extends QueryPanel {
  /** `state-timeline`. */
  public readonly type = 'state-timeline';
  /** Whether equal consecutive values merge into one region (`mergeValues`, default true). */
  public readonly mergeValues: boolean;
  /** Value text on regions (`showValue`, default `ShowValue.AUTO`). */
  public readonly showValue: ShowValue;
  /** Row height, a ratio of the row (`rowHeight`, default 0.9). */
  public readonly rowHeight: number;
  /** Region fill opacity in percent (`fillOpacity`, default 70). */
  public readonly fillOpacity: number;
  private readonly legend?: LegendOptions;

  public constructor(scope: Construct, id: string, props: StateTimelinePanelProps) {
    super(scope, id, props);
    ValidationError.within(this, () => {
      checkNumber(props.fillOpacity, 'fillOpacity', OPACITY);
      checkNumber(props.rowHeight, 'rowHeight', ROW_HEIGHT);
    });
    this.mergeValues = props.mergeValues ?? true;
    this.showValue = props.showValue ?? ShowValue.AUTO;
    this.rowHeight = props.rowHeight ?? 0.9;
    this.fillOpacity = props.fillOpacity ?? 70;
    this.legend = props.legend;
  }

  /** @internal */
  protected _custom(): { [key: string]: unknown } {
    return { lineWidth: 0, fillOpacity: this.fillOpacity, hideFrom: hideFromNothing() };
  }

  /** @internal */
  protected _options(): { [key: string]: unknown } {
    return {
      mergeValues: this.mergeValues,
      showValue: this.showValue,
      alignValue: 'left',
      rowHeight: this.rowHeight,
      legend: renderLegend(this.legend),
      tooltip: renderTooltip(TooltipMode.SINGLE),
    };
  }
}

/** Properties of a `HeatmapPanel`. */
export interface HeatmapPanelProps extends QueryPanelProps {
  /**
   * Let Grafana bucket plain series into a heatmap (for gauges and counters); false for Prometheus
   * histograms, classic (`sum by (le) (rate(x_bucket[$__rate_interval]))`) or native
   * (`sum(rate(x[$__rate_interval]))`), whose targets then default to the `heatmap` format.
   * Maps to `options.calculate`.
   * @default false
   */
  readonly calculate?: boolean;
  /**
   * Colour scheme of the cells (a d3 scheme name). Maps to `options.color.scheme`.
   * @default 'Oranges'
   */
  readonly colorScheme?: string;
  /**
   * Unit of the Y axis (the buckets). Maps to `options.yAxis.unit`.
   * @default - the panel unit
   */
  readonly yAxisUnit?: Unit;
  /**
   * Show the cell legend. Maps to `options.legend.show`.
   * @default true
   */
  readonly showLegend?: boolean;
}

/**
 * A heatmap (`heatmap`): a distribution over time, from Prometheus histogram buckets (a classic histogram's
 * `_bucket` series by `le`, or a native histogram, whose buckets Grafana reads from each sample) or
 * calculated by Grafana from plain series.
 *
 * @example
 * new HeatmapPanel(row, 'Latency', {
 *   title: 'Request durations',
 *   yAxisUnit: Unit.SECONDS,
 *   targets: [Target.promql('sum(rate(http_request_duration_seconds{job="api"}[$__rate_interval]))')],
 * });
 * @see https://grafana.com/docs/grafana/latest/panels-visualizations/visualizations/heatmap/
 * @see https://grafana.com/docs/mimir/latest/visualize/native-histograms/
 */
export class HeatmapPanel extends QueryPanel {
  /** `heatmap`. */
  public readonly type = 'heatmap';
  /** Whether Grafana buckets plain series into the heatmap (`calculate`, default false: Prometheus histograms). */
  public readonly calculate: boolean;
  /** The colour scheme of the cells (`colorScheme`, default `Oranges`). */
  public readonly colorScheme: string;
  /** The unit of the Y axis (`yAxisUnit`, default the panel `unit`, if any). */
  public readonly yAxisUnit?: Unit;
  /** Whether the cell legend is shown (`showLegend`, default true). */
  public readonly showLegend: boolean;

  public constructor(scope: Construct, id: string, props: HeatmapPanelProps) {
    super(scope, id, props);
    this.calculate = props.calculate ?? false;
    this.colorScheme = props.colorScheme ?? 'Oranges';
    this.yAxisUnit = props.yAxisUnit ?? props.unit;
    this.showLegend = props.showLegend ?? true;
  }

  /** @internal */
  protected _targetDefaults(): TargetDefaults {
    return this.calculate ? {} : { format: TargetFormat.HEATMAP };
  }

  /** @internal */
  protected _custom(): { [key: string]: unknown } {
    return { hideFrom: hideFromNothing(), scaleDistribution: { type: 'linear' } };
  }

  /** @internal */
  protected _options(): { [key: string]: unknown } {
    return {
      calculate: this.calculate,
      cellGap: 1,
      color: { mode: 'scheme', scheme: this.colorScheme, fill: 'dark-orange', exponent: 0.5, steps: 64, reverse: false },
      yAxis: { axisPlacement: 'left', unit: this.yAxisUnit?.id, reverse: false },
      rowsFrame: { layout: 'auto' },
      showValue: 'auto',
      tooltip: { mode: TooltipMode.SINGLE, yHistogram: false, showColorScale: false },
      legend: { show: this.showLegend },
      exemplars: { color: 'rgba(255,0,255,0.7)' },
      filterValues: { le: 1e-9 },
    };
  }
}

// The ranges of Grafana's panel editor (its sliders): custom.lineWidth 0..10 pixels, custom.fillOpacity
// 0..100 percent, options.rowHeight of the state timeline 0..1 (a share of the row).
const LINE_WIDTH: NumberRule = { unit: 'pixels', integer: true, min: 0, max: 10 };
const OPACITY: NumberRule = {
  unit: 'percent', integer: true, min: 0, max: 100,
  didYouMean: (n) => (n > 0 && n < 1 ? `${Math.round(n * 100)} (a percent, not a ratio)` : undefined),
};
const ROW_HEIGHT: NumberRule = {
  unit: 'a ratio of the row', min: 0, max: 1,
  didYouMean: (n) => (n > 1 && n <= 100 ? `${n / 100} (a ratio, not a percent)` : undefined),
};
