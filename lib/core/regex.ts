import { RE2 } from 're2-wasm';
import { quote, ValidationError } from './errors';

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
    try {
      // The 'u' flag is required by re2-wasm; it does not change what RE2 accepts for ASCII patterns.
      new RE2(pattern, 'u');
    } catch (e) {
      const reason = (e as Error).message.replace(/^Invalid regular expression: \/.*\/u: /s, '');
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
    return new RE2(`^(?:${this.pattern})$`, 'u').test(value);
  }

  /** The pattern text. */
  public toString(): string {
    return this.pattern;
  }
}
