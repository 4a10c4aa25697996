import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { MonitoringChart, PrometheusPods, SecretRef } from '../../lib/core';
import { BlackboxExporter, BlackboxModule, ExporterProps, NginxExporter, PostgresExporter, RedisExporter } from '../../lib/exporters';
import { LogAgent, LogAgentProps, LogClient, LogCollection, LogDiscovery, LoggingStack, LoggingStackProps } from '../../lib/loki';
import { InstanceSelectorLabels } from '../../lib/prometheus';
import { Manifest, synth } from '../util/synth';

// "Which Prometheus" scrapes a workload (ScrapeAccessProps): the pods its NetworkPolicy admits (`scrapedBy`)
// and the labels that Prometheus selects the workload's monitors by (`instanceLabels`), on every exporter
// and log agent, kube-prometheus-stack's `release: kube-prometheus-stack` unless told otherwise.

const MONITOR_KINDS = ['ServiceMonitor', 'PodMonitor', 'Probe'];
const monitors = (manifests: Manifest[]) => manifests.filter((m) => MONITOR_KINDS.includes(m.kind));
const OBS = { scrapedBy: PrometheusPods.kubePrometheusStack('observability'), instanceLabels: InstanceSelectorLabels.release('obs') };

function chart(): MonitoringChart {
  return new MonitoringChart(Testing.app(), 'x', { partOf: 'shop', namespace: 'shop' });
}

const EXPORTERS: Array<[string, (scope: Construct, props: ExporterProps) => unknown]> = [
  ['nginx', (s, p) => new NginxExporter(s, 'exporter', { scrapeUri: 'http://nginx:8080/stub_status', ...p })],
  ['redis', (s, p) => new RedisExporter(s, 'exporter', { address: 'redis:6379', ...p })],
  ['postgres', (s, p) => new PostgresExporter(s, 'exporter', { connection: SecretRef.fromSecret('db', 'dsn'), ...p })],
  ['blackbox', (s, p) => new BlackboxExporter(s, 'exporter', { modules: [BlackboxModule.http('http_2xx')], ...p })
    .addProbe('shop', { module: BlackboxModule.http('http_2xx'), targets: ['http://shop.shop.svc/health'] })],
];

describe.each(EXPORTERS)('the %s exporter', (_name, create) => {
  const build = (props: ExporterProps = {}) => {
    const c = chart();
    create(c, props);
    return synth(c);
  };

  test('its monitors carry kube-prometheus-stack\'s release label by default', () => {
    const found = monitors(build());
    expect(found.length).toBeGreaterThan(0);
    for (const m of found) expect(m.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack' });
  });

  test('instanceLabels names another Prometheus, next to scrapedBy', () => {
    const manifests = build(OBS);
    expect(monitors(manifests).map((m) => m.metadata.labels?.release)).toEqual(monitors(manifests).map(() => 'obs'));
    expect(monitors(manifests).length).toBeGreaterThan(0);
    expect(manifests.find((m) => m.kind === 'NetworkPolicy')!.spec.ingress[0].from[0].namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'observability' } });
  });

  test('bad instanceLabels fail with the path and the value', () => {
    expect(() => build({ instanceLabels: 'obs' as unknown as { [key: string]: string } })).toThrow('[x/exporter] instanceLabels: must be an object of strings');
    expect(() => build({ instanceLabels: { release: 'Not A Value!' } })).toThrow(/^\[x\/exporter\/\w+\] instanceLabels\["release"\]: .*received "Not A Value!"/);
  });
});

describe.each([LogAgent.PROMTAIL, LogAgent.ALLOY])('the %s agent', (agent) => {
  const build = (props: Partial<LogAgentProps> = {}) => {
    const c = new MonitoringChart(Testing.app(), 'x', { partOf: 'platform', namespace: 'logging' });
    const collection = new LogCollection(c, 'Logs', { clients: [LogClient.push({ url: 'http://loki:3100/loki/api/v1/push' })] });
    collection.addJob('pods', { discovery: LogDiscovery.kubernetesPods() });
    agent.create(c, 'Agent', { collection, ...props });
    return synth(c);
  };

  test('its ServiceMonitor carries kube-prometheus-stack\'s release label by default, or instanceLabels', () => {
    expect(monitors(build()).map((m) => [m.kind, m.metadata.labels?.release])).toEqual([['ServiceMonitor', 'kube-prometheus-stack']]);
    expect(monitors(build(OBS)).map((m) => [m.kind, m.metadata.labels?.release])).toEqual([['ServiceMonitor', 'obs']]);
  });

  test('bad instanceLabels fail with the path, the value and the fix', () => {
    expect(() => build({ instanceLabels: { release: 'obs' }, serviceMonitor: false })).toThrow(
      '[x/Agent] instanceLabels: only applies to the ServiceMonitor, which serviceMonitor: false turns off; remove one of them');
    expect(() => build({ instanceLabels: ['obs'] as unknown as { [key: string]: string } })).toThrow('[x/Agent] instanceLabels: must be an object of strings');
    expect(() => build({ instanceLabels: { release: 'Not A Value!' } })).toThrow(/^\[x\/Agent\/ServiceMonitor\] instanceLabels\["release"\]: .*received "Not A Value!"/);
  });
});

test('LoggingStack passes instanceLabels to its agent', () => {
  const stack = (props: Partial<LoggingStackProps>) => {
    const c = new MonitoringChart(Testing.app(), 'x', { partOf: 'platform', namespace: 'monitoring' });
    new LoggingStack(c, 'Logging', { clients: [LogClient.push({ url: 'http://loki:3100/loki/api/v1/push' })], ...props });
    return synth(c);
  };
  expect(monitors(stack({})).map((m) => m.metadata.labels?.release)).toEqual(['kube-prometheus-stack']);
  expect(monitors(stack({ instanceLabels: { release: 'obs', team: 'platform' } })).map((m) => m.metadata.labels)).toEqual([
    expect.objectContaining({ release: 'obs', team: 'platform' }),
  ]);
});
