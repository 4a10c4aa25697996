import { SyntaxNode } from '@lezer/common';

// Helpers over the lezer trees of PromQL and LogQL, shared by the query analyses; not public API.

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

/**
 * The label matchers of a PromQL vector selector, as the lezer grammar writes them: the matcher node,
 * its label (decoded when quoted), operator and value node. A bare quoted name (`{"metric.name"}`) is
 * the matcher `__name__="metric.name"`.
 * @internal
 */
export interface MatcherNodes {
  readonly node: SyntaxNode;
  readonly labelNode: SyntaxNode;
  readonly label: string;
  readonly op?: string;
  readonly value?: SyntaxNode;
}

/** The matchers of a `VectorSelector` node, in order. @internal */
export function selectorMatchers(selector: SyntaxNode, text: string): MatcherNodes[] {
  const list = selector.getChild('LabelMatchers');
  const out: MatcherNodes[] = [];
  for (let child = list?.firstChild; child; child = child.nextSibling) {
    if (child.name === 'UnquotedLabelMatcher' || child.name === 'QuotedLabelMatcher') {
      const nameNode = child.getChild('LabelName') ?? child.getChild('QuotedLabelName');
      if (!nameNode) continue;
      const op = child.getChild('MatchOp');
      const values = child.getChildren('StringLiteral');
      const rawName = text.slice(nameNode.from, nameNode.to);
      out.push({
        node: child,
        labelNode: nameNode,
        label: nameNode.name === 'QuotedLabelName' ? decodeStringLiteral(rawName) : rawName,
        op: op ? text.slice(op.from, op.to) : undefined,
        value: values[values.length - 1],
      });
    } else if (child.name === 'QuotedLabelName') {
      out.push({ node: child, labelNode: child, label: '__name__', op: '=', value: child });
    }
  }
  return out;
}

/**
 * The label names of a `GroupingLabels` node (`by (...)`, `without (...)`, `on (...)`, `group_left (...)`),
 * in order, with their nodes: bare names as written, quoted ones (`by ("http.route")`) decoded.
 * @internal
 */
export function groupingLabelNames(grouping: SyntaxNode | null | undefined, text: string): Array<{ readonly node: SyntaxNode; readonly name: string }> {
  const out: Array<{ node: SyntaxNode; name: string }> = [];
  for (let child = grouping?.firstChild; child; child = child.nextSibling) {
    if (child.name === 'LabelName') out.push({ node: child, name: text.slice(child.from, child.to) });
    else if (child.name === 'QuotedLabelName') out.push({ node: child, name: decodeStringLiteral(text.slice(child.from, child.to)) });
  }
  return out;
}

/** The nodes of the PromQL grammar that are expressions. @internal */
export const PROMQL_EXPRESSIONS: ReadonlySet<string> = new Set([
  'AggregateExpr', 'BinaryExpr', 'FunctionCall', 'MatrixSelector', 'NumberDurationLiteral', 'OffsetExpr', 'ParenExpr',
  'StringLiteral', 'SubqueryExpr', 'UnaryExpr', 'VectorSelector', 'StepInvariantExpr',
]);

/** The children of `node` whose node name is in `names` (by default: PromQL expressions), in order. @internal */
export function childrenNamed(node: SyntaxNode, names: ReadonlySet<string> = PROMQL_EXPRESSIONS): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (names.has(child.name)) out.push(child);
  return out;
}
