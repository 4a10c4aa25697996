// Barrel of lib/loki.
export * from './pipeline';
export * from './log-collection';
export type { LogAgentProps } from './log-agent-props';
// log-agent.ts also holds AlloyAgent, which is exported by the alloy namespace only (loki.alloy.AlloyAgent)
export { LogAgent, PromtailAgent } from './log-agent';
export type { ILogAgent, ILogAgentFactory, PromtailAgentProps } from './log-agent';
export * from './promtail-config';
export * from './loki-config';
export * from './loki-rule';
export * from './log-queries';
export * from './logging-stack';
export * as alloy from './alloy';
