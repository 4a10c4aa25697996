// The public API. Core value types are exported flat; each domain is a namespace, so that names such
// as `Rule` or `Receiver` never clash across domains (`prometheus.AlertingRule`, `alertmanager.Route`).
export * from './core';
export * as prometheus from './prometheus';
export * as alertmanager from './alertmanager';
export * as grafana from './grafana';
export * as loki from './loki';
export * as slo from './slo';
export * as exporters from './exporters';
export * as catalogue from './catalogue';
export * as app from './app';
