/**
 * The platform Alertmanager configuration: one `alertmanager.yaml` in the Secret `alertmanager-main`
 * (namespace of the platform chart), holding the platform's own routes and the routing trees of the
 * applications, so that the whole tree is checked and route-tested with amtool.
 *
 * Call it from the platform chart with the `AlertmanagerConfig` each application's `addRouting()`
 * returned in its own chart:
 *
 * ```ts
 * const am = addPlatformAlertmanager(platformChart, env, [gasDelivery, festivals, erp]);
 * // Alertmanager resource: spec.configSecret = am.configSecretName, spec.secrets = am.secretsToMount
 * ```
 *
 * Because the application trees are included here, the `Alertmanager` resource must leave
 * `alertmanagerConfigSelector` unset, or the operator would merge the applications' `AlertmanagerConfig`
 * resources a second time. The Secrets listed in `am.secretsToMount` (also the annotation
 * `observability.cdk8s.io/alertmanager-spec-secrets` on the Secret) must exist in the Alertmanager's
 * namespace and be listed in `Alertmanager.spec.secrets`.
 */
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { SecretRef } from '../../lib';
import { AlertmanagerConfig, AlertmanagerConfigSecret, Integration, Matcher } from '../../lib/alertmanager';
import { EnvironmentConfig } from '../environments';

/**
 * Builds the platform `alertmanager.yaml` Secret for an environment, including the given applications.
 *
 * Platform routes (after the application trees, which the operator-style `continue: true` lets through):
 * - `Watchdog` (the always-firing heartbeat) goes nowhere (`blackhole`) instead of spamming a channel;
 * - critical alerts of the cluster's own namespaces (`monitoring`, `kube-system`) page the platform team
 *   through Opsgenie (a Slack message in environments without paging);
 * - everything else that reaches the root goes to `#platform-alerts`.
 */
export function addPlatformAlertmanager(scope: Construct, env: EnvironmentConfig, applications: AlertmanagerConfig[]): AlertmanagerConfigSecret {
  const am = new AlertmanagerConfigSecret(scope, 'Alertmanager', {
    paging: env.paging,
    receiver: 'platform-default',
    groupBy: ['alertname', 'namespace'],
    groupWait: Duration.seconds(30),
    groupInterval: Duration.minutes(5),
    repeatInterval: Duration.hours(4),
  });
  const platformSlack = (channel: string) => Integration.slack({ apiUrl: SecretRef.fromSecret('platform-slack', 'webhook-url'), channel, sendResolved: true });

  am.addReceiver('platform-default', { integrations: [platformSlack('#platform-alerts')] });
  am.addReceiver('platform-oncall', {
    integrations: [Integration.opsgenie({ apiKey: SecretRef.fromSecret('platform-opsgenie', 'api-key'), priority: 'P1', responders: [{ type: 'team', name: 'platform' }] })],
    whenPagingDisabled: [platformSlack('#platform-oncall')],
  });
  am.addReceiver('blackhole');

  am.route.addRoute({ matchers: [Matcher.eq('alertname', 'Watchdog')], receiver: 'blackhole' });
  am.route.addRoute({ matchers: [Matcher.eq('severity', 'critical'), Matcher.regex('namespace', 'monitoring|kube-system')], receiver: 'platform-oncall' });

  am.expectRoute({ alertname: 'Watchdog', severity: 'none' }, ['blackhole']);
  am.expectRoute({ alertname: 'KubeAPIDown', severity: 'critical', namespace: 'kube-system' }, ['platform-oncall']);
  am.expectRoute({ alertname: 'KubePodCrashLooping', severity: 'warning', namespace: 'kube-system' }, ['platform-default']);

  for (const application of applications) am.addApplication(application);
  return am;
}
