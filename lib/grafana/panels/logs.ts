import { Construct } from 'constructs';
import { ValidationError } from '../../core';
import { QueryLanguage, Target } from '../query';
import { QueryPanel, QueryPanelProps } from './panel';

/** How repeated log lines are collapsed. Maps to `options.dedupStrategy`. */
export enum LogsDedupStrategy {
  /** No deduplication. */
  NONE = 'none',
  /** Identical lines. */
  EXACT = 'exact',
  /** Lines identical except for numbers. */
  NUMBERS = 'numbers',
  /** Lines identical except for letters and numbers' values (same shape). */
  SIGNATURE = 'signature',
}

/** Order of log lines. Maps to `options.sortOrder`. */
export enum LogsSortOrder {
  /** Newest first. */
  DESCENDING = 'Descending',
  /** Oldest first. */
  ASCENDING = 'Ascending',
}

/** Properties of a `LogsPanel`. */
export interface LogsPanelProps extends QueryPanelProps {
  /**
   * Show the time of each line. Maps to `options.showTime`.
   * @default true
   */
  readonly showTime?: boolean;
  /**
   * Show the labels that differ between lines. Maps to `options.showLabels`.
   * @default false
   */
  readonly showLabels?: boolean;
  /**
   * Show the labels common to all lines. Maps to `options.showCommonLabels`.
   * @default false
   */
  readonly showCommonLabels?: boolean;
  /**
   * Wrap long lines. Maps to `options.wrapLogMessage`.
   * @default true
   */
  readonly wrapLines?: boolean;
  /**
   * Pretty-print JSON lines. Maps to `options.prettifyLogMessage`.
   * @default false
   */
  readonly prettifyJson?: boolean;
  /**
   * Expandable line details (parsed fields, links). Maps to `options.enableLogDetails`.
   * @default true
   */
  readonly enableDetails?: boolean;
  /**
   * Deduplication.
   * @default LogsDedupStrategy.NONE
   */
  readonly dedup?: LogsDedupStrategy;
  /**
   * Line order.
   * @default LogsSortOrder.DESCENDING
   */
  readonly sortOrder?: LogsSortOrder;
}

/**
 * Log lines (`logs`) from LogQL log queries: the Grafana replacement of a saved Kibana search.
 * Metric queries (`rate(...)`, `count_over_time(...)`) are rejected: they belong in a time series.
 * @see https://grafana.com/docs/grafana/latest/panels-visualizations/visualizations/logs/
 */
export class LogsPanel extends QueryPanel {
  /** `logs`. */
  public readonly type = 'logs';
  /** Whether the time of each line is shown (`showTime`, default true). */
  public readonly showTime: boolean;
  /** Whether the labels that differ between lines are shown (`showLabels`, default false). */
  public readonly showLabels: boolean;
  /** Whether the labels common to all lines are shown (`showCommonLabels`, default false). */
  public readonly showCommonLabels: boolean;
  /** Whether long lines wrap (`wrapLines`, default true). */
  public readonly wrapLines: boolean;
  /** Whether JSON lines are pretty-printed (`prettifyJson`, default false). */
  public readonly prettifyJson: boolean;
  /** Whether lines expand to their details (`enableDetails`, default true). */
  public readonly enableDetails: boolean;
  /** The deduplication (`dedup`, default `LogsDedupStrategy.NONE`). */
  public readonly dedup: LogsDedupStrategy;
  /** The line order (`sortOrder`, default `LogsSortOrder.DESCENDING`). */
  public readonly sortOrder: LogsSortOrder;

  public constructor(scope: Construct, id: string, props: LogsPanelProps) {
    super(scope, id, props);
    this.showTime = props.showTime ?? true;
    this.showLabels = props.showLabels ?? false;
    this.showCommonLabels = props.showCommonLabels ?? false;
    this.wrapLines = props.wrapLines ?? true;
    this.prettifyJson = props.prettifyJson ?? false;
    this.enableDetails = props.enableDetails ?? true;
    this.dedup = props.dedup ?? LogsDedupStrategy.NONE;
    this.sortOrder = props.sortOrder ?? LogsSortOrder.DESCENDING;
  }

  /** @internal */
  protected _checkTarget(target: Target, isLogQuery: boolean, index: number): void {
    if (target.language !== QueryLanguage.LOGQL || !isLogQuery) {
      throw ValidationError.at(this, `targets[${index}].expr: a logs panel needs a LogQL log query (a stream selector with optional pipeline), not a ${target.language === QueryLanguage.LOGQL ? 'LogQL metric query' : 'PromQL query'}; show it in a TimeSeriesPanel instead; received ${JSON.stringify(target.expression)}`);
    }
  }

  /** @internal */
  protected _options(): { [key: string]: unknown } {
    return {
      showTime: this.showTime,
      showLabels: this.showLabels,
      showCommonLabels: this.showCommonLabels,
      showLogContextToggle: false,
      wrapLogMessage: this.wrapLines,
      prettifyLogMessage: this.prettifyJson,
      enableLogDetails: this.enableDetails,
      enableInfiniteScrolling: false,
      dedupStrategy: this.dedup,
      sortOrder: this.sortOrder,
    };
  }
}
