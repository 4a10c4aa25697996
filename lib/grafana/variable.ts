import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ConstructQueries, PrometheusDuration, quote, Validate, ValidationError } from '../core';
import { deferProblem, raiseProblem } from '../core/problems';
import { optionalBoolean, optionalDuration, optionalString, requireArray, requireObject, requireString, requireStringList } from '../core/untyped';
import { DatasourceRef, DatasourceType } from './datasource';

/** Whether and how a variable shows on the dashboard. Maps to `hide` (0, 1, 2). */
export enum VariableHide {
  /** Label and drop-down. */
  LABEL_AND_VALUE = 'label-and-value',
  /** Drop-down only. */
  VALUE_ONLY = 'value-only',
  /** Not shown. */
  HIDDEN = 'hidden',
}

/** When a query variable reloads its values. Maps to `refresh` (1, 2). */
export enum VariableRefresh {
  /** When the dashboard loads. */
  ON_DASHBOARD_LOAD = 'on-dashboard-load',
  /** When the time range changes. */
  ON_TIME_RANGE_CHANGE = 'on-time-range-change',
}

/** Options shared by every variable. */
export interface VariableOptions {
  /**
   * Label shown next to the drop-down. Maps to `label`.
   * @default - the name
   */
  readonly label?: string;
  /**
   * Description shown as a tooltip. Maps to `description`.
   * @default - none
   */
  readonly description?: string;
  /**
   * Visibility. Maps to `hide`.
   * @default VariableHide.LABEL_AND_VALUE
   */
  readonly hide?: VariableHide;
}

/** Options of variables whose values are a list to choose from. */
export interface SelectVariableOptions extends VariableOptions {
  /**
   * Allow choosing several values (queries then need `=~"$var"`). Maps to `multi`.
   * @default false
   */
  readonly multi?: boolean;
  /**
   * Offer an "All" option. Maps to `includeAll`.
   * @default false
   */
  readonly includeAll?: boolean;
  /**
   * Value of "All" (e.g. `.*`). Maps to `allValue`.
   * @default - every value joined by Grafana
   */
  readonly allValue?: string;
  /**
   * The value selected initially. Maps to `current`.
   * @default - the first value
   */
  readonly defaultValue?: string;
}

/** Options of a query variable. */
export interface QueryVariableOptions extends SelectVariableOptions {
  /**
   * Datasource that runs the query.
   * @default DatasourceRef.PROMETHEUS
   */
  readonly datasource?: DatasourceRef;
  /**
   * When the values reload. Maps to `refresh`.
   * @default VariableRefresh.ON_TIME_RANGE_CHANGE
   */
  readonly refresh?: VariableRefresh;
  /**
   * Regular expression that filters (and with a capture group, extracts) values. Maps to `regex`.
   * @default - no filter
   */
  readonly regex?: string;
  /**
   * Sort values alphabetically. Maps to `sort` (1 = alphabetical ascending).
   * @default true
   */
  readonly sortAlphabetically?: boolean;
}

/** Options of a label-values variable. */
export interface LabelValuesVariableOptions extends QueryVariableOptions {
  /**
   * Series selector whose label values are offered (e.g. `up{namespace="$namespace"}`).
   * @default - every series that has the label
   */
  readonly selector?: string;
}

/** Options of an interval variable. */
export interface IntervalVariableOptions extends VariableOptions {
  /**
   * The interval selected initially.
   * @default - the first interval
   */
  readonly defaultValue?: Duration;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HIDE = { [VariableHide.LABEL_AND_VALUE]: 0, [VariableHide.VALUE_ONLY]: 1, [VariableHide.HIDDEN]: 2 };
const REFRESH = { [VariableRefresh.ON_DASHBOARD_LOAD]: 1, [VariableRefresh.ON_TIME_RANGE_CHANGE]: 2 };

type Binder = (scope: IConstruct, field: string) => string[];

/**
 * A dashboard template variable (`templating.list[]`). Queries of the dashboard refer to it as `$name`;
 * referring to a variable the dashboard does not define fails the synth.
 *
 * @example
 * Variable.namespace();
 * Variable.labelValues('job', 'job', { selector: 'up{namespace="$namespace"}' });
 * Variable.custom('percentile', ['0.5', '0.95', '0.99'], { defaultValue: '0.95' });
 * @see https://grafana.com/docs/grafana/latest/dashboards/variables/
 */
export class Variable {
  /**
   * A datasource variable: pick one datasource of a type. Use it in targets with `DatasourceRef.variable(name, type)`.
   */
  public static datasource(name: string, type: DatasourceType, options: SelectVariableOptions = {}): Variable {
    const o = safe(options);
    return deferProblem(() => {
      checkCommon(name, options);
      if (!Object.values(DatasourceType).includes(type)) throw new ValidationError(`variable ${name} type: must be a DatasourceType, e.g. DatasourceType.PROMETHEUS; received ${quote(type)}`);
    }, () => new Variable(name, 'datasource', o, () => [], () => ({
      query: type,
      regex: '',
      refresh: 1,
      multi: o.multi ?? false,
      includeAll: o.includeAll ?? false,
      current: o.defaultValue !== undefined ? { text: o.defaultValue, value: o.defaultValue } : {},
      options: [],
    })));
  }

  /**
   * A query variable with a Grafana variable query: `label_values(<selector>, <label>)`, `label_values(<label>)`,
   * `label_names()`, `metrics(<regex>)` or `query_result(<PromQL>)`. Selectors and PromQL inside are parsed
   * by the official grammars.
   * @see https://grafana.com/docs/grafana/latest/datasources/prometheus/template-variables/
   */
  public static query(name: string, query: string, options: QueryVariableOptions = {}): Variable {
    const o = safe(options);
    const datasource = o.datasource ?? DatasourceRef.PROMETHEUS;
    const bind: Binder = (scope, field) => parseVariableQuery(scope, field, query, datasource);
    return deferProblem(() => {
      checkCommon(name, options);
      requireString(query, `variable ${name} query`, "'label_values(up, job)'");
      if (options.datasource !== undefined && !(options.datasource instanceof DatasourceRef)) {
        throw new ValidationError(`variable ${name} datasource: must be a DatasourceRef, e.g. DatasourceRef.PROMETHEUS; received ${quote(options.datasource)}`);
      }
      if (options.refresh !== undefined && !Object.values(VariableRefresh).includes(options.refresh)) {
        throw new ValidationError(`variable ${name} refresh: must be a VariableRefresh, e.g. VariableRefresh.ON_TIME_RANGE_CHANGE; received ${quote(options.refresh)}`);
      }
      optionalString(options.regex, `variable ${name} regex`, "'/^prod-/'");
      optionalBoolean(options.sortAlphabetically, `variable ${name} sortAlphabetically`);
    }, () => new Variable(name, 'query', o, bind, () => ({
      datasource: datasource._render(),
      query,
      definition: query,
      refresh: REFRESH[o.refresh ?? VariableRefresh.ON_TIME_RANGE_CHANGE],
      regex: o.regex ?? '',
      sort: o.sortAlphabetically === false ? 0 : 1,
      multi: o.multi ?? false,
      includeAll: o.includeAll ?? false,
      allValue: o.allValue,
      current: o.defaultValue !== undefined ? { text: o.defaultValue, value: o.defaultValue } : {},
      options: [],
    }), datasource));
  }

  /** A query variable offering the values of a label: `label_values(<selector>, <label>)`. */
  public static labelValues(name: string, label: string, options: LabelValuesVariableOptions = {}): Variable {
    const o = safe(options);
    const query = o.selector !== undefined ? `label_values(${o.selector}, ${label})` : `label_values(${label})`;
    return deferProblem(() => {
      Validate.relabelLabelName(label, `variable ${name} label`);
      requireObject(options, `variable ${name} options`, "{ selector: 'up' }");
      optionalString(options.selector, `variable ${name} selector`, "'up{job=\"api\"}'");
    }, () => Variable.query(name, query, options));
  }

  /** `namespace`: the values of the `namespace` label of `up` (or of `selector`). */
  public static namespace(options: LabelValuesVariableOptions = {}): Variable {
    return Variable.labelValues('namespace', 'namespace', { label: 'Namespace', selector: 'up', ...options });
  }

  /** `job`: the values of the `job` label of `up` (or of `selector`, e.g. `up{namespace="$namespace"}`). */
  public static job(options: LabelValuesVariableOptions = {}): Variable {
    return Variable.labelValues('job', 'job', { label: 'Job', selector: 'up', ...options });
  }

  /** `instance`: the values of the `instance` label of `up` (or of `selector`, e.g. `up{job="$job"}`). */
  public static instance(options: LabelValuesVariableOptions = {}): Variable {
    return Variable.labelValues('instance', 'instance', { label: 'Instance', selector: 'up', ...options });
  }

  /** A fixed list of values. Values may not contain commas (Grafana's list separator). */
  public static custom(name: string, values: string[], options: SelectVariableOptions = {}): Variable {
    const o = safe(options);
    const list = Array.isArray(values) ? values : [];
    const current = o.defaultValue ?? list[0];
    return deferProblem(() => {
      checkCommon(name, options);
      requireStringList(values, `variable ${name} values`, "['eu', 'us']");
      if (values.length === 0) throw new ValidationError(`variable ${name}: a custom variable needs at least one value`);
      const bad = values.find((v) => v.includes(',') || v.trim() !== v || v === '');
      if (bad !== undefined) throw new ValidationError(`variable ${name}: custom values must be non-empty, without commas or surrounding spaces; received ${quote(bad)}`);
      if (!values.includes(current)) throw new ValidationError(`variable ${name}: defaultValue must be one of the values (${values.join(', ')}); received ${quote(current)}`);
    }, () => new Variable(name, 'custom', o, () => [], () => ({
      query: list.join(','),
      multi: o.multi ?? false,
      includeAll: o.includeAll ?? false,
      allValue: o.allValue,
      current: { text: current, value: current },
      options: list.map((v) => ({ text: v, value: v, selected: v === current })),
    })));
  }

  /** A choice of intervals (`$interval` in `rate(x[$interval])`). */
  public static interval(name: string, intervals: Duration[], options: IntervalVariableOptions = {}): Variable {
    const o = safe(options);
    let texts: string[] = [];
    let current = '';
    return deferProblem(() => {
      checkCommon(name, options, false);
      requireArray(intervals, `variable ${name} intervals`, '[Duration.minutes(1), Duration.minutes(5)]');
      if (intervals.length === 0) throw new ValidationError(`variable ${name}: an interval variable needs at least one interval`);
      texts = intervals.map((d, i) => {
        optionalDuration(d, `variable ${name} intervals[${i}]`);
        return ValidationError.inField(`variable ${name} intervals[${i}]`, () => PrometheusDuration.format(d));
      });
      optionalDuration(options.defaultValue, `variable ${name} defaultValue`);
      current = options.defaultValue ? PrometheusDuration.format(options.defaultValue) : texts[0];
      if (!texts.includes(current)) throw new ValidationError(`variable ${name}: defaultValue must be one of the intervals (${texts.join(', ')}); received ${quote(current)}`);
    }, () => new Variable(name, 'interval', o, () => [], () => ({
      query: texts.join(','),
      auto: false,
      auto_count: 30,
      auto_min: '10s',
      refresh: 2,
      current: { text: current, value: current },
      options: texts.map((t) => ({ text: t, value: t, selected: t === current })),
    })));
  }

  /** A free-text box with a default value. */
  public static textbox(name: string, defaultValue: string, options: VariableOptions = {}): Variable {
    return deferProblem(() => {
      checkCommon(name, options, false);
      requireString(defaultValue, `variable ${name} defaultValue`, "'checkout'");
    }, () => new Variable(name, 'textbox', safe(options), () => [], () => ({
      query: defaultValue,
      current: { text: defaultValue, value: defaultValue },
      options: [{ text: defaultValue, value: defaultValue, selected: true }],
    })));
  }

  /** The variable name (`$name` in queries). */
  public readonly name: string;
  /** The variable type (`query`, `custom`, `datasource`, `interval`, `textbox`). */
  public readonly type: string;
  /** The datasource of a query variable. */
  public readonly datasource?: DatasourceRef;
  private readonly options: VariableOptions;
  private readonly binder: Binder;
  private readonly body: () => { [key: string]: unknown };

  private constructor(name: string, type: string, options: VariableOptions, binder: Binder, body: () => { [key: string]: unknown }, datasource?: DatasourceRef) {
    this.name = name;
    this.type = type;
    this.options = options;
    this.binder = binder;
    this.body = body;
    this.datasource = datasource;
  }

  /** @internal Parses the variable's query on behalf of `scope`; returns the variables it refers to. */
  public _bind(scope: IConstruct, field: string): string[] {
    return this.binder(scope, field);
  }

  /** @internal */
  public _render(): { [key: string]: unknown } {
    raiseProblem(this);
    return {
      name: this.name,
      type: this.type,
      label: this.options.label,
      description: this.options.description,
      hide: HIDE[this.options.hide ?? VariableHide.LABEL_AND_VALUE],
      ...this.body(),
    };
  }
}

/** The options object, or `{}` for a value that is not one (the factory keeps that problem). */
function safe<T>(value: T): T {
  return (typeof value === 'object' && value !== null ? value : {}) as T;
}

/** The name and the options every variable has (`select`: those of a list to choose from). */
function checkCommon(name: string, options: VariableOptions, select = true): void {
  const o = options as SelectVariableOptions;
  if (typeof name !== 'string' || !NAME.test(name) || name.startsWith('__')) {
    throw new ValidationError(`variable name: must match [A-Za-z_][A-Za-z0-9_]* and not start with "__" (reserved for Grafana's global variables); received ${quote(name)}`);
  }
  requireObject(options, `variable ${name} options`, "{ label: 'Namespace' }");
  optionalString(options.label, `variable ${name} label`, "'Namespace'");
  optionalString(options.description, `variable ${name} description`, "'The namespace of the service'");
  if (options.hide !== undefined && !Object.values(VariableHide).includes(options.hide)) {
    throw new ValidationError(`variable ${name} hide: must be a VariableHide, e.g. VariableHide.VALUE_ONLY; received ${quote(options.hide)}`);
  }
  if (!select) return;
  optionalBoolean(o.multi, `variable ${name} multi`);
  optionalBoolean(o.includeAll, `variable ${name} includeAll`);
  optionalString(o.allValue, `variable ${name} allValue`, "'.*'");
  optionalString(o.defaultValue, `variable ${name} defaultValue`, "'prod'");
}

/** Splits `label_values(sel, label)` style queries and parses the embedded selector or PromQL. */
function parseVariableQuery(scope: IConstruct, field: string, query: string, datasource: DatasourceRef): string[] {
  const fail = (why: string) => ValidationError.at(scope, `${field}: ${why}; received ${quote(query)}`);
  const open = query.indexOf('(');
  if (open < 0 || !query.trimEnd().endsWith(')')) {
    throw fail('must be label_values(...), label_names(), metrics(...) or query_result(...)');
  }
  const fn = query.slice(0, open).trim();
  const args = query.slice(open + 1, query.trimEnd().length - 1).trim();
  const parse = (text: string) => datasource.type === DatasourceType.LOKI
    ? ConstructQueries.dashboardLogql(scope, field, text).variables
    : ConstructQueries.dashboardPromql(scope, field, text).variables;
  switch (fn) {
    case 'label_names':
    case 'metrics':
      return [];
    case 'query_result':
      return parse(args);
    case 'label_values': {
      const comma = args.lastIndexOf(',');
      const label = (comma < 0 ? args : args.slice(comma + 1)).trim();
      if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label)) throw fail(`label_values: ${quote(label)} is not a label name`);
      return comma < 0 ? [] : parse(args.slice(0, comma).trim());
    }
    default:
      throw fail(`unknown variable query function ${quote(fn)} (use label_values, label_names, metrics or query_result)`);
  }
}
