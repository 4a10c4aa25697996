/*
 * An independent reader of the Alloy configuration syntax, for tests: a scanner and parser written from
 * Alloy's own grammar (syntax/scanner EBNF, syntax/parser, strconv.Unquote for string literals), so that
 * what lib/loki/alloy/syntax.ts writes is judged by a second implementation of the rules rather than by
 * string comparison with itself. It is strict where Alloy is: raw newlines or NUL in strings, unknown
 * escapes, escapes of surrogates, block labels that are not identifiers, missing commas before a newline
 * in lists and objects, statements not separated by a newline.
 */

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value } | { $ref: string } | { $call: string; args: Value[] };
export type Statement = { attribute: string; value: Value } | { block: string; label?: string; body: Statement[] };

type Tok = { t: string; lit: string; off: number };

const KEYWORDS: { [k: string]: string } = { true: 'BOOL', false: 'BOOL', null: 'NULL' };
const isLetter = (ch: string) => /[\p{L}_]/u.test(ch);
const isDigit = (ch: string) => /\p{Nd}/u.test(ch);

/** Scans Alloy source into tokens, inserting statement terminators after newlines as Alloy's scanner does. */
export function scan(src: string): Tok[] {
  const toks: Tok[] = [];
  const chars = Array.from(src);
  let i = 0;
  let insertTerm = false;
  const fail = (msg: string): never => {
    throw new Error(`alloy scan error at char ${i}: ${msg}`);
  };
  for (const [n, ch] of chars.entries()) {
    if (ch === '\0') fail(`illegal character NUL at ${n}`);
    if (ch === '\ufeff' && n > 0) fail('illegal byte order mark');
  }
  while (i < chars.length) {
    const ch = chars[i];
    if (ch === ' ' || ch === '\t' || ch === '\r' || (ch === '\n' && !insertTerm)) {
      i++;
      continue;
    }
    if (ch === '\n') {
      toks.push({ t: 'TERM', lit: '\n', off: i });
      insertTerm = false;
      i++;
      continue;
    }
    const start = i;
    if (isLetter(ch)) {
      let j = i + 1;
      while (j < chars.length && (isLetter(chars[j]) || isDigit(chars[j]))) j++;
      const lit = chars.slice(i, j).join('');
      toks.push({ t: KEYWORDS[lit] ?? 'IDENT', lit, off: start });
      i = j;
      insertTerm = true;
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(chars[i + 1] ?? ''))) {
      let j = i;
      while (/[0-9]/.test(chars[j] ?? '')) j++;
      if (chars[j] === '.') {
        j++;
        while (/[0-9]/.test(chars[j] ?? '')) j++;
      }
      if (chars[j] === 'e' || chars[j] === 'E') {
        j++;
        if (chars[j] === '+' || chars[j] === '-') j++;
        const d = j;
        while (/[0-9]/.test(chars[j] ?? '')) j++;
        if (j === d) fail('exponent has no digits');
      }
      toks.push({ t: 'NUMBER', lit: chars.slice(i, j).join(''), off: start });
      i = j;
      insertTerm = true;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= chars.length || chars[j] === '\n') fail('string literal not terminated');
        if (chars[j] === '"') break;
        if (chars[j] === '\\') j++;
        j++;
      }
      toks.push({ t: 'STRING', lit: chars.slice(i, j + 1).join(''), off: start });
      i = j + 1;
      insertTerm = true;
      continue;
    }
    if (ch === '/' && (chars[i + 1] === '/' || chars[i + 1] === '*')) {
      if (chars[i + 1] === '/') {
        while (i < chars.length && chars[i] !== '\n') i++;
      } else {
        let j = i + 2;
        while (j < chars.length && !(chars[j] === '*' && chars[j + 1] === '/')) j++;
        if (j >= chars.length) fail('block comment not terminated');
        i = j + 2;
      }
      continue;
    }
    const two = ch + (chars[i + 1] ?? '');
    if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
      toks.push({ t: two, lit: two, off: start });
      i += 2;
      insertTerm = false;
      continue;
    }
    if ('{}[](),.=+-*/%^<>!'.includes(ch)) {
      toks.push({ t: ch, lit: ch, off: start });
      i++;
      insertTerm = ch === '}' || ch === ')' || ch === ']';
      continue;
    }
    fail(`illegal character ${JSON.stringify(ch)}`);
  }
  if (insertTerm) toks.push({ t: 'TERM', lit: '\n', off: i });
  toks.push({ t: 'EOF', lit: '', off: i });
  return toks;
}

/** Go's strconv.Unquote for a double-quoted literal, decoding the resulting bytes as UTF-8. */
export function unquote(lit: string): string {
  if (lit.length < 2 || lit[0] !== '"' || lit[lit.length - 1] !== '"') throw new Error(`not a quoted string: ${lit}`);
  const body = Array.from(lit.slice(1, -1));
  const bytes: number[] = [];
  const pushRune = (cp: number) => bytes.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '"' || ch === '\n') throw new Error(`invalid raw ${JSON.stringify(ch)} in string ${lit}`);
    if (ch !== '\\') {
      pushRune(ch.codePointAt(0)!);
      continue;
    }
    const e = body[++i];
    const simple: { [k: string]: number } = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34 };
    if (e in simple) {
      bytes.push(simple[e]);
      continue;
    }
    const digits = (n: number, re: RegExp, base: number) => {
      const d = body.slice(i + 1, i + 1 + n).join('');
      if (d.length !== n || !re.test(d)) throw new Error(`bad escape \\${e}${d} in ${lit}`);
      i += n;
      return parseInt(d, base);
    };
    if (/[0-7]/.test(e)) {
      i--;
      const v = digits(3, /^[0-7]{3}$/, 8);
      if (v > 255) throw new Error(`octal escape out of range in ${lit}`);
      bytes.push(v);
    } else if (e === 'x') {
      bytes.push(digits(2, /^[0-9a-fA-F]{2}$/, 16));
    } else if (e === 'u' || e === 'U') {
      const v = digits(e === 'u' ? 4 : 8, e === 'u' ? /^[0-9a-fA-F]{4}$/ : /^[0-9a-fA-F]{8}$/, 16);
      if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) throw new Error(`escape sequence is invalid Unicode code point in ${lit}`);
      pushRune(v);
    } else {
      throw new Error(`unknown escape sequence \\${e} in ${lit}`);
    }
  }
  const decoded = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Uint8Array.from(bytes));
  return decoded;
}

/** Parses an Alloy file into statements. Throws on the first syntax error. */
export function parse(src: string): Statement[] {
  const toks = scan(src);
  let p = 0;
  const peek = () => toks[p];
  const next = () => toks[p++];
  const fail = (msg: string): never => {
    throw new Error(`alloy parse error at offset ${peek().off} (${JSON.stringify(src.slice(peek().off, peek().off + 20))}): ${msg}`);
  };
  const expect = (t: string) => {
    if (peek().t !== t) fail(`expected ${t}, got ${peek().t}`);
    return next();
  };
  const isIdent = (s: string) => {
    const t = scan(s);
    return t.length === 3 && t[0].t === 'IDENT' && t[0].lit === s;
  };

  function body(until: string): Statement[] {
    const out: Statement[] = [];
    while (peek().t !== until && peek().t !== 'EOF') {
      out.push(statement());
      if (peek().t === until) break;
      expect('TERM');
    }
    return out;
  }

  function statement(): Statement {
    const names = [expect('IDENT').lit];
    while (peek().t === '.') {
      next();
      names.push(expect('IDENT').lit);
    }
    let label: string | undefined;
    if (peek().t === 'STRING') {
      const lit = next().lit;
      label = lit.slice(1, -1);
      if (label !== '' && !isIdent(label)) fail(`expected block label to be a valid identifier, but got ${lit}`);
    }
    if (peek().t === '=') {
      if (names.length !== 1 || label !== undefined) fail('attribute names may only consist of a single identifier');
      next();
      return { attribute: names[0], value: expression() };
    }
    expect('{');
    const b = body('}');
    expect('}');
    return label === undefined ? { block: names.join('.'), body: b } : { block: names.join('.'), label, body: b };
  }

  function list<T>(until: string, item: () => T): T[] {
    const out: T[] = [];
    while (peek().t !== until && peek().t !== 'EOF') {
      out.push(item());
      if (peek().t === until) break;
      if (peek().t !== ',') fail(`missing ',' before ${peek().t}`);
      next();
    }
    return out;
  }

  function expression(): Value {
    const t = next();
    switch (t.t) {
      case 'STRING':
        return unquote(t.lit);
      case 'NUMBER':
        return Number(t.lit);
      case 'BOOL':
        return t.lit === 'true';
      case 'NULL':
        return null;
      case '-': {
        const v = expression();
        if (typeof v !== 'number') fail('unary minus on a non-number');
        return -(v as number);
      }
      case '[': {
        const items = list(']', expression);
        expect(']');
        return items;
      }
      case '{': {
        const obj: { [k: string]: Value } = {};
        list('}', () => {
          const k = next();
          if (k.t !== 'IDENT' && k.t !== 'STRING') fail(`expected field name, got ${k.t}`);
          // Alloy takes a quoted key's raw text between the quotes, escapes unprocessed.
          const key = k.t === 'STRING' ? k.lit.slice(1, -1) : k.lit;
          expect('=');
          if (key in obj) fail(`duplicate key ${key}`);
          obj[key] = expression();
        });
        expect('}');
        return obj;
      }
      case 'IDENT': {
        let path = t.lit;
        while (peek().t === '.') {
          next();
          path += '.' + expect('IDENT').lit;
        }
        if (peek().t === '(') {
          next();
          const args = list(')', expression);
          expect(')');
          return { $call: path, args };
        }
        return { $ref: path };
      }
      default:
        return fail(`expected expression, got ${t.t}`);
    }
  }

  const out = body('EOF');
  expect('EOF');
  return out;
}

/** The blocks of a body with this name (and label, when given). */
export function blocks(body: Statement[], name: string, label?: string): Array<{ block: string; label?: string; body: Statement[] }> {
  return body.filter((s): s is { block: string; label?: string; body: Statement[] } => 'block' in s && s.block === name && (label === undefined || s.label === label));
}

/** The single block with this name (and label); throws when there is not exactly one. */
export function block(body: Statement[], name: string, label?: string): { block: string; label?: string; body: Statement[] } {
  const found = blocks(body, name, label);
  if (found.length !== 1) throw new Error(`expected one block ${name}${label ? ` "${label}"` : ''}, found ${found.length}`);
  return found[0];
}

/** The attributes of a body as an object. */
export function attributes(body: Statement[]): { [name: string]: Value } {
  const out: { [name: string]: Value } = {};
  for (const s of body) if ('attribute' in s) out[s.attribute] = s.value;
  return out;
}
