// Barrel of lib/loki.
export * from './pipeline';
export * from './log-collection';
export * from './log-agent';
export * from './promtail-config';
export * from './promtail';
