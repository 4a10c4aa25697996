import { Duration } from 'cdk8s';
import { quote, ValidationError } from './errors';

// Checks of props for callers without a type checker (plain JavaScript, JSON-built props): a wrong type
// fails with the field and what it expects, never with a TypeError deeper down. Not public API.

/** What a value is, for messages: `undefined`, `300 (a number)`, `"critical" (a string)`. */
function shown(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  return `${quote(value)} (${Array.isArray(value) ? 'an array' : `a ${typeof value}`})`;
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

/** An optional number prop. @internal */
export function optionalNumber(value: unknown, field: string, example: string): number | undefined {
  if (value !== undefined && (typeof value !== 'number' || Number.isNaN(value))) throw new ValidationError(`${field}: must be a number, e.g. ${example}; received ${shown(value)}`);
  return value as number | undefined;
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
