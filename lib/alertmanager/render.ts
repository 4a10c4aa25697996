import { PrometheusDuration, quote, ValidationError } from '../core';
import { DEFAULT_TARGET_VERSIONS, ResolvedTargetVersions } from '../core/target-versions';
import { InhibitRule } from './inhibit-rule';
import { IntegrationContext, RenderTarget } from './integrations';
import { Matcher } from './matcher';
import { Receiver } from './receiver';
import { Route } from './route';
import { TimeInterval, TimePeriod } from './time-interval';
import { AlertmanagerVersion } from './version';

/**
 * What both renderings read from a configuration.
 * @internal
 */
export interface RoutingModel {
  readonly path: string;
  readonly route: Route;
  readonly receivers: Receiver[];
  readonly inhibitRules: InhibitRule[];
  readonly timeIntervals: TimeInterval[];
  readonly paging: boolean;
}

/**
 * An application configuration hung under the platform root route, as the Prometheus Operator does
 * with an `AlertmanagerConfig` resource: names prefixed with `<namespace>/<name>/`, a `namespace`
 * matcher on the first-level route (with `continue: true`) and on both sides of inhibit rules.
 * @internal
 */
export interface ApplicationSubtree {
  readonly model: RoutingModel;
  readonly namespace: string;
  readonly name: string;
}

/** Where the Prometheus Operator mounts `Alertmanager.spec.secrets`. @internal */
export const SECRETS_MOUNT_ROOT = '/etc/alertmanager/secrets';

type Naming = (name: string) => string;

function duration(d: import('cdk8s').Duration | undefined): string | undefined {
  return d === undefined ? undefined : PrometheusDuration.format(d);
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length === 0 ? undefined : list;
}

function fileRoute(route: Route, naming: Naming, extraMatchers: Matcher[] = [], forceContinue = false): { [key: string]: unknown } {
  const o = route.options;
  return {
    receiver: route.receiver === undefined ? undefined : naming(route.receiver),
    matchers: nonEmpty([...extraMatchers, ...route.matchers].map(String)),
    continue: forceContinue || route.continue ? true : undefined,
    group_by: o.groupBy,
    group_wait: duration(o.groupWait),
    group_interval: duration(o.groupInterval),
    repeat_interval: duration(o.repeatInterval),
    mute_time_intervals: o.muteTimeIntervals?.map((t) => naming(t.name)),
    active_time_intervals: o.activeTimeIntervals?.map((t) => naming(t.name)),
    routes: nonEmpty(route.routes.map((r) => fileRoute(r, naming))),
  };
}

function fileInhibitRule(rule: InhibitRule, extraMatchers: Matcher[]): { [key: string]: unknown } {
  return {
    source_matchers: [...extraMatchers, ...rule.source].map(String),
    target_matchers: [...extraMatchers, ...rule.target].map(String),
    equal: nonEmpty(rule.equal),
  };
}

/** The result of rendering `alertmanager.yaml`. @internal */
export interface ConfigFileRendering {
  readonly config: { [key: string]: unknown };
  /** Secrets referenced through `*_file` fields, sorted: they must be listed in `Alertmanager.spec.secrets`. */
  readonly secrets: string[];
}

/**
 * Renders a complete `alertmanager.yaml` from the platform model and the application subtrees
 * (placed first, sorted by namespace and name, as the operator does).
 * @internal
 */
export function renderConfigFile(
  platform: RoutingModel,
  applications: ApplicationSubtree[],
  options: { version: AlertmanagerVersion; global: { [key: string]: unknown }; templates: string[] },
): ConfigFileRendering {
  const secrets = new Set<string>();
  const identity: Naming = (n) => n;
  const receivers: unknown[] = [];
  const inhibitRules: unknown[] = [];
  const timeIntervals: unknown[] = [];
  const appRoutes: unknown[] = [];
  const render = (model: RoutingModel, naming: Naming, paging: boolean, extra: Matcher[]) => {
    for (const r of model.receivers) {
      const context = IntegrationContext._create(RenderTarget.CONFIG_FILE, options.version, `${model.path}/receivers/${r.name}`, SECRETS_MOUNT_ROOT, secrets);
      receivers.push(r._render(naming(r.name), paging, context, false));
    }
    inhibitRules.push(...model.inhibitRules.map((i) => fileInhibitRule(i, extra)));
    timeIntervals.push(...model.timeIntervals.map((t) => ({ name: naming(t.name), time_intervals: renderPeriodsFile(t.periods) })));
  };
  const key = (a: ApplicationSubtree) => `${a.namespace}/${a.name}`;
  const sorted = [...applications].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  for (const app of sorted) {
    const naming: Naming = (n) => `${app.namespace}/${app.name}/${n}`;
    const ns = [Matcher.eq('namespace', app.namespace)];
    render(app.model, naming, app.model.paging && platform.paging, ns);
    appRoutes.push(fileRoute(app.model.route, naming, ns, true));
  }
  render(platform, identity, platform.paging, []);
  const root = fileRoute(platform.route, identity);
  root.routes = nonEmpty([...appRoutes, ...((root.routes as unknown[] | undefined) ?? [])]);
  const config = {
    global: options.global,
    route: root,
    receivers,
    inhibit_rules: nonEmpty(inhibitRules),
    time_intervals: nonEmpty(timeIntervals),
    templates: options.templates,
  };
  return { config, secrets: [...secrets].sort() };
}

function resourceMatchers(matchers: Matcher[]): Array<{ [key: string]: unknown }> | undefined {
  return nonEmpty(matchers.map((m) => ({ name: m.name, value: m.value, matchType: m.operator })));
}

function resourceRoute(route: Route): { [key: string]: unknown } {
  const o = route.options;
  return {
    receiver: route.receiver,
    matchers: resourceMatchers(route.matchers),
    continue: route.continue ? true : undefined,
    groupBy: o.groupBy,
    groupWait: duration(o.groupWait),
    groupInterval: duration(o.groupInterval),
    repeatInterval: duration(o.repeatInterval),
    muteTimeIntervals: o.muteTimeIntervals?.map((t) => t.name),
    activeTimeIntervals: o.activeTimeIntervals?.map((t) => t.name),
    routes: nonEmpty(route.routes.map(resourceRoute)),
  };
}

/**
 * Renders the `spec` of an `AlertmanagerConfig` resource; credentials become Secret key selectors. Fields
 * are checked against the target releases: the operator's (its CRD must have them) and Alertmanager's
 * (the operator passes them on to it).
 * @internal
 */
export function renderCustomResourceSpec(
  model: RoutingModel,
  secrets: Set<string> = new Set(),
  versions: Pick<ResolvedTargetVersions, 'alertmanager' | 'prometheusOperator'> = DEFAULT_TARGET_VERSIONS,
): { [key: string]: any } {
  return {
    route: resourceRoute(model.route),
    receivers: model.receivers.map((r) => {
      const path = `${model.path}/receivers/${r.name}`;
      const context = IntegrationContext._create(RenderTarget.CUSTOM_RESOURCE, versions.alertmanager, path, SECRETS_MOUNT_ROOT, secrets, versions.prometheusOperator);
      return r._render(r.name, model.paging, context, true);
    }),
    inhibitRules: nonEmpty(model.inhibitRules.map((i) => ({ sourceMatch: resourceMatchers(i.source), targetMatch: resourceMatchers(i.target), equal: nonEmpty(i.equal) }))),
    muteTimeIntervals: nonEmpty(model.timeIntervals.map((t) => ({ name: t.name, timeIntervals: renderPeriodsResource(t.periods, `${model.path}/timeIntervals/${t.name}`) }))),
  };
}

/**
 * The cross-object checks of a model (references to receivers and time intervals that are not defined,
 * a root route without receiver), with the path of the offending object.
 * @internal
 */
export function checkModel(model: RoutingModel): ValidationError[] {
  const errors: ValidationError[] = [];
  const receivers = new Set(model.receivers.map((r) => r.name));
  if (model.route.receiver === undefined) {
    errors.push(ValidationError.at(model.path, `receiver: the root route must name a receiver (the default for alerts no child route matches); received undefined. Pass receiver: '<name>' and add it with addReceiver()`));
  }
  if (!model.paging) errors.push(...droppedWithoutPaging(model));
  for (const route of model.route.descendants()) {
    if (route.receiver !== undefined && !receivers.has(route.receiver)) {
      errors.push(ValidationError.at(route.path, `receiver: must name a receiver of this configuration (add it with addReceiver(); defined: ${[...receivers].map((r) => JSON.stringify(r)).join(', ') || 'none'}); received ${JSON.stringify(route.receiver)}`));
    }
    for (const [field, intervals] of [['muteTimeIntervals', route.options.muteTimeIntervals], ['activeTimeIntervals', route.options.activeTimeIntervals]] as const) {
      for (const t of intervals ?? []) {
        if (!model.timeIntervals.includes(t)) {
          errors.push(ValidationError.at(route.path, `${field}: must be time intervals created with addTimeInterval() on this configuration; received ${JSON.stringify(t.name)}`));
        }
      }
    }
  }
  return errors;
}

/**
 * With paging off, the routes that deliver to a receiver whose every integration pages (and which has no
 * `whenPagingDisabled`): it renders without integrations, so what such a route ends with is dropped. A
 * route with `continue: true` passes its alerts on, and a receiver given no integration at all is a
 * deliberate sink: neither is reported.
 */
function droppedWithoutPaging(model: RoutingModel): ValidationError[] {
  const errors: ValidationError[] = [];
  const emptied = new Set(model.receivers.filter((r) => r.integrations.length > 0 && r.effectiveIntegrations(false).length === 0).map((r) => r.name));
  if (emptied.size === 0) return errors;
  const visit = (route: Route, inherited: string | undefined, isRoot: boolean) => {
    const receiver = route.receiver ?? inherited;
    if (receiver !== undefined && emptied.has(receiver) && (isRoot || !route.continue)) {
      errors.push(ValidationError.at(isRoot ? model.path : route.path, `receiver: with paging off (paging: false) receiver ${quote(receiver)} keeps no integration (every one of its integrations pages), so the alerts this route ends with are dropped; give the receiver whenPagingDisabled (a chat or email integration)${isRoot ? '' : ', or set continue: true on the route so they reach the following routes too'}`));
    }
    for (const child of route.routes) visit(child, receiver, false);
  };
  visit(model.route, undefined, true);
  return errors;
}

/**
 * Renders the periods in Alertmanager's file syntax.
 * @internal
 */
export function renderPeriodsFile(periods: TimePeriod[]): unknown[] {
  const range = (start: string | number, end: string | number | undefined) => (end === undefined || end === start ? `${start}` : `${start}:${end}`);
  return periods.map(({ props: p }) => ({
    weekdays: p.weekdays?.map((w) => range(w.start, w.end)),
    times: p.times?.map((t) => ({ start_time: t.start, end_time: t.end })),
    days_of_month: p.daysOfMonth?.map((d) => range(d.start, d.end)),
    months: p.months?.map((d) => range(d.start, d.end)),
    location: p.location,
  }));
}

/**
 * Renders the periods for the `AlertmanagerConfig` resource; throws for a `location`, which it cannot hold.
 * @internal
 */
export function renderPeriodsResource(periods: TimePeriod[], path: string): unknown[] {
  const range = (start: string | number, end: string | number | undefined) => (end === undefined || end === start ? `${start}` : `${start}:${end}`);
  return periods.map(({ props: p }) => {
    if (p.location !== undefined) {
      throw ValidationError.at(path, `location: the AlertmanagerConfig v1alpha1 resource has no time zone field; received ${quote(p.location)}. Write the times in UTC, or render this interval into the platform alertmanager.yaml (AlertmanagerConfigSecret)`);
    }
    return {
      weekdays: p.weekdays?.map((w) => range(w.start, w.end)),
      times: p.times?.map((t) => ({ startTime: t.start, endTime: t.end })),
      daysOfMonth: p.daysOfMonth?.map((d) => ({ start: d.start, end: d.end ?? d.start })),
      months: p.months?.map((d) => range(d.start, d.end)),
    };
  });
}
