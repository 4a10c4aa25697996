// Small helpers shared by the query analyses; not public API.

/**
 * The value of a PromQL or LogQL string literal as written (`"..."`, `'...'` or `` `...` ``), with its
 * escape sequences decoded. Literals without a backslash, nearly all of them, are only unquoted.
 * @internal
 */
export function decodeStringLiteral(literal: string): string {
  const quoteChar = literal[0];
  const body = literal.slice(1, -1);
  if (quoteChar === '`' || !body.includes('\\')) return body;
  try {
    return JSON.parse(quoteChar === '"' ? literal : `"${body.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`);
  } catch {
    return body;
  }
}
