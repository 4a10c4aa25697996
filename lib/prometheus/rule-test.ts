import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ConstructQueries, PrometheusDuration, quote, Validate, ValidationError } from '../core';
import { checkedAsV3, describeTarget, PrometheusVersion, RAISE_TARGET, targetPrometheus } from '../core/target-versions';
import { requireNumber } from '../core/untyped';

/**
 * One input series of a rule unit test: a series selector and its values in promtool's expanding
 * notation (`0+10x30` = 0, 10, 20 ... 300; `1x5` = 1 six times; `_` = missing; `stale`), or native
 * histogram samples (`{{schema:0 count:4 sum:5 buckets:[1 2 1]}}`, `{{...}}+{{...}}x10`), which promtool
 * reads from 3.x on (a chart whose `targetVersions.prometheus` is 2.x refuses them).
 * Maps to `input_series[]`. @see https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/#series
 */
export interface InputSeries {
  /**
   * The series, as a selector with literal labels: `http_requests_total{job="api", status="500"}`
   * (`{"http.server.request.duration", "http.route"="/"}` for UTF-8 names, from Prometheus 3 on).
   */
  readonly series: string;
  /** The values, one per test `interval`, space separated, in promtool's expanding notation. */
  readonly values: string;
}

/** Options shared by alert tests and recording-rule tests. */
export interface RuleTestOptions {
  /**
   * The test's name, printed by promtool when it fails. Maps to `name`.
   * @default - the rule's name and the test's index
   */
  readonly name?: string;
  /**
   * The time between two values of the input series. Maps to `interval`.
   * @default Duration.minutes(1)
   */
  readonly interval?: Duration;
  /** The input series. */
  readonly inputSeries: InputSeries[];
}

/** An alert expected to fire in a rule unit test. */
export interface ExpectedAlert {
  /**
   * The alert's labels beyond the static labels of the rule and its group (which are added automatically,
   * including `severity`): typically the labels the expression keeps (`job`, `pod`...). Templated rule
   * labels must be given here, expanded.
   * @default {}
   */
  readonly labels?: { [name: string]: string };
  /**
   * The alert's annotations after template expansion. The rule's annotations without templates are
   * added automatically; templated ones (`{{ $value }}`) must be given here, as promtool expands them.
   * @default {}
   */
  readonly annotations?: { [name: string]: string };
}

/** The alerts expected at one evaluation time; an empty `alerts` means the alert must not fire then. */
export interface AlertExpectation {
  /** The evaluation time, from the start of the input series. Maps to `eval_time`. */
  readonly at: Duration;
  /** The firing alerts of this rule at that time. */
  readonly alerts: ExpectedAlert[];
}

/** Options of `AlertingRule.addTest`. */
export interface AlertTestOptions extends RuleTestOptions {
  /** What must (and must not) fire, and when. */
  readonly expectations: AlertExpectation[];
}

/** A sample expected from a PromQL expression at one evaluation time. */
export interface ExpectedSample {
  /** The series with all its labels, as promtool prints it: `job:http_requests:rate5m{job="api"}`. */
  readonly labels: string;
  /** The sample value, a finite number in the unit of the series (promtool compares it as a float64). */
  readonly value: number;
}

/** The samples expected from a recording rule (or another expression) at one evaluation time. */
export interface SampleExpectation {
  /** The evaluation time. Maps to `eval_time`. */
  readonly at: Duration;
  /**
   * The expression to evaluate. Maps to `expr`.
   * @default - the recording rule's metric name
   */
  readonly expr?: string;
  /** The expected samples; empty means no result. */
  readonly samples: ExpectedSample[];
}

/** Options of `RecordingRule.addTest`. */
export interface RecordTestOptions extends RuleTestOptions {
  /** The samples expected, and when. */
  readonly expectations: SampleExpectation[];
}

/** What a rule test needs to know about the rule it tests. @internal */
export interface TestedRule {
  readonly kind: 'alert' | 'record';
  readonly name: string;
  readonly labels: { [name: string]: string };
  readonly annotations: { [name: string]: string };
}

// promtool's series notation: a value, a value with an expansion (a+bxn, a-bxn, axn), `_`, `_xn`, `stale`.
const NUMBER = String.raw`[-+]?(?:\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|Inf|inf|NaN)`;
const VALUE_TOKEN = new RegExp(`^(?:_|_x\\d+|stale|${NUMBER}(?:[-+]${NUMBER})?(?:x\\d+)?)$`);
// A native histogram sample and its expansions ({{...}}, {{...}}xn, {{...}}+{{...}}xn, {{...}}-{{...}}xn),
// and the items of its description, as promtool 3's grammar reads them (promql/parser/generated_parser.y).
const HISTOGRAM_TOKEN = /^\{\{([^{}]*)\}\}(?:x\d+|[-+]\{\{([^{}]*)\}\}x\d+)?$/;
const HISTOGRAM_ITEM = new RegExp(
  `^(?:(?:schema|offset|n_offset):[-+]?\\d+|(?:sum|count|z_bucket|z_bucket_w):${NUMBER}|` +
    `(?:buckets|n_buckets|custom_values):\\[\\s*${NUMBER}(?:\\s+${NUMBER})*\\s*\\]|counter_reset_hint:(?:unknown|reset|not_reset|gauge))$`,
);

/** The values of an input series, split at the spaces outside `{{...}}` (where spaces separate items). */
function valueTokens(values: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let depth = 0;
  for (const c of values.trim()) {
    if (c === '{') depth++;
    if (c === '}') depth--;
    if (depth === 0 && /\s/.test(c)) {
      if (current !== '') tokens.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (current !== '') tokens.push(current);
  return tokens;
}

/** Whether a `{{...}}` description holds only items promtool knows (`key:value`, lists in brackets), each once. */
function validHistogramDescription(description: string): boolean {
  const item = /\s*([a-z_]+:(?:\[[^\]]*\]|[^\s[\]]+))\s*/y;
  const keys = new Set<string>();
  let m: RegExpExecArray | null;
  while (item.lastIndex < description.length && (m = item.exec(description)) !== null) {
    const key = m[1].slice(0, m[1].indexOf(':'));
    if (keys.has(key) || !HISTOGRAM_ITEM.test(m[1])) return false;
    keys.add(key);
  }
  return keys.size > 0 && item.lastIndex === description.length;
}

/** Whether one value token is a valid native histogram sample or expansion. */
function validHistogramToken(token: string): boolean {
  const m = HISTOGRAM_TOKEN.exec(token);
  return m !== null && validHistogramDescription(m[1]) && (m[2] === undefined || validHistogramDescription(m[2]));
}

/** Whether a template string contains a Go template action. @internal */
export function isTemplated(text: string): boolean {
  return text.includes('{{');
}

/**
 * The unit tests of one rule, in declaration order: those declared with `addTest()`, created at once,
 * and those a construct generates (an SLO's), created when the tests are first read (`ruleTests`,
 * `RuleTests.render()`), so that a synth, which does not read them, does not build them. A generated
 * test keeps its place and its id (`Test<n>`) among the declared ones; if creating it fails, every read
 * raises that error.
 * @internal
 */
export class RuleTestList<O extends AlertTestOptions | RecordTestOptions> {
  private readonly entries: Array<{ test?: RuleTest; failure?: unknown; create?: () => RuleTest }> = [];

  /** @param rule what the tests need to know about the rule, read when a test is created */
  public constructor(private readonly scope: Construct, private readonly rule: () => TestedRule) {}

  /** Creates a declared test now. */
  public add(options: O): RuleTest {
    const test = RuleTest._create(this.scope, this.nextId(), this.rule(), options);
    this.entries.push({ test });
    return test;
  }

  /** Declares a generated test: its options are computed, and the test created, when the tests are first read. */
  public addGenerated(options: () => O): void {
    const id = this.nextId();
    this.entries.push({ create: () => RuleTest._create(this.scope, id, this.rule(), options()) });
  }

  /** Every test, generated ones created now if they were not yet. */
  public get all(): RuleTest[] {
    return this.entries.map((entry) => {
      const create = entry.create;
      if (create !== undefined) {
        entry.create = undefined;
        try {
          entry.test = create();
        } catch (e) {
          entry.failure = e;
        }
      }
      if (entry.test === undefined) throw entry.failure;
      return entry.test;
    });
  }

  private nextId(): string {
    return `Test${this.entries.length + 1}`;
  }
}

/**
 * A unit test of one alerting or recording rule, in `promtool test rules` format: input series, and
 * the alerts (or samples) expected at given evaluation times. Created by `AlertingRule.addTest()` or
 * `RecordingRule.addTest()`; collected for promtool by `RuleTests.render(scope)`.
 * @see https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/
 */
export class RuleTest extends Construct {
  /** The test's name in the promtool file. */
  public readonly testName: string;
  private readonly rendered: { [key: string]: unknown };

  /**
   * Creates the RuleTest, for `AlertingRule.addTest()` and `RecordingRule.addTest()`: the constructor is private, so that the declarations, which leave out
   * @internal members, still declare no way to create one.
   * @internal
   */
  public static _create(scope: Construct, id: string, rule: TestedRule, options: AlertTestOptions | RecordTestOptions): RuleTest {
    return new RuleTest(scope, id, rule, options);
  }

  private constructor(scope: Construct, id: string, rule: TestedRule, options: AlertTestOptions | RecordTestOptions) {
    super(scope, id);
    this.testName = options.name ?? `${rule.name} ${id}`;
    this.rendered = ValidationError.within(this, () => this.renderTest(rule, options));
  }

  /**
   * The promtool `tests[]` entry.
   * @internal
   */
  public _render(): { [key: string]: unknown } {
    return this.rendered;
  }

  private renderTest(rule: TestedRule, options: AlertTestOptions | RecordTestOptions): { [key: string]: unknown } {
    if (options.inputSeries.length === 0) throw new ValidationError('inputSeries: a test needs at least one input series');
    const prometheus = targetPrometheus(this);
    const inputSeries = options.inputSeries.map((s, i) => {
      ConstructQueries.promql(this, `inputSeries[${i}].series`, s.series);
      const tokens = valueTokens(s.values);
      const bad = tokens.find((t) => !VALUE_TOKEN.test(t) && !(t.startsWith('{{') && validHistogramToken(t)));
      if (tokens.length === 0 || bad !== undefined) {
        throw new ValidationError(
          `inputSeries[${i}].values: must be promtool's expanding notation ("0+10x30", "1x5", "_", "stale", numbers); received ${quote(s.values)}. ` +
            'Native histogram samples are "{{schema:0 count:4 sum:5 buckets:[1 2 1]}}" and "{{...}}+{{...}}x10", with the items schema, sum, count, z_bucket, z_bucket_w, buckets, offset, n_buckets, n_offset, custom_values, counter_reset_hint',
        );
      }
      if (tokens.some((t) => t.startsWith('{{'))) checkHistogramSamples(prometheus, `inputSeries[${i}].values`);
      return { series: s.series, values: s.values.trim() };
    });
    const interval = options.interval === undefined ? '1m' : PrometheusDuration.format(options.interval);
    if (options.expectations.length === 0) throw new ValidationError('expectations: a test needs at least one expectation');
    const base = { name: this.testName, interval, input_series: inputSeries };
    if (rule.kind === 'alert') {
      const expectations = (options as AlertTestOptions).expectations;
      return {
        ...base,
        alert_rule_test: expectations.map((e, i) => ({
          eval_time: PrometheusDuration.format(e.at),
          alertname: rule.name,
          exp_alerts: e.alerts.map((a, j) => this.expectedAlert(rule, a, `expectations[${i}].alerts[${j}]`)),
        })),
      };
    }
    const expectations = (options as RecordTestOptions).expectations;
    return {
      ...base,
      promql_expr_test: expectations.map((e, i) => {
        const expr = e.expr ?? rule.name;
        ConstructQueries.promql(this, `expectations[${i}].expr`, expr);
        e.samples.forEach((s, j) => {
          ConstructQueries.promql(this, `expectations[${i}].samples[${j}].labels`, s.labels);
          // the rule test file is JSON-like YAML: NaN or Infinity would be written as null
          ValidationError.within(this, () => requireNumber(s.value, `expectations[${i}].samples[${j}].value`, { unit: 'the sample value, in the unit of the series' }));
        });
        return { expr, eval_time: PrometheusDuration.format(e.at), exp_samples: e.samples.map((s) => ({ labels: s.labels, value: s.value })) };
      }),
    };
  }

  private expectedAlert(rule: TestedRule, alert: ExpectedAlert, field: string): { exp_labels: { [k: string]: string }; exp_annotations: { [k: string]: string } } {
    Validate.prometheusLabels(alert.labels ?? {}, `${field}.labels`, targetPrometheus(this));
    const labels: { [k: string]: string } = {};
    for (const [k, v] of Object.entries(rule.labels)) {
      if (!isTemplated(v)) labels[k] = v;
      else if (!(alert.labels && k in alert.labels)) {
        throw new ValidationError(`${field}.labels: the rule's label ${quote(k)} is templated (${quote(v)}); give its expanded value`);
      }
    }
    const annotations: { [k: string]: string } = {};
    for (const [k, v] of Object.entries(rule.annotations)) {
      if (!isTemplated(v)) annotations[k] = v;
      else if (!(alert.annotations && k in alert.annotations)) {
        throw new ValidationError(`${field}.annotations: the rule's annotation ${quote(k)} is templated (${quote(v)}); give its expanded value, as promtool compares annotations exactly`);
      }
    }
    for (const k of Object.keys(alert.annotations ?? {})) {
      if (!(k in rule.annotations)) throw new ValidationError(`${field}.annotations: the rule has no annotation ${quote(k)} (it has ${quote(Object.keys(rule.annotations))})`);
    }
    return { exp_labels: Object.assign(labels, alert.labels), exp_annotations: Object.assign(annotations, alert.annotations) };
  }
}

/**
 * Native histogram samples in a test's input series: promtool reads them from 3.x on (2.42 stops at the
 * `{{`). `field` names them in the message.
 * @internal
 */
export function checkHistogramSamples(prometheus: PrometheusVersion, field: string): void {
  if (checkedAsV3(prometheus)) return;
  throw new ValidationError(
    `${field}: native histogram samples ({{schema:0 ...}}) are unknown to promtool 2.42 (it stops at the "{{") and checked from promtool 3.5 on; ${describeTarget(prometheus)}. ` +
      `Test the rule with float series, or ${RAISE_TARGET}`,
  );
}
