// Checks shared by the stages of lib/loki/pipeline.

import { LogQL, quote, ValidationError } from '../../core';
import { NumberRule, requireString, requireStringMap } from '../../core/untyped';

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Extracted-field names: letters, digits, `_`, `.` and `-` (they are keys of the extracted map). */
export function checkFieldName(name: string, field: string): void {
  if (typeof name !== 'string' || !FIELD_NAME.test(name)) {
    throw new ValidationError(`${field}: an extracted-field name must start with a letter or '_' and contain only letters, digits, '_', '.' or '-'; received ${quote(name)}`);
  }
}

/** A count (Go int or uint of the stage config, where 0 or less is refused or meaningless): an integer of at least 1. */
export const COUNT = (unit: string): NumberRule => ({ unit, integer: true, min: 1 });

/** A map of extracted fields (string to string) that names at least one. */
export function checkNonEmptyMap(map: { [k: string]: string }, field: string): void {
  requireStringMap(map, field);
  if (Object.keys(map).length === 0) throw new ValidationError(`${field}: must name at least one field`);
}

/** Names of the capture groups of an RE2 pattern (`(?P<name>` and `(?<name>`). */
export function captureGroupNames(pattern: string): string[] {
  const names: string[] = [];
  const re = /\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(pattern)) !== null) {
    // Skip escaped parentheses: an odd number of backslashes before '('.
    let slashes = 0;
    for (let i = m.index - 1; i >= 0 && pattern[i] === '\\'; i--) slashes++;
    if (slashes % 2 === 0) names.push(m[1]);
  }
  return names;
}

/**
 * Checks that a `match` selector is a LogQL stream selector with optional line filters, the subset the
 * agents evaluate.
 */
export function checkMatchSelector(selector: string): LogQL {
  requireString(selector, 'Stage.match selector', "'{app=\"api\"}'");
  const query = ValidationError.inField('Stage.match selector', () => LogQL.parse(selector));
  let problem: string | undefined;
  query._tree.iterate({
    enter: (node) => {
      if (problem !== undefined) return false;
      if (node.name === 'MetricExpr') problem = 'a metric query';
      else if (node.name === 'Pipe') {
        const stage = node.node.parent ?? node.node;
        problem = `the pipeline stage ${quote(selector.slice(stage.from, stage.to).trim())}`;
      }
      return undefined;
    },
  });
  if (problem !== undefined) {
    throw new ValidationError(`Stage.match selector: must be a LogQL stream selector optionally followed by line filters (|= != |~ !~); it contains ${problem}; received ${quote(selector)}`);
  }
  return query;
}
