import { Testing } from 'cdk8s';
import { ExportedMetric, MetricCatalogue, MetricType, QueryLint } from '../../lib/catalogue';
import { MonitoringChart, PrometheusVersion } from '../../lib/core';
import * as exporters from '../../lib/exporters';

/** Gives `catalogue` to a QueryLint at `x/QueryLint` (of a chart targeting `prometheus`, by default the default). */
function inLint(catalogue: MetricCatalogue, prometheus?: PrometheusVersion) {
  return new QueryLint(new MonitoringChart(Testing.app(), 'x', { partOf: 'x', targetVersions: prometheus === undefined ? undefined : { prometheus } }), 'QueryLint', { catalogues: [catalogue] });
}

describe('MetricCatalogue', () => {
  test('MetricType and ExportedMetric are the catalogue\'s; the exporters names are deprecated aliases of the same enum and interface', () => {
    expect(exporters.MetricType).toBe(MetricType);
    expect(exporters.MetricType.HISTOGRAM).toBe(MetricType.HISTOGRAM);
    // assignable both ways, and an exporter's metrics are the catalogue's ExportedMetric (this compiles)
    const metric: ExportedMetric = { name: 'x_total', type: exporters.MetricType.COUNTER, help: 'x' } as exporters.ExportedMetric;
    const exported: exporters.ExportedMetric[] = [metric];
    const fromExporter: ExportedMetric[] = new exporters.RedisExporter(new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' }), 'redis', { address: 'redis:6379' }).metrics;
    expect(fromExporter.every((m) => Object.values(MetricType).includes(m.type))).toBe(true);
    expect(MetricCatalogue.of('x', exported).has('x_total')).toBe(true);
  });

  test('a histogram implies _bucket (with le), _sum and _count; a summary implies quantile, _sum and _count', () => {
    const c = MetricCatalogue.of('api', [
      { name: 'latency_seconds', type: MetricType.HISTOGRAM, labels: ['path'] },
      { name: 'rpc_seconds', type: MetricType.SUMMARY, labels: [] },
      { name: 'queue_depth', type: MetricType.GAUGE },
    ]);
    expect(c.seriesNames).toEqual(['latency_seconds_bucket', 'latency_seconds_count', 'latency_seconds_sum', 'queue_depth', 'rpc_seconds', 'rpc_seconds_count', 'rpc_seconds_sum']);
    expect(c._lookup('latency_seconds_bucket')!.labels).toEqual(['path', 'le']);
    expect(c._lookup('latency_seconds_sum')!.labels).toEqual(['path']);
    expect(c._lookup('rpc_seconds')!.labels).toEqual(['quantile']);
    expect(c._lookup('queue_depth')!.labels).toBeUndefined();
    expect(c.has('latency_seconds')).toBe(false);
    expect(c.metrics.map((m) => m.name)).toEqual(['latency_seconds', 'rpc_seconds', 'queue_depth']);
  });

  test('rejects an invalid metric name (for 2.42: outside the legacy set)', () => {
    expect(() => inLint(MetricCatalogue.of('api', [{ name: 'http-requests', type: MetricType.COUNTER }]), PrometheusVersion.V2_42)).toThrow(
      '[x/QueryLint] catalogues[0]: catalogue "api": metric "http-requests": must match [a-zA-Z_:][a-zA-Z0-9_:]* (Prometheus metric name); received "http-requests"',
    );
  });

  test('rejects an invalid label name', () => {
    expect(() => inLint(MetricCatalogue.of('api', [{ name: 'x', type: MetricType.GAUGE, labels: ['a-b'] }]), PrometheusVersion.V2_42)).toThrow('[x/QueryLint] catalogues[0]: catalogue "api": metric "x" label: must match [a-zA-Z_][a-zA-Z0-9_]*');
    expect(() => inLint(MetricCatalogue.of('api', [{ name: 'x', type: MetricType.GAUGE, labels: ['__a'] }]))).toThrow('[x/QueryLint] catalogues[0]: catalogue "api": metric "x" label: names starting with "__" are reserved for Prometheus internal use; received "__a"');
  });

  test('rejects known values for a label the metric does not have', () => {
    expect(() => inLint(MetricCatalogue.of('api', [{ name: 'x', type: MetricType.GAUGE, labels: ['a'], labelValues: { b: ['1'] } }]))).toThrow(
      '[x/QueryLint] catalogues[0]: catalogue "api": metric "x" labelValues: "b" is not one of the metric\'s labels ["a"]; add it to labels',
    );
  });

  test('rejects le declared on a histogram', () => {
    expect(() => inLint(MetricCatalogue.of('api', [{ name: 'x', type: MetricType.HISTOGRAM, labels: ['le'] }]))).toThrow('[x/QueryLint] catalogues[0]: catalogue "api": metric "x" labels: "le" is implied by a histogram\'s _bucket series; remove it');
  });

  test('rejects a series declared with two types', () => {
    expect(() => inLint(MetricCatalogue.of('api', [
      { name: 'x_count', type: MetricType.GAUGE },
      { name: 'x', type: MetricType.HISTOGRAM },
    ]))).toThrow('[x/QueryLint] catalogues[0]: catalogue "api": series "x_count" is declared as gauge (api) and as histogram (api); a series has one type');
    expect(() => inLint(MetricCatalogue.merge('all', [
      MetricCatalogue.of('a', [{ name: 'up', type: MetricType.GAUGE }]),
      MetricCatalogue.of('b', [{ name: 'up', type: MetricType.COUNTER }]),
    ]))).toThrow('[x/QueryLint] catalogues[0]: catalogue "all": series "up" is declared as gauge (a) and as counter (b)');
  });

  test('the factories keep their problems: the lint raises them with its path, a read of the catalogue without one', () => {
    const js = (v: unknown) => v as any;
    const bad = MetricCatalogue.of('api', [{ name: '', type: MetricType.COUNTER }]);
    expect(() => bad.has('up')).toThrow(/^catalogue "api": metric "": must not be empty$/);
    const lint = new QueryLint(new MonitoringChart(Testing.app(), 'y', { partOf: 'y' }), 'QueryLint');
    expect(() => lint.addCatalogue(bad)).toThrow('[y/QueryLint] catalogues: catalogue "api": metric "": must not be empty');
    expect(() => inLint(MetricCatalogue.merge('all', [bad]))).toThrow('[x/QueryLint] catalogues[0]: catalogue "api": metric ""');
    expect(() => inLint(MetricCatalogue.of(js(5), []))).toThrow('[x/QueryLint] catalogues[0]: catalogue name: must be a string, e.g. \'festivals-api\'; received 5 (a number)');
    expect(() => inLint(MetricCatalogue.of('api', js('up')))).toThrow('[x/QueryLint] catalogues[0]: catalogue "api": metrics: must be a list');
    expect(() => inLint(MetricCatalogue.merge('all', js([{}])))).toThrow('[x/QueryLint] catalogues[0]: catalogue "all" catalogues[0]: must be a MetricCatalogue');
    expect(() => inLint(js('prometheus'))).toThrow('[x/QueryLint] catalogues[0]: must be a MetricCatalogue, e.g. StandardCatalogues.prometheus(); received "prometheus"');
    expect(() => new QueryLint(new MonitoringChart(Testing.app(), 'z', { partOf: 'z' }), 'QueryLint', js({ targetLabels: 'job' }))).toThrow('[z/QueryLint] targetLabels: must be a list of strings');
    expect(() => QueryLint.attach(new MonitoringChart(Testing.app(), 'w', { partOf: 'w' }), js(null))).toThrow('[w/QueryLint] catalogues: must be a list');
    expect(() => QueryLint.suppress(lint, js('unknown-metric'), 'r', js(null))).toThrow('options: must be an object');
  });

  test('merging unions the labels and known values of a series declared twice, and keeps target labels per catalogue', () => {
    const merged = MetricCatalogue.merge('all', [
      MetricCatalogue.of('a', [{ name: 'jobs', type: MetricType.GAUGE, labels: ['queue'], labelValues: { queue: ['mail'] } }]),
      MetricCatalogue.of('b', [{ name: 'jobs', type: MetricType.GAUGE, labels: ['queue', 'state'], labelValues: { queue: ['sms'] } }, { name: 'other', type: MetricType.GAUGE }], { targetLabels: ['node'] }),
    ]);
    expect(merged._lookup('jobs')).toMatchObject({ labels: ['queue', 'state'], labelValues: { queue: ['mail', 'sms'] } });
    expect(merged._targetLabelsOf('other')).toEqual(['node']);
    expect(merged._targetLabelsOf('jobs')).toEqual(['node']);
    expect(merged.with([MetricCatalogue.of('c', [{ name: 'more', type: MetricType.COUNTER }])]).seriesNames).toEqual(['jobs', 'more', 'other']);
  });
});
