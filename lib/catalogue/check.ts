/**
 * The checks of the query lint and of the alert hygiene lint. Each can be switched off for one construct
 * with `QueryLint.suppress(construct, check, reason)`; the reason is kept in the synthesized output.
 */
export enum Check {
  /** A selector names a metric no attached catalogue (or recording rule) declares. */
  UNKNOWN_METRIC = 'unknown-metric',
  /** A matcher, `by`/`without`, `on`/`ignoring` or `group_left`/`group_right` names a label the series does not have. */
  UNKNOWN_LABEL = 'unknown-label',
  /** `rate`, `irate`, `increase` or `resets` over a gauge. */
  RATE_OVER_NON_COUNTER = 'rate-over-non-counter',
  /** A counter read as it is (compared, summed, averaged) instead of through `rate`/`increase`/`irate`/`resets`. */
  COUNTER_WITHOUT_RATE = 'counter-without-rate',
  /**
   * `histogram_quantile` over something other than a rate of `_bucket` series that keeps `le` (or a rate of
   * a native histogram); `histogram_fraction`, `histogram_count` and the other native-histogram functions over
   * float series, for which they return nothing.
   */
  HISTOGRAM_QUANTILE_INPUT = 'histogram-quantile-input',
  /** A `=` or `=~` matcher that cannot match any of the label's known values. */
  LABEL_VALUE_MATCHES_NOTHING = 'label-value-matches-nothing',
  /** An alert without a `severity` label from the allowed set. */
  ALERT_SEVERITY = 'alert-severity',
  /** An alert without a `summary` annotation. */
  ALERT_SUMMARY = 'alert-summary',
  /** An alert without a runbook link (`runbook_url` annotation). */
  ALERT_RUNBOOK = 'alert-runbook',
  /** An alert that fires on the first evaluation (no `for`). */
  ALERT_FOR = 'alert-for',
  /** Two alerts with the same name and the same labels in different groups: Alertmanager cannot tell them apart. */
  DUPLICATE_ALERT = 'duplicate-alert',
}
