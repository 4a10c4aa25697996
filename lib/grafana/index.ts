// Grafana: typed dashboards as code, shipped as ConfigMaps (and GrafanaDashboard resources).
export * from './units';
export * from './thresholds';
export * from './datasource';
export * from './query';
export * from './variable';
export * from './layout';
export * from './link';
export * from './annotation';
export * from './panels';
export * from './row';
export * from './delivery';
export * from './dashboard';
export * from './datasource-provisioning';
export * from './red';
export * from './use';
export * from './logs';
export * from './slo';
