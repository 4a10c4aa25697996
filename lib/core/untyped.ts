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

/** An optional `Duration` prop (from cdk8s). @internal */
export function optionalDuration(value: unknown, field: string): Duration | undefined {
  if (value !== undefined && !(value instanceof Duration)) {
    throw new ValidationError(`${field}: must be a Duration, e.g. Duration.minutes(5); received ${shown(value)}`);
  }
  return value;
}

/** An optional map of strings (labels, annotations). @internal */
export function optionalStringMap(value: unknown, field: string): { [key: string]: string } | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ValidationError(`${field}: must be an object of strings, e.g. { team: 'payments' }; received ${shown(value)}`);
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new ValidationError(`${field}[${JSON.stringify(k)}]: must be a string; received ${shown(v)}`);
  }
  return value as { [key: string]: string };
}
