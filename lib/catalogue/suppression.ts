import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { quote, ValidationError } from '../core/errors';
import { Check } from './check';

/**
 * The Kubernetes annotation that keeps every accepted lint finding (suppressed with a reason, or on an
 * assumed metric) in the synthesized output, one line each: `<check> (<construct> <field>): <reason>`.
 */
export const SKIP_ANNOTATION = 'lint.cdk8s-observability/skip';

/** A check switched off for one construct (and what it holds), with the reason. @internal */
export interface Suppression {
  readonly scope: IConstruct;
  readonly check: Check;
  readonly reason: string;
  /** Only this field of the construct (`expr`, `targets[0].expr`); undefined for all. */
  readonly field?: string;
}

const BY_CONSTRUCT = new WeakMap<IConstruct, Suppression[]>();
const LINES = new WeakMap<ApiObject, string[]>();

/** Records a suppression; the lint writes each finding it covers into the output. @internal */
export function addSuppression(scope: IConstruct, check: Check, reason: string, field: string | undefined): Suppression {
  if (!Object.values(Check).includes(check)) {
    throw ValidationError.at(scope, `lint suppression: check must be a Check; received ${quote(check)}`);
  }
  if (reason.trim() === '') {
    throw ValidationError.at(scope, `lint suppression ${check}: reason must not be empty; say why the finding is acceptable, it is kept in the output`);
  }
  const suppression: Suppression = { scope, check, reason: reason.trim(), field };
  const list = BY_CONSTRUCT.get(scope) ?? [];
  BY_CONSTRUCT.set(scope, list);
  list.push(suppression);
  return suppression;
}

/** The suppression that covers a finding of `check` on `field` of `holder`, if any. @internal */
export function suppressionFor(holder: IConstruct, field: string, check: Check): Suppression | undefined {
  for (const construct of [holder, ...holder.node.scopes.slice(0, -1).reverse()]) {
    const found = (BY_CONSTRUCT.get(construct) ?? []).find((s) => s.check === check && (s.field === undefined || (construct === holder && s.field === field)));
    if (found) return found;
  }
  return undefined;
}

/** Every suppression declared at or under `scope`. @internal */
export function suppressionsUnder(scope: IConstruct): Suppression[] {
  return scope.node.findAll().flatMap((c) => BY_CONSTRUCT.get(c) ?? []);
}

/** The line an accepted finding adds to the annotation: `check (relative path field): reason`. */
function lineOf(s: Suppression, object: ApiObject): string {
  const base = object.node.scope ? object.node.scope.node.path : '';
  const path = s.scope.node.path;
  const relative = path === base ? '' : base !== '' && path.startsWith(base + '/') ? path.slice(base.length + 1) : path;
  const where = [relative, s.field].filter((x) => x !== undefined && x !== '').join(' ');
  return `${s.check}${where ? ` (${where})` : ''}: ${s.reason}`;
}

/**
 * Keeps an accepted finding (suppressed, or on an assumed metric) in the output: a line in the
 * `lint.cdk8s-observability/skip` annotation of the Kubernetes object that `scope` renders into.
 * Called at validation time, when the tree is complete and before objects are rendered. Returns false
 * when no object holds `scope`. @internal
 */
export function keepInOutput(scope: IConstruct | undefined, check: Check, field: string | undefined, reason: string): boolean {
  const object = scope ? holdingObject(scope) : undefined;
  if (!scope || !object) return false;
  appendLine(object, lineOf({ scope, check, reason, field }, object));
  return true;
}

function appendLine(object: ApiObject, line: string): void {
  let lines = LINES.get(object);
  if (!lines) {
    lines = [];
    LINES.set(object, lines);
  }
  if (!lines.includes(line)) lines.push(line);
  object.metadata.addAnnotation(SKIP_ANNOTATION, lines.join('\n'));
}

/** The Kubernetes object the construct renders into: itself, its default child, or the nearest ancestor's. */
function holdingObject(scope: IConstruct): ApiObject | undefined {
  for (let c: IConstruct | undefined = scope; c; c = c.node.scope) {
    if (ApiObject.isApiObject(c)) return c;
    if (Chart.isChart(c)) return undefined;
    const children = c.node.children.filter((child) => ApiObject.isApiObject(child)) as ApiObject[];
    const preferred = children.find((child) => child.node.id === 'Resource' || child.node.id === 'Default') ?? children[0];
    if (preferred) return preferred;
  }
  return undefined;
}
