// The stages that attach extracted fields to the entry: stream labels, structured metadata, the tenant, packed labels.

import { quote, Validate, ValidationError } from '../../core';
import { optionalString, requireObject, requireStringList } from '../../core/untyped';
import { checkFieldName, checkNonEmptyMap } from './checks';

/**
 * Options of the `labels` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/labels/
 */
export interface LabelsStageOptions {
  /**
   * Labels to set: label name to the extracted field holding its value; empty means the field of the same
   * name. Every label creates streams in Loki's index, so only bounded values (level, status class,
   * method) belong here; the cardinality guard rejects names of unbounded values.
   */
  readonly labels: { [label: string]: string };
  /**
   * Why these labels are acceptable although their names look unbounded (a request id, a timestamp...).
   * Without it, such labels are rejected and `Stage.structuredMetadata` is suggested instead.
   * @default - unbounded-looking labels are rejected
   */
  readonly allowHighCardinality?: string;
}

/**
 * Options of the `structured_metadata` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/structured_metadata/
 */
export interface StructuredMetadataStageOptions {
  /**
   * Structured metadata to attach: name to the extracted field holding its value; empty means the field of
   * the same name. Not indexed, so ids (trace, request, user) belong here.
   */
  readonly metadata: { [name: string]: string };
}

/**
 * Options of the `tenant` stage: exactly one of `source`, `label` and `value`.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/tenant/
 */
export interface TenantStageOptions {
  /**
   * Extracted field holding the tenant id. Maps to `source`.
   * @default - not from a field
   */
  readonly source?: string;
  /**
   * Stream label holding the tenant id. Maps to `label`.
   * @default - not from a label
   */
  readonly label?: string;
  /**
   * Fixed tenant id. Maps to `value`.
   * @default - not fixed
   */
  readonly value?: string;
}

/**
 * Options of the `pack` stage.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/stages/pack/
 */
export interface PackStageOptions {
  /** Labels (or extracted fields) embedded in the JSON line and removed from the stream. Maps to `labels`. */
  readonly labels: string[];
  /**
   * Replace the entry's timestamp with the time it was packed. Maps to `ingest_timestamp`.
   * @default true
   */
  readonly ingestTimestamp?: boolean;
}

/**
 * Checks the options of `Stage.labels` and returns the `labels` of its definition.
 * @internal
 */
export function checkedLabels(options: LabelsStageOptions): LabelsStageOptions {
  requireObject(options, 'Stage.labels options', "{ labels: { level: '' } }");
  checkNonEmptyMap(options.labels, 'Stage.labels labels');
  optionalString(options.allowHighCardinality, 'Stage.labels allowHighCardinality', "'bounded: 5 values'");
  const labels: { [label: string]: string } = {};
  for (const [label, source] of Object.entries(options.labels)) {
    // labels.go (grafana/loki v3.5.1) refuses names failing model.LabelName.IsValidLegacy: [a-zA-Z_][a-zA-Z0-9_]*
    Validate.labelName(label, 'Stage.labels label name');
    if (source !== '') checkFieldName(source, `Stage.labels labels["${label}"]`);
    labels[label] = source === '' ? label : source;
  }
  if (options.allowHighCardinality !== undefined && options.allowHighCardinality.trim() === '') {
    throw new ValidationError('Stage.labels allowHighCardinality: give the reason these labels are acceptable (it is the documented exception to the cardinality guard); received ""');
  }
  return { labels, allowHighCardinality: options.allowHighCardinality };
}

/**
 * Checks the options of `Stage.structuredMetadata` and returns the `structuredMetadata` of its definition.
 * @internal
 */
export function checkedStructuredMetadata(options: StructuredMetadataStageOptions): StructuredMetadataStageOptions {
  requireObject(options, 'Stage.structuredMetadata options', "{ metadata: { trace_id: '' } }");
  checkNonEmptyMap(options.metadata, 'Stage.structuredMetadata metadata');
  const metadata: { [name: string]: string } = {};
  for (const [name, source] of Object.entries(options.metadata)) {
    Validate.labelName(name, 'Stage.structuredMetadata name');
    if (source !== '') checkFieldName(source, `Stage.structuredMetadata metadata["${name}"]`);
    metadata[name] = source === '' ? name : source;
  }
  return { metadata };
}

/**
 * Checks the options of `Stage.tenant` and returns the `tenant` of its definition.
 * @internal
 */
export function checkedTenant(options: TenantStageOptions): TenantStageOptions {
  requireObject(options, 'Stage.tenant options', "{ value: 'team-a' }");
  optionalString(options.value, 'Stage.tenant value', "'team-a'");
  const given = [options.source, options.label, options.value].filter((x) => x !== undefined).length;
  if (given !== 1) {
    throw new ValidationError(`Stage.tenant: set exactly one of source, label and value; received ${given}`);
  }
  if (options.source !== undefined) checkFieldName(options.source, 'Stage.tenant source');
  if (options.label !== undefined) Validate.labelName(options.label, 'Stage.tenant label');
  // Loki refuses pushes whose tenant id fails dskit's ValidTenantID (tenant/tenant.go, vendored in
  // grafana/loki v3.5.1): characters outside a-z A-Z 0-9 ! - _ . * ' ( ), more than 150 bytes, "." or "..".
  if (options.value !== undefined && !/^[A-Za-z0-9!\-_.*'()]{1,150}$/.test(options.value)) {
    throw new ValidationError(`Stage.tenant value: a Loki tenant id is 1-150 characters of letters, digits and !-_.*'(); received ${quote(options.value)}`);
  }
  if (options.value === '.' || options.value === '..') {
    throw new ValidationError(`Stage.tenant value: Loki refuses the tenant ids "." and ".." (they are directory references in its storage paths); name the tenant (e.g. "team-a"); received ${quote(options.value)}`);
  }
  return { ...options };
}

/**
 * Checks the options of `Stage.pack` and returns the `pack` of its definition.
 * @internal
 */
export function checkedPack(options: PackStageOptions): PackStageOptions {
  requireObject(options, 'Stage.pack options', "{ labels: ['pod'] }");
  requireStringList(options.labels, 'Stage.pack labels', "['pod']");
  if (options.labels.length === 0) throw new ValidationError('Stage.pack labels: must name at least one label');
  for (const l of options.labels) Validate.labelName(l, 'Stage.pack label');
  return { ...options, labels: [...options.labels] };
}
