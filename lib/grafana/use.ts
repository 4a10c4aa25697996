import { ValidationError } from '../core';
import { Construct } from 'constructs';
import { DatasourceRef } from './datasource';
import { Width } from './layout';
import { TimeSeriesPanel } from './panels/time-series';
import { Target } from './query';
import { Thresholds } from './thresholds';
import { Unit } from './units';
import { requireObject, requireString } from '../core/untyped';

/** Properties of `UsePanels`. */
export interface UsePanelsProps {
  /**
   * Label matchers selecting the workload's containers in cAdvisor and kube-state-metrics series,
   * e.g. `namespace="$namespace", pod=~"api-.*"`.
   */
  readonly selector: string;
  /**
   * Width of each panel.
   * @default Width.QUARTER
   */
  readonly width?: Width;
  /**
   * Prometheus datasource.
   * @default DatasourceRef.PROMETHEUS
   */
  readonly datasource?: DatasourceRef;
  /**
   * Prefix of the panel titles.
   * @default - none
   */
  readonly titlePrefix?: string;
}

/**
 * The USE panels of a Kubernetes workload (Utilization, Saturation, Errors) from cAdvisor
 * (`container_*`) and kube-state-metrics (`kube_pod_container_*`) series: CPU used against requests and
 * limits, CPU throttling, memory working set against limits, and container restarts.
 *
 * @example
 * new UsePanels(row, 'Pods', { selector: 'namespace="$namespace", pod=~"backend-.*"' });
 */
export class UsePanels extends Construct {
  /** CPU usage (cores) with requests and limits. */
  public readonly cpu: TimeSeriesPanel;
  /** CPU throttling ratio (saturation). */
  public readonly cpuThrottling: TimeSeriesPanel;
  /** Memory working set with limits. */
  public readonly memory: TimeSeriesPanel;
  /** Container restarts (errors). */
  public readonly restarts: TimeSeriesPanel;

  public constructor(scope: Construct, id: string, props: UsePanelsProps) {
    super(scope, id);
    ValidationError.within(this, () => {
      requireObject(props, 'props', '{ selector: \'namespace="shop"\' }');
      requireString(props.selector, 'selector', '\'namespace="shop"\'');
    });
    const s = props.selector.trim();
    const c = `{${s === '' ? '' : `${s}, `}container!="", container!="POD"}`;
    const ksm = (resource: string) => `{${s === '' ? '' : `${s}, `}resource="${resource}"}`;
    const prefix = props.titlePrefix ? `${props.titlePrefix}: ` : '';
    const width = props.width ?? Width.QUARTER;
    const datasource = props.datasource;
    this.cpu = new TimeSeriesPanel(this, 'Cpu', {
      title: `${prefix}CPU usage`,
      width,
      unit: Unit.CPU_CORES,
      min: 0,
      targets: [
        Target.promql(`sum by (pod) (rate(container_cpu_usage_seconds_total${c}[$__rate_interval]))`, { legend: '{{pod}}', datasource }),
        Target.promql(`sum by (pod) (kube_pod_container_resource_requests${ksm('cpu')})`, { legend: '{{pod}} request', datasource }),
        Target.promql(`sum by (pod) (kube_pod_container_resource_limits${ksm('cpu')})`, { legend: '{{pod}} limit', datasource }),
      ],
    });
    this.cpuThrottling = new TimeSeriesPanel(this, 'CpuThrottling', {
      title: `${prefix}CPU throttling`,
      description: 'Share of CFS periods in which the container was throttled: CPU saturation.',
      width,
      unit: Unit.PERCENT_0_1,
      min: 0,
      thresholds: Thresholds.lowerIsBetter(0.1, 0.25),
      targets: [Target.promql(
        `sum by (pod) (rate(container_cpu_cfs_throttled_periods_total${c}[$__rate_interval])) / sum by (pod) (rate(container_cpu_cfs_periods_total${c}[$__rate_interval]))`,
        { legend: '{{pod}}', datasource },
      )],
    });
    this.memory = new TimeSeriesPanel(this, 'Memory', {
      title: `${prefix}Memory working set`,
      width,
      unit: Unit.BYTES_IEC,
      min: 0,
      targets: [
        Target.promql(`sum by (pod) (container_memory_working_set_bytes${c})`, { legend: '{{pod}}', datasource }),
        Target.promql(`sum by (pod) (kube_pod_container_resource_limits${ksm('memory')})`, { legend: '{{pod}} limit', datasource }),
      ],
    });
    this.restarts = new TimeSeriesPanel(this, 'Restarts', {
      title: `${prefix}Container restarts`,
      description: 'Restarts (OOM kills, crashes, failed probes): errors.',
      width,
      unit: Unit.SHORT,
      min: 0,
      targets: [Target.promql(`sum by (pod) (increase(kube_pod_container_status_restarts_total${s === '' ? '' : `{${s}}`}[$__rate_interval]))`, { legend: '{{pod}}', datasource })],
    });
  }
}
