import { MetricCatalogue, MetricType, StandardCatalogues } from '../../lib/catalogue';

const { COUNTER, GAUGE, HISTOGRAM } = MetricType;

/**
 * The metrics the ERP FastAPI backend exports (prometheus_client definitions in the seed), with the
 * label values its code comments and instrumentation fix: `track_metrics` only ever records status 200
 * or 500, SPK status is PENDING / IN_PROGRESS / COMPLETED, barcode scans SUCCESS / FAILED / DUPLICATE,
 * sync operations DAILY_INPUT / BARCODE / APPROVAL with SUCCESS / FAILED. `sync_queue_size` and
 * `material_debt_status` are queried but never defined in the seed (marked "inferred").
 */
export function backendCatalogue(): MetricCatalogue {
  return MetricCatalogue.of('erp-backend', [
    { name: 'http_requests_total', type: COUNTER, labels: ['method', 'endpoint', 'status'], labelValues: { status: ['200', '500'] }, help: 'Total HTTP requests' },
    { name: 'http_request_duration_seconds', type: HISTOGRAM, labels: ['method', 'endpoint'], unit: 'seconds', help: 'HTTP request latency' },
    { name: 'production_spks_count', type: GAUGE, labels: ['status'], labelValues: { status: ['PENDING', 'IN_PROGRESS', 'COMPLETED'] }, help: 'Total number of SPK' },
    { name: 'daily_output_total', type: COUNTER, labels: ['spk_id', 'date'], help: 'Total daily output' },
    { name: 'barcode_scans_total', type: COUNTER, labels: ['status'], labelValues: { status: ['SUCCESS', 'FAILED', 'DUPLICATE'] }, help: 'Total barcode scans' },
    {
      name: 'sync_operations_total',
      type: COUNTER,
      labels: ['type', 'status'],
      labelValues: { type: ['DAILY_INPUT', 'BARCODE', 'APPROVAL'], status: ['SUCCESS', 'FAILED'] },
      help: 'Total sync operations',
    },
    { name: 'database_query_duration_seconds', type: HISTOGRAM, labels: ['operation', 'table'], unit: 'seconds', help: 'Database query latency' },
    { name: 'database_connection_pool_size', type: GAUGE, labels: [], help: 'Current connection pool size' },
    { name: 'database_connection_pool_used', type: GAUGE, labels: [], help: 'Used database connections' },
    { name: 'cache_hits_total', type: COUNTER, labels: ['cache_name'], help: 'Cache hits' },
    { name: 'cache_misses_total', type: COUNTER, labels: ['cache_name'], help: 'Cache misses' },
    { name: 'errors_total', type: COUNTER, labels: ['error_type', 'endpoint'], help: 'Total errors' },
    { name: 'sync_queue_size', type: GAUGE, labels: [], help: 'Offline sync queue length (inferred: used by HighSyncQueueBacklog; not defined in the seed)' },
    { name: 'material_debt_status', type: GAUGE, labels: [], help: 'Material debt (inferred from the Material Debt Status panel; not defined in the seed)' },
  ]);
}

/** Why the mobile metrics are declared although nothing scraped exports them. */
const MOBILE_ASSUMPTION =
  'no Prometheus exporter in the seed: mobile data lives in Firebase Analytics/Crashlytics; the series exist only once a Firebase-to-Prometheus bridge exports them';

/**
 * The mobile app's metrics that the seed's alerts and panels query. The seed keeps mobile data in
 * Firebase Analytics / Crashlytics, which no Prometheus scrapes: these series exist only once a bridge
 * exports them. Each is declared `assumed`: the queries pass the lint, and every object that queries
 * them carries the reason in its `lint.cdk8s-observability/skip` annotation until the bridge exists.
 */
export function mobileBridgeCatalogue(): MetricCatalogue {
  const assumed = MOBILE_ASSUMPTION;
  return MetricCatalogue.of('erp-mobile-bridge', [
    { name: 'mobile_app_crashes_total', type: COUNTER, labels: [], assumed },
    { name: 'mobile_app_active_sessions', type: GAUGE, labels: [], assumed },
    { name: 'barcode_scan_duration_ms', type: HISTOGRAM, labels: [], assumed },
    { name: 'battery_usage_percent', type: GAUGE, labels: [], assumed },
    { name: 'mobile_network_type_count', type: GAUGE, labels: ['network_type'], assumed },
  ]);
}

/**
 * Everything the ERP monitoring may query: the backend, postgres_exporter, the blackbox exporter's health
 * probes (`exporters.ts`), node exporter and Prometheus' own series, which are scraped, and the mobile
 * metrics, which are assumed (see `mobileBridgeCatalogue`).
 *
 * @example
 * new QueryLint(chart, 'QueryLint', { catalogues: [metricCatalogue()] });
 */
export function metricCatalogue(): MetricCatalogue {
  return MetricCatalogue.merge('erp', [
    backendCatalogue(),
    StandardCatalogues.postgresExporter(),
    StandardCatalogues.blackbox(),
    StandardCatalogues.nodeExporter(),
    StandardCatalogues.prometheus(),
    mobileBridgeCatalogue(),
  ]);
}
