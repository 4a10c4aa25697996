import { Duration } from 'cdk8s';
import { PrometheusDuration, quote, SecretRef, ValidationError } from '../core';
import { deferChecks } from '../core/problems';
import { redactUrl } from '../core/secret-scan';
import { checkNumber, optionalArray, optionalBoolean, optionalDuration, optionalString, optionalStringMap, requireObject, requireString } from '../core/untyped';
import { MessageTemplates } from './templates';
import { AlertmanagerVersion } from './version';

/** The two renderings of an Alertmanager configuration. */
export enum RenderTarget {
  /** A complete `alertmanager.yaml` (snake_case fields, credentials through `*_file` fields). */
  CONFIG_FILE = 'config-file',
  /** An `AlertmanagerConfig` custom resource (camelCase fields, credentials as Secret key selectors). */
  CUSTOM_RESOURCE = 'custom-resource',
}

/**
 * What an integration needs while it renders: where errors point, the target Alertmanager release, and
 * the two ways of turning a `SecretRef` into output (a mounted file path, or a Secret key selector),
 * which also record the Secrets that must be mounted.
 */
export class IntegrationContext {
  /** The rendering being produced. */
  public readonly target: RenderTarget;
  /** The Alertmanager release targeted by a config file. */
  public readonly version: AlertmanagerVersion;
  /** Path of the receiver being rendered, for error messages. */
  public readonly path: string;
  private readonly mountRoot: string;
  /** Names of the Secrets referenced so far (mounted files, or key selectors). */
  private readonly secrets: Set<string>;

  /**
   * Creates the IntegrationContext, for the renderers of lib/alertmanager/render.ts: the constructor is private, so that the declarations, which leave out
   * @internal members, still declare no way to create one.
   * @internal
   */
  public static _create(target: RenderTarget, version: AlertmanagerVersion, path: string, mountRoot: string, secrets: Set<string>): IntegrationContext {
    return new IntegrationContext(target, version, path, mountRoot, secrets);
  }

  private constructor(target: RenderTarget, version: AlertmanagerVersion, path: string, mountRoot: string, secrets: Set<string>) {
    this.target = target;
    this.version = version;
    this.path = path;
    this.mountRoot = mountRoot;
    this.secrets = secrets;
  }

  /**
   * The file path Alertmanager reads a credential from (`/etc/alertmanager/secrets/<secret>/<key>` for a
   * Secret reference, which is recorded as a Secret to mount; a file reference's own path otherwise).
   */
  public secretFile(ref: SecretRef): string {
    if (ref.secretName !== undefined) this.secrets.add(ref.secretName);
    return ref.filePath(this.mountRoot);
  }

  /**
   * The Secret key selector of a credential, for a custom resource.
   * @param field the field name, for the error
   * @throws ValidationError for a `SecretRef.fromFile`, which the operator cannot read
   */
  public secretKeySelector(ref: SecretRef, field: string): { name: string; key: string } {
    if (ref.secretName === undefined || ref.key === undefined) {
      throw ValidationError.at(this.path, `${field}: an AlertmanagerConfig resource takes credentials from a Secret in its namespace (SecretRef.fromSecret(name, key)); received the file reference ${quote(ref.path)}`);
    }
    this.secrets.add(ref.secretName);
    return ref.toSecretKeySelector();
  }

  /**
   * Fails when the targeted Alertmanager release is older than `minimum`.
   * @param minimum the first release with the feature
   * @param feature the field, for the message
   */
  public requireVersion(minimum: AlertmanagerVersion, feature: string): void {
    if (!this.version.atLeast(minimum)) {
      throw ValidationError.at(this.path, `${feature} needs Alertmanager ${minimum} or later; the config targets ${this.version} (alertmanagerVersion, else targetVersions.alertmanager). Set it to AlertmanagerVersion.of('${minimum}') or later if every Alertmanager that loads the file runs it`);
    }
  }
}

/** Fields shared by every integration. */
export interface IntegrationOptions {
  /**
   * Whether to notify when alerts resolve. Maps to `send_resolved`.
   * @default - Alertmanager's default for the integration
   */
  readonly sendResolved?: boolean;
}

/**
 * One way a receiver notifies (a Slack channel, a PagerDuty service, an e-mail address...).
 *
 * Extend this class to support another Alertmanager integration: give its field names in both
 * renderings, whether it pages people, and render its fields, taking credentials only through
 * `context.secretFile()` / `context.secretKeySelector()`.
 */
export abstract class Integration {
  /**
   * A Slack message through an incoming webhook. An invalid property is reported by the receiver that
   * uses the integration, with its path: `[app/Alertmanager] receiver "team" integrations[0]: channel: ...`.
   */
  public static slack(props: SlackIntegrationProps): SlackIntegration {
    return new SlackIntegration(props);
  }

  /**
   * A PagerDuty incident through the Events API v2 (pages). An invalid property is reported by the
   * receiver that uses the integration, with its path and field.
   */
  public static pagerDuty(props: PagerDutyIntegrationProps): PagerDutyIntegration {
    return new PagerDutyIntegration(props);
  }

  /**
   * An Opsgenie alert (pages). An invalid property is reported by the receiver that uses the
   * integration, with its path and field.
   */
  public static opsgenie(props: OpsgenieIntegrationProps): OpsgenieIntegration {
    return new OpsgenieIntegration(props);
  }

  /**
   * An e-mail. An invalid property is reported by the receiver that uses the integration, with its path
   * and field.
   */
  public static email(props: EmailIntegrationProps): EmailIntegration {
    return new EmailIntegration(props);
  }

  /**
   * An HTTP POST of Alertmanager's webhook payload. An invalid property is reported by the receiver
   * that uses the integration, with its path and field.
   */
  public static webhook(props: WebhookIntegrationProps): WebhookIntegration {
    return new WebhookIntegration(props);
  }

  /** The list the integration goes to in `alertmanager.yaml` (`slack_configs`). */
  public abstract readonly configFileField: string;
  /** The list the integration goes to in an `AlertmanagerConfig` receiver (`slackConfigs`). */
  public abstract readonly customResourceField: string;
  /**
   * Whether it pages people (phone, SMS, push): paging integrations are dropped, or replaced by the
   * receiver's `whenPagingDisabled` integrations, in configurations with `paging: false`.
   */
  public abstract readonly paging: boolean;

  /** The integration's entry in `alertmanager.yaml`. */
  public abstract renderConfigFile(context: IntegrationContext): { [key: string]: unknown };

  /** The integration's entry in an `AlertmanagerConfig` resource. */
  public abstract renderCustomResource(context: IntegrationContext): { [key: string]: unknown };

  /**
   * The fields Alertmanager expands as notification templates when it sends, by property name
   * (`title`, `actions[0].url`), with the text given or defaulted; the receiver checks each one.
   * @internal
   */
  public _templateFields(): { [field: string]: string | undefined } {
    return {};
  }
}

/**
 * Refuses anything but a `SecretRef` for a credential: the types already forbid strings, this also
 * stops JavaScript callers and `as any` casts from putting a credential into the output.
 */
function secret(value: SecretRef | undefined, field: string, optional = false): void {
  if (value === undefined && optional) return;
  if (!(value instanceof SecretRef)) {
    const shown = typeof value === 'string' ? 'a plain string' : quote(typeof value);
    throw new ValidationError(`${field}: must be a SecretRef (SecretRef.fromSecret(name, key) or SecretRef.fromFile(path)), so that no credential is written to the output; received ${shown}`);
  }
}

/**
 * Checks the props of an integration's constructor: a problem is kept with the integration, for the
 * receiver that uses it to raise with its path and field (see `Receiver`); returns the props to keep
 * (an empty object when they are not an object at all: such an integration is never rendered).
 */
function checkedProps<P extends IntegrationOptions>(integration: Integration, props: P, example: string, strings: string[], check: (props: P) => void): P {
  const ok = deferChecks(integration, () => {
    requireObject(props, 'props', example);
    optionalBoolean(props.sendResolved, 'sendResolved');
    for (const field of strings) optionalString((props as unknown as { [key: string]: unknown })[field], field, "'...'");
    check(props);
  });
  return ok || (typeof props === 'object' && props !== null && !Array.isArray(props)) ? props : ({} as P);
}

function timeout(d: Duration | undefined): string | undefined {
  return d === undefined ? undefined : PrometheusDuration.format(d);
}

function checkUrl(url: string, field: string): string {
  if (!/^https?:\/\/[^\s/@]+(\/[^\s]*)?$/.test(url)) {
    // the URL may hold a credential (the reason it is refused): it goes to CI logs redacted
    const shown = redactUrl(url);
    throw new ValidationError(`${field}: must be an http(s) URL without credentials (user:password@) or white space; received ${quote(shown)}${shown === url ? '' : ' (user info, query values and long path segments hidden)'}`);
  }
  return url;
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
   * Request timeout (Alertmanager 0.27+ only). Maps to `timeout`.
   * @default - none
   */
  readonly timeout?: Duration;
}

/** A Slack integration. Created by `Integration.slack()`. */
export class SlackIntegration extends Integration {
  public readonly configFileField = 'slack_configs';
  public readonly customResourceField = 'slackConfigs';
  public readonly paging = false;
  /** The properties given. */
  public readonly props: SlackIntegrationProps;
  /** Message title (`title`, else the `observability.title` template). */
  public readonly title: string;
  /** Message body (`text`, else the `observability.text` template). */
  public readonly text: string;
  /** Attachment colour (`color`, else red while firing and green when resolved). */
  public readonly color: string;

  /**
   * An invalid property is reported by the receiver that uses the integration, with its path and field.
   * @deprecated `Integration.slack(props)`, the one way to create it; the constructor will not be public from 0.6.0
   */
  public constructor(props: SlackIntegrationProps) {
    super();
    this.props = checkedProps(this, props, "{ apiUrl: SecretRef.fromSecret('slack', 'url') }", ['channel', 'title', 'text', 'color', 'iconEmoji', 'username'], () => {
      secret(props.apiUrl, 'apiUrl');
      if (props.channel !== undefined && !/^[#@]?[^\s]+$/.test(props.channel)) {
        throw new ValidationError(`channel: must be a Slack channel (#name) or user (@name) without white space; received ${quote(props.channel)}`);
      }
      optionalDuration(props.timeout, 'timeout');
      (optionalArray(props.actions, 'actions', "[{ text: 'Runbook', url: '{{ .CommonAnnotations.runbook_url }}' }]") ?? []).forEach((a, i) => {
        requireObject(a, `actions[${i}]`, "{ text: 'Runbook', url: '...' }");
        requireString(a.text, `actions[${i}].text`, "'Runbook'");
        requireString(a.url, `actions[${i}].url`, "'{{ .CommonAnnotations.runbook_url }}'");
        if (a.style !== undefined && !['default', 'primary', 'danger'].includes(a.style)) {
          throw new ValidationError(`actions style: must be "default", "primary" or "danger"; received ${quote(a.style)}`);
        }
      });
    });
    this.title = this.props.title ?? MessageTemplates.ref(MessageTemplates.TITLE);
    this.text = this.props.text ?? MessageTemplates.ref(MessageTemplates.TEXT);
    this.color = this.props.color ?? '{{ if eq .Status "firing" }}danger{{ else }}good{{ end }}';
  }

  private common() {
    const p = this.props;
    return {
      channel: p.channel,
      title: this.title,
      text: this.text,
      color: this.color,
      username: p.username,
      actions: p.actions?.map((a) => ({ type: 'button', text: a.text, url: a.url, style: a.style })),
      timeout: timeout(p.timeout),
    };
  }

  /** @internal */
  public _templateFields(): { [field: string]: string | undefined } {
    const c = this.common();
    const fields: { [field: string]: string | undefined } = {
      channel: c.channel, title: c.title, text: c.text, color: c.color, username: c.username, iconEmoji: this.props.iconEmoji,
    };
    (this.props.actions ?? []).forEach((a, i) => {
      fields[`actions[${i}].text`] = a.text;
      fields[`actions[${i}].url`] = a.url;
    });
    return fields;
  }

  public renderConfigFile(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    if (p.timeout !== undefined) context.requireVersion(AlertmanagerVersion.V0_27, 'slack timeout');
    return {
      send_resolved: p.sendResolved,
      api_url_file: context.secretFile(p.apiUrl),
      ...this.common(),
      icon_emoji: p.iconEmoji,
    };
  }

  public renderCustomResource(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    return {
      sendResolved: p.sendResolved,
      apiUrl: context.secretKeySelector(p.apiUrl, 'apiUrl'),
      ...this.common(),
      iconEmoji: p.iconEmoji,
    };
  }
}

/**
 * A PagerDuty incident (Events API v2).
 * @see https://prometheus.io/docs/alerting/latest/configuration/#pagerduty_config
 */
export interface PagerDutyIntegrationProps extends IntegrationOptions {
  /** The integration's routing key. Maps to `routing_key_file` / `routingKey`. */
  readonly routingKey: SecretRef;
  /**
   * Incident severity (`critical`, `error`, `warning`, `info`, or a template). Maps to `severity`.
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
   * Events API endpoint (not a credential). Maps to `url`.
   * @default - https://events.pagerduty.com/v2/enqueue
   */
  readonly url?: string;
}

/** A PagerDuty integration; it pages. Created by `Integration.pagerDuty()`. */
export class PagerDutyIntegration extends Integration {
  public readonly configFileField = 'pagerduty_configs';
  public readonly customResourceField = 'pagerdutyConfigs';
  public readonly paging = true;
  /** The properties given. */
  public readonly props: PagerDutyIntegrationProps;
  /** Incident summary (`description`, else the `observability.pager_description` template). */
  public readonly description: string;

  /**
   * An invalid property is reported by the receiver that uses the integration, with its path and field.
   * @deprecated `Integration.pagerDuty(props)`, the one way to create it; the constructor will not be public from 0.6.0
   */
  public constructor(props: PagerDutyIntegrationProps) {
    super();
    this.props = checkedProps(this, props, "{ routingKey: SecretRef.fromSecret('pagerduty', 'key') }", ['severity', 'description', 'url'], () => {
      secret(props.routingKey, 'routingKey');
      if (props.severity !== undefined && !props.severity.includes('{{') && !['critical', 'error', 'warning', 'info'].includes(props.severity)) {
        throw new ValidationError(`severity: PagerDuty accepts critical, error, warning or info (or a template); received ${quote(props.severity)}`);
      }
      optionalStringMap(props.details, 'details');
      if (props.url !== undefined) checkUrl(props.url, 'url');
    });
    this.description = this.props.description ?? MessageTemplates.ref(MessageTemplates.PAGER_DESCRIPTION);
  }

  private common() {
    const p = this.props;
    return { url: p.url, severity: p.severity, description: this.description };
  }

  /** @internal */
  public _templateFields(): { [field: string]: string | undefined } {
    const c = this.common();
    const fields: { [field: string]: string | undefined } = { severity: c.severity, description: c.description };
    for (const [key, value] of Object.entries(this.props.details ?? {})) fields[`details[${JSON.stringify(key)}]`] = value;
    return fields;
  }

  public renderConfigFile(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    return { send_resolved: p.sendResolved, routing_key_file: context.secretFile(p.routingKey), ...this.common(), details: p.details };
  }

  public renderCustomResource(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    return {
      sendResolved: p.sendResolved,
      routingKey: context.secretKeySelector(p.routingKey, 'routingKey'),
      ...this.common(),
      details: p.details === undefined ? undefined : Object.keys(p.details).sort().map((key) => ({ key, value: p.details![key] })),
    };
  }
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

/** An Opsgenie integration; it pages. Created by `Integration.opsgenie()`. */
export class OpsgenieIntegration extends Integration {
  public readonly configFileField = 'opsgenie_configs';
  public readonly customResourceField = 'opsgenieConfigs';
  public readonly paging = true;
  /** The properties given. */
  public readonly props: OpsgenieIntegrationProps;
  /** Alert text (`message`, else the `observability.pager_description` template). */
  public readonly message: string;
  /** Alert description (`description`, else the `observability.text` template). */
  public readonly description: string;

  /**
   * An invalid property is reported by the receiver that uses the integration, with its path and field.
   * @deprecated `Integration.opsgenie(props)`, the one way to create it; the constructor will not be public from 0.6.0
   */
  public constructor(props: OpsgenieIntegrationProps) {
    super();
    this.props = checkedProps(this, props, "{ apiKey: SecretRef.fromSecret('opsgenie', 'key') }", ['message', 'description', 'priority', 'apiUrl'], () => {
      secret(props.apiKey, 'apiKey');
      if (props.priority !== undefined && !props.priority.includes('{{') && !/^P[1-5]$/.test(props.priority)) {
        throw new ValidationError(`priority: must be P1..P5 or a template; received ${quote(props.priority)}`);
      }
      (optionalArray(props.responders, 'responders', "[{ type: 'team', name: 'payments' }]") ?? []).forEach((r, i) => {
        requireObject(r, `responders[${i}]`, "{ type: 'team', name: 'payments' }");
        requireString(r.name, `responders[${i}].name`, "'payments'");
        if (!['team', 'user', 'escalation', 'schedule'].includes(r.type)) {
          throw new ValidationError(`responders type: must be team, user, escalation or schedule; received ${quote(r.type)}`);
        }
      });
      if (props.apiUrl !== undefined) checkUrl(props.apiUrl, 'apiUrl');
    });
    this.message = this.props.message ?? MessageTemplates.ref(MessageTemplates.PAGER_DESCRIPTION);
    this.description = this.props.description ?? MessageTemplates.ref(MessageTemplates.TEXT);
  }

  private common() {
    const p = this.props;
    return {
      message: this.message,
      description: this.description,
      priority: p.priority,
      responders: p.responders?.map((r) => ({ type: r.type, name: r.name })),
    };
  }

  /** @internal */
  public _templateFields(): { [field: string]: string | undefined } {
    const c = this.common();
    const fields: { [field: string]: string | undefined } = { message: c.message, description: c.description, priority: c.priority };
    (this.props.responders ?? []).forEach((r, i) => {
      fields[`responders[${i}].name`] = r.name;
    });
    return fields;
  }

  public renderConfigFile(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    return { send_resolved: p.sendResolved, api_key_file: context.secretFile(p.apiKey), api_url: p.apiUrl, ...this.common() };
  }

  public renderCustomResource(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    return { sendResolved: p.sendResolved, apiKey: context.secretKeySelector(p.apiKey, 'apiKey'), apiUrl: p.apiUrl, ...this.common() };
  }
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

/** An e-mail integration. Created by `Integration.email()`. */
export class EmailIntegration extends Integration {
  public readonly configFileField = 'email_configs';
  public readonly customResourceField = 'emailConfigs';
  public readonly paging = false;
  /** The properties given. */
  public readonly props: EmailIntegrationProps;
  /** Subject line (`subject`, else the `observability.title` template). */
  public readonly subject: string;

  /**
   * An invalid property is reported by the receiver that uses the integration, with its path and field.
   * @deprecated `Integration.email(props)`, the one way to create it; the constructor will not be public from 0.6.0
   */
  public constructor(props: EmailIntegrationProps) {
    super();
    this.props = checkedProps(this, props, "{ to: 'oncall@example.com', from: 'alertmanager@example.com', smarthost: 'smtp.example.com:587' }", ['authUsername', 'subject'], () => {
      secret(props.authPassword, 'authPassword', true);
      requireString(props.to, 'to', "'oncall@example.com'");
      requireString(props.from, 'from', "'alertmanager@example.com'");
      requireString(props.smarthost, 'smarthost', "'smtp.example.com:587'");
      optionalBoolean(props.requireTls, 'requireTls');
      const address = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;
      for (const a of props.to.split(',').map((s) => s.trim())) {
        if (!address.test(a)) throw new ValidationError(`to: must be e-mail addresses separated by commas; received ${quote(props.to)}`);
      }
      if (!address.test(props.from)) throw new ValidationError(`from: must be an e-mail address; received ${quote(props.from)}`);
      if (!/^(?:[^\s:[\]]+|\[[0-9a-fA-F:.]+\]):\d+$/.test(props.smarthost)) throw new ValidationError(`smarthost: must be host:port (an IPv6 address in brackets: [::1]:25); received ${quote(props.smarthost)}`);
      if (props.authPassword !== undefined && props.authUsername === undefined) {
        throw new ValidationError('authUsername: required with authPassword');
      }
    });
    this.subject = this.props.subject ?? MessageTemplates.ref(MessageTemplates.TITLE);
  }

  private common() {
    const p = this.props;
    return { to: p.to, from: p.from, smarthost: p.smarthost };
  }

  /** @internal */
  public _templateFields(): { [field: string]: string | undefined } {
    return { subject: this.subject };
  }

  public renderConfigFile(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    return {
      send_resolved: p.sendResolved,
      ...this.common(),
      auth_username: p.authUsername,
      auth_password_file: p.authPassword === undefined ? undefined : context.secretFile(p.authPassword),
      require_tls: p.requireTls,
      headers: { Subject: this.subject },
    };
  }

  public renderCustomResource(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    return {
      sendResolved: p.sendResolved,
      ...this.common(),
      authUsername: p.authUsername,
      authPassword: p.authPassword === undefined ? undefined : context.secretKeySelector(p.authPassword, 'authPassword'),
      requireTls: p.requireTls,
      headers: [{ key: 'Subject', value: this.subject }],
    };
  }
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

/** A webhook integration. Created by `Integration.webhook()`. */
export class WebhookIntegration extends Integration {
  public readonly configFileField = 'webhook_configs';
  public readonly customResourceField = 'webhookConfigs';
  public readonly paging = false;
  /** The properties given. */
  public readonly props: WebhookIntegrationProps;

  /**
   * An invalid property is reported by the receiver that uses the integration, with its path and field.
   * @deprecated `Integration.webhook(props)`, the one way to create it; the constructor will not be public from 0.6.0
   */
  public constructor(props: WebhookIntegrationProps) {
    super();
    this.props = checkedProps(this, props, "{ url: 'http://relay.monitoring.svc:8080/alerts' }", ['url'], () => {
      secret(props.urlSecret, 'urlSecret', true);
      secret(props.bearerToken, 'bearerToken', true);
      if ((props.url === undefined) === (props.urlSecret === undefined)) {
        throw new ValidationError('url: give exactly one of url (an endpoint without credentials) and urlSecret (a SecretRef)');
      }
      if (props.url !== undefined) checkUrl(props.url, 'url');
      if (props.url?.includes('{{')) {
        throw new ValidationError(`url: Alertmanager before 0.31 posts to the URL as written, without expanding templates, so this would post to a literal "{{"; give a fixed URL; received ${quote(props.url)}`);
      }
      // max_alerts is a Go uint64 in Alertmanager's webhook_config (config/notifiers.go): 0 means all
      checkNumber(props.maxAlerts, 'maxAlerts', { unit: 'a count of alerts per message, 0 for all', min: 0, integer: true });
    });
  }

  public renderConfigFile(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    let urlFile: string | undefined;
    if (p.urlSecret !== undefined) {
      context.requireVersion(AlertmanagerVersion.V0_26, 'webhook urlSecret (url_file)');
      urlFile = context.secretFile(p.urlSecret);
    }
    return {
      send_resolved: p.sendResolved,
      url: p.url,
      url_file: urlFile,
      max_alerts: p.maxAlerts,
      http_config: p.bearerToken === undefined ? undefined : { authorization: { type: 'Bearer', credentials_file: context.secretFile(p.bearerToken) } },
    };
  }

  public renderCustomResource(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    return {
      sendResolved: p.sendResolved,
      url: p.url,
      urlSecret: p.urlSecret === undefined ? undefined : context.secretKeySelector(p.urlSecret, 'urlSecret'),
      maxAlerts: p.maxAlerts,
      httpConfig: p.bearerToken === undefined ? undefined : { authorization: { type: 'Bearer', credentials: context.secretKeySelector(p.bearerToken, 'bearerToken') } },
    };
  }
}
