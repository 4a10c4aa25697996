import { MetricCatalogue } from '../metric-catalogue';
import { MetricType } from '../metric';
import { many } from './define';

const { COUNTER, GAUGE } = MetricType;

/**
 * The metrics of postgres_exporter's default collectors (database, locks, replication, stat_bgwriter,
 * stat_database, stat_user_tables, settings), plus pg_stat_activity and pg_stat_statements (which must
 * be enabled). Custom queries (`queries.yaml`) belong in the application's own catalogue. Labels as of
 * postgres_exporter v0.20.1 (the pinned image; `pg_stat_activity_*` gained `wait_event_type` and `wait_event`
 * in v0.20.0, collector/pg_stat_activity.go).
 * @see https://github.com/prometheus-community/postgres_exporter
 * @internal
 */
export function postgresExporter(): MetricCatalogue {
  const database = ['datid', 'datname'];
  const table = ['datname', 'schemaname', 'relname'];
  return MetricCatalogue.of('postgres-exporter', [
    { name: 'pg_up', type: GAUGE, labels: [], help: 'Whether the last scrape of metrics from PostgreSQL was able to connect to the server (1 for yes, 0 for no).' },
    { name: 'pg_static', type: GAUGE, labels: ['short_version', 'version', 'server'], help: 'Version string as reported by postgres.' },
    { name: 'pg_postmaster_start_time_seconds', type: GAUGE, labels: [], unit: 'seconds', help: 'Time at which postmaster started.' },
    { name: 'pg_database_size_bytes', type: GAUGE, labels: ['datname'], unit: 'bytes', help: 'Disk space used by the database.' },
    { name: 'pg_locks_count', type: GAUGE, labels: ['datname', 'mode'], help: 'Number of locks.' },
    ...many(GAUGE, [], {
      pg_replication_lag_seconds: 'Replication lag behind master in seconds.',
      pg_replication_is_replica: 'Indicates if the server is a replica.',
      pg_settings_max_connections: 'Sets the maximum number of concurrent connections.',
      pg_settings_superuser_reserved_connections: 'Sets the number of connection slots reserved for superusers.',
      pg_settings_shared_buffers_bytes: 'Sets the number of shared memory buffers used by the server.',
      pg_exporter_last_scrape_error: 'Whether the last scrape of metrics from PostgreSQL resulted in an error (1 for error, 0 for success).',
      pg_exporter_last_scrape_duration_seconds: 'Duration of the last scrape of metrics from PostgreSQL.',
    }),
    { name: 'pg_exporter_scrapes_total', type: COUNTER, labels: [], help: 'Total number of times PostgreSQL was scraped for metrics.' },
    {
      name: 'pg_stat_activity_count',
      type: GAUGE,
      labels: ['datname', 'state', 'usename', 'application_name', 'backend_type', 'wait_event_type', 'wait_event'],
      labelValues: { state: ['active', 'idle', 'idle in transaction', 'idle in transaction (aborted)', 'fastpath function call', 'disabled'] },
      help: 'number of connections in this state',
    },
    { name: 'pg_stat_activity_max_tx_duration', type: GAUGE, labels: ['datname', 'state', 'usename', 'application_name', 'backend_type', 'wait_event_type', 'wait_event'], unit: 'seconds', help: 'max duration in seconds any active transaction has been running' },
    { name: 'pg_stat_database_numbackends', type: GAUGE, labels: database, help: 'Number of backends currently connected to this database.' },
    { name: 'pg_stat_database_stats_reset', type: GAUGE, labels: database, help: 'Time at which these statistics were last reset.' },
    ...many(COUNTER, database, {
      pg_stat_database_xact_commit: 'Number of transactions in this database that have been committed.',
      pg_stat_database_xact_rollback: 'Number of transactions in this database that have been rolled back.',
      pg_stat_database_blks_read: 'Number of disk blocks read in this database.',
      pg_stat_database_blks_hit: 'Number of times disk blocks were found already in the buffer cache.',
      pg_stat_database_tup_returned: 'Number of rows returned by queries in this database.',
      pg_stat_database_tup_fetched: 'Number of rows fetched by queries in this database.',
      pg_stat_database_tup_inserted: 'Number of rows inserted by queries in this database.',
      pg_stat_database_tup_updated: 'Number of rows updated by queries in this database.',
      pg_stat_database_tup_deleted: 'Number of rows deleted by queries in this database.',
      pg_stat_database_conflicts: 'Number of queries canceled due to conflicts with recovery in this database.',
      pg_stat_database_temp_files: 'Number of temporary files created by queries in this database.',
      pg_stat_database_temp_bytes: 'Total amount of data written to temporary files by queries in this database.',
      pg_stat_database_deadlocks: 'Number of deadlocks detected in this database.',
      pg_stat_database_blk_read_time: 'Time spent reading data file blocks by backends in this database, in milliseconds.',
      pg_stat_database_blk_write_time: 'Time spent writing data file blocks by backends in this database, in milliseconds.',
    }),
    ...many(COUNTER, [], {
      pg_stat_bgwriter_checkpoints_timed_total: 'Number of scheduled checkpoints that have been performed.',
      pg_stat_bgwriter_checkpoints_req_total: 'Number of requested checkpoints that have been performed.',
      pg_stat_bgwriter_buffers_checkpoint_total: 'Number of buffers written during checkpoints.',
      pg_stat_bgwriter_buffers_clean_total: 'Number of buffers written by the background writer.',
      pg_stat_bgwriter_buffers_backend_total: 'Number of buffers written directly by a backend.',
      pg_stat_bgwriter_buffers_alloc_total: 'Number of buffers allocated.',
    }),
    ...many(COUNTER, table, {
      pg_stat_user_tables_seq_scan: 'Number of sequential scans initiated on this table.',
      pg_stat_user_tables_idx_scan: 'Number of index scans initiated on this table.',
      pg_stat_user_tables_n_tup_ins: 'Number of rows inserted.',
      pg_stat_user_tables_n_tup_upd: 'Number of rows updated.',
      pg_stat_user_tables_n_tup_del: 'Number of rows deleted.',
    }),
    ...many(GAUGE, table, {
      pg_stat_user_tables_n_live_tup: 'Estimated number of live rows.',
      pg_stat_user_tables_n_dead_tup: 'Estimated number of dead rows.',
      pg_stat_user_tables_last_autovacuum: 'Last time at which this table was vacuumed by the autovacuum daemon.',
    }),
    ...many(COUNTER, ['user', 'datname', 'queryid'], {
      pg_stat_statements_calls_total: 'Number of times executed (stat_statements collector, off by default).',
      pg_stat_statements_seconds_total: 'Total time spent in the statement, in seconds (stat_statements collector, off by default).',
      pg_stat_statements_rows_total: 'Total number of rows retrieved or affected by the statement (stat_statements collector, off by default).',
    }),
  ]);
}
