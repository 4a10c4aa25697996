import { Duration, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { SecretRef } from '../../lib';
import { AlertmanagerConfig, AlertmanagerConfigSecret, AlertmanagerVersion, Integration, Matcher, TimePeriod } from '../../lib/alertmanager';
import { one, synth } from '../util/synth';
import { checkConfigSecret, configOf } from './amtool';
import { amtoolRoutesTest as routesTest } from '../util/tools';
import { chart, pagerDuty, slack } from './fixtures';

/** A platform config with its own routes and one application (erp) included. */
function platform(props: { paging?: boolean; version?: AlertmanagerVersion } = {}) {
  const app = Testing.app();
  const erpChart = chart('erp', 'erp', app);
  const erp = new AlertmanagerConfig(erpChart, 'Routing', { name: 'erp', receiver: 'erp-default', groupBy: ['alertname'] });
  erp.addReceiver('erp-default', { integrations: [slack('#erp-alerts')] });
  erp.addReceiver('pagerduty-database', { integrations: [pagerDuty()], whenPagingDisabled: [slack('#erp-database-pages')] });
  erp.addReceiver('slack-database', { integrations: [slack('#erp-database')] });
  const hours = erp.addTimeInterval('business-hours', { periods: [TimePeriod.businessHours()] });
  erp.route.addRoute({ matchers: [Matcher.eq('severity', 'critical'), Matcher.eq('team', 'database')], receiver: 'pagerduty-database', continue: true });
  erp.route.addRoute({ matchers: [Matcher.eq('team', 'database')], receiver: 'slack-database', muteTimeIntervals: [hours] });
  erp.addInhibitRule({ source: [Matcher.eq('severity', 'critical')], target: [Matcher.eq('severity', 'warning')], equal: ['alertname'] });
  erp.expectRoute({ severity: 'critical', team: 'database' }, ['pagerduty-database', 'slack-database']);
  erp.expectRoute({ severity: 'warning', team: 'mobile' }, ['erp-default']);

  const scope = chart('platform', 'monitoring', app);
  const am = new AlertmanagerConfigSecret(scope, 'Alertmanager', {
    receiver: 'platform-default',
    groupBy: ['alertname', 'namespace'],
    repeatInterval: Duration.hours(4),
    paging: props.paging,
    alertmanagerVersion: props.version,
  });
  am.addReceiver('platform-default', { integrations: [slack('#platform')] });
  am.addReceiver('platform-oncall', {
    integrations: [
      Integration.opsgenie({ apiKey: SecretRef.fromSecret('opsgenie', 'api-key') }),
      Integration.email({ to: 'ops@example.com', from: 'alertmanager@example.com', smarthost: 'smtp.example.com:587', authUsername: 'am', authPassword: SecretRef.fromSecret('smtp', 'password') }),
    ],
  });
  am.addReceiver('watchdog');
  am.route.addRoute({ matchers: [Matcher.eq('alertname', 'Watchdog')], receiver: 'watchdog' });
  am.route.addRoute({ matchers: [Matcher.eq('severity', 'critical'), Matcher.regex('namespace', 'monitoring|kube-system')], receiver: 'platform-oncall' });
  am.addInhibitRule({ source: [Matcher.eq('alertname', 'ClusterDown')], target: [Matcher.regex('alertname', '.+')], equal: ['cluster'] });
  am.expectRoute({ alertname: 'Watchdog' }, ['watchdog']);
  am.expectRoute({ severity: 'critical', namespace: 'kube-system' }, ['platform-oncall']);
  am.addApplication(erp);
  return { am, scope, erp };
}

describe('AlertmanagerConfigSecret (alertmanager.yaml rendering)', () => {
  test('renders a Secret with the config and the template file, named for spec.configSecret', () => {
    const { am, scope } = platform();
    const secret = one(synth(scope), 'Secret', 'alertmanager-main');
    expect(am.configSecretName).toBe('alertmanager-main');
    expect(secret.metadata.namespace).toBe('monitoring');
    expect(Object.keys(secret.stringData).sort()).toEqual(['alertmanager.yaml', 'observability.tmpl']);
    expect(secret.data).toBeUndefined();
    expect(secret.metadata.annotations).toEqual({
      'observability.cdk8s.io/alertmanager-config-secret': 'alertmanager-main',
      'observability.cdk8s.io/alertmanager-spec-secrets': 'opsgenie,pagerduty,slack-webhook,smtp',
    });
    expect(am.secretsToMount).toEqual(['opsgenie', 'pagerduty', 'slack-webhook', 'smtp']);
  });

  test('credentials are *_file paths under /etc/alertmanager/secrets', () => {
    const { scope } = platform();
    const config = yaml.load(configOf(one(synth(scope), 'Secret'))) as any;
    const byName = Object.fromEntries(config.receivers.map((r: any) => [r.name, r]));
    expect(byName['platform-default'].slack_configs[0].api_url_file).toBe('/etc/alertmanager/secrets/slack-webhook/url');
    expect(byName['platform-oncall'].opsgenie_configs[0].api_key_file).toBe('/etc/alertmanager/secrets/opsgenie/api-key');
    expect(byName['platform-oncall'].email_configs[0].auth_password_file).toBe('/etc/alertmanager/secrets/smtp/password');
    expect(byName['erp/erp/pagerduty-database'].pagerduty_configs[0].routing_key_file).toBe('/etc/alertmanager/secrets/pagerduty/routing-key');
    expect(config.templates).toEqual(['/etc/alertmanager/config/*.tmpl']);
    expect(config.global).toEqual({ resolve_timeout: '5m' });
  });

  test('hangs the application under the root with a namespace matcher and continue, as the operator does', () => {
    const { scope } = platform();
    const config = yaml.load(configOf(one(synth(scope), 'Secret'))) as any;
    expect(config.route.routes[0]).toMatchObject({
      receiver: 'erp/erp/erp-default',
      matchers: ['namespace="erp"'],
      continue: true,
      group_by: ['alertname'],
    });
    expect(config.route.routes[0].routes[1]).toEqual({ receiver: 'erp/erp/slack-database', matchers: ['team="database"'], mute_time_intervals: ['erp/erp/business-hours'] });
    expect(config.route.routes.slice(1).map((r: any) => r.receiver)).toEqual(['watchdog', 'platform-oncall']);
    expect(config.inhibit_rules[0]).toEqual({ source_matchers: ['namespace="erp"', 'severity="critical"'], target_matchers: ['namespace="erp"', 'severity="warning"'], equal: ['alertname'] });
    expect(config.time_intervals.map((t: any) => t.name)).toEqual(['erp/erp/business-hours']);
  });

  test('amtool check-config accepts the rendered config and its templates', () => {
    const result = checkConfigSecret(one(synth(platform().scope), 'Secret'));
    expect(result.output).toMatch(/SUCCESS/);
    expect(result).toMatchObject({ ok: true });
    expect(result.output).toMatch(/1 templates/);
  });

  test('amtool check-config rejects a broken config (the check can fail)', () => {
    const secret = one(synth(platform().scope), 'Secret');
    const broken = { ...secret, stringData: { ...secret.stringData, 'alertmanager.yaml': configOf(secret).replace('receiver: watchdog', 'receiver: nobody') } };
    const result = checkConfigSecret(broken);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/undefined receiver "nobody"/);
  });

  test('every routing expectation (platform and application ones) holds in amtool', () => {
    const { am, scope } = platform();
    const config = configOf(one(synth(scope), 'Secret'));
    expect(am.routingTests.map((t) => t.receivers)).toEqual([
      ['watchdog'],
      ['platform-oncall'],
      ['erp/erp/pagerduty-database', 'erp/erp/slack-database'],
      ['erp/erp/erp-default'],
    ]);
    for (const t of am.routingTests) expect({ labels: t.labels, receivers: routesTest(config, t.labels) }).toEqual({ labels: t.labels, receivers: t.receivers });
  });

  test('receiversFor computes what amtool prints, on a grid of label sets', () => {
    const { am, scope, erp } = platform();
    const config = configOf(one(synth(scope), 'Secret'));
    for (const namespace of ['erp', 'kube-system']) {
      for (const severity of ['critical', 'warning']) {
        for (const team of ['database', 'mobile']) {
          const labels = { namespace, severity, team };
          const amtool = routesTest(config, labels);
          if (namespace === 'erp') {
            const expected = erp.receiversFor(labels).map((r) => `erp/erp/${r}`);
            expect(amtool.slice(0, expected.length)).toEqual(expected);
          } else {
            expect(amtool).toEqual(am.receiversFor(labels));
          }
        }
      }
    }
  });

  test('paging: false removes every paging integration, applications included', () => {
    const { scope } = platform({ paging: false });
    const secret = one(synth(scope), 'Secret');
    const config = yaml.load(configOf(secret)) as any;
    expect(configOf(secret)).not.toMatch(/pagerduty_configs|opsgenie_configs|routing_key|api_key/);
    const pages = config.receivers.find((r: any) => r.name === 'erp/erp/pagerduty-database');
    expect(pages.slack_configs.map((s: any) => s.channel)).toEqual(['#erp-database-pages']);
    expect(checkConfigSecret(secret)).toMatchObject({ ok: true });
  });

  test('holds no secret value: only file paths and Secret names', () => {
    const secret = one(synth(platform().scope), 'Secret');
    const text = JSON.stringify(secret);
    expect(text).not.toMatch(/hooks\.slack\.com|https:\/\/events\.pagerduty|password:|routing_key:|api_key:|api_url:|auth_password:/);
    for (const line of configOf(secret).split('\n').filter((l) => /_file:/.test(l))) {
      expect(line).toMatch(/_file: \/etc\/alertmanager\/secrets\/[a-z0-9-]+\/[-._a-zA-Z0-9]+$/);
    }
  });

  test('is deterministic', () => {
    expect(configOf(one(synth(platform().scope), 'Secret'))).toBe(configOf(one(synth(platform().scope), 'Secret')));
  });

  test('webhook urlSecret needs Alertmanager 0.26 in the file rendering', () => {
    const make = (version?: AlertmanagerVersion) => {
      const scope = chart('platform', 'monitoring');
      const am = new AlertmanagerConfigSecret(scope, 'Alertmanager', { receiver: 'hook', alertmanagerVersion: version });
      am.addReceiver('hook', { integrations: [Integration.webhook({ urlSecret: SecretRef.fromSecret('relay', 'url') })] });
      return scope;
    };
    expect(() => synth(make(AlertmanagerVersion.V0_25))).toThrow(
      "[platform/Alertmanager] receivers/hook webhook urlSecret (url_file) needs Alertmanager 0.26 or later; the config targets 0.25 (alertmanagerVersion, else targetVersions.alertmanager). Set it to AlertmanagerVersion.of('0.26') or later if every Alertmanager that loads the file runs it",
    );
    // the default target is the newest release the test suite's amtool checks, which has url_file
    expect(yaml.load(configOf(one(synth(make()), 'Secret'))) as any).toMatchObject({ receivers: [{ webhook_configs: [{ url_file: '/etc/alertmanager/secrets/relay/url' }] }] });
    const config = yaml.load(configOf(one(synth(make(AlertmanagerVersion.V0_26)), 'Secret'))) as any;
    expect(config.receivers[0].webhook_configs[0]).toEqual({ url_file: '/etc/alertmanager/secrets/relay/url' });
  });

  test('a webhook with a plain endpoint and a bearer token passes amtool 0.25', () => {
    const scope = chart('platform', 'monitoring');
    const am = new AlertmanagerConfigSecret(scope, 'Alertmanager', { receiver: 'hook' });
    am.addReceiver('hook', { integrations: [Integration.webhook({ url: 'http://relay.monitoring.svc:8080/alerts', bearerToken: SecretRef.fromSecret('relay', 'token'), sendResolved: true })] });
    const secret = one(synth(scope), 'Secret');
    const config = yaml.load(configOf(secret)) as any;
    expect(config.receivers[0].webhook_configs[0]).toEqual({
      url: 'http://relay.monitoring.svc:8080/alerts',
      send_resolved: true,
      http_config: { authorization: { type: 'Bearer', credentials_file: '/etc/alertmanager/secrets/relay/token' } },
    });
    expect(checkConfigSecret(secret)).toMatchObject({ ok: true });
  });

  test('a file SecretRef is used as is and not listed for mounting', () => {
    const scope = chart('platform', 'monitoring');
    const am = new AlertmanagerConfigSecret(scope, 'Alertmanager', { receiver: 'chat' });
    am.addReceiver('chat', { integrations: [Integration.slack({ apiUrl: SecretRef.fromFile('/var/run/secrets/slack/url') })] });
    const config = yaml.load(configOf(one(synth(scope), 'Secret'))) as any;
    expect(config.receivers[0].slack_configs[0].api_url_file).toBe('/var/run/secrets/slack/url');
    expect(am.secretsToMount).toEqual([]);
  });

  test('rejects including the same application twice', () => {
    const { am, erp } = platform();
    expect(() => am.addApplication(erp)).toThrow('[platform/Alertmanager] applications: "erp/erp" is already included');
  });

  test('reports errors of an included application', () => {
    const { am, scope, erp } = platform();
    erp.route.addRoute({ matchers: [Matcher.eq('team', 'x')], receiver: 'missing' });
    expect(() => synth(scope)).toThrow('[platform/Alertmanager] erp/Routing/route/routes[2] receiver: must name a receiver of this configuration (add it with addReceiver(); defined: "erp-default", "pagerduty-database", "slack-database"); received "missing"');
    void am;
  });

  test('secretName and alertmanagerName set the Secret name', () => {
    const scope = chart('platform', 'monitoring');
    const am = new AlertmanagerConfigSecret(scope, 'Alertmanager', { receiver: 'r', alertmanagerName: 'ops' });
    am.addReceiver('r');
    expect(am.configSecretName).toBe('alertmanager-ops');
    const other = new AlertmanagerConfigSecret(scope, 'Other', { receiver: 'r', secretName: 'am-config' });
    other.addReceiver('r');
    expect(one(synth(scope), 'Secret', 'am-config').metadata.annotations!['observability.cdk8s.io/alertmanager-config-secret']).toBe('am-config');
  });
});
