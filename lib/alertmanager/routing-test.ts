import { Route } from './route';

/**
 * A routing expectation, for `amtool config routes test`: an alert with `labels` reaches exactly
 * `receivers`, in this order. Declared with `config.expectRoute()` and exported by `config.routingTests`;
 * the test suite runs each through amtool against the rendered `alertmanager.yaml`.
 * @see https://github.com/prometheus/alertmanager#routes
 */
export interface RoutingTest {
  /** The alert's labels. */
  readonly labels: { [name: string]: string };
  /** The receiver names amtool must print, in order. */
  readonly receivers: string[];
  /** Where the expectation was declared. */
  readonly path: string;
}

/** An alert label set that is delivered only to the default (root) receiver. */
export interface CoverageFinding {
  /** The labels. */
  readonly labels: { [name: string]: string };
  /** The receiver they reach: the root route's. */
  readonly receiver: string;
  /** A readable description of the finding. */
  readonly message: string;
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
