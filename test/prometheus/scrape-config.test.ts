import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration, Size, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { MonitoringApp, MonitoringChart, PrometheusOperatorVersion, PrometheusVersion, Relabel, SecretRef, TargetVersions } from '../../lib/core';
import { KubernetesRole, LabelSelector, Scheme, ScrapeConfig, ScrapeConfigProps, ScrapeProtocol, ScrapeTargets, SelectorOperator } from '../../lib/prometheus';
import { operatorScrapeConfig } from '../util/operator-config';
import { crdSchemaErrors } from '../util/schema';
import { byKind, Manifest, one, synth } from '../util/synth';
import { promtoolCheckConfig, TOOL_VERSIONS } from '../util/tools';

const chart = (targetVersions?: TargetVersions) => new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'shop', targetVersions });
const redis = () => ScrapeTargets.fromStatic({ targets: ['redis.cache.internal:9121'] });
const scrape = (props: ScrapeConfigProps, targetVersions?: TargetVersions) => new ScrapeConfig(chart(targetVersions), 'sc', { targets: [redis()], ...props });

/**
 * The `prometheus.yml` the operator would write for these ScrapeConfig objects, for a Prometheus of major version
 * `major`: one job each, in the order of their `<namespace>/<name>`.
 */
const prometheusYml = (objects: Manifest[], major: 2 | 3) => {
  const id = (o: Manifest) => `${o.metadata.namespace}/${o.metadata.name}`;
  return yaml.dump({ scrape_configs: [...objects].sort((a, b) => (id(a) < id(b) ? -1 : 1)).map((o) => operatorScrapeConfig(o, major)) });
};

/** Every object an app wrote to its output folder. */
function written(outdir: string): Manifest[] {
  return fs.readdirSync(outdir).filter((f) => f.endsWith('.yaml')).sort().flatMap((f) => yaml.loadAll(fs.readFileSync(path.join(outdir, f), 'utf8')) as Manifest[]);
}

describe('ScrapeConfig in a test app: the seeds\' static jobs for redis and postgres exporters outside the cluster', () => {
  // the seeds' prometheus.yml: `- job_name: postgres / static_configs: - targets: [...]`; alert `up{job="postgres"} == 0`
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'scrape-config-'));
  const app = new MonitoringApp({ outdir, targetVersions: { prometheus: PrometheusVersion.V2_42 } });
  const shop = new MonitoringChart(app, 'shop', { partOf: 'shop', namespace: 'shop' });
  new ScrapeConfig(shop, 'Redis', {
    name: 'redis',
    jobName: 'redis',
    targets: [ScrapeTargets.fromStatic({ targets: ['redis-0.cache.internal:9121', 'redis-1.cache.internal:9121'], labels: { service: 'redis', tier: 'cache' } })],
    interval: Duration.seconds(30),
    scrapeTimeout: Duration.seconds(10),
    metricRelabelings: [Relabel.drop({ sourceLabels: ['__name__'], regex: 'go_.*' })],
    sampleLimit: 20000,
  });
  const postgres = new ScrapeConfig(shop, 'Postgres', {
    name: 'postgres',
    jobName: 'postgres',
    scheme: Scheme.HTTPS,
    tls: { ca: SecretRef.fromSecret('exporters-ca', 'ca.crt'), serverName: 'postgres-exporter.db.internal' },
    basicAuth: { username: SecretRef.fromSecret('postgres-exporter-auth', 'username'), password: SecretRef.fromSecret('postgres-exporter-auth', 'password') },
    path: '/metrics',
    params: { collect: ['database', 'replication'] },
    relabelings: [Relabel.set('team', 'payments')],
    bodySizeLimit: Size.mebibytes(20),
  });
  postgres.addTargets(ScrapeTargets.fromStatic({ targets: ['10.20.0.5:9187'], labels: { service: 'postgres', role: 'primary' } }));
  postgres.addTargets(ScrapeTargets.fromStatic({ targets: ['10.20.0.6:9187'], labels: { service: 'postgres', role: 'replica' } }));
  app.synth();
  const objects = byKind(written(outdir), 'ScrapeConfig');

  test('the objects: the job label, the targets and their labels, selected by kube-prometheus-stack; valid against the CRD', () => {
    expect(objects.map((o) => o.metadata.name).sort()).toEqual(['postgres', 'redis']);
    const r = one(objects, 'ScrapeConfig', 'redis');
    expect(r.apiVersion).toBe('monitoring.coreos.com/v1alpha1');
    expect(r.metadata.namespace).toBe('shop');
    expect(r.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack', 'app.kubernetes.io/part-of': 'shop' });
    expect(r.spec).toEqual({
      jobName: 'redis',
      staticConfigs: [{ targets: ['redis-0.cache.internal:9121', 'redis-1.cache.internal:9121'], labels: { service: 'redis', tier: 'cache' } }],
      scrapeInterval: '30s',
      scrapeTimeout: '10s',
      metricRelabelings: [{ action: 'drop', sourceLabels: ['__name__'], regex: 'go_.*' }],
      sampleLimit: 20000,
    });
    const p = one(objects, 'ScrapeConfig', 'postgres');
    expect(p.spec).toEqual({
      jobName: 'postgres',
      scheme: 'https',
      metricsPath: '/metrics',
      params: { collect: ['database', 'replication'] },
      tlsConfig: { ca: { secret: { name: 'exporters-ca', key: 'ca.crt' } }, serverName: 'postgres-exporter.db.internal' },
      basicAuth: { username: { name: 'postgres-exporter-auth', key: 'username' }, password: { name: 'postgres-exporter-auth', key: 'password' } },
      relabelings: [{ action: 'replace', targetLabel: 'team', replacement: 'payments' }],
      bodySizeLimit: '20MiB',
      staticConfigs: [
        { targets: ['10.20.0.5:9187'], labels: { role: 'primary', service: 'postgres' } },
        { targets: ['10.20.0.6:9187'], labels: { role: 'replica', service: 'postgres' } },
      ],
    });
    for (const o of objects) expect(crdSchemaErrors(o)).toEqual([]);
  });

  test.each(TOOL_VERSIONS.map((t, i) => [t.name, i] as const))('the scrape jobs the operator generates from them load in %s, with the seed\'s job label', (_name, index) => {
    const config = prometheusYml(objects, index === 0 ? 2 : 3);
    // the operator names the job after the object and sets the seed's `job` label by relabeling
    expect(config).toContain('job_name: scrapeConfig/shop/postgres');
    expect(yaml.load(config)).toMatchObject({
      scrape_configs: [
        { job_name: 'scrapeConfig/shop/postgres', relabel_configs: [{ target_label: '__tmp_prometheus_job_name' }, { target_label: 'job', replacement: 'postgres' }, { target_label: 'team' }] },
        { job_name: 'scrapeConfig/shop/redis', relabel_configs: [{ target_label: '__tmp_prometheus_job_name' }, { target_label: 'job', replacement: 'redis' }] },
      ],
    });
    const result = promtoolCheckConfig(config, TOOL_VERSIONS[index]);
    expect(result.output).toMatch(/SUCCESS/);
  });
});

describe('ScrapeConfig with service discovery', () => {
  const c = chart();
  new ScrapeConfig(c, 'Discovered', {
    name: 'discovered',
    targets: [
      ScrapeTargets.fromFiles({ files: ['/etc/prometheus/configmaps/legacy-targets/*.json', '/etc/prometheus/configmaps/legacy-targets/extra.yaml'], refreshInterval: Duration.minutes(10) }),
      ScrapeTargets.fromHttp({
        url: 'https://inventory.shop.svc/prometheus/targets',
        refreshInterval: Duration.minutes(1),
        bearerToken: SecretRef.fromSecret('inventory', 'token'),
        tls: { ca: SecretRef.fromSecret('inventory', 'ca.crt') },
      }),
      ScrapeTargets.fromHttp({ url: 'http://inventory.shop.svc/other', basicAuth: { username: SecretRef.fromSecret('inventory', 'user'), password: SecretRef.fromSecret('inventory', 'password') } }),
    ],
    fallbackScrapeProtocol: ScrapeProtocol.PROMETHEUS_TEXT_0_0_4,
  });
  new ScrapeConfig(c, 'Kubernetes', {
    name: 'kubernetes',
    jobName: 'workers',
    targets: [
      ScrapeTargets.fromKubernetes({
        role: KubernetesRole.ENDPOINT_SLICE,
        namespaces: ['shop', 'shop-jobs'],
        attachNodeMetadata: true,
        selectors: [
          { role: KubernetesRole.SERVICE, labels: LabelSelector.matchLabels({ 'app.kubernetes.io/component': 'worker' }) },
          { role: KubernetesRole.POD, labels: LabelSelector.matchExpression({ key: 'tier', operator: SelectorOperator.IN, values: ['batch', 'stream'] }), fields: { 'status.phase': 'Running' } },
        ],
      }),
      ScrapeTargets.fromKubernetes({ role: KubernetesRole.NODE, ownNamespace: true }),
      ScrapeTargets.fromKubernetes({ role: KubernetesRole.POD, selectors: [{ role: KubernetesRole.POD, labels: LabelSelector.matchExpression({ key: 'legacy', operator: SelectorOperator.DOES_NOT_EXIST }), fields: { 'spec.nodeName': 'a,b=c' } }] }),
    ],
    relabelings: [Relabel.keep({ sourceLabels: ['__meta_kubernetes_pod_container_port_name'], regex: 'metrics' })],
  });
  const objects = byKind(synth(c), 'ScrapeConfig');

  test('renders files, HTTP and Kubernetes discovery under the CRD\'s names; valid against the CRD', () => {
    const d = one(objects, 'ScrapeConfig', 'discovered');
    expect(d.spec.fileSDConfigs).toEqual([{ files: ['/etc/prometheus/configmaps/legacy-targets/*.json', '/etc/prometheus/configmaps/legacy-targets/extra.yaml'], refreshInterval: '10m' }]);
    expect(d.spec.httpSDConfigs).toEqual([
      {
        url: 'https://inventory.shop.svc/prometheus/targets',
        refreshInterval: '1m',
        authorization: { type: 'Bearer', credentials: { name: 'inventory', key: 'token' } },
        tlsConfig: { ca: { secret: { name: 'inventory', key: 'ca.crt' } } },
      },
      { url: 'http://inventory.shop.svc/other', basicAuth: { username: { name: 'inventory', key: 'user' }, password: { name: 'inventory', key: 'password' } } },
    ]);
    expect(d.spec.fallbackScrapeProtocol).toBe('PrometheusText0.0.4');
    const k = one(objects, 'ScrapeConfig', 'kubernetes');
    expect(k.spec.kubernetesSDConfigs).toEqual([
      {
        role: 'EndpointSlice',
        namespaces: { names: ['shop', 'shop-jobs'] },
        attachMetadata: { node: true },
        selectors: [
          { role: 'Service', label: 'app.kubernetes.io/component=worker' },
          { role: 'Pod', label: 'tier in (batch,stream)', field: 'status.phase=Running' },
        ],
      },
      { role: 'Node', namespaces: { ownNamespace: true } },
      { role: 'Pod', selectors: [{ role: 'Pod', label: '!legacy', field: 'spec.nodeName=a\\,b\\=c' }] },
    ]);
    for (const o of objects) expect(crdSchemaErrors(o)).toEqual([]);
  });

  test('the scrape jobs load in promtool 3.5 (label and field selectors parsed by Prometheus)', () => {
    const result = promtoolCheckConfig(prometheusYml(objects, 3), TOOL_VERSIONS[1]);
    expect(result.output).toMatch(/SUCCESS/);
  });

  test('file and HTTP discovery load in promtool 2.42 (Debian\'s 2.42 is built without Kubernetes discovery)', () => {
    const bookworm = TOOL_VERSIONS[0];
    const discovered = one(objects, 'ScrapeConfig', 'discovered');
    // fallback_scrape_protocol is a 3.0 field: this object is built for the default target
    const withoutFallback = { ...discovered, spec: { ...discovered.spec, fallbackScrapeProtocol: undefined } };
    expect(promtoolCheckConfig(prometheusYml([withoutFallback], 2), bookworm).output).toMatch(/SUCCESS/);
    // why the Kubernetes discovery is checked with 3.5 only: the Debian build refuses the section itself
    expect(promtoolCheckConfig(prometheusYml([one(objects, 'ScrapeConfig', 'kubernetes')], 2), bookworm).output).toMatch(/field kubernetes_sd_configs not found in type config.ScrapeConfig/);
  });

  test('Prometheus refuses what the library refuses: a target with a path, a selector of another role', () => {
    const lts = TOOL_VERSIONS[1];
    const base = one(objects, 'ScrapeConfig', 'kubernetes');
    const withPath = { ...base, spec: { staticConfigs: [{ targets: ['redis.cache.internal:9121/metrics'] }] } };
    expect(promtoolCheckConfig(prometheusYml([withPath], 3), lts).output).toMatch(/is not a valid hostname/);
    expect(() => scrape({ targets: [ScrapeTargets.fromStatic({ targets: ['redis.cache.internal:9121/metrics'] })] }))
      .toThrow('[x/sc] staticConfigs[0]: fromStatic targets[0]: must be host:port, e.g. "redis.shop.svc:9121", without scheme or path (set the ScrapeConfig\'s scheme and path instead); received "redis.cache.internal:9121/metrics"');
    const ingressFromPod = { ...base, spec: { kubernetesSDConfigs: [{ role: 'Pod', selectors: [{ role: 'Ingress', label: 'a=b' }] }] } };
    expect(promtoolCheckConfig(prometheusYml([ingressFromPod], 3), lts).output).toMatch(/FAILED: .*pod role supports only pod selectors/);
    expect(() => scrape({ targets: [ScrapeTargets.fromKubernetes({ role: KubernetesRole.POD, selectors: [{ role: KubernetesRole.INGRESS, labels: LabelSelector.matchLabels({ a: 'b' }) }] })] }))
      .toThrow('[x/sc] kubernetesSDConfigs[0]: fromKubernetes selectors[0].role: a discovery of role Pod takes selectors of role Pod only; received Ingress');
  });
});

describe('ScrapeConfig: what it refuses', () => {
  test('a ScrapeConfig without targets fails at synth', () => {
    const c = chart();
    new ScrapeConfig(c, 'Empty');
    expect(() => synth(c)).toThrow('[x/Empty] targets: a ScrapeConfig needs targets (addTargets(ScrapeTargets.fromStatic({ targets: [\'host:9100\'] })), or files, HTTP or Kubernetes discovery)');
  });

  test('static targets: host:port with an explicit port, no scheme or path, no duplicates; valid label names', () => {
    const targets = (list: string[], labels?: { [k: string]: string }) => () => scrape({ targets: [ScrapeTargets.fromStatic({ targets: list, labels })] });
    expect(targets(['http://redis:9121'])).toThrow('[x/sc] staticConfigs[0]: fromStatic targets[0]: must be host:port, e.g. "redis.shop.svc:9121", without scheme or path (set the ScrapeConfig\'s scheme and path instead); received "http://redis:9121"');
    expect(targets(['redis.cache.internal'])).toThrow('[x/sc] staticConfigs[0]: fromStatic targets[0]: must be host:port with an explicit port, e.g. "redis.shop.svc:9121" (a bracketed IPv6 address: "[::1]:9090"): '
      + 'Prometheus 2 adds the scheme\'s default port to the instance label and Prometheus 3 does not; received "redis.cache.internal"');
    expect(targets(['::1:9090'])).toThrow('[x/sc] staticConfigs[0]: fromStatic targets[0]: must be host:port with an explicit port');
    expect(targets(['redis cache:9121'])).toThrow('[x/sc] staticConfigs[0]: fromStatic targets[0]: the host must be a DNS name (letters, digits, \'-\', \'_\', \'.\') or an IP address, e.g. "redis.shop.svc:9121"; received "redis cache:9121"');
    expect(targets(['redis:0'])).toThrow('[x/sc] staticConfigs[0]: fromStatic targets[0]: the port must be a number from 1 to 65535, e.g. "redis.shop.svc:9121"; received "redis:0"');
    expect(targets(['redis:65536'])).toThrow('the port must be a number from 1 to 65535');
    expect(targets(['redis:'])).toThrow('the port must be a number from 1 to 65535');
    expect(targets([])).toThrow('[x/sc] staticConfigs[0]: fromStatic targets: give at least one host:port target');
    expect(targets(['a:1', 'b:2', 'a:1'])).toThrow('[x/sc] staticConfigs[0]: fromStatic targets: "a:1" is listed twice');
    expect(targets(['a:1'], { 'service-name': 'x' })).toThrow('[x/sc] staticConfigs[0]: fromStatic labels name: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received "service-name"');
    expect(targets(['a:1'], { __scheme__: 'https' })).toThrow('[x/sc] staticConfigs[0]: fromStatic labels name: names starting with "__" are reserved for Prometheus internal use; received "__scheme__"');
    expect(targets(['[::1]:9090', '10.0.0.1:80', 'redis_cache.internal:1'])).not.toThrow();
  });

  test('files: absolute .json/.yml/.yaml paths, one "*" in the last element; refresh interval above 0', () => {
    const files = (list: string[], refreshInterval?: Duration) => () => scrape({ targets: [ScrapeTargets.fromFiles({ files: list, refreshInterval })] });
    expect(files(['targets/*.json'])).toThrow('[x/sc] fileSDConfigs[0]: fromFiles files[0]: must be an absolute path in the Prometheus container, without white space (the operator does not say which directory relative paths start from); received "targets/*.json"');
    expect(files(['/etc/prometheus/targets.txt'])).toThrow('[x/sc] fileSDConfigs[0]: fromFiles files[0]: must name .json, .yml or .yaml files, with at most one "*" and only in the last path element (Prometheus\' rule); received "/etc/prometheus/targets.txt"');
    expect(files(['/etc/*/targets.json'])).toThrow('fromFiles files[0]: must name .json, .yml or .yaml files');
    expect(files([])).toThrow('[x/sc] fileSDConfigs[0]: fromFiles files: give at least one file');
    expect(files(['/a.json', '/a.json'])).toThrow('[x/sc] fileSDConfigs[0]: fromFiles files: "/a.json" is listed twice');
    expect(files(['/a.json'], Duration.seconds(0))).toThrow('[x/sc] fileSDConfigs[0]: fromFiles refreshInterval: must be longer than 0s; received 0s');
  });

  test('HTTP discovery: an http(s) URL with a host; one authentication method; TLS with https only', () => {
    const http = (options: object) => () => scrape({ targets: [ScrapeTargets.fromHttp({ url: 'https://sd.shop.svc/targets', ...options })] });
    expect(http({ url: 'sd.shop.svc/targets' })).toThrow('[x/sc] httpSDConfigs[0]: fromHttp url: must be an absolute http:// or https:// URL with a host; received "sd.shop.svc/targets"');
    expect(http({ url: 'ftp://sd.shop.svc/targets' })).toThrow('fromHttp url: must be an absolute http:// or https:// URL with a host');
    expect(http({ url: 'http://sd.shop.svc/targets', tls: { ca: SecretRef.fromSecret('ca', 'ca.crt') } }))
      .toThrow('[x/sc] httpSDConfigs[0]: fromHttp tls: TLS settings need an https:// URL, otherwise Prometheus fetches over plain HTTP and ignores them; received "http://sd.shop.svc/targets"');
    expect(http({ bearerToken: SecretRef.fromSecret('t', 'token'), basicAuth: { username: SecretRef.fromSecret('a', 'u'), password: SecretRef.fromSecret('a', 'p') } }))
      .toThrow('[x/sc] httpSDConfigs[0]: fromHttp bearerToken: cannot be combined with basicAuth (the operator allows one authentication method); remove one');
    expect(http({ tls: { ca: SecretRef.fromFile('/etc/ssl/ca.crt') } })).toThrow('[x/sc] httpSDConfigs[0]: fromHttp tls.ca: this resource reads TLS material only from Secrets (SecretRef.fromSecret); received file /etc/ssl/ca.crt');
    expect(http({ bearerToken: SecretRef.fromSecret('Bad_Name', 'token') })).toThrow('[x/sc] httpSDConfigs[0]: fromHttp bearerToken: secret name: must be a DNS-1123 subdomain');
  });

  test('Kubernetes discovery: selector roles the role allows, one per role, each filtering; node metadata for pods and endpoints only', () => {
    const k8s = (options: object) => () => scrape({ targets: [ScrapeTargets.fromKubernetes({ role: KubernetesRole.POD, ...options })] });
    const labels = LabelSelector.matchLabels({ app: 'redis' });
    expect(k8s({ role: 'pod' })).toThrow('[x/sc] kubernetesSDConfigs[0]: fromKubernetes role: must be a KubernetesRole (KubernetesRole.POD, KubernetesRole.SERVICE, KubernetesRole.ENDPOINTS, '
      + 'KubernetesRole.ENDPOINT_SLICE, KubernetesRole.NODE, KubernetesRole.INGRESS); received "pod"');
    expect(k8s({ selectors: [{ role: KubernetesRole.POD, labels }, { role: KubernetesRole.POD, fields: { 'spec.nodeName': 'n' } }] }))
      .toThrow('[x/sc] kubernetesSDConfigs[0]: fromKubernetes selectors[1].role: there is already a selector of role Pod; merge them (one selector per role)');
    expect(k8s({ selectors: [{ role: KubernetesRole.POD }] })).toThrow('[x/sc] kubernetesSDConfigs[0]: fromKubernetes selectors[0]: give labels or fields to filter by; a selector without either selects every object of its role');
    expect(k8s({ selectors: [{ role: KubernetesRole.POD, labels: { app: 'redis' } }] })).toThrow('[x/sc] kubernetesSDConfigs[0]: fromKubernetes selectors[0].labels: must be a LabelSelector, e.g. LabelSelector.matchLabels({ app: \'redis\' }); received {"app":"redis"}');
    expect(k8s({ selectors: [{ role: KubernetesRole.POD, labels: LabelSelector.matchLabels({ 'bad key!': 'x' }) }] })).toThrow('[x/sc] kubernetesSDConfigs[0]: fromKubernetes selectors[0].labels: selector matchLabels key: must be an optional DNS subdomain prefix');
    expect(k8s({ selectors: [{ role: KubernetesRole.POD, fields: { 'spec node': 'n' } }] }))
      .toThrow('[x/sc] kubernetesSDConfigs[0]: fromKubernetes selectors[0].fields: field names are paths such as "spec.nodeName" or "metadata.name"; received "spec node"');
    expect(k8s({ role: KubernetesRole.SERVICE, attachNodeMetadata: true }))
      .toThrow('[x/sc] kubernetesSDConfigs[0]: fromKubernetes attachNodeMetadata: node metadata is attached to the Pod, Endpoints and EndpointSlice roles only (the operator ignores it for Service); remove it');
    expect(k8s({ namespaces: ['Shop'] })).toThrow('[x/sc] kubernetesSDConfigs[0]: fromKubernetes namespaces[0]: must be a DNS-1123 label');
    expect(k8s({ namespaces: ['shop', 'shop'] })).toThrow('[x/sc] kubernetesSDConfigs[0]: fromKubernetes namespaces: "shop" is listed twice');
    expect(k8s({ namespaces: [] })).toThrow('[x/sc] kubernetesSDConfigs[0]: fromKubernetes namespaces: an empty list watches every namespace; leave it out for that, or name the namespaces');
  });

  test('the job: a job label, a path, TLS with https, one authentication method, a timeout within the interval, Secrets only', () => {
    expect(() => scrape({ jobName: '' })).toThrow('[x/sc] jobName: must be a non-empty label value without surrounding white space; received ""');
    expect(() => scrape({ path: 'metrics' })).toThrow('[x/sc] path: must start with "/" and contain no white space; received "metrics"');
    expect(() => scrape({ tls: { ca: SecretRef.fromSecret('ca', 'ca.crt') } })).toThrow('[x/sc] tls: TLS settings need scheme: Scheme.HTTPS, otherwise Prometheus scrapes over plain HTTP and ignores them; received scheme "http"');
    expect(() => scrape({ scheme: Scheme.HTTPS, tls: { cert: SecretRef.fromSecret('c', 'tls.crt'), key: SecretRef.fromFile('/etc/tls.key') } }))
      .toThrow('[x/sc] tls.key: this resource reads TLS material only from Secrets (SecretRef.fromSecret); received file /etc/tls.key');
    expect(() => scrape({ bearerToken: SecretRef.fromSecret('t', 'token'), basicAuth: { username: SecretRef.fromSecret('a', 'u'), password: SecretRef.fromSecret('a', 'p') } }))
      .toThrow('[x/sc] bearerToken: cannot be combined with basicAuth (the operator allows one authentication method); remove one');
    expect(() => scrape({ interval: Duration.seconds(15), scrapeTimeout: Duration.seconds(20) })).toThrow('[x/sc] scrapeTimeout: must not be longer than the scrape interval (15s), which the Prometheus Operator rejects; received 20s');
    expect(() => scrape({ name: 'Redis' })).toThrow('[x/sc] name: must be a DNS-1123 subdomain');
    // plain JavaScript: credentials are SecretRefs, never strings
    const js = (props: object) => props as ScrapeConfigProps;
    expect(() => scrape(js({ bearerToken: 'eyJhbGciOi' }))).toThrow('[x/sc] bearerToken: must be a SecretRef (SecretRef.fromSecret(name, key)), so that no credential is written to the output; received a plain string');
    expect(() => scrape(js({ basicAuth: { username: SecretRef.fromSecret('a', 'u'), password: 'hunter2' } })))
      .toThrow('[x/sc] basicAuth.password: must be a SecretRef (SecretRef.fromSecret(name, key)), so that no credential is written to the output; received a plain string');
    expect(() => scrape(js({ basicAuth: 'user:pass' }))).toThrow('[x/sc] basicAuth: must be an object, e.g. { username: SecretRef.fromSecret(\'auth\', \'username\'), password: SecretRef.fromSecret(\'auth\', \'password\') }; received "user:pass" (a string)');
    expect(() => scrape(js({ scheme: Scheme.HTTPS, tls: { ca: { name: 'ca', key: 'ca.crt' } } }))).toThrow('[x/sc] tls.ca: must be a SecretRef (SecretRef.fromSecret(name, key)), so that no credential is written to the output; received {"name":"ca","key":"ca.crt"}');
    expect(() => scrape({ metricRelabelings: [Relabel.set('bad-name', 'x')] })).toThrow('[x/sc] metricRelabelings[0]: relabel replace targetLabel:');
    const sc = scrape({});
    expect(() => sc.addTargets({ targets: ['a:1'] } as unknown as ScrapeTargets)).toThrow('[x/sc] targets: must be ScrapeTargets, e.g. ScrapeTargets.fromStatic({ targets: [\'redis.shop.svc:9121\'] }); received {"targets":["a:1"]}');
  });

  test('fields newer than the targeted Prometheus or Prometheus Operator, with the release that introduced them', () => {
    const operator = (v: string) => ({ prometheusOperator: PrometheusOperatorVersion.of(v) });
    expect(() => scrape({}, operator('0.64'))).toThrow('[x/sc] ScrapeConfig: needs Prometheus Operator 0.65 or later; the chart targets Prometheus Operator 0.64 (targetVersions.prometheusOperator), whose CRDs do not have the ScrapeConfig kind');
    expect(() => scrape({ jobName: 'redis' }, operator('0.74'))).toThrow('[x/sc] jobName: needs Prometheus Operator 0.75 or later');
    expect(() => scrape({ basicAuth: { username: SecretRef.fromSecret('a', 'u'), password: SecretRef.fromSecret('a', 'p') } }, operator('0.65'))).toThrow('[x/sc] basicAuth: needs Prometheus Operator 0.66 or later');
    expect(() => scrape({ interval: Duration.seconds(30) }, operator('0.66'))).toThrow('[x/sc] interval: needs Prometheus Operator 0.67 or later');
    expect(() => scrape({ sampleLimit: 10 }, operator('0.66'))).toThrow('[x/sc] sampleLimit: needs Prometheus Operator 0.67 or later');
    expect(() => scrape({ metricRelabelings: [Relabel.labelDrop('x')] }, operator('0.67'))).toThrow('[x/sc] metricRelabelings: needs Prometheus Operator 0.68 or later');
    expect(() => scrape({ bodySizeLimit: Size.mebibytes(1) }, operator('0.88'))).toThrow('[x/sc] bodySizeLimit: needs Prometheus Operator 0.89 or later');
    expect(() => scrape({ targets: [ScrapeTargets.fromKubernetes({ role: KubernetesRole.POD })] }, operator('0.69')))
      .toThrow('[x/sc] kubernetesSDConfigs[0].role: needs Prometheus Operator 0.70 or later; the chart targets Prometheus Operator 0.69 (targetVersions.prometheusOperator), whose CRDs do not have the role Pod');
    expect(() => scrape({ targets: [ScrapeTargets.fromKubernetes({ role: KubernetesRole.NODE, namespaces: ['shop'] })] }, operator('0.70')))
      .toThrow('[x/sc] kubernetesSDConfigs[0].namespaces: needs Prometheus Operator 0.71 or later');
    expect(() => scrape({ targets: [ScrapeTargets.fromHttp({ url: 'https://sd/x', tls: { ca: SecretRef.fromSecret('ca', 'ca.crt') } })] }, operator('0.66')))
      .toThrow('[x/sc] httpSDConfigs[0].tls: needs Prometheus Operator 0.67 or later');
    expect(() => scrape({ fallbackScrapeProtocol: ScrapeProtocol.PROMETHEUS_TEXT_0_0_4 }, { prometheus: PrometheusVersion.V2_42 }))
      .toThrow('[x/sc] fallbackScrapeProtocol: needs Prometheus 3.0 or later; the chart targets Prometheus 2.42');
    // the oldest release of each field, accepted
    expect(() => scrape({ jobName: 'redis', sampleLimit: 10, metricRelabelings: [Relabel.labelDrop('x')] }, operator('0.75'))).not.toThrow();
    expect(() => scrape({ targets: [ScrapeTargets.fromStatic({ targets: ['a:1'] })] }, operator('0.65'))).not.toThrow();
  });
});
