// Barrel of lib/loki.
export * from './pipeline';
export * from './log-collection';
export * from './log-agent';
export * from './promtail-config';
export * from './promtail';
export * from './loki-config';
export * from './loki-rule';
export * from './log-queries';
export * from './logging-stack';
export * as alloy from './alloy';
