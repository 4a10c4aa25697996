import { Construct } from 'constructs';
import { ConstructQueries, PromQL, Validate, ValidationError } from '../core';
import { optionalString, optionalStringMap, requireObject, requireString } from '../core/untyped';
import { AlertRouting } from '../core/alert-routing';
import { isEmpty } from '../core/objects';
import { targetPrometheus } from '../core/target-versions';
import { checkInstantResult, checkRuleEvaluation, checkRuleLabels, sorted } from './alerting-rule';
import { RecordTestOptions, RuleTest, RuleTestList } from './rule-test';

/** Options of a recording rule (`RuleGroup.addRecord(record, options)`). */
export interface RecordingRuleOptions {
  /** The PromQL expression whose result is stored under the record name. Maps to `expr`. */
  readonly expr: string;
  /**
   * Labels added to (or overwriting those of) the stored series. Maps to `labels`.
   * @default {}
   */
  readonly labels?: { [name: string]: string };
}

/** Properties of a `RecordingRule`. */
export interface RecordingRuleProps extends RecordingRuleOptions {
  /**
   * The metric name to store the result under, `level:metric:operations` (`job:http_requests:rate5m`). Maps to `record`.
   * @default - the construct id
   */
  readonly record?: string;
  /**
   * The labels of the rule's group (`RuleGroupOptions.labels`), which its series also carry (the rule's own
   * labels win); they are rendered on the group, not on the rule.
   * @default {}
   */
  readonly groupLabels?: { [name: string]: string };
}

/**
 * A Prometheus recording rule: stores the result of an expression as a new series, evaluated at every
 * group interval. Created by `RuleGroup.addRecord()`. The name must follow the `level:metric:operations`
 * convention.
 *
 * @example
 * group.addRecord('job:http_requests:rate5m', { expr: 'sum by (job) (rate(http_requests_total[5m]))' });
 * @see https://prometheus.io/docs/prometheus/latest/configuration/recording_rules/
 */
export class RecordingRule extends Construct {
  /** The recorded metric name. */
  public readonly record: string;
  /** The parsed expression. */
  public readonly expr: PromQL;
  /** The labels the rule gives its series, its group's labels included, in name order. */
  public readonly labels: { [name: string]: string };
  /** The labels written on the rule: `labels` without those that only its group gives. */
  private readonly ownLabels: { [name: string]: string };
  private readonly tests = new RuleTestList<RecordTestOptions>(this, () => ({ kind: 'record', name: this.record, labels: this.labels, annotations: {} }));

  public constructor(scope: Construct, id: string, props: RecordingRuleProps) {
    super(scope, id);
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    ValidationError.within(this, () => {
      requireObject(props, 'props', '{ record, expr }');
      optionalString(props.record, 'record', '\'job:http_requests:rate5m\'');
      requireString(props.expr, 'expr', '\'sum by (job) (rate(http_requests_total[5m]))\'');
      optionalStringMap(props.labels, 'labels');
      optionalStringMap(props.groupLabels, 'groupLabels');
    });
    this.record = props.record ?? id;
    const prometheus = targetPrometheus(this);
    ValidationError.within(this, () => Validate.recordingRuleName(this.record, prometheus));
    this.expr = ConstructQueries.promql(this, 'expr', props.expr);
    ValidationError.within(this, () => {
      checkInstantResult(this.expr);
      checkRuleEvaluation(this.expr, prometheus);
    });
    // kept in sorted order: the rule renders them as they are, for every synth
    this.ownLabels = sorted(props.labels ?? {});
    ValidationError.within(this, () => checkRuleLabels(this.ownLabels, ['__name__'], 'labels', prometheus));
    const group = props.groupLabels;
    if (group !== undefined) ValidationError.within(this, () => Validate.prometheusLabels(group, 'groupLabels', prometheus));
    this.labels = group === undefined || isEmpty(group) ? this.ownLabels : sorted(Object.assign({}, group, this.ownLabels));
    AlertRouting.addRecord(this, { record: this.record, expr: this.expr, labels: this.labels });
  }

  /**
   * Declares a promtool unit test of this rule: input series and the samples expected at given times.
   *
   * @example
   * record.addTest({
   *   inputSeries: [{ series: 'http_requests_total{job="api"}', values: '0+60x10' }],
   *   expectations: [{ at: Duration.minutes(10), samples: [{ labels: 'job:http_requests:rate5m{job="api"}', value: 1 }] }],
   * });
   */
  public addTest(options: RecordTestOptions): RuleTest {
    return this.tests.add(options);
  }

  /** The declared unit tests. */
  public get ruleTests(): RuleTest[] {
    return this.tests.all;
  }

  /**
   * The rule as in a Prometheus rule file.
   * @internal
   */
  public _render(): { [key: string]: unknown } {
    // in the form the object is written in (keys sorted, nothing undefined)
    return isEmpty(this.ownLabels) ? { expr: this.expr.expression, record: this.record } : { expr: this.expr.expression, labels: this.ownLabels, record: this.record };
  }
}
