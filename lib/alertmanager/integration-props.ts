import { Duration } from 'cdk8s';
import { SecretRef } from '../core';

// The properties of each integration (`Integration.slack(props)`...), kept apart from the classes that
// check and render them (integrations.ts). Each field names its `alertmanager.yaml` field and its
// `AlertmanagerConfig` field; a field newer than the oldest release the configuration targets is refused
// at synth with the release it needs (Alertmanager: `targetVersions.alertmanager`, or an
// `AlertmanagerConfigSecret`'s `alertmanagerVersion`; `AlertmanagerConfig` fields: also
// `targetVersions.prometheusOperator`).

/** Fields shared by every integration. */
export interface IntegrationOptions {
  /**
   * Whether to notify when alerts resolve. Maps to `send_resolved`.
   * @default - Alertmanager's default for the integration
   */
  readonly sendResolved?: boolean;
}

/** A button in a Slack message. */
export interface SlackAction {
  /** Button text. */
  readonly text: string;
  /** Link the button opens (may use templates). */
  readonly url: string;
  /**
   * Button style: `default`, `primary` or `danger`.
   * @default - Slack's default
   */
  readonly style?: string;
}

/**
 * A Slack message.
 * @see https://prometheus.io/docs/alerting/latest/configuration/#slack_config
 */
export interface SlackIntegrationProps extends IntegrationOptions {
  /** The incoming-webhook URL. Maps to `api_url_file` / `apiURL`. */
  readonly apiUrl: SecretRef;
  /**
   * Channel or user (`#alerts`, `@someone`). Maps to `channel`.
   * @default - the webhook's channel
   */
  readonly channel?: string;
  /**
   * Message title. Maps to `title`.
   * @default - the `observability.title` template
   */
  readonly title?: string;
  /**
   * Message body. Maps to `text`.
   * @default - the `observability.text` template (summary, description, runbook and silence links)
   */
  readonly text?: string;
  /**
   * Attachment colour (`good`, `warning`, `danger`, `#439FE0`, or a template). Maps to `color`.
   * @default - red while firing, green when resolved
   */
  readonly color?: string;
  /**
   * Emoji used as the bot icon (`:warning:`). Maps to `icon_emoji`.
   * @default - the webhook's icon
   */
  readonly iconEmoji?: string;
  /**
   * Bot name. Maps to `username`.
   * @default - the webhook's name
   */
  readonly username?: string;
  /**
   * Buttons. Maps to `actions`.
   * @default - none
   */
  readonly actions?: SlackAction[];
  /**
   * Request timeout. Maps to `timeout`; needs Alertmanager 0.30 and, in an `AlertmanagerConfig` resource,
   * Prometheus Operator 0.88.
   * @default - none
   */
  readonly timeout?: Duration;
}

/**
 * A PagerDuty incident, through the Events API v2 (`routingKey`) or the legacy Events API v1
 * (`serviceKey`, the "Prometheus" integration of older PagerDuty services): give exactly one of them.
 * @see https://prometheus.io/docs/alerting/latest/configuration/#pagerduty_config
 */
export interface PagerDutyIntegrationProps extends IntegrationOptions {
  /**
   * The Events API v2 integration key. Maps to `routing_key_file` / `routingKey`.
   * @default - none; `serviceKey` is required then
   */
  readonly routingKey?: SecretRef;
  /**
   * The Events API v1 service key (the seeds' `service_key`). Maps to `service_key_file` / `serviceKey`.
   * Alertmanager then posts to PagerDuty's v1 endpoint, which has no `severity` and no custom `url`.
   * @default - none; `routingKey` is required then
   */
  readonly serviceKey?: SecretRef;
  /**
   * Incident severity (`critical`, `error`, `warning`, `info`, or a template); Events API v2 only. Maps to `severity`.
   * @default - `error`
   */
  readonly severity?: string;
  /**
   * Incident summary. Maps to `description`.
   * @default - the `observability.pager_description` template
   */
  readonly description?: string;
  /**
   * Extra details shown in the incident. Maps to `details`.
   * @default - Alertmanager's firing/resolved/num_firing/num_resolved
   */
  readonly details?: { [key: string]: string };
  /**
   * Events API v2 endpoint (not a credential). Maps to `url`.
   * @default - https://events.pagerduty.com/v2/enqueue
   */
  readonly url?: string;
}

/** Who an Opsgenie alert goes to. */
export interface OpsgenieResponder {
  /** `team`, `user`, `escalation` or `schedule`. */
  readonly type: string;
  /** The responder's name. */
  readonly name: string;
}

/**
 * An Opsgenie alert.
 * @see https://prometheus.io/docs/alerting/latest/configuration/#opsgenie_config
 */
export interface OpsgenieIntegrationProps extends IntegrationOptions {
  /** The API key. Maps to `api_key_file` / `apiKey`. */
  readonly apiKey: SecretRef;
  /**
   * Alert text. Maps to `message`.
   * @default - the `observability.pager_description` template
   */
  readonly message?: string;
  /**
   * Alert description. Maps to `description`.
   * @default - the `observability.text` template
   */
  readonly description?: string;
  /**
   * Priority `P1`..`P5` (or a template). Maps to `priority`.
   * @default - Opsgenie's default (P3)
   */
  readonly priority?: string;
  /**
   * Responders. Maps to `responders`.
   * @default - the API key's team
   */
  readonly responders?: OpsgenieResponder[];
  /**
   * API endpoint, e.g. the EU one (not a credential). Maps to `api_url`.
   * @default - https://api.opsgenie.com/
   */
  readonly apiUrl?: string;
}

/**
 * An e-mail.
 * @see https://prometheus.io/docs/alerting/latest/configuration/#email_config
 */
export interface EmailIntegrationProps extends IntegrationOptions {
  /** Recipient address(es), comma-separated. Maps to `to`. */
  readonly to: string;
  /** Sender address. Maps to `from`. */
  readonly from: string;
  /** SMTP server `host:port`. Maps to `smarthost`. */
  readonly smarthost: string;
  /**
   * SMTP user name. Maps to `auth_username`.
   * @default - no authentication
   */
  readonly authUsername?: string;
  /**
   * SMTP password. Maps to `auth_password_file` / `authPassword`.
   * @default - no authentication
   */
  readonly authPassword?: SecretRef;
  /**
   * Subject line. Maps to the `Subject` header.
   * @default - the `observability.title` template
   */
  readonly subject?: string;
  /**
   * Whether STARTTLS is required. Maps to `require_tls`.
   * @default true
   */
  readonly requireTls?: boolean;
}

/**
 * An HTTP POST of Alertmanager's webhook JSON payload. Give exactly one of `url` (an endpoint that is
 * not itself a secret, e.g. an in-cluster relay, typically with a `bearerToken`) and `urlSecret` (a URL
 * that embeds a token).
 * @see https://prometheus.io/docs/alerting/latest/configuration/#webhook_config
 */
export interface WebhookIntegrationProps extends IntegrationOptions {
  /**
   * Endpoint that carries no credential (no `user:password@`). Maps to `url`.
   * @default - none; `urlSecret` is required then
   */
  readonly url?: string;
  /**
   * Endpoint held in a Secret. Maps to `urlSecret` in `AlertmanagerConfig` resources and to `url_file`
   * in `alertmanager.yaml`, which needs Alertmanager 0.26 (`alertmanagerVersion`).
   * @default - none; `url` is required then
   */
  readonly urlSecret?: SecretRef;
  /**
   * Bearer token sent in the `Authorization` header. Maps to `http_config.authorization.credentials_file`.
   * @default - no authorization
   */
  readonly bearerToken?: SecretRef;
  /**
   * Most alerts per message: a count, an integer >= 0 (0 = all). Maps to `max_alerts`.
   * @default 0
   */
  readonly maxAlerts?: number;
}

/**
 * A message to a Microsoft Teams channel through an Office 365 connector webhook. Microsoft retired
 * these connectors: prefer `Integration.msTeamsV2()` (a Workflows webhook) for new channels.
 *
 * Needs Alertmanager 0.26 (`msteams_configs`), and 0.27 in `alertmanager.yaml`, where the webhook URL
 * is read from a file (`webhook_url_file`); Prometheus Operator 0.69 in an `AlertmanagerConfig`.
 * @see https://prometheus.io/docs/alerting/latest/configuration/#msteams_config
 */
export interface MsTeamsIntegrationProps extends IntegrationOptions {
  /** The connector's incoming-webhook URL. Maps to `webhook_url_file` / `webhookUrl`. */
  readonly webhookUrl: SecretRef;
  /**
   * Message title. Maps to `title`.
   * @default - the `observability.title` template
   */
  readonly title?: string;
  /**
   * Message body. Maps to `text`.
   * @default - the `observability.text` template (summary, description, runbook and silence links)
   */
  readonly text?: string;
  /**
   * Notification preview text. Maps to `summary`; needs Alertmanager 0.27 and, in an
   * `AlertmanagerConfig`, Prometheus Operator 0.73.
   * @default - Alertmanager's `msteams.default.summary`
   */
  readonly summary?: string;
}

/**
 * A Microsoft Teams message (an adaptive card) through a Teams Workflows (Power Automate) webhook, the
 * replacement of the retired Office 365 connectors.
 *
 * Needs Alertmanager 0.28 (`msteamsv2_configs`) and, in an `AlertmanagerConfig`, Prometheus Operator 0.82.
 * @see https://prometheus.io/docs/alerting/latest/configuration/#msteamsv2_config
 */
export interface MsTeamsV2IntegrationProps extends IntegrationOptions {
  /** The workflow's webhook URL. Maps to `webhook_url_file` / `webhookURL`. */
  readonly webhookUrl: SecretRef;
  /**
   * Card title. Maps to `title`.
   * @default - the `observability.title` template
   */
  readonly title?: string;
  /**
   * Card body. Maps to `text`.
   * @default - the `observability.text` template (summary, description, runbook and silence links)
   */
  readonly text?: string;
}

/**
 * A Discord message through a channel webhook.
 *
 * Needs Alertmanager 0.27 in `alertmanager.yaml` (`webhook_url_file`), and Prometheus Operator 0.67 in an
 * `AlertmanagerConfig`.
 * @see https://prometheus.io/docs/alerting/latest/configuration/#discord_config
 */
export interface DiscordIntegrationProps extends IntegrationOptions {
  /** The channel's webhook URL. Maps to `webhook_url_file` / `apiURL`. */
  readonly webhookUrl: SecretRef;
  /**
   * Embed title. Maps to `title`.
   * @default - the `observability.title` template
   */
  readonly title?: string;
  /**
   * Embed description. Maps to `message`.
   * @default - the `observability.text` template (summary, description, runbook and silence links)
   */
  readonly message?: string;
  /**
   * Text above the embed (mentions such as `<@&role-id>` notify there). Maps to `content`; needs
   * Alertmanager 0.28 and, in an `AlertmanagerConfig`, Prometheus Operator 0.82.
   * @default - none
   */
  readonly content?: string;
  /**
   * Name the message is posted under. Maps to `username`; needs Alertmanager 0.28 and, in an
   * `AlertmanagerConfig`, Prometheus Operator 0.82.
   * @default - the webhook's name
   */
  readonly username?: string;
  /**
   * Avatar image URL of the poster (not a credential). Maps to `avatar_url` / `avatarURL`; needs
   * Alertmanager 0.28 and, in an `AlertmanagerConfig`, Prometheus Operator 0.82.
   * @default - the webhook's avatar
   */
  readonly avatarUrl?: string;
}

/** How Telegram formats a message (`parse_mode`). */
export enum TelegramParseMode {
  /** Telegram's HTML subset (Alertmanager's default). */
  HTML = 'HTML',
  /** Telegram's legacy Markdown. */
  MARKDOWN = 'Markdown',
  /** Telegram's MarkdownV2 (every reserved character escaped). */
  MARKDOWN_V2 = 'MarkdownV2',
}

/**
 * A Telegram message from a bot.
 *
 * Needs Alertmanager 0.26 in `alertmanager.yaml`, where the bot token is read from a file (`bot_token_file`).
 * @see https://prometheus.io/docs/alerting/latest/configuration/#telegram_config
 */
export interface TelegramIntegrationProps extends IntegrationOptions {
  /** The bot's token. Maps to `bot_token_file` / `botToken`. */
  readonly botToken: SecretRef;
  /** The chat, group or channel id, an integer (negative for groups and channels). Maps to `chat_id` / `chatID`. */
  readonly chatId: number;
  /**
   * Topic of a forum group, an integer. Maps to `message_thread_id` / `messageThreadID`; needs
   * Alertmanager 0.28 and, in an `AlertmanagerConfig`, Prometheus Operator 0.79.
   * @default - the group's general topic
   */
  readonly messageThreadId?: number;
  /**
   * Message text, in the `parseMode` syntax. Maps to `message`.
   * @default - Alertmanager's `telegram.default.message` (written for HTML)
   */
  readonly message?: string;
  /**
   * How Telegram formats the message. Maps to `parse_mode` / `parseMode`.
   * @default TelegramParseMode.HTML
   */
  readonly parseMode?: TelegramParseMode;
  /**
   * Whether the message arrives silently. Maps to `disable_notifications` / `disableNotifications`.
   * @default false
   */
  readonly disableNotifications?: boolean;
  /**
   * Bot API endpoint (not a credential). Maps to `api_url` / `apiURL`.
   * @default - https://api.telegram.org
   */
  readonly apiUrl?: string;
}

/**
 * A Cisco Webex message to a room, from a bot.
 *
 * Needs Prometheus Operator 0.68 in an `AlertmanagerConfig`.
 * @see https://prometheus.io/docs/alerting/latest/configuration/#webex_config
 */
export interface WebexIntegrationProps extends IntegrationOptions {
  /** The room's id. Maps to `room_id` / `roomID`. */
  readonly roomId: string;
  /**
   * The bot's access token, sent as a bearer token. Maps to `http_config.authorization.credentials_file`
   * / `httpConfig.authorization.credentials`.
   */
  readonly botToken: SecretRef;
  /**
   * Message text (Markdown). Maps to `message`.
   * @default - Alertmanager's `webex.default.message`
   */
  readonly message?: string;
  /**
   * Messages API endpoint (not a credential). Maps to `api_url` / `apiURL`.
   * @default - https://webexapis.com/v1/messages
   */
  readonly apiUrl?: string;
}

/**
 * An Amazon SNS notification to a topic, a phone number (SMS) or a mobile endpoint: give exactly one of
 * `topicArn`, `phoneNumber` and `targetArn`. It pages when it sends SMS (`phoneNumber`).
 *
 * AWS credentials: by default the ones of the Alertmanager pod (IAM roles for service accounts, instance
 * profile, environment), optionally assuming `roleArn`. Static keys (`accessKey`, `secretKey`) are only
 * possible in an `AlertmanagerConfig` resource: `alertmanager.yaml` has no file form for them.
 * @see https://prometheus.io/docs/alerting/latest/configuration/#sns_config
 */
export interface SnsIntegrationProps extends IntegrationOptions {
  /**
   * Topic ARN (`arn:aws:sns:<region>:<account>:<topic>`, or a template). Maps to `topic_arn` / `topicARN`.
   * @default - none; `phoneNumber` or `targetArn` is required then
   */
  readonly topicArn?: string;
  /**
   * Phone number for SMS, in E.164 format (`+15551234567`, or a template). Maps to `phone_number` / `phoneNumber`.
   * @default - none; `topicArn` or `targetArn` is required then
   */
  readonly phoneNumber?: string;
  /**
   * Mobile platform endpoint ARN (or a template). Maps to `target_arn` / `targetARN`.
   * @default - none; `topicArn` or `phoneNumber` is required then
   */
  readonly targetArn?: string;
  /**
   * Subject, for e-mail subscribers of a topic. Maps to `subject`.
   * @default - Alertmanager's `sns.default.subject`
   */
  readonly subject?: string;
  /**
   * Message body. Maps to `message`.
   * @default - Alertmanager's `sns.default.message`
   */
  readonly message?: string;
  /**
   * Message attributes (for subscription filter policies). Maps to `attributes`.
   * @default - none
   */
  readonly attributes?: { [name: string]: string };
  /**
   * SNS API endpoint (not a credential). Maps to `api_url` / `apiURL`.
   * @default - the AWS SDK's endpoint for the region
   */
  readonly apiUrl?: string;
  /**
   * AWS region. Maps to `sigv4.region`.
   * @default - the region of the default credential chain
   */
  readonly region?: string;
  /**
   * IAM role to assume. Maps to `sigv4.role_arn` / `sigv4.roleArn`.
   * @default - none: the credentials are used as they are
   */
  readonly roleArn?: string;
  /**
   * Named AWS profile. Maps to `sigv4.profile`.
   * @default - the default profile
   */
  readonly profile?: string;
  /**
   * Static access key id; only in an `AlertmanagerConfig` resource, with `secretKey`. Maps to `sigv4.accessKey`.
   * @default - the default credential chain
   */
  readonly accessKey?: SecretRef;
  /**
   * Static secret access key; only in an `AlertmanagerConfig` resource, with `accessKey`. Maps to `sigv4.secretKey`.
   * @default - the default credential chain
   */
  readonly secretKey?: SecretRef;
}

/** The Jira deployment Alertmanager talks to (`api_type`). */
export enum JiraApiType {
  /** Decided from the URL: Atlassian Cloud for `*.atlassian.net`, Data Center otherwise. */
  AUTO = 'auto',
  /** Atlassian Cloud (REST API v3, Atlassian Document Format). */
  CLOUD = 'cloud',
  /** Jira Data Center or Server (REST API v2, wiki markup). */
  DATACENTER = 'datacenter',
}

/**
 * A Jira issue per alert group, updated while it fires and resolved (or reopened) with transitions.
 * Authenticate with `username` and `apiToken` (basic authentication, Atlassian Cloud) or with a
 * `bearerToken` (a Data Center personal access token).
 *
 * Needs Alertmanager 0.28 (`jira_configs`). The `AlertmanagerConfig` resource has no Jira integration
 * (Prometheus Operator 0.93): add such receivers to the platform's `alertmanager.yaml` (`AlertmanagerConfigSecret`).
 * @see https://prometheus.io/docs/alerting/latest/configuration/#jira_config
 */
export interface JiraIntegrationProps extends IntegrationOptions {
  /** The REST API URL, with its path (`https://example.atlassian.net/rest/api/2`; not a credential). Maps to `api_url`. */
  readonly apiUrl: string;
  /** Key of the project issues are created in. Maps to `project`. */
  readonly project: string;
  /** Issue type (`Bug`, `Incident`...). Maps to `issue_type`. */
  readonly issueType: string;
  /**
   * User of basic authentication (the Atlassian account's e-mail address), with `apiToken`. Maps to `http_config.basic_auth.username`.
   * @default - none; `bearerToken` is required then
   */
  readonly username?: string;
  /**
   * API token of basic authentication, with `username`. Maps to `http_config.basic_auth.password_file`.
   * @default - none; `bearerToken` is required then
   */
  readonly apiToken?: SecretRef;
  /**
   * Personal access token sent as a bearer token. Maps to `http_config.authorization.credentials_file`.
   * @default - none; `username` and `apiToken` are required then
   */
  readonly bearerToken?: SecretRef;
  /**
   * Jira deployment. Maps to `api_type`; needs Alertmanager 0.29.
   * @default - JiraApiType.AUTO
   */
  readonly apiType?: JiraApiType;
  /**
   * Issue summary. Maps to `summary`.
   * @default - Alertmanager's `jira.default.summary`
   */
  readonly summary?: string;
  /**
   * Issue description. Maps to `description`.
   * @default - Alertmanager's `jira.default.description`
   */
  readonly description?: string;
  /**
   * Issue priority (a name, or a template). Maps to `priority`.
   * @default - Alertmanager's `jira.default.priority`
   */
  readonly priority?: string;
  /**
   * Issue labels (templates allowed). Maps to `labels`.
   * @default - none
   */
  readonly labels?: string[];
  /**
   * Transition applied when the alerts resolve. Maps to `resolve_transition`.
   * @default - the issue stays open
   */
  readonly resolveTransition?: string;
  /**
   * Transition applied to reopen a resolved issue when the alerts fire again. Maps to `reopen_transition`.
   * @default - a new issue is created
   */
  readonly reopenTransition?: string;
  /**
   * Resolution of issues that are not reopened. Maps to `wont_fix_resolution`.
   * @default - none
   */
  readonly wontFixResolution?: string;
  /**
   * How long after it was resolved an issue is reopened rather than a new one created. Maps to `reopen_duration`.
   * @default - always reopened
   */
  readonly reopenDuration?: Duration;
}

/** A field of a Rocket.Chat message attachment. */
export interface RocketChatField {
  /** Field title (templates allowed). */
  readonly title: string;
  /** Field value (templates allowed). */
  readonly value: string;
  /**
   * Whether the field is shown side by side with other short fields.
   * @default false
   */
  readonly short?: boolean;
}

/** A button of a Rocket.Chat message: give `url` (opens a link) or `msg` (posts a message), not both. */
export interface RocketChatAction {
  /** Button text. */
  readonly text: string;
  /**
   * Link the button opens (templates allowed).
   * @default - none; `msg` is required then
   */
  readonly url?: string;
  /**
   * Message the button posts to the channel.
   * @default - none; `url` is required then
   */
  readonly msg?: string;
}

/**
 * A Rocket.Chat message, posted with a user's personal access token.
 *
 * Needs Alertmanager 0.28 (`rocketchat_configs`) and, in an `AlertmanagerConfig`, Prometheus Operator 0.85.
 * @see https://prometheus.io/docs/alerting/latest/configuration/#rocketchat_config
 */
export interface RocketChatIntegrationProps extends IntegrationOptions {
  /** The personal access token. Maps to `token_file` / `token`. */
  readonly token: SecretRef;
  /** The id of the token's user. Maps to `token_id_file` / `tokenID`. */
  readonly tokenId: SecretRef;
  /**
   * Channel (`#alerts`) or user (`@someone`). Maps to `channel`.
   * @default - the token's user's default
   */
  readonly channel?: string;
  /**
   * Attachment title. Maps to `title`.
   * @default - the `observability.title` template
   */
  readonly title?: string;
  /**
   * Link of the title (not a credential). Maps to `title_link` / `titleLink`.
   * @default - Alertmanager's `rocketchat.default.titlelink` (the Alertmanager UI)
   */
  readonly titleLink?: string;
  /**
   * Attachment text. Maps to `text`.
   * @default - the `observability.text` template (summary, description, runbook and silence links)
   */
  readonly text?: string;
  /**
   * Attachment colour (a CSS colour or a template). Maps to `color`.
   * @default - red while firing, green when resolved
   */
  readonly color?: string;
  /**
   * Emoji used as the avatar (`:warning:`). Maps to `emoji`.
   * @default - Alertmanager's `rocketchat.default.emoji`
   */
  readonly emoji?: string;
  /**
   * Avatar image URL. Maps to `icon_url` / `iconURL`.
   * @default - Alertmanager's `rocketchat.default.iconurl`
   */
  readonly iconUrl?: string;
  /**
   * Image shown in the attachment. Maps to `image_url` / `imageURL`.
   * @default - none
   */
  readonly imageUrl?: string;
  /**
   * Thumbnail shown in the attachment. Maps to `thumb_url` / `thumbURL`.
   * @default - none
   */
  readonly thumbUrl?: string;
  /**
   * Whether `@user` and `#channel` mentions become links. Maps to `link_names` / `linkNames`.
   * @default false
   */
  readonly linkNames?: boolean;
  /**
   * Whether fields are shown side by side. Maps to `short_fields` / `shortFields`.
   * @default false
   */
  readonly shortFields?: boolean;
  /**
   * Attachment fields. Maps to `fields`.
   * @default - none
   */
  readonly fields?: RocketChatField[];
  /**
   * Buttons. Maps to `actions`.
   * @default - none
   */
  readonly actions?: RocketChatAction[];
  /**
   * Server URL (not a credential). Maps to `api_url` / `apiURL`.
   * @default - https://open.rocket.chat/
   */
  readonly apiUrl?: string;
}

/**
 * A Pushover push notification to a user's devices (it pages: firing alerts are sent with the emergency
 * priority by default, which repeats until acknowledged).
 *
 * Needs Alertmanager 0.26 in `alertmanager.yaml`, where the keys are read from files (`user_key_file`, `token_file`).
 * @see https://prometheus.io/docs/alerting/latest/configuration/#pushover_config
 */
export interface PushoverIntegrationProps extends IntegrationOptions {
  /** The recipient's user (or group) key. Maps to `user_key_file` / `userKey`. */
  readonly userKey: SecretRef;
  /** The application's API token. Maps to `token_file` / `token`. */
  readonly token: SecretRef;
  /**
   * Notification title. Maps to `title`.
   * @default - the `observability.title` template
   */
  readonly title?: string;
  /**
   * Notification message (Pushover keeps the first 1024 characters). Maps to `message`.
   * @default - the `observability.text` template (summary, description, runbook and silence links)
   */
  readonly message?: string;
  /**
   * Supplementary link (not a credential). Maps to `url`.
   * @default - Alertmanager's `pushover.default.url` (the Alertmanager UI)
   */
  readonly url?: string;
  /**
   * Title of the link. Maps to `url_title` / `urlTitle`.
   * @default - the URL itself
   */
  readonly urlTitle?: string;
  /**
   * Device to notify. Maps to `device`; needs Alertmanager 0.26 and, in an `AlertmanagerConfig`,
   * Prometheus Operator 0.70.
   * @default - every device of the user
   */
  readonly device?: string;
  /**
   * Notification sound. Maps to `sound`.
   * @default - the user's default sound
   */
  readonly sound?: string;
  /**
   * Priority, -2 to 2, or a template that gives one. Maps to `priority`.
   * @default - 2 (emergency) while firing, 0 when resolved
   */
  readonly priority?: string;
  /**
   * How often an emergency notification is repeated until acknowledged, at least 30 seconds. Maps to `retry`.
   * @default Duration.minutes(1)
   */
  readonly retry?: Duration;
  /**
   * How long an emergency notification is repeated, at most 3 hours. Maps to `expire`.
   * @default Duration.hours(1)
   */
  readonly expire?: Duration;
  /**
   * How long the notification is kept on the devices. Maps to `ttl`; needs Alertmanager 0.27 and, in an
   * `AlertmanagerConfig`, Prometheus Operator 0.75.
   * @default - kept until deleted
   */
  readonly ttl?: Duration;
  /**
   * Whether the message is HTML. Maps to `html`.
   * @default false
   */
  readonly html?: boolean;
  /**
   * Whether the message is shown in a monospace font (not with `html`). Maps to `monospace`; needs
   * Alertmanager 0.29 and, in an `AlertmanagerConfig`, Prometheus Operator 0.87.
   * @default false
   */
  readonly monospace?: boolean;
}

/**
 * A Splunk On-Call (VictorOps) incident (it pages).
 * @see https://prometheus.io/docs/alerting/latest/configuration/#victorops_config
 */
export interface VictorOpsIntegrationProps extends IntegrationOptions {
  /** The REST integration's API key. Maps to `api_key_file` / `apiKey`. */
  readonly apiKey: SecretRef;
  /** The routing key that selects the team (a name, not a credential; templates allowed). Maps to `routing_key` / `routingKey`. */
  readonly routingKey: string;
  /**
   * Incident state: `CRITICAL`, `WARNING`, `INFO`, `ACKNOWLEDGEMENT`, `RECOVERY`, or a template. Maps to `message_type` / `messageType`.
   * @default - `CRITICAL`
   */
  readonly messageType?: string;
  /**
   * Incident summary. Maps to `entity_display_name` / `entityDisplayName`.
   * @default - the `observability.pager_description` template
   */
  readonly entityDisplayName?: string;
  /**
   * Incident details. Maps to `state_message` / `stateMessage`.
   * @default - the `observability.text` template (summary, description, runbook and silence links)
   */
  readonly stateMessage?: string;
  /**
   * Name of the monitoring tool shown in the incident. Maps to `monitoring_tool` / `monitoringTool`.
   * @default - Alertmanager's `victorops.default.monitoring_tool`
   */
  readonly monitoringTool?: string;
  /**
   * More incident fields (templates allowed); not the reserved `routing_key`, `message_type`,
   * `state_message`, `entity_display_name`, `monitoring_tool`, `entity_id` and `entity_state`.
   * Maps to `custom_fields` / `customFields`.
   * @default - none
   */
  readonly customFields?: { [name: string]: string };
  /**
   * REST endpoint (not a credential). Maps to `api_url` / `apiUrl`.
   * @default - https://alert.victorops.com/integrations/generic/20131114/alert/
   */
  readonly apiUrl?: string;
}

/** The format of a WeChat Work message (`message_type`). */
export enum WeChatMessageType {
  /** Plain text (Alertmanager's default). */
  TEXT = 'text',
  /** Markdown. */
  MARKDOWN = 'markdown',
}

/**
 * A WeChat Work (企业微信) application message.
 *
 * Needs Alertmanager 0.31 in `alertmanager.yaml`, where the API secret is read from a file (`api_secret_file`).
 * @see https://prometheus.io/docs/alerting/latest/configuration/#wechat_config
 */
export interface WeChatIntegrationProps extends IntegrationOptions {
  /** The application's secret. Maps to `api_secret_file` / `apiSecret`. */
  readonly apiSecret: SecretRef;
  /** The organisation's corp id. Maps to `corp_id` / `corpID`. */
  readonly corpId: string;
  /**
   * The application's agent id. Maps to `agent_id` / `agentID`.
   * @default - Alertmanager's `wechat.default.agent_id`
   */
  readonly agentId?: string;
  /**
   * Users to notify, separated by `|` (`@all` for everyone). Maps to `to_user` / `toUser`.
   * @default - Alertmanager's `wechat.default.to_user`
   */
  readonly toUser?: string;
  /**
   * Departments to notify, separated by `|`. Maps to `to_party` / `toParty`.
   * @default - Alertmanager's `wechat.default.to_party`
   */
  readonly toParty?: string;
  /**
   * Tags to notify, separated by `|`. Maps to `to_tag` / `toTag`.
   * @default - Alertmanager's `wechat.default.to_tag`
   */
  readonly toTag?: string;
  /**
   * Message text. Maps to `message`.
   * @default - Alertmanager's `wechat.default.message`
   */
  readonly message?: string;
  /**
   * Message format. Maps to `message_type` / `messageType`.
   * @default WeChatMessageType.TEXT
   */
  readonly messageType?: WeChatMessageType;
  /**
   * API endpoint (not a credential). Maps to `api_url` / `apiURL`.
   * @default - https://qyapi.weixin.qq.com/cgi-bin/
   */
  readonly apiUrl?: string;
}

/**
 * An alert event to an incident.io HTTP alert source (it pages, through incident.io's on-call). Give
 * exactly one of `url` and `urlSecret`.
 *
 * Needs Alertmanager 0.29 (`incidentio_configs`). The `AlertmanagerConfig` resource has no incident.io
 * integration (Prometheus Operator 0.93): add such receivers to the platform's `alertmanager.yaml`
 * (`AlertmanagerConfigSecret`).
 * @see https://prometheus.io/docs/alerting/latest/configuration/#incidentio_config
 */
export interface IncidentIoIntegrationProps extends IntegrationOptions {
  /**
   * The alert source's URL (`https://api.incident.io/v2/alert_events/http/<source id>`). Maps to `url`.
   * @default - none; `urlSecret` is required then
   */
  readonly url?: string;
  /**
   * The alert source's URL, held in a Secret. Maps to `url_file`.
   * @default - none; `url` is required then
   */
  readonly urlSecret?: SecretRef;
  /** The alert source's token. Maps to `alert_source_token_file`. */
  readonly alertSourceToken: SecretRef;
  /**
   * Most alerts per event: a count, an integer >= 0 (0 = all). Maps to `max_alerts`.
   * @default 0
   */
  readonly maxAlerts?: number;
  /**
   * Request timeout. Maps to `timeout`.
   * @default - none
   */
  readonly timeout?: Duration;
}

/**
 * A Mattermost message through an incoming webhook.
 *
 * Needs Alertmanager 0.30 (`mattermost_configs`). The `AlertmanagerConfig` resource has no Mattermost
 * integration (Prometheus Operator 0.93): add such receivers to the platform's `alertmanager.yaml`
 * (`AlertmanagerConfigSecret`).
 * @see https://prometheus.io/docs/alerting/latest/configuration/#mattermost_config
 */
export interface MattermostIntegrationProps extends IntegrationOptions {
  /** The incoming-webhook URL. Maps to `webhook_url_file`. */
  readonly webhookUrl: SecretRef;
  /**
   * Channel override (the channel's name, not its display name). Maps to `channel`.
   * @default - the webhook's channel
   */
  readonly channel?: string;
  /**
   * Name the message is posted under. Maps to `username`.
   * @default - Alertmanager's `mattermost.default.username`
   */
  readonly username?: string;
  /**
   * Message text (Markdown). Maps to `text`.
   * @default - the `observability.text` template (summary, description, runbook and silence links)
   */
  readonly text?: string;
  /**
   * Attachment title. Maps to `title`; needs Alertmanager 0.32.
   * @default - none before 0.32; Alertmanager's `mattermost.default.title` from 0.32 on
   */
  readonly title?: string;
  /**
   * Attachment colour (a CSS colour or a template). Maps to `color`; needs Alertmanager 0.32.
   * @default - none before 0.32; Alertmanager's `mattermost.default.color` from 0.32 on
   */
  readonly color?: string;
  /**
   * Avatar image URL. Maps to `icon_url`.
   * @default - the webhook's avatar
   */
  readonly iconUrl?: string;
  /**
   * Emoji used as the avatar (`:warning:`). Maps to `icon_emoji`.
   * @default - the webhook's avatar
   */
  readonly iconEmoji?: string;
}
