import { Duration } from 'cdk8s';
import { PrometheusDuration, quote, Validate, ValidationError } from '../core';
import { checkValues } from '../core/problems';
import { optionalArray, optionalBoolean, optionalString, optionalStringList } from '../core/untyped';
import { contradiction, implies } from './analysis';
import { Matcher } from './matcher';
import { TimeInterval } from './time-interval';

/**
 * Grouping and timing of a route's notifications; a route inherits the values it does not set from its
 * parent.
 * @see https://prometheus.io/docs/alerting/latest/configuration/#route
 */
export interface RouteGrouping {
  /**
   * Labels that split alerts into notification groups; `['...']` groups by every label. Maps to `group_by`.
   * @default - the parent's (the root's default: no grouping)
   */
  readonly groupBy?: string[];
  /**
   * How long to wait to batch the first notification of a new group. Maps to `group_wait`.
   * @default - the parent's (Alertmanager's root default: 30s)
   */
  readonly groupWait?: Duration;
  /**
   * How long to wait before notifying of alerts added to a group already notified. Maps to `group_interval`.
   * @default - the parent's (Alertmanager's root default: 5m)
   */
  readonly groupInterval?: Duration;
  /**
   * How long to wait before notifying again of a group that has not changed. Maps to `repeat_interval`.
   * @default - the parent's (Alertmanager's root default: 4h)
   */
  readonly repeatInterval?: Duration;
}

/**
 * The receiver, grouping and timing of a route's notifications; a route inherits the values it does not
 * set from its parent.
 * @see https://prometheus.io/docs/alerting/latest/configuration/#route
 */
export interface RouteSettings extends RouteGrouping {
  /**
   * Name of the receiver that gets the alerts this route matches. It must be added to the same
   * configuration with `addReceiver()`. Maps to `receiver`.
   * @default - the parent route's receiver (the root route must set it)
   */
  readonly receiver?: string;
}

/** Time intervals a route is muted or active in. */
export interface RouteTimeOptions {
  /**
   * Intervals during which the route sends nothing. Maps to `mute_time_intervals`.
   * @default - never muted
   */
  readonly muteTimeIntervals?: TimeInterval[];
  /**
   * Intervals outside of which the route sends nothing (e.g. business hours). Maps to `active_time_intervals`.
   * @default - always active
   */
  readonly activeTimeIntervals?: TimeInterval[];
}

/** Options of `route.addRoute()`. */
export interface RouteOptions extends RouteSettings, RouteTimeOptions {
  /**
   * Conditions on the alert's labels; all must hold. Maps to `matchers`.
   * @default - every alert that reaches this point
   */
  readonly matchers?: Matcher[];
  /**
   * Whether alerts matched here keep being tested against the following sibling routes. Maps to `continue`.
   * @default false
   */
  readonly continue?: boolean;
}

/**
 * A node of an Alertmanager routing tree. Alerts enter at the root and descend into the first child
 * whose matchers they satisfy (and further children after a route with `continue: true`); the deepest
 * matching routes deliver to their receivers. Created by `config.route.addRoute()` and `route.addRoute()`.
 *
 * Each route is checked when added: a route that no alert can reach (contradictory matchers with its
 * ancestors, or an earlier sibling without `continue` that catches everything it matches) is an error.
 *
 * @example
 * const critical = config.route.addRoute({ matchers: [Matcher.eq('severity', 'critical')], receiver: 'pagerduty', continue: true });
 * @see https://prometheus.io/docs/alerting/latest/configuration/#route
 */
export class Route {
  /** Where the route is, for messages: `<config path>/route/routes[1]`. */
  public readonly path: string;
  /** The parent route; undefined for the root. */
  public readonly parent?: Route;
  /** The matchers of this route only. */
  public readonly matchers: Matcher[];
  /** The receiver set on this route, if any. */
  public readonly receiver?: string;
  /** Whether matching continues with the following siblings. */
  public readonly continue: boolean;
  /** The options given. */
  public readonly options: RouteOptions;
  private readonly children: Route[] = [];

  /**
   * Creates the Route, for `AlertmanagerRouting` (the root route) and `Route.addRoute()`: the constructor is private, so that the declarations, which leave out
   * @internal members, still declare no way to create one.
   * @internal
   */
  public static _create(path: string, options: RouteOptions, parent?: Route): Route {
    return new Route(path, options, parent);
  }

  private constructor(path: string, options: RouteOptions, parent?: Route) {
    this.path = path;
    this.parent = parent;
    this.options = options;
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    ValidationError.within(path, () => {
      optionalArray(options.matchers, 'matchers', '[Matcher.eq(\'severity\', \'critical\')]');
      optionalStringList(options.groupBy, 'groupBy', '[\'alertname\', \'namespace\']');
      optionalString(options.receiver, 'receiver', '\'default\'');
      optionalBoolean(options.continue, 'continue');
    });
    this.matchers = [...(options.matchers ?? [])];
    this.receiver = options.receiver;
    this.continue = options.continue ?? false;
    ValidationError.within(path, () => {
      checkValues(undefined, 'matchers', options.matchers);
      if (options.receiver !== undefined && options.receiver === '') throw new ValidationError('receiver: must not be empty');
      const groupBy = options.groupBy ?? [];
      if (groupBy.includes('...') && groupBy.length > 1) {
        throw new ValidationError(`groupBy: '...' (group by all labels) must be the only entry; received ${quote(groupBy)}`);
      }
      groupBy.filter((l) => l !== '...').forEach((l) => Validate.labelName(l, 'groupBy'));
      const dup = groupBy.find((l, i) => groupBy.indexOf(l) !== i);
      if (dup !== undefined) throw new ValidationError(`groupBy: label ${quote(dup)} is listed twice`);
      for (const [field, d] of [['groupWait', options.groupWait], ['groupInterval', options.groupInterval], ['repeatInterval', options.repeatInterval]] as const) {
        if (d === undefined) continue;
        let text: string;
        try {
          text = PrometheusDuration.format(d);
        } catch (e) {
          throw new ValidationError(`${field}: ${(e as ValidationError).detail ?? (e as Error).message}`);
        }
        if (field !== 'groupWait' && PrometheusDuration.millis(d) <= 0) throw new ValidationError(`${field}: must be greater than 0; received ${text}`);
      }
      const why = contradiction(this.allMatchers());
      if (why !== undefined) {
        throw new ValidationError(`matchers: the route can never match: ${why} (with the matchers of its parent routes); received ${quote(this.matchers.map(String))}`);
      }
      if (parent) {
        parent.children.forEach((sibling, i) => {
          if (!sibling.continue && implies(this.matchers, sibling.matchers)) {
            const caught = sibling.matchers.length === 0 ? 'matches every alert' : `(${sibling.matchers.map(String).join(', ')}) matches every alert this route matches`;
            throw new ValidationError(`matchers: the route can never match: the earlier sibling routes[${i}] ${caught} and has continue: false; move this route before it or set continue: true on routes[${i}]; received ${quote(this.matchers.map(String))}`);
          }
        });
      }
    });
  }

  /**
   * Adds a child route after the existing ones and returns it.
   * @throws ValidationError when the new route can never match
   */
  public addRoute(options: RouteOptions): Route {
    const child = new Route(`${this.path}/routes[${this.children.length}]`, options, this);
    this.children.push(child);
    return child;
  }

  /** The child routes, in order. */
  public get routes(): Route[] {
    return [...this.children];
  }

  /** The receiver this route delivers to: its own or the nearest ancestor's. */
  public get effectiveReceiver(): string | undefined {
    return this.receiver ?? this.parent?.effectiveReceiver;
  }

  /** The matchers of this route and all its ancestors. */
  public allMatchers(): Matcher[] {
    return [...(this.parent?.allMatchers() ?? []), ...this.matchers];
  }

  /** This route and all its descendants, depth first. */
  public descendants(): Route[] {
    return [this, ...this.children.flatMap((c) => c.descendants())];
  }

  /**
   * The routes that deliver an alert with these labels, with Alertmanager's algorithm (`Route.Match`):
   * the deepest matching routes, siblings after a `continue: true` one included; this route when no
   * child matches; none when this route's own matchers fail.
   */
  public match(labels: { [name: string]: string }): Route[] {
    if (!this.matchers.every((m) => m.matches(labels))) return [];
    const all: Route[] = [];
    for (const child of this.children) {
      const found = child.match(labels);
      all.push(...found);
      if (found.length > 0 && !child.continue) break;
    }
    return all.length > 0 ? all : [this];
  }
}
