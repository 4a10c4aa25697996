import * as yaml from 'js-yaml';
import { Testing } from 'cdk8s';
import { MonitoringChart, Severity } from '../../lib';
import { PrometheusRule } from '../../lib/prometheus';
import { promtoolCheckRules, TOOL_VERSIONS } from '../util/tools';

// Differential test of the Go template checks of alert annotations: every template goes through the
// library (an AlertingRule's annotation) and through `promtool check rules` of both versions, and the
// verdicts must agree both ways.

const TEMPLATES = [
  // accepted
  '{{ $labels.job }} is down',
  '{{ $value | humanizePercentage }} of requests fail',
  '{{ if gt $value 1.0 }}big{{ else }}small{{ end }}',
  '{{ if eq $labels.severity "critical" }}page{{ else if eq $labels.severity "warning" }}ticket{{ else }}none{{ end }}',
  '{{ range $i, $x := query "up" }}{{ $x.Labels.job }}{{ end }}',
  '{{ with $labels.pod }}pod {{ . }}{{ end }}',
  '{{ $n := len $labels }}{{ $n }} labels',
  '{{- $labels.job -}} trimmed',
  '{{/* a comment */}}x',
  '{{ printf "%.2f" $value }} {{ .Labels.job }} {{ .Value }}',
  '{{ $externalLabels.cluster }} {{ $externalURL }}',
  '{{ reReplaceAll "(.*):.*" "$1" $labels.instance }}',
  '{{ (index $labels "job") | toUpper }}',
  '{{ humanizeDuration 3600 }} {{ "a" | title }}',
  '{{ range query "up" }}{{ break }}{{ end }}',
  'no template at all',
  // refused
  '{{ $labels.job | nosuchfunc }}',
  'x {{ end }}',
  '{{ $foo }}',
  '{{ if true }}x',
  '{{ range $x := query "up" }}{{ end }}{{ $x }}',
  '{{ else }}',
  '{{ }}',
  '{{ $labels.job',
  '{{ tmpl "x" . }}',
  '{{ now }}',
  '{{ (len $labels }}',
  '{{ | toUpper }}',
  '{{ "unterminated }}',
  '{{ break }}',
];

function libraryAccepts(template: string): boolean {
  try {
    const chart = new MonitoringChart(Testing.app(), 'x', { partOf: 'x' });
    new PrometheusRule(chart, 'Rules', { name: 'r' }).addGroup('g').addAlert('A', { expr: 'up == 0', severity: Severity.WARNING, summary: 's', description: template });
    return true;
  } catch {
    return false;
  }
}

describe.each(TOOL_VERSIONS.map((t) => [t.name, t] as const))('alert templates against %s check rules', (_name, tool) => {
  let rejected: Set<number>;

  beforeAll(() => {
    const rules = TEMPLATES.map((t, i) => ({ alert: `T${i}`, expr: 'up == 0', annotations: { description: t } }));
    const result = promtoolCheckRules({ 't.yaml': yaml.dump({ groups: [{ name: 'g', rules }] }, { lineWidth: -1 }) }, tool);
    rejected = new Set([...result.output.matchAll(/rule (\d+), "T\d+"/g)].map((m) => Number(m[1]) - 1));
  });

  test.each(TEMPLATES.map((t, i) => [t, i] as const))('%s', (template, i) => {
    expect({ template, library: libraryAccepts(template) }).toEqual({ template, library: !rejected.has(i) });
  });
});

test('the rejection names the field and says what Go says', () => {
  expect(() => new PrometheusRule(new MonitoringChart(Testing.app(), 'x', { partOf: 'x' }), 'Rules', { name: 'r' }).addGroup('g')
    .addAlert('A', { expr: 'up == 0', severity: Severity.WARNING, summary: '{{ $labels.job | nosuchfunc }}' }))
    .toThrow('[x/Rules/g/A] annotations["summary"]: invalid template: function "nosuchfunc" not defined (Prometheus would refuse the rule file); received "{{ $labels.job | nosuchfunc }}"');
});
