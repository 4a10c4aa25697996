// The public API: what an app team uses. Each domain is a namespace, so that names such as `Rule` or
// `Receiver` never clash across domains (`prometheus.AlertingRule`, `alertmanager.Route`); the root holds
// the app and its charts, the value types every domain takes, errors and warnings, and target versions.
// The core layer's plumbing (quote, Serialize, Validate...) is imported by the layers from lib/core and is
// not listed here. test/api/shipped-api.test.ts holds the reviewed list of these names: a new root export
// fails it until it is added there.
import { Serialize as CoreSerialize } from './core/serialize';
import { Validate as CoreValidate } from './core/validate';

export * as prometheus from './prometheus';
export * as alertmanager from './alertmanager';
export * as grafana from './grafana';
export * as loki from './loki';
export * as slo from './slo';
export * as exporters from './exporters';
export * as catalogue from './catalogue';
export * as app from './app';

// the app and its charts
export { MonitoringApp, MonitoringChart, StandardLabels } from './core';
export type { MonitoringAppProps } from './core';
export type { MonitoringChartProps } from './core';
// target versions
export { AlertmanagerVersion, GrafanaVersion, LokiVersion, PrometheusOperatorVersion, PrometheusVersion } from './core';
export type { TargetVersions } from './core';
// value types
export { LogQL, PrometheusDuration, PromQL, Re2Regex, SecretRef, Severity } from './core';
export type { PromQLParseOptions, Re2RegexOptions } from './core';
// relabeling steps, of scrape objects and log discovery alike
export { Relabel, RelabelAction } from './core';
export type { RelabelFilterOptions, RelabelOptions, RelabelReplaceOptions } from './core';
// who may scrape the exporters and agents (their NetworkPolicies)
export { PrometheusPods } from './core';
export type { PrometheusPodsOptions, ScrapeAccessProps } from './core';
// credentials given as plain strings: the scan of the output and its per-field acknowledgements
export { SecretScan } from './core';
export type { SecretScanFinding } from './core';
// errors and warnings
export { SynthWarnings, ValidationError } from './core';
export type { SynthWarning } from './core';
// the queries each construct holds, with its path, found by walking the construct tree
export { ConstructQueries } from './core';
export type { RecordedLogQL, RecordedPromQL } from './core';

// deprecated, removed in 0.6.0
export { QueryRegistry, Synthesizer } from './core';
export type { SynthesizedFile, SynthOptions } from './core';

/**
 * Stable serialization of embedded payloads: object keys sorted, `undefined` dropped, fixed indentation.
 * @deprecated internal to the library (constructs serialize their own payloads); to write a payload of
 * your own, `JSON.stringify` or cdk8s' `Yaml.stringify`. Removed from the package root in 0.6.0.
 */
export class Serialize extends CoreSerialize {}

/**
 * Name rules of Prometheus and Kubernetes, exactly as those systems apply them.
 * @deprecated internal to the library: every construct and value type checks the names it is given, with
 * its path in the message. Removed from the package root in 0.6.0.
 */
export class Validate extends CoreValidate {}
