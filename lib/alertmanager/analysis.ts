import { MatchOperator, Matcher } from './matcher';
import type { Route } from './route';
import type { CoverageFinding } from './routing-test';

// Reasoning on matchers and routes, used by the checks and the coverage report; not public API.

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

/**
 * The receivers an alert with these labels reaches from `root`, in Alertmanager's order.
 * @internal
 */
export function receiversFor(root: Route, labels: { [name: string]: string }): string[] {
  return root.match(labels).map((r) => r.effectiveReceiver ?? '');
}

/**
 * The label sets that only reach the root route itself (no child route matches them).
 * @internal
 */
export function coverageFindings(root: Route, labelSets: Array<{ [name: string]: string }>): CoverageFinding[] {
  return labelSets.flatMap((labels) => {
    const matched = root.match(labels);
    if (matched.length !== 1 || matched[0] !== root) return [];
    const receiver = root.effectiveReceiver ?? '';
    const shown = Object.keys(labels).sort().map((k) => `${k}="${labels[k]}"`).join(', ');
    return [{ labels, receiver, message: `alerts with {${shown}} match no route and reach only the default receiver ${JSON.stringify(receiver)}` }];
  });
}
