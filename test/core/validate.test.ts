import { ValidationError } from '../../lib';
import { Validate } from '../../lib/core/validate';

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
