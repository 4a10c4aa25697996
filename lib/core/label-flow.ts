import { SyntaxNode, Tree } from '@lezer/common';
import { childrenNamed, decodeStringLiteral, groupingLabelNames, PROMQL_EXPRESSIONS, selectorMatchers } from './syntax';
import { LogQL, PromQL } from './expressions';
import { Re2Regex } from './regex';

// Label-flow analysis: which labels the result of a query certainly carries, which it may carry, and
// their values where an equality matcher (or a rule's static label) fixes them. The metric name is left
// out: alerts drop it, and recording rules replace it. It follows the
// evaluation rules of the Prometheus engine (promql/engine.go: resultMetric, aggregations, functions) and
// is checked against promtool's real output by test/core/label-flow.test.ts. Sound rather than complete:
// a label is `certain` only when every series of the result carries it. Not public API.

/**
 * The labels of a query's result.
 * @internal
 */
export interface FlowLabels {
  /** A number (or string), not a vector: it carries no labels. */
  readonly scalar: boolean;
  /** Labels every series of the result carries, with a non-empty value. */
  readonly certain: ReadonlySet<string>;
  /** Every label a series of the result may carry; undefined when any label may appear (raw series). */
  readonly possible?: ReadonlySet<string>;
  /** With `possible` undefined: labels no series of the result carries. */
  readonly absent: ReadonlySet<string>;
  /** The value of labels that have one value on every series. */
  readonly values: ReadonlyMap<string, string>;
}

/**
 * Where a label that the input of an operation certainly carries is lost by it, for the fix in messages.
 * @internal
 */
export interface LabelDrop {
  readonly label: string;
  /** The operation's source text. */
  readonly operation: string;
  /** What to change, in words. */
  readonly fix: string;
}

/**
 * What the analysis knows of a series name written by a rule (a recording rule's `record`): the labels of
 * each rule that writes it and that a selector with these matchers may read (several rules may write one
 * name, e.g. one per SLO, told apart by labels).
 * @internal
 */
export type SeriesResolver = (name: string, matchers: LabelMatcher[]) => FlowLabels[] | undefined;

const EMPTY: ReadonlySet<string> = new Set();
const NO_VALUES: ReadonlyMap<string, string> = new Map();
/** @internal */
export const SCALAR_FLOW: FlowLabels = { scalar: true, certain: EMPTY, possible: EMPTY, absent: EMPTY, values: NO_VALUES };
/** A vector of series without labels (`vector(1)`, `sum(x)`). @internal */
export const NO_LABELS: FlowLabels = { scalar: false, certain: EMPTY, possible: EMPTY, absent: EMPTY, values: NO_VALUES };
/** Any labels at all (nothing known). @internal */
export const ANY_LABELS: FlowLabels = { scalar: false, certain: EMPTY, possible: undefined, absent: EMPTY, values: NO_VALUES };

/** Whether a series of the result may carry `label`. @internal */
export function mayCarry(flow: FlowLabels, label: string): boolean {
  return flow.possible ? flow.possible.has(label) : !flow.absent.has(label);
}

/**
 * The flow with some labels set: `labels` holds constant values (or undefined for a value not known but
 * never empty, such as a template). An empty constant removes the label, as Prometheus does.
 * @internal
 */
export function withLabels(flow: FlowLabels, labels: { [name: string]: string | undefined }): FlowLabels {
  if (Object.entries(labels).every(([name, value]) => value === '' && !flow.certain.has(name) && !mayCarry(flow, name))) return flow;
  const certain = new Set(flow.certain);
  const possible = flow.possible ? new Set(flow.possible) : undefined;
  const absent = new Set(flow.absent);
  const values = new Map(flow.values);
  for (const [name, value] of Object.entries(labels)) {
    if (value === '') {
      certain.delete(name);
      possible?.delete(name);
      absent.add(name);
      values.delete(name);
      continue;
    }
    certain.add(name);
    possible?.add(name);
    absent.delete(name);
    if (value === undefined) values.delete(name);
    else values.set(name, value);
  }
  return { scalar: false, certain, possible, absent, values };
}

/** The flow where `label` may or may not be carried, with a value not known. */
function mayHave(flow: FlowLabels, label: string): FlowLabels {
  return {
    scalar: false,
    certain: new Set([...flow.certain].filter((l) => l !== label)),
    possible: flow.possible ? new Set([...flow.possible, label]) : undefined,
    absent: new Set([...flow.absent].filter((l) => l !== label)),
    values: new Map([...flow.values].filter(([l]) => l !== label)),
  };
}

/** The flow without some labels. @internal */
export function withoutLabels(flow: FlowLabels, labels: Iterable<string>): FlowLabels {
  return withLabels(flow, Object.fromEntries([...labels].map((l) => [l, ''])));
}

/**
 * Every series either of two results may carry (`or`, or two rules writing the same name).
 * @internal
 */
export function unionFlow(a: FlowLabels, b: FlowLabels): FlowLabels {
  if (a.scalar) return b;
  if (b.scalar) return a;
  const certain = new Set([...a.certain].filter((l) => b.certain.has(l)));
  const possible = a.possible && b.possible ? new Set([...a.possible, ...b.possible]) : undefined;
  const absent = possible ? EMPTY : new Set([...a.absent].filter((l) => !mayCarry(b, l)).concat([...b.absent].filter((l) => !mayCarry(a, l))));
  const values = new Map([...a.values].filter(([l, v]) => b.values.get(l) === v));
  return { scalar: false, certain, possible, absent, values };
}

/** Keeps only `labels` (grouping `by`, `on`). */
function keepOnly(flow: FlowLabels, labels: string[]): FlowLabels {
  const keep = new Set(labels);
  const possible = new Set(labels.filter((l) => mayCarry(flow, l)));
  return {
    scalar: false,
    certain: new Set([...flow.certain].filter((l) => keep.has(l))),
    possible,
    absent: EMPTY,
    values: new Map([...flow.values].filter(([l]) => keep.has(l))),
  };
}

/**
 * The labels of a PromQL expression's result. `resolve` tells the labels of series written by rules
 * (followed through their own expressions); other series may carry any label.
 * @internal
 */
export function promqlFlow(expr: PromQL, resolve: SeriesResolver = () => undefined, drops?: LabelDrop[], focus?: ReadonlySet<string>): FlowLabels {
  return new PromQLFlow(expr._parsedText, resolve, drops, focus).of(expr._tree);
}

/**
 * The labels of a LogQL metric query's result. Conservative where LogQL differs from PromQL: parsers
 * (`| json`, `| logfmt`...) may add any label, and binary operations keep only what both sides certainly carry.
 * @internal
 */
export function logqlFlow(expr: LogQL, drops?: LabelDrop[], focus?: ReadonlySet<string>): FlowLabels {
  return new LogQLFlow(expr._parsedText, drops, focus).of(expr._tree);
}

// ---------------------------------------------------------------------------------------------------
// PromQL

/** Aggregations whose result is a selection of input series, labels unchanged. */
const SELECTING = new Set(['topk', 'bottomk', 'limitk', 'limit_ratio']);
/** Functions that return a scalar. */
const SCALAR_FUNCTIONS = new Set(['scalar', 'time', 'pi']);
/** Functions (without a vector argument) that return one series without labels. */
const DATE_FUNCTIONS = new Set(['minute', 'hour', 'day_of_week', 'day_of_month', 'day_of_year', 'days_in_month', 'month', 'year']);

/** A label matcher of a selector. @internal */
export interface LabelMatcher {
  readonly label: string;
  readonly op: string;
  readonly value: string;
}

// The analysis runs on a compact tree of its own, built once per lezer tree: expressions of one shape
// share their lezer tree (see expressions.ts), so an app of many services builds about one per kind of
// query, and the analysis of each expression reads only its literals from its own text.

/** A matcher: its label, operator and where its value literal is. */
interface AstMatcher {
  readonly label: string;
  readonly op: string;
  readonly from: number;
  readonly to: number;
}

type Ast =
  | { readonly kind: 'scalar' }
  | { readonly kind: 'string'; readonly from: number; readonly to: number }
  | { readonly kind: 'selector'; readonly identifier?: string; readonly matchers: AstMatcher[] }
  | { readonly kind: 'pass'; readonly via: string; readonly inner?: Ast }
  | { readonly kind: 'call'; readonly name: string; readonly args: Ast[] }
  | { readonly kind: 'aggregate'; readonly op: string; readonly args: Ast[]; readonly without: boolean; readonly grouping: string[]; readonly from: number; readonly to: number }
  | { readonly kind: 'binary'; readonly op: string; readonly lhs: Ast; readonly rhs: Ast; readonly clause: boolean; readonly on: boolean; readonly matching: string[]; readonly include: string[]; readonly groupLeft: boolean; readonly groupRight: boolean; readonly from: number; readonly to: number }
  | { readonly kind: 'unknown' };

const AST = new WeakMap<Tree, Ast>();

function astOf(tree: Tree, text: string): Ast {
  let ast = AST.get(tree);
  if (ast === undefined) {
    const top = childrenNamed(tree.topNode, PROMQL_EXPRESSIONS)[0];
    const seen = { quotedLabel: false };
    ast = top ? build(top, text, seen) : { kind: 'unknown' };
    // a label name in quotes (`by ("http.route")`) is a string literal, which other texts of the shape
    // write differently: such an expression's tree is its own
    if (seen.quotedLabel) return ast;
    AST.set(tree, ast);
  }
  return ast;
}

function build(node: SyntaxNode, text: string, seen: { quotedLabel: boolean }): Ast {
  const src = (n: SyntaxNode) => text.slice(n.from, n.to);
  const sub = () => childrenNamed(node, PROMQL_EXPRESSIONS).map((c) => build(c, text, seen));
  switch (node.name) {
    case 'NumberDurationLiteral':
      return { kind: 'scalar' };
    case 'StringLiteral':
      return { kind: 'string', from: node.from, to: node.to };
    case 'VectorSelector': {
      const identifier = node.getChild('Identifier');
      return { kind: 'selector', identifier: identifier ? src(identifier) : undefined, matchers: astMatchers(node, text, seen) };
    }
    case 'MatrixSelector':
    case 'ParenExpr':
    case 'OffsetExpr':
    case 'StepInvariantExpr':
    case 'SubqueryExpr':
    case 'UnaryExpr':
      return { kind: 'pass', via: node.name, inner: sub()[0] };
    case 'FunctionCall': {
      const identifier = node.getChild('FunctionIdentifier');
      const body = node.getChild('FunctionCallBody');
      return { kind: 'call', name: identifier ? src(identifier) : '', args: body ? childrenNamed(body, PROMQL_EXPRESSIONS).map((c) => build(c, text, seen)) : [] };
    }
    case 'AggregateExpr': {
      const opNode = node.getChild('AggregateOp');
      const body = node.getChild('FunctionCallBody');
      const modifier = node.getChild('AggregateModifier');
      const grouping = modifier?.getChild('GroupingLabels');
      return {
        kind: 'aggregate',
        op: opNode ? src(opNode).toLowerCase() : '',
        args: body ? childrenNamed(body, PROMQL_EXPRESSIONS).map((c) => build(c, text, seen)) : [],
        without: !!modifier?.getChild('Without'),
        grouping: names(grouping, text, seen),
        from: node.from,
        to: node.to,
      };
    }
    case 'BinaryExpr': {
      const operands = sub();
      const operator = node.firstChild?.nextSibling;
      const clause = node.getChild('MatchingModifierClause');
      const groupings = clause ? clause.getChildren('GroupingLabels') : [];
      return {
        kind: 'binary',
        op: operator ? src(operator).toLowerCase() : '',
        lhs: operands[0] ?? { kind: 'unknown' },
        rhs: operands[1] ?? { kind: 'unknown' },
        clause: !!clause,
        on: !!clause?.getChild('On'),
        matching: names(groupings[0], text, seen),
        include: names(groupings[1], text, seen),
        groupLeft: !!clause?.getChild('GroupLeft'),
        groupRight: !!clause?.getChild('GroupRight'),
        from: node.from,
        to: node.to,
      };
    }
    default:
      return { kind: 'unknown' };
  }
}

function astMatchers(selector: SyntaxNode, text: string, seen: { quotedLabel: boolean }): AstMatcher[] {
  return selectorMatchers(selector, text).flatMap((m) => {
    if (m.labelNode.name === 'QuotedLabelName' && m.labelNode !== m.node) seen.quotedLabel = true;
    return m.op !== undefined && m.value ? [{ label: m.label, op: m.op, from: m.value.from, to: m.value.to }] : [];
  });
}

/** The label names of a grouping, noting a quoted one. */
function names(grouping: SyntaxNode | null | undefined, text: string, seen: { quotedLabel: boolean }): string[] {
  return groupingLabelNames(grouping, text).map((l) => {
    if (l.node.name === 'QuotedLabelName') seen.quotedLabel = true;
    return l.name;
  });
}

/** Flows of expressions that read no recorded series, by resolver, shape and relevant literals. */
const FLOWS = new WeakMap<SeriesResolver, WeakMap<Ast, Map<string, FlowLabels>>>();
const SPANS = new WeakMap<Ast, Map<string, Array<[number, number]>>>();

/** Where the literals are whose contents the flow for `focus` depends on. */
function relevantSpans(ast: Ast, focus: ReadonlySet<string>): Array<[number, number]> {
  let byFocus = SPANS.get(ast);
  if (byFocus === undefined) {
    byFocus = new Map();
    SPANS.set(ast, byFocus);
  }
  const focusKey = [...focus].sort().join(',');
  let spans = byFocus.get(focusKey);
  if (spans === undefined) {
    const found: Array<[number, number]> = [];
    const walk = (a: Ast): void => {
      switch (a.kind) {
        case 'selector':
          for (const m of a.matchers) if (focus.has(m.label) || m.label === '__name__') found.push([m.from, m.to]);
          return;
        case 'pass':
          if (a.inner) walk(a.inner);
          return;
        case 'call':
        case 'aggregate':
          for (const arg of a.args) {
            if (arg.kind === 'string') found.push([arg.from, arg.to]);
            else walk(arg);
          }
          return;
        case 'binary':
          walk(a.lhs);
          walk(a.rhs);
          return;
        default:
          return;
      }
    };
    walk(ast);
    spans = found;
    byFocus.set(focusKey, spans);
  }
  return spans;
}

class PromQLFlow {
  private readonly resolving = new Set<string>();
  /** Whether a selector was resolved to recording rules (the flow then depends on more than the expression). */
  private resolved = false;

  /**
   * @param focus the labels of interest: the result says nothing of other labels (which makes the
   * analysis cheaper, e.g. for the routing check of every alert, which needs only `namespace`)
   */
  public constructor(private readonly text: string, private readonly resolve: SeriesResolver, private readonly drops?: LabelDrop[], private readonly focus?: ReadonlySet<string>) {}

  private keep(label: string): boolean {
    return this.focus === undefined || this.focus.has(label);
  }

  public of(tree: Tree): FlowLabels {
    const ast = astOf(tree, this.text);
    if (this.focus === undefined || this.drops !== undefined) return this.visit(ast);
    // Expressions of one shape that read no recorded series have the same flow when the literals that can
    // matter (the values of matchers on the labels of interest, and string arguments) are the same: many
    // services' alerts differ only in `job`, which a routing check does not ask about.
    let byAst = FLOWS.get(this.resolve);
    if (byAst === undefined) {
      byAst = new WeakMap();
      FLOWS.set(this.resolve, byAst);
    }
    let byKey = byAst.get(ast);
    if (byKey === undefined) {
      byKey = new Map();
      byAst.set(ast, byKey);
    }
    const key = relevantSpans(ast, this.focus).map(([from, to]) => this.text.slice(from, to)).join('\0');
    let flow = byKey.get(key);
    if (flow === undefined) {
      this.resolved = false;
      flow = this.visit(ast);
      if (this.resolved) return flow;
      byKey.set(key, flow);
    }
    return flow;
  }

  private literal(from: number, to: number): string {
    return decodeStringLiteral(this.text.slice(from, to));
  }

  private matchers(ast: { readonly matchers: AstMatcher[] }): LabelMatcher[] {
    return ast.matchers.map((m) => ({ label: m.label, op: m.op, value: this.literal(m.from, m.to) }));
  }

  private visit(ast: Ast): FlowLabels {
    switch (ast.kind) {
      case 'scalar':
      case 'string':
        return SCALAR_FLOW;
      case 'selector':
        return this.selector(ast);
      case 'pass':
        return ast.inner ? this.visit(ast.inner) : ANY_LABELS;
      case 'call':
        return this.functionCall(ast);
      case 'aggregate':
        return this.aggregate(ast);
      case 'binary':
        return this.binary(ast);
      default:
        return ANY_LABELS;
    }
  }

  private selector(ast: Extract<Ast, { kind: 'selector' }>): FlowLabels {
    const matchers = this.matchers(ast);
    const name = ast.identifier ?? matchers.find((m) => m.label === '__name__' && m.op === '=')?.value;
    const constraint = fromMatchers(matchers.filter((m) => m.label !== '__name__' && this.keep(m.label)));
    if (name !== undefined && !this.resolving.has(name)) {
      this.resolving.add(name);
      try {
        const written = this.resolve(name, matchers);
        if (written !== undefined) {
          this.resolved = true;
          // only the rules whose constant labels agree with the matchers write series this selector reads
          const selected = written.filter((w) => matchers.every((m) => !w.values.has(m.label) || matches(m, w.values.get(m.label)!)));
          if (selected.length === 0) return NO_LABELS;
          return intersect(selected.reduce(unionFlow), constraint);
        }
      } finally {
        this.resolving.delete(name);
      }
    }
    return constraint;
  }

  private functionCall(ast: Extract<Ast, { kind: 'call' }>): FlowLabels {
    const { name, args } = ast;
    if (SCALAR_FUNCTIONS.has(name)) return SCALAR_FLOW;
    if (name === 'vector') return NO_LABELS;
    if (name === 'absent' || name === 'absent_over_time') return this.absent(args[0]);
    if (DATE_FUNCTIONS.has(name) && args.length === 0) return NO_LABELS;
    let flow: FlowLabels | undefined;
    for (const a of args) {
      const f = this.visit(a);
      if (flow === undefined && !f.scalar) flow = f;
    }
    if (flow === undefined) return NO_LABELS;
    if (name === 'histogram_quantile') return withoutLabels(flow, ['le']);
    const strings = args.slice(1).map((a) => (a.kind === 'string' ? this.literal(a.from, a.to) : undefined));
    if (name === 'label_replace') return this.labelReplace(flow, strings);
    if (name === 'label_join') return this.labelJoin(flow, strings);
    if (name === 'info') return { ...flow, possible: undefined, absent: EMPTY };
    return flow;
  }

  /** `absent(x{a="b"})`: one series carrying the labels of the equality matchers (not the name). */
  private absent(arg: Ast | undefined): FlowLabels {
    let ast = arg;
    if (ast?.kind === 'pass' && ast.via === 'MatrixSelector') ast = ast.inner;
    if (!ast || ast.kind !== 'selector') return NO_LABELS;
    // A label gets the value of its equality matcher when it is its only matcher (promtool 2.42 and 3.5
    // drop it from `absent(x{a=~"x", a="b"})` as from `absent(x{a="b", a="c"})`).
    const matchers = this.matchers(ast).filter((m) => m.label !== '__name__');
    const labels: { [name: string]: string } = {};
    for (const m of matchers) {
      if (m.op === '=' && this.keep(m.label) && matchers.filter((o) => o.label === m.label).length === 1) labels[m.label] = m.value;
    }
    return withLabels(NO_LABELS, labels);
  }

  private labelReplace(flow: FlowLabels, strings: Array<string | undefined>): FlowLabels {
    const [destination, replacement, , regex] = strings;
    if (destination !== undefined && !this.keep(destination)) return flow;
    if (destination === undefined || replacement === undefined || regex === undefined) return { ...flow, possible: undefined, absent: EMPTY };
    // a pattern that matches every value, the empty one included (Prometheus anchors it): the destination
    // gets the expansion of the replacement, `$1` being the whole source value with `(.*)`
    const whole = /^\(\.\*\)$/.test(regex);
    if (whole || regex === '.*') {
      const source = strings[2]!;
      const refs = replacement.match(/\$(\w+|\{\w+\})/g) ?? [];
      const literal = replacement.replace(/\$(\w+|\{\w+\})/g, '');
      const group = (ref: string) => ref.replace(/[${}]/g, '') === '1' && whole;
      const sourceValue = flow.values.get(source) ?? (mayCarry(flow, source) ? undefined : '');
      if (refs.every((r) => !group(r) || sourceValue !== undefined)) {
        return withLabels(flow, { [destination]: replacement.replace(/\$(\w+|\{\w+\})/g, (r) => (group(r) ? sourceValue! : '')) });
      }
      if (literal !== '' || (refs.some(group) && flow.certain.has(source))) return withLabels(flow, { [destination]: undefined });
    }
    // Where the regex does not match, the series is unchanged; where it does, the destination gets the
    // expansion, which may be empty (and then removes the label).
    if (!replacement.includes('$') && replacement !== '' && flow.certain.has(destination)) {
      return withLabels(flow, { [destination]: flow.values.get(destination) === replacement ? replacement : undefined });
    }
    return mayHave(flow, destination);
  }

  private labelJoin(flow: FlowLabels, strings: Array<string | undefined>): FlowLabels {
    const [destination, separator, ...sources] = strings;
    if (destination !== undefined && !this.keep(destination)) return flow;
    if (destination === undefined || separator === undefined || sources.some((s) => s === undefined)) return { ...flow, possible: undefined, absent: EMPTY };
    const src = sources as string[];
    // the joined value is empty only when every source is empty and no separator is written between them
    const nonEmpty = (src.length > 1 && separator !== '') || src.some((s) => flow.certain.has(s));
    const allKnown = src.every((s) => flow.values.has(s) || !mayCarry(flow, s));
    const value = allKnown ? src.map((s) => flow.values.get(s) ?? '').join(separator) : undefined;
    if (value !== undefined) return withLabels(flow, { [destination]: value });
    if (nonEmpty) return withLabels(flow, { [destination]: undefined });
    return mayHave(flow, destination);
  }

  private aggregate(ast: Extract<Ast, { kind: 'aggregate' }>): FlowLabels {
    const { op, args, grouping: names } = ast;
    let input: FlowLabels = ANY_LABELS;
    for (const a of args) input = this.visit(a);
    if (SELECTING.has(op)) return input;
    const kept = names.filter((l) => this.keep(l));
    let result = ast.without ? withoutLabels(input, kept) : keepOnly(input, kept);
    this.noteDrops(input, result, ast, (label) =>
      ast.without ? `remove ${label} from without (...)` : names.length > 0 ? `add ${label} to by (${names.join(', ')})` : `aggregate by (${label}): ${op} by (${label}) (...)`,
    );
    const param = args[0];
    if (op === 'count_values' && param?.kind === 'string') {
      const label = this.literal(param.from, param.to);
      if (this.keep(label)) result = withLabels(result, { [label]: undefined });
    }
    return result;
  }

  private binary(ast: Extract<Ast, { kind: 'binary' }>): FlowLabels {
    const { op, matching, include } = ast;
    const lhs = this.visit(ast.lhs);
    const rhs = this.visit(ast.rhs);
    if (lhs.scalar && rhs.scalar) return SCALAR_FLOW;
    if (lhs.scalar) return rhs;
    if (rhs.scalar) return lhs;
    if (op === 'and' || op === 'unless') return lhs;
    if (op === 'or') return unionFlow(lhs, rhs);
    // engine.go resultMetric: the "many" side's labels (the left side for one-to-one); one-to-one keeps
    // only the on() labels or drops the ignoring() ones; group_x copies the included labels from the "one"
    // side (deleting them where it has none).
    const many = ast.groupRight ? rhs : lhs;
    const one = ast.groupRight ? lhs : rhs;
    let result = many;
    if (!ast.groupLeft && !ast.groupRight && ast.clause) {
      const before = result;
      const listed = matching.filter((l) => this.keep(l));
      result = ast.on ? keepOnly(result, listed) : withoutLabels(result, listed);
      this.noteDrops(before, result, ast, (label) => (ast.on ? `add ${label} to on (${matching.join(', ')})` : `remove ${label} from ignoring (${matching.join(', ')})`));
    }
    for (const label of include) {
      if (!this.keep(label)) continue;
      if (one.certain.has(label)) result = withLabels(result, { [label]: one.values.get(label) });
      else if (!mayCarry(one, label)) result = withoutLabels(result, [label]);
      else result = mayHave(result, label);
    }
    return result;
  }

  private noteDrops(input: FlowLabels, result: FlowLabels, at: { readonly from: number; readonly to: number }, fix: (label: string) => string): void {
    if (!this.drops) return;
    for (const label of input.certain) {
      if (!result.certain.has(label)) this.drops.push({ label, operation: this.text.slice(at.from, at.to), fix: fix(label) });
    }
  }
}


/** Whether a matcher accepts a value (the empty value stands for a missing label). */
function matches(m: LabelMatcher, value: string): boolean {
  switch (m.op) {
    case '=': return value === m.value;
    case '!=': return value !== m.value;
    case '=~':
    case '!~': {
      let result: boolean;
      try {
        result = Re2Regex.of(m.value).matchesFully(value);
      } catch {
        return true; // not a valid RE2 pattern: Prometheus refuses it; nothing to conclude here
      }
      return m.op === '=~' ? result : !result;
    }
    default: return true;
  }
}

/** What a selector's matchers say of the series it selects: any label, but these certainly (not) carried. */
function fromMatchers(matchers: LabelMatcher[]): FlowLabels {
  const certain = new Set<string>();
  const absent = new Set<string>();
  const values = new Map<string, string>();
  for (const m of matchers) {
    const acceptsEmpty = matches(m, '');
    if (!acceptsEmpty) certain.add(m.label);
    if (m.op === '=' && m.value !== '') values.set(m.label, m.value);
    // a matcher that accepts only the empty value: the label is not there
    if (m.op === '=' && m.value === '') absent.add(m.label);
  }
  for (const l of certain) absent.delete(l);
  return { scalar: false, certain, possible: undefined, absent, values };
}

/** The series of `flow` that also satisfy the selector's matchers. */
function intersect(flow: FlowLabels, constraint: FlowLabels): FlowLabels {
  const certain = new Set([...flow.certain, ...[...constraint.certain].filter((l) => mayCarry(flow, l))]);
  const values = new Map(flow.values);
  for (const [l, v] of constraint.values) if (mayCarry(flow, l)) values.set(l, v);
  const possible = flow.possible ? new Set([...flow.possible].filter((l) => !constraint.absent.has(l))) : undefined;
  const absent = possible ? EMPTY : new Set([...flow.absent, ...constraint.absent]);
  return { scalar: false, certain, possible, absent, values };
}

// ---------------------------------------------------------------------------------------------------
// LogQL

class LogQLFlow {
  public constructor(private readonly text: string, private readonly drops?: LabelDrop[], private readonly focus?: ReadonlySet<string>) {}

  private keep(label: string): boolean {
    return this.focus === undefined || this.focus.has(label);
  }

  public of(tree: Tree): FlowLabels {
    const top = tree.topNode.getChild('Expr');
    return top ? this.visit(top) : ANY_LABELS;
  }

  private src(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  private visit(node: SyntaxNode): FlowLabels {
    switch (node.name) {
      case 'Expr':
      case 'MetricExpr':
      case 'ParenthesisMetricExpr':
      case 'LogExpr': {
        const inner = firstExpression(node);
        return inner ? this.visit(inner) : ANY_LABELS;
      }
      case 'LiteralExpr':
        return SCALAR_FLOW;
      case 'VectorExpr':
        return NO_LABELS;
      case 'LogRangeExpr':
        return this.logRange(node);
      case 'RangeAggregationExpr':
        return this.rangeAggregation(node);
      case 'VectorAggregationExpr':
        return this.vectorAggregation(node);
      case 'LabelReplaceExpr': {
        const inner = firstExpression(node);
        const flow = inner ? this.visit(inner) : ANY_LABELS;
        return { ...flow, possible: undefined, certain: new Set(flow.certain), values: new Map(flow.values) };
      }
      case 'BinOpExpr':
        return this.binary(node);
      default:
        return ANY_LABELS;
    }
  }

  /** The stream selector's labels; any parser or formatting stage may add or change labels. */
  private logRange(node: SyntaxNode): FlowLabels {
    const selector = node.getChild('Selector');
    const matchers: LabelMatcher[] = [];
    for (const m of selector ? descendantsNamed(selector, 'Matcher') : []) {
      const parsed = parseLogMatcher(this.src(m));
      if (parsed && this.keep(parsed.label)) matchers.push(parsed);
    }
    let flow = fromMatchers(matchers);
    const pipeline = node.getChild('PipelineExpr');
    if (pipeline) {
      // label_format, drop, keep and parsers may change any label: only the selector's labels that no
      // stage names stay certain
      const stages = this.src(pipeline);
      const touched = [...flow.certain].filter((l) => new RegExp(`(^|[^A-Za-z0-9_])${l}([^A-Za-z0-9_]|$)`).test(stages.replace(/"(?:[^"\\]|\\.)*"|`[^`]*`/g, '""')));
      if (/\|\s*(keep)\b/.test(stages)) return { scalar: false, certain: EMPTY, possible: undefined, absent: EMPTY, values: NO_VALUES };
      flow = withoutKnowledge(flow, touched);
    }
    return flow;
  }

  private rangeAggregation(node: SyntaxNode): FlowLabels {
    const range = descendantsNamed(node, 'LogRangeExpr')[0];
    const input = range ? this.logRange(range) : ANY_LABELS;
    const grouping = node.getChild('Grouping');
    return grouping ? this.grouped(input, grouping, this.src(node)) : input;
  }

  private vectorAggregation(node: SyntaxNode): FlowLabels {
    const op = node.getChild('VectorOp');
    const opName = op ? this.src(op) : '';
    const inner = node.getChild('MetricExpr');
    const input = inner ? this.visit(inner) : ANY_LABELS;
    if (['topk', 'bottomk', 'sort', 'sort_desc'].includes(opName)) return input;
    const grouping = node.getChild('Grouping');
    if (!grouping) {
      this.note(input, NO_LABELS, this.src(node), (l) => `aggregate by (${l}): ${opName} by (${l}) (...)`);
      return NO_LABELS;
    }
    return this.grouped(input, grouping, this.src(node));
  }

  private grouped(input: FlowLabels, grouping: SyntaxNode, operation: string): FlowLabels {
    const labels = grouping.getChild('Labels');
    const names = labels ? this.src(labels).split(',').map((s) => s.trim()).filter((s) => s !== '' && this.keep(s)) : [];
    const without = !!grouping.getChild('Without');
    const result = without ? withoutLabels(input, names) : keepOnly(input, names);
    this.note(input, result, operation, (l) => (without ? `remove ${l} from without (...)` : `add ${l} to by (${names.join(', ')})`));
    return result;
  }

  private binary(node: SyntaxNode): FlowLabels {
    const operands = node.getChildren('Expr');
    const lhs = operands[0] ? this.visit(operands[0]) : ANY_LABELS;
    const rhs = operands[1] ? this.visit(operands[1]) : ANY_LABELS;
    if (lhs.scalar && rhs.scalar) return SCALAR_FLOW;
    if (lhs.scalar) return rhs;
    if (rhs.scalar) return lhs;
    // lezer-logql's tree does not follow Loki's operator precedence: whichever side a series comes from,
    // only what both sides certainly carry is certain
    return unionFlow(lhs, rhs);
  }

  private note(input: FlowLabels, result: FlowLabels, operation: string, fix: (label: string) => string): void {
    if (!this.drops) return;
    for (const label of input.certain) if (!result.certain.has(label)) this.drops.push({ label, operation, fix: fix(label) });
  }
}

/** The flow where `labels` may have any value or none. */
function withoutKnowledge(flow: FlowLabels, labels: string[]): FlowLabels {
  const drop = new Set(labels);
  return {
    scalar: false,
    certain: new Set([...flow.certain].filter((l) => !drop.has(l))),
    possible: undefined,
    absent: new Set([...flow.absent].filter((l) => !drop.has(l))),
    values: new Map([...flow.values].filter(([l]) => !drop.has(l))),
  };
}

function parseLogMatcher(text: string): LabelMatcher | undefined {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|`[^`]*`)\s*$/.exec(text);
  return m ? { label: m[1], op: m[2], value: decodeStringLiteral(m[3]) } : undefined;
}

const LOGQL_EXPRESSIONS: ReadonlySet<string> = new Set(['Expr', 'MetricExpr', 'LogExpr', 'LiteralExpr', 'VectorExpr', 'LogRangeExpr', 'RangeAggregationExpr', 'VectorAggregationExpr', 'LabelReplaceExpr', 'BinOpExpr', 'ParenthesisMetricExpr']);

function firstExpression(node: SyntaxNode): SyntaxNode | undefined {
  return childrenNamed(node, LOGQL_EXPRESSIONS)[0];
}

// ---------------------------------------------------------------------------------------------------


function descendantsNamed(node: SyntaxNode, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const walk = (n: SyntaxNode) => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.name === name) out.push(c);
      else walk(c);
    }
  };
  walk(node);
  return out;
}


/**
 * A rule writing series: a recording rule's `record`, expression and static labels.
 * @internal
 */
export interface WritingRule {
  readonly record: string;
  readonly expr: PromQL | LogQL;
  readonly labels: { [name: string]: string };
}

/**
 * A resolver that follows recorded series to the rules that write them (each rule's expression, with
 * the record as name and its static labels set), memoized per rule. Rules whose static labels a
 * selector's matchers exclude are not analysed for it.
 * @internal
 */
export function recordingRuleResolver(rules: WritingRule[], focus?: ReadonlySet<string>): SeriesResolver {
  const byName = new Map<string, WritingRule[]>();
  for (const r of rules) byName.set(r.record, [...(byName.get(r.record) ?? []), r]);
  const memo = new Map<WritingRule, FlowLabels>();
  const flowOf = (w: WritingRule): FlowLabels => {
    let flow = memo.get(w);
    if (flow === undefined) {
      memo.set(w, ANY_LABELS); // a rule that reads its own record (directly or not) learns nothing from it
      const statics = Object.fromEntries(Object.entries(w.labels).filter(([k]) => focus === undefined || focus.has(k)));
      flow = withLabels(expressionFlow(w.expr, resolver, undefined, focus), statics);
      memo.set(w, flow);
    }
    return flow;
  };
  // writers of a name by the value of one static label, for selectors like `{slo="checkout-availability"}`
  // among the same records of hundreds of SLOs
  const indexes = new Map<string, { byValue: Map<string, WritingRule[]>; without: WritingRule[] }>();
  const indexOf = (name: string, label: string, writers: WritingRule[]) => {
    const key = `${name}\0${label}`;
    let index = indexes.get(key);
    if (index === undefined) {
      index = { byValue: new Map(), without: [] };
      for (const w of writers) {
        const value = w.labels[label];
        if (value === undefined) index.without.push(w);
        else index.byValue.set(value, [...(index.byValue.get(value) ?? []), w]);
      }
      indexes.set(key, index);
    }
    return index;
  };
  const resolver: SeriesResolver = (name, matchers) => {
    const writers = byName.get(name);
    if (!writers) return undefined;
    const equality = matchers.find((m) => m.op === '=' && m.label !== '__name__');
    let candidates = writers;
    if (equality !== undefined && writers.length > 8) {
      const index = indexOf(name, equality.label, writers);
      candidates = [...(index.byValue.get(equality.value) ?? []), ...index.without];
    }
    return candidates.filter((w) => matchers.every((m) => !(m.label in w.labels) || matches(m, w.labels[m.label]))).map(flowOf);
  };
  return resolver;
}

/** The flow of a PromQL or LogQL expression. @internal */
export function expressionFlow(expr: PromQL | LogQL, resolve?: SeriesResolver, drops?: LabelDrop[], focus?: ReadonlySet<string>): FlowLabels {
  return expr instanceof PromQL ? promqlFlow(expr, resolve, drops, focus) : logqlFlow(expr, drops, focus);
}

/**
 * The labels of the alerts of an alerting rule: the expression's result without its name, the rule's
 * static labels (a templated value is certain but not known) and `alertname`.
 * @internal
 */
export function alertFlow(expr: FlowLabels, alertname: string, labels: { [name: string]: string }): FlowLabels {
  const statics: { [name: string]: string | undefined } = {};
  for (const [k, v] of Object.entries(labels)) statics[k] = v.includes('{{') ? undefined : v;
  return withLabels(expr, Object.assign(statics, { alertname }));
}
