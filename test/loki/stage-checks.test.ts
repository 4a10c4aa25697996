import {
  ALLOY_TEMPLATE_FUNCTIONS, goTemplateError, GO_TEMPLATE_BUILTINS, LOG_AGENT_EXTRA_TEMPLATE_FUNCTIONS, PROMTAIL_TEMPLATE_FUNCTIONS,
  SPRIG_TEMPLATE_FUNCTIONS,
} from '../../lib/core/go-template';
import { Stage } from '../../lib/loki';

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
      expect(() => Stage.template({ source: 'level', template })).not.toThrow();
    } else {
      expect(error).toBe(verdict);
      expect(() => Stage.template({ source: 'level', template })).toThrow(`Stage.template template: Promtail and Alloy cannot parse this Go template (${verdict})`);
    }
  });
});

describe('template stage: the messages name the field, the value and the fix', () => {
  const message = (template: string): string => {
    try {
      Stage.template({ source: 'level', template });
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
