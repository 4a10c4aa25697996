import { ApiObject, ApiObjectMetadataDefinition, App, ImplicitTokenResolver, JsonPatch, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { sortedOrder } from './sort';

/**
 * A faster equivalent of cdk8s' `ApiObject.toJson()` and `ApiObjectMetadataDefinition.toJson()`, used
 * while `Synthesizer` renders an app.
 *
 * cdk8s renders an object in two deep copies: `resolve()` (which allocates a context object and a key
 * path array for every value, and looks up the app's resolvers for each) and then `sanitizeValue()`
 * (which sorts keys and drops empty values). With the app's built-in resolvers only (`Lazy`, implicit
 * tokens, number-or-string unions), both are one walk: each value is resolved exactly as cdk8s does
 * (same resolvers, same order, producers called in the same order), then written with sorted keys.
 * A `RenderedJson` (a spec its construct built in that final form) is taken as it is, without the walk.
 * Anything else (custom resolvers, values that are not plain objects) renders through cdk8s itself, so
 * the result, and every error, is cdk8s' own.
 */
export class ApiObjectJson {
  /** Runs `render` with the fast rendering installed on `ApiObject` and its metadata, then removes it. */
  public static during<T>(render: () => T): T {
    const objectToJson = ApiObject.prototype.toJson;
    const metadataToJson = ApiObjectMetadataDefinition.prototype.toJson;
    if (objectToJson !== ORIGINAL_OBJECT_TO_JSON || metadataToJson !== ORIGINAL_METADATA_TO_JSON) {
      // nested or already replaced by someone else: leave it as it is
      return render();
    }
    ApiObject.prototype.toJson = fastObjectToJson;
    ApiObjectMetadataDefinition.prototype.toJson = fastMetadataToJson;
    try {
      return render();
    } finally {
      ApiObject.prototype.toJson = objectToJson;
      ApiObjectMetadataDefinition.prototype.toJson = metadataToJson;
    }
  }
}

/**
 * A value already in the form `ApiObject.toJson()` gives it: plain objects with keys in sorted order and
 * no undefined or null values, arrays, strings, finite numbers and booleans, nothing to resolve inside.
 * A construct whose spec is built in that form (thousands of rules per app) hands it over wrapped in this:
 * the fast rendering takes it as it is instead of walking and copying it; cdk8s' own rendering resolves
 * it like any token (`resolve()` gives the value, which it then resolves and sorts as usual). The value
 * may share objects with the construct that made it (a rule's label map): nothing may change it, and a
 * JSON patch of the object is applied to a copy.
 *
 * @internal
 */
export class RenderedJson {
  public constructor(public readonly json: unknown) {}

  /** The value (for cdk8s' resolvers, which call `resolve()` on any object that has it). */
  public resolve(): unknown {
    return this.json;
  }
}

const ORIGINAL_OBJECT_TO_JSON = ApiObject.prototype.toJson;
const ORIGINAL_METADATA_TO_JSON = ApiObjectMetadataDefinition.prototype.toJson;

// cdk8s' index exports its classes through getters: read once, not for every value
const LAZY = Lazy;

/** Thrown inside the fast walk where cdk8s' own rendering must decide (and report) instead. */
const FALLBACK = new Error('render with cdk8s');

interface SanitizeOptions {
  readonly sortKeys: boolean;
  readonly filterEmpty: boolean;
}
const OBJECT_OPTIONS_SORTED: SanitizeOptions = { sortKeys: true, filterEmpty: false };
const OBJECT_OPTIONS_UNSORTED: SanitizeOptions = { sortKeys: false, filterEmpty: false };
const METADATA_OPTIONS: SanitizeOptions = { sortKeys: true, filterEmpty: true };

/** Whether an app resolves with cdk8s' built-in resolvers only, in their order. */
const BUILT_IN_ONLY = new WeakMap<App, boolean>();
function builtInResolversOnly(apiObject: ApiObject): boolean {
  let app: App;
  try {
    app = App.of(apiObject);
  } catch {
    // not in an app: cdk8s reports it
    return false;
  }
  let known = BUILT_IN_ONLY.get(app);
  if (known === undefined) {
    const r = app.resolvers;
    known = r.length === 3 && r[0].constructor === LazyResolver && r[1].constructor === ImplicitTokenResolver && r[2].constructor === NumberStringUnionResolver;
    BUILT_IN_ONLY.set(app, known);
  }
  return known;
}

function fastObjectToJson(this: ApiObject): any {
  // the fields read here are cdk8s' own (private); a release that renames them gets its own rendering
  const { props, patches } = this as unknown as { props?: object; patches?: JsonPatch[] };
  if (props === undefined || !Array.isArray(patches) || !builtInResolversOnly(this)) return ORIGINAL_OBJECT_TO_JSON.call(this);
  let json: any;
  try {
    const data: any = { ...props, metadata: this.metadata.toJson() };
    json = value(data, process.env.CDK8S_DISABLE_SORT ? OBJECT_OPTIONS_UNSORTED : OBJECT_OPTIONS_SORTED);
  } catch (e) {
    if (e !== FALLBACK) throw new Error(`Failed serializing construct at path '${this.node.path}' with name '${this.name}': ${e}`);
    return ORIGINAL_OBJECT_TO_JSON.call(this);
  }
  try {
    // a patch changes the document in place, and parts of it may be a construct's own (RenderedJson)
    const patched = patches.length === 0 ? json : JsonPatch.apply(structuredClone(json), ...patches);
    const result: any = {};
    for (const k of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) {
      if (k in patched) result[k] = patched[k];
    }
    return result;
  } catch (e) {
    throw new Error(`Failed serializing construct at path '${this.node.path}' with name '${this.name}': ${e}`);
  }
}

function fastMetadataToJson(this: ApiObjectMetadataDefinition): any {
  const self = this as any;
  const apiObject: ApiObject | undefined = self.apiObject;
  if (apiObject === undefined || self._additionalAttributes === undefined || !builtInResolversOnly(apiObject)) return ORIGINAL_METADATA_TO_JSON.call(this);
  try {
    return value({
      ...self._additionalAttributes,
      name: self.name,
      namespace: self.namespace,
      annotations: self.annotations,
      finalizers: self.finalizers,
      ownerReferences: self.ownerReferences,
      labels: self.labels,
    }, METADATA_OPTIONS);
  } catch (e) {
    if (e !== FALLBACK) throw e;
    return ORIGINAL_METADATA_TO_JSON.call(this);
  }
}

/** `sanitizeValue(resolve([], x, apiObject), options)` of cdk8s, in one walk. */
function value(input: unknown, options: SanitizeOptions): unknown {
  // strings, numbers and booleans are never replaced by the built-in resolvers
  const type = typeof input;
  if (type === 'string' || type === 'number' || type === 'boolean') return input;
  let x: any = input;
  // the built-in resolvers, in the app's order; a replaced value is resolved again
  for (;;) {
    if (x === null || x === undefined) return undefined;
    if (x instanceof LAZY) {
      x = x.produce();
    } else if (x instanceof RenderedJson && options === OBJECT_OPTIONS_SORTED) {
      // already what the walk would give (sorted, nothing empty to drop): no copy
      return x.json;
    } else if (typeof x.resolve === 'function') {
      x = x.resolve();
    } else if (x.constructor !== Object && (typeof x.value === 'number' || typeof x.value === 'string')) {
      x = { value: x.value };
    } else {
      break;
    }
  }
  if (typeof x !== 'object') return x;
  if (Array.isArray(x)) {
    if (options.filterEmpty && x.length === 0) return undefined;
    const out = new Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = value(x[i], options);
    return out;
  }
  // resolve() leaves other objects as they are, and sanitizeValue() rejects them (or copies them as
  // they are when their class is named `Object`): cdk8s decides
  if (x.constructor !== Object) throw FALLBACK;
  // values are resolved in the object's own order (producers may depend on it), then keys are sorted
  const keys = Object.keys(x);
  const out: any = {};
  let empty = true;
  if (!options.sortKeys || isSorted(keys)) {
    for (const key of keys) {
      const v = value(x[key], options);
      if (v !== undefined && v !== null) {
        out[key] = v;
        empty = false;
      }
    }
  } else {
    const resolved = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) resolved[i] = value(x[keys[i]], options);
    for (const i of sortedOrder(keys)) {
      const v = resolved[i];
      if (v !== undefined && v !== null) {
        out[keys[i]] = v;
        empty = false;
      }
    }
  }
  if (options.filterEmpty && empty) return undefined;
  return out;
}

function isSorted(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1] > keys[i]) return false;
  }
  return true;
}
