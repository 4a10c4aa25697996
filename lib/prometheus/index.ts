// Barrel of lib/prometheus: scrape targets (ServiceMonitor, PodMonitor, Probe), rules (PrometheusRule,
// RuleGroup, AlertingRule, RecordingRule), promtool rule tests and the alert catalogue.
// Files that also hold @internal helpers are exported by name, so the helpers stay out of the public API.
export { SelectorOperator, LabelSelector, NamespaceSelector, InstanceSelectorLabels } from './selector';
export type { LabelSelectorRequirement } from './selector';
export * from './relabel';
export { Scheme } from './endpoint';
export type { TlsOptions, BasicAuthOptions, ScrapeOptions, EndpointOptions } from './endpoint';
export { ServiceMonitor } from './service-monitor';
export type { MonitorOptions, ServiceMonitorOptions, ServiceMonitorProps } from './service-monitor';
export * from './pod-monitor';
export * from './probe';
export { RuleTest } from './rule-test';
export type {
  InputSeries, RuleTestOptions, ExpectedAlert, AlertExpectation, AlertTestOptions, ExpectedSample, SampleExpectation, RecordTestOptions,
} from './rule-test';
export { AlertingRule } from './alerting-rule';
export type { AlertingRuleOptions, AlertingRuleProps } from './alerting-rule';
export * from './recording-rule';
export * from './rule-group';
export * from './prometheus-rule';
export * from './rule-tests';
export * from './alert-catalogue';
export * from './runbook-links';
