import { Duration, Testing } from 'cdk8s';
import { MonitoringChart, Relabel, SecretRef } from '../../lib/core';
import { LabelSelector, NamespaceSelector, Probe } from '../../lib/prometheus';
import { crdSchemaErrors } from '../util/schema';
import { one, synth } from '../util/synth';

const chart = () => new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' });
const prober = { url: 'blackbox-exporter.monitoring.svc:9115' };

describe('Probe', () => {
  test('static targets: renders prober, module, targets and timing; valid against the CRD', () => {
    const c = chart();
    const probe = new Probe(c, 'health', {
      name: 'api-health',
      prober,
      module: 'http_2xx',
      targets: ['https://api.example.com/health'],
      targetLabels: { service: 'api' },
      interval: Duration.seconds(30),
      scrapeTimeout: Duration.seconds(10),
      metricRelabelings: [Relabel.labelDrop('unwanted_.*')],
    });
    probe.addTarget('http://localhost:8000/health');
    const p = one(synth(c), 'Probe', 'api-health');
    expect(p.spec).toEqual({
      prober: { url: 'blackbox-exporter.monitoring.svc:9115' },
      module: 'http_2xx',
      interval: '30s',
      scrapeTimeout: '10s',
      metricRelabelings: [{ action: 'labeldrop', regex: 'unwanted_.*' }],
      targets: { staticConfig: { static: ['https://api.example.com/health', 'http://localhost:8000/health'], labels: { service: 'api' } } },
    });
    expect(crdSchemaErrors(p)).toEqual([]);
  });

  test('ingress targets with basic auth; valid against the CRD', () => {
    const c = chart();
    new Probe(c, 'ingresses', {
      prober: { ...prober, path: '/probe' },
      module: 'http_2xx',
      ingress: { selector: LabelSelector.matchLabels({ probe: 'true' }), namespaceSelector: NamespaceSelector.any() },
      basicAuth: { username: SecretRef.fromSecret('bb', 'user'), password: SecretRef.fromSecret('bb', 'pass') },
      jobName: 'ingress-probe',
    });
    const p = one(synth(c), 'Probe');
    expect(p.spec.targets).toEqual({ ingress: { selector: { matchLabels: { probe: 'true' } }, namespaceSelector: { any: true } } });
    expect(p.spec.basicAuth).toEqual({ username: { name: 'bb', key: 'user' }, password: { name: 'bb', key: 'pass' } });
    expect(crdSchemaErrors(p)).toEqual([]);
  });

  test('rejects a prober URL with a scheme', () => {
    expect(() => new Probe(chart(), 'p', { prober: { url: 'http://blackbox:9115' }, targets: ['a.example.com:443'] }))
      .toThrow('[x/p] prober.url: must be the prober\'s host[:port] without scheme or path (e.g. "blackbox-exporter.monitoring.svc:9115"); received "http://blackbox:9115"');
  });

  test('rejects a timeout longer than the interval', () => {
    expect(() => new Probe(chart(), 'p', { prober, targets: ['a.example.com:443'], interval: Duration.seconds(10), scrapeTimeout: Duration.seconds(11) }))
      .toThrow('[x/p] scrapeTimeout: must not be longer than the scrape interval (10s), which the Prometheus Operator rejects; received 11s');
  });

  test('rejects a malformed target', () => {
    expect(() => new Probe(chart(), 'p', { prober, targets: ['not a url'] })).toThrow('[x/p] targets[0]: must be a URL or host:port without white space; received "not a url"');
  });

  test('rejects a duplicate target', () => {
    const p = new Probe(chart(), 'p', { prober, targets: ['https://a.example.com'] });
    expect(() => p.addTarget('https://a.example.com')).toThrow('[x/p] targets: "https://a.example.com" is already a target');
  });

  test('rejects static targets together with ingress', () => {
    expect(() => new Probe(chart(), 'p', { prober, targets: ['https://a.example.com'], ingress: { selector: LabelSelector.matchLabels({ a: 'b' }) } }))
      .toThrow('[x/p] targets: give either static targets (targets, targetLabels, targetRelabelings) or ingress, not both');
  });

  test('rejects a bad module name', () => {
    expect(() => new Probe(chart(), 'p', { prober, module: 'http 2xx', targets: ['https://a.example.com'] }))
      .toThrow('[x/p] module: must be a prober module name (letters, digits, \'_\', \'-\', \'.\'); received "http 2xx"');
  });

  test('rejects a Probe without targets at synth', () => {
    const c = chart();
    new Probe(c, 'p', { prober });
    expect(() => synth(c)).toThrow('[x/p] targets: a Probe needs static targets (addTarget(url)) or ingress');
  });
});
