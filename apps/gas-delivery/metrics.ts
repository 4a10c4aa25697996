import { MetricCatalogue, MetricType, StandardCatalogues } from '../../lib/catalogue';

const { COUNTER, GAUGE, HISTOGRAM } = MetricType;

/**
 * The metrics the Lucky Gas backend exports (`backend/app/core/monitoring.py`, prometheus_client), and
 * those its queries use that the seed never defines (marked "inferred"): the business counters and gauges
 * the alerts and dashboards read. `endpoint` is the raw URL path in the seed (unbounded cardinality); the
 * status code is `response.status_code`, so its values are not a closed set.
 */
export function backendCatalogue(): MetricCatalogue {
  return MetricCatalogue.of('gas-delivery-backend', [
    { name: 'http_requests_total', type: COUNTER, labels: ['method', 'endpoint', 'status'], help: 'Total HTTP requests' },
    { name: 'http_request_duration_seconds', type: HISTOGRAM, labels: ['method', 'endpoint'], unit: 'seconds', help: 'HTTP request latency' },
    { name: 'luckygas_active_orders', type: GAUGE, labels: ['status', 'area'], help: 'Number of active orders' },
    { name: 'luckygas_daily_revenue_twd', type: GAUGE, labels: ['product_type'], help: 'Daily revenue in TWD' },
    { name: 'luckygas_orders_created_total', type: COUNTER, labels: [], help: 'Orders created (inferred: used by NoOrdersReceived and the fulfillment panel/SLI; not defined in the seed)' },
    { name: 'luckygas_orders_delivered_total', type: COUNTER, labels: [], help: 'Orders delivered (inferred: used by the fulfillment panel/SLI; not defined in the seed)' },
    { name: 'luckygas_prediction_accuracy', type: GAUGE, labels: [], unit: 'ratio', help: 'Demand prediction accuracy, 0..1 (inferred: used by LowPredictionAccuracy; not defined in the seed)' },
    { name: 'luckygas_active_customers', type: GAUGE, labels: [], help: 'Active customers (inferred from the Active Customers panel; the postgres-exporter query exposes pg_customer_metrics_active_customers)' },
    { name: 'luckygas_active_routes', type: GAUGE, labels: [], help: 'Active delivery routes (inferred from the Active Routes panel)' },
    { name: 'luckygas_driver_utilization_percent', type: GAUGE, labels: [], help: 'Driver utilization in percent (inferred from the Driver Utilization panel)' },
    { name: 'luckygas_delivery_time_minutes', type: HISTOGRAM, labels: [], help: 'Delivery time in minutes (inferred from the Delivery Performance panel)' },
  ]);
}

/** The custom queries of the seed's postgres-exporter (`deployment/postgres/monitoring/queries.yaml`). */
export function postgresQueriesCatalogue(): MetricCatalogue {
  return MetricCatalogue.of('gas-delivery-postgres-queries', [
    { name: 'pg_luckygas_total_orders', type: GAUGE, labels: [], help: 'Total orders today' },
    { name: 'pg_luckygas_pending_orders', type: GAUGE, labels: [], help: 'Pending orders today' },
    { name: 'pg_luckygas_delivered_orders', type: GAUGE, labels: [], help: 'Delivered orders today' },
    { name: 'pg_customer_metrics_active_customers', type: GAUGE, labels: [], help: 'Active customers in last 30 days' },
    { name: 'pg_customer_metrics_avg_orders_per_customer', type: GAUGE, labels: [], help: 'Average orders per customer' },
  ]);
}

/**
 * Everything the gas-delivery monitoring may query: the backend, the postgres-exporter (defaults and
 * the seed's custom queries), the redis-exporter, and Prometheus' own series (`up`, `ALERTS`).
 *
 * @example
 * new QueryLint(chart, 'QueryLint', { catalogues: [metricCatalogue()] });
 */
export function metricCatalogue(): MetricCatalogue {
  return MetricCatalogue.merge('gas-delivery', [
    backendCatalogue(),
    postgresQueriesCatalogue(),
    StandardCatalogues.postgresExporter(),
    StandardCatalogues.redisExporter(),
    StandardCatalogues.nginxExporter(),
    StandardCatalogues.prometheus(),
  ]);
}
