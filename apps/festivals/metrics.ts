import { MetricCatalogue, MetricType, StandardCatalogues } from '../../lib/catalogue';

const { COUNTER, GAUGE, HISTOGRAM } = MetricType;

/**
 * The metrics the Festivals Go API exports ("The API exposes these Prometheus metrics" in the seed),
 * plus `payment_transactions_total`, which FestivalsPaymentFailureHigh queries but the seed never lists
 * (marked "inferred"). `db_connections_total` and `active_users_total` are gauges despite their suffix.
 */
export function apiCatalogue(): MetricCatalogue {
  return MetricCatalogue.of('festivals-api', [
    { name: 'http_requests_total', type: COUNTER, labels: ['method', 'path', 'status'] },
    { name: 'http_request_duration_seconds', type: HISTOGRAM, labels: ['method', 'path'], unit: 'seconds' },
    { name: 'http_requests_in_flight', type: GAUGE, labels: [] },
    { name: 'db_connections_total', type: GAUGE, labels: [], help: 'Connection pool capacity (a gauge despite the _total suffix)' },
    { name: 'db_connections_active', type: GAUGE, labels: [] },
    { name: 'db_query_duration_seconds', type: HISTOGRAM, labels: ['query'], unit: 'seconds' },
    { name: 'redis_commands_total', type: COUNTER, labels: ['command'] },
    { name: 'redis_command_duration_seconds', type: HISTOGRAM, labels: ['command'], unit: 'seconds' },
    { name: 'queue_jobs_total', type: COUNTER, labels: ['queue', 'status'] },
    { name: 'queue_job_duration_seconds', type: HISTOGRAM, labels: ['queue'], unit: 'seconds' },
    { name: 'queue_jobs_pending', type: GAUGE, labels: ['queue'] },
    { name: 'tickets_sold_total', type: COUNTER, labels: ['festival_id', 'ticket_type'] },
    { name: 'wallet_transactions_total', type: COUNTER, labels: ['type'] },
    { name: 'active_users_total', type: GAUGE, labels: [], help: 'Active users (a gauge despite the _total suffix)' },
    { name: 'payment_transactions_total', type: COUNTER, labels: ['status'], help: 'Payment transactions (inferred: used by FestivalsPaymentFailureHigh; not listed among the API metrics)' },
  ]);
}

/**
 * Everything the festivals monitoring may query: the API, the blackbox exporter's probes (`exporters.ts`),
 * and what kube-prometheus-stack scrapes next to it (kube-state-metrics, cAdvisor, node exporter,
 * Prometheus' own series).
 *
 * @example
 * new QueryLint(chart, 'QueryLint', { catalogues: [metricCatalogue()] });
 */
export function metricCatalogue(): MetricCatalogue {
  return MetricCatalogue.merge('festivals', [apiCatalogue(), StandardCatalogues.blackbox(), StandardCatalogues.kubernetes()]);
}
