import { Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { MonitoringChart } from '../../lib/core';
import { LogAgent, LogClient, LoggingStack, LogPipeline, LokiStorage, PromtailAgent, Stage } from '../../lib/loki';
import { byKind, one, synth } from '../util/synth';

function chart(): MonitoringChart {
  return new MonitoringChart(Testing.app(), 'platform', { partOf: 'platform', namespace: 'logging' });
}
const clients = [LogClient.push({ url: 'http://loki:3100/loki/api/v1/push' })];

describe('LoggingStack', () => {
  test('the agent prop switches agents over the same collection; Alloy is the default', () => {
    const a = chart();
    const alloy = new LoggingStack(a, 'Logging', { clients });
    expect(alloy.agent.agent).toBe(LogAgent.ALLOY);
    const p = chart();
    const promtail = new LoggingStack(p, 'Logging', { clients, agent: LogAgent.PROMTAIL });
    expect(promtail.agent).toBeInstanceOf(PromtailAgent);
    for (const c of [a, p]) expect(byKind(synth(c), 'DaemonSet')).toHaveLength(1);
  });

  test('pipelines reach the agent config; the pod job starts with cri; Loki config is optional', () => {
    const c = chart();
    const stack = new LoggingStack(c, 'Logging', { clients, agent: LogAgent.PROMTAIL, loki: { storage: LokiStorage.filesystem(), name: 'loki' } });
    stack.addPipeline(LogPipeline.of({ name: 'erp', selector: '{namespace="erp"}', stages: [Stage.logfmt({ mapping: { level: '' } })] }));
    const manifests = synth(c);
    const promtail = yaml.load(stack.agent.configText()) as any;
    expect(promtail.scrape_configs[0].pipeline_stages.map((s: any) => Object.keys(s)[0])).toEqual(['cri', 'match']);
    expect(one(manifests, 'ConfigMap', 'loki').data['config.yaml']).toContain('schema: v13');
    expect(new LoggingStack(chart(), 'Logging', { clients }).loki).toBeUndefined();
  });

  test('a pipeline rejected by the job names the stack path', () => {
    const stack = new LoggingStack(chart(), 'Logging', { clients, agent: LogAgent.PROMTAIL });
    const p = LogPipeline.of({ name: 'erp', stages: [Stage.logfmt({ mapping: { level: '' } })] });
    stack.addPipeline(p);
    expect(() => stack.addPipeline(p)).toThrow('[platform/Logging/Collection/kubernetes-pods] pipelines["erp"]: a pipeline of this name is already in the job');
  });
});
