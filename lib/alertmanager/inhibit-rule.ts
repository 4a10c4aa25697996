import { quote, Validate, ValidationError } from '../core';
import { checkValues } from '../core/problems';
import { implies } from './analysis';
import { Matcher } from './matcher';

/** Properties of an `InhibitRule`. */
export interface InhibitRuleProps {
  /** Alerts that, while firing, mute others. Maps to `source_matchers`. */
  readonly source: Matcher[];
  /** Alerts that get muted. Maps to `target_matchers`. */
  readonly target: Matcher[];
  /**
   * Labels whose values must be the same in the source and target alerts (e.g. `['cluster', 'service']`).
   * Maps to `equal`.
   * @default - none: any source alert mutes every target alert
   */
  readonly equal?: string[];
}

/**
 * Mutes alerts matching `target` while an alert matching `source` fires (with the same values of the
 * `equal` labels). Created with `config.addInhibitRule()`.
 *
 * A rule whose source and target match the same alerts and that has no `equal` labels is refused: any
 * one of those alerts would mute all the others.
 * @see https://prometheus.io/docs/alerting/latest/configuration/#inhibit_rule
 */
export class InhibitRule {
  /** Source matchers. */
  public readonly source: Matcher[];
  /** Target matchers. */
  public readonly target: Matcher[];
  /** Labels that must be equal. */
  public readonly equal: string[];
  /** Where the rule is, for messages. */
  public readonly path: string;

  /**
   * Creates the InhibitRule, for `AlertmanagerRouting.addInhibitRule()`: the constructor is private, so that the declarations, which leave out
   * @internal members, still declare no way to create one.
   * @internal
   */
  public static _create(path: string, props: InhibitRuleProps): InhibitRule {
    return new InhibitRule(path, props);
  }

  private constructor(path: string, props: InhibitRuleProps) {
    this.path = path;
    this.source = [...props.source];
    this.target = [...props.target];
    this.equal = [...(props.equal ?? [])];
    ValidationError.within(path, () => {
      checkValues(undefined, 'source', props.source);
      checkValues(undefined, 'target', props.target);
      if (this.source.length === 0 || this.target.length === 0) {
        throw new ValidationError(`source, target: both need at least one matcher (an empty list matches every alert); received ${this.source.length} source and ${this.target.length} target matchers`);
      }
      this.equal.forEach((l) => Validate.labelName(l, 'equal'));
      if (this.equal.length === 0 && implies(this.source, this.target) && implies(this.target, this.source)) {
        throw new ValidationError(`equal: source and target match the same alerts (${this.source.map(String).join(', ')}), so without equal labels any one of them mutes all the others; add equal labels (e.g. ['alertname', 'instance']) or make the target narrower; received ${quote(this.equal)}`);
      }
    });
  }
}
