import { Testing } from 'cdk8s';
import { MonitoringChart, PrometheusPods } from '../../lib/core';
import { LogAgent, LogAgentProps, LogClient, LogCollection, LogDiscovery, LoggingStack } from '../../lib/loki';
import { byKind, Manifest, one, synth } from '../util/synth';

// Both agents (and the LoggingStack that creates one) get the same NetworkPolicy: ingress from the
// Prometheus pods only, on the agent's HTTP (metrics) port.

const PORTS: { [agent: string]: number } = { promtail: 3101, alloy: 12345 };

function build(agent: LogAgent, props: Partial<LogAgentProps> = {}): Manifest[] {
  const chart = new MonitoringChart(Testing.app(), 'x', { partOf: 'platform', namespace: 'logging' });
  const collection = new LogCollection(chart, 'Logs', { clients: [LogClient.push({ url: 'http://loki:3100/loki/api/v1/push' })] });
  collection.addJob('pods', { discovery: LogDiscovery.kubernetesPods() });
  agent.create(chart, 'Agent', { collection, ...props });
  return synth(chart);
}

describe.each([LogAgent.PROMTAIL, LogAgent.ALLOY])('the NetworkPolicy of %s', (agent) => {
  test('selects the agent pods and admits only kube-prometheus-stack\'s Prometheus, on the metrics port', () => {
    const manifests = build(agent);
    const policy = one(manifests, 'NetworkPolicy');
    expect(policy.metadata.namespace).toBe('logging');
    expect(policy.metadata.labels).toMatchObject({ 'app.kubernetes.io/part-of': 'platform', 'app.kubernetes.io/managed-by': 'cdk8s-observability' });
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: one(manifests, 'DaemonSet').spec.selector.matchLabels },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
        ports: [{ port: PORTS[agent.name], protocol: 'TCP' }],
      }],
    });
    // the pod's metrics port is the one admitted
    expect(one(manifests, 'DaemonSet').spec.template.spec.containers[0].ports[0].containerPort).toBe(PORTS[agent.name]);
  });

  test('scrapedBy names another Prometheus', () => {
    const policy = one(build(agent, { scrapedBy: PrometheusPods.select({ namespace: 'observability', labels: { 'app.kubernetes.io/name': 'vmagent', tier: 'scrape' } }) }), 'NetworkPolicy');
    expect(policy.spec.ingress[0].from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'vmagent', tier: 'scrape' } },
    }]);
  });

  test('networkPolicy: false leaves it out', () => {
    expect(byKind(build(agent, { networkPolicy: false }), 'NetworkPolicy')).toEqual([]);
  });

  test('rejections name the agent path, the value and the fix', () => {
    expect(() => build(agent, { scrapedBy: PrometheusPods.kubePrometheusStack('Monitoring') })).toThrow(
      '[x/Agent] scrapedBy: PrometheusPods namespace: must be a DNS-1123 label (lower-case alphanumerics and \'-\', at most 63 characters, alphanumeric at both ends); received "Monitoring"');
    expect(() => build(agent, { scrapedBy: PrometheusPods.select({ namespace: 'monitoring', labels: {} }) })).toThrow(
      '[x/Agent] scrapedBy: PrometheusPods labels: give at least one label (e.g. { \'app.kubernetes.io/name\': \'prometheus\' }); an empty selector admits every pod of namespace "monitoring"');
    expect(() => build(agent, { scrapedBy: PrometheusPods.kubePrometheusStack(), networkPolicy: false })).toThrow(
      '[x/Agent] scrapedBy: only applies to the NetworkPolicy, which networkPolicy: false turns off; remove one of them');
    expect(() => build(agent, { scrapedBy: { namespace: 'monitoring', labels: {} } as unknown as PrometheusPods })).toThrow(
      '[x/Agent] scrapedBy: must be a PrometheusPods, e.g. PrometheusPods.kubePrometheusStack(); received {"namespace":"monitoring","labels":{}}');
    expect(() => build(agent, { networkPolicy: 'no' as unknown as boolean })).toThrow('[x/Agent] networkPolicy: must be true or false; received "no" (a string)');
  });
});

test('LoggingStack passes scrapedBy and networkPolicy to its agent', () => {
  const stack = (props: { scrapedBy?: PrometheusPods; networkPolicy?: boolean }) => {
    const chart = new MonitoringChart(Testing.app(), 'x', { partOf: 'platform', namespace: 'monitoring' });
    new LoggingStack(chart, 'Logging', { clients: [LogClient.push({ url: 'http://loki:3100/loki/api/v1/push' })], ...props });
    return synth(chart);
  };
  expect(one(stack({ scrapedBy: PrometheusPods.kubePrometheusStack('prom') }), 'NetworkPolicy').spec.ingress[0].from[0].namespaceSelector)
    .toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'prom' } });
  expect(byKind(stack({ networkPolicy: false }), 'NetworkPolicy')).toEqual([]);
});
