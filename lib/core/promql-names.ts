// Metric and label names as Prometheus reads them, and as the library writes them into the PromQL, the
// series notation and the rule files it generates. Prometheus 3 accepts any UTF-8 name; PromQL writes a
// name that is not a legacy one (letters, digits, `_`, and `:` in metric names) in double quotes:
// `{"http.server.request.duration", "http.route"="/cart"}`, `sum by ("http.route") (...)`. Not public API.

const LEGACY_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LEGACY_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Whether `name` is a metric name of the legacy character set, `[a-zA-Z_:][a-zA-Z0-9_:]*`. @internal */
export function isLegacyMetricName(name: string): boolean {
  return LEGACY_METRIC_NAME.test(name);
}

/** Whether `name` is a label name of the legacy character set, `[a-zA-Z_][a-zA-Z0-9_]*`. @internal */
export function isLegacyLabelName(name: string): boolean {
  return LEGACY_LABEL_NAME.test(name);
}

/**
 * Whether a JavaScript string has a UTF-8 encoding: no lone UTF-16 surrogate. Prometheus 3 accepts every
 * non-empty name that is valid UTF-8 (`model.IsValidMetricName` and `LabelName.IsValid` under UTF-8
 * validation, the default from 3.0).
 * @internal
 */
export function isValidUtf8(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c > 0xdbff) return false;
    const next = text.charCodeAt(i + 1);
    if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
    i++;
  }
  return true;
}

/**
 * The legacy name Prometheus' underscore escaping makes of a UTF-8 name (each character outside the legacy
 * set becomes `_`, and a leading digit gets a `_` prefix), for messages that suggest it.
 * @internal
 */
export function underscoreEscaped(name: string, label = false): string {
  const escaped = [...name].map((c) => (/^[a-zA-Z0-9_]$/.test(c) || (!label && c === ':') ? c : '_')).join('');
  return /^[0-9]/.test(escaped) ? `_${escaped}` : escaped;
}

/** A PromQL string literal of `text` (double quotes; JSON's escapes are Go's). @internal */
export function promqlString(text: string): string {
  return JSON.stringify(text);
}

/** A label name as PromQL writes it in a matcher or a grouping: bare when legacy, else in double quotes. @internal */
export function promqlLabelName(name: string): string {
  return isLegacyLabelName(name) ? name : promqlString(name);
}

/** A comma-separated list of label names for `by (...)`, `without (...)`, `on (...)`. @internal */
export function promqlLabelList(names: readonly string[]): string {
  return names.map(promqlLabelName).join(', ');
}

/** One label matcher, `name="value"` or `"na.me"="value"`. @internal */
export function promqlMatcher(name: string, op: string, value: string): string {
  return `${promqlLabelName(name)}${op}${promqlString(value)}`;
}

/**
 * A vector selector of `metric` with the given matchers (each already written, `job="api"`): `metric{...}`
 * for a legacy name, `{"metric", ...}` for a UTF-8 one. Empty matchers (blank strings) are left out.
 * @internal
 */
export function promqlSelector(metric: string, matchers: readonly string[] = []): string {
  const inner = matchers.filter((m) => m.trim() !== '').join(', ');
  if (isLegacyMetricName(metric)) return inner === '' ? metric : `${metric}{${inner}}`;
  return `{${promqlString(metric)}${inner === '' ? '' : `, ${inner}`}}`;
}
