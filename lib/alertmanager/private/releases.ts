// The releases that added the integrations and fields the library renders, read from the upstream sources:
// Alertmanager's config/notifiers.go and notify/*/config.go of each tag (v0.25.0 to v0.33.0), and the
// AlertmanagerConfig CRD (example/prometheus-operator-crd/monitoring.coreos.com_alertmanagerconfigs.yaml)
// of each Prometheus Operator tag from v0.60.0 to v0.93.0. Not public API.

import { AlertmanagerVersion, PrometheusOperatorVersion } from '../../core/target-versions';

/** Alertmanager releases, by the first release that reads a field. @internal */
export const ALERTMANAGER = {
  /** msteams_configs; bot_token_file (Telegram), user_key_file / token_file / device (Pushover), webhook url_file. */
  V0_26: AlertmanagerVersion.V0_26,
  /** webhook_url_file (Discord, Microsoft Teams), msteams summary, Pushover ttl. */
  V0_27: AlertmanagerVersion.V0_27,
  /** msteamsv2_configs, jira_configs, rocketchat_configs; Discord content / username / avatar_url, Telegram message_thread_id. */
  V0_28: AlertmanagerVersion.V0_28,
  /** incidentio_configs; Jira api_type, Pushover monospace. */
  V0_29: AlertmanagerVersion.of('0.29'),
  /** mattermost_configs; Slack and PagerDuty timeout. */
  V0_30: AlertmanagerVersion.of('0.30'),
  /** WeChat api_secret_file. */
  V0_31: AlertmanagerVersion.of('0.31'),
  /** Mattermost attachment fields (title, color...). */
  V0_32: AlertmanagerVersion.of('0.32'),
} as const;

/** Prometheus Operator releases, by the first release whose AlertmanagerConfig CRD has a field. @internal */
export const OPERATOR = {
  /** discordConfigs. */
  V0_67: PrometheusOperatorVersion.of('0.67'),
  /** webexConfigs. */
  V0_68: PrometheusOperatorVersion.of('0.68'),
  /** msteamsConfigs. */
  V0_69: PrometheusOperatorVersion.of('0.69'),
  /** pushoverConfigs device. */
  V0_70: PrometheusOperatorVersion.of('0.70'),
  /** msteamsConfigs summary. */
  V0_73: PrometheusOperatorVersion.of('0.73'),
  /** pushoverConfigs ttl. */
  V0_75: PrometheusOperatorVersion.of('0.75'),
  /** telegramConfigs messageThreadID. */
  V0_79: PrometheusOperatorVersion.of('0.79'),
  /** msteamsv2Configs; discordConfigs content / username / avatarURL. */
  V0_82: PrometheusOperatorVersion.of('0.82'),
  /** rocketchatConfigs. */
  V0_85: PrometheusOperatorVersion.of('0.85'),
  /** pushoverConfigs monospace. */
  V0_87: PrometheusOperatorVersion.of('0.87'),
  /** slackConfigs timeout. */
  V0_88: PrometheusOperatorVersion.of('0.88'),
} as const;

/** The newest operator release whose CRD the library is checked against (the vendored CRDs). @internal */
export const VENDORED_OPERATOR = PrometheusOperatorVersion.V0_93;
