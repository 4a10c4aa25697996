import { MetricCatalogue } from '../metric-catalogue';
import { MetricType } from '../metric';
import { many } from './define';

const { COUNTER, GAUGE } = MetricType;

/**
 * The most used metrics of oliver006/redis_exporter.
 * @see https://github.com/oliver006/redis_exporter
 * @internal
 */
export function redisExporter(): MetricCatalogue {
  return MetricCatalogue.of('redis-exporter', [
    ...many(GAUGE, [], {
      redis_up: 'Information about the Redis instance.',
      redis_connected_clients: 'connected_clients metric',
      redis_blocked_clients: 'blocked_clients metric',
      redis_memory_used_bytes: 'memory_used_bytes metric',
      redis_memory_max_bytes: 'memory_max_bytes metric',
      redis_uptime_in_seconds: 'uptime_in_seconds metric',
      redis_connected_slaves: 'connected_slaves metric',
      // from CONFIG GET (absent where the CONFIG command is disabled or renamed, as on most managed Redis)
      redis_config_maxclients: 'config_maxclients metric',
    }),
    ...many(COUNTER, [], {
      redis_keyspace_hits_total: 'keyspace_hits_total metric',
      redis_keyspace_misses_total: 'keyspace_misses_total metric',
      redis_commands_processed_total: 'commands_processed_total metric',
      redis_evicted_keys_total: 'evicted_keys_total metric',
      redis_expired_keys_total: 'expired_keys_total metric',
      redis_rejected_connections_total: 'rejected_connections_total metric',
      redis_connections_received_total: 'connections_received_total metric',
    }),
    { name: 'redis_db_keys', type: GAUGE, labels: ['db'], help: 'Total number of keys by DB.' },
    ...many(COUNTER, ['cmd'], {
      redis_commands_total: 'Total number of calls per command.',
      redis_commands_duration_seconds_total: 'Total amount of time in seconds spent per command.',
    }),
  ]);
}
