import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { AlertmanagerConfig, Integration, Matcher } from '../alertmanager';
import { MetricCatalogue, MetricType, QueryLint, StandardCatalogues } from '../catalogue';
import { MonitoringChart, PrometheusDuration, quote, Relabel, Severity, SynthWarnings, Validate, ValidationError } from '../core';
import { promqlMatcher, promqlSelector } from '../core/promql-names';
import { targetPrometheus } from '../core/target-versions';
import { optionalArray, optionalBoolean, optionalObject, optionalString, optionalStringMap, percentGivenAsRatio, requireArray, requireNumber, requireObject } from '../core/untyped';
import { Color, Dashboard, LogPanels, RedPanels, Row, Thresholds, UsePanels, Variable } from '../grafana';
import { LogPipeline, LogQueries, LokiRules } from '../loki';
import { AlertingRuleOptions, AlertOverride, LabelSelector, PrometheusRule, RuleGroup, ServiceMonitor } from '../prometheus';
import { applyAlertOverride, overriddenFields, resolveAlertOverrides } from '../prometheus/alert-override';
import { AppPart } from './app-part';
import { AppRoutingOptions, buildRouting, checkRoutingOptions, DEFAULT_GROUP_BY } from './app-routing';
import { Environment } from './environment';
import { LogFormat } from './log-format';

/**
 * Names of the HTTP metrics the service exports (RED: rate, errors, duration). In a chart targeting
 * Prometheus 3 they may be UTF-8 names (OpenTelemetry's, e.g. `http.server.request.duration_seconds_count`
 * and `http.response.status_code`), quoted in the generated queries.
 */
export interface HttpMetricsOptions {
  /**
   * Counter of handled requests.
   * @default 'http_requests_total'
   */
  readonly requestsMetric?: string;
  /**
   * Label of `requestsMetric` holding the HTTP status code.
   * @default 'status'
   */
  readonly statusLabel?: string;
  /**
   * Histogram (base name, without `_bucket`) of request durations in seconds.
   * @default 'http_request_duration_seconds'
   */
  readonly durationHistogram?: string;
}

/** Thresholds of the standard alerts. */
export interface ServiceThresholds {
  /**
   * Share of requests answered with a 5xx status above which `<App>HighErrorRate` fires: a ratio
   * strictly between 0 and 1 (`0.05` = 5 %, not `5`).
   * @default 0.05
   */
  readonly errorRatio?: number;
  /**
   * 95th percentile request duration above which `<App>HighLatency` fires.
   * @default Duration.seconds(1)
   */
  readonly latencyP95?: Duration;
  /**
   * Share of its memory limit a container may use before `<App>HighMemory` fires: a ratio strictly
   * between 0 and 1 (`0.9` = 90 %, not `90`).
   * @default 0.9
   */
  readonly memoryUtilization?: number;
}

/**
 * Where the application's alerts are sent, as a chat and a paging integration.
 * @deprecated use `AppRoutingOptions` (`AppMonitoringProps.routing`): receivers with several integrations each, routes by severity and/or team.
 */
export interface AlertReceivers {
  /** Chat notifications (Slack, email, webhook...): every alert of the application. */
  readonly chat: Integration;
  /**
   * Paging (PagerDuty, Opsgenie): critical alerts, in addition to chat. Dropped where `paging` is false.
   * @default - critical alerts go to chat only
   */
  readonly paging?: Integration;
}

/** Properties of an `AppMonitoring`. */
export interface AppMonitoringProps {
  /**
   * The service's name: the Service scraped (`app.kubernetes.io/name`), the `job` label of its series,
   * the prefix of alert names (PascalCase) and of object names.
   */
  readonly service: string;
  /** The team that owns the service: the `team` label of the standard alerts (and of dashboards' tags). */
  readonly team: string;
  /**
   * Base URL of the runbooks; each alert links to `<runbookBaseUrl>/<AlertName>`.
   */
  readonly runbookBaseUrl: string;
  /**
   * Where the application's alerts go: receivers (each with one or several integrations), the default
   * one, routes by severity and/or team, grouping and timings. See `AppRoutingOptions`.
   * @default - the deprecated `receivers` form; one of the two is needed unless `exclude` holds `AppPart.ROUTING`
   */
  readonly routing?: AppRoutingOptions;
  /**
   * Where alerts are sent, as a chat receiver for every alert and a paging one for critical alerts.
   * @default - `routing`
   * @deprecated use `routing`: `{ chat, paging }` is `{ defaultReceiver: '<service>-chat', receivers: [{ name: '<service>-chat', integrations: [chat] }, { name: '<service>-paging', integrations: [paging] }], routes: [{ severity: Severity.CRITICAL, receiver: '<service>-paging', continue: true }] }`.
   */
  readonly receivers?: AlertReceivers;
  /**
   * The environment the application is deployed to: paging on or off, the namespace (the chart's must be
   * the environment's namespace of `application`) and labels added to every built-in alert.
   * @default - paging on, the chart's namespace, no extra labels
   */
  readonly environment?: Environment;
  /**
   * The application's name, from which `environment` names the namespace.
   * @default - the chart's `partOf`
   */
  readonly application?: string;
  /**
   * Whether alerts may page people. Staging sets it to false: paging integrations are dropped and
   * critical alerts go to chat.
   * @default true
   * @deprecated use `environment` (`Environment.of({ name: 'staging', paging: false })`)
   */
  readonly paging?: boolean;
  /**
   * Built-in parts to leave out (`[AppPart.DASHBOARD, AppPart.HIGH_MEMORY_ALERT]`). The public field of a
   * part left out throws when read.
   * @default - every part
   */
  readonly exclude?: AppPart[];
  /**
   * Labels of the Service (and pods) to scrape.
   * @default { 'app.kubernetes.io/name': service }
   */
  readonly selector?: { [key: string]: string };
  /**
   * Name of the Service port serving metrics.
   * @default 'metrics'
   */
  readonly metricsPort?: string;
  /**
   * Path of the metrics endpoint.
   * @default '/metrics'
   */
  readonly metricsPath?: string;
  /**
   * Scrape interval.
   * @default Duration.seconds(30)
   */
  readonly scrapeInterval?: Duration;
  /**
   * Names of the HTTP metrics.
   * @default - the prometheus_client / client_golang conventions (see HttpMetricsOptions)
   */
  readonly http?: HttpMetricsOptions;
  /**
   * Thresholds of the standard alerts.
   * @default - see ServiceThresholds
   */
  readonly thresholds?: ServiceThresholds;
  /**
   * Changes to built-in alerts, by their name without the service prefix (`HighLatency` for
   * `CheckoutHighLatency`): threshold, `for`, severity, labels, annotations, or `enabled: false` to drop
   * one. A name that is not a built-in alert fails the synth with the known names, so that an upgrade
   * renaming an alert is noticed. Thresholds: `HighErrorRate` and `HighMemory` a ratio (0.05 = 5 %),
   * `HighLatency` seconds, `PodRestarting` restarts in an hour, `ErrorLogSpike` (the Loki log alert)
   * error lines per second; `TargetDown` has none. Overridden Prometheus alerts show in `AlertCatalogue`.
   * @default - the built-in alerts as generated
   */
  readonly overrides?: { [alertName: string]: AlertOverride };
  /**
   * How the service writes its logs; decides the parsing stages of its log pipeline
   * (`LogFormat.json({ timestampField: 'timestamp' })`, `LogFormat.custom([...])`).
   * @default LogFormat.JSON
   */
  readonly logFormat?: LogFormat;
  /**
   * The stream labels of the service's logs: the selector of its log pipeline, log panels and log alert.
   * @default { namespace: <the namespace>, app: service }
   */
  readonly logLabels?: { [label: string]: string };
  /**
   * The metrics the service (and its exporters) export. With them, every PromQL query of the chart
   * (AppMonitoring's, and every dashboard, rule or SLO added next to it) is checked against them plus the
   * metrics the built-in parts read (`up`, the HTTP metrics, cAdvisor and kube-state-metrics series), so a
   * metric typo anywhere fails the synth with a "did you mean". A catalogue attached to the chart
   * (`QueryLint.attach(chart, ...)`) joins the same lint, which also asks alerts for a summary and a runbook
   * link (see `Check`).
   * @default - no query lint, and a synth warning saying so (unless the chart has one)
   */
  readonly catalogues?: MetricCatalogue[];
  /**
   * Grafana datasource uids the dashboard may use that are provisioned outside this cdk8s app (by the
   * platform team's own app, say). Within one app, the uids of its `GrafanaDatasources` are known.
   * @default - the datasources provisioned in the same app
   */
  readonly datasourceUids?: string[];
  /**
   * The labels by which the Prometheus instance selects the service's ServiceMonitor and PrometheusRule
   * (its `serviceMonitorSelector` and `ruleSelector`).
   * @default InstanceSelectorLabels.KUBE_PROMETHEUS_STACK (`release: kube-prometheus-stack`)
   */
  readonly instanceLabels?: { [key: string]: string };
}

/** The built-in alerts, each with the part that leaves it out. */
const BUILT_IN_ALERTS: ReadonlyArray<[string, AppPart]> = [
  ['TargetDown', AppPart.TARGET_DOWN_ALERT],
  ['HighErrorRate', AppPart.HIGH_ERROR_RATE_ALERT],
  ['HighLatency', AppPart.HIGH_LATENCY_ALERT],
  ['HighMemory', AppPart.HIGH_MEMORY_ALERT],
  ['PodRestarting', AppPart.POD_RESTARTING_ALERT],
  ['ErrorLogSpike', AppPart.LOG_ALERTS],
];

/** The built-in alerts with a threshold in their expression. */
const WITH_THRESHOLD = new Set(['HighErrorRate', 'HighLatency', 'HighMemory', 'PodRestarting', 'ErrorLogSpike']);

/** What the builders share, resolved once from the props. */
interface Resolved {
  readonly namespace: string;
  readonly requests: string;
  readonly status: string;
  readonly duration: string;
  readonly errorRatio: number;
  readonly latency: Duration;
  readonly memory: number;
  readonly restarts: number;
  readonly logLabels: { [label: string]: string };
}

/**
 * The standard monitoring of one service, composed from a few typed props: a `ServiceMonitor`, RED
 * and saturation alerts with runbook links, a dashboard (RED, USE and log panels), a log pipeline and
 * Loki alert rules, an `AlertmanagerConfig` routing the team's alerts, and (with `catalogues`) the query
 * lint of the whole chart. Every part can be left out (`exclude`); every part kept is a public field, to
 * extend (`monitoring.alerts.addAlert(...)`, `new StatPanel(monitoring.dashboard, ...)`) or to patch
 * (`ApiObject.of(...)`).
 *
 * @example
 * const env = Environment.of({ name: 'production', labels: { environment: 'production' } });
 * const chart = new MonitoringChart(app, 'checkout', { partOf: 'checkout', namespace: env.namespace('checkout') });
 * new AppMonitoring(chart, 'Checkout', {
 *   service: 'checkout',
 *   team: 'payments',
 *   runbookBaseUrl: 'https://runbooks.example.com/checkout',
 *   environment: env,
 *   catalogues: [checkoutMetrics],
 *   routing: {
 *     defaultReceiver: 'email',
 *     receivers: [
 *       { name: 'email', integrations: [Integration.email({ to: 'payments@example.com', from: 'alertmanager@example.com', smarthost: 'smtp.example.com:587' })] },
 *       { name: 'slack', integrations: [Integration.slack({ apiUrl: SecretRef.fromSecret('checkout-slack', 'url'), channel: '#checkout' })] },
 *       { name: 'pagerduty', integrations: [Integration.pagerDuty({ routingKey: SecretRef.fromSecret('checkout-pagerduty', 'routing-key') })] },
 *     ],
 *     routes: [
 *       { severity: Severity.CRITICAL, receiver: 'pagerduty', continue: true },
 *       { severity: Severity.WARNING, receiver: 'slack' },
 *     ],
 *   },
 * });
 */
export class AppMonitoring extends Construct {
  /** The service's name. */
  public readonly service: string;
  /** The owning team. */
  public readonly team: string;
  /** The prefix of alert names: the service's name in PascalCase (`checkout-api` -> `CheckoutApi`). */
  public readonly alertPrefix: string;
  /** The namespace of every object (the chart's). */
  public readonly namespace: string;
  /** The environment, when given. */
  public readonly environment?: Environment;
  /** Whether alerts may page people (from `environment`, or the deprecated `paging`). */
  public readonly paging: boolean;
  /** The labels of every built-in alert: `team` and the environment's labels. */
  public readonly alertLabels: { [name: string]: string };
  /** The query lint of the chart, when catalogues were given. */
  public readonly lint?: QueryLint;
  private readonly props: AppMonitoringProps;
  private readonly excluded: Set<AppPart>;
  private readonly overrides: { [name: string]: AlertOverride };
  private readonly resolved: Resolved;
  private scrapePart?: ServiceMonitor;
  private rulesPart?: PrometheusRule;
  private alertsPart?: RuleGroup;
  private dashboardPart?: Dashboard;
  private logPipelinePart?: LogPipeline;
  private logRulesPart?: LokiRules;
  private routingPart?: AlertmanagerConfig;

  public constructor(scope: Construct, id: string, props: AppMonitoringProps) {
    super(scope, id);
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    ValidationError.within(this, () => requireObject(props, 'props', '{ service, team }'));
    this.props = props;
    this.checkIdentity();
    this.service = props.service;
    this.team = props.team;
    this.alertPrefix = props.service.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
    this.overrides = this.resolveOverrides();
    this.excluded = this.resolveExcluded();
    this.environment = this.resolveEnvironment();
    this.namespace = this.resolveNamespace();
    this.paging = this.resolvePaging();
    this.alertLabels = this.resolveAlertLabels();
    this.resolved = this.resolveThresholdsAndNames();

    this.lint = this.attachLint();
    if (this.lint === undefined) {
      // a lint attached to the chart by other code, before or after, counts as well
      this.node.addValidation({
        validate: () => {
          if (QueryLint.of(MonitoringChart.find(this)) === undefined) {
            SynthWarnings.add(this, 'catalogues: not given, and the chart has no query lint: no query of the chart is checked against the metrics the service exports, so a metric typo synthesizes silently; give catalogues: [MetricCatalogue.of(...)] to check every query of the chart');
          }
          return [];
        },
      });
    }
    if (this.includes(AppPart.SERVICE_MONITOR)) this.scrapePart = this.buildScrape();
    this.buildAlerts();
    if (this.includes(AppPart.DASHBOARD)) this.dashboardPart = this.buildDashboard();
    if (this.includes(AppPart.LOG_PIPELINE)) this.logPipelinePart = this.buildLogPipeline();
    if (this.includes(AppPart.LOG_ALERTS)) this.buildLogAlerts();
    if (this.includes(AppPart.ROUTING)) this.routingPart = this.buildRouting();
  }

  /** Whether a built-in part is kept (not in `exclude`). */
  public includes(part: AppPart): boolean {
    return !this.excluded.has(part);
  }

  /** The scrape target. Throws when `exclude` holds `AppPart.SERVICE_MONITOR`. */
  public get scrape(): ServiceMonitor {
    return this.part(this.scrapePart, AppPart.SERVICE_MONITOR, 'scrape');
  }

  /** The rules object holding the standard alerts; add groups for more. Created when first read if every built-in alert is left out. */
  public get rules(): PrometheusRule {
    this.rulesPart ??= new PrometheusRule(this, 'Rules', { name: this.service, instanceLabels: this.props.instanceLabels });
    return this.rulesPart;
  }

  /** The group of standard alerts; add more alerts to it. Created when first read if every built-in alert is left out. */
  public get alerts(): RuleGroup {
    this.alertsPart ??= this.rules.addGroup(`${this.service}.standard`);
    return this.alertsPart;
  }

  /** The service dashboard; add panels or rows to it. Throws when `exclude` holds `AppPart.DASHBOARD`. */
  public get dashboard(): Dashboard {
    return this.part(this.dashboardPart, AppPart.DASHBOARD, 'dashboard');
  }

  /** The log pipeline of the service, for the platform's log agent. Throws when `exclude` holds `AppPart.LOG_PIPELINE`. */
  public get logPipeline(): LogPipeline {
    return this.part(this.logPipelinePart, AppPart.LOG_PIPELINE, 'logPipeline');
  }

  /** The Loki rules of the service (log-based alerts). Created when first read if `exclude` holds `AppPart.LOG_ALERTS`. */
  public get logRules(): LokiRules {
    this.logRulesPart ??= new LokiRules(this, 'LogRules', { name: `${this.service}-log-rules` });
    return this.logRulesPart;
  }

  /**
   * The routing of the application's alerts; hang it under the platform Alertmanager. Test it with the
   * labels the alerts really carry: `monitoring.routing.expectAlertRoute('CheckoutHighErrorRate', ['pagerduty', 'email'])`.
   * Throws when `exclude` holds `AppPart.ROUTING`.
   */
  public get routing(): AlertmanagerConfig {
    return this.part(this.routingPart, AppPart.ROUTING, 'routing');
  }

  private part<T>(value: T | undefined, part: AppPart, field: string): T {
    if (value === undefined) {
      throw ValidationError.at(this, `${field}: this part was left out (exclude holds AppPart.${partKey(part)}); remove it from exclude to use ${field}`);
    }
    return value;
  }

  // ---------------------------------------------------------------------------------------------------
  // Resolving the props.

  private checkIdentity(): void {
    const props = this.props;
    ValidationError.within(this, () => {
      Validate.dnsLabel(props.service, 'service');
      Validate.kubernetesLabelValue(props.team, 'team');
      if (!/^https?:\/\/\S+$/.test(props.runbookBaseUrl)) throw new ValidationError(`runbookBaseUrl: must be an http(s) URL; received ${quote(props.runbookBaseUrl)}`);
    });
  }

  private resolveExcluded(): Set<AppPart> {
    return ValidationError.within(this, () => {
      const list = optionalArray(this.props.exclude, 'exclude', '[AppPart.DASHBOARD]') ?? [];
      list.forEach((p, i) => {
        if (!Object.values(AppPart).includes(p)) throw new ValidationError(`exclude[${i}]: must be an AppPart, e.g. AppPart.DASHBOARD; received ${quote(p)}`);
      });
      for (const [name, part] of BUILT_IN_ALERTS) {
        if (list.includes(part) && this.overrides[name] !== undefined) {
          throw new ValidationError(`overrides.${name}: exclude leaves the alert out (${part}), so the override would change nothing; remove one of the two`);
        }
      }
      // an alert dropped by its override is left out as its part would be (lint, inhibit rule)
      const disabled = BUILT_IN_ALERTS.filter(([name]) => this.overrides[name]?.enabled === false).map(([, part]) => part);
      return new Set([...list, ...disabled]);
    });
  }

  /** `overrides`, checked: known names (with a "did you mean"), the fields' types. */
  private resolveOverrides(): { [name: string]: AlertOverride } {
    const known = BUILT_IN_ALERTS.map(([name]) => ({ name, hasThreshold: WITH_THRESHOLD.has(name) }));
    return ValidationError.within(this, () => resolveAlertOverrides(this.props.overrides, known, 'a built-in alert of AppMonitoring', this.alertPrefix, targetPrometheus(this)));
  }

  /** The threshold of a built-in alert: its override's, else `fromThresholds` (the `thresholds` prop), else the default. */
  private threshold(name: string, fromThresholds: string | undefined, given: number | undefined, fallback: number): { value: number; field: string } {
    const override = this.overrides[name]?.threshold;
    if (override === undefined) return { value: given ?? fallback, field: fromThresholds ?? `overrides.${name}.threshold` };
    if (given !== undefined) {
      throw ValidationError.at(this, `overrides.${name}.threshold: ${fromThresholds} sets the same threshold; give one of the two (received ${override} and ${given})`);
    }
    return { value: override, field: `overrides.${name}.threshold` };
  }

  private resolveEnvironment(): Environment | undefined {
    const env = this.props.environment;
    if (env !== undefined && !(env instanceof Environment)) {
      throw ValidationError.at(this, `environment: must be an Environment, e.g. Environment.of({ name: 'staging', paging: false }); received ${quote(env)}`);
    }
    return env;
  }

  private resolveNamespace(): string {
    const chart = MonitoringChart.find(this);
    const application = ValidationError.within(this, () => optionalString(this.props.application, 'application', "'checkout'")) ?? chart.partOf;
    const expected = this.environment === undefined ? undefined : ValidationError.within(this, () => ValidationError.inField('environment', () => this.environment!.namespace(application)));
    const namespace = chart.namespace;
    if (!namespace) {
      const fix = expected === undefined ? '' : `; create it with namespace: environment.namespace(${quote(application)}) (${quote(expected)})`;
      throw ValidationError.at(this, `the chart needs a namespace: AppMonitoring puts every object in the namespace of its service${fix}`);
    }
    if (expected !== undefined && expected !== namespace) {
      throw ValidationError.at(this, `environment: the ${quote(this.environment!.name)} namespace of the application ${quote(application)} is ${quote(expected)} (${this.environment!.namespaceRule.description}), but the chart's namespace is ${quote(namespace)}; create the chart with namespace: environment.namespace(${quote(application)}), or set application`);
    }
    return namespace;
  }

  private resolvePaging(): boolean {
    const props = this.props;
    ValidationError.within(this, () => optionalBoolean(props.paging, 'paging'));
    if (props.paging !== undefined) {
      SynthWarnings.add(this, "paging is deprecated: give environment: Environment.of({ name, paging }) instead");
      if (this.environment !== undefined && this.environment.paging !== props.paging) {
        throw ValidationError.at(this, `paging: ${props.paging} contradicts the environment ${quote(this.environment.name)} (paging: ${this.environment.paging}); remove paging, the environment decides`);
      }
    }
    return this.environment?.paging ?? props.paging ?? true;
  }

  private resolveAlertLabels(): { [name: string]: string } {
    const labels = this.environment?.labels ?? {};
    for (const reserved of ['team', 'severity', 'alertname']) {
      if (reserved in labels) {
        throw ValidationError.at(this, `environment labels: ${quote(reserved)} is set by each alert; remove it from the environment's labels (received ${quote(labels[reserved])})`);
      }
    }
    return { ...labels, team: this.props.team };
  }

  private resolveThresholdsAndNames(): Resolved {
    const props = this.props;
    ValidationError.within(this, () => optionalObject(props.thresholds, 'thresholds', '{ errorRatio: 0.05 }'));
    const errorRatio = this.threshold('HighErrorRate', 'thresholds.errorRatio', props.thresholds?.errorRatio, 0.05);
    const memory = this.threshold('HighMemory', 'thresholds.memoryUtilization', props.thresholds?.memoryUtilization, 0.9);
    const latencyOverride = this.overrides.HighLatency?.threshold;
    if (latencyOverride !== undefined && props.thresholds?.latencyP95 !== undefined) {
      throw ValidationError.at(this, `overrides.HighLatency.threshold: thresholds.latencyP95 sets the same threshold; give one of the two (received ${latencyOverride} and ${PrometheusDuration.format(props.thresholds.latencyP95)})`);
    }
    const restarts = this.overrides.PodRestarting?.threshold ?? 3;
    ValidationError.within(this, () => {
      // shares compared with PromQL ratios (5xx / all, working set / limit): 0 and 1 would fire always or never
      requireNumber(errorRatio.value, errorRatio.field, { unit: 'a ratio of requests, 0.05 = 5 %', min: 0, max: 1, above: true, below: true, didYouMean: percentGivenAsRatio });
      requireNumber(memory.value, memory.field, { unit: 'a ratio of the memory limit, 0.9 = 90 %', min: 0, max: 1, above: true, below: true, didYouMean: percentGivenAsRatio });
      if (latencyOverride !== undefined) {
        requireNumber(latencyOverride, 'overrides.HighLatency.threshold', { unit: 'seconds of p95 request duration, 0.5 = 500 ms', min: 0, above: true });
        // milliseconds given where seconds are expected: a p95 of a minute or more is likely 2000 meant as 2 s
        if (latencyOverride >= 60) {
          SynthWarnings.add(this, `overrides.HighLatency.threshold: ${latencyOverride} is in seconds (a p95 above ${latencyOverride} s); did you mean ${Number((latencyOverride / 1000).toPrecision(12))} (seconds)?`);
        }
      }
      requireNumber(restarts, 'overrides.PodRestarting.threshold', { unit: 'restarts in an hour', min: 0, integer: true });
    });
    const logLabels = ValidationError.within(this, () => optionalStringMap(props.logLabels, 'logLabels')) ?? { namespace: this.namespace, app: props.service };
    const requests = props.http?.requestsMetric ?? 'http_requests_total';
    const status = props.http?.statusLabel ?? 'status';
    const duration = props.http?.durationHistogram ?? 'http_request_duration_seconds';
    ValidationError.within(this, () => {
      optionalObject(props.http, 'http', "{ requestsMetric: 'http_requests_total' }");
      const prometheus = targetPrometheus(this);
      Validate.metricName(requests, 'http.requestsMetric', prometheus);
      Validate.labelName(status, 'http.statusLabel', prometheus);
      Validate.metricName(duration, 'http.durationHistogram', prometheus);
    });
    return {
      namespace: this.namespace,
      requests,
      status,
      duration,
      errorRatio: errorRatio.value,
      latency: latencyOverride !== undefined ? Duration.millis(Math.round(latencyOverride * 1000)) : props.thresholds?.latencyP95 ?? Duration.seconds(1),
      memory: memory.value,
      restarts,
      logLabels,
    };
  }

  // ---------------------------------------------------------------------------------------------------
  // Building the parts.

  /**
   * The chart's query lint with the app's catalogues and the metrics the built-in parts read: every query
   * of the chart is checked, not only AppMonitoring's.
   */
  private attachLint(): QueryLint | undefined {
    if (this.props.catalogues === undefined) return undefined;
    ValidationError.within(this, () => requireArray(this.props.catalogues!, 'catalogues', '[MetricCatalogue.of(...), StandardCatalogues.kubernetes()]'));
    const chart = MonitoringChart.find(this);
    // the app's catalogues first: where both declare a series, theirs (with its labels) wins
    return QueryLint.attach(chart, [...this.props.catalogues, ...this.builtInCatalogues()]);
  }

  /** The metrics the kept built-in parts read. */
  private builtInCatalogues(): MetricCatalogue[] {
    const r = this.resolved;
    const http = [AppPart.HIGH_ERROR_RATE_ALERT, AppPart.HIGH_LATENCY_ALERT, AppPart.DASHBOARD].some((p) => this.includes(p));
    const kubernetes = [AppPart.TARGET_DOWN_ALERT, AppPart.HIGH_MEMORY_ALERT, AppPart.POD_RESTARTING_ALERT, AppPart.DASHBOARD].some((p) => this.includes(p));
    return [
      ...(http ? [MetricCatalogue.of(`${this.service} (AppMonitoring http)`, [
        { name: r.requests, type: MetricType.COUNTER, help: 'requests handled, by status (AppMonitoring http.requestsMetric)' },
        { name: r.duration, type: MetricType.HISTOGRAM, help: 'request durations in seconds (AppMonitoring http.durationHistogram)' },
      ])] : []),
      ...(kubernetes ? [StandardCatalogues.kubernetes()] : []),
    ];
  }

  private buildScrape(): ServiceMonitor {
    const props = this.props;
    return new ServiceMonitor(this, 'Scrape', {
      name: props.service,
      instanceLabels: props.instanceLabels,
      selector: LabelSelector.matchLabels(props.selector ?? { 'app.kubernetes.io/name': props.service }),
      // `job` is the service's name whatever the selected Service is called (the operator's default is the
      // Service's name): the alerts and dashboards select `job="<service>"`, and TargetDown's absent() would fire
      // for good on another name.
      endpoints: [{ port: props.metricsPort ?? 'metrics', path: props.metricsPath ?? '/metrics', interval: props.scrapeInterval ?? Duration.seconds(30), relabelings: [Relabel.set('job', props.service)] }],
    });
  }

  private alertName(name: string): string {
    return `${this.alertPrefix}${name}`;
  }

  private runbook(name: string): string {
    return `${this.props.runbookBaseUrl.replace(/\/$/, '')}/${this.alertName(name)}`;
  }

  /** The kept built-in alerts, in the group `<service>.standard`. */
  private buildAlerts(): void {
    const { requests, status, duration, errorRatio, latency, memory, restarts, namespace } = this.resolved;
    const service = this.service;
    const job = `job="${service}", namespace="${namespace}"`;
    const pods = `namespace="${namespace}", pod=~"${service}-.*"`;
    const definitions: { [name: string]: Omit<AlertingRuleOptions, 'labels' | 'runbookUrl'> } = {
      TargetDown: {
        // A target that failed its scrapes (`up == 0`), or no target at all (`absent`): the Service deleted,
        // its pods gone, the ServiceMonitor selecting nothing. Equality matchers only, so that the absent()
        // series still carries `namespace` and `job` for routing and the inhibit rule.
        expr: `up{${job}} == 0 or absent(up{${job}})`,
        for: Duration.minutes(5),
        severity: Severity.CRITICAL,
        summary: `{{ if $labels.instance }}${service} target {{ $labels.instance }} is down{{ else }}${service} has no scrape target{{ end }}`,
        description: `{{ if $labels.instance }}Prometheus could not scrape {{ $labels.instance }} of ${service} for 5 minutes.{{ else }}Prometheus has had no target with job="${service}" in namespace ${namespace} for 5 minutes: the Service or its pods are gone, or the ServiceMonitor selects nothing.{{ end }}`,
      },
      HighErrorRate: {
        expr: `sum by (namespace, job) (rate(${promqlSelector(requests, [job, promqlMatcher(status, '=~', '5..')])}[5m])) / sum by (namespace, job) (rate(${promqlSelector(requests, [job])}[5m])) > ${errorRatio}`,
        for: Duration.minutes(5),
        severity: Severity.CRITICAL,
        summary: `${service} answers more than ${errorRatio * 100}% of requests with a 5xx`,
        description: 'Error ratio is {{ $value | humanizePercentage }} over the last 5 minutes.',
      },
      HighLatency: {
        expr: `histogram_quantile(0.95, sum by (namespace, job, le) (rate(${promqlSelector(`${duration}_bucket`, [job])}[5m]))) > ${PrometheusDuration.millis(latency) / 1000}`,
        for: Duration.minutes(10),
        severity: Severity.WARNING,
        summary: `${service} p95 latency is above ${PrometheusDuration.format(latency)}`,
        description: '95th percentile request duration is {{ $value | humanizeDuration }}.',
      },
      HighMemory: {
        // Summed per container on both sides: cAdvisor and kube-state-metrics may each expose several series
        // for one container (image, id, node labels), which a plain one-to-one division would refuse.
        expr: `sum by (namespace, pod, container) (container_memory_working_set_bytes{${pods}, container!=""}) / sum by (namespace, pod, container) (kube_pod_container_resource_limits{${pods}, resource="memory"}) > ${memory}`,
        for: Duration.minutes(15),
        severity: Severity.WARNING,
        summary: `${service} container {{ $labels.container }} of {{ $labels.pod }} is near its memory limit`,
        description: 'Memory working set is {{ $value | humanizePercentage }} of the limit.',
      },
      PodRestarting: {
        expr: `increase(kube_pod_container_status_restarts_total{${pods}}[1h]) > ${restarts}`,
        for: Duration.minutes(5),
        severity: Severity.WARNING,
        summary: `${service} pod {{ $labels.pod }} restarts repeatedly`,
        description: '{{ $labels.container }} restarted {{ $value }} times in the last hour.',
      },
    };
    for (const [name, part] of BUILT_IN_ALERTS) {
      // ErrorLogSpike is a Loki rule (buildLogAlerts)
      if (!this.includes(part) || definitions[name] === undefined) continue;
      const generated: AlertingRuleOptions = { ...definitions[name], labels: { ...this.alertLabels }, runbookUrl: this.runbook(name) };
      const override = this.overrides[name];
      const rule = this.alerts.addAlert(this.alertName(name), override === undefined ? generated : applyAlertOverride(generated, override));
      if (override !== undefined) rule._noteOverride(overriddenFields(override));
    }
  }

  private buildDashboard(): Dashboard {
    const { requests, duration, status, errorRatio, namespace, logLabels } = this.resolved;
    const service = this.service;
    const dashboard = new Dashboard(this, 'Dashboard', {
      title: `${service} service`, tags: [this.team], variables: [Variable.namespace({ defaultValue: namespace })], datasourceUids: this.props.datasourceUids,
    });
    const red = new Row(dashboard, 'Red', { title: 'Requests' });
    new RedPanels(red, 'RedPanels', {
      requestsMetric: requests,
      durationHistogram: duration,
      selector: `namespace="$namespace", job="${service}"`,
      errorSelector: promqlMatcher(status, '=~', '5..'),
      errorRatioThresholds: Thresholds.of(Color.GREEN, [{ value: errorRatio, color: Color.RED }]),
    });
    const use = new Row(dashboard, 'Use', { title: 'Resources' });
    new UsePanels(use, 'UsePanels', { selector: `namespace="$namespace", pod=~"${service}-.*"` });
    const logs = new Row(dashboard, 'Logs', { title: 'Logs' });
    // the namespace of the streams follows the dashboard's variable
    const panelLabels = 'namespace' in logLabels ? { ...logLabels, namespace: '$namespace' } : logLabels;
    new LogPanels(logs, 'LogPanels', { selector: ValidationError.within(this, () => ValidationError.inField('logLabels', () => LogQueries.selector(panelLabels))) });
    return dashboard;
  }

  private logSelector(): string {
    return ValidationError.within(this, () => ValidationError.inField('logLabels', () => LogQueries.selector(this.resolved.logLabels)));
  }

  private buildLogPipeline(): LogPipeline {
    const format = this.props.logFormat ?? LogFormat.JSON;
    if (!(format instanceof LogFormat)) {
      throw ValidationError.at(this, `logFormat: must be a LogFormat, e.g. LogFormat.JSON or LogFormat.json({ timestampField: 'timestamp' }); received ${quote(format)}`);
    }
    return ValidationError.within(this, () => LogPipeline.of({
      name: this.service,
      selector: this.logSelector(),
      // No cri stage: the platform's Kubernetes log job unwraps the container runtime format before app pipelines.
      stages: format._stages(),
    }));
  }

  private buildLogAlerts(): void {
    const override = this.overrides.ErrorLogSpike;
    const perSecond = ValidationError.within(this, () => requireNumber(override?.threshold ?? 1, 'overrides.ErrorLogSpike.threshold', { unit: 'error lines per second', min: 0, above: true }));
    const generated: AlertingRuleOptions = {
      expr: `sum by (namespace, app) (rate(${this.logSelector()} | level=~"(?i)error|critical|fatal" [5m])) > ${perSecond}`,
      for: Duration.minutes(10),
      severity: Severity.WARNING,
      labels: { ...this.alertLabels },
      summary: `${this.service} logs more than ${perSecond === 1 ? 'one error' : `${perSecond} errors`} per second`,
      runbookUrl: this.runbook('ErrorLogSpike'),
    };
    this.logRules.addGroup(`${this.service}.logs`).addAlert(this.alertName('ErrorLogSpike'), override === undefined ? generated : applyAlertOverride(generated, override));
  }

  private buildRouting(): AlertmanagerConfig {
    const options = this.routingOptions();
    ValidationError.within(this, () => checkRoutingOptions(options, this.props.routing ? 'routing' : 'receivers'));
    const routing = new AlertmanagerConfig(this, 'Routing', {
      name: this.service,
      namespace: this.namespace,
      paging: this.paging,
      receiver: options.defaultReceiver,
      groupBy: options.groupBy ?? DEFAULT_GROUP_BY,
      groupWait: options.groupWait,
      groupInterval: options.groupInterval,
      repeatInterval: options.repeatInterval,
    });
    ValidationError.within(routing, () => buildRouting(routing, options));
    // while the target is down, its error rate and latency say nothing new
    const inhibited = [AppPart.HIGH_ERROR_RATE_ALERT, AppPart.HIGH_LATENCY_ALERT].filter((p) => this.includes(p));
    if (this.includes(AppPart.TARGET_DOWN_ALERT) && inhibited.length > 0) {
      routing.addInhibitRule({
        source: [Matcher.eq('alertname', this.alertName('TargetDown'))],
        target: [inhibited.length === 2
          ? Matcher.regex('alertname', `${this.alertPrefix}(HighErrorRate|HighLatency)`)
          : Matcher.eq('alertname', this.alertName(inhibited[0] === AppPart.HIGH_ERROR_RATE_ALERT ? 'HighErrorRate' : 'HighLatency'))],
        equal: ['namespace'],
      });
    }
    return routing;
  }

  /** `routing`, or the deprecated `receivers` in the same shape. */
  private routingOptions(): AppRoutingOptions {
    const { routing, receivers } = this.props;
    if (routing !== undefined && receivers !== undefined) {
      throw ValidationError.at(this, 'receivers: give routing or the deprecated receivers, not both; move the chat and paging integrations into routing.receivers');
    }
    if (routing !== undefined) return routing;
    if (receivers === undefined) {
      throw ValidationError.at(this, "routing: say where the alerts go, e.g. routing: { defaultReceiver: 'email', receivers: [{ name: 'email', integrations: [Integration.email(...)] }] }; or leave the routing out with exclude: [AppPart.ROUTING]");
    }
    ValidationError.within(this, () => requireObject(receivers, 'receivers', '{ chat: Integration.slack(...) }'));
    SynthWarnings.add(this, 'receivers is deprecated: give routing ({ defaultReceiver, receivers, routes }) instead');
    const chat = `${this.service}-chat`;
    const paging = `${this.service}-paging`;
    return {
      defaultReceiver: chat,
      receivers: [
        { name: chat, integrations: [receivers.chat] },
        ...(receivers.paging ? [{ name: paging, integrations: [receivers.paging] }] : []),
      ],
      // critical alerts page first, then reach chat through the last route to the default receiver
      routes: receivers.paging ? [{ severity: Severity.CRITICAL, receiver: paging, continue: true }] : [],
    };
  }
}

function partKey(part: AppPart): string {
  return Object.entries(AppPart).find(([, v]) => v === part)![0];
}
