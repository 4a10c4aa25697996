import { IConstruct } from 'constructs';

/**
 * An input that Prometheus, Alertmanager, Loki, Grafana or Kubernetes would reject, found at synth time.
 *
 * The message names where the value was given (the construct path, when known), the value and the rule
 * it broke: `[festivals/Alerts/HighErrorRate] expr: invalid PromQL "rate(x[5m]" at 1:11: unexpected end of input`.
 */
export class ValidationError extends Error {
  /**
   * Builds the error for a value given to a construct (or to a named place inside one).
   *
   * @param where the construct, or a path string, that received the value
   * @param message what is wrong, the offending value and what to do
   */
  public static at(where: IConstruct | string, message: string): ValidationError {
    checkWhere(where);
    if (typeof message !== 'string') throw new ValidationError(`message: must be a string, e.g. 'must be positive'; received ${quote(message)}`);
    return new ValidationError(message, ValidationError.pathOf(where));
  }

  /**
   * Runs `fn` and gives any `ValidationError` it throws without a path the path of `where`.
   *
   * Value types (PromQL, Matcher, Duration parsing...) validate in their factories, before they know which
   * construct they belong to; constructs call them through this function so the message names the path.
   */
  public static within<T>(where: IConstruct | string, fn: () => T): T {
    checkWhere(where);
    checkFn(fn);
    try {
      return fn();
    } catch (e) {
      if (e instanceof ValidationError && e.path === undefined) {
        throw new ValidationError(e.detail, ValidationError.pathOf(where));
      }
      throw e;
    }
  }

  /**
   * Runs `fn` and prefixes the message of any `ValidationError` it throws without a path with `field`
   * (`sli.errors: invalid PromQL ...`), for a value parsed or checked as one field of a larger value.
   *
   * @param field the field that received the value, e.g. `sli.errors` or `stages[2].json`
   */
  public static inField<T>(field: string, fn: () => T): T {
    if (typeof field !== 'string') throw new ValidationError(`field: must be a string, e.g. 'sli.errors'; received ${quote(field)}`);
    checkFn(fn);
    try {
      return fn();
    } catch (e) {
      if (e instanceof ValidationError && e.path === undefined) throw new ValidationError(`${field}: ${e.detail}`);
      throw e;
    }
  }

  /** The construct path (or other location) that received the bad value; undefined for a bare value type. */
  public readonly path?: string;
  /** The message without the path prefix. */
  public readonly detail: string;

  /**
   * @param detail what is wrong, the offending value and what to do
   * @param path where the value was given, when known
   */
  public constructor(detail: string, path?: string) {
    super(path === undefined ? detail : `[${path}] ${detail}`);
    this.name = 'ValidationError';
    this.detail = detail;
    this.path = path;
  }

  /** @internal */
  public static pathOf(where: IConstruct | string): string {
    return typeof where === 'string' ? where : where.node.path;
  }
}

/** Plain-JavaScript checks of the arguments of ValidationError's helpers (no import of untyped.ts: it imports this file). */
function checkWhere(where: unknown): void {
  const node = typeof where === 'object' && where !== null ? (where as IConstruct).node : undefined;
  if (typeof where !== 'string' && (typeof node !== 'object' || node === null || typeof node.findAll !== 'function')) {
    throw new ValidationError(`where: must be a construct or a path string, e.g. 'app/shop/Monitor'; received ${quote(where)}`);
  }
}

function checkFn(fn: unknown): void {
  if (typeof fn !== 'function') throw new ValidationError(`fn: must be a function, e.g. () => PromQL.parse(expr); received ${quote(fn)}`);
}

/**
 * Renders a received value for an error message: strings quoted, everything else as JSON.
 * @internal
 */
export function quote(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
