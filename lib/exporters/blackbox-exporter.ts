import { isIPv4, isIPv6 } from 'net';
import { Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PrometheusDuration, quote, Re2Regex, Serialize, Severity, Validate, ValidationError } from '../core';
import { IMAGES, imageReference } from '../core/images';
import { checkValue, deferBuild } from '../core/problems';
import { isCredentialName } from '../core/secret-scan';
import { optionalArray, optionalBoolean, optionalDuration, optionalObject, optionalString, optionalStringList, optionalStringMap, requireNumber, requireString } from '../core/untyped';
import { Probe } from '../prometheus/probe';
import { PrometheusRule } from '../prometheus/prometheus-rule';
import { RuleGroup } from '../prometheus/rule-group';
import { ExportedMetric, MetricType } from '../catalogue/metric';
import { BuiltInAlert, ExporterAlerts, targetSelector } from './exporter-alerts';
import { exporterName, ExporterProps, exporterWorkload } from './workload';

/** The IP protocol a blackbox module prefers. Maps to `preferred_ip_protocol`. Closed wire vocabulary. */
export enum IpProtocol {
  /** IPv4. */
  IP4 = 'ip4',
  /** IPv6 (the exporter's default). */
  IP6 = 'ip6',
}

/** HTTP methods of an HTTP probe. Closed wire vocabulary. */
export enum HttpMethod {
  /** GET. */
  GET = 'GET',
  /** HEAD. */
  HEAD = 'HEAD',
  /** POST. */
  POST = 'POST',
  /** PUT. */
  PUT = 'PUT',
  /** OPTIONS. */
  OPTIONS = 'OPTIONS',
}

/** TLS settings of a probe. Maps to `tls_config`. */
export interface ProbeTlsOptions {
  /**
   * Accept any certificate (self-signed test environments only). Maps to `insecure_skip_verify`.
   * @default false
   */
  readonly insecureSkipVerify?: boolean;
  /**
   * The server name to verify the certificate against. Maps to `server_name`.
   * @default - the target's host
   */
  readonly serverName?: string;
}

/** Options shared by every module. */
export interface ModuleOptions {
  /**
   * How long a probe may take; at most the Probe's scrape timeout. Maps to `timeout`.
   * @default Duration.seconds(5)
   */
  readonly timeout?: Duration;
  /**
   * The IP protocol to prefer.
   * @default IpProtocol.IP4
   */
  readonly preferredIpProtocol?: IpProtocol;
}

/** Options of an HTTP module. Maps to `http`. @see https://github.com/prometheus/blackbox_exporter/blob/master/CONFIGURATION.md#http_probe */
export interface HttpModuleOptions extends ModuleOptions {
  /**
   * The HTTP status codes that count as success, each an integer 100..599. Maps to `valid_status_codes`.
   * @default - any 2xx
   */
  readonly validStatusCodes?: number[];
  /**
   * The HTTP method. Maps to `method`.
   * @default HttpMethod.GET
   */
  readonly method?: HttpMethod;
  /**
   * Request headers. Maps to `headers`. Credential headers (`Authorization`, `Proxy-Authorization`,
   * `Cookie`, `X-Api-Key`, `Api-Key`, `X-Auth-Token`, `Private-Token` and other names the secret scan
   * treats as credentials) are rejected: they would be written into the ConfigMap.
   * @default {}
   */
  readonly headers?: { [name: string]: string };
  /**
   * The request body. Maps to `body`.
   * @default - none
   */
  readonly body?: string;
  /**
   * Follow redirects. Maps to `follow_redirects`.
   * @default true
   */
  readonly followRedirects?: boolean;
  /**
   * Fail unless the connection uses TLS. Maps to `fail_if_not_ssl`.
   * @default false
   */
  readonly failIfNotSsl?: boolean;
  /**
   * Fail unless the body matches every one of these RE2 expressions (e.g. `"status":\s*"ok"`). Maps to `fail_if_body_not_matches_regexp`.
   * @default []
   */
  readonly failIfBodyNotMatches?: string[];
  /**
   * Fail if the body matches any of these RE2 expressions. Maps to `fail_if_body_matches_regexp`.
   * @default []
   */
  readonly failIfBodyMatches?: string[];
  /**
   * TLS settings.
   * @default - verify the certificate against the target's host
   */
  readonly tls?: ProbeTlsOptions;
}

/** Options of a TCP module. Maps to `tcp`. */
export interface TcpModuleOptions extends ModuleOptions {
  /**
   * Use TLS after connecting. Maps to `tls`.
   * @default false
   */
  readonly tlsEnabled?: boolean;
  /**
   * TLS settings (with `tlsEnabled`).
   * @default - verify against the target's host
   */
  readonly tls?: ProbeTlsOptions;
}

const MODULE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** The plain-JavaScript checks of a module's `tls`. */
function checkTls(tls: ProbeTlsOptions | undefined, field: string): void {
  if (optionalObject(tls, `${field}.tls`, "{ serverName: 'shop.example.com' }") === undefined) return;
  optionalBoolean(tls!.insecureSkipVerify, `${field}.tls.insecureSkipVerify`);
  optionalString(tls!.serverName, `${field}.tls.serverName`, "'shop.example.com'");
}

function tlsConfig(tls: ProbeTlsOptions | undefined): { [k: string]: unknown } | undefined {
  if (!tls) return undefined;
  return { insecure_skip_verify: tls.insecureSkipVerify, server_name: tls.serverName };
}

/**
 * A blackbox-exporter module: how to probe a target (HTTP, TCP connect, ICMP), checked when created; an
 * invalid module is reported by the `BlackboxExporter` it is given to (`modules`, `addModule()`,
 * `addProbe()`), with the exporter's path.
 *
 * @example
 * BlackboxModule.http('http_2xx', { validStatusCodes: [200], failIfBodyNotMatches: ['"status":\\s*"ok"'] });
 * BlackboxModule.tcpConnect('tcp_connect');
 * BlackboxModule.icmp('icmp');
 * @see https://github.com/prometheus/blackbox_exporter/blob/master/CONFIGURATION.md
 */
export class BlackboxModule {
  /**
   * An HTTP(S) probe. A status code outside 100-599, an invalid header name or an RE2-invalid
   * expression is reported by the `BlackboxExporter` the module is given to, with its path.
   */
  public static http(name: string, options: HttpModuleOptions = {}): BlackboxModule {
    return deferBuild(() => BlackboxModule.buildHttp(name, options), () => BlackboxModule.invalid(name, 'http'));
  }

  private static buildHttp(name: string, options: HttpModuleOptions): BlackboxModule {
    const base = BlackboxModule.base(name, options);
    const field = `modules[${quote(name)}]`;
    // Go's net/http status codes: three digits, 100..599 (blackbox_exporter compares resp.StatusCode)
    (optionalArray(options.validStatusCodes, `${field}.validStatusCodes`, '[200, 204]') ?? []).forEach((c, i) => {
      requireNumber(c, `${field}.validStatusCodes[${i}]`, { unit: 'an HTTP status code', min: 100, max: 599, integer: true });
    });
    optionalStringMap(options.headers, `${field}.headers`);
    optionalString(options.body, `${field}.body`, "'{\"ping\": true}'");
    optionalString(options.method, `${field}.method`, 'HttpMethod.POST');
    optionalBoolean(options.followRedirects, `${field}.followRedirects`);
    optionalBoolean(options.failIfNotSsl, `${field}.failIfNotSsl`);
    optionalStringList(options.failIfBodyNotMatches, `${field}.failIfBodyNotMatches`, "['\"status\":\\s*\"ok\"']");
    optionalStringList(options.failIfBodyMatches, `${field}.failIfBodyMatches`, "['maintenance']");
    checkTls(options.tls, field);
    for (const h of Object.keys(options.headers ?? {})) {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(h)) throw new ValidationError(`modules[${quote(name)}].headers: invalid HTTP header name ${quote(h)}`);
      if (isCredentialName(h)) {
        throw new ValidationError(`modules[${quote(name)}].headers: ${quote(h)} carries credentials, which would be written into the ConfigMap in plain text; `
          + 'probe an unauthenticated health endpoint (a BlackboxModule takes no credentials: it has no SecretRef-based authentication)');
      }
    }
    const notMatches = (options.failIfBodyNotMatches ?? []).map((r) => Re2Regex.of(r, `modules[${quote(name)}].failIfBodyNotMatches`).pattern);
    const matches = (options.failIfBodyMatches ?? []).map((r) => Re2Regex.of(r, `modules[${quote(name)}].failIfBodyMatches`).pattern);
    return new BlackboxModule(name, 'http', {
      ...base,
      http: {
        valid_status_codes: options.validStatusCodes && options.validStatusCodes.length > 0 ? [...options.validStatusCodes] : undefined,
        method: options.method ?? HttpMethod.GET,
        headers: options.headers && Object.keys(options.headers).length > 0 ? { ...options.headers } : undefined,
        body: options.body,
        follow_redirects: options.followRedirects ?? true,
        fail_if_not_ssl: options.failIfNotSsl,
        fail_if_body_not_matches_regexp: notMatches.length > 0 ? notMatches : undefined,
        fail_if_body_matches_regexp: matches.length > 0 ? matches : undefined,
        tls_config: tlsConfig(options.tls),
        preferred_ip_protocol: options.preferredIpProtocol ?? IpProtocol.IP4,
      },
    }, BlackboxModule.timeoutOf(options));
  }

  /**
   * A TCP connection (optionally with TLS) to `host:port`. An invalid option is reported by the
   * `BlackboxExporter` the module is given to, with its path.
   */
  public static tcpConnect(name: string, options: TcpModuleOptions = {}): BlackboxModule {
    return deferBuild(() => BlackboxModule.buildTcp(name, options), () => BlackboxModule.invalid(name, 'tcp'));
  }

  private static buildTcp(name: string, options: TcpModuleOptions): BlackboxModule {
    const base = BlackboxModule.base(name, options);
    optionalBoolean(options.tlsEnabled, `modules[${quote(name)}].tlsEnabled`);
    checkTls(options.tls, `modules[${quote(name)}]`);
    if (options.tls && !options.tlsEnabled) throw new ValidationError(`modules[${quote(name)}].tls: TLS settings need tlsEnabled: true`);
    return new BlackboxModule(name, 'tcp', {
      ...base,
      tcp: { tls: options.tlsEnabled, tls_config: tlsConfig(options.tls), preferred_ip_protocol: options.preferredIpProtocol ?? IpProtocol.IP4 },
    }, BlackboxModule.timeoutOf(options));
  }

  /**
   * An ICMP echo (ping). The exporter needs `allowIcmp: true` (the `NET_RAW` capability, which takes its
   * pods out of the Pod Security `restricted` and `baseline` levels) for it. An invalid option is reported
   * by the `BlackboxExporter` the module is given to, with its path.
   */
  public static icmp(name: string, options: ModuleOptions = {}): BlackboxModule {
    return deferBuild(() => {
      const base = BlackboxModule.base(name, options);
      return new BlackboxModule(name, 'icmp', { ...base, icmp: { preferred_ip_protocol: options.preferredIpProtocol ?? IpProtocol.IP4 } }, BlackboxModule.timeoutOf(options));
    }, () => BlackboxModule.invalid(name, 'icmp'));
  }

  /** The stand-in of a module whose factory found a problem (never rendered: the exporter raises it). */
  private static invalid(name: unknown, prober: string): BlackboxModule {
    return new BlackboxModule(typeof name === 'string' ? name : String(name), prober, {}, Duration.seconds(5));
  }

  private static base(name: string, options: ModuleOptions): { timeout: string } {
    requireString(name, 'modules: module name', "'http_2xx'");
    optionalObject(options, `modules[${quote(name)}]: options`, '{ timeout: Duration.seconds(5) }');
    optionalDuration(options.timeout, `modules[${quote(name)}].timeout`);
    optionalString(options.preferredIpProtocol, `modules[${quote(name)}].preferredIpProtocol`, 'IpProtocol.IP4');
    if (!MODULE_NAME.test(name)) throw new ValidationError(`modules: a module name must be letters, digits, '_', '-' or '.'; received ${quote(name)}`);
    const timeout = BlackboxModule.timeoutOf(options);
    if (PrometheusDuration.millis(timeout) <= 0) throw new ValidationError(`modules[${quote(name)}].timeout: must be longer than 0s`);
    // a time.Duration (config/config.go, blackbox_exporter v0.28.0), read with time.ParseDuration: no `d` unit
    return { timeout: PrometheusDuration.formatGo(timeout) };
  }

  private static timeoutOf(options: ModuleOptions): Duration {
    return options.timeout ?? Duration.seconds(5);
  }

  /** The module's name, which Probes refer to. */
  public readonly name: string;
  /** The prober (`http`, `tcp`, `icmp`). */
  public readonly prober: string;
  /** The module's timeout. */
  public readonly timeout: Duration;
  private readonly config: { [key: string]: unknown };

  private constructor(name: string, prober: string, config: { [key: string]: unknown }, timeout: Duration) {
    this.name = name;
    this.prober = prober;
    this.config = config;
    this.timeout = timeout;
  }

  /** The module as in `blackbox.yml`. @internal */
  public _render(): { [key: string]: unknown } {
    return { prober: this.prober, ...this.config };
  }
}

/** Options of `BlackboxExporter.addProbe()`. */
export interface BlackboxProbeOptions {
  /** The module to probe with; added to the exporter if it is not there yet. */
  readonly module: BlackboxModule;
  /** The targets: URLs for HTTP modules, `host:port` for TCP, hosts for ICMP. */
  readonly targets: string[];
  /**
   * How often to probe.
   * @default - the exporter's `scrapeInterval`, or the Prometheus instance's
   */
  readonly interval?: Duration;
  /**
   * How long a probe may take; at least the module's timeout.
   * @default - the Prometheus instance's scrape timeout (10s)
   */
  readonly scrapeTimeout?: Duration;
  /**
   * The `job` label of the probe's series (an SLI such as `probe_success{job="erp-health"}` keys on it).
   * @default - `probe/<namespace>/<name>`
   */
  readonly jobName?: string;
  /**
   * Labels added to every target's series.
   * @default - none
   */
  readonly targetLabels?: { [name: string]: string };
  /**
   * The Probe's `metadata.name`.
   * @default - derived from the construct path
   */
  readonly name?: string;
}

/** Properties of a `BlackboxExporter`. */
export interface BlackboxExporterProps extends ExporterProps {
  /**
   * Allow ICMP modules: the container gets the `NET_RAW` capability (raw sockets), which it otherwise lacks.
   *
   * Pod Security: without it the exporter meets the `restricted` level of the Pod Security Standards. `NET_RAW`
   * is outside the capabilities `baseline` allows (and `restricted` allows none but `NET_BIND_SERVICE`), so with
   * it the pods meet only `privileged`: their namespace must not enforce `baseline` or `restricted`
   * (`pod-security.kubernetes.io/enforce: privileged`), or admission rejects them. Prefer HTTP or TCP modules
   * where they will do.
   * @default false
   */
  readonly allowIcmp?: boolean;
  /**
   * Restrict the exporter's outgoing connections (its NetworkPolicy's egress) to the targets of the probes
   * added with `addProbe()`, so that it reaches nothing else whatever `/probe?target=` asks for. Each target
   * is allowed as:
   * - an in-cluster Service name (`<service>.<namespace>.svc`, optionally followed by the cluster domain, or
   *   a bare `<service>` of the exporter's namespace): the pods of that namespace, on any port (a
   *   NetworkPolicy sees the pods' port after the Service's translation, which the target does not give);
   * - an IP address: that address, on the target's port;
   * - another host name: the public internet on the target's port, that is any address outside the private
   *   (10/8, 172.16/12, 192.168/16, fc00::/7), shared (100.64/10), loopback and link-local ranges (the cloud
   *   metadata service): a NetworkPolicy cannot name a host, so probe a private host outside the cluster by
   *   its IP address.
   * A target's port is the URL's (80 or 443 by default) for HTTP modules and the `host:port` one for TCP
   * modules; ICMP targets are allowed on every protocol (a NetworkPolicy has no ICMP port). DNS (port 53,
   * UDP and TCP) is allowed to any destination, since resolvers differ between clusters (CoreDNS pods, a
   * node-local cache). An HTTP module following a redirect to another host needs that host as a target too.
   * Needs the NetworkPolicy (`networkPolicy` not false).
   * @default false
   */
  readonly restrictEgressToTargets?: boolean;
  /**
   * Modules; more are added with `addModule()` or by `addProbe()`.
   * @default []
   */
  readonly modules?: BlackboxModule[];
}

const METRICS: ExportedMetric[] = [
  { name: 'probe_success', type: MetricType.GAUGE, help: 'Whether the probe succeeded (1) or not (0).' },
  { name: 'probe_duration_seconds', type: MetricType.GAUGE, help: 'How long the probe took.' },
  { name: 'probe_dns_lookup_time_seconds', type: MetricType.GAUGE, help: 'How long the DNS lookup took.' },
  { name: 'probe_ip_protocol', type: MetricType.GAUGE, help: 'The IP protocol used (4 or 6).' },
  { name: 'probe_http_status_code', type: MetricType.GAUGE, help: 'The HTTP response status code.' },
  { name: 'probe_http_duration_seconds', type: MetricType.GAUGE, help: 'Duration of the HTTP request by phase.', labels: ['phase'] },
  { name: 'probe_http_content_length', type: MetricType.GAUGE, help: 'Length of the HTTP content.' },
  { name: 'probe_http_redirects', type: MetricType.GAUGE, help: 'Redirects followed.' },
  { name: 'probe_http_ssl', type: MetricType.GAUGE, help: 'Whether the final request used TLS.' },
  { name: 'probe_http_version', type: MetricType.GAUGE, help: 'The HTTP version of the response.' },
  { name: 'probe_ssl_earliest_cert_expiry', type: MetricType.GAUGE, help: 'Expiry of the earliest certificate in the chain, as a Unix time.' },
  { name: 'probe_tls_version_info', type: MetricType.GAUGE, help: 'The TLS version used.', labels: ['version'] },
  { name: 'probe_failed_due_to_regex', type: MetricType.GAUGE, help: 'Whether the probe failed because of a body expression.' },
  { name: 'probe_icmp_duration_seconds', type: MetricType.GAUGE, help: 'Duration of the ICMP request by phase.', labels: ['phase'] },
];

/** The alert on certificates, generated for the probes whose module may use TLS (HTTP, TCP with TLS). */
const CERTIFICATE_ALERT = 'BlackboxSslCertificateWillExpireSoon';

/**
 * The built-in alerts of each probe, after adinhodovic/blackbox-exporter-mixin (BlackboxProbeFailed,
 * BlackboxSslCertificateWillExpireSoon: its `for`, severities and 21 days) and awesome-prometheus-alerts
 * (BlackboxSlowProbe, 1 second, averaged over 5 minutes instead of 1 so that a probe interval of up to a
 * minute gives several samples).
 */
const ALERTS: BuiltInAlert[] = [
  {
    name: 'BlackboxExporterDown',
    rule: (t) => ({
      expr: `up{${targetSelector(t)}} == 0 or absent(up{${targetSelector(t)}})`,
      for: Duration.minutes(5),
      severity: Severity.CRITICAL,
      summary: `{{ if $labels.instance }}The blackbox exporter does not answer the probe of {{ $labels.instance }} (job ${t.job}){{ else }}The probe job ${t.job} has no target{{ end }}`,
      description: '{{ if $labels.instance }}Prometheus cannot get the probe of {{ $labels.instance }} from the blackbox exporter (the exporter is down or unreachable, or the probe outlasts the scrape timeout): the target is not checked while it lasts.'
        + `{{ else }}Prometheus has no target with job="${t.job}"${t.namespace === undefined ? '' : ` in namespace ${t.namespace}`}: the Probe is gone, or Prometheus does not select it (instanceLabels); its targets are not checked.{{ end }}`,
    }),
  },
  {
    name: 'BlackboxProbeFailed',
    rule: (t) => ({
      expr: `probe_success{${targetSelector(t)}} == 0`,
      for: Duration.minutes(1),
      severity: Severity.CRITICAL,
      summary: `The probe of {{ $labels.instance }} fails (job ${t.job})`,
      description: 'The blackbox exporter\'s probe of {{ $labels.instance }} fails (probe_success is 0): the target is down or unreachable, or answers other than the module expects (status code, body, TLS).',
    }),
  },
  {
    name: 'BlackboxSlowProbe',
    threshold: { value: 1, unit: 'seconds of probe duration, averaged over 5 minutes', ratio: false },
    rule: (t, threshold) => ({
      expr: `avg_over_time(probe_duration_seconds{${targetSelector(t)}}[5m]) > ${threshold}`,
      for: Duration.minutes(5),
      severity: Severity.WARNING,
      summary: `The probe of {{ $labels.instance }} takes more than ${threshold}s (job ${t.job})`,
      description: 'The probe of {{ $labels.instance }} took {{ $value | humanizeDuration }} on average over 5 minutes.',
    }),
  },
  {
    name: CERTIFICATE_ALERT,
    threshold: { value: 21, unit: 'days before the certificate expires', ratio: false },
    rule: (t, threshold) => ({
      expr: `probe_ssl_earliest_cert_expiry{${targetSelector(t)}} - time() < ${threshold} * 86400`,
      for: Duration.minutes(15),
      severity: Severity.WARNING,
      summary: `The TLS certificate of {{ $labels.instance }} expires in less than ${threshold} days`,
      description: 'The earliest-expiring certificate {{ $labels.instance }} presents expires in {{ $value | humanizeDuration }}: renew it, or check what renews it.',
    }),
  },
];

const CONFIG_PATH = '/etc/blackbox-exporter';
const CONFIG_FILE = 'blackbox.yml';

/**
 * The Prometheus blackbox exporter with typed modules, and `Probe`s that use it: a Deployment
 * (non-root, read-only root filesystem, resources set; Pod Security `restricted` unless `allowIcmp`), its
 * Service (the prober Prometheus calls), its NetworkPolicy (only the Prometheus pods of `scrapedBy` may
 * call `/probe`, so other pods cannot use the exporter as a proxy; egress optionally limited to the probe
 * targets with `restrictEgressToTargets`), and its `blackbox.yml` in a ConfigMap (a change rolls the pods).
 *
 * `metrics` lists the `probe_*` metrics it provides, for the metric catalogue.
 *
 * Built-in alerts of each probe added with `addProbe()` (`alerts`, in `alertRules`, created with the first
 * probe; each can be changed or dropped with `overrides`), on the probe's series (its `job` and
 * `namespace`), after the blackbox-exporter mixin:
 * - `BlackboxExporterDown` (critical, 5m): the probe's scrape fails (`up == 0`: the exporter does not
 *   answer), or the probe has no target (`absent(up)`). No threshold.
 * - `BlackboxProbeFailed` (critical, 1m): `probe_success == 0`. No threshold.
 * - `BlackboxSlowProbe` (warning, 5m): `probe_duration_seconds` averaged over 5 minutes above a duration.
 *   Threshold: seconds, default 1.
 * - `BlackboxSslCertificateWillExpireSoon` (warning, 15m; HTTP modules and TCP modules with TLS): the
 *   earliest certificate of the chain (`probe_ssl_earliest_cert_expiry`) expires within a number of days.
 *   Threshold: days, default 21.
 * Each alert carries the probe's `job` as a label of the rule (one rule per probe job). Probes created
 * without `addProbe()` get no alerts.
 *
 * @example
 * const blackbox = new BlackboxExporter(chart, 'blackbox-exporter');
 * blackbox.addProbe('health', {
 *   module: BlackboxModule.http('http_2xx', { validStatusCodes: [200] }),
 *   targets: ['http://backend.erp.svc:8000/health/'],
 *   jobName: 'erp-health',
 * });
 * @see https://github.com/prometheus/blackbox_exporter
 */
export class BlackboxExporter extends Construct {
  /** The image used when none is given. */
  public static readonly DEFAULT_IMAGE = imageReference(IMAGES.blackboxExporter);
  /** The port the exporter listens on. */
  public static readonly PORT = 9115;

  /** The Deployment. */
  public readonly deployment: kplus.Deployment;
  /** The NetworkPolicy admitting only the Prometheus pods (`scrapedBy`) to the metrics port; undefined with `networkPolicy: false`. */
  public readonly networkPolicy?: kplus.NetworkPolicy;
  /** The Service Prometheus calls as the prober. */
  public readonly service: kplus.Service;
  /** The ConfigMap holding `blackbox.yml`. */
  public readonly configMap: kplus.ConfigMap;
  /** The metrics every probe provides. */
  public readonly metrics: ExportedMetric[] = METRICS.map((m) => ({ ...m }));
  private readonly modules: BlackboxModule[] = [];
  private readonly probes: Probe[] = [];
  private readonly scrapeInterval?: Duration;
  private readonly instanceLabels?: { [key: string]: string };
  private readonly allowIcmp: boolean;
  private readonly restrictEgress: boolean;
  /** The egress destinations allowed so far (`restrictEgressToTargets`), by key, so each is added once. */
  private readonly egressAllowed = new Set<string>();
  private readonly alertSettings: ExporterAlerts;
  private alertRulesPart?: PrometheusRule;
  private alertGroup?: RuleGroup;
  /** The probe jobs with alerts (`<namespace> <job>`): a second probe of a job is covered by the first's. */
  private readonly alertedJobs = new Set<string>();

  public constructor(scope: Construct, id: string, props: BlackboxExporterProps = {}) {
    super(scope, id);
    const name = exporterName(this, props);
    this.alertSettings = ExporterAlerts.of(this, props, 'BlackboxExporter', ALERTS);
    this.scrapeInterval = props.scrapeInterval;
    this.instanceLabels = props.instanceLabels;
    this.allowIcmp = props.allowIcmp ?? false;
    this.restrictEgress = props.restrictEgressToTargets ?? false;
    for (const m of ValidationError.within(this, () => optionalArray(props.modules, 'modules', "[BlackboxModule.http('http_2xx')]")) ?? []) this.addModule(m);
    ValidationError.within(this, () => {
      optionalBoolean(props.allowIcmp, 'allowIcmp');
      optionalBoolean(props.restrictEgressToTargets, 'restrictEgressToTargets');
      if (props.restrictEgressToTargets && props.networkPolicy === false) {
        throw new ValidationError('restrictEgressToTargets: needs the exporter\'s NetworkPolicy, which networkPolicy: false turns off; remove one of them');
      }
    });
    const workload = exporterWorkload(this, name, props, {
      image: props.image ?? BlackboxExporter.DEFAULT_IMAGE,
      port: BlackboxExporter.PORT,
      args: [`--config.file=${CONFIG_PATH}/${CONFIG_FILE}`],
      config: { path: CONFIG_PATH, file: CONFIG_FILE, render: () => this.renderConfig() },
      defaultMemoryLimit: Size.mebibytes(64),
      // ICMP needs raw sockets: the capability is granted only when asked for.
      capabilities: props.allowIcmp ? [kplus.Capability.NET_RAW] : undefined,
    });
    this.deployment = workload.deployment;
    this.networkPolicy = workload.networkPolicy;
    this.service = workload.service;
    this.configMap = workload.configMap!;
    if (this.restrictEgress) this.allowDns();
    this.node.addValidation({ validate: () => (this.modules.length === 0 ? ['modules: the blackbox exporter has no module; add one with addModule() or addProbe()'] : []) });
  }

  /**
   * The `PrometheusRule` of the built-in alerts of the probes, created by the first `addProbe()`; undefined
   * before it, with `alerts: false`, or when `overrides` drop every alert.
   */
  public get alertRules(): PrometheusRule | undefined {
    return this.alertRulesPart;
  }

  /** The prober address Probes use: `<service>.<namespace>.svc:9115`. */
  public get proberUrl(): string {
    const namespace = this.service.metadata.namespace ?? Chart.of(this).namespace ?? 'default';
    return `${this.service.name}.${namespace}.svc:${BlackboxExporter.PORT}`;
  }

  /**
   * Adds a module (a second module of the same name must be the same module).
   * @throws ValidationError when another module has the name
   */
  public addModule(module: BlackboxModule): BlackboxModule {
    if (!(module instanceof BlackboxModule)) {
      throw ValidationError.at(this, `modules: must be a BlackboxModule, e.g. BlackboxModule.http('http_2xx'); received ${quote(module)}`);
    }
    // a problem found when the module was created (its messages name modules["name"] already)
    checkValue(this, '', module);
    const existing = this.modules.find((m) => m.name === module.name);
    if (existing) {
      if (existing === module || JSON.stringify(existing._render()) === JSON.stringify(module._render())) return existing;
      throw ValidationError.at(this, `modules: a different module named ${quote(module.name)} already exists; give this one another name`);
    }
    if (module.prober === 'icmp' && !this.allowIcmp) {
      throw ValidationError.at(this, `modules: ${quote(module.name)} is an ICMP module, which needs raw sockets; create the exporter with allowIcmp: true (grants the NET_RAW capability)`);
    }
    this.modules.push(module);
    return module;
  }

  /**
   * Adds a `Probe` of the targets with a module (added to the exporter if needed); returns it.
   * @throws ValidationError when the scrape timeout is shorter than the module's timeout
   */
  public addProbe(id: string, options: BlackboxProbeOptions): Probe {
    this.addModule(options.module);
    const where = `${this.node.path}/${id}`;
    if (options.scrapeTimeout !== undefined && PrometheusDuration.millis(options.scrapeTimeout) < PrometheusDuration.millis(options.module.timeout)) {
      throw ValidationError.at(where, `scrapeTimeout: must be at least the module ${quote(options.module.name)}'s timeout (${PrometheusDuration.format(options.module.timeout)}), or Prometheus gives up before the probe ends; received ${PrometheusDuration.format(options.scrapeTimeout)}`);
    }
    if (options.targets.length === 0) throw ValidationError.at(where, 'targets: a probe needs at least one target');
    if (options.targetLabels) ValidationError.within(where, () => Validate.prometheusLabels(options.targetLabels!, 'targetLabels'));
    if (this.restrictEgress) {
      options.targets.forEach((target, i) => ValidationError.within(where, () => ValidationError.inField(`targets[${i}]`, () => this.allowEgressTo(options.module.prober, target))));
    }
    const probe = new Probe(this, id, {
      name: options.name,
      prober: { url: this.proberUrl },
      module: options.module.name,
      targets: options.targets,
      targetLabels: options.targetLabels,
      jobName: options.jobName,
      interval: options.interval ?? this.scrapeInterval,
      scrapeTimeout: options.scrapeTimeout,
      instanceLabels: this.instanceLabels,
    });
    this.probes.push(probe);
    this.addProbeAlerts(probe, options);
    return probe;
  }

  /** The built-in alerts of a probe's job, unless an earlier probe of the same job has them. */
  private addProbeAlerts(probe: Probe, options: BlackboxProbeOptions): void {
    if (this.alertSettings.kept.length === 0) return;
    // the operator labels a static probe's series with the Probe's namespace, unless targetLabels set one,
    // and names its job `probe/<namespace>/<name>` unless jobName is given
    const namespace = probe.resource.metadata.namespace ?? Chart.of(this).namespace;
    const job = options.jobName ?? `probe/${namespace ?? 'default'}/${probe.resource.name}`;
    const target = { job, namespace: options.targetLabels?.namespace ?? namespace };
    const key = `${target.namespace ?? ''} ${job}`;
    if (this.alertedJobs.has(key)) return;
    this.alertedJobs.add(key);
    if (this.alertGroup === undefined) {
      this.alertRulesPart = new PrometheusRule(this, 'Alerts', { name: this.service.name, instanceLabels: this.instanceLabels });
      this.alertGroup = this.alertRulesPart.addGroup(this.service.name);
    }
    const rendered = options.module._render() as { tcp?: { tls?: boolean } };
    const tls = options.module.prober === 'http' || (options.module.prober === 'tcp' && rendered.tcp?.tls === true);
    // `job` as a rule label too: the rules of two probes differ by it (the same name and labels would be one alert to Alertmanager)
    this.alertSettings.addTo(this.alertGroup, target, { job }, (name) => name !== CERTIFICATE_ALERT || tls);
  }

  /** Allows DNS to any destination (the first egress rule of `restrictEgressToTargets`). */
  private allowDns(): void {
    const dns = [kplus.NetworkPolicyPort.udp(53), kplus.NetworkPolicyPort.tcp(53)];
    const policy = this.networkPolicy!;
    policy.addEgressRule(kplus.Namespaces.all(this, 'EgressDnsPods'), dns);
    policy.addEgressRule(kplus.NetworkPolicyIpBlock.anyIpv4(this, 'EgressDnsIpv4'), dns);
    policy.addEgressRule(kplus.NetworkPolicyIpBlock.anyIpv6(this, 'EgressDnsIpv6'), dns);
    this.egressAllowed.add('dns');
  }

  /** Adds the egress rule that lets the exporter reach `target` (see `restrictEgressToTargets`), once. */
  private allowEgressTo(prober: string, target: string): void {
    const { host, port } = probeDestination(prober, target);
    const ports = port === undefined ? undefined : [kplus.NetworkPolicyPort.tcp(port)];
    const add = (key: string, peer: () => kplus.INetworkPolicyPeer, rulePorts: kplus.NetworkPolicyPort[] | undefined) => {
      if (this.egressAllowed.has(key)) return;
      this.networkPolicy!.addEgressRule(peer(), rulePorts);
      this.egressAllowed.add(key);
    };
    const id = () => `Egress${this.egressAllowed.size}`;
    if (isIPv4(host)) return add(`ip ${host}/32 ${port ?? '*'}`, () => kplus.NetworkPolicyIpBlock.ipv4(this, id(), `${host}/32`), ports);
    if (isIPv6(host)) return add(`ip ${host}/128 ${port ?? '*'}`, () => kplus.NetworkPolicyIpBlock.ipv6(this, id(), `${host}/128`), ports);
    const service = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\..+)?$/.exec(host);
    if (service) return add(`namespace ${service[2]}`, () => kplus.Namespaces.select(this, id(), { names: [service[2]] }), undefined);
    if (!host.includes('.')) return add('namespace', () => kplus.Pods.all(this, id()), undefined);
    add(`public ipv4 ${port ?? '*'}`, () => kplus.NetworkPolicyIpBlock.ipv4(this, id(), '0.0.0.0/0', NON_PUBLIC_IPV4), ports);
    add(`public ipv6 ${port ?? '*'}`, () => kplus.NetworkPolicyIpBlock.ipv6(this, id(), '::/0', NON_PUBLIC_IPV6), ports);
  }

  /** The `blackbox.yml` configuration. */
  public renderConfig(): string {
    return Serialize.yaml({ modules: Object.fromEntries(this.modules.map((m) => [m.name, m._render()])) });
  }
}

/** The IPv4 ranges that are not the public internet: private, shared (carrier-grade NAT), loopback, link-local. */
const NON_PUBLIC_IPV4 = ['10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16'];
/** The IPv6 ranges that are not the public internet: unique local, link-local, loopback. */
const NON_PUBLIC_IPV6 = ['fc00::/7', 'fe80::/10', '::1/128'];

/**
 * The host (lower-case, IPv6 without brackets) and the port a probe of `target` connects to: an HTTP
 * target is a URL (`http://` when it has no scheme, as the exporter assumes), a TCP target `host:port`, an
 * ICMP target a host (no port).
 */
function probeDestination(prober: string, target: string): { host: string; port?: number } {
  const fail = (form: string) => new ValidationError(`cannot tell the host${prober === 'icmp' ? '' : ' and port'} the exporter connects to, so restrictEgressToTargets cannot allow it; write ${form}; received ${quote(target)}`);
  if (prober === 'http') {
    let url: URL;
    try {
      url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target : `http://${target}`);
    } catch {
      throw fail('an http(s) URL, e.g. http://shop.shop.svc:8080/health');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail('an http(s) URL, e.g. http://shop.shop.svc:8080/health');
    // the URL parser lower-cases the host and writes IPv6 addresses in brackets, compressed
    return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80 };
  }
  if (prober === 'tcp') {
    const m = /^([A-Za-z0-9.-]+):(\d{1,5})$/.exec(target);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw fail('host:port, e.g. redis.shop.svc:6379');
    return { host: m[1].toLowerCase(), port: Number(m[2]) };
  }
  if (!/^[A-Za-z0-9.-]+$/.test(target)) throw fail('a host name or IPv4 address, e.g. 10.0.0.1');
  return { host: target.toLowerCase() };
}
