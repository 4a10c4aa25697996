import { MetricCatalogue } from '../metric-catalogue';
import { MetricType } from '../metric';
import { many } from './define';

const { COUNTER, GAUGE, UNTYPED } = MetricType;

/**
 * The metrics of the Prometheus node exporter's default collectors (cpu, loadavg, meminfo, filesystem,
 * diskstats, netdev, stat, uname, time, pressure...) plus systemd and hwmon.
 * @see https://github.com/prometheus/node_exporter
 * @internal
 */
export function nodeExporter(): MetricCatalogue {
  const filesystem = ['device', 'fstype', 'mountpoint', 'device_error'];
  return MetricCatalogue.of('node-exporter', [
    {
      name: 'node_cpu_seconds_total',
      type: COUNTER,
      labels: ['cpu', 'mode'],
      labelValues: { mode: ['idle', 'iowait', 'irq', 'nice', 'softirq', 'steal', 'system', 'user'] },
      unit: 'seconds',
      help: 'Seconds the CPUs spent in each mode.',
    },
    { name: 'node_cpu_guest_seconds_total', type: COUNTER, labels: ['cpu', 'mode'], labelValues: { mode: ['nice', 'user'] }, unit: 'seconds', help: 'Seconds the CPUs spent in guests (VMs) for each mode.' },
    ...many(GAUGE, [], {
      node_load1: '1m load average.',
      node_load5: '5m load average.',
      node_load15: '15m load average.',
      node_memory_MemTotal_bytes: 'Memory information field MemTotal_bytes.',
      node_memory_MemAvailable_bytes: 'Memory information field MemAvailable_bytes.',
      node_memory_MemFree_bytes: 'Memory information field MemFree_bytes.',
      node_memory_Buffers_bytes: 'Memory information field Buffers_bytes.',
      node_memory_Cached_bytes: 'Memory information field Cached_bytes.',
      node_memory_Active_bytes: 'Memory information field Active_bytes.',
      node_memory_Inactive_bytes: 'Memory information field Inactive_bytes.',
      node_memory_SwapTotal_bytes: 'Memory information field SwapTotal_bytes.',
      node_memory_SwapFree_bytes: 'Memory information field SwapFree_bytes.',
      node_memory_Slab_bytes: 'Memory information field Slab_bytes.',
      node_memory_Dirty_bytes: 'Memory information field Dirty_bytes.',
      node_boot_time_seconds: 'Node boot time, in unixtime.',
      node_time_seconds: 'System time in seconds since epoch (1970).',
      node_procs_running: 'Number of processes in runnable state.',
      node_procs_blocked: 'Number of processes blocked waiting for I/O to complete.',
      node_filefd_allocated: 'File descriptor statistics: allocated.',
      node_filefd_maximum: 'File descriptor statistics: maximum.',
      node_entropy_available_bits: 'Bits of available entropy.',
      node_nf_conntrack_entries: 'Number of currently allocated flow entries for connection tracking.',
      node_nf_conntrack_entries_limit: 'Maximum size of connection tracking table.',
      node_timex_offset_seconds: 'Time offset in between local system and reference clock.',
      node_timex_sync_status: 'Is clock synchronized to a reliable server (1 = yes, 0 = no).',
      node_textfile_scrape_error: '1 if there was an error opening or reading a file, 0 otherwise.',
    }),
    ...many(GAUGE, filesystem, {
      node_filesystem_avail_bytes: 'Filesystem space available to non-root users in bytes.',
      node_filesystem_free_bytes: 'Filesystem free space in bytes.',
      node_filesystem_size_bytes: 'Filesystem size in bytes.',
      node_filesystem_files: 'Filesystem total file nodes.',
      node_filesystem_files_free: 'Filesystem total free file nodes.',
      node_filesystem_readonly: 'Filesystem read-only status.',
      node_filesystem_device_error: 'Whether an error occurred while getting statistics for the given device.',
    }),
    ...many(COUNTER, ['device'], {
      node_disk_read_bytes_total: 'The total number of bytes read successfully.',
      node_disk_written_bytes_total: 'The total number of bytes written successfully.',
      node_disk_reads_completed_total: 'The total number of reads completed successfully.',
      node_disk_writes_completed_total: 'The total number of writes completed successfully.',
      node_disk_read_time_seconds_total: 'The total number of seconds spent by all reads.',
      node_disk_write_time_seconds_total: 'This is the total number of seconds spent by all writes.',
      node_disk_io_time_seconds_total: 'Total seconds spent doing I/Os.',
      node_disk_io_time_weighted_seconds_total: 'The weighted # of seconds spent doing I/Os.',
      node_network_receive_bytes_total: 'Network device statistic receive_bytes.',
      node_network_transmit_bytes_total: 'Network device statistic transmit_bytes.',
      node_network_receive_packets_total: 'Network device statistic receive_packets.',
      node_network_transmit_packets_total: 'Network device statistic transmit_packets.',
      node_network_receive_errs_total: 'Network device statistic receive_errs.',
      node_network_transmit_errs_total: 'Network device statistic transmit_errs.',
      node_network_receive_drop_total: 'Network device statistic receive_drop.',
      node_network_transmit_drop_total: 'Network device statistic transmit_drop.',
    }),
    ...many(GAUGE, ['device'], {
      node_disk_io_now: 'The number of I/Os currently in progress.',
      node_network_up: 'Value is 1 if operstate is up, 0 otherwise.',
    }),
    ...many(COUNTER, [], {
      node_context_switches_total: 'Total number of context switches.',
      node_intr_total: 'Total number of interrupts serviced.',
      node_forks_total: 'Total number of forks.',
      node_pressure_cpu_waiting_seconds_total: 'Total time in seconds that processes have waited for CPU time.',
      node_pressure_memory_waiting_seconds_total: 'Total time in seconds that processes have waited for memory.',
      node_pressure_memory_stalled_seconds_total: 'Total time in seconds no process could make progress due to memory congestion.',
      node_pressure_io_waiting_seconds_total: 'Total time in seconds that processes have waited due to IO congestion.',
      node_pressure_io_stalled_seconds_total: 'Total time in seconds no process could make progress due to IO congestion.',
    }),
    // the vmstat collector exposes its fields untyped, though they only grow
    ...many(UNTYPED, [], {
      node_vmstat_pgfault: '/proc/vmstat information field pgfault.',
      node_vmstat_pgmajfault: '/proc/vmstat information field pgmajfault.',
      node_vmstat_pswpin: '/proc/vmstat information field pswpin.',
      node_vmstat_pswpout: '/proc/vmstat information field pswpout.',
      node_vmstat_oom_kill: '/proc/vmstat information field oom_kill.',
    }),
    { name: 'node_uname_info', type: GAUGE, labels: ['sysname', 'release', 'version', 'machine', 'nodename', 'domainname'], help: 'Labeled system information as provided by the uname system call.' },
    { name: 'node_exporter_build_info', type: GAUGE, labels: ['version', 'revision', 'branch', 'goversion', 'goos', 'goarch', 'tags'], help: 'A metric with a constant 1 value labeled by version, revision, branch, goversion.' },
    { name: 'node_systemd_unit_state', type: GAUGE, labels: ['name', 'state', 'type'], labelValues: { state: ['activating', 'active', 'deactivating', 'failed', 'inactive'] }, help: 'Systemd unit (systemd collector, off by default).' },
    { name: 'node_hwmon_temp_celsius', type: GAUGE, labels: ['chip', 'sensor'], unit: 'celsius', help: 'Hardware monitor for temperature (input).' },
    { name: 'node_scrape_collector_success', type: GAUGE, labels: ['collector'], help: 'node_exporter: Whether a collector succeeded.' },
    { name: 'node_scrape_collector_duration_seconds', type: GAUGE, labels: ['collector'], unit: 'seconds', help: 'node_exporter: Duration of a collector scrape.' },
  ]);
}
