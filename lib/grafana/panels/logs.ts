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
  private readonly props: LogsPanelProps;

  public constructor(scope: Construct, id: string, props: LogsPanelProps) {
    super(scope, id, props);
    this.props = props;
  }

  /** @internal */
  protected _checkTarget(target: Target, isLogQuery: boolean, index: number): void {
    if (target.language !== QueryLanguage.LOGQL || !isLogQuery) {
      throw ValidationError.at(this, `targets[${index}].expr: a logs panel needs a LogQL log query (a stream selector with optional pipeline), not a ${target.language === QueryLanguage.LOGQL ? 'LogQL metric query' : 'PromQL query'}; show it in a TimeSeriesPanel instead; received ${JSON.stringify(target.expression)}`);
    }
  }

  /** @internal */
  protected _options(): { [key: string]: unknown } {
    const p = this.props;
    return {
      showTime: p.showTime ?? true,
      showLabels: p.showLabels ?? false,
      showCommonLabels: p.showCommonLabels ?? false,
      showLogContextToggle: false,
      wrapLogMessage: p.wrapLines ?? true,
      prettifyLogMessage: p.prettifyJson ?? false,
      enableLogDetails: p.enableDetails ?? true,
      enableInfiniteScrolling: false,
      dedupStrategy: p.dedup ?? LogsDedupStrategy.NONE,
      sortOrder: p.sortOrder ?? LogsSortOrder.DESCENDING,
    };
  }
}
