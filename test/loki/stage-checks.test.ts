import { Duration } from 'cdk8s';
import {
  ALLOY_TEMPLATE_FUNCTIONS, goTemplateError, GO_TEMPLATE_BUILTINS, LOG_AGENT_EXTRA_TEMPLATE_FUNCTIONS, PROMTAIL_TEMPLATE_FUNCTIONS,
  SPRIG_TEMPLATE_FUNCTIONS,
} from '../../lib/core/go-template';
import { Stage, TimestampFormat } from '../../lib/loki';
import { used } from './used';

// The checks of stage inputs against what Promtail (grafana/loki v3.5.1, clients/pkg/logentry/stages) and
// Alloy (grafana/alloy main, internal/component/loki/process/stages) do when they load a config. No agent
// binary runs here: the verdicts below were read from that source.

describe('template stage: the function sets', () => {
  test('Promtail and Alloy define the same functions: Go builtins, sprig v3.3.0 TxtFuncMap and their own', () => {
    expect([...ALLOY_TEMPLATE_FUNCTIONS].sort()).toEqual([...PROMTAIL_TEMPLATE_FUNCTIONS].sort());
    // sprig v3.3.0's genericMap has 211 entries; Promtail's extraFunctionMap 13, two of them overriding sprig's
    expect(SPRIG_TEMPLATE_FUNCTIONS).toHaveLength(211);
    expect(new Set(SPRIG_TEMPLATE_FUNCTIONS).size).toBe(211);
    expect(LOG_AGENT_EXTRA_TEMPLATE_FUNCTIONS).toHaveLength(13);
    const union = new Set([...GO_TEMPLATE_BUILTINS, ...SPRIG_TEMPLATE_FUNCTIONS, ...LOG_AGENT_EXTRA_TEMPLATE_FUNCTIONS]);
    expect(PROMTAIL_TEMPLATE_FUNCTIONS.size).toBe(union.size);
    // Prometheus-only functions are not there: the agents do not define them
    for (const f of ['humanize', 'reReplaceAll', 'toUpper', 'query', 'tmpl']) expect(PROMTAIL_TEMPLATE_FUNCTIONS.has(f)).toBe(false);
  });
});

// Each template with the verdict of Go's parser with Promtail's function map (undefined: parses), or the
// start of the parser's message.
const CORPUS: Array<[string, string | undefined]> = [
  // accepted
  ['{{ ToUpper .Value }}', undefined],
  ['{{ .Value | ToLower }}', undefined],
  ['{{ Replace .Value "-" "_" -1 }}', undefined],
  ['{{ Trim .Value " " }}{{ TrimLeft .Value "0" }}{{ TrimRight .Value "." }}', undefined],
  ['{{ TrimPrefix .Value "v" }}{{ TrimSuffix .Value "ms" }}{{ TrimSpace .Value }}', undefined],
  ['{{ Hash "salt" .Value }} {{ Sha2Hash "salt" .Value }}', undefined],
  ['{{ regexReplaceAll "(\\\\d+)" .Value "N" }}', undefined],
  ['{{ regexReplaceAllLiteral "[0-9]+" .Value "$1" }}', undefined],
  ['{{ if eq .Value "WARN" }}warning{{ else }}{{ ToLower .Value }}{{ end }}', undefined],
  ['{{ if hasPrefix "5" .status }}5xx{{ else if hasPrefix "4" .status }}4xx{{ else }}ok{{ end }}', undefined],
  ['{{ .Value | default "unknown" | lower }}', undefined],
  ['{{ trunc 1024 .Entry }}', undefined],
  ['{{ range $i, $p := splitList "/" .path }}{{ if $i }}/{{ end }}{{ $p | upper }}{{ end }}', undefined],
  ['{{ $v := .Value }}{{ with $v }}{{ . | quote }}{{ end }}', undefined],
  ['{{- .Value | trim -}}', undefined],
  ['{{/* keep the method */}}{{ .method }}', undefined],
  ['{{ printf "%s %s" .method .path }}', undefined],
  ['{{ index . "trace-id" }}', undefined],
  ['{{ sha256sum .Value | substr 0 8 }}', undefined],
  ['constant', undefined],
  // refused
  ['}} x {{', 'unclosed action'],
  ['{{ .Value ', 'unclosed action'],
  ['{{ toUpper .Value }}', 'function "toUpper" not defined'],
  ['{{ humanize .Value }}', 'function "humanize" not defined'],
  ['{{ nosuchfunc .Value }}', 'function "nosuchfunc" not defined'],
  ['{{ end }}', 'unexpected {{end}}'],
  ['{{ if .Value }}x', 'unexpected EOF'],
  ['{{ $x }}', 'undefined variable "$x"'],
  ['{{ "unterminated }}', 'unterminated quoted string'],
  ['{{ }}', 'missing value for command'],
  ['{{ .Value | }}', 'missing value for command'],
  ['{{ break }}', '{{break}} outside {{range}}'],
];

describe('template stage: the checker on a corpus', () => {
  test.each(CORPUS)('%s', (template, verdict) => {
    const error = goTemplateError(template, PROMTAIL_TEMPLATE_FUNCTIONS, []);
    if (verdict === undefined) {
      expect(error).toBeUndefined();
      expect(used(Stage.template({ source: 'level', template }))).not.toThrow();
    } else {
      expect(error).toBe(verdict);
      expect(used(Stage.template({ source: 'level', template }))).toThrow(`Stage.template template: Promtail and Alloy cannot parse this Go template (${verdict})`);
    }
  });
});

describe('template stage: the messages name the field, the value and the fix', () => {
  const message = (template: string): string => {
    try {
      used(Stage.template({ source: 'level', template }))();
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('accepted');
  };
  test('misplaced delimiters', () => {
    const m = message('}} x {{');
    expect(m).toContain('Stage.template template:');
    expect(m).toContain('(unclosed action)');
    expect(m).toContain('write each action as {{ <pipeline> }}');
    expect(m).toContain('received "}} x {{"');
  });
  test('an unknown function', () => {
    const m = message('{{ toUpper .Value }}');
    expect(m).toContain('function "toUpper" not defined');
    expect(m).toContain('ToUpper');
    expect(m).toContain('function names are case-sensitive');
  });
  test('an {{ end }} without its opener, and an opener without its {{ end }}', () => {
    expect(message('{{ end }}')).toContain('every {{ if }}, {{ range }} and {{ with }} needs its {{ end }}');
    expect(message('{{ range splitList "," .Value }}{{ . }}')).toContain('(unexpected EOF)');
  });
  test('an undeclared variable', () => {
    expect(message('{{ $value }}')).toContain('declare variables with {{ $x := ... }}');
  });
  test('break outside range', () => {
    expect(message('{{ if .Value }}{{ break }}{{ end }}')).toContain('{{ break }} and {{ continue }} only go inside a {{ range }}');
  });
});

describe('tenant stage: a tenant id as Loki accepts it (dskit tenant.ValidTenantID)', () => {
  test('"." and ".." are refused', () => {
    for (const value of ['.', '..']) {
      expect(used(Stage.tenant({ value }))).toThrow(`Stage.tenant value: Loki refuses the tenant ids "." and ".." (they are directory references in its storage paths); name the tenant (e.g. "team-a"); received "${value}"`);
    }
  });
  test('characters outside the allowed set and more than 150 characters are refused', () => {
    expect(used(Stage.tenant({ value: 'team/a' }))).toThrow('Stage.tenant value: a Loki tenant id is 1-150 characters');
    expect(used(Stage.tenant({ value: 'team|a' }))).toThrow('received "team|a"');
    expect(used(Stage.tenant({ value: 'a'.repeat(151) }))).toThrow('Stage.tenant value: a Loki tenant id is 1-150 characters');
  });
  test('ids with dots and the other allowed characters are accepted', () => {
    for (const value of ['...', 'team.a', "a!-_.*'()Z9", 'a'.repeat(150)]) expect(Stage.tenant({ value }).definition.tenant!.value).toBe(value);
  });
});

describe('drop stage: older_than', () => {
  test('0 is refused: Promtail would drop every entry and Alloy ignore it', () => {
    expect(used(Stage.drop({ olderThan: Duration.seconds(0) }))).toThrow('Stage.drop olderThan: must be positive (Promtail drops every entry with older_than 0, Alloy ignores it)');
    expect(used(Stage.drop({ source: ['level'], olderThan: Duration.millis(0) }))).toThrow('Stage.drop olderThan: must be positive');
  });
  test('a positive age is accepted', () => {
    expect(Stage.drop({ olderThan: Duration.hours(24) }).definition.drop!.olderThan!.toHours()).toBe(24);
  });
});

describe('timestamp stage: formats as the agents read them (convertDateLayout)', () => {
  test('every name the agents know is accepted as a format name', () => {
    for (const name of ['ANSIC', 'UnixDate', 'RubyDate', 'RFC822', 'RFC822Z', 'RFC850', 'RFC1123', 'RFC1123Z', 'RFC3339', 'RFC3339Nano', 'Unix', 'UnixMs', 'UnixUs', 'UnixNs']) {
      expect(TimestampFormat.goLayout(name).format).toBe(name);
    }
  });
  test('Go time constants the agents do not know by name are refused, with their layout', () => {
    expect(used(TimestampFormat.goLayout('Kitchen'))).toThrow('timestamp format: Promtail and Alloy know only the format names ANSIC, UnixDate');
    expect(used(TimestampFormat.goLayout('Kitchen'))).toThrow('write Go\'s Kitchen layout itself, "3:04PM"; received "Kitchen"');
    expect(used(TimestampFormat.goLayout('DateTime'))).toThrow('"2006-01-02 15:04:05"');
    expect(used(TimestampFormat.goLayout('StampMilli'))).toThrow('"Jan _2 15:04:05.000"');
  });
  test('other bare words are refused with the known names', () => {
    expect(used(TimestampFormat.goLayout('UnixMilli'))).toThrow(/use one of ANSIC, .*UnixMs.*; received "UnixMilli"/);
    expect(used(TimestampFormat.goLayout('rfc3339'))).toThrow('received "rfc3339"');
  });
  test('a layout without a year is accepted: the agents assume the current year', () => {
    expect(TimestampFormat.goLayout('Jan _2 15:04:05').format).toBe('Jan _2 15:04:05');
  });
  test('a layout without an hour is still refused', () => {
    expect(used(TimestampFormat.goLayout('YYYY-MM-DD'))).toThrow('timestamp format: a Go layout must be written with the reference time "2006-01-02 15:04:05" (the hour at least');
  });
});
