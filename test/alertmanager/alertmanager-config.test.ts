import { Duration, Testing } from 'cdk8s';
import { SecretRef } from '../../lib';
import { AlertmanagerConfig, Integration, Matcher, TimePeriod } from '../../lib/alertmanager';
import { crdSchemaErrors } from '../util/schema';
import { one, synth } from '../util/synth';
import { chart, pagerDuty, routing, slack } from './fixtures';

function database() {
  const scope = chart('erp', 'erp');
  const config = new AlertmanagerConfig(scope, 'Routing', {
    name: 'erp-routing',
    receiver: 'default',
    groupBy: ['alertname', 'namespace'],
    groupWait: Duration.seconds(30),
    groupInterval: Duration.minutes(5),
    repeatInterval: Duration.hours(4),
    labels: { alertmanagerConfig: 'platform' },
  });
  config.addReceiver('default', { integrations: [slack('#erp-alerts')] });
  config.addReceiver('pagerduty-database', { integrations: [pagerDuty()] });
  config.addReceiver('slack-database', { integrations: [slack('#erp-database')] });
  const hours = config.addTimeInterval('business-hours', { periods: [TimePeriod.businessHours({ start: '08:00', end: '18:00' })] });
  config.route.addRoute({ matchers: [Matcher.eq('team', 'database'), Matcher.eq('severity', 'critical')], receiver: 'pagerduty-database', continue: true });
  config.route.addRoute({ matchers: [Matcher.eq('team', 'database')], receiver: 'slack-database', repeatInterval: Duration.minutes(30), activeTimeIntervals: [hours] });
  config.addInhibitRule({ source: [Matcher.eq('severity', 'critical')], target: [Matcher.eq('severity', 'warning')], equal: ['alertname', 'instance'] });
  config.expectRoute({ severity: 'critical', team: 'database' }, ['pagerduty-database', 'slack-database']);
  return { scope, config };
}

describe('AlertmanagerConfig (custom resource rendering)', () => {
  test('renders the tree, receivers with Secret key selectors, inhibit rules and time intervals', () => {
    const { scope } = database();
    const cr = one(synth(scope), 'AlertmanagerConfig', 'erp-routing');
    expect(cr.apiVersion).toBe('monitoring.coreos.com/v1alpha1');
    expect(cr.metadata.namespace).toBe('erp');
    expect(cr.metadata.labels).toMatchObject({ alertmanagerConfig: 'platform', 'app.kubernetes.io/part-of': 'erp' });
    expect(cr.spec.route).toMatchObject({ receiver: 'default', groupBy: ['alertname', 'namespace'], groupWait: '30s', groupInterval: '5m', repeatInterval: '4h' });
    expect(cr.spec.route.routes).toEqual([
      {
        receiver: 'pagerduty-database',
        continue: true,
        matchers: [{ name: 'team', value: 'database', matchType: '=' }, { name: 'severity', value: 'critical', matchType: '=' }],
      },
      {
        receiver: 'slack-database',
        matchers: [{ name: 'team', value: 'database', matchType: '=' }],
        repeatInterval: '30m',
        activeTimeIntervals: ['business-hours'],
      },
    ]);
    const receivers = Object.fromEntries(cr.spec.receivers.map((r: any) => [r.name, r]));
    expect(receivers['pagerduty-database'].pagerdutyConfigs[0].routingKey).toEqual({ name: 'pagerduty', key: 'routing-key' });
    expect(receivers['slack-database'].slackConfigs[0]).toMatchObject({ apiURL: { name: 'slack-webhook', key: 'url' }, channel: '#erp-database' });
    expect(cr.spec.inhibitRules).toEqual([{
      sourceMatch: [{ name: 'severity', value: 'critical', matchType: '=' }],
      targetMatch: [{ name: 'severity', value: 'warning', matchType: '=' }],
      equal: ['alertname', 'instance'],
    }]);
    expect(cr.spec.muteTimeIntervals).toEqual([{ name: 'business-hours', timeIntervals: [{ weekdays: ['monday:friday'], times: [{ startTime: '08:00', endTime: '18:00' }] }] }]);
  });

  test('is valid against the vendored AlertmanagerConfig CRD', () => {
    const { scope } = database();
    expect(crdSchemaErrors(one(synth(scope), 'AlertmanagerConfig'))).toEqual([]);
  });

  test('every integration renders a schema-valid resource', () => {
    const config = routing();
    config.addReceiver('all', {
      integrations: [
        slack(),
        pagerDuty(),
        Integration.opsgenie({ apiKey: SecretRef.fromSecret('opsgenie', 'api-key'), priority: 'P1', responders: [{ type: 'team', name: 'ops' }] }),
        Integration.email({ to: 'ops@example.com', from: 'am@example.com', smarthost: 'smtp.example.com:587', authUsername: 'am', authPassword: SecretRef.fromSecret('smtp', 'password') }),
        Integration.webhook({ urlSecret: SecretRef.fromSecret('relay', 'url'), bearerToken: SecretRef.fromSecret('relay', 'token') }),
      ],
    });
    const cr = one(synth(config.node.scope as any), 'AlertmanagerConfig');
    expect(crdSchemaErrors(cr)).toEqual([]);
    const all = cr.spec.receivers.find((r: any) => r.name === 'all');
    expect(Object.keys(all).sort()).toEqual(['emailConfigs', 'name', 'opsgenieConfigs', 'pagerdutyConfigs', 'slackConfigs', 'webhookConfigs']);
    expect(all.emailConfigs[0].authPassword).toEqual({ name: 'smtp', key: 'password' });
    expect(all.webhookConfigs[0]).toMatchObject({ urlSecret: { name: 'relay', key: 'url' }, httpConfig: { authorization: { type: 'Bearer', credentials: { name: 'relay', key: 'token' } } } });
    expect(all.opsgenieConfigs[0].apiKey).toEqual({ name: 'opsgenie', key: 'api-key' });
  });

  test('paging: false replaces paging integrations with whenPagingDisabled, or drops them', () => {
    const config = routing({ paging: false });
    config.addReceiver('oncall', { integrations: [pagerDuty(), slack('#oncall')], whenPagingDisabled: [slack('#oncall-staging')] });
    config.addReceiver('pager-only', { integrations: [Integration.opsgenie({ apiKey: SecretRef.fromSecret('opsgenie', 'key') })] });
    const cr = one(synth(config.node.scope as any), 'AlertmanagerConfig');
    const byName = Object.fromEntries(cr.spec.receivers.map((r: any) => [r.name, r]));
    expect(byName.oncall.pagerdutyConfigs).toBeUndefined();
    expect(byName.oncall.slackConfigs.map((s: any) => s.channel)).toEqual(['#oncall', '#oncall-staging']);
    expect(byName['pager-only']).toEqual({ name: 'pager-only' });
    expect(JSON.stringify(cr)).not.toMatch(/pagerduty|opsgenie/i);
  });

  test('the name defaults to one derived from the construct path', () => {
    const scope = chart();
    const config = new AlertmanagerConfig(scope, 'Routing', { receiver: 'default' });
    config.addReceiver('default');
    expect(config.name).toMatch(/^x-routing-[0-9a-f]{8}$/);
  });

  test('rejects a receiver referenced but not defined, with the route path', () => {
    const config = routing();
    config.route.addRoute({ matchers: [Matcher.eq('team', 'db')], receiver: 'slack-db' });
    expect(() => synth(config.node.scope as any)).toThrow(
      '[x/Routing] route/routes[0] receiver: must name a receiver of this configuration (add it with addReceiver(); defined: "default"); received "slack-db"',
    );
  });

  test('the same errors are reported by cdk8s validation when the app synthesizes', () => {
    const app = Testing.app();
    const config = routing({}, chart('x', 'x', app));
    config.route.addRoute({ matchers: [Matcher.eq('team', 'db')], receiver: 'slack-db' });
    expect(() => app.synthYaml()).toThrow('[x/Routing] route/routes[0] receiver: must name a receiver of this configuration (add it with addReceiver(); defined: "default"); received "slack-db"');
  });

  test('rejects a root route without receiver', () => {
    const scope = chart();
    new AlertmanagerConfig(scope, 'Routing', { name: 'routing' });
    expect(() => synth(scope)).toThrow(/\[x\/Routing\] receiver: the root route must name a receiver \(the default for alerts no child route matches\); received undefined/);
  });

  test('rejects a duplicate receiver name', () => {
    const config = routing();
    expect(() => config.addReceiver('default')).toThrow('[x/Routing] receiver name: must be unique in this configuration; received the duplicate "default"');
  });

  test('rejects a duplicate time interval name', () => {
    const config = routing();
    config.addTimeInterval('hours', { periods: [TimePeriod.businessHours()] });
    expect(() => config.addTimeInterval('hours', { periods: [TimePeriod.businessHours()] })).toThrow('[x/Routing] time interval name: must be unique in this configuration; received the duplicate "hours"');
  });

  test('rejects a time interval of another configuration', () => {
    const config = routing();
    const other = new AlertmanagerConfig(config.node.scope as any, 'Other', { receiver: 'default' });
    other.addReceiver('default');
    const hours = other.addTimeInterval('hours', { periods: [TimePeriod.businessHours()] });
    config.route.addRoute({ muteTimeIntervals: [hours], continue: true });
    expect(() => synth(config.node.scope as any)).toThrow('[x/Routing] route/routes[0] muteTimeIntervals: must be time intervals created with addTimeInterval() on this configuration; received "hours"');
  });

  test('rejects a file SecretRef, which the operator cannot read', () => {
    const config = routing();
    config.addReceiver('file', { integrations: [Integration.slack({ apiUrl: SecretRef.fromFile('/etc/slack/url') })] });
    expect(() => synth(config.node.scope as any)).toThrow(
      '[x/Routing] receivers/file apiUrl: an AlertmanagerConfig resource takes credentials from a Secret in its namespace (SecretRef.fromSecret(name, key)); received the file reference "/etc/slack/url"',
    );
  });

  test('rejects a time zone, which the resource cannot hold', () => {
    const config = routing();
    config.addTimeInterval('hours', { periods: [TimePeriod.businessHours({ location: 'Asia/Taipei' })] });
    expect(() => synth(config.node.scope as any)).toThrow(
      /\[x\/Routing\] timeIntervals\/hours location: the AlertmanagerConfig v1alpha1 resource has no time zone field; received "Asia\/Taipei"/,
    );
  });

  test('rejects a namespace matcher on the top route', () => {
    expect(() => routing({ matchers: [Matcher.eq('namespace', 'other')] })).toThrow(
      '[x/Routing] matchers: the operator replaces namespace matchers of the top route with namespace="x"; remove "namespace=\\"other\\""',
    );
  });

  test('rejects an expectation naming an undefined receiver', () => {
    const config = routing();
    config.expectRoute({ severity: 'critical' }, ['pagerduty']);
    expect(() => synth(config.node.scope as any)).toThrow('[x/Routing] expectRoute[0] receivers: must be receivers of this configuration (["default"]); received "pagerduty"');
  });

  test('coverage reports label sets that reach only the default receiver; requireCoverage fails the synth', () => {
    const config = routing();
    config.addReceiver('db');
    config.route.addRoute({ matchers: [Matcher.eq('team', 'database')], receiver: 'db' });
    const sets = [{ severity: 'critical', team: 'database' }, { severity: 'warning', team: 'backend' }];
    expect(config.coverage(sets)).toEqual([{
      labels: { severity: 'warning', team: 'backend' },
      receiver: 'default',
      message: 'alerts with {severity="warning", team="backend"} match no route and reach only the default receiver "default"',
    }]);
    expect(() => synth(config.node.scope as any)).not.toThrow();
    config.requireCoverage(sets);
    expect(() => synth(config.node.scope as any)).toThrow(
      '[x/Routing] route coverage: alerts with {severity="warning", team="backend"} match no route and reach only the default receiver "default"; add a route for them',
    );
  });
});

describe('AlertmanagerConfig secretNames', () => {
  test('lists the Secrets the resource references', () => {
    const { config } = database();
    expect(config.secretNames).toEqual(['pagerduty', 'slack-webhook']);
  });
});
