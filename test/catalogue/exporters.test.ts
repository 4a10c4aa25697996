import * as fs from 'fs';
import * as path from 'path';
import { MetricCatalogue, StandardCatalogues } from '../../lib/catalogue';
import { ROOT } from '../util/synth';

/** The exporter metrics the three seeds use, from their structured inventories (written independently). */
function seedMetrics(): { app: string; name: string; type: string; labels: string[]; source: string; help: string }[] {
  return ['gas-delivery', 'festivals', 'erp'].flatMap((app) => {
    const inventory = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'apps', 'seeds', `${app}.json`), 'utf8'));
    return inventory.metrics.map((m: any) => ({ app, ...m }));
  });
}

const BY_SOURCE: { [source: string]: () => MetricCatalogue } = {
  'node-exporter': StandardCatalogues.nodeExporter,
  'cadvisor': StandardCatalogues.cadvisor,
  'kube-state-metrics': StandardCatalogues.kubeStateMetrics,
  'postgres-exporter': StandardCatalogues.postgresExporter,
  'redis-exporter': StandardCatalogues.redisExporter,
  'other:prometheus (synthetic)': StandardCatalogues.prometheus,
};

describe('StandardCatalogues', () => {
  test('every exporter catalogue builds, with unique series, and the Kubernetes one merges them', () => {
    for (const make of [...Object.values(BY_SOURCE), StandardCatalogues.blackbox]) expect(make().seriesNames.length).toBeGreaterThan(5);
    expect(StandardCatalogues.kubernetes().seriesNames).toEqual(expect.arrayContaining(['up', 'ALERTS', 'kube_pod_status_phase', 'container_cpu_usage_seconds_total', 'node_load1']));
  });

  test("the seeds' exporter metrics are declared with the same type and at least their labels", () => {
    const missing: string[] = [];
    let checked = 0;
    for (const m of seedMetrics().filter((m) => BY_SOURCE[m.source])) {
      const info = BY_SOURCE[m.source]()._lookup(m.name);
      if (!info) {
        missing.push(m.name);
        continue;
      }
      checked++;
      expect([m.name, info.metric.type]).toEqual([m.name, m.type]);
      // job and instance are target labels, not the exporter's own
      const own = m.labels.filter((l) => !['job', 'instance'].includes(l));
      if (info.labels !== undefined) expect([m.name, own.filter((l) => !info.labels!.includes(l))]).toEqual([m.name, []]);
    }
    expect(checked).toBeGreaterThanOrEqual(15);
    // what remains are the seeds' custom queries.yaml metrics and a metric postgres_exporter does not export
    expect(missing.sort()).toEqual([
      'pg_customer_metrics_active_customers',
      'pg_customer_metrics_avg_orders_per_customer',
      'pg_luckygas_delivered_orders',
      'pg_luckygas_pending_orders',
      'pg_luckygas_total_orders',
      'pg_stat_statements_mean_exec_time',
    ]);
  });
});
