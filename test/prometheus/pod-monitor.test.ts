import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { MonitoringChart, Relabel, SecretRef } from '../../lib/core';
import { LabelSelector, NamespaceSelector, PodMonitor, Scheme } from '../../lib/prometheus';
import { crdSchemaErrors } from '../util/schema';
import { one, synth } from '../util/synth';

const chart = () => new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' });

function worker(c: MonitoringChart, namespace?: string): kplus.Deployment {
  return new kplus.Deployment(c, 'worker', {
    metadata: { name: 'worker', namespace },
    containers: [{ image: 'worker:1', ports: [{ name: 'metrics', number: 9100 }], securityContext: { ensureNonRoot: false } }],
  });
}

describe('PodMonitor', () => {
  test('renders podMetricsEndpoints; valid against the CRD', () => {
    const c = chart();
    new PodMonitor(c, 'pm', {
      name: 'annotated-pods',
      selector: LabelSelector.matchLabels({ 'app.kubernetes.io/name': 'festivals' }),
      namespaceSelector: NamespaceSelector.names(['festivals-production']),
      podTargetLabels: ['app.kubernetes.io/component'],
      endpoints: [{
        port: 'metrics',
        interval: Duration.seconds(30),
        scheme: Scheme.HTTPS,
        tls: { ca: SecretRef.fromSecret('ca', 'ca.crt'), cert: SecretRef.fromSecret('client', 'tls.crt'), key: SecretRef.fromSecret('client', 'tls.key') },
        relabelings: [Relabel.labelMap('__meta_kubernetes_pod_label_(.+)')],
      }],
    });
    const pm = one(synth(c), 'PodMonitor', 'annotated-pods');
    expect(pm.spec.podMetricsEndpoints).toEqual([{
      port: 'metrics',
      interval: '30s',
      scheme: 'https',
      tlsConfig: {
        ca: { secret: { name: 'ca', key: 'ca.crt' } },
        cert: { secret: { name: 'client', key: 'tls.crt' } },
        keySecret: { name: 'client', key: 'tls.key' },
      },
      relabelings: [{ action: 'labelmap', regex: '__meta_kubernetes_pod_label_(.+)' }],
    }]);
    expect(pm.spec.podTargetLabels).toEqual(['app.kubernetes.io/component']);
    expect(crdSchemaErrors(pm)).toEqual([]);
  });

  test('forWorkload selects the workload pods and scrapes its only named port', () => {
    const c = chart();
    const d = worker(c);
    PodMonitor.forWorkload(c, 'pm', d);
    const pm = one(synth(c), 'PodMonitor');
    expect(pm.spec.selector).toEqual({ matchLabels: d.matchLabels });
    expect(pm.spec.podMetricsEndpoints).toEqual([{ port: 'metrics' }]);
    expect(pm.spec.namespaceSelector).toBeUndefined();
    expect(crdSchemaErrors(pm)).toEqual([]);
  });

  test('forWorkload in another namespace adds a namespace selector, and portNumber renders as portNumber', () => {
    const c = chart();
    PodMonitor.forWorkload(c, 'pm', worker(c, 'jobs'), { endpoints: [{ portNumber: 9100 }] });
    const pm = one(synth(c), 'PodMonitor');
    expect(pm.spec.namespaceSelector).toEqual({ matchNames: ['jobs'] });
    expect(pm.spec.podMetricsEndpoints).toEqual([{ portNumber: 9100 }]);
    expect(crdSchemaErrors(pm)).toEqual([]);
  });

  test('forWorkload rejects a port the containers do not expose', () => {
    const c = chart();
    expect(() => PodMonitor.forWorkload(c, 'pm', worker(c), { endpoints: [{ port: 'http' }] }))
      .toThrow('[x/pm] endpoints[0].port: workload "worker" has no container port named "http" (its named ports: ["metrics"])');
  });

  test('rejects TLS material from files (PodMonitor reads Secrets only)', () => {
    expect(() => new PodMonitor(chart(), 'pm', {
      selector: LabelSelector.matchLabels({ app: 'a' }),
      endpoints: [{ port: 'metrics', scheme: Scheme.HTTPS, tls: { ca: SecretRef.fromFile('/etc/ca.crt') } }],
    })).toThrow('[x/pm] podMetricsEndpoints[0].tls.ca: this resource reads TLS material only from Secrets (SecretRef.fromSecret); received file /etc/ca.crt');
  });

  test('rejects a timeout longer than the interval', () => {
    expect(() => new PodMonitor(chart(), 'pm', {
      selector: LabelSelector.matchLabels({ app: 'a' }),
      endpoints: [{ port: 'metrics', interval: Duration.seconds(15), scrapeTimeout: Duration.seconds(20) }],
    })).toThrow('[x/pm] podMetricsEndpoints[0].scrapeTimeout: must not be longer than the scrape interval (15s), which the Prometheus Operator rejects; received 20s');
  });

  test('rejects a PodMonitor without endpoints at synth', () => {
    const c = chart();
    new PodMonitor(c, 'pm', { selector: LabelSelector.matchLabels({ app: 'a' }) });
    expect(() => synth(c)).toThrow("[x/pm] podMetricsEndpoints: a PodMonitor needs at least one endpoint (addEndpoint({ port: 'metrics' }))");
  });

  test('rejects a negative sample limit', () => {
    expect(() => new PodMonitor(chart(), 'pm', { selector: LabelSelector.matchLabels({ app: 'a' }), sampleLimit: -5 }))
      .toThrow('[x/pm] sampleLimit: must be an integer of at least 0 (a count of samples per scrape, 0 for no limit); received -5');
  });
});
