/**
 * The agent-independent log pipeline model: stages as immutable value types, grouped into `LogPipeline`s.
 *
 * How a renderer consumes stages (Promtail in `promtail-config.ts`, Alloy in `alloy/`):
 * - Every `Stage` has a `kind` (`StageKind`, the closed vocabulary of stage types) and a `definition`
 *   (`StageDefinition`), in which exactly the field named like the kind is set (`definition.json` for
 *   `StageKind.JSON`, `definition.structuredMetadata` for `StageKind.STRUCTURED_METADATA`...). The options
 *   there are what the user gave, already validated (regexes by RE2, selectors by the LogQL grammar, label
 *   names by Prometheus' rules); `undefined` means "the agent's default", so renderers omit the field.
 * - Renderers `switch (stage.kind)` over every member of `StageKind` and read only that field; a renderer
 *   that cannot express an option throws a `ValidationError` that names the stage and the option.
 * - Time values are cdk8s `Duration`s: render them with `PrometheusDuration.format()`. Regexes are strings
 *   already checked by `Re2Regex.of()`. `match` stages carry nested `Stage`s: render them recursively.
 * - `LogPipeline.toStages()` gives the stages to render for a pipeline: its own stages, or, when the
 *   pipeline has a selector, one `match` stage (named after the pipeline) wrapping them.
 * - The cardinality guard and the structural checks run when a `LogPipeline` is built, so renderers never
 *   see a pipeline that turns an unbounded value into a label without an explicit, reasoned exception.
 *
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/
 * @see https://grafana.com/docs/alloy/latest/reference/components/loki/loki.process/
 */
export { StageKind, Stage } from './stage';
export type { StageDefinition } from './stage';
export type { CriStageOptions, JsonStageOptions, LogfmtStageOptions, RegexStageOptions, MultilineStageOptions } from './stages-parse';
export type { LabelsStageOptions, StructuredMetadataStageOptions, TenantStageOptions, PackStageOptions } from './stages-labels';
export { MatchAction } from './stages-filter';
export type { DropStageOptions, MatchStageOptions, LimitStageOptions } from './stages-filter';
export type { OutputStageOptions, TemplateStageOptions } from './stages-transform';
export { TimestampFormat, TimestampActionOnFailure } from './timestamp';
export type { TimestampStageOptions } from './timestamp';
export { LogMetricType, LogMetricAction, LogMetric } from './log-metric';
export type { LogMetricOptions, LogCounterOptions, LogGaugeOptions, LogHistogramOptions, MetricsStageOptions } from './log-metric';
export { CardinalityGuard } from './cardinality-guard';
export { LogPipeline } from './log-pipeline';
export type { LogPipelineOptions } from './log-pipeline';
