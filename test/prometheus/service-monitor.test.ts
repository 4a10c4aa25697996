import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { MonitoringChart, Relabel, SecretRef } from '../../lib/core';
import { AlertCatalogue, InstanceSelectorLabels, LabelSelector, NamespaceSelector, PodMonitor, RuleTests, Scheme, ServiceMonitor } from '../../lib/prometheus';
import { crdSchemaErrors } from '../util/schema';
import { byKind, one, synth } from '../util/synth';

const chart = () => new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' });

describe('ServiceMonitor', () => {
  test('renders selector, endpoints, auth, TLS and relabelings; valid against the CRD', () => {
    const c = chart();
    new ServiceMonitor(c, 'api', {
      name: 'festivals-api',
      selector: LabelSelector.matchLabels({ 'app.kubernetes.io/name': 'festivals', 'app.kubernetes.io/component': 'api' }),
      namespaceSelector: NamespaceSelector.names(['festivals-production']),
      instanceLabels: InstanceSelectorLabels.release('prometheus'),
      jobLabel: 'app.kubernetes.io/name',
      endpoints: [
        {
          port: 'metrics',
          path: '/metrics',
          interval: Duration.seconds(30),
          scrapeTimeout: Duration.seconds(10),
          scheme: Scheme.HTTPS,
          tls: { ca: SecretRef.fromSecret('api-tls', 'ca.crt'), serverName: 'api.festivals.svc' },
          bearerToken: SecretRef.fromSecret('scrape-token', 'token'),
          relabelings: [Relabel.replace({ sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' })],
          metricRelabelings: [Relabel.drop({ sourceLabels: ['__name__'], regex: 'go_gc_.*' })],
        },
      ],
    });
    const m = synth(c);
    const sm = one(m, 'ServiceMonitor', 'festivals-api');
    expect(sm.metadata.labels).toMatchObject({ release: 'prometheus', 'app.kubernetes.io/part-of': 'x' });
    expect(sm.metadata.namespace).toBe('x');
    expect(sm.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/component': 'api', 'app.kubernetes.io/name': 'festivals' } });
    expect(sm.spec.namespaceSelector).toEqual({ matchNames: ['festivals-production'] });
    expect(sm.spec.jobLabel).toBe('app.kubernetes.io/name');
    expect(sm.spec.endpoints).toEqual([
      {
        port: 'metrics',
        path: '/metrics',
        scheme: 'https',
        interval: '30s',
        scrapeTimeout: '10s',
        authorization: { type: 'Bearer', credentials: { name: 'scrape-token', key: 'token' } },
        tlsConfig: { ca: { secret: { name: 'api-tls', key: 'ca.crt' } }, serverName: 'api.festivals.svc' },
        relabelings: [{ action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' }],
        metricRelabelings: [{ action: 'drop', sourceLabels: ['__name__'], regex: 'go_gc_.*' }],
      },
    ]);
    expect(crdSchemaErrors(sm)).toEqual([]);
  });

  test('defaults the instance label to kube-prometheus-stack, and addEndpoint() after construction reaches the output', () => {
    const c = chart();
    const sm = new ServiceMonitor(c, 'sm', { selector: LabelSelector.matchLabels({ app: 'backend' }) });
    sm.addEndpoint({ portNumber: 8000, basicAuth: { username: SecretRef.fromSecret('auth', 'user'), password: SecretRef.fromSecret('auth', 'pass') } });
    const out = one(synth(c), 'ServiceMonitor');
    expect(out.metadata.labels).toMatchObject(InstanceSelectorLabels.KUBE_PROMETHEUS_STACK);
    expect(out.spec.endpoints).toEqual([{ targetPort: 8000, basicAuth: { username: { name: 'auth', key: 'user' }, password: { name: 'auth', key: 'pass' } } }]);
    expect(crdSchemaErrors(out)).toEqual([]);
  });

  test('forService selects the Service by its labels and scrapes its only named port', () => {
    const c = chart();
    const svc = new kplus.Service(c, 'backend', { metadata: { name: 'backend', labels: { app: 'backend' } }, ports: [{ name: 'http', port: 8000 }] });
    ServiceMonitor.forService(c, 'backend-sm', svc);
    const sm = one(synth(c), 'ServiceMonitor');
    expect(sm.spec.selector).toEqual({ matchLabels: { app: 'backend' } });
    expect(sm.spec.endpoints).toEqual([{ port: 'http' }]);
    expect(sm.spec.namespaceSelector).toBeUndefined();
    expect(crdSchemaErrors(sm)).toEqual([]);
  });

  test('forService in another namespace adds a namespace selector', () => {
    const c = chart();
    const svc = new kplus.Service(c, 'pg', { metadata: { name: 'pg', namespace: 'db', labels: { app: 'pg' } }, ports: [{ name: 'metrics', port: 9187 }] });
    ServiceMonitor.forService(c, 'pg-sm', svc, { endpoints: [{ port: 'metrics' }] });
    expect(one(synth(c), 'ServiceMonitor').spec.namespaceSelector).toEqual({ matchNames: ['db'] });
  });

  test('rejects a scrape timeout longer than the interval', () => {
    expect(() => new ServiceMonitor(chart(), 'sm', {
      selector: LabelSelector.matchLabels({ app: 'a' }),
      endpoints: [{ port: 'metrics', interval: Duration.seconds(10), scrapeTimeout: Duration.seconds(15) }],
    })).toThrow('[x/sm] endpoints[0].scrapeTimeout: must not be longer than the scrape interval (10s), which the Prometheus Operator rejects; received 15s');
  });

  test('rejects an endpoint without port', () => {
    expect(() => new ServiceMonitor(chart(), 'sm', { selector: LabelSelector.matchLabels({ app: 'a' }), endpoints: [{ path: '/metrics' }] }))
      .toThrow('[x/sm] endpoints[0].port: a port is required (port: the port\'s name, or portNumber); received neither');
  });

  test('portNumber and sampleLimit: integers in their range, the message says the unit', () => {
    const sm = (props: object) => new ServiceMonitor(chart(), 'sm', { selector: LabelSelector.matchLabels({ app: 'a' }), endpoints: [{ port: 'http' }], ...props });
    expect(() => sm({ endpoints: [{ portNumber: 0 }] })).toThrow('[x/sm] endpoints[0].portNumber: must be an integer from 1 to 65535 (a TCP port number); received 0');
    expect(() => sm({ endpoints: [{ portNumber: 8080.5 }] })).toThrow('[x/sm] endpoints[0].portNumber: must be an integer from 1 to 65535 (a TCP port number); received 8080.5');
    expect(() => sm({ endpoints: [{ portNumber: '8080' }] })).toThrow('[x/sm] endpoints[0].portNumber: must be an integer from 1 to 65535 (a TCP port number); received "8080" (a string)');
    expect(() => sm({ sampleLimit: 1.5 })).toThrow('[x/sm] sampleLimit: must be an integer of at least 0 (a count of samples per scrape, 0 for no limit); received 1.5');
    expect(() => sm({ endpoints: [{ port: 'http', relabelings: [Relabel.hashMod(['a'], 1.5, 't')] }] })).toThrow('[x/sm] endpoints[0].relabelings[0]: relabel hashmod modulus: must be an integer of at least 1 (a count of hash buckets); received 1.5');
  });

  test('rejects both port and portNumber', () => {
    expect(() => new ServiceMonitor(chart(), 'sm', { selector: LabelSelector.matchLabels({ app: 'a' }), endpoints: [{ port: 'http', portNumber: 80 }] }))
      .toThrow('[x/sm] endpoints[0].port: give either port (name) or portNumber, not both');
  });

  test('rejects a path without leading slash', () => {
    expect(() => new ServiceMonitor(chart(), 'sm', { selector: LabelSelector.matchLabels({ app: 'a' }), endpoints: [{ port: 'http', path: 'metrics' }] }))
      .toThrow('[x/sm] endpoints[0].path: must start with "/" and contain no white space; received "metrics"');
  });

  test('rejects TLS settings over plain http', () => {
    expect(() => new ServiceMonitor(chart(), 'sm', { selector: LabelSelector.matchLabels({ app: 'a' }), endpoints: [{ port: 'http', tls: { insecureSkipVerify: true } }] }))
      .toThrow('[x/sm] endpoints[0].tls: TLS settings need scheme: Scheme.HTTPS');
  });

  test('rejects two authentication methods', () => {
    expect(() => new ServiceMonitor(chart(), 'sm', {
      selector: LabelSelector.matchLabels({ app: 'a' }),
      endpoints: [{ port: 'http', bearerToken: SecretRef.fromSecret('t', 'k'), basicAuth: { username: SecretRef.fromSecret('a', 'u'), password: SecretRef.fromSecret('a', 'p') } }],
    })).toThrow('[x/sm] endpoints[0].bearerToken: cannot be combined with basicAuth');
  });

  test('rejects a bearer token from a file (the operator reads Secrets)', () => {
    expect(() => new ServiceMonitor(chart(), 'sm', { selector: LabelSelector.matchLabels({ app: 'a' }), endpoints: [{ port: 'http', bearerToken: SecretRef.fromFile('/var/run/token') }] }))
      .toThrow(/^\[x\/sm\] endpoints\[0\]\.bearerToken: a Secret key reference is required here/);
  });

  test('rejects a ServiceMonitor without endpoints at synth', () => {
    const c = chart();
    new ServiceMonitor(c, 'sm', { selector: LabelSelector.matchLabels({ app: 'a' }) });
    expect(() => synth(c)).toThrow("[x/sm] endpoints: a ServiceMonitor needs at least one endpoint (addEndpoint({ port: 'metrics' }))");
  });

  test('forService rejects a port the Service does not have', () => {
    const c = chart();
    const svc = new kplus.Service(c, 'svc', { metadata: { labels: { app: 'a' } }, ports: [{ name: 'http', port: 80 }] });
    expect(() => ServiceMonitor.forService(c, 'sm', svc, { endpoints: [{ port: 'metrics' }] }))
      .toThrow(/^\[x\/sm\] endpoints\[0\]\.port: Service "x-svc-[0-9a-f]+" has no port named "metrics" \(its named ports: \["http"\]\)$/);
  });

  test('forService rejects a Service without labels', () => {
    const c = chart();
    const svc = new kplus.Service(c, 'svc', { metadata: { name: 'svc' }, ports: [{ name: 'http', port: 80 }] });
    expect(() => ServiceMonitor.forService(c, 'sm', svc)).toThrow('[x/sm] selector: Service "svc" has no labels');
  });

  test('fromService keeps its problem for the monitor; plain-JavaScript arguments of forService/forWorkload name the field', () => {
    const c = chart();
    const svc = new kplus.Service(c, 'svc', { metadata: { name: 'svc' }, ports: [{ name: 'http', port: 80 }] });
    const selector = LabelSelector.fromService(svc);
    expect(selector).toBeInstanceOf(LabelSelector);
    expect(() => new ServiceMonitor(c, 'direct', { selector, endpoints: [{ port: 'http' }] })).toThrow('[x/direct] selector: Service "svc" has no labels');
    const js = (v: unknown) => v as any;
    expect(() => ServiceMonitor.forService(c, 'a', js('svc'))).toThrow('[x/a] selector: must be built from a cdk8s-plus Service, e.g. deployment.exposeViaService(...); received "svc"');
    const labelled = new kplus.Service(c, 'svc2', { metadata: { labels: { app: 'a' } }, ports: [{ name: 'http', port: 80 }] });
    expect(() => ServiceMonitor.forService(c, 'b', labelled, js(null))).toThrow('[x/b] options: must be an object, e.g. { endpoints: [{ port: \'metrics\' }] }; received null');
    expect(() => ServiceMonitor.forService(c, 'd', labelled, js({ endpoints: ['http'] }))).toThrow('[x/d] endpoints[0]: must be an object, e.g. { port: \'metrics\' }; received "http" (a string)');
    expect(() => PodMonitor.forWorkload(c, 'e', js({}))).toThrow('[x/e] selector: must be built from a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet...); received {}');
    expect(() => AlertCatalogue.entries(js(undefined))).toThrow('scope: must be a construct, e.g. the app or a chart; received undefined');
    expect(() => AlertCatalogue.markdown(c, js(3))).toThrow('title: must be a string');
    expect(() => RuleTests.render(js('x'))).toThrow('scope: must be a construct, e.g. the app or a chart; received "x" (a string)');
  });

  test('rejects a bad jobLabel', () => {
    expect(() => new ServiceMonitor(chart(), 'sm', { selector: LabelSelector.matchLabels({ app: 'a' }), jobLabel: 'no good', endpoints: [{ port: 'http' }] }))
      .toThrow('[x/sm] jobLabel: must be an optional DNS subdomain prefix');
  });

  test('only the ServiceMonitor is produced', () => {
    const c = chart();
    new ServiceMonitor(c, 'sm', { selector: LabelSelector.matchLabels({ app: 'a' }), endpoints: [{ port: 'http' }] });
    expect(byKind(synth(c), 'ServiceMonitor')).toHaveLength(1);
  });
});

describe('generated names', () => {
  test('scrape targets and rules without a name get one from the construct path', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Testing } = require('cdk8s');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { MonitoringChart, Severity } = require('../../lib');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const p = require('../../lib/prometheus');
    const chart = new MonitoringChart(Testing.app(), 'shop', { partOf: 'shop', namespace: 'shop' });
    new p.ServiceMonitor(chart, 'Api', { selector: p.LabelSelector.matchLabels({ app: 'api' }), endpoints: [{ port: 'metrics' }] });
    new p.PodMonitor(chart, 'Pods', { selector: p.LabelSelector.matchLabels({ app: 'api' }), endpoints: [{ port: 'metrics' }] });
    new p.PrometheusRule(chart, 'Rules').addGroup('g').addAlert('A', { expr: 'up == 0', severity: Severity.INFO, summary: 's' });
    const names = Testing.synth(chart).map((m: any) => m.metadata.name);
    expect(names).toHaveLength(3);
    for (const name of names) expect(name).toMatch(/^shop-(api|pods|rules)-c8[0-9a-f]+$/);
  });
});
