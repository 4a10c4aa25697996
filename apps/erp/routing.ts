import { Duration } from 'cdk8s';
import { SecretRef, Severity } from '../../lib';
import { AlertmanagerConfig, Integration, Matcher } from '../../lib/alertmanager';
import { AppRoutingOptions } from '../../lib/app';
/** The severity/team label sets the seed's alerts carry; each must reach a route of its own. */
export const ERP_ALERT_LABELS: Array<{ [name: string]: string }> = [
  { severity: 'critical', team: 'backend' },
  { severity: 'critical', team: 'database' },
  { severity: 'critical', team: 'infrastructure' },
  { severity: 'warning', team: 'backend' },
  { severity: 'warning', team: 'database' },
  { severity: 'warning', team: 'infrastructure' },
  { severity: 'warning', team: 'mobile' },
];

/**
 * Alert routing of the ERP, translated from the seed's `config/alertmanager.yml`: root receiver
 * `default-receiver` grouping by `alertname`, `cluster`, `service` with 10s / 10s / 4h; critical alerts
 * to `critical-team` (Slack and PagerDuty, 1s / 5m, continue), `team="database"` to `database-team`
 * (grouped by alertname and instance, every 30m), `team="mobile"` to `mobile-team` (every 1h); inhibit
 * rules critical -> warning (equal alertname, instance) and APIServiceDown -> `High.*` (equal instance).
 *
 * Changes to the seed:
 * - credentials come from Secrets: Slack webhook `erp-slack`/`webhook-url`, PagerDuty `erp-pagerduty`/
 *   `routing-key` (missing in the seed, which Alertmanager rejects), SMTP password `erp-smtp`/`password`;
 * - the Slack button links the alert's `dashboard` annotation, or Grafana's dashboard list when the
 *   alert has none (the seed used a group label that no alert has, giving an empty link);
 * - `CriticalErrorLogged` (the seed's Logstash e-mail for ERROR logs) is delivered by e-mail to
 *   `ops-team` ahead of the critical route, so a log line never pages;
 * - backend and infrastructure alerts, which the seed left to fall through to the default receiver, are
 *   routed there explicitly, so that the coverage check reports any new team that is not routed;
 * - without paging (staging), `critical-team` keeps only its Slack message.
 *
 * `AppMonitoring` builds it (`routing`); `addRoutingChecks` adds the inhibit rules and the route tests.
 */
export function routing(): AppRoutingOptions {
  const apiUrl = SecretRef.fromSecret('erp-slack', 'webhook-url');
  const description = '{{ range .Alerts }}{{ .Annotations.description }}\n{{ end }}';
  return {
    defaultReceiver: 'default-receiver',
    groupBy: ['alertname', 'cluster', 'service'],
    groupWait: Duration.seconds(10),
    groupInterval: Duration.seconds(10),
    repeatInterval: Duration.hours(4),
    receivers: [
      {
        name: 'default-receiver',
        integrations: [Integration.slack({
          apiUrl,
          channel: '#erp-alerts',
          title: 'Alert: {{ .GroupLabels.alertname }}',
          text: description,
          color: '{{ if eq .Status "firing" }}danger{{ else }}good{{ end }}',
        })],
      },
      {
        name: 'critical-team',
        integrations: [
          Integration.slack({
            apiUrl,
            channel: '#erp-critical',
            title: '🚨 CRITICAL: {{ .GroupLabels.alertname }}',
            text: description,
            color: 'danger',
            actions: [{ text: 'View in Grafana', url: '{{ if .CommonAnnotations.dashboard_url }}{{ .CommonAnnotations.dashboard_url }}{{ else }}https://grafana.internal/dashboards{{ end }}' }],
          }),
          Integration.pagerDuty({
            routingKey: SecretRef.fromSecret('erp-pagerduty', 'routing-key'),
            description: '{{ .GroupLabels.alertname }}: {{ (index .Alerts 0).Annotations.summary }}',
            severity: 'critical',
          }),
        ],
      },
      { name: 'database-team', integrations: [Integration.slack({ apiUrl, channel: '#erp-database', title: '⚠️ Database Alert: {{ .GroupLabels.alertname }}' })] },
      { name: 'mobile-team', integrations: [Integration.slack({ apiUrl, channel: '#erp-mobile', title: '📱 Mobile Alert: {{ .GroupLabels.alertname }}' })] },
      {
        name: 'ops-team-email',
        integrations: [Integration.email({
          to: 'ops-team@qutykarunia.com',
          from: 'alertmanager@qutykarunia.com',
          smarthost: 'smtp.qutykarunia.com:587',
          authUsername: 'alertmanager@qutykarunia.com',
          authPassword: SecretRef.fromSecret('erp-smtp', 'password'),
          subject: 'Critical Error: {{ .CommonAnnotations.summary }}',
        })],
      },
    ],
    // the log alert goes to e-mail ahead of the critical route: a log line never pages
    routesBefore: [{ matchers: [Matcher.eq('alertname', 'CriticalErrorLogged')], receiver: 'ops-team-email' }],
    routes: [
      { severity: Severity.CRITICAL, receiver: 'critical-team', groupWait: Duration.seconds(1), repeatInterval: Duration.minutes(5), continue: true },
      { team: 'database', receiver: 'database-team', groupBy: ['alertname', 'instance'], repeatInterval: Duration.minutes(30) },
      { team: 'mobile', receiver: 'mobile-team', repeatInterval: Duration.hours(1) },
      { matchers: [Matcher.regex('team', 'backend|infrastructure')], receiver: 'default-receiver' },
    ],
  };
}

/** The seed's inhibit rules, and where the seed's alerts must arrive. */
export function addRoutingChecks(config: AlertmanagerConfig): void {
  config.addInhibitRule({ source: [Matcher.eq('severity', 'critical')], target: [Matcher.eq('severity', 'warning')], equal: ['alertname', 'instance'] });
  config.addInhibitRule({ source: [Matcher.eq('alertname', 'APIServiceDown')], target: [Matcher.regex('alertname', 'High.*')], equal: ['instance'] });

  config.expectAlertRoute('DatabaseDown', ['critical-team', 'database-team']);
  config.expectAlertRoute('APIServiceDown', ['critical-team', 'default-receiver']);
  config.expectAlertRoute('SlowQueries', ['database-team']);
  config.expectAlertRoute('HighSyncQueueBacklog', ['mobile-team']);
  config.expectAlertRoute('HighMemoryUsage', ['default-receiver']);
  config.expectAlertRoute('CriticalErrorLogged', ['ops-team-email']);
  config.requireCoverage(ERP_ALERT_LABELS);
}
