import { SecretRef } from '../../lib';
import { Integration } from '../../lib/alertmanager';
import { pagerDuty, routing, slack } from './fixtures';

describe('Receiver', () => {
  test('effectiveIntegrations keeps everything when paging, swaps paging ones otherwise', () => {
    const config = routing();
    const chat = slack('#oncall');
    const fallback = slack('#oncall-staging');
    const pager = pagerDuty();
    const r = config.addReceiver('oncall', { integrations: [pager, chat], whenPagingDisabled: [fallback] });
    expect(r.effectiveIntegrations(true)).toEqual([pager, chat]);
    expect(r.effectiveIntegrations(false)).toEqual([chat, fallback]);
  });

  test('a receiver without paging integrations is unchanged when paging is off', () => {
    const config = routing();
    const chat = Integration.slack({ apiUrl: SecretRef.fromSecret('s', 'u') });
    const r = config.addReceiver('chat', { integrations: [chat], whenPagingDisabled: [slack('#unused')] });
    expect(r.effectiveIntegrations(false)).toEqual([chat]);
  });

  test('receivers are listed in insertion order', () => {
    const config = routing();
    config.addReceiver('b');
    config.addReceiver('a');
    expect(config.receivers.map((r) => r.name)).toEqual(['default', 'b', 'a']);
  });
});

describe('notification templates are checked when the receiver is added', () => {
  const FUNCTIONS = 'and, call, html, index, slice, js, len, not, or, print, printf, println, urlquery, eq, ge, gt, le, lt, ne, toUpper, toLower, title, join, match, safeHtml, reReplaceAll, stringSlice';
  const LOST = 'Alertmanager would fail to render it at send time and lose the notification';

  test('an unclosed action in a Slack title: path, receiver, field, Go\'s error, fix and value', () => {
    const config = routing();
    expect(() => config.addReceiver('team', { integrations: [Integration.slack({ apiUrl: SecretRef.fromSecret('s', 'u'), title: 'x {{ .CommonLabels.alertname' })] }))
      .toThrow(`[${config.node.path}] receiver "team" integrations[0].title (slack_configs): invalid notification template: unclosed action; fix the template syntax. ${LOST}; received "x {{ .CommonLabels.alertname"`);
  });

  test('an unknown function names the functions both releases define', () => {
    const config = routing();
    expect(() => config.addReceiver('team', { integrations: [Integration.slack({ apiUrl: SecretRef.fromSecret('s', 'u'), text: '{{ .Status | upper }}' })] }))
      .toThrow(`[${config.node.path}] receiver "team" integrations[0].text (slack_configs): invalid notification template: function "upper" not defined; use one of the functions both Alertmanager 0.25 and 0.33 define: ${FUNCTIONS}. ${LOST}; received "{{ .Status | upper }}"`);
  });

  test('a function only 0.33 defines names the release that lacks it', () => {
    const config = routing();
    expect(() => config.addReceiver('team', { integrations: [Integration.pagerDuty({ routingKey: SecretRef.fromSecret('p', 'k'), details: { since: '{{ .CommonLabels.x | trimSpace }}' } })] }))
      .toThrow(`[${config.node.path}] receiver "team" integrations[0].details["since"] (pagerduty_configs): invalid notification template: function "trimSpace" not defined in Alertmanager 0.25 (only Alertmanager 0.33 defines it; the library accepts only the functions both 0.25 and 0.33 define: ${FUNCTIONS}). ${LOST}; received "{{ .CommonLabels.x | trimSpace }}"`);
  });

  test('an unknown field of the notification data lists its fields', () => {
    const config = routing();
    expect(() => config.addReceiver('team', { integrations: [Integration.email({ to: 'a@b.c', from: 'a@b.c', smarthost: 'h:25', subject: '{{ .CommonLabel.alertname }} fired' })] }))
      .toThrow(`[${config.node.path}] receiver "team" integrations[0].subject (email_configs): invalid notification template: can't evaluate field CommonLabel in type template.Data; the notification data has .Receiver, .Status, .Alerts, .GroupLabels, .CommonLabels, .CommonAnnotations, .ExternalURL. ${LOST}; received "{{ .CommonLabel.alertname }} fired"`);
    expect(() => routing().addReceiver('team', { integrations: [Integration.slack({ apiUrl: SecretRef.fromSecret('s', 'u'), title: '{{ .NotificationReason }}' })] }))
      .toThrow('can\'t evaluate field NotificationReason in type template.Data (only Alertmanager 0.33 defines it; the library accepts only the fields both 0.25 and 0.33 define)');
    expect(() => routing().addReceiver('team', { integrations: [Integration.slack({ apiUrl: SecretRef.fromSecret('s', 'u'), title: '{{ .Alerts.Labels.x }}' })] }))
      .toThrow('integrations[0].title (slack_configs): invalid notification template: can\'t evaluate field Labels in type template.Alerts.');
  });

  test('a template that is not defined names the ones that are', () => {
    const config = routing();
    expect(() => config.addReceiver('team', { integrations: [Integration.opsgenie({ apiKey: SecretRef.fromSecret('o', 'k'), description: '{{ template "observability.txt" . }}' })] }))
      .toThrow(`[${config.node.path}] receiver "team" integrations[0].description (opsgenie_configs): invalid notification template: template "observability.txt" not defined; define it in the same text, or call one of the library's templates (observability.title, observability.silence_url, observability.text, observability.pager_description) or a default template both Alertmanager 0.25 and 0.33 define (e.g. slack.default.title, email.default.html). ${LOST}; received "{{ template \\"observability.txt\\" . }}"`);
    expect(() => routing().addReceiver('team', { integrations: [Integration.slack({ apiUrl: SecretRef.fromSecret('s', 'u'), color: '{{ template "slack.default.color" . }}' })] }))
      .toThrow('integrations[0].color (slack_configs): invalid notification template: template "slack.default.color" not defined in Alertmanager 0.25 (only Alertmanager 0.33 defines it);');
  });

  test('every templated field is checked, in whenPagingDisabled too', () => {
    const bad = '{{end}}';
    const url = SecretRef.fromSecret('s', 'u');
    const cases: Array<[Integration, string]> = [
      [Integration.slack({ apiUrl: url, channel: bad }), 'channel'],
      [Integration.slack({ apiUrl: url, username: bad }), 'username'],
      [Integration.slack({ apiUrl: url, iconEmoji: bad }), 'iconEmoji'],
      [Integration.slack({ apiUrl: url, actions: [{ text: 'ok', url: 'https://x' }, { text: 'b', url: bad }] }), 'actions[1].url'],
      [Integration.slack({ apiUrl: url, actions: [{ text: bad, url: 'https://x' }] }), 'actions[0].text'],
      [Integration.pagerDuty({ routingKey: url, severity: bad }), 'severity'],
      [Integration.pagerDuty({ routingKey: url, description: bad }), 'description'],
      [Integration.opsgenie({ apiKey: url, message: bad }), 'message'],
      [Integration.opsgenie({ apiKey: url, priority: bad }), 'priority'],
      [Integration.opsgenie({ apiKey: url, responders: [{ type: 'team', name: bad }] }), 'responders[0].name'],
    ];
    for (const [integration, field] of cases) {
      expect(() => routing().addReceiver('r', { integrations: [slack(), integration] })).toThrow(`receiver "r" integrations[1].${field} (${integration.configFileField}): invalid notification template: unexpected {{end}}`);
    }
    expect(() => routing().addReceiver('r', { integrations: [pagerDuty()], whenPagingDisabled: [Integration.slack({ apiUrl: url, title: bad })] }))
      .toThrow('receiver "r" whenPagingDisabled[0].title (slack_configs): invalid notification template: unexpected {{end}}');
  });

  test('the defaults and valid templates pass', () => {
    const config = routing();
    expect(() => config.addReceiver('ok', {
      integrations: [
        Integration.slack({ apiUrl: SecretRef.fromSecret('s', 'u'), title: '{{ template "slack.default.title" . }}', text: '{{ range .Alerts }}{{ .Annotations.summary }}{{ end }}' }),
        Integration.pagerDuty({ routingKey: SecretRef.fromSecret('p', 'k'), details: { n: '{{ .Alerts.Firing | len }}' } }),
        Integration.opsgenie({ apiKey: SecretRef.fromSecret('o', 'k') }),
        Integration.email({ to: 'a@b.c', from: 'a@b.c', smarthost: 'h:25' }),
      ],
    })).not.toThrow();
  });

  test('a webhook URL with a template is refused: Alertmanager before 0.31 posts to it as written', () => {
    expect(() => routing().addReceiver('hook', { integrations: [Integration.webhook({ url: 'https://hooks.example.com/{{.GroupLabels.team}}' })] }))
      .toThrow('receiver "hook" integrations[0]: url: Alertmanager before 0.31 posts to the URL as written, without expanding templates, so this would post to a literal "{{"; give a fixed URL; received "https://hooks.example.com/{{.GroupLabels.team}}"');
  });
});
