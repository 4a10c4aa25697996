import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { MonitoringChart, PrometheusPods, SecretRef } from '../../lib/core';
import { BlackboxExporter, BlackboxModule, ExporterProps, NginxExporter, PostgresExporter, RedisExporter } from '../../lib/exporters';
import { classifyWorkload, describeViolation, ingressGaps } from '../security/pod-security';
import { byKind, Manifest, one, synth } from '../util/synth';

// Every exporter meets the Pod Security `restricted` level and admits only Prometheus, on its metrics port;
// the blackbox exporter leaves `restricted` only with allowIcmp, and can restrict its egress to its targets.

function chart(): MonitoringChart {
  return new MonitoringChart(Testing.app(), 'x', { partOf: 'shop', namespace: 'shop' });
}

const EXPORTERS: Array<[string, number, (scope: Construct, props: ExporterProps) => unknown]> = [
  ['nginx', NginxExporter.PORT, (s, p) => new NginxExporter(s, 'exporter', { scrapeUri: 'http://nginx:8080/stub_status', ...p })],
  ['redis', RedisExporter.PORT, (s, p) => new RedisExporter(s, 'exporter', { address: 'redis:6379', ...p })],
  ['postgres', PostgresExporter.PORT, (s, p) => new PostgresExporter(s, 'exporter', { connection: SecretRef.fromSecret('db', 'dsn'), ...p })],
  ['blackbox', BlackboxExporter.PORT, (s, p) => new BlackboxExporter(s, 'exporter', { modules: [BlackboxModule.http('http_2xx')], ...p })],
];

function build(create: (scope: Construct, props: ExporterProps) => unknown, props: ExporterProps = {}): Manifest[] {
  const c = chart();
  create(c, props);
  return synth(c);
}

describe.each(EXPORTERS)('the %s exporter', (_name, port, create) => {
  test('meets restricted: non-root, no privilege escalation, every capability dropped, RuntimeDefault seccomp', () => {
    const deployment = one(build(create), 'Deployment');
    expect(classifyWorkload(deployment)).toEqual({ level: 'restricted', violations: [] });
    expect(deployment.spec.template.spec.containers[0].securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  test('its NetworkPolicy admits only kube-prometheus-stack\'s Prometheus, on the metrics port', () => {
    const manifests = build(create);
    const deployment = one(manifests, 'Deployment');
    const policy = one(manifests, 'NetworkPolicy');
    expect(policy.metadata).toMatchObject({ name: 'exporter', namespace: 'shop' });
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: deployment.spec.selector.matchLabels },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
        ports: [{ port, protocol: 'TCP' }],
      }],
    });
    expect(ingressGaps(deployment, manifests, PrometheusPods.kubePrometheusStack())).toEqual([]);
  });

  test('scrapedBy names another Prometheus; networkPolicy: false leaves the policy out', () => {
    const policy = one(build(create, { scrapedBy: PrometheusPods.kubePrometheusStack('observability') }), 'NetworkPolicy');
    expect(policy.spec.ingress[0].from[0].namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'observability' } });
    expect(byKind(build(create, { networkPolicy: false }), 'NetworkPolicy')).toEqual([]);
  });

  test('rejections name the exporter path', () => {
    expect(() => build(create, { scrapedBy: PrometheusPods.select({ namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'Not A Value!' } }) })).toThrow(
      /^\[x\/exporter\] scrapedBy: PrometheusPods labels\["app.kubernetes.io\/name"\]: /);
    expect(() => build(create, { scrapedBy: PrometheusPods.kubePrometheusStack(), networkPolicy: false })).toThrow(
      '[x/exporter] scrapedBy: only applies to the NetworkPolicy, which networkPolicy: false turns off; remove one of them');
  });
});

describe('BlackboxExporter and Pod Security', () => {
  test('allowIcmp adds NET_RAW, which leaves restricted and baseline: the pods are privileged', () => {
    const c = chart();
    new BlackboxExporter(c, 'exporter', { modules: [BlackboxModule.icmp('icmp')], allowIcmp: true });
    const result = classifyWorkload(one(synth(c), 'Deployment'));
    expect({ level: result.level, violations: result.violations.map(describeViolation) }).toEqual({
      level: 'privileged',
      violations: ['baseline/Capabilities: container "exporter": adds NET_RAW', 'restricted/Capabilities: container "exporter": adds NET_RAW'],
    });
  });
});

describe('BlackboxExporter restrictEgressToTargets', () => {
  const NON_PUBLIC_V4 = ['10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16'];
  const NON_PUBLIC_V6 = ['fc00::/7', 'fe80::/10', '::1/128'];
  const DNS = [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }];

  function egress(probes: Array<[BlackboxModule, string[]]>): any[] {
    const c = chart();
    const bb = new BlackboxExporter(c, 'bb', { restrictEgressToTargets: true, allowIcmp: true });
    probes.forEach(([module, targets], i) => bb.addProbe(`probe-${i}`, { module, targets }));
    const policy = one(synth(c), 'NetworkPolicy');
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    return policy.spec.egress;
  }
  const dnsRules = [
    { ports: DNS, to: [{ namespaceSelector: {}, podSelector: {} }] },
    { ports: DNS, to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] },
    { ports: DNS, to: [{ ipBlock: { cidr: '::/0' } }] },
  ];

  test('off by default: egress is left alone', () => {
    const c = chart();
    new BlackboxExporter(c, 'bb', { modules: [BlackboxModule.http('http_2xx')] }).addProbe('p', { module: BlackboxModule.http('http_2xx'), targets: ['https://example.com'] });
    const policy = one(synth(c), 'NetworkPolicy');
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    expect(policy.spec.egress).toBeUndefined();
  });

  test('without a probe only DNS is allowed', () => {
    const c = chart();
    new BlackboxExporter(c, 'bb', { restrictEgressToTargets: true, modules: [BlackboxModule.http('http_2xx')] });
    expect(one(synth(c), 'NetworkPolicy').spec.egress).toEqual(dnsRules);
  });

  test('in-cluster Service names: the pods of their namespace, on any port (the Service may translate it)', () => {
    const http = BlackboxModule.http('http_2xx');
    expect(egress([[http, ['http://backend.erp.svc:8000/health/', 'http://backend.erp.svc:8000/ready', 'https://api.shop.svc.cluster.local/health', 'http://worker:9000/health']]])).toEqual([
      ...dnsRules,
      { ports: [], to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'erp' } }, podSelector: {} }] },
      { ports: [], to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: {} }] },
      // a bare service name is one of the exporter's namespace
      { ports: [], to: [{ podSelector: {} }] },
    ]);
  });

  test('IP addresses: that address on the target\'s port (every protocol for ICMP)', () => {
    expect(egress([
      [BlackboxModule.http('http_2xx'), ['http://10.1.2.3:9000/health', 'https://[2001:DB8::1]/']],
      [BlackboxModule.tcpConnect('tcp'), ['192.168.1.10:5432']],
      [BlackboxModule.icmp('icmp'), ['10.0.0.1']],
    ])).toEqual([
      ...dnsRules,
      { ports: [{ port: 9000, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '10.1.2.3/32' } }] },
      { ports: [{ port: 443, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '2001:db8::1/128' } }] },
      { ports: [{ port: 5432, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '192.168.1.10/32' } }] },
      { ports: [], to: [{ ipBlock: { cidr: '10.0.0.1/32' } }] },
    ]);
  });

  test('other host names: the public internet only (no private, shared, loopback or link-local range), on the port; once per port', () => {
    expect(egress([
      [BlackboxModule.http('http_2xx'), ['http://api.example.com/health', 'api.example.org/health', 'https://shop.example.com/']],
      [BlackboxModule.tcpConnect('tcp'), ['smtp.example.com:587']],
    ])).toEqual([
      ...dnsRules,
      { ports: [{ port: 80, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '0.0.0.0/0', except: NON_PUBLIC_V4 } }] },
      { ports: [{ port: 80, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '::/0', except: NON_PUBLIC_V6 } }] },
      { ports: [{ port: 443, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '0.0.0.0/0', except: NON_PUBLIC_V4 } }] },
      { ports: [{ port: 443, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '::/0', except: NON_PUBLIC_V6 } }] },
      { ports: [{ port: 587, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '0.0.0.0/0', except: NON_PUBLIC_V4 } }] },
      { ports: [{ port: 587, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '::/0', except: NON_PUBLIC_V6 } }] },
    ]);
  });

  test('a target whose host or port cannot be told is rejected with the probe path, the target and the form to use', () => {
    const bb = () => new BlackboxExporter(chart(), 'bb', { restrictEgressToTargets: true, allowIcmp: true });
    expect(() => bb().addProbe('db', { module: BlackboxModule.tcpConnect('tcp'), targets: ['db.shop.svc:5432', 'db.shop.svc'] })).toThrow(
      '[x/bb/db] targets[1]: cannot tell the host and port the exporter connects to, so restrictEgressToTargets cannot allow it; write host:port, e.g. redis.shop.svc:6379; received "db.shop.svc"');
    expect(() => bb().addProbe('web', { module: BlackboxModule.http('http_2xx'), targets: ['ftp://files.example.com/'] })).toThrow(
      '[x/bb/web] targets[0]: cannot tell the host and port the exporter connects to, so restrictEgressToTargets cannot allow it; write an http(s) URL, e.g. http://shop.shop.svc:8080/health; received "ftp://files.example.com/"');
    expect(() => bb().addProbe('ping', { module: BlackboxModule.icmp('icmp'), targets: ['10.0.0.1/24'] })).toThrow(
      '[x/bb/ping] targets[0]: cannot tell the host the exporter connects to, so restrictEgressToTargets cannot allow it; write a host name or IPv4 address, e.g. 10.0.0.1; received "10.0.0.1/24"');
    expect(() => bb().addProbe('ping', { module: BlackboxModule.icmp('icmp'), targets: ['gateway.example.com:80'] })).toThrow(
      '[x/bb/ping] targets[0]: cannot tell the host the exporter connects to, so restrictEgressToTargets cannot allow it; write a host name or IPv4 address, e.g. 10.0.0.1; received "gateway.example.com:80"');
    // an IPv4-mapped IPv6 URL is allowed as the address the URL parser writes
    expect(egress([[BlackboxModule.http('http_2xx'), ['http://[::ffff:10.0.0.1]:8080/']]]).slice(3)).toEqual([{ ports: [{ port: 8080, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '::ffff:a00:1/128' } }] }]);
  });

  test('needs the NetworkPolicy, and is a boolean', () => {
    expect(() => new BlackboxExporter(chart(), 'bb', { restrictEgressToTargets: true, networkPolicy: false })).toThrow(
      '[x/bb] restrictEgressToTargets: needs the exporter\'s NetworkPolicy, which networkPolicy: false turns off; remove one of them');
    expect(() => new BlackboxExporter(chart(), 'bb', { restrictEgressToTargets: 'yes' as unknown as boolean })).toThrow(
      '[x/bb] restrictEgressToTargets: must be true or false; received "yes" (a string)');
  });
});
