import { Testing } from 'cdk8s';
import { MetricCatalogue, MetricType, OpenTelemetryInstrument, OtlpTranslationStrategy, QueryLint, StandardCatalogues } from '../../lib/catalogue';
import { MonitoringChart, PrometheusVersion } from '../../lib/core';
import { QueryHolder } from './fixtures';

const { COUNTER, UP_DOWN_COUNTER, GAUGE, HISTOGRAM } = OpenTelemetryInstrument;
const { UNDERSCORE_ESCAPING_WITH_SUFFIXES: ESCAPED, NO_UTF8_ESCAPING_WITH_SUFFIXES: UTF8, NO_TRANSLATION: AS_IS } = OtlpTranslationStrategy;

/** The Prometheus name of one OpenTelemetry metric under a strategy. */
function translated(name: string, unit: string, instrument: OpenTelemetryInstrument, translation = ESCAPED): string {
  return MetricCatalogue.fromOpenTelemetry('t', [{ name, unit, instrument }], { translation }).metrics[0].name;
}

/** The Prometheus name of one attribute under a strategy. */
function label(attribute: string, translation = ESCAPED): string {
  return MetricCatalogue.fromOpenTelemetry('t', [{ name: 'x', instrument: GAUGE, attributes: [attribute] }], { translation }).metrics[0].labels![0];
}

// Expected names from the test suite of the translator Prometheus 3.5 uses (prometheus/otlptranslator at
// 2573485683d5, metric_namer_test.go and normalize_label_test.go), as Gauge/MonotonicCounter map to the instruments.
describe('metric names, as Prometheus 3.5 translates them', () => {
  test.each([
    ['system.filesystem.usage', 'By', GAUGE, 'system_filesystem_usage_bytes'],
    ['system.io', 'By', COUNTER, 'system_io_bytes_total'],
    ['network_transmitted_bytes_total', 'By', COUNTER, 'network_transmitted_bytes_total'],
    ['\t system.filesystem.usage       ', '  By\t', GAUGE, 'system_filesystem_usage_bytes'],
    ['system.network.dropped', '{packets}', GAUGE, 'system_network_dropped'],
    ['system.network.dropped', 'nonstandard:_1', GAUGE, 'system_network_dropped_nonstandard:_1'],
    ['system.network.dropped', '{packets}', COUNTER, 'system_network_dropped_total'],
    ['system.network.packets.dropped', 'packets', GAUGE, 'system_network_packets_dropped'],
    ['system.network.packets', 'packets', COUNTER, 'system_network_packets_total'],
    ['hw.gpu.memory.utilization', '1', GAUGE, 'hw_gpu_memory_utilization_ratio'],
    ['hw.fan.speed_ratio', '1', GAUGE, 'hw_fan_speed_ratio'],
    ['objects', '1', COUNTER, 'objects_total'],
    ['broken.metric.speed', 'km/h', GAUGE, 'broken_metric_speed_km_per_hour'],
    ['astro.light.speed_limit', 'm/s', GAUGE, 'astro_light_speed_limit_meters_per_second'],
    ['system.network.dropped', 'non/standard:_1', GAUGE, 'system_network_dropped_non_per_standard:_1'],
    ['broken.metric.speed', 'km/°', GAUGE, 'broken_metric_speed_km'],
    ['broken.metric.success_ratio', '%', GAUGE, 'broken_metric_success_ratio_percent'],
    ['test.metric.spaces', '   \t  ', GAUGE, 'test_metric_spaces'],
    ['active_directory.ds.replication.object.rate', '{objects}/s', GAUGE, 'active_directory_ds_replication_object_rate_per_second'],
    ['mongodbatlas.process.oplog.rate', 'GiBy/h', GAUGE, 'mongodbatlas_process_oplog_rate_gibibytes_per_hour'],
    ['mongodbatlas.process.db.query_targeting.scanned_per_returned', '{scanned}/{returned}', GAUGE, 'mongodbatlas_process_db_query_targeting_scanned_per_returned'],
    ['system.cpu.load_average.15m', '1', GAUGE, 'system_cpu_load_average_15m_ratio'],
    ['3.14 digits', '', GAUGE, '_3_14_digits'],
    ['envoy__rule_engine_zlib_buf_error', '', GAUGE, 'envoy_rule_engine_zlib_buf_error'],
    [':foo::bar', '', COUNTER, ':foo::bar_total'],
    ['metric_with_字符_foreign_characters', '', COUNTER, 'metric_with_foreign_characters_total'],
    ['temperature', '%*()°:C', GAUGE, 'temperature_:C'],
    ['http.server.request.duration', 's', HISTOGRAM, 'http_server_request_duration_seconds'],
  ] as const)('underscore escaping with suffixes: %p in %p (%s) is %p', (name, unit, instrument, expected) => {
    expect(translated(name, unit, instrument)).toBe(expected);
  });

  test.each([
    ['system.io', 'By', COUNTER, 'system.io_bytes_total'],
    ['3.14 digits', '', GAUGE, '3.14 digits'],
    ['foo.bar', '1', GAUGE, 'foo.bar_ratio'],
    ['system.io', 'foo/bar', COUNTER, 'system.io_foo_per_bar_total'],
    ['metric_with_字符_foreign_characters', '', COUNTER, 'metric_with_字符_foreign_characters_total'],
    ['temperature', '%*()°C', GAUGE, 'temperature_%*()°C'],
    // Prometheus 3.5 appends the suffixes even when the name ends with them (later releases do not)
    ['system_io_seconds', 's', GAUGE, 'system_io_seconds_seconds'],
    ['http.server.request.duration', 's', HISTOGRAM, 'http.server.request.duration_seconds'],
    ['http.server.active_requests', '{request}', UP_DOWN_COUNTER, 'http.server.active_requests'],
  ] as const)('no UTF-8 escaping, with suffixes: %p in %p (%s) is %p', (name, unit, instrument, expected) => {
    expect(translated(name, unit, instrument, UTF8)).toBe(expected);
  });

  test('no translation keeps the OpenTelemetry name', () => {
    expect(translated('http.server.request.duration', 's', HISTOGRAM, AS_IS)).toBe('http.server.request.duration');
    expect(translated('system.io', 'By', COUNTER, AS_IS)).toBe('system.io');
  });
});

describe('label names', () => {
  test.each([
    ['label:with:colons', 'label_with_colons'],
    ['LabelWithCapitalLetters', 'LabelWithCapitalLetters'],
    ['label!with&special$chars)', 'label_with_special_chars_'],
    ['label_with_foreign_characters_字符', 'label_with_foreign_characters___'],
    ['label.with.dots', 'label_with_dots'],
    ['123label', 'key_123label'],
    ['_label_starting_with_underscore', 'key_label_starting_with_underscore'],
  ])('underscore escaping: %p is %p', (attribute, expected) => {
    expect(label(attribute)).toBe(expected);
  });

  test('the UTF-8 strategies keep the attribute names', () => {
    expect(label('http.route', UTF8)).toBe('http.route');
    expect(label('http.route', AS_IS)).toBe('http.route');
  });
});

describe('StandardCatalogues.openTelemetryHttpServer', () => {
  test('by default (underscore escaping), the translated names and labels, classic histograms', () => {
    const c = StandardCatalogues.openTelemetryHttpServer();
    expect(c.name).toBe('opentelemetry-http-server');
    expect(c.metrics.map((m) => [m.name, m.type, m.unit])).toEqual([
      ['http_server_request_duration_seconds', MetricType.HISTOGRAM, 'seconds'],
      ['http_server_active_requests', MetricType.GAUGE, undefined],
      ['http_server_request_body_size_bytes', MetricType.HISTOGRAM, 'bytes'],
      ['http_server_response_body_size_bytes', MetricType.HISTOGRAM, 'bytes'],
    ]);
    expect(c.has('http_server_request_duration_seconds_bucket')).toBe(true);
    expect(c._lookup('http_server_request_duration_seconds_count')!.labels).toEqual([
      'http_request_method', 'url_scheme', 'error_type', 'http_response_status_code', 'http_route',
      'network_protocol_name', 'network_protocol_version', 'server_address', 'server_port', 'user_agent_synthetic_type',
    ]);
    expect(c._lookup('http_server_active_requests')!.labelValues).toEqual({ http_request_method: ['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE', '_OTHER'] });
  });

  test('the UTF-8 strategies: suffixed or untranslated names, attribute names as they are; native histograms on request', () => {
    const utf8 = StandardCatalogues.openTelemetryHttpServer({ translation: UTF8, nativeHistograms: true, resourceAttributes: ['service.namespace'] });
    expect(utf8.metrics.map((m) => [m.name, m.type])).toEqual([
      ['http.server.request.duration_seconds', MetricType.NATIVE_HISTOGRAM],
      ['http.server.active_requests', MetricType.GAUGE],
      ['http.server.request.body.size_bytes', MetricType.NATIVE_HISTOGRAM],
      ['http.server.response.body.size_bytes', MetricType.NATIVE_HISTOGRAM],
    ]);
    expect(utf8._lookup('http.server.request.duration_seconds')!.labels).toContain('http.route');
    expect(utf8._targetLabelsOf('http.server.active_requests')).toEqual(['service.namespace']);
    const asIs = StandardCatalogues.openTelemetryHttpServer({ translation: AS_IS });
    expect(asIs.seriesNames.filter((n) => n.startsWith('http.server.request.duration'))).toEqual([
      'http.server.request.duration_bucket', 'http.server.request.duration_count', 'http.server.request.duration_sum',
    ]);
    expect(StandardCatalogues.openTelemetryHttpServer({ resourceAttributes: ['service.namespace'] })._targetLabelsOf('http_server_active_requests')).toEqual(['service_namespace']);
  });

  test('a chart targeting Prometheus 3 lints quoted queries against the UTF-8 names; one targeting 2.42 takes only the escaped ones', () => {
    const v3 = new MonitoringChart(Testing.app(), 'v3', { partOf: 'v3', namespace: 'v3', targetVersions: { prometheus: PrometheusVersion.V3_5 } });
    const lint = new QueryLint(v3, 'QueryLint', { catalogues: [StandardCatalogues.openTelemetryHttpServer({ translation: UTF8, nativeHistograms: true })] });
    new QueryHolder(v3, 'Panel', {
      p95: 'histogram_quantile(0.95, sum by ("http.route") (rate({"http.server.request.duration_seconds", "http.request.method"="GET"}[5m])))',
      method: 'sum(rate({"http.server.request.duration_seconds", "http.request.method"="FETCH"}[5m]))',
    });
    expect(lint.findings().map((f) => `${f.field} ${f.check}`)).toEqual(['method label-value-matches-nothing']);

    const v2 = () => new MonitoringChart(Testing.app(), 'v2', { partOf: 'v2', namespace: 'v2', targetVersions: { prometheus: PrometheusVersion.V2_42 } });
    expect(() => new QueryLint(v2(), 'QueryLint', { catalogues: [StandardCatalogues.openTelemetryHttpServer()] })).not.toThrow();
    expect(() => new QueryLint(v2(), 'QueryLint', { catalogues: [StandardCatalogues.openTelemetryHttpServer({ translation: AS_IS })] })).toThrow(
      '[v2/QueryLint] catalogues[0]: catalogue "opentelemetry-http-server": metric "http.server.request.duration": must match [a-zA-Z_:][a-zA-Z0-9_:]* (Prometheus metric name); received "http.server.request.duration", a UTF-8 name, unknown to Prometheus 2.42 and checked from Prometheus 3.5 on',
    );
  });
});

describe('MetricCatalogue.fromOpenTelemetry rejections', () => {
  const js = (v: unknown) => v as any;
  const inLint = (c: MetricCatalogue) => new QueryLint(new MonitoringChart(Testing.app(), 'x', { partOf: 'x' }), 'QueryLint', { catalogues: [c] });
  test.each([
    [() => MetricCatalogue.fromOpenTelemetry('c', [{ name: 'x', instrument: js('sum') }]), 'catalogue "c": metrics[0].instrument: must be an OpenTelemetryInstrument (counter, updowncounter, gauge, histogram); received "sum"'],
    [() => MetricCatalogue.fromOpenTelemetry('c', [], { translation: js('Underscores') }), 'catalogue "c": options.translation: must be an OtlpTranslationStrategy (UnderscoreEscapingWithSuffixes, NoUTF8EscapingWithSuffixes, NoTranslation); received "Underscores"'],
    [() => MetricCatalogue.fromOpenTelemetry('c', [{ name: 'x', instrument: GAUGE, attributes: ['a'], attributeValues: { b: ['1'] } }]), 'catalogue "c": metrics[0].attributeValues: "b" is not one of the metric\'s attributes ["a"]; add it to attributes'],
    [() => MetricCatalogue.fromOpenTelemetry('c', [{ name: '...', instrument: GAUGE }]), 'catalogue "c": metric "": must not be empty'],
    [() => MetricCatalogue.fromOpenTelemetry('c', [{ name: 'x', instrument: GAUGE, attributes: ['__reserved'] }]), 'catalogue "c": metric "x" label: names starting with "__" are reserved for Prometheus internal use; received "__reserved"'],
    [() => MetricCatalogue.fromOpenTelemetry('c', js({})), 'catalogue "c": metrics: must be a list'],
    [() => MetricCatalogue.fromOpenTelemetry('c', [js(null)]), 'catalogue "c": metrics[0]: must be an object'],
    [() => MetricCatalogue.fromOpenTelemetry('c', [], { nativeHistograms: js('yes') }), 'catalogue "c": options.nativeHistograms: must be true or false; received "yes" (a string)'],
  ])('%#: reported by the lint it is given to, with its path', (build, message) => {
    expect(() => inLint(build())).toThrow(`[x/QueryLint] catalogues[0]: ${message}`);
  });
});
