import * as fs from 'fs';
import * as path from 'path';
import { Duration, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { MonitoringApp, MonitoringChart, PrometheusOperatorVersion, SecretRef, SecretScan } from '../../lib';
import {
  AlertmanagerConfig, AlertmanagerConfigSecret, AlertmanagerVersion, Integration, JiraApiType, TelegramParseMode, WeChatMessageType,
} from '../../lib/alertmanager';
import { crdSchemaErrors } from '../util/schema';
import { Manifest, one, ROOT, synth } from '../util/synth';
import { amtoolCheckConfigs, TOOL_VERSIONS } from '../util/tools';
import { chart } from './fixtures';

// Every Alertmanager integration, in both renderings: the alertmanager.yaml of an AlertmanagerConfigSecret
// (credentials as *_file paths) checked by amtool 0.33.1 and, where the release supports it, 0.25; and the
// AlertmanagerConfig resource checked against the vendored CRD (Prometheus Operator 0.93). The list of
// integrations is read from the real tools: the receiver lists compiled into amtool 0.33.1 and the receiver
// fields of the CRD, so a new integration upstream fails the coverage test until it has a case here.

const [BOOKWORM, LTS] = TOOL_VERSIONS;
const secret = (name: string, key = 'key') => SecretRef.fromSecret(name, key);

/** One integration, built with every property the library takes. */
interface Case {
  /** The list in alertmanager.yaml (`msteamsv2_configs`). */
  readonly file: string;
  /** The list in the AlertmanagerConfig CRD, or undefined when the CRD has none. */
  readonly resource?: string;
  /** Every property set (what both renderings must carry). */
  readonly full: () => Integration;
  /** The required properties only. */
  readonly minimal: () => Integration;
  /** The credential fields of the rendered alertmanager.yaml entry (paths under http_config as `a.b.c`). */
  readonly fileCredentials: string[];
  /** The credential fields of the rendered resource entry, with the CRD's names. */
  readonly resourceCredentials: string[];
  /**
   * The oldest Alertmanager release that reads the minimal entry from a file (Alertmanager's config of each
   * tag; the `*_file` field of the credential often came later than the integration).
   */
  readonly since: string;
}

const CASES: Case[] = [
  {
    file: 'slack_configs', resource: 'slackConfigs', since: '0.25',
    full: () => Integration.slack({ apiUrl: secret('slack', 'url'), channel: '#alerts', title: 'T', text: 'B', color: 'good', iconEmoji: ':x:', username: 'am', actions: [{ text: 'Runbook', url: 'https://runbooks.example.com', style: 'primary' }], timeout: Duration.seconds(10), sendResolved: true }),
    minimal: () => Integration.slack({ apiUrl: secret('slack', 'url') }),
    fileCredentials: ['api_url_file'], resourceCredentials: ['apiURL'],
  },
  {
    file: 'pagerduty_configs', resource: 'pagerdutyConfigs', since: '0.25',
    full: () => Integration.pagerDuty({ routingKey: secret('pagerduty', 'routing-key'), severity: 'critical', description: 'D', details: { a: 'b' }, url: 'https://events.eu.pagerduty.com/v2/enqueue', sendResolved: true }),
    minimal: () => Integration.pagerDuty({ serviceKey: secret('pagerduty', 'service-key') }),
    fileCredentials: ['routing_key_file'], resourceCredentials: ['routingKey'],
  },
  {
    file: 'opsgenie_configs', resource: 'opsgenieConfigs', since: '0.25',
    full: () => Integration.opsgenie({ apiKey: secret('opsgenie'), message: 'M', description: 'D', priority: 'P1', responders: [{ type: 'team', name: 'sre' }], apiUrl: 'https://api.eu.opsgenie.com/', sendResolved: true }),
    minimal: () => Integration.opsgenie({ apiKey: secret('opsgenie') }),
    fileCredentials: ['api_key_file'], resourceCredentials: ['apiKey'],
  },
  {
    file: 'email_configs', resource: 'emailConfigs', since: '0.25',
    full: () => Integration.email({ to: 'ops@example.com', from: 'am@example.com', smarthost: 'smtp.example.com:587', authUsername: 'am', authPassword: secret('smtp', 'password'), subject: 'S', requireTls: true, sendResolved: true }),
    minimal: () => Integration.email({ to: 'ops@example.com', from: 'am@example.com', smarthost: 'smtp.example.com:587' }),
    fileCredentials: ['auth_password_file'], resourceCredentials: ['authPassword'],
  },
  {
    file: 'webhook_configs', resource: 'webhookConfigs', since: '0.25',
    full: () => Integration.webhook({ urlSecret: secret('hook', 'url'), bearerToken: secret('hook', 'token'), maxAlerts: 10, sendResolved: true }),
    minimal: () => Integration.webhook({ url: 'http://relay.monitoring.svc:8080/alerts' }),
    fileCredentials: ['url_file', 'http_config.authorization.credentials_file'], resourceCredentials: ['urlSecret', 'httpConfig.authorization.credentials'],
  },
  {
    file: 'msteams_configs', resource: 'msteamsConfigs', since: '0.27',
    full: () => Integration.msTeams({ webhookUrl: secret('teams', 'url'), title: 'T', text: 'B', summary: 'S', sendResolved: true }),
    minimal: () => Integration.msTeams({ webhookUrl: secret('teams', 'url') }),
    fileCredentials: ['webhook_url_file'], resourceCredentials: ['webhookUrl'],
  },
  {
    file: 'msteamsv2_configs', resource: 'msteamsv2Configs', since: '0.28',
    full: () => Integration.msTeamsV2({ webhookUrl: secret('teams', 'workflow-url'), title: 'T', text: 'B', sendResolved: true }),
    minimal: () => Integration.msTeamsV2({ webhookUrl: secret('teams', 'workflow-url') }),
    fileCredentials: ['webhook_url_file'], resourceCredentials: ['webhookURL'],
  },
  {
    file: 'discord_configs', resource: 'discordConfigs', since: '0.27',
    full: () => Integration.discord({ webhookUrl: secret('discord', 'url'), title: 'T', message: 'M', content: '<@&123> alerts', username: 'Alertmanager', avatarUrl: 'https://example.com/avatar.png', sendResolved: true }),
    minimal: () => Integration.discord({ webhookUrl: secret('discord', 'url') }),
    fileCredentials: ['webhook_url_file'], resourceCredentials: ['apiURL'],
  },
  {
    file: 'telegram_configs', resource: 'telegramConfigs', since: '0.26',
    full: () => Integration.telegram({ botToken: secret('telegram', 'token'), chatId: -1001234567890, messageThreadId: 42, message: '{{ .CommonAnnotations.summary }}', parseMode: TelegramParseMode.MARKDOWN_V2, disableNotifications: true, apiUrl: 'https://api.telegram.org', sendResolved: true }),
    minimal: () => Integration.telegram({ botToken: secret('telegram', 'token'), chatId: 12345 }),
    fileCredentials: ['bot_token_file'], resourceCredentials: ['botToken'],
  },
  {
    file: 'webex_configs', resource: 'webexConfigs', since: '0.25',
    full: () => Integration.webex({ roomId: 'Y2lzY29zcGFyazovL3VzL1JPT00vYWJj', botToken: secret('webex', 'token'), message: 'M', apiUrl: 'https://webexapis.com/v1/messages', sendResolved: true }),
    minimal: () => Integration.webex({ roomId: 'room', botToken: secret('webex', 'token') }),
    fileCredentials: ['http_config.authorization.credentials_file'], resourceCredentials: ['httpConfig.authorization.credentials'],
  },
  {
    file: 'sns_configs', resource: 'snsConfigs', since: '0.25',
    full: () => Integration.sns({ topicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts', subject: 'S', message: 'M', attributes: { team: 'sre' }, apiUrl: 'https://sns.eu-west-1.amazonaws.com', region: 'eu-west-1', roleArn: 'arn:aws:iam::123456789012:role/alertmanager', profile: 'default', sendResolved: true }),
    minimal: () => Integration.sns({ phoneNumber: '+15551234567' }),
    fileCredentials: [], resourceCredentials: [],
  },
  {
    file: 'jira_configs', since: '0.28',
    full: () => Integration.jira({
      apiUrl: 'https://example.atlassian.net/rest/api/2', project: 'OPS', issueType: 'Bug', username: 'alerts@example.com', apiToken: secret('jira', 'token'), apiType: JiraApiType.CLOUD,
      summary: 'S', description: 'D', priority: 'High', labels: ['alertmanager', '{{ .CommonLabels.team }}'], resolveTransition: 'Done', reopenTransition: 'Reopen', wontFixResolution: "Won't Fix",
      reopenDuration: Duration.days(7), sendResolved: true,
    }),
    minimal: () => Integration.jira({ apiUrl: 'https://jira.example.com/rest/api/2', project: 'OPS', issueType: 'Bug', bearerToken: secret('jira', 'pat') }),
    fileCredentials: ['http_config.basic_auth.password_file'], resourceCredentials: [],
  },
  {
    file: 'rocketchat_configs', resource: 'rocketchatConfigs', since: '0.28',
    full: () => Integration.rocketChat({
      token: secret('rocketchat', 'token'), tokenId: secret('rocketchat', 'user-id'), channel: '#alerts', title: 'T', titleLink: 'https://am.example.com', text: 'B', color: 'red', emoji: ':fire:',
      iconUrl: 'https://example.com/i.png', imageUrl: 'https://example.com/m.png', thumbUrl: 'https://example.com/t.png', linkNames: true, shortFields: true,
      fields: [{ title: 'Severity', value: '{{ .CommonLabels.severity }}', short: true }], actions: [{ text: 'Runbook', url: '{{ .CommonAnnotations.runbook_url }}' }, { text: 'Ack', msg: 'ack' }],
      apiUrl: 'https://chat.example.com/', sendResolved: true,
    }),
    minimal: () => Integration.rocketChat({ token: secret('rocketchat', 'token'), tokenId: secret('rocketchat', 'user-id') }),
    fileCredentials: ['token_file', 'token_id_file'], resourceCredentials: ['token', 'tokenID'],
  },
  {
    file: 'pushover_configs', resource: 'pushoverConfigs', since: '0.26',
    full: () => Integration.pushover({
      userKey: secret('pushover', 'user'), token: secret('pushover', 'token'), title: 'T', message: 'M', url: 'https://am.example.com', urlTitle: 'Alertmanager', device: 'phone', sound: 'siren',
      priority: '1', retry: Duration.seconds(30), expire: Duration.hours(2), ttl: Duration.days(2), monospace: true, sendResolved: true,
    }),
    minimal: () => Integration.pushover({ userKey: secret('pushover', 'user'), token: secret('pushover', 'token') }),
    fileCredentials: ['user_key_file', 'token_file'], resourceCredentials: ['userKey', 'token'],
  },
  {
    file: 'victorops_configs', resource: 'victoropsConfigs', since: '0.25',
    full: () => Integration.victorOps({ apiKey: secret('victorops'), routingKey: 'database', messageType: 'WARNING', entityDisplayName: 'E', stateMessage: 'S', monitoringTool: 'prometheus', customFields: { team: 'db' }, apiUrl: 'https://alert.victorops.com/integrations/generic/20131114/alert/', sendResolved: true }),
    minimal: () => Integration.victorOps({ apiKey: secret('victorops'), routingKey: 'database' }),
    fileCredentials: ['api_key_file'], resourceCredentials: ['apiKey'],
  },
  {
    file: 'wechat_configs', resource: 'wechatConfigs', since: '0.31',
    full: () => Integration.weChat({ apiSecret: secret('wechat'), corpId: 'ww0123456789abcdef', agentId: '1000002', toUser: '@all', toParty: '2', toTag: '3', message: 'M', messageType: WeChatMessageType.MARKDOWN, apiUrl: 'https://qyapi.weixin.qq.com/cgi-bin/', sendResolved: true }),
    minimal: () => Integration.weChat({ apiSecret: secret('wechat'), corpId: 'ww0123456789abcdef' }),
    fileCredentials: ['api_secret_file'], resourceCredentials: ['apiSecret'],
  },
  {
    file: 'incidentio_configs', since: '0.29',
    full: () => Integration.incidentIo({ urlSecret: secret('incident-io', 'url'), alertSourceToken: secret('incident-io', 'token'), maxAlerts: 20, timeout: Duration.seconds(15), sendResolved: true }),
    minimal: () => Integration.incidentIo({ url: 'https://api.incident.io/v2/alert_events/http/01HX', alertSourceToken: secret('incident-io', 'token') }),
    fileCredentials: ['url_file', 'alert_source_token_file'], resourceCredentials: [],
  },
  {
    file: 'mattermost_configs', since: '0.30',
    full: () => Integration.mattermost({ webhookUrl: secret('mattermost', 'url'), channel: 'town-square', username: 'alertmanager', text: 'B', title: 'T', color: '#ff0000', iconUrl: 'https://example.com/i.png', iconEmoji: ':fire:', sendResolved: true }),
    minimal: () => Integration.mattermost({ webhookUrl: secret('mattermost', 'url') }),
    fileCredentials: ['webhook_url_file'], resourceCredentials: [],
  },
];

/** The value at a dotted path. */
function at(object: any, dotted: string): any {
  return dotted.split('.').reduce((o, k) => (o === undefined ? undefined : o[k]), object);
}

/** The alertmanager.yaml of a platform config with one receiver `r` holding `integrations`, or the error. */
function renderFile(version: AlertmanagerVersion, ...integrations: Integration[]): { config: string; entry: any } | { error: string } {
  const am = new AlertmanagerConfigSecret(chart('platform', 'monitoring'), 'Alertmanager', { receiver: 'r', alertmanagerVersion: version });
  try {
    am.addReceiver('r', { integrations });
    const errors = am._errors();
    if (errors.length > 0) return { error: errors[0].message };
    const config = am.configYaml;
    return { config, entry: (yaml.load(config) as any).receivers[0] };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The synthesized AlertmanagerConfig of a chart with one receiver `r` holding `integrations`. */
function renderResource(integrations: Integration[], targetVersions?: ConstructorParameters<typeof MonitoringChart>[2]['targetVersions']): Manifest {
  const scope = new MonitoringChart(Testing.app(), 'shop', { partOf: 'shop', namespace: 'shop', targetVersions });
  const config = new AlertmanagerConfig(scope, 'Routing', { name: 'routing', receiver: 'r' });
  config.addReceiver('r', { integrations });
  return one(synth(scope), 'AlertmanagerConfig');
}

/** The receiver fields of the vendored AlertmanagerConfig CRD (`slackConfigs`...), with their properties. */
function crdReceiverFields(): { [field: string]: string[] } {
  const crd = yaml.load(fs.readFileSync(path.join(ROOT, 'crds', 'prometheus-operator', 'monitoring.coreos.com_alertmanagerconfigs.yaml'), 'utf8')) as any;
  const receiver = crd.spec.versions.find((v: any) => v.name === 'v1alpha1').schema.openAPIV3Schema.properties.spec.properties.receivers.items.properties;
  return Object.fromEntries(Object.entries(receiver).filter(([k]) => k !== 'name').map(([k, v]: [string, any]) => [k, Object.keys(v.items.properties)]));
}

/** The receiver lists an amtool binary knows: the `*_configs` YAML tags compiled into it (its config package). */
function amtoolReceiverLists(binary: string): string[] {
  const text = fs.readFileSync(binary).toString('latin1');
  return [...new Set([...text.matchAll(/\b([a-z0-9]+_configs),omitempty/g)].map((m) => m[1]))].sort();
}

describe('every Alertmanager integration', () => {
  test('has a case here: every receiver list of amtool 0.33.1 and every receiver field of the vendored CRD', () => {
    const lists = amtoolReceiverLists(LTS.amtool);
    expect(lists.length).toBeGreaterThanOrEqual(18);
    expect(lists.filter((l) => !CASES.some((c) => c.file === l))).toEqual([]);
    expect(Object.keys(crdReceiverFields()).filter((f) => !CASES.some((c) => c.resource === f))).toEqual([]);
    // and a factory of Integration for each: the rendered list of each case is its own
    expect(CASES.map((c) => c.full().configFileField).sort()).toEqual(CASES.map((c) => c.file).sort());
    expect(CASES.map((c) => c.full().customResourceField)).toEqual(CASES.map((c) => c.resource ?? c.full().customResourceField));
  });

  test('in alertmanager.yaml, with every property, each loads in amtool 0.33.1; credentials are *_file paths of mounted Secrets', () => {
    const rendered = CASES.map((c) => ({ c, out: renderFile(AlertmanagerVersion.V0_33, c.full()) }));
    const errors = rendered.flatMap(({ c, out }) => ('error' in out ? [`${c.file}: ${out.error}`] : []));
    expect(errors).toEqual([]);
    const ok = rendered as Array<{ c: Case; out: { config: string; entry: any } }>;
    const results = amtoolCheckConfigs(ok.map((r) => r.out.config), LTS);
    expect(ok.flatMap((r, i) => (results[i].ok ? [] : [`${r.c.file}: ${results[i].output.trim()}`]))).toEqual([]);
    for (const { c, out } of ok) {
      const entry = out.entry[c.file][0];
      for (const field of c.fileCredentials) expect([c.file, field, at(entry, field)]).toEqual([c.file, field, expect.stringMatching(/^\/etc\/alertmanager\/secrets\/[a-z-]+\/[a-z-]+$/)]);
      // no property is lost: the full case sets send_resolved, and every other field it renders
      expect([c.file, entry.send_resolved]).toEqual([c.file, true]);
    }
  });

  test('in alertmanager.yaml, each loads in amtool 0.25 where 0.25 reads it, and is refused with the release it needs where it does not', () => {
    const verdicts = CASES.map((c) => ({ c, at25: renderFile(AlertmanagerVersion.V0_25, c.minimal()), at33: renderFile(AlertmanagerVersion.V0_33, c.minimal()) }));
    const accepted = verdicts.filter((v) => !('error' in v.at25));
    const refused = verdicts.filter((v) => 'error' in v.at25);
    // the library's verdict at 0.25 is the release the case records
    expect(accepted.map((v) => v.c.file).sort()).toEqual(CASES.filter((c) => c.since === '0.25').map((c) => c.file).sort());
    const ok25 = amtoolCheckConfigs(accepted.map((v) => (v.at25 as { config: string }).config), BOOKWORM);
    expect(accepted.flatMap((v, i) => (ok25[i].ok ? [] : [`${v.c.file}: ${ok25[i].output.trim()}`]))).toEqual([]);
    for (const v of refused) {
      expect([v.c.file, (v.at25 as { error: string }).error]).toEqual([v.c.file, expect.stringContaining(`needs Alertmanager ${v.c.since} or later; the config targets 0.25 (alertmanagerVersion, else targetVersions.alertmanager)`)]);
    }
    // what the library refuses for 0.25 is what amtool 0.25 refuses: the 0.33 rendering of each fails there
    const newer = refused.map((v) => (v.at33 as { config: string }).config);
    const by25 = amtoolCheckConfigs(newer, BOOKWORM);
    expect(refused.filter((_, i) => by25[i].ok).map((v) => v.c.file)).toEqual([]);
    const by33 = amtoolCheckConfigs(newer, LTS);
    expect(refused.filter((_, i) => !by33[i].ok).map((v) => v.c.file)).toEqual([]);
  });

  test('in alertmanager.yaml, each minimal entry is accepted from the release it needs on, and refused just before it', () => {
    for (const c of CASES.filter((x) => x.since !== '0.25')) {
      const minor = Number(c.since.split('.')[1]);
      expect([c.file, 'error' in renderFile(AlertmanagerVersion.of(c.since), c.minimal())]).toEqual([c.file, false]);
      const before = renderFile(AlertmanagerVersion.of(`0.${minor - 1}`), c.minimal());
      expect([c.file, 'error' in before ? before.error : 'accepted']).toEqual([c.file, expect.stringContaining(`needs Alertmanager ${c.since} or later; the config targets 0.${minor - 1}`)]);
    }
  });

  test('as an AlertmanagerConfig resource, with every property, each matches the vendored CRD and keeps each field; credentials are Secret key selectors', () => {
    const crd = crdReceiverFields();
    for (const c of CASES.filter((x) => x.resource !== undefined)) {
      const cr = renderResource([c.full()]);
      expect([c.file, crdSchemaErrors(cr)]).toEqual([c.file, []]);
      const entry = cr.spec.receivers[0][c.resource!][0];
      // every rendered field is one of the CRD's (the generated classes would drop an unknown one silently)
      expect([c.file, Object.keys(entry).filter((k) => !crd[c.resource!].includes(k))]).toEqual([c.file, []]);
      expect([c.file, entry.sendResolved]).toEqual([c.file, true]);
      for (const field of c.resourceCredentials) expect([c.file, field, at(entry, field)]).toEqual([c.file, field, { name: expect.any(String), key: expect.any(String) }]);
    }
  });

  test('as an AlertmanagerConfig resource, the integrations the CRD does not have are refused, naming the rendering that has them', () => {
    const missing = CASES.filter((c) => c.resource === undefined);
    expect(missing.map((c) => c.file).sort()).toEqual(['incidentio_configs', 'jira_configs', 'mattermost_configs']);
    for (const c of missing) {
      const name = c.file.replace('_configs', '');
      expect(() => renderResource([c.minimal()])).toThrow(`[shop/Routing] receivers/r ${name}: an AlertmanagerConfig resource cannot hold it, the CRD (Prometheus Operator 0.93 and older) has no receiver field for ${c.file}; add this receiver to the platform's alertmanager.yaml (AlertmanagerConfigSecret) instead`);
    }
  });

  test('no credential reaches the output: the secret scan finds nothing, every Secret is listed for mounting, and the receivers hold only references', () => {
    const app = Testing.app();
    const platform = chart('platform', 'monitoring', app);
    const am = new AlertmanagerConfigSecret(platform, 'Alertmanager', { receiver: 'r0' });
    CASES.forEach((c, i) => am.addReceiver(`r${i}`, { integrations: [c.full(), c.minimal()] }));
    const shop = new MonitoringChart(app, 'shop', { partOf: 'shop', namespace: 'shop' });
    const config = new AlertmanagerConfig(shop, 'Routing', { name: 'routing', receiver: 'r0' });
    CASES.filter((c) => c.resource !== undefined).forEach((c, i) => config.addReceiver(`r${i}`, { integrations: [c.full(), c.minimal()] }));
    const manifests = [...synth(platform), ...synth(shop)];
    expect(manifests.flatMap((m) => SecretScan.scan(m))).toEqual([]);
    const used = ['discord', 'hook', 'incident-io', 'jira', 'mattermost', 'opsgenie', 'pagerduty', 'pushover', 'rocketchat', 'slack', 'smtp', 'teams', 'telegram', 'victorops', 'webex', 'wechat'];
    expect(am.secretsToMount).toEqual(used);
    expect(config.secretNames).toEqual(used.filter((s) => !['incident-io', 'jira', 'mattermost'].includes(s)));
    // every string of the rendered receivers is a reference, a template, a fixture value of the cases or a field of the library
    const file = yaml.load(am.configYaml) as any;
    const credentialKeys = /(?:key|token|secret|password|credentials|url)(?:_file)?$/i;
    const leaks: string[] = [];
    const walk = (value: unknown, where: string) => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}[${i}]`));
      else if (typeof value === 'object' && value !== null) Object.entries(value).forEach(([k, v]) => walk(v, `${where}.${k}`));
      else if (typeof value === 'string' && credentialKeys.test(where.split('.').pop()!) && !/_file$/.test(where) && !/^(?:https?:\/\/|\{\{)/.test(value) && !/routing_key$/.test(where)) leaks.push(`${where}: ${value}`);
    };
    walk(file.receivers, 'receivers');
    expect(leaks).toEqual([]);
  });
});

/** A field newer than the integration itself: the release (and, in a resource, the operator release) that added it. */
interface FieldGate {
  readonly label: string;
  readonly integration: () => Integration;
  /** The alertmanager.yaml field, as amtool 0.25 names it when it does not know it. */
  readonly field: string;
  readonly since: string;
  /** The message prefix of the refusal (`discord content (content)`). */
  readonly feature: string;
}

const FIELD_GATES: FieldGate[] = [
  { label: 'Slack timeout', integration: () => Integration.slack({ apiUrl: secret('slack'), timeout: Duration.seconds(10) }), field: 'timeout', since: '0.30', feature: 'slack timeout' },
  { label: 'Discord content', integration: () => Integration.discord({ webhookUrl: secret('discord'), content: 'c' }), field: 'content', since: '0.28', feature: 'discord content (content)' },
  { label: 'Discord avatarUrl', integration: () => Integration.discord({ webhookUrl: secret('discord'), avatarUrl: 'https://example.com/a.png' }), field: 'avatar_url', since: '0.28', feature: 'discord avatarUrl (avatar_url)' },
  { label: 'Telegram messageThreadId', integration: () => Integration.telegram({ botToken: secret('telegram'), chatId: 1, messageThreadId: 2 }), field: 'message_thread_id', since: '0.28', feature: 'telegram messageThreadId (message_thread_id)' },
  { label: 'Pushover ttl', integration: () => Integration.pushover({ userKey: secret('pushover', 'u'), token: secret('pushover', 't'), ttl: Duration.hours(1) }), field: 'ttl', since: '0.27', feature: 'pushover ttl (ttl)' },
  { label: 'Pushover monospace', integration: () => Integration.pushover({ userKey: secret('pushover', 'u'), token: secret('pushover', 't'), monospace: true }), field: 'monospace', since: '0.29', feature: 'pushover monospace (monospace)' },
  { label: 'Jira apiType', integration: () => Integration.jira({ apiUrl: 'https://jira.example.com/rest/api/2', project: 'OPS', issueType: 'Bug', bearerToken: secret('jira'), apiType: JiraApiType.DATACENTER }), field: 'api_type', since: '0.29', feature: 'jira apiType (api_type)' },
  { label: 'Mattermost title', integration: () => Integration.mattermost({ webhookUrl: secret('mattermost'), title: 't' }), field: 'title', since: '0.32', feature: 'mattermost title' },
];

describe('fields newer than their integration', () => {
  test.each(FIELD_GATES.map((g) => [g.label, g] as const))('%s: accepted from the release that added it, refused just before, unknown to amtool 0.25', (_label, g) => {
    const minor = Number(g.since.split('.')[1]);
    expect('error' in renderFile(AlertmanagerVersion.of(g.since), g.integration())).toBe(false);
    const before = renderFile(AlertmanagerVersion.of(`0.${minor - 1}`), g.integration());
    expect('error' in before ? before.error : 'accepted').toBe(
      `[platform/Alertmanager/receivers/r] ${g.feature} needs Alertmanager ${g.since} or later; the config targets 0.${minor - 1} (alertmanagerVersion, else targetVersions.alertmanager). Set it to AlertmanagerVersion.of('${g.since}') or later if every Alertmanager that loads the file runs it`,
    );
    const newest = renderFile(AlertmanagerVersion.V0_33, g.integration()) as { config: string };
    const [old, lts] = [amtoolCheckConfigs([newest.config], BOOKWORM)[0], amtoolCheckConfigs([newest.config], LTS)[0]];
    expect(lts.ok).toBe(true);
    expect(old.ok).toBe(false);
  });

  test('amtool 0.25 names each field it does not know (the gate is the field, not the rest of the entry)', () => {
    // the fields of integrations 0.25 already has: its refusal names exactly the gated field
    const gates = FIELD_GATES.filter((g) => ['Slack timeout', 'Telegram messageThreadId'].includes(g.label));
    const configs = gates.map((g) => (renderFile(AlertmanagerVersion.V0_33, g.integration()) as { config: string }).config.replace(/bot_token_file: .*\n/, 'bot_token: x\n'));
    const results = amtoolCheckConfigs(configs, BOOKWORM);
    gates.forEach((g, i) => expect(results[i].output).toContain(`field ${g.field} not found`));
  });
});

describe('AlertmanagerConfig resources follow the target releases', () => {
  const teams = () => Integration.msTeamsV2({ webhookUrl: secret('teams', 'url') });

  test('a receiver field the targeted operator\'s CRD does not have is refused, naming the release that added it', () => {
    const cases: Array<[string, () => Integration, string, string]> = [
      ['0.81', teams, 'msteamsv2 (msteamsv2Configs)', '0.82'],
      ['0.84', () => Integration.rocketChat({ token: secret('rc', 't'), tokenId: secret('rc', 'i') }), 'rocketchat (rocketchatConfigs)', '0.85'],
      ['0.66', () => Integration.discord({ webhookUrl: secret('discord') }), 'discord (discordConfigs)', '0.67'],
      ['0.81', () => Integration.discord({ webhookUrl: secret('discord'), username: 'am' }), 'discord username', '0.82'],
      ['0.67', () => Integration.webex({ roomId: 'r', botToken: secret('webex') }), 'webex (webexConfigs)', '0.68'],
      ['0.68', () => Integration.msTeams({ webhookUrl: secret('teams') }), 'msteams (msteamsConfigs)', '0.69'],
      ['0.72', () => Integration.msTeams({ webhookUrl: secret('teams'), summary: 's' }), 'msteams summary', '0.73'],
      ['0.78', () => Integration.telegram({ botToken: secret('telegram'), chatId: 1, messageThreadId: 2 }), 'telegram messageThreadId', '0.79'],
      ['0.69', () => Integration.pushover({ userKey: secret('p', 'u'), token: secret('p', 't'), device: 'd' }), 'pushover device', '0.70'],
      ['0.74', () => Integration.pushover({ userKey: secret('p', 'u'), token: secret('p', 't'), ttl: Duration.hours(1) }), 'pushover ttl', '0.75'],
      ['0.86', () => Integration.pushover({ userKey: secret('p', 'u'), token: secret('p', 't'), monospace: true }), 'pushover monospace', '0.87'],
      ['0.87', () => Integration.slack({ apiUrl: secret('slack'), timeout: Duration.seconds(5) }), 'slack timeout (slackConfigs timeout)', '0.88'],
    ];
    for (const [target, integration, feature, needed] of cases) {
      expect(() => renderResource([integration()], { prometheusOperator: PrometheusOperatorVersion.of(target) })).toThrow(
        `[shop/Routing] receivers/r ${feature} needs Prometheus Operator ${needed} or later, whose AlertmanagerConfig CRD adds it; the chart targets ${target} (targetVersions.prometheusOperator). Set it to PrometheusOperatorVersion.of('${needed}') or later if every cluster runs it, or add the receiver to the platform's alertmanager.yaml (AlertmanagerConfigSecret)`,
      );
      expect(crdSchemaErrors(renderResource([integration()], { prometheusOperator: PrometheusOperatorVersion.of(needed) }))).toEqual([]);
    }
  });

  test('a field the targeted Alertmanager does not read is refused too (the operator would drop it, or reject the resource)', () => {
    expect(() => renderResource([teams()], { alertmanager: AlertmanagerVersion.V0_27 })).toThrow(
      "[shop/Routing] receivers/r msteamsv2 (msteamsv2Configs) needs Alertmanager 0.28 or later; the config targets 0.27 (targetVersions.alertmanager; the operator drops the field, or rejects the resource, for an older Alertmanager). Set it to AlertmanagerVersion.of('0.28') or later if every Alertmanager the operator configures runs it",
    );
    expect(() => renderResource([Integration.slack({ apiUrl: secret('slack'), timeout: Duration.seconds(5) })], { alertmanager: AlertmanagerVersion.of('0.29') })).toThrow('receivers/r slack timeout needs Alertmanager 0.30 or later; the config targets 0.29');
    // a credential read from a file in alertmanager.yaml is a Secret key selector in a resource: no release needed for it
    expect(renderResource([Integration.weChat({ apiSecret: secret('wechat'), corpId: 'c' })], { alertmanager: AlertmanagerVersion.V0_25 }).spec.receivers[0].wechatConfigs[0].apiSecret).toEqual({ name: 'wechat', key: 'key' });
  });

  test('the app declares the targets once; a chart replaces them field by field', () => {
    const synthApp = (chartTargets?: { prometheusOperator: PrometheusOperatorVersion }) => {
      const app = new MonitoringApp({ targetVersions: { prometheusOperator: PrometheusOperatorVersion.V0_80, alertmanager: AlertmanagerVersion.V0_28 } });
      const scope = new MonitoringChart(app, 'shop', { partOf: 'shop', namespace: 'shop', targetVersions: chartTargets });
      new AlertmanagerConfig(scope, 'Routing', { receiver: 'r' }).addReceiver('r', { integrations: [teams()] });
      return () => synth(scope);
    };
    expect(synthApp()).toThrow('[shop/Routing] receivers/r msteamsv2 (msteamsv2Configs) needs Prometheus Operator 0.82 or later, whose AlertmanagerConfig CRD adds it; the chart targets 0.80');
    // the chart's operator target replaces the app's; the app's Alertmanager target (0.28) still holds, and is enough
    expect(synthApp({ prometheusOperator: PrometheusOperatorVersion.V0_93 })).not.toThrow();
  });
});

/** Adds `integration` to a receiver "team" of an alertmanager.yaml config at `platform/Alertmanager`. */
function inReceiver(integration: Integration) {
  const am = new AlertmanagerConfigSecret(chart('platform', 'monitoring'), 'Alertmanager', { receiver: 'team' });
  return am.addReceiver('team', { integrations: [integration] });
}

const PATH = '[platform/Alertmanager] receiver "team" integrations[0]: ';
const NOT_A_REF = 'must be a SecretRef (SecretRef.fromSecret(name, key) or SecretRef.fromFile(path)), so that no credential is written to the output; received';
const js = (v: unknown) => v as any;

describe('rejections', () => {
  test('a missing credential or required field names the field', () => {
    const missing: Array<[() => Integration, string]> = [
      [() => Integration.msTeams(js({})), `webhookUrl: ${NOT_A_REF} "undefined"`],
      [() => Integration.msTeamsV2(js({ title: 'T' })), `webhookUrl: ${NOT_A_REF} "undefined"`],
      [() => Integration.discord(js({})), `webhookUrl: ${NOT_A_REF} "undefined"`],
      [() => Integration.telegram(js({ botToken: secret('t') })), 'chatId: must be an integer from -9007199254740991 to 9007199254740991 (a Telegram chat id); received undefined'],
      [() => Integration.telegram(js({ chatId: 1 })), `botToken: ${NOT_A_REF} "undefined"`],
      [() => Integration.webex(js({ botToken: secret('w') })), "roomId: must be a string, e.g. 'Y2lzY29zcGFyazovL3VzL1JPT00v...'; received undefined"],
      [() => Integration.webex(js({ roomId: 'r' })), `botToken: ${NOT_A_REF} "undefined"`],
      [() => Integration.sns({}), 'topicArn: give exactly one of topicArn, phoneNumber and targetArn (where SNS delivers); received none'],
      [() => Integration.jira(js({ apiUrl: 'https://jira.example.com', issueType: 'Bug', bearerToken: secret('j') })), "project: must be a string, e.g. 'OPS'; received undefined"],
      [() => Integration.jira(js({ apiUrl: 'https://jira.example.com', project: 'OPS', bearerToken: secret('j') })), "issueType: must be a string, e.g. 'Bug'; received undefined"],
      [() => Integration.jira({ apiUrl: 'https://jira.example.com', project: 'OPS', issueType: 'Bug' }), 'bearerToken: give either username and apiToken (basic authentication, Atlassian Cloud) or bearerToken (a personal access token); Jira refuses anonymous requests'],
      [() => Integration.jira({ apiUrl: 'https://jira.example.com', project: 'OPS', issueType: 'Bug', username: 'a@example.com' }), 'apiToken: required with username (basic authentication)'],
      [() => Integration.rocketChat(js({ token: secret('r') })), `tokenId: ${NOT_A_REF} "undefined"`],
      [() => Integration.pushover(js({ userKey: secret('p') })), `token: ${NOT_A_REF} "undefined"`],
      [() => Integration.victorOps(js({ apiKey: secret('v') })), "routingKey: must be a string, e.g. 'database'; received undefined"],
      [() => Integration.weChat(js({ apiSecret: secret('w') })), "corpId: must be a string, e.g. 'ww0123456789abcdef'; received undefined"],
      [() => Integration.incidentIo(js({ url: 'https://api.incident.io/v2/alert_events/http/x' })), `alertSourceToken: ${NOT_A_REF} "undefined"`],
      [() => Integration.incidentIo(js({ alertSourceToken: secret('i') })), 'url: give exactly one of url (the alert source URL) and urlSecret (a SecretRef)'],
      [() => Integration.mattermost(js({})), `webhookUrl: ${NOT_A_REF} "undefined"`],
      [() => Integration.pagerDuty({}), 'routingKey: give exactly one of routingKey (Events API v2) and serviceKey (Events API v1)'],
    ];
    for (const [integration, message] of missing) expect(() => inReceiver(integration())).toThrow(PATH + message);
  });

  test('a credential given as a plain string (plain JavaScript) is refused, and the error does not repeat it', () => {
    const token = ['xox' + 'b', '2841739562', '4827163950', 'aB3dE5fG7hI9jK1lM3nO5pQ7'].join('-');
    const plain = token as unknown as SecretRef;
    const cases: Array<[string, () => Integration]> = [
      ['webhookUrl', () => Integration.msTeams({ webhookUrl: plain })],
      ['webhookUrl', () => Integration.msTeamsV2({ webhookUrl: plain })],
      ['webhookUrl', () => Integration.discord({ webhookUrl: plain })],
      ['botToken', () => Integration.telegram({ botToken: plain, chatId: 1 })],
      ['botToken', () => Integration.webex({ roomId: 'r', botToken: plain })],
      ['accessKey', () => Integration.sns({ topicArn: 'arn:aws:sns:eu-west-1:123456789012:a', accessKey: plain, secretKey: secret('aws') })],
      ['secretKey', () => Integration.sns({ topicArn: 'arn:aws:sns:eu-west-1:123456789012:a', accessKey: secret('aws'), secretKey: plain })],
      ['apiToken', () => Integration.jira({ apiUrl: 'https://jira.example.com', project: 'P', issueType: 'Bug', username: 'u', apiToken: plain })],
      ['bearerToken', () => Integration.jira({ apiUrl: 'https://jira.example.com', project: 'P', issueType: 'Bug', bearerToken: plain })],
      ['token', () => Integration.rocketChat({ token: plain, tokenId: secret('r') })],
      ['tokenId', () => Integration.rocketChat({ token: secret('r'), tokenId: plain })],
      ['userKey', () => Integration.pushover({ userKey: plain, token: secret('p') })],
      ['token', () => Integration.pushover({ userKey: secret('p'), token: plain })],
      ['apiKey', () => Integration.victorOps({ apiKey: plain, routingKey: 'db' })],
      ['apiSecret', () => Integration.weChat({ apiSecret: plain, corpId: 'c' })],
      ['alertSourceToken', () => Integration.incidentIo({ url: 'https://api.incident.io/v2/alert_events/http/x', alertSourceToken: plain })],
      ['urlSecret', () => Integration.incidentIo({ urlSecret: plain, alertSourceToken: secret('i') })],
      ['webhookUrl', () => Integration.mattermost({ webhookUrl: plain })],
      ['serviceKey', () => Integration.pagerDuty({ serviceKey: plain })],
    ];
    for (const [field, integration] of cases) {
      let message = '';
      try {
        inReceiver(integration());
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toBe(`${PATH}${field}: ${NOT_A_REF} a plain string`);
      expect(message).not.toContain(token.slice(5));
    }
  });

  test('a release too old for the integration names the release it needs', () => {
    const at = (version: string, integration: Integration) => {
      const out = renderFile(AlertmanagerVersion.of(version), integration);
      return 'error' in out ? out.error : 'accepted';
    };
    const hint = (needed: string) => `(alertmanagerVersion, else targetVersions.alertmanager). Set it to AlertmanagerVersion.of('${needed}') or later if every Alertmanager that loads the file runs it`;
    expect(at('0.27', Integration.msTeamsV2({ webhookUrl: secret('t') }))).toBe(`[platform/Alertmanager/receivers/r] msteamsv2 (msteamsv2_configs) needs Alertmanager 0.28 or later; the config targets 0.27 ${hint('0.28')}`);
    expect(at('0.26', Integration.msTeams({ webhookUrl: secret('t') }))).toBe(`[platform/Alertmanager/receivers/r] msteams webhookUrl (webhook_url_file) needs Alertmanager 0.27 or later; the config targets 0.26 ${hint('0.27')}`);
    expect(at('0.30', Integration.weChat({ apiSecret: secret('w'), corpId: 'c' }))).toBe(`[platform/Alertmanager/receivers/r] wechat apiSecret (api_secret_file) needs Alertmanager 0.31 or later; the config targets 0.30 ${hint('0.31')}`);
    expect(at('0.29', Integration.mattermost({ webhookUrl: secret('m') }))).toBe(`[platform/Alertmanager/receivers/r] mattermost (mattermost_configs) needs Alertmanager 0.30 or later; the config targets 0.29 ${hint('0.30')}`);
    expect(at('0.28', Integration.incidentIo({ url: 'https://api.incident.io/v2/alert_events/http/x', alertSourceToken: secret('i') }))).toContain('incidentio (incidentio_configs) needs Alertmanager 0.29 or later; the config targets 0.28');
    expect(at('0.27', Integration.jira({ apiUrl: 'https://jira.example.com', project: 'P', issueType: 'Bug', bearerToken: secret('j') }))).toContain('jira (jira_configs) needs Alertmanager 0.28 or later; the config targets 0.27');
    expect(at('0.27', Integration.rocketChat({ token: secret('r'), tokenId: secret('r') }))).toContain('rocketchat (rocketchat_configs) needs Alertmanager 0.28 or later; the config targets 0.27');
    expect(at('0.26', Integration.discord({ webhookUrl: secret('d') }))).toContain('discord webhookUrl (webhook_url_file) needs Alertmanager 0.27 or later; the config targets 0.26');
    expect(at('0.25', Integration.telegram({ botToken: secret('t'), chatId: 1 }))).toContain('telegram botToken (bot_token_file) needs Alertmanager 0.26 or later; the config targets 0.25');
    expect(at('0.25', Integration.pushover({ userKey: secret('p'), token: secret('p') }))).toContain('pushover userKey, token (user_key_file, token_file) needs Alertmanager 0.26 or later; the config targets 0.25');
  });

  test('a duration that cannot be written names its field', () => {
    expect(() => inReceiver(Integration.pushover({ userKey: secret('p'), token: secret('p'), ttl: Duration.millis(1.5) }))).toThrow(`${PATH}ttl: duration must be a whole, non-negative number of milliseconds; received 1.5ms`);
    expect(() => inReceiver(Integration.slack({ apiUrl: secret('s'), timeout: js('10s') }))).toThrow(`${PATH}timeout: must be a Duration`);
  });

  test('SNS static keys have no file form in alertmanager.yaml: refused there, Secret key selectors in a resource', () => {
    const sns = () => Integration.sns({ topicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts', region: 'eu-west-1', accessKey: secret('aws', 'id'), secretKey: secret('aws', 'secret') });
    expect(renderFile(AlertmanagerVersion.V0_33, sns())).toEqual({
      error: '[platform/Alertmanager/receivers/r] accessKey, secretKey: alertmanager.yaml has no file form for a static AWS key (sigv4 access_key and secret_key, up to Alertmanager 0.33), so it would be written in plain text; give the Alertmanager pod AWS credentials (IAM roles for service accounts, or roleArn), or declare this receiver in an AlertmanagerConfig resource, which reads the key from its Secret',
    });
    // amtool 0.33 has no such field indeed
    const raw = yaml.dump({ route: { receiver: 'r' }, receivers: [{ name: 'r', sns_configs: [{ topic_arn: 'arn:aws:sns:eu-west-1:123456789012:alerts', sigv4: { access_key_file: '/k', secret_key_file: '/s' } }] }] });
    expect(amtoolCheckConfigs([raw], LTS)[0].output).toContain('field access_key_file not found');
    const cr = renderResource([sns()]);
    expect(crdSchemaErrors(cr)).toEqual([]);
    expect(cr.spec.receivers[0].snsConfigs[0].sigv4).toEqual({ region: 'eu-west-1', accessKey: { name: 'aws', key: 'id' }, secretKey: { name: 'aws', key: 'secret' } });
    expect(() => inReceiver(Integration.sns({ topicArn: 'arn:aws:sns:eu-west-1:123456789012:a', accessKey: secret('aws') }))).toThrow(`${PATH}secretKey: give accessKey and secretKey together (a static AWS key), or neither (the pod's credentials)`);
  });

  test('a file reference is refused in a resource, which reads Secrets only', () => {
    expect(() => renderResource([Integration.msTeamsV2({ webhookUrl: SecretRef.fromFile('/var/run/teams/url') })])).toThrow(
      '[shop/Routing] receivers/r webhookUrl: an AlertmanagerConfig resource takes credentials from a Secret in its namespace (SecretRef.fromSecret(name, key)); received the file reference "/var/run/teams/url"',
    );
  });
});

/**
 * The library's checks that are Alertmanager's own: each input, refused by the library, is refused by amtool
 * 0.33.1 when written by hand in alertmanager.yaml (the checks are in config/notifiers.go and notify/*).
 */
const MIRRORED: Array<{ label: string; build: () => Integration; message: string; raw: { [list: string]: unknown } }> = [
  { label: 'SNS without target', build: () => Integration.sns({ subject: 's' }), message: 'topicArn: give exactly one of topicArn, phoneNumber and targetArn', raw: { sns_configs: [{ subject: 's' }] } },
  { label: 'Telegram parse mode', build: () => Integration.telegram({ botToken: secret('t'), chatId: 1, parseMode: js('markdown') }), message: 'parseMode: must be TelegramParseMode.HTML, TelegramParseMode.MARKDOWN, TelegramParseMode.MARKDOWN_V2; received "markdown"', raw: { telegram_configs: [{ bot_token_file: '/t', chat_id: 1, parse_mode: 'markdown' }] } },
  { label: 'Telegram chat 0', build: () => Integration.telegram({ botToken: secret('t'), chatId: 0 }), message: 'chatId: must not be 0 (Alertmanager reads 0 as no chat); received 0', raw: { telegram_configs: [{ bot_token_file: '/t', chat_id: 0 }] } },
  { label: 'Webex without room', build: () => Integration.webex({ roomId: ' ', botToken: secret('w') }), message: 'roomId: must not be empty (Alertmanager refuses a webex_config without room_id)', raw: { webex_configs: [{ http_config: { authorization: { credentials_file: '/w' } } }] } },
  { label: 'Jira API type', build: () => Integration.jira({ apiUrl: 'https://jira.example.com', project: 'P', issueType: 'Bug', bearerToken: secret('j'), apiType: js('server') }), message: 'apiType: must be JiraApiType.AUTO, JiraApiType.CLOUD, JiraApiType.DATACENTER; received "server"', raw: { jira_configs: [{ api_url: 'https://jira.example.com', project: 'P', issue_type: 'Bug', api_type: 'server' }] } },
  { label: 'Jira without project', build: () => Integration.jira({ apiUrl: 'https://jira.example.com', project: '', issueType: 'Bug', bearerToken: secret('j') }), message: 'project: must not be empty (Alertmanager refuses a jira_config without project)', raw: { jira_configs: [{ api_url: 'https://jira.example.com', issue_type: 'Bug' }] } },
  { label: 'WeChat message type', build: () => Integration.weChat({ apiSecret: secret('w'), corpId: 'c', messageType: js('html') }), message: 'messageType: must be WeChatMessageType.TEXT, WeChatMessageType.MARKDOWN; received "html"', raw: { wechat_configs: [{ api_secret_file: '/w', corp_id: 'c', message_type: 'html' }] } },
  { label: 'WeChat without corp id', build: () => Integration.weChat({ apiSecret: secret('w'), corpId: '' }), message: 'corpId: must not be empty (Alertmanager refuses a wechat_config without corp_id)', raw: { wechat_configs: [{ api_secret_file: '/w' }] } },
  { label: 'VictorOps reserved field', build: () => Integration.victorOps({ apiKey: secret('v'), routingKey: 'db', customFields: { entity_state: 'x' } }), message: 'customFields: "entity_state" is set by Alertmanager itself', raw: { victorops_configs: [{ api_key_file: '/v', routing_key: 'db', custom_fields: { entity_state: 'x' } }] } },
  { label: 'VictorOps without routing key', build: () => Integration.victorOps({ apiKey: secret('v'), routingKey: '' }), message: 'routingKey: must not be empty (Alertmanager refuses a victorops_config without routing_key)', raw: { victorops_configs: [{ api_key_file: '/v' }] } },
  { label: 'Pushover html and monospace', build: () => Integration.pushover({ userKey: secret('p'), token: secret('p'), html: true, monospace: true }), message: 'monospace: not with html (Alertmanager accepts one of them)', raw: { pushover_configs: [{ user_key_file: '/u', token_file: '/t', html: true, monospace: true }] } },
  { label: 'incident.io url and url_file', build: () => Integration.incidentIo({ url: 'https://api.incident.io/v2/alert_events/http/x', urlSecret: secret('i'), alertSourceToken: secret('i') }), message: 'url: give exactly one of url (the alert source URL) and urlSecret (a SecretRef)', raw: { incidentio_configs: [{ url: 'https://api.incident.io/v2/alert_events/http/x', url_file: '/u', alert_source_token_file: '/t' }] } },
  { label: 'PagerDuty without key', build: () => Integration.pagerDuty({ description: 'd' }), message: 'routingKey: give exactly one of routingKey (Events API v2) and serviceKey (Events API v1)', raw: { pagerduty_configs: [{ description: 'd' }] } },
];

describe("the library's checks that are Alertmanager's", () => {
  test.each(MIRRORED.map((m) => [m.label, m] as const))('%s: refused by the library and by amtool 0.33.1', (_label, m) => {
    expect(() => inReceiver(m.build())).toThrow(PATH + m.message);
    const raw = yaml.dump({ route: { receiver: 'r' }, receivers: [{ name: 'r', ...m.raw }] });
    expect(amtoolCheckConfigs([raw], LTS)[0].ok).toBe(false);
  });
});

describe('the library\'s stricter checks (Alertmanager loads them; the service refuses or misroutes them when it sends)', () => {
  test.each([
    ['an SNS phone number not in E.164', () => Integration.sns({ phoneNumber: '555-1234' }), 'phoneNumber: must be an E.164 phone number (+ and 7 to 15 digits, e.g. +15551234567) or a template; received "555-1234"'],
    ['an SNS topic that is not an ARN', () => Integration.sns({ topicArn: 'alerts' }), 'topicArn: must be an SNS ARN, arn:aws:sns:<region>:<account id>:<name>, or a template; received "alerts"'],
    ['two SNS targets', () => Integration.sns({ topicArn: 'arn:aws:sns:eu-west-1:123456789012:a', phoneNumber: '+15551234567' }), 'topicArn: give exactly one of topicArn, phoneNumber and targetArn (where SNS delivers); received topicArn and phoneNumber'],
    ['a Pushover retry under 30s', () => Integration.pushover({ userKey: secret('p'), token: secret('p'), retry: Duration.seconds(10) }), 'retry: must be at least 30 seconds (Pushover refuses the notification otherwise); received 10s'],
    ['a Pushover expire over 3h', () => Integration.pushover({ userKey: secret('p'), token: secret('p'), expire: Duration.hours(4) }), 'expire: must be more than 0 and at most 3 hours (Pushover refuses the notification otherwise); received 4h'],
    ['a Pushover priority of 3', () => Integration.pushover({ userKey: secret('p'), token: secret('p'), priority: '3' }), 'priority: Pushover accepts -2, -1, 0, 1 or 2 (or a template); received "3"'],
    ['a VictorOps message type', () => Integration.victorOps({ apiKey: secret('v'), routingKey: 'db', messageType: 'PAGE' }), 'messageType: VictorOps accepts CRITICAL, WARNING, INFO, ACKNOWLEDGEMENT, RECOVERY (or a template); received "PAGE"'],
    ['a Telegram topic 0', () => Integration.telegram({ botToken: secret('t'), chatId: 1, messageThreadId: 0 }), 'messageThreadId: must be an integer from 1 to 2147483647 (a forum topic id); received 0'],
    ['a Telegram chat id of 1.5', () => Integration.telegram({ botToken: secret('t'), chatId: 1.5 }), 'chatId: must be an integer from -9007199254740991 to 9007199254740991 (a Telegram chat id); received 1.5'],
    ['an empty Teams title', () => Integration.msTeamsV2({ webhookUrl: secret('t'), title: '' }), 'title: must not be empty; leave it out for the default'],
    ['a Rocket.Chat button with url and msg', () => Integration.rocketChat({ token: secret('r'), tokenId: secret('r'), actions: [{ text: 'x', url: 'https://x.example.com', msg: 'y' }] }), 'actions[0]: give exactly one of url (a link) and msg (a message the button posts)'],
    ['a Rocket.Chat channel with a space', () => Integration.rocketChat({ token: secret('r'), tokenId: secret('r'), channel: '#my alerts' }), 'channel: must be a Rocket.Chat channel (#name) or user (@name) without white space; received "#my alerts"'],
    ['a Mattermost channel display name', () => Integration.mattermost({ webhookUrl: secret('m'), channel: 'Town Square' }), "channel: must be a Mattermost channel name (lower-case letters, digits, '-' and '_', as in the channel's URL), or a template; received \"Town Square\""],
    ['a Discord avatar that is not a URL', () => Integration.discord({ webhookUrl: secret('d'), avatarUrl: 'avatar.png' }), 'avatarUrl: must be an http(s) URL without credentials (user:password@) or white space; received "avatar.png"'],
    ['a PagerDuty v1 key with a v2 severity', () => Integration.pagerDuty({ serviceKey: secret('pd'), severity: 'critical' }), 'severity: an Events API v2 field, which Alertmanager ignores with serviceKey (Events API v1); remove it, or use a routingKey; received "critical"'],
    ['both PagerDuty keys', () => Integration.pagerDuty({ serviceKey: secret('pd'), routingKey: secret('pd') }), 'routingKey: give exactly one of routingKey (Events API v2) and serviceKey (Events API v1)'],
    ['a Jira reopen duration that is not a Duration', () => Integration.jira({ apiUrl: 'https://jira.example.com', project: 'P', issueType: 'Bug', bearerToken: secret('j'), reopenDuration: js('7d') }), 'reopenDuration: must be a Duration'],
  ] as const)('%s', (_label, build, message) => {
    expect(() => inReceiver(build())).toThrow(PATH + message);
  });
});

describe('PagerDuty Events API v1 (serviceKey)', () => {
  test('renders service_key_file / serviceKey; both amtools load it; the resource matches the CRD', () => {
    const pd = () => Integration.pagerDuty({ serviceKey: secret('festivals-pagerduty', 'service-key'), description: '{{ .CommonAnnotations.summary }}', sendResolved: true });
    const file = renderFile(AlertmanagerVersion.V0_25, pd()) as { config: string; entry: any };
    expect(file.entry.pagerduty_configs[0]).toEqual({ service_key_file: '/etc/alertmanager/secrets/festivals-pagerduty/service-key', description: '{{ .CommonAnnotations.summary }}', send_resolved: true });
    expect(TOOL_VERSIONS.map((t) => amtoolCheckConfigs([file.config], t)[0].ok)).toEqual([true, true]);
    const cr = renderResource([pd()]);
    expect(crdSchemaErrors(cr)).toEqual([]);
    expect(cr.spec.receivers[0].pagerdutyConfigs[0]).toEqual({ serviceKey: { name: 'festivals-pagerduty', key: 'service-key' }, description: '{{ .CommonAnnotations.summary }}', sendResolved: true });
  });
});

describe('defaults and paging', () => {
  test('chat integrations default to the library templates; the others keep Alertmanager\'s', () => {
    const title = '{{ template "observability.title" . }}';
    const text = '{{ template "observability.text" . }}';
    const file = renderFile(AlertmanagerVersion.V0_33, ...CASES.map((c) => c.minimal())) as { entry: any };
    expect(file.entry.msteamsv2_configs[0]).toEqual({ webhook_url_file: '/etc/alertmanager/secrets/teams/workflow-url', title, text });
    expect(file.entry.msteams_configs[0]).toMatchObject({ title, text });
    expect(file.entry.discord_configs[0]).toMatchObject({ title, message: text });
    expect(file.entry.rocketchat_configs[0]).toMatchObject({ title, text });
    expect(file.entry.pushover_configs[0]).toMatchObject({ title, message: text });
    expect(file.entry.mattermost_configs[0]).toMatchObject({ text });
    expect(file.entry.victorops_configs[0]).toMatchObject({ entity_display_name: '{{ template "observability.pager_description" . }}', state_message: text });
    // Telegram's and Webex's messages follow their markup: Alertmanager's defaults are left in place
    expect(file.entry.telegram_configs[0]).toEqual({ bot_token_file: '/etc/alertmanager/secrets/telegram/token', chat_id: 12345 });
    expect(Object.keys(file.entry.webex_configs[0]).sort()).toEqual(['http_config', 'room_id']);
  });

  test('what pages is dropped where paging is off, and replaced by the receiver\'s whenPagingDisabled', () => {
    const paging = CASES.filter((c) => c.full().paging).map((c) => c.file).sort();
    expect(paging).toEqual(['incidentio_configs', 'opsgenie_configs', 'pagerduty_configs', 'pushover_configs', 'victorops_configs']);
    expect([Integration.sns({ phoneNumber: '+15551234567' }).paging, Integration.sns({ topicArn: 'arn:aws:sns:eu-west-1:123456789012:a' }).paging]).toEqual([true, false]);
    const am = new AlertmanagerConfigSecret(chart('platform', 'monitoring'), 'Alertmanager', { receiver: 'r', paging: false });
    am.addReceiver('r', {
      integrations: [Integration.pushover({ userKey: secret('p'), token: secret('p') }), Integration.sns({ phoneNumber: '+15551234567' }), Integration.victorOps({ apiKey: secret('v'), routingKey: 'db' })],
      whenPagingDisabled: [Integration.msTeamsV2({ webhookUrl: secret('teams') })],
    });
    expect(Object.keys((yaml.load(am.configYaml) as any).receivers[0]).sort()).toEqual(['msteamsv2_configs', 'name']);
  });

  test('templated fields are checked when the receiver is added', () => {
    expect(() => inReceiver(Integration.msTeamsV2({ webhookUrl: secret('t'), text: '{{ .CommonLabels.team | trimSpace }}' }))).toThrow(
      '[platform/Alertmanager] receiver "team" integrations[0].text (msteamsv2_configs): invalid notification template: function "trimSpace" not defined in Alertmanager 0.25',
    );
    expect(() => inReceiver(Integration.victorOps({ apiKey: secret('v'), routingKey: '{{ .CommonLabels.team', customFields: {} }))).toThrow('receiver "team" integrations[0].routingKey (victorops_configs): invalid notification template');
  });
});
