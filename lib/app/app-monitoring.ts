import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { AlertmanagerConfig, Integration, Matcher } from '../alertmanager';
import { MetricCatalogue, QueryLint } from '../catalogue';
import { MonitoringChart, PrometheusDuration, quote, Relabel, Severity, Validate, ValidationError } from '../core';
import { optionalObject, percentGivenAsRatio, requireNumber, requireObject } from '../core/untyped';
import { Color, Dashboard, LogPanels, RedPanels, Row, Thresholds, UsePanels, Variable } from '../grafana';
import { LogPipeline, LokiRules, Stage } from '../loki';
import { LabelSelector, PrometheusRule, RuleGroup, ServiceMonitor } from '../prometheus';
import { LogFormat } from './log-format';

/** Names of the HTTP metrics the service exports (RED: rate, errors, duration). */
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

/** Where the application's alerts are sent. */
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
  /** Where alerts are sent. */
  readonly receivers: AlertReceivers;
  /**
   * Whether alerts may page people. Staging sets it to false: paging integrations are dropped and
   * critical alerts go to chat.
   * @default true
   */
  readonly paging?: boolean;
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
   * How the service writes its logs; decides the parsing stages of its log pipeline.
   * @default LogFormat.JSON
   */
  readonly logFormat?: LogFormat;
  /**
   * The metrics the service exports: every query of the app is checked against them (unknown metrics,
   * labels, `rate()` over gauges...). Add exporter catalogues (`StandardCatalogues`) for their metrics.
   * @default - no query lint
   */
  readonly catalogues?: MetricCatalogue[];
  /**
   * Grafana datasource uids the dashboard may use that are provisioned outside this cdk8s app (by the
   * platform team's own app, say). Within one app, the uids of its `GrafanaDatasources` are known.
   * @default - the datasources provisioned in the same app
   */
  readonly datasourceUids?: string[];
}

/**
 * The standard monitoring of one service, composed from a few typed props: a `ServiceMonitor`, RED
 * and saturation alerts with runbook links, a dashboard (RED, USE and log panels), a log pipeline and
 * Loki alert rules, and an `AlertmanagerConfig` routing the team's alerts (paging for critical ones).
 * Every part is a public field, to extend (`monitoring.alerts.addAlert(...)`, `new StatPanel(monitoring.dashboard, ...)`)
 * or to patch (`ApiObject.of(...)`).
 *
 * @example
 * const chart = new MonitoringChart(app, 'checkout', { partOf: 'checkout', namespace: 'checkout' });
 * new AppMonitoring(chart, 'Checkout', {
 *   service: 'checkout',
 *   team: 'payments',
 *   runbookBaseUrl: 'https://runbooks.example.com/checkout',
 *   receivers: {
 *     chat: Integration.slack({ apiUrl: SecretRef.fromSecret('checkout-slack', 'url'), channel: '#checkout' }),
 *     paging: Integration.pagerDuty({ routingKey: SecretRef.fromSecret('checkout-pagerduty', 'routing-key') }),
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
  /** The scrape target. */
  public readonly scrape: ServiceMonitor;
  /** The rules object holding the standard alerts; add groups for more. */
  public readonly rules: PrometheusRule;
  /** The group of standard alerts; add more alerts to it. */
  public readonly alerts: RuleGroup;
  /** The service dashboard; add panels or rows to it. */
  public readonly dashboard: Dashboard;
  /** The log pipeline of the service, for the platform's log agent. */
  public readonly logPipeline: LogPipeline;
  /** The Loki rules of the service (log-based alerts). */
  public readonly logRules: LokiRules;
  /**
   * The routing of the team's alerts; hang it under the platform Alertmanager. Its receivers are
   * `<service>-chat` (every alert) and `<service>-paging` (critical alerts, first), e.g.
   * `monitoring.routing.expectAlertRoute('CheckoutHighErrorRate', ['checkout-paging', 'checkout-chat'])`.
   */
  public readonly routing: AlertmanagerConfig;
  /** The query lint, when catalogues were given. */
  public readonly lint?: QueryLint;

  public constructor(scope: Construct, id: string, props: AppMonitoringProps) {
    super(scope, id);
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    ValidationError.within(this, () => {
      requireObject(props, 'props', '{ service, team }');
    });
    const chart = MonitoringChart.find(this);
    const namespace = chart.namespace;
    if (!namespace) throw ValidationError.at(this, 'the chart needs a namespace: AppMonitoring puts every object in the namespace of its service');
    ValidationError.within(this, () => {
      Validate.dnsLabel(props.service, 'service');
      Validate.kubernetesLabelValue(props.team, 'team');
      if (!/^https?:\/\/\S+$/.test(props.runbookBaseUrl)) throw new ValidationError(`runbookBaseUrl: must be an http(s) URL; received ${quote(props.runbookBaseUrl)}`);
    });
    this.service = props.service;
    this.team = props.team;
    this.alertPrefix = props.service.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');

    const requests = props.http?.requestsMetric ?? 'http_requests_total';
    const status = props.http?.statusLabel ?? 'status';
    const duration = props.http?.durationHistogram ?? 'http_request_duration_seconds';
    ValidationError.within(this, () => optionalObject(props.thresholds, 'thresholds', '{ errorRatio: 0.05 }'));
    const errorRatio = props.thresholds?.errorRatio ?? 0.05;
    const latency = props.thresholds?.latencyP95 ?? Duration.seconds(1);
    const memory = props.thresholds?.memoryUtilization ?? 0.9;
    ValidationError.within(this, () => {
      // shares compared with PromQL ratios (5xx / all, working set / limit): 0 and 1 would fire always or never
      requireNumber(errorRatio, 'thresholds.errorRatio', { unit: 'a ratio of requests, 0.05 = 5 %', min: 0, max: 1, above: true, below: true, didYouMean: percentGivenAsRatio });
      requireNumber(memory, 'thresholds.memoryUtilization', { unit: 'a ratio of the memory limit, 0.9 = 90 %', min: 0, max: 1, above: true, below: true, didYouMean: percentGivenAsRatio });
    });
    const job = `job="${props.service}", namespace="${namespace}"`;
    const pods = `namespace="${namespace}", pod=~"${props.service}-.*"`;

    if (props.catalogues) this.lint = new QueryLint(this, 'QueryLint', { catalogues: props.catalogues });

    this.scrape = new ServiceMonitor(this, 'Scrape', {
      name: props.service,
      selector: LabelSelector.matchLabels(props.selector ?? { 'app.kubernetes.io/name': props.service }),
      // `job` is the service's name whatever the selected Service is called (the operator's default is the
      // Service's name): the alerts and dashboards select `job="<service>"`, and TargetDown's absent() would fire
      // for good on another name.
      endpoints: [{ port: props.metricsPort ?? 'metrics', path: props.metricsPath ?? '/metrics', interval: props.scrapeInterval ?? Duration.seconds(30), relabelings: [Relabel.set('job', props.service)] }],
    });

    this.rules = new PrometheusRule(this, 'Rules', { name: props.service });
    this.alerts = this.rules.addGroup(`${props.service}.standard`);
    const alert = (name: string) => `${this.alertPrefix}${name}`;
    const runbook = (name: string) => `${props.runbookBaseUrl.replace(/\/$/, '')}/${alert(name)}`;
    const labels = { team: props.team };
    this.alerts.addAlert(alert('TargetDown'), {
      // A target that failed its scrapes (`up == 0`), or no target at all (`absent`): the Service deleted,
      // its pods gone, the ServiceMonitor selecting nothing. Equality matchers only, so that the absent()
      // series still carries `namespace` and `job` for routing and the inhibit rule.
      expr: `up{${job}} == 0 or absent(up{${job}})`,
      for: Duration.minutes(5),
      severity: Severity.CRITICAL,
      labels,
      summary: `{{ if $labels.instance }}${props.service} target {{ $labels.instance }} is down{{ else }}${props.service} has no scrape target{{ end }}`,
      description: `{{ if $labels.instance }}Prometheus could not scrape {{ $labels.instance }} of ${props.service} for 5 minutes.{{ else }}Prometheus has had no target with job="${props.service}" in namespace ${namespace} for 5 minutes: the Service or its pods are gone, or the ServiceMonitor selects nothing.{{ end }}`,
      runbookUrl: runbook('TargetDown'),
    });
    this.alerts.addAlert(alert('HighErrorRate'), {
      expr: `sum by (namespace, job) (rate(${requests}{${job}, ${status}=~"5.."}[5m])) / sum by (namespace, job) (rate(${requests}{${job}}[5m])) > ${errorRatio}`,
      for: Duration.minutes(5),
      severity: Severity.CRITICAL,
      labels,
      summary: `${props.service} answers more than ${errorRatio * 100}% of requests with a 5xx`,
      description: 'Error ratio is {{ $value | humanizePercentage }} over the last 5 minutes.',
      runbookUrl: runbook('HighErrorRate'),
    });
    this.alerts.addAlert(alert('HighLatency'), {
      expr: `histogram_quantile(0.95, sum by (namespace, job, le) (rate(${duration}_bucket{${job}}[5m]))) > ${PrometheusDuration.millis(latency) / 1000}`,
      for: Duration.minutes(10),
      severity: Severity.WARNING,
      labels,
      summary: `${props.service} p95 latency is above ${PrometheusDuration.format(latency)}`,
      description: '95th percentile request duration is {{ $value | humanizeDuration }}.',
      runbookUrl: runbook('HighLatency'),
    });
    this.alerts.addAlert(alert('HighMemory'), {
      // Summed per container on both sides: cAdvisor and kube-state-metrics may each expose several series
      // for one container (image, id, node labels), which a plain one-to-one division would refuse.
      expr: `sum by (namespace, pod, container) (container_memory_working_set_bytes{${pods}, container!=""}) / sum by (namespace, pod, container) (kube_pod_container_resource_limits{${pods}, resource="memory"}) > ${memory}`,
      for: Duration.minutes(15),
      severity: Severity.WARNING,
      labels,
      summary: `${props.service} container {{ $labels.container }} of {{ $labels.pod }} is near its memory limit`,
      description: 'Memory working set is {{ $value | humanizePercentage }} of the limit.',
      runbookUrl: runbook('HighMemory'),
    });
    this.alerts.addAlert(alert('PodRestarting'), {
      expr: `increase(kube_pod_container_status_restarts_total{${pods}}[1h]) > 3`,
      for: Duration.minutes(5),
      severity: Severity.WARNING,
      labels,
      summary: `${props.service} pod {{ $labels.pod }} restarts repeatedly`,
      description: '{{ $labels.container }} restarted {{ $value }} times in the last hour.',
      runbookUrl: runbook('PodRestarting'),
    });

    this.dashboard = new Dashboard(this, 'Dashboard', { title: `${props.service} service`, tags: [props.team], variables: [Variable.namespace({ defaultValue: namespace })], datasourceUids: props.datasourceUids });
    const red = new Row(this.dashboard, 'Red', { title: 'Requests' });
    new RedPanels(red, 'RedPanels', {
      requestsMetric: requests,
      durationHistogram: duration,
      selector: `namespace="$namespace", job="${props.service}"`,
      errorSelector: `${status}=~"5.."`,
      errorRatioThresholds: Thresholds.of(Color.GREEN, [{ value: errorRatio, color: Color.RED }]),
    });
    const use = new Row(this.dashboard, 'Use', { title: 'Resources' });
    new UsePanels(use, 'UsePanels', { selector: `namespace="$namespace", pod=~"${props.service}-.*"` });
    const logs = new Row(this.dashboard, 'Logs', { title: 'Logs' });
    new LogPanels(logs, 'LogPanels', { selector: `{namespace="$namespace", app="${props.service}"}` });

    const format = props.logFormat ?? LogFormat.JSON;
    this.logPipeline = LogPipeline.of({
      name: props.service,
      selector: `{namespace="${namespace}", app="${props.service}"}`,
      // No cri stage: the platform's Kubernetes log job unwraps the container runtime format before app pipelines.
      stages: [...format._stages(), Stage.labels({ labels: { level: '' } })],
    });
    this.logRules = new LokiRules(this, 'LogRules', { name: `${props.service}-log-rules` });
    this.logRules.addGroup(`${props.service}.logs`).addAlert(alert('ErrorLogSpike'), {
      expr: `sum by (namespace, app) (rate({namespace="${namespace}", app="${props.service}"} | level=~"(?i)error|critical|fatal" [5m])) > 1`,
      for: Duration.minutes(10),
      severity: Severity.WARNING,
      labels,
      summary: `${props.service} logs more than one error per second`,
      runbookUrl: runbook('ErrorLogSpike'),
    });

    const paging = props.paging ?? true;
    this.routing = new AlertmanagerConfig(this, 'Routing', {
      name: props.service,
      namespace,
      paging,
      receiver: `${props.service}-chat`,
      groupBy: ['alertname', 'namespace'],
    });
    this.routing.addReceiver(`${props.service}-chat`, { integrations: [props.receivers.chat] });
    if (props.receivers.paging) {
      this.routing.addReceiver(`${props.service}-paging`, { integrations: [props.receivers.paging] });
      this.routing.route.addRoute({ matchers: [Matcher.eq('severity', 'critical')], receiver: `${props.service}-paging`, continue: true });
    }
    // every alert reaches chat, critical ones after paging (a child route after the paging one, so that an
    // alert the paging route matched still goes on to chat, whatever labels the team's own alerts carry)
    this.routing.route.addRoute({ receiver: `${props.service}-chat` });
    this.routing.addInhibitRule({
      source: [Matcher.eq('alertname', alert('TargetDown'))],
      target: [Matcher.regex('alertname', `${this.alertPrefix}(HighErrorRate|HighLatency)`)],
      equal: ['namespace'],
    });
  }
}
