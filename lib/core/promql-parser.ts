import { NodeType, Tree } from '@lezer/common';
import { parser as lezerPromQL } from '@prometheus-io/lezer-promql';

// A PromQL parser of our own that builds the same lezer tree as `@prometheus-io/lezer-promql` (same node
// types, nesting and positions), for the expressions that grammar's parser gives up on although Prometheus
// accepts them: lezer cuts off left-associative chains of more than about 300 long operands (a 600-term
// `a + b + ...`, a few hundred `or`-ed selectors) and nesting beyond about 1,400 levels, to keep its trees
// shallow. expressions.ts uses it only when lezer reports an error in a long expression; its tree is then
// checked like any other. Binary chains are built with explicit stacks (no recursion per operand), so their
// length is not limited; each level of parentheses or call nesting costs a few stack frames.
// test/core/promql-parser.test.ts checks that both parsers build the same tree for every expression of the
// reference apps and of the PromQL corpora, and that promtool accepts what only this parser accepts.
// Not public API.

/**
 * Where the first syntax error is, as lezer would report it (the offset of the unexpected token), or why an
 * expression is beyond what the checks follow.
 * @internal
 */
export interface PromQLSyntaxError {
  readonly offset: number;
  /** Set when the expression is valid syntax but deeper than MAX_TREE_DEPTH. */
  readonly message?: string;
}

/**
 * How deep a tree the checks walk: lezer's tree builder and the analyses recurse once per level (a binary
 * operator is one level, so is a call or a pair of parentheses). Prometheus has no such limit; an expression
 * this deep is better split into recording rules anyway.
 * @internal
 */
export const MAX_TREE_DEPTH = 2000;

interface Node {
  readonly type: number;
  readonly from: number;
  readonly to: number;
  readonly children: Node[];
}

type TokenKind = 'number' | 'string' | 'identifier' | 'punct' | 'eof';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly from: number;
  readonly to: number;
}

const TYPES = new Map<string, NodeType>(lezerPromQL.nodeSet.types.map((t) => [t.name, t]));
function typeId(name: string): number {
  const type = TYPES.get(name);
  if (!type) throw new Error(`lezer-promql has no node type ${name}`);
  return type.id;
}

/** The lezer node type of a function's or an aggregation's keyword, read from lezer's own tree once per name. */
const KEYWORD_TYPES = new Map<string, { kind: 'function' | 'aggregate'; type: number } | null>();
function keywordType(name: string): { kind: 'function' | 'aggregate'; type: number } | null {
  let known = KEYWORD_TYPES.get(name);
  if (known === undefined) {
    known = null;
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      const top = lezerPromQL.parse(`${name}(x)`).topNode.firstChild;
      const keyword = top?.firstChild?.firstChild;
      if (top?.name === 'FunctionCall' && top.firstChild?.name === 'FunctionIdentifier' && keyword) known = { kind: 'function', type: keyword.type.id };
      else if (top?.name === 'AggregateExpr' && top.firstChild?.name === 'AggregateOp' && keyword) known = { kind: 'aggregate', type: keyword.type.id };
    }
    KEYWORD_TYPES.set(name, known);
  }
  return known;
}

/** Binary operators: lezer node type, precedence (higher binds tighter) and right associativity. */
const BINARY = new Map<string, { name: string; precedence: number; right?: boolean }>(Object.entries({
  '^': { name: 'Pow', precedence: 6, right: true },
  '*': { name: 'Mul', precedence: 5 },
  '/': { name: 'Div', precedence: 5 },
  '%': { name: 'Mod', precedence: 5 },
  atan2: { name: 'Atan2', precedence: 5 },
  '+': { name: 'Add', precedence: 4 },
  '-': { name: 'Sub', precedence: 4 },
  '==': { name: 'Eql', precedence: 3 },
  '!=': { name: 'Neq', precedence: 3 },
  '>=': { name: 'Gte', precedence: 3 },
  '>': { name: 'Gtr', precedence: 3 },
  '<=': { name: 'Lte', precedence: 3 },
  '<': { name: 'Lss', precedence: 3 },
  and: { name: 'And', precedence: 2 },
  unless: { name: 'Unless', precedence: 2 },
  or: { name: 'Or', precedence: 1 },
}));
const UNARY_PRECEDENCE = 5;
/** Keywords lezer never reads as an identifier. */
const RESERVED = new Set(['bool', 'ignoring', 'on', 'group_left', 'group_right', 'offset']);
const MATCH_OPS = new Map(Object.entries({ '=': 'EqlSingle', '!=': 'Neq', '=~': 'EqlRegex', '!~': 'NeqRegex' }));
const DURATION_FUNCTIONS = new Map(Object.entries({ step: 'DurationStep', range: 'DurationRange', min_of: 'DurationMinOf', max_of: 'DurationMaxOf' }));
const DURATION_OPS = new Map<string, { name: string; precedence: number; right?: boolean }>(Object.entries({
  '^': { name: 'Pow', precedence: 3, right: true },
  '*': { name: 'Mul', precedence: 2 },
  '/': { name: 'Div', precedence: 2 },
  '%': { name: 'Mod', precedence: 2 },
  '+': { name: 'Add', precedence: 1 },
  '-': { name: 'Sub', precedence: 1 },
}));

const NUMBER = /(?:0[xX][0-9a-fA-F]+|(?=\d)(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m(?!s))?(?:\d+s)?(?:\d+ms)?(?<=[a-z])|(?:\d+(?:_?\d)*(?:\.\d+(?:_?\d)*)?|\.\d+(?:_?\d)*)(?:[eE][+-]?\d+(?:_?\d)*)?)/y;
const IDENTIFIER = /[A-Za-z_:][A-Za-z0-9_:]*/y;
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PUNCT = /==|!=|<=|>=|=~|!~|[-+*\/%^<>=(){}\[\],:@]/y;

class SyntaxFailure {
  constructor(public readonly offset: number) {}
}

class Lexer {
  /** Inside `[...]`, where `:` separates a subquery's range and step instead of starting a name. */
  public inBrackets = false;
  private pos = 0;
  private peeked?: Token;
  constructor(private readonly text: string) {}

  public peek(): Token {
    this.peeked ??= this.read();
    return this.peeked;
  }

  public next(): Token {
    const token = this.peek();
    this.peeked = undefined;
    return token;
  }

  /** The token after the next one (for `sum by`, `-1`, `start()`). */
  public peekSecond(): Token {
    this.peek();
    const saved = this.pos;
    const second = this.read();
    this.pos = saved;
    return second;
  }

  private read(): Token {
    const text = this.text;
    let i = this.pos;
    for (;;) {
      while (i < text.length && /\s/.test(text[i])) i++;
      if (text[i] === '#') {
        while (i < text.length && text[i] !== '\n') i++;
        continue;
      }
      break;
    }
    if (i >= text.length) {
      this.pos = i;
      return { kind: 'eof', text: '', from: i, to: i };
    }
    const c = text[i];
    let end: number;
    let kind: TokenKind;
    if (c === '"' || c === "'") {
      end = i + 1;
      while (end < text.length && text[end] !== c && text[end] !== '\n') end += text[end] === '\\' ? 2 : 1;
      if (end >= text.length || text[end] !== c) throw new SyntaxFailure(i);
      end++;
      kind = 'string';
    } else if (c === '`') {
      end = text.indexOf('`', i + 1);
      if (end < 0) throw new SyntaxFailure(i);
      end++;
      kind = 'string';
    } else if (/[0-9.]/.test(c)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m || m[0] === '') throw new SyntaxFailure(i);
      end = i + m[0].length;
      kind = 'number';
    } else if (/[A-Za-z_]/.test(c) || (c === ':' && !this.inBrackets)) {
      IDENTIFIER.lastIndex = i;
      end = i + IDENTIFIER.exec(text)![0].length;
      kind = 'identifier';
    } else {
      PUNCT.lastIndex = i;
      const m = PUNCT.exec(text);
      if (!m) throw new SyntaxFailure(i);
      end = i + m[0].length;
      kind = 'punct';
    }
    this.pos = end;
    return { kind, text: text.slice(i, end), from: i, to: end };
  }
}

function leaf(name: string, token: { from: number; to: number }): Node {
  return { type: typeId(name), from: token.from, to: token.to, children: [] };
}

function wrap(name: string, children: Node[], from = children[0].from, to = children[children.length - 1].to): Node {
  return { type: typeId(name), from, to, children };
}

interface PendingOperator {
  readonly precedence: number;
  readonly right: boolean;
  /** For a binary operator: the operator and modifier nodes; for a unary one: the UnaryOp node. */
  readonly nodes: Node[];
  readonly unary: boolean;
}

class Parser {
  private readonly lexer: Lexer;
  constructor(text: string) {
    this.lexer = new Lexer(text);
  }

  public parse(): Node {
    const expr = this.expression();
    const rest = this.lexer.peek();
    if (rest.kind !== 'eof') throw new SyntaxFailure(rest.from);
    return expr;
  }

  private expect(text: string): Token {
    const token = this.lexer.next();
    if (token.kind === 'eof' || token.text !== text) throw new SyntaxFailure(token.from);
    return token;
  }

  private isPunct(text: string): boolean {
    const token = this.lexer.peek();
    return token.kind === 'punct' && token.text === text;
  }

  private keyword(): string | undefined {
    const token = this.lexer.peek();
    return token.kind === 'identifier' ? token.text.toLowerCase() : undefined;
  }

  /** An expression up to the end of its context (`)`, `,`, `]`, end of input), binary chains without recursion. */
  private expression(): Node {
    const operands: Node[] = [];
    const operators: PendingOperator[] = [];
    const reduce = () => {
      const op = operators.pop()!;
      if (op.unary) {
        const operand = operands.pop()!;
        operands.push(wrap('UnaryExpr', [...op.nodes, operand]));
      } else {
        const rhs = operands.pop()!;
        const lhs = operands.pop()!;
        operands.push(wrap('BinaryExpr', [lhs, ...op.nodes, rhs]));
      }
    };
    for (;;) {
      // prefix signs; a sign right before a number is part of the number literal
      for (;;) {
        const token = this.lexer.peek();
        if (token.kind !== 'punct' || (token.text !== '-' && token.text !== '+')) break;
        const after = this.lexer.peekSecond();
        if (after.kind === 'number' || (after.kind === 'identifier' && /^(inf|nan)$/i.test(after.text))) break;
        this.lexer.next();
        operators.push({ precedence: UNARY_PRECEDENCE, right: true, nodes: [leaf('UnaryOp', token)], unary: true });
      }
      operands.push(this.primary());
      // postfix modifiers apply to everything before them in this context, as in lezer's tree
      for (;;) {
        const word = this.keyword();
        if (word === 'offset' || this.isPunct('@') || this.isPunct('[')) {
          while (operators.length > 0) reduce();
          operands.push(this.postfix(operands.pop()!));
          continue;
        }
        break;
      }
      const token = this.lexer.peek();
      const op = token.kind === 'punct' ? BINARY.get(token.text) : token.kind === 'identifier' ? BINARY.get(token.text.toLowerCase()) : undefined;
      if (!op) break;
      this.lexer.next();
      const nodes = [leaf(op.name, token), ...this.binaryModifiers()];
      while (operators.length > 0) {
        const top = operators[operators.length - 1];
        if (top.precedence > op.precedence || (top.precedence === op.precedence && !op.right)) reduce();
        else break;
      }
      operators.push({ precedence: op.precedence, right: !!op.right, nodes, unary: false });
    }
    while (operators.length > 0) reduce();
    return operands[0];
  }

  private binaryModifiers(): Node[] {
    const nodes: Node[] = [];
    if (this.keyword() === 'bool') nodes.push(wrap('BoolModifier', [leaf('Bool', this.lexer.next())]));
    const word = this.keyword();
    if (word === 'on' || word === 'ignoring') {
      const children = [leaf(word === 'on' ? 'On' : 'Ignoring', this.lexer.next()), this.groupingLabels()];
      const group = this.keyword();
      if (group === 'group_left' || group === 'group_right') {
        children.push(leaf(group === 'group_left' ? 'GroupLeft' : 'GroupRight', this.lexer.next()));
        if (this.isPunct('(')) children.push(this.groupingLabels());
      }
      nodes.push(wrap('MatchingModifierClause', children));
    }
    return nodes;
  }

  private postfix(expr: Node): Node {
    if (this.keyword() === 'offset') {
      const offset = leaf('Offset', this.lexer.next());
      return wrap('OffsetExpr', [expr, offset, this.offsetDuration()]);
    }
    if (this.isPunct('@')) {
      const at = leaf('At', this.lexer.next());
      const word = this.keyword();
      if ((word === 'start' || word === 'end') && this.lexer.peekSecond().text === '(') {
        const name = this.lexer.next();
        this.expect('(');
        const close = this.expect(')');
        const pre = wrap('AtModifierPreprocessors', [leaf(word === 'start' ? 'AtStart' : 'AtEnd', name)]);
        return wrap('StepInvariantExpr', [expr, at, pre], expr.from, close.to);
      }
      return wrap('StepInvariantExpr', [expr, at, this.numberLiteral()]);
    }
    this.expect('[');
    this.lexer.inBrackets = true;
    const range = this.durationExpression();
    if (this.isPunct(':')) {
      this.lexer.next();
      const children = [expr, range];
      if (!this.isPunct(']')) children.push(this.durationExpression());
      const close = this.expect(']');
      this.lexer.inBrackets = false;
      return wrap('SubqueryExpr', children, expr.from, close.to);
    }
    const close = this.expect(']');
    this.lexer.inBrackets = false;
    return wrap('MatrixSelector', [expr, range], expr.from, close.to);
  }

  /** A number literal, with its sign. */
  private numberLiteral(): Node {
    let first = this.lexer.next();
    const from = first.from;
    if (first.kind === 'punct' && (first.text === '-' || first.text === '+')) first = this.lexer.next();
    if (first.kind !== 'number' && !(first.kind === 'identifier' && /^(inf|nan)$/i.test(first.text))) throw new SyntaxFailure(first.from);
    return { type: typeId('NumberDurationLiteral'), from, to: first.to, children: [] };
  }

  private offsetDuration(): Node {
    const token = this.lexer.peek();
    if (token.kind === 'punct' && (token.text === '-' || token.text === '+')) {
      const sign = leaf('UnaryOp', this.lexer.next());
      const inner = this.offsetDuration();
      return wrap('OffsetDurationExpr', [sign, inner]);
    }
    const primary = this.durationPrimary();
    return wrap('OffsetDurationExpr', primary.children, primary.from, primary.to);
  }

  /** A duration expression inside `[...]` (short: recursion is fine here). */
  private durationExpression(minPrecedence = 0): Node {
    let lhs: Node;
    const token = this.lexer.peek();
    if (token.kind === 'punct' && (token.text === '-' || token.text === '+')) {
      const sign = leaf('UnaryOp', this.lexer.next());
      lhs = wrap('DurationExpr', [sign, this.durationExpression(DURATION_OPS.get('*')!.precedence)]);
    } else {
      const primary = this.durationPrimary();
      lhs = wrap('DurationExpr', primary.children, primary.from, primary.to);
    }
    for (;;) {
      const next = this.lexer.peek();
      const op = next.kind === 'punct' ? DURATION_OPS.get(next.text) : undefined;
      if (!op || op.precedence < minPrecedence || (op.precedence === minPrecedence && !op.right)) break;
      this.lexer.next();
      const rhs = this.durationExpression(op.right ? op.precedence : op.precedence + 1);
      lhs = wrap('DurationExpr', [lhs, leaf(op.name, next), rhs]);
    }
    return lhs;
  }

  /** A duration literal, `(...)`, `step()`, `range()`, `min_of(a, b)` or `max_of(a, b)`: the children and span of the node it makes. */
  private durationPrimary(): { children: Node[]; from: number; to: number } {
    const token = this.lexer.next();
    if (token.kind === 'number' || (token.kind === 'identifier' && /^(inf|nan)$/i.test(token.text))) {
      return { children: [leaf('NumberDurationLiteralInDurationContext', token)], from: token.from, to: token.to };
    }
    if (token.kind === 'punct' && token.text === '(') {
      const inner = this.durationExpression();
      const close = this.expect(')');
      return { children: [inner], from: token.from, to: close.to };
    }
    const name = token.kind === 'identifier' && this.isPunct('(') ? DURATION_FUNCTIONS.get(token.text) : undefined;
    if (name) {
      this.expect('(');
      const children = [leaf(name, token)];
      if (name === 'DurationMinOf' || name === 'DurationMaxOf') {
        children.push(this.durationExpression());
        this.expect(',');
        children.push(this.durationExpression());
      }
      const close = this.expect(')');
      return { children, from: token.from, to: close.to };
    }
    throw new SyntaxFailure(token.from);
  }

  private primary(): Node {
    const token = this.lexer.peek();
    switch (token.kind) {
      case 'number':
        return this.numberLiteral();
      case 'string':
        return leaf('StringLiteral', this.lexer.next());
      case 'punct':
        if (token.text === '-' || token.text === '+') return this.numberLiteral();
        if (token.text === '(') {
          this.lexer.next();
          const inner = this.expression();
          const close = this.expect(')');
          return wrap('ParenExpr', [inner], token.from, close.to);
        }
        if (token.text === '{') return wrap('VectorSelector', [this.labelMatchers()]);
        throw new SyntaxFailure(token.from);
      case 'identifier':
        return this.identifierExpression();
      default:
        throw new SyntaxFailure(token.from);
    }
  }

  private identifierExpression(): Node {
    const token = this.lexer.next();
    const lower = token.text.toLowerCase();
    if (lower === 'inf' || lower === 'nan') return leaf('NumberDurationLiteral', token);
    if (RESERVED.has(lower)) throw new SyntaxFailure(token.from);
    const next = this.lexer.peek();
    const calls = next.kind === 'punct' && next.text === '(';
    const grouped = next.kind === 'identifier' && /^(by|without)$/i.test(next.text);
    const aggregate = calls || grouped ? keywordType(lower) : null;
    if (aggregate?.kind === 'aggregate') {
      const op = wrap('AggregateOp', [{ type: aggregate.type, from: token.from, to: token.to, children: [] }]);
      const children = [op];
      if (!calls) children.push(this.aggregateModifier());
      children.push(this.callBody());
      if (children.length === 2 && /^(by|without)$/i.test(this.keyword() ?? '')) children.push(this.aggregateModifier());
      return wrap('AggregateExpr', children);
    }
    if (calls) {
      const fn = keywordType(token.text);
      if (fn?.kind !== 'function') throw new SyntaxFailure(next.from);
      const identifier = wrap('FunctionIdentifier', [{ type: fn.type, from: token.from, to: token.to, children: [] }]);
      return wrap('FunctionCall', [identifier, this.callBody()]);
    }
    const identifier = leaf('Identifier', token);
    if (this.isPunct('{')) return wrap('VectorSelector', [identifier, this.labelMatchers()]);
    return wrap('VectorSelector', [identifier]);
  }

  private aggregateModifier(): Node {
    const token = this.lexer.next();
    const keyword = leaf(token.text.toLowerCase() === 'by' ? 'By' : 'Without', token);
    return wrap('AggregateModifier', [keyword, this.groupingLabels()]);
  }

  private callBody(): Node {
    const open = this.expect('(');
    const args: Node[] = [];
    if (!this.isPunct(')')) {
      for (;;) {
        args.push(this.expression());
        if (!this.isPunct(',')) break;
        this.lexer.next();
      }
    }
    const close = this.expect(')');
    return wrap('FunctionCallBody', args, open.from, close.to);
  }

  private groupingLabels(): Node {
    const open = this.expect('(');
    const labels: Node[] = [];
    while (!this.isPunct(')')) {
      const token = this.lexer.next();
      if (token.kind === 'string') labels.push(wrap('QuotedLabelName', [leaf('StringLiteral', token)]));
      else if (token.kind === 'identifier' && LABEL_NAME.test(token.text)) labels.push(leaf('LabelName', token));
      else throw new SyntaxFailure(token.from);
      if (!this.isPunct(',')) break;
      this.lexer.next();
    }
    const close = this.expect(')');
    return wrap('GroupingLabels', labels, open.from, close.to);
  }

  private labelMatchers(): Node {
    const open = this.expect('{');
    const matchers: Node[] = [];
    while (!this.isPunct('}')) {
      const token = this.lexer.next();
      let name: Node;
      if (token.kind === 'string') name = wrap('QuotedLabelName', [leaf('StringLiteral', token)]);
      else if (token.kind === 'identifier' && LABEL_NAME.test(token.text)) name = leaf('LabelName', token);
      else throw new SyntaxFailure(token.from);
      const op = this.lexer.peek();
      const matchOp = op.kind === 'punct' ? MATCH_OPS.get(op.text) : undefined;
      if (matchOp) {
        this.lexer.next();
        const value = this.lexer.next();
        if (value.kind !== 'string') throw new SyntaxFailure(value.from);
        matchers.push(wrap(token.kind === 'string' ? 'QuotedLabelMatcher' : 'UnquotedLabelMatcher', [name, wrap('MatchOp', [leaf(matchOp, op)]), leaf('StringLiteral', value)]));
      } else if (token.kind === 'string') {
        matchers.push(name);
      } else {
        throw new SyntaxFailure(op.from);
      }
      if (!this.isPunct(',')) break;
      this.lexer.next();
    }
    const close = this.expect('}');
    return wrap('LabelMatchers', matchers, open.from, close.to);
  }
}

/** Post-order buffer of a node tree for `Tree.build`, without recursion. */
function treeBuffer(root: Node): number[] | undefined {
  const buffer: number[] = [];
  const stack: Array<{ node: Node; start: number; child: number }> = [{ node: root, start: 0, child: 0 }];
  while (stack.length > 0) {
    if (stack.length > MAX_TREE_DEPTH) return undefined;
    const top = stack[stack.length - 1];
    if (top.child < top.node.children.length) {
      const child = top.node.children[top.child++];
      stack.push({ node: child, start: buffer.length, child: 0 });
      continue;
    }
    stack.pop();
    buffer.push(top.node.type, top.node.from, top.node.to, buffer.length - top.start + 4);
  }
  return buffer;
}

/**
 * Parses `text` into the tree lezer-promql builds for it, or the offset of the first syntax error.
 * @internal
 */
export function parsePromQLTree(text: string): Tree | PromQLSyntaxError {
  const tooDeep = { offset: 0, message: `nests more than ${MAX_TREE_DEPTH} levels deep (each binary operator, call and pair of parentheses is a level), more than the checks follow; split it into recording rules` };
  let expr: Node;
  try {
    expr = new Parser(text).parse();
  } catch (e) {
    if (e instanceof SyntaxFailure) return { offset: e.offset };
    // the parser recurses once per level of parentheses and calls (binary chains are iterative)
    if (e instanceof RangeError) return tooDeep;
    throw e;
  }
  const buffer = treeBuffer(expr);
  if (buffer === undefined) return tooDeep;
  return Tree.build({ buffer, nodeSet: lezerPromQL.nodeSet, topID: typeId('PromQL'), length: text.length });
}
