import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Check } from '../catalogue/check';
import { QueryLint } from '../catalogue/query-lint';
import { ConstructQueries, MonitoringChart, PrometheusDuration, quote, Severity, Validate, ValidationError } from '../core';
import { checkValue } from '../core/problems';
import { checkedAsV3, describeTarget, RAISE_TARGET, targetPrometheus } from '../core/target-versions';
import { optionalDuration, optionalString, optionalStringList, requireObject } from '../core/untyped';
import { DatasourceRef } from '../grafana/datasource';
import { SloPanels } from '../grafana/slo';
import { AlertingRule, AlertingRuleOptions } from '../prometheus/alerting-rule';
import { AlertOverride, applyAlertOverride, overriddenFields, resolveAlertOverrides } from '../prometheus/alert-override';
import { PrometheusRule } from '../prometheus/prometheus-rule';
import { RuleGroup } from '../prometheus/rule-group';
import { AlertTestOptions } from '../prometheus/rule-test';
import { BurnRateTier, BurnRateWindow, MultiBurnRateTable } from './burn-rate';
import { Sli, TestSeries } from './sli';

/**
 * The names of the recording rules every SLO writes (Sloth's naming, widely recognised). All SLOs share
 * them; their series are told apart by the `slo` label. Dashboards take these names (and `Slo.selector`).
 * @see https://sloth.dev/introduction/
 */
export class SloMetrics {
  /** The label holding the SLO's id (`<service>-<name>`) on every series an SLO records. */
  public static readonly SLO_LABEL = 'slo';
  /** The objective as a ratio (`0.999`). */
  public static readonly OBJECTIVE = 'slo:objective:ratio';
  /** The error budget as a ratio (`1 - objective`, `0.001`). */
  public static readonly ERROR_BUDGET = 'slo:error_budget:ratio';
  /** The compliance period in days. */
  public static readonly PERIOD_DAYS = 'slo:time_period:days';
  /** The burn rate over the last 5 minutes (error ratio / error budget): 1 spends the budget exactly over the period. */
  public static readonly CURRENT_BURN_RATE = 'slo:current_burn_rate:ratio';
  /** The burn rate over the whole period. */
  public static readonly PERIOD_BURN_RATE = 'slo:period_burn_rate:ratio';
  /** The share of the period's error budget that is left (1 = untouched, 0 = spent, negative = overspent). */
  public static readonly PERIOD_ERROR_BUDGET_REMAINING = 'slo:period_error_budget_remaining:ratio';
  /** Bad events over the last 5 minutes (per second for counters; failed samples for probes), summed over the period. */
  public static readonly ERROR_EVENTS_5M = 'slo:sli_error_events:rate5m';
  /** All events over the last 5 minutes (per second for counters; samples for probes), summed over the period. */
  public static readonly EVENTS_5M = 'slo:sli_events:rate5m';

  /** The error ratio over a window: `slo:sli_error:ratio_rate5m`, `slo:sli_error:ratio_rate30d`. */
  public static errorRatio(window: Duration): string {
    return `slo:sli_error:ratio_rate${PrometheusDuration.format(window)}`;
  }

  private constructor() {}
}

/** Options of `Slo.createPanels()`. */
export interface SloPanelOptions {
  /**
   * The Prometheus datasource of the panels.
   * @default DatasourceRef.PROMETHEUS
   */
  readonly datasource?: DatasourceRef;
  /**
   * The title prefix of the panels.
   * @default - the SLO's id
   */
  readonly title?: string;
}

/** Properties of an `Slo`. */
export interface SloProps {
  /** The service level indicator: what counts as a bad event. */
  readonly sli: Sli;
  /**
   * The objective in percent, strictly between 0 and 100: `99.9` means 99.9 % of events are good
   * (not `0.999`).
   */
  readonly objective: number;
  /**
   * The compliance period over which the error budget is counted. Any period works: the burn-rate
   * windows scale with it (see `MultiBurnRateTable`).
   * @default Duration.days(30)
   */
  readonly period?: Duration;
  /**
   * The SLO's name: letters, digits, `-` and `_`. With the service, it makes the `slo` label and the alert name.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The service the SLO belongs to (the first part of the `slo` label, `<service>-<name>`, which must be
   * unique in the Prometheus that loads the rules).
   * @default - the chart's application (`MonitoringChart.partOf`)
   */
  readonly service?: string;
  /**
   * What the SLO promises, in words, for the alert description.
   * @default - derived from the objective and period
   */
  readonly description?: string;
  /**
   * Labels to keep in the SLI aggregation: one error ratio (and one alert) per value, e.g. `['endpoint']`.
   * In a namespaced chart, `namespace` is always kept as well: the Prometheus Operator routes an alert to
   * the namespace's `AlertmanagerConfig` by that label, so the SLI selectors should select it
   * (`http_requests_total{namespace="shop", job="api"}`).
   * @default - one series for the whole SLO (per namespace in a namespaced chart)
   */
  readonly groupBy?: string[];
  /**
   * More labels on every recorded series and alert (`team`...).
   * @default {}
   */
  readonly labels?: { [name: string]: string };
  /**
   * The scrape interval of the SLI's metrics: every window must hold at least two samples, so the
   * shortest burn-rate window must be at least twice this.
   * @default Duration.seconds(30)
   */
  readonly scrapeInterval?: Duration;
  /**
   * The evaluation interval of the SLO's rule groups; at most the shortest window.
   * @default Duration.seconds(30)
   */
  readonly evaluationInterval?: Duration;
  /**
   * The name of both burn-rate alerts (page and ticket share it and differ by `severity`, so an
   * Alertmanager inhibit rule with `equal: [alertname, slo]` silences the ticket while the page fires).
   * @default - `<Name>ErrorBudgetBurn` in UpperCamelCase
   */
  readonly alertName?: string;
  /**
   * The severity of the fast-burn (page) alert (`overrides.page.severity` is the same setting).
   * @default Severity.CRITICAL
   */
  readonly pageSeverity?: Severity;
  /**
   * The severity of the slow-burn (ticket) alert (`overrides.ticket.severity` is the same setting).
   * @default Severity.WARNING
   */
  readonly ticketSeverity?: Severity;
  /**
   * Changes to the generated burn-rate alerts, by tier: `page` (fast burn) and `ticket` (slow burn).
   * `enabled: false` drops that alert (and, for `page`, the generated tests hung on it), `for` delays it
   * (the generated tests wait for it too), `severity`, `labels` and `annotations` replace or add to the
   * generated ones. The burn-rate factors are the SLO's table, not a threshold: an override's `threshold`
   * is refused. A key other than `page` or `ticket` fails the synth.
   * @default - the generated alerts as they are
   *
   * @example
   * overrides: { ticket: { labels: { team: 'sre' }, annotations: { summary: 'Checkout burns its budget' } } }
   */
  readonly overrides?: { [tier: string]: AlertOverride };
  /**
   * The runbook of the alerts. Maps to the `runbook_url` annotation.
   * @default - none
   */
  readonly runbookUrl?: string;
  /**
   * Whether to generate the burn-rate alerts (the recording rules are always generated).
   * @default true
   */
  readonly alerts?: boolean;
  /**
   * Whether to generate promtool unit tests of the alerts: the page alert fires within the expected
   * time at a 14.4x burn and stays silent at 1x (see `Slo`). They are built when the tests are read
   * (`RuleTests.render()`, the page alert's `ruleTests`), not by a synth, which does not write them; a
   * test that cannot be generated fails there, with the SLO's path.
   * @default true
   */
  readonly tests?: boolean;
  /**
   * An existing PrometheusRule to add the SLO's groups to. Note that promtool evaluates every rule of a
   * file in each test, so generated tests run slower in a shared PrometheusRule.
   * @default - a PrometheusRule of its own, child `Rules`, named `slo-<service>-<name>`
   */
  readonly prometheusRule?: PrometheusRule;
  /**
   * The labels by which the Prometheus instance selects the SLO's own PrometheusRule (its `ruleSelector`).
   * @default InstanceSelectorLabels.KUBE_PROMETHEUS_STACK
   */
  readonly instanceLabels?: { [key: string]: string };
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** promtool's limit of samples per query (promqltest.DefaultMaxSamplesPerQuery), with a margin. */
const NATIVE_TEST_SAMPLE_BUDGET = 9000;
/** How many samples promtool counts a generated test histogram as: (its size in bytes + 8) / 16, for 3 buckets. */
const NATIVE_TEST_SAMPLE_WEIGHT = 13;

function clean(n: number): number {
  return Number(n.toPrecision(12));
}

function pascal(name: string): string {
  return name
    .split(/[-_]/)
    .filter((p) => p !== '')
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');
}

function percent(n: number): string {
  return `${clean(n * 100)} %`;
}

/**
 * A service level objective with multi-window multi-burn-rate alerts, as in the Google SRE workbook.
 *
 * It writes, through a `PrometheusRule`:
 * - recording rules of the error ratio over every window the alerts need (5m, 30m, 1h, 2h, 6h, 1d, 3d for
 *   30 days, scaled for other periods) and over the period, named `slo:sli_error:ratio_rate<window>` and
 *   labelled `slo="<service>-<name>"` (see `SloMetrics`);
 * - the metadata and budget rules: objective, error budget, current and period burn rate, remaining budget.
 *   The period ratio is the sum of 5-minute bad events over the sum of 5-minute events, so a quiet
 *   5 minutes (0/0) never turns the period's budget into NaN;
 * - a page alert (14.4x over 1h and 5m, or 6x over 6h and 30m) and a ticket alert (3x over 1d and 2h, or
 *   1x over 3d and 6h), scaled for the period by `MultiBurnRateTable`;
 * - promtool unit tests of those alerts, generated from the SLI when they are read (`RuleTests.render()`):
 *   after a healthy history as long as the longest page window, a burn at 1.25 x 14.4 pages at 0.8 of
 *   the first long window and not before (the ticket alerts expected alongside come from the same
 *   burn-rate model), and a burn at the budget (0.99x: the slowest ticket row fires from 1x) never alerts.
 *
 * `createPanels()` adds the Grafana panels (budget remaining, burn rates); `SloMetrics`, `selector` and
 * the `...Query` getters give dashboards the recorded series.
 *
 * Invalid objectives, windows shorter than two scrape intervals and invalid selectors fail at synth time.
 *
 * @example
 * new Slo(chart, 'api-availability', {
 *   sli: Sli.ratio({ errors: 'http_requests_total{status=~"5.."}', total: 'http_requests_total' }),
 *   objective: 99.9,
 *   period: Duration.days(30),
 * });
 */
export class Slo extends Construct {
  /** The SLO's name. */
  public readonly sloName: string;
  /** The service. */
  public readonly service: string;
  /** The value of the `slo` label on every series and alert of this SLO: `<service>-<name>`. */
  public readonly sloId: string;
  /** The objective in percent. */
  public readonly objective: number;
  /** The error budget as a ratio (`0.001` for 99.9 %). */
  public readonly errorBudget: number;
  /** The compliance period. */
  public readonly period: Duration;
  /** The burn-rate alert table for the period. */
  public readonly table: MultiBurnRateTable;
  /** The SLI. */
  public readonly sli: Sli;
  /** The labels the SLI is grouped by. */
  public readonly groupBy: string[];
  /** The PrometheusRule holding the SLO's rules. */
  public readonly prometheusRule: PrometheusRule;
  /** The alert name of the page and ticket alerts. */
  public readonly alertName: string;
  /** The page alert, unless alerts are off (`alerts: false`, or `overrides.page.enabled: false`). */
  public readonly pageAlert?: AlertingRule;
  /** The ticket alert, unless alerts are off (`alerts: false`, or `overrides.ticket.enabled: false`). */
  public readonly ticketAlert?: AlertingRule;
  private readonly labels: { [name: string]: string };
  private readonly scrapeInterval: Duration;
  private readonly overrides: { [tier: string]: AlertOverride };
  /** The labels the recording rules aggregate by: `groupBy`, and `namespace` in a namespaced chart. */
  private readonly aggregation: string[];

  public constructor(scope: Construct, id: string, props: SloProps) {
    super(scope, id);
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    ValidationError.within(this, () => {
      requireObject(props, 'props', '{ sli, objective }');
      requireObject(props.sli, 'sli', 'Sli.ratio({ errors, total })');
      checkValue(undefined, '', props.sli);
      optionalString(props.name, 'name', '\'checkout-availability\'');
      optionalStringList(props.groupBy, 'groupBy', '[\'route\']');
      optionalDuration(props.period, 'period');
    });
    this.overrides = ValidationError.within(this, () => resolveAlertOverrides(props.overrides, TIERS.map((name) => ({ name, hasThreshold: false })), 'a burn-rate tier of the SLO'));
    ValidationError.within(this, () => {
      if (props.pageSeverity !== undefined && this.overrides.page?.severity !== undefined) throw new ValidationError('overrides.page.severity: pageSeverity sets the same severity; give one of the two');
      if (props.ticketSeverity !== undefined && this.overrides.ticket?.severity !== undefined) throw new ValidationError('overrides.ticket.severity: ticketSeverity sets the same severity; give one of the two');
    });
    this.sli = props.sli;
    this.sloName = props.name ?? id;
    this.period = props.period ?? Duration.days(30);
    this.scrapeInterval = props.scrapeInterval ?? Duration.seconds(30);
    this.groupBy = [...(props.groupBy ?? [])];
    this.aggregation = Chart.of(this).namespace === undefined || this.groupBy.includes('namespace') ? this.groupBy : ['namespace', ...this.groupBy];
    this.labels = { ...(props.labels ?? {}) };
    const evaluationInterval = props.evaluationInterval ?? Duration.seconds(30);
    this.service = props.service ?? MonitoringChart.find(this).partOf;
    this.objective = props.objective;
    const prometheus = targetPrometheus(this);
    this.table = ValidationError.within(this, () => {
      if (!NAME.test(this.sloName)) throw new ValidationError(`name: must be letters, digits, '-' and '_', starting with a letter or digit; received ${quote(this.sloName)}`);
      Validate.kubernetesLabelValue(this.service, 'service');
      if (!Number.isFinite(props.objective) || props.objective <= 0 || props.objective >= 100) {
        throw new ValidationError(
          `objective: must be a percentage strictly between 0 and 100 (99.9 means 99.9 % of events are good); received ${quote(props.objective)}` +
            (props.objective === 100 ? ' (a 100 % objective leaves no error budget: every error would page)' : ''),
        );
      }
      if (props.objective < 1) {
        // a ratio given where a percentage is expected: its alerts could never fire
        throw new ValidationError(`objective: is a percentage (99.9 means 99.9 % of events are good), and ${quote(props.objective)} % would leave a budget no burn can use up; did you mean ${clean(props.objective * 100)}?`);
      }
      for (const g of this.groupBy) {
        Validate.labelName(g, 'groupBy', prometheus);
        if (g === SloMetrics.SLO_LABEL) throw new ValidationError(`groupBy: ${quote(g)} is the label the SLO writes its id to`);
      }
      this.sli._checkGroupBy(this.groupBy);
      Validate.prometheusLabels(this.labels, 'labels', prometheus);
      for (const k of Object.keys(this.labels)) {
        if (k === SloMetrics.SLO_LABEL || k === 'severity' || this.groupBy.includes(k)) {
          throw new ValidationError(`labels: ${quote(k)} is set by the SLO (slo, severity) or kept from the SLI (groupBy); remove it`);
        }
      }
      const scrapeMs = PrometheusDuration.millis(this.scrapeInterval);
      const minimumWindow = Duration.millis(2 * scrapeMs);
      const table = MultiBurnRateTable.forPeriod(this.period, { minimumWindow });
      const shortest = table.alertWindows()[0];
      if (PrometheusDuration.millis(evaluationInterval) > PrometheusDuration.millis(shortest)) {
        throw new ValidationError(
          `evaluationInterval: must be at most the shortest burn-rate window (${PrometheusDuration.format(shortest)}), or the alert would miss short burns; received ${PrometheusDuration.format(evaluationInterval)}`,
        );
      }
      return table;
    });
    this.sloId = `${this.service}-${this.sloName}`;
    this.errorBudget = clean((100 - props.objective) / 100);
    this.alertName = props.alertName ?? `${pascal(this.sloName)}ErrorBudgetBurn`;
    for (const s of this.sli._selectorTexts()) ConstructQueries.promql(this, s.field, s.text);

    if (props.prometheusRule && props.instanceLabels) {
      throw ValidationError.at(this, 'instanceLabels: the labels of a given prometheusRule are its own; set them on that PrometheusRule');
    }
    this.prometheusRule = props.prometheusRule ?? new PrometheusRule(this, 'Rules', {
      name: `slo-${this.sloId}`.toLowerCase().replace(/_/g, '-'),
      instanceLabels: props.instanceLabels,
    });
    const interval = evaluationInterval;
    this.addSliRecords(this.prometheusRule.addGroup(`slo-sli-recordings-${this.sloId}`, { interval }));
    this.addMetaRecords(this.prometheusRule.addGroup(`slo-meta-recordings-${this.sloId}`, { interval }));
    const tests = (props.alerts ?? true) && (props.tests ?? true);
    if (tests && this.sli._native && !checkedAsV3(prometheus)) {
      // the generated tests write native histogram samples, which promtool 2.42 cannot read
      throw ValidationError.at(
        this,
        `tests: the generated promtool tests of a native-histogram SLI write native histogram samples ({{schema:0 ...}}), unknown to promtool 2.42 (it stops at the "{{") and checked from promtool 3.5 on; ` +
          `${describeTarget(prometheus)}. Set tests: false (the rules themselves load in 2.x), or ${RAISE_TARGET}`,
      );
    }
    if (props.alerts ?? true) {
      const group = this.prometheusRule.addGroup(`slo-alerts-${this.sloId}`, { interval });
      this.pageAlert = this.addBurnRateAlert(group, BurnRateTier.PAGE, props.pageSeverity ?? Severity.CRITICAL, props);
      this.ticketAlert = this.addBurnRateAlert(group, BurnRateTier.TICKET, props.ticketSeverity ?? Severity.WARNING, props);
      if (tests && this.pageAlert !== undefined) this.addTests();
    }
  }

  /** The label matcher selecting this SLO's series, in braces: `{slo="<service>-<name>"}`. */
  public get selector(): string {
    return `{${this.labelMatcher}}`;
  }

  /** The label matcher of this SLO's series, without braces: `slo="<service>-<name>"`. */
  public get labelMatcher(): string {
    return `${SloMetrics.SLO_LABEL}=${JSON.stringify(this.sloId)}`;
  }

  /**
   * Grafana panels of this SLO, created in `scope` (a dashboard row): the error budget remaining over the
   * period, and the burn rate over 5m and each alert's long window, with the page threshold.
   *
   * @example
   * slo.createPanels(dashboard.addRow('SLOs', { title: 'SLOs' }), 'ApiAvailability');
   */
  public createPanels(scope: Construct, id: string, options: SloPanelOptions = {}): SloPanels {
    const windows = [Duration.minutes(5), ...this.table.windows.map((w) => w.longWindow)];
    return new SloPanels(scope, id, {
      name: options.title ?? this.sloId,
      objective: this.objective,
      budgetRemainingMetric: SloMetrics.PERIOD_ERROR_BUDGET_REMAINING,
      errorRatioMetrics: windows.map((window) => ({ window, metric: SloMetrics.errorRatio(window) })),
      selector: this.labelMatcher,
      pageBurnRate: this.table.rowsOf(BurnRateTier.PAGE)[0].factor,
      datasource: options.datasource,
    });
  }

  /** A query of one of the SLO's recorded metrics (a `SloMetrics` name), restricted to this SLO. */
  public query(metric: string): string {
    return `${metric}${this.selector}`;
  }

  /** The query of the error ratio over a window the SLO records (`alertWindows()`, 5m, or the period). */
  public errorRatioQuery(window: Duration): string {
    const ms = PrometheusDuration.millis(window);
    if (!this.recordedWindows().some((w) => PrometheusDuration.millis(w) === ms)) {
      throw ValidationError.at(this, `window: the SLO records the error ratio over ${this.recordedWindows().map((w) => PrometheusDuration.format(w)).join(', ')}; received ${PrometheusDuration.format(window)}`);
    }
    return this.query(SloMetrics.errorRatio(window));
  }

  /** The query of the remaining error budget of the period (a ratio of the budget). */
  public get errorBudgetRemainingQuery(): string {
    return this.query(SloMetrics.PERIOD_ERROR_BUDGET_REMAINING);
  }

  /** The query of the current (5-minute) burn rate. */
  public get currentBurnRateQuery(): string {
    return this.query(SloMetrics.CURRENT_BURN_RATE);
  }

  /** The query of the SLI over the period, as a ratio of good events (`1 - error ratio`). */
  public get periodSliQuery(): string {
    return `1 - ${this.query(SloMetrics.errorRatio(this.period))}`;
  }

  /** The windows over which the error ratio is recorded, shortest first (the period last). */
  public recordedWindows(): Duration[] {
    const byMs = new Map<number, Duration>();
    for (const w of [Duration.minutes(5), ...this.table.alertWindows()]) byMs.set(PrometheusDuration.millis(w), w);
    return [...[...byMs.entries()].sort((a, b) => a[0] - b[0]).map(([, w]) => w), this.period];
  }

  private ruleLabels(): { [name: string]: string } {
    return Object.assign({}, this.labels, { [SloMetrics.SLO_LABEL]: this.sloId });
  }

  private addSliRecords(group: RuleGroup): void {
    const labels = this.ruleLabels();
    group.addRecord(SloMetrics.ERROR_EVENTS_5M, { expr: this.sli._errors('5m', this.aggregation), labels });
    group.addRecord(SloMetrics.EVENTS_5M, { expr: this.sli._total('5m', this.aggregation), labels });
    const windows = this.recordedWindows();
    for (const w of windows.slice(0, -1)) {
      group.addRecord(SloMetrics.errorRatio(w), { expr: this.sli._errorRatio(PrometheusDuration.format(w), this.aggregation), labels });
    }
    const p = PrometheusDuration.format(this.period);
    group.addRecord(SloMetrics.errorRatio(this.period), {
      expr: `sum_over_time(${this.query(SloMetrics.ERROR_EVENTS_5M)}[${p}])\n/\nsum_over_time(${this.query(SloMetrics.EVENTS_5M)}[${p}])`,
      labels,
    });
  }

  private addMetaRecords(group: RuleGroup): void {
    const labels = this.ruleLabels();
    const budget = `on(${SloMetrics.SLO_LABEL}) group_left() ${this.query(SloMetrics.ERROR_BUDGET)}`;
    group.addRecord(SloMetrics.OBJECTIVE, { expr: `vector(${clean(this.objective / 100)})`, labels });
    group.addRecord(SloMetrics.ERROR_BUDGET, { expr: `vector(${this.errorBudget})`, labels });
    group.addRecord(SloMetrics.PERIOD_DAYS, { expr: `vector(${clean(PrometheusDuration.millis(this.period) / 86_400_000)})`, labels });
    group.addRecord(SloMetrics.CURRENT_BURN_RATE, { expr: `${this.query(SloMetrics.errorRatio(Duration.minutes(5)))}\n/ ${budget}`, labels });
    group.addRecord(SloMetrics.PERIOD_BURN_RATE, { expr: `${this.query(SloMetrics.errorRatio(this.period))}\n/ ${budget}`, labels });
    group.addRecord(SloMetrics.PERIOD_ERROR_BUDGET_REMAINING, { expr: `1 - ${this.query(SloMetrics.PERIOD_BURN_RATE)}`, labels });
  }

  private condition(row: BurnRateWindow): string {
    const threshold = `(${row.factor} * ${this.errorBudget})`;
    return `(\n  ${this.query(SloMetrics.errorRatio(row.longWindow))} > ${threshold}\nand\n  ${this.query(SloMetrics.errorRatio(row.shortWindow))} > ${threshold}\n)`;
  }

  private addBurnRateAlert(group: RuleGroup, tier: BurnRateTier, severity: Severity, props: SloProps): AlertingRule | undefined {
    const override = this.overrides[tier];
    if (override?.enabled === false) return undefined;
    const rows = this.table.rowsOf(tier);
    const p = PrometheusDuration.format(this.period);
    const described = rows
      .map((r) => `${r.factor}x over ${PrometheusDuration.format(r.longWindow)} and ${PrometheusDuration.format(r.shortWindow)} (${percent(r.budgetShare)} of the budget in ${PrometheusDuration.format(r.longWindow)})`)
      .join(', or ');
    const promise = props.description ?? `${clean(this.objective)} % of events good over ${p}`;
    const generated: AlertingRuleOptions = {
      expr: rows.map((r) => this.condition(r)).join('\nor\n'),
      severity,
      labels: { ...this.labels },
      summary: `SLO ${this.sloId} is spending its error budget ${tier === BurnRateTier.PAGE ? 'fast' : 'steadily'} (${tier})`,
      description: `SLO ${this.sloId} (${promise}): the error ratio burns the ${p} error budget at ${described}.`,
      runbookUrl: props.runbookUrl,
    };
    const alert = group.addAlert(this.alertName, override === undefined ? generated : applyAlertOverride(generated, override));
    if (override !== undefined) alert._noteOverride(overriddenFields(override));
    QueryLint.suppress(alert, Check.ALERT_FOR, 'multi-window burn-rate alert: the short window debounces it (a single bad scrape cannot move a 5-minute error ratio past 14.4x the budget); a for would only delay the page');
    return alert;
  }

  /**
   * The generated promtool tests, built only when the tests are read (`RuleTests.render()`, the page
   * alert's `ruleTests`), which report their errors with this SLO's path. Steps are the scrape interval (for
   * a native-histogram SLI, a multiple of it: see `testStep`).
   * The firing test has a healthy history as long as the longest page window, then a constant burn at
   * 1.25 x the first page factor; the alerts expected at each time come from the burn-rate model
   * (`expectedTiers`), which also says when the ticket fires (its windows reach over the short history sooner).
   */
  private addTests(): void {
    const alert = this.pageAlert!;
    alert._addGeneratedTest(() => ValidationError.within(this, () => this.burnTest()));
    alert._addGeneratedTest(() => ValidationError.within(this, () => this.budgetTest()));
    // What makes a test impossible to generate is bad input of this SLO: it fails the synth, as every
    // other bad input does. Working out the scenarios is cheap; building and parsing the tests is what
    // waits for RuleTests.render().
    this.node.addValidation({
      validate: () => {
        try {
          this.burnTest();
          this.budgetTest();
          return [];
        } catch (e) {
          if (e instanceof ValidationError) return [e.detail];
          throw e;
        }
      },
    });
  }

  /** What both generated tests share: the step, the first page row, the history and the events per step. */
  private testScenario() {
    const page = this.table.rowsOf(BurnRateTier.PAGE)[0];
    const pageLong = PrometheusDuration.millis(page.longWindow);
    const history = Math.max(...this.table.rowsOf(BurnRateTier.PAGE).map((r) => PrometheusDuration.millis(r.longWindow)));
    const step = this.testStep(history + 1.2 * pageLong + PrometheusDuration.millis(page.shortWindow) + millisOf(this.pageAlert?.for));
    return {
      step,
      interval: Duration.millis(step),
      stepsOf: (d: number) => Math.ceil(d / step),
      at: (ms: number) => Math.round(ms / step) * step,
      page,
      pageLong,
      history,
      events: 1000,
      input: (series: TestSeries[]) => series.map((s) => ({ series: s.series, values: s.values })),
    };
  }

  /**
   * The step of the generated tests' series: the scrape interval; for a native-histogram SLI, the smallest
   * multiple of it that keeps a query over the whole test (`span` ms) within promtool's limit of 10,000
   * samples per query, where a test histogram counts as 13 (its size in bytes / 16).
   */
  private testStep(span: number): number {
    const scrape = PrometheusDuration.millis(this.scrapeInterval);
    if (!this.sli._native) return scrape;
    const step = scrape * Math.max(1, Math.ceil((span * NATIVE_TEST_SAMPLE_WEIGHT) / NATIVE_TEST_SAMPLE_BUDGET / scrape));
    const shortest = PrometheusDuration.millis(this.table.alertWindows()[0]);
    if (shortest < 2 * step) {
      throw new ValidationError(
        `tests: the generated tests of a native-histogram SLI need steps of ${PrometheusDuration.format(Duration.millis(step))} to stay within promtool's 10,000 samples per query, ` +
          `and the shortest burn-rate window (${PrometheusDuration.format(Duration.millis(shortest))}) would hold fewer than two; set tests: false and write the test by hand`,
      );
    }
    return step;
  }

  /** A burn at 1.25 x the first page factor pages when the model says, not before, and resolves after the burn. */
  private burnTest(): AlertTestOptions {
    const { step, interval, stepsOf, at, page, pageLong, history, events, input } = this.testScenario();
    const seriesLabels = this.sli._testLabels();
    const kept = Object.fromEntries(this.aggregation.filter((g) => g in seriesLabels).map((g) => [g, seriesLabels[g]]));
    const ruleOf = (tier: BurnRateTier) => (tier === BurnRateTier.PAGE ? this.pageAlert : this.ticketAlert);
    const alertOf = (rule: AlertingRule) => ({ labels: { ...kept, [SloMetrics.SLO_LABEL]: this.sloId, ...rule.labels }, annotations: { ...rule.annotations } });
    // an alert with a `for` (an override) fires once its condition has held that long
    const holdFor = { page: millisOf(this.pageAlert?.for), ticket: millisOf(this.ticketAlert?.for) };
    const pageFor = holdFor.page;
    const burn = 1.25 * page.factor;
    const crossing = (page.factor / burn) * pageLong;
    const historySteps = stepsOf(history);
    const onset = historySteps * step;
    const pageShort = PrometheusDuration.millis(page.shortWindow);
    const burnSteps = stepsOf(at(onset + crossing + 0.1 * pageLong + pageFor) - onset) + 1;
    const stop = onset + burnSteps * step;
    // Before the burn, just before and just after the expected page, and once the burn has stopped for
    // longer than the short window (which is what makes the page resolve while the long window is still high).
    const times = [onset - step, at(onset + crossing - 0.1 * pageLong), at(onset + crossing + 0.1 * pageLong + pageFor), at(stop + pageShort + 0.1 * pageLong)];
    // a page `for` long enough to tell: soon after the crossing the page is still pending
    if (pageFor > 0.12 * pageLong) times.splice(2, 0, at(onset + crossing + 0.06 * pageLong));
    const firing = this.sli._testSeries([
      { steps: historySteps, errorRatio: 0 },
      { steps: burnSteps, errorRatio: burn * this.errorBudget },
      { steps: stepsOf(times[times.length - 1] - stop) + 2, errorRatio: 0 },
    ], events);
    return {
      name: `${this.sloId}: burning at ${clean(burn)}x pages after ${PrometheusDuration.format(Duration.millis(at(crossing + pageFor)))}, not before, and resolves after the burn`,
      interval,
      inputSeries: input(firing),
      expectations: times.map((t) => ({
        at: Duration.millis(t),
        alerts: expectedTiers(this.table, { onset, stop, burn }, t, { holdFor, step })
          .map(ruleOf)
          .filter((rule): rule is AlertingRule => rule !== undefined)
          .map(alertOf),
      })),
    };
  }

  /** A burn at the budget (0.99x) never alerts. */
  private budgetTest(): AlertTestOptions {
    const { interval, stepsOf, at, pageLong, history, events, input } = this.testScenario();
    const sustainable = 0.99;
    const length = history;
    const quiet = this.sli._testSeries([{ steps: stepsOf(length) + 1, errorRatio: sustainable * this.errorBudget }], events);
    return {
      name: `${this.sloId}: a burn at the budget (${sustainable}x) never alerts`,
      interval,
      inputSeries: input(quiet),
      expectations: [pageLong / 2, pageLong, length].map((t) => ({ at: Duration.millis(at(t)), alerts: [] })),
    };
  }
}

/** A test burn: a constant burn rate (x the budget) from `onset` to `stop`, ms after the series start. @internal */
export interface TestBurn {
  readonly onset: number;
  readonly stop: number;
  readonly burn: number;
}

/**
 * How long each tier's alert must hold before it fires (its `for`, in ms), and the evaluation step.
 * @internal
 */
export interface TierHold {
  readonly holdFor: { readonly [tier: string]: number };
  readonly step: number;
}

/**
 * The alert tiers firing `at` ms after the series start, when the only errors are a constant burn: the
 * error ratio over a window is the burn times the share of the data in the window that is burning.
 * A tier with a `for` (`hold`) fires when its condition holds at every evaluation of the last `for`.
 * Throws when a ratio lands within 5 % of its threshold, where rounding could decide.
 * @internal
 */
export function expectedTiers(table: MultiBurnRateTable, test: TestBurn, at: number, hold?: TierHold): BurnRateTier[] {
  const undecided = (t: number, factor: number) =>
    new ValidationError(`tests: the generated burn scenario puts a ${factor}x row within 5 % of its threshold at ${PrometheusDuration.format(Duration.millis(t))}; set tests: false and write the test by hand`);
  const held = (tier: BurnRateTier): boolean => {
    const duration = hold?.holdFor[tier] ?? 0;
    // pending from the first evaluation of an unbroken run of true ones, firing once that is `for` ago:
    // one evaluation where the condition surely does not hold keeps it from firing
    const step = hold?.step ?? 1;
    const from = duration === 0 ? at : Math.floor((at - duration) / step) * step;
    if (from < 0) return false;
    let unsure: { t: number; factor: number } | undefined;
    for (let t = at; t >= from; t -= step) {
      const c = conditionAt(table, test, t, tier);
      if (c.holds === false) return false;
      if (c.holds === undefined) unsure ??= { t, factor: c.factor! };
    }
    if (unsure !== undefined) throw undecided(unsure.t, unsure.factor);
    return true;
  };
  return [BurnRateTier.PAGE, BurnRateTier.TICKET].filter(held);
}

/**
 * Whether a tier's condition holds `at` ms after the series start (see `expectedTiers`): undefined when
 * a row within 5 % of its threshold decides it (`factor` names the row).
 */
function conditionAt(table: MultiBurnRateTable, test: TestBurn, at: number, tier: BurnRateTier): { holds: boolean | undefined; factor?: number } {
  const ratio = (window: Duration) => {
    const from = Math.max(0, at - PrometheusDuration.millis(window));
    const burning = Math.max(0, Math.min(at, test.stop) - Math.max(from, test.onset));
    return at <= from ? 0 : (test.burn * burning) / (at - from);
  };
  // A comparison within 5 % of its threshold is undecided; it matters only if the other window holds.
  const compare = (value: number, factor: number) => (value !== 0 && Math.abs(value - factor) < 0.05 * factor ? undefined : value > factor);
  let unsure: number | undefined;
  for (const r of table.rowsOf(tier)) {
    const results = [ratio(r.longWindow), ratio(r.shortWindow)].map((v) => compare(v, r.factor));
    if (results.includes(false)) continue;
    if (results.includes(undefined)) unsure ??= r.factor;
    else return { holds: true };
  }
  return unsure === undefined ? { holds: false } : { holds: undefined, factor: unsure };
}

/** The burn-rate tiers, the keys of `SloProps.overrides`. */
const TIERS: string[] = [BurnRateTier.PAGE, BurnRateTier.TICKET];

/** A `for` in ms, 0 when there is none. */
function millisOf(duration: Duration | undefined): number {
  return duration === undefined ? 0 : PrometheusDuration.millis(duration);
}
