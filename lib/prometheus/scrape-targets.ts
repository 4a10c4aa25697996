import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { PrometheusDuration, quote, SecretRef, Validate, ValidationError } from '../core';
import { deferBuild, raiseProblem } from '../core/problems';
import { optionalArray, optionalBoolean, optionalDuration, optionalObject, optionalStringList, optionalStringMap, requireObject, requireString, requireStringList } from '../core/untyped';
import { BasicAuthOptions, compact, renderScrapeOptions, TlsOptions } from './endpoint';
import { LabelSelector, SelectorOperator } from './selector';
import { requireReleases } from './version-gates';

/**
 * The kind of Kubernetes object a Kubernetes service discovery lists, each of which becomes targets.
 * Maps to `role`. @see https://prometheus.io/docs/prometheus/latest/configuration/configuration/#kubernetes_sd_config
 */
export enum KubernetesRole {
  /** Every declared container port of every pod (and a target per pod without ports). */
  POD = 'Pod',
  /** Every port of every Service, at the Service's DNS name (for blackbox probes of Services). */
  SERVICE = 'Service',
  /** Every address of every Endpoints object (the pods behind Services). */
  ENDPOINTS = 'Endpoints',
  /** Every endpoint of every EndpointSlice (the pods behind Services; what `ENDPOINTS` lists, from the newer API). */
  ENDPOINT_SLICE = 'EndpointSlice',
  /** Every node, at its kubelet port. */
  NODE = 'Node',
  /** Every path of every Ingress (for blackbox probes). */
  INGRESS = 'Ingress',
}

/** Static targets with their labels: a `static_configs` entry. */
export interface StaticTargetsOptions {
  /**
   * The targets, as `host:port` (a DNS name, an IPv4 address or a bracketed IPv6 address, and a port
   * 1..65535), without scheme or path: the ScrapeConfig's `scheme` and `path` apply. At least one, no duplicates.
   * Maps to `targets`.
   */
  readonly targets: string[];
  /**
   * Labels added to every series of these targets (`service: 'redis'`). Maps to `labels`.
   * @default - none
   */
  readonly labels?: { [name: string]: string };
}

/** Targets read from files in the Prometheus container: a `file_sd_configs` entry. */
export interface FileTargetsOptions {
  /**
   * Absolute paths of JSON or YAML target files in the Prometheus container (files the Prometheus resource
   * mounts, e.g. its `configMaps` under `/etc/prometheus/configmaps/<name>/`); the last path element may
   * have one `*` (`/etc/prometheus/configmaps/targets/*.json`). At least one, no duplicates. Maps to `files`.
   */
  readonly files: string[];
  /**
   * How often the files are re-read, besides on change. Maps to `refreshInterval`.
   * @default - Prometheus' default (5m)
   */
  readonly refreshInterval?: Duration;
}

/** Targets fetched from an HTTP endpoint that returns them as JSON: an `http_sd_configs` entry. */
export interface HttpTargetsOptions {
  /** The `http://` or `https://` URL returning the target groups. Maps to `url`. */
  readonly url: string;
  /**
   * How often the URL is fetched. Maps to `refreshInterval`.
   * @default - Prometheus' default (60s)
   */
  readonly refreshInterval?: Duration;
  /**
   * A bearer token sent to the URL, read from a Secret in the ScrapeConfig's namespace. Maps to `authorization.credentials`.
   * @default - none
   */
  readonly bearerToken?: SecretRef;
  /**
   * HTTP basic authentication to the URL. Maps to `basicAuth`.
   * @default - none
   */
  readonly basicAuth?: BasicAuthOptions;
  /**
   * TLS settings for an `https://` URL, from Secrets. Maps to `tlsConfig`.
   * @default - the system CAs
   */
  readonly tls?: TlsOptions;
}

/** A filter of the objects a Kubernetes service discovery watches, applied by the API server. */
export interface KubernetesSelectorOptions {
  /**
   * The kind of object filtered: the discovery's own role, or for `ENDPOINTS` and `ENDPOINT_SLICE` also
   * `POD` and `SERVICE` (the pods and Services behind the endpoints). One selector per role. Maps to `role`.
   */
  readonly role: KubernetesRole;
  /**
   * The objects' labels. Maps to `label` (written as a Kubernetes label selector string, `app=redis`).
   * @default - any labels
   */
  readonly labels?: LabelSelector;
  /**
   * Field values the objects must have (`{ 'spec.nodeName': 'node-1' }`). Maps to `field` (`spec.nodeName=node-1`).
   * @default - any fields
   */
  readonly fields?: { [field: string]: string };
}

/** Targets discovered from the Kubernetes API: a `kubernetes_sd_configs` entry. */
export interface KubernetesTargetsOptions {
  /** The kind of object that becomes targets. Maps to `role`. */
  readonly role: KubernetesRole;
  /**
   * The namespaces to watch (DNS labels, no duplicates). Maps to `namespaces.names`.
   * @default - every namespace (with `ownNamespace`, only Prometheus' own)
   */
  readonly namespaces?: string[];
  /**
   * Also watch the namespace Prometheus runs in. Maps to `namespaces.ownNamespace`.
   * @default false
   */
  readonly ownNamespace?: boolean;
  /**
   * Filters of the watched objects, by labels and fields; at most one per role. Maps to `selectors`.
   * @default - every object of the role
   */
  readonly selectors?: KubernetesSelectorOptions[];
  /**
   * Adds the labels of the pod's node (`__meta_kubernetes_node_label_*`) to targets of the `POD`,
   * `ENDPOINTS` and `ENDPOINT_SLICE` roles. Maps to `attachMetadata.node`.
   * @default false
   */
  readonly attachNodeMetadata?: boolean;
}

type Kube = { [key: string]: any };

/** The field of the ScrapeConfig spec each kind of targets goes to. */
type TargetsField = 'staticConfigs' | 'fileSDConfigs' | 'httpSDConfigs' | 'kubernetesSDConfigs';

/** The operator release that added each CRD field a kind of targets may render, by kind and field. */
interface Gate { readonly field: string; readonly operator: string; readonly missing?: string }

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])$/;
const FILE = /^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$/;
/** The roles a selector of a discovery of each role may filter (as the Prometheus Operator and Prometheus allow). */
const SELECTOR_ROLES: { [role: string]: KubernetesRole[] } = {
  [KubernetesRole.POD]: [KubernetesRole.POD],
  [KubernetesRole.SERVICE]: [KubernetesRole.SERVICE],
  [KubernetesRole.ENDPOINTS]: [KubernetesRole.POD, KubernetesRole.SERVICE, KubernetesRole.ENDPOINTS],
  [KubernetesRole.ENDPOINT_SLICE]: [KubernetesRole.POD, KubernetesRole.SERVICE, KubernetesRole.ENDPOINT_SLICE],
  [KubernetesRole.NODE]: [KubernetesRole.NODE],
  [KubernetesRole.INGRESS]: [KubernetesRole.INGRESS],
};
const ROLES = Object.values(KubernetesRole) as string[];

/**
 * Where a `ScrapeConfig` finds its targets: static `host:port` targets, files, an HTTP endpoint or the
 * Kubernetes API. The factories check their input at once; an invalid value is reported by the
 * ScrapeConfig it is given to, with its path (`[app/chart/Redis] staticConfigs[0]: fromStatic targets[0]: ...`).
 *
 * @example
 * ScrapeTargets.fromStatic({ targets: ['redis.shop.svc:9121'], labels: { service: 'redis' } });
 * ScrapeTargets.fromKubernetes({ role: KubernetesRole.POD, namespaces: ['shop'], selectors: [{ role: KubernetesRole.POD, labels: LabelSelector.matchLabels({ app: 'redis' }) }] });
 * @see https://prometheus.io/docs/prometheus/latest/configuration/configuration/#scrape_config
 */
export class ScrapeTargets {
  /** Fixed `host:port` targets, with labels for their series (`static_configs`): the 1:1 form of a Prometheus static job. */
  public static fromStatic(options: StaticTargetsOptions): ScrapeTargets {
    return deferBuild(() => ScrapeTargets.staticTargets(options), () => new ScrapeTargets('staticConfigs', {}, []));
  }

  /** Targets listed in JSON or YAML files in the Prometheus container, re-read when they change (`file_sd_configs`). */
  public static fromFiles(options: FileTargetsOptions): ScrapeTargets {
    return deferBuild(() => ScrapeTargets.fileTargets(options), () => new ScrapeTargets('fileSDConfigs', {}, []));
  }

  /** Targets fetched from a URL that returns target groups as JSON (`http_sd_configs`). */
  public static fromHttp(options: HttpTargetsOptions): ScrapeTargets {
    return deferBuild(() => ScrapeTargets.httpTargets(options), () => new ScrapeTargets('httpSDConfigs', {}, []));
  }

  /** Targets discovered from the Kubernetes API: pods, Services, endpoints, nodes or Ingresses (`kubernetes_sd_configs`). */
  public static fromKubernetes(options: KubernetesTargetsOptions): ScrapeTargets {
    return deferBuild(() => ScrapeTargets.kubernetesTargets(options), () => new ScrapeTargets('kubernetesSDConfigs', {}, []));
  }

  private static staticTargets(options: StaticTargetsOptions): ScrapeTargets {
    requireObject(options, 'fromStatic', "{ targets: ['redis.shop.svc:9121'] }");
    const targets = requireStringList(options.targets, 'fromStatic targets', "['redis.shop.svc:9121']");
    const labels = optionalStringMap(options.labels, 'fromStatic labels');
    if (targets.length === 0) throw new ValidationError('fromStatic targets: give at least one host:port target');
    targets.forEach((t, i) => checkTarget(t, `fromStatic targets[${i}]`));
    const twice = targets.find((t, i) => targets.indexOf(t) !== i);
    // the CRD's list is a set: the API server refuses a repeated target
    if (twice !== undefined) throw new ValidationError(`fromStatic targets: ${quote(twice)} is listed twice`);
    if (labels !== undefined) Validate.prometheusLabels(labels, 'fromStatic labels');
    const sortedLabels = labels === undefined || Object.keys(labels).length === 0 ? undefined : Object.fromEntries(Object.keys(labels).sort().map((k) => [k, labels[k]]));
    return new ScrapeTargets('staticConfigs', compact({ targets: [...targets], labels: sortedLabels }), []);
  }

  private static fileTargets(options: FileTargetsOptions): ScrapeTargets {
    requireObject(options, 'fromFiles', "{ files: ['/etc/prometheus/configmaps/targets/*.json'] }");
    const files = requireStringList(options.files, 'fromFiles files', "['/etc/prometheus/configmaps/targets/*.json']");
    if (files.length === 0) throw new ValidationError('fromFiles files: give at least one file');
    files.forEach((f, i) => {
      if (!f.startsWith('/') || /\s/.test(f)) {
        throw new ValidationError(`fromFiles files[${i}]: must be an absolute path in the Prometheus container, without white space (the operator does not say which directory relative paths start from); received ${quote(f)}`);
      }
      if (!FILE.test(f)) {
        throw new ValidationError(`fromFiles files[${i}]: must name .json, .yml or .yaml files, with at most one "*" and only in the last path element (Prometheus' rule); received ${quote(f)}`);
      }
    });
    const twice = files.find((f, i) => files.indexOf(f) !== i);
    if (twice !== undefined) throw new ValidationError(`fromFiles files: ${quote(twice)} is listed twice`);
    return new ScrapeTargets('fileSDConfigs', compact({ files: [...files], refreshInterval: refreshInterval(options.refreshInterval, 'fromFiles refreshInterval') }), []);
  }

  private static httpTargets(options: HttpTargetsOptions): ScrapeTargets {
    requireObject(options, 'fromHttp', "{ url: 'http://targets.shop.svc/targets' }");
    const url = requireString(options.url, 'fromHttp url', "'http://targets.shop.svc/targets'");
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '' || /\s/.test(url)) {
      throw new ValidationError(`fromHttp url: must be an absolute http:// or https:// URL with a host; received ${quote(url)}`);
    }
    optionalObject(options.basicAuth, 'fromHttp basicAuth', '{ username: SecretRef.fromSecret(...), password: SecretRef.fromSecret(...) }');
    optionalObject(options.tls, 'fromHttp tls', "{ ca: SecretRef.fromSecret('ca', 'ca.crt') }");
    if (options.tls !== undefined && parsed.protocol !== 'https:') {
      throw new ValidationError(`fromHttp tls: TLS settings need an https:// URL, otherwise Prometheus fetches over plain HTTP and ignores them; received ${quote(url)}`);
    }
    // the auth and TLS rules of a scrape (one authentication method, Secrets only), fields named `fromHttp ...`
    const rendered = renderScrapeOptions({ bearerToken: options.bearerToken, basicAuth: options.basicAuth, tls: options.tls }, 'fromHttp ', false);
    const gates: Gate[] = [];
    if (rendered.authorization || rendered.basicAuth) gates.push({ field: rendered.authorization ? 'bearerToken' : 'basicAuth', operator: '0.66' });
    if (rendered.tlsConfig) gates.push({ field: 'tls', operator: '0.67' });
    return new ScrapeTargets('httpSDConfigs', compact({
      url,
      refreshInterval: refreshInterval(options.refreshInterval, 'fromHttp refreshInterval'),
      authorization: rendered.authorization,
      basicAuth: rendered.basicAuth,
      tlsConfig: rendered.tlsConfig,
    }), gates);
  }

  private static kubernetesTargets(options: KubernetesTargetsOptions): ScrapeTargets {
    requireObject(options, 'fromKubernetes', '{ role: KubernetesRole.POD }');
    const role = checkRole(options.role, 'fromKubernetes role');
    const namespaces = optionalStringList(options.namespaces, 'fromKubernetes namespaces', "['shop']");
    const ownNamespace = optionalBoolean(options.ownNamespace, 'fromKubernetes ownNamespace');
    const attachNode = optionalBoolean(options.attachNodeMetadata, 'fromKubernetes attachNodeMetadata');
    const selectors = optionalArray(options.selectors, 'fromKubernetes selectors', '[{ role: KubernetesRole.POD, labels: LabelSelector.matchLabels({ app: \'redis\' }) }]');
    (namespaces ?? []).forEach((n, i) => Validate.dnsLabel(n, `fromKubernetes namespaces[${i}]`));
    const twice = (namespaces ?? []).find((n, i) => namespaces!.indexOf(n) !== i);
    if (twice !== undefined) throw new ValidationError(`fromKubernetes namespaces: ${quote(twice)} is listed twice`);
    if (namespaces !== undefined && namespaces.length === 0 && !ownNamespace) {
      throw new ValidationError('fromKubernetes namespaces: an empty list watches every namespace; leave it out for that, or name the namespaces');
    }
    if (attachNode && ![KubernetesRole.POD, KubernetesRole.ENDPOINTS, KubernetesRole.ENDPOINT_SLICE].includes(role)) {
      throw new ValidationError(`fromKubernetes attachNodeMetadata: node metadata is attached to the Pod, Endpoints and EndpointSlice roles only (the operator ignores it for ${role}); remove it`);
    }
    const seen = new Set<string>();
    const rendered = (selectors ?? []).map((s, i) => {
      const field = `fromKubernetes selectors[${i}]`;
      requireObject(s, field, '{ role: KubernetesRole.POD, labels: LabelSelector.matchLabels({ app: \'redis\' }) }');
      const selectorRole = checkRole(s.role, `${field}.role`);
      const allowed = SELECTOR_ROLES[role];
      if (!allowed.includes(selectorRole)) {
        throw new ValidationError(`${field}.role: a discovery of role ${role} takes selectors of role ${allowed.join(', ')} only; received ${selectorRole}`);
      }
      if (seen.has(selectorRole)) throw new ValidationError(`${field}.role: there is already a selector of role ${selectorRole}; merge them (one selector per role)`);
      seen.add(selectorRole);
      if (s.labels !== undefined && !(s.labels instanceof LabelSelector)) {
        throw new ValidationError(`${field}.labels: must be a LabelSelector, e.g. LabelSelector.matchLabels({ app: 'redis' }); received ${quote(s.labels)}`);
      }
      ValidationError.inField(`${field}.labels`, () => raiseProblem(s.labels));
      const fields = optionalStringMap(s.fields, `${field}.fields`);
      if (s.labels === undefined && (fields === undefined || Object.keys(fields).length === 0)) {
        throw new ValidationError(`${field}: give labels or fields to filter by; a selector without either selects every object of its role`);
      }
      return compact({ role: selectorRole, label: s.labels === undefined ? undefined : labelSelectorString(s.labels), field: fields === undefined || Object.keys(fields).length === 0 ? undefined : fieldSelectorString(fields, `${field}.fields`) });
    });
    const gates: Gate[] = [{ field: 'role', operator: role === KubernetesRole.NODE ? '0.67' : '0.70', missing: `the role ${role}` }];
    if (rendered.length > 0) gates.push({ field: 'selectors', operator: '0.69' });
    if (namespaces !== undefined || ownNamespace !== undefined) gates.push({ field: 'namespaces', operator: '0.71' });
    if (attachNode !== undefined) gates.push({ field: 'attachNodeMetadata', operator: '0.71' });
    return new ScrapeTargets('kubernetesSDConfigs', compact({
      role,
      namespaces: namespaces === undefined && ownNamespace === undefined ? undefined : compact({ names: namespaces === undefined ? undefined : [...namespaces], ownNamespace }),
      selectors: rendered.length > 0 ? rendered : undefined,
      attachMetadata: attachNode === undefined ? undefined : { node: attachNode },
    }), gates);
  }

  private readonly field: TargetsField;
  private readonly config: Kube;
  private readonly gates: Gate[];

  private constructor(field: TargetsField, config: Kube, gates: Gate[]) {
    this.field = field;
    this.config = config;
    this.gates = gates;
  }

  /**
   * The ScrapeConfig spec field these targets go to, and their entry in it; checks the Prometheus Operator
   * release each field needs against the target versions of `scope`. Throws without a path.
   * @internal
   */
  public _render(scope: IConstruct, field: string): { field: TargetsField; config: Kube } {
    raiseProblem(this);
    for (const gate of this.gates) requireReleases(scope, `${field}.${gate.field}`, { operator: gate.operator }, gate.missing);
    return { field: this.field, config: this.config };
  }

  /**
   * The ScrapeConfig spec field these targets go to.
   * @internal
   */
  public get _field(): TargetsField {
    return this.field;
  }
}

function checkRole(value: unknown, field: string): KubernetesRole {
  if (typeof value !== 'string' || !ROLES.includes(value)) {
    throw new ValidationError(`${field}: must be a KubernetesRole (${Object.keys(KubernetesRole).map((k) => `KubernetesRole.${k}`).join(', ')}); received ${quote(value)}`);
  }
  return value as KubernetesRole;
}

function checkTarget(target: string, field: string): void {
  const example = 'e.g. "redis.shop.svc:9121"';
  if (target.includes('://') || target.includes('/')) {
    throw new ValidationError(`${field}: must be host:port, ${example}, without scheme or path (set the ScrapeConfig's scheme and path instead); received ${quote(target)}`);
  }
  const colon = target.lastIndexOf(':');
  const host = colon < 0 ? target : target.slice(0, colon);
  const port = colon < 0 ? '' : target.slice(colon + 1);
  if (colon < 0 || (host.includes(':') && !host.startsWith('['))) {
    throw new ValidationError(`${field}: must be host:port with an explicit port, ${example} (a bracketed IPv6 address: "[::1]:9090"): Prometheus 2 adds the scheme's default port to the instance label and Prometheus 3 does not; received ${quote(target)}`);
  }
  if (!HOST.test(host)) {
    throw new ValidationError(`${field}: the host must be a DNS name (letters, digits, '-', '_', '.') or an IP address, ${example}; received ${quote(target)}`);
  }
  if (!/^[0-9]{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    throw new ValidationError(`${field}: the port must be a number from 1 to 65535, ${example}; received ${quote(target)}`);
  }
}

function refreshInterval(value: Duration | undefined, field: string): string | undefined {
  if (optionalDuration(value, field) === undefined) return undefined;
  const text = ValidationError.inField(field, () => PrometheusDuration.format(value!));
  if (PrometheusDuration.millis(value!) <= 0) throw new ValidationError(`${field}: must be longer than 0s; received ${text}`);
  return text;
}

/** A label selector as Kubernetes writes it in a string: `app=redis,tier in (cache,db),!legacy`. */
function labelSelectorString(selector: LabelSelector): string {
  const kube = selector._toKube();
  const parts = Object.entries(kube.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of kube.matchExpressions ?? []) {
    if (e.operator === SelectorOperator.IN) parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === SelectorOperator.NOT_IN) parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === SelectorOperator.EXISTS) parts.push(e.key);
    else parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

/** A field selector string, `spec.nodeName=node-1,status.phase=Running`, values escaped as Kubernetes' `fields.EscapeValue` does. */
function fieldSelectorString(fields: { [field: string]: string }, field: string): string {
  return Object.keys(fields).sort().map((name) => {
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new ValidationError(`${field}: field names are paths such as "spec.nodeName" or "metadata.name"; received ${quote(name)}`);
    return `${name}=${fields[name].replace(/[\\,=]/g, (c) => `\\${c}`)}`;
  }).join(',');
}
