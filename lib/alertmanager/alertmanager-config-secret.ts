import { Chart, Duration, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PrometheusDuration, quote, Serialize, Validate, ValidationError } from '../core';
import { checkValue } from '../core/problems';
import { targetVersionsOf } from '../core/target-versions';
import { RenderedValue } from '../core/render-pass';
import { AlertmanagerConfig, AlertmanagerRouting, AlertmanagerRoutingProps } from './alertmanager-config';
import { ConfigFileRendering, renderConfigFile } from './render';
import { receiversFor } from './analysis';
import { RoutingTest } from './routing-test';
import { MessageTemplates } from './templates';
import { AlertmanagerVersion } from './version';

/** Properties of an `AlertmanagerConfigSecret`. */
export interface AlertmanagerConfigSecretProps extends AlertmanagerRoutingProps {
  /**
   * Name of the `Alertmanager` resource this configuration is for.
   * @default 'main'
   */
  readonly alertmanagerName?: string;
  /**
   * Name of the Secret; set it as `Alertmanager.spec.configSecret`.
   * @default - `alertmanager-<alertmanagerName>`, the name the operator reads when configSecret is unset
   */
  readonly secretName?: string;
  /**
   * The Alertmanager release the file targets; fields it does not know are refused.
   * @default - the `targetVersions.alertmanager` of the chart or the app (`AlertmanagerVersion.V0_33` when neither sets it)
   */
  readonly alertmanagerVersion?: AlertmanagerVersion;
  /**
   * How long an alert that stops being sent is kept before it is resolved. Maps to `global.resolve_timeout`.
   * @default Duration.minutes(5)
   */
  readonly resolveTimeout?: Duration;
}

/** Annotation on the Secret naming the value of `Alertmanager.spec.configSecret`. */
const CONFIG_SECRET_ANNOTATION = 'observability.cdk8s.io/alertmanager-config-secret';
/** Annotation on the Secret listing the Secrets for `Alertmanager.spec.secrets`. */
const MOUNT_SECRETS_ANNOTATION = 'observability.cdk8s.io/alertmanager-spec-secrets';

/**
 * The platform's complete `alertmanager.yaml`, in a Kubernetes `Secret` that holds no secret value:
 * every credential is a `*_file` field (`api_url_file`, `routing_key_file`, `auth_password_file`...)
 * pointing at `/etc/alertmanager/secrets/<secret>/<key>`, where the Prometheus Operator mounts the
 * Secrets listed in `Alertmanager.spec.secrets`. The default message templates ship in the same Secret.
 *
 * To use it, set on the `Alertmanager` resource (both are also annotations on the Secret; the operator
 * then writes its own `alertmanager-<name>-generated` Secret from this one, which is not the one to edit):
 * - `spec.configSecret: <configSecretName>`;
 * - `spec.secrets: <secretsToMount>` (those Secrets must exist in the Alertmanager's namespace).
 *
 * Application trees added with `addApplication()` are hung under the root route exactly as the operator
 * hangs `AlertmanagerConfig` resources (names prefixed `<namespace>/<name>/`, a `namespace` matcher and
 * `continue: true`), so the whole tree can be checked and route-tested with amtool. When you include
 * them, leave the Alertmanager's `alertmanagerConfigSelector` unset so the operator does not merge the
 * same resources a second time.
 *
 * @example
 * const am = new AlertmanagerConfigSecret(chart, 'Alertmanager', { receiver: 'platform', groupBy: ['alertname'] });
 * am.addReceiver('platform', { integrations: [Integration.slack({ apiUrl: SecretRef.fromSecret('slack', 'url'), channel: '#platform' })] });
 * am.addApplication(gasDeliveryRouting);
 */
export class AlertmanagerConfigSecret extends AlertmanagerRouting {
  /** Key of the configuration in the Secret. */
  public static readonly CONFIG_KEY = 'alertmanager.yaml';

  /** Name of the Secret: the value for `Alertmanager.spec.configSecret`. */
  public readonly configSecretName: string;
  /** The targeted Alertmanager release. */
  public readonly alertmanagerVersion: AlertmanagerVersion;
  /** The generated Secret. */
  public readonly secret: k8s.KubeSecret;
  private readonly applications: AlertmanagerConfig[] = [];
  private readonly resolveTimeout: Duration;
  /** The file and its Secrets, rendered once per synth (validation, `stringData`, the mount annotation). */
  private readonly rendered = new RenderedValue(() => renderConfigFile(
    this._model(),
    this.applications.map((a) => ({ model: a._model(), namespace: a.namespace, name: a.name })),
    {
      version: this.alertmanagerVersion,
      global: { resolve_timeout: PrometheusDuration.format(this.resolveTimeout) },
      templates: [`${MessageTemplates.MOUNT_DIRECTORY}/*.tmpl`],
    },
  ));

  public constructor(scope: Construct, id: string, props: AlertmanagerConfigSecretProps = {}) {
    super(scope, id, props, props === null ? {} : {
      receiver: props.receiver, groupBy: props.groupBy, groupWait: props.groupWait, groupInterval: props.groupInterval, repeatInterval: props.repeatInterval,
    });
    if (props.alertmanagerVersion !== undefined && !(props.alertmanagerVersion instanceof AlertmanagerVersion)) {
      throw ValidationError.at(this, `alertmanagerVersion: must be an AlertmanagerVersion, e.g. AlertmanagerVersion.V0_27 or AlertmanagerVersion.of('0.27'); received ${quote(props.alertmanagerVersion)}`);
    }
    // a problem found when the version was created (AlertmanagerVersion.of('v0.27'))
    checkValue(this, 'alertmanagerVersion', props.alertmanagerVersion);
    this.alertmanagerVersion = props.alertmanagerVersion ?? targetVersionsOf(this).alertmanager;
    this.resolveTimeout = props.resolveTimeout ?? Duration.minutes(5);
    this.configSecretName = ValidationError.within(this, () => {
      PrometheusDuration.format(this.resolveTimeout);
      return Validate.kubernetesName(props.secretName ?? `alertmanager-${Validate.dnsLabel(props.alertmanagerName ?? 'main', 'alertmanagerName')}`, 'secretName');
    });
    this.secret = new k8s.KubeSecret(this, 'Resource', {
      metadata: {
        name: this.configSecretName,
        namespace: Chart.of(this).namespace,
        annotations: {
          [CONFIG_SECRET_ANNOTATION]: this.configSecretName,
          [MOUNT_SECRETS_ANNOTATION]: Lazy.any({ produce: () => this.secretsToMount.join(',') }) as unknown as string,
        },
      },
      type: 'Opaque',
      stringData: Lazy.any({ produce: () => this._toKube() }) as unknown as { [key: string]: string },
    });
  }

  /**
   * Includes an application's tree, receivers, inhibit rules and time intervals, as the operator would
   * merge its `AlertmanagerConfig` resource. Its paging integrations are kept only when both this
   * configuration and the application's allow paging.
   */
  public addApplication(config: AlertmanagerConfig): void {
    ValidationError.within(this, () => {
      if (this.applications.some((a) => a.namespace === config.namespace && a.name === config.name)) {
        throw new ValidationError(`applications: ${quote(`${config.namespace}/${config.name}`)} is already included`);
      }
    });
    this.applications.push(config);
  }

  /** The included applications. */
  public get includedApplications(): AlertmanagerConfig[] {
    return [...this.applications];
  }

  /** The Secrets that `Alertmanager.spec.secrets` must list (sorted), read by the `*_file` fields. */
  public get secretsToMount(): string[] {
    return this.render().secrets;
  }

  /** The rendered `alertmanager.yaml`. */
  public get configYaml(): string {
    return Serialize.yaml(this.render().config);
  }

  /**
   * Every routing expectation for the rendered file: this configuration's own, and each included
   * application's with its `namespace` label added and receiver names prefixed as the operator does,
   * followed by the receivers of this configuration's own routes that the alert also reaches.
   */
  public get routingTests(): RoutingTest[] {
    const own = super.routingTests;
    const apps = this.applications.flatMap((app) =>
      app.routingTests.map((t) => {
        const labels = { ...t.labels, namespace: app.namespace };
        const matched = this.route.match(labels);
        const platform = matched.length === 1 && matched[0] === this.route ? [] : receiversFor(this.route, labels);
        return { labels, receivers: [...t.receivers.map((r) => `${app.namespace}/${app.name}/${r}`), ...platform], path: t.path };
      }),
    );
    return [...own, ...apps];
  }

  private render(): ConfigFileRendering {
    return this.rendered.get();
  }

  /** @internal */
  public _errors(): ValidationError[] {
    return this._errorsOrRenderError([...super._errors(), ...this.applications.flatMap((a) => a._errors())], () => this.render());
  }

  /** @internal */
  public _toKube(): { [key: string]: string } {
    this._throwErrors();
    return {
      [AlertmanagerConfigSecret.CONFIG_KEY]: this.configYaml,
      [MessageTemplates.FILE_NAME]: MessageTemplates.FILE_CONTENT,
    };
  }
}
