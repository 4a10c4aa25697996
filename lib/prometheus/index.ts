// Barrel of lib/prometheus: scrape targets (ServiceMonitor, PodMonitor, Probe, ScrapeConfig), rules (PrometheusRule,
// RuleGroup, AlertingRule, RecordingRule), promtool rule tests and the alert catalogue.
// Files that also hold internal helpers are exported by name, so the helpers stay out of the public API.
export { SelectorOperator, LabelSelector, NamespaceSelector, InstanceSelectorLabels } from './selector';
export type { LabelSelectorRequirement } from './selector';
// Relabel and its options moved to lib/core, exported from the package root (log discovery uses them too).
// The names below are the same class, enum and interfaces under their old path, kept for 0.4.x.
import type { RelabelFilterOptions, RelabelOptions as CoreRelabelOptions, RelabelReplaceOptions } from '../core/relabel';
export {
  /**
   * One relabeling step (`relabel_config`).
   * @deprecated Use `Relabel` from the package root (`import { Relabel } from 'cdk8s-observability'`): the same class. Removed from `prometheus` in 0.6.0.
   */
  Relabel,
  /**
   * The action of a relabeling step.
   * @deprecated Use `RelabelAction` from the package root: the same enum. Removed from `prometheus` in 0.6.0.
   */
  RelabelAction,
} from '../core/relabel';
/**
 * Options of a generic relabeling step (`Relabel.of`).
 * @deprecated Use `RelabelOptions` from the package root: the same interface. Removed from `prometheus` in 0.6.0.
 */
export type RelabelOptions = CoreRelabelOptions;
/**
 * Options of `Relabel.replace`.
 * @deprecated Use `RelabelReplaceOptions` from the package root: the same interface. Removed from `prometheus` in 0.6.0.
 */
export type ReplaceOptions = RelabelReplaceOptions;
/**
 * Options of `Relabel.keep` and `Relabel.drop`.
 * @deprecated Use `RelabelFilterOptions` from the package root: the same interface. Removed from `prometheus` in 0.6.0.
 */
export type FilterOptions = RelabelFilterOptions;
export { Scheme } from './endpoint';
export type { TlsOptions, BasicAuthOptions, ScrapeOptions, ScrapeTargetOptions, EndpointOptions } from './endpoint';
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
export type { AlertOverride } from './alert-override';
export * from './runbook-links';
export { ScrapeProtocol } from './scrape-job';
export type { ScrapeJobOptions, BodySizeLimitOptions } from './scrape-job';
export { KubernetesRole, ScrapeTargets } from './scrape-targets';
export type { StaticTargetsOptions, FileTargetsOptions, HttpTargetsOptions, KubernetesSelectorOptions, KubernetesTargetsOptions } from './scrape-targets';
export { ScrapeConfig } from './scrape-config';
export type { ScrapeConfigProps } from './scrape-config';
