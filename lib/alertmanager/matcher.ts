import { quote, Re2Regex, Validate, ValidationError } from '../core';
import { deferProblem, raiseProblem } from '../core/problems';
import { requireStringMap } from '../core/untyped';

/**
 * The comparison of a `Matcher`: Alertmanager's four matcher operators (a closed wire vocabulary).
 * @see https://prometheus.io/docs/alerting/latest/configuration/#matcher
 */
export enum MatchOperator {
  /** `=`: the label equals the value (a missing label equals `""`). */
  EQUAL = '=',
  /** `!=`: the label differs from the value. */
  NOT_EQUAL = '!=',
  /** `=~`: the label fully matches the RE2 regular expression. */
  REGEX = '=~',
  /** `!~`: the label does not fully match the RE2 regular expression. */
  NOT_REGEX = '!~',
}

/**
 * One condition on an alert label, as Alertmanager routes and inhibit rules use them
 * (`severity="critical"`, `team=~"db|storage"`). Label names are checked against Prometheus' rules and
 * regular expressions with RE2 itself, when the matcher is created; an invalid matcher is reported by
 * the route or inhibit rule it is given to, with its path and the field
 * (`[app/chart/Config/route/routes[0]] matchers[1]: matcher label name: ...`). A matcher never used is
 * harmless; `toString()`, `matches()` and `matchesValue()` on an invalid matcher throw without a path.
 *
 * @example
 * Matcher.eq('severity', 'critical');
 * Matcher.regex('alertname', 'High.*');
 * @see https://prometheus.io/docs/alerting/latest/configuration/#matcher
 */
export class Matcher {
  /** `name="value"`: the label equals `value` (`""` matches alerts without the label). */
  public static eq(name: string, value: string): Matcher {
    return Matcher.make(name, MatchOperator.EQUAL, value);
  }

  /** `name!="value"`: the label differs from `value`. */
  public static notEq(name: string, value: string): Matcher {
    return Matcher.make(name, MatchOperator.NOT_EQUAL, value);
  }

  /** `name=~"pattern"`: the label fully matches the RE2 `pattern` (Alertmanager anchors it at both ends). */
  public static regex(name: string, pattern: string): Matcher {
    return Matcher.make(name, MatchOperator.REGEX, pattern);
  }

  /** `name!~"pattern"`: the label does not fully match the RE2 `pattern`. */
  public static notRegex(name: string, pattern: string): Matcher {
    return Matcher.make(name, MatchOperator.NOT_REGEX, pattern);
  }

  /** One `eq` matcher per entry of a label map, sorted by label name. */
  public static allEqual(labels: { [name: string]: string }): Matcher[] {
    return Object.keys(requireStringMap(labels, 'matcher labels')).sort().map((k) => Matcher.eq(k, labels[k]));
  }

  /** The label name. */
  public readonly name: string;
  /** The comparison. */
  public readonly operator: MatchOperator;
  /** The value, or the pattern for the regular-expression operators. */
  public readonly value: string;
  private readonly regex?: Re2Regex;

  private static make(name: string, operator: MatchOperator, value: string): Matcher {
    let regex: Re2Regex | undefined;
    return deferProblem(() => {
      Validate.labelName(name, 'matcher label name');
      if (typeof value !== 'string') throw new ValidationError(`matcher ${name}${operator} value: must be a string; received ${quote(value)}`);
      if (operator === MatchOperator.REGEX || operator === MatchOperator.NOT_REGEX) {
        regex = Re2Regex.of(value, `matcher ${name}${operator}${quote(value)}`, { goBefore122: true });
      }
    }, () => new Matcher(name, operator, value, regex));
  }

  private constructor(name: string, operator: MatchOperator, value: string, regex: Re2Regex | undefined) {
    this.name = name;
    this.operator = operator;
    this.value = value;
    this.regex = regex;
  }

  /** Whether a label value (`""` for a missing label) satisfies this matcher, with Alertmanager's semantics. */
  public matchesValue(value: string): boolean {
    raiseProblem(this);
    switch (this.operator) {
      case MatchOperator.EQUAL: return value === this.value;
      case MatchOperator.NOT_EQUAL: return value !== this.value;
      case MatchOperator.REGEX: return this.regex!.matchesFully(value);
      case MatchOperator.NOT_REGEX: return !this.regex!.matchesFully(value);
    }
  }

  /** Whether an alert with these labels satisfies this matcher. */
  public matches(labels: { [name: string]: string }): boolean {
    return this.matchesValue(labels[this.name] ?? '');
  }

  /** Whether two matchers are the same condition. */
  public equals(other: Matcher): boolean {
    return this.name === other.name && this.operator === other.operator && this.value === other.value;
  }

  /**
   * The matcher in Alertmanager's string syntax (`severity="critical"`), as `matchers:` lists take it;
   * the value is double-quoted with `\\`, `\"` and `\n` escaped.
   */
  public toString(): string {
    raiseProblem(this);
    const escaped = this.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
    return `${this.name}${this.operator}"${escaped}"`;
  }
}
