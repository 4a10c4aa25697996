import { Duration, Testing } from 'cdk8s';
import { MonitoringChart, SecretRef, Severity } from '../../lib';
import { AlertmanagerConfigSecret, Integration, Matcher, TimePeriod } from '../../lib/alertmanager';
import { AppMonitoring, AppMonitoringProps, AppRoutingOptions, Environment, NamespaceRule } from '../../lib/app';
import { Manifest, one, synth } from '../util/synth';
import { amtoolCheckConfig, amtoolRoutesTest } from '../util/tools';

const email = () => Integration.email({ to: 'payments@example.com', from: 'alertmanager@example.com', smarthost: 'smtp.example.com:587' });
const slack = () => Integration.slack({ apiUrl: SecretRef.fromSecret('checkout-slack', 'url'), channel: '#checkout' });
const pagerDuty = () => Integration.pagerDuty({ routingKey: SecretRef.fromSecret('checkout-pagerduty', 'routing-key') });

/** An app chart and the platform Alertmanager it is hung under (as the operator would), for amtool. */
function platformWith(add: (chart: MonitoringChart) => AppMonitoring, namespace = 'shop') {
  const app = Testing.app();
  const chart = new MonitoringChart(app, 'checkout', { partOf: 'checkout', namespace });
  const monitoring = add(chart);
  const platform = new MonitoringChart(app, 'platform', { partOf: 'platform', namespace: 'monitoring' });
  const am = new AlertmanagerConfigSecret(platform, 'Alertmanager', { receiver: 'platform' });
  am.addReceiver('platform', { integrations: [Integration.slack({ apiUrl: SecretRef.fromSecret('platform-slack', 'url'), channel: '#platform' })] });
  am.addApplication(monitoring.routing);
  return { app, chart, monitoring, am };
}

/** Runs every routing expectation of the app through amtool on the platform's alertmanager.yaml. */
function expectAmtoolAgrees(am: AlertmanagerConfigSecret, app: { synthYaml(): string }) {
  app.synthYaml(); // every validation (expectations hold in the library's own routing model too)
  const config = am.configYaml;
  const check = amtoolCheckConfig(config);
  expect(check.output).toMatch(/SUCCESS/);
  const tests = am.routingTests.filter((t) => t.path.startsWith('checkout/'));
  expect(tests.length).toBeGreaterThan(0);
  for (const t of tests) expect({ path: t.path, receivers: amtoolRoutesTest(config, t.labels) }).toEqual({ path: t.path, receivers: t.receivers });
  return tests;
}

describe('AppMonitoring routing: email by default, warnings to Slack, critical to PagerDuty (continue)', () => {
  // The whole shape, as an app team writes it: the budget is 25 lines of props.
  const shapeProps = (): AppMonitoringProps => ({
    service: 'checkout',
    team: 'payments',
    runbookBaseUrl: 'https://runbooks.example.com/checkout',
    routing: {
      defaultReceiver: 'email',
      receivers: [
        { name: 'email', integrations: [email()] },
        { name: 'slack', integrations: [slack()] },
        { name: 'pagerduty', integrations: [pagerDuty()] },
      ],
      routes: [
        { severity: Severity.CRITICAL, receiver: 'pagerduty', continue: true },
        { severity: Severity.WARNING, receiver: 'slack' },
      ],
    },
  });
  const shape = (chart: MonitoringChart) => new AppMonitoring(chart, 'Checkout', shapeProps());

  test('the shape fits in 25 lines of props', () => {
    const text = shapeProps.toString();
    const lines = text.slice(text.indexOf('{'), text.lastIndexOf('}')).split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(15);
    expect(lines.length).toBeLessThanOrEqual(25);
  });

  test('amtool routes each alert, with the labels its rule gives it, where the shape says', () => {
    const { app, monitoring, am } = platformWith((chart) => {
      const m = shape(chart);
      // an alert of the team's own, of another severity: nothing routes it, so it reaches the default
      m.alerts.addAlert('CheckoutDeployed', {
        expr: 'changes(kube_deployment_status_observed_generation{namespace="shop", deployment="checkout"}[10m]) > 0',
        for: Duration.minutes(1), severity: Severity.INFO, labels: { team: 'payments' },
        summary: 'checkout was deployed', runbookUrl: 'https://runbooks.example.com/checkout/CheckoutDeployed',
      });
      return m;
    });
    monitoring.routing.expectAlertRoute('CheckoutTargetDown', ['pagerduty', 'email']);
    monitoring.routing.expectAlertRoute('CheckoutHighErrorRate', ['pagerduty', 'email']);
    monitoring.routing.expectAlertRoute('CheckoutHighLatency', ['slack']);
    monitoring.routing.expectAlertRoute('CheckoutPodRestarting', ['slack']);
    monitoring.routing.expectAlertRoute('CheckoutDeployed', ['email']);
    // the labels are those the rules' expressions and static labels prove: nothing added by hand
    const own = monitoring.routing.routingTests;
    expect(own.map((t) => [t.labels.alertname, t.labels.namespace, t.labels.severity, t.labels.team])).toEqual([
      ['CheckoutTargetDown', 'shop', 'critical', 'payments'],
      ['CheckoutHighErrorRate', 'shop', 'critical', 'payments'],
      ['CheckoutHighLatency', 'shop', 'warning', 'payments'],
      ['CheckoutPodRestarting', 'shop', 'warning', 'payments'],
      ['CheckoutDeployed', 'shop', 'info', 'payments'],
    ]);
    const tests = expectAmtoolAgrees(am, app);
    expect(tests.map((t) => t.receivers)).toEqual([
      ['shop/checkout/pagerduty', 'shop/checkout/email'],
      ['shop/checkout/pagerduty', 'shop/checkout/email'],
      ['shop/checkout/slack'],
      ['shop/checkout/slack'],
      ['shop/checkout/email'],
    ]);
  });

  test('a route that disagrees with the tree fails the synth with the alert labels it used', () => {
    const { app, monitoring } = platformWith(shape);
    monitoring.routing.expectAlertRoute('CheckoutHighLatency', ['email']);
    expect(() => app.synthYaml()).toThrow(/\[checkout\/Checkout\/Routing\] expectAlertRoute\[0\] receivers: an alert with .*"severity":"warning".* reaches \["slack"\] in this tree, in that order; expected \["email"\]/);
  });

  test('the AlertmanagerConfig renders the shape: default receiver, groupBy, routes, last route to the default', () => {
    const { chart } = platformWith(shape);
    const cr: Manifest = one(synth(chart), 'AlertmanagerConfig', 'checkout');
    expect(cr.spec.route.receiver).toBe('email');
    expect(cr.spec.route.groupBy).toEqual(['alertname', 'namespace']);
    expect(cr.spec.route.routes).toEqual([
      { matchers: [{ name: 'severity', value: 'critical', matchType: '=' }], receiver: 'pagerduty', continue: true },
      { matchers: [{ name: 'severity', value: 'warning', matchType: '=' }], receiver: 'slack' },
      { receiver: 'email' },
    ]);
    expect(cr.spec.receivers.map((r: any) => r.name)).toEqual(['email', 'slack', 'pagerduty']);
  });

  test('an environment without paging drops the PagerDuty integration: nothing pages, critical alerts still reach email', () => {
    const staging = Environment.of({ name: 'staging', namespace: NamespaceRule.suffix('-staging'), paging: false });
    const { app, monitoring, am } = platformWith((chart) => new AppMonitoring(chart, 'Checkout', { ...shapeProps(), environment: staging }), 'checkout-staging');
    monitoring.routing.expectAlertRoute('CheckoutTargetDown', ['pagerduty', 'email']);
    expect(am.configYaml).not.toMatch(/pagerduty_configs|routing_key/);
    const tests = expectAmtoolAgrees(am, app);
    expect(tests[0].labels.namespace).toBe('checkout-staging');
  });
});

describe('AppMonitoring routing without paging: no alert is dropped silently', () => {
  const staging = Environment.of({ name: 'staging', namespace: NamespaceRule.suffix('-staging'), paging: false });
  const build = (routing: AppRoutingOptions) => {
    const { app } = platformWith((chart) => new AppMonitoring(chart, 'Checkout', { service: 'checkout', team: 'payments', runbookBaseUrl: 'https://runbooks.example.com', environment: staging, routing }), 'checkout-staging');
    return () => app.synthYaml();
  };
  const receivers = [{ name: 'email', integrations: [email()] }, { name: 'pd', integrations: [pagerDuty()] }];

  test('a route that ends at a receiver whose only integrations page fails, with the route and the two fixes', () => {
    expect(build({ defaultReceiver: 'email', receivers, routes: [{ severity: Severity.CRITICAL, receiver: 'pd' }] })).toThrow(
      '[checkout/Checkout/Routing] route/routes[0] receiver: with paging off (paging: false) receiver "pd" keeps no integration (every one of its integrations pages), so the alerts this route ends with are dropped; give the receiver whenPagingDisabled (a chat or email integration), or set continue: true on the route so they reach the following routes too');
    expect(build({ defaultReceiver: 'pd', receivers })).toThrow('[checkout/Checkout/Routing] receiver: with paging off (paging: false) receiver "pd" keeps no integration');
  });

  test('continue, whenPagingDisabled, or paging on: the same routes synthesize', () => {
    expect(build({ defaultReceiver: 'email', receivers, routes: [{ severity: Severity.CRITICAL, receiver: 'pd', continue: true }] })).not.toThrow();
    expect(build({ defaultReceiver: 'email', receivers: [receivers[0], { name: 'pd', integrations: [pagerDuty()], whenPagingDisabled: [slack()] }], routes: [{ severity: Severity.CRITICAL, receiver: 'pd' }] })).not.toThrow();
    const { app } = platformWith((chart) => new AppMonitoring(chart, 'Checkout', { service: 'checkout', team: 'payments', runbookBaseUrl: 'https://runbooks.example.com', routing: { defaultReceiver: 'email', receivers, routes: [{ severity: Severity.CRITICAL, receiver: 'pd' }] } }));
    expect(() => app.synthYaml()).not.toThrow();
  });
});

describe('AppMonitoring routing: teams, several integrations, timings, extra routes, time intervals', () => {
  const routing: AppRoutingOptions = {
    defaultReceiver: 'team-chat',
    groupBy: ['alertname', 'severity'],
    groupWait: Duration.seconds(10),
    groupInterval: Duration.minutes(2),
    repeatInterval: Duration.hours(6),
    receivers: [
      { name: 'team-chat', integrations: [slack(), email()] },
      { name: 'oncall', integrations: [pagerDuty(), slack()], whenPagingDisabled: [email()] },
      { name: 'data-team', integrations: [email()] },
      { name: 'ops-email', integrations: [email()] },
    ],
    timeIntervals: [{ name: 'business-hours', periods: [TimePeriod.businessHours({ start: '08:00', end: '18:00' })] }],
    routesBefore: [{ matchers: [Matcher.eq('alertname', 'CheckoutErrorLogSpike')], receiver: 'ops-email' }],
    routes: [
      { severity: Severity.CRITICAL, receiver: 'oncall', continue: true, groupWait: Duration.seconds(5), repeatInterval: Duration.hours(1) },
      { team: 'data', receiver: 'data-team', activeTimeIntervals: ['business-hours'] },
    ],
    routesAfter: [{ severity: Severity.WARNING, team: 'payments', receiver: 'team-chat', repeatInterval: Duration.hours(12) }],
  };
  const build = () => platformWith((chart) => {
    const m = new AppMonitoring(chart, 'Checkout', { service: 'checkout', team: 'payments', runbookBaseUrl: 'https://runbooks.example.com/checkout', routing });
    m.alerts.addAlert('CheckoutExportLagging', {
      expr: 'max by (namespace) (checkout_export_lag_seconds{namespace="shop"}) > 600',
      for: Duration.minutes(10), severity: Severity.WARNING, labels: { team: 'data' },
      summary: 'exports lag', runbookUrl: 'https://runbooks.example.com/checkout/CheckoutExportLagging',
    });
    return m;
  });

  test('the tree: routes before, the routes, routes after, then the default; timings and intervals on their routes', () => {
    const { chart } = build();
    const cr: Manifest = one(synth(chart), 'AlertmanagerConfig', 'checkout');
    expect(cr.spec.route).toMatchObject({ receiver: 'team-chat', groupBy: ['alertname', 'severity'], groupWait: '10s', groupInterval: '2m', repeatInterval: '6h' });
    expect(cr.spec.route.routes.map((r: any) => [r.receiver, (r.matchers ?? []).map((m: any) => `${m.name}=${m.value}`).join(',')])).toEqual([
      ['ops-email', 'alertname=CheckoutErrorLogSpike'],
      ['oncall', 'severity=critical'],
      ['data-team', 'team=data'],
      ['team-chat', 'severity=warning,team=payments'],
      ['team-chat', ''],
    ]);
    expect(cr.spec.route.routes[1]).toMatchObject({ continue: true, groupWait: '5s', repeatInterval: '1h' });
    expect(cr.spec.route.routes[2].activeTimeIntervals).toEqual(['business-hours']);
    expect(cr.spec.receivers.find((r: any) => r.name === 'oncall')).toMatchObject({ pagerdutyConfigs: [expect.anything()], slackConfigs: [expect.anything()] });
    expect(cr.spec.receivers.find((r: any) => r.name === 'team-chat')).toMatchObject({ slackConfigs: [expect.anything()], emailConfigs: [expect.anything()] });
  });

  test('amtool agrees, with the labels the alerts carry (the log alert from its LogQL, the team alert from its labels)', () => {
    const { app, monitoring, am } = build();
    monitoring.routing.expectAlertRoute('CheckoutErrorLogSpike', ['ops-email']);
    monitoring.routing.expectAlertRoute('CheckoutTargetDown', ['oncall', 'team-chat']);
    monitoring.routing.expectAlertRoute('CheckoutExportLagging', ['data-team']);
    monitoring.routing.expectAlertRoute('CheckoutHighMemory', ['team-chat']);
    const tests = expectAmtoolAgrees(am, app);
    expect(tests.map((t) => t.labels.namespace)).toEqual(['shop', 'shop', 'shop', 'shop']);
  });

  test('rejections name the field, the value and the fix', () => {
    const base = { service: 'checkout', team: 'payments', runbookBaseUrl: 'https://r.example.com' };
    const make = (r: unknown) => new AppMonitoring(new MonitoringChart(Testing.app(), 'c', { partOf: 'c', namespace: 'shop' }), 'Checkout', { ...base, routing: r as AppRoutingOptions });
    const receivers = [{ name: 'email', integrations: [email()] }];
    expect(() => make({ defaultReceiver: 'mail', receivers })).toThrow('[c/Checkout] routing.defaultReceiver: must be the name of one of the receivers (["email"]); received "mail"');
    expect(() => make({ defaultReceiver: 'email', receivers, routes: [{ severity: Severity.CRITICAL, receiver: 'pager' }] }))
      .toThrow('[c/Checkout] routing.routes[0].receiver: must be the name of one of the receivers (["email"]); received "pager"');
    expect(() => make({ defaultReceiver: 'email', receivers, routesBefore: [{ severity: 'critical', receiver: 'email' }] }))
      .toThrow('[c/Checkout] routing.routesBefore[0].severity: must be a Severity, e.g. Severity.CRITICAL; received "critical"');
    expect(() => make({ defaultReceiver: 'email', receivers, routesAfter: [{ receiver: 'email', activeTimeIntervals: ['nights'] }] }))
      .toThrow('[c/Checkout] routing.routesAfter[0].activeTimeIntervals: must name one of the routing\'s timeIntervals ([]); received "nights"');
    expect(() => make({ defaultReceiver: 'email', receivers, routes: [{ team: 'Data Team', receiver: 'email' }] }))
      .toThrow(/^\[c\/Checkout\] routing\.routes\[0\]\.team: /);
    expect(() => make({ defaultReceiver: 'email' })).toThrow("[c/Checkout] routing.receivers: must be a list, e.g. [{ name: 'email', integrations: [Integration.email(...)] }]; received undefined");
    expect(() => make('email')).toThrow(/^\[c\/Checkout\] routing: must be an object/);
    // a route the tree can never reach is refused by the route itself, with its path
    expect(() => make({ defaultReceiver: 'email', receivers, routes: [{ receiver: 'email' }, { severity: Severity.WARNING, receiver: 'email' }] }))
      .toThrow(/^\[c\/Checkout\/Routing\/route\/routes\[1\]\] matchers: the route can never match: the earlier sibling routes\[0\] matches every alert/);
    // several receivers with one name
    expect(() => make({ defaultReceiver: 'email', receivers: [...receivers, { name: 'email' }] })).toThrow('[c/Checkout/Routing] receiver name: must be unique in this configuration; received the duplicate "email"');
  });

  test('routing, receivers, both or neither', () => {
    const chart = () => new MonitoringChart(Testing.app(), 'c', { partOf: 'c', namespace: 'shop' });
    const base = { service: 'checkout', team: 'payments', runbookBaseUrl: 'https://r.example.com' };
    expect(() => new AppMonitoring(chart(), 'Checkout', base)).toThrow("[c/Checkout] routing: say where the alerts go, e.g. routing: { defaultReceiver: 'email'");
    expect(() => new AppMonitoring(chart(), 'Checkout', { ...base, routing, receivers: { chat: slack() } }))
      .toThrow('[c/Checkout] receivers: give routing or the deprecated receivers, not both; move the chat and paging integrations into routing.receivers');
  });
});

describe('AppMonitoring routing: the last route to the default receiver, only where a continue route lets alerts through', () => {
  const props = (routes: AppRoutingOptions['routes']): AppMonitoringProps => ({
    service: 'checkout',
    team: 'payments',
    runbookBaseUrl: 'https://runbooks.example.com/checkout',
    routing: {
      defaultReceiver: 'email',
      receivers: [{ name: 'email', integrations: [email()] }, { name: 'slack', integrations: [slack()] }, { name: 'pagerduty', integrations: [pagerDuty()] }],
      routes,
    },
  });
  const routesOf = (chart: MonitoringChart) => one(synth(chart), 'AlertmanagerConfig', 'checkout').spec.route.routes.map((r: any) => r.receiver);

  test('critical to PagerDuty (continue), then critical to Slack: Slack takes every alert let through, no last route', () => {
    const { app, chart, monitoring, am } = platformWith((c) => new AppMonitoring(c, 'Checkout', props([
      { severity: Severity.CRITICAL, receiver: 'pagerduty', continue: true },
      { matchers: [Matcher.eq('severity', 'critical')], receiver: 'slack' },
    ])));
    expect(routesOf(chart)).toEqual(['pagerduty', 'slack']);
    monitoring.routing.expectAlertRoute('CheckoutTargetDown', ['pagerduty', 'slack']);
    monitoring.routing.expectAlertRoute('CheckoutHighLatency', ['email']);
    expect(expectAmtoolAgrees(am, app).map((t) => t.receivers)).toEqual([['shop/checkout/pagerduty', 'shop/checkout/slack'], ['shop/checkout/email']]);
  });

  test('a later route with more conditions than the continue route takes only some of its alerts: the last route stays', () => {
    const { app, chart, monitoring, am } = platformWith((c) => new AppMonitoring(c, 'Checkout', props([
      { severity: Severity.CRITICAL, receiver: 'pagerduty', continue: true },
      { severity: Severity.CRITICAL, team: 'search', receiver: 'slack' },
    ])));
    expect(routesOf(chart)).toEqual(['pagerduty', 'slack', 'email']);
    monitoring.routing.expectAlertRoute('CheckoutTargetDown', ['pagerduty', 'email']);
    expectAmtoolAgrees(am, app);
  });
});
