import { Duration } from 'cdk8s';
import { quote, Severity, ValidationError } from '../core';
import { closest } from '../core/edit-distance';
import { PrometheusVersion } from '../core/target-versions';
import { optionalBoolean, optionalDuration, optionalObject, optionalStringMap, requireNumber, requireObject } from '../core/untyped';
import { AlertingRule, AlertingRuleOptions, checkRuleLabels } from './alerting-rule';

/**
 * A change to one generated alert, field by field (`AppMonitoringProps.overrides`). Every field left out
 * keeps the generated value.
 *
 * @example
 * overrides: {
 *   HighLatency: { threshold: 2, for: Duration.minutes(20), labels: { tier: 'best-effort' } },
 *   PodRestarting: { enabled: false },
 * }
 */
export interface AlertOverride {
  /**
   * Whether the alert is generated at all; `false` drops it (as leaving its part out would).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The value the alert's expression compares against, in the unit the construct documents for that
   * alert (a ratio, seconds, a count). Rejected for an alert without a threshold.
   * @default - the construct's threshold
   */
  readonly threshold?: number;
  /**
   * How long the condition must hold before the alert fires. `Duration.seconds(0)` fires at once.
   * @default - the generated `for`
   */
  readonly for?: Duration;
  /**
   * The severity (routing and inhibition key on it).
   * @default - the generated severity
   */
  readonly severity?: Severity;
  /**
   * Labels added to the generated ones (a label of the same name replaces it). `severity` and `alertname`
   * are set by the rule.
   * @default {}
   */
  readonly labels?: { [name: string]: string };
  /**
   * Annotations added to the generated ones (one of the same name replaces it, `summary`, `description`,
   * `runbook_url` and `dashboard_url` included).
   * @default {}
   */
  readonly annotations?: { [name: string]: string };
}

/** The fields of an `AlertOverride` a caller set, in a fixed order: what the alert catalogue shows. @internal */
export function overriddenFields(override: AlertOverride): string[] {
  const fields: Array<keyof AlertOverride> = ['enabled', 'threshold', 'for', 'severity', 'labels', 'annotations'];
  return fields.filter((f) => override[f] !== undefined);
}

/**
 * Checks the shape of an override (`field` names it in messages: `overrides.HighLatency`) and, when
 * `hasThreshold` is false, that it sets no threshold. Returns the threshold when one is set.
 * @internal
 */
export function checkAlertOverride(override: AlertOverride, field: string, hasThreshold: boolean, prometheus?: PrometheusVersion): number | undefined {
  requireObject(override, field, '{ for: Duration.minutes(10) }');
  optionalBoolean(override.enabled, `${field}.enabled`);
  optionalDuration(override.for, `${field}.for`);
  if (override.severity !== undefined && !(override.severity instanceof Severity)) {
    throw new ValidationError(`${field}.severity: must be a Severity: Severity.CRITICAL, Severity.WARNING, Severity.INFO or Severity.of('page'); received ${quote(override.severity)}`);
  }
  checkRuleLabels(optionalStringMap(override.labels, `${field}.labels`) ?? {}, ['severity', 'alertname'], `${field}.labels`, prometheus);
  optionalStringMap(override.annotations, `${field}.annotations`);
  if (override.threshold === undefined) return undefined;
  if (!hasThreshold) throw new ValidationError(`${field}.threshold: this alert has no threshold to change; remove threshold, or change the alert's other fields`);
  return requireNumber(override.threshold, `${field}.threshold`, { unit: 'the value the expression compares against' });
}

/**
 * One alert a construct generates, as an override may name it.
 * @internal
 */
export interface OverridableAlert {
  /** The key of `overrides` (the built-in name, without a service prefix; an SLO's tier). */
  readonly name: string;
  /** Whether the alert compares against a threshold an override may change. */
  readonly hasThreshold: boolean;
}

/**
 * The `overrides` prop of a construct that generates alerts, checked: every key names one of `known`
 * (else an error listing them, with a "did you mean" or, when the key is a known name behind `prefix`,
 * the name without it) and every override has the right shape. Messages name the field `overrides`.
 * @param what what generates the alerts, for messages: `a built-in alert of AppMonitoring`
 * @param prometheus the target release, for the label names (UTF-8 ones from 3.x on)
 * @internal
 */
export function resolveAlertOverrides(overrides: unknown, known: OverridableAlert[], what: string, prefix = '', prometheus?: PrometheusVersion): { [name: string]: AlertOverride } {
  const checked = optionalObject(overrides, 'overrides', `{ ${known[0]?.name ?? 'HighLatency'}: { for: Duration.minutes(20) } }`) as { [name: string]: AlertOverride } | undefined;
  if (checked === undefined) return {};
  const names = known.map((k) => k.name);
  for (const name of Object.keys(checked)) {
    const alert = known.find((k) => k.name === name);
    if (alert === undefined) {
      const unprefixed = prefix !== '' && name.startsWith(prefix) && names.includes(name.slice(prefix.length)) ? name.slice(prefix.length) : undefined;
      const meant = unprefixed ?? closest(name, names);
      const hint = unprefixed !== undefined ? `; name it without the service prefix: ${quote(unprefixed)}` : meant !== undefined ? `; did you mean ${quote(meant)}?` : '';
      throw new ValidationError(`overrides: ${quote(name)} is not ${what} (known: ${names.join(', ')})${hint}`);
    }
    checkAlertOverride(checked[name], `overrides.${name}`, alert.hasThreshold, prometheus);
  }
  return checked;
}

/** The annotations set by options of `AlertingRuleOptions`, by annotation name. */
const ANNOTATION_OPTIONS: { [annotation: string]: 'summary' | 'description' | 'runbookUrl' | 'dashboardUrl' } = {
  [AlertingRule.SUMMARY_ANNOTATION]: 'summary',
  [AlertingRule.DESCRIPTION_ANNOTATION]: 'description',
  [AlertingRule.RUNBOOK_ANNOTATION]: 'runbookUrl',
  [AlertingRule.DASHBOARD_ANNOTATION]: 'dashboardUrl',
};

/**
 * The options of a generated alert with an override's `for`, severity, labels and annotations applied
 * (the threshold is the generating construct's business: it is in the expression). Checked with
 * `checkAlertOverride` first.
 * @internal
 */
export function applyAlertOverride(options: AlertingRuleOptions, override: AlertOverride): AlertingRuleOptions {
  const annotations: { [name: string]: string } = { ...options.annotations };
  const fromOptions: { summary: string; description?: string; runbookUrl?: string; dashboardUrl?: string } = {
    summary: options.summary, description: options.description, runbookUrl: options.runbookUrl, dashboardUrl: options.dashboardUrl,
  };
  for (const [key, value] of Object.entries(override.annotations ?? {})) {
    const option = ANNOTATION_OPTIONS[key];
    if (option !== undefined) fromOptions[option] = value;
    else annotations[key] = value;
  }
  const forOverride = override.for !== undefined && override.for.toMilliseconds() === 0 ? undefined : override.for;
  return {
    ...options,
    ...fromOptions,
    for: override.for !== undefined ? forOverride : options.for,
    severity: override.severity ?? options.severity,
    labels: { ...options.labels, ...override.labels },
    annotations,
  };
}
