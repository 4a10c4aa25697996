import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ConstructQueries, PromQL, PrometheusDuration, quote, Severity, Validate, ValidationError } from '../core';
import { optionalDuration, optionalString, optionalStringMap, requireObject, requireString } from '../core/untyped';
import { AlertRouting } from '../core/alert-routing';
import { goTemplateError, PROMETHEUS_TEMPLATE_FUNCTIONS, PROMETHEUS_TEMPLATE_VARIABLES } from '../core/go-template';
import { isEmpty } from '../core/objects';
import { raiseProblem } from '../core/problems';
import { ruleEvaluationError } from '../core/promql-semantics';
import { sortNames } from '../core/sort';
import { PrometheusVersion, targetPrometheus } from '../core/target-versions';
import { AlertTestOptions, RuleTest, RuleTestList } from './rule-test';

/** Options of an alerting rule (`RuleGroup.addAlert(name, options)`). */
export interface AlertingRuleOptions {
  /**
   * The PromQL expression; every series it returns is an alert. Parsed with Prometheus' grammar. Maps to `expr`.
   * @see https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/
   */
  readonly expr: string;
  /**
   * How long the expression must keep returning a series before the alert fires (pending until then).
   * At least the group's evaluation interval. Maps to `for`.
   * @default - fires at the first evaluation that returns the series
   */
  readonly for?: Duration;
  /**
   * How long the alert keeps firing after the expression stops returning the series (damps flapping).
   * Maps to `keep_firing_for`.
   * @default - resolves at once
   */
  readonly keepFiringFor?: Duration;
  /** The `severity` label, which routing and inhibition key on. */
  readonly severity: Severity;
  /**
   * More labels (`team`, `service`...). Values may use `{{ $labels.x }}`, never `{{ $value }}` (a new
   * value would make a new alert at every evaluation). `severity` and `alertname` are set by the rule. Maps to `labels`.
   * @default {}
   */
  readonly labels?: { [name: string]: string };
  /**
   * A one-line summary for notifications; may use `{{ $labels.x }}` and `{{ $value }}`. Maps to the `summary` annotation.
   */
  readonly summary: string;
  /**
   * What is happening and its impact; may use templates. Maps to the `description` annotation.
   * @default - none
   */
  readonly description?: string;
  /**
   * The runbook: what to check and do. Maps to the `runbook_url` annotation.
   * @default - none
   */
  readonly runbookUrl?: string;
  /**
   * A dashboard showing the alert's context. Maps to the `dashboard_url` annotation.
   * @default - none
   */
  readonly dashboardUrl?: string;
  /**
   * More annotations. Maps to `annotations`.
   * @default {}
   */
  readonly annotations?: { [name: string]: string };
}

/** Properties of an `AlertingRule`. */
export interface AlertingRuleProps extends AlertingRuleOptions {
  /**
   * The alert's name (`alertname`): a metric-name-shaped identifier (`[a-zA-Z_:][a-zA-Z0-9_:]*`), UpperCamelCase
   * by convention. Deliberately stricter than Prometheus, which takes any string, so that names work
   * unquoted in matchers, in `ALERTS{alertname="..."}` and as construct ids. Maps to `alert`.
   * @default - the construct id
   */
  readonly alertName?: string;
  /**
   * The group's evaluation interval, to check `for` against.
   * @default - not checked
   */
  readonly groupInterval?: Duration;
  /**
   * The labels of the rule's group (`RuleGroupOptions.labels`), which its alerts also carry (the rule's own
   * labels and `severity` win); they are rendered on the group, not on the rule.
   * @default {}
   */
  readonly groupLabels?: { [name: string]: string };
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * Rejects unbalanced Go template delimiters, and `$value` where it makes alerts flap. `text` is the value
 * of `key` in the map `map` (`annotations`, `labels`): the field named in messages, built only for one.
 * @internal
 */
export function checkTemplate(text: string, map: string, key: string, allowValue: boolean): void {
  let depth = 0;
  // character codes, not two-character slices: annotations are checked for every rule of every app
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c !== OPEN_BRACE && c !== CLOSE_BRACE) continue;
    const pair = c === text.charCodeAt(i + 1);
    if (c === OPEN_BRACE && pair) {
      if (depth > 0) throw new ValidationError(`${entryField(map, key)}: unbalanced template delimiters ("{{" inside "{{ ... }}"); received ${quote(text)}`);
      depth++;
      i++;
    } else if (c === CLOSE_BRACE && pair && depth > 0) {
      depth--;
      i++;
    }
  }
  if (depth !== 0) throw new ValidationError(`${entryField(map, key)}: unterminated template action (missing "}}"); received ${quote(text)}`);
  if (!allowValue && /\{\{[^}]*\$value/.test(text)) {
    throw new ValidationError(`${entryField(map, key)}: labels must not use $value (every new value would make a new alert); move it to an annotation; received ${quote(text)}`);
  }
  if (text.includes('{{')) {
    const error = goTemplateError(text, PROMETHEUS_TEMPLATE_FUNCTIONS, PROMETHEUS_TEMPLATE_VARIABLES);
    if (error !== undefined) throw new ValidationError(`${entryField(map, key)}: invalid template: ${error} (Prometheus would refuse the rule file); received ${quote(text)}`);
  }
  if (!text.includes('$labels.')) return;
  for (const m of text.matchAll(/\$labels\.([A-Za-z0-9_]*)/g)) {
    Validate.relabelLabelName(m[1], `${entryField(map, key)} $labels reference`);
  }
}

/**
 * Rejects an expression whose result is a range vector or a string: Prometheus loads such a rule but
 * fails every evaluation of it ("rule result is not a vector or scalar"). @internal
 */
export function checkInstantResult(expr: PromQL): void {
  let node = expr._tree.topNode.firstChild;
  while (node && node.name === 'ParenExpr') node = node.firstChild;
  const kind = node ? NOT_INSTANT[node.name] : undefined;
  if (kind !== undefined) {
    throw new ValidationError(`expr: a rule must return an instant vector or a scalar, but ${quote(expr.expression)} returns ${kind}; wrap it in a function such as rate() or max_over_time()`);
  }
}

/**
 * Rejects an expression Prometheus loads but cannot evaluate as a rule in the target release (see
 * `ruleEvaluationError`). @internal
 */
export function checkRuleEvaluation(expr: PromQL, prometheus: PrometheusVersion): void {
  const error = ruleEvaluationError(expr._parsedText, expr._tree, prometheus);
  if (error !== undefined) throw new ValidationError(`expr: ${error.message}; received ${quote(expr.expression)}`);
}

/** How messages name the entry `key` of the map `map`: `annotations["summary"]`. */
function entryField(map: string, key: string): string {
  return `${map}[${JSON.stringify(key)}]`;
}

/** The expression kinds a rule must not return, by their node name. */
const NOT_INSTANT: { [node: string]: string | undefined } = { MatrixSelector: 'a range vector', SubqueryExpr: 'a range vector (subquery)', StringLiteral: 'a string' };

/**
 * Checks a rule's label map: names Prometheus accepts (UTF-8 ones when `prometheus` is a 3.x release),
 * none reserved by the rule. @internal
 */
export function checkRuleLabels(labels: { [name: string]: string }, reserved: string[], field = 'labels', prometheus?: PrometheusVersion): void {
  const nameField = `${field} name`;
  for (const k of Object.keys(labels)) {
    Validate.labelName(k, nameField, prometheus);
    if (reserved.includes(k)) throw new ValidationError(`${field}: ${quote(k)} is set by the rule itself; ${k === 'severity' ? 'use the severity option' : 'remove it'}`);
    checkTemplate(labels[k], field, k, false);
  }
}

/**
 * A Prometheus alerting rule: a PromQL expression whose every result series is an alert, with its
 * severity, timing and the annotations people read when it fires. Created by `RuleGroup.addAlert()`.
 *
 * The expression is parsed at construction (`[app/rules/group/HighErrorRate] expr: invalid PromQL ...`);
 * label and annotation names are checked as Prometheus checks them; `for` shorter than the group
 * interval is rejected, since the alert could never wait that long.
 *
 * @example
 * group.addAlert('HighErrorRate', {
 *   expr: 'sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05',
 *   for: Duration.minutes(5),
 *   severity: Severity.CRITICAL,
 *   summary: 'High error rate',
 *   description: 'Error rate is {{ $value | humanizePercentage }}',
 *   runbookUrl: 'https://runbooks.example.com/high-error-rate',
 * });
 * @see https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/
 */
export class AlertingRule extends Construct {
  /** The annotation holding `summary`. */
  public static readonly SUMMARY_ANNOTATION = 'summary';
  /** The annotation holding `description`. */
  public static readonly DESCRIPTION_ANNOTATION = 'description';
  /** The annotation holding `runbookUrl` (the name kube-prometheus and most Alertmanager templates use). */
  public static readonly RUNBOOK_ANNOTATION = 'runbook_url';
  /** The annotation holding `dashboardUrl`. */
  public static readonly DASHBOARD_ANNOTATION = 'dashboard_url';

  /** The alert name (`alertname`). */
  public readonly alertName: string;
  /** The parsed expression. */
  public readonly expr: PromQL;
  /** The severity. */
  public readonly severity: Severity;
  /** `for`, if any. */
  public readonly for?: Duration;
  /** `keep_firing_for`, if any. */
  public readonly keepFiringFor?: Duration;
  /** Every label the rule gives its alerts, `severity` and its group's labels included, in name order. */
  public readonly labels: { [name: string]: string };
  /** Every annotation of the rule, in name order. */
  public readonly annotations: { [name: string]: string };
  /** The summary annotation. */
  public readonly summary: string;
  /** The runbook URL, if any. */
  public readonly runbookUrl?: string;
  /** The fields an `AlertOverride` changed, for the alert catalogue. */
  private overridden: string[] = [];
  /** The labels written on the rule: `labels` without those that only its group gives. */
  private readonly ownLabels: { [name: string]: string };
  private readonly tests = new RuleTestList<AlertTestOptions>(this, () => ({ kind: 'alert', name: this.alertName, labels: this.labels, annotations: this.annotations }));

  public constructor(scope: Construct, id: string, props: AlertingRuleProps) {
    super(scope, id);
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    ValidationError.within(this, () => {
      requireObject(props, 'props', '{ expr, summary, severity }');
      optionalString(props.alertName, 'alertName', '\'CheckoutHighErrorRate\'');
      requireString(props.expr, 'expr', '\'sum by (namespace) (rate(errors_total[5m])) > 1\'');
      requireString(props.summary, 'summary', '\'Checkout answers 5xx\'');
      if (!(props.severity instanceof Severity)) {
        throw new ValidationError(`severity: must be a Severity: Severity.CRITICAL, Severity.WARNING, Severity.INFO or Severity.of('page'); received ${quote(props.severity)}`);
      }
      // a problem found when the severity was created (Severity.of('Page!')); its message names the field
      raiseProblem(props.severity);
      optionalDuration(props.for, 'for');
      optionalDuration(props.keepFiringFor, 'keepFiringFor');
      optionalStringMap(props.labels, 'labels');
      optionalStringMap(props.groupLabels, 'groupLabels');
      optionalStringMap(props.annotations, 'annotations');
      for (const field of ['description', 'runbookUrl', 'dashboardUrl'] as const) {
        if (props[field] !== undefined) requireString(props[field], field, '\'...\'');
      }
    });
    this.alertName = props.alertName ?? id;
    this.expr = ConstructQueries.promql(this, 'expr', props.expr);
    this.severity = props.severity;
    this.for = props.for;
    this.keepFiringFor = props.keepFiringFor;
    this.summary = props.summary;
    this.runbookUrl = props.runbookUrl;
    const prometheus = targetPrometheus(this);
    const built = ValidationError.within(this, () => {
      Validate.metricName(this.alertName, 'alert', prometheus);
      checkInstantResult(this.expr);
      checkRuleEvaluation(this.expr, prometheus);
      const forText = props.for === undefined ? undefined : PrometheusDuration.format(props.for);
      if (props.for !== undefined && props.groupInterval !== undefined) {
        const f = PrometheusDuration.millis(props.for);
        if (f > 0 && f < PrometheusDuration.millis(props.groupInterval)) {
          throw new ValidationError(`for: must be at least the rule group interval (${PrometheusDuration.format(props.groupInterval)}), since the rule is only evaluated that often; received ${forText}`);
        }
      }
      if (props.keepFiringFor !== undefined) PrometheusDuration.format(props.keepFiringFor);
      const labels = props.labels ?? {};
      checkRuleLabels(labels, ['severity', 'alertname'], 'labels', prometheus);
      if (props.summary.trim() === '') throw new ValidationError('summary: must not be empty; say in one line what is wrong');
      const annotations: { [name: string]: string } = Object.assign({}, props.annotations);
      const set = (key: string, value: string | undefined) => {
        if (value === undefined) return;
        if (key in annotations) throw new ValidationError(`annotations: ${quote(key)} is set by the ${key} option; remove it from annotations`);
        annotations[key] = value;
      };
      set(AlertingRule.SUMMARY_ANNOTATION, props.summary);
      set(AlertingRule.DESCRIPTION_ANNOTATION, props.description);
      set(AlertingRule.RUNBOOK_ANNOTATION, props.runbookUrl === undefined ? undefined : checkUrl(props.runbookUrl, 'runbookUrl'));
      set(AlertingRule.DASHBOARD_ANNOTATION, props.dashboardUrl === undefined ? undefined : checkUrl(props.dashboardUrl, 'dashboardUrl'));
      for (const k of Object.keys(annotations)) {
        Validate.labelName(k, 'annotations name', prometheus);
        checkTemplate(annotations[k], 'annotations', k, true);
      }
      // kept in sorted order: the rule renders them as they are, for every synth
      const own = sorted(Object.assign({}, labels, { severity: props.severity.name }));
      const group = props.groupLabels;
      if (group !== undefined) Validate.prometheusLabels(group, 'groupLabels', prometheus);
      return { own, labels: group === undefined || isEmpty(group) ? own : sorted(Object.assign({}, group, own)), annotations: sorted(annotations) };
    });
    this.ownLabels = built.own;
    this.labels = built.labels;
    this.annotations = built.annotations;
    AlertRouting.addAlert({ scope: this, alertname: this.alertName, expr: this.expr, labels: this.labels });
  }

  /**
   * Declares a promtool unit test of this alert: input series and the alerts expected at given
   * times. `RuleTests.render(scope)` writes it into a `promtool test rules` file.
   *
   * @example
   * alert.addTest({
   *   inputSeries: [{ series: 'up{job="api"}', values: '1 1 0x10' }],
   *   expectations: [{ at: Duration.minutes(1), alerts: [] }, { at: Duration.minutes(5), alerts: [{ labels: { job: 'api' } }] }],
   * });
   */
  public addTest(options: AlertTestOptions): RuleTest {
    return this.tests.add(options);
  }

  /**
   * Declares a generated unit test (an SLO's), created only when the tests are read: `ruleTests` or
   * `RuleTests.render()`, which report its errors.
   * @internal
   */
  public _addGeneratedTest(options: () => AlertTestOptions): void {
    this.tests.addGenerated(options);
  }

  /**
   * Records that the generating construct applied an `AlertOverride` setting `fields` (the rule was built
   * with the overridden values; this only lets the alert catalogue show it).
   * @internal
   */
  public _noteOverride(fields: string[]): void {
    this.overridden = [...fields];
  }

  /**
   * The fields an `AlertOverride` changed (empty when none).
   * @internal
   */
  public get _overriddenFields(): string[] {
    return [...this.overridden];
  }

  /** The unit tests: declared with `addTest()`, and generated ones (an `Slo`'s), created when first read. */
  public get ruleTests(): RuleTest[] {
    return this.tests.all;
  }

  /**
   * The rule as in a Prometheus rule file (`keep_firing_for` in snake case).
   * @internal
   */
  public _render(): { [key: string]: unknown } {
    // in the form the object is written in (keys sorted, nothing undefined)
    const rule: { [key: string]: unknown } = { alert: this.alertName };
    if (!isEmpty(this.annotations)) rule.annotations = this.annotations;
    rule.expr = this.expr.expression;
    if (this.for !== undefined) rule.for = PrometheusDuration.format(this.for);
    if (this.keepFiringFor !== undefined) rule.keep_firing_for = PrometheusDuration.format(this.keepFiringFor);
    if (!isEmpty(this.ownLabels)) rule.labels = this.ownLabels;
    return rule;
  }
}

function checkUrl(url: string, field: string): string {
  // Templates may build the URL from labels; check the fixed part only.
  const fixed = url.replace(/\{\{[^}]*\}\}/g, 'x');
  let parsed: URL;
  try {
    parsed = new URL(fixed);
  } catch {
    throw new ValidationError(`${field}: must be an absolute http(s) URL; received ${quote(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ValidationError(`${field}: must be an absolute http(s) URL; received ${quote(url)}`);
  }
  return url;
}

/** A copy of a map with sorted keys (label maps are sets). @internal */
export function sorted(map: { [key: string]: string }): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  for (const key of sortNames(Object.keys(map))) out[key] = map[key];
  return out;
}
