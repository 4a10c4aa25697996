import { Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { quote, SecretRef, Severity, ValidationError } from '../core';
import { IMAGES, imageReference } from '../core/images';
import { optionalString, requireObject, requireString } from '../core/untyped';
import { StandardCatalogues } from '../catalogue/exporters';
import { PrometheusRule } from '../prometheus/prometheus-rule';
import { ServiceMonitor } from '../prometheus/service-monitor';
import { ExportedMetric } from '../catalogue/metric';
import { BuiltInAlert, ExporterAlerts, percent, targetDownAlert, targetSelector } from './exporter-alerts';
import { catalogueMetrics, exporterJobName, exporterName, exporterSecretEnv, exporterServiceMonitor, ExporterProps, exporterWorkload } from './workload';

/** Properties of a `RedisExporter`. */
export interface RedisExporterProps extends ExporterProps {
  /**
   * The Redis server: `redis://host:port`, `rediss://host:port` (TLS), `unix:///path/to/socket` or
   * `host:port`. No credentials in it: pass `password`. Maps to `REDIS_ADDR`.
   * @see https://github.com/oliver006/redis_exporter#command-line-flags
   */
  readonly address: string;
  /**
   * The password (Redis `requirepass` or an ACL user's), read from a Secret into `REDIS_PASSWORD`: it
   * never appears in the manifests.
   * @default - no authentication
   */
  readonly password?: SecretRef;
  /**
   * The ACL user name (Redis 6+), when not `default`. Maps to `REDIS_USER`.
   * @default - the `default` user
   */
  readonly user?: string;
  /**
   * The `job` label of the scraped series.
   * @default - the Service name
   */
  readonly jobName?: string;
}

/**
 * The built-in alerts, after oliver006/redis_exporter's mixin (`contrib/redis-mixin/alerts`): RedisDown,
 * RedisOutOfMemory and RedisTooManyConnections, with its `for`; memory and connections are measured against
 * Redis' own limits (maxmemory, maxclients), as awesome-prometheus-alerts does, rather than the host's
 * memory (in a pod, the node's) and a fixed 100 clients.
 */
const ALERTS: BuiltInAlert[] = [
  targetDownAlert('RedisExporterDown', 'Redis exporter', 'Redis'),
  {
    name: 'RedisDown',
    rule: (t) => ({
      expr: `redis_up{${targetSelector(t)}} == 0`,
      for: Duration.minutes(5),
      severity: Severity.CRITICAL,
      summary: 'Redis is unreachable from the exporter {{ $labels.instance }}',
      description: `The Redis exporter {{ $labels.instance }} (job ${t.job}) cannot connect to Redis or authenticate (redis_up is 0): the server is down, or the address, user or password is wrong; the exporter's log says which.`,
    }),
  },
  {
    name: 'RedisMemoryHigh',
    threshold: { value: 0.9, unit: 'a ratio of maxmemory, 0.9 = 90 %', ratio: true },
    rule: (t, threshold) => ({
      // only where maxmemory is set: without it (0), Redis grows until the container's limit
      expr: `redis_memory_used_bytes{${targetSelector(t)}} / (redis_memory_max_bytes{${targetSelector(t)}} > 0) > ${threshold}`,
      for: Duration.minutes(5),
      severity: Severity.WARNING,
      summary: `Redis uses more than ${percent(threshold)} of its maxmemory`,
      description: 'Redis uses {{ $value | humanizePercentage }} of maxmemory; at 100 % it evicts keys or refuses writes, depending on maxmemory-policy.',
    }),
  },
  {
    name: 'RedisTooManyConnections',
    threshold: { value: 0.9, unit: 'a ratio of maxclients, 0.9 = 90 %', ratio: true },
    rule: (t, threshold) => ({
      expr: `redis_connected_clients{${targetSelector(t)}} / (redis_config_maxclients{${targetSelector(t)}} > 0) > ${threshold}`,
      for: Duration.minutes(5),
      severity: Severity.WARNING,
      summary: `Redis has more than ${percent(threshold)} of maxclients connected`,
      description: '{{ $value | humanizePercentage }} of maxclients are connected; at 100 % Redis refuses new connections ("max number of clients reached").',
    }),
  },
];

/** The schemes `redis.addr` accepts. */
const SCHEMES = ['redis:', 'rediss:', 'unix:'];

/**
 * The Prometheus Redis exporter (oliver006/redis_exporter) for one Redis server: a Deployment (Pod
 * Security `restricted`: non-root, read-only root filesystem, no privilege escalation, no capability, the
 * runtime's seccomp profile; resources set) reading the server address from `REDIS_ADDR` and the password
 * from a Secret into `REDIS_PASSWORD`, a Service, a `ServiceMonitor` and a NetworkPolicy admitting only
 * Prometheus (`scrapedBy`) to the metrics port.
 *
 * `metrics` lists what it exports (`redis_up`, `redis_keyspace_hits_total`...), the same definitions as
 * `StandardCatalogues.redisExporter()`, for the metric catalogue.
 *
 * Built-in alerts (`alerts`, in `alertRules`; each can be changed or dropped with `overrides`), on the
 * exporter's series (`job` and `namespace`), after the redis_exporter mixin:
 * - `RedisExporterDown` (critical, 5m): the exporter's target fails its scrapes (`up == 0`), or there is
 *   none (`absent(up)`). No threshold.
 * - `RedisDown` (critical, 5m): `redis_up == 0`, the exporter cannot reach Redis. No threshold.
 * - `RedisMemoryHigh` (warning, 5m): `redis_memory_used_bytes` above a share of maxmemory
 *   (`redis_memory_max_bytes`); silent when no maxmemory is set. Threshold: a ratio, default 0.9 (90 %).
 * - `RedisTooManyConnections` (warning, 5m): `redis_connected_clients` above a share of maxclients
 *   (`redis_config_maxclients`, read with `CONFIG GET`: silent where that command is disabled, as on most
 *   managed Redis). Threshold: a ratio, default 0.9 (90 %).
 *
 * @example
 * new RedisExporter(chart, 'redis-exporter', {
 *   address: 'redis://redis-master:6379',
 *   password: SecretRef.fromSecret('redis', 'redis-password'),
 * });
 * @see https://github.com/oliver006/redis_exporter
 */
export class RedisExporter extends Construct {
  /** The image used when none is given. */
  public static readonly DEFAULT_IMAGE = imageReference(IMAGES.redisExporter);
  /** The port the exporter listens on. */
  public static readonly PORT = 9121;

  /** The Deployment. */
  public readonly deployment: kplus.Deployment;
  /** The NetworkPolicy admitting only the Prometheus pods (`scrapedBy`) to the metrics port; undefined with `networkPolicy: false`. */
  public readonly networkPolicy?: kplus.NetworkPolicy;
  /** The Service. */
  public readonly service: kplus.Service;
  /** The ServiceMonitor scraping it. */
  public readonly serviceMonitor: ServiceMonitor;
  /** The metrics it exports. */
  public readonly metrics: ExportedMetric[];
  /** The `PrometheusRule` of the built-in alerts; undefined with `alerts: false`, or when `overrides` drop them all. */
  public readonly alertRules?: PrometheusRule;

  public constructor(scope: Construct, id: string, props: RedisExporterProps) {
    super(scope, id);
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    ValidationError.within(this, () => {
      requireObject(props, 'props', '{ address: \'redis:6379\' }');
    });
    const name = exporterName(this, props);
    const alerts = ExporterAlerts.of(this, props, 'RedisExporter', ALERTS);
    const jobName = exporterJobName(this, props.jobName);
    checkAddress(this, props.address);
    ValidationError.within(this, () => optionalString(props.user, 'user', "'exporter'"));
    if (props.user !== undefined && !/^[^\s@:]+$/.test(props.user)) {
      throw ValidationError.at(this, `user: must be a Redis ACL user name (no spaces, "@" or ":"); received ${quote(props.user)}`);
    }
    const env: { [name: string]: kplus.EnvValue } = { REDIS_ADDR: kplus.EnvValue.fromValue(props.address) };
    if (props.user !== undefined) env.REDIS_USER = kplus.EnvValue.fromValue(props.user);
    if (props.password !== undefined) env.REDIS_PASSWORD = exporterSecretEnv(this, 'PasswordSecret', 'password', props.password);
    const workload = exporterWorkload(this, name, props, {
      image: props.image ?? RedisExporter.DEFAULT_IMAGE,
      port: RedisExporter.PORT,
      args: [],
      env,
      defaultMemoryLimit: Size.mebibytes(64),
      healthPath: '/health',
    });
    this.deployment = workload.deployment;
    this.networkPolicy = workload.networkPolicy;
    this.service = workload.service;
    this.serviceMonitor = exporterServiceMonitor(this, this.service, props, jobName);
    this.alertRules = alerts.addRule(this, name, props.instanceLabels, { job: jobName ?? name, namespace: this.service.metadata.namespace ?? Chart.of(this).namespace });
    this.metrics = catalogueMetrics(StandardCatalogues.redisExporter());
  }
}

/** Rejects an address redis_exporter cannot use, or one that carries a password. */
function checkAddress(scope: Construct, address: string): void {
  ValidationError.within(scope, () => requireString(address, 'address', "'redis://redis.shop.svc:6379'"));
  const fail = (rule: string) => ValidationError.at(scope, `address: ${rule}; received ${quote(address)}`);
  if (address.trim() === '') throw fail('must not be empty');
  if (!address.includes('://')) {
    // host:port, as redis_exporter also accepts.
    if (!/^[A-Za-z0-9.-]+:[0-9]{1,5}$/.test(address)) throw fail('must be redis://host:port, rediss://host:port, unix:///socket or host:port');
    return;
  }
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw fail('must be redis://host:port, rediss://host:port, unix:///socket or host:port');
  }
  if (!SCHEMES.includes(url.protocol)) throw fail(`the scheme must be redis, rediss or unix, not ${quote(url.protocol.replace(/:$/, ''))}`);
  if (url.username !== '' || url.password !== '') throw fail('must not hold credentials (they would be in the manifests); pass the password as a SecretRef in `password` and the user in `user`');
  if (url.protocol === 'unix:' ? url.pathname === '' || url.pathname === '/' : url.hostname === '') throw fail(url.protocol === 'unix:' ? 'a unix address needs the socket path' : 'needs a host');
}
