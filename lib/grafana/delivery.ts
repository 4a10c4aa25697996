import { Duration } from 'cdk8s';
import { PrometheusDuration, Validate, ValidationError } from '../core';
import { optionalBoolean, optionalDuration, optionalString, requireObject, requireStringMap } from '../core/untyped';

/** Options of dashboard delivery through the Grafana sidecar. */
export interface SidecarDeliveryOptions {
  /**
   * Label the sidecar selects ConfigMaps by (`sidecar.dashboards.label` of the Grafana Helm chart).
   * @default 'grafana_dashboard'
   */
  readonly label?: string;
  /**
   * Value of that label (`sidecar.dashboards.labelValue`).
   * @default '1'
   */
  readonly labelValue?: string;
  /**
   * Annotation the sidecar reads the folder from (`sidecar.dashboards.folderAnnotation`).
   * @default 'grafana_folder'
   */
  readonly folderAnnotation?: string;
}

/** Options of dashboard delivery through the Grafana Operator. */
export interface GrafanaOperatorDeliveryOptions {
  /** Labels of the `Grafana` instances that import the dashboard. Maps to `spec.instanceSelector.matchLabels`. */
  readonly instanceSelector: { [key: string]: string };
  /**
   * Let Grafana instances in other namespaces import it. Maps to `spec.allowCrossNamespaceImport`.
   * @default false
   */
  readonly allowCrossNamespaceImport?: boolean;
  /**
   * How often the operator re-syncs. Maps to `spec.resyncPeriod`.
   * @default - the operator's default (10m)
   */
  readonly resyncPeriod?: Duration;
  /**
   * Also label the ConfigMap for the sidecar (only when both run against different Grafanas:
   * the same Grafana would import the dashboard twice).
   * @default false
   */
  readonly alsoSidecar?: boolean;
}

/**
 * How a dashboard reaches Grafana. Either way the dashboard JSON is in its own ConfigMap (one per
 * dashboard keeps each object small, see the size guard): labelled for the Grafana sidecar, or referenced
 * by a Grafana Operator `GrafanaDashboard` (`spec.configMapRef`).
 *
 * @example
 * DashboardDelivery.sidecar();
 * DashboardDelivery.grafanaOperator({ instanceSelector: { dashboards: 'grafana' } });
 */
export class DashboardDelivery {
  /** A ConfigMap labelled for the Grafana sidecar (kube-prometheus-stack, grafana Helm chart). */
  public static sidecar(options: SidecarDeliveryOptions = {}): DashboardDelivery {
    return new DashboardDelivery(resolveSidecar(options), undefined);
  }

  /** A ConfigMap plus a `GrafanaDashboard` (grafana.integreatly.org/v1beta1) that references it. */
  public static grafanaOperator(options: GrafanaOperatorDeliveryOptions): DashboardDelivery {
    requireObject(options, 'options', "{ instanceSelector: { dashboards: 'grafana' } }");
    requireStringMap(options.instanceSelector, 'instanceSelector');
    optionalDuration(options.resyncPeriod, 'resyncPeriod');
    optionalBoolean(options.alsoSidecar, 'alsoSidecar');
    if (Object.keys(options.instanceSelector).length === 0) {
      throw new ValidationError('instanceSelector: must have at least one label, or the dashboard is imported by no Grafana instance');
    }
    Validate.kubernetesLabels(options.instanceSelector, 'instanceSelector');
    if (options.resyncPeriod) PrometheusDuration.format(options.resyncPeriod);
    return new DashboardDelivery(options.alsoSidecar ? resolveSidecar({}) : undefined, options);
  }

  /** @internal sidecar settings, when labelled for the sidecar */
  public readonly _sidecar?: Required<SidecarDeliveryOptions>;
  /** @internal operator settings, when delivered by the operator */
  public readonly _operator?: GrafanaOperatorDeliveryOptions;

  private constructor(sidecar: Required<SidecarDeliveryOptions> | undefined, operator: GrafanaOperatorDeliveryOptions | undefined) {
    this._sidecar = sidecar;
    this._operator = operator;
  }
}

function resolveSidecar(options: SidecarDeliveryOptions): Required<SidecarDeliveryOptions> {
  requireObject(options, 'options', "{ label: 'grafana_dashboard' }");
  for (const f of ['label', 'labelValue', 'folderAnnotation'] as const) optionalString(options[f], f, "'grafana_dashboard'");
  const resolved = {
    label: options.label ?? 'grafana_dashboard',
    labelValue: options.labelValue ?? '1',
    folderAnnotation: options.folderAnnotation ?? 'grafana_folder',
  };
  Validate.kubernetesLabelKey(resolved.label, 'label');
  Validate.kubernetesLabelValue(resolved.labelValue, 'labelValue');
  Validate.kubernetesLabelKey(resolved.folderAnnotation, 'folderAnnotation');
  return resolved;
}
