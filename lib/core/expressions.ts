import { parser as logqlParser } from '@grafana/lezer-logql';
import { SyntaxNodeRef, Tree } from '@lezer/common';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import { BoundedMap } from './bounded-map';
import { quote, ValidationError } from './errors';
import { parsePromQLTree } from './promql-parser';
import { functionProblem, promqlContentError, promqlSemanticError, promqlVersionError } from './promql-semantics';
import { PrometheusVersion } from './target-versions';
import { raiseProblem } from './problems';
import { optionalObject, requireString } from './untyped';

/** Grafana's built-in interval variables, replaced by a duration before parsing a dashboard query. */
const GRAFANA_INTERVAL_VARIABLES = new Set(['__interval', '__rate_interval', '__range', '__auto', '__interval_ms', '__range_s', '__range_ms']);

/** Below this length lezer-promql's tree is exact; from it on, a tree with errors is checked by our own parser. */
const LEZER_CUTOFF_LENGTH = 2000;

/** An expression as messages show it: whole up to 300 characters, else its start and end. */
function excerpt(text: string): string {
  return text.length <= 300 ? text : `${text.slice(0, 160)} … (${text.length - 260} characters) … ${text.slice(-100)}`;
}

/** A position in an expression, for error messages. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/**
 * Parses with a lezer grammar and throws at the first error node, with its position.
 * lezer recovers from errors by inserting error nodes; any error node means the real parser would fail.
 */
const parsePromQL = (text: string): Tree => promqlParser.parse(text);
const parseLogQL = (text: string): Tree => logqlParser.parse(text);

// Apps repeat expressions, and fleets of services repeat the same expressions with other label values
// (`{job="svc-a"}`, `{job="svc-b"}`): the syntax tree of a query does not depend on what its string
// literals hold, only on where they start and end. So the cache is keyed by the text with the content of
// its plain string literals masked (`{job="xxxxx"}`): queries that differ only there share one parse.
// Trees are immutable, so sharing them is safe; the cache is bounded to keep memory flat.
const PARSED = new BoundedMap<string, Tree>(4096);
const STRING_TOKENS: { [language: string]: string } = { PromQL: 'StringLiteral', LogQL: 'String' };

/**
 * The text with the content of each quoted literal (`"..."`, `'...'`, `` `...` ``) replaced by `x`, and the
 * offsets of the literals. Only literals without backslash or line break are masked: their end is the
 * next quote of their kind in every string syntax. From the first other literal on, the text is kept
 * as it is (and so is the rest of the key).
 */
function maskLiterals(text: string): { shape: string; literals: number[] } {
  const literals: number[] = [];
  let shape = '';
  let copied = 0;
  // character codes, not one-character strings: every expression of every construct goes through here
  for (let i = 0; i < text.length; i++) {
    const quote = text.charCodeAt(i);
    if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE && quote !== BACKTICK) continue;
    let end = i + 1;
    let c = text.charCodeAt(end);
    while (end < text.length && c !== quote && c !== BACKSLASH && c !== LINE_FEED) c = text.charCodeAt(++end);
    if (end >= text.length || c !== quote) break;
    shape += text.slice(copied, i + 1) + 'x'.repeat(end - i - 1);
    copied = end;
    literals.push(i, end + 1);
    i = end;
  }
  return { shape: copied === 0 ? text : shape + text.slice(copied), literals };
}

const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKTICK = 0x60;
const BACKSLASH = 0x5c;
const LINE_FEED = 0x0a;

function parseOrThrow(language: 'PromQL' | 'LogQL', text: string, parse: (t: string) => Tree, shown = text, version = PrometheusVersion.V3_5): Tree {
  const { shape, literals } = maskLiterals(text);
  // masking is idempotent, so the literals are the same for every text of one shape: checked once
  const key = `${language}\0${shape}`;
  let tree = PARSED.get(key);
  if (tree === undefined) {
    // the `from:to` offsets of the string tokens, collected by the same walk that looks for errors
    const tokens = new Set<string>();
    const stringToken = STRING_TOKENS[language];
    try {
      tree = parseUncached(language, shape, parse, shape, (node) => {
        if (node.name === stringToken) tokens.add(`${node.from}:${node.to}`);
      });
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      // the error message shows the text as written
      return checkSemantics(language, text, parseUncached(language, text, parse, shown), shown);
    }
    // each masked span must be a whole string token of the tree (not, say, part of a comment)
    for (let i = 0; i < literals.length; i += 2) {
      if (!tokens.has(`${literals[i]}:${literals[i + 1]}`)) return checkSemantics(language, text, parseUncached(language, text, parse, shown), shown);
    }
    // the semantic checks depend on the shape only: checked once, before the tree is shared
    checkSemantics(language, shape, tree, shown);
    PARSED.set(key, tree);
  }
  if (language === 'PromQL') {
    const error = promqlContentError(text, tree) ?? promqlVersionError(text, tree, version);
    if (error !== undefined) throw new ValidationError(`invalid PromQL ${quote(excerpt(shown))} at ${lineColumn(text, error.offset)}: ${error.message}`);
  }
  return tree;
}

/** Prometheus' checks after the grammar (types, argument counts, matching rules), with the position. */
function checkSemantics(language: 'PromQL' | 'LogQL', text: string, tree: Tree, shown: string): Tree {
  if (language !== 'PromQL') return tree;
  const error = promqlSemanticError(text, tree);
  if (error !== undefined) throw new ValidationError(`invalid PromQL ${quote(excerpt(shown))} at ${lineColumn(text, error.offset)}: ${error.message}`);
  return tree;
}

/** Parses `text` and throws at the first error node; `visit` sees every node of a tree without errors. */
function parseUncached(language: 'PromQL' | 'LogQL', text: string, parse: (t: string) => Tree, shown: string, visit?: (node: SyntaxNodeRef) => void): Tree {
  if (text.trim() === '') {
    throw new ValidationError(`invalid ${language} ${quote(excerpt(shown))}: expression is empty`);
  }
  const scan = (t: Tree): number | undefined => {
    let at: number | undefined;
    t.iterate({
      enter: (node) => {
        if (at !== undefined) return false;
        if (node.type.isError) {
          at = node.from;
          return false;
        }
        visit?.(node);
        return undefined;
      },
    });
    return at;
  };
  let tree: Tree | undefined;
  try {
    tree = parse(text);
  } catch (e) {
    // lezer builds its tree recursively: a very long expression can exhaust the stack
    if (!(e instanceof RangeError)) throw e;
    if (language !== 'PromQL') throw new ValidationError(`invalid ${language} ${quote(excerpt(shown))}: nested or chained more deeply than the checks follow; split it up`);
  }
  let errorAt = tree ? scan(tree) : 0;
  // lezer gives up on long binary chains and deep nesting that Prometheus accepts (it cuts them off to keep
  // its trees shallow, which only happens past 2,000 characters): there our own parser builds the same tree
  if ((tree === undefined || errorAt !== undefined) && language === 'PromQL' && text.length >= LEZER_CUTOFF_LENGTH) {
    const own = parsePromQLTree(text);
    if (own instanceof Tree) {
      tree = own;
      errorAt = scan(own);
    } else if (own.message !== undefined) {
      throw new ValidationError(`invalid PromQL ${quote(excerpt(shown))}: ${own.message}`);
    } else {
      errorAt = own.offset;
    }
  }
  if (errorAt !== undefined) {
    const rest = text.slice(errorAt).trimStart();
    let what = rest === '' ? 'unexpected end of input' : `unexpected ${quote(rest.slice(0, 12))}`;
    // `holt_winters(...)`: the grammar knows no such function and stops at the parenthesis
    const called = language === 'PromQL' && rest.startsWith('(') ? /([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(text.slice(0, errorAt)) : null;
    if (called) {
      const problem = functionProblem(called[1]);
      if (problem !== undefined) {
        errorAt = errorAt - (text.slice(0, errorAt).length - called.index);
        what = problem;
      }
    }
    throw new ValidationError(`invalid ${language} ${quote(excerpt(shown))} at ${lineColumn(text, errorAt)}: ${what}`);
  }
  return tree!;
}

/**
 * Replaces Grafana template variables (`$var`, `${var}`, `${var:format}`, `[[var]]`) so that a dashboard
 * query can be parsed: interval variables become a duration, others an identifier-shaped placeholder of
 * the same length (so error positions stay right). Returns the variable names found.
 */
function substituteVariables(text: string): { text: string; variables: string[] } {
  const variables: string[] = [];
  const replaced = text.replace(/\$\{([A-Za-z0-9_]+)(?::[A-Za-z0-9_]+)?\}|\$([A-Za-z0-9_]+)|\[\[([A-Za-z0-9_]+)\]\]/g, (match, a, b, c) => {
    const name: string = a ?? b ?? c;
    if (!variables.includes(name)) variables.push(name);
    if (GRAFANA_INTERVAL_VARIABLES.has(name)) return '1m';
    const placeholder = ('v' + name).replace(/[^A-Za-z0-9_]/g, '_');
    return placeholder.length >= match.length ? placeholder.slice(0, Math.max(match.length, 1)) : placeholder.padEnd(match.length, '_');
  });
  return { text: replaced, variables };
}

/** Options of `PromQL.parse`. */
export interface PromQLParseOptions {
  /**
   * The oldest Prometheus release the expression must work in: what only newer releases know is refused.
   * Constructs pass their chart's `targetVersions.prometheus`.
   * @default PrometheusVersion.V3_5 (the long-term support release, as `TargetVersions`)
   */
  readonly prometheus?: PrometheusVersion;
}

/**
 * A PromQL expression, parsed with Prometheus' official lezer grammar (`@prometheus-io/lezer-promql`)
 * when it is created, so a typo fails the synth instead of the rule evaluation.
 *
 * @example
 * const expr = PromQL.parse('sum(rate(http_requests_total{code=~"5.."}[5m])) by (job)');
 */
export class PromQL {
  /**
   * Parses a PromQL expression. There is no limit on its length; nesting (each binary operator, call and
   * pair of parentheses is a level) is followed to 2,000 levels, past which the expression is refused with
   * the advice to split it into recording rules (Prometheus has no such limit).
   * @throws ValidationError `invalid PromQL "<expr>" at <line>:<column>: <what>`
   */
  public static parse(expression: string, options: PromQLParseOptions = {}): PromQL {
    checkParseArgs('PromQL', expression, options);
    return new PromQL(expression, [], expression, parseOrThrow('PromQL', expression, parsePromQL, expression, options.prometheus));
  }

  /**
   * Parses a PromQL query of a Grafana dashboard, where template variables (`$namespace`,
   * `[$__rate_interval]`) may appear; their names are kept in `variables`.
   */
  public static parseDashboardQuery(expression: string, options: PromQLParseOptions = {}): PromQL {
    checkParseArgs('PromQL', expression, options);
    const { text, variables } = substituteVariables(expression);
    return new PromQL(expression, variables, text, parseOrThrow('PromQL', text, parsePromQL, expression, options.prometheus));
  }

  /** The expression as written. */
  public readonly expression: string;
  /** Grafana template variables the expression refers to (dashboard queries only). */
  public readonly variables: string[];
  /** @internal the text the tree was parsed from (variables substituted) */
  public readonly _parsedText: string;

  /**
   * @internal the lezer syntax tree, for the checks and the query lint. Expressions of one shape (the
   * same text but for the contents of string literals) share one tree from the parse cache, so an app of
   * many services holds about one tree per kind of query, not one per expression.
   */
  public readonly _tree: Tree;

  private constructor(expression: string, variables: string[], parsedText: string, tree: Tree) {
    this.expression = expression;
    this.variables = variables;
    this._parsedText = parsedText;
    this._tree = tree;
  }

  /** The expression text. */
  public toString(): string {
    return this.expression;
  }
}

/**
 * A LogQL expression (log or metric query), parsed with Grafana's official lezer grammar
 * (`@grafana/lezer-logql`) when it is created.
 *
 * @example
 * const expr = LogQL.parse('sum by (app) (rate({namespace="erp"} |= "ERROR" [5m]))');
 */
export class LogQL {
  /**
   * Parses a LogQL expression.
   * @throws ValidationError `invalid LogQL "<expr>" at <line>:<column>: <what>`
   */
  public static parse(expression: string): LogQL {
    checkParseArgs('LogQL', expression);
    return new LogQL(expression, [], expression, parseOrThrow('LogQL', expression, parseLogQL));
  }

  /** Parses a LogQL query of a Grafana dashboard, where template variables may appear. */
  public static parseDashboardQuery(expression: string): LogQL {
    checkParseArgs('LogQL', expression);
    const { text, variables } = substituteVariables(expression);
    return new LogQL(expression, variables, text, parseOrThrow('LogQL', text, parseLogQL, expression));
  }

  /** The expression as written. */
  public readonly expression: string;
  /** Grafana template variables the expression refers to (dashboard queries only). */
  public readonly variables: string[];
  /** @internal the text the tree was parsed from (variables substituted) */
  public readonly _parsedText: string;

  /**
   * @internal the lezer syntax tree, for the checks and the query lint. Expressions of one shape (the
   * same text but for the contents of string literals) share one tree from the parse cache, so an app of
   * many services holds about one tree per kind of query, not one per expression.
   */
  public readonly _tree: Tree;

  private constructor(expression: string, variables: string[], parsedText: string, tree: Tree) {
    this.expression = expression;
    this.variables = variables;
    this._parsedText = parsedText;
    this._tree = tree;
  }

  /** The expression text. */
  public toString(): string {
    return this.expression;
  }
}

/** Plain-JavaScript checks of the arguments of `PromQL.parse`, `LogQL.parse` and their dashboard forms. */
function checkParseArgs(language: 'PromQL' | 'LogQL', expression: unknown, options?: unknown): void {
  requireString(expression, 'expression', language === 'PromQL' ? "'sum(rate(http_requests_total[5m]))'" : "'{app=\"shop\"} |= \"error\"'");
  if (options === undefined) return;
  optionalObject(options, 'options', '{ prometheus: PrometheusVersion.V3_5 }');
  const prometheus = (options as PromQLParseOptions).prometheus;
  if (prometheus !== undefined && !(prometheus instanceof PrometheusVersion)) {
    throw new ValidationError(`options.prometheus: must be a PrometheusVersion, e.g. PrometheusVersion.V3_5; received ${quote(prometheus)}`);
  }
  ValidationError.inField('options.prometheus', () => raiseProblem(prometheus));
}
