import { Duration } from 'cdk8s';
import { PrometheusDuration, quote, SecretRef, Validate, ValidationError } from '../core';
import { checkValue, checkValues } from '../core/problems';
import { checkNumber, requireObject } from '../core/untyped';
import { Relabel } from '../core/relabel';

/**
 * The URL scheme of a scrape. Maps to `scheme`.
 * @see https://prometheus.io/docs/prometheus/latest/configuration/configuration/#scrape_config
 */
export enum Scheme {
  /** Plain HTTP. */
  HTTP = 'http',
  /** HTTP over TLS. */
  HTTPS = 'https',
}

/**
 * TLS settings of a scrape. Certificates and keys come from Secrets (a `SecretRef.fromSecret`); the
 * Prometheus Operator mounts them into Prometheus.
 * Maps to `tlsConfig`. @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.SafeTLSConfig
 */
export interface TlsOptions {
  /**
   * The CA certificate that signs the target's certificate.
   * @default - the system CAs
   */
  readonly ca?: SecretRef;
  /**
   * The client certificate, for mutual TLS (requires `key`).
   * @default - no client certificate
   */
  readonly cert?: SecretRef;
  /**
   * The client key, for mutual TLS (requires `cert`).
   * @default - no client key
   */
  readonly key?: SecretRef;
  /**
   * The server name to verify the certificate against. Maps to `serverName`.
   * @default - the target's host
   */
  readonly serverName?: string;
  /**
   * Skips certificate verification. Maps to `insecureSkipVerify`.
   * @default false
   */
  readonly insecureSkipVerify?: boolean;
}

/** Username and password of HTTP basic authentication, both read from Secrets. */
export interface BasicAuthOptions {
  /** The username. */
  readonly username: SecretRef;
  /** The password. */
  readonly password: SecretRef;
}

/** Scrape settings shared by ServiceMonitor and PodMonitor endpoints, Probes and ScrapeConfigs. */
export interface ScrapeOptions {
  /**
   * How often to scrape. Maps to `interval` (`scrapeInterval` of a ScrapeConfig).
   * @default - the Prometheus instance's scrape interval (30s in kube-prometheus-stack)
   */
  readonly interval?: Duration;
  /**
   * How long a scrape may take; at most `interval`. Maps to `scrapeTimeout`.
   * @default - the Prometheus instance's scrape timeout, capped at the interval
   */
  readonly scrapeTimeout?: Duration;
  /**
   * TLS settings. Maps to `tlsConfig`.
   * @default - no TLS settings
   */
  readonly tls?: TlsOptions;
  /**
   * A bearer token sent as `Authorization: Bearer <token>`, read from a Secret in the monitor's namespace.
   * Maps to `authorization.credentials`.
   * @default - none
   */
  readonly bearerToken?: SecretRef;
  /**
   * HTTP basic authentication. Maps to `basicAuth`.
   * @default - none
   */
  readonly basicAuth?: BasicAuthOptions;
  /**
   * Relabelings applied to every scraped series before ingestion (drop noisy metrics, rename labels).
   * Maps to `metricRelabelings`.
   * @default []
   */
  readonly metricRelabelings?: Relabel[];
}

/**
 * How the targets of a ServiceMonitor or PodMonitor endpoint, or of a ScrapeConfig, are scraped and
 * labelled: the HTTP request (path, scheme, parameters) and the relabelings of the targets.
 */
export interface ScrapeTargetOptions extends ScrapeOptions {
  /**
   * The HTTP path of the metrics. Maps to `path` (`metricsPath` of a ScrapeConfig).
   * @default "/metrics"
   */
  readonly path?: string;
  /**
   * The URL scheme. Maps to `scheme`.
   * @default Scheme.HTTP
   */
  readonly scheme?: Scheme;
  /**
   * Relabelings applied to the target's labels before the scrape. Maps to `relabelings`.
   * @default []
   */
  readonly relabelings?: Relabel[];
  /**
   * Keeps the scraped series' own labels when they clash with target labels (for federation and
   * exporters that report other jobs). Maps to `honorLabels`.
   * @default false
   */
  readonly honorLabels?: boolean;
  /**
   * URL query parameters of the scrape (e.g. `{ 'match[]': ['{job="x"}'] }`). Maps to `params`.
   * @default - none
   */
  readonly params?: { [name: string]: string[] };
}

/** One port of a ServiceMonitor or PodMonitor to scrape. */
export interface EndpointOptions extends ScrapeTargetOptions {
  /**
   * The port, by name: a port name of the Service (ServiceMonitor) or of the container (PodMonitor).
   * Exactly one of `port` and `portNumber` is required. Maps to `port`.
   * @default - none
   */
  readonly port?: string;
  /**
   * The container port, by number (a TCP port, an integer 1..65535): `targetPort` of a ServiceMonitor endpoint, `portNumber` of a PodMonitor endpoint.
   * Exactly one of `port` and `portNumber` is required.
   * @default - none
   */
  readonly portNumber?: number;
}

type Kube = { [key: string]: any };

/** Refuses anything but a `SecretRef` where a credential or TLS material goes. */
function checkSecretRef(value: unknown, field: string, optional: boolean): void {
  if (value === undefined && optional) return;
  if (!(value instanceof SecretRef)) {
    const shown = typeof value === 'string' ? 'a plain string' : quote(value);
    throw new ValidationError(`${field}: must be a SecretRef (SecretRef.fromSecret(name, key)), so that no credential is written to the output; received ${shown}`);
  }
}

function secretKey(field: string, ref: SecretRef): { name: string; key: string } {
  return ValidationError.inField(field, () => ref.toSecretKeySelector());
}

/**
 * Renders and checks the settings shared by endpoints and probes, as the Prometheus Operator would.
 * `allowFiles`: ServiceMonitor TLS also accepts files in the Prometheus container.
 * @internal
 */
export function renderScrapeOptions(options: ScrapeOptions, field: string, allowFiles: boolean): Kube {
  // plain JavaScript callers: a credential is a SecretRef, never a string (nor anything else)
  checkSecretRef(options.bearerToken, `${field}bearerToken`, true);
  if (options.basicAuth !== undefined) {
    requireObject(options.basicAuth, `${field}basicAuth`, '{ username: SecretRef.fromSecret(\'auth\', \'username\'), password: SecretRef.fromSecret(\'auth\', \'password\') }');
    checkSecretRef(options.basicAuth.username, `${field}basicAuth.username`, false);
    checkSecretRef(options.basicAuth.password, `${field}basicAuth.password`, false);
  }
  if (options.tls !== undefined) {
    requireObject(options.tls, `${field}tls`, '{ ca: SecretRef.fromSecret(\'ca\', \'ca.crt\') }');
    for (const name of ['ca', 'cert', 'key'] as const) checkSecretRef(options.tls[name], `${field}tls.${name}`, true);
  }
  checkValues(undefined, `${field}metricRelabelings`, options.metricRelabelings);
  checkValue(undefined, `${field}bearerToken`, options.bearerToken);
  checkValue(undefined, `${field}basicAuth.username`, options.basicAuth?.username);
  checkValue(undefined, `${field}basicAuth.password`, options.basicAuth?.password);
  for (const name of ['ca', 'cert', 'key'] as const) checkValue(undefined, `${field}tls.${name}`, options.tls?.[name]);
  const interval = options.interval === undefined ? undefined : formatPositive(options.interval, `${field}interval`);
  const timeout = options.scrapeTimeout === undefined ? undefined : formatPositive(options.scrapeTimeout, `${field}scrapeTimeout`);
  if (options.interval && options.scrapeTimeout && PrometheusDuration.millis(options.scrapeTimeout) > PrometheusDuration.millis(options.interval)) {
    throw new ValidationError(`${field}scrapeTimeout: must not be longer than the scrape interval (${interval}), which the Prometheus Operator rejects; received ${timeout}`);
  }
  if (options.bearerToken && options.basicAuth) {
    throw new ValidationError(`${field}bearerToken: cannot be combined with basicAuth (the operator allows one authentication method); remove one`);
  }
  return {
    interval,
    scrapeTimeout: timeout,
    authorization: options.bearerToken ? { type: 'Bearer', credentials: secretKey(`${field}bearerToken`, options.bearerToken) } : undefined,
    basicAuth: options.basicAuth
      ? { username: secretKey(`${field}basicAuth.username`, options.basicAuth.username), password: secretKey(`${field}basicAuth.password`, options.basicAuth.password) }
      : undefined,
    tlsConfig: options.tls ? renderTls(options.tls, `${field}tls`, allowFiles) : undefined,
    metricRelabelings: nonEmpty(options.metricRelabelings?.map((r) => r._toKube())),
  };
}

/**
 * Renders and checks one ServiceMonitor/PodMonitor endpoint.
 * @internal
 */
export function renderEndpoint(options: EndpointOptions, field: string, allowFiles: boolean): Kube {
  checkValues(undefined, `${field}relabelings`, options.relabelings);
  if (options.port === undefined && options.portNumber === undefined) {
    throw new ValidationError(`${field}port: a port is required (port: the port's name, or portNumber); received neither`);
  }
  if (options.port !== undefined && options.portNumber !== undefined) {
    throw new ValidationError(`${field}port: give either port (name) or portNumber, not both; received ${quote(options.port)} and ${options.portNumber}`);
  }
  if (options.port !== undefined) Validate.dnsLabel(options.port, `${field}port`);
  // a container port: Kubernetes' containerPort is 1..65535
  checkNumber(options.portNumber, `${field}portNumber`, { unit: 'a TCP port number', min: 1, max: 65535, integer: true });
  return {
    port: options.port,
    portNumber: options.portNumber,
    ...renderScrapeTarget(options, field, allowFiles),
  };
}

/**
 * Renders and checks how targets are scraped and labelled (an endpoint's, or a ScrapeConfig's): `path`,
 * `scheme`, `honorLabels`, `params`, `relabelings` and the `ScrapeOptions`.
 * @internal
 */
export function renderScrapeTarget(options: ScrapeTargetOptions, field: string, allowFiles: boolean): Kube {
  checkValues(undefined, `${field}relabelings`, options.relabelings);
  if (options.path !== undefined && !/^\/\S*$/.test(options.path)) {
    throw new ValidationError(`${field}path: must start with "/" and contain no white space; received ${quote(options.path)}`);
  }
  if (options.tls && options.scheme !== Scheme.HTTPS) {
    throw new ValidationError(`${field}tls: TLS settings need scheme: Scheme.HTTPS, otherwise Prometheus scrapes over plain HTTP and ignores them; received scheme ${quote(options.scheme ?? 'http')}`);
  }
  for (const name of Object.keys(options.params ?? {})) {
    if (name === '') throw new ValidationError(`${field}params: parameter names must not be empty`);
  }
  return {
    path: options.path,
    scheme: options.scheme,
    honorLabels: options.honorLabels,
    params: options.params,
    relabelings: nonEmpty(options.relabelings?.map((r) => r._toKube())),
    ...renderScrapeOptions(options, field, allowFiles),
  };
}

function renderTls(tls: TlsOptions, field: string, allowFiles: boolean): Kube {
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    throw new ValidationError(`${field}: a client certificate needs both cert and key; received only ${tls.cert ? 'cert' : 'key'}`);
  }
  const source = (ref: SecretRef | undefined, name: string): { obj?: Kube; file?: string } => {
    if (ref === undefined) return {};
    if (ref.path !== undefined) {
      if (!allowFiles) throw new ValidationError(`${field}.${name}: this resource reads TLS material only from Secrets (SecretRef.fromSecret); received ${ref.describe()}`);
      return { file: ref.path };
    }
    return { obj: { secret: secretKey(`${field}.${name}`, ref) } };
  };
  const ca = source(tls.ca, 'ca');
  const cert = source(tls.cert, 'cert');
  let keySecret: Kube | undefined;
  let keyFile: string | undefined;
  if (tls.key) {
    if (tls.key.path !== undefined) {
      if (!allowFiles) throw new ValidationError(`${field}.key: this resource reads TLS material only from Secrets (SecretRef.fromSecret); received ${tls.key.describe()}`);
      keyFile = tls.key.path;
    } else {
      keySecret = secretKey(`${field}.key`, tls.key);
    }
  }
  return {
    ca: ca.obj,
    caFile: ca.file,
    cert: cert.obj,
    certFile: cert.file,
    keySecret,
    keyFile,
    serverName: tls.serverName,
    insecureSkipVerify: tls.insecureSkipVerify,
  };
}

function formatPositive(d: Duration, field: string): string {
  const text = ValidationError.inField(field, () => PrometheusDuration.format(d));
  if (PrometheusDuration.millis(d) <= 0) throw new ValidationError(`${field}: must be longer than 0s; received ${text}`);
  return text;
}

/** @internal */
export function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

/** @internal Drops undefined fields, so rendered objects stay minimal. */
export function compact<T extends Kube>(obj: T): T {
  const out: Kube = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out as T;
}
