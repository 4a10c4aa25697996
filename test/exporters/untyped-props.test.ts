import { Testing } from 'cdk8s';
import { MonitoringChart } from '../../lib/core';
import { NginxExporter, PostgresExporter, RedisExporter } from '../../lib/exporters';

// Plain-JavaScript props of the exporters: a ValidationError with the construct path, the field and what
// it expects, never a TypeError.
const chart = () => new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' });
const js = (v: unknown) => v as any;

describe('exporter props from plain JavaScript', () => {
  test('the props object and the shared props', () => {
    expect(() => new NginxExporter(chart(), 'nginx', js(null))).toThrow('[x/nginx] props: must be an object, e.g. { scrapeUri: \'http://nginx:8080/stub_status\' }; received null');
    expect(() => new RedisExporter(chart(), 'redis', js({ address: 'redis:6379', name: 5 }))).toThrow('[x/redis] name: must be a string');
    expect(() => new RedisExporter(chart(), 'redis', js({ address: 'redis:6379', instanceLabels: 'x' }))).toThrow('[x/redis] instanceLabels: must be an object of strings');
    expect(() => new RedisExporter(chart(), 'redis', js({ address: 'redis:6379', scrapeInterval: 30 }))).toThrow('[x/redis] scrapeInterval: must be a Duration, e.g. Duration.minutes(5); received 30 (a number)');
    expect(() => new RedisExporter(chart(), 'redis', js({ address: 'redis:6379', jobName: 3 }))).toThrow('[x/redis] jobName: must be a string');
  });

  test('each exporter\'s required field', () => {
    expect(() => new NginxExporter(chart(), 'nginx', js({}))).toThrow('[x/nginx] scrapeUri: must be a string, e.g. \'http://nginx:8080/stub_status\'; received undefined');
    expect(() => new RedisExporter(chart(), 'redis', js({}))).toThrow('[x/redis] address: must be a string, e.g. \'redis://redis.shop.svc:6379\'; received undefined');
    expect(() => new RedisExporter(chart(), 'redis', js({ address: 'redis:6379', user: 7 }))).toThrow('[x/redis] user: must be a string');
    expect(() => new PostgresExporter(chart(), 'pg', js({}))).toThrow('[x/pg] connection: must be a SecretRef, e.g. SecretRef.fromSecret(\'db\', \'dsn\'), so that no credential is written to the output; received undefined');
    expect(() => new PostgresExporter(chart(), 'pg', js({ connection: 'postgres://u:p@db/x' }))).toThrow('[x/pg] connection: must be a SecretRef, e.g. SecretRef.fromSecret(\'db\', \'dsn\'), so that no credential is written to the output; received a plain string');
  });
});
