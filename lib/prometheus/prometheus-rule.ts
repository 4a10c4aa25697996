import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { PrometheusRule as KubePrometheusRule, PrometheusRuleSpec } from '../../imports/monitoring.coreos.com';
import { quote, Serialize, Validate, ValidationError } from '../core';
import { optionalString, requireObject } from '../core/untyped';
import { RuleGroup, RuleGroupOptions } from './rule-group';
import { resolveInstanceLabels } from './selector';

/** Properties of a `PrometheusRule`. */
export interface PrometheusRuleProps {
  /**
   * The object's `metadata.name`.
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * The labels by which the Prometheus instance selects this object (its `ruleSelector`).
   * @default InstanceSelectorLabels.KUBE_PROMETHEUS_STACK
   */
  readonly instanceLabels?: { [key: string]: string };
}

/**
 * A Prometheus Operator `PrometheusRule`: groups of alerting and recording rules that the operator
 * loads into Prometheus. Groups are added with `addGroup()`, rules with the group's `addAlert()` /
 * `addRecord()`, at any time before synth. `toRuleFile()` gives the same rules as a Prometheus rule
 * file, for `promtool check rules`.
 *
 * @example
 * const rules = new PrometheusRule(chart, 'api-alerts');
 * const group = rules.addGroup('api.availability', { interval: Duration.seconds(30) });
 * group.addAlert('ApiDown', { expr: 'up{job="api"} == 0', for: Duration.minutes(1), severity: Severity.CRITICAL, summary: 'API down' });
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PrometheusRule
 */
export class PrometheusRule extends Construct {
  /** The labels the Prometheus instance selects this object by. */
  public readonly instanceLabels: { [key: string]: string };
  /** The generated `PrometheusRule` object. */
  public readonly resource: KubePrometheusRule;
  private readonly ruleGroups: RuleGroup[] = [];

  public constructor(scope: Construct, id: string, props: PrometheusRuleProps = {}) {
    super(scope, id);
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    ValidationError.within(this, () => {
      requireObject(props, 'props', '{ name: \'checkout-rules\' }');
      optionalString(props.name, 'name', '\'checkout-rules\'');
    });
    this.instanceLabels = ValidationError.within(this, () => resolveInstanceLabels(props.instanceLabels));
    if (props.name !== undefined) ValidationError.within(this, () => Validate.kubernetesName(props.name!, 'name'));
    this.resource = new PrometheusRuleObject(this, 'Resource', {
      // An explicit `name: undefined` would stop cdk8s from generating the name from the construct path.
      metadata: { ...(props.name !== undefined ? { name: props.name } : {}), labels: this.instanceLabels },
      spec: Lazy.any({ produce: () => this._toKube() }) as unknown as PrometheusRuleSpec,
    });
    this.node.addValidation({
      validate: () => (this.ruleGroups.length === 0 ? ['groups: a PrometheusRule needs at least one rule group (addGroup(name))'] : []),
    });
  }

  /**
   * Adds a rule group named `name` (unique in this PrometheusRule, as Prometheus requires); returns it.
   */
  public addGroup(name: string, options: RuleGroupOptions = {}): RuleGroup {
    if (this.ruleGroups.some((g) => g.groupName === name)) {
      throw ValidationError.at(this, `groups: a group named ${quote(name)} already exists; Prometheus rejects repeated group names in one rule file`);
    }
    if (name.includes('/')) throw ValidationError.at(this, `groups: a group name must not contain "/"; received ${quote(name)}`);
    const group = new RuleGroup(this, name, { ...options, name });
    this.ruleGroups.push(group);
    return group;
  }

  /** The rule groups, in order. */
  public get groups(): RuleGroup[] {
    return [...this.ruleGroups];
  }

  /** The `metadata.name` of the object. */
  public get name(): string {
    return this.resource.name;
  }

  /** The namespace of the object (the chart's), or `default`. */
  public get namespace(): string {
    return this.resource.metadata.namespace ?? Chart.of(this).namespace ?? 'default';
  }

  /**
   * The rules as a Prometheus rule file (`groups: [...]`), the format `promtool check rules` and
   * `promtool test rules` read. Thanos-only fields are left out.
   */
  public toRuleFile(): string {
    return Serialize.yaml({ groups: this.ruleGroups.map((g) => g._render(false)) });
  }

  /**
   * The `spec` of the PrometheusRule, in the shape and form the object is written in (the CRD's fields
   * are the rule file's, `keep_firing_for` and `partial_response_strategy` in snake case; keys sorted,
   * nothing undefined).
   * @internal
   */
  public _toKube(): { groups: Array<{ [key: string]: unknown }> } {
    return { groups: this.ruleGroups.map((g) => g._render(true)) };
  }
}

/**
 * The generated `PrometheusRule` class, rendered without its generated converter.
 *
 * The converter maps the camelCase props of the generated types to the CRD's field names: for rules, the
 * rule file's own. The spec above is produced in that final shape already, so converting it would only
 * copy every rule of every app twice (to camelCase and back). Like any API object, it is still resolved,
 * sorted and patched by `ApiObject.toJson()`; JSON patches apply to the object as written.
 */
class PrometheusRuleObject extends KubePrometheusRule {
  public override toJson(): any {
    return ApiObject.prototype.toJson.call(this);
  }
}
