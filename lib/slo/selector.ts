import { PrometheusVersion, PromQL, quote, Re2Regex, ValidationError } from '../core';
import { promqlMatcher, promqlSelector } from '../core/promql-names';
import { decodeStringLiteral, selectorMatchers } from '../core/syntax';

/** The match operators of a PromQL label matcher. */
type MatchOperator = '=' | '!=' | '=~' | '!~';

/** One label matcher of a selector. @internal */
export interface SelectorMatcher {
  readonly name: string;
  readonly op: MatchOperator;
  readonly value: string;
}

/** Candidate label values tried when a test series must satisfy (or violate) a regex matcher. */
const CANDIDATES = ['500', '503', '200', '404', '0', '1', 'true', 'false', 'SUCCESS', 'FAILED', 'success', 'failure', 'error', 'ok', 'x'];


/**
 * A PromQL instant-vector selector (`http_requests_total{code=~"5.."}`, `{"http.server.request.duration"}`),
 * parsed with the official grammar, from which the SLI builds its range queries. Offsets, `@` modifiers and
 * any other expression are refused: the SLO chooses the windows. UTF-8 names are parsed here as Prometheus 3
 * reads them; the `Slo` checks the selectors again for its chart's target release.
 * @internal
 */
export class MetricSelector {
  /** Parses a selector; `field` names it in errors (`sli.errors`). */
  public static parse(field: string, text: string): MetricSelector {
    const parsed = ValidationError.inField(field, () => PromQL.parse(text, { prometheus: PrometheusVersion.V3_5 }));
    const top = parsed._tree.topNode.firstChild;
    if (!top || top.name !== 'VectorSelector' || top.nextSibling) {
      throw new ValidationError(
        `${field}: must be a metric selector such as http_requests_total{code=~"5.."} (no functions, ranges, offsets or operators: the SLO adds the windows); received ${quote(text)}`,
      );
    }
    let metric: string | undefined;
    const matchers: SelectorMatcher[] = [];
    const identifier = top.getChild('Identifier');
    if (identifier) metric = text.slice(identifier.from, identifier.to);
    for (const m of selectorMatchers(top, text)) {
      if (m.node === m.labelNode) {
        // a bare quoted name: {"http.server.request.duration"}
        metric = decodeStringLiteral(text.slice(m.node.from, m.node.to));
        continue;
      }
      if (m.op === undefined || m.value === undefined) {
        throw new ValidationError(`${field}: only label matchers of the form name="value" are supported here; received ${quote(text)}`);
      }
      const value = decodeStringLiteral(text.slice(m.value.from, m.value.to));
      if (m.op === '=~' || m.op === '!~') Re2Regex.of(value, `${field} matcher ${m.label}`);
      matchers.push({ name: m.label, op: m.op as MatchOperator, value });
    }
    if (metric === undefined) {
      const named = matchers.find((m) => m.name === '__name__' && m.op === '=');
      if (!named) throw new ValidationError(`${field}: must name a metric (http_requests_total{...}); received ${quote(text)}`);
      metric = named.value;
    }
    return new MetricSelector(metric, matchers.filter((m) => !(m.name === '__name__' && m.op === '=')), text);
  }

  /** `exampleLabels()` by the `not` selector it was asked for: a selector never changes, and an SLO asks often. */
  private examples?: Map<MetricSelector | undefined, { [name: string]: string }>;

  private constructor(
    public readonly metric: string,
    public readonly matchers: SelectorMatcher[],
    public readonly text: string,
  ) {}

  /** The same matchers on another metric. */
  public withMetric(metric: string): MetricSelector {
    return new MetricSelector(metric, this.matchers, this.text);
  }

  /** The selector text for `metric + suffix`, with extra matchers appended (UTF-8 names in quotes). */
  public render(suffix = '', extra: SelectorMatcher[] = []): string {
    return promqlSelector(`${this.metric}${suffix}`, [...this.matchers, ...extra].map((m) => promqlMatcher(m.name, m.op, m.value)));
  }

  /** Whether a series with these labels is selected (the metric name aside). */
  public matches(labels: { [name: string]: string }): boolean {
    return this.matchers.every((m) => matcherHolds(m, labels[m.name] ?? ''));
  }

  /**
   * Labels of a series that this selector selects; with `not`, one that it selects but `not` does not.
   * Used to write promtool test input. Throws when no value among a small set of candidates fits.
   */
  public exampleLabels(not?: MetricSelector): { [name: string]: string } {
    this.examples ??= new Map();
    let labels = this.examples.get(not);
    if (labels === undefined) {
      labels = this.findExampleLabels(not);
      this.examples.set(not, labels);
    }
    return { ...labels };
  }

  private findExampleLabels(not?: MetricSelector): { [name: string]: string } {
    const labels: { [name: string]: string } = {};
    for (const m of this.matchers) {
      const candidates = m.op === '=' ? [m.value] : [...regexCandidates(m.value), ...CANDIDATES, `not_${m.value.replace(/[^A-Za-z0-9_]/g, '')}`];
      const constraints = this.matchers.filter((o) => o.name === m.name);
      const value = candidates.find((c) => constraints.every((o) => matcherHolds(o, c)));
      if (value === undefined) throw new ValidationError(`cannot find a label value for ${m.name}${m.op}${quote(m.value)} to write test series; pass test labels`);
      labels[m.name] = value;
    }
    if (!not) return labels;
    if (!not.matches(labels)) return labels;
    for (const m of not.matchers) {
      const own = this.matchers.filter((o) => o.name === m.name);
      const candidates = [...regexCandidates(m.value), ...CANDIDATES, `not_${m.value.replace(/[^A-Za-z0-9_]/g, '')}`];
      const value = candidates.find((c) => !matcherHolds(m, c) && own.every((o) => matcherHolds(o, c)));
      if (value !== undefined) return { ...labels, [m.name]: value };
    }
    throw new ValidationError(`cannot find labels selected by ${quote(this.text)} but not by ${quote(not.text)} to write test series`);
  }
}

function regexCandidates(pattern: string): string[] {
  return pattern
    .split('|')
    .map((p) => p.replace(/^\^|\$$/g, '').replace(/\\d/g, '0').replace(/\[[^\]]*\]/g, '0').replace(/\./g, '0').replace(/[()?*+]/g, ''))
    .filter((p) => /^[A-Za-z0-9_./-]+$/.test(p));
}

function matcherHolds(m: SelectorMatcher, value: string): boolean {
  switch (m.op) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return Re2Regex.of(m.value).matchesFully(value);
    case '!~':
      return !Re2Regex.of(m.value).matchesFully(value);
  }
}
