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
 * `JSON.stringify(sortKeys(value), undefined, 2)` without the sorted copy: written directly, keys in
 * sorted order. Returns `undefined` where `JSON.stringify` omits the value (functions, symbols).
 */
function sortedJson(value: unknown, indent: string): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    default:
      return undefined;
  }
  if (value === null) return 'null';
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    let out = '[\n';
    for (let i = 0; i < value.length; i++) {
      out += `${i === 0 ? '' : ',\n'}${inner}${sortedJson(value[i], inner) ?? 'null'}`;
    }
    return `${out}\n${indent}]`;
  }
  let out = '';
  const keys = Object.keys(value).sort();
  // a copy puts integer-like keys first, in numeric order: leave that to the copying path
  if (keys.length > 0 && keys[0] >= '0' && keys[0] <= '9\uffff') throw SORTED_COPY;
  for (const key of keys) {
    const v = (value as { [key: string]: unknown })[key];
    if (v === undefined) continue;
    // a copied `toJSON` method would make JSON.stringify call it: the copying path too
    if (key === 'toJSON' && typeof v === 'function') throw SORTED_COPY;
    const text = sortedJson(v, inner);
    if (text === undefined) continue;
    out += `${out === '' ? '{\n' : ',\n'}${inner}${JSON.stringify(key)}: ${text}`;
  }
  return out === '' ? '{}' : `${out}\n${indent}}`;
}

const SORTED_COPY = new Error('serialize the sorted copy');

/**
 * Stable serialization of embedded payloads (dashboard JSON, `alertmanager.yaml`, Promtail and Loki
 * configuration): object keys sorted, `undefined` dropped, arrays in their given order, fixed indentation,
 * no YAML anchors. The same input always gives the same bytes.
 */
export class Serialize {
  /** Pretty JSON with sorted keys and a trailing newline. */
  public static json(value: unknown): string {
    if (value !== null && typeof value === 'object') {
      try {
        return sortedJson(value, '') + '\n';
      } catch (e) {
        if (e !== SORTED_COPY) throw e;
      }
    }
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
