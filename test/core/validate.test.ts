import * as yaml from 'js-yaml';
import { PrometheusVersion, ValidationError } from '../../lib';
import { Validate } from '../../lib/core/validate';
import { promtoolCheckRules, TOOL_VERSIONS } from '../util/tools';

describe('Validate', () => {
  test.each(['http_requests_total', 'job:http_requests:rate5m', '_x', 'a:b'])('accepts metric name %s', (n) => {
    expect(Validate.metricName(n)).toBe(n);
  });
  test.each(['9lives', 'http-requests', 'a b', ''])('rejects metric name %p', (n) => {
    expect(() => Validate.metricName(n)).toThrow(`metric name: must match [a-zA-Z_:][a-zA-Z0-9_:]* (Prometheus metric name); received ${JSON.stringify(n)}`);
  });

  test.each(['severity', 'team', '_private', 'le'])('accepts label name %s', (n) => {
    expect(Validate.labelName(n)).toBe(n);
  });
  test.each(['a:b', 'app.kubernetes.io/name', '1st', 'with-dash'])('rejects label name %p', (n) => {
    expect(() => Validate.labelName(n)).toThrow(`label name: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received ${JSON.stringify(n)}`);
  });
  test('rejects reserved label names but lets relabelings use them', () => {
    expect(() => Validate.labelName('__name__')).toThrow('reserved for Prometheus internal use');
    expect(Validate.relabelLabelName('__meta_kubernetes_pod_name')).toBe('__meta_kubernetes_pod_name');
  });
  test('a bad label name given to a construct names the path and the value', () => {
    expect(() => ValidationError.within('erp/Alerts/DiskFull', () => Validate.labelName('team-name', 'labels name'))).toThrow(
      '[erp/Alerts/DiskFull] labels name: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received "team-name"',
    );
  });

  test('recording rule names follow level:metric:operations', () => {
    expect(Validate.recordingRuleName('job:http_requests:rate5m')).toBe('job:http_requests:rate5m');
    expect(() => Validate.recordingRuleName('http_requests_rate')).toThrow('level:metric:operations');
    expect(() => Validate.recordingRuleName('job::rate5m')).toThrow('level:metric:operations');
    expect(Validate.recordingRuleName('a:b:c:d')).toBe('a:b:c:d');
    for (const bad of ['job:http_requests', ':job:http_requests:rate5m', 'job:http_requests:rate5m:', 'a:b::']) {
      expect(() => Validate.recordingRuleName(bad)).toThrow(`record: must follow the level:metric:operations convention (e.g. "job:http_requests:rate5m"); received ${JSON.stringify(bad)}`);
    }
  });

  test('kubernetes names', () => {
    expect(Validate.kubernetesName('gas-delivery.rules')).toBe('gas-delivery.rules');
    expect(() => Validate.kubernetesName('Gas_Delivery')).toThrow('DNS-1123 subdomain');
    expect(() => Validate.kubernetesName('a'.repeat(254))).toThrow('DNS-1123 subdomain');
    expect(() => Validate.dnsLabel('a'.repeat(64))).toThrow('DNS-1123 label');
    expect(Validate.dnsLabel('erp')).toBe('erp');
  });

  test('kubernetes label keys and values', () => {
    expect(Validate.kubernetesLabelKey('app.kubernetes.io/part-of')).toBe('app.kubernetes.io/part-of');
    expect(() => Validate.kubernetesLabelKey('Bad_Prefix/x')).toThrow('label key');
    expect(() => Validate.kubernetesLabelKey('x/-bad')).toThrow('label key');
    expect(Validate.kubernetesLabelValue('')).toBe('');
    expect(Validate.kubernetesLabelValue('v1.2_3-a')).toBe('v1.2_3-a');
    expect(() => Validate.kubernetesLabelValue('-bad')).toThrow('label value');
    expect(() => Validate.kubernetesLabelValue('x'.repeat(64))).toThrow('label value');
    expect(() => Validate.kubernetesLabels({ ok: 'fine', bad: 'no spaces' })).toThrow('labels["bad"]');
  });
});

describe('UTF-8 names, per target release', () => {
  const names = ['http.server.request.duration', 'service.name', '名前', 'a b', '9lives', 'http-requests'];

  test.each(names)('%p is a metric and a label name for a 3.x target', (n) => {
    expect(Validate.metricName(n, 'metric name', PrometheusVersion.V3_5)).toBe(n);
    expect(Validate.labelName(n, 'label name', PrometheusVersion.of('3.5.3'))).toBe(n);
  });

  test('a 2.x target refuses them, naming the release, the target and the fixes', () => {
    expect(() => Validate.metricName('http.server.request.duration', 'metric name', PrometheusVersion.V2_42)).toThrow(
      'metric name: must match [a-zA-Z_:][a-zA-Z0-9_:]* (Prometheus metric name); received "http.server.request.duration", a UTF-8 name, unknown to Prometheus 2.42 and checked from Prometheus 3.5 on; ' +
        'the target is Prometheus 2.42 (targetVersions.prometheus). ' +
        'Use "http_server_request_duration", or declare targetVersions: { prometheus: PrometheusVersion.V3_5 } if every Prometheus that loads it runs 3.x',
    );
    expect(() => Validate.labelName('service.name', 'labels name', PrometheusVersion.of('3.0'))).toThrow(
      'labels name: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received "service.name", a UTF-8 name, unknown to Prometheus 2.42 and checked from Prometheus 3.5 on; ' +
        'the target is Prometheus 3.0 (targetVersions.prometheus), which the checks treat as 2.42: they know the behaviour of 2.42 and 3.5, and a release between them may lack what 3.5 has. Use "service_name", or declare',
    );
    expect(() => Validate.labelName('9.lives', 'label name', PrometheusVersion.V2_42)).toThrow('Use "_9_lives"');
    expect(() => Validate.prometheusLabels({ 'team.name': 'x' }, 'labels', PrometheusVersion.V2_42)).toThrow('labels name: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received "team.name", a UTF-8 name');
  });

  test('without a target (names Loki, Promtail and Alertmanager read) only the legacy names', () => {
    expect(() => Validate.metricName('http.server.request.duration')).toThrow('metric name: must match [a-zA-Z_:][a-zA-Z0-9_:]* (Prometheus metric name); received "http.server.request.duration"');
  });

  test('what Prometheus 3 refuses too: empty names, invalid UTF-8, reserved label names', () => {
    expect(() => Validate.metricName('', 'metric name', PrometheusVersion.V3_5)).toThrow('metric name: must not be empty');
    expect(() => Validate.labelName('', 'label name', PrometheusVersion.V3_5)).toThrow('label name: must not be empty');
    expect(() => Validate.labelName('a\ud800b', 'label name', PrometheusVersion.V3_5)).toThrow('label name: must be valid UTF-8 (it holds a lone UTF-16 surrogate); received "a\\ud800b"');
    expect(() => Validate.labelName('__x.y', 'label name', PrometheusVersion.V3_5)).toThrow('label name: names starting with "__" are reserved for Prometheus internal use; received "__x.y"');
    expect(() => Validate.recordingRuleName('http.server.request.duration:rate5m', PrometheusVersion.V3_5)).toThrow('record: must follow the level:metric:operations convention');
    expect(Validate.recordingRuleName('job:http.server.request.duration:rate5m', PrometheusVersion.V3_5)).toBe('job:http.server.request.duration:rate5m');
  });

  // The same names in a rule file (record, rule labels): each promtool's verdict is the library's for that release.
  describe.each(TOOL_VERSIONS.map((t) => [t.name, t] as const))('against %s', (name, tool) => {
    const target = PrometheusVersion.of(name.split(' ')[1]);
    const cases = names.map((n) => ({ record: `job:${n}:rate5m`, label: n }));
    let output: string;
    beforeAll(() => {
      const rules = cases.map((c) => ({ record: c.record, expr: 'vector(1)', labels: { [c.label]: 'x' } }));
      output = promtoolCheckRules({ 'names.yaml': yaml.dump({ groups: [{ name: 'names', rules }] }, { lineWidth: -1 }) }, tool).output;
    });
    test.each(cases.map((c, i) => [c.label, c, i] as const))('same verdict as promtool for %p', (_label, c, i) => {
      const library = (() => {
        try {
          Validate.recordingRuleName(c.record, target);
          Validate.labelName(c.label, 'label', target);
          return true;
        } catch {
          return false;
        }
      })();
      const promtoolAccepts = !new RegExp(`rule ${i + 1}, `).test(output);
      expect({ name: c.label, library }).toEqual({ name: c.label, library: promtoolAccepts });
    });
  });
});
