import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { PrometheusDuration, Validate, ValidationError } from '../core';
import { promqlSelector } from '../core/promql-names';
import { targetPrometheus } from '../core/target-versions';
import { DatasourceRef } from './datasource';
import { Width } from './layout';
import { StatGraphMode, StatPanel } from './panels/single-value';
import { TimeSeriesPanel } from './panels/time-series';
import { Target } from './query';
import { Color, Thresholds } from './thresholds';
import { Unit } from './units';
import { requireNumber, requireObject } from '../core/untyped';

/** An error-ratio recording rule of an SLO over one window. */
export interface SloWindowMetric {
  /** The window the ratio is computed over (5m, 1h, 6h...). */
  readonly window: Duration;
  /** The recording rule name, e.g. `slo:sli_error:ratio_rate1h`. */
  readonly metric: string;
}

/** Properties of `SloPanels`. */
export interface SloPanelsProps {
  /** SLO name, used in titles. */
  readonly name: string;
  /** Objective in percent, 0 < x < 100 (99.9 means 99.9 %). */
  readonly objective: number;
  /**
   * Recording rule of the error budget remaining over the SLO period, as a ratio (1 = untouched,
   * 0 = spent, negative = overspent), e.g. `slo:period_error_budget_remaining:ratio`.
   */
  readonly budgetRemainingMetric: string;
  /**
   * Error-ratio recording rules per window, drawn as burn rates (error ratio / (1 - objective)).
   * @default - no burn rate panel
   */
  readonly errorRatioMetrics?: SloWindowMetric[];
  /**
   * Label matchers selecting this SLO's series (e.g. `sloth_service="api", sloth_slo="availability"`).
   * @default - none
   */
  readonly selector?: string;
  /**
   * Burn rate drawn as the page threshold.
   * @default 14.4
   */
  readonly pageBurnRate?: number;
  /**
   * Prometheus datasource.
   * @default DatasourceRef.PROMETHEUS
   */
  readonly datasource?: DatasourceRef;
}

/**
 * SLO panels from the SLO's recording rules, given by name so this module does not depend on the SLO
 * module: error budget remaining (a stat) and burn rate per window (a time series with the page
 * threshold).
 *
 * @example
 * new SloPanels(row, 'Availability', {
 *   name: 'API availability', objective: 99.9,
 *   budgetRemainingMetric: 'slo:period_error_budget_remaining:ratio',
 *   errorRatioMetrics: [{ window: Duration.hours(1), metric: 'slo:sli_error:ratio_rate1h' }],
 *   selector: 'sloth_slo="api-availability"',
 * });
 */
export class SloPanels extends Construct {
  /** Error budget remaining. */
  public readonly budget: StatPanel;
  /** Burn rates, when error-ratio metrics are given. */
  public readonly burnRate?: TimeSeriesPanel;

  public constructor(scope: Construct, id: string, props: SloPanelsProps) {
    super(scope, id);
    ValidationError.within(this, () => {
      requireObject(props, 'props', '{ objective: 99.9 }');
      // a percent, as Slo's objective
      requireNumber(props.objective, 'objective', { unit: 'percent, 99.9 means 99.9 %', min: 0, above: true, max: 100, below: true });
    });
    const prometheus = targetPrometheus(this);
    ValidationError.within(this, () => {
      Validate.metricName(props.budgetRemainingMetric, 'budgetRemainingMetric', prometheus);
      for (const m of props.errorRatioMetrics ?? []) {
        Validate.metricName(m.metric, 'errorRatioMetrics.metric', prometheus);
        PrometheusDuration.format(m.window);
      }
    });
    // metric{selector}, or {"metric", selector} for a UTF-8 name
    const query = (metric: string) => promqlSelector(metric, props.selector === undefined ? [] : [props.selector]);
    const budget = Math.round((1 - props.objective / 100) * 1e12) / 1e12;
    const datasource = props.datasource;
    this.budget = new StatPanel(this, 'Budget', {
      title: `${props.name}: error budget remaining`,
      description: `Share of the error budget (${budget * 100} % of requests at a ${props.objective} % objective) left in the SLO period.`,
      width: Width.THIRD,
      unit: Unit.PERCENT_0_1,
      graphMode: StatGraphMode.AREA,
      thresholds: Thresholds.of(Color.RED, [{ value: 0, color: Color.ORANGE }, { value: 0.25, color: Color.YELLOW }, { value: 0.5, color: Color.GREEN }]),
      targets: [Target.promql(query(props.budgetRemainingMetric), { legend: 'budget remaining', datasource })],
    });
    const windows = props.errorRatioMetrics ?? [];
    if (windows.length > 0) {
      const page = props.pageBurnRate ?? 14.4;
      this.burnRate = new TimeSeriesPanel(this, 'BurnRate', {
        title: `${props.name}: burn rate`,
        description: `Error ratio divided by the error budget (${budget}): 1 spends the budget exactly over the period; ${page} pages.`,
        width: Width.TWO_THIRDS,
        unit: Unit.suffix('x'),
        min: 0,
        thresholds: Thresholds.of(Color.GREEN, [{ value: 1, color: Color.YELLOW }, { value: page, color: Color.RED }]),
        targets: windows.map((w) => Target.promql(`${query(w.metric)} / ${budget}`, { legend: PrometheusDuration.format(w.window), datasource })),
      });
    }
  }
}
