import { Duration } from 'cdk8s';
import { PrometheusDuration, quote, SecretRef, ValidationError } from '../core';
import { deferChecks } from '../core/problems';
import { redactUrl } from '../core/secret-scan';
import { DEFAULT_TARGET_VERSIONS, PrometheusOperatorVersion } from '../core/target-versions';
import {
  checkNumber, optionalArray, optionalBoolean, optionalDuration, optionalString, optionalStringList, optionalStringMap, requireNumber, requireObject, requireString,
} from '../core/untyped';
import {
  DiscordIntegrationProps, EmailIntegrationProps, IncidentIoIntegrationProps, IntegrationOptions, JiraApiType, JiraIntegrationProps, MattermostIntegrationProps,
  MsTeamsIntegrationProps, MsTeamsV2IntegrationProps, OpsgenieIntegrationProps, PagerDutyIntegrationProps, PushoverIntegrationProps, RocketChatIntegrationProps,
  SlackIntegrationProps, SnsIntegrationProps, TelegramIntegrationProps, TelegramParseMode, VictorOpsIntegrationProps, WebexIntegrationProps, WebhookIntegrationProps,
  WeChatIntegrationProps, WeChatMessageType,
} from './integration-props';
import { ALERTMANAGER as RELEASES, OPERATOR as OPERATOR_RELEASES, VENDORED_OPERATOR } from './private/releases';
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
 * What an integration needs while it renders: where errors point, the target releases (Alertmanager, and
 * the Prometheus Operator for a custom resource), and the two ways of turning a `SecretRef` into output (a
 * mounted file path, or a Secret key selector), which also record the Secrets that must be mounted.
 */
export class IntegrationContext {
  /** The rendering being produced. */
  public readonly target: RenderTarget;
  /**
   * The oldest Alertmanager release that loads the rendering: an `AlertmanagerConfigSecret`'s
   * `alertmanagerVersion`, else `targetVersions.alertmanager` (for a custom resource, the release the
   * operator generates the configuration for).
   */
  public readonly version: AlertmanagerVersion;
  /** The oldest Prometheus Operator release whose CRD must accept a custom resource (`targetVersions.prometheusOperator`). */
  public readonly operatorVersion: PrometheusOperatorVersion;
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
  public static _create(
    target: RenderTarget, version: AlertmanagerVersion, path: string, mountRoot: string, secrets: Set<string>,
    operatorVersion: PrometheusOperatorVersion = DEFAULT_TARGET_VERSIONS.prometheusOperator,
  ): IntegrationContext {
    return new IntegrationContext(target, version, path, mountRoot, secrets, operatorVersion);
  }

  private constructor(target: RenderTarget, version: AlertmanagerVersion, path: string, mountRoot: string, secrets: Set<string>, operatorVersion: PrometheusOperatorVersion) {
    this.target = target;
    this.version = version;
    this.operatorVersion = operatorVersion;
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
    if (this.version.atLeast(minimum)) return;
    const where = this.target === RenderTarget.CONFIG_FILE
      ? '(alertmanagerVersion, else targetVersions.alertmanager). Set it to AlertmanagerVersion.of(\'%\') or later if every Alertmanager that loads the file runs it'
      : '(targetVersions.alertmanager; the operator drops the field, or rejects the resource, for an older Alertmanager). Set it to AlertmanagerVersion.of(\'%\') or later if every Alertmanager the operator configures runs it';
    throw ValidationError.at(this.path, `${feature} needs Alertmanager ${minimum} or later; the config targets ${this.version} ${where.replace('%', String(minimum))}`);
  }

  /**
   * Fails, for a custom resource, when the targeted Prometheus Operator release is older than `minimum`:
   * the `AlertmanagerConfig` CRD of older releases does not have the field.
   * @param minimum the first release whose CRD has the field
   * @param feature the field, for the message
   */
  public requireOperator(minimum: PrometheusOperatorVersion, feature: string): void {
    if (this.target !== RenderTarget.CUSTOM_RESOURCE || this.operatorVersion.atLeast(minimum)) return;
    throw ValidationError.at(this.path, `${feature} needs Prometheus Operator ${minimum} or later, whose AlertmanagerConfig CRD adds it; the chart targets ${this.operatorVersion} (targetVersions.prometheusOperator). Set it to PrometheusOperatorVersion.of('${minimum}') or later if every cluster runs it, or add the receiver to the platform's alertmanager.yaml (AlertmanagerConfigSecret)`);
  }
}

/**
 * One way a receiver notifies (a Slack channel, a PagerDuty service, an e-mail address...). There is a
 * factory for each integration of Alertmanager 0.33; each field newer than the configuration's target
 * releases is refused at synth with the release it needs, and every credential is a `SecretRef`.
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
   * A PagerDuty incident through the Events API v2 (`routingKey`) or v1 (`serviceKey`); it pages. An
   * invalid property is reported by the receiver that uses the integration, with its path and field.
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

  /**
   * A Microsoft Teams message through an Office 365 connector (`msteams_configs`, Alertmanager 0.26+).
   * Microsoft retired these connectors: prefer `msTeamsV2()`. An invalid property is reported by the
   * receiver that uses the integration, with its path and field.
   */
  public static msTeams(props: MsTeamsIntegrationProps): MsTeamsIntegration {
    return MsTeamsIntegration._create(props);
  }

  /**
   * A Microsoft Teams message through a Workflows webhook (`msteamsv2_configs`, Alertmanager 0.28+).
   * An invalid property is reported by the receiver that uses the integration, with its path and field.
   *
   * @example
   * Integration.msTeamsV2({ webhookUrl: SecretRef.fromSecret('teams-webhook', 'url') })
   */
  public static msTeamsV2(props: MsTeamsV2IntegrationProps): MsTeamsV2Integration {
    return MsTeamsV2Integration._create(props);
  }

  /**
   * A Discord message through a channel webhook. An invalid property is reported by the receiver that
   * uses the integration, with its path and field.
   */
  public static discord(props: DiscordIntegrationProps): DiscordIntegration {
    return DiscordIntegration._create(props);
  }

  /**
   * A Telegram message from a bot. An invalid property is reported by the receiver that uses the
   * integration, with its path and field.
   */
  public static telegram(props: TelegramIntegrationProps): TelegramIntegration {
    return TelegramIntegration._create(props);
  }

  /**
   * A Cisco Webex message to a room. An invalid property is reported by the receiver that uses the
   * integration, with its path and field.
   */
  public static webex(props: WebexIntegrationProps): WebexIntegration {
    return WebexIntegration._create(props);
  }

  /**
   * An Amazon SNS notification (it pages when it sends SMS). An invalid property is reported by the
   * receiver that uses the integration, with its path and field.
   */
  public static sns(props: SnsIntegrationProps): SnsIntegration {
    return SnsIntegration._create(props);
  }

  /**
   * A Jira issue per alert group (`jira_configs`, Alertmanager 0.28+; `alertmanager.yaml` only). An
   * invalid property is reported by the receiver that uses the integration, with its path and field.
   */
  public static jira(props: JiraIntegrationProps): JiraIntegration {
    return JiraIntegration._create(props);
  }

  /**
   * A Rocket.Chat message (`rocketchat_configs`, Alertmanager 0.28+). An invalid property is reported by
   * the receiver that uses the integration, with its path and field.
   */
  public static rocketChat(props: RocketChatIntegrationProps): RocketChatIntegration {
    return RocketChatIntegration._create(props);
  }

  /**
   * A Pushover push notification (pages). An invalid property is reported by the receiver that uses the
   * integration, with its path and field.
   */
  public static pushover(props: PushoverIntegrationProps): PushoverIntegration {
    return PushoverIntegration._create(props);
  }

  /**
   * A Splunk On-Call (VictorOps) incident (pages). An invalid property is reported by the receiver that
   * uses the integration, with its path and field.
   */
  public static victorOps(props: VictorOpsIntegrationProps): VictorOpsIntegration {
    return VictorOpsIntegration._create(props);
  }

  /**
   * A WeChat Work message. An invalid property is reported by the receiver that uses the integration,
   * with its path and field.
   */
  public static weChat(props: WeChatIntegrationProps): WeChatIntegration {
    return WeChatIntegration._create(props);
  }

  /**
   * An incident.io alert event (`incidentio_configs`, Alertmanager 0.29+; `alertmanager.yaml` only; it
   * pages). An invalid property is reported by the receiver that uses the integration, with its path and field.
   */
  public static incidentIo(props: IncidentIoIntegrationProps): IncidentIoIntegration {
    return IncidentIoIntegration._create(props);
  }

  /**
   * A Mattermost message (`mattermost_configs`, Alertmanager 0.30+; `alertmanager.yaml` only). An
   * invalid property is reported by the receiver that uses the integration, with its path and field.
   */
  public static mattermost(props: MattermostIntegrationProps): MattermostIntegration {
    return MattermostIntegration._create(props);
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
 * `strings` are the optional text fields; with `nonEmpty`, an empty one is refused too (leaving it out
 * gives the default, an empty text would blank the field).
 */
function checkedProps<P extends IntegrationOptions>(integration: Integration, props: P, example: string, strings: string[], check: (props: P) => void, nonEmpty = false): P {
  const ok = deferChecks(integration, () => {
    requireObject(props, 'props', example);
    optionalBoolean(props.sendResolved, 'sendResolved');
    for (const field of strings) {
      const value = optionalString((props as unknown as { [key: string]: unknown })[field], field, "'...'");
      if (nonEmpty && value === '') throw new ValidationError(`${field}: must not be empty; leave it out for the default`);
    }
    check(props);
  });
  return ok || (typeof props === 'object' && props !== null && !Array.isArray(props)) ? props : ({} as P);
}

/** A Go `time.Duration` (Alertmanager's timeouts and Pushover's retries): no `d` unit; also a Prometheus duration. */
function goDuration(d: Duration | undefined): string | undefined {
  return d === undefined ? undefined : PrometheusDuration.formatGo(d);
}

/** Checks an optional `Duration` prop and that it can be written (whole milliseconds, not negative). */
function checkDuration(value: unknown, field: string): void {
  const d = optionalDuration(value, field);
  if (d !== undefined) ValidationError.inField(field, () => PrometheusDuration.formatGo(d));
}

function checkUrl(url: string, field: string): string {
  if (!/^https?:\/\/[^\s/@]+(\/[^\s]*)?$/.test(url)) {
    // the URL may hold a credential (the reason it is refused): it goes to CI logs redacted
    const shown = redactUrl(url);
    throw new ValidationError(`${field}: must be an http(s) URL without credentials (user:password@) or white space; received ${quote(shown)}${shown === url ? '' : ' (user info, query values and long path segments hidden)'}`);
  }
  return url;
}

/** `checkUrl` for a field Alertmanager expands as a template: a templated value is checked as a template instead. */
function checkTemplatedUrl(url: string | undefined, field: string): void {
  if (url !== undefined && !url.includes('{{')) checkUrl(url, field);
}

/** Refuses a value that is neither one of `allowed` nor a template. */
function checkChoice(value: string | undefined, field: string, allowed: readonly string[], what: string): void {
  if (value !== undefined && !value.includes('{{') && !allowed.includes(value)) {
    throw new ValidationError(`${field}: ${what} accepts ${allowed.join(', ')} (or a template); received ${quote(value)}`);
  }
}

/** Refuses a value that is not one of an enum's values. */
function checkEnum(value: unknown, field: string, values: { [key: string]: string }, type: string): void {
  if (value === undefined || Object.values(values).includes(value as string)) return;
  const members = Object.keys(values).map((k) => `${type}.${k}`).join(', ');
  throw new ValidationError(`${field}: must be ${members}; received ${quote(value)}`);
}

/** A name or channel without white space (`#alerts`, `@someone`). */
function checkChannel(value: string | undefined, field: string, service: string): void {
  if (value !== undefined && !value.includes('{{') && !/^[#@]?[^\s]+$/.test(value)) {
    throw new ValidationError(`${field}: must be a ${service} channel (#name) or user (@name) without white space; received ${quote(value)}`);
  }
}

/** Refuses an integration the `AlertmanagerConfig` CRD has no field for. */
function notInCustomResource(integration: string, configFileField: string): never {
  throw new ValidationError(`${integration}: an AlertmanagerConfig resource cannot hold it, the CRD (Prometheus Operator ${VENDORED_OPERATOR} and older) has no receiver field for ${configFileField}; add this receiver to the platform's alertmanager.yaml (AlertmanagerConfigSecret) instead`);
}

/** A list, or undefined when it is empty (the CRD's lists have `minItems: 1`). */
function nonEmptyList<T>(list: T[] | undefined): T[] | undefined {
  return list === undefined || list.length === 0 ? undefined : list;
}

/** A `{ key: value }` map as the CRD's sorted `[{ key, value }]` list. */
function keyValues(map: { [key: string]: string } | undefined): Array<{ key: string; value: string }> | undefined {
  return map === undefined ? undefined : nonEmptyList(Object.keys(map).sort().map((key) => ({ key, value: map[key] })));
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
      checkDuration(props.timeout, 'timeout');
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
      timeout: goDuration(p.timeout),
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
    if (p.timeout !== undefined) context.requireVersion(RELEASES.V0_30, 'slack timeout');
    return {
      send_resolved: p.sendResolved,
      api_url_file: context.secretFile(p.apiUrl),
      ...this.common(),
      icon_emoji: p.iconEmoji,
    };
  }

  public renderCustomResource(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    if (p.timeout !== undefined) {
      context.requireOperator(OPERATOR_RELEASES.V0_88, 'slack timeout (slackConfigs timeout)');
      context.requireVersion(RELEASES.V0_30, 'slack timeout');
    }
    return {
      sendResolved: p.sendResolved,
      apiUrl: context.secretKeySelector(p.apiUrl, 'apiUrl'),
      ...this.common(),
      iconEmoji: p.iconEmoji,
    };
  }
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
      secret(props.routingKey, 'routingKey', true);
      secret(props.serviceKey, 'serviceKey', true);
      if ((props.routingKey === undefined) === (props.serviceKey === undefined)) {
        throw new ValidationError('routingKey: give exactly one of routingKey (Events API v2) and serviceKey (Events API v1)');
      }
      if (props.serviceKey !== undefined) {
        // notify/pagerduty: a service key selects the v1 API, posted to its fixed endpoint without severity
        for (const field of ['severity', 'url'] as const) {
          if (props[field] !== undefined) throw new ValidationError(`${field}: an Events API v2 field, which Alertmanager ignores with serviceKey (Events API v1); remove it, or use a routingKey; received ${quote(props[field])}`);
        }
      }
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
    return {
      send_resolved: p.sendResolved,
      routing_key_file: p.routingKey === undefined ? undefined : context.secretFile(p.routingKey),
      service_key_file: p.serviceKey === undefined ? undefined : context.secretFile(p.serviceKey),
      ...this.common(),
      details: p.details,
    };
  }

  public renderCustomResource(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    return {
      sendResolved: p.sendResolved,
      routingKey: p.routingKey === undefined ? undefined : context.secretKeySelector(p.routingKey, 'routingKey'),
      serviceKey: p.serviceKey === undefined ? undefined : context.secretKeySelector(p.serviceKey, 'serviceKey'),
      ...this.common(),
      details: p.details === undefined ? undefined : Object.keys(p.details).sort().map((key) => ({ key, value: p.details![key] })),
    };
  }
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
      context.requireVersion(RELEASES.V0_26, 'webhook urlSecret (url_file)');
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

/** A Microsoft Teams (Office 365 connector) integration. Created by `Integration.msTeams()`. */
export class MsTeamsIntegration extends Integration {
  /** @internal */
  public static _create(props: MsTeamsIntegrationProps): MsTeamsIntegration {
    return new MsTeamsIntegration(props);
  }

  public readonly configFileField = 'msteams_configs';
  public readonly customResourceField = 'msteamsConfigs';
  public readonly paging = false;
  /** The properties given. */
  public readonly props: MsTeamsIntegrationProps;
  /** Message title (`title`, else the `observability.title` template). */
  public readonly title: string;
  /** Message body (`text`, else the `observability.text` template). */
  public readonly text: string;

  private constructor(props: MsTeamsIntegrationProps) {
    super();
    this.props = checkedProps(this, props, "{ webhookUrl: SecretRef.fromSecret('teams', 'url') }", ['title', 'text', 'summary'], () => {
      secret(props.webhookUrl, 'webhookUrl');
    }, true);
    this.title = this.props.title ?? MessageTemplates.ref(MessageTemplates.TITLE);
    this.text = this.props.text ?? MessageTemplates.ref(MessageTemplates.TEXT);
  }

  /** @internal */
  public _templateFields(): { [field: string]: string | undefined } {
    return { title: this.title, text: this.text, summary: this.props.summary };
  }

  public renderConfigFile(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    // msteams_configs came in 0.26, its webhook_url_file in 0.27
    context.requireVersion(RELEASES.V0_27, 'msteams webhookUrl (webhook_url_file)');
    return { send_resolved: p.sendResolved, webhook_url_file: context.secretFile(p.webhookUrl), title: this.title, summary: p.summary, text: this.text };
  }

  public renderCustomResource(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    context.requireOperator(OPERATOR_RELEASES.V0_69, 'msteams (msteamsConfigs)');
    context.requireVersion(RELEASES.V0_26, 'msteams (msteamsConfigs)');
    if (p.summary !== undefined) {
      context.requireOperator(OPERATOR_RELEASES.V0_73, 'msteams summary');
      context.requireVersion(RELEASES.V0_27, 'msteams summary');
    }
    return { sendResolved: p.sendResolved, webhookUrl: context.secretKeySelector(p.webhookUrl, 'webhookUrl'), title: this.title, summary: p.summary, text: this.text };
  }
}

/** A Microsoft Teams (Workflows) integration. Created by `Integration.msTeamsV2()`. */
export class MsTeamsV2Integration extends Integration {
  /** @internal */
  public static _create(props: MsTeamsV2IntegrationProps): MsTeamsV2Integration {
    return new MsTeamsV2Integration(props);
  }

  public readonly configFileField = 'msteamsv2_configs';
  public readonly customResourceField = 'msteamsv2Configs';
  public readonly paging = false;
  /** The properties given. */
  public readonly props: MsTeamsV2IntegrationProps;
  /** Card title (`title`, else the `observability.title` template). */
  public readonly title: string;
  /** Card body (`text`, else the `observability.text` template). */
  public readonly text: string;

  private constructor(props: MsTeamsV2IntegrationProps) {
    super();
    this.props = checkedProps(this, props, "{ webhookUrl: SecretRef.fromSecret('teams', 'url') }", ['title', 'text'], () => {
      secret(props.webhookUrl, 'webhookUrl');
    }, true);
    this.title = this.props.title ?? MessageTemplates.ref(MessageTemplates.TITLE);
    this.text = this.props.text ?? MessageTemplates.ref(MessageTemplates.TEXT);
  }

  /** @internal */
  public _templateFields(): { [field: string]: string | undefined } {
    return { title: this.title, text: this.text };
  }

  public renderConfigFile(context: IntegrationContext): { [key: string]: unknown } {
    context.requireVersion(RELEASES.V0_28, 'msteamsv2 (msteamsv2_configs)');
    return { send_resolved: this.props.sendResolved, webhook_url_file: context.secretFile(this.props.webhookUrl), title: this.title, text: this.text };
  }

  public renderCustomResource(context: IntegrationContext): { [key: string]: unknown } {
    context.requireOperator(OPERATOR_RELEASES.V0_82, 'msteamsv2 (msteamsv2Configs)');
    context.requireVersion(RELEASES.V0_28, 'msteamsv2 (msteamsv2Configs)');
    return { sendResolved: this.props.sendResolved, webhookUrl: context.secretKeySelector(this.props.webhookUrl, 'webhookUrl'), title: this.title, text: this.text };
  }
}

/** A Discord integration. Created by `Integration.discord()`. */
export class DiscordIntegration extends Integration {
  /** @internal */
  public static _create(props: DiscordIntegrationProps): DiscordIntegration {
    return new DiscordIntegration(props);
  }

  public readonly configFileField = 'discord_configs';
  public readonly customResourceField = 'discordConfigs';
  public readonly paging = false;
  /** The properties given. */
  public readonly props: DiscordIntegrationProps;
  /** Embed title (`title`, else the `observability.title` template). */
  public readonly title: string;
  /** Embed description (`message`, else the `observability.text` template). */
  public readonly message: string;

  private constructor(props: DiscordIntegrationProps) {
    super();
    this.props = checkedProps(this, props, "{ webhookUrl: SecretRef.fromSecret('discord', 'url') }", ['title', 'message', 'content', 'username', 'avatarUrl'], () => {
      secret(props.webhookUrl, 'webhookUrl');
      if (props.avatarUrl !== undefined) checkUrl(props.avatarUrl, 'avatarUrl');
    }, true);
    this.title = this.props.title ?? MessageTemplates.ref(MessageTemplates.TITLE);
    this.message = this.props.message ?? MessageTemplates.ref(MessageTemplates.TEXT);
  }

  /** @internal */
  public _templateFields(): { [field: string]: string | undefined } {
    return { title: this.title, message: this.message, content: this.props.content, username: this.props.username };
  }

  /** The fields of Alertmanager 0.28 (and, in a resource, Prometheus Operator 0.82) that are given. */
  private checkNewFields(context: IntegrationContext): void {
    const p = this.props;
    for (const [field, name] of [['content', 'content'], ['username', 'username'], ['avatarUrl', 'avatar_url']] as const) {
      if (p[field] === undefined) continue;
      context.requireOperator(OPERATOR_RELEASES.V0_82, `discord ${field}`);
      context.requireVersion(RELEASES.V0_28, `discord ${field} (${name})`);
    }
  }

  public renderConfigFile(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    context.requireVersion(RELEASES.V0_27, 'discord webhookUrl (webhook_url_file)');
    this.checkNewFields(context);
    return {
      send_resolved: p.sendResolved,
      webhook_url_file: context.secretFile(p.webhookUrl),
      title: this.title,
      message: this.message,
      content: p.content,
      username: p.username,
      avatar_url: p.avatarUrl,
    };
  }

  public renderCustomResource(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    context.requireOperator(OPERATOR_RELEASES.V0_67, 'discord (discordConfigs)');
    this.checkNewFields(context);
    return {
      sendResolved: p.sendResolved,
      apiUrl: context.secretKeySelector(p.webhookUrl, 'webhookUrl'),
      title: this.title,
      message: this.message,
      content: p.content,
      username: p.username,
      avatarUrl: p.avatarUrl,
    };
  }
}

/** A Telegram integration. Created by `Integration.telegram()`. */
export class TelegramIntegration extends Integration {
  /** @internal */
  public static _create(props: TelegramIntegrationProps): TelegramIntegration {
    return new TelegramIntegration(props);
  }

  public readonly configFileField = 'telegram_configs';
  public readonly customResourceField = 'telegramConfigs';
  public readonly paging = false;
  /** The properties given. */
  public readonly props: TelegramIntegrationProps;

  private constructor(props: TelegramIntegrationProps) {
    super();
    this.props = checkedProps(this, props, "{ botToken: SecretRef.fromSecret('telegram', 'token'), chatId: -1001234567890 }", ['message', 'apiUrl'], () => {
      secret(props.botToken, 'botToken');
      // chat_id is a Go int64, 0 meaning unset (config/notifiers.go); JavaScript keeps integers exact up to 2^53
      const chat = requireNumber(props.chatId, 'chatId', { unit: 'a Telegram chat id', integer: true, min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
      if (chat === 0) throw new ValidationError('chatId: must not be 0 (Alertmanager reads 0 as no chat); received 0');
      checkNumber(props.messageThreadId, 'messageThreadId', { unit: 'a forum topic id', integer: true, min: 1, max: 2147483647 });
      checkEnum(props.parseMode, 'parseMode', TelegramParseMode, 'TelegramParseMode');
      optionalBoolean(props.disableNotifications, 'disableNotifications');
      if (props.apiUrl !== undefined) checkUrl(props.apiUrl, 'apiUrl');
    }, true);
  }

  /** @internal */
  public _templateFields(): { [field: string]: string | undefined } {
    return { message: this.props.message };
  }

  private checkThread(context: IntegrationContext): void {
    if (this.props.messageThreadId === undefined) return;
    context.requireOperator(OPERATOR_RELEASES.V0_79, 'telegram messageThreadId');
    context.requireVersion(RELEASES.V0_28, 'telegram messageThreadId (message_thread_id)');
  }

  public renderConfigFile(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    context.requireVersion(RELEASES.V0_26, 'telegram botToken (bot_token_file)');
    this.checkThread(context);
    return {
      send_resolved: p.sendResolved,
      api_url: p.apiUrl,
      bot_token_file: context.secretFile(p.botToken),
      chat_id: p.chatId,
      message_thread_id: p.messageThreadId,
      message: p.message,
      parse_mode: p.parseMode,
      disable_notifications: p.disableNotifications,
    };
  }

  public renderCustomResource(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    this.checkThread(context);
    return {
      sendResolved: p.sendResolved,
      apiUrl: p.apiUrl,
      botToken: context.secretKeySelector(p.botToken, 'botToken'),
      chatId: p.chatId,
      messageThreadId: p.messageThreadId,
      message: p.message,
      parseMode: p.parseMode,
      disableNotifications: p.disableNotifications,
    };
  }
}

/** A Cisco Webex integration. Created by `Integration.webex()`. */
export class WebexIntegration extends Integration {
  /** @internal */
  public static _create(props: WebexIntegrationProps): WebexIntegration {
    return new WebexIntegration(props);
  }

  public readonly configFileField = 'webex_configs';
  public readonly customResourceField = 'webexConfigs';
  public readonly paging = false;
  /** The properties given. */
  public readonly props: WebexIntegrationProps;

  private constructor(props: WebexIntegrationProps) {
    super();
    this.props = checkedProps(this, props, "{ roomId: 'Y2lzY29zcGFyazovL3VzL1JPT00v...', botToken: SecretRef.fromSecret('webex', 'token') }", ['message', 'apiUrl'], () => {
      requireString(props.roomId, 'roomId', "'Y2lzY29zcGFyazovL3VzL1JPT00v...'");
      if (props.roomId.trim() === '') throw new ValidationError('roomId: must not be empty (Alertmanager refuses a webex_config without room_id)');
      secret(props.botToken, 'botToken');
      if (props.apiUrl !== undefined) checkUrl(props.apiUrl, 'apiUrl');
    }, true);
  }

  /** @internal */
  public _templateFields(): { [field: string]: string | undefined } {
    return { message: this.props.message, roomId: this.props.roomId };
  }

  public renderConfigFile(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    return {
      send_resolved: p.sendResolved,
      api_url: p.apiUrl,
      room_id: p.roomId,
      message: p.message,
      http_config: { authorization: { type: 'Bearer', credentials_file: context.secretFile(p.botToken) } },
    };
  }

  public renderCustomResource(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    context.requireOperator(OPERATOR_RELEASES.V0_68, 'webex (webexConfigs)');
    return {
      sendResolved: p.sendResolved,
      apiUrl: p.apiUrl,
      roomId: p.roomId,
      message: p.message,
      httpConfig: { authorization: { type: 'Bearer', credentials: context.secretKeySelector(p.botToken, 'botToken') } },
    };
  }
}

/** An Amazon SNS integration; it pages when it sends SMS (`phoneNumber`). Created by `Integration.sns()`. */
export class SnsIntegration extends Integration {
  /** @internal */
  public static _create(props: SnsIntegrationProps): SnsIntegration {
    return new SnsIntegration(props);
  }

  public readonly configFileField = 'sns_configs';
  public readonly customResourceField = 'snsConfigs';
  public readonly paging: boolean;
  /** The properties given. */
  public readonly props: SnsIntegrationProps;

  private constructor(props: SnsIntegrationProps) {
    super();
    const example = "{ topicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts', region: 'eu-west-1' }";
    this.props = checkedProps(this, props, example, ['topicArn', 'phoneNumber', 'targetArn', 'subject', 'message', 'apiUrl', 'region', 'roleArn', 'profile'], () => {
      const targets = (['topicArn', 'phoneNumber', 'targetArn'] as const).filter((f) => props[f] !== undefined);
      if (targets.length !== 1) {
        throw new ValidationError(`topicArn: give exactly one of topicArn, phoneNumber and targetArn (where SNS delivers); received ${targets.length === 0 ? 'none' : targets.join(' and ')}`);
      }
      for (const field of ['topicArn', 'targetArn'] as const) {
        const arn = props[field];
        if (arn !== undefined && !arn.includes('{{') && !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:\S+$/.test(arn)) {
          throw new ValidationError(`${field}: must be an SNS ARN, arn:aws:sns:<region>:<account id>:<name>, or a template; received ${quote(arn)}`);
        }
      }
      if (props.phoneNumber !== undefined && !props.phoneNumber.includes('{{') && !/^\+[1-9]\d{6,14}$/.test(props.phoneNumber)) {
        throw new ValidationError(`phoneNumber: must be an E.164 phone number (+ and 7 to 15 digits, e.g. +15551234567) or a template; received ${quote(props.phoneNumber)}`);
      }
      optionalStringMap(props.attributes, 'attributes');
      secret(props.accessKey, 'accessKey', true);
      secret(props.secretKey, 'secretKey', true);
      if ((props.accessKey === undefined) !== (props.secretKey === undefined)) {
        throw new ValidationError(`${props.accessKey === undefined ? 'accessKey' : 'secretKey'}: give accessKey and secretKey together (a static AWS key), or neither (the pod's credentials)`);
      }
      if (props.apiUrl !== undefined) checkUrl(props.apiUrl, 'apiUrl');
      if (props.roleArn !== undefined && !/^arn:aws[a-z-]*:iam::\d{12}:role\/\S+$/.test(props.roleArn)) {
        throw new ValidationError(`roleArn: must be an IAM role ARN, arn:aws:iam::<account id>:role/<name>; received ${quote(props.roleArn)}`);
      }
    }, true);
    this.paging = this.props.phoneNumber !== undefined;
  }

  /** @internal */
  public _templateFields(): { [field: string]: string | undefined } {
    const p = this.props;
    const fields: { [field: string]: string | undefined } = { topicArn: p.topicArn, phoneNumber: p.phoneNumber, targetArn: p.targetArn, subject: p.subject, message: p.message };
    for (const [name, value] of Object.entries(p.attributes ?? {})) fields[`attributes[${JSON.stringify(name)}]`] = value;
    return fields;
  }

  public renderConfigFile(_context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    if (p.accessKey !== undefined) {
      throw new ValidationError('accessKey, secretKey: alertmanager.yaml has no file form for a static AWS key (sigv4 access_key and secret_key, up to Alertmanager 0.33), so it would be written in plain text; give the Alertmanager pod AWS credentials (IAM roles for service accounts, or roleArn), or declare this receiver in an AlertmanagerConfig resource, which reads the key from its Secret');
    }
    const sigv4 = { region: p.region, role_arn: p.roleArn, profile: p.profile };
    return {
      send_resolved: p.sendResolved,
      api_url: p.apiUrl,
      topic_arn: p.topicArn,
      phone_number: p.phoneNumber,
      target_arn: p.targetArn,
      subject: p.subject,
      message: p.message,
      attributes: p.attributes,
      sigv4: Object.values(sigv4).some((v) => v !== undefined) ? sigv4 : undefined,
    };
  }

  public renderCustomResource(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    const sigv4 = {
      region: p.region,
      roleArn: p.roleArn,
      profile: p.profile,
      accessKey: p.accessKey === undefined ? undefined : context.secretKeySelector(p.accessKey, 'accessKey'),
      secretKey: p.secretKey === undefined ? undefined : context.secretKeySelector(p.secretKey, 'secretKey'),
    };
    return {
      sendResolved: p.sendResolved,
      apiUrl: p.apiUrl,
      topicArn: p.topicArn,
      phoneNumber: p.phoneNumber,
      targetArn: p.targetArn,
      subject: p.subject,
      message: p.message,
      attributes: p.attributes,
      sigv4: Object.values(sigv4).some((v) => v !== undefined) ? sigv4 : undefined,
    };
  }
}

/** A Jira integration. Created by `Integration.jira()`. */
export class JiraIntegration extends Integration {
  /** @internal */
  public static _create(props: JiraIntegrationProps): JiraIntegration {
    return new JiraIntegration(props);
  }

  public readonly configFileField = 'jira_configs';
  public readonly customResourceField = 'jiraConfigs';
  public readonly paging = false;
  /** The properties given. */
  public readonly props: JiraIntegrationProps;

  private constructor(props: JiraIntegrationProps) {
    super();
    const example = "{ apiUrl: 'https://example.atlassian.net/rest/api/2', project: 'OPS', issueType: 'Bug', username: 'alerts@example.com', apiToken: SecretRef.fromSecret('jira', 'token') }";
    const strings = ['username', 'summary', 'description', 'priority', 'resolveTransition', 'reopenTransition', 'wontFixResolution'];
    this.props = checkedProps(this, props, example, strings, () => {
      requireString(props.apiUrl, 'apiUrl', "'https://example.atlassian.net/rest/api/2'");
      checkUrl(props.apiUrl, 'apiUrl');
      for (const field of ['project', 'issueType'] as const) {
        requireString(props[field], field, field === 'project' ? "'OPS'" : "'Bug'");
        if (props[field].trim() === '') throw new ValidationError(`${field}: must not be empty (Alertmanager refuses a jira_config without ${field === 'project' ? 'project' : 'issue_type'})`);
      }
      secret(props.apiToken, 'apiToken', true);
      secret(props.bearerToken, 'bearerToken', true);
      const basic = props.username !== undefined || props.apiToken !== undefined;
      if (basic === (props.bearerToken !== undefined)) {
        throw new ValidationError('bearerToken: give either username and apiToken (basic authentication, Atlassian Cloud) or bearerToken (a personal access token); Jira refuses anonymous requests');
      }
      if (basic && (props.username === undefined || props.apiToken === undefined)) {
        throw new ValidationError(`${props.username === undefined ? 'username' : 'apiToken'}: required with ${props.username === undefined ? 'apiToken' : 'username'} (basic authentication)`);
      }
      checkEnum(props.apiType, 'apiType', JiraApiType, 'JiraApiType');
      optionalStringList(props.labels, 'labels', "['alertmanager']");
      checkDuration(props.reopenDuration, 'reopenDuration');
    }, true);
  }

  /** @internal */
  public _templateFields(): { [field: string]: string | undefined } {
    const p = this.props;
    const fields: { [field: string]: string | undefined } = { summary: p.summary, description: p.description, priority: p.priority };
    (p.labels ?? []).forEach((l, i) => {
      fields[`labels[${i}]`] = l;
    });
    return fields;
  }

  public renderConfigFile(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    context.requireVersion(RELEASES.V0_28, 'jira (jira_configs)');
    if (p.apiType !== undefined) context.requireVersion(RELEASES.V0_29, 'jira apiType (api_type)');
    return {
      send_resolved: p.sendResolved,
      api_url: p.apiUrl,
      api_type: p.apiType,
      project: p.project,
      issue_type: p.issueType,
      summary: p.summary,
      description: p.description,
      priority: p.priority,
      labels: nonEmptyList(p.labels),
      resolve_transition: p.resolveTransition,
      reopen_transition: p.reopenTransition,
      wont_fix_resolution: p.wontFixResolution,
      reopen_duration: p.reopenDuration === undefined ? undefined : PrometheusDuration.format(p.reopenDuration),
      http_config: p.bearerToken !== undefined
        ? { authorization: { type: 'Bearer', credentials_file: context.secretFile(p.bearerToken) } }
        : { basic_auth: { username: p.username, password_file: context.secretFile(p.apiToken!) } },
    };
  }

  public renderCustomResource(): { [key: string]: unknown } {
    return notInCustomResource('jira', this.configFileField);
  }
}

/** A Rocket.Chat integration. Created by `Integration.rocketChat()`. */
export class RocketChatIntegration extends Integration {
  /** @internal */
  public static _create(props: RocketChatIntegrationProps): RocketChatIntegration {
    return new RocketChatIntegration(props);
  }

  public readonly configFileField = 'rocketchat_configs';
  public readonly customResourceField = 'rocketchatConfigs';
  public readonly paging = false;
  /** The properties given. */
  public readonly props: RocketChatIntegrationProps;
  /** Attachment title (`title`, else the `observability.title` template). */
  public readonly title: string;
  /** Attachment text (`text`, else the `observability.text` template). */
  public readonly text: string;

  private constructor(props: RocketChatIntegrationProps) {
    super();
    const example = "{ token: SecretRef.fromSecret('rocketchat', 'token'), tokenId: SecretRef.fromSecret('rocketchat', 'user-id') }";
    const strings = ['channel', 'title', 'titleLink', 'text', 'color', 'emoji', 'iconUrl', 'imageUrl', 'thumbUrl', 'apiUrl'];
    this.props = checkedProps(this, props, example, strings, () => {
      secret(props.token, 'token');
      secret(props.tokenId, 'tokenId');
      checkChannel(props.channel, 'channel', 'Rocket.Chat');
      for (const field of ['titleLink', 'iconUrl', 'imageUrl', 'thumbUrl'] as const) checkTemplatedUrl(props[field], field);
      if (props.apiUrl !== undefined) checkUrl(props.apiUrl, 'apiUrl');
      optionalBoolean(props.linkNames, 'linkNames');
      optionalBoolean(props.shortFields, 'shortFields');
      (optionalArray(props.fields, 'fields', "[{ title: 'Severity', value: '{{ .CommonLabels.severity }}' }]") ?? []).forEach((f, i) => {
        requireObject(f, `fields[${i}]`, "{ title: 'Severity', value: '{{ .CommonLabels.severity }}' }");
        for (const key of ['title', 'value'] as const) {
          requireString(f[key], `fields[${i}].${key}`, "'...'");
          if (f[key] === '') throw new ValidationError(`fields[${i}].${key}: must not be empty`);
        }
        optionalBoolean(f.short, `fields[${i}].short`);
      });
      (optionalArray(props.actions, 'actions', "[{ text: 'Runbook', url: '{{ .CommonAnnotations.runbook_url }}' }]") ?? []).forEach((a, i) => {
        requireObject(a, `actions[${i}]`, "{ text: 'Runbook', url: '...' }");
        requireString(a.text, `actions[${i}].text`, "'Runbook'");
        if (a.text === '') throw new ValidationError(`actions[${i}].text: must not be empty`);
        optionalString(a.url, `actions[${i}].url`, "'{{ .CommonAnnotations.runbook_url }}'");
        optionalString(a.msg, `actions[${i}].msg`, "'ack'");
        if ((a.url === undefined) === (a.msg === undefined)) throw new ValidationError(`actions[${i}]: give exactly one of url (a link) and msg (a message the button posts)`);
        checkTemplatedUrl(a.url, `actions[${i}].url`);
      });
    }, true);
    this.title = this.props.title ?? MessageTemplates.ref(MessageTemplates.TITLE);
    this.text = this.props.text ?? MessageTemplates.ref(MessageTemplates.TEXT);
  }

  /** @internal */
  public _templateFields(): { [field: string]: string | undefined } {
    const p = this.props;
    const fields: { [field: string]: string | undefined } = {
      channel: p.channel, title: this.title, titleLink: p.titleLink, text: this.text, color: p.color, emoji: p.emoji, iconUrl: p.iconUrl, imageUrl: p.imageUrl, thumbUrl: p.thumbUrl,
    };
    (p.fields ?? []).forEach((f, i) => {
      fields[`fields[${i}].title`] = f.title;
      fields[`fields[${i}].value`] = f.value;
    });
    (p.actions ?? []).forEach((a, i) => {
      fields[`actions[${i}].text`] = a.text;
      fields[`actions[${i}].url`] = a.url;
      fields[`actions[${i}].msg`] = a.msg;
    });
    return fields;
  }

  private common(camel: boolean) {
    const p = this.props;
    const k = (snake: string, camelCase: string) => (camel ? camelCase : snake);
    return {
      channel: p.channel,
      title: this.title,
      [k('title_link', 'titleLink')]: p.titleLink,
      text: this.text,
      color: p.color,
      emoji: p.emoji,
      [k('icon_url', 'iconUrl')]: p.iconUrl,
      [k('image_url', 'imageUrl')]: p.imageUrl,
      [k('thumb_url', 'thumbUrl')]: p.thumbUrl,
      [k('link_names', 'linkNames')]: p.linkNames,
      [k('short_fields', 'shortFields')]: p.shortFields,
      fields: nonEmptyList(p.fields?.map((f) => ({ title: f.title, value: f.value, short: f.short }))),
      actions: nonEmptyList(p.actions?.map((a) => ({ text: a.text, url: a.url, msg: a.msg }))),
      [k('api_url', 'apiUrl')]: p.apiUrl,
    };
  }

  public renderConfigFile(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    context.requireVersion(RELEASES.V0_28, 'rocketchat (rocketchat_configs)');
    return { send_resolved: p.sendResolved, token_file: context.secretFile(p.token), token_id_file: context.secretFile(p.tokenId), ...this.common(false) };
  }

  public renderCustomResource(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    context.requireOperator(OPERATOR_RELEASES.V0_85, 'rocketchat (rocketchatConfigs)');
    context.requireVersion(RELEASES.V0_28, 'rocketchat (rocketchatConfigs)');
    return { sendResolved: p.sendResolved, token: context.secretKeySelector(p.token, 'token'), tokenId: context.secretKeySelector(p.tokenId, 'tokenId'), ...this.common(true) };
  }
}

/** A Pushover integration; it pages. Created by `Integration.pushover()`. */
export class PushoverIntegration extends Integration {
  /** @internal */
  public static _create(props: PushoverIntegrationProps): PushoverIntegration {
    return new PushoverIntegration(props);
  }

  public readonly configFileField = 'pushover_configs';
  public readonly customResourceField = 'pushoverConfigs';
  public readonly paging = true;
  /** The properties given. */
  public readonly props: PushoverIntegrationProps;
  /** Notification title (`title`, else the `observability.title` template). */
  public readonly title: string;
  /** Notification message (`message`, else the `observability.text` template). */
  public readonly message: string;

  private constructor(props: PushoverIntegrationProps) {
    super();
    const example = "{ userKey: SecretRef.fromSecret('pushover', 'user-key'), token: SecretRef.fromSecret('pushover', 'token') }";
    this.props = checkedProps(this, props, example, ['title', 'message', 'url', 'urlTitle', 'device', 'sound', 'priority'], () => {
      secret(props.userKey, 'userKey');
      secret(props.token, 'token');
      checkTemplatedUrl(props.url, 'url');
      if (props.priority !== undefined && !props.priority.includes('{{') && !/^(?:-2|-1|0|1|2)$/.test(props.priority)) {
        throw new ValidationError(`priority: Pushover accepts -2, -1, 0, 1 or 2 (or a template); received ${quote(props.priority)}`);
      }
      for (const field of ['retry', 'expire', 'ttl'] as const) checkDuration(props[field], field);
      // Pushover's API refuses an emergency notification with retry < 30s or expire > 10800s
      if (props.retry !== undefined && PrometheusDuration.millis(props.retry) < 30000) {
        throw new ValidationError(`retry: must be at least 30 seconds (Pushover refuses the notification otherwise); received ${PrometheusDuration.format(props.retry)}`);
      }
      if (props.expire !== undefined && (PrometheusDuration.millis(props.expire) <= 0 || PrometheusDuration.millis(props.expire) > 3 * 3600000)) {
        throw new ValidationError(`expire: must be more than 0 and at most 3 hours (Pushover refuses the notification otherwise); received ${PrometheusDuration.format(props.expire)}`);
      }
      optionalBoolean(props.html, 'html');
      optionalBoolean(props.monospace, 'monospace');
      if (props.html && props.monospace) throw new ValidationError('monospace: not with html (Alertmanager accepts one of them)');
    }, true);
    this.title = this.props.title ?? MessageTemplates.ref(MessageTemplates.TITLE);
    this.message = this.props.message ?? MessageTemplates.ref(MessageTemplates.TEXT);
  }

  /** @internal */
  public _templateFields(): { [field: string]: string | undefined } {
    const p = this.props;
    return { title: this.title, message: this.message, url: p.url, urlTitle: p.urlTitle, device: p.device, sound: p.sound, priority: p.priority };
  }

  /** The fields of newer releases that are given: Alertmanager's, and the CRD's in a resource. */
  private checkNewFields(context: IntegrationContext): void {
    const p = this.props;
    const gates = [
      ['device', 'device', RELEASES.V0_26, OPERATOR_RELEASES.V0_70],
      ['ttl', 'ttl', RELEASES.V0_27, OPERATOR_RELEASES.V0_75],
      ['monospace', 'monospace', RELEASES.V0_29, OPERATOR_RELEASES.V0_87],
    ] as const;
    for (const [field, name, release, operator] of gates) {
      if (p[field] === undefined) continue;
      context.requireOperator(operator, `pushover ${field}`);
      context.requireVersion(release, `pushover ${field} (${name})`);
    }
  }

  private common(camel: boolean) {
    const p = this.props;
    return {
      title: this.title,
      message: this.message,
      url: p.url,
      [camel ? 'urlTitle' : 'url_title']: p.urlTitle,
      device: p.device,
      sound: p.sound,
      priority: p.priority,
      retry: goDuration(p.retry),
      expire: goDuration(p.expire),
      ttl: goDuration(p.ttl),
      html: p.html,
      monospace: p.monospace,
    };
  }

  public renderConfigFile(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    context.requireVersion(RELEASES.V0_26, 'pushover userKey, token (user_key_file, token_file)');
    this.checkNewFields(context);
    return { send_resolved: p.sendResolved, user_key_file: context.secretFile(p.userKey), token_file: context.secretFile(p.token), ...this.common(false) };
  }

  public renderCustomResource(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    this.checkNewFields(context);
    return { sendResolved: p.sendResolved, userKey: context.secretKeySelector(p.userKey, 'userKey'), token: context.secretKeySelector(p.token, 'token'), ...this.common(true) };
  }
}

/** Custom fields Alertmanager sets itself (config/notifiers.go). */
const VICTOROPS_RESERVED = ['routing_key', 'message_type', 'state_message', 'entity_display_name', 'monitoring_tool', 'entity_id', 'entity_state'];

/** A Splunk On-Call (VictorOps) integration; it pages. Created by `Integration.victorOps()`. */
export class VictorOpsIntegration extends Integration {
  /** @internal */
  public static _create(props: VictorOpsIntegrationProps): VictorOpsIntegration {
    return new VictorOpsIntegration(props);
  }

  public readonly configFileField = 'victorops_configs';
  public readonly customResourceField = 'victoropsConfigs';
  public readonly paging = true;
  /** The properties given. */
  public readonly props: VictorOpsIntegrationProps;
  /** Incident summary (`entityDisplayName`, else the `observability.pager_description` template). */
  public readonly entityDisplayName: string;
  /** Incident details (`stateMessage`, else the `observability.text` template). */
  public readonly stateMessage: string;

  private constructor(props: VictorOpsIntegrationProps) {
    super();
    const example = "{ apiKey: SecretRef.fromSecret('victorops', 'api-key'), routingKey: 'database' }";
    this.props = checkedProps(this, props, example, ['messageType', 'entityDisplayName', 'stateMessage', 'monitoringTool', 'apiUrl'], () => {
      secret(props.apiKey, 'apiKey');
      requireString(props.routingKey, 'routingKey', "'database'");
      if (props.routingKey.trim() === '') throw new ValidationError('routingKey: must not be empty (Alertmanager refuses a victorops_config without routing_key)');
      checkChoice(props.messageType, 'messageType', ['CRITICAL', 'WARNING', 'INFO', 'ACKNOWLEDGEMENT', 'RECOVERY'], 'VictorOps');
      const custom = optionalStringMap(props.customFields, 'customFields') ?? {};
      const reserved = Object.keys(custom).find((k) => VICTOROPS_RESERVED.includes(k));
      if (reserved !== undefined) throw new ValidationError(`customFields: ${quote(reserved)} is set by Alertmanager itself (reserved: ${VICTOROPS_RESERVED.join(', ')}); use its own prop or another name`);
      if (Object.keys(custom).some((k) => k === '')) throw new ValidationError('customFields: a field name must not be empty');
      if (props.apiUrl !== undefined) checkUrl(props.apiUrl, 'apiUrl');
    }, true);
    this.entityDisplayName = this.props.entityDisplayName ?? MessageTemplates.ref(MessageTemplates.PAGER_DESCRIPTION);
    this.stateMessage = this.props.stateMessage ?? MessageTemplates.ref(MessageTemplates.TEXT);
  }

  /** @internal */
  public _templateFields(): { [field: string]: string | undefined } {
    const p = this.props;
    const fields: { [field: string]: string | undefined } = {
      routingKey: p.routingKey, messageType: p.messageType, entityDisplayName: this.entityDisplayName, stateMessage: this.stateMessage, monitoringTool: p.monitoringTool,
    };
    for (const [name, value] of Object.entries(p.customFields ?? {})) fields[`customFields[${JSON.stringify(name)}]`] = value;
    return fields;
  }

  public renderConfigFile(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    return {
      send_resolved: p.sendResolved,
      api_key_file: context.secretFile(p.apiKey),
      api_url: p.apiUrl,
      routing_key: p.routingKey,
      message_type: p.messageType,
      entity_display_name: this.entityDisplayName,
      state_message: this.stateMessage,
      monitoring_tool: p.monitoringTool,
      custom_fields: p.customFields,
    };
  }

  public renderCustomResource(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    return {
      sendResolved: p.sendResolved,
      apiKey: context.secretKeySelector(p.apiKey, 'apiKey'),
      apiUrl: p.apiUrl,
      routingKey: p.routingKey,
      messageType: p.messageType,
      entityDisplayName: this.entityDisplayName,
      stateMessage: this.stateMessage,
      monitoringTool: p.monitoringTool,
      customFields: keyValues(p.customFields),
    };
  }
}

/** A WeChat Work integration. Created by `Integration.weChat()`. */
export class WeChatIntegration extends Integration {
  /** @internal */
  public static _create(props: WeChatIntegrationProps): WeChatIntegration {
    return new WeChatIntegration(props);
  }

  public readonly configFileField = 'wechat_configs';
  public readonly customResourceField = 'wechatConfigs';
  public readonly paging = false;
  /** The properties given. */
  public readonly props: WeChatIntegrationProps;

  private constructor(props: WeChatIntegrationProps) {
    super();
    const example = "{ apiSecret: SecretRef.fromSecret('wechat', 'secret'), corpId: 'ww0123456789abcdef' }";
    this.props = checkedProps(this, props, example, ['agentId', 'toUser', 'toParty', 'toTag', 'message', 'apiUrl'], () => {
      secret(props.apiSecret, 'apiSecret');
      requireString(props.corpId, 'corpId', "'ww0123456789abcdef'");
      if (props.corpId.trim() === '') throw new ValidationError('corpId: must not be empty (Alertmanager refuses a wechat_config without corp_id)');
      checkEnum(props.messageType, 'messageType', WeChatMessageType, 'WeChatMessageType');
      if (props.apiUrl !== undefined) checkUrl(props.apiUrl, 'apiUrl');
    }, true);
  }

  /** @internal */
  public _templateFields(): { [field: string]: string | undefined } {
    const p = this.props;
    return { message: p.message, toUser: p.toUser, toParty: p.toParty, toTag: p.toTag, agentId: p.agentId };
  }

  public renderConfigFile(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    context.requireVersion(RELEASES.V0_31, 'wechat apiSecret (api_secret_file)');
    return {
      send_resolved: p.sendResolved,
      api_secret_file: context.secretFile(p.apiSecret),
      api_url: p.apiUrl,
      corp_id: p.corpId,
      agent_id: p.agentId,
      to_user: p.toUser,
      to_party: p.toParty,
      to_tag: p.toTag,
      message: p.message,
      message_type: p.messageType,
    };
  }

  public renderCustomResource(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    return {
      sendResolved: p.sendResolved,
      apiSecret: context.secretKeySelector(p.apiSecret, 'apiSecret'),
      apiUrl: p.apiUrl,
      corpId: p.corpId,
      agentId: p.agentId,
      toUser: p.toUser,
      toParty: p.toParty,
      toTag: p.toTag,
      message: p.message,
      messageType: p.messageType,
    };
  }
}

/** An incident.io integration; it pages. Created by `Integration.incidentIo()`. */
export class IncidentIoIntegration extends Integration {
  /** @internal */
  public static _create(props: IncidentIoIntegrationProps): IncidentIoIntegration {
    return new IncidentIoIntegration(props);
  }

  public readonly configFileField = 'incidentio_configs';
  public readonly customResourceField = 'incidentioConfigs';
  public readonly paging = true;
  /** The properties given. */
  public readonly props: IncidentIoIntegrationProps;

  private constructor(props: IncidentIoIntegrationProps) {
    super();
    const example = "{ url: 'https://api.incident.io/v2/alert_events/http/01ABC...', alertSourceToken: SecretRef.fromSecret('incident-io', 'token') }";
    this.props = checkedProps(this, props, example, ['url'], () => {
      secret(props.urlSecret, 'urlSecret', true);
      secret(props.alertSourceToken, 'alertSourceToken');
      if ((props.url === undefined) === (props.urlSecret === undefined)) {
        throw new ValidationError('url: give exactly one of url (the alert source URL) and urlSecret (a SecretRef)');
      }
      if (props.url !== undefined) checkUrl(props.url, 'url');
      // max_alerts is a Go uint64 (notify/incidentio/config.go): 0 means all
      checkNumber(props.maxAlerts, 'maxAlerts', { unit: 'a count of alerts per event, 0 for all', min: 0, integer: true });
      checkDuration(props.timeout, 'timeout');
    }, true);
  }

  public renderConfigFile(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    context.requireVersion(RELEASES.V0_29, 'incidentio (incidentio_configs)');
    return {
      send_resolved: p.sendResolved,
      url: p.url,
      url_file: p.urlSecret === undefined ? undefined : context.secretFile(p.urlSecret),
      alert_source_token_file: context.secretFile(p.alertSourceToken),
      max_alerts: p.maxAlerts,
      timeout: goDuration(p.timeout),
    };
  }

  public renderCustomResource(): { [key: string]: unknown } {
    return notInCustomResource('incidentio', this.configFileField);
  }
}

/** A Mattermost integration. Created by `Integration.mattermost()`. */
export class MattermostIntegration extends Integration {
  /** @internal */
  public static _create(props: MattermostIntegrationProps): MattermostIntegration {
    return new MattermostIntegration(props);
  }

  public readonly configFileField = 'mattermost_configs';
  public readonly customResourceField = 'mattermostConfigs';
  public readonly paging = false;
  /** The properties given. */
  public readonly props: MattermostIntegrationProps;
  /** Message text (`text`, else the `observability.text` template). */
  public readonly text: string;

  private constructor(props: MattermostIntegrationProps) {
    super();
    const example = "{ webhookUrl: SecretRef.fromSecret('mattermost', 'url') }";
    this.props = checkedProps(this, props, example, ['channel', 'username', 'text', 'title', 'color', 'iconUrl', 'iconEmoji'], () => {
      secret(props.webhookUrl, 'webhookUrl');
      if (props.channel !== undefined && !props.channel.includes('{{') && !/^[a-z0-9][a-z0-9_-]*$/.test(props.channel)) {
        throw new ValidationError(`channel: must be a Mattermost channel name (lower-case letters, digits, '-' and '_', as in the channel's URL), or a template; received ${quote(props.channel)}`);
      }
      checkTemplatedUrl(props.iconUrl, 'iconUrl');
    }, true);
    this.text = this.props.text ?? MessageTemplates.ref(MessageTemplates.TEXT);
  }

  /** @internal */
  public _templateFields(): { [field: string]: string | undefined } {
    const p = this.props;
    return { channel: p.channel, username: p.username, text: this.text, title: p.title, color: p.color, iconUrl: p.iconUrl, iconEmoji: p.iconEmoji };
  }

  public renderConfigFile(context: IntegrationContext): { [key: string]: unknown } {
    const p = this.props;
    context.requireVersion(RELEASES.V0_30, 'mattermost (mattermost_configs)');
    for (const field of ['title', 'color'] as const) {
      if (p[field] !== undefined) context.requireVersion(RELEASES.V0_32, `mattermost ${field}`);
    }
    return {
      send_resolved: p.sendResolved,
      webhook_url_file: context.secretFile(p.webhookUrl),
      channel: p.channel,
      username: p.username,
      text: this.text,
      title: p.title,
      color: p.color,
      icon_url: p.iconUrl,
      icon_emoji: p.iconEmoji,
    };
  }

  public renderCustomResource(): { [key: string]: unknown } {
    return notInCustomResource('mattermost', this.configFileField);
  }
}
