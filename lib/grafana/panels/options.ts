/** A reduction of a series to one value. Maps to `reduceOptions.calcs[]` and `legend.calcs[]`. */
export enum Reducer {
  /** Last non-null value. */
  LAST_NOT_NULL = 'lastNotNull',
  /** Last value. */
  LAST = 'last',
  /** First non-null value. */
  FIRST_NOT_NULL = 'firstNotNull',
  /** Mean. */
  MEAN = 'mean',
  /** Minimum. */
  MIN = 'min',
  /** Maximum. */
  MAX = 'max',
  /** Sum. */
  SUM = 'sum',
  /** Number of values. */
  COUNT = 'count',
  /** Difference between the last and first value. */
  DELTA = 'delta',
  /** Max minus min. */
  RANGE = 'range',
}

/** How a legend is drawn. Maps to `options.legend.displayMode`. */
export enum LegendDisplayMode {
  /** A list of series names. */
  LIST = 'list',
  /** A table with the legend's values as columns. */
  TABLE = 'table',
  /**
   * No legend: rendered as schema version 37 and later write it, `showLegend: false` with the `list`
   * display mode (Grafana's v37 migration rewrites a `hidden` display mode to that).
   */
  HIDDEN = 'hidden',
}

/** Where a legend is drawn. Maps to `options.legend.placement`. */
export enum LegendPlacement {
  /** Under the panel. */
  BOTTOM = 'bottom',
  /** Right of the panel. */
  RIGHT = 'right',
}

/** Legend options (`options.legend`). */
export interface LegendOptions {
  /**
   * How the legend is drawn.
   * @default LegendDisplayMode.LIST
   */
  readonly displayMode?: LegendDisplayMode;
  /**
   * Where the legend is drawn.
   * @default LegendPlacement.BOTTOM
   */
  readonly placement?: LegendPlacement;
  /**
   * Values shown per series (min, max, mean, last...). Maps to `calcs`.
   * @default - none
   */
  readonly values?: Reducer[];
}

/** Tooltip behaviour. Maps to `options.tooltip.mode`. */
export enum TooltipMode {
  /** The hovered series only. */
  SINGLE = 'single',
  /** All series at the hovered time. */
  MULTI = 'multi',
  /** No tooltip. */
  HIDDEN = 'none',
}

/** Layout direction of stats, gauges and bar gauges. Maps to `options.orientation`. */
export enum Orientation {
  /** Grafana chooses from the panel's shape. */
  AUTO = 'auto',
  /** Side by side. */
  HORIZONTAL = 'horizontal',
  /** Stacked. */
  VERTICAL = 'vertical',
}

/** How single-value panels reduce each series. */
export interface ReduceProps {
  /**
   * The reduction. Maps to `options.reduceOptions.calcs`.
   * @default Reducer.LAST_NOT_NULL
   */
  readonly reducer?: Reducer;
  /**
   * Show every value instead of reducing each series. Maps to `options.reduceOptions.values`.
   * @default false
   */
  readonly allValues?: boolean;
}

/** @internal */
export function renderLegend(legend: LegendOptions | undefined, extra: { [key: string]: unknown } = {}): { [key: string]: unknown } {
  const mode = legend?.displayMode ?? LegendDisplayMode.LIST;
  const hidden = mode === LegendDisplayMode.HIDDEN;
  return Object.assign({
    displayMode: hidden ? LegendDisplayMode.LIST : mode,
    placement: legend?.placement ?? LegendPlacement.BOTTOM,
    showLegend: !hidden,
    calcs: legend?.values ?? [],
  }, extra);
}

/** `options.reduceOptions` of single-value panels, from their resolved `reducer` and `allValues`. @internal */
export function renderReduce(reducer: Reducer, allValues: boolean): { [key: string]: unknown } {
  return { calcs: [reducer], fields: '', values: allValues };
}

/** A tooltip of the given mode, series in query order (`options.tooltip`). @internal */
export function renderTooltip(mode: TooltipMode): { [key: string]: unknown } {
  return { mode, sort: 'none' };
}

/** `custom.hideFrom` of a series shown everywhere: in the legend, the tooltip and the graph. @internal */
export function hideFromNothing(): { [key: string]: boolean } {
  return { legend: false, tooltip: false, viz: false };
}
