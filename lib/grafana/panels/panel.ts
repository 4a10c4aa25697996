import { Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { PrometheusDuration, quote, ValidationError } from '../../core';
import { checkValue } from '../../core/problems';
import { checkNumber, optionalBoolean, optionalDuration, optionalString, requireObject, requireString } from '../../core/untyped';
import { DatasourceRef } from '../datasource';
import { GridPosition, GridRect, Width } from '../layout';
import { Link } from '../link';
import { refIdOf, Target, TargetDefaults } from '../query';
import { Color, Thresholds, ValueMapping } from '../thresholds';
import { Unit } from '../units';

const PANEL = Symbol.for('cdk8s-observability.grafana.Panel');
const HOST = Symbol.for('cdk8s-observability.grafana.PanelHost');

/** What a panel asks of its dashboard when it validates. @internal */
export interface IPanelHost {
  /** The dashboard title. */
  readonly title: string;
  /** Names of the variables the dashboard defines. */
  _variableNames(): string[];
  /** Datasource uids the dashboard may refer to. */
  _knownDatasourceUids(): string[];
}

/** @internal marks a construct as a panel host (the Dashboard). */
export function markPanelHost(host: IPanelHost): void {
  Object.defineProperty(host, HOST, { value: true });
}

/** @internal the dashboard a construct belongs to, if any. */
export function panelHostOf(scope: IConstruct): IPanelHost | undefined {
  for (let s: IConstruct | undefined = scope; s; s = s.node.scope) {
    if ((s as any)[HOST] === true) return s as unknown as IPanelHost;
  }
  return undefined;
}

/** Grafana's global variables, always defined. @internal */
export const GLOBAL_VARIABLES = new Set([
  '__interval', '__interval_ms', '__rate_interval', '__rate_interval_ms', '__range', '__range_s', '__range_ms', '__auto',
  '__from', '__to', '__dashboard', '__org', '__user', '__name', '__timezone', '__timeFilter', 'timeFilter', '__url_time_range', '__all_variables',
]);

/** Properties of every panel. */
export interface PanelProps {
  /** Panel title. Maps to `title`. */
  readonly title: string;
  /**
   * Description shown as the panel's info tooltip. Maps to `description`.
   * @default - none
   */
  readonly description?: string;
  /**
   * Width on the 24-column grid. Maps to `gridPos.w`.
   * @default Width.HALF
   */
  readonly width?: Width;
  /**
   * Height in grid lines (30 px each), an integer from 1 to 100. Maps to `gridPos.h`.
   * @default 8
   */
  readonly height?: number;
  /**
   * Fixed position within the panel's section (row); overlapping fixed positions fail.
   * @default - placed automatically after the previous panel
   */
  readonly position?: GridPosition;
  /**
   * Links in the panel header (runbooks, other dashboards). Maps to `links`.
   * @default - none
   */
  readonly links?: Link[];
  /**
   * Draw without background. Maps to `transparent`.
   * @default false
   */
  readonly transparent?: boolean;
}

/**
 * A panel of a dashboard: a construct placed in a `Dashboard` or a `Row` (directly or inside a group
 * construct such as `RedPanels`). Subclasses are the current Grafana panel types, each exposing only its
 * own options.
 */
export abstract class Panel extends Construct {
  /** Whether `x` is a panel. */
  public static isPanel(x: unknown): x is Panel {
    return typeof x === 'object' && x !== null && (x as any)[PANEL] === true;
  }

  /** Panel title. */
  public readonly title: string;
  /** Width in columns. */
  public readonly width: Width;
  /** Height in lines. */
  public readonly height: number;
  /** Fixed position, if any. */
  public readonly position?: GridPosition;
  /** The Grafana panel type id (`timeseries`, `stat`...). */
  public abstract readonly type: string;
  private readonly description?: string;
  private readonly transparent: boolean;
  private readonly links: Link[] = [];

  protected constructor(scope: Construct, id: string, props: PanelProps) {
    super(scope, id);
    Object.defineProperty(this, PANEL, { value: true });
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    ValidationError.within(this, () => {
      requireObject(props, 'props', '{ title: \'Error rate\' }');
      requireString(props.title, 'title', '\'Error rate\'');
    });
    if (props.title.trim() === '') throw ValidationError.at(this, `title: must not be empty; received ${quote(props.title)}`);
    ValidationError.within(this, () => {
      // gridPos.h of Grafana's dashboard JSON model: an integer number of grid lines (30 px each); Grafana
      // sets no upper bound, 100 lines (3000 px) is far beyond any screen
      checkNumber(props.height, 'height', { unit: 'grid lines of 30 px', integer: true, min: 1, max: 100 });
      optionalString(props.description, 'description', "'Share of 5xx answers'");
      optionalBoolean(props.transparent, 'transparent');
    });
    this.title = props.title;
    this.width = props.width ?? Width.HALF;
    this.height = props.height ?? 8;
    this.position = props.position;
    this.description = props.description;
    this.transparent = props.transparent ?? false;
    for (const link of props.links ?? []) this.addLink(link);
    this.node.addValidation({ validate: () => this._validate() });
  }

  /** Adds a link to the panel header; returns it. */
  public addLink(link: Link): Link {
    const field = `links[${this.links.length}]`;
    if (!(link instanceof Link)) throw ValidationError.at(this, `${field}: must be a Link, e.g. Link.runbook('https://...'); received ${quote(link)}`);
    checkValue(this, field, link);
    if (link.isTagged) throw ValidationError.at(this, `links: a tag drop-down (Link.dashboardsTagged) can only be a dashboard link; received ${quote(link.title)}`);
    this.links.push(link);
    return link;
  }

  /** @internal the panel JSON, given its id and place. */
  public _render(id: number, gridPos: GridRect): { [key: string]: unknown } {
    return {
      id,
      type: this.type,
      title: this.title,
      description: this.description,
      gridPos: { h: gridPos.h, w: gridPos.w, x: gridPos.x, y: gridPos.y },
      transparent: this.transparent || undefined,
      links: this.links.map((l) => l._renderPanelLink()),
      ...this._body(),
    };
  }

  /** @internal the type-specific part of the panel JSON. */
  protected abstract _body(): { [key: string]: unknown };

  /** @internal cross-object checks: variables and datasources used must exist in the dashboard. */
  protected _validate(): string[] {
    return [];
  }
}

/** Properties of panels that run queries. */
export interface QueryPanelProps extends PanelProps {
  /**
   * The queries, refIds A, B, C... in this order. Maps to `targets`.
   * @default - none; add with `addTarget()`
   */
  readonly targets?: Target[];
  /**
   * The panel's datasource. Maps to `datasource`.
   * @default - the targets' datasource (Grafana's `-- Mixed --` when they differ)
   */
  readonly datasource?: DatasourceRef;
  /**
   * Unit of the values. Maps to `fieldConfig.defaults.unit`.
   * @default - Grafana's default (`short`)
   */
  readonly unit?: Unit;
  /**
   * Decimals shown: a count of digits after the decimal point, an integer from 0 to 20. Maps to
   * `fieldConfig.defaults.decimals`.
   * @default - automatic
   */
  readonly decimals?: number;
  /**
   * Minimum of the axis or gauge, a finite number in the unit of the values (`unit`: 0..1 for
   * `Unit.PERCENT_0_1`, 0..100 for `Unit.PERCENT_0_100`). Maps to `fieldConfig.defaults.min`.
   * @default - from the data
   */
  readonly min?: number;
  /**
   * Maximum of the axis or gauge, a finite number in the unit of the values, above `min`. Maps to
   * `fieldConfig.defaults.max`.
   * @default - from the data
   */
  readonly max?: number;
  /**
   * Threshold colours. Maps to `fieldConfig.defaults.thresholds`.
   * @default - a single green step
   */
  readonly thresholds?: Thresholds;
  /**
   * Value mappings. Maps to `fieldConfig.defaults.mappings`.
   * @default - none
   */
  readonly valueMappings?: ValueMapping[];
  /**
   * Minimum step of the queries (and of `$__interval`). Maps to `interval`.
   * @default - the datasource's scrape interval
   */
  readonly minInterval?: Duration;
}

/** A panel that queries datasources and formats fields. */
export abstract class QueryPanel extends Panel {
  /** The threshold colours (`thresholds`, default a single green step). */
  public readonly thresholds: Thresholds;
  /** The value mappings (`valueMappings`, default none). */
  public readonly valueMappings: ValueMapping[];
  private readonly targets: Array<{ target: Target; variables: string[]; isLogQuery: boolean }> = [];
  private readonly panelDatasource?: DatasourceRef;
  private readonly queryProps: QueryPanelProps;

  protected constructor(scope: Construct, id: string, props: QueryPanelProps) {
    super(scope, id, props);
    ValidationError.within(this, () => {
      // fieldConfig.defaults.decimals: Grafana's toFixed accepts 0..20 digits
      checkNumber(props.decimals, 'decimals', { unit: 'digits after the decimal point', integer: true, min: 0, max: 20 });
      checkNumber(props.min, 'min', { unit: 'the unit of the panel values' });
      checkNumber(props.max, 'max', { unit: 'the unit of the panel values' });
      if (props.unit !== undefined && !(props.unit instanceof Unit)) throw new ValidationError(`unit: must be a Unit, e.g. Unit.SECONDS or Unit.of('kbytes'); received ${quote(props.unit)}`);
      if (props.thresholds !== undefined && !(props.thresholds instanceof Thresholds)) throw new ValidationError(`thresholds: must be a Thresholds, e.g. Thresholds.lowerIsBetter(0.8, 0.95); received ${quote(props.thresholds)}`);
      optionalDuration(props.minInterval, 'minInterval');
    });
    checkValue(this, 'unit', props.unit);
    checkValue(this, 'thresholds', props.thresholds);
    if (props.min !== undefined && props.max !== undefined && !(props.min < props.max)) {
      throw ValidationError.at(this, `min/max: min must be below max; received min ${props.min}, max ${props.max}`);
    }
    if (props.minInterval) ValidationError.within(this, () => PrometheusDuration.format(props.minInterval!));
    this.panelDatasource = props.datasource;
    this.queryProps = props;
    this.thresholds = props.thresholds ?? Thresholds.single(Color.GREEN);
    this.valueMappings = props.valueMappings ?? [];
    for (const t of props.targets ?? []) this.addTarget(t);
  }

  /** Adds a query (its expression is parsed now, with this panel's path in any error); returns it. */
  public addTarget(target: Target): Target {
    const parsed = target._parse(this, `targets[${this.targets.length}].expr`);
    this._checkTarget(target, parsed.isLogQuery, this.targets.length);
    this.targets.push({ target, variables: parsed.variables, isLogQuery: parsed.isLogQuery });
    return target;
  }

  /** The queries, in refId order. */
  public get queries(): Target[] {
    return this.targets.map((t) => t.target);
  }

  /** @internal a panel type's own check of a target (e.g. log panels need log queries). */
  protected _checkTarget(_target: Target, _isLogQuery: boolean, _index: number): void {
    return;
  }

  /** @internal defaults the panel type gives its targets. */
  protected _targetDefaults(): TargetDefaults {
    return {};
  }

  /** @internal Grafana's colour mode for the panel type. */
  protected _colorMode(): string {
    return 'thresholds';
  }

  /** @internal `fieldConfig.defaults.custom` of the panel type. */
  protected _custom(): { [key: string]: unknown } | undefined {
    return undefined;
  }

  /** @internal `options` of the panel type. */
  protected abstract _options(): { [key: string]: unknown };

  /** @internal transformations of the panel type. */
  protected _transformations(): Array<{ [key: string]: unknown }> {
    return [];
  }

  /** @internal */
  protected _body(): { [key: string]: unknown } {
    const p = this.queryProps;
    return {
      datasource: this._datasource()?._render(),
      interval: p.minInterval ? PrometheusDuration.format(p.minInterval) : undefined,
      targets: this.targets.map((t, i) => t.target._render(refIdOf(i), this._targetDefaults())),
      fieldConfig: {
        defaults: {
          unit: p.unit?.id,
          decimals: p.decimals,
          min: p.min,
          max: p.max,
          color: { mode: this._colorMode() },
          thresholds: this.thresholds._render(),
          mappings: this.valueMappings.map((m, i) => m._render(i)),
          custom: this._custom(),
        },
        overrides: [],
      },
      options: this._options(),
      transformations: this._transformations(),
    };
  }

  private _datasource(): DatasourceRef | { _render(): { type: string; uid: string } } | undefined {
    if (this.panelDatasource) return this.panelDatasource;
    const refs = this.targets.map((t) => t.target.datasource);
    if (refs.length === 0) return undefined;
    if (refs.every((r) => r.uid === refs[0].uid && r.type === refs[0].type)) return refs[0];
    return { _render: () => ({ type: 'datasource', uid: '-- Mixed --' }) };
  }

  /** @internal */
  protected _validate(): string[] {
    const host = panelHostOf(this);
    if (!host) return ['panel: must be placed in a Dashboard (directly, in a Row, or in a group construct inside one)'];
    const errors: string[] = [];
    const defined = new Set(host._variableNames());
    const known = new Set(host._knownDatasourceUids());
    const refs: Array<{ ref: DatasourceRef; field: string }> = [];
    if (this.panelDatasource) refs.push({ ref: this.panelDatasource, field: 'datasource' });
    this.targets.forEach((t, i) => {
      refs.push({ ref: t.target.datasource, field: `targets[${i}].datasource` });
      for (const v of t.variables) {
        if (!defined.has(v) && !GLOBAL_VARIABLES.has(v)) {
          errors.push(`targets[${i}].expr: template variable "$${v}" is not defined in dashboard ${quote(host.title)}; add it with Dashboard.addVariable() (defined: ${[...defined].join(', ') || 'none'}); received ${quote(t.target.expression)}`);
        }
      }
    });
    for (const { ref, field } of refs) {
      if (ref.variableName !== undefined) {
        if (!defined.has(ref.variableName)) {
          errors.push(`${field}: datasource variable "$${ref.variableName}" is not defined in dashboard ${quote(host.title)}; add Variable.datasource('${ref.variableName}', ...)`);
        }
      } else if (!known.has(ref.uid)) {
        errors.push(`${field}: unknown datasource uid ${quote(ref.uid)} (${ref.type}); provisioned or declared uids: ${[...known].sort().join(', ')}. Provision it with GrafanaDatasources or list it in the dashboard's datasourceUids`);
      }
    }
    return errors;
  }
}
