// A checker of Go `text/template` syntax, for the templates Prometheus, Alertmanager, Promtail, Alloy and
// Loki evaluate: actions and their delimiters, control structures and their {{end}}, function names
// against what the consumer provides, and variables in scope. It reports what Go's parser reports
// (`function "x" not defined`, `unexpected {{end}}`, `undefined variable "$x"`, `unexpected EOF`), checked
// against promtool 2.42 and 3.5 by test/core/go-template.test.ts. Optionally (Alertmanager's notification
// templates, lib/alertmanager/template-check.ts) also the execution errors Go reports for fields of the
// top-level data and for templates that are not defined, checked against amtool 0.25 and 0.33 by
// test/alertmanager/template-differential.test.ts. Not public API.

/** The functions of Go's text/template, available to every consumer. */
export const GO_TEMPLATE_BUILTINS: readonly string[] = [
  'and', 'call', 'html', 'index', 'slice', 'js', 'len', 'not', 'or', 'print', 'printf', 'println', 'urlquery', 'eq', 'ge', 'gt', 'le', 'lt', 'ne',
];

/**
 * The functions of Prometheus' alert templates that promtool 2.42 and 3.5 both accept in `check rules`
 * (`tmpl`, `toDuration` and `now` are refused by both).
 * @internal
 */
export const PROMETHEUS_TEMPLATE_FUNCTIONS: ReadonlySet<string> = new Set([
  ...GO_TEMPLATE_BUILTINS,
  'humanize', 'humanize1024', 'humanizeDuration', 'humanizePercentage', 'humanizeTimestamp', 'toTime', 'title', 'toUpper', 'toLower',
  'match', 'reReplaceAll', 'query', 'first', 'label', 'value', 'sortByLabel', 'strvalue', 'args', 'safeHtml', 'externalURL', 'pathPrefix',
  'graphLink', 'tableLink', 'stripPort', 'stripDomain', 'parseDuration',
]);

/** The variables Prometheus defines for alert label and annotation templates. @internal */
export const PROMETHEUS_TEMPLATE_VARIABLES: readonly string[] = ['$', '$labels', '$externalLabels', '$externalURL', '$value'];

/**
 * The functions of sprig v3.3.0's `TxtFuncMap()` (the `genericMap` of functions.go in
 * github.com/Masterminds/sprig at tag v3.3.0, the version both Loki v3.5.1's and Alloy's go.mod require),
 * in the order of the source. `slice` shadows Go's builtin of the same name.
 * @internal
 */
export const SPRIG_TEMPLATE_FUNCTIONS: readonly string[] = [
  'hello', 'ago', 'date', 'date_in_zone', 'date_modify', 'dateInZone', 'dateModify', 'duration', 'durationRound', 'htmlDate',
  'htmlDateInZone', 'must_date_modify', 'mustDateModify', 'mustToDate', 'now', 'toDate', 'unixEpoch', 'abbrev', 'abbrevboth',
  'trunc', 'trim', 'upper', 'lower', 'title', 'untitle', 'substr', 'repeat', 'trimall', 'trimAll', 'trimSuffix', 'trimPrefix',
  'nospace', 'initials', 'randAlphaNum', 'randAlpha', 'randAscii', 'randNumeric', 'swapcase', 'shuffle', 'snakecase',
  'camelcase', 'kebabcase', 'wrap', 'wrapWith', 'contains', 'hasPrefix', 'hasSuffix', 'quote', 'squote', 'cat', 'indent',
  'nindent', 'replace', 'plural', 'sha1sum', 'sha256sum', 'sha512sum', 'adler32sum', 'toString', 'atoi', 'int64', 'int',
  'float64', 'seq', 'toDecimal', 'split', 'splitList', 'splitn', 'toStrings', 'until', 'untilStep', 'add1', 'add', 'sub', 'div',
  'mod', 'mul', 'randInt', 'add1f', 'addf', 'subf', 'divf', 'mulf', 'biggest', 'max', 'min', 'maxf', 'minf', 'ceil', 'floor',
  'round', 'join', 'sortAlpha', 'default', 'empty', 'coalesce', 'all', 'any', 'compact', 'mustCompact', 'fromJson', 'toJson',
  'toPrettyJson', 'toRawJson', 'mustFromJson', 'mustToJson', 'mustToPrettyJson', 'mustToRawJson', 'ternary', 'deepCopy',
  'mustDeepCopy', 'typeOf', 'typeIs', 'typeIsLike', 'kindOf', 'kindIs', 'deepEqual', 'env', 'expandenv', 'getHostByName', 'base',
  'dir', 'clean', 'ext', 'isAbs', 'osBase', 'osClean', 'osDir', 'osExt', 'osIsAbs', 'b64enc', 'b64dec', 'b32enc', 'b32dec',
  'tuple', 'list', 'dict', 'get', 'set', 'unset', 'hasKey', 'pluck', 'keys', 'pick', 'omit', 'merge', 'mergeOverwrite',
  'mustMerge', 'mustMergeOverwrite', 'values', 'append', 'push', 'mustAppend', 'mustPush', 'prepend', 'mustPrepend', 'first',
  'mustFirst', 'rest', 'mustRest', 'last', 'mustLast', 'initial', 'mustInitial', 'reverse', 'mustReverse', 'uniq', 'mustUniq',
  'without', 'mustWithout', 'has', 'mustHas', 'slice', 'mustSlice', 'concat', 'dig', 'chunk', 'mustChunk', 'bcrypt', 'htpasswd',
  'genPrivateKey', 'derivePassword', 'buildCustomCert', 'genCA', 'genCAWithKey', 'genSelfSignedCert', 'genSelfSignedCertWithKey',
  'genSignedCert', 'genSignedCertWithKey', 'encryptAES', 'decryptAES', 'randBytes', 'uuidv4', 'semver', 'semverCompare', 'fail',
  'regexMatch', 'mustRegexMatch', 'regexFindAll', 'mustRegexFindAll', 'regexFind', 'mustRegexFind', 'regexReplaceAll',
  'mustRegexReplaceAll', 'regexReplaceAllLiteral', 'mustRegexReplaceAllLiteral', 'regexSplit', 'mustRegexSplit',
  'regexQuoteMeta', 'urlParse', 'urlJoin',
];

/**
 * The functions Promtail's `template` stage defines besides sprig's, from `extraFunctionMap` in
 * clients/pkg/logentry/stages/template.go of grafana/loki v3.5.1 (Promtail's pinned version); Alloy's
 * `stage.template` defines the same (internal/component/loki/process/stages/template.go). `regexReplaceAll`
 * and `regexReplaceAllLiteral` replace sprig's functions of the same name (argument order: regex, input,
 * replacement).
 * @internal
 */
export const LOG_AGENT_EXTRA_TEMPLATE_FUNCTIONS: readonly string[] = [
  'ToLower', 'ToUpper', 'Replace', 'Trim', 'TrimLeft', 'TrimRight', 'TrimPrefix', 'TrimSuffix', 'TrimSpace',
  'Hash', 'Sha2Hash', 'regexReplaceAll', 'regexReplaceAllLiteral',
];

/**
 * The functions of Promtail's `template` stage: Go's builtins, sprig v3.3.0's `TxtFuncMap()` and its own
 * (clients/pkg/logentry/stages/template.go in grafana/loki v3.5.1:
 * `template.New("pipeline_template").Funcs(functionMap).Parse(cfg.Template)`, run when the config loads).
 * @internal
 */
export const PROMTAIL_TEMPLATE_FUNCTIONS: ReadonlySet<string> = new Set([
  ...GO_TEMPLATE_BUILTINS, ...SPRIG_TEMPLATE_FUNCTIONS, ...LOG_AGENT_EXTRA_TEMPLATE_FUNCTIONS,
]);

/**
 * The functions of Alloy's `stage.template` (in `loki.process`): the same construction as Promtail's, from
 * internal/component/loki/process/stages/template.go of grafana/alloy at the pinned v1.18.1 (sprig v3.3.0
 * in go.mod; unchanged on main since).
 * @internal
 */
export const ALLOY_TEMPLATE_FUNCTIONS: ReadonlySet<string> = new Set([
  ...GO_TEMPLATE_BUILTINS, ...SPRIG_TEMPLATE_FUNCTIONS, ...LOG_AGENT_EXTRA_TEMPLATE_FUNCTIONS,
]);

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue', 'nil', 'true', 'false']);
const OPENERS = new Set(['if', 'range', 'with', 'define', 'block']);

interface Token {
  readonly kind: 'word' | 'variable' | 'field' | 'string' | 'number' | 'punct' | 'dot';
  readonly text: string;
  /** A field chain on the value before it (`(.A).B`), not on dot. */
  readonly chained?: boolean;
}

/**
 * A Go type as a template sees it, for checking field chains such as `.CommonLabels.SortedPairs`:
 * its fields and argument-less methods by name, or, for a map, the type of its values (any other name
 * is a key). A type with neither is opaque (`time.Time`): anything goes after it.
 * @internal
 */
export interface GoTemplateType {
  /** The name Go gives the type in its errors, e.g. `template.Data`. */
  readonly name: string;
  /**
   * Fields and methods: a type, or `'args'` for a method that takes one argument (refused inside a
   * chain, where Go calls it with none; not checked after it). Undefined for an opaque type.
   */
  readonly members?: { readonly [name: string]: GoTemplateType | 'args' };
  /** For a map type: the type of its values, which any name that is not a member looks up. */
  readonly mapValue?: GoTemplateType;
}

/** What a consumer adds to the checks of syntax, functions and variables. @internal */
export interface GoTemplateOptions {
  /**
   * The type of the data the template executes on: field chains on the top-level dot (outside
   * `range`, `with`, `define` and `block`, where dot changes) and on `$` (outside `define` and `block`)
   * must exist in it.
   * @default - fields are not checked
   */
  readonly data?: GoTemplateType;
  /**
   * The templates `{{ template "name" }}` may call, besides those the text itself defines.
   * @default - template names are not checked
   */
  readonly templates?: ReadonlySet<string>;
}

/** Control structures inside which dot is no longer the top-level data. */
const DOT_CHANGERS = new Set(['range', 'with', 'define', 'block']);

class TemplateError extends Error {}

/**
 * The first error Go's template parser would report for `text`, or undefined.
 * @param functions the functions the consumer defines (builtins included)
 * @param variables the variables it defines (`$` is always defined)
 * @param options the data type and the callable templates, when the consumer checks them; Go reports
 * those errors only when it executes the action, so they come after every parse error
 * @internal
 */
export function goTemplateError(text: string, functions: ReadonlySet<string>, variables: readonly string[], options: GoTemplateOptions = {}): string | undefined {
  try {
    check(text, functions, variables, options);
    return undefined;
  } catch (e) {
    if (e instanceof TemplateError) return e.message;
    throw e;
  }
}

function check(text: string, functions: ReadonlySet<string>, variables: readonly string[], options: GoTemplateOptions): void {
  // one scope per open control structure; variables declared inside end with it
  const stack: Array<{ keyword: string; scope: Set<string> }> = [{ keyword: '', scope: new Set(['$', ...variables]) }];
  const declared = (name: string) => stack.some((s) => s.scope.has(name));
  // execution errors (fields, called templates): Go reports them only after the whole text parses
  let executionError: string | undefined;
  const defined = new Set<string>();
  const called: string[] = [];
  let i = 0;
  for (;;) {
    const open = text.indexOf('{{', i);
    if (open < 0) break;
    let start = open + 2;
    if (text[start] === '-' && /\s/.test(text[start + 1] ?? '')) start += 2;
    if (text.startsWith('/*', start)) {
      const endComment = text.indexOf('*/', start + 2);
      if (endComment < 0) throw new TemplateError('unclosed comment');
      const close = /^\s*-?\s*\}\}/.exec(text.slice(endComment + 2));
      if (!close) throw new TemplateError('comment ends before closing delimiter');
      i = endComment + 2 + close[0].length;
      continue;
    }
    const { tokens, end } = lexAction(text, start);
    i = end;
    if (tokens.length === 0) throw new TemplateError('missing value for command');
    const first = tokens[0];
    let rest = tokens;
    // where dot and `$` are still the top-level data (before this action opens anything)
    const dotIsData = !stack.some((s) => DOT_CHANGERS.has(s.keyword));
    const dollarIsData = !stack.some((s) => s.keyword === 'define' || s.keyword === 'block');
    if (first.kind === 'word' && KEYWORDS.has(first.text)) {
      switch (first.text) {
        case 'end':
          if (stack.length === 1) throw new TemplateError('unexpected {{end}}');
          stack.pop();
          continue;
        case 'else': {
          const top = stack[stack.length - 1];
          if (!['if', 'range', 'with'].includes(top.keyword)) throw new TemplateError('unexpected {{else}}');
          top.scope = new Set();
          rest = tokens.slice(1);
          if (rest.length === 0) continue;
          if (rest[0].kind === 'word' && (rest[0].text === 'if' || rest[0].text === 'with')) {
            rest = rest.slice(1);
            break;
          }
          throw new TemplateError(`unexpected ${quoteToken(rest[0])} in else`);
        }
        case 'break':
        case 'continue':
          if (!stack.some((s) => s.keyword === 'range')) throw new TemplateError(`{{${first.text}}} outside {{range}}`);
          continue;
        case 'define':
        case 'block':
        case 'template':
          if (tokens[1]?.kind !== 'string') throw new TemplateError(`unexpected ${tokens[1] ? quoteToken(tokens[1]) : 'end of action'} in ${first.text} clause`);
          if (first.text === 'template') called.push(unquote(tokens[1].text));
          else defined.add(unquote(tokens[1].text));
          if (first.text === 'define') {
            stack.push({ keyword: 'define', scope: new Set(['$']) });
            continue;
          }
          rest = tokens.slice(2);
          if (first.text === 'block') stack.push({ keyword: 'block', scope: new Set() });
          if (rest.length === 0) continue;
          break;
        default:
          if (OPENERS.has(first.text)) {
            stack.push({ keyword: first.text, scope: new Set() });
            rest = tokens.slice(1);
            if (rest.length === 0) throw new TemplateError(`missing value for ${first.text}`);
          }
      }
    }
    // declarations: `$x := ...`, `$i, $x := range ...`
    const assign = rest.findIndex((t) => t.kind === 'punct' && (t.text === ':=' || t.text === '='));
    if (assign > 0) {
      for (const t of rest.slice(0, assign)) {
        if (t.kind === 'variable' && rest[assign].text === ':=') stack[stack.length - 1].scope.add(t.text.split('.')[0]);
        else if (t.kind === 'variable' && !declared(t.text.split('.')[0])) throw new TemplateError(`undefined variable "${t.text.split('.')[0]}"`);
      }
      rest = rest.slice(assign + 1);
      if (rest.length === 0) throw new TemplateError('missing value for command');
    }
    let depth = 0;
    let expectCommand = true;
    for (const t of rest) {
      if (t.kind === 'punct') {
        if (t.text === '(') depth++;
        else if (t.text === ')') {
          if (--depth < 0) throw new TemplateError('unexpected right paren');
        } else if (t.text === '|') {
          if (expectCommand) throw new TemplateError('missing value for command');
          expectCommand = true;
          continue;
        }
      } else if (t.kind === 'word' && !KEYWORDS.has(t.text) && !functions.has(t.text)) {
        throw new TemplateError(`function "${t.text}" not defined`);
      } else if (t.kind === 'variable' && !declared(t.text.split('.')[0])) {
        throw new TemplateError(`undefined variable "${t.text.split('.')[0]}"`);
      } else if (options.data && executionError === undefined) {
        if (t.kind === 'field' && !t.chained && dotIsData) executionError = fieldError(options.data, t.text.slice(1).split('.'));
        else if (t.kind === 'variable' && t.text.startsWith('$.') && dollarIsData) executionError = fieldError(options.data, t.text.slice(2).split('.'));
      }
      expectCommand = false;
    }
    if (depth > 0) throw new TemplateError('unclosed left paren');
    if (expectCommand) throw new TemplateError('missing value for command');
  }
  if (stack.length > 1) throw new TemplateError('unexpected EOF');
  if (options.templates) {
    const missing = called.find((name) => !defined.has(name) && !options.templates!.has(name));
    if (missing !== undefined && executionError === undefined) executionError = `template ${JSON.stringify(missing)} not defined`;
  }
  if (executionError !== undefined) throw new TemplateError(executionError);
}

/** Go's execution error for the field chain `names` on a value of type `type`, or undefined. */
function fieldError(type: GoTemplateType, names: readonly string[]): string | undefined {
  let current = type;
  for (const [i, name] of names.entries()) {
    if (current.members === undefined && current.mapValue === undefined) return undefined;
    const member = current.members?.[name];
    // last in the chain, a method that takes arguments may get them from the command or the pipeline
    // (not checked: `{{ .CommonLabels.Remove }}` alone passes here and fails in Go); inside it gets none
    if (member === 'args') return i === names.length - 1 ? undefined : `wrong number of args for ${name}: want 1 got 0`;
    if (member !== undefined) current = member;
    else if (current.mapValue !== undefined) current = current.mapValue;
    else return `can't evaluate field ${name} in type ${current.name}`;
  }
  return undefined;
}

/** The text of a Go string literal (interpreted or raw). */
function unquote(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  try {
    return JSON.parse(literal.startsWith('\'') ? `"${literal.slice(1, -1)}"` : literal) as string;
  } catch {
    return literal.slice(1, -1);
  }
}

/** The tokens of one action from `start` (after `{{`), and where the text goes on after `}}`. */
function lexAction(text: string, start: number): { tokens: Token[]; end: number } {
  const tokens: Token[] = [];
  let i = start;
  for (;;) {
    while (i < text.length && /[ \t\r\n]/.test(text[i])) i++;
    if (i >= text.length) throw new TemplateError('unclosed action');
    if (text.startsWith('}}', i)) return { tokens, end: i + 2 };
    if (text[i] === '-' && text.startsWith('}}', i + 1) && /\s/.test(text[i - 1] ?? '')) return { tokens, end: i + 3 };
    const c = text[i];
    if (c === '"' || c === '\'') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\n') throw new TemplateError('unterminated quoted string');
        j += text[j] === '\\' ? 2 : 1;
      }
      if (j >= text.length) throw new TemplateError('unterminated quoted string');
      tokens.push({ kind: 'string', text: text.slice(i, j + 1) });
      i = j + 1;
    } else if (c === '`') {
      const j = text.indexOf('`', i + 1);
      if (j < 0) throw new TemplateError('unterminated raw quoted string');
      tokens.push({ kind: 'string', text: text.slice(i, j + 1) });
      i = j + 1;
    } else if (c === '$') {
      const m = /^\$[A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*/.exec(text.slice(i))!;
      tokens.push({ kind: 'variable', text: m[0] });
      i += m[0].length;
    } else if (c === '.') {
      const m = /^(\.[A-Za-z0-9_]+)+/.exec(text.slice(i));
      tokens.push(m ? { kind: 'field', text: m[0], chained: text[i - 1] === ')' } : { kind: 'dot', text: '.' });
      i += m ? m[0].length : 1;
    } else if (/[0-9+-]/.test(c)) {
      const m = /^[+-]?[0-9][0-9a-fA-FxXoObB_.eEpPi+-]*/.exec(text.slice(i));
      if (!m) throw new TemplateError(`bad character ${JSON.stringify(c)}`);
      tokens.push({ kind: 'number', text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*/.exec(text.slice(i))!;
      tokens.push({ kind: 'word', text: m[0].split('.')[0] });
      i += m[0].length;
    } else if (text.startsWith(':=', i)) {
      tokens.push({ kind: 'punct', text: ':=' });
      i += 2;
    } else if ('|()=,'.includes(c)) {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else {
      throw new TemplateError(`bad character ${JSON.stringify(c)}`);
    }
  }
}

function quoteToken(t: Token): string {
  return JSON.stringify(t.text);
}
