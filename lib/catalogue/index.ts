// Barrel of lib/catalogue: metric catalogues and the offline query lint.
export { Check } from './check';
export { MetricType } from './metric';
export type { ExportedMetric, MetricDefinition } from './metric';
export * from './metric-catalogue';
export { OpenTelemetryInstrument, OtlpTranslationStrategy } from './opentelemetry';
export type { OpenTelemetryCatalogueOptions, OpenTelemetryMetric } from './opentelemetry';
export * from './query-lint';
export { SKIP_ANNOTATION } from './suppression';
export { StandardCatalogues } from './exporters';
