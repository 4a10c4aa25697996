import { ApiObject, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { GrafanaDatasource } from '../../imports/grafana.integreatly.org';
import { PrometheusDuration, quote, Serialize, Validate, ValidationError } from '../core';
import { registerDatasourceProvider } from './dashboard';
import { checkUid, DatasourceRef, DatasourceType } from './datasource';
import { checkNumber, optionalBoolean, optionalDuration, optionalString, requireObject, requireString } from '../core/untyped';
import { optionalArray } from '../core/untyped';

/** Options shared by every provisioned datasource. */
export interface DatasourceOptions {
  /** URL Grafana's backend reaches the service at (e.g. `http://prometheus-operated.monitoring:9090`). */
  readonly url: string;
  /**
   * Fixed uid that dashboards refer to.
   * @default - the type's `DatasourceRef` constant uid (`prometheus`, `loki`, `alertmanager`)
   */
  readonly uid?: string;
  /**
   * Display name (unique per Grafana organization).
   * @default - `Prometheus`, `Loki` or `Alertmanager`
   */
  readonly name?: string;
  /**
   * The organization's default datasource (at most one may be).
   * @default - true for Prometheus, false otherwise
   */
  readonly isDefault?: boolean;
}

/** Options of a Prometheus datasource. */
export interface PrometheusDatasourceOptions extends DatasourceOptions {
  /**
   * Prometheus' scrape interval, so `$__rate_interval` covers at least four scrapes. Maps to `jsonData.timeInterval`.
   * @default Duration.seconds(30)
   */
  readonly scrapeInterval?: Duration;
}

/** Options of a Loki datasource. */
export interface LokiDatasourceOptions extends DatasourceOptions {
  /**
   * Maximum lines of a log query. Maps to `jsonData.maxLines`.
   * @default 1000
   */
  readonly maxLines?: number;
}

/** The Alertmanager a datasource talks to. Maps to `jsonData.implementation`. */
export enum AlertmanagerImplementation {
  /** Prometheus' Alertmanager. */
  PROMETHEUS = 'prometheus',
  /** Mimir's (or Cortex') Alertmanager. */
  MIMIR = 'mimir',
}

/** Options of an Alertmanager datasource. */
export interface AlertmanagerDatasourceOptions extends DatasourceOptions {
  /**
   * Which Alertmanager.
   * @default AlertmanagerImplementation.PROMETHEUS
   */
  readonly implementation?: AlertmanagerImplementation;
}

/** The options every datasource has, for plain JavaScript callers. */
function checkOptions(options: DatasourceOptions, kind: string): void {
  requireObject(options, 'options', `{ url: 'http://${kind}:9090' }`);
  requireString(options.url, 'url', `'http://${kind}:9090'`);
  optionalString(options.uid, 'uid', `'${kind}'`);
  optionalString(options.name, 'name', "'Prometheus'");
  optionalBoolean(options.isDefault, 'isDefault');
}

/**
 * A datasource to provision (an entry of `datasources.yaml`), with a fixed uid so dashboards refer to it
 * by `DatasourceRef` without looking anything up.
 * @see https://grafana.com/docs/grafana/latest/administration/provisioning/#data-sources
 */
export class Datasource {
  /** A Prometheus datasource (uid `prometheus` by default). */
  public static prometheus(options: PrometheusDatasourceOptions): Datasource {
    checkOptions(options, 'prometheus');
    optionalDuration(options.scrapeInterval, 'scrapeInterval');
    const jsonData = { timeInterval: PrometheusDuration.format(options.scrapeInterval ?? Duration.seconds(30)), httpMethod: 'POST' };
    return new Datasource(DatasourceType.PROMETHEUS, options, 'Prometheus', DatasourceRef.PROMETHEUS.uid, options.isDefault ?? true, jsonData);
  }

  /** A Loki datasource (uid `loki` by default). */
  public static loki(options: LokiDatasourceOptions): Datasource {
    checkOptions(options, 'loki');
    // jsonData.maxLines of Grafana's Loki datasource: an int of log lines (Grafana's default 1000)
    checkNumber(options.maxLines, 'maxLines', { unit: 'log lines', integer: true, min: 1 });
    return new Datasource(DatasourceType.LOKI, options, 'Loki', DatasourceRef.LOKI.uid, options.isDefault ?? false, { maxLines: options.maxLines ?? 1000 });
  }

  /** An Alertmanager datasource (uid `alertmanager` by default). */
  public static alertmanager(options: AlertmanagerDatasourceOptions): Datasource {
    checkOptions(options, 'alertmanager');
    if (options.implementation !== undefined && !Object.values(AlertmanagerImplementation).includes(options.implementation)) {
      throw new ValidationError(`implementation: must be an AlertmanagerImplementation, e.g. AlertmanagerImplementation.PROMETHEUS; received ${quote(options.implementation)}`);
    }
    const jsonData = { implementation: options.implementation ?? AlertmanagerImplementation.PROMETHEUS, handleGrafanaManagedAlerts: false };
    return new Datasource(DatasourceType.ALERTMANAGER, options, 'Alertmanager', DatasourceRef.ALERTMANAGER.uid, options.isDefault ?? false, jsonData);
  }

  /** Plugin type. */
  public readonly type: DatasourceType;
  /** Uid. */
  public readonly uid: string;
  /** Display name. */
  public readonly name: string;
  /** URL. */
  public readonly url: string;
  /** Whether it is the default datasource. */
  public readonly isDefault: boolean;
  private readonly jsonData: { [key: string]: unknown };

  private constructor(type: DatasourceType, options: DatasourceOptions, name: string, uid: string, isDefault: boolean, jsonData: { [key: string]: unknown }) {
    if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(options.url)) {
      throw new ValidationError(`url: must be an http:// or https:// URL; received ${quote(options.url)}`);
    }
    this.type = type;
    this.uid = checkUid(options.uid ?? uid, 'uid');
    this.name = options.name ?? name;
    if (this.name.trim() === '') throw new ValidationError(`name: must not be empty; received ${quote(this.name)}`);
    this.url = options.url;
    this.isDefault = isDefault;
    this.jsonData = jsonData;
  }

  /** The reference dashboards use for this datasource. */
  public get ref(): DatasourceRef {
    switch (this.type) {
      case DatasourceType.PROMETHEUS: return this.uid === DatasourceRef.PROMETHEUS.uid ? DatasourceRef.PROMETHEUS : DatasourceRef.prometheus(this.uid);
      case DatasourceType.LOKI: return this.uid === DatasourceRef.LOKI.uid ? DatasourceRef.LOKI : DatasourceRef.loki(this.uid);
      default: return this.uid === DatasourceRef.ALERTMANAGER.uid ? DatasourceRef.ALERTMANAGER : DatasourceRef.alertmanager(this.uid);
    }
  }

  /** @internal the provisioning entry */
  public _render(): { [key: string]: unknown } {
    return { name: this.name, type: this.type, uid: this.uid, access: 'proxy', url: this.url, isDefault: this.isDefault, editable: false, jsonData: this.jsonData };
  }
}

/** Properties of `GrafanaDatasources`. */
export interface GrafanaDatasourcesProps {
  /**
   * The datasources.
   * @default - none; add with `addDatasource()`
   */
  readonly datasources?: Datasource[];
  /**
   * Label the Grafana datasource sidecar selects ConfigMaps by (`sidecar.datasources.label`).
   * @default 'grafana_datasource'
   */
  readonly label?: string;
  /**
   * Value of that label (`sidecar.datasources.labelValue`).
   * @default '1'
   */
  readonly labelValue?: string;
  /**
   * Name of the ConfigMap (unique in its namespace).
   * @default 'grafana-datasources'
   */
  readonly configMapName?: string;
  /**
   * Also emit one Grafana Operator `GrafanaDatasource` per datasource, for Grafana instances with these labels.
   * @default - no GrafanaDatasource resources
   */
  readonly operatorInstanceSelector?: { [key: string]: string };
}

/**
 * Provisioned Grafana datasources: a ConfigMap with `datasources.yaml` labelled for the Grafana
 * datasource sidecar (`grafana_datasource: "1"`), and optionally Grafana Operator `GrafanaDatasource`
 * resources. Dashboards in the same app accept exactly these uids (plus their own `datasourceUids`).
 *
 * @example
 * new GrafanaDatasources(chart, 'Datasources', {
 *   datasources: [
 *     Datasource.prometheus({ url: 'http://prometheus-operated.monitoring:9090' }),
 *     Datasource.loki({ url: 'http://loki-gateway.monitoring' }),
 *   ],
 * });
 */
export class GrafanaDatasources extends Construct {
  /** Name of the ConfigMap. */
  public readonly configMapName: string;
  private readonly datasources: Datasource[] = [];
  private readonly props: GrafanaDatasourcesProps;

  public constructor(scope: Construct, id: string, props: GrafanaDatasourcesProps = {}) {
    super(scope, id);
    ValidationError.within(this, () => {
      requireObject(props, 'props', "{ datasources: [Datasource.prometheus({ url })] }");
      optionalArray(props.datasources, 'datasources', "[Datasource.prometheus({ url: 'http://prometheus:9090' })]");
      optionalString(props.label, 'label', "'grafana_datasource'");
      optionalString(props.labelValue, 'labelValue', "'1'");
    });
    this.props = props;
    const label = props.label ?? 'grafana_datasource';
    const labelValue = props.labelValue ?? '1';
    ValidationError.within(this, () => {
      Validate.kubernetesLabelKey(label, 'label');
      Validate.kubernetesLabelValue(labelValue, 'labelValue');
      if (props.operatorInstanceSelector) {
        if (Object.keys(props.operatorInstanceSelector).length === 0) throw new ValidationError('operatorInstanceSelector: must have at least one label');
        Validate.kubernetesLabels(props.operatorInstanceSelector, 'operatorInstanceSelector');
      }
    });
    this.configMapName = ValidationError.within(this, () => Validate.kubernetesName(props.configMapName ?? 'grafana-datasources', 'configMapName'));
    new ApiObject(this, 'ConfigMap', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: this.configMapName, labels: { [label]: labelValue } },
      data: Lazy.any({ produce: () => ({ 'datasources.yaml': Serialize.yaml({ apiVersion: 1, datasources: this.datasources.map((d) => d._render()) }) }) }),
    } as any);
    for (const d of props.datasources ?? []) this.addDatasource(d);
    this.node.addValidation({ validate: () => this.validateDatasources() });
    registerDatasourceProvider(this);
  }

  /** Adds a datasource; returns it. */
  public addDatasource(datasource: Datasource): Datasource {
    const clash = this.datasources.find((d) => d.uid === datasource.uid || d.name === datasource.name);
    if (clash) {
      throw ValidationError.at(this, `datasources: uid and name must be unique; ${quote(datasource.name)} (uid ${datasource.uid}) clashes with ${quote(clash.name)} (uid ${clash.uid})`);
    }
    this.datasources.push(datasource);
    if (this.props.operatorInstanceSelector) {
      // The uid goes in spec.uid: spec.datasource.uid is deprecated (grafana-operator
      // api/v1beta1/grafanadatasource_types.go, GetGrafanaUID falls back to it only when spec.uid is empty).
      const { uid: _uid, ...body } = datasource._render();
      new GrafanaDatasource(this, `Resource-${datasource.uid}`, {
        metadata: { name: `grafana-datasource-${datasource.uid.toLowerCase().replace(/[^a-z0-9-]/g, '-')}` },
        spec: {
          instanceSelector: { matchLabels: { ...this.props.operatorInstanceSelector } },
          uid: datasource.uid,
          datasource: body as any,
        },
      });
    }
    return datasource;
  }

  /** The uids provisioned, in order. */
  public get uids(): string[] {
    return this.datasources.map((d) => d.uid);
  }

  private validateDatasources(): string[] {
    const defaults = this.datasources.filter((d) => d.isDefault);
    if (defaults.length > 1) {
      return [`datasources: at most one may be the default (isDefault); received ${defaults.map((d) => d.name).join(', ')}; set isDefault: false on all but one`];
    }
    return [];
  }
}
