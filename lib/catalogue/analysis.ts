import { SyntaxNode, Tree } from '@lezer/common';
import { quote } from '../core/errors';
import { childrenNamed, decodeStringLiteral, groupingLabelNames, selectorMatchers } from '../core/syntax';
import { promqlSelector } from '../core/promql-names';
import { Re2Regex } from '../core/regex';
import { Check } from './check';
import { closest } from '../core/edit-distance';
import { SeriesKind } from './metric';

/** What the lint knows about a series name. @internal */
export interface ResolvedSeries {
  /** How it may be read; undefined when not known (a recording rule of unknown shape). */
  readonly kind?: SeriesKind;
  /** Every label a series of this name may carry (own + target labels); undefined when not known. */
  readonly labels?: Set<string>;
  /** Known label values. */
  readonly labelValues: { [label: string]: string[] };
  /** Where it is declared (catalogue name, `recording rule`). */
  readonly source: string;
  /** Why it is declared although nothing exports it yet, if so. */
  readonly assumed?: string;
}

/** Where the lint looks series names up. @internal */
export interface SeriesResolver {
  resolve(name: string): ResolvedSeries | undefined;
  /** Every known series name, for "did you mean". */
  names(): string[];
}

/** A problem found in one expression, before it is tied to a construct. @internal */
export interface RawFinding {
  readonly check: Check;
  /** Offset in the parsed text. */
  readonly offset: number;
  readonly message: string;
  /** The finding is accepted for this reason (an assumed metric). */
  readonly acceptedBecause?: string;
}

/** The labels an expression's result may carry; `open` when not known (any label accepted). */
interface Labels {
  readonly open: boolean;
  readonly set: Set<string>;
  /** A number or string, not a vector. */
  readonly scalar: boolean;
  /** Read from a native histogram (whose buckets are inside its samples: no `le`). */
  readonly native?: boolean;
}

const OPEN: Labels = { open: true, set: new Set(), scalar: false };
const SCALAR: Labels = { open: false, set: new Set(), scalar: true };
const closed = (labels: Iterable<string>): Labels => ({ open: false, set: new Set(labels), scalar: false });

interface Context {
  /** Inside rate/increase/irate/resets, count, absent...: a raw counter is fine. */
  readonly counterOk: boolean;
  /** Inside the vector argument of histogram_quantile: its own check looks at the selectors. */
  readonly inHistogramQuantile: boolean;
}


const RATE_FUNCTIONS = new Set(['rate', 'irate', 'increase', 'resets']);
/** Functions and aggregations that only look at the presence, count or timestamp of series: any type goes. */
const PRESENCE_FUNCTIONS = new Set(['absent', 'absent_over_time', 'present_over_time', 'count_over_time', 'timestamp', 'changes']);
const PRESENCE_AGGREGATIONS = new Set(['count', 'group', 'count_values']);
/** Aggregations whose result keeps every label of their input. */
const SELECTING_AGGREGATIONS = new Set(['topk', 'bottomk', 'limitk', 'limit_ratio']);
/** Functions whose result is not a vector with the argument's labels. */
const SCALAR_FUNCTIONS = new Set(['scalar', 'time', 'pi']);
/** Functions that read native histograms only (they return nothing for float samples). */
const NATIVE_HISTOGRAM_FUNCTIONS = new Set(['histogram_count', 'histogram_sum', 'histogram_avg', 'histogram_fraction', 'histogram_stddev', 'histogram_stdvar']);
/** The functions that turn cumulative buckets into a rate, as histogram_quantile() needs. */
const BUCKET_RATE_FUNCTIONS = ['rate', 'irate', 'increase'];

/**
 * Checks one parsed PromQL expression against what the resolver knows. Pure: no construct involved.
 * @internal
 */
export function analyse(text: string, tree: Tree, resolver: SeriesResolver, templated: Templated = () => false, selectorOnly = false): RawFinding[] {
  return new Analysis(text, resolver, templated).run(tree, selectorOnly);
}

/** Whether the whole expression is one vector selector (`x{a="b"}`), as series notations and SLI selectors are. @internal */
export function isBareSelector(tree: Tree): boolean {
  const top = childrenNamed(tree.topNode);
  return top.length === 1 && top[0].name === 'VectorSelector';
}

/**
 * Whether the parsed text between two offsets came from a Grafana template variable (a dashboard query
 * parsed with placeholders): names and values there are not known until Grafana substitutes them.
 * @internal
 */
export type Templated = (from: number, to: number) => boolean;

/**
 * The labels of an expression's result, when they can be derived (undefined when not known).
 * @internal
 */
export function resultLabels(text: string, tree: Tree, resolver: SeriesResolver): string[] | undefined {
  const analysis = new Analysis(text, resolver);
  const labels = analysis.labelsOf(tree);
  return labels.open ? undefined : [...labels.set].filter((l) => l !== '__name__').sort();
}

class Analysis {
  private readonly findings: RawFinding[] = [];
  /** AggregateExpr nodes (by start offset) that drop `le` from an input that had it. */
  private readonly leDroppedAt = new Set<number>();

  public constructor(
    private readonly text: string,
    private readonly resolver: SeriesResolver,
    private readonly templated: Templated = () => false,
  ) {}

  private isTemplated(node: SyntaxNode): boolean {
    return this.templated(node.from, node.to);
  }

  public run(tree: Tree, selectorOnly: boolean): RawFinding[] {
    const top = childrenNamed(tree.topNode)[0];
    if (top) this.visit(top, { counterOk: selectorOnly, inHistogramQuantile: false });
    return this.findings.sort((a, b) => a.offset - b.offset);
  }

  public labelsOf(tree: Tree): Labels {
    const top = childrenNamed(tree.topNode)[0];
    return top ? this.visit(top, { counterOk: true, inHistogramQuantile: false }) : OPEN;
  }

  private src(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  private report(check: Check, node: SyntaxNode, message: string): void {
    this.findings.push({ check, offset: node.from, message });
  }

  private visit(node: SyntaxNode, ctx: Context): Labels {
    switch (node.name) {
      case 'NumberDurationLiteral':
      case 'StringLiteral':
        return SCALAR;
      case 'VectorSelector':
        return this.selector(node, ctx, undefined);
      case 'MatrixSelector': {
        const selector = node.getChild('VectorSelector');
        return selector ? this.selector(selector, ctx, undefined) : OPEN;
      }
      case 'ParenExpr':
      case 'UnaryExpr':
      case 'OffsetExpr':
      case 'StepInvariantExpr':
      case 'SubqueryExpr': {
        const inner = childrenNamed(node)[0];
        return inner ? this.visit(inner, ctx) : OPEN;
      }
      case 'FunctionCall':
        return this.functionCall(node, ctx);
      case 'AggregateExpr':
        return this.aggregate(node, ctx);
      case 'BinaryExpr':
        return this.binary(node, ctx);
      default:
        return OPEN;
    }
  }

  private selector(node: SyntaxNode, ctx: Context, rateFunction: string | undefined): Labels {
    const identifier = node.getChild('Identifier');
    const matchers = matchersOf(node, this.text);
    let name = identifier ? this.src(identifier) : undefined;
    let nameNode: SyntaxNode = identifier ?? node;
    const nameMatcher = matchers.find((m) => m.label === '__name__');
    if (name === undefined && nameMatcher?.op === '=') {
      name = nameMatcher.value;
      nameNode = nameMatcher.node;
    }
    if (name === undefined || this.isTemplated(nameNode)) return OPEN;
    const series = this.resolver.resolve(name);
    if (!series) {
      const native = this.nativeBase(name);
      if (native !== undefined) {
        const h = promqlSelector(native.name);
        this.report(
          Check.UNKNOWN_METRIC,
          nameNode,
          `unknown metric ${quote(name)}: ${quote(native.name)} is a native histogram (${native.series.source}), which has no _bucket, _sum or _count series; ` +
            `read it whole: histogram_quantile(0.95, sum(rate(${h}[5m]))), histogram_count(rate(${h}[5m])), histogram_sum(rate(${h}[5m]))`,
        );
        return OPEN;
      }
      const suggestion = closest(name, this.resolver.names());
      this.report(
        Check.UNKNOWN_METRIC,
        nameNode,
        `unknown metric ${quote(name)}: no attached catalogue, exporter or recording rule declares it${suggestion ? `; did you mean ${quote(suggestion)}?` : ''}`,
      );
      return OPEN;
    }
    if (series.assumed !== undefined) {
      this.findings.push({
        check: Check.UNKNOWN_METRIC,
        offset: nameNode.from,
        message: `metric ${quote(name)} is assumed, not exported by anything scraped (${series.source})`,
        acceptedBecause: `assumed metric ${quote(name)}: ${series.assumed}`,
      });
    }
    const native = series.kind === SeriesKind.NATIVE_HISTOGRAM;
    const counter = series.kind === SeriesKind.COUNTER || series.kind === SeriesKind.BUCKET;
    if (native && !ctx.counterOk && !ctx.inHistogramQuantile) {
      this.report(
        Check.COUNTER_WITHOUT_RATE,
        nameNode,
        `native histogram ${quote(name)} (${series.source}) is used without rate(), increase() or irate(): its counts only grow and reset on restart; wrap it, e.g. histogram_count(rate(${promqlSelector(name)}[5m]))`,
      );
    }
    if (rateFunction !== undefined && series.kind === SeriesKind.GAUGE) {
      this.report(
        Check.RATE_OVER_NON_COUNTER,
        nameNode,
        `${rateFunction}() over ${quote(name)}, which is a gauge (${series.source}): ${rateFunction}() is only meaningful on counters; use delta()/deriv() or the value itself`,
      );
    } else if (counter && !ctx.counterOk && !ctx.inHistogramQuantile) {
      this.report(
        Check.COUNTER_WITHOUT_RATE,
        nameNode,
        `counter ${quote(name)} (${series.source}) is used without rate(), increase(), irate() or resets(): its raw value only grows and resets on restart; wrap it, e.g. rate(${promqlSelector(name)}[5m])`,
      );
    }
    for (const matcher of matchers) {
      if (matcher.label === '__name__' || this.isTemplated(matcher.labelNode)) continue;
      if (series.labels !== undefined && !series.labels.has(matcher.label)) {
        this.report(Check.UNKNOWN_LABEL, matcher.labelNode, `unknown label ${quote(matcher.label)} on ${quote(name)}${this.didYouMean(matcher.label, series.labels)}`);
        continue;
      }
      const known = series.labelValues[matcher.label];
      if (known === undefined || matcher.value === undefined || this.isTemplated(matcher.node)) continue;
      if (matcher.op === '=' && matcher.value !== '' && !known.includes(matcher.value)) {
        this.report(
          Check.LABEL_VALUE_MATCHES_NOTHING,
          matcher.node,
          `${matcher.label}=${quote(matcher.value)} matches none of the known values of ${quote(name)}'s ${quote(matcher.label)} ${quote(known)}`,
        );
      } else if (matcher.op === '=~') {
        let regex: Re2Regex;
        try {
          regex = Re2Regex.of(matcher.value);
        } catch {
          continue; // Prometheus itself rejects it; not this check's finding
        }
        if (!regex.matchesFully('') && !known.some((v) => regex.matchesFully(v))) {
          this.report(
            Check.LABEL_VALUE_MATCHES_NOTHING,
            matcher.node,
            `${matcher.label}=~${quote(matcher.value)} matches none of the known values of ${quote(name)}'s ${quote(matcher.label)} ${quote(known)}`,
          );
        }
      }
    }
    if (series.labels === undefined) return native ? { ...OPEN, native } : OPEN;
    return native ? { ...closed(series.labels), native } : closed(series.labels);
  }

  /** The native histogram a `_bucket`, `_sum` or `_count` name would be a classic series of, if any. */
  private nativeBase(name: string): { name: string; series: ResolvedSeries } | undefined {
    const m = /^(.+)_(bucket|sum|count)$/.exec(name);
    const series = m ? this.resolver.resolve(m[1]) : undefined;
    return m && series?.kind === SeriesKind.NATIVE_HISTOGRAM ? { name: m[1], series } : undefined;
  }

  /** The name a vector selector selects (`x`, `{"x"}`, `{__name__="x"}`) and the node that names it. */
  private selectorName(selector: SyntaxNode): { name: string; node: SyntaxNode } | undefined {
    const identifier = selector.getChild('Identifier');
    if (identifier) return { name: this.src(identifier), node: identifier };
    const named = matchersOf(selector, this.text).find((m) => m.label === '__name__' && m.op === '=' && m.value !== undefined);
    return named ? { name: named.value!, node: named.node } : undefined;
  }

  private functionCall(node: SyntaxNode, ctx: Context): Labels {
    const identifier = node.getChild('FunctionIdentifier');
    const name = identifier ? this.src(identifier) : '';
    const body = node.getChild('FunctionCallBody');
    const args = body ? childrenNamed(body) : [];
    const inner: Context = PRESENCE_FUNCTIONS.has(name) || RATE_FUNCTIONS.has(name) ? { ...ctx, counterOk: true } : ctx;

    // rate(x[5m]) and rate(x[5m:1m]): the selector's type decides whether the rate means anything
    const ranged = args[0]?.name === 'MatrixSelector' || args[0]?.name === 'SubqueryExpr' ? args[0] : undefined;
    const selector = ranged ? childrenNamed(ranged)[0] : undefined;
    if (RATE_FUNCTIONS.has(name) && selector?.name === 'VectorSelector') {
      return this.selector(selector, inner, name);
    }
    if (name === 'histogram_quantile' && args.length >= 2) {
      this.visit(args[0], ctx);
      const labels = this.visit(args[1], { ...ctx, inHistogramQuantile: true });
      this.histogramQuantile(args[1], labels);
      return labels.open ? OPEN : closed([...labels.set].filter((l) => l !== 'le'));
    }

    let result: Labels | undefined;
    for (const arg of args) {
      const labels = this.visit(arg, inner);
      if (result === undefined && !labels.scalar) result = labels;
    }
    if (NATIVE_HISTOGRAM_FUNCTIONS.has(name) && args.length > 0) this.nativeHistogramInput(name, args[args.length - 1]);
    if (SCALAR_FUNCTIONS.has(name)) return SCALAR;
    if (name === 'vector') return closed([]);
    if (name === 'absent' || name === 'absent_over_time') return OPEN;
    if (result === undefined) return closed([]);
    if ((name === 'label_replace' || name === 'label_join') && args[1]?.name === 'StringLiteral' && !result.open) {
      return closed([...result.set, decodeStringLiteral(this.src(args[1]))]);
    }
    return result;
  }

  private histogramQuantile(arg: SyntaxNode, labels: Labels): void {
    const selectors = this.resolvedSelectors(arg);
    // a native histogram carries its buckets in each sample: no le to keep, only a rate to take
    if (selectors.some((s) => s.series.kind === SeriesKind.NATIVE_HISTOGRAM)) {
      for (const s of selectors) {
        if (s.series.kind !== SeriesKind.NATIVE_HISTOGRAM) continue;
        if (!hasAncestor(s.selector, arg, (n) => n.name === 'FunctionCall' && BUCKET_RATE_FUNCTIONS.includes(functionName(n, this.text)))) {
          this.report(
            Check.HISTOGRAM_QUANTILE_INPUT,
            s.node,
            `histogram_quantile() over the raw native histogram ${quote(s.name)}: take its rate first, e.g. histogram_quantile(0.95, sum(rate(${promqlSelector(s.name)}[5m])))`,
          );
        }
      }
      return;
    }
    for (const aggregate of descendants(arg, 'AggregateExpr')) {
      if (this.leDroppedAt.has(aggregate.from)) {
        this.report(
          Check.HISTOGRAM_QUANTILE_INPUT,
          aggregate,
          `histogram_quantile() needs the "le" label, but ${quote(this.src(aggregate))} aggregates it away: add le to the grouping, e.g. sum by (le) (...)`,
        );
        return;
      }
    }
    if (!labels.open && !labels.scalar && !labels.set.has('le')) {
      this.report(Check.HISTOGRAM_QUANTILE_INPUT, arg, `histogram_quantile() needs a "le" label, but ${quote(this.src(arg))} has none: give it the rate of a histogram's _bucket series (or of a native histogram)`);
      return;
    }
    for (const s of selectors) {
      const { name, series, node } = s;
      if (series.kind !== SeriesKind.BUCKET) {
        this.report(Check.HISTOGRAM_QUANTILE_INPUT, node, `histogram_quantile() over ${quote(name)}, which is not a histogram's _bucket series (${series.kind}, ${series.source})`);
        continue;
      }
      if (!hasAncestor(s.selector, arg, (n) => n.name === 'FunctionCall' && BUCKET_RATE_FUNCTIONS.includes(functionName(n, this.text)))) {
        this.report(
          Check.HISTOGRAM_QUANTILE_INPUT,
          node,
          `histogram_quantile() over the raw bucket counters ${quote(name)}: take their rate first, e.g. sum by (le) (rate(${promqlSelector(name)}[5m]))`,
        );
      }
    }
  }

  /** `histogram_fraction()`, `histogram_count()`...: over float series they return nothing. */
  private nativeHistogramInput(fn: string, arg: SyntaxNode): void {
    for (const s of this.resolvedSelectors(arg)) {
      if (s.series.kind === SeriesKind.NATIVE_HISTOGRAM) continue;
      const what = s.series.kind === SeriesKind.BUCKET ? "a classic histogram's _bucket series" : `a ${s.series.kind}`;
      const classic = s.series.kind === SeriesKind.BUCKET || /_(sum|count)$/.test(s.name);
      this.report(
        Check.HISTOGRAM_QUANTILE_INPUT,
        s.node,
        `${fn}() over ${quote(s.name)}, which is ${what} (${s.series.source}): ${fn}() reads native histograms only and returns nothing for float samples` +
          (classic ? "; over a classic histogram, read its _count and _sum series, or histogram_quantile() over its buckets" : ''),
      );
    }
  }

  /** The selectors under `node` whose name resolves to a series of known kind. */
  private resolvedSelectors(node: SyntaxNode): Array<{ selector: SyntaxNode; node: SyntaxNode; name: string; series: ResolvedSeries }> {
    const out: Array<{ selector: SyntaxNode; node: SyntaxNode; name: string; series: ResolvedSeries }> = [];
    for (const selector of descendants(node, 'VectorSelector')) {
      const named = this.selectorName(selector);
      if (!named || this.isTemplated(named.node)) continue;
      const series = this.resolver.resolve(named.name);
      if (series && series.kind !== undefined) out.push({ selector, node: named.node, name: named.name, series });
    }
    return out;
  }

  private aggregate(node: SyntaxNode, ctx: Context): Labels {
    const opNode = node.getChild('AggregateOp');
    const op = opNode ? this.src(opNode) : '';
    const body = node.getChild('FunctionCallBody');
    const args = body ? childrenNamed(body) : [];
    const inner: Context = PRESENCE_AGGREGATIONS.has(op) ? { ...ctx, counterOk: true } : ctx;
    let input: Labels = OPEN;
    args.forEach((arg, i) => {
      const labels = this.visit(arg, i === args.length - 1 ? inner : ctx);
      if (i === args.length - 1) input = labels;
    });
    const modifier = node.getChild('AggregateModifier');
    const grouping = modifier?.getChild('GroupingLabels');
    const names = groupingLabelNames(grouping, this.text);
    if (!input.open) {
      for (const label of names) {
        if (input.set.has(label.name) || this.isTemplated(label.node)) continue;
        if (label.name === 'le' && input.native) {
          this.report(Check.UNKNOWN_LABEL, label.node, `unknown label "le" in the grouping of ${op}: its input is a native histogram, whose buckets are inside each sample (no le label); remove le, histogram_quantile() and histogram_fraction() read the buckets without it`);
          continue;
        }
        this.report(Check.UNKNOWN_LABEL, label.node, `unknown label ${quote(label.name)} in the grouping of ${op}: its input carries ${quote([...input.set].sort())}${this.didYouMean(label.name, input.set)}`);
      }
    }
    let result: Labels;
    if (SELECTING_AGGREGATIONS.has(op)) {
      result = input;
    } else if (modifier?.getChild('Without')) {
      result = input.open ? OPEN : closed([...input.set].filter((l) => !names.some((n) => n.name === l)));
    } else {
      result = closed(names.map((n) => n.name));
    }
    if (op === 'count_values' && args[0]?.name === 'StringLiteral' && !result.open) result = closed([...result.set, decodeStringLiteral(this.src(args[0]))]);
    if (!input.open && input.set.has('le') && !result.open && !result.set.has('le')) this.leDroppedAt.add(node.from);
    return result;
  }

  private binary(node: SyntaxNode, ctx: Context): Labels {
    const operands = childrenNamed(node);
    const operator = node.firstChild?.nextSibling;
    const op = operator ? this.src(operator).toLowerCase() : '';
    const lhs = operands[0] ? this.visit(operands[0], ctx) : OPEN;
    const setOperator = op === 'and' || op === 'unless';
    const rhs = operands[1] ? this.visit(operands[1], setOperator ? { ...ctx, counterOk: true } : ctx) : OPEN;
    if (lhs.scalar) return rhs;
    if (rhs.scalar) return lhs;

    const clause = node.getChild('MatchingModifierClause');
    const groupings = clause ? clause.getChildren('GroupingLabels') : [];
    const matching = groupingLabelNames(groupings[0], this.text);
    const extra = groupingLabelNames(groupings[1], this.text);
    const on = !!clause?.getChild('On');
    const groupLeft = !!clause?.getChild('GroupLeft');
    const groupRight = !!clause?.getChild('GroupRight');
    for (const label of matching) {
      if (this.isTemplated(label.node)) continue;
      for (const [side, labels] of [
        ['left', lhs],
        ['right', rhs],
      ] as const) {
        if (!labels.open && !labels.set.has(label.name)) {
          this.report(
            Check.UNKNOWN_LABEL,
            label.node,
            `unknown label ${quote(label.name)} in ${on ? 'on' : 'ignoring'}(): the ${side} side carries ${quote([...labels.set].sort())}${this.didYouMean(label.name, labels.set)}`,
          );
          break;
        }
      }
    }
    const one = groupLeft ? rhs : lhs;
    for (const label of extra) {
      if ((groupLeft || groupRight) && !this.isTemplated(label.node) && !one.open && !one.set.has(label.name)) {
        this.report(
          Check.UNKNOWN_LABEL,
          label.node,
          `unknown label ${quote(label.name)} in ${groupLeft ? 'group_left' : 'group_right'}(): the ${groupLeft ? 'right' : 'left'} side carries ${quote([...one.set].sort())}${this.didYouMean(label.name, one.set)}`,
        );
      }
    }
    if (op === 'or') return lhs.open || rhs.open ? OPEN : closed([...lhs.set, ...rhs.set]);
    if (setOperator) return lhs;
    if (groupLeft) return lhs.open ? OPEN : closed([...lhs.set, ...extra.map((e) => e.name)]);
    if (groupRight) return rhs.open ? OPEN : closed([...rhs.set, ...extra.map((e) => e.name)]);
    if (clause && on) return closed(matching.map((m) => m.name));
    if (clause) return lhs.open ? OPEN : closed([...lhs.set].filter((l) => !matching.some((m) => m.name === l)));
    return lhs;
  }

  private didYouMean(label: string, known: Set<string>): string {
    const suggestion = closest(label, [...known]);
    return suggestion ? `; did you mean ${quote(suggestion)}?` : '';
  }
}

interface Matcher {
  readonly node: SyntaxNode;
  readonly labelNode: SyntaxNode;
  readonly label: string;
  readonly op?: string;
  readonly value?: string;
}

function matchersOf(selector: SyntaxNode, text: string): Matcher[] {
  return selectorMatchers(selector, text).map((m) => ({
    node: m.node,
    labelNode: m.labelNode,
    label: m.label,
    op: m.op,
    value: m.value ? decodeStringLiteral(text.slice(m.value.from, m.value.to)) : undefined,
  }));
}



function descendants(node: SyntaxNode, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const cursor = node.cursor();
  const end = node.to;
  do {
    if (cursor.from >= end && cursor.node !== node) break;
    if (cursor.name === name) out.push(cursor.node);
  } while (cursor.next() && cursor.from < end);
  return out;
}

function hasAncestor(node: SyntaxNode, stop: SyntaxNode, test: (n: SyntaxNode) => boolean): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (test(parent)) return true;
    if (parent.from === stop.from && parent.to === stop.to && parent.name === stop.name) return false;
  }
  return false;
}

function functionName(node: SyntaxNode, text: string): string {
  const identifier = node.getChild('FunctionIdentifier');
  return identifier ? text.slice(identifier.from, identifier.to) : '';
}
