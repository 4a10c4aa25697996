// Barrel of lib/loki/alloy: the Grafana Alloy log agent and its configuration-syntax writer. The agent's
// construct, `AlloyAgent`, is declared with the other agents and `LogAgent` in lib/loki/log-agent.ts (they
// refer to each other); its defaults, source and renderer are here.
export * from './syntax';
export * from './source';
export * from './defaults';
export { AlloyAgent } from '../log-agent';
export type { AlloyAgentProps } from '../log-agent';
export { AlloyLogConfig } from './render';
export type { AlloyRenderOptions } from './render';
