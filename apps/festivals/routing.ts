import { Duration } from 'cdk8s';
import { SecretRef, Severity } from '../../lib';
import { AlertmanagerConfig, Integration, Matcher, TimePeriod } from '../../lib/alertmanager';
import { AppRoutingOptions } from '../../lib/app';
/** The severity label sets the seed's alerts carry (they have no team label); each must reach a route. */
export const FESTIVALS_ALERT_LABELS: Array<{ [name: string]: string }> = [{ severity: 'critical' }, { severity: 'warning' }];

/**
 * Alert routing of festivals, translated from the seed's `alertmanager-config.yaml` (the inventory's
 * reference over the conflicting Helm values): root receiver `slack-notifications`, grouping by
 * `alertname`, `cluster`, `service` with 30s / 5m / 4h; critical alerts to PagerDuty and then
 * `#alerts-critical`, warnings to `#alerts-warnings`; critical inhibits warning on equal labels.
 *
 * Changes to the seed:
 * - the Slack webhook URL and the PagerDuty routing key come from Secrets (`festivals-slack`/`webhook-url`,
 *   `festivals-pagerduty`/`routing-key`) instead of inline values;
 * - `match:` becomes typed matchers;
 * - the default receiver's text keeps one line per field (the seed's folded `>-` scalar joined them);
 * - `FestivalsNoTicketSales` ("no sales during business hours") is only sent 09:00-21:00 UTC on every day;
 * - without paging (staging), `pagerduty-critical` has no integration: critical alerts still reach
 *   `#alerts-critical` through `slack-critical`, so nothing pages and nothing is lost.
 *
 * `AppMonitoring` builds it (`routing`); `addRoutingChecks` adds the inhibit rule and the route tests.
 */
export function routing(): AppRoutingOptions {
  const apiUrl = SecretRef.fromSecret('festivals-slack', 'webhook-url');
  return {
    defaultReceiver: 'slack-notifications',
    groupBy: ['alertname', 'cluster', 'service'],
    groupWait: Duration.seconds(30),
    groupInterval: Duration.minutes(5),
    repeatInterval: Duration.hours(4),
    receivers: [
      {
        name: 'slack-notifications',
        integrations: [Integration.slack({
          apiUrl,
          channel: '#alerts',
          sendResolved: true,
          iconEmoji: ':warning:',
          title: '{{ .Status | toUpper }}{{ if eq .Status "firing" }} - {{ .Alerts.Firing | len }}{{ end }}',
          text: '{{ range .Alerts }}*Alert:* {{ .Annotations.summary }}\n*Description:* {{ .Annotations.description }}\n*Severity:* {{ .Labels.severity }}\n{{ end }}',
        })],
      },
      { name: 'slack-critical', integrations: [Integration.slack({ apiUrl, channel: '#alerts-critical', sendResolved: true, iconEmoji: ':rotating_light:' })] },
      { name: 'slack-warnings', integrations: [Integration.slack({ apiUrl, channel: '#alerts-warnings', sendResolved: true, iconEmoji: ':warning:' })] },
      {
        name: 'pagerduty-critical',
        integrations: [Integration.pagerDuty({
          routingKey: SecretRef.fromSecret('festivals-pagerduty', 'routing-key'),
          sendResolved: true,
          severity: 'critical',
          description: '{{ .CommonAnnotations.summary }}',
          details: {
            firing: '{{ template "pagerduty.default.instances" .Alerts.Firing }}',
            resolved: '{{ template "pagerduty.default.instances" .Alerts.Resolved }}',
          },
        })],
      },
    ],
    timeIntervals: [{ name: 'ticket-sales-hours', periods: [TimePeriod.of({ times: [{ start: '09:00', end: '21:00' }] })] }],
    routes: [
      { severity: Severity.CRITICAL, receiver: 'pagerduty-critical', continue: true },
      { severity: Severity.CRITICAL, receiver: 'slack-critical' },
      { matchers: [Matcher.eq('alertname', 'FestivalsNoTicketSales')], receiver: 'slack-warnings', activeTimeIntervals: ['ticket-sales-hours'] },
      { severity: Severity.WARNING, receiver: 'slack-warnings' },
    ],
  };
}

/** The seed's inhibit rule (critical silences warning on equal labels), and where the seed's alerts must arrive. */
export function addRoutingChecks(config: AlertmanagerConfig): void {
  config.addInhibitRule({
    source: [Matcher.eq('severity', 'critical')],
    target: [Matcher.eq('severity', 'warning')],
    equal: ['alertname', 'cluster', 'service'],
  });

  config.expectAlertRoute('FestivalsAPIDown', ['pagerduty-critical', 'slack-critical']);
  config.expectAlertRoute('FestivalsPaymentFailureHigh', ['pagerduty-critical', 'slack-critical']);
  config.expectAlertRoute('FestivalsHighLatency', ['slack-warnings']);
  config.expectAlertRoute('FestivalsNoTicketSales', ['slack-warnings']);
  config.expectRoute({ alertname: 'FestivalsDeploymentInfo', severity: 'info' }, ['slack-notifications']);
  config.requireCoverage(FESTIVALS_ALERT_LABELS);
}
