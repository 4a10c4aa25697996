import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ConstructQueries, PrometheusDuration, quote, ValidationError } from '../core';
import { DatasourceRef, DatasourceType } from './datasource';
import { Color } from './thresholds';
import { optionalDuration, optionalString, optionalStringList, requireObject, requireString, requireStringList } from '../core/untyped';

/** Options of an annotation built from a PromQL query. */
export interface PromQLAnnotationOptions {
  /**
   * Prometheus datasource.
   * @default DatasourceRef.PROMETHEUS
   */
  readonly datasource?: DatasourceRef;
  /**
   * Title of each event, with `{{label}}` placeholders. Maps to `titleFormat`.
   * @default - the series name
   */
  readonly titleFormat?: string;
  /**
   * Text of each event. Maps to `textFormat`.
   * @default - none
   */
  readonly textFormat?: string;
  /**
   * Labels shown as tags, comma-separated. Maps to `tagKeys`.
   * @default - none
   */
  readonly tagKeys?: string[];
  /**
   * Marker colour. Maps to `iconColor`.
   * @default Color.RED
   */
  readonly color?: Color;
  /**
   * Lower limit of the query step ("Min step"). Maps to `target.interval` (`step` of the legacy form).
   * @default Duration.minutes(1)
   */
  readonly step?: Duration;
  /**
   * Shown when the dashboard opens. Maps to `enable`.
   * @default true
   */
  readonly enabled?: boolean;
}

/** Options of an annotation of firing Prometheus alerts. */
export interface AlertsAnnotationOptions extends PromQLAnnotationOptions {
  /**
   * Extra label matchers on `ALERTS`, e.g. `namespace="$namespace"`.
   * @default - every firing alert
   */
  readonly matchers?: string;
}

type Binder = (scope: IConstruct, field: string) => string[];

/**
 * A dashboard annotation (`annotations.list[]`): events drawn on every time series panel, such as
 * Prometheus alerts firing (`ALERTS`) or Grafana-managed alert state changes.
 *
 * @example
 * Annotation.alerts({ matchers: 'namespace="$namespace"' });
 * @see https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/annotate-visualizations/
 */
export class Annotation {
  /**
   * Firing Prometheus alerts, from the `ALERTS` series Prometheus writes for every alerting rule.
   * Titled with the alert name, tagged with severity.
   */
  public static alerts(options: AlertsAnnotationOptions = {}): Annotation {
    requireObject(options, 'annotation "Firing alerts" options', '{ matchers: \'namespace="$namespace"\' }');
    optionalString(options.matchers, 'annotation "Firing alerts" matchers', '\'namespace="$namespace"\'');
    const matchers = options.matchers !== undefined && options.matchers.trim() !== '' ? `, ${options.matchers}` : '';
    return Annotation.promql('Firing alerts', `ALERTS{alertstate="firing"${matchers}}`, {
      titleFormat: '{{alertname}}',
      textFormat: '{{alertname}} ({{severity}}) firing',
      tagKeys: ['severity'],
      ...options,
    });
  }

  /** Events from any PromQL query: one event per series and step where it has a value. */
  public static promql(name: string, expression: string, options: PromQLAnnotationOptions = {}): Annotation {
    requireString(name, 'annotation name', "'Deployments'");
    requireString(expression, `annotation ${quote(name)} expression`, "'changes(kube_deployment_status_observed_generation[5m]) > 0'");
    requireObject(options, `annotation ${quote(name)} options`, "{ titleFormat: '{{deployment}}' }");
    if (options.datasource !== undefined && !(options.datasource instanceof DatasourceRef)) {
      throw new ValidationError(`annotation ${quote(name)} datasource: must be a DatasourceRef, e.g. DatasourceRef.PROMETHEUS; received ${quote(options.datasource)}`);
    }
    if (options.color !== undefined && !(options.color instanceof Color)) throw new ValidationError(`annotation ${quote(name)} color: must be a Color, e.g. Color.RED; received ${quote(options.color)}`);
    optionalDuration(options.step, `annotation ${quote(name)} step`);
    optionalString(options.titleFormat, `annotation ${quote(name)} titleFormat`, "'{{alertname}}'");
    optionalString(options.textFormat, `annotation ${quote(name)} textFormat`, "'{{alertname}} firing'");
    optionalStringList(options.tagKeys, `annotation ${quote(name)} tagKeys`, "['severity']");
    const datasource = options.datasource ?? DatasourceRef.PROMETHEUS;
    if (datasource.type !== DatasourceType.PROMETHEUS) {
      throw new ValidationError(`annotation ${quote(name)}: needs a Prometheus datasource; received ${datasource.type}`);
    }
    const step = PrometheusDuration.format(options.step ?? Duration.minutes(1));
    // The query is in `target`, as Grafana's Prometheus annotation support reads and saves it (its
    // prepareAnnotation, packages/grafana-prometheus/src/annotations.ts, moves a legacy top-level `expr` and
    // `step` into `target.expr` and `target.interval`); the event formatting stays at the top level.
    return new Annotation(name, (scope, field) => ConstructQueries.dashboardPromql(scope, field, expression).variables, () => ({
      name,
      datasource: datasource._render(),
      enable: options.enabled ?? true,
      hide: false,
      iconColor: (options.color ?? Color.RED).name,
      target: { refId: 'Anno', expr: expression, interval: step },
      titleFormat: options.titleFormat,
      textFormat: options.textFormat,
      tagKeys: options.tagKeys?.join(','),
      useValueForTime: false,
    }), datasource);
  }

  /**
   * Grafana's built-in "Annotations & Alerts": manual annotations and the state changes of
   * Grafana-managed alert rules linked to the dashboard, shown (not hidden as by default).
   */
  public static grafanaAlerts(): Annotation {
    return new Annotation('Annotations & Alerts', () => [], () => builtIn(false));
  }

  /** Grafana annotations (API or manual) that carry all the given tags, e.g. deployments. */
  public static tagged(name: string, tags: string[], color: Color = Color.BLUE): Annotation {
    requireString(name, 'annotation name', "'Deployments'");
    requireStringList(tags, `annotation ${quote(name)} tags`, "['deploy']");
    if (!(color instanceof Color)) throw new ValidationError(`annotation ${quote(name)} color: must be a Color, e.g. Color.BLUE; received ${quote(color)}`);
    if (tags.length === 0) throw new ValidationError(`annotation ${quote(name)}: tags must not be empty`);
    return new Annotation(name, () => [], () => ({
      name,
      datasource: { type: 'grafana', uid: '-- Grafana --' },
      enable: true,
      hide: false,
      iconColor: color.name,
      target: { type: 'tags', tags, limit: 100, matchAny: false },
    }));
  }

  /** The annotation name. */
  public readonly name: string;
  /** The datasource of a query annotation. */
  public readonly datasource?: DatasourceRef;
  private readonly binder: Binder;
  private readonly body: () => { [key: string]: unknown };

  private constructor(name: string, binder: Binder, body: () => { [key: string]: unknown }, datasource?: DatasourceRef) {
    this.name = name;
    this.binder = binder;
    this.body = body;
    this.datasource = datasource;
  }

  /** @internal */
  public _bind(scope: IConstruct, field: string): string[] {
    return this.binder(scope, field);
  }

  /** @internal */
  public _render(): { [key: string]: unknown } {
    return this.body();
  }

  /** @internal whether this replaces the built-in annotation */
  public get _isBuiltIn(): boolean {
    return this.name === 'Annotations & Alerts';
  }
}

/** Grafana's built-in annotation (`builtIn: 1`). @internal */
export function builtIn(hide: boolean): { [key: string]: unknown } {
  return {
    builtIn: 1,
    datasource: { type: 'grafana', uid: '-- Grafana --' },
    enable: true,
    hide,
    iconColor: 'rgba(0, 211, 255, 1)',
    name: 'Annotations & Alerts',
    type: 'dashboard',
  };
}
