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

/**
 * Go-only refusals of a pattern C++ RE2 accepts: `\C` (any byte), which no Go version reads, and, when
 * `before122`, named groups written `(?<name>...)`, which Go reads from 1.22 on only. Returns the reason,
 * or undefined. Escapes and character classes are skipped, as Go's parser does.
 */
function goRefusal(pattern: string, before122: boolean): string | undefined {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      if (pattern[i + 1] === 'C') return '`\\C` (any byte) is C++ RE2 syntax that Go\'s regexp refuses';
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      // a `]` (after an optional `^`) right after `[` is a literal
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++;
    } else if (before122 && c === '(' && pattern.startsWith('?<', i + 1) && pattern[i + 3] !== '=' && pattern[i + 3] !== '!') {
      return 'named groups written (?<name>...) need Go 1.22 or later, which Prometheus 2.x and Alertmanager 0.25 are not built with; write (?P<name>...), which every version reads';
    }
  }
  return undefined;
}

/** Options of `Re2Regex.of`. */
export interface Re2RegexOptions {
  /**
   * Also refuse what the Go regexp of Prometheus 2.x and Alertmanager 0.25 (built with Go < 1.22)
   * refuses: named groups written `(?<name>...)` rather than `(?P<name>...)`.
   * @default false
   */
  readonly goBefore122?: boolean;
}

/** RE2's reason for rejecting a pattern, or undefined when RE2 accepts it. */
function verdict(pattern: string): string | undefined {
  if (VERDICTS.has(pattern)) return VERDICTS.get(pattern);
  let reason: string | undefined;
  try {
    // The 'u' flag is required by re2-wasm; it does not change what RE2 accepts for ASCII patterns.
    free(new RE2(pattern, 'u'));
    reason = goRefusal(pattern, false);
  } catch (e) {
    reason = `${(e as Error).message.replace(/^Invalid regular expression: \/.*\/u: /s, '')} (Go's RE2 has no look-arounds or back-references)`;
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
   * @param options `goBefore122` for patterns Prometheus 2.x or Alertmanager 0.25 read
   * @throws ValidationError `<field>: invalid RE2 regular expression "<pattern>": <RE2's reason>`, also for
   * the C++ RE2 syntax Go's regexp refuses (`\C`; with `goBefore122`, `(?<name>...)` too)
   */
  public static of(pattern: string, field = 'regex', options: Re2RegexOptions = {}): Re2Regex {
    const reason = verdict(pattern) ?? (options.goBefore122 ? goRefusal(pattern, true) : undefined);
    if (reason !== undefined) {
      throw new ValidationError(`${field}: invalid RE2 regular expression ${quote(pattern)}: ${reason}`);
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
