/**
 * The agent-independent log-collection model: what to read (discovery and relabeling), how to process it
 * (jobs carrying `LogPipeline`s, see `pipeline/`), where to send it (clients) and how fast (limits).
 *
 * A `LogCollection` construct holds the model and validates it; agents (`PromtailAgent`, the Alloy agent in
 * `alloy/`) read its public fields and render them. Renderers read:
 * - `collection.clients`: `LogClient` values (URL, tenant, credentials as `SecretRef`, external labels);
 *   `collection.secretRefs()` lists the Secrets the agent must mount under its secret root, and
 *   `SecretRef.filePath(root)` gives the path to write into the config.
 * - `collection.jobs`: `LogJob`s, each with a `name`, a `discovery` (`LogDiscovery`: `kind`, the Kubernetes
 *   pod options or the static file targets, and the ordered `relabelings`) and `stages()` (the job's own
 *   stages followed by each pipeline's `toStages()`).
 * - `collection.limits`: `LogLimits`, agent-wide.
 */
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ConstructQueries, PrometheusDuration, quote, SecretRef, Validate, ValidationError } from '../core';
import { checkValue, checkValues, deferBuild } from '../core/problems';
import { checkNumber, optionalArray, optionalDuration, optionalString, optionalStringList, optionalStringMap, requireObject, requireString, requireStringList, requireStringMap } from '../core/untyped';
import { Relabel } from '../core/relabel';
import { CardinalityGuard, LogPipeline, Stage, StageKind } from './pipeline';
import { _validateStages } from './pipeline/log-pipeline';

// ---------------------------------------------------------------------------------------------------------
// Relabeling: the `Relabel` value type of lib/core (`Relabel.replace(...)`, at the package root), the one the
// scrape objects take, since Promtail and Alloy's `discovery.relabel` use Prometheus' `relabel_config` unchanged.

// ---------------------------------------------------------------------------------------------------------
// Discovery.

/** How a job finds what to read. */
export enum LogDiscoveryKind {
  /** Kubernetes pod discovery (`kubernetes_sd_configs` role `pod`, Alloy `discovery.kubernetes`). */
  KUBERNETES_PODS = 'kubernetes_pods',
  /** Fixed files on the node (`static_configs`, Alloy `local.file_match`). */
  STATIC_FILES = 'static_files',
}

/** Options of Kubernetes pod discovery. */
export interface KubernetesPodDiscoveryOptions {
  /**
   * Only discover pods of these namespaces. Maps to `namespaces.names`.
   * @default - every namespace
   */
  readonly namespaces?: string[];
  /**
   * Extra stream labels taken from pod labels: label name to Kubernetes label key
   * (`{ team: 'example.com/team' }`). Checked by the cardinality guard.
   * @default - none beyond the standard labels
   */
  readonly podLabels?: { [label: string]: string };
  /**
   * Relabeling rules applied after the standard ones.
   * @default - none
   */
  readonly relabelings?: Relabel[];
  /**
   * Directory of the kubelet's pod logs on the node, under one of the collection's `hostLogRoots`.
   * @default "/var/log/pods"
   */
  readonly podLogsDirectory?: string;
}

/** Options of static file targets. */
export interface StaticFilesDiscoveryOptions {
  /**
   * Absolute, normalized paths or globs of the files (`/var/log/syslog`, `/var/log/apps/*.log`), under one
   * of the collection's `hostLogRoots` (`/var/log` by default). The agent mounts, read-only, the directory
   * of each path's fixed part (before its first glob character): `/var/log` for `/var/log/syslog`,
   * `/var/log/apps` for `/var/log/apps/*.log`.
   */
  readonly paths: string[];
  /** Stream labels of these files (at least a `job`). */
  readonly labels: { [label: string]: string };
}

/** The labels every Kubernetes pod stream gets from the standard relabelings. @internal */
export const KUBERNETES_POD_STREAM_LABELS = ['namespace', 'pod', 'container', 'app', 'component', 'node_name', 'job'];

/**
 * Where a job's logs come from: Kubernetes pods on the agent's node, or static files. Pod discovery
 * carries the standard relabelings (those of the Promtail Helm chart) that give every stream the labels
 * `namespace`, `pod`, `container`, `app` (from `app.kubernetes.io/name`, `app`, the controller or the pod
 * name), `component`, `node_name`, `job` (`<namespace>/<app>`) and the file path `__path__`.
 *
 * Pods are always restricted to the agent's own node: renderers do it their way (Promtail through the
 * `__host__` label, Alloy through a `spec.nodeName` field selector).
 *
 * The factories check their options at once; an invalid discovery is reported by the `LogJob` it is given
 * to (`[app/logs/pods] discovery: LogDiscovery.staticFiles paths: ...`). One never used is harmless.
 */
export class LogDiscovery {
  /** Kubernetes pod discovery with the standard relabelings. */
  public static kubernetesPods(options: KubernetesPodDiscoveryOptions = {}): LogDiscovery {
    return deferBuild(() => LogDiscovery.checkedKubernetesPods(options), () => new LogDiscovery(
      LogDiscoveryKind.KUBERNETES_PODS, [], undefined, undefined, undefined, undefined));
  }

  /** Static files on the node with fixed labels. */
  public static staticFiles(options: StaticFilesDiscoveryOptions): LogDiscovery {
    return deferBuild(() => LogDiscovery.checkedStaticFiles(options), () => new LogDiscovery(
      LogDiscoveryKind.STATIC_FILES, [], undefined, undefined, [], {}));
  }

  private static checkedKubernetesPods(options: KubernetesPodDiscoveryOptions): LogDiscovery {
    requireObject(options, 'LogDiscovery.kubernetesPods options', "{ namespaces: ['shop'] }");
    optionalArray(options.relabelings, 'LogDiscovery.kubernetesPods relabelings', "[Relabel.drop({ sourceLabels: ['namespace'], regex: 'kube-.*' })]")?.forEach((r, i) => {
      if (!(r instanceof Relabel)) throw new ValidationError(`LogDiscovery.kubernetesPods relabelings[${i}]: must be a Relabel, e.g. Relabel.keep(...); received ${quote(r)}`);
    });
    optionalStringList(options.namespaces, 'LogDiscovery.kubernetesPods namespaces', "['shop']");
    optionalString(options.podLogsDirectory, 'LogDiscovery.kubernetesPods podLogsDirectory', "'/var/log/pods'");
    optionalStringMap(options.podLabels, 'LogDiscovery.kubernetesPods podLabels');
    checkValues(undefined, 'LogDiscovery.kubernetesPods relabelings', options.relabelings);
    (options.namespaces ?? []).forEach((ns) => Validate.dnsLabel(ns, 'LogDiscovery.kubernetesPods namespaces'));
    const dir = (options.podLogsDirectory ?? '/var/log/pods').replace(/(.)\/$/, '$1');
    if (!dir.startsWith('/')) throw new ValidationError(`LogDiscovery.kubernetesPods podLogsDirectory: must be absolute; received ${quote(dir)}`);
    if (!isNormalizedPath(dir)) throw new ValidationError(`LogDiscovery.kubernetesPods podLogsDirectory: must be a normalized path (no ".", ".." or empty segment); received ${quote(dir)}`);
    const podLabels = { ...options.podLabels };
    const extra: Relabel[] = [];
    for (const [label, key] of Object.entries(podLabels).sort(([a], [b]) => a.localeCompare(b))) {
      Validate.labelName(label, 'LogDiscovery.kubernetesPods podLabels name');
      if (KUBERNETES_POD_STREAM_LABELS.includes(label)) {
        throw new ValidationError(`LogDiscovery.kubernetesPods podLabels: ${quote(label)} is a standard label already; choose another name`);
      }
      Validate.kubernetesLabelKey(key, `LogDiscovery.kubernetesPods podLabels["${label}"]`);
      CardinalityGuard.checkLabel(label, key, 'LogDiscovery.kubernetesPods podLabels');
      extra.push(Relabel.replace({ sourceLabels: [`__meta_kubernetes_pod_label_${key.replace(/[^A-Za-z0-9_]/g, '_')}`], targetLabel: label }));
    }
    const relabelings = [...LogDiscovery.standardPodRelabelings(dir), ...extra, ...(options.relabelings ?? [])];
    return new LogDiscovery(LogDiscoveryKind.KUBERNETES_PODS, relabelings, options.namespaces ? [...options.namespaces] : undefined, dir, undefined, undefined);
  }

  private static checkedStaticFiles(options: StaticFilesDiscoveryOptions): LogDiscovery {
    requireObject(options, 'LogDiscovery.staticFiles options', "{ paths: ['/var/log/syslog'], labels: { job: 'syslog' } }");
    requireStringList(options.paths, 'LogDiscovery.staticFiles paths', "['/var/log/syslog']");
    requireStringMap(options.labels, 'LogDiscovery.staticFiles labels');
    if (options.paths.length === 0) throw new ValidationError('LogDiscovery.staticFiles paths: must name at least one file or glob');
    for (const p of options.paths) {
      if (!p.startsWith('/') || /\s/.test(p)) throw new ValidationError(`LogDiscovery.staticFiles paths: must be absolute without white space; received ${quote(p)}`);
      if (!isNormalizedPath(p)) throw new ValidationError(`LogDiscovery.staticFiles paths: must be a normalized path (no ".", ".." or empty segment, no trailing "/"), so that the directory mounted is the one read; received ${quote(p)}`);
    }
    if (Object.keys(options.labels).length === 0) throw new ValidationError('LogDiscovery.staticFiles labels: give at least a "job" label so the streams can be found');
    for (const label of Object.keys(options.labels)) {
      Validate.labelName(label, 'LogDiscovery.staticFiles labels name');
      CardinalityGuard.checkLabel(label, label, 'LogDiscovery.staticFiles labels');
    }
    return new LogDiscovery(LogDiscoveryKind.STATIC_FILES, [], undefined, undefined, [...options.paths], { ...options.labels });
  }

  /**
   * The standard relabelings of Kubernetes pod discovery, in order.
   * @param podLogsDirectory the kubelet's pod log directory on the node
   */
  public static standardPodRelabelings(podLogsDirectory = '/var/log/pods'): Relabel[] {
    const firstNonEmpty = '^;*([^;]+)(;.*)?$';
    return [
      Relabel.replace({ sourceLabels: ['__meta_kubernetes_pod_controller_name'], regex: '([0-9a-z-.]+?)(-[0-9a-f]{8,10})?', targetLabel: '__tmp_controller_name' }),
      Relabel.replace({
        sourceLabels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name', '__meta_kubernetes_pod_label_app', '__tmp_controller_name', '__meta_kubernetes_pod_name'],
        regex: firstNonEmpty, targetLabel: 'app',
      }),
      Relabel.replace({
        sourceLabels: ['__meta_kubernetes_pod_label_app_kubernetes_io_component', '__meta_kubernetes_pod_label_component'],
        regex: firstNonEmpty, targetLabel: 'component',
      }),
      Relabel.replace({ sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node_name' }),
      Relabel.replace({ sourceLabels: ['__meta_kubernetes_namespace'], targetLabel: 'namespace' }),
      Relabel.replace({ sourceLabels: ['namespace', 'app'], separator: '/', targetLabel: 'job' }),
      Relabel.replace({ sourceLabels: ['__meta_kubernetes_pod_name'], targetLabel: 'pod' }),
      Relabel.replace({ sourceLabels: ['__meta_kubernetes_pod_container_name'], targetLabel: 'container' }),
      Relabel.replace({
        sourceLabels: ['__meta_kubernetes_pod_uid', '__meta_kubernetes_pod_container_name'], separator: '/',
        regex: '(.*)', replacement: `${podLogsDirectory}/*$1/*.log`, targetLabel: '__path__',
      }),
    ];
  }

  /** The discovery type. */
  public readonly kind: LogDiscoveryKind;
  /** Relabeling rules, in order (the standard ones first for pods). */
  public readonly relabelings: Relabel[];
  /** Pods: restrict to these namespaces; undefined means all. */
  public readonly namespaces?: string[];
  /** Pods: the kubelet's pod log directory on the node. */
  public readonly podLogsDirectory?: string;
  /** Static files: paths or globs. */
  public readonly paths?: string[];
  /** Static files: stream labels. */
  public readonly labels?: { [label: string]: string };

  private constructor(
    kind: LogDiscoveryKind, relabelings: Relabel[], namespaces: string[] | undefined, podLogsDirectory: string | undefined,
    paths: string[] | undefined, labels: { [label: string]: string } | undefined,
  ) {
    this.kind = kind;
    this.relabelings = relabelings;
    this.namespaces = namespaces;
    this.podLogsDirectory = podLogsDirectory;
    this.paths = paths;
    this.labels = labels;
  }

  /**
   * Host directories the agent must mount read-only to read these logs: the pod log directory, or the
   * directory of each static path's fixed part (before its first glob character), sorted.
   */
  public hostDirectories(): string[] {
    return [...new Set(this.hostMounts().map((m) => m.directory))].sort();
  }

  /** Each path (or the pod log directory), the field it was given in and the host directory it needs. */
  private hostMounts(): Array<{ field: string; path: string; directory: string }> {
    if (this.kind === LogDiscoveryKind.KUBERNETES_PODS) {
      return [{ field: 'LogDiscovery.kubernetesPods podLogsDirectory', path: this.podLogsDirectory!, directory: this.podLogsDirectory! }];
    }
    return (this.paths ?? []).map((p) => {
      // doublestar, the glob library of Promtail and Alloy: *, ?, [...], {a,b} and \ escapes
      const firstGlob = p.search(/[*?[{\\]/);
      const fixed = firstGlob >= 0 ? p.slice(0, firstGlob) : p;
      return { field: 'LogDiscovery.staticFiles paths', path: p, directory: fixed.slice(0, fixed.lastIndexOf('/')) || '/' };
    });
  }

  /**
   * Throws when a directory to mount is outside every root, naming the path, the directory and the fix.
   * @internal
   */
  public _checkHostRoots(roots: string[]): void {
    for (const m of this.hostMounts()) {
      if (roots.some((root) => isWithin(m.directory, root))) continue;
      throw new ValidationError(`${m.field}: ${quote(m.path)} is outside the collection's host log roots (${roots.map(quote).join(', ')}): the agent would mount the node's ${quote(m.directory)} into its container. Read log files under a log root, or add their directory to the LogCollection's hostLogRoots`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Clients.

/** Options of a `LogClient`. */
export interface LogClientOptions {
  /**
   * Loki's push endpoint (`http://loki-gateway.loki.svc/loki/api/v1/push`). Maps to `url`.
   */
  readonly url: string;
  /**
   * Tenant id sent as `X-Scope-OrgID` (multi-tenant Loki). Maps to `tenant_id`.
   * @default - none (single-tenant Loki)
   */
  readonly tenantId?: string;
  /**
   * Basic-auth user name (not a secret). Maps to `basic_auth.username`.
   * @default - no basic auth
   */
  readonly basicAuthUsername?: string;
  /**
   * Basic-auth password, read from a file. Maps to `basic_auth.password_file`.
   * @default - no basic auth
   */
  readonly basicAuthPassword?: SecretRef;
  /**
   * Bearer token, read from a file. Maps to `bearer_token_file`.
   * @default - none
   */
  readonly bearerToken?: SecretRef;
  /**
   * Labels added to every stream this client sends (`cluster`, `environment`). Maps to `external_labels`.
   * @default - none
   */
  readonly externalLabels?: { [label: string]: string };
  /**
   * Longest wait before sending a batch. Maps to `batchwait`.
   * @default Duration.seconds(1)
   */
  readonly batchWait?: Duration;
  /**
   * Largest batch in bytes. Maps to `batchsize`.
   * @default 1048576
   */
  readonly batchSizeBytes?: number;
  /**
   * Request timeout. Maps to `timeout`.
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
}

/**
 * A Loki endpoint that the agent pushes to. Credentials are `SecretRef`s only, rendered as `*_file` paths.
 *
 * @example
 * LogClient.push({ url: 'http://loki.loki.svc:3100/loki/api/v1/push', tenantId: 'platform',
 *   basicAuthUsername: 'promtail', basicAuthPassword: SecretRef.fromSecret('loki-push', 'password') })
 *
 * `push()` checks its options at once; an invalid client is reported by the `LogCollection` it is added
 * to (`[app/logs] clients[0]: LogClient url: ...`). One never used is harmless.
 */
export class LogClient {
  /** A Loki push endpoint. */
  public static push(options: LogClientOptions): LogClient {
    return deferBuild(() => LogClient.checkedPush(options), () => new LogClient(typeof options === 'object' && options !== null ? options : { url: '' }));
  }

  private static checkedPush(options: LogClientOptions): LogClient {
    requireObject(options, 'LogClient options', "{ url: 'http://loki:3100/loki/api/v1/push' }");
    optionalString(options.tenantId, 'LogClient tenantId', "'team-a'");
    optionalString(options.basicAuthUsername, 'LogClient basicAuthUsername', "'promtail'");
    for (const [field, ref] of [['basicAuthPassword', options.basicAuthPassword], ['bearerToken', options.bearerToken]] as const) {
      if (ref !== undefined && !(ref instanceof SecretRef)) throw new ValidationError(`LogClient ${field}: must be a SecretRef, e.g. SecretRef.fromSecret('loki', 'password'); received ${quote(ref)}`);
    }
    optionalStringMap(options.externalLabels, 'LogClient externalLabels');
    optionalDuration(options.batchWait, 'LogClient batchWait');
    optionalDuration(options.timeout, 'LogClient timeout');
    checkValue(undefined, 'LogClient basicAuthPassword', options.basicAuthPassword);
    checkValue(undefined, 'LogClient bearerToken', options.bearerToken);
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new ValidationError(`LogClient url: must be an absolute http(s) URL; received ${quote(options.url)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ValidationError(`LogClient url: must be http or https; received ${quote(options.url)}`);
    }
    if (url.pathname === '/' || url.pathname === '') {
      throw new ValidationError(`LogClient url: give Loki's push endpoint, not its base URL (append /loki/api/v1/push); received ${quote(options.url)}`);
    }
    if (url.username !== '' || url.password !== '') {
      throw new ValidationError('LogClient url: must not carry credentials; use basicAuthPassword (a SecretRef)');
    }
    if (options.tenantId !== undefined && !/^[A-Za-z0-9!\-_.*'()]{1,150}$/.test(options.tenantId)) {
      throw new ValidationError(`LogClient tenantId: a Loki tenant id is 1-150 characters of letters, digits and !-_.*'(); received ${quote(options.tenantId)}`);
    }
    if ((options.basicAuthUsername === undefined) !== (options.basicAuthPassword === undefined)) {
      throw new ValidationError('LogClient basicAuthUsername/basicAuthPassword: give both or neither');
    }
    if (options.basicAuthPassword !== undefined && options.bearerToken !== undefined) {
      throw new ValidationError('LogClient: basic auth and a bearer token cannot both be set');
    }
    for (const label of Object.keys(options.externalLabels ?? {})) {
      Validate.labelName(label, 'LogClient externalLabels name');
      CardinalityGuard.checkLabel(label, label, 'LogClient externalLabels');
    }
    // clients/pkg/promtail/client/config.go (grafana/loki v3.5.1): batchsize is an int of bytes; 0 would send each entry alone
    checkNumber(options.batchSizeBytes, 'LogClient batchSizeBytes', {
      unit: 'bytes', integer: true, min: 1,
      didYouMean: (n) => (n > 0 && n < 64 ? `${n * 1024 * 1024} (${n} MiB in bytes)` : undefined),
    });
    for (const [field, d] of [['batchWait', options.batchWait], ['timeout', options.timeout]] as Array<[string, Duration | undefined]>) {
      if (d !== undefined && PrometheusDuration.millis(d) <= 0) throw new ValidationError(`LogClient ${field}: must be positive; received ${PrometheusDuration.format(d)}`);
    }
    return new LogClient(options);
  }

  /** The push URL. */
  public readonly url: string;
  /** The tenant id, if any. */
  public readonly tenantId?: string;
  /** The basic-auth user name, if any. */
  public readonly basicAuthUsername?: string;
  /** The basic-auth password reference, if any. */
  public readonly basicAuthPassword?: SecretRef;
  /** The bearer-token reference, if any. */
  public readonly bearerToken?: SecretRef;
  /** External labels (may be empty). */
  public readonly externalLabels: { [label: string]: string };
  /** Batch wait; undefined means the agent's default. */
  public readonly batchWait?: Duration;
  /** Batch size in bytes; undefined means the agent's default. */
  public readonly batchSizeBytes?: number;
  /** Timeout; undefined means the agent's default. */
  public readonly timeout?: Duration;

  private constructor(options: LogClientOptions) {
    this.url = options.url;
    this.tenantId = options.tenantId;
    this.basicAuthUsername = options.basicAuthUsername;
    this.basicAuthPassword = options.basicAuthPassword;
    this.bearerToken = options.bearerToken;
    this.externalLabels = { ...options.externalLabels };
    this.batchWait = options.batchWait;
    this.batchSizeBytes = options.batchSizeBytes;
    this.timeout = options.timeout;
  }

  /** The credential references of this client. */
  public secretRefs(): SecretRef[] {
    return [this.basicAuthPassword, this.bearerToken].filter((r): r is SecretRef => r !== undefined);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Limits.

/**
 * Agent-wide limits on reading.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/configuration/#limits_config
 */
export interface LogLimits {
  /**
   * Lines per second the agent reads, across all targets. Maps to `readline_rate` (and enables it).
   * @default - unlimited
   */
  readonly readlineRate?: number;
  /**
   * Burst of lines above the rate. Maps to `readline_burst`.
   * @default - the rate
   */
  readonly readlineBurst?: number;
  /**
   * Drop lines over the rate instead of slowing down reading. Maps to `readline_rate_drop`.
   * @default true
   */
  readonly readlineRateDrop?: boolean;
  /**
   * Maximum number of active streams; entries of new streams beyond it are dropped. Maps to `max_streams`.
   * @default - unlimited
   */
  readonly maxStreams?: number;
  /**
   * Longest line in bytes. Maps to `max_line_size`.
   * @default - unlimited
   */
  readonly maxLineSizeBytes?: number;
  /**
   * Truncate lines longer than `maxLineSizeBytes` instead of dropping them. Maps to `max_line_size_truncate`.
   * @default false
   */
  readonly maxLineSizeTruncate?: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// Jobs and the collection.

/** Options of a `LogJob`. */
export interface LogJobOptions {
  /** Where the logs come from. */
  readonly discovery: LogDiscovery;
  /**
   * Stages run first on every entry of the job (typically `Stage.cri()` for pod logs).
   * @default - `[Stage.cri()]` for Kubernetes pods, none for static files
   */
  readonly stages?: Stage[];
  /**
   * Pipelines run after `stages`, each restricted to its selector. Same as calling `addPipeline()`.
   * @default - none
   */
  readonly pipelines?: LogPipeline[];
}

/**
 * A collection job: one discovery, its relabeling, and the stages entries go through. Renders as a Promtail
 * `scrape_config` or an Alloy discovery/source/process chain.
 */
export class LogJob extends Construct {
  /** The job name (`job_name`), from the construct id. */
  public readonly name: string;
  /** Where the logs come from. */
  public readonly discovery: LogDiscovery;
  private readonly ownStages: Stage[];
  private readonly pipelines: LogPipeline[] = [];
  // a platform job may carry a pipeline per service: names are checked in constant time
  private readonly pipelineNames = new Set<string>();

  public constructor(scope: Construct, id: string, options: LogJobOptions) {
    super(scope, id);
    ValidationError.within(this, () => {
      if (!/^[a-z0-9][a-z0-9_.\-]*$/.test(id)) {
        throw new ValidationError(`job name: lower-case letters, digits, '_', '.' and '-', starting with a letter or digit; received ${quote(id)}`);
      }
    });
    checkValue(this, 'discovery', options.discovery);
    checkValues(this, 'stages', options.stages);
    this.name = id;
    this.discovery = options.discovery;
    // The host directories a job reads are mounted into the agent: only under the collection's log roots.
    if (scope instanceof LogCollection) ValidationError.within(this, () => ValidationError.inField('discovery', () => options.discovery._checkHostRoots(scope.hostLogRoots)));
    this.ownStages = options.stages ? [...options.stages] : options.discovery.kind === LogDiscoveryKind.KUBERNETES_PODS ? [Stage.cri()] : [];
    ValidationError.within(this, () => _validateStages(this.ownStages, 'stages'));
    this.registerSelectors(this.ownStages, 'stages');
    for (const p of options.pipelines ?? []) this.addPipeline(p);
  }

  /**
   * Adds a pipeline, run after the job's own stages (and the pipelines added before it) on the entries its
   * selector matches.
   * @returns the pipeline
   */
  public addPipeline(pipeline: LogPipeline): LogPipeline {
    const field = `pipelines[${quote(pipeline.name)}]`;
    checkValue(this, field, pipeline);
    ValidationError.within(this, () => {
      if (this.pipelineNames.has(pipeline.name)) {
        throw new ValidationError(`${field}: a pipeline of this name is already in the job; pipeline names must be unique`);
      }
      // The runtime format is parsed once: a second cri/docker stage would see an already unwrapped line.
      const runtime = this.ownStages.find((o) => o.kind === StageKind.CRI || o.kind === StageKind.DOCKER);
      const again = pipeline.stages.find((s) => s.kind === StageKind.CRI || s.kind === StageKind.DOCKER);
      if (runtime !== undefined && again !== undefined) {
        throw new ValidationError(`${field}: the job already parses the container runtime format with its ${runtime.kind} stage; remove the ${again.kind} stage from the pipeline (or the job's stages)`);
      }
      const taken = new Set<string>(this.discovery.kind === LogDiscoveryKind.KUBERNETES_PODS ? KUBERNETES_POD_STREAM_LABELS : Object.keys(this.discovery.labels ?? {}));
      for (const s of this.ownStages) Object.keys(s.definition.labels?.labels ?? {}).forEach((l) => taken.add(l));
      pipeline.stages.forEach((s, i) => {
        for (const label of Object.keys(s.definition.labels?.labels ?? {})) {
          if (taken.has(label)) {
            throw new ValidationError(`${field}.stages[${i}].labels: label ${quote(label)} is already set by the job (discovery or job stages); overwriting it would move entries to another application's streams. Use another name`);
          }
        }
      });
    });
    if (pipeline.selector !== undefined) ConstructQueries.logql(this, `${field}.selector`, pipeline.selector);
    this.registerSelectors(pipeline.stages, `${field}.stages`);
    this.pipelines.push(pipeline);
    this.pipelineNames.add(pipeline.name);
    return pipeline;
  }

  /** The pipelines of the job, in order. */
  public get logPipelines(): LogPipeline[] {
    return [...this.pipelines];
  }

  /** Every stage a renderer emits for this job: its own stages, then each pipeline's `toStages()`. */
  public stages(): Stage[] {
    return [...this.ownStages, ...this.pipelines.flatMap((p) => p.toStages())];
  }

  private registerSelectors(stages: Stage[], prefix: string): void {
    stages.forEach((s, i) => {
      const m = s.definition.match;
      if (m === undefined) return;
      ConstructQueries.logql(this, `${prefix}[${i}].match.selector`, m.selector);
      this.registerSelectors(m.stages ?? [], `${prefix}[${i}].match.stages`);
    });
  }
}

/** Properties of a `LogCollection`. */
export interface LogCollectionProps {
  /**
   * Loki endpoints to push to (at least one, here or through `addClient()`).
   * @default - none yet
   */
  readonly clients?: LogClient[];
  /**
   * Agent-wide read limits.
   * @default - none
   */
  readonly limits?: LogLimits;
  /**
   * The directories of the node under which jobs may read logs (static files and the kubelet's pod log
   * directory): a job reading elsewhere fails when it is added, naming the path. The agent mounts,
   * read-only, only the directories the jobs read (the directory of each path's part before its first glob
   * character), whatever the roots. Absolute, normalized paths; none may
   * be `/`, nor be, contain or lie in a directory holding the node's credentials, configuration or control
   * sockets (`/etc`, `/root`, `/home`, `/boot`, `/dev`, `/proc`, `/sys`, `/var/run`, `/run/containerd`,
   * `/run/crio`, `/run/docker.sock`, `/var/lib/kubelet`, `/var/lib/containerd`, `/var/lib/etcd`): a
   * read-only mount still reads secrets and still connects to a socket.
   * @default ["/var/log"]
   */
  readonly hostLogRoots?: string[];
}

/**
 * Directories of a node holding credentials (service account tokens and Secrets of every pod under
 * `/var/lib/kubelet`), configuration or the container runtime's control sockets: no log root may be one of
 * them, lie in one or contain one.
 */
const NODE_SENSITIVE_DIRECTORIES = [
  '/boot', '/dev', '/etc', '/home', '/proc', '/root', '/run/containerd', '/run/crio', '/run/docker.sock', '/sys',
  '/var/lib/containerd', '/var/lib/etcd', '/var/lib/kubelet', '/var/run',
];

/** The log roots of a collection that names none. */
const DEFAULT_HOST_LOG_ROOTS = ['/var/log'];

/**
 * Whether `path` is absolute and normalized: `/`, or segments none of which is empty, `.` or `..` (so
 * no `//` and no trailing `/`).
 * @internal
 */
export function isNormalizedPath(path: string): boolean {
  return path === '/' || (path.startsWith('/') && path.slice(1).split('/').every((s) => s !== '' && s !== '.' && s !== '..'));
}

/**
 * Whether the normalized `path` is `root` or lies in it.
 * @internal
 */
export function isWithin(path: string, root: string): boolean {
  return root === '/' || path === root || path.startsWith(`${root}/`);
}

function checkHostLogRoot(root: string, field: string): void {
  if (!root.startsWith('/') || !isNormalizedPath(root) || /\s/.test(root)) {
    throw new ValidationError(`${field}: must be an absolute, normalized path without white space (no ".", ".." or empty segment), e.g. "/var/log"; received ${quote(root)}`);
  }
  if (root === '/') throw new ValidationError(`${field}: "/" would let a job mount the whole node; give the directories the logs are written to, e.g. "/var/log"`);
  const sensitive = NODE_SENSITIVE_DIRECTORIES.find((d) => isWithin(root, d) || isWithin(d, root));
  if (sensitive !== undefined) {
    throw new ValidationError(`${field}: ${quote(root)} ${root === sensitive ? 'is' : isWithin(root, sensitive) ? 'lies in' : 'contains'} ${quote(sensitive)}, which holds the node's credentials, configuration or control sockets; a log agent must not mount it. Give the directories the logs are written to, e.g. "/var/log"`);
  }
}

/**
 * What a log agent collects and where it sends it, independent of the agent: jobs (discovery, relabeling,
 * stages and pipelines), clients and limits. Give it to `PromtailAgent` or the Alloy agent.
 *
 * @example
 * const collection = new LogCollection(this, 'Collection', {
 *   clients: [LogClient.push({ url: 'http://loki.loki.svc:3100/loki/api/v1/push' })],
 * });
 * const pods = collection.addJob('kubernetes-pods', { discovery: LogDiscovery.kubernetesPods() });
 * pods.addPipeline(erpPipeline);
 */
export class LogCollection extends Construct {
  /** Agent-wide read limits. */
  public readonly limits: LogLimits;
  /** The directories of the node under which jobs may read logs (`hostLogRoots`). */
  public readonly hostLogRoots: string[];
  private readonly clientList: LogClient[] = [];

  public constructor(scope: Construct, id: string, props: LogCollectionProps = {}) {
    super(scope, id);
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    ValidationError.within(this, () => {
      requireObject(props, 'props', '{ clients: [LogClient.push({ url })] }');
      optionalArray(props.clients, 'clients', '[LogClient.push({ url })]');
      if (props.limits !== undefined) requireObject(props.limits, 'limits', '{ maxStreams: 10000 }');
      optionalArray(props.hostLogRoots, 'hostLogRoots', "['/var/log']")?.forEach((root, i) => requireString(root, `hostLogRoots[${i}]`, "'/var/log'"));
      if (props.hostLogRoots !== undefined && props.hostLogRoots.length === 0) throw new ValidationError('hostLogRoots: give at least one directory (e.g. ["/var/log"]), or leave it undefined for the default');
    });
    this.hostLogRoots = (props.hostLogRoots ?? DEFAULT_HOST_LOG_ROOTS).map((root) => root.replace(/(.)\/$/, '$1'));
    this.hostLogRoots.forEach((root, i) => ValidationError.within(this, () => checkHostLogRoot(root, `hostLogRoots[${i}]`)));
    this.limits = { ...props.limits };
    ValidationError.within(this, () => checkLimits(this.limits));
    for (const c of props.clients ?? []) this.addClient(c);
    this.node.addValidation({
      validate: () => {
        const errors: string[] = [];
        if (this.clientList.length === 0) errors.push(`clients: a log collection needs at least one client (LogClient.push(...)) to send to`);
        if (this.jobs.length === 0) errors.push(`jobs: a log collection needs at least one job (addJob(...))`);
        return errors;
      },
    });
  }

  /**
   * Adds a Loki endpoint to push to.
   * @returns the client
   */
  public addClient(client: LogClient): LogClient {
    checkValue(this, `clients[${this.clientList.length}]`, client);
    ValidationError.within(this, () => {
      if (this.clientList.some((c) => c.url === client.url && c.tenantId === client.tenantId)) {
        throw new ValidationError(`clients: ${quote(client.url)} (tenant ${quote(client.tenantId ?? '')}) is already a client; each entry would be sent twice`);
      }
    });
    this.clientList.push(client);
    return client;
  }

  /**
   * Adds a job.
   * @param name the job name (`job_name`), unique in the collection
   * @returns the job
   */
  public addJob(name: string, options: LogJobOptions): LogJob {
    return new LogJob(this, name, options);
  }

  /** The clients, in order. */
  public get clients(): LogClient[] {
    return [...this.clientList];
  }

  /** The jobs, in order. */
  public get jobs(): LogJob[] {
    return this.node.children.filter((c): c is LogJob => c instanceof LogJob);
  }

  /** Every credential reference of the clients; the agent mounts the Secret ones. */
  public secretRefs(): SecretRef[] {
    return this.clientList.flatMap((c) => c.secretRefs());
  }

  /** Host directories the agent must mount read-only, sorted. */
  public hostDirectories(): string[] {
    return [...new Set(this.jobs.flatMap((j) => j.discovery.hostDirectories()))].sort();
  }
}

function checkLimits(limits: LogLimits): void {
  // limits_config of Promtail (clients/pkg/promtail/limit/config.go, grafana/loki v3.5.1): readline_rate a
  // float64, readline_burst and max_streams ints, max_line_size a flagext.ByteSize; 0 disables each limit,
  // which is what leaving the prop unset says
  checkNumber(limits.readlineRate, 'limits.readlineRate', { unit: 'lines per second', min: 0, above: true });
  checkNumber(limits.readlineBurst, 'limits.readlineBurst', { unit: 'lines', integer: true, min: 1 });
  checkNumber(limits.maxStreams, 'limits.maxStreams', { unit: 'streams', integer: true, min: 1 });
  checkNumber(limits.maxLineSizeBytes, 'limits.maxLineSizeBytes', {
    unit: 'bytes', integer: true, min: 1,
    didYouMean: (n) => (n > 0 && n < 64 ? `${n * 1024} (${n} KiB in bytes)` : undefined),
  });
  if (limits.readlineBurst !== undefined && limits.readlineRate === undefined) {
    throw new ValidationError('limits.readlineBurst: only applies with readlineRate');
  }
  if (limits.maxLineSizeTruncate && limits.maxLineSizeBytes === undefined) {
    throw new ValidationError('limits.maxLineSizeTruncate: needs maxLineSizeBytes');
  }
}
