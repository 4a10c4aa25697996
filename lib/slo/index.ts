// Barrel of lib/slo: service level objectives with multi-window multi-burn-rate alerts.
export * from './burn-rate';
export * from './sli';
export * from './slo';
