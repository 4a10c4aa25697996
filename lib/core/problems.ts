import { IConstruct } from 'constructs';
import { ValidationError } from './errors';

// Problems of values built by static factories (Relabel.replace, Matcher.eq, SecretRef.fromSecret,
// Stage.json...). A factory runs before any construct exists, so it cannot name a construct path. It
// checks its input at once but keeps the error with the value instead of throwing it; the construct (or
// construct method) that receives the value raises it with its own path and the field the value was
// given in, through ValidationError.within and ValidationError.inField:
//
//   [app/shop/Monitor] endpoints[0].relabelings[2]: relabel replace targetLabel: ...
//
// A value never given to anything is harmless: it is never rendered. A value used on its own (its
// toString(), matches(), filePath()...) raises its problem there, without a path. Not public API.

const problems = new WeakMap<object, ValidationError>();

/**
 * Runs a factory's checks and builds its value; a `ValidationError` without a path that `check` throws
 * is kept with the value (see `raiseProblem`) instead of thrown. Other errors propagate.
 * @internal
 */
export function deferProblem<T extends object>(check: () => void, build: () => T): T {
  let problem: ValidationError | undefined;
  try {
    check();
  } catch (e) {
    if (!(e instanceof ValidationError) || e.path !== undefined) throw e;
    problem = e;
  }
  const value = build();
  if (problem !== undefined) problems.set(value, problem);
  return value;
}

/**
 * Keeps `problem` with `value` (a value built of other values takes their problems).
 * @internal
 */
export function keepProblem<T extends object>(value: T, problem: ValidationError | undefined): T {
  if (problem !== undefined && !problems.has(value)) problems.set(value, problem);
  return value;
}

/**
 * The problem found when `value` was created, if any.
 * @internal
 */
export function problemOf(value: unknown): ValidationError | undefined {
  return typeof value === 'object' && value !== null ? problems.get(value) : undefined;
}

/**
 * Throws the problem found when `value` was created (without a path, as the factory would have).
 * @internal
 */
export function raiseProblem(value: unknown): void {
  const problem = problemOf(value);
  if (problem !== undefined) throw problem;
}

/**
 * Raises the problem of a value given to `where` in `field`, with the path of `where` and the field:
 * `[app/shop/Monitor] endpoints[0].relabelings[2]: relabel replace targetLabel: ...`.
 *
 * @param where the construct (or path string) that received the value; undefined for a value that is
 *   itself part of a value (the caller adds the path later)
 * @param field where the value was given, e.g. `endpoints[0].relabelings[2]`; `''` when the value's
 *   messages already name it
 * @internal
 */
export function checkValue(where: IConstruct | string | undefined, field: string, value: unknown): void {
  const problem = problemOf(value);
  if (problem === undefined) return;
  // an empty field: the value's messages name the field already (`sli.histogram: ...`)
  const raise = () => (field === '' ? raiseProblem(value) : ValidationError.inField(field, () => raiseProblem(value)));
  if (where === undefined) raise();
  else ValidationError.within(where, raise);
}

/**
 * `checkValue` for each element of a list given in `field` (`field[0]`, `field[1]`...); ignores a
 * value that is not an array (the caller's type checks report it).
 * @internal
 */
export function checkValues(where: IConstruct | string | undefined, field: string, values: unknown): void {
  if (!Array.isArray(values)) return;
  values.forEach((v, i) => checkValue(where, `${field}[${i}]`, v));
}

/**
 * Runs a factory's `build` (which checks and builds at once); when it throws a `ValidationError`
 * without a path, returns `fallback()` carrying that error instead.
 * @internal
 */
export function deferBuild<T extends object>(build: () => T, fallback: () => T): T {
  try {
    return build();
  } catch (e) {
    if (!(e instanceof ValidationError) || e.path !== undefined) throw e;
    return keepProblem(fallback(), e);
  }
}

/**
 * Runs the checks of a value's constructor (a class that is itself a factory, like `SlackIntegration`):
 * a `ValidationError` without a path that `check` throws is kept with `value` for the construct that
 * uses it; returns whether the checks passed. Other errors propagate.
 * @internal
 */
export function deferChecks(value: object, check: () => void): boolean {
  try {
    check();
    return true;
  } catch (e) {
    if (!(e instanceof ValidationError) || e.path !== undefined) throw e;
    keepProblem(value, e);
    return false;
  }
}
