import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { PrometheusDuration, quote, Validate, ValidationError } from '../core';
import { targetPrometheus } from '../core/target-versions';
import { checkNumber, optionalDuration, optionalString, optionalStringMap, requireObject } from '../core/untyped';
import { AlertingRule, AlertingRuleOptions, sorted } from './alerting-rule';
import { RecordingRule, RecordingRuleOptions } from './recording-rule';
import { requireReleases } from './version-gates';

/**
 * How Thanos Ruler treats a partial query response. Prometheus ignores it.
 * Maps to `partial_response_strategy`. @see https://thanos.io/tip/components/rule.md/#partial-response
 */
export enum PartialResponseStrategy {
  /** Fail the evaluation. */
  ABORT = 'abort',
  /** Evaluate on the partial data and warn. */
  WARN = 'warn',
}

/** Options of a rule group (`PrometheusRule.addGroup(name, options)`). */
export interface RuleGroupOptions {
  /**
   * How often the group's rules are evaluated. Maps to `interval`.
   * @default - the Prometheus instance's evaluation interval (30s in kube-prometheus-stack)
   */
  readonly interval?: Duration;
  /**
   * The most alerts an alerting rule, or series a recording rule, may produce; beyond it the
   * evaluation fails: a count, an integer >= 0 (0 means no limit). Needs Prometheus Operator 0.65. Maps to `limit`.
   * @default - no limit
   */
  readonly limit?: number;
  /**
   * Labels added to the alerts and series of every rule of the group, as if each rule had them: a rule's own
   * labels (and an alert's `severity`) win. Plain values (Prometheus would expand templates in them for
   * alerting rules only). Needs Prometheus 3.0 and Prometheus Operator 0.79. Maps to `labels`.
   * @default {}
   * @see https://prometheus.io/docs/prometheus/latest/configuration/recording_rules/#rule_group
   */
  readonly labels?: { [name: string]: string };
  /**
   * How far in the past the group's rules are evaluated: their queries look at the data of `queryOffset`
   * ago, for series that arrive late (remote write, federation). Needs Prometheus 2.53 and
   * Prometheus Operator 0.78. Maps to `query_offset`.
   * @default - the Prometheus instance's `rule_query_offset` (0s)
   */
  readonly queryOffset?: Duration;
  /**
   * Thanos Ruler's partial response strategy (ignored by Prometheus, and left out of the promtool rule file).
   * @default - Thanos' default (abort)
   */
  readonly partialResponseStrategy?: PartialResponseStrategy;
}

/** Properties of a `RuleGroup`. */
export interface RuleGroupProps extends RuleGroupOptions {
  /**
   * The group's name, unique in its PrometheusRule. Maps to `name`.
   * @default - the construct id
   */
  readonly name?: string;
}

type Rule = AlertingRule | RecordingRule;

/**
 * A Prometheus rule group: alerting and recording rules evaluated in order, at one interval. Created by
 * `PrometheusRule.addGroup()`; rules are added with `addAlert()` / `addRecord()` at any time before synth.
 *
 * The same alert name may appear twice in a group only with different labels (one rule per severity,
 * the multi-burn-rate pattern); the same name with the same labels is a duplicate and is rejected, as
 * is a group left without rules.
 *
 * @example
 * const group = rules.addGroup('api.availability', { interval: Duration.seconds(30) });
 * group.addAlert('ApiDown', { expr: 'up{job="api"} == 0', for: Duration.minutes(1), severity: Severity.CRITICAL, summary: 'API down' });
 * @see https://prometheus.io/docs/prometheus/latest/configuration/recording_rules/#rule_group
 */
export class RuleGroup extends Construct {
  /** The group's name. */
  public readonly groupName: string;
  /** The evaluation interval, if set. */
  public readonly interval?: Duration;
  /** The limit, if set. */
  public readonly limit?: number;
  /** The labels added to every rule of the group, in name order (empty when none). */
  public readonly labels: { [name: string]: string };
  /** The query offset, if set. */
  public readonly queryOffset?: Duration;
  /** Thanos' partial response strategy, if set. */
  public readonly partialResponseStrategy?: PartialResponseStrategy;
  private readonly rules: Rule[] = [];
  /** The rules by kind and name (`alert:X`, `record:x`), to find a twin without scanning the group. */
  private readonly rulesByName = new Map<string, Rule[]>();

  public constructor(scope: Construct, id: string, props: RuleGroupProps = {}) {
    super(scope, id);
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    ValidationError.within(this, () => {
      requireObject(props, 'props', '{ name: \'checkout\', interval: Duration.minutes(1) }');
      optionalString(props.name, 'name', '\'checkout\'');
      optionalDuration(props.interval, 'interval');
      optionalDuration(props.queryOffset, 'queryOffset');
      optionalStringMap(props.labels, 'labels');
    });
    this.groupName = props.name ?? id;
    this.interval = props.interval;
    this.limit = props.limit;
    this.queryOffset = props.queryOffset;
    this.labels = sorted(props.labels ?? {});
    this.partialResponseStrategy = props.partialResponseStrategy;
    ValidationError.within(this, () => {
      if (this.groupName.trim() === '') throw new ValidationError('name: a rule group needs a name');
      if (props.interval !== undefined) {
        const text = PrometheusDuration.format(props.interval);
        if (PrometheusDuration.millis(props.interval) <= 0) throw new ValidationError(`interval: must be longer than 0s; received ${text}`);
      }
      // Prometheus' rule group limit is a Go int (negative values are refused by promtool); 0 means no limit
      if (checkNumber(props.limit, 'limit', { unit: 'a count of alerts or series, 0 for no limit', min: 0, integer: true }) !== undefined) {
        requireReleases(this, 'limit', { operator: '0.65' });
      }
      for (const [name, value] of Object.entries(this.labels)) {
        Validate.labelName(name, 'labels name', targetPrometheus(this));
        if (name === 'alertname' || name === 'severity') {
          throw new ValidationError(`labels: ${quote(name)} is set by each alerting rule, which wins over the group's labels; ${name === 'severity' ? 'give each alert its severity' : 'remove it'}`);
        }
        if (value.includes('{{')) {
          throw new ValidationError(`labels[${JSON.stringify(name)}]: must be a plain value: Prometheus expands templates in group labels for the alerting rules but not for the recording rules; put templated labels on the alerts; received ${quote(value)}`);
        }
      }
      if (Object.keys(this.labels).length > 0) requireReleases(this, 'labels', { prometheus: '3.0', operator: '0.79' });
      if (props.queryOffset !== undefined) {
        ValidationError.inField('queryOffset', () => PrometheusDuration.format(props.queryOffset!));
        requireReleases(this, 'queryOffset', { prometheus: '2.53', operator: '0.78' });
      }
      const strategies = Object.values(PartialResponseStrategy) as string[];
      if (props.partialResponseStrategy !== undefined && !strategies.includes(props.partialResponseStrategy)) {
        throw new ValidationError(`partialResponseStrategy: must be one of ${strategies.join(', ')}; received ${quote(props.partialResponseStrategy)}`);
      }
    });
    this.node.addValidation({
      validate: () => (this.rules.length === 0 ? [`rules: the rule group ${quote(this.groupName)} has no rules; add one with addAlert() or addRecord(), or remove the group`] : []),
    });
  }

  /**
   * Adds an alerting rule named `name`; returns it (to add tests, or for other modules to inspect).
   * @throws ValidationError when an alert of that name with the same labels is already in the group
   */
  public addAlert(name: string, options: AlertingRuleOptions): AlertingRule {
    const id = this.freeId(name);
    // Object.assign, not a spread: options come in many shapes, where V8's spread is several times slower
    const alert = new AlertingRule(this, id, Object.assign({}, options, { alertName: name, groupInterval: this.interval, groupLabels: this.labels }));
    const named = this.named(`alert:${name}`);
    if (named.some((a) => sameLabels(a.labels, alert.labels))) {
      this.node.tryRemoveChild(id);
      throw ValidationError.at(alert, `alert: the group ${quote(this.groupName)} already has an alert ${quote(name)} with the same labels ${quote(alert.labels)}; give it another name or other labels (e.g. another severity)`);
    }
    this.rules.push(alert);
    named.push(alert);
    return alert;
  }

  /**
   * Adds a recording rule storing `expr` as `record`; returns it.
   * @throws ValidationError when a rule recording the same name with the same labels is already in the group
   */
  public addRecord(record: string, options: RecordingRuleOptions): RecordingRule {
    const id = this.freeId(record);
    const rule = new RecordingRule(this, id, Object.assign({}, options, { record, groupLabels: this.labels }));
    const named = this.named(`record:${record}`);
    if (named.some((r) => sameLabels(r.labels, rule.labels))) {
      this.node.tryRemoveChild(id);
      throw ValidationError.at(rule, `record: the group ${quote(this.groupName)} already records ${quote(record)} with the same labels; the two rules would write the same series`);
    }
    this.rules.push(rule);
    named.push(rule);
    return rule;
  }

  /** The alerting rules, in order. */
  public get alerts(): AlertingRule[] {
    return this.rules.filter((r): r is AlertingRule => r instanceof AlertingRule);
  }

  /** The recording rules, in order. */
  public get records(): RecordingRule[] {
    return this.rules.filter((r): r is RecordingRule => r instanceof RecordingRule);
  }

  /**
   * The group as in a Prometheus rule file. `thanos` adds Thanos-only fields (`partial_response_strategy`).
   * @internal
   */
  public _render(thanos: boolean): { [key: string]: unknown } {
    // in the form the object is written in (keys sorted, nothing undefined)
    const group: { [key: string]: unknown } = {};
    if (this.interval !== undefined) group.interval = PrometheusDuration.format(this.interval);
    if (Object.keys(this.labels).length > 0) group.labels = this.labels;
    if (this.limit !== undefined) group.limit = this.limit;
    group.name = this.groupName;
    if (thanos && this.partialResponseStrategy !== undefined) group.partial_response_strategy = this.partialResponseStrategy;
    if (this.queryOffset !== undefined) group.query_offset = PrometheusDuration.format(this.queryOffset);
    group.rules = this.rules.map((r) => r._render());
    return group;
  }

  /** The rules of a kind and name (`alert:X`), in order; an empty list kept for the name. */
  private named(key: string): Rule[] {
    let list = this.rulesByName.get(key);
    if (list === undefined) {
      list = [];
      this.rulesByName.set(key, list);
    }
    return list;
  }

  private freeId(name: string): string {
    if (name.includes('/')) throw ValidationError.at(this, `name: must not contain "/"; received ${quote(name)}`);
    let id = name;
    for (let n = 2; this.node.tryFindChild(id) !== undefined; n++) id = `${name}-${n}`;
    return id;
  }
}

function sameLabels(a: { [k: string]: string }, b: { [k: string]: string }): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}
