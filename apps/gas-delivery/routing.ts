import { Duration } from 'cdk8s';
import { SecretRef, Severity } from '../../lib';
import { AlertmanagerConfig, Integration, Matcher, TimePeriod } from '../../lib/alertmanager';
import { AppRoutingOptions } from '../../lib/app';
import { EnvironmentConfig } from '../environments';

const APP = 'gas-delivery';

/** The severity/team label sets the seed's alerts carry; each must reach a route of its own. */
export const GAS_DELIVERY_ALERT_LABELS: Array<{ [name: string]: string }> = [
  { severity: 'critical', team: 'backend' },
  { severity: 'critical', team: 'infrastructure' },
  { severity: 'warning', team: 'backend' },
  { severity: 'warning', team: 'business' },
  { severity: 'warning', team: 'data' },
];

/**
 * Alert routing of gas-delivery (Lucky Gas), as an `AlertmanagerConfig` resource in the app's namespace.
 *
 * The seed defines no receiver: it says "AlertManager: configure webhook for notifications" and its
 * runbook escalates to "page on-call engineer". So:
 * - every alert goes to the `luckygas-webhook` receiver, an in-cluster notification relay
 *   (`luckygas-notifier` service, an assumption: the seed names no endpoint), authenticated with a bearer
 *   token from the Secret `gas-delivery-alert-webhook` (key `token`); the URL itself holds no credential;
 * - critical alerts also page on-call through PagerDuty (routing key in `gas-delivery-pagerduty`/`routing-key`);
 *   in environments without paging (staging) the page becomes a webhook notification, so nothing pages;
 * - `NoOrdersReceived` is only sent in Lucky Gas business hours (08:00-20:00 Asia/Taipei, written as
 *   00:00-12:00 UTC because the AlertmanagerConfig resource has no time zone): the seed's rule fired
 *   every night;
 * - while the database is unreachable, the backend's warnings (latency) are inhibited.
 *
 * `AppMonitoring` builds it (`routing`); `addRoutingChecks` adds the inhibit rule and the route tests.
 */
export function routing(env: EnvironmentConfig): AppRoutingOptions {
  const webhook = () => Integration.webhook({
    url: `http://luckygas-notifier.${env.namespace(APP)}.svc:8080/alertmanager`,
    bearerToken: SecretRef.fromSecret('gas-delivery-alert-webhook', 'token'),
    sendResolved: true,
  });
  return {
    defaultReceiver: 'luckygas-webhook',
    groupBy: ['alertname', 'severity'],
    groupWait: Duration.seconds(30),
    groupInterval: Duration.minutes(5),
    repeatInterval: Duration.hours(4),
    receivers: [
      { name: 'luckygas-webhook', integrations: [webhook()] },
      {
        name: 'oncall-pagerduty',
        integrations: [Integration.pagerDuty({ routingKey: SecretRef.fromSecret('gas-delivery-pagerduty', 'routing-key'), severity: 'critical', sendResolved: true })],
        whenPagingDisabled: [webhook()],
      },
    ],
    timeIntervals: [{ name: 'business-hours', periods: [TimePeriod.businessHours({ start: '00:00', end: '12:00' })] }],
    routes: [
      { severity: Severity.CRITICAL, receiver: 'oncall-pagerduty', continue: true, groupWait: Duration.seconds(10), repeatInterval: Duration.hours(1) },
      { matchers: [Matcher.eq('alertname', 'NoOrdersReceived')], receiver: 'luckygas-webhook', activeTimeIntervals: ['business-hours'] },
      { matchers: [Matcher.regex('team', 'backend|infrastructure')], receiver: 'luckygas-webhook' },
      { matchers: [Matcher.regex('team', 'business|data')], receiver: 'luckygas-webhook', repeatInterval: Duration.hours(12) },
    ],
  };
}

/** The inhibit rule (database down silences the backend's warnings), and where the seed's alerts must arrive. */
export function addRoutingChecks(config: AlertmanagerConfig): void {
  config.addInhibitRule({
    source: [Matcher.eq('alertname', 'DatabaseConnectionFailure')],
    target: [Matcher.eq('team', 'backend'), Matcher.eq('severity', 'warning')],
    equal: ['namespace'],
  });

  config.expectAlertRoute('HighErrorRate', ['oncall-pagerduty', 'luckygas-webhook']);
  config.expectAlertRoute('DatabaseConnectionFailure', ['oncall-pagerduty', 'luckygas-webhook']);
  config.expectAlertRoute('HighResponseTime', ['luckygas-webhook']);
  config.expectAlertRoute('NoOrdersReceived', ['luckygas-webhook']);
  config.expectAlertRoute('LowPredictionAccuracy', ['luckygas-webhook']);
  config.requireCoverage(GAS_DELIVERY_ALERT_LABELS);
}
