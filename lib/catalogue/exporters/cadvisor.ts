import { MetricCatalogue } from '../metric-catalogue';
import { MetricType } from '../metric';
import { many } from './define';

const { COUNTER, GAUGE } = MetricType;

/**
 * The cAdvisor container metrics the kubelet exposes on `/metrics/cadvisor` (`container_*`). Series with
 * `container=""` are the pod-level cgroup: filter them out (`container!=""`) when summing per pod.
 * @see https://github.com/google/cadvisor/blob/master/docs/storage/prometheus.md
 * @internal
 */
export function cadvisor(): MetricCatalogue {
  const common = ['id', 'name', 'image', 'namespace', 'pod', 'container'];
  return MetricCatalogue.of(
    'cadvisor',
    [
      { name: 'container_cpu_usage_seconds_total', type: COUNTER, labels: [...common, 'cpu'], unit: 'seconds', help: 'Cumulative cpu time consumed in seconds.' },
      ...many(COUNTER, common, {
        container_cpu_user_seconds_total: 'Cumulative user cpu time consumed in seconds.',
        container_cpu_system_seconds_total: 'Cumulative system cpu time consumed in seconds.',
        container_cpu_cfs_periods_total: 'Number of elapsed enforcement period intervals.',
        container_cpu_cfs_throttled_periods_total: 'Number of throttled period intervals.',
        container_cpu_cfs_throttled_seconds_total: 'Total time duration the container has been throttled.',
        container_memory_failcnt: 'Number of memory usage hits limits.',
        container_oom_events_total: 'Count of out of memory events observed for the container.',
      }),
      ...many(GAUGE, common, {
        container_memory_working_set_bytes: 'Current working set in bytes.',
        container_memory_usage_bytes: 'Current memory usage in bytes, including all memory regardless of when it was accessed.',
        container_memory_rss: 'Size of RSS in bytes.',
        container_memory_cache: 'Number of bytes of page cache memory.',
        container_memory_swap: 'Container swap usage in bytes.',
        container_memory_mapped_file: 'Size of memory mapped files in bytes.',
        container_memory_max_usage_bytes: 'Maximum memory usage recorded in bytes.',
        container_spec_memory_limit_bytes: 'Memory limit for the container.',
        container_spec_cpu_quota: 'CPU quota of the container.',
        container_spec_cpu_period: 'CPU period of the container.',
        container_spec_cpu_shares: 'CPU share of the container.',
        container_last_seen: 'Last time a container was seen by the exporter.',
        container_start_time_seconds: 'Start time of the container since unix epoch in seconds.',
        container_processes: 'Number of processes running inside the container.',
        container_threads: 'Number of threads running inside the container.',
        container_file_descriptors: 'Number of open file descriptors for the container.',
        container_sockets: 'Number of open sockets for the container.',
      }),
      ...many(COUNTER, [...common, 'interface'], {
        container_network_receive_bytes_total: 'Cumulative count of bytes received.',
        container_network_transmit_bytes_total: 'Cumulative count of bytes transmitted.',
        container_network_receive_packets_total: 'Cumulative count of packets received.',
        container_network_transmit_packets_total: 'Cumulative count of packets transmitted.',
        container_network_receive_errors_total: 'Cumulative count of errors encountered while receiving.',
        container_network_transmit_errors_total: 'Cumulative count of errors encountered while transmitting.',
        container_network_receive_packets_dropped_total: 'Cumulative count of packets dropped while receiving.',
        container_network_transmit_packets_dropped_total: 'Cumulative count of packets dropped while transmitting.',
      }),
      ...many(GAUGE, [...common, 'device'], {
        container_fs_usage_bytes: 'Number of bytes that are consumed by the container on this filesystem.',
        container_fs_limit_bytes: 'Number of bytes that can be consumed by the container on this filesystem.',
      }),
      ...many(COUNTER, [...common, 'device'], {
        container_fs_reads_bytes_total: 'Cumulative count of bytes read.',
        container_fs_writes_bytes_total: 'Cumulative count of bytes written.',
      }),
    ],
    // the kubelet's ServiceMonitor (kube-prometheus-stack) adds these to every cAdvisor series
    { targetLabels: ['metrics_path', 'node'] },
  );
}
