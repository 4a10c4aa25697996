import { AlloyBlock, AlloyConfig, AlloySyntax, AlloyValue } from '../../../lib/loki/alloy/syntax';
import { attributes, block, parse, scan, unquote } from './alloy-reader';

/** Writes `v = <value>` and reads it back with the independent reader. */
function roundTrip(value: AlloyValue): unknown {
  const config = new AlloyConfig();
  config.addAttribute('v', value);
  return attributes(parse(config.render())).v;
}

describe('AlloySyntax.quote', () => {
  test.each([
    ['plain', 'hello', '"hello"'],
    ['double quotes', 'say "hi"', '"say \\"hi\\""'],
    ['backslashes', 'C:\\logs\\', '"C:\\\\logs\\\\"'],
    ['newline and tab', 'a\nb\tc', '"a\\nb\\tc"'],
    ['carriage return, bell, vertical tab, form feed, backspace', '\r\x07\v\f\b', '"\\r\\a\\v\\f\\b"'],
    ['NUL and ESC as \\x', '\0\x1b', '"\\x00\\x1b"'],
    ['DEL', '\x7f', '"\\x7f"'],
    ['C1 control and line separator as \\u', '\u0085\u2028', '"\\u0085\\u2028"'],
    ['byte order mark and zero-width space', '\ufeff\u200b', '"\\ufeff\\u200b"'],
    ['non-breaking space is not printable for Go', 'a\u00a0b', '"a\\u00a0b"'],
    ['printable Unicode as itself', 'café ü 日本', '"café ü 日本"'],
    ['astral printable as itself', '🚀', '"🚀"'],
    ['astral non-printable as \\U', '\u{e0001}', '"\\U000e0001"'],
    ['single quote needs no escape', "it's", '"it\'s"'],
  ])('%s', (_name, input, expected) => {
    expect(AlloySyntax.quote(input)).toBe(expected);
    expect(unquote(expected)).toBe(input);
  });

  test('regexes survive unchanged: escapes, quotes and named groups', () => {
    const regexes = [
      '^(?P<time>\\S+) (?P<stream>stdout|stderr) (?P<flags>\\S+) (?P<content>.*)$',
      '"level":"(?P<level>\\w+)"',
      '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}',
      '[\\t ]+\\\\n',
      '^\\[(?P<ts>[^\\]]+)\\] "(?P<method>GET|POST) (?P<path>\\S+)"',
    ];
    for (const re of regexes) expect(roundTrip(AlloyValue.string(re))).toBe(re);
  });

  test('every code point of the Basic Multilingual Plane and a sample of astral ones round-trip', () => {
    const points: number[] = [];
    for (let cp = 0; cp < 0x10000; cp++) if (cp < 0xd800 || cp > 0xdfff) points.push(cp);
    for (let cp = 0x10000; cp <= 0x10ffff; cp += 0x1001) points.push(cp);
    const text = String.fromCodePoint(...points);
    const quoted = AlloySyntax.quote(text);
    expect(quoted).not.toMatch(/[\n\r\0\ufeff\u2028]/);
    expect(unquote(quoted)).toBe(text);
    expect(roundTrip(AlloyValue.string(text))).toBe(text);
  });

  test('rejects a lone surrogate, which has no UTF-8 encoding', () => {
    expect(() => AlloyValue.string('a\ud800b')).toThrow('string: contains a lone UTF-16 surrogate U+D800, which Alloy cannot represent; received "a\\ud800b"');
  });
});

describe('AlloySyntax.identifier', () => {
  test.each(['a', '_', 'stage_json', 'default', 'pods2', 'écrit', 'x١'])('accepts %s', (id) => {
    expect(AlloySyntax.isIdentifier(id)).toBe(true);
    expect(scan(id)[0]).toMatchObject({ t: 'IDENT', lit: id });
  });

  test.each(['', '2pods', 'my-app', 'a.b', 'a b', 'k8s.app', '$x'])('rejects %j', (id) => {
    expect(AlloySyntax.isIdentifier(id)).toBe(false);
    expect(() => AlloySyntax.identifier(id, 'label')).toThrow(`label: must be a letter or "_" followed by letters, digits or "_" (Alloy identifier); received ${JSON.stringify(id)}`);
  });

  test.each(['true', 'false', 'null'])('rejects the keyword %s', (id) => {
    expect(() => AlloySyntax.identifier(id, 'attribute name')).toThrow(`attribute name: "${id}" is an Alloy keyword (Alloy identifier); received "${id}"`);
  });
});

describe('AlloyValue', () => {
  test('literals', () => {
    expect(AlloyValue.number(3).toString()).toBe('3');
    expect(AlloyValue.number(-2.5).toString()).toBe('-2.5');
    expect(AlloyValue.number(1e21).toString()).toBe('1e+21');
    expect(AlloyValue.bool(true).toString()).toBe('true');
    expect(AlloyValue.NULL.toString()).toBe('null');
    for (const n of [0, 7, -3, 0.25, 1e21, 1.5e-7, 123456789012]) expect(roundTrip(AlloyValue.number(n))).toBe(n);
    expect(roundTrip(AlloyValue.NULL)).toBeNull();
    expect(roundTrip(AlloyValue.FALSE)).toBe(false);
  });

  test('rejects NaN and infinities', () => {
    expect(() => AlloyValue.number(NaN)).toThrow('number: must be finite (Alloy has no literal for NaN or infinity); received NaN');
    expect(() => AlloyValue.number(Infinity)).toThrow('received Infinity');
  });

  test('lists of scalars stay on one line; lists of objects take one line per element with trailing commas', () => {
    expect(AlloyValue.strings(['a', 'b"c']).toString()).toBe('["a", "b\\"c"]');
    expect(AlloyValue.list([]).toString()).toBe('[]');
    const targets = AlloyValue.list([AlloyValue.stringMap({ __path__: '/var/log/*.log' }), AlloyValue.stringMap({ __path__: '/var/log/b.log', job: 'b' })]);
    expect(targets.toString()).toBe('[\n\t{\n\t\t__path__ = "/var/log/*.log",\n\t},\n\t{\n\t\t__path__ = "/var/log/b.log",\n\t\tjob      = "b",\n\t},\n]');
    expect(roundTrip(targets)).toEqual([{ __path__: '/var/log/*.log' }, { __path__: '/var/log/b.log', job: 'b' }]);
  });

  test('objects: keys sorted by code unit, aligned, quoted when not identifiers', () => {
    const labels = AlloyValue.stringMap({ 'k8s.app': 'api', cluster: 'prod', 'app.kubernetes.io/name': 'x', _private: '1' });
    expect(labels.toString()).toBe('{\n\t_private                 = "1",\n\t"app.kubernetes.io/name" = "x",\n\tcluster                  = "prod",\n\t"k8s.app"                = "api",\n}');
    expect(roundTrip(labels)).toEqual({ 'k8s.app': 'api', cluster: 'prod', 'app.kubernetes.io/name': 'x', _private: '1' });
    expect(AlloyValue.object({}).toString()).toBe('{}');
  });

  test('keys that Alloy would read back differently (it does not unescape quoted keys) are rejected', () => {
    expect(() => AlloyValue.stringMap({ 'a"b': 'x' })).toThrow('object key: must be non-empty and free of \'"\', \'\\\' and non-printable characters (Alloy reads quoted keys without unescaping them); received "a\\"b"');
    expect(() => AlloyValue.stringMap({ 'a\\b': 'x' })).toThrow('received "a\\\\b"');
    expect(() => AlloyValue.stringMap({ 'a\nb': 'x' })).toThrow('object key');
    expect(() => AlloyValue.stringMap({ '': 'x' })).toThrow('object key');
  });

  test('nested objects and lists', () => {
    const value = AlloyValue.of({ mapping: { level: 'lvl', msg: '' }, sources: ['a', 'b'], nested: [{ x: [1, 2] }], flag: true, none: null });
    expect(roundTrip(value)).toEqual({ mapping: { level: 'lvl', msg: '' }, sources: ['a', 'b'], nested: [{ x: [1, 2] }], flag: true, none: null });
  });

  test('references and calls', () => {
    expect(AlloyValue.reference('loki.write.default.receiver').toString()).toBe('loki.write.default.receiver');
    expect(roundTrip(AlloyValue.list([AlloyValue.reference('loki.write.default.receiver')]))).toEqual([{ $ref: 'loki.write.default.receiver' }]);
    expect(roundTrip(AlloyValue.call('sys.env', [AlloyValue.string('HOSTNAME')]))).toEqual({ $call: 'sys.env', args: ['HOSTNAME'] });
    expect(() => AlloyValue.reference('loki.write.my-writer.receiver')).toThrow('reference "loki.write.my-writer.receiver": must be a letter or "_" followed by letters, digits or "_" (Alloy identifier); received "my-writer"');
  });

  test('of() refuses values that have no Alloy literal', () => {
    expect(() => AlloyValue.of(new Date(0))).toThrow('value: cannot be written in the Alloy syntax');
    expect(() => AlloyValue.of(() => 1)).toThrow('received function');
  });
});

describe('AlloyConfig and AlloyBlock', () => {
  function sample(): AlloyConfig {
    const config = new AlloyConfig();
    config.addComment('Generated by cdk8s-observability.\nDo not edit.');
    const process = config.addBlock('loki.process', 'pods');
    process.addAttribute('forward_to', AlloyValue.list([AlloyValue.reference('loki.write.default.receiver')]));
    process.addBlock('stage.cri');
    const json = process.addBlock('stage.json');
    json.addAttribute('expressions', AlloyValue.stringMap({ level: 'level', msg: 'message' }));
    json.addAttribute('drop_malformed', AlloyValue.FALSE);
    const match = process.addBlock('stage.match');
    match.addAttribute('selector', AlloyValue.string('{app="api"} |= "GET /health"'));
    match.addAttribute('action', AlloyValue.string('drop'));
    const regex = match.addBlock('stage.regex');
    regex.addAttribute('expression', AlloyValue.string('^(?P<ts>\\S+) "(?P<msg>.*)"$'));
    const write = config.addBlock('loki.write', 'default');
    const endpoint = write.addBlock('endpoint');
    endpoint.addAttribute('url', AlloyValue.string('http://loki.logging.svc:3100/loki/api/v1/push'));
    endpoint.addAttribute('tenant_id', AlloyValue.string('erp'));
    endpoint.addBlock('basic_auth').addAttribute('password_file', AlloyValue.string('/etc/alloy/secrets/loki/password'));
    write.addAttribute('external_labels', AlloyValue.stringMap({ cluster: 'prod' }));
    return config;
  }

  test('renders blocks with labels, nested blocks, aligned attributes and blank lines between blocks', () => {
    expect(sample().render()).toBe(
      [
        '// Generated by cdk8s-observability.',
        '// Do not edit.',
        'loki.process "pods" {',
        '\tforward_to = [loki.write.default.receiver]',
        '',
        '\tstage.cri { }',
        '',
        '\tstage.json {',
        '\t\texpressions = {',
        '\t\t\tlevel = "level",',
        '\t\t\tmsg   = "message",',
        '\t\t}',
        '\t\tdrop_malformed = false',
        '\t}',
        '',
        '\tstage.match {',
        '\t\tselector = "{app=\\"api\\"} |= \\"GET /health\\""',
        '\t\taction   = "drop"',
        '',
        '\t\tstage.regex {',
        '\t\t\texpression = "^(?P<ts>\\\\S+) \\"(?P<msg>.*)\\"$"',
        '\t\t}',
        '\t}',
        '}',
        '',
        'loki.write "default" {',
        '\tendpoint {',
        '\t\turl       = "http://loki.logging.svc:3100/loki/api/v1/push"',
        '\t\ttenant_id = "erp"',
        '',
        '\t\tbasic_auth {',
        '\t\t\tpassword_file = "/etc/alloy/secrets/loki/password"',
        '\t\t}',
        '\t}',
        '',
        '\texternal_labels = {',
        '\t\tcluster = "prod",',
        '\t}',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('the independent reader gets back the same tree, with block order kept', () => {
    const tree = parse(sample().render());
    const process = block(tree, 'loki.process', 'pods');
    expect(process.body.filter((s) => 'block' in s).map((s) => ('block' in s ? s.block : ''))).toEqual(['stage.cri', 'stage.json', 'stage.match']);
    const match = block(process.body, 'stage.match');
    expect(attributes(match.body)).toEqual({ selector: '{app="api"} |= "GET /health"', action: 'drop' });
    expect(attributes(block(match.body, 'stage.regex').body).expression).toBe('^(?P<ts>\\S+) "(?P<msg>.*)"$');
    const endpoint = block(block(tree, 'loki.write', 'default').body, 'endpoint');
    expect(attributes(block(endpoint.body, 'basic_auth').body)).toEqual({ password_file: '/etc/alloy/secrets/loki/password' });
  });

  test('rendering is deterministic', () => {
    expect(sample().render()).toBe(sample().render());
  });

  test('a string value with every escape class parses inside a nested block', () => {
    const config = new AlloyConfig();
    const tricky = 'line1\nline2\t"quoted" \\ back \u2028 \x00 end';
    config.addBlock('a.b', 'c').addBlock('d').addAttribute('s', AlloyValue.string(tricky));
    expect(attributes(block(block(parse(config.render()), 'a.b', 'c').body, 'd').body).s).toBe(tricky);
  });

  test('undefined attribute values are skipped', () => {
    const b = new AlloyBlock('stage.json');
    b.addAttribute('source', undefined);
    expect(b.toString()).toBe('stage.json { }\n');
  });

  test('rejects an attribute set twice', () => {
    const b = new AlloyBlock('endpoint');
    b.addAttribute('url', AlloyValue.string('http://a'));
    expect(() => b.addAttribute('url', AlloyValue.string('http://b'))).toThrow('attribute "url": is already set in block "endpoint"; Alloy rejects an attribute given twice');
  });

  test('rejects two components with the same name and label', () => {
    const config = new AlloyConfig();
    config.addBlock('loki.write', 'default');
    expect(() => config.addBlock('loki.write', 'default')).toThrow('block loki.write "default": is defined twice; Alloy component names and labels must be unique');
  });

  test('rejects labels and names that are not identifiers', () => {
    const config = new AlloyConfig();
    expect(() => config.addBlock('loki.process', 'my-pods')).toThrow('label of block "loki.process": must be a letter or "_" followed by letters, digits or "_" (Alloy identifier); received "my-pods"');
    expect(() => config.addBlock('loki..process')).toThrow('block name "loki..process": must be a letter');
    expect(() => config.addAttribute('null', AlloyValue.NULL)).toThrow('attribute name: "null" is an Alloy keyword');
  });

  test('rejects control characters in comments', () => {
    expect(() => new AlloyConfig().addComment('a\rb')).toThrow('comment: must not contain control characters other than newlines; received "a\\rb"');
  });

  test('the reader itself rejects what Alloy rejects', () => {
    expect(() => parse('a = "x\ny"')).toThrow('string literal not terminated');
    expect(() => parse('a = "\\q"')).toThrow('unknown escape sequence');
    expect(() => parse('a = "\\ud800"')).toThrow('invalid Unicode code point');
    expect(() => parse('b "my-label" { }')).toThrow('expected block label to be a valid identifier');
    expect(() => parse('a = [\n"x"\n]')).toThrow("missing ','");
    expect(() => parse('a = 1 b = 2')).toThrow('expected TERM');
  });
});
