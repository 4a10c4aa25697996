import { Construct } from 'constructs';
import { TargetDefaults, TargetFormat } from '../query';
import { Reducer } from './options';
import { QueryPanel, QueryPanelProps } from './panel';

/** The initial sort of a table. */
export interface TableSort {
  /** Column name (as displayed). */
  readonly column: string;
  /**
   * Largest first.
   * @default true
   */
  readonly descending?: boolean;
}

/** Properties of a `TablePanel`. */
export interface TablePanelProps extends QueryPanelProps {
  /**
   * Initial sort. Maps to `options.sortBy`.
   * @default - the query's order
   */
  readonly sortBy?: TableSort;
  /**
   * Footer reductions (sum, mean...). Maps to `options.footer`.
   * @default - no footer
   */
  readonly footer?: Reducer[];
  /**
   * Columns hidden with an `organize` transformation (e.g. the `Time` column of instant queries).
   * @default ['Time']
   */
  readonly hiddenColumns?: string[];
  /**
   * Columns renamed with the `organize` transformation (`{ Value: 'req/s' }`).
   * @default - none
   */
  readonly renamedColumns?: { [column: string]: string };
  /**
   * Let users filter columns. Maps to `custom.filterable`.
   * @default false
   */
  readonly filterable?: boolean;
  /**
   * Merge the results of several queries into one table (`merge` transformation).
   * @default - true when there are several queries
   */
  readonly mergeQueries?: boolean;
}

/**
 * A table (`table`). Its PromQL targets default to instant queries in `table` format, so each label
 * set is one row.
 * @see https://grafana.com/docs/grafana/latest/panels-visualizations/visualizations/table/
 */
export class TablePanel extends QueryPanel {
  /** `table`. */
  public readonly type = 'table';
  /** The columns hidden with an `organize` transformation (`hiddenColumns`, default `['Time']`). */
  public readonly hiddenColumns: string[];
  /** The columns renamed with the `organize` transformation (`renamedColumns`, default none). */
  public readonly renamedColumns: { [column: string]: string };
  /** Whether users may filter columns (`filterable`, default false). */
  public readonly filterable: boolean;
  private readonly footer?: Reducer[];
  private readonly sortBy?: TableSort;
  /** `mergeQueries` as given: its default depends on the queries, which may be added until synth. */
  private readonly mergeQueries?: boolean;

  public constructor(scope: Construct, id: string, props: TablePanelProps) {
    super(scope, id, props);
    this.footer = props.footer;
    this.hiddenColumns = props.hiddenColumns ?? ['Time'];
    this.renamedColumns = props.renamedColumns ?? {};
    this.filterable = props.filterable ?? false;
    this.sortBy = props.sortBy;
    this.mergeQueries = props.mergeQueries;
  }

  /** @internal */
  protected _targetDefaults(): TargetDefaults {
    return { format: TargetFormat.TABLE, instant: true };
  }

  /** @internal */
  protected _custom(): { [key: string]: unknown } {
    return { align: 'auto', cellOptions: { type: 'auto' }, inspect: false, filterable: this.filterable };
  }

  /** @internal */
  protected _options(): { [key: string]: unknown } {
    return {
      showHeader: true,
      cellHeight: 'sm',
      footer: { show: (this.footer ?? []).length > 0, reducer: this.footer ?? ['sum'], fields: '', countRows: false },
      sortBy: this.sortBy ? [{ displayName: this.sortBy.column, desc: this.sortBy.descending ?? true }] : [],
    };
  }

  /** @internal */
  protected _transformations(): Array<{ [key: string]: unknown }> {
    const out: Array<{ [key: string]: unknown }> = [];
    if (this.mergeQueries ?? this.queries.length > 1) out.push({ id: 'merge', options: {} });
    const hidden = this.hiddenColumns;
    const renamed = this.renamedColumns;
    if (hidden.length > 0 || Object.keys(renamed).length > 0) {
      out.push({
        id: 'organize',
        options: { excludeByName: Object.fromEntries(hidden.map((c) => [c, true])), indexByName: {}, renameByName: renamed },
      });
    }
    return out;
  }
}
