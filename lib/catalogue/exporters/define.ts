import { MetricDefinition, MetricType } from '../metric';

/** Shorthands for the exporter catalogues: a list of names with the same type and labels. @internal */
export function many(type: MetricType, labels: string[] | undefined, entries: { [name: string]: string }, unit?: string): MetricDefinition[] {
  return Object.entries(entries).map(([name, help]) => ({ name, type, labels, help, unit: unit ?? unitOf(name) }));
}

/** The unit a name's suffix states, per Prometheus naming conventions. */
function unitOf(name: string): string | undefined {
  const base = name.replace(/_total$/, '');
  for (const unit of ['seconds', 'bytes', 'celsius', 'ratio']) if (base.endsWith(`_${unit}`)) return unit;
  return undefined;
}
