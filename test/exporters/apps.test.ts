import { Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { ENVIRONMENTS, EnvironmentConfig } from '../../apps/environments';
import { addExporters as erpExporters } from '../../apps/erp/exporters';
import { addExporters as festivalsExporters } from '../../apps/festivals/exporters';
import { addExporters as gasExporters } from '../../apps/gas-delivery/exporters';
import * as gas from '../../apps/gas-delivery/metrics';
import { MonitoringChart } from '../../lib/core';
import { NginxExporter, PostgresExporter, RedisExporter } from '../../lib/exporters';
import { crdSchemaErrors, hasCrdSchema } from '../util/schema';
import { byKind, one, synth } from '../util/synth';
import { blackboxCheckConfig } from '../util/tools';

function build(app: string, add: (c: MonitoringChart, env: EnvironmentConfig) => void, env: EnvironmentConfig) {
  const chart = new MonitoringChart(Testing.app(), app, { partOf: app, namespace: env.namespace(app) });
  add(chart, env);
  return { chart, manifests: synth(chart) };
}

describe.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('apps exporters (%s)', (_n, env) => {
  test('gas-delivery: postgres-exporter with the seed custom queries, scraped by a ServiceMonitor', () => {
    const { chart, manifests } = build('gas-delivery', gasExporters, env);
    const queries = yaml.load(one(manifests, 'ConfigMap', 'postgres-exporter').data['queries.yaml']) as any;
    expect(Object.keys(queries).sort()).toEqual(['pg_customer_metrics', 'pg_luckygas']);
    expect(queries.pg_luckygas.metrics.map((m: object) => Object.keys(m)[0])).toEqual(['total_orders', 'pending_orders', 'delivered_orders']);
    expect(crdSchemaErrors(one(manifests, 'ServiceMonitor', 'postgres-exporter'))).toEqual([]);
    // What the exporter says it exports is what the app's metric catalogue expects from its queries.
    const pg = chart.node.findAll().find((c): c is PostgresExporter => c instanceof PostgresExporter)!;
    const exported = pg.metrics.map((m) => m.name);
    for (const name of gas.postgresQueriesCatalogue().metrics.map((m) => m.name)) expect(exported).toContain(name);
  });

  test('gas-delivery: redis-exporter (the Cache Hit Rate panel\'s series) and nginx-exporter, each scraped by a valid ServiceMonitor', () => {
    const { chart, manifests } = build('gas-delivery', gasExporters, env);
    for (const name of ['redis-exporter', 'nginx-exporter']) {
      const monitor = one(manifests, 'ServiceMonitor', name);
      expect(crdSchemaErrors(monitor)).toEqual([]);
      expect(one(manifests, 'Service', name).metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
    }
    const redisEnv = one(manifests, 'Deployment', 'redis-exporter').spec.template.spec.containers[0].env;
    expect(redisEnv).toContainEqual({ name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 'redis', key: 'redis-password' } } });
    expect(one(manifests, 'Deployment', 'nginx-exporter').spec.template.spec.containers[0].args).toEqual(['--nginx.scrape-uri=http://nginx:8080/stub_status']);
    // What the dashboards read from Redis is exported, and is in the app's metric catalogue.
    const redis = chart.node.findAll().find((c): c is RedisExporter => c instanceof RedisExporter)!;
    const catalogue = gas.metricCatalogue();
    for (const name of ['redis_keyspace_hits_total', 'redis_keyspace_misses_total']) {
      expect(redis.metrics.map((m) => m.name)).toContain(name);
      expect(catalogue.has(name)).toBe(true);
    }
    expect(chart.node.findAll().filter((c) => c instanceof NginxExporter)).toHaveLength(1);
  });

  test('erp: postgres-exporter as job "postgres" with stat_statements, and health probes', () => {
    const { manifests } = build('erp', erpExporters, env);
    const monitor = one(manifests, 'ServiceMonitor', 'postgres-exporter');
    expect(monitor.spec.endpoints[0].relabelings).toEqual([{ action: 'replace', targetLabel: 'job', replacement: 'postgres' }]);
    expect(one(manifests, 'Deployment', 'postgres-exporter').spec.template.spec.containers[0].args).toContain('--collector.stat_statements');
    const probes = byKind(manifests, 'Probe');
    expect(probes.map((p) => p.metadata.name)).toEqual(env.paging ? ['erp-health', 'erp-kubernetes-health', 'erp-public-health'] : ['erp-health', 'erp-kubernetes-health']);
    expect(one(manifests, 'Probe', 'erp-health').spec.targets.staticConfig.static).toEqual([`http://backend.${env.namespace('erp')}.svc:8000/health/`]);
    for (const m of manifests.filter(hasCrdSchema)) expect(crdSchemaErrors(m)).toEqual([]);
    expect(blackboxCheckConfig(one(manifests, 'ConfigMap', 'blackbox-exporter').data['blackbox.yml']).ok).toBe(true);
  });

  test('festivals: an API health probe selected by the seed Prometheus (release: prometheus)', () => {
    const { manifests } = build('festivals', festivalsExporters, env);
    const probe = one(manifests, 'Probe', 'festivals-api-health');
    expect(probe.metadata.labels).toMatchObject({ release: 'prometheus' });
    expect(probe.spec.jobName).toBe('festivals-health');
    for (const m of manifests.filter(hasCrdSchema)) expect(crdSchemaErrors(m)).toEqual([]);
    expect(blackboxCheckConfig(one(manifests, 'ConfigMap', 'blackbox-exporter').data['blackbox.yml']).ok).toBe(true);
  });
});
