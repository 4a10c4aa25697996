import { Construct } from 'constructs';
import { hideFromNothing, LegendOptions, LegendPlacement, Orientation, ReduceProps, Reducer, renderLegend, renderReduce, renderTooltip, TooltipMode } from './options';
import { QueryPanel, QueryPanelProps } from './panel';

/** What a stat colours. Maps to `options.colorMode`. */
export enum StatColorMode {
  /** The value text. */
  VALUE = 'value',
  /** The background, with a gradient. */
  BACKGROUND = 'background',
  /** The background, solid. */
  BACKGROUND_SOLID = 'background_solid',
  /** Nothing. */
  NONE = 'none',
}

/** Whether a stat draws a sparkline. Maps to `options.graphMode`. */
export enum StatGraphMode {
  /** A sparkline area behind the value. */
  AREA = 'area',
  /** No sparkline. */
  NONE = 'none',
}

/** What a stat shows. Maps to `options.textMode`. */
export enum StatTextMode {
  /** Grafana chooses. */
  AUTO = 'auto',
  /** The value only. */
  VALUE = 'value',
  /** The value and the series name. */
  VALUE_AND_NAME = 'value_and_name',
  /** The series name only. */
  NAME = 'name',
  /** No text. */
  NONE = 'none',
}

/** Properties of a `StatPanel`. */
export interface StatPanelProps extends QueryPanelProps, ReduceProps {
  /**
   * What is coloured by the thresholds.
   * @default StatColorMode.VALUE
   */
  readonly colorMode?: StatColorMode;
  /**
   * Sparkline.
   * @default StatGraphMode.AREA
   */
  readonly graphMode?: StatGraphMode;
  /**
   * Text shown.
   * @default StatTextMode.AUTO
   */
  readonly textMode?: StatTextMode;
  /**
   * Layout of several values.
   * @default Orientation.AUTO
   */
  readonly orientation?: Orientation;
}

/**
 * A single big number (`stat`), the successor of the deprecated `singlestat` panel.
 * @see https://grafana.com/docs/grafana/latest/panels-visualizations/visualizations/stat/
 */
export class StatPanel extends QueryPanel {
  /** `stat`. */
  public readonly type = 'stat';
  /** The reduction of each series (`reducer`, default `Reducer.LAST_NOT_NULL`). */
  public readonly reducer: Reducer;
  /** Whether every value is shown instead of reducing each series (`allValues`, default false). */
  public readonly allValues: boolean;
  /** What the thresholds colour (`colorMode`, default `StatColorMode.VALUE`). */
  public readonly colorMode: StatColorMode;
  /** The sparkline (`graphMode`, default `StatGraphMode.AREA`). */
  public readonly graphMode: StatGraphMode;
  /** The text shown (`textMode`, default `StatTextMode.AUTO`). */
  public readonly textMode: StatTextMode;
  /** The layout of several values (`orientation`, default `Orientation.AUTO`). */
  public readonly orientation: Orientation;

  public constructor(scope: Construct, id: string, props: StatPanelProps) {
    super(scope, id, props);
    this.reducer = props.reducer ?? Reducer.LAST_NOT_NULL;
    this.allValues = props.allValues ?? false;
    this.colorMode = props.colorMode ?? StatColorMode.VALUE;
    this.graphMode = props.graphMode ?? StatGraphMode.AREA;
    this.textMode = props.textMode ?? StatTextMode.AUTO;
    this.orientation = props.orientation ?? Orientation.AUTO;
  }

  /** @internal */
  protected _options(): { [key: string]: unknown } {
    return {
      reduceOptions: renderReduce(this.reducer, this.allValues),
      colorMode: this.colorMode,
      graphMode: this.graphMode,
      textMode: this.textMode,
      justifyMode: 'auto',
      orientation: this.orientation,
      wideLayout: true,
      showPercentChange: false,
    };
  }
}

/** Properties of a `GaugePanel`. */
export interface GaugePanelProps extends QueryPanelProps, ReduceProps {
  /**
   * Draw the threshold markers around the gauge. Maps to `options.showThresholdMarkers`.
   * @default true
   */
  readonly showThresholdMarkers?: boolean;
  /**
   * Label the thresholds. Maps to `options.showThresholdLabels`.
   * @default false
   */
  readonly showThresholdLabels?: boolean;
  /**
   * Layout of several gauges.
   * @default Orientation.AUTO
   */
  readonly orientation?: Orientation;
}

/**
 * A radial gauge (`gauge`): one value against min, max and thresholds.
 * @see https://grafana.com/docs/grafana/latest/panels-visualizations/visualizations/gauge/
 */
export class GaugePanel extends QueryPanel {
  /** `gauge`. */
  public readonly type = 'gauge';
  /** The reduction of each series (`reducer`, default `Reducer.LAST_NOT_NULL`). */
  public readonly reducer: Reducer;
  /** Whether every value is shown instead of reducing each series (`allValues`, default false). */
  public readonly allValues: boolean;
  /** Whether the threshold markers are drawn around the gauge (`showThresholdMarkers`, default true). */
  public readonly showThresholdMarkers: boolean;
  /** Whether the thresholds are labelled (`showThresholdLabels`, default false). */
  public readonly showThresholdLabels: boolean;
  /** The layout of several gauges (`orientation`, default `Orientation.AUTO`). */
  public readonly orientation: Orientation;

  public constructor(scope: Construct, id: string, props: GaugePanelProps) {
    super(scope, id, props);
    this.reducer = props.reducer ?? Reducer.LAST_NOT_NULL;
    this.allValues = props.allValues ?? false;
    this.showThresholdMarkers = props.showThresholdMarkers ?? true;
    this.showThresholdLabels = props.showThresholdLabels ?? false;
    this.orientation = props.orientation ?? Orientation.AUTO;
  }

  /** @internal */
  protected _options(): { [key: string]: unknown } {
    return {
      reduceOptions: renderReduce(this.reducer, this.allValues),
      showThresholdMarkers: this.showThresholdMarkers,
      showThresholdLabels: this.showThresholdLabels,
      orientation: this.orientation,
      minVizWidth: 75,
      minVizHeight: 75,
      sizing: 'auto',
    };
  }
}

/** How bars of a bar gauge are drawn. Maps to `options.displayMode`. */
export enum BarGaugeDisplayMode {
  /** A gradient. */
  GRADIENT = 'gradient',
  /** LED-like cells. */
  LCD = 'lcd',
  /** A plain bar. */
  BASIC = 'basic',
}

/** Properties of a `BarGaugePanel`. */
export interface BarGaugePanelProps extends QueryPanelProps, ReduceProps {
  /**
   * Bar style.
   * @default BarGaugeDisplayMode.GRADIENT
   */
  readonly displayMode?: BarGaugeDisplayMode;
  /**
   * Bar direction.
   * @default Orientation.HORIZONTAL
   */
  readonly orientation?: Orientation;
  /**
   * Draw the unfilled part of each bar. Maps to `options.showUnfilled`.
   * @default true
   */
  readonly showUnfilled?: boolean;
}

/**
 * Bars per series (`bargauge`), e.g. the top endpoints by request rate.
 * @see https://grafana.com/docs/grafana/latest/panels-visualizations/visualizations/bar-gauge/
 */
export class BarGaugePanel extends QueryPanel {
  /** `bargauge`. */
  public readonly type = 'bargauge';
  /** The reduction of each series (`reducer`, default `Reducer.LAST_NOT_NULL`). */
  public readonly reducer: Reducer;
  /** Whether every value is shown instead of reducing each series (`allValues`, default false). */
  public readonly allValues: boolean;
  /** The bar style (`displayMode`, default `BarGaugeDisplayMode.GRADIENT`). */
  public readonly displayMode: BarGaugeDisplayMode;
  /** The bar direction (`orientation`, default `Orientation.HORIZONTAL`). */
  public readonly orientation: Orientation;
  /** Whether the unfilled part of each bar is drawn (`showUnfilled`, default true). */
  public readonly showUnfilled: boolean;

  public constructor(scope: Construct, id: string, props: BarGaugePanelProps) {
    super(scope, id, props);
    this.reducer = props.reducer ?? Reducer.LAST_NOT_NULL;
    this.allValues = props.allValues ?? false;
    this.displayMode = props.displayMode ?? BarGaugeDisplayMode.GRADIENT;
    this.orientation = props.orientation ?? Orientation.HORIZONTAL;
    this.showUnfilled = props.showUnfilled ?? true;
  }

  /** @internal */
  protected _options(): { [key: string]: unknown } {
    return {
      reduceOptions: renderReduce(this.reducer, this.allValues),
      displayMode: this.displayMode,
      orientation: this.orientation,
      showUnfilled: this.showUnfilled,
      valueMode: 'color',
      namePlacement: 'auto',
      sizing: 'auto',
      minVizWidth: 8,
      minVizHeight: 16,
      maxVizHeight: 300,
    };
  }
}

/** Pie or donut. Maps to `options.pieType`. */
export enum PieType {
  /** A full pie. */
  PIE = 'pie',
  /** A ring. */
  DONUT = 'donut',
}

/** Values a pie chart shows in its legend and labels. */
export enum PieValue {
  /** The slice's value. */
  VALUE = 'value',
  /** The slice's share. */
  PERCENT = 'percent',
  /** The series name (labels only). */
  NAME = 'name',
}

/** Properties of a `PieChartPanel`. */
export interface PieChartPanelProps extends QueryPanelProps, ReduceProps {
  /**
   * Pie or donut.
   * @default PieType.PIE
   */
  readonly pieType?: PieType;
  /**
   * Labels drawn on slices. Maps to `options.displayLabels`.
   * @default [PieValue.PERCENT]
   */
  readonly labels?: PieValue[];
  /**
   * Legend. Maps to `options.legend`.
   * @default - a list on the right
   */
  readonly legend?: LegendOptions;
  /**
   * Values in the legend (value, percent). Maps to `options.legend.values`.
   * @default [PieValue.VALUE, PieValue.PERCENT]
   */
  readonly legendValues?: PieValue[];
}

/**
 * A pie or donut chart (`piechart`): shares of a whole, one slice per series.
 * @see https://grafana.com/docs/grafana/latest/panels-visualizations/visualizations/pie-chart/
 */
export class PieChartPanel extends QueryPanel {
  /** `piechart`. */
  public readonly type = 'piechart';
  /** The reduction of each series (`reducer`, default `Reducer.LAST_NOT_NULL`). */
  public readonly reducer: Reducer;
  /** Whether every value is shown instead of reducing each series (`allValues`, default false). */
  public readonly allValues: boolean;
  /** Pie or donut (`pieType`, default `PieType.PIE`). */
  public readonly pieType: PieType;
  /** The labels drawn on slices (`labels`, default `[PieValue.PERCENT]`). */
  public readonly labels: PieValue[];
  /** The values in the legend (`legendValues`, default `[PieValue.VALUE, PieValue.PERCENT]`). */
  public readonly legendValues: PieValue[];
  private readonly legend?: LegendOptions;

  public constructor(scope: Construct, id: string, props: PieChartPanelProps) {
    super(scope, id, props);
    this.reducer = props.reducer ?? Reducer.LAST_NOT_NULL;
    this.allValues = props.allValues ?? false;
    this.pieType = props.pieType ?? PieType.PIE;
    this.labels = props.labels ?? [PieValue.PERCENT];
    this.legendValues = props.legendValues ?? [PieValue.VALUE, PieValue.PERCENT];
    this.legend = props.legend;
  }

  /** @internal */
  protected _colorMode(): string {
    return 'palette-classic';
  }

  /** @internal */
  protected _custom(): { [key: string]: unknown } {
    return { hideFrom: hideFromNothing() };
  }

  /** @internal */
  protected _options(): { [key: string]: unknown } {
    return {
      reduceOptions: renderReduce(this.reducer, this.allValues),
      pieType: this.pieType,
      displayLabels: this.labels,
      legend: renderLegend({ placement: LegendPlacement.RIGHT, ...this.legend }, { values: this.legendValues.filter((v) => v !== PieValue.NAME) }),
      tooltip: renderTooltip(TooltipMode.SINGLE),
    };
  }
}

