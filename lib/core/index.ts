// Barrel of lib/core: what the layers above import from the core layer, plumbing included (quote,
// Serialize, Validate...). It is not the package root: lib/index.ts lists, by name, what app teams get.
export * from './errors';
export * from './duration-format';
export * from './validate';
export * from './expressions';
export * from './regex';
export * from './secret-ref';
export { SecretScan } from './secret-scan';
export type { SecretScanFinding } from './secret-scan';
export * from './severity';
export * from './serialize';
export * from './labels';
export * from './relabel';
export * from './chart';
export { AlertmanagerVersion, GrafanaVersion, LokiVersion, PrometheusOperatorVersion, PrometheusVersion } from './target-versions';
export type { TargetVersions } from './target-versions';
export * from './construct-queries';
export * from './warnings';
export { Synthesizer } from './synthesizer';
export type { SynthOptions, SynthesizedFile } from './synthesizer';
export * from './monitoring-app';
export { PrometheusPods } from './network-policy';
export type { PrometheusPodsOptions, ScrapeAccessProps } from './network-policy';
