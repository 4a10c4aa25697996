import { ValidationError, quote } from './errors';
import { deferProblem, raiseProblem } from './problems';

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
   * A severity outside the common three (e.g. `page`, `ticket`). An invalid name is reported by the
   * alerting rule (or query lint) that uses the severity, with its path: `[app/Rules/g/Down] severity: ...`.
   * @param name lower-case letters, digits, `-` and `_`
   */
  public static of(name: string): Severity {
    return deferProblem(() => {
      if (typeof name !== 'string' || !/^[a-z][a-z0-9_-]*$/.test(name)) {
        throw new ValidationError(`severity: must be lower-case letters, digits, '-' or '_', starting with a letter; received ${quote(name)}`);
      }
    }, () => new Severity(String(name)));
  }

  /** The label value. */
  public readonly name: string;

  private constructor(name: string) {
    this.name = name;
  }

  /** The label value. */
  public toString(): string {
    raiseProblem(this);
    return this.name;
  }
}
