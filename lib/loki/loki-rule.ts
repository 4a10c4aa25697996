import { Duration, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ConstructQueries, LogQL, PrometheusDuration, quote, Serialize, Validate, ValidationError } from '../core';
import { checkNumber, optionalDuration, optionalString, optionalStringMap, requireObject } from '../core/untyped';
import { AlertRouting } from '../core/alert-routing';
import { goTemplateError, PROMETHEUS_TEMPLATE_FUNCTIONS, PROMETHEUS_TEMPLATE_VARIABLES } from '../core/go-template';
import { AlertingRuleOptions } from '../prometheus/alerting-rule';
import { misplacedUnwrapErrorFilter } from './logql-checks';

/**
 * Options of a LogQL alerting rule: those of a Prometheus alerting rule (same ruler format, same
 * labels and annotations), with a LogQL `expr`.
 */
export interface LokiAlertOptions extends AlertingRuleOptions {
  /**
   * A LogQL metric query (`sum by (app) (count_over_time({namespace="erp"} |= "ERROR" [5m])) > 0`), parsed
   * with the LogQL grammar; log queries (which return lines, not samples) are rejected. Maps to `expr`.
   */
  readonly expr: string;
}

/** Options of a LogQL recording rule. */
export interface LokiRecordOptions {
  /** A LogQL metric query. Maps to `expr`. */
  readonly expr: string;
  /**
   * Labels added to the recorded series. Maps to `labels`.
   * @default - none
   */
  readonly labels?: { [name: string]: string };
}

/** Options of a rule group. */
export interface LokiRuleGroupOptions {
  /**
   * Evaluation interval of the group. Maps to `interval`.
   * @default - the ruler's evaluation interval
   */
  readonly interval?: Duration;
  /**
   * Most alerts or series a rule of the group may produce: a count, an integer of at least 0 (0 is no
   * limit, as in the ruler's rule group `limit`). Maps to `limit`.
   * @default - no limit
   */
  readonly limit?: number;
}

interface RenderedRule { [key: string]: unknown }

/**
 * Checks that a parsed LogQL expression is a metric query (samples), as the ruler requires, and one whose
 * evaluation does not fail on a value `unwrap` cannot convert while it means to drop errors.
 */
function requireMetricQuery(query: LogQL, field: string): void {
  const top = query._tree.topNode.firstChild?.firstChild;
  if (top === undefined || top === null || top.name !== 'MetricExpr') {
    throw new ValidationError(`${field}: the Loki ruler evaluates metric queries only (rate(), count_over_time(), sum by ...); a log query returns lines, not samples; received ${quote(query.expression)}`);
  }
  const misplaced = misplacedUnwrapErrorFilter(query);
  if (misplaced !== undefined) throw new ValidationError(`${field}: ${misplaced}; received ${quote(query.expression)}`);
}

/**
 * A group of LogQL rules, evaluated together; a child of `LokiRules`.
 */
export class LokiRuleGroup extends Construct {
  /** The group name (`groups[].name`). */
  public readonly name: string;
  private readonly options: LokiRuleGroupOptions;
  private readonly rules: Array<{ name: string; rendered: RenderedRule }> = [];

  public constructor(scope: Construct, id: string, options: LokiRuleGroupOptions = {}) {
    super(scope, id);
    this.name = id;
    this.options = options;
    ValidationError.within(this, () => {
      requireObject(options, 'options', '{ interval: Duration.minutes(1) }');
      optionalDuration(options.interval, 'interval');
      if (id.trim() === '') throw new ValidationError('name: a rule group needs a name');
      if (options.interval !== undefined && PrometheusDuration.millis(options.interval) < 1000) {
        throw new ValidationError(`interval: must be at least 1s; received ${PrometheusDuration.format(options.interval)}`);
      }
      // rulefmt.RuleGroup (prometheus, as the Loki ruler reads it): limit is an int, 0 for no limit
      checkNumber(options.limit, 'limit', { unit: 'alerts or series per rule', integer: true, min: 0 });
    });
  }

  /**
   * Adds an alerting rule.
   * @param name the alert name (`alert`), a valid metric name, unique in the group
   * @returns the parsed expression
   */
  public addAlert(name: string, options: LokiAlertOptions): LogQL {
    const field = `rules[${quote(name)}]`;
    ValidationError.within(this, () => {
      Validate.metricName(name, `${field}.alert`);
      this.checkUnique(name, field);
      if (options.summary.trim() === '') throw new ValidationError(`${field}.summary: must not be empty (it is what the notification shows)`);
      Validate.prometheusLabels(options.labels ?? {}, `${field}.labels`);
      if (options.labels && 'severity' in options.labels) throw new ValidationError(`${field}.labels: set the severity with the severity prop, not labels.severity`);
      for (const [k, v] of Object.entries(options.labels ?? {})) {
        if (v.includes('$value')) throw new ValidationError(`${field}.labels["${k}"]: must not use {{ $value }} (a new value makes a new alert at every evaluation); put it in the description; received ${quote(v)}`);
      }
      Validate.prometheusLabels(options.annotations ?? {}, `${field}.annotations`);
      // the Loki ruler expands labels and annotations with Prometheus' template engine and functions
      const templates: Array<[string, string | undefined]> = [
        ...Object.entries(options.labels ?? {}).map(([k, v]): [string, string] => [`labels[${JSON.stringify(k)}]`, v]),
        ...Object.entries(options.annotations ?? {}).map(([k, v]): [string, string] => [`annotations[${JSON.stringify(k)}]`, v]),
        ['summary', options.summary], ['description', options.description],
      ];
      for (const [name, text] of templates) {
        const error = text === undefined || !text.includes('{{') ? undefined : goTemplateError(text, PROMETHEUS_TEMPLATE_FUNCTIONS, PROMETHEUS_TEMPLATE_VARIABLES);
        if (error !== undefined) throw new ValidationError(`${field}.${name}: invalid template: ${error} (the Loki ruler would refuse the rule file); received ${quote(text)}`);
      }
      for (const d of [options.for, options.keepFiringFor]) if (d !== undefined) PrometheusDuration.format(d);
    });
    const query = ConstructQueries.logql(this, `${field}.expr`, options.expr);
    ValidationError.within(this, () => requireMetricQuery(query, `${field}.expr`));
    AlertRouting.addAlert({ scope: this, field, alertname: name, expr: query, labels: Object.assign({}, options.labels, { severity: options.severity.name }) });
    this.rules.push({
      name,
      rendered: {
        alert: name,
        expr: options.expr,
        for: options.for ? PrometheusDuration.format(options.for) : undefined,
        keep_firing_for: options.keepFiringFor ? PrometheusDuration.format(options.keepFiringFor) : undefined,
        labels: Object.assign({}, options.labels, { severity: options.severity.name }),
        annotations: Object.assign({}, options.annotations, {
          summary: options.summary,
          description: options.description,
          runbook_url: options.runbookUrl,
          dashboard_url: options.dashboardUrl,
        }),
      },
    });
    return query;
  }

  /**
   * Adds a recording rule.
   * @param record the recorded series name, `level:metric:operations` (`app:log_errors:rate5m`)
   * @returns the parsed expression
   */
  public addRecord(record: string, options: LokiRecordOptions): LogQL {
    const field = `rules[${quote(record)}]`;
    ValidationError.within(this, () => {
      Validate.recordingRuleName(record);
      this.checkUnique(record, field);
      Validate.prometheusLabels(options.labels ?? {}, `${field}.labels`);
    });
    const query = ConstructQueries.logql(this, `${field}.expr`, options.expr);
    ValidationError.within(this, () => requireMetricQuery(query, `${field}.expr`));
    AlertRouting.addRecord(this, { record, expr: query, labels: options.labels ?? {} });
    this.rules.push({ name: record, rendered: { record, expr: options.expr, labels: options.labels && Object.keys(options.labels).length > 0 ? { ...options.labels } : undefined } });
    return query;
  }

  /** @internal the group in the ruler's format */
  public _render(): RenderedRule {
    return {
      name: this.name,
      interval: this.options.interval ? PrometheusDuration.format(this.options.interval) : undefined,
      limit: this.options.limit,
      rules: this.rules.map((r) => r.rendered),
    };
  }

  /** The number of rules. */
  public get ruleCount(): number {
    return this.rules.length;
  }

  private checkUnique(name: string, field: string): void {
    // Recording rules may repeat a name with different labels; alerts may not share a name within a group.
    if (this.rules.some((r) => r.name === name)) {
      throw new ValidationError(`${field}: a rule named ${quote(name)} is already in group ${quote(this.name)}; give each rule its own name`);
    }
  }
}

/** Properties of `LokiRules`. */
export interface LokiRulesProps {
  /**
   * Labels by which the Loki rules sidecar finds the ConfigMap.
   * @default { loki_rule: "1" }
   */
  readonly sidecarLabels?: { [key: string]: string };
  /**
   * Tenant the rules belong to (the sub-directory of the ruler's rules directory); `fake` is Loki's tenant
   * when multi-tenancy is off.
   * @default "fake"
   */
  readonly tenant?: string;
  /**
   * The ruler's rules directory (`LokiRulerOptions.rulesDirectory`), where the sidecar writes the files:
   * the ConfigMap is annotated so the sidecar puts it in `<rulesDirectory>/<tenant>`.
   * @default "/rules"
   */
  readonly rulesDirectory?: string;
  /**
   * Name of the ConfigMap.
   * @default - derived from the construct path
   */
  readonly name?: string;
}

/**
 * LogQL alerting and recording rules for the Loki ruler, in a `ConfigMap` labelled for the Loki Helm
 * chart's rules sidecar (`loki_rule: "1"`), which copies it into the ruler's directory. Every expression is
 * parsed with the LogQL grammar and must be a metric query.
 *
 * The ConfigMap is in its chart's namespace, the application's, and the chart's sidecar watches only Loki's
 * own namespace by default (`sidecar.rules.searchNamespace`): a `LokiConfig` with a ruler renders the chart
 * values that make it search the namespaces of every `LokiRules` of the app (`LokiConfig.helmValues()`),
 * and fails the synth for a `LokiRules` its sidecar would not deliver.
 *
 * @example
 * const rules = new LokiRules(this, 'LogRules');
 * rules.addGroup('erp-logs').addAlert('CriticalErrorLogged', {
 *   expr: 'sum by (app) (count_over_time({namespace="erp"} | json | level=~"ERROR|CRITICAL" [5m])) > 0',
 *   severity: Severity.CRITICAL, summary: 'A critical error was logged',
 * });
 * @see https://grafana.com/docs/loki/latest/alert/
 */
export class LokiRules extends Construct {
  /** The sidecar annotation that chooses the directory a ConfigMap is written to. */
  public static readonly TARGET_DIRECTORY_ANNOTATION = 'k8s-sidecar-target-directory';

  /** The ConfigMap; its single key is `<ConfigMap name>.yaml`. */
  public readonly configMap: kplus.ConfigMap;
  /** The tenant. */
  public readonly tenant: string;
  /** The ruler's rules directory the sidecar writes the file under, in `<rulesDirectory>/<tenant>` (`rulesDirectory`, default `/rules`). */
  public readonly rulesDirectory: string;

  public constructor(scope: Construct, id: string, props: LokiRulesProps = {}) {
    super(scope, id);
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    ValidationError.within(this, () => {
      requireObject(props, 'props', '{ tenant: \'platform\' }');
      optionalString(props.tenant, 'tenant', '\'platform\'');
      optionalString(props.name, 'name', '\'loki-rules\'');
      optionalString(props.rulesDirectory, 'rulesDirectory', '\'/rules\'');
      optionalStringMap(props.sidecarLabels, 'sidecarLabels');
    });
    this.tenant = props.tenant ?? 'fake';
    const labels = props.sidecarLabels ?? { loki_rule: '1' };
    const dir = (props.rulesDirectory ?? '/rules').replace(/\/$/, '');
    this.rulesDirectory = dir;
    ValidationError.within(this, () => {
      Validate.kubernetesLabels(labels, 'sidecarLabels');
      if (Object.keys(labels).length === 0) throw new ValidationError('sidecarLabels: the sidecar finds rule ConfigMaps by label; give at least one');
      if (!/^[A-Za-z0-9!\-_.*'()]{1,150}$/.test(this.tenant)) throw new ValidationError(`tenant: a Loki tenant id is 1-150 characters of letters, digits and !-_.*'(); received ${quote(this.tenant)}`);
      if (!dir.startsWith('/')) throw new ValidationError(`rulesDirectory: must be absolute; received ${quote(dir)}`);
      if (props.name !== undefined) Validate.kubernetesName(props.name, 'name');
    });
    this.configMap = new kplus.ConfigMap(this, 'Resource', {
      // An explicit `name: undefined` would stop cdk8s from generating the name: only set it when given.
      metadata: { ...(props.name !== undefined ? { name: props.name } : {}), labels, annotations: { [LokiRules.TARGET_DIRECTORY_ANNOTATION]: `${dir}/${this.tenant}` } },
    });
    // The sidecar writes every rule ConfigMap of every namespace into the same tenant directory: the file
    // is named after the (unique) ConfigMap so that applications never overwrite each other's rules.
    this.configMap.addData(`${this.configMap.name}.yaml`, Lazy.any({ produce: () => this.rulesText() }) as unknown as string);
    this.node.addValidation({
      validate: () => {
        const groups = this.groups;
        if (groups.length === 0) return ['groups: a LokiRules object needs at least one group (addGroup())'];
        return groups.filter((g) => g.ruleCount === 0).map((g) => `groups[${quote(g.name)}]: the group has no rules (addAlert() or addRecord())`);
      },
    });
  }

  /**
   * Adds a rule group.
   * @param name the group name, unique in this object
   * @returns the group
   */
  public addGroup(name: string, options: LokiRuleGroupOptions = {}): LokiRuleGroup {
    if (this.node.tryFindChild(name)) throw ValidationError.at(this, `groups[${quote(name)}]: a group of this name already exists; group names must be unique`);
    return new LokiRuleGroup(this, name, options);
  }

  /** The groups, in order. */
  public get groups(): LokiRuleGroup[] {
    return this.node.children.filter((c): c is LokiRuleGroup => c instanceof LokiRuleGroup);
  }

  /** The rule file (`groups:` YAML) as the ruler reads it. */
  public rulesText(): string {
    return Serialize.yaml({ groups: this.groups.map((g) => g._render()) });
  }
}
