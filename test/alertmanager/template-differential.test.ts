import { Testing } from 'cdk8s';
import { MonitoringChart, SecretRef } from '../../lib';
import { AlertmanagerConfigSecret, Integration, MessageTemplates } from '../../lib/alertmanager';
import {
  ALERTMANAGER_0_33_ONLY_FUNCTIONS, ALERTMANAGER_0_33_ONLY_TEMPLATES, ALERTMANAGER_DEFAULT_TEMPLATES, ALERTMANAGER_TEMPLATE_FUNCTIONS,
  alertmanagerTemplateError, LIBRARY_TEMPLATES,
} from '../../lib/alertmanager/template-check';
import { amtoolTemplateRender, amtoolTemplateRenderAll, ToolResult, TOOL_VERSIONS } from '../util/tools';

// Differential test of the notification-template checks: every template goes through the library (as a
// Slack receiver's title) and through `amtool template render` of amtool 0.25 and 0.33 (amtool's example
// data, the release's default templates and the library's template file), and the verdicts must agree:
// accepted by the library => both render it; refused => both fail, unless the entry names the stricter
// rule it breaks and the releases that render it anyway.

/** amtool's `name` label of each version, by the Alertmanager release the library names in its messages. */
const VERSIONS = [{ release: '0.25', tool: TOOL_VERSIONS[0] }, { release: '0.33', tool: TOOL_VERSIONS[1] }] as const;
type Release = (typeof VERSIONS)[number]['release'];

interface Case {
  readonly template: string;
  /** Why the library refuses what some release renders, and which releases render it. */
  readonly stricter?: { readonly reason: string; readonly renderedBy: readonly Release[] };
}

const ONLY_033 = 'only Alertmanager 0.33 defines it; the library accepts what both 0.25 and 0.33 define';
const UNTAKEN = 'Go reports a bad field or template only when it executes the action; the library refuses it in any branch, since it fails when that branch is taken';

const CASES: readonly Case[] = [
  // accepted
  { template: 'no template at all' },
  { template: '{{ .CommonLabels.alertname }} is {{ .Status }}' },
  { template: '[{{ .Status | toUpper }}] {{ .GroupLabels.alertname }}' },
  { template: '{{ .Receiver }} {{ .ExternalURL }}' },
  { template: '{{ .CommonAnnotations.summary | toLower }}' },
  { template: '{{ len .Alerts }} alerts, {{ .Alerts.Firing | len }} firing, {{ .Alerts.Resolved | len }} resolved' },
  { template: '{{ range .Alerts }}{{ .Labels.alertname }} {{ .Annotations.summary }} {{ .Status }} {{ .Fingerprint }} {{ .GeneratorURL }}{{ end }}' },
  { template: '{{ range .Alerts.Firing }}{{ .StartsAt }} {{ .EndsAt }}{{ end }}' },
  { template: '{{ range $i, $a := .Alerts }}{{ $i }}: {{ $a.Labels.alertname }}{{ end }}' },
  { template: '{{ range .CommonLabels.SortedPairs }}{{ .Name }}={{ .Value }} {{ end }}' },
  { template: '{{ .CommonLabels.Names | join ", " }} / {{ .CommonLabels.Values | join "," }}' },
  { template: '{{ .CommonLabels.SortedPairs.Names | join "," }}' },
  { template: '{{ (.CommonLabels.Remove (stringSlice "alertname")).Names | join "," }}' },
  { template: '{{ join "," (stringSlice "a" "b") }}' },
  { template: '{{ reReplaceAll "(.*)-.*" "$1" .Receiver }}' },
  { template: '{{ if match "^a" .Receiver }}yes{{ else }}no{{ end }}' },
  { template: '{{ "<b>" | safeHtml }} {{ "x y" | title }} {{ "a&b" | urlquery }}' },
  { template: '{{ if eq .Status "firing" }}danger{{ else }}good{{ end }}' },
  { template: '{{ with .CommonLabels.severity }}sev {{ . }}{{ end }}' },
  { template: '{{ with .Alerts }}{{ range . }}{{ .Labels.alertname }}{{ end }}{{ end }}' },
  { template: '{{ range .Alerts }}{{ $.CommonLabels.alertname }} {{ $.Receiver }}{{ end }}' },
  { template: '{{ $n := len .Alerts.Firing }}{{ if gt $n 0 }}{{ $n }} firing{{ end }}' },
  { template: '{{- .CommonLabels.alertname -}} {{/* a comment */}}' },
  { template: '{{ .CommonLabels.no_such_label }}' },
  { template: '{{ index .CommonLabels "alertname" }} {{ printf "%d" (len .Alerts) }}' },
  { template: '{{ template "slack.default.title" . }}' },
  { template: '{{ template "email.default.html" . }}' },
  { template: '{{ template "__text_alert_list" .Alerts.Firing }}' },
  { template: `{{ template "${MessageTemplates.TITLE}" . }}` },
  { template: `{{ template "${MessageTemplates.TEXT}" . }}` },
  { template: '{{ define "mine" }}hi {{ .Receiver }}{{ end }}{{ template "mine" . }}' },
  { template: '{{ range .Alerts }}{{ break }}{{ end }}' },
  // dot is not the notification data inside with, range and define: fields there are not checked
  { template: '{{ with .CommonLabels }}{{ .alertname }}{{ end }}' },
  { template: '{{ define "pair" }}{{ .Name }}={{ .Value }}{{ end }}{{ range .CommonLabels.SortedPairs }}{{ template "pair" . }} {{ end }}' },
  // refused by both releases
  { template: 'x {{ .CommonLabels.alertname' },
  { template: '{{ .CommonLabels.alertname }' },
  { template: 'x {{ end }}' },
  { template: '{{ if eq .Status "firing" }}x' },
  { template: '{{ else }}' },
  { template: '{{ }}' },
  { template: '{{ $foo }}' },
  { template: '{{ range $a := .Alerts }}{{ end }}{{ $a }}' },
  { template: '{{ .Receiver | nosuchfunc }}' },
  { template: '{{ humanize 3 }}' },
  { template: '{{ .CommonLabel.alertname }}' },
  { template: '{{ .Alert }}' },
  { template: '{{ .Receiver.Name }}' },
  { template: '{{ .CommonLabels.alertname.foo }}' },
  { template: '{{ .Alerts.Labels }}' },
  { template: '{{ .Alerts.Firing.Labels }}' },
  { template: '{{ .CommonLabels.SortedPairs.Name }}' },
  { template: '{{ .CommonLabels.Remove.Names }}' },
  { template: '{{ range .Alerts }}{{ $.CommonLabel }}{{ end }}' },
  { template: '{{ template "nope" . }}' },
  { template: '{{ (len .Alerts }}' },
  { template: '{{ | toUpper }}' },
  { template: '{{ "unterminated }}' },
  { template: '{{ break }}' },
  { template: '{{/* unclosed comment }}' },
  // refused by the library, rendered by 0.33 only
  { template: '{{ .CommonLabels.alertname | trimSpace }}', stricter: { reason: ONLY_033, renderedBy: ['0.33'] } },
  { template: '{{ range .Alerts }}{{ .StartsAt | tz "UTC" | date "15:04" }}{{ end }}', stricter: { reason: ONLY_033, renderedBy: ['0.33'] } },
  { template: '{{ .Alerts | toJson }}', stricter: { reason: ONLY_033, renderedBy: ['0.33'] } },
  { template: '{{ .ExternalURL | safeUrl }}', stricter: { reason: ONLY_033, renderedBy: ['0.33'] } },
  { template: '{{ template "slack.default.color" . }}', stricter: { reason: ONLY_033, renderedBy: ['0.33'] } },
  { template: '{{ .NotificationReason }}', stricter: { reason: ONLY_033, renderedBy: ['0.33'] } },
  // refused by the library, rendered by both (the bad action is never executed with the example data)
  { template: '{{ if false }}{{ .CommonLabel }}{{ end }}', stricter: { reason: UNTAKEN, renderedBy: ['0.25', '0.33'] } },
  { template: '{{ if false }}{{ template "nope" . }}{{ end }}', stricter: { reason: UNTAKEN, renderedBy: ['0.25', '0.33'] } },
];

const TEMPLATE_FILE = { [MessageTemplates.FILE_NAME]: MessageTemplates.FILE_CONTENT };

let am: AlertmanagerConfigSecret | undefined;
let receivers = 0;

/** The library's verdict through the public API: a Slack receiver whose title is `template`. */
function libraryError(template: string): string | undefined {
  am ??= new AlertmanagerConfigSecret(new MonitoringChart(Testing.app(), 'x', { partOf: 'x' }), 'Alertmanager', { receiver: 'r' });
  try {
    am.addReceiver(`r${receivers++}`, { integrations: [Integration.slack({ apiUrl: SecretRef.fromSecret('slack', 'url'), title: template })] });
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

test('the corpus has at least 40 templates, each once', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(40);
  expect(new Set(CASES.map((c) => c.template)).size).toBe(CASES.length);
});

const libraryErrors = new Map<string, string | undefined>();

describe.each(VERSIONS.map((v) => [v.release, v] as const))('notification templates against amtool %s template render', (release, { tool }) => {
  let renders: ToolResult[];

  beforeAll(async () => {
    renders = await amtoolTemplateRenderAll(CASES.map((c) => c.template), TEMPLATE_FILE, tool);
    for (const c of CASES) if (!libraryErrors.has(c.template)) libraryErrors.set(c.template, libraryError(c.template));
  });

  test.each(CASES.map((c, i) => [c.template, c, i] as const))('%s', (template, c, i) => {
    const error = libraryErrors.get(template);
    const rendered = renders[i];
    if (c.stricter) {
      expect({ template, refused: error !== undefined }).toEqual({ template, refused: true });
      expect({ template, rendered: rendered.ok, output: rendered.ok ? '' : rendered.output })
        .toEqual({ template, rendered: c.stricter.renderedBy.includes(release), output: c.stricter.renderedBy.includes(release) ? '' : expect.stringContaining('amtool: error') });
      if (c.stricter.reason === ONLY_033) expect(error).toContain('only Alertmanager 0.33 defines it');
    } else {
      // accepted by the library <=> rendered by amtool
      expect({ template, library: error ?? 'accepted', amtool: rendered.ok ? 'rendered' : 'failed' })
        .toEqual({ template, library: rendered.ok ? 'accepted' : expect.stringContaining('invalid notification template'), amtool: rendered.ok ? 'rendered' : 'failed' });
    }
  });

  // Go stops at the first unknown name, so what a release lacks is tried one at a time, what it has all at once.

  test('the portable functions are defined, the 0.33-only ones only in 0.33, and others in neither', async () => {
    // a call in a branch never taken: Go refuses an unknown function name when it parses
    const calls = (names: Iterable<string>) => `{{ if false }}${[...names].map((f) => `{{ ${f} }}`).join('')}{{ end }}`;
    const only033 = [...ALERTMANAGER_0_33_ONLY_FUNCTIONS];
    const defined = release === '0.33' ? [...ALERTMANAGER_TEMPLATE_FUNCTIONS, ...only033] : [...ALERTMANAGER_TEMPLATE_FUNCTIONS];
    const lacking = [...(release === '0.33' ? [] : only033), 'humanize', 'tmpl', 'query'];
    expect(amtoolTemplateRender(calls(defined), {}, tool)).toMatchObject({ ok: true });
    const results = await amtoolTemplateRenderAll(lacking.map((f) => calls([f])), {}, tool);
    expect(lacking.map((f, i) => [f, results[i].output.trim()])).toEqual(lacking.map((f) => [f, expect.stringContaining(`function "${f}" not defined`)]));
  });

  test('the default and library templates the checker accepts are defined, the 0.33-only ones only in 0.33', async () => {
    // these range over their dot: Alertmanager's own templates call them with a list of alerts
    const overAlerts = new Set(['__text_alert_list', '__text_alert_list_markdown', 'pagerduty.default.instances']);
    const call = (n: string) => `{{ template "${n}" ${overAlerts.has(n) ? '.Alerts' : '.'} }}`;
    const portable = [...ALERTMANAGER_DEFAULT_TEMPLATES, ...LIBRARY_TEMPLATES];
    const only033 = [...ALERTMANAGER_0_33_ONLY_TEMPLATES];
    expect(amtoolTemplateRender([...portable, ...(release === '0.33' ? only033 : [])].map(call).join('\n'), TEMPLATE_FILE, tool)).toMatchObject({ ok: true });
    if (release === '0.33') return;
    const results = await amtoolTemplateRenderAll(only033.map(call), {}, tool);
    expect(only033.map((n, i) => [n, results[i].output.trim()])).toEqual(only033.map((n) => [n, expect.stringContaining(`template "${n}" not defined`)]));
  });
});

describe('the library template file', () => {
  /** Each `define`'s body, which integrations call with the notification data as dot. */
  function bodies(file: string): Array<[string, string]> {
    return [...file.matchAll(/\{\{ define "([^"]+)" -\}\}([\s\S]*?)\{\{- end \}\}\n(?=\n|$)/g)].map((m) => [m[1], m[2]]);
  }

  test('defines the names MessageTemplates gives, and each body passes the checks as top-level text', () => {
    const found = bodies(MessageTemplates.FILE_CONTENT);
    expect(found.map(([name]) => name).sort()).toEqual([MessageTemplates.TITLE, MessageTemplates.TEXT, MessageTemplates.SILENCE_URL, MessageTemplates.PAGER_DESCRIPTION].sort());
    expect([...LIBRARY_TEMPLATES].sort()).toEqual(found.map(([name]) => name).sort());
    expect(alertmanagerTemplateError(MessageTemplates.FILE_CONTENT)).toBeUndefined();
    for (const [name, body] of found) expect({ name, error: alertmanagerTemplateError(body) }).toEqual({ name, error: undefined });
  });

  test('a typo in a body would be caught (the check can fail)', () => {
    const [, body] = bodies(MessageTemplates.FILE_CONTENT).find(([name]) => name === MessageTemplates.TITLE)!;
    expect(alertmanagerTemplateError(body.replace('.CommonLabels.alertname', '.CommonLabel.alertname'))).toContain("can't evaluate field CommonLabel in type template.Data");
  });
});
