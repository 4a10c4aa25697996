/**
 * A routing expectation, for `amtool config routes test`: an alert with `labels` reaches exactly
 * `receivers`, in this order. Declared with `config.expectRoute()` and exported by `config.routingTests`;
 * the test suite runs each through amtool against the rendered `alertmanager.yaml`. Like amtool, the
 * expectation ignores inhibit rules and time intervals: it is about where an alert is routed.
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
