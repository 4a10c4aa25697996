import { ValidationError, quote } from './errors';

/**
 * The `severity` label of an alert, which routing, inhibition and paging decisions key on.
 * The common vocabulary is a constant each; `Severity.of()` is the escape hatch for others.
 */
export class Severity {
  /** Someone must act now: pages. */
  public static readonly CRITICAL = new Severity('critical');
  /** Needs attention within working hours: a ticket or a chat message. */
  public static readonly WARNING = new Severity('warning');
  /** For context only: no notification on its own. */
  public static readonly INFO = new Severity('info');

  /**
   * A severity outside the common three (e.g. `page`, `ticket`).
   * @param name lower-case letters, digits, `-` and `_`
   */
  public static of(name: string): Severity {
    if (!/^[a-z][a-z0-9_-]*$/.test(name)) {
      throw new ValidationError(`severity: must be lower-case letters, digits, '-' or '_', starting with a letter; received ${quote(name)}`);
    }
    return new Severity(name);
  }

  /** The label value. */
  public readonly name: string;

  private constructor(name: string) {
    this.name = name;
  }

  /** The label value. */
  public toString(): string {
    return this.name;
  }
}
