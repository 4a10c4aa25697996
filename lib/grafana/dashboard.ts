import { createHash } from 'crypto';
import { ApiObject, Duration, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { GrafanaDashboard } from '../../imports/grafana.integreatly.org';
import { MonitoringChart, PrometheusDuration, quote, Serialize, ValidationError } from '../core';
import { requireObject, requireString } from '../core/untyped';
import { checkValue } from '../core/problems';
import { Annotation, builtIn } from './annotation';
import { BUILT_IN_DATASOURCE_UIDS, checkUid } from './datasource';
import { DashboardDelivery } from './delivery';
import { GridRect, layoutSection } from './layout';
import { IDashboardLinkTarget, Link } from './link';
import { GLOBAL_VARIABLES, markPanelHost, Panel } from './panels/panel';
import { Row, RowProps } from './row';
import { Variable } from './variable';
import { AppWideValue } from '../core/render-pass';
import { ARGOCD_SYNC_OPTIONS, CLIENT_SIDE_APPLY_LIMIT_BYTES, measureObject, setSplitHint } from '../core/object-size';

/** The dashboard JSON schema version emitted (Grafana 12's classic model). */
export const SCHEMA_VERSION = 41;

const DASHBOARD = Symbol.for('cdk8s-observability.grafana.Dashboard');

/** Datasource provisioners per construct tree root, so dashboards find them without walking the tree. */
const PROVIDERS = new WeakMap<IConstruct, Array<{ uids: string[] }>>();

/** Shared crosshair or tooltip between panels. Maps to `graphTooltip` (0, 1, 2). */
export enum GraphTooltip {
  /** Each panel on its own. */
  DEFAULT = 'default',
  /** The hovered time shows as a crosshair on every panel. */
  SHARED_CROSSHAIR = 'shared-crosshair',
  /** Crosshair and tooltip on every panel. */
  SHARED_TOOLTIP = 'shared-tooltip',
}

/** Properties of a `Dashboard`. */
export interface DashboardProps {
  /** Dashboard title. Maps to `title`. */
  readonly title: string;
  /**
   * Dashboard uid (1 to 40 alphanumerics, `-`, `_`), the stable part of its URL `/d/<uid>`. Maps to `uid`.
   * @default - `<app>-<title>` slugged, cut to 40 characters with a short hash when longer
   */
  readonly uid?: string;
  /**
   * Description. Maps to `description`.
   * @default - none
   */
  readonly description?: string;
  /**
   * Tags, for search and tag links. Maps to `tags`.
   * @default - none
   */
  readonly tags?: string[];
  /**
   * Time zone: `browser`, `utc` or an IANA name. Maps to `timezone`.
   * @default 'browser'
   */
  readonly timezone?: string;
  /**
   * Auto-refresh period. Maps to `refresh`.
   * @default Duration.minutes(1)
   */
  readonly refresh?: Duration;
  /**
   * Default time range, ending now. Maps to `time.from` (`now-<range>`).
   * @default Duration.hours(6)
   */
  readonly timeRange?: Duration;
  /**
   * Editable in the UI (changes are lost at the next sync for provisioned dashboards). Maps to `editable`.
   * @default false
   */
  readonly editable?: boolean;
  /**
   * Crosshair/tooltip sharing. Maps to `graphTooltip`.
   * @default GraphTooltip.SHARED_CROSSHAIR
   */
  readonly graphTooltip?: GraphTooltip;
  /**
   * Template variables, in drop-down order. Maps to `templating.list`.
   * @default - none; add with `addVariable()`
   */
  readonly variables?: Variable[];
  /**
   * Annotations, after Grafana's built-in one. Maps to `annotations.list`.
   * @default - the built-in annotation only
   */
  readonly annotations?: Annotation[];
  /**
   * Links at the top of the dashboard. Maps to `links`.
   * @default - none
   */
  readonly links?: Link[];
  /**
   * How the dashboard reaches Grafana.
   * @default DashboardDelivery.sidecar()
   */
  readonly delivery?: DashboardDelivery;
  /**
   * Grafana folder (sidecar folder annotation, or the operator's `spec.folder`).
   * @default - the application name (the chart's `partOf`)
   */
  readonly folder?: string;
  /**
   * Datasource uids provisioned outside this app that queries may use, in addition to the ones of
   * `GrafanaDatasources` constructs in the app (or, when there are none, the `DatasourceRef` constants).
   * @default - none
   */
  readonly datasourceUids?: string[];
}

/**
 * A Grafana dashboard, synthesized as classic dashboard JSON (schemaVersion 41) in its own ConfigMap
 * (labelled for the Grafana sidecar) and optionally a Grafana Operator `GrafanaDashboard`.
 *
 * Panels are constructs created inside the dashboard or one of its rows; they are laid out on the
 * 24-column grid automatically (unless given positions) and numbered in the order they were created.
 * At synth time, every query must use only defined template variables and known datasource uids, and the
 * ConfigMap must fit in 1 MiB (as every object of the output); when it is too large for client-side
 * `kubectl apply` (256 KiB of annotations), a warning is recorded and the ConfigMap gets the Argo CD
 * `ServerSideApply=true` sync option.
 *
 * @example
 * const dashboard = new Dashboard(chart, 'Overview', { title: 'Festivals Platform Overview', variables: [Variable.namespace()] });
 * new TimeSeriesPanel(dashboard, 'RequestRate', {
 *   title: 'Request Rate',
 *   unit: Unit.REQUESTS_PER_SECOND,
 *   targets: [Target.promql('sum by (service) (rate(http_requests_total{namespace="$namespace"}[$__rate_interval]))', { legend: '{{service}}' })],
 * });
 */
export class Dashboard extends Construct implements IDashboardLinkTarget {
  /** Whether `x` is a dashboard. */
  public static isDashboard(x: unknown): x is Dashboard {
    return typeof x === 'object' && x !== null && (x as any)[DASHBOARD] === true;
  }

  /**
   * The uid derived from an application name and a title: `<app>-<title>` in lower case with runs of
   * other characters as `-`; longer than 40 characters, cut to 31 and suffixed with `-` and the first
   * 8 hex digits of the SHA-256 of the full slug (so two long titles that share a prefix still differ).
   */
  public static uidFor(app: string, title: string): string {
    const slug = `${app}-${title}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    if (slug.length <= 40) return slug;
    const hash = createHash('sha256').update(slug).digest('hex').slice(0, 8);
    return `${slug.slice(0, 31).replace(/-+$/, '')}-${hash}`;
  }

  /** Dashboard title. */
  public readonly title: string;
  /** Dashboard uid. */
  public readonly uid: string;
  /** Grafana folder. */
  public readonly folder: string;
  /** Name of the ConfigMap holding the JSON. */
  public readonly configMapName: string;
  /** Key of the JSON in the ConfigMap (`<uid>.json`). */
  public readonly configMapKey: string;
  /** Dashboard tags (`tags`, default none). */
  public readonly tags: string[];
  /** Time zone (`timezone`, default `browser`). */
  public readonly timezone: string;
  /** Auto-refresh period (`refresh`, default one minute). */
  public readonly refresh: Duration;
  /** Default time range, ending now (`timeRange`, default six hours). */
  public readonly timeRange: Duration;
  /** Whether the dashboard is editable in the UI (`editable`, default false). */
  public readonly editable: boolean;
  /** Crosshair/tooltip sharing (`graphTooltip`, default `GraphTooltip.SHARED_CROSSHAIR`). */
  public readonly graphTooltip: GraphTooltip;
  /** Datasource uids provisioned outside this app that queries may use (`datasourceUids`, default none). */
  public readonly datasourceUids: string[];
  private readonly description?: string;
  private readonly variables: Variable[] = [];
  private readonly variableRefs: string[][] = [];
  private readonly annotations: Annotation[] = [];
  private readonly annotationRefs: string[][] = [];
  private readonly links: Link[] = [];
  private readonly delivery: DashboardDelivery;

  public constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    Object.defineProperty(this, DASHBOARD, { value: true });
    markPanelHost(this);
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    ValidationError.within(this, () => {
      requireObject(props, 'props', '{ title: \'Checkout\' }');
      requireString(props.title, 'title', '\'Checkout\'');
    });
    if (props.title.trim() === '') throw ValidationError.at(this, `title: must not be empty; received ${quote(props.title)}`);
    const chart = MonitoringChart.find(this);
    this.title = props.title;
    this.description = props.description;
    this.uid = props.uid !== undefined ? ValidationError.within(this, () => checkUid(props.uid!, 'uid')) : Dashboard.uidFor(chart.partOf, props.title);
    this.folder = props.folder ?? chart.partOf;
    if (this.folder.trim() === '') throw ValidationError.at(this, `folder: must not be empty; received ${quote(this.folder)}`);
    this.datasourceUids = props.datasourceUids ?? [];
    for (const u of this.datasourceUids) ValidationError.within(this, () => checkUid(u, 'datasourceUids'));
    ValidationError.within(this, () => {
      if (props.refresh) PrometheusDuration.format(props.refresh);
      if (props.timeRange) PrometheusDuration.format(props.timeRange);
    });
    this.tags = props.tags ?? [];
    this.timezone = props.timezone ?? 'browser';
    this.refresh = props.refresh ?? Duration.minutes(1);
    this.timeRange = props.timeRange ?? Duration.hours(6);
    this.editable = props.editable ?? false;
    this.graphTooltip = props.graphTooltip ?? GraphTooltip.SHARED_CROSSHAIR;
    this.delivery = props.delivery ?? DashboardDelivery.sidecar();
    this.configMapName = `grafana-dashboard-${this.uid.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '')}`;
    this.configMapKey = `${this.uid}.json`;

    for (const v of props.variables ?? []) this.addVariable(v);
    for (const a of props.annotations ?? []) this.addAnnotation(a);
    for (const l of props.links ?? []) this.addLink(l);

    this.renderConfigMap();
    if (this.delivery._operator) this.renderGrafanaDashboard();
    setSplitHint(this, () => `split ${quote(this.title)} into several dashboards linked with Link.toDashboard()`);
    this.node.addValidation({ validate: () => this.validateDashboard() });
  }

  /** Adds a row; panels created inside it are laid out under its header. Returns the row. */
  public addRow(id: string, props: RowProps): Row {
    return new Row(this, id, props);
  }

  /** Adds a template variable (its query is parsed now); returns it. */
  public addVariable(variable: Variable): Variable {
    const field = `variables[${this.variables.length}]`;
    if (!(variable instanceof Variable)) throw ValidationError.at(this, `${field}: must be a Variable, e.g. Variable.query('namespace', ...); received ${quote(variable)}`);
    checkValue(this, field, variable);
    if (this.variables.some((v) => v.name === variable.name)) {
      throw ValidationError.at(this, `variables: a variable named ${quote(variable.name)} is already defined; variable names must be unique`);
    }
    this.variableRefs.push(variable._bind(this, `templating.list[${this.variables.length}].query`));
    this.variables.push(variable);
    return variable;
  }

  /** Adds an annotation (its query is parsed now); returns it. */
  public addAnnotation(annotation: Annotation): Annotation {
    this.annotationRefs.push(annotation._bind(this, `annotations.list[${this.annotations.length}].target.expr`));
    this.annotations.push(annotation);
    return annotation;
  }

  /** Adds a link at the top of the dashboard; returns it. */
  public addLink(link: Link): Link {
    const field = `links[${this.links.length}]`;
    if (!(link instanceof Link)) throw ValidationError.at(this, `${field}: must be a Link, e.g. Link.runbook('https://...'); received ${quote(link)}`);
    checkValue(this, field, link);
    this.links.push(link);
    return link;
  }

  /** The panels of the dashboard in id order (rows excluded). */
  public get panels(): Panel[] {
    return this.collect().order.filter((x): x is Panel => Panel.isPanel(x));
  }

  /** The dashboard JSON model (what Grafana stores), as a plain object. */
  public toDashboardJson(): { [key: string]: unknown } {
    const { top, rows, order } = this.collect();
    const ids = new Map<IConstruct, number>(order.map((c, i) => [c, i + 1]));
    const panels: Array<{ [key: string]: unknown }> = [];
    const sectionPanels = (items: Panel[], startY: number) => {
      const { rects, bottom } = ValidationError.within(this, () => layoutSection(items.map((p) => ({
        name: p.title,
        w: p.width.columns,
        h: p.height,
        x: p.position?.x,
        y: p.position?.y,
      })), startY));
      return { json: items.map((p, i) => p._render(ids.get(p)!, rects[i] as GridRect)), bottom };
    };
    let y = 0;
    const first = sectionPanels(top, 0);
    panels.push(...first.json);
    y = first.bottom;
    for (const { row, items } of rows) {
      const section = sectionPanels(items, y + 1);
      if (row.collapsed) {
        panels.push(row._render(ids.get(row)!, y, section.json));
        y += 1;
      } else {
        panels.push(row._render(ids.get(row)!, y, []), ...section.json);
        y = Math.max(section.bottom, y + 1);
      }
    }
    const hasBuiltIn = this.annotations.some((a) => a._isBuiltIn);
    return {
      id: null,
      uid: this.uid,
      title: this.title,
      description: this.description,
      tags: this.tags,
      timezone: this.timezone,
      editable: this.editable,
      graphTooltip: { [GraphTooltip.DEFAULT]: 0, [GraphTooltip.SHARED_CROSSHAIR]: 1, [GraphTooltip.SHARED_TOOLTIP]: 2 }[this.graphTooltip],
      fiscalYearStartMonth: 0,
      liveNow: false,
      refresh: PrometheusDuration.format(this.refresh),
      time: { from: `now-${PrometheusDuration.format(this.timeRange)}`, to: 'now' },
      timepicker: {},
      schemaVersion: SCHEMA_VERSION,
      version: 1,
      weekStart: '',
      links: this.links.map((l) => l._renderDashboardLink()),
      annotations: { list: [...(hasBuiltIn ? [] : [builtIn(true)]), ...this.annotations.map((a) => a._render())] },
      templating: { list: this.variables.map((v) => v._render()) },
      panels,
    };
  }

  /** The dashboard JSON text as shipped (stable key order). */
  public toJsonString(): string {
    return Serialize.json(this.toDashboardJson());
  }

  /** @internal names of the defined variables (for panel validation) */
  public _variableNames(): string[] {
    return this.variables.map((v) => v.name);
  }

  /** @internal datasource uids the dashboard may use */
  public _knownDatasourceUids(): string[] {
    const provided = PROVIDERS.get(this.node.root) ?? [];
    const base = provided.length > 0 ? provided.flatMap((p) => p.uids) : BUILT_IN_DATASOURCE_UIDS;
    return [...new Set([...base, ...this.datasourceUids])];
  }

  private collect(): { top: Panel[]; rows: Array<{ row: Row; items: Panel[] }>; order: IConstruct[] } {
    const top: Panel[] = [];
    const rows: Array<{ row: Row; items: Panel[] }> = [];
    const order: IConstruct[] = [];
    const walk = (node: IConstruct, into: Panel[]) => {
      for (const child of node.node.children) {
        if (Panel.isPanel(child)) {
          order.push(child);
          into.push(child);
        } else if (Row.isRow(child)) {
          order.push(child);
          const items: Panel[] = [];
          rows.push({ row: child, items });
          walk(child, items);
        } else if (!Dashboard.isDashboard(child)) {
          walk(child, into);
        }
      }
    };
    walk(this, top);
    return { top, rows, order };
  }

  private validateDashboard(): string[] {
    const errors: string[] = [];
    const undefinedIn = (refs: string[][], field: (i: number) => string) => refs.forEach((names, i) => {
      for (const r of names) {
        if (!this.variables.some((v) => v.name === r) && !GLOBAL_VARIABLES.has(r)) {
          errors.push(`${field(i)}: template variable "$${r}" is not defined in dashboard ${quote(this.title)}; add it with addVariable()`);
        }
      }
    });
    undefinedIn(this.variableRefs, (i) => `templating.list[${i}] (${this.variables[i].name})`);
    undefinedIn(this.annotationRefs, (i) => `annotations.list[${i}] (${this.annotations[i].name})`);
    const clash = DASHBOARDS_BY_UID.of(this).get(this.uid.toLowerCase())!.find((d) => d !== this);
    if (clash) {
      errors.push(`uid: ${quote(this.uid)} is also the uid of ${clash.node.path}${clash.uid === this.uid ? '' : ` (${quote(clash.uid)}: Grafana compares uids without case on MySQL)`}; `
        + 'one uid is one dashboard in Grafana, the last one loaded wins: give one of them another title or an explicit uid');
    }
    return errors;
  }

  private renderConfigMap(): void {
    const sidecar = this.delivery._sidecar;
    new DashboardConfigMap(this, 'ConfigMap', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: this.configMapName,
        labels: sidecar ? { [sidecar.label]: sidecar.labelValue } : undefined,
        annotations: sidecar ? { [sidecar.folderAnnotation]: this.folder } : undefined,
      },
      data: Lazy.any({ produce: () => ({ [this.configMapKey]: this.toJsonString() }) }),
    } as any);
  }

  private renderGrafanaDashboard(): void {
    const op = this.delivery._operator!;
    new GrafanaDashboard(this, 'Resource', {
      metadata: { name: this.configMapName },
      spec: {
        instanceSelector: { matchLabels: { ...op.instanceSelector } },
        allowCrossNamespaceImport: op.allowCrossNamespaceImport,
        // a metav1.Duration (api/v1beta1/common.go, grafana-operator), read with time.ParseDuration: no `d` unit
        resyncPeriod: op.resyncPeriod ? PrometheusDuration.formatGo(op.resyncPeriod) : undefined,
        folder: this.folder,
        uid: this.uid,
        configMapRef: { name: this.configMapName, key: this.configMapKey },
      },
    });
  }
}

/** The dashboards of an app by lower-cased uid, built once per synthesis: uids must be unique in the whole app. */
const DASHBOARDS_BY_UID = new AppWideValue((root) => {
  const byUid = new Map<string, Dashboard[]>();
  for (const c of root.node.findAll()) {
    if (!Dashboard.isDashboard(c)) continue;
    const key = c.uid.toLowerCase();
    const same = byUid.get(key);
    if (same === undefined) byUid.set(key, [c]);
    else same.push(c);
  }
  return byUid;
});

/** @internal registers a construct whose `uids` are provisioned datasources of its app. */
export function registerDatasourceProvider(provider: IConstruct & { uids: string[] }): void {
  const root = provider.node.root;
  PROVIDERS.set(root, [...(PROVIDERS.get(root) ?? []), provider]);
}

/**
 * A ConfigMap that adds the Argo CD server-side-apply option when it is too large for client-side apply
 * (the size check of the synthesis then warns about it, naming the option).
 */
class DashboardConfigMap extends ApiObject {
  public toJson(): any {
    const json = super.toJson();
    if (measureObject(json).clientSideApply > CLIENT_SIDE_APPLY_LIMIT_BYTES) {
      json.metadata = { ...json.metadata, annotations: { ...json.metadata?.annotations, [ARGOCD_SYNC_OPTIONS]: 'ServerSideApply=true' } };
    }
    return json;
  }
}
