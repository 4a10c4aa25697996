import { quote, Re2Regex, Validate } from '../core';

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
 * regular expressions with RE2 itself, when the matcher is created.
 *
 * @example
 * Matcher.eq('severity', 'critical');
 * Matcher.regex('alertname', 'High.*');
 * @see https://prometheus.io/docs/alerting/latest/configuration/#matcher
 */
export class Matcher {
  /** `name="value"`: the label equals `value` (`""` matches alerts without the label). */
  public static eq(name: string, value: string): Matcher {
    return new Matcher(name, MatchOperator.EQUAL, value);
  }

  /** `name!="value"`: the label differs from `value`. */
  public static notEq(name: string, value: string): Matcher {
    return new Matcher(name, MatchOperator.NOT_EQUAL, value);
  }

  /** `name=~"pattern"`: the label fully matches the RE2 `pattern` (Alertmanager anchors it at both ends). */
  public static regex(name: string, pattern: string): Matcher {
    return new Matcher(name, MatchOperator.REGEX, pattern);
  }

  /** `name!~"pattern"`: the label does not fully match the RE2 `pattern`. */
  public static notRegex(name: string, pattern: string): Matcher {
    return new Matcher(name, MatchOperator.NOT_REGEX, pattern);
  }

  /** One `eq` matcher per entry of a label map, sorted by label name. */
  public static allEqual(labels: { [name: string]: string }): Matcher[] {
    return Object.keys(labels).sort().map((k) => Matcher.eq(k, labels[k]));
  }

  /** The label name. */
  public readonly name: string;
  /** The comparison. */
  public readonly operator: MatchOperator;
  /** The value, or the pattern for the regular-expression operators. */
  public readonly value: string;
  private readonly regex?: Re2Regex;

  private constructor(name: string, operator: MatchOperator, value: string) {
    Validate.labelName(name, 'matcher label name');
    this.name = name;
    this.operator = operator;
    this.value = value;
    if (operator === MatchOperator.REGEX || operator === MatchOperator.NOT_REGEX) {
      this.regex = Re2Regex.of(value, `matcher ${name}${operator}${quote(value)}`);
    }
  }

  /** Whether a label value (`""` for a missing label) satisfies this matcher, with Alertmanager's semantics. */
  public matchesValue(value: string): boolean {
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
    const escaped = this.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
    return `${this.name}${this.operator}"${escaped}"`;
  }
}

/**
 * Checks a set of matchers that all apply to the same alert (a route and its ancestors, or a source and
 * target of an inhibit rule together) and returns why no alert can satisfy them all, or undefined.
 * Sound but not complete: it proves contradictions between equalities, inequalities and regular
 * expressions tested against the required value, and identical positive and negative patterns.
 * @internal
 */
export function contradiction(matchers: Matcher[]): string | undefined {
  const byName = new Map<string, Matcher[]>();
  for (const m of matchers) byName.set(m.name, [...(byName.get(m.name) ?? []), m]);
  for (const list of byName.values()) {
    const equal = list.filter((m) => m.operator === MatchOperator.EQUAL);
    if (equal.length > 0) {
      const required = equal[0].value;
      const conflicting = list.find((m) => !m.matchesValue(required));
      if (conflicting) return `${equal[0]} and ${conflicting} cannot both hold`;
      continue;
    }
    for (const positive of list.filter((m) => m.operator === MatchOperator.REGEX)) {
      const negative = list.find((m) => m.operator === MatchOperator.NOT_REGEX && m.value === positive.value);
      if (negative) return `${positive} and ${negative} cannot both hold`;
    }
  }
  return undefined;
}

/**
 * Whether every alert satisfying `specific` also satisfies `general` (each matcher of `general` is
 * implied by one of `specific`). Sound but not complete.
 * @internal
 */
export function implies(specific: Matcher[], general: Matcher[]): boolean {
  return general.every((g) =>
    specific.some((s) => s.equals(g) || (s.name === g.name && s.operator === MatchOperator.EQUAL && g.matchesValue(s.value))),
  );
}

