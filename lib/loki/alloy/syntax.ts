import { quote, ValidationError } from '../../core/errors';
import { optionalString, requireArray, requireObject, requireString, requireStringList, requireStringMap } from '../../core/untyped';

/*
 * A writer for the Grafana Alloy configuration syntax (formerly River).
 *
 * The lexical rules follow Alloy's scanner (`syntax/scanner`): identifiers are a letter or `_` followed by
 * letters, digits or `_` and are not the keywords `true`, `false` or `null`; strings are double-quoted with
 * Go's escape sequences, never contain a raw newline or NUL, and are written the way Go's `%q` (and so
 * Alloy's own token builder) writes them; block labels must themselves be identifiers; object keys that are
 * not identifiers are quoted strings.
 *
 * @see https://grafana.com/docs/alloy/latest/get-started/syntax/
 */

const KEYWORDS = new Set(['true', 'false', 'null']);
// Alloy's isLetter: ASCII letters, `_`, or any Unicode letter; isDigit: ASCII or any Unicode decimal digit.
const IDENTIFIER = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;
// Go's strconv.IsPrint is false for categories C (control, format, surrogate, private use, unassigned)
// and Z (separators) except the ASCII space: those runes are escaped, as `%q` escapes them.
const NOT_PRINTABLE = /[\p{C}\p{Z}]/u;
const SHORT_ESCAPES: { [ch: string]: string } = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

/**
 * Lexical helpers of the Alloy syntax: identifier checks and string quoting.
 */
export class AlloySyntax {
  /**
   * Whether `text` is an Alloy identifier: a letter or `_`, then letters, digits or `_`; not `true`,
   * `false` or `null`.
   */
  public static isIdentifier(text: string): boolean {
    return IDENTIFIER.test(text) && !KEYWORDS.has(text);
  }

  /**
   * Checks an identifier (attribute name, block name fragment, block label, reference fragment).
   * @param field what the identifier is, for the message
   * @throws ValidationError naming the identifier and the rule
   */
  public static identifier(text: string, field = 'identifier'): string {
    requireString(text, field, "'pods'");
    if (!AlloySyntax.isIdentifier(text)) {
      const why = KEYWORDS.has(text) ? `${quote(text)} is an Alloy keyword` : 'must be a letter or "_" followed by letters, digits or "_"';
      throw new ValidationError(`${field}: ${why} (Alloy identifier); received ${quote(text)}`);
    }
    return text;
  }

  /**
   * Checks an object key. Alloy reads a quoted key as the raw text between the quotes, without
   * processing escapes (`syntax/parser`, parseField), so a key must be non-empty and need no escaping:
   * no `"`, `\`, control or other non-printable characters.
   * @throws ValidationError naming the key
   */
  public static objectKey(key: string): string {
    requireString(key, 'object key', "'app'");
    if (key === '' || AlloySyntax.quote(key) !== `"${key}"`) {
      throw new ValidationError(`object key: must be non-empty and free of '"', '\\' and non-printable characters (Alloy reads quoted keys without unescaping them); received ${quote(key)}`);
    }
    return key;
  }

  /**
   * Quotes a string as an Alloy string literal, exactly as Go's `%q` does: `"` and `\` escaped, `\n`, `\t`
   * and the other C escapes for control characters, `\xHH` for the remaining ASCII controls, `\uHHHH` or
   * `\UHHHHHHHH` for non-printable Unicode (format characters, separators such as U+2028, the BOM), every
   * printable character as itself.
   * @throws ValidationError for a lone UTF-16 surrogate, which has no UTF-8 encoding and no valid escape
   */
  public static quote(text: string): string {
    requireString(text, 'string', "'info'");
    let out = '"';
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      const short = SHORT_ESCAPES[ch];
      if (short !== undefined) {
        out += short;
      } else if (cp >= 0xd800 && cp <= 0xdfff) {
        throw new ValidationError(`string: contains a lone UTF-16 surrogate U+${hex(cp, 4).toUpperCase()}, which Alloy cannot represent; received ${quote(text)}`);
      } else if (cp < 0x20 || cp === 0x7f) {
        out += '\\x' + hex(cp, 2);
      } else if (cp !== 0x20 && NOT_PRINTABLE.test(ch)) {
        out += cp < 0x10000 ? '\\u' + hex(cp, 4) : '\\U' + hex(cp, 8);
      } else {
        out += ch;
      }
    }
    return out + '"';
  }
}

/** Every element of a list is an `AlloyValue`. */
function requireValues(items: unknown[], field: string): void {
  items.forEach((v, i) => {
    if (!(v instanceof AlloyValue)) throw new ValidationError(`${field}[${i}]: must be an AlloyValue, e.g. AlloyValue.string('a'); received ${quote(v)}`);
  });
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

const INDENT = '\t';

/** The kinds of `AlloyValue`. @internal */
type ValueKind = 'string' | 'number' | 'bool' | 'null' | 'list' | 'object' | 'reference' | 'call';

/**
 * A value (expression) of the Alloy syntax: a literal, a list, an object, a reference to another
 * component's export, or a standard-library function call.
 *
 * @example
 * AlloyValue.object({ cluster: AlloyValue.string('prod'), 'k8s.app': AlloyValue.string('api') })
 * AlloyValue.list([AlloyValue.reference('loki.write.default.receiver')])
 */
export class AlloyValue {
  /** The `null` literal. */
  public static readonly NULL = new AlloyValue('null', null);
  /** The `true` literal. */
  public static readonly TRUE = new AlloyValue('bool', true);
  /** The `false` literal. */
  public static readonly FALSE = new AlloyValue('bool', false);

  /** A string literal, quoted and escaped as Alloy (and Go's `%q`) write it. */
  public static string(value: string): AlloyValue {
    AlloySyntax.quote(value); // fails early on what cannot be written
    return new AlloyValue('string', value);
  }

  /**
   * A number literal.
   * @throws ValidationError for NaN and infinities, which Alloy has no literal for
   */
  public static number(value: number): AlloyValue {
    if (!Number.isFinite(value)) {
      throw new ValidationError(`number: must be finite (Alloy has no literal for NaN or infinity); received ${String(value)}`);
    }
    return new AlloyValue('number', value);
  }

  /** A boolean literal. */
  public static bool(value: boolean): AlloyValue {
    return value ? AlloyValue.TRUE : AlloyValue.FALSE;
  }

  /** A list (`[a, b]`); elements keep their order. */
  public static list(items: AlloyValue[]): AlloyValue {
    requireValues(requireArray(items, 'list', "[AlloyValue.string('a')]"), 'list');
    return new AlloyValue('list', [...items]);
  }

  /** A list of strings. */
  public static strings(items: string[]): AlloyValue {
    requireStringList(items, 'list of strings', "['a', 'b']");
    return AlloyValue.list(items.map((s) => AlloyValue.string(s)));
  }

  /**
   * An object (`{ key = value }`). Keys are a set: they are written sorted, as identifiers when they are
   * one and as quoted strings otherwise (`"k8s.app" = ...`).
   */
  public static object(fields: { [key: string]: AlloyValue }): AlloyValue {
    requireObject(fields, 'object', "{ app: AlloyValue.string('api') }");
    const copy: { [key: string]: AlloyValue } = {};
    for (const key of Object.keys(fields).sort()) {
      AlloySyntax.objectKey(key);
      if (!(fields[key] instanceof AlloyValue)) throw new ValidationError(`object[${JSON.stringify(key)}]: must be an AlloyValue, e.g. AlloyValue.string('api'); received ${quote(fields[key])}`);
      copy[key] = fields[key];
    }
    return new AlloyValue('object', copy);
  }

  /** An object of strings (labels, mappings). */
  public static stringMap(fields: { [key: string]: string }): AlloyValue {
    requireStringMap(fields, 'object of strings');
    const out: { [key: string]: AlloyValue } = {};
    for (const [k, v] of Object.entries(fields)) out[k] = AlloyValue.string(v);
    return AlloyValue.object(out);
  }

  /**
   * A reference to a component export or a standard-library value: dot-separated identifiers such as
   * `loki.write.default.receiver` or `discovery.relabel.pods.output`.
   * @throws ValidationError when a fragment is not an identifier
   */
  public static reference(path: string): AlloyValue {
    requireString(path, 'reference', "'loki.write.default.receiver'");
    const fragments = path.split('.');
    fragments.forEach((f) => AlloySyntax.identifier(f, `reference ${quote(path)}`));
    return new AlloyValue('reference', path);
  }

  /**
   * A call of a standard-library function, such as `sys.env("HOSTNAME")` or `string.format(...)`.
   * @param fn the function's dotted name
   */
  public static call(fn: string, args: AlloyValue[]): AlloyValue {
    requireString(fn, 'function', "'sys.env'");
    AlloyValue.reference(fn);
    requireValues(requireArray(args, `arguments of ${fn}`, "[AlloyValue.string('HOSTNAME')]"), `arguments of ${fn}`);
    return new AlloyValue('call', { fn, args: [...args] });
  }

  /**
   * Converts a plain value: strings, finite numbers, booleans, `null`, arrays and plain objects
   * (recursively); an `AlloyValue` is returned as it is.
   * @throws ValidationError for anything else (undefined, functions, class instances)
   */
  public static of(value: unknown): AlloyValue {
    if (value instanceof AlloyValue) return value;
    if (value === null) return AlloyValue.NULL;
    switch (typeof value) {
      case 'string':
        return AlloyValue.string(value);
      case 'number':
        return AlloyValue.number(value);
      case 'boolean':
        return AlloyValue.bool(value);
      default:
        break;
    }
    if (Array.isArray(value)) return AlloyValue.list(value.map((v) => AlloyValue.of(v)));
    if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      const out: { [key: string]: AlloyValue } = {};
      for (const [k, v] of Object.entries(value as object)) {
        if (v !== undefined) out[k] = AlloyValue.of(v);
      }
      return AlloyValue.object(out);
    }
    throw new ValidationError(`value: cannot be written in the Alloy syntax (strings, numbers, booleans, null, arrays and plain objects only); received ${typeof value}`);
  }

  /** @internal */
  public readonly _kind: ValueKind;
  /** @internal */
  public readonly _value: unknown;

  private constructor(kind: ValueKind, value: unknown) {
    this._kind = kind;
    this._value = value;
  }

  /** The value as Alloy source text, at indentation level 0. */
  public toString(): string {
    return this._render(0);
  }

  /** Whether the value is written on one line. @internal */
  public _singleLine(): boolean {
    switch (this._kind) {
      case 'object':
        return Object.keys(this._value as object).length === 0;
      case 'list':
        return (this._value as AlloyValue[]).every((v) => v._kind !== 'list' && v._kind !== 'object' && v._singleLine());
      case 'call':
        return (this._value as { args: AlloyValue[] }).args.every((v) => v._singleLine());
      default:
        return true;
    }
  }

  /**
   * The value as source text; `level` is the indentation level of the line the value starts on.
   * @internal
   */
  public _render(level: number): string {
    switch (this._kind) {
      case 'null':
        return 'null';
      case 'bool':
        return this._value ? 'true' : 'false';
      case 'number':
        return formatNumber(this._value as number);
      case 'string':
        return AlloySyntax.quote(this._value as string);
      case 'reference':
        return this._value as string;
      case 'call': {
        const { fn, args } = this._value as { fn: string; args: AlloyValue[] };
        return `${fn}(${args.map((a) => a._render(level)).join(', ')})`;
      }
      case 'list': {
        const items = this._value as AlloyValue[];
        if (items.length === 0) return '[]';
        if (this._singleLine()) return `[${items.map((v) => v._render(level)).join(', ')}]`;
        const inner = INDENT.repeat(level + 1);
        return `[\n${items.map((v) => `${inner}${v._render(level + 1)},\n`).join('')}${INDENT.repeat(level)}]`;
      }
      case 'object': {
        const fields = this._value as { [key: string]: AlloyValue };
        const keys = Object.keys(fields);
        if (keys.length === 0) return '{}';
        const lines = keys.map((k) => ({ name: AlloySyntax.isIdentifier(k) ? k : AlloySyntax.quote(k), value: fields[k] }));
        return `{\n${alignAssignments(lines, level + 1, ',')}${INDENT.repeat(level)}}`;
      }
    }
  }
}

function formatNumber(n: number): string {
  const text = Object.is(n, -0) ? '0' : String(n);
  // JavaScript writes 1e+21 and 1e-7, which Alloy's FLOAT grammar reads as they are.
  return text;
}

/**
 * Writes `name = value` lines, aligning the `=` of each run of consecutive single-line assignments as
 * `alloy fmt` does; a multi-line value closes its run.
 */
function alignAssignments(lines: Array<{ name: string; value: AlloyValue }>, level: number, suffix: string): string {
  const indent = INDENT.repeat(level);
  let out = '';
  let run: Array<{ name: string; value: AlloyValue }> = [];
  const flush = () => {
    const width = Math.max(...run.map((l) => l.name.length));
    for (const l of run) out += `${indent}${l.name.padEnd(width)} = ${l.value._render(level)}${suffix}\n`;
    run = [];
  };
  for (const line of lines) {
    run.push(line);
    if (!line.value._singleLine()) flush();
  }
  if (run.length > 0) flush();
  return out;
}

/** A statement of a body: an attribute, a nested block or a comment. @internal */
type Statement = { kind: 'attribute'; name: string; value: AlloyValue } | { kind: 'block'; block: AlloyBlock } | { kind: 'comment'; text: string };

/**
 * A body of Alloy statements (the top level of a file, or the inside of a block): attributes and
 * nested blocks, written in the order they were added, each attribute at most once.
 */
export abstract class AlloyBody {
  /** @internal */
  protected readonly _statements: Statement[] = [];

  /**
   * Adds an attribute `name = value`. `undefined` adds nothing, so optional settings can be passed as
   * they are.
   * @throws ValidationError when the name is not an identifier or the attribute is already set
   */
  public addAttribute(name: string, value: AlloyValue | undefined): void {
    AlloySyntax.identifier(name, 'attribute name');
    if (value === undefined) return;
    if (this._statements.some((s) => s.kind === 'attribute' && s.name === name)) {
      throw new ValidationError(`attribute ${quote(name)}: is already set in ${this._describe()}; Alloy rejects an attribute given twice`);
    }
    this._statements.push({ kind: 'attribute', name, value });
  }

  /**
   * Adds a nested block (`name { ... }` or `name "label" { ... }`) and returns it.
   * @param name the block name: identifiers separated by dots (`stage.json`, `loki.process`)
   * @param label the block label, itself an identifier (component blocks need one)
   */
  public addBlock(name: string, label?: string): AlloyBlock {
    const block = new AlloyBlock(name, label);
    this._statements.push({ kind: 'block', block });
    return block;
  }

  /**
   * Adds a `//` comment line (or several, one per line of `text`).
   * @throws ValidationError for control characters other than newlines
   */
  public addComment(text: string): void {
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x09\x0b-\x1f\x7f\u2028\u2029\ufeff]/.test(text)) {
      throw new ValidationError(`comment: must not contain control characters other than newlines; received ${quote(text)}`);
    }
    this._statements.push({ kind: 'comment', text });
  }

  /** The nested blocks, in order. */
  public get blocks(): AlloyBlock[] {
    return this._statements.filter((s): s is { kind: 'block'; block: AlloyBlock } => s.kind === 'block').map((s) => s.block);
  }

  /** The value of an attribute, if set. */
  public attribute(name: string): AlloyValue | undefined {
    const found = this._statements.find((s) => s.kind === 'attribute' && s.name === name);
    return found && found.kind === 'attribute' ? found.value : undefined;
  }

  /** @internal */
  protected abstract _describe(): string;

  /**
   * The statements as source text at indentation `level`: attributes aligned in runs, a blank line
   * before every block that follows another statement.
   * @internal
   */
  protected _renderBody(level: number): string {
    const indent = INDENT.repeat(level);
    let out = '';
    let attributes: Array<{ name: string; value: AlloyValue }> = [];
    let previous: 'none' | 'attribute' | 'block' | 'comment' = 'none';
    const flush = () => {
      if (attributes.length > 0) out += alignAssignments(attributes, level, '');
      attributes = [];
    };
    for (const s of this._statements) {
      if (s.kind === 'attribute') {
        if (previous === 'block') out += '\n';
        attributes.push({ name: s.name, value: s.value });
        previous = 'attribute';
        continue;
      }
      flush();
      if (previous === 'attribute' || previous === 'block') out += '\n';
      if (s.kind === 'comment') {
        for (const line of s.text.split(/\r?\n/)) out += line === '' ? `${indent}//\n` : `${indent}// ${line}\n`;
        previous = 'comment';
      } else {
        out += s.block._renderBlock(level);
        previous = 'block';
      }
    }
    flush();
    return out;
  }
}

/**
 * A block of the Alloy syntax: a component (`loki.process "pods" { ... }`) or a nested block of one
 * (`stage.json { ... }`, `endpoint { ... }`).
 */
export class AlloyBlock extends AlloyBody {
  /** The block name, dot-separated identifiers. */
  public readonly name: string;
  /** The block label, if any. */
  public readonly label?: string;

  /**
   * @param name identifiers separated by dots
   * @param label an identifier
   * @throws ValidationError naming the fragment or label that is not an identifier
   */
  public constructor(name: string, label?: string) {
    super();
    requireString(name, 'block name', "'loki.process'");
    optionalString(label, `label of block ${quote(name)}`, "'pods'");
    name.split('.').forEach((f) => AlloySyntax.identifier(f, `block name ${quote(name)}`));
    if (label !== undefined) AlloySyntax.identifier(label, `label of block ${quote(name)}`);
    this.name = name;
    this.label = label;
  }

  /** The block as Alloy source text, at indentation level 0. */
  public toString(): string {
    return this._renderBlock(0);
  }

  /** @internal */
  protected _describe(): string {
    return this.label === undefined ? `block ${quote(this.name)}` : `block ${this.name} ${quote(this.label)}`;
  }

  /** @internal */
  public _renderBlock(level: number): string {
    const indent = INDENT.repeat(level);
    const head = this.label === undefined ? this.name : `${this.name} ${AlloySyntax.quote(this.label)}`;
    if (this._statements.length === 0) return `${indent}${head} { }\n`;
    return `${indent}${head} {\n${this._renderBody(level + 1)}${indent}}\n`;
  }
}

/**
 * A whole Alloy configuration file: top-level blocks (components) in the order they were added. Two
 * components with the same name and label are rejected, as Alloy rejects them.
 *
 * @example
 * const config = new AlloyConfig();
 * const write = config.addBlock('loki.write', 'default');
 * write.addBlock('endpoint').addAttribute('url', AlloyValue.string('http://loki:3100/loki/api/v1/push'));
 * config.render();
 */
export class AlloyConfig extends AlloyBody {
  /**
   * Adds a top-level block.
   * @throws ValidationError when a block with the same name and label already exists
   */
  public addBlock(name: string, label?: string): AlloyBlock {
    if (this.blocks.some((b) => b.name === name && b.label === label)) {
      throw new ValidationError(`block ${name}${label === undefined ? '' : ` ${quote(label)}`}: is defined twice; Alloy component names and labels must be unique`);
    }
    return super.addBlock(name, label);
  }

  /** The component block with this name and label, if any. */
  public find(name: string, label?: string): AlloyBlock | undefined {
    return this.blocks.find((b) => b.name === name && b.label === label);
  }

  /** The file's source text, ending with a newline. */
  public render(): string {
    return this._renderBody(0);
  }

  /** The file's source text. */
  public toString(): string {
    return this.render();
  }

  /** @internal */
  protected _describe(): string {
    return 'the configuration file';
  }
}
