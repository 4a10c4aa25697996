import { IConstruct } from 'constructs';
import { quote } from './errors';
import { SynthWarnings } from './warnings';

/**
 * The largest object the library writes: 1 MiB, keys, values and metadata counted. The API server rejects
 * ConfigMaps and Secrets whose data alone exceeds it, and etcd refuses requests above 1.5 MiB by default.
 * @internal
 */
export const MAX_OBJECT_BYTES = 1024 * 1024;
/**
 * The total size of an object's annotations that the API server accepts (256 KiB): client-side `kubectl
 * apply` copies the whole object into one of them, so larger objects need server-side apply.
 * @internal
 */
export const CLIENT_SIDE_APPLY_LIMIT_BYTES = 256 * 1024;
/** The Argo CD annotation that switches a resource to server-side apply. @internal */
export const ARGOCD_SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
/** The annotation in which client-side `kubectl apply` keeps the applied object. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The sizes of one rendered object, in bytes. @internal */
export interface ObjectSize {
  /**
   * The object as the API server stores it: its compact JSON in UTF-8, each string counted by its
   * content (an escape such as `\n` or `\"` as the one character it stands for).
   */
  readonly stored: number;
  /**
   * Its annotations in total once client-side `kubectl apply` has added its copy of the object (Go's JSON
   * of it, where `<`, `>` and `&` take 6 bytes each) under `kubectl.kubernetes.io/last-applied-configuration`.
   */
  readonly clientSideApply: number;
}

/**
 * The sizes of `manifest` (a rendered Kubernetes object), measured from its JSON: one `JSON.stringify`
 * for an object far from the limits (below about 29 000 characters, where even the worst case of
 * escaping cannot reach them: the sizes are then estimates, well under both limits), one more pass over
 * that text otherwise (exact sizes).
 * @internal
 */
export function measureObject(manifest: unknown): ObjectSize {
  const json = JSON.stringify(manifest) ?? '';
  // every UTF-16 unit is at most 3 bytes of UTF-8 and at most 6 bytes of Go's JSON (`\u003c`)
  if (9 * json.length + LAST_APPLIED.length <= CLIENT_SIDE_APPLY_LIMIT_BYTES) {
    return { stored: json.length, clientSideApply: json.length + LAST_APPLIED.length + annotationBytes(manifest) };
  }
  const bytes = Buffer.byteLength(json);
  let escapes = 0;
  let htmlEscapes = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === BACKSLASH) {
      // JSON.stringify writes a backslash only to start an escape: `\uXXXX` stands for one character
      escapes += json.charCodeAt(i + 1) === LOWER_U ? 5 : 1;
      i++;
    } else if (c === LESS || c === GREATER || c === AMPERSAND || c === LINE_SEPARATOR || c === PARAGRAPH_SEPARATOR) {
      // Go's encoding/json (kubectl) writes them as `\u003c`, `\u2028`...
      htmlEscapes += c < 0x80 ? 5 : 3;
    }
  }
  return { stored: bytes - escapes, clientSideApply: bytes + htmlEscapes + LAST_APPLIED.length + annotationBytes(manifest) };
}

const BACKSLASH = 0x5c;
const LOWER_U = 0x75;
const LESS = 0x3c;
const GREATER = 0x3e;
const AMPERSAND = 0x26;
const LINE_SEPARATOR = 0x2028;
const PARAGRAPH_SEPARATOR = 0x2029;

/** The bytes of the object's own annotations (keys and values), which count toward the same limit. */
function annotationBytes(manifest: unknown): number {
  const annotations = (isObject(manifest) && isObject(manifest.metadata) ? manifest.metadata.annotations : undefined);
  if (!isObject(annotations)) return 0;
  let bytes = 0;
  for (const key of Object.keys(annotations)) {
    const value = annotations[key];
    if (key === LAST_APPLIED || typeof value !== 'string') continue;
    bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  return bytes;
}

function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How to split the objects of a construct, by construct. */
const SPLIT_HINTS = new WeakMap<IConstruct, (object: IConstruct) => string>();

/**
 * Declares how to split the objects rendered under `scope` when one is too large (`split "Ops" into
 * several dashboards...`): an imperative phrase for the size messages, computed when one is reported.
 * @internal
 */
export function setSplitHint(scope: IConstruct, hint: (object: IConstruct) => string): void {
  SPLIT_HINTS.set(scope, hint);
}

/** The fix of a too-large object: the hint of its closest construct that declares one, else by kind. */
function splitHint(owner: IConstruct, kind: string): string {
  const scopes = owner.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const hint = SPLIT_HINTS.get(scopes[i]);
    if (hint !== undefined) return hint(owner);
  }
  return kind === 'ConfigMap' || kind === 'Secret' ? `move some of its keys into another ${kind}` : `split it into several ${kind} objects`;
}

/**
 * The size checks of a synthesis: each rendered object is measured with its construct path; an object
 * too large for client-side `kubectl apply` gets a `SynthWarnings` warning at once, one too large for
 * Kubernetes an error, thrown with the others by `finish()` (before any file is written).
 * @internal
 */
export class ObjectSizePass {
  private readonly errors: Array<{ path: string; message: string }> = [];

  /** Measures one rendered object of `owner` (its ApiObject, or the chart of an overridden `toJson()`). */
  public add(owner: IConstruct, manifest: unknown): void {
    const size = measureObject(manifest);
    if (size.stored <= MAX_OBJECT_BYTES && size.clientSideApply <= CLIENT_SIDE_APPLY_LIMIT_BYTES) return;
    const metadata = isObject(manifest) && isObject(manifest.metadata) ? manifest.metadata : {};
    const kind = isObject(manifest) && typeof manifest.kind === 'string' ? manifest.kind : 'object';
    const what = `${kind} ${quote(metadata.name)}`;
    if (size.stored > MAX_OBJECT_BYTES) {
      this.errors.push({
        path: owner.node.path,
        message: `${what} is ${size.stored} bytes (keys, values and metadata), over the ${MAX_OBJECT_BYTES} bytes (1 MiB) one Kubernetes object can hold `
          + `(the API server rejects ConfigMap and Secret data above 1 MiB, etcd requests above 1.5 MiB by default); ${splitHint(owner, kind)}`,
      });
      return;
    }
    const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
    const argo = typeof annotations[ARGOCD_SYNC_OPTIONS] === 'string' && /\bServerSideApply=true\b/.test(annotations[ARGOCD_SYNC_OPTIONS] as string)
      ? `it carries ${ARGOCD_SYNC_OPTIONS}: ServerSideApply=true for Argo CD`
      : `Argo CD: the sync option ServerSideApply=true, in the Application or as the annotation ${ARGOCD_SYNC_OPTIONS} of the object`;
    SynthWarnings.add(owner, `${what} is too large for client-side \`kubectl apply\`, which keeps a copy of the object in its annotation ${LAST_APPLIED}: `
      + `its annotations would be ${size.clientSideApply} bytes, over the ${CLIENT_SIDE_APPLY_LIMIT_BYTES} bytes the API server accepts ("metadata.annotations: Too long"); `
      + `apply it with \`kubectl apply --server-side\` (${argo}), or ${splitHint(owner, kind)}`);
  }

  /** The error lines (`[path] message`), one per object too large. */
  public lines(where: (path: string) => string): string[] {
    return this.errors.map((e) => `${where(e.path)} ${e.message}`);
  }

  /** The error of every object too large, if any. */
  public error(): string | undefined {
    if (this.errors.length === 0) return undefined;
    return `object size: ${this.errors.length} object(s) too large for Kubernetes:\n  ${this.lines((p) => `[${p}]`).join('\n  ')}`;
  }
}
