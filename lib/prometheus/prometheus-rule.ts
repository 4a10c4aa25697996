import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { PrometheusRule as KubePrometheusRule, PrometheusRuleSpec } from '../../imports/monitoring.coreos.com';
import { quote, Serialize, Validate, ValidationError } from '../core';
import { setSplitHint } from '../core/object-size';
import { checkNumber, optionalString, requireObject } from '../core/untyped';
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
  /**
   * At most this many rule groups in one Kubernetes object, for rule sets too large for one (1 MiB, or
   * 256 KiB for client-side `kubectl apply`): the groups fill, in the order they are added, objects named
   * `<name>`, `<name>-2`, `<name>-3`... (construct ids `Resource`, `Resource2`...), each a `PrometheusRule`
   * with the same labels. The rules of one group always stay together (Prometheus evaluates them in order).
   * The operator loads each object as its own rule file; `toRuleFile()` and `RuleTests` still give one
   * rule file with every group.
   * @default - every group in one object
   */
  readonly maxGroupsPerObject?: number;
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
  /** The generated `PrometheusRule` object (the first one, when `maxGroupsPerObject` splits the groups). */
  public readonly resource: KubePrometheusRule;
  /** At most this many groups in one object (`maxGroupsPerObject`), or undefined for all in one. */
  public readonly maxGroupsPerObject?: number;
  private readonly ruleGroups: RuleGroup[] = [];
  private readonly objects: KubePrometheusRule[] = [];

  public constructor(scope: Construct, id: string, props: PrometheusRuleProps = {}) {
    super(scope, id);
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    this.maxGroupsPerObject = ValidationError.within(this, () => {
      requireObject(props, 'props', '{ name: \'checkout-rules\' }');
      optionalString(props.name, 'name', '\'checkout-rules\'');
      return checkNumber(props.maxGroupsPerObject, 'maxGroupsPerObject', { unit: 'rule groups per object', integer: true, min: 1 });
    });
    this.instanceLabels = ValidationError.within(this, () => resolveInstanceLabels(props.instanceLabels));
    if (props.name !== undefined) ValidationError.within(this, () => Validate.kubernetesName(props.name!, 'name'));
    this.resource = this.addObject('Resource', props.name);
    this.node.addValidation({
      validate: () => (this.ruleGroups.length === 0 ? ['groups: a PrometheusRule needs at least one rule group (addGroup(name))'] : []),
    });
    setSplitHint(this, (object) => this.splitHint(object));
  }

  /**
   * Adds a rule group named `name` (unique in this PrometheusRule, as Prometheus requires); returns it.
   */
  public addGroup(name: string, options: RuleGroupOptions = {}): RuleGroup {
    if (this.ruleGroups.some((g) => g.groupName === name)) {
      throw ValidationError.at(this, `groups: a group named ${quote(name)} already exists; Prometheus rejects repeated group names in one rule file`);
    }
    if (name.includes('/')) throw ValidationError.at(this, `groups: a group name must not contain "/"; received ${quote(name)}`);
    if (this.node.tryFindChild(name) !== undefined) {
      throw ValidationError.at(this, `groups: the group name ${quote(name)} is the construct id of one of the PrometheusRule's objects; give the group another name`);
    }
    const index = this.maxGroupsPerObject === undefined ? 0 : Math.floor(this.ruleGroups.length / this.maxGroupsPerObject);
    if (index === this.objects.length) {
      const objectName = `${this.resource.name}-${index + 1}`;
      ValidationError.within(this, () => Validate.kubernetesName(objectName, 'maxGroupsPerObject: the name of an object of the split'));
      const id = `Resource${index + 1}`;
      if (this.node.tryFindChild(id) !== undefined) {
        throw ValidationError.at(this, `groups: the rule group ${quote(id)} takes the construct id of the PrometheusRule's object ${quote(objectName)}; give the group another name`);
      }
      this.addObject(id, objectName);
    }
    const group = new RuleGroup(this, name, { ...options, name });
    this.ruleGroups.push(group);
    return group;
  }

  /** The rule groups, in order. */
  public get groups(): RuleGroup[] {
    return [...this.ruleGroups];
  }

  /**
   * The generated `PrometheusRule` objects: `resource`, then, when `maxGroupsPerObject` splits the groups,
   * one more for each further `maxGroupsPerObject` groups.
   */
  public get resources(): KubePrometheusRule[] {
    return [...this.objects];
  }

  /** The `metadata.name` of the object (of the first one, `resource`, when `maxGroupsPerObject` splits the groups). */
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
   * The groups of the object at `index`, for its `spec`, in the shape and form the object is written in
   * (the CRD's fields are the rule file's, `keep_firing_for` and `partial_response_strategy` in snake case;
   * keys sorted, nothing undefined).
   */
  private groupsOf(index: number): RuleGroup[] {
    return this.maxGroupsPerObject === undefined ? this.ruleGroups : this.ruleGroups.slice(index * this.maxGroupsPerObject, (index + 1) * this.maxGroupsPerObject);
  }

  private addObject(id: string, name: string | undefined): KubePrometheusRule {
    const index = this.objects.length;
    const object = new PrometheusRuleObject(this, id, {
      // An explicit `name: undefined` would stop cdk8s from generating the name from the construct path.
      metadata: { ...(name !== undefined ? { name } : {}), labels: this.instanceLabels },
      spec: Lazy.any({ produce: () => ({ groups: this.groupsOf(index).map((g) => g._render(true)) }) }) as unknown as PrometheusRuleSpec,
    });
    this.objects.push(object);
    return object;
  }

  /** How to split `object` (one of `objects`) when it is too large. */
  private splitHint(object: IConstruct): string {
    const groups = this.groupsOf(Math.max(0, this.objects.indexOf(object as KubePrometheusRule)));
    if (groups.length === 1) {
      return `split its rule group ${quote(groups[0].groupName)} into several groups (Prometheus evaluates the rules of a group in order: keep recording rules with the rules that read them), `
        + `then set maxGroupsPerObject on the PrometheusRule ${this.node.path} or move groups to other PrometheusRules`;
    }
    if (this.maxGroupsPerObject !== undefined) return `lower maxGroupsPerObject of the PrometheusRule ${this.node.path} (now ${this.maxGroupsPerObject}), or move groups to other PrometheusRules`;
    return `set maxGroupsPerObject on the PrometheusRule ${this.node.path} to spread its ${groups.length} rule groups over objects ${quote(this.resource.name)}, `
      + `${quote(`${this.resource.name}-2`)}..., or move groups to other PrometheusRules`;
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
