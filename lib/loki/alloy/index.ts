// Barrel of lib/loki/alloy: the Grafana Alloy log agent and its configuration-syntax writer.
// `LogAgent.ALLOY` (lib/loki/log-agent.ts) loads `AlloyAgent` from here.
export * from './syntax';
export * from './source';
export * from './agent';
export { AlloyLogConfig } from './render';
export type { AlloyRenderOptions } from './render';
