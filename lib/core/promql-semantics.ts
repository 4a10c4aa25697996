import { SyntaxNode, Tree } from '@lezer/common';
import { childrenNamed, decodeStringLiteral, selectorMatchers } from './syntax';
import { Re2Regex } from './regex';
import { PrometheusVersion } from './target-versions';

// The checks Prometheus' parser makes after the grammar (promql/parser/parse.go checkAST, functions.go):
// value types of function arguments, aggregation parameters and binary operands, argument counts,
// vector matching rules, modifiers, selectors that select everything. Checked against promtool 2.42 and
// 3.5 by test/core/promql-semantics.test.ts. The functions accepted are those both versions know without
// feature flags. Not public API: PromQL.parse() runs it.

/** A PromQL value type, named as Prometheus names it in messages. */
type ValueType = 'scalar' | 'instant vector' | 'range vector' | 'string';

const S: ValueType = 'scalar';
const V: ValueType = 'instant vector';
const M: ValueType = 'range vector';
const STR: ValueType = 'string';

interface FunctionSignature {
  readonly args: ValueType[];
  /** 0: exactly `args`; n > 0: the last argument may be left out or repeated up to n times in all; -1: repeated any number of times. */
  readonly variadic: number;
  readonly returns: ValueType;
}

const fn = (args: ValueType[], returns: ValueType = V, variadic = 0): FunctionSignature => ({ args, returns, variadic });

/** The functions of Prometheus 2.42 and 3.5 alike, without feature flags. */
const FUNCTIONS: { [name: string]: FunctionSignature } = {
  abs: fn([V]), absent: fn([V]), absent_over_time: fn([M]), acos: fn([V]), acosh: fn([V]), asin: fn([V]), asinh: fn([V]),
  atan: fn([V]), atanh: fn([V]), avg_over_time: fn([M]), ceil: fn([V]), changes: fn([M]), clamp: fn([V, S, S]),
  clamp_max: fn([V, S]), clamp_min: fn([V, S]), cos: fn([V]), cosh: fn([V]), count_over_time: fn([M]),
  days_in_month: fn([V], V, 1), day_of_month: fn([V], V, 1), day_of_week: fn([V], V, 1), day_of_year: fn([V], V, 1),
  deg: fn([V]), delta: fn([M]), deriv: fn([M]), exp: fn([V]), floor: fn([V]), histogram_count: fn([V]), histogram_sum: fn([V]), histogram_avg: fn([V]), histogram_stddev: fn([V]), histogram_stdvar: fn([V]),
  histogram_fraction: fn([S, S, V]), histogram_quantile: fn([S, V]), hour: fn([V], V, 1), idelta: fn([M]), increase: fn([M]),
  irate: fn([M]), label_replace: fn([V, STR, STR, STR, STR]), label_join: fn([V, STR, STR, STR], V, -1), last_over_time: fn([M]),
  ln: fn([V]), log10: fn([V]), log2: fn([V]), max_over_time: fn([M]), min_over_time: fn([M]), minute: fn([V], V, 1),
  month: fn([V], V, 1), pi: fn([], S), predict_linear: fn([M, S]), present_over_time: fn([M]), quantile_over_time: fn([S, M]),
  rad: fn([V]), rate: fn([M]), resets: fn([M]), round: fn([V, S], V, 1), scalar: fn([V], S), sgn: fn([V]), sin: fn([V]),
  sinh: fn([V]), sort: fn([V]), sort_desc: fn([V]), sqrt: fn([V]), stddev_over_time: fn([M]), stdvar_over_time: fn([M]),
  sum_over_time: fn([M]), tan: fn([V]), tanh: fn([V]), time: fn([], S), timestamp: fn([V]), vector: fn([S]), year: fn([V], V, 1),
};

/** Functions one of the two versions refuses, and why. */
const NOT_PORTABLE: { [name: string]: string } = {
  holt_winters: 'Prometheus 3 removed it (its successor double_exponential_smoothing is experimental)',
  double_exponential_smoothing: 'it is experimental in Prometheus 3 (--enable-feature=promql-experimental-functions) and unknown to 2.42',
  sort_by_label: 'it is experimental in Prometheus 3 (--enable-feature=promql-experimental-functions) and unknown to 2.42',
  sort_by_label_desc: 'it is experimental in Prometheus 3 (--enable-feature=promql-experimental-functions) and unknown to 2.42',
  info: 'it is experimental in Prometheus 3 (--enable-feature=promql-experimental-functions) and unknown to 2.42',
  mad_over_time: 'it is experimental in Prometheus 3 (--enable-feature=promql-experimental-functions) and unknown to 2.42',
};

const AGGREGATION_PARAMETER: { [op: string]: ValueType | undefined } = { topk: S, bottomk: S, quantile: S, count_values: STR };
const NOT_PORTABLE_AGGREGATIONS: { [op: string]: string } = {
  limitk: 'it is experimental in Prometheus 3 (--enable-feature=promql-experimental-functions) and unknown to 2.42',
  limit_ratio: 'it is experimental in Prometheus 3 (--enable-feature=promql-experimental-functions) and unknown to 2.42',
};
const COMPARISONS = new Set(['==', '!=', '>', '<', '>=', '<=']);
const SET_OPERATORS = new Set(['and', 'or', 'unless']);


/** A semantic error: what Prometheus says, at an offset of the text. */
export interface SemanticError {
  readonly offset: number;
  readonly message: string;
}

class Failure extends Error {
  public constructor(public readonly offset: number, message: string) {
    super(message);
  }
}

/**
 * The first error Prometheus' parser reports after the grammar accepted the expression, or undefined.
 * It depends on the shape of the expression only (not on the contents of string literals), so that it
 * can be checked once per shape. Iterative enough for long chains of binary operators.
 * @internal
 */
export function promqlSemanticError(text: string, tree: Tree): SemanticError | undefined {
  const top = childrenNamed(tree.topNode)[0];
  if (!top) return undefined;
  try {
    new Checker(text).type(top);
    return undefined;
  } catch (e) {
    if (e instanceof Failure) return { offset: e.offset, message: e.message };
    if (e instanceof RangeError) return undefined; // too deep for this walk: left to Prometheus
    throw e;
  }
}

class Checker {
  public constructor(private readonly text: string) {}

  private src(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  public type(node: SyntaxNode): ValueType {
    switch (node.name) {
      case 'NumberDurationLiteral':
        return S;
      case 'StringLiteral':
        return STR;
      case 'VectorSelector':
        this.selector(node);
        return V;
      case 'MatrixSelector': {
        const inner = childrenNamed(node)[0];
        if (!inner || inner.name !== 'VectorSelector') throw new Failure(node.from, 'ranges only allowed for vector selectors');
        this.selector(inner);
        this.positiveDuration(node);
        return M;
      }
      case 'ParenExpr': {
        const inner = childrenNamed(node)[0];
        return inner ? this.type(inner) : V;
      }
      case 'UnaryExpr': {
        const inner = childrenNamed(node)[0];
        const t = inner ? this.type(inner) : V;
        if (t !== S && t !== V) throw new Failure(node.from, 'unary expression only allowed on expressions of type scalar or instant vector');
        return t;
      }
      case 'OffsetExpr':
      case 'StepInvariantExpr':
        return this.modifier(node);
      case 'SubqueryExpr':
        return this.subquery(node);
      case 'FunctionCall':
        return this.functionCall(node);
      case 'AggregateExpr':
        return this.aggregate(node);
      case 'BinaryExpr':
        return this.binary(node);
      default:
        return V;
    }
  }

  private selector(_node: SyntaxNode): void {
    // matchers are checked on the expression's own text (promqlContentError): they depend on literal contents
  }

  /** `x[0s]`, `x[5m:0s]`... */
  private positiveDuration(node: SyntaxNode): void {
    const duration = node.getChild('DurationExpr') ?? node.getChild('NumberDurationLiteralInDurationContext');
    if (!duration) return;
    const value = this.src(duration).trim();
    if (/^[0-9]+$/.test(value) ? Number(value) === 0 : /^(0+[a-z]+)+$/.test(value)) throw new Failure(duration.from, 'duration must be greater than 0');
  }

  /** `offset` and `@`: lezer's tree puts them around a whole binary expression; Prometheus binds them to the last operand. */
  private modifier(node: SyntaxNode): ValueType {
    const inner = childrenNamed(node)[0];
    if (!inner) return V;
    const target = rightmostOperand(inner);
    if (!['VectorSelector', 'MatrixSelector', 'SubqueryExpr', 'OffsetExpr', 'StepInvariantExpr'].includes(target.name)) {
      throw new Failure(node.from, `${node.name === 'OffsetExpr' ? 'offset' : '@'} modifier must be preceded by an instant vector selector or range vector selector or a subquery`);
    }
    return this.type(inner);
  }

  private subquery(node: SyntaxNode): ValueType {
    const inner = childrenNamed(node)[0];
    if (!inner) return M;
    if (inner.name === 'BinaryExpr') {
      // `a + x[5m:1m]`: the subquery is the right operand of the binary expression
      this.type(inner);
      throw new Failure(inner.from, 'binary expression must contain only scalar and instant vector types');
    }
    const t = this.type(inner);
    if (t !== V) throw new Failure(node.from, `subquery is only allowed on instant vector, got ${t}`);
    this.positiveDuration(node);
    return M;
  }

  private functionCall(node: SyntaxNode): ValueType {
    const identifier = node.getChild('FunctionIdentifier');
    const name = identifier ? this.src(identifier) : '';
    const body = node.getChild('FunctionCallBody');
    const args = body ? childrenNamed(body) : [];
    if (NOT_PORTABLE[name] !== undefined) throw new Failure(node.from, `function ${JSON.stringify(name)} is not portable: ${NOT_PORTABLE[name]}`);
    const signature = FUNCTIONS[name];
    if (!signature) throw new Failure(node.from, `unknown function with name ${JSON.stringify(name)}`);
    const n = signature.args.length;
    if (signature.variadic === 0) {
      if (args.length !== n) throw new Failure(node.from, `expected ${n} argument(s) in call to ${JSON.stringify(name)}, got ${args.length}`);
    } else {
      if (args.length < n - 1) throw new Failure(node.from, `expected at least ${n - 1} argument(s) in call to ${JSON.stringify(name)}, got ${args.length}`);
      if (signature.variadic > 0 && args.length > n - 1 + signature.variadic) {
        throw new Failure(node.from, `expected at most ${n - 1 + signature.variadic} argument(s) in call to ${JSON.stringify(name)}, got ${args.length}`);
      }
    }
    args.forEach((arg, i) => {
      const expected = signature.args[Math.min(i, n - 1)];
      this.expect(arg, expected, `call to function ${JSON.stringify(name)}`);
    });
    return signature.returns;
  }

  private aggregate(node: SyntaxNode): ValueType {
    const opNode = node.getChild('AggregateOp');
    const op = opNode ? this.src(opNode).toLowerCase() : '';
    if (NOT_PORTABLE_AGGREGATIONS[op] !== undefined) throw new Failure(node.from, `aggregation ${JSON.stringify(op)} is not portable: ${NOT_PORTABLE_AGGREGATIONS[op]}`);
    const body = node.getChild('FunctionCallBody');
    const args = body ? childrenNamed(body) : [];
    const parameter = AGGREGATION_PARAMETER[op];
    const expected = parameter === undefined ? 1 : 2;
    if (args.length !== expected) {
      throw new Failure(node.from, parameter === undefined ? `wrong number of arguments for aggregate expression provided, expected 1, got ${args.length}` : `wrong number of arguments for aggregate expression provided, expected 2, got ${args.length}`);
    }
    if (parameter !== undefined) this.expect(args[0], parameter, 'aggregation parameter');
    this.expect(args[args.length - 1], V, 'aggregation expression');
    return V;
  }

  private binary(node: SyntaxNode): ValueType {
    // long chains (`a or b or c ...`) nest on the left: walk them without recursion
    const chain: SyntaxNode[] = [];
    let left: SyntaxNode = node;
    while (left.name === 'BinaryExpr') {
      chain.push(left);
      const first = childrenNamed(left)[0];
      if (!first) break;
      left = first;
    }
    let lhs = left.name === 'BinaryExpr' ? V : this.type(left);
    for (let i = chain.length - 1; i >= 0; i--) lhs = this.binaryStep(chain[i], lhs);
    return lhs;
  }

  private binaryStep(node: SyntaxNode, lhs: ValueType): ValueType {
    const operands = childrenNamed(node);
    const operator = node.firstChild?.nextSibling;
    const op = operator ? this.src(operator).toLowerCase() : '';
    const rhs = operands[1] ? this.type(operands[1]) : V;
    const returnBool = !!node.getChild('BoolModifier');
    const clause = node.getChild('MatchingModifierClause');
    if ((lhs !== S && lhs !== V) || (rhs !== S && rhs !== V)) throw new Failure(node.from, 'binary expression must contain only scalar and instant vector types');
    if (returnBool && !COMPARISONS.has(op)) throw new Failure(node.from, 'bool modifier can only be used on comparison operators');
    if (COMPARISONS.has(op) && lhs === S && rhs === S && !returnBool) throw new Failure(node.from, 'comparisons between scalars must use BOOL modifier');
    if (SET_OPERATORS.has(op) && (lhs === S || rhs === S)) throw new Failure(node.from, `set operator ${JSON.stringify(op)} not allowed in binary scalar expression`);
    if (clause) {
      if (lhs === S || rhs === S) throw new Failure(node.from, 'vector matching only allowed between instant vectors');
      const grouped = !!clause.getChild('GroupLeft') || !!clause.getChild('GroupRight');
      if (grouped && SET_OPERATORS.has(op)) throw new Failure(node.from, `no grouping allowed for ${JSON.stringify(op)} operation`);
      const groupings = clause.getChildren('GroupingLabels');
      if (grouped && clause.getChild('On') && groupings.length > 1) {
        const on = new Set(groupings[0].getChildren('LabelName').map((l) => this.src(l)));
        const both = groupings[1].getChildren('LabelName').map((l) => this.src(l)).find((l) => on.has(l));
        if (both !== undefined) throw new Failure(node.from, `label ${JSON.stringify(both)} must not occur in ON and GROUP clause at once`);
      }
    }
    return lhs === S && rhs === S ? S : V;
  }

  private expect(node: SyntaxNode, expected: ValueType, context: string): void {
    const t = this.type(node);
    if (t !== expected) throw new Failure(node.from, `expected type ${expected} in ${context}, got ${t}`);
  }
}

/** The operand an `offset`/`@` written after a binary expression applies to: its last one. */
function rightmostOperand(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.name === 'BinaryExpr') {
    const operands = childrenNamed(n);
    n = operands[operands.length - 1] ?? n;
    if (operands.length === 0) break;
  }
  return n;
}


/** Where the literals are that the content checks read, found once per tree (trees are shared by shape). */
interface ContentSites {
  /** Every string literal. */
  readonly strings: Array<[number, number]>;
  /** Selectors: where they start, whether they have a name, and their matchers. */
  readonly selectors: Array<{ readonly from: number; readonly named: boolean; readonly matchers: Array<{ readonly from: number; readonly op: string; readonly value: [number, number] }> }>;
}

const SITES = new WeakMap<Tree, ContentSites>();

function sitesOf(tree: Tree, text: string): ContentSites {
  let sites = SITES.get(tree);
  if (sites === undefined) {
    const strings: Array<[number, number]> = [];
    const selectors: ContentSites['selectors'] = [];
    tree.iterate({
      enter: (ref) => {
        if (ref.name === 'StringLiteral') strings.push([ref.from, ref.to]);
        if (ref.name !== 'VectorSelector') return undefined;
        const node = ref.node;
        const matchers = selectorMatchers(node, text).flatMap((m) => (m.op !== undefined && m.value && m.node !== m.labelNode ? [{ from: m.node.from, op: m.op, value: [m.value.from, m.value.to] as [number, number] }] : []));
        selectors.push({ from: node.from, named: !!node.getChild('Identifier') || !!node.getChild('LabelMatchers')?.getChild('QuotedLabelName'), matchers });
        return undefined;
      },
    });
    sites = { strings, selectors };
    SITES.set(tree, sites);
  }
  return sites;
}

/**
 * The checks that depend on the contents of string literals, so on each expression and not only on its
 * shape: regular expressions of matchers (RE2, as Prometheus compiles them), escape sequences (Go's), and
 * selectors without a name that could select every series.
 * @internal
 */
export function promqlContentError(text: string, tree: Tree): SemanticError | undefined {
  const sites = sitesOf(tree, text);
  if (text.includes('\\')) {
    for (const [from, to] of sites.strings) {
      const bad = badEscape(text.slice(from, to));
      if (bad !== undefined) return { offset: from, message: bad };
    }
  }
  for (const selector of sites.selectors) {
    let selectsSomething = selector.named;
    for (const m of selector.matchers) {
      const regexOp = m.op === '=~' || m.op === '!~';
      if (selectsSomething && !regexOp) continue;
      const value = decodeStringLiteral(text.slice(m.value[0], m.value[1]));
      let acceptsEmpty: boolean;
      if (regexOp) {
        let regex: Re2Regex;
        try {
          regex = Re2Regex.of(value);
        } catch (e) {
          return { offset: m.from, message: `error parsing regexp: ${(e as Error).message.replace(/^.*?: /, '')}` };
        }
        if (selectsSomething) continue;
        acceptsEmpty = regex.matchesFully('') === (m.op === '=~');
      } else {
        acceptsEmpty = (value === '') === (m.op === '=');
      }
      if (!acceptsEmpty) selectsSomething = true;
    }
    if (!selectsSomething) return { offset: selector.from, message: 'vector selector must contain at least one non-empty matcher' };
  }
  return undefined;
}

/** Go's escape sequences in a string literal; the first unknown one, in Prometheus' words. */
function badEscape(literal: string): string | undefined {
  const quoteChar = literal[0];
  if (quoteChar === '`') return undefined;
  for (let i = 1; i < literal.length - 1; i++) {
    if (literal[i] !== '\\') continue;
    const c = literal[i + 1];
    if ('abfnrtv\\'.includes(c) || c === quoteChar) {
      i++;
      continue;
    }
    const fixed: { [k: string]: RegExp } = { x: /^[0-9a-fA-F]{2}$/, u: /^[0-9a-fA-F]{4}$/, U: /^[0-9a-fA-F]{8}$/ };
    const length: { [k: string]: number } = { x: 2, u: 4, U: 8 };
    if (c in fixed) {
      if (!fixed[c].test(literal.slice(i + 2, i + 2 + length[c]))) return `invalid escape sequence \\${c}`;
      i += 1 + length[c];
      continue;
    }
    if (/[0-7]/.test(c)) {
      if (!/^[0-7]{3}$/.test(literal.slice(i + 1, i + 4))) return 'invalid octal escape sequence';
      i += 3;
      continue;
    }
    return `unknown escape sequence U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} '${c}'`;
  }
  return undefined;
}


/**
 * Functions Prometheus 2.42 does not know and 3.5 knows (not as experimental): the release they are checked
 * from (the newer of the two the test suite runs), and what to write for older targets.
 */
const INTRODUCED: { [name: string]: { readonly since: PrometheusVersion; readonly instead: string } } = {
  histogram_avg: { since: PrometheusVersion.V3_5, instead: 'histogram_sum(x) / histogram_count(x)' },
  histogram_stddev: { since: PrometheusVersion.V3_5, instead: 'a recording rule on a 3.x Prometheus' },
  histogram_stdvar: { since: PrometheusVersion.V3_5, instead: 'a recording rule on a 3.x Prometheus' },
};

const VERSION_ERRORS = new WeakMap<Tree, Map<string, SemanticError | null>>();

/**
 * What the expression uses that `version` (the oldest release it must load in) does not know: functions a
 * newer release introduced, and names in quotes (`{"http.server.duration"}`, Prometheus 3's UTF-8 syntax).
 * Function names and quotes are part of an expression's shape (only string contents differ between texts
 * sharing a tree), so it is checked once per tree.
 * @internal
 */
export function promqlVersionError(text: string, tree: Tree, version: PrometheusVersion): SemanticError | undefined {
  let byVersion = VERSION_ERRORS.get(tree);
  if (byVersion === undefined) {
    byVersion = new Map();
    VERSION_ERRORS.set(tree, byVersion);
  }
  const key = version.toString();
  let error = byVersion.get(key);
  if (error === undefined) {
    error = null;
    const between = version.atLeast(PrometheusVersion.V2_42) && !version.atLeast(PrometheusVersion.V3_5) && version.toString() !== PrometheusVersion.V2_42.toString();
    const target = `the target is Prometheus ${version} (targetVersions.prometheus)${between ? ', which the checks treat as 2.42: they know the behaviour of 2.42 and 3.5, and a release between them may lack what 3.5 has' : ''}`;
    const cursor = tree.cursor();
    do {
      if (cursor.name === 'QuotedLabelName' && !version.atLeast(PrometheusVersion.V3_5)) {
        error = { offset: cursor.from, message: `names in quotes (UTF-8 names) are unknown to Prometheus 2.42 and checked from Prometheus 3.5 on; ${target}. Use a name of letters, digits and underscores, or declare targetVersions: { prometheus: PrometheusVersion.V3_5 } if every Prometheus that loads it runs 3.x` };
        break;
      }
      if (cursor.name === 'FunctionIdentifier') {
        const name = text.slice(cursor.from, cursor.to);
        const introduced = Object.prototype.hasOwnProperty.call(INTRODUCED, name) ? INTRODUCED[name] : undefined;
        if (introduced && !version.atLeast(introduced.since)) {
          error = { offset: cursor.from, message: `function ${JSON.stringify(name)} is unknown to Prometheus 2.42 and checked from Prometheus ${introduced.since} on; ${target}. Use ${introduced.instead}, or declare targetVersions: { prometheus: PrometheusVersion.V3_5 } if every Prometheus that loads it runs 3.x` };
          break;
        }
      }
    } while (cursor.next());
    byVersion.set(key, error);
  }
  return error ?? undefined;
}

/**
 * Why a name before `(` is not a function Prometheus (both versions) accepts, or undefined when it is one;
 * for the grammar's error, which only says the parenthesis was unexpected.
 * @internal
 */
export function functionProblem(name: string): string | undefined {
  if (INTRODUCED[name] !== undefined) return undefined;
  if (FUNCTIONS[name] !== undefined || AGGREGATION_PARAMETER[name] !== undefined) return undefined;
  if (NOT_PORTABLE[name] !== undefined) return `function ${JSON.stringify(name)} is not portable: ${NOT_PORTABLE[name]}`;
  if (NOT_PORTABLE_AGGREGATIONS[name] !== undefined) return `aggregation ${JSON.stringify(name)} is not portable: ${NOT_PORTABLE_AGGREGATIONS[name]}`;
  return `unknown function with name ${JSON.stringify(name)}`;
}
