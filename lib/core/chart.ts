import { Chart, ChartProps } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ValidationError } from './errors';
import { StandardLabels } from './labels';
import { ownershipErrors } from './ownership';
import { OutputChecks } from './output-checks';
import { checkTargetVersions, TargetVersions } from './target-versions';
import { requireConstruct, requireObject } from './untyped';
import { Validate } from './validate';

/** Properties of a `MonitoringChart`. */
export interface MonitoringChartProps extends ChartProps {
  /**
   * The application every object of the chart belongs to, written to `app.kubernetes.io/part-of`
   * (`gas-delivery`, `festivals`, `erp`, or `platform` for cluster-wide pieces).
   */
  readonly partOf: string;

  /**
   * The releases of Prometheus, Alertmanager, the Prometheus Operator, Grafana and Loki the chart's output
   * must work with; the checks follow them where releases differ. Fields set here replace the
   * `MonitoringApp`'s, one by one.
   * @default - the app's `targetVersions`, else the current long-term support releases (see `TargetVersions`)
   */
  readonly targetVersions?: TargetVersions;
}

/**
 * A cdk8s `Chart` whose every object carries the standard labels (`app.kubernetes.io/part-of` and
 * `app.kubernetes.io/managed-by`), so that no construct has to set them by hand. Synthesized by
 * `app.synth()` or `Testing.synth()` rather than a `MonitoringApp`, its validation checks its own
 * objects as `MonitoringApp.synth()` does, with the same messages: sizes (1 MiB; client-side
 * `kubectl apply`) and credentials (`SecretScan`).
 *
 * @example
 * const chart = new MonitoringChart(app, 'gas-delivery', { partOf: 'gas-delivery', namespace: 'gas-delivery' });
 */
export class MonitoringChart extends Chart {
  /** The chart that `scope` belongs to, if it is a `MonitoringChart`. */
  public static find(scope: IConstruct): MonitoringChart {
    requireConstruct(scope, 'scope', 'a construct of a MonitoringChart');
    const chart: Chart = Chart.of(scope);
    // cdk8s' Chart overrides `instanceof` (any chart is an instance of every Chart subclass), so test a field.
    if (typeof (chart as Partial<MonitoringChart>).partOf !== 'string') {
      throw ValidationError.at(scope, 'must be created inside a MonitoringChart, which sets the standard labels and the application name');
    }
    return chart as MonitoringChart;
  }

  /** The application name (`app.kubernetes.io/part-of`). */
  public readonly partOf: string;
  /** The releases declared for the chart (`targetVersions`; unset fields take the app's, then the defaults). */
  public readonly targetVersions: TargetVersions;

  public constructor(scope: Construct, id: string, props: MonitoringChartProps) {
    const path = `${scope.node.path ? scope.node.path + '/' : ''}${id}`;
    ValidationError.within(path, () => requireObject(props, 'props', "{ partOf: 'shop', namespace: 'shop' }"));
    ValidationError.within(path, () => {
      Validate.kubernetesLabelValue(props.partOf, 'partOf');
      if (props.namespace !== undefined) Validate.dnsLabel(props.namespace, 'namespace');
      if (props.labels !== undefined) Validate.kubernetesLabels(props.labels, 'labels');
    });
    const targetVersions = ValidationError.within(path, () => checkTargetVersions(props.targetVersions)) ?? {};
    super(scope, id, { ...props, labels: { ...props.labels, ...StandardLabels.of(props.partOf) } });
    this.partOf = props.partOf;
    this.targetVersions = targetVersions;
    this.node.addValidation({ validate: () => ownershipErrors(this) });
    // outside a MonitoringApp synthesis (app.synth(), Testing.synth()), the chart checks its own objects
    this.node.addValidation({ validate: () => OutputChecks.validateChart(this) });
  }
}
