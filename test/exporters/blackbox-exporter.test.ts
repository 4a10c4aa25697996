import { Duration, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { MonitoringChart, ValidationError } from '../../lib/core';
import { BlackboxExporter, BlackboxModule, HttpMethod, IpProtocol } from '../../lib/exporters';
import { crdSchemaErrors } from '../util/schema';
import { byKind, one, synth } from '../util/synth';
import { blackboxCheckConfig, goParsesDuration } from '../util/tools';

/** Adds `module` to a BlackboxExporter at `x/bb`. */
function inExporter(module: BlackboxModule) {
  return new BlackboxExporter(chart(), 'bb', { allowIcmp: true }).addModule(module);
}

function chart() {
  return new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'monitoring' });
}

const http2xx = () => BlackboxModule.http('http_2xx', {
  validStatusCodes: [200, 204],
  method: HttpMethod.GET,
  headers: { Accept: 'application/json' },
  failIfBodyNotMatches: ['"status":\\s*"(ok|ready)"'],
  tls: { serverName: 'api.example.com' },
  timeout: Duration.seconds(5),
});

describe('BlackboxExporter', () => {
  test('renders typed modules to blackbox.yml, which the real exporter accepts', () => {
    const c = chart();
    const bb = new BlackboxExporter(c, 'blackbox-exporter', { allowIcmp: true });
    bb.addModule(http2xx());
    bb.addModule(BlackboxModule.tcpConnect('tcp_tls', { tlsEnabled: true, tls: { insecureSkipVerify: false } }));
    bb.addModule(BlackboxModule.icmp('icmp', { preferredIpProtocol: IpProtocol.IP6 }));
    const config = one(synth(c), 'ConfigMap', 'blackbox-exporter').data['blackbox.yml'];
    expect((yaml.load(config) as any).modules.http_2xx).toEqual({
      prober: 'http',
      timeout: '5s',
      http: {
        valid_status_codes: [200, 204],
        method: 'GET',
        headers: { Accept: 'application/json' },
        follow_redirects: true,
        fail_if_body_not_matches_regexp: ['"status":\\s*"(ok|ready)"'],
        tls_config: { server_name: 'api.example.com' },
        preferred_ip_protocol: 'ip4',
      },
    });
    const check = blackboxCheckConfig(config);
    expect(check.output).toMatch(/Config file is ok|level=info/);
    expect(check.ok).toBe(true);
  });

  test('the real check is strict (sanity): an unknown field fails it', () => {
    const result = blackboxCheckConfig('modules:\n  x:\n    prober: http\n    http:\n      nonsense: 1\n');
    expect(result.ok).toBe(false);
    expect(result.output).toContain('field nonsense not found');
  });

  test('adds Probes through the Prometheus Operator Probe, pointing at its Service', () => {
    const c = chart();
    const bb = new BlackboxExporter(c, 'blackbox-exporter', { scrapeInterval: Duration.seconds(30) });
    bb.addProbe('erp-health', { module: http2xx(), targets: ['http://backend.erp.svc:8000/health/'], jobName: 'erp-health', targetLabels: { service: 'backend' } });
    const manifests = synth(c);
    const probe = one(manifests, 'Probe');
    expect(crdSchemaErrors(probe)).toEqual([]);
    expect(probe.spec).toMatchObject({
      prober: { url: 'blackbox-exporter.monitoring.svc:9115' },
      module: 'http_2xx',
      jobName: 'erp-health',
      interval: '30s',
      targets: { staticConfig: { static: ['http://backend.erp.svc:8000/health/'], labels: { service: 'backend' } } },
    });
    expect(one(manifests, 'Service', 'blackbox-exporter').spec.ports[0].port).toBe(9115);
    // The module a probe uses is in the exporter's configuration.
    expect((yaml.load(one(manifests, 'ConfigMap').data['blackbox.yml']) as any).modules).toHaveProperty('http_2xx');
  });

  test('runs as non-root without extra capabilities unless ICMP is allowed', () => {
    const plain = chart();
    new BlackboxExporter(plain, 'blackbox-exporter', { modules: [http2xx()] });
    const container = one(synth(plain), 'Deployment').spec.template.spec.containers[0];
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(container.securityContext.capabilities.add).toBeUndefined();
    const icmp = chart();
    new BlackboxExporter(icmp, 'blackbox-exporter', { modules: [BlackboxModule.icmp('icmp')], allowIcmp: true });
    expect(one(synth(icmp), 'Deployment').spec.template.spec.containers[0].securityContext.capabilities.add).toEqual(['NET_RAW']);
  });

  test('lists the probe metrics it provides', () => {
    const bb = new BlackboxExporter(chart(), 'blackbox-exporter');
    expect(bb.metrics.find((m) => m.name === 'probe_success')).toMatchObject({ type: 'gauge' });
    expect(bb.metrics.find((m) => m.name === 'probe_http_duration_seconds')?.labels).toEqual(['phase']);
  });

  test('a module used by two probes is written once', () => {
    const c = chart();
    const bb = new BlackboxExporter(c, 'blackbox-exporter');
    bb.addProbe('a', { module: http2xx(), targets: ['http://a/health'] });
    bb.addProbe('b', { module: http2xx(), targets: ['http://b/health'] });
    const manifests = synth(c);
    expect(byKind(manifests, 'Probe').length).toBe(2);
    expect(Object.keys((yaml.load(one(manifests, 'ConfigMap').data['blackbox.yml']) as any).modules)).toEqual(['http_2xx']);
  });
});

describe('BlackboxExporter rejections', () => {
  test('a status code outside 100-599', () => {
    expect(BlackboxModule.http('m', { validStatusCodes: [700] })).toBeInstanceOf(BlackboxModule);
    expect(() => inExporter(BlackboxModule.http('m', { validStatusCodes: [700] }))).toThrow(new ValidationError('modules["m"].validStatusCodes[0]: must be an integer from 100 to 599 (an HTTP status code); received 700 (a number)', 'x/bb'));
    expect(() => inExporter(BlackboxModule.http('m', { validStatusCodes: [200.5] }))).toThrow('[x/bb] modules["m"].validStatusCodes[0]: must be an integer from 100 to 599 (an HTTP status code); received 200.5');
  });

  test.each(['Authorization', 'Proxy-Authorization', 'Cookie', 'X-Api-Key', 'x-api-key', 'Api-Key', 'X-Auth-Token', 'Private-Token', 'X-Gitlab-Api-Key', 'X-Access-Token'])('a credential header: %s', (header) => {
    expect(() => inExporter(BlackboxModule.http('m', { headers: { Accept: 'application/json', [header]: 'k3y9f8e7d6c5b4a' } }))).toThrow(new ValidationError(
      `modules["m"].headers: "${header}" carries credentials, which would be written into the ConfigMap in plain text; `
      + 'probe an unauthenticated health endpoint (a BlackboxModule takes no credentials: it has no SecretRef-based authentication)', 'x/bb'));
  });

  test('ordinary headers pass', () => {
    const headers = { 'Accept': 'application/json', 'User-Agent': 'blackbox', 'X-Request-Id': 'probe', 'Host': 'shop.example.com', 'X-Forwarded-Proto': 'https' };
    expect(() => inExporter(BlackboxModule.http('m', { headers }))).not.toThrow();
  });

  test('a body expression RE2 refuses', () => {
    expect(() => inExporter(BlackboxModule.http('m', { failIfBodyNotMatches: ['(?=ok)'] }))).toThrow(/^\[x\/bb\] modules\["m"\].failIfBodyNotMatches: invalid RE2 regular expression/);
  });

  test('an invalid module name', () => {
    expect(() => inExporter(BlackboxModule.tcpConnect('bad name'))).toThrow(/^\[x\/bb\] modules: a module name must be letters, digits/);
  });

  test('TLS settings without TLS', () => {
    expect(() => new BlackboxExporter(chart(), 'bb', { modules: [BlackboxModule.tcpConnect('t', { tls: { serverName: 'x' } })] })).toThrow(/^\[x\/bb\] modules\["t"\].tls: TLS settings need tlsEnabled: true/);
  });

  test('plain-JavaScript options name the module and the field', () => {
    const js = (v: unknown) => v as any;
    expect(() => inExporter(BlackboxModule.icmp('icmp', js(null)))).toThrow('[x/bb] modules["icmp"]: options: must be an object, e.g. { timeout: Duration.seconds(5) }; received null');
    expect(() => inExporter(BlackboxModule.http('m', js({ failIfBodyMatches: 300 })))).toThrow('[x/bb] modules["m"].failIfBodyMatches: must be a list of strings');
    expect(() => inExporter(BlackboxModule.http(js(7)))).toThrow('[x/bb] modules: module name: must be a string, e.g. \'http_2xx\'; received 7 (a number)');
    expect(() => inExporter(js('http_2xx'))).toThrow('[x/bb] modules: must be a BlackboxModule, e.g. BlackboxModule.http(\'http_2xx\'); received "http_2xx"');
  });

  test('an ICMP module without allowIcmp', () => {
    const bb = new BlackboxExporter(chart(), 'blackbox-exporter');
    expect(() => bb.addModule(BlackboxModule.icmp('icmp'))).toThrow(/^\[x\/blackbox-exporter\] modules: "icmp" is an ICMP module, which needs raw sockets; create the exporter with allowIcmp: true/);
  });

  test('two different modules with one name', () => {
    const bb = new BlackboxExporter(chart(), 'blackbox-exporter');
    bb.addModule(http2xx());
    expect(() => bb.addModule(BlackboxModule.http('http_2xx'))).toThrow(/^\[x\/blackbox-exporter\] modules: a different module named "http_2xx" already exists/);
  });

  test('a module timeout of a day or more is written as Go reads it (24h, not 1d), and the real exporter accepts it', () => {
    const c = chart();
    const bb = new BlackboxExporter(c, 'blackbox-exporter');
    bb.addModule(BlackboxModule.tcpConnect('tcp_slow', { timeout: Duration.days(1) }));
    bb.addModule(BlackboxModule.tcpConnect('tcp_quick', { timeout: Duration.millis(1500) }));
    const config = one(synth(c), 'ConfigMap', 'blackbox-exporter').data['blackbox.yml'];
    expect((yaml.load(config) as any).modules.tcp_slow.timeout).toBe('24h');
    expect((yaml.load(config) as any).modules.tcp_quick.timeout).toBe('1s500ms');
    expect(blackboxCheckConfig(config)).toMatchObject({ ok: true });
    expect(goParsesDuration('1d').ok).toBe(false);
  });

  test('a scrape timeout shorter than the module timeout', () => {
    const bb = new BlackboxExporter(chart(), 'blackbox-exporter');
    expect(() => bb.addProbe('p', { module: http2xx(), targets: ['http://a/'], scrapeTimeout: Duration.seconds(2) })).toThrow(
      /^\[x\/blackbox-exporter\/p\] scrapeTimeout: must be at least the module "http_2xx"'s timeout \(5s\)/,
    );
  });

  test('an exporter without modules fails at synth', () => {
    const c = chart();
    new BlackboxExporter(c, 'blackbox-exporter');
    expect(() => synth(c)).toThrow(/modules: the blackbox exporter has no module/);
  });
});
