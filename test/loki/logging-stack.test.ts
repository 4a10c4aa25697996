import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as yaml from 'js-yaml';
import { MonitoringChart } from '../../lib/core';
import { alloy, ILogAgent, LogAgent, LogAgentProps, LogClient, LogCollection, LoggingStack, LogPipeline, LokiStorage, PromtailAgent, Stage } from '../../lib/loki';
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

describe('LogAgent', () => {
  test('PROMTAIL and ALLOY build their agents, and an agent built directly knows its LogAgent', () => {
    const c = chart();
    const collection = new LogCollection(c, 'Logs', { clients });
    expect(LogAgent.PROMTAIL.create(c, 'ViaPromtail', { collection })).toBeInstanceOf(PromtailAgent);
    expect(LogAgent.ALLOY.create(c, 'ViaAlloy', { collection })).toBeInstanceOf(alloy.AlloyAgent);
    expect(new PromtailAgent(c, 'Promtail', { collection }).agent).toBe(LogAgent.PROMTAIL);
    expect(new alloy.AlloyAgent(c, 'Alloy', { collection }).agent).toBe(LogAgent.ALLOY);
    expect([String(LogAgent.PROMTAIL), String(LogAgent.ALLOY)]).toEqual(['promtail', 'alloy']);
  });

  test('of(): another agent, built by its own factory, switches a LoggingStack like the built-in ones', () => {
    const calls: string[] = [];
    const custom: LogAgent = LogAgent.of('custom-agent', {
      create: (scope: Construct, id: string, props: LogAgentProps): ILogAgent => {
        calls.push(`${id} ${props.collection.node.path}`);
        return new PromtailAgent(scope, id, props); // a stand-in for an agent of the app team's own
      },
    });
    const stack = new LoggingStack(chart(), 'Logging', { clients, agent: custom });
    expect(calls).toEqual(['Agent platform/Logging/Collection']);
    expect(stack.agent).toBeInstanceOf(PromtailAgent);
    expect(custom.name).toBe('custom-agent');
    expect(() => LogAgent.of('Custom Agent', { create: () => { throw new Error('never built'); } }))
      .toThrow('LogAgent name: lower-case letters, digits and \'-\'; received "Custom Agent"');
  });
});

describe('LoggingStack jobs: static files through the stack', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LogDiscovery } = require('../../lib/loki');
  const syslog = () => ({ name: 'syslog', discovery: LogDiscovery.staticFiles({ paths: ['/var/log/apps/*.log'], labels: { job: 'apps' } }), stages: [Stage.logfmt({ mapping: { level: '' } })] });

  test.each([['Promtail', LogAgent.PROMTAIL], ['Alloy', LogAgent.ALLOY]])('%s: the job reaches the config and the agent mounts its directory', (_name, agent) => {
    const c = chart();
    const stack = new LoggingStack(c, 'Logging', { clients, agent, jobs: [syslog()] });
    expect(stack.collection.jobs.map((j) => j.name)).toEqual(['kubernetes-pods', 'syslog']);
    const daemonSet = one(synth(c), 'DaemonSet');
    const volumes = daemonSet.spec.template.spec.volumes.filter((v: any) => v.hostPath).map((v: any) => v.hostPath.path);
    expect(volumes).toContain('/var/log/apps');
    expect(stack.agent.configText()).toContain('/var/log/apps/*.log');
  });

  test('a job added to the collection after the stack fails the synth, saying to give it in jobs', () => {
    const c = chart();
    const stack = new LoggingStack(c, 'Logging', { clients });
    stack.collection.addJob('late', syslog());
    expect(() => synth(c)).toThrow('[platform/Logging] jobs: the job "late" was added to the collection after the agent was built, so the agent may not mount what it reads (["/var/log/apps"]); give it in the LoggingStack\'s jobs prop instead');
  });

  test('hostLogRoots widen where the stack\'s jobs may read, and the agent mounts only what they read', () => {
    const c = chart();
    const app = { name: 'app', discovery: LogDiscovery.staticFiles({ paths: ['/srv/logs/app/*.log'], labels: { job: 'app' } }) };
    expect(() => new LoggingStack(chart(), 'Logging', { clients, jobs: [app] })).toThrow('"/srv/logs/app/*.log" is outside the collection\'s host log roots ("/var/log")');
    const stack = new LoggingStack(c, 'Logging', { clients, hostLogRoots: ['/var/log', '/srv/logs'], jobs: [app] });
    expect(stack.collection.hostLogRoots).toEqual(['/var/log', '/srv/logs']);
    const volumes = one(synth(c), 'DaemonSet').spec.template.spec.volumes.filter((v: any) => v.hostPath).map((v: any) => v.hostPath.path);
    expect(volumes).toContain('/srv/logs/app');
    expect(volumes).not.toContain('/srv/logs');
    expect(() => new LoggingStack(chart(), 'Logging', { clients, hostLogRoots: ['/etc'] })).toThrow('hostLogRoots[0]: "/etc"');
  });

  test('rejections', () => {
    expect(() => new LoggingStack(chart(), 'Logging', { clients, jobs: [{ ...syslog(), name: 'kubernetes-pods' }] }))
      .toThrow('[platform/Logging] jobs[0].name: "kubernetes-pods" is the name of another job of the stack; choose another');
    expect(() => new LoggingStack(chart(), 'Logging', { clients, jobs: 'syslog' as never })).toThrow(/^\[platform\/Logging\] jobs: must be a list/);
    expect(() => new LoggingStack(chart(), 'Logging', { clients, jobs: [{ discovery: syslog().discovery } as never] })).toThrow(/^\[platform\/Logging\] jobs\[0\]\.name: must be a string/);
    expect(() => new LoggingStack(chart(), 'Logging', { clients, jobs: [{ name: 'etc', discovery: LogDiscovery.staticFiles({ paths: ['/etc/app.log'], labels: { job: 'etc' } }) }] }))
      .toThrow(/^\[platform\/Logging\/Collection\/etc\] discovery: LogDiscovery\.staticFiles paths: "\/etc\/app\.log" is outside the collection's host log roots/);
  });
});
