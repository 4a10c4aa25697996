// Checks of LogQL queries beyond the grammar, for the constructs of lib/loki that hold them (internal).
import { SyntaxNode } from '@lezer/common';
import { LogQL, quote } from '../core';

/**
 * The problem of a LogQL query that filters `__error__` before an `| unwrap` and not after it, or undefined.
 * Loki converts the unwrapped label after every stage before the unwrap (pkg/logql/log/metrics_extraction.go:
 * a failed conversion sets `__error__="SampleExtractionErr"`, then the unwrap's post-filters run) and fails
 * the evaluation of a range aggregation whose samples keep an `__error__` label (pkg/logql/evaluator.go): an
 * error filter placed before the unwrap does not catch conversion errors.
 * @internal
 */
export function misplacedUnwrapErrorFilter(query: LogQL): string | undefined {
  const filtersError = (node: SyntaxNode): boolean => {
    const matcher = node.getChild('Matcher');
    const name = matcher?.getChild('Identifier');
    return name !== null && name !== undefined && query._parsedText.slice(name.from, name.to) === '__error__';
  };
  let problem: string | undefined;
  query._tree.iterate({
    enter: (ref) => {
      if (problem !== undefined || ref.name !== 'LogRangeExpr') return problem === undefined;
      const range = ref.node;
      const unwrap = range.getChild('UnwrapExpr');
      const pipeline = range.getChild('PipelineExpr');
      if (unwrap === null || pipeline === null) return false;
      const before: SyntaxNode[] = [];
      const after: SyntaxNode[] = [];
      const collect = (node: SyntaxNode, into: SyntaxNode[]) => {
        for (let c = node.firstChild; c !== null; c = c.nextSibling) {
          if (c.name === 'LabelFilter') into.push(c);
          else if (c.name !== 'UnwrapExpr') collect(c, into);
        }
      };
      collect(pipeline, before);
      // the post-filters of an unwrap are its LabelFilter children, along the chain of nested UnwrapExprs
      for (let u: SyntaxNode | null = unwrap; u !== null; u = u.getChild('UnwrapExpr')) {
        for (let c = u.firstChild; c !== null; c = c.nextSibling) if (c.name === 'LabelFilter') after.push(c);
      }
      if (before.some(filtersError) && !after.some(filtersError)) {
        const unwrapText = query._parsedText.slice(unwrap.from, unwrap.to).trim();
        problem = `the __error__ filter is before ${quote(unwrapText)}: it does not drop the values unwrap cannot convert, and Loki fails the evaluation on them; `
          + `filter after the unwrap (${quote(`${unwrapText} | __error__=""`)}), which also drops the lines the parser could not read`;
      }
      return false;
    },
  });
  return problem;
}
