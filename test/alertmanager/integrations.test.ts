import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { SecretRef } from '../../lib';
import {
  AlertmanagerConfigSecret, EmailIntegration, Integration, IntegrationContext, MessageTemplates, OpsgenieIntegration, PagerDutyIntegration, RenderTarget,
  SlackIntegration, WebhookIntegration,
} from '../../lib/alertmanager';
import { one, synth } from '../util/synth';
import { checkConfigSecret, configOf } from './amtool';
import { chart } from './fixtures';

/**
 * A custom integration, as a user would add one through the generic Integration API: the webhook list of a
 * fork of Alertmanager that has an integration of its own (`ntfy_configs`).
 */
class NtfyIntegration extends Integration {
  public readonly configFileField = 'ntfy_configs';
  public readonly customResourceField = 'ntfyConfigs';
  public readonly paging = false;
  public constructor(private readonly webhook: SecretRef) { super(); }
  public renderConfigFile(context: IntegrationContext) { return { webhook_url_file: context.secretFile(this.webhook) }; }
  public renderCustomResource(context: IntegrationContext) { return { webhookUrl: context.secretKeySelector(this.webhook, 'webhook') }; }
}

/** Adds `integration` to a receiver "team" of an Alertmanager config at `platform/Alertmanager`. */
/** The message of the error that `fn` throws (fails when it throws none). */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

function inReceiver(integration: Integration) {
  const am = new AlertmanagerConfigSecret(chart('platform', 'monitoring'), 'Alertmanager', { receiver: 'team' });
  return am.addReceiver('team', { integrations: [integration] });
}

function render(...integrations: Integration[]) {
  const scope = chart('platform', 'monitoring');
  const am = new AlertmanagerConfigSecret(scope, 'Alertmanager', { receiver: 'r' });
  am.addReceiver('r', { integrations });
  const secret = one(synth(scope), 'Secret');
  return { secret, receiver: (yaml.load(configOf(secret)) as any).receivers[0], am };
}

describe('integrations', () => {
  test('Slack: defaults to the message templates; amtool accepts it', () => {
    const { secret, receiver } = render(Integration.slack({
      apiUrl: SecretRef.fromSecret('slack', 'url'), channel: '#erp-critical', iconEmoji: ':rotating_light:', sendResolved: true,
      actions: [{ text: 'View in Grafana', url: 'https://grafana.example.com/d/api', style: 'primary' }],
    }));
    expect(receiver.slack_configs[0]).toEqual({
      api_url_file: '/etc/alertmanager/secrets/slack/url',
      channel: '#erp-critical',
      icon_emoji: ':rotating_light:',
      send_resolved: true,
      title: MessageTemplates.ref(MessageTemplates.TITLE),
      text: MessageTemplates.ref(MessageTemplates.TEXT),
      color: '{{ if eq .Status "firing" }}danger{{ else }}good{{ end }}',
      actions: [{ type: 'button', text: 'View in Grafana', url: 'https://grafana.example.com/d/api', style: 'primary' }],
    });
    expect(checkConfigSecret(secret)).toMatchObject({ ok: true });
  });

  test('PagerDuty: routing_key_file, severity, details; amtool accepts it', () => {
    const { secret, receiver } = render(Integration.pagerDuty({ routingKey: SecretRef.fromSecret('pd', 'key'), severity: 'critical', details: { firing: '{{ .Alerts.Firing | len }}' } }));
    expect(receiver.pagerduty_configs[0]).toEqual({
      routing_key_file: '/etc/alertmanager/secrets/pd/key', severity: 'critical', details: { firing: '{{ .Alerts.Firing | len }}' },
      description: MessageTemplates.ref(MessageTemplates.PAGER_DESCRIPTION),
    });
    expect(checkConfigSecret(secret)).toMatchObject({ ok: true });
  });

  test('Opsgenie and e-mail: api_key_file and auth_password_file; amtool accepts them', () => {
    const { secret, receiver } = render(
      Integration.opsgenie({ apiKey: SecretRef.fromSecret('og', 'key'), priority: 'P2', responders: [{ type: 'team', name: 'sre' }] }),
      Integration.email({ to: 'a@example.com, b@example.com', from: 'am@example.com', smarthost: 'smtp.example.com:587', authUsername: 'am', authPassword: SecretRef.fromSecret('smtp', 'pw'), subject: 'Alert' }),
    );
    expect(receiver.opsgenie_configs[0]).toMatchObject({ api_key_file: '/etc/alertmanager/secrets/og/key', priority: 'P2', responders: [{ type: 'team', name: 'sre' }] });
    expect(receiver.email_configs[0]).toMatchObject({ auth_password_file: '/etc/alertmanager/secrets/smtp/pw', headers: { Subject: 'Alert' }, smarthost: 'smtp.example.com:587' });
    expect(checkConfigSecret(secret)).toMatchObject({ ok: true });
  });

  test('paging integrations say so; the others do not', () => {
    expect(Integration.pagerDuty({ routingKey: SecretRef.fromSecret('a', 'b') }).paging).toBe(true);
    expect(Integration.opsgenie({ apiKey: SecretRef.fromSecret('a', 'b') }).paging).toBe(true);
    expect(Integration.slack({ apiUrl: SecretRef.fromSecret('a', 'b') }).paging).toBe(false);
  });

  test('a custom integration plugs in through the Integration API', () => {
    const { receiver, am } = render(new NtfyIntegration(SecretRef.fromSecret('ntfy', 'url')));
    expect(receiver.ntfy_configs).toEqual([{ webhook_url_file: '/etc/alertmanager/secrets/ntfy/url' }]);
    expect(am.secretsToMount).toEqual(['ntfy']);
    expect(RenderTarget.CONFIG_FILE).toBe('config-file');
  });

  test('rejections name the receiver path and the field; the factory itself does not throw', () => {
    const bad = Integration.slack({ apiUrl: SecretRef.fromSecret('a', 'b'), channel: 'my channel' });
    expect(bad).toBeInstanceOf(Integration);
    const am = new AlertmanagerConfigSecret(chart('platform', 'monitoring'), 'Alertmanager', { receiver: 'ok' });
    expect(() => am.addReceiver('ok', { integrations: [Integration.email({ to: 'a@b.c', from: 'a@b.c', smarthost: 'h:25' })], whenPagingDisabled: [bad] }))
      .toThrow('[platform/Alertmanager] receiver "ok" whenPagingDisabled[0]: channel: must be a Slack channel');
  });

  test('plain-JavaScript props: what each field expects', () => {
    const js = (v: unknown) => v as any;
    expect(() => inReceiver(Integration.email(js(null)))).toThrow('[platform/Alertmanager] receiver "team" integrations[0]: props: must be an object, e.g. { to: \'oncall@example.com\'');
    expect(() => inReceiver(Integration.email(js({ to: 5, from: 'a@b.c', smarthost: 'h:25' })))).toThrow('integrations[0]: to: must be a string, e.g. \'oncall@example.com\'; received 5 (a number)');
    expect(() => inReceiver(Integration.slack(js({ apiUrl: SecretRef.fromSecret('a', 'b'), actions: 'x' })))).toThrow('integrations[0]: actions: must be a list');
    expect(() => inReceiver(Integration.pagerDuty(js({ routingKey: SecretRef.fromSecret('a', 'b'), severity: 300 })))).toThrow('integrations[0]: severity: must be a string');
    expect(() => inReceiver(js('slack'))).toThrow('receiver "team" integrations[0]: must be an Integration, e.g. Integration.slack({ apiUrl }); received "slack"');
  });

  test('rejections name the field and the value', () => {
    expect(() => inReceiver(Integration.slack({ apiUrl: SecretRef.fromSecret('a', 'b'), channel: 'my channel' }))).toThrow('[platform/Alertmanager] receiver "team" integrations[0]: channel: must be a Slack channel (#name) or user (@name) without white space; received "my channel"');
    expect(() => inReceiver(Integration.slack({ apiUrl: SecretRef.fromSecret('a', 'b'), actions: [{ text: 't', url: 'u', style: 'loud' }] }))).toThrow('[platform/Alertmanager] receiver "team" integrations[0]: actions style: must be "default", "primary" or "danger"; received "loud"');
    expect(() => inReceiver(Integration.pagerDuty({ routingKey: SecretRef.fromSecret('a', 'b'), severity: 'page' }))).toThrow('[platform/Alertmanager] receiver "team" integrations[0]: severity: PagerDuty accepts critical, error, warning or info (or a template); received "page"');
    expect(() => inReceiver(Integration.opsgenie({ apiKey: SecretRef.fromSecret('a', 'b'), priority: 'P9' }))).toThrow('[platform/Alertmanager] receiver "team" integrations[0]: priority: must be P1..P5 or a template; received "P9"');
    expect(() => inReceiver(Integration.opsgenie({ apiKey: SecretRef.fromSecret('a', 'b'), responders: [{ type: 'group', name: 'x' }] }))).toThrow('[platform/Alertmanager] receiver "team" integrations[0]: responders type: must be team, user, escalation or schedule; received "group"');
    expect(() => inReceiver(Integration.email({ to: 'nobody', from: 'a@b.c', smarthost: 'h:25' }))).toThrow('[platform/Alertmanager] receiver "team" integrations[0]: to: must be e-mail addresses separated by commas; received "nobody"');
    expect(() => inReceiver(Integration.email({ to: 'a@b.c', from: 'a@b.c', smarthost: 'smtp' }))).toThrow('[platform/Alertmanager] receiver "team" integrations[0]: smarthost: must be host:port (an IPv6 address in brackets: [::1]:25); received "smtp"');
    // both amtools load an IPv6 smarthost (config-corpus.test.ts)
    expect(Integration.email({ to: 'a@b.c', from: 'a@b.c', smarthost: '[::1]:25' }).props.smarthost).toBe('[::1]:25');
    expect(() => inReceiver(Integration.email({ to: 'a@b.c', from: 'a@b.c', smarthost: '::1:25' }))).toThrow('[platform/Alertmanager] receiver "team" integrations[0]: smarthost: must be host:port');
    expect(() => inReceiver(Integration.email({ to: 'a@b.c', from: 'a@b.c', smarthost: 'h:25', authPassword: SecretRef.fromSecret('a', 'b') }))).toThrow('[platform/Alertmanager] receiver "team" integrations[0]: authUsername: required with authPassword');
    expect(() => inReceiver(Integration.webhook({}))).toThrow('[platform/Alertmanager] receiver "team" integrations[0]: url: give exactly one of url (an endpoint without credentials) and urlSecret (a SecretRef)');
    expect(() => inReceiver(Integration.webhook({ url: 'http://x', urlSecret: SecretRef.fromSecret('a', 'b') }))).toThrow('[platform/Alertmanager] receiver "team" integrations[0]: url: give exactly one of url');
    expect(() => inReceiver(Integration.webhook({ url: 'https://user:token@hooks.example.com/x' }))).toThrow('[platform/Alertmanager] receiver "team" integrations[0]: url: must be an http(s) URL without credentials (user:password@) or white space; received "https://***@hooks.example.com/x" (user info, query values and long path segments hidden)');
    expect(() => inReceiver(Integration.webhook({ url: 'https://hooks.example.com/my hook' }))).toThrow('[platform/Alertmanager] receiver "team" integrations[0]: url: must be an http(s) URL without credentials (user:password@) or white space; received "https://hooks.example.com/my hook"');
    expect(() => inReceiver(Integration.webhook({ url: 'http://x', maxAlerts: -1 }))).toThrow('[platform/Alertmanager] receiver "team" integrations[0]: maxAlerts: must be an integer of at least 0 (a count of alerts per message, 0 for all); received -1');
    expect(() => inReceiver(Integration.webhook({ url: 'http://x', maxAlerts: 2.5 }))).toThrow('integrations[0]: maxAlerts: must be an integer of at least 0 (a count of alerts per message, 0 for all); received 2.5');
    expect(() => inReceiver(Integration.webhook({ url: 'http://x', maxAlerts: '10' as unknown as number }))).toThrow('integrations[0]: maxAlerts: must be an integer of at least 0 (a count of alerts per message, 0 for all); received "10" (a string)');
  });

  test('a refused URL never shows its credentials: user info, query values, long path segments (the message goes to CI logs)', () => {
    const token = ['aB3dE5fG7hI9', 'jK1lM3nO5pQ7'].join('');
    const urls: Array<[() => Integration, string]> = [
      [() => Integration.webhook({ url: `https://bot:${token}@hooks.example.com/alerts?token=${token} ` }), 'url: must be an http(s) URL without credentials (user:password@) or white space; received "https://***@hooks.example.com/alerts?token=***" (user info'],
      [() => Integration.webhook({ url: `http://hooks.example.com/services/T0ABCD123/${token} #x` }), 'url: must be an http(s) URL without credentials (user:password@) or white space; received "http://hooks.example.com/services/T0ABCD123/aB3d…#***" (user info'],
      [() => Integration.pagerDuty({ routingKey: SecretRef.fromSecret('a', 'b'), url: `ftp://${token}@pagerduty.example.com` }), 'url: must be an http(s) URL without credentials (user:password@) or white space; received "ftp://***@pagerduty.example.com" (user info'],
      [() => Integration.opsgenie({ apiKey: SecretRef.fromSecret('a', 'b'), apiUrl: `https://api.opsgenie.com/v2?apiKey=${token}&region=eu x` }), 'apiUrl: must be an http(s) URL without credentials (user:password@) or white space; received "https://api.opsgenie.com/v2?apiKey=***&region=***" (user info'],
    ];
    for (const [integration, message] of urls) {
      const error = errorOf(() => inReceiver(integration()));
      expect(error).toContain(message);
      expect(error).not.toContain(token.slice(4));
    }
  });

  test('a paging integration cannot be a replacement for paging', () => {
    const scope = chart('platform', 'monitoring');
    const am = new AlertmanagerConfigSecret(scope, 'Alertmanager', { receiver: 'r' });
    expect(() => am.addReceiver('r', { whenPagingDisabled: [Integration.pagerDuty({ routingKey: SecretRef.fromSecret('a', 'b') })] })).toThrow(
      '[platform/Alertmanager] receiver "r" whenPagingDisabled: must not contain paging integrations; received pagerduty_configs',
    );
    expect(() => am.addReceiver('bad name')).toThrow(`[platform/Alertmanager] receiver name: must be letters, digits, '-', '_' or '.', starting with a letter or digit; received "bad name"`);
  });
});

describe('one way to create an integration: the factories of Integration', () => {
  const slack = { apiUrl: SecretRef.fromSecret('slack', 'url'), channel: '#shop' };
  const pagerDuty = { routingKey: SecretRef.fromSecret('pagerduty', 'key') };
  const opsgenie = { apiKey: SecretRef.fromSecret('opsgenie', 'key') };
  const email = { to: 'oncall@example.com', from: 'am@example.com', smarthost: 'smtp.example.com:587' };
  const webhook = { url: 'http://relay.monitoring.svc:8080/alerts' };

  test('resolve their defaults once, when created, into documented fields', () => {
    const s = Integration.slack(slack);
    expect([s.title, s.text, s.color]).toEqual([
      '{{ template "observability.title" . }}', '{{ template "observability.text" . }}', '{{ if eq .Status "firing" }}danger{{ else }}good{{ end }}',
    ]);
    expect(Integration.slack({ ...slack, title: 'T', text: 'B', color: 'good' })).toMatchObject({ title: 'T', text: 'B', color: 'good' });
    expect(Integration.pagerDuty(pagerDuty).description).toBe('{{ template "observability.pager_description" . }}');
    expect(Integration.opsgenie({ ...opsgenie, message: 'M' })).toMatchObject({ message: 'M', description: '{{ template "observability.text" . }}' });
    expect(Integration.email(email).subject).toBe('{{ template "observability.title" . }}');
    // the rendering is the resolved fields
    const { receiver } = render(Integration.slack({ ...slack, title: 'T' }), Integration.email({ ...email, subject: 'S' }));
    expect([receiver.slack_configs[0].title, receiver.email_configs[0].headers]).toEqual(['T', { Subject: 'S' }]);
  });

  test('the library and the apps create integrations through the factories only', () => {
    const root = path.join(__dirname, '..', '..');
    const found = ['lib', 'apps'].flatMap((dir) => fs.readdirSync(path.join(root, dir), { recursive: true }).map(String)
      .filter((f) => f.endsWith('.ts') && path.join(dir, f) !== path.join('lib', 'alertmanager', 'integrations.ts'))
      .flatMap((f) => [...fs.readFileSync(path.join(root, dir, f), 'utf8').matchAll(/new (\w+Integration)\(/g)].map((m) => `${path.join(dir, f)}: ${m[0]}`)));
    expect(found).toEqual([]);
  });

  test('the deprecated public constructors (until 0.6.0) still build what the factories build', () => {
    const pairs: Array<[Integration, Integration]> = [
      [new SlackIntegration(slack), Integration.slack(slack)],
      [new PagerDutyIntegration(pagerDuty), Integration.pagerDuty(pagerDuty)],
      [new OpsgenieIntegration(opsgenie), Integration.opsgenie(opsgenie)],
      [new EmailIntegration(email), Integration.email(email)],
      [new WebhookIntegration(webhook), Integration.webhook(webhook)],
    ];
    for (const [constructed, made] of pairs) {
      expect(constructed).toBeInstanceOf(made.constructor);
      expect(render(constructed).receiver).toEqual(render(made).receiver);
    }
  });
});

describe('credentials are references only', () => {
  test('a plain string where a SecretRef is required is refused at run time too', () => {
    const plain = 'https://hooks.slack.com/services/T000/B000/XXXX' as unknown as SecretRef;
    expect(() => inReceiver(Integration.slack({ apiUrl: plain }))).toThrow(
      '[platform/Alertmanager] receiver "team" integrations[0]: apiUrl: must be a SecretRef (SecretRef.fromSecret(name, key) or SecretRef.fromFile(path)), so that no credential is written to the output; received a plain string',
    );
    expect(() => inReceiver(Integration.pagerDuty({ routingKey: 'abc' as unknown as SecretRef }))).toThrow('[platform/Alertmanager] receiver "team" integrations[0]: routingKey: must be a SecretRef');
    expect(() => inReceiver(Integration.opsgenie({ apiKey: 'abc' as unknown as SecretRef }))).toThrow('[platform/Alertmanager] receiver "team" integrations[0]: apiKey: must be a SecretRef');
    expect(() => inReceiver(Integration.email({ to: 'a@b.c', from: 'a@b.c', smarthost: 'h:25', authUsername: 'u', authPassword: 'pw' as unknown as SecretRef }))).toThrow('[platform/Alertmanager] receiver "team" integrations[0]: authPassword: must be a SecretRef');
    expect(() => inReceiver(Integration.webhook({ url: 'http://x', bearerToken: 'tok' as unknown as SecretRef }))).toThrow('[platform/Alertmanager] receiver "team" integrations[0]: bearerToken: must be a SecretRef');
  });

  test('the types refuse a string', () => {
    // @ts-expect-error a credential is a SecretRef, never a string
    const props: Parameters<typeof Integration.slack>[0] = { apiUrl: 'https://hooks.slack.com/services/x' };
    expect(props).toBeDefined();
  });
});
