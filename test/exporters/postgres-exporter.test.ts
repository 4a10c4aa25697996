import { Duration, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { MonitoringChart, SecretRef } from '../../lib/core';
import { MetricType } from '../../lib/catalogue';
import { ColumnUsage, PostgresCollector, PostgresExporter, PostgresExporterProps } from '../../lib/exporters';
import { crdSchemaErrors } from '../util/schema';
import { one, synth } from '../util/synth';

function chart() {
  return new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' });
}

const dsn = SecretRef.fromSecret('postgres-exporter', 'dsn');

function exporter(props: Partial<PostgresExporterProps> = {}) {
  const c = chart();
  const pg = new PostgresExporter(c, 'postgres-exporter', { connection: dsn, ...props });
  return { chart: c, pg };
}

const ordersQuery = {
  query: "SELECT status, COUNT(*) AS orders FROM orders WHERE created_at >= CURRENT_DATE GROUP BY status",
  columns: [
    { column: 'status', usage: ColumnUsage.LABEL, description: 'Order status' },
    { column: 'orders', usage: ColumnUsage.GAUGE, description: 'Orders today' },
  ],
  cacheFor: Duration.minutes(1),
};

describe('PostgresExporter', () => {
  test('renders custom queries to queries.yaml in a ConfigMap mounted by the exporter', () => {
    const { chart: c, pg } = exporter({ collectors: [PostgresCollector.STAT_STATEMENTS] });
    pg.addQuery('pg_orders', { ...ordersQuery, primaryDatabaseOnly: true });
    const manifests = synth(c);
    const configMap = one(manifests, 'ConfigMap', 'postgres-exporter');
    expect(yaml.load(configMap.data['queries.yaml'])).toEqual({
      pg_orders: {
        query: `${ordersQuery.query}\n`,
        master: true,
        cache_seconds: 60,
        metrics: [
          { status: { usage: 'LABEL', description: 'Order status' } },
          { orders: { usage: 'GAUGE', description: 'Orders today' } },
        ],
      },
    });
    const deployment = one(manifests, 'Deployment', 'postgres-exporter');
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    expect(container.args).toEqual(['--collector.stat_statements']);
    // --extend.query-path through its environment variable (cmd/postgres_exporter/main.go, v0.20.1)
    expect(container.env).toContainEqual({ name: 'PG_EXPORTER_EXTEND_QUERY_PATH', value: '/etc/postgres-exporter/queries.yaml' });
    expect(container.volumeMounts[0].mountPath).toBe('/etc/postgres-exporter');
    expect(pod.volumes[0].configMap.name).toBe('postgres-exporter');
    // The checksum annotation rolls the pods when the queries change.
    expect(deployment.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
  });

  test('without a custom query, the deprecated queries file is neither mounted nor passed', () => {
    // postgres_exporter v0.20.1 (cmd/postgres_exporter/main.go) flags --extend.query-path "(DEPRECATED)" and
    // logs a warning when it is set: an empty file must not be passed.
    const { chart: c } = exporter({ collectors: [PostgresCollector.POSTMASTER] });
    const deployment = one(synth(c), 'Deployment', 'postgres-exporter');
    const pod = deployment.spec.template.spec;
    expect(pod.containers[0].args).toEqual(['--collector.postmaster']);
    expect(JSON.stringify(pod)).not.toMatch(/extend|EXTEND_QUERY_PATH|queries\.yaml/);
    expect(pod.volumes).toBeUndefined();
    expect(pod.containers[0].volumeMounts).toBeUndefined();
    expect(deployment.spec.template.metadata.annotations?.['checksum/config']).toBeUndefined();
  });

  test('a query given in props or added later mounts and passes the queries file once', () => {
    for (const late of [false, true]) {
      const { chart: c, pg } = exporter(late ? {} : { queries: [{ name: 'pg_orders', ...ordersQuery }] });
      if (late) pg.addQuery('pg_orders', ordersQuery);
      pg.addQuery('pg_orders_again', ordersQuery);
      const pod = one(synth(c), 'Deployment', 'postgres-exporter').spec.template.spec;
      expect(pod.containers[0].args).toBeUndefined();
      expect(pod.containers[0].env.filter((e: any) => e.name === 'PG_EXPORTER_EXTEND_QUERY_PATH')).toEqual([{ name: 'PG_EXPORTER_EXTEND_QUERY_PATH', value: '/etc/postgres-exporter/queries.yaml' }]);
      expect(pod.volumes.map((v: any) => v.configMap.name)).toEqual(['postgres-exporter']);
      expect(pod.containers[0].volumeMounts.map((m: any) => m.mountPath)).toEqual(['/etc/postgres-exporter']);
    }
  });

  test('reads the connection string from the Secret, never as a value', () => {
    const { chart: c } = exporter();
    const manifests = synth(c);
    const env = one(manifests, 'Deployment').spec.template.spec.containers[0].env;
    expect(env).toEqual([{ name: 'DATA_SOURCE_NAME', valueFrom: { secretKeyRef: { name: 'postgres-exporter', key: 'dsn' } } }]);
    expect(manifests.some((m) => m.kind === 'Secret')).toBe(false);
  });

  test('runs as non-root with a read-only root filesystem, no privilege escalation and resources', () => {
    const { chart: c } = exporter();
    const deployment = one(synth(c), 'Deployment');
    const container = deployment.spec.template.spec.containers[0];
    expect(deployment.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534 });
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(container.resources).toEqual({ limits: { cpu: '100m', memory: '128Mi' }, requests: { cpu: '10m', memory: '32Mi' } });
    expect(container.ports).toEqual([{ containerPort: 9187, name: 'metrics' }]);
  });

  test('is scraped by a ServiceMonitor on the Service, with the job label asked for', () => {
    const { chart: c } = exporter({ jobName: 'postgres', scrapeInterval: Duration.seconds(30) });
    const manifests = synth(c);
    const service = one(manifests, 'Service', 'postgres-exporter');
    expect(service.spec.ports).toEqual([{ name: 'metrics', port: 9187, targetPort: 9187 }]);
    const monitor = one(manifests, 'ServiceMonitor', 'postgres-exporter');
    expect(crdSchemaErrors(monitor)).toEqual([]);
    // The ServiceMonitor selects Services by their labels: this Service's.
    expect(service.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
    expect(monitor.spec.endpoints).toEqual([{ port: 'metrics', interval: '30s', relabelings: [{ action: 'replace', targetLabel: 'job', replacement: 'postgres' }] }]);
  });

  test('lists the metrics it exports, custom ones with their labels', () => {
    const { pg } = exporter({ collectors: [PostgresCollector.STAT_STATEMENTS], queries: [{ name: 'pg_orders', ...ordersQuery }] });
    const byName = Object.fromEntries(pg.metrics.map((m) => [m.name, m]));
    expect(byName.pg_up.type).toBe(MetricType.GAUGE);
    expect(byName.pg_stat_statements_calls_total.type).toBe(MetricType.COUNTER);
    expect(byName.pg_orders_orders).toEqual({ name: 'pg_orders_orders', type: MetricType.GAUGE, help: 'Orders today', labels: ['status'] });
    expect(byName.pg_orders_status).toBeUndefined();
  });

  test('synthesizes the same bytes twice', () => {
    const make = () => {
      const { chart: c, pg } = exporter();
      pg.addQuery('pg_orders', ordersQuery);
      return JSON.stringify(synth(c));
    };
    expect(make()).toEqual(make());
  });
});

describe('PostgresExporter rejections', () => {
  test('a connection given as a file', () => {
    expect(() => exporter({ connection: SecretRef.fromFile('/etc/dsn') })).toThrow(/^\[x\/postgres-exporter\] connection: a Secret key reference is required here/);
  });

  test('a query name that is not a metric name', () => {
    const { pg } = exporter();
    expect(() => pg.addQuery('pg-orders', ordersQuery)).toThrow(/^\[x\/postgres-exporter\] queries\["pg-orders"\] name: must match \[a-zA-Z_:\]/);
  });

  test('a repeated query name', () => {
    const { pg } = exporter();
    pg.addQuery('pg_orders', ordersQuery);
    expect(() => pg.addQuery('pg_orders', ordersQuery)).toThrow(/^\[x\/postgres-exporter\] queries\["pg_orders"\]: a query named "pg_orders" already exists/);
  });

  test('a query without metric columns', () => {
    const { pg } = exporter();
    expect(() => pg.addQuery('pg_orders', { query: 'SELECT 1 AS a', columns: [{ column: 'a', usage: ColumnUsage.LABEL, description: 'a' }] })).toThrow(
      /^\[x\/postgres-exporter\] queries\["pg_orders"\].columns: at least one column must be a COUNTER, GAUGE or HISTOGRAM/,
    );
  });

  test('a repeated column, an empty description, a bad cache duration', () => {
    const { pg } = exporter();
    const col = { column: 'a', usage: ColumnUsage.GAUGE, description: 'a' };
    expect(() => pg.addQuery('q1', { query: 'SELECT 1 AS a', columns: [col, col] })).toThrow(/columns: column "a" is listed twice/);
    expect(() => pg.addQuery('q2', { query: 'SELECT 1 AS a', columns: [{ ...col, description: ' ' }] })).toThrow(/columns\["a"\].description: must not be empty/);
    expect(() => pg.addQuery('q3', { query: 'SELECT 1 AS a', columns: [col], cacheFor: Duration.millis(1500) })).toThrow(/cacheFor: must be a positive whole number of seconds/);
  });

  test('a metric that clashes with a built-in one', () => {
    const { pg } = exporter();
    expect(() => pg.addQuery('pg', { query: 'SELECT 1 AS up', columns: [{ column: 'up', usage: ColumnUsage.GAUGE, description: 'x' }] })).toThrow(/metric "pg_up" is already exported/);
  });

  test('a name that cannot be a Service name', () => {
    expect(() => new PostgresExporter(chart(), 'Postgres_Exporter', { connection: dsn })).toThrow(/^\[x\/Postgres_Exporter\] name: must be a DNS-1123 label/);
  });
});
