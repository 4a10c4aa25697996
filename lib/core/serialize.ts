import * as yaml from 'js-yaml';
import { BoundedMap } from './bounded-map';
import { deeper } from './indent';
import { sortNames } from './sort';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: unknown } = {};
    for (const key of sortNames(Object.keys(value as object))) {
      const v = (value as { [key: string]: unknown })[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** Characters JSON.stringify escapes in a string (quote, backslash, control characters, lone surrogates). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Property names as JSON strings (`"key"`), kept: documents repeat a small set of names. */
const QUOTED_NAMES = new BoundedMap<string, string>(10000);

/**
 * `JSON.stringify(sortKeys(value), undefined, 2)` without the sorted copy: written directly, keys in sorted
 * order, as one string built by concatenation (V8 keeps it as a rope and flattens it once, when it is first
 * read: faster than a list of parts joined). Undefined where `JSON.stringify` omits the value (functions,
 * symbols).
 */
function sortedJson(value: unknown, indent: string): string | undefined {
  switch (typeof value) {
    case 'string':
      // most strings need no escape: quoted in place instead of copied by JSON.stringify
      return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
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
  const inner = deeper(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i === 0 ? '\n' : ',\n') + inner + (sortedJson(value[i], inner) ?? 'null');
    return `${text}\n${indent}]`;
  }
  const keys = sortNames(Object.keys(value));
  // a copy puts integer-like keys first, in numeric order: leave that to the copying path
  if (keys.length > 0 && keys[0] >= '0' && keys[0] <= '9\uffff') throw SORTED_COPY;
  let text = '';
  for (const key of keys) {
    // a copied `toJSON` method would make JSON.stringify call it: leave that to the copying path too
    if (key === 'toJSON') throw SORTED_COPY;
    const v = (value as { [key: string]: unknown })[key];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    let quoted = QUOTED_NAMES.get(key);
    if (quoted === undefined) {
      quoted = JSON.stringify(key) + ': ';
      QUOTED_NAMES.set(key, quoted);
    }
    text += (text === '' ? '{\n' : ',\n') + inner + quoted + sortedJson(v, inner);
  }
  return text === '' ? '{}' : `${text}\n${indent}}`;
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
        return `${sortedJson(value, '')}\n`;
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
