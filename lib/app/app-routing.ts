import { AlertmanagerConfig, Matcher, ReceiverProps, RouteGrouping, TimeInterval, TimeIntervalProps } from '../alertmanager';
import { quote, Severity, Validate, ValidationError } from '../core';
import { optionalArray, optionalBoolean, optionalStringList, requireArray, requireObject, requireString } from '../core/untyped';

/** A receiver of an application's alerts: its name and how it notifies. */
export interface AppReceiver extends ReceiverProps {
  /** The name routes refer to (`email`, `slack-warnings`, `pagerduty`), unique in the application. */
  readonly name: string;
}

/** A named time interval of an application's routing, that routes refer to by name. */
export interface AppTimeInterval extends TimeIntervalProps {
  /** The name routes refer to in `muteTimeIntervals` / `activeTimeIntervals`. */
  readonly name: string;
}

/**
 * A route of an application's alerts to one of its receivers, chosen by severity and/or team (and more
 * matchers). All the conditions given must hold; a route with none takes every alert that reaches it.
 */
export interface AppRoute extends RouteGrouping {
  /** The name of the receiver (one of the routing's `receivers`) that gets the alerts. */
  readonly receiver: string;
  /**
   * Only alerts of this severity (`severity` label).
   * @default - any severity
   */
  readonly severity?: Severity;
  /**
   * Only alerts of this team (`team` label).
   * @default - any team
   */
  readonly team?: string;
  /**
   * More conditions on the alerts' labels (`Matcher.eq('alertname', 'CheckoutNoOrders')`).
   * @default - none
   */
  readonly matchers?: Matcher[];
  /**
   * Whether alerts matched here go on to the following routes (and, after the last, to the default
   * receiver). Maps to `continue`.
   * @default false
   */
  readonly continue?: boolean;
  /**
   * Names of `timeIntervals` during which the route sends nothing. Maps to `mute_time_intervals`.
   * @default - never muted
   */
  readonly muteTimeIntervals?: string[];
  /**
   * Names of `timeIntervals` outside of which the route sends nothing. Maps to `active_time_intervals`.
   * @default - always active
   */
  readonly activeTimeIntervals?: string[];
}

/**
 * The routing of an application's alerts: its receivers, the default one, routes by severity and/or team
 * and how notifications are grouped. Alerts go through `routesBefore`, `routes` and `routesAfter` in that
 * order; an alert no route takes, or that a `continue: true` route let through, goes to `defaultReceiver`.
 *
 * @example
 * // email by default, warnings to Slack, critical to PagerDuty and then on to email
 * const routing: AppRoutingOptions = {
 *   defaultReceiver: 'email',
 *   receivers: [
 *     { name: 'email', integrations: [Integration.email({ to: 'payments@example.com', from: 'alertmanager@example.com', smarthost: 'smtp.example.com:587' })] },
 *     { name: 'slack', integrations: [Integration.slack({ apiUrl: SecretRef.fromSecret('checkout-slack', 'url'), channel: '#checkout' })] },
 *     { name: 'pagerduty', integrations: [Integration.pagerDuty({ routingKey: SecretRef.fromSecret('checkout-pagerduty', 'routing-key') })] },
 *   ],
 *   routes: [
 *     { severity: Severity.CRITICAL, receiver: 'pagerduty', continue: true },
 *     { severity: Severity.WARNING, receiver: 'slack' },
 *   ],
 * };
 */
export interface AppRoutingOptions extends RouteGrouping {
  /** The receivers, each with one or several integrations (Slack and PagerDuty, say). */
  readonly receivers: AppReceiver[];
  /** The receiver of every alert no route takes (and of those a `continue: true` route lets through). */
  readonly defaultReceiver: string;
  /**
   * The routes by severity and/or team, in order.
   * @default - none: every alert goes to the default receiver
   */
  readonly routes?: AppRoute[];
  /**
   * Routes tried before `routes`: exceptions (a log alert that goes to e-mail and never pages).
   * @default - none
   */
  readonly routesBefore?: AppRoute[];
  /**
   * Routes tried after `routes`, before the default receiver.
   * @default - none
   */
  readonly routesAfter?: AppRoute[];
  /**
   * Named time intervals, for the routes' `muteTimeIntervals` and `activeTimeIntervals`.
   * @default - none
   */
  readonly timeIntervals?: AppTimeInterval[];
}

/** The groupings of an application's routing when not given. @internal */
export const DEFAULT_GROUP_BY = ['alertname', 'namespace'];

/**
 * Checks the shape of `options` (plain JavaScript callers included) and that every name it refers to is
 * declared, with the field in the message.
 * @internal
 */
export function checkRoutingOptions(options: AppRoutingOptions, field: string): void {
  requireObject(options, field, "{ defaultReceiver: 'email', receivers: [...] }");
  requireString(options.defaultReceiver, `${field}.defaultReceiver`, "'email'");
  requireArray(options.receivers, `${field}.receivers`, "[{ name: 'email', integrations: [Integration.email(...)] }]");
  options.receivers.forEach((r, i) => {
    requireObject(r, `${field}.receivers[${i}]`, "{ name: 'email', integrations: [...] }");
    requireString(r.name, `${field}.receivers[${i}].name`, "'email'");
  });
  const names = options.receivers.map((r) => r.name);
  if (!names.includes(options.defaultReceiver)) {
    throw new ValidationError(`${field}.defaultReceiver: must be the name of one of the receivers (${quote(names)}); received ${quote(options.defaultReceiver)}`);
  }
  const intervals = (optionalArray(options.timeIntervals, `${field}.timeIntervals`, "[{ name: 'business-hours', periods: [...] }]") ?? []).map((t, i) => {
    requireObject(t, `${field}.timeIntervals[${i}]`, "{ name: 'business-hours', periods: [...] }");
    return requireString(t.name, `${field}.timeIntervals[${i}].name`, "'business-hours'");
  });
  for (const list of ['routesBefore', 'routes', 'routesAfter'] as const) {
    (optionalArray(options[list], `${field}.${list}`, "[{ severity: Severity.CRITICAL, receiver: 'pagerduty' }]") ?? []).forEach((route, i) => {
      const at = `${field}.${list}[${i}]`;
      requireObject(route, at, "{ severity: Severity.CRITICAL, receiver: 'pagerduty' }");
      requireString(route.receiver, `${at}.receiver`, "'pagerduty'");
      if (!names.includes(route.receiver)) {
        throw new ValidationError(`${at}.receiver: must be the name of one of the receivers (${quote(names)}); received ${quote(route.receiver)}`);
      }
      if (route.severity !== undefined && !(route.severity instanceof Severity)) {
        throw new ValidationError(`${at}.severity: must be a Severity, e.g. Severity.CRITICAL; received ${quote(route.severity)}`);
      }
      if (route.team !== undefined) Validate.kubernetesLabelValue(route.team, `${at}.team`);
      optionalArray(route.matchers, `${at}.matchers`, "[Matcher.eq('alertname', 'X')]");
      optionalBoolean(route.continue, `${at}.continue`);
      for (const which of ['muteTimeIntervals', 'activeTimeIntervals'] as const) {
        for (const name of optionalStringList(route[which], `${at}.${which}`, "['business-hours']") ?? []) {
          if (!intervals.includes(name)) {
            throw new ValidationError(`${at}.${which}: must name one of the routing's timeIntervals (${quote(intervals)}); received ${quote(name)}`);
          }
        }
      }
    });
  }
}

/**
 * Builds the receivers, time intervals and routes of `options` into `config` (whose root route delivers
 * to the default receiver): `routesBefore`, `routes`, `routesAfter`, then, when a route lets alerts
 * through (`continue: true`) that no later route takes, a last route to the default receiver so that
 * those alerts reach it too.
 * @internal
 */
export function buildRouting(config: AlertmanagerConfig, options: AppRoutingOptions): void {
  for (const receiver of options.receivers) {
    const { name, ...props } = receiver;
    config.addReceiver(name, props);
  }
  const intervals = new Map<string, TimeInterval>();
  for (const t of options.timeIntervals ?? []) intervals.set(t.name, config.addTimeInterval(t.name, { periods: t.periods }));
  const routes = [...(options.routesBefore ?? []), ...(options.routes ?? []), ...(options.routesAfter ?? [])];
  for (const route of routes) {
    config.route.addRoute({
      matchers: [
        ...(route.severity ? [Matcher.eq('severity', route.severity.name)] : []),
        ...(route.team !== undefined ? [Matcher.eq('team', route.team)] : []),
        ...(route.matchers ?? []),
      ],
      receiver: route.receiver,
      continue: route.continue,
      groupBy: route.groupBy,
      groupWait: route.groupWait,
      groupInterval: route.groupInterval,
      repeatInterval: route.repeatInterval,
      muteTimeIntervals: route.muteTimeIntervals?.map((n) => intervals.get(n)!),
      activeTimeIntervals: route.activeTimeIntervals?.map((n) => intervals.get(n)!),
    });
  }
  // Alertmanager delivers to a parent's receiver only when no child matched: an alert let through by a
  // `continue: true` route would never reach the default receiver without a last route to it, unless a
  // route without conditions already takes every alert, or each such route is followed by one without
  // `continue` whose conditions are among its own (critical -> pager, continue; critical -> chat), which
  // takes every alert it lets through.
  const catchesAll = routes.some((r) => !r.continue && conditionsOf(r).length === 0);
  const fallsThrough = (route: AppRoute, i: number) => route.continue === true
    && !routes.slice(i + 1).some((later) => !later.continue && conditionsOf(later).every((c) => conditionsOf(route).includes(c)));
  if (!catchesAll && routes.some(fallsThrough)) config.route.addRoute({ receiver: options.defaultReceiver });
}

/** The conditions of a route, one string per matcher (`severity="critical"`), to compare routes by. */
function conditionsOf(route: AppRoute): string[] {
  return [
    ...(route.severity ? [`severity="${route.severity.name}"`] : []),
    ...(route.team !== undefined ? [`team="${route.team}"`] : []),
    ...(route.matchers ?? []).map((m) => `${m.name}${m.operator}${JSON.stringify(m.value)}`),
  ];
}
