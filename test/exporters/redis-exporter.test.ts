import { Duration, Testing } from 'cdk8s';
import { StandardCatalogues } from '../../lib/catalogue';
import { MonitoringChart, SecretRef } from '../../lib/core';
import { MetricType } from '../../lib/catalogue';
import { RedisExporter, RedisExporterProps } from '../../lib/exporters';
import { crdSchemaErrors } from '../util/schema';
import { byKind, one, synth } from '../util/synth';

function chart() {
  return new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' });
}

function exporter(props: Partial<RedisExporterProps> = {}) {
  const c = chart();
  const redis = new RedisExporter(c, 'redis-exporter', { address: 'redis://redis:6379', ...props });
  return { chart: c, redis };
}

describe('RedisExporter', () => {
  test('points the exporter at the server through REDIS_ADDR and reads the password from the Secret', () => {
    const { chart: c } = exporter({ password: SecretRef.fromSecret('redis', 'redis-password'), user: 'monitor' });
    const manifests = synth(c);
    const container = one(manifests, 'Deployment', 'redis-exporter').spec.template.spec.containers[0];
    expect(container.image).toBe(RedisExporter.DEFAULT_IMAGE);
    expect(container.args).toBeUndefined();
    expect(container.env).toEqual([
      { name: 'REDIS_ADDR', value: 'redis://redis:6379' },
      { name: 'REDIS_USER', value: 'monitor' },
      { name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 'redis', key: 'redis-password' } } },
    ]);
    // The password is referenced, never written: no Secret object, no value.
    expect(byKind(manifests, 'Secret')).toEqual([]);
    expect(JSON.stringify(manifests)).not.toMatch(/redis:\/\/[^"]*@/);
  });

  test('without a password, has no REDIS_PASSWORD and no ConfigMap (it needs no configuration file)', () => {
    const { chart: c } = exporter();
    const manifests = synth(c);
    const deployment = one(manifests, 'Deployment', 'redis-exporter');
    expect(deployment.spec.template.spec.containers[0].env).toEqual([{ name: 'REDIS_ADDR', value: 'redis://redis:6379' }]);
    expect(byKind(manifests, 'ConfigMap')).toEqual([]);
    expect(deployment.spec.template.spec.volumes ?? []).toEqual([]);
    expect(deployment.spec.template.metadata.annotations?.['checksum/config']).toBeUndefined();
  });

  test('runs as non-root with a read-only root filesystem, no privilege escalation, resources and /health probes', () => {
    const { chart: c } = exporter();
    const pod = one(synth(c), 'Deployment').spec.template.spec;
    const container = pod.containers[0];
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534 });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(container.resources).toEqual({ limits: { cpu: '100m', memory: '64Mi' }, requests: { cpu: '10m', memory: '32Mi' } });
    expect(container.ports).toEqual([{ containerPort: 9121, name: 'metrics' }]);
    expect(container.livenessProbe.httpGet).toMatchObject({ path: '/health', port: 9121 });
    expect(container.readinessProbe.httpGet).toMatchObject({ path: '/health', port: 9121 });
  });

  test('is scraped by a schema-valid ServiceMonitor on its Service, with the job label asked for', () => {
    const { chart: c } = exporter({ jobName: 'redis', scrapeInterval: Duration.seconds(30) });
    const manifests = synth(c);
    const service = one(manifests, 'Service', 'redis-exporter');
    expect(service.spec.ports).toEqual([{ name: 'metrics', port: 9121, targetPort: 9121 }]);
    const monitor = one(manifests, 'ServiceMonitor', 'redis-exporter');
    expect(crdSchemaErrors(monitor)).toEqual([]);
    expect(service.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
    expect(monitor.spec.endpoints).toEqual([{ port: 'metrics', interval: '30s', relabelings: [{ action: 'replace', targetLabel: 'job', replacement: 'redis' }] }]);
  });

  test('lists the metrics of the standard redis-exporter catalogue', () => {
    const { redis } = exporter();
    const byName = Object.fromEntries(redis.metrics.map((m) => [m.name, m]));
    expect(byName.redis_keyspace_hits_total.type).toBe(MetricType.COUNTER);
    expect(byName.redis_keyspace_misses_total.type).toBe(MetricType.COUNTER);
    expect(byName.redis_up.type).toBe(MetricType.GAUGE);
    expect(redis.metrics.map((m) => m.name)).toEqual(StandardCatalogues.redisExporter().metrics.map((m) => m.name));
  });

  test('accepts the address forms redis_exporter reads', () => {
    for (const address of ['rediss://redis.cache.svc:6380', 'unix:///run/redis/redis.sock', 'redis-master:6379']) {
      expect(() => exporter({ address })).not.toThrow();
    }
  });

  test('synthesizes the same bytes twice', () => {
    const make = () => JSON.stringify(synth(exporter({ password: SecretRef.fromSecret('redis', 'pw') }).chart));
    expect(make()).toEqual(make());
  });
});

describe('RedisExporter rejections', () => {
  test('a password given as a file', () => {
    expect(() => exporter({ password: SecretRef.fromFile('/etc/redis/pw') })).toThrow(/^\[x\/redis-exporter\] password: a Secret key reference is required here/);
  });

  test('an address holding credentials', () => {
    expect(() => exporter({ address: 'redis://:hunter2@redis:6379' })).toThrow(
      /^\[x\/redis-exporter\] address: must not hold credentials \(they would be in the manifests\); pass the password as a SecretRef/,
    );
  });

  test('an address with another scheme', () => {
    expect(() => exporter({ address: 'http://redis:6379' })).toThrow(/^\[x\/redis-exporter\] address: the scheme must be redis, rediss or unix, not "http"; received "http:\/\/redis:6379"/);
  });

  test('an address that is not a URL nor host:port', () => {
    expect(() => exporter({ address: 'redis' })).toThrow(/^\[x\/redis-exporter\] address: must be redis:\/\/host:port, rediss:\/\/host:port, unix:\/\/\/socket or host:port; received "redis"/);
    expect(() => exporter({ address: ' ' })).toThrow(/^\[x\/redis-exporter\] address: must not be empty/);
  });

  test('a unix address without a socket path', () => {
    expect(() => exporter({ address: 'unix://' })).toThrow(/^\[x\/redis-exporter\] address: a unix address needs the socket path/);
  });

  test('a user name with a space', () => {
    expect(() => exporter({ user: 'my user' })).toThrow(/^\[x\/redis-exporter\] user: must be a Redis ACL user name/);
  });

  test('an empty job name', () => {
    expect(() => exporter({ jobName: ' ' })).toThrow(/^\[x\/redis-exporter\] jobName: must not be empty/);
  });

  test('a name that cannot be a Service name', () => {
    expect(() => new RedisExporter(chart(), 'Redis_Exporter', { address: 'redis:6379' })).toThrow(/^\[x\/Redis_Exporter\] name: must be a DNS-1123 label/);
  });

  test('a replica count below one', () => {
    expect(() => exporter({ replicas: 0 })).toThrow('[x/redis-exporter] replicas: must be an integer from 1 to 2147483647 (a count of pods); received 0');
    expect(() => exporter({ replicas: 1.5 })).toThrow('[x/redis-exporter] replicas: must be an integer from 1 to 2147483647 (a count of pods); received 1.5');
    expect(() => exporter({ replicas: '2' as unknown as number })).toThrow('[x/redis-exporter] replicas: must be an integer from 1 to 2147483647 (a count of pods); received "2" (a string)');
  });
});
