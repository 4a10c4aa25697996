import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Check } from '../catalogue/check';
import { QueryLint } from '../catalogue/query-lint';
import { quote, Severity, ValidationError } from '../core';
import { optionalBoolean, optionalStringMap, percentGivenAsRatio, requireNumber } from '../core/untyped';
import { AlertOverride, applyAlertOverride, overriddenFields, resolveAlertOverrides } from '../prometheus/alert-override';
import { AlertingRule, AlertingRuleOptions, checkRuleLabels } from '../prometheus/alerting-rule';
import { PrometheusRule } from '../prometheus/prometheus-rule';
import { RuleGroup } from '../prometheus/rule-group';
import { RunbookLinks } from '../prometheus/runbook-links';
import type { ExporterProps } from './workload';

// The built-in alerts of the exporters: each exporter declares its alerts (name, threshold, rule), and
// this module checks the alert props (`alerts`, `alertLabels`, `runbooks`, `overrides`) and builds the
// rules, so that the four exporters resolve and apply overrides one way. Not public API.

/** A ratio as a percentage for texts: 0.8 -> `80%`. @internal */
export function percent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(12))}%`;
}

/** The series an exporter's alerts select: their `job`, and their `namespace` when the chart has one. @internal */
export interface AlertTarget {
  readonly job: string;
  readonly namespace?: string;
}

/** The matchers of a target's series, equality only (so that `absent()` keeps them as labels). @internal */
export function targetSelector(target: AlertTarget): string {
  return target.namespace === undefined ? `job="${target.job}"` : `job="${target.job}", namespace="${target.namespace}"`;
}

/** A built-in alert's rule, before the exporter's labels, runbook and the override are applied. @internal */
export type GeneratedAlert = Omit<AlertingRuleOptions, 'labels' | 'runbookUrl'>;

/** The threshold of a built-in alert that has one. @internal */
export interface AlertThreshold {
  /** The generated value. */
  readonly value: number;
  /** Its unit, for messages (`a ratio of maxmemory, 0.9 = 90 %`). */
  readonly unit: string;
  /** A ratio strictly between 0 and 1 (else any number greater than 0). */
  readonly ratio: boolean;
}

/** One built-in alert of an exporter. @internal */
export interface BuiltInAlert {
  /** The alert's name, which is also its key in `overrides`. */
  readonly name: string;
  /** The threshold an override may change; undefined for an alert without one. */
  readonly threshold?: AlertThreshold;
  /** The rule for a target and a threshold (the generated one, or the override's). */
  readonly rule: (target: AlertTarget, threshold: number) => GeneratedAlert;
}

/**
 * The alert that a target is not scraped: it fails its scrapes (`up == 0`), or there is no target at all
 * (`absent`: the Deployment or Service gone, the ServiceMonitor or Probe not selected by Prometheus).
 * Equality matchers only, so that the `absent()` series still carries `namespace` and `job` for routing.
 * @param exporter what is scraped, for the texts: `PostgreSQL exporter`
 * @param monitored what goes unmonitored meanwhile: `PostgreSQL`
 * @internal
 */
export function targetDownAlert(name: string, exporter: string, monitored: string): BuiltInAlert {
  return {
    name,
    rule: (target) => {
      const where = target.namespace === undefined ? '' : ` in namespace ${target.namespace}`;
      return {
        expr: `up{${targetSelector(target)}} == 0 or absent(up{${targetSelector(target)}})`,
        for: Duration.minutes(5),
        severity: Severity.CRITICAL,
        summary: `{{ if $labels.instance }}The ${exporter} {{ $labels.instance }} (job ${target.job}) is not scraped{{ else }}The ${exporter} (job ${target.job}) has no scrape target{{ end }}`,
        description: `{{ if $labels.instance }}Prometheus cannot scrape the ${exporter} at {{ $labels.instance }}: ${monitored} is not monitored while it lasts.`
          + `{{ else }}Prometheus has no target with job="${target.job}"${where}: the exporter's Deployment or Service is gone, or Prometheus does not select its scrape object (instanceLabels); ${monitored} is not monitored.{{ end }}`,
      };
    },
  };
}

/** The alert props of `ExporterProps`. @internal */
export type ExporterAlertProps = Pick<ExporterProps, 'alerts' | 'alertLabels' | 'runbooks' | 'overrides'>;

/** Labels of the series the alerts keep: the exporter's `alertLabels` may not replace them. */
const SERIES_LABELS = ['job', 'namespace', 'instance'];

/**
 * An exporter's alert props, checked when the exporter is created: whether alerts are generated, their
 * labels and runbooks, and the overrides by name (known names, field types, thresholds in their unit).
 * @internal
 */
export class ExporterAlerts {
  /**
   * Checks the alert props of the exporter `scope`, whose built-in alerts are `alerts`.
   * @param what the exporter's class, for messages: `PostgresExporter`
   */
  public static of(scope: Construct, props: ExporterAlertProps, what: string, alerts: BuiltInAlert[]): ExporterAlerts {
    return ValidationError.within(scope, () => {
      const enabled = optionalBoolean(props.alerts, 'alerts') ?? true;
      const labels = optionalStringMap(props.alertLabels, 'alertLabels') ?? {};
      for (const name of SERIES_LABELS) {
        if (name in labels) throw new ValidationError(`alertLabels: ${quote(name)} comes from the exporter's series, which the alerts select by job and namespace; remove it (received ${quote(labels[name])})`);
      }
      checkRuleLabels(labels, ['severity', 'alertname'], 'alertLabels');
      if (props.runbooks !== undefined && !(props.runbooks instanceof RunbookLinks)) {
        throw new ValidationError(`runbooks: must be RunbookLinks, e.g. RunbookLinks.under('https://wiki.example.com/runbooks'); received ${quote(props.runbooks)}`);
      }
      const known = alerts.map((a) => ({ name: a.name, hasThreshold: a.threshold !== undefined }));
      const overrides = resolveAlertOverrides(props.overrides, known, `a built-in alert of ${what}`);
      if (!enabled && Object.keys(overrides).length > 0) {
        throw new ValidationError(`overrides: alerts is false, so there is no built-in alert to change (received overrides of ${Object.keys(overrides).join(', ')}); remove overrides, or alerts: false`);
      }
      const thresholds: { [name: string]: number } = {};
      for (const alert of alerts) {
        const given = overrides[alert.name]?.threshold;
        if (alert.threshold === undefined) continue;
        if (given === undefined) {
          thresholds[alert.name] = alert.threshold.value;
          continue;
        }
        const t = alert.threshold;
        thresholds[alert.name] = requireNumber(given, `overrides.${alert.name}.threshold`, t.ratio
          ? { unit: t.unit, min: 0, max: 1, above: true, below: true, didYouMean: percentGivenAsRatio }
          : { unit: t.unit, min: 0, above: true });
      }
      return new ExporterAlerts(what, enabled, { ...labels }, props.runbooks, overrides, thresholds, alerts);
    });
  }

  /** Whether any built-in alert is generated. */
  public readonly enabled: boolean;
  /** The exporter's class, for messages. */
  private readonly what: string;
  private readonly labels: { [name: string]: string };
  private readonly runbooks?: RunbookLinks;
  private readonly overrides: { [name: string]: AlertOverride };
  private readonly thresholds: { [name: string]: number };
  private readonly alerts: BuiltInAlert[];

  private constructor(what: string, enabled: boolean, labels: { [name: string]: string }, runbooks: RunbookLinks | undefined, overrides: { [name: string]: AlertOverride }, thresholds: { [name: string]: number }, alerts: BuiltInAlert[]) {
    this.what = what;
    this.enabled = enabled;
    this.labels = labels;
    this.runbooks = runbooks;
    this.overrides = overrides;
    this.thresholds = thresholds;
    this.alerts = alerts;
  }

  /** The built-in alerts generated: none with `alerts: false`, and none dropped by `enabled: false`. */
  public get kept(): BuiltInAlert[] {
    return this.enabled ? this.alerts.filter((a) => this.overrides[a.name]?.enabled !== false) : [];
  }

  /**
   * The exporter's `PrometheusRule` (child `Alerts`, named `name`, selected by `instanceLabels`) with one
   * group holding the kept alerts of `target`; undefined when no alert is kept.
   */
  public addRule(scope: Construct, name: string, instanceLabels: { [key: string]: string } | undefined, target: AlertTarget): PrometheusRule | undefined {
    if (this.kept.length === 0) return undefined;
    const rule = new PrometheusRule(scope, 'Alerts', { name, instanceLabels });
    this.addTo(rule.addGroup(name), target);
    return rule;
  }

  /**
   * Adds the kept alerts of `target` to `group`: the generated rule with the exporter's labels (and
   * `labels`), its runbook, and the override applied; `include` filters the alerts by name.
   */
  public addTo(group: RuleGroup, target: AlertTarget, labels: { [name: string]: string } = {}, include: (name: string) => boolean = () => true): AlertingRule[] {
    return this.kept.filter((a) => include(a.name)).map((a) => {
      const generated: AlertingRuleOptions = {
        ...a.rule(target, this.thresholds[a.name] ?? Number.NaN),
        labels: { ...this.labels, ...labels },
        runbookUrl: this.runbooks?.urlFor(a.name),
      };
      const override = this.overrides[a.name];
      const rule = group.addAlert(a.name, override === undefined ? generated : applyAlertOverride(generated, override));
      if (override !== undefined) rule._noteOverride(overriddenFields(override));
      // An exporter created before it had alerts has no runbooks: its new alerts must not fail the synth of a
      // chart with a query lint. The lint still reports them, with this reason, in its report and the output.
      if (this.runbooks === undefined && override?.annotations?.[AlertingRule.RUNBOOK_ANNOTATION] === undefined) {
        QueryLint.suppress(rule, Check.ALERT_RUNBOOK, `a built-in alert of ${this.what}, which was given no runbooks; link each alert to its page with the exporter's runbooks (RunbookLinks.under(...))`);
      }
      return rule;
    });
  }
}
