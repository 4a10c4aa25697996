import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { SecretRef } from '../../lib';
import { ColumnUsage, NginxExporter, PostgresExporter, RedisExporter } from '../../lib/exporters';
import { RunbookLinks } from '../../lib/prometheus';
import { EnvironmentConfig } from '../environments';

/**
 * The exporters of the gas-delivery seed, each scraped by a ServiceMonitor with `job` = its name:
 * - postgres-exporter with the seed's custom queries (`deployment/postgres/monitoring/queries.yaml`),
 *   connecting with the DSN in Secret `postgres-exporter` (key `data-source-name`). Both queries scan
 *   today's (or the last 30 days') orders at every scrape; they are cached (`cache_seconds`), which the
 *   seed did not do;
 * - redis-exporter ("Cache metrics": `redis_keyspace_hits_total`/`misses` of the Cache Hit Rate panel).
 *   INFERRED (the seed gives no configuration): Redis is Service `redis` on 6379 in the app's namespace,
 *   its password in Secret `redis` key `redis-password` (the Bitnami chart's names);
 * - nginx-exporter ("Web server metrics"). INFERRED: NGINX is Service `nginx` serving `stub_status` on
 *   8080 at `/stub_status` (the NGINX configuration must enable it; no seed panel reads `nginx_*` yet).
 * The node exporter the seed lists is the platform's cluster-wide DaemonSet (kube-prometheus-stack).
 *
 * Each exporter brings its built-in alerts (exporter not scraped, server down, saturation), labelled
 * `team: infrastructure` (the seed's team for the database) and linked to the app's runbooks.
 * `PostgresDown` is dropped: the seed's DatabaseConnectionFailure (`pg_up == 0`, or no `pg_up`) already
 * pages for it, and the app's inhibit rule keys on that name.
 */
export function addExporters(scope: Construct, env: EnvironmentConfig): void {
  void env; // the same exporters in every environment; the Secrets differ per namespace
  const alerting = { alertLabels: { team: 'infrastructure' }, runbooks: RunbookLinks.under('https://wiki.internal/runbooks/gas-delivery') };
  new PostgresExporter(scope, 'postgres-exporter', {
    ...alerting,
    overrides: { PostgresDown: { enabled: false } },
    connection: SecretRef.fromSecret('postgres-exporter', 'data-source-name'),
    queries: [
      {
        name: 'pg_luckygas',
        query: [
          'SELECT',
          '  COUNT(*) as total_orders,',
          "  COUNT(CASE WHEN status = 'pending' THEN 1 END) as pending_orders,",
          "  COUNT(CASE WHEN status = 'delivered' THEN 1 END) as delivered_orders",
          'FROM orders',
          'WHERE created_at >= CURRENT_DATE',
        ].join('\n'),
        columns: [
          { column: 'total_orders', usage: ColumnUsage.GAUGE, description: 'Total orders today' },
          { column: 'pending_orders', usage: ColumnUsage.GAUGE, description: 'Pending orders today' },
          { column: 'delivered_orders', usage: ColumnUsage.GAUGE, description: 'Delivered orders today' },
        ],
        primaryDatabaseOnly: true,
        cacheFor: Duration.minutes(1),
      },
      {
        name: 'pg_customer_metrics',
        query: [
          'SELECT',
          '  COUNT(DISTINCT customer_id) as active_customers,',
          '  AVG(order_count) as avg_orders_per_customer',
          'FROM (',
          '  SELECT customer_id, COUNT(*) as order_count',
          '  FROM orders',
          "  WHERE created_at >= CURRENT_DATE - INTERVAL '30 days'",
          '  GROUP BY customer_id',
          ') customer_orders',
        ].join('\n'),
        columns: [
          { column: 'active_customers', usage: ColumnUsage.GAUGE, description: 'Active customers in last 30 days' },
          { column: 'avg_orders_per_customer', usage: ColumnUsage.GAUGE, description: 'Average orders per customer' },
        ],
        primaryDatabaseOnly: true,
        cacheFor: Duration.minutes(5),
      },
    ],
  });
  new RedisExporter(scope, 'redis-exporter', {
    ...alerting,
    address: 'redis://redis:6379',
    password: SecretRef.fromSecret('redis', 'redis-password'),
  });
  new NginxExporter(scope, 'nginx-exporter', { ...alerting, scrapeUri: 'http://nginx:8080/stub_status' });
}
