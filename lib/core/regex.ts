import { RE2 } from 're2-wasm';
import { BoundedMap } from './bounded-map';
import { quote, ValidationError } from './errors';

// re2-wasm objects live in a fixed-size WebAssembly heap that JavaScript's garbage collector does not
// reach: each must be freed explicitly, and compiling costs about half a millisecond. So each pattern is
// checked once (the verdict is kept), and the anchored matchers are kept in a bounded cache.
const VERDICTS = new Map<string, string | undefined>();

function free(re: RE2): void {
  // `wrapper` is re2-wasm's private handle on the compiled pattern in the WebAssembly heap.
  (re as unknown as { wrapper?: { delete(): void } }).wrapper?.delete();
}

const ANCHORED = new BoundedMap<string, RE2>(512, free);

/** RE2's reason for rejecting a pattern, or undefined when RE2 accepts it. */
function verdict(pattern: string): string | undefined {
  if (VERDICTS.has(pattern)) return VERDICTS.get(pattern);
  let reason: string | undefined;
  try {
    // The 'u' flag is required by re2-wasm; it does not change what RE2 accepts for ASCII patterns.
    free(new RE2(pattern, 'u'));
  } catch (e) {
    reason = (e as Error).message.replace(/^Invalid regular expression: \/.*\/u: /s, '');
  }
  VERDICTS.set(pattern, reason);
  return reason;
}

/** Full-match verdicts by pattern and value. */
const MATCHES = new BoundedMap<string, boolean>(4096);

function anchored(pattern: string): RE2 {
  let re = ANCHORED.get(pattern);
  if (re === undefined) {
    re = new RE2(`^(?:${pattern})$`, 'u');
    ANCHORED.set(pattern, re);
  }
  return re;
}

/**
 * A regular expression in Go's RE2 syntax, as Prometheus, Alertmanager, Loki and Promtail use them,
 * checked with Google's RE2 library itself (compiled to WebAssembly) when it is created: look-arounds,
 * back-references and other constructs RE2 does not support fail the synth with RE2's own message.
 */
export class Re2Regex {
  /**
   * Checks a pattern with RE2.
   * @param pattern the pattern, without delimiters
   * @param field what the pattern is, for the message (e.g. `regex`, `matcher "path"`)
   * @throws ValidationError `<field>: invalid RE2 regular expression "<pattern>": <RE2's reason>`
   */
  public static of(pattern: string, field = 'regex'): Re2Regex {
    const reason = verdict(pattern);
    if (reason !== undefined) {
      throw new ValidationError(`${field}: invalid RE2 regular expression ${quote(pattern)}: ${reason} (Go's RE2 has no look-arounds or back-references)`);
    }
    return new Re2Regex(pattern);
  }

  /** The pattern as written. */
  public readonly pattern: string;

  private constructor(pattern: string) {
    this.pattern = pattern;
  }

  /**
   * Whether the pattern, fully anchored as Prometheus and Alertmanager anchor it, matches `value`.
   */
  public matchesFully(value: string): boolean {
    // generated test series try the same few values against the same patterns in every SLO of an app:
    // a call into WebAssembly costs more than the lookup
    const key = `${this.pattern}\0${value}`;
    let matches = MATCHES.get(key);
    if (matches === undefined) {
      const re = anchored(this.pattern);
      re.lastIndex = 0;
      matches = re.test(value);
      MATCHES.set(key, matches);
    }
    return matches;
  }

  /** The pattern text. */
  public toString(): string {
    return this.pattern;
  }
}
