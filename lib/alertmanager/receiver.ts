import { quote, ValidationError } from '../core';
import { checkValue } from '../core/problems';
import { optionalArray, requireObject } from '../core/untyped';
import { Integration, IntegrationContext } from './integrations';
import { alertmanagerTemplateError } from './template-check';

/** Properties of a `Receiver`. */
export interface ReceiverProps {
  /**
   * How the receiver notifies. An empty list makes a receiver that drops notifications.
   * @default []
   */
  readonly integrations?: Integration[];
  /**
   * Integrations that take the place of the paging ones (PagerDuty, Opsgenie) when the configuration
   * has `paging: false` (staging): e.g. a Slack message to the channel the page would have gone to.
   * @default - paging integrations are dropped
   */
  readonly whenPagingDisabled?: Integration[];
}

/**
 * A named set of notification integrations that routes deliver to. Created with `config.addReceiver()`.
 * @see https://prometheus.io/docs/alerting/latest/configuration/#receiver
 */
export class Receiver {
  /** The name routes refer to. */
  public readonly name: string;
  /** The integrations, as given. */
  public readonly integrations: Integration[];
  /** The replacements of paging integrations when paging is disabled. */
  public readonly whenPagingDisabled: Integration[];

  /**
   * Creates the Receiver, for `AlertmanagerRouting.addReceiver()`: the constructor is private, so that the declarations, which leave out
   * @internal members, still declare no way to create one.
   * @internal
   */
  public static _create(name: string, props: ReceiverProps = {}): Receiver {
    return new Receiver(name, props);
  }

  private constructor(name: string, props: ReceiverProps = {}) {
    if (typeof name !== 'string' || !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name) || name.length > 200) {
      throw new ValidationError(`receiver name: must be letters, digits, '-', '_' or '.', starting with a letter or digit; received ${quote(name)}`);
    }
    requireObject(props, `receiver ${quote(name)} props`, '{ integrations: [Integration.slack(...)] }');
    for (const list of ['integrations', 'whenPagingDisabled'] as const) {
      (optionalArray(props[list], `receiver ${quote(name)} ${list}`, '[Integration.slack(...)]') ?? []).forEach((integration, i) => {
        if (!(integration instanceof Integration)) {
          throw new ValidationError(`receiver ${quote(name)} ${list}[${i}]: must be an Integration, e.g. Integration.slack({ apiUrl }); received ${quote(integration)}`);
        }
        // a problem found when the integration was created (Integration.slack({ channel: 'a b' }))
        checkValue(undefined, `receiver ${quote(name)} ${list}[${i}]`, integration);
      });
    }
    const paging = (props.whenPagingDisabled ?? []).find((i) => i.paging);
    if (paging) {
      throw new ValidationError(`receiver ${quote(name)} whenPagingDisabled: must not contain paging integrations; received ${paging.configFileField}`);
    }
    // Credentials (SecretRef) given to the integrations are checked here, with the receiver's field.
    for (const list of ['integrations', 'whenPagingDisabled'] as const) {
      (props[list] ?? []).forEach((integration, i) => {
        for (const [key, value] of Object.entries((integration as { props?: object }).props ?? {})) {
          checkValue(undefined, `receiver ${quote(name)} ${list}[${i}].${key}`, value);
        }
      });
    }
    checkTemplates(name, 'integrations', props.integrations ?? []);
    checkTemplates(name, 'whenPagingDisabled', props.whenPagingDisabled ?? []);
    this.name = name;
    this.integrations = [...(props.integrations ?? [])];
    this.whenPagingDisabled = [...(props.whenPagingDisabled ?? [])];
  }

  /** The integrations in effect: paging ones replaced by `whenPagingDisabled` when `paging` is false. */
  public effectiveIntegrations(paging: boolean): Integration[] {
    if (paging || !this.integrations.some((i) => i.paging)) return this.integrations;
    return [...this.integrations.filter((i) => !i.paging), ...this.whenPagingDisabled];
  }

  /**
   * Renders the receiver into one rendering, integrations grouped by field in first-seen order.
   * @internal
   */
  public _render(name: string, paging: boolean, context: IntegrationContext, customResource: boolean): { [key: string]: unknown } {
    const out: { [key: string]: unknown[] } = {};
    for (const integration of this.effectiveIntegrations(paging)) {
      const field = customResource ? integration.customResourceField : integration.configFileField;
      const rendered = ValidationError.within(context.path, () =>
        customResource ? integration.renderCustomResource(context) : integration.renderConfigFile(context));
      (out[field] ??= []).push(rendered);
    }
    return { name, ...out };
  }
}

/**
 * Refuses a templated field Alertmanager would fail to render: it parses and runs these texts only when
 * it sends (`amtool check-config` does not), so the notification would be lost.
 */
function checkTemplates(receiver: string, list: string, integrations: Integration[]): void {
  integrations.forEach((integration, i) => {
    for (const [field, text] of Object.entries(integration._templateFields())) {
      const error = text === undefined ? undefined : alertmanagerTemplateError(text);
      if (error !== undefined) {
        throw new ValidationError(`receiver ${quote(receiver)} ${list}[${i}].${field} (${integration.configFileField}): invalid notification template: ${error}. Alertmanager would fail to render it at send time and lose the notification; received ${quote(text)}`);
      }
    }
  });
}
