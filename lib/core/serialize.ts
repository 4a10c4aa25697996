import * as yaml from 'js-yaml';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: unknown } = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as { [key: string]: unknown })[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * Stable serialization of embedded payloads (dashboard JSON, `alertmanager.yaml`, Promtail and Loki
 * configuration): object keys sorted, `undefined` dropped, arrays in their given order, fixed indentation,
 * no YAML anchors. The same input always gives the same bytes.
 */
export class Serialize {
  /** Pretty JSON with sorted keys and a trailing newline. */
  public static json(value: unknown): string {
    return JSON.stringify(sortKeys(value), undefined, 2) + '\n';
  }

  /** YAML with sorted keys, no line folding and no anchors. */
  public static yaml(value: unknown): string {
    return yaml.dump(sortKeys(value), { noRefs: true, lineWidth: -1, sortKeys: false, quotingType: '"' });
  }

  /** A deep copy with sorted keys and without `undefined` values (what `json()` and `yaml()` print). */
  public static normalize<T>(value: T): T {
    return sortKeys(value) as T;
  }
}
