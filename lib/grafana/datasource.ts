import { quote, ValidationError } from '../core';

const UID = /^[a-zA-Z0-9_-]{1,40}$/;

/** @internal Checks a Grafana uid (datasource or dashboard): alphanumerics, `-` and `_`, at most 40. */
export function checkUid(uid: string, field: string): string {
  if (typeof uid !== 'string' || !UID.test(uid)) {
    throw new ValidationError(`${field}: must be 1 to 40 alphanumerics, '-' or '_' (Grafana uid); received ${quote(uid)}`);
  }
  return uid;
}

/**
 * The plugin type of a datasource. Maps to `datasource.type` in dashboards and provisioning.
 * @see https://grafana.com/docs/grafana/latest/administration/provisioning/#data-sources
 */
export enum DatasourceType {
  /** Prometheus (PromQL). */
  PROMETHEUS = 'prometheus',
  /** Loki (LogQL). */
  LOKI = 'loki',
  /** Alertmanager (silences and alert lists). */
  ALERTMANAGER = 'alertmanager',
}

/**
 * A reference from a dashboard to a datasource (`{ type, uid }`), as targets, panels, variables and
 * annotations carry it. The constants are the fixed uids that `GrafanaDatasources` provisions by
 * default, so dashboards and datasources agree without copying strings around.
 *
 * @example
 * Target.promql('up', { datasource: DatasourceRef.PROMETHEUS });
 * DatasourceRef.fromVariable(Variable.datasource('datasource', DatasourceType.PROMETHEUS));
 */
export class DatasourceRef {
  /** The default Prometheus datasource, uid `prometheus`. */
  public static readonly PROMETHEUS = new DatasourceRef(DatasourceType.PROMETHEUS, 'prometheus');
  /** The default Loki datasource, uid `loki`. */
  public static readonly LOKI = new DatasourceRef(DatasourceType.LOKI, 'loki');
  /** The default Alertmanager datasource, uid `alertmanager`. */
  public static readonly ALERTMANAGER = new DatasourceRef(DatasourceType.ALERTMANAGER, 'alertmanager');

  /** A Prometheus datasource with another uid (it must be provisioned, or declared on the dashboard). */
  public static prometheus(uid: string): DatasourceRef {
    return new DatasourceRef(DatasourceType.PROMETHEUS, checkUid(uid, 'datasource uid'));
  }

  /** A Loki datasource with another uid. */
  public static loki(uid: string): DatasourceRef {
    return new DatasourceRef(DatasourceType.LOKI, checkUid(uid, 'datasource uid'));
  }

  /** An Alertmanager datasource with another uid. */
  public static alertmanager(uid: string): DatasourceRef {
    return new DatasourceRef(DatasourceType.ALERTMANAGER, checkUid(uid, 'datasource uid'));
  }

  /**
   * The datasource chosen by a dashboard's datasource template variable (`${datasource}`).
   * @param name the variable name
   * @param type the plugin type the variable selects
   */
  public static variable(name: string, type: DatasourceType): DatasourceRef {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new ValidationError(`datasource variable: must be a template variable name ([A-Za-z_][A-Za-z0-9_]*); received ${quote(name)}`);
    }
    return new DatasourceRef(type, `\${${name}}`, name);
  }

  /** The plugin type. */
  public readonly type: DatasourceType;
  /** The uid (`${name}` for a variable reference). */
  public readonly uid: string;
  /** The template variable name, for a variable reference. */
  public readonly variableName?: string;

  private constructor(type: DatasourceType, uid: string, variableName?: string) {
    this.type = type;
    this.uid = uid;
    this.variableName = variableName;
  }

  /** @internal */
  public _render(): { type: string; uid: string } {
    return { type: this.type, uid: this.uid };
  }
}

/** The uids that `DatasourceRef`'s constants name: always known to dashboards. @internal */
export const BUILT_IN_DATASOURCE_UIDS = [DatasourceRef.PROMETHEUS.uid, DatasourceRef.LOKI.uid, DatasourceRef.ALERTMANAGER.uid];
