import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { quote, ValidationError } from './errors';

// Checks of props for callers without a type checker (plain JavaScript, JSON-built props): a wrong type
// fails with the field and what it expects, never with a TypeError deeper down. Not public API.

/** What a value is, for messages: `undefined`, `300 (a number)`, `"critical" (a string)`. */
function shown(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  // NaN and the infinities, which JSON would show as null
  if (typeof value === 'number' && !Number.isFinite(value)) return `${String(value)} (a number)`;
  return `${quote(value)} (${Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`})`;
}

/** A required string prop. @internal */
export function requireString(value: unknown, field: string, example: string): string {
  if (typeof value !== 'string') throw new ValidationError(`${field}: must be a string, e.g. ${example}; received ${shown(value)}`);
  return value;
}

/**
 * Whether a value is a cdk8s `Duration` (by shape, so that a Duration of another copy of cdk8s counts).
 */
function isDuration(value: unknown): value is Duration {
  return value instanceof Duration || (typeof value === 'object' && value !== null && typeof (value as Duration).toMilliseconds === 'function');
}

/** An optional `Duration` prop (from cdk8s). @internal */
export function optionalDuration(value: unknown, field: string): Duration | undefined {
  if (value !== undefined && !isDuration(value)) {
    throw new ValidationError(`${field}: must be a Duration, e.g. Duration.minutes(5); received ${shown(value)}`);
  }
  return value;
}

/** A required `Duration` (from cdk8s). @internal */
export function requireDuration(value: unknown, field: string): Duration {
  if (!isDuration(value)) throw new ValidationError(`${field}: must be a Duration, e.g. Duration.minutes(5); received ${shown(value)}`);
  return value;
}

/**
 * The props (or options) object of a construct or factory: an object, not undefined, null, an array or a
 * primitive. @internal
 */
export function requireObject<T>(value: T, field: string, example: string): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(`${field}: must be an object, e.g. ${example}; received ${shown(value)}`);
  }
  return value;
}

/** An optional list prop; its elements are checked by the caller. @internal */
export function optionalArray<T>(value: T[] | undefined, field: string, example: string): T[] | undefined {
  if (value !== undefined && !Array.isArray(value)) throw new ValidationError(`${field}: must be a list, e.g. ${example}; received ${shown(value)}`);
  return value;
}

/** An optional list of strings. @internal */
export function optionalStringList(value: unknown, field: string, example: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new ValidationError(`${field}: must be a list of strings, e.g. ${example}; received ${shown(value)}`);
  value.forEach((v, i) => {
    if (typeof v !== 'string') throw new ValidationError(`${field}[${i}]: must be a string; received ${shown(v)}`);
  });
  return value;
}

/** An optional string prop. @internal */
export function optionalString(value: unknown, field: string, example: string): string | undefined {
  return value === undefined ? undefined : requireString(value, field, example);
}


/** An optional boolean prop. @internal */
export function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') throw new ValidationError(`${field}: must be true or false; received ${shown(value)}`);
  return value as boolean | undefined;
}

/** An optional map of strings (labels, annotations). @internal */
export function optionalStringMap(value: unknown, field: string): { [key: string]: string } | undefined {
  if (value === undefined) return undefined;
  return requireStringMap(value, field);
}

/** A required map of strings (labels, annotations). @internal */
export function requireStringMap(value: unknown, field: string): { [key: string]: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ValidationError(`${field}: must be an object of strings, e.g. { team: 'payments' }; received ${shown(value)}`);
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new ValidationError(`${field}[${JSON.stringify(k)}]: must be a string; received ${shown(v)}`);
  }
  return value as { [key: string]: string };
}

/** Whether a value is a construct (by shape, so that a construct of another copy of `constructs` counts). */
function isConstruct(value: unknown): value is IConstruct {
  if (typeof value !== 'object' || value === null) return false;
  const node = (value as IConstruct).node as unknown;
  return typeof node === 'object' && node !== null && typeof (node as IConstruct['node']).findAll === 'function';
}

/**
 * A required construct argument (`scope`, `service`, `app`): a construct of the tree, not undefined, a
 * string or a plain object. @internal
 */
export function requireConstruct<T extends IConstruct>(value: T, field: string, example: string): T {
  if (!isConstruct(value)) throw new ValidationError(`${field}: must be a construct, e.g. ${example}; received ${shown(value)}`);
  return value;
}


/** A required list prop; its elements are checked by the caller. @internal */
export function requireArray<T>(value: T[], field: string, example: string): T[] {
  if (!Array.isArray(value)) throw new ValidationError(`${field}: must be a list, e.g. ${example}; received ${shown(value)}`);
  return value;
}

/**
 * The props object of a construct or factory whose props are all optional: undefined stands for `{}`;
 * null, an array or a primitive is refused. @internal
 */
export function optionalObject<T>(value: T | undefined, field: string, example: string): T | undefined {
  return value === undefined ? undefined : requireObject(value, field, example);
}

/** A required list of strings. @internal */
export function requireStringList(value: unknown, field: string, example: string): string[] {
  if (!Array.isArray(value)) throw new ValidationError(`${field}: must be a list of strings, e.g. ${example}; received ${shown(value)}`);
  return optionalStringList(value, field, example)!;
}

/**
 * What a numeric prop measures and which values its consumer accepts, for `checkNumber`.
 * @internal
 */
export interface NumberRule {
  /** The unit, for messages: `seconds`, `bytes`, `grid units`, `a ratio`, `lines`. */
  readonly unit: string;
  /** The smallest accepted value (inclusive unless `above`). */
  readonly min?: number;
  /** The smallest value is excluded: the value must be greater than `min` (positive reals: `min: 0, above: true`). */
  readonly above?: boolean;
  /** The largest accepted value (inclusive unless `below`). */
  readonly max?: number;
  /** The largest value is excluded: the value must be less than `max` (a quantile: `max: 1, below: true`). */
  readonly below?: boolean;
  /** Whether the consumer reads an integer (Go ints: bytes, counts, grid positions). */
  readonly integer?: boolean;
  /**
   * A likely unit confusion: given the refused value, the value the caller probably meant with its
   * reason (`0.95 (a percent, not a ratio)`), or undefined.
   */
  readonly didYouMean?: (value: number) => string | undefined;
}

/** `from 1 to 24`, `of at least 1`, `greater than 0`, `of at most 100`, `` */
function rangeText(rule: NumberRule): string {
  const { min, max, above, below } = rule;
  if (min !== undefined && max !== undefined) {
    if (above && below) return ` strictly between ${min} and ${max}`;
    if (above) return ` greater than ${min} and at most ${max}`;
    if (below) return ` from ${min} to less than ${max}`;
    return ` from ${min} to ${max}`;
  }
  if (min !== undefined) return above ? ` greater than ${min}` : ` of at least ${min}`;
  if (max !== undefined) return below ? ` less than ${max}` : ` of at most ${max}`;
  return '';
}

/**
 * An optional numeric prop, checked at synth against its unit and range: a number (not NaN or infinite),
 * an integer where the consumer reads one, within `min`..`max`. The message names the field, the unit,
 * the range and the received value, with a "did you mean" for a likely unit confusion:
 * `width: must be an integer from 1 to 24 (grid units); received 30 (a number)`.
 * @internal
 */
export function checkNumber(value: unknown, field: string, rule: NumberRule): number | undefined {
  if (value === undefined) return undefined;
  const n = value as number;
  const ok = typeof value === 'number' && Number.isFinite(n) && (!rule.integer || Number.isInteger(n))
    && (rule.min === undefined || (rule.above ? n > rule.min : n >= rule.min))
    && (rule.max === undefined || (rule.below ? n < rule.max : n <= rule.max));
  if (ok) return n;
  const meant = typeof value === 'number' && Number.isFinite(n) ? rule.didYouMean?.(n) : undefined;
  throw new ValidationError(`${field}: must be ${rule.integer ? 'an integer' : 'a finite number'}${rangeText(rule)} (${rule.unit}); received ${shown(value)}${meant !== undefined ? `; did you mean ${meant}?` : ''}`);
}

/** `checkNumber` for a required numeric prop. @internal */
export function requireNumber(value: unknown, field: string, rule: NumberRule): number {
  if (value === undefined) throw new ValidationError(`${field}: must be ${rule.integer ? 'an integer' : 'a finite number'}${rangeText(rule)} (${rule.unit}); received undefined`);
  return checkNumber(value, field, rule)!;
}

/**
 * The "did you mean" of a ratio given as a percent (`5` for `0.05`): for a value above 1 and up to 100,
 * the ratio it likely means. @internal
 */
export function percentGivenAsRatio(value: number): string | undefined {
  return value > 1 && value <= 100 ? String(Number((value / 100).toPrecision(12))) : undefined;
}
