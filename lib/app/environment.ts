import { quote, Validate, ValidationError } from '../core';
import { optionalBoolean, optionalStringMap, requireObject, requireString } from '../core/untyped';

/**
 * How an environment names the namespace of an application: the application's own name, a prefix or a
 * suffix added to it, or one fixed namespace. The result is checked as a DNS-1123 label when applied.
 *
 * @example
 * NamespaceRule.APP_NAME;              // checkout -> checkout
 * NamespaceRule.suffix('-staging');    // checkout -> checkout-staging
 * NamespaceRule.prefix('staging-');    // checkout -> staging-checkout
 * NamespaceRule.fixed('sandbox');      // checkout -> sandbox
 */
export class NamespaceRule {
  /** The application's name is its namespace. */
  public static readonly APP_NAME = new NamespaceRule('the application name', (app) => app);

  /** The application's name followed by `suffix` (`-staging`). */
  public static suffix(suffix: string): NamespaceRule {
    requireString(suffix, 'NamespaceRule.suffix suffix', "'-staging'");
    if (suffix === '') throw new ValidationError('NamespaceRule.suffix suffix: must not be empty; use NamespaceRule.APP_NAME for the application name alone');
    return new NamespaceRule(`the application name + ${quote(suffix)}`, (app) => `${app}${suffix}`);
  }

  /** `prefix` (`staging-`) followed by the application's name. */
  public static prefix(prefix: string): NamespaceRule {
    requireString(prefix, 'NamespaceRule.prefix prefix', "'staging-'");
    if (prefix === '') throw new ValidationError('NamespaceRule.prefix prefix: must not be empty; use NamespaceRule.APP_NAME for the application name alone');
    return new NamespaceRule(`${quote(prefix)} + the application name`, (app) => `${prefix}${app}`);
  }

  /** The same namespace for every application. */
  public static fixed(namespace: string): NamespaceRule {
    Validate.dnsLabel(namespace, 'NamespaceRule.fixed namespace');
    return new NamespaceRule(quote(namespace), () => namespace);
  }

  /** What the rule does, for messages (`the application name + "-staging"`). */
  public readonly description: string;
  private readonly rule: (app: string) => string;

  private constructor(description: string, rule: (app: string) => string) {
    this.description = description;
    this.rule = rule;
  }

  /**
   * The namespace of `app`.
   * @throws ValidationError when the result is not a DNS-1123 label
   */
  public namespaceOf(app: string): string {
    requireString(app, 'application name', "'checkout'");
    const namespace = this.rule(app);
    ValidationError.inField(`namespace of ${quote(app)} (${this.description})`, () => Validate.dnsLabel(namespace, 'namespace'));
    return namespace;
  }
}

/** Properties of an `Environment`. */
export interface EnvironmentProps {
  /** The environment's name (`staging`, `production`): a DNS-1123 label, used as the output folder by the reference apps. */
  readonly name: string;
  /**
   * How an application's namespace is named in this environment.
   * @default NamespaceRule.APP_NAME
   */
  readonly namespace?: NamespaceRule;
  /**
   * Whether alerts may page people (PagerDuty, Opsgenie). Where it is false (staging), every paging
   * integration of the applications' routing is replaced by its receiver's `whenPagingDisabled`
   * integrations, or dropped: nothing pages, whatever the routing declares.
   * @default true
   */
  readonly paging?: boolean;
  /**
   * Labels for the alerts of the environment's applications (`{ environment: 'staging' }`), so a
   * notification says where it comes from. `AppMonitoring` adds them to its built-in alerts; alerts and SLOs
   * you add yourself take them from `monitoring.alertLabels` (`labels: monitoring.alertLabels`).
   * @default - none
   */
  readonly labels?: { [name: string]: string };
}

/**
 * A deployment environment (staging, production): where an application's monitoring goes and how loudly
 * it may alert. Give it to `AppMonitoring` (`environment`), which takes from it the paging switch, the
 * namespace (the chart's must agree) and the alerts' extra labels.
 *
 * @example
 * export const ENVIRONMENTS = [
 *   Environment.of({ name: 'staging', namespace: NamespaceRule.suffix('-staging'), paging: false, labels: { environment: 'staging' } }),
 *   Environment.of({ name: 'production', labels: { environment: 'production' } }),
 * ];
 * for (const env of ENVIRONMENTS) {
 *   const app = new MonitoringApp({ outdir: `dist/${env.name}` });
 *   const chart = new MonitoringChart(app, 'checkout', { partOf: 'checkout', namespace: env.namespace('checkout') });
 *   new AppMonitoring(chart, 'Checkout', { service: 'checkout', team: 'payments', environment: env, ... });
 * }
 */
export class Environment {
  /**
   * An environment.
   * @throws ValidationError on a name that is not a DNS-1123 label, or a label that is not a valid
   * Prometheus label
   */
  public static of(props: EnvironmentProps): Environment {
    requireObject(props, 'Environment props', "{ name: 'staging', paging: false }");
    Validate.dnsLabel(props.name, 'Environment name');
    optionalBoolean(props.paging, 'Environment paging');
    optionalStringMap(props.labels, 'Environment labels');
    if (props.namespace !== undefined && !(props.namespace instanceof NamespaceRule)) {
      throw new ValidationError(`Environment namespace: must be a NamespaceRule, e.g. NamespaceRule.suffix('-staging'); received ${quote(props.namespace)}`);
    }
    Validate.prometheusLabels(props.labels ?? {}, 'Environment labels');
    return new Environment(props);
  }

  /** The environment's name. */
  public readonly name: string;
  /** Whether alerts may page people. */
  public readonly paging: boolean;
  /** Labels for the environment's alerts (`AppMonitoring` adds them to its built-in alerts and `alertLabels`). */
  public readonly labels: { [name: string]: string };
  /** How an application's namespace is named. */
  public readonly namespaceRule: NamespaceRule;

  private constructor(props: EnvironmentProps) {
    this.name = props.name;
    this.paging = props.paging ?? true;
    this.labels = { ...props.labels };
    this.namespaceRule = props.namespace ?? NamespaceRule.APP_NAME;
  }

  /** The namespace of the application `app` in this environment. */
  public namespace(app: string): string {
    return this.namespaceRule.namespaceOf(app);
  }
}
