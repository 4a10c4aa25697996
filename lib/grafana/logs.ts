import { quote, ValidationError } from '../core';
import { Construct } from 'constructs';
import { DatasourceRef } from './datasource';
import { Width } from './layout';
import { LogsPanel } from './panels/logs';
import { StackingMode, TimeSeriesPanel, DrawStyle } from './panels/time-series';
import { Target } from './query';
import { Unit } from './units';
import { optionalString, requireObject } from '../core/untyped';

/** Properties of `LogPanels`. */
export interface LogPanelsProps {
  /** Loki stream selector, e.g. `{namespace="$namespace", app="backend"}`. */
  readonly selector: string;
  /**
   * Pipeline appended to the selector for the log lines panel (e.g. `| json`).
   * @default - none
   */
  readonly pipeline?: string;
  /**
   * Line filter selecting error lines.
   * @default '|~ "(?i)(error|exception|fatal|critical)"'
   */
  readonly errorFilter?: string;
  /**
   * Label the volume panel splits by (`level`, `app`...).
   * @default - one series
   */
  readonly volumeBy?: string;
  /**
   * Loki datasource.
   * @default DatasourceRef.LOKI
   */
  readonly datasource?: DatasourceRef;
  /**
   * Prefix of the panel titles.
   * @default - none
   */
  readonly titlePrefix?: string;
}

/**
 * Log panels from a Loki stream selector: log volume (a bar time series), error lines, and all lines
 * (logs panels). The usual replacement of a Kibana "Discover" view.
 *
 * @example
 * new LogPanels(row, 'Logs', { selector: '{namespace="$namespace", app="backend"}', pipeline: '| json' });
 */
export class LogPanels extends Construct {
  /** Log volume. */
  public readonly volume: TimeSeriesPanel;
  /** Error lines. */
  public readonly errors: LogsPanel;
  /** All lines. */
  public readonly lines: LogsPanel;

  public constructor(scope: Construct, id: string, props: LogPanelsProps) {
    super(scope, id);
    ValidationError.within(this, () => {
      requireObject(props, 'props', '{ selector: \'{namespace="shop"}\' }');
      optionalString(props.titlePrefix, 'titlePrefix', "'Checkout'");
      if (props.datasource !== undefined && !(props.datasource instanceof DatasourceRef)) {
        throw new ValidationError(`datasource: must be a DatasourceRef, e.g. DatasourceRef.LOKI; received ${quote(props.datasource)}`);
      }
    });
    const prefix = props.titlePrefix ? `${props.titlePrefix}: ` : '';
    const datasource = props.datasource;
    const errorFilter = props.errorFilter ?? '|~ "(?i)(error|exception|fatal|critical)"';
    const by = props.volumeBy ? ` by (${props.volumeBy})` : '';
    this.volume = new TimeSeriesPanel(this, 'Volume', {
      title: `${prefix}Log volume`,
      width: Width.FULL,
      height: 6,
      unit: Unit.SHORT,
      drawStyle: DrawStyle.BARS,
      fillOpacity: 80,
      stacking: StackingMode.NORMAL,
      targets: [
        Target.logql(`sum${by} (count_over_time(${props.selector} [$__auto]))`, { legend: props.volumeBy ? `{{${props.volumeBy}}}` : 'lines', datasource }),
        Target.logql(`sum (count_over_time(${props.selector} ${errorFilter} [$__auto]))`, { legend: 'errors', datasource }),
      ],
    });
    this.errors = new LogsPanel(this, 'Errors', {
      title: `${prefix}Error logs`,
      width: Width.FULL,
      height: 10,
      targets: [Target.logql(`${props.selector} ${errorFilter}`, { datasource })],
    });
    this.lines = new LogsPanel(this, 'Lines', {
      title: `${prefix}Logs`,
      width: Width.FULL,
      height: 12,
      targets: [Target.logql(props.pipeline ? `${props.selector} ${props.pipeline}` : props.selector, { datasource })],
    });
  }
}
