import { Chart, Lazy, Names } from 'cdk8s';
import { Construct } from 'constructs';
import * as mco from '../../imports/monitoring.coreos.com';
import { quote, SynthWarnings, Validate, ValidationError } from '../core';
import { requireObject } from '../core/untyped';
import { AlertRouting, describeLabels, RoutedAlert } from '../core/alert-routing';
import { FlowLabels, mayCarry, unionFlow } from '../core/label-flow';
import { RenderedValue } from '../core/render-pass';
import { targetVersionsOf } from '../core/target-versions';
import { InhibitRule, InhibitRuleProps } from './inhibit-rule';
import { MatchOperator, Matcher } from './matcher';
import { Receiver, ReceiverProps } from './receiver';
import { checkModel, renderCustomResourceSpec, RoutingModel } from './render';
import { Route, RouteOptions, RouteSettings, RouteTimeOptions } from './route';
import { coverageFindings, receiversFor } from './analysis';
import { CoverageFinding, RoutingTest } from './routing-test';
import { TimeInterval, TimeIntervalProps } from './time-interval';

/** Properties shared by every Alertmanager configuration: the root route's settings and paging. */
export interface AlertmanagerRoutingProps extends RouteSettings {
  /**
   * Whether notifications may page people. With `false` (staging), every receiver's paging integrations
   * (PagerDuty, Opsgenie) are replaced by its `whenPagingDisabled` integrations, or dropped: the same
   * routing code then never pages, whatever it declares.
   * @default true
   */
  readonly paging?: boolean;
}

/**
 * The model shared by `AlertmanagerConfig` (one application's resource) and `AlertmanagerConfigSecret`
 * (the platform's complete `alertmanager.yaml`): a routing tree under `route`, receivers, inhibit rules,
 * time intervals and routing expectations.
 *
 * Synth fails, with the path of the offending object, when a route names a receiver or a time interval
 * that is not defined, when the root route has no receiver, and (when added) on duplicate names,
 * routes that can never match and inhibit rules that mute their own source.
 */
export abstract class AlertmanagerRouting extends Construct {
  /** The root route; add child routes with `route.addRoute()`. */
  public readonly route: Route;
  /** Whether notifications may page people. */
  public readonly paging: boolean;
  private readonly receiverList: Receiver[] = [];
  private readonly inhibitRuleList: InhibitRule[] = [];
  private readonly timeIntervalList: TimeInterval[] = [];
  private readonly tests: ExpectedRoute[] = [];
  private readonly requiredCoverage: Array<{ [name: string]: string }> = [];

  /**
   * @param props the configuration's properties
   * @param rootRoute the root route's settings (matchers and time intervals only for resources whose
   * root is itself a child route in Alertmanager, as an `AlertmanagerConfig`'s is)
   */
  protected constructor(scope: Construct, id: string, props: AlertmanagerRoutingProps, rootRoute: RouteOptions) {
    super(scope, id);
    ValidationError.within(this, () => requireObject(props, 'props', '{ receiver: \'default\' }'));
    this.paging = props.paging ?? true;
    this.route = Route._create(`${this.node.path}/route`, { ...rootRoute, continue: undefined });
    this.node.addValidation({
      // cdk8s prefixes each message with this construct's path; the rest of the path names the
      // route, receiver or rule inside it (`[erp/Routing] route/routes[1] receiver: ...`).
      validate: () => this._errors().map((e) => (e.path === this.node.path ? e.detail : `${(e.path ?? '').replace(`${this.node.path}/`, '')} ${e.detail}`)),
    });
  }

  /**
   * Adds a receiver and returns it.
   * @param name the name routes refer to (unique in this configuration)
   * @throws ValidationError when a receiver with that name exists
   */
  public addReceiver(name: string, props: ReceiverProps = {}): Receiver {
    return ValidationError.within(this, () => {
      if (this.receiverList.some((r) => r.name === name)) {
        throw new ValidationError(`receiver name: must be unique in this configuration; received the duplicate ${quote(name)}`);
      }
      const receiver = Receiver._create(name, props);
      this.receiverList.push(receiver);
      return receiver;
    });
  }

  /** Adds an inhibit rule and returns it. */
  public addInhibitRule(props: InhibitRuleProps): InhibitRule {
    const rule = InhibitRule._create(`${this.node.path}/inhibitRules[${this.inhibitRuleList.length}]`, props);
    this.inhibitRuleList.push(rule);
    return rule;
  }

  /**
   * Adds a named time interval and returns it, for routes' `muteTimeIntervals` / `activeTimeIntervals`.
   * @throws ValidationError when an interval with that name exists
   */
  public addTimeInterval(name: string, props: TimeIntervalProps): TimeInterval {
    return ValidationError.within(this, () => {
      if (this.timeIntervalList.some((t) => t.name === name)) {
        throw new ValidationError(`time interval name: must be unique in this configuration; received the duplicate ${quote(name)}`);
      }
      const interval = TimeInterval._create(name, props);
      this.timeIntervalList.push(interval);
      return interval;
    });
  }

  /**
   * Declares that an alert with `labels` reaches exactly `receivers` (in order). The expectations are
   * exported by `routingTests` and run through `amtool config routes test` by the test suite. When
   * `labels` names an alert of this chart (`alertname`), synth fails if that alert can never carry them:
   * prefer `expectAlertRoute()`, which takes the labels from the alert itself.
   * @param labels the alert's labels
   * @param receivers receiver names of this configuration, in the order amtool prints them
   */
  public expectRoute(labels: { [name: string]: string }, receivers: string[]): RoutingTest {
    return this.addExpectation(undefined, labels, receivers);
  }

  /**
   * Declares that the alerts of the alerting rule `alertName` of this chart (a `PrometheusRule` or Loki
   * rule) reach exactly `receivers` (in order), with the labels the rule's alerts certainly carry: its
   * static labels, `alertname`, and the labels its expression fixes (`namespace="shop"` in
   * `sum by (namespace) (rate(x{namespace="shop"}[5m]))`), as the label-flow analysis proves them.
   * Synth fails when no rule has that name, or when `labels` adds a label the alert can never carry.
   *
   * @example
   * config.expectAlertRoute('CheckoutHighErrorRate', ['checkout-paging', 'checkout-chat']);
   * // rules sharing a name (an SLO's page and ticket alerts) are told apart by their labels
   * config.expectAlertRoute('ApiAvailabilityErrorBudgetBurn', ['chat'], { severity: 'warning' });
   * @param alertName the `alert` name of a rule of this chart
   * @param receivers receiver names of this configuration, in the order amtool prints them
   * @param labels more labels of the alert (values of labels its expression keeps, e.g. `{ job: 'api' }`)
   */
  public expectAlertRoute(alertName: string, receivers: string[], labels: { [name: string]: string } = {}): RoutingTest {
    return this.addExpectation(alertName, labels, receivers);
  }

  private addExpectation(alertName: string | undefined, labels: { [name: string]: string }, receivers: string[]): RoutingTest {
    const method = alertName === undefined ? 'expectRoute' : 'expectAlertRoute';
    const expectation = ValidationError.within(this, () => {
      if (alertName !== undefined) Validate.metricName(alertName, `${method} alertName`);
      Validate.prometheusLabels(labels ?? {}, `${method} labels`);
      if (!Array.isArray(receivers) || receivers.length === 0) throw new ValidationError(`${method} receivers: at least one receiver is expected (every alert reaches one)`);
      const index = this.tests.filter((t) => (t.alertName === undefined) === (alertName === undefined)).length;
      return { alertName, labels: { ...labels }, receivers: [...receivers], path: `${this.node.path}/${method}[${index}]` };
    });
    this.tests.push(expectation);
    return this.resolve(expectation).test;
  }

  /** The labels of an expectation: the alert's proven labels under the given ones, and why it cannot hold. */
  private resolve(e: ExpectedRoute): { test: RoutingTest; error?: string } {
    const alerts = AlertRouting.alertsOf(this);
    const name = e.alertName ?? e.labels.alertname;
    const named = name === undefined ? [] : alerts.filter((a) => a.alertname === name);
    const test = { labels: e.labels, receivers: e.receivers, path: e.path };
    if (e.alertName === undefined && named.length === 0) return { test };
    if (named.length === 0) {
      return { test, error: `alertName: no alerting rule of this chart is named ${quote(e.alertName)}${alerts.length > 0 ? ` (its alerts: ${quote([...new Set(alerts.map((a) => a.alertname))].sort())})` : ''}` };
    }
    const why = named.map((a) => AlertRouting.impossibleLabel(a, e.labels));
    const fitting = named.filter((_, i) => why[i] === undefined);
    if (fitting.length === 0) return { test, error: `labels: ${why[0]}` };
    if (e.alertName === undefined) return { test };
    if (fitting.length > 1) {
      return { test, error: `labels: ${fitting.length} alerting rules are named ${quote(e.alertName)} (${fitting.map((a) => quote(a.labels)).join(', ')}); give labels that tell them apart, e.g. { severity: ${quote(fitting[0].labels.severity)} }` };
    }
    const proven = Object.fromEntries([...AlertRouting.labelsOf(fitting[0]).values].filter(([k]) => k !== '__name__'));
    const merged = Object.assign(proven, e.labels);
    const labels = Object.fromEntries(Object.keys(merged).sort().map((k) => [k, merged[k]]));
    return { test: { labels, receivers: e.receivers, path: e.path } };
  }

  /**
   * Reports the label sets (e.g. every severity/team combination an application's alerts carry) that
   * match no route and so reach only the root route's default receiver.
   */
  public coverage(labelSets: Array<{ [name: string]: string }>): CoverageFinding[] {
    return coverageFindings(this.route, labelSets);
  }

  /** Makes synth fail when any of these label sets reaches only the default receiver (see `coverage()`). */
  public requireCoverage(labelSets: Array<{ [name: string]: string }>): void {
    this.requiredCoverage.push(...labelSets);
  }

  /** The receivers an alert with these labels reaches in this configuration, computed like Alertmanager. */
  public receiversFor(labels: { [name: string]: string }): string[] {
    return receiversFor(this.route, labels);
  }

  /** The receivers, in order. */
  public get receivers(): Receiver[] {
    return [...this.receiverList];
  }

  /** The inhibit rules, in order. */
  public get inhibitRules(): InhibitRule[] {
    return [...this.inhibitRuleList];
  }

  /** The time intervals, in order. */
  public get timeIntervals(): TimeInterval[] {
    return [...this.timeIntervalList];
  }

  /**
   * The routing expectations declared with `expectRoute()` and `expectAlertRoute()`, for
   * `amtool config routes test`.
   */
  public get routingTests(): RoutingTest[] {
    return this.tests.map((t) => this.resolve(t).test);
  }

  /** @internal */
  public _model(): RoutingModel {
    return {
      path: this.node.path,
      route: this.route,
      receivers: this.receivers,
      inhibitRules: this.inhibitRules,
      timeIntervals: this.timeIntervals,
      paging: this.paging,
    };
  }

  /** @internal */
  public _errors(): ValidationError[] {
    const errors = checkModel(this._model());
    const names = new Set(this.receiverList.map((r) => r.name));
    for (const t of this.tests) {
      const missing = t.receivers.find((r) => !names.has(r));
      if (missing !== undefined) {
        errors.push(ValidationError.at(t.path, `receivers: must be receivers of this configuration (${quote([...names])}); received ${quote(missing)}`));
        continue;
      }
      const resolved = this.resolve(t);
      if (resolved.error !== undefined) {
        errors.push(ValidationError.at(t.path, resolved.error));
        continue;
      }
      // the same routing algorithm as Alertmanager's (the test suite compares it with amtool's)
      const reached = receiversFor(this.route, resolved.test.labels);
      if (reached.join('\0') !== t.receivers.join('\0')) {
        errors.push(ValidationError.at(t.path, `receivers: an alert with ${quote(resolved.test.labels)} reaches ${quote(reached)} in this tree, in that order; expected ${quote(t.receivers)}`));
      }
    }
    const used = new Set(this.route.descendants().map((r) => r.receiver).filter((r): r is string => r !== undefined));
    for (const r of this.receiverList) {
      if (!used.has(r.name)) SynthWarnings.add(this, `receiver ${quote(r.name)} can never be reached: no route sends alerts to it`);
    }
    for (const f of this.coverage(this.requiredCoverage)) {
      errors.push(ValidationError.at(`${this.node.path}/route`, `coverage: ${f.message}; add a route for them`));
    }
    return errors;
  }

  /**
   * Throws the first cross-object error; renderers call it so that `Testing.synth()` (which skips
   * validations) fails with the exact path too.
   * @internal
   */
  protected _throwErrors(): void {
    const errors = this._errors();
    if (errors.length > 0) throw errors[0];
  }

  /**
   * `errors` when there are any, else the error `render` throws, if any: a rendering is tried only on a
   * model without cross-object errors, so that each problem is reported once.
   * @internal
   */
  protected _errorsOrRenderError(errors: ValidationError[], render: () => unknown): ValidationError[] {
    if (errors.length > 0) return errors;
    try {
      render();
    } catch (e) {
      if (e instanceof ValidationError) return [e];
      throw e;
    }
    return [];
  }
}

/** Properties of an `AlertmanagerConfig`. */
export interface AlertmanagerConfigProps extends AlertmanagerRoutingProps, RouteTimeOptions {
  /**
   * Name of the resource (the operator prefixes receiver and time interval names with
   * `<namespace>/<name>/` in the generated configuration).
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * Namespace of the resource; the operator only routes alerts whose `namespace` label equals it.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Matchers of the top route besides the `namespace` one the operator adds (which is why a
   * `namespace` matcher is refused here).
   * @default - none
   */
  readonly matchers?: Matcher[];
  /**
   * Labels of the resource, to match the Alertmanager's `alertmanagerConfigSelector`.
   * @default - none besides the chart's standard labels
   */
  readonly labels?: { [key: string]: string };
}

/**
 * The alert routing of one application namespace, rendered as a Prometheus Operator
 * `AlertmanagerConfig` resource (monitoring.coreos.com/v1alpha1) with credentials as Secret key
 * selectors in the same namespace. The operator merges it into the Alertmanager's configuration under
 * a route that matches `namespace="<namespace>"` (when the Alertmanager's
 * `alertmanagerConfigSelector` matches its labels). The same tree can be included in the platform's
 * `alertmanager.yaml` with `AlertmanagerConfigSecret.addApplication()` to test it with amtool.
 *
 * @example
 * const config = new AlertmanagerConfig(chart, 'Routing', { receiver: 'slack', groupBy: ['alertname'] });
 * config.addReceiver('slack', { integrations: [Integration.slack({ apiUrl: SecretRef.fromSecret('slack', 'url'), channel: '#alerts' })] });
 * config.addReceiver('pagerduty', { integrations: [Integration.pagerDuty({ routingKey: SecretRef.fromSecret('pagerduty', 'key') })] });
 * config.route.addRoute({ matchers: [Matcher.eq('severity', 'critical')], receiver: 'pagerduty' });
 * config.expectRoute({ severity: 'critical' }, ['pagerduty']);
 */
export class AlertmanagerConfig extends AlertmanagerRouting {
  /** The resource name. */
  public readonly name: string;
  /** The resource namespace. */
  public readonly namespace: string;
  /** The generated resource. */
  public readonly resource: mco.AlertmanagerConfig;
  /** The spec, rendered once per synth (its validation, which renders it, and the resource need it). */
  private readonly renderedSpec = new RenderedValue(() => renderCustomResourceSpec(this._model(), new Set(), targetVersionsOf(this)));

  public constructor(scope: Construct, id: string, props: AlertmanagerConfigProps = {}) {
    super(scope, id, props, props === null ? {} : {
      receiver: props.receiver, groupBy: props.groupBy, groupWait: props.groupWait, groupInterval: props.groupInterval,
      repeatInterval: props.repeatInterval, matchers: props.matchers, muteTimeIntervals: props.muteTimeIntervals, activeTimeIntervals: props.activeTimeIntervals,
    });
    const namespace = props.namespace ?? Chart.of(this).namespace;
    this.name = ValidationError.within(this, () => Validate.kubernetesName(props.name ?? Names.toDnsLabel(this), 'name'));
    this.namespace = ValidationError.within(this, () => {
      if (namespace === undefined) throw new ValidationError('namespace: an AlertmanagerConfig is namespaced; set namespace or the chart namespace; received undefined');
      const m = (props.matchers ?? []).find((x) => x.name === 'namespace');
      if (m) throw new ValidationError(`matchers: the operator replaces namespace matchers of the top route with namespace="${namespace}"; remove ${quote(String(m))}`);
      return Validate.dnsLabel(namespace, 'namespace');
    });
    if (props.labels) ValidationError.within(this, () => Validate.kubernetesLabels(props.labels!, 'labels'));
    AlertRouting.addNamespaceRouting({ scope: this, namespace: this.namespace });
    this.resource = new mco.AlertmanagerConfig(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace, labels: props.labels },
      spec: Lazy.any({ produce: () => this._toKube() }) as unknown as mco.AlertmanagerConfigSpec,
    });
  }

  /**
   * The Secrets (in this resource's namespace) whose keys the resource references, sorted: they must
   * exist for the operator to accept it.
   */
  public get secretNames(): string[] {
    const secrets = new Set<string>();
    renderCustomResourceSpec(this._model(), secrets, targetVersionsOf(this));
    return [...secrets].sort();
  }

  /** @internal */
  public _errors(): ValidationError[] {
    return this._errorsOrRenderError([...super._errors(), ...this.deadRoutes()], () => this.renderedSpec.get());
  }

  /**
   * The routes of this tree that test a label no alert of this chart can carry (an error), and the
   * receivers only such routes, or routes no alert of this chart matches, deliver to (a warning).
   * Nothing is concluded for a chart without alerting rules: its alerts are defined elsewhere.
   */
  private deadRoutes(): ValidationError[] {
    const all = AlertRouting.alertsOf(this);
    if (all.length === 0) return [];
    // only the labels the routes test (and namespace) are analysed
    const tested = [...new Set(['namespace', ...this.route.descendants().flatMap((r) => r.matchers.map((m) => m.name))])];
    const flows = all.map((a) => ({ alert: a, flow: AlertRouting.labelFacts(a, tested) }))
      .filter((f) => f.flow.values.get('namespace') === undefined || f.flow.values.get('namespace') === this.namespace);
    if (flows.length === 0) return [];
    const errors: ValidationError[] = [];
    const matched = new Map<Route, RoutedAlert[]>();
    for (const route of this.route.descendants()) {
      const matchers = route.allMatchers();
      const reaching = flows.filter((f) => matchers.every((m) => mayMatch(f.flow, m))).map((f) => f.alert);
      matched.set(route, reaching);
      if (route === this.route) continue;
      if (reaching.length === 0 && route.matchers.length > 0) {
        SynthWarnings.add(this, `${route.path.replace(`${this.node.path}/`, '')}: no alerting rule of this chart matches ${quote(route.allMatchers().map(String))} (only alerts defined elsewhere can)`);
      }
      for (const m of route.matchers) {
        if (m.matchesValue('') || flows.some((f) => mayCarry(f.flow, m.name))) continue;
        errors.push(ValidationError.at(route.path, `matchers: ${m} tests the label ${quote(m.name)}, which no alerting rule of this chart can carry, so no alert ever reaches this route (the alerts may carry ${describeLabels(flows.map((f) => AlertRouting.labelsOf(f.alert)).reduce(unionFlow))}); add ${quote(m.name)} to the alerts (labels, or keep it in their aggregations) or remove the route`));
      }
    }
    const receivers = new Map<string, boolean>();
    for (const route of this.route.descendants()) {
      const receiver = route.effectiveReceiver;
      if (receiver === undefined) continue;
      // a route delivers itself when no child takes the alert; a child always may not match, so count it
      receivers.set(receiver, (receivers.get(receiver) ?? false) || matched.get(route)!.length > 0);
    }
    for (const [receiver, reached] of receivers) {
      if (!reached) SynthWarnings.add(this, `receiver ${quote(receiver)}: no alerting rule of this chart reaches it (only alerts defined elsewhere can)`);
    }
    return errors;
  }

  /** @internal */
  public _toKube(): mco.AlertmanagerConfigSpec {
    this._throwErrors();
    return this.renderedSpec.get() as mco.AlertmanagerConfigSpec;
  }
}

/** An expectation as declared: an alert's name (`expectAlertRoute`) or only labels (`expectRoute`). */
interface ExpectedRoute {
  readonly alertName?: string;
  readonly labels: { [name: string]: string };
  readonly receivers: string[];
  readonly path: string;
}

/** Whether some alert with these labels may satisfy the matcher. */
function mayMatch(flow: FlowLabels, m: Matcher): boolean {
  const value = flow.values.get(m.name);
  if (value !== undefined) return m.matchesValue(value);
  if (flow.certain.has(m.name)) return !(m.operator === MatchOperator.EQUAL && m.value === '');
  return mayCarry(flow, m.name) || m.matchesValue('');
}
