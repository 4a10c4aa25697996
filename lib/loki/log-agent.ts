/**
 * The log agents: the contract every agent implements (`ILogAgent`), the choice between agents (`LogAgent`)
 * and the two agents it offers, `PromtailAgent` and `AlloyAgent` (exported as `loki.alloy.AlloyAgent`).
 *
 * The choice and the agents refer to each other: `LogAgent.PROMTAIL.create()` builds a `PromtailAgent`, and a
 * `PromtailAgent`'s `agent` is `LogAgent.PROMTAIL`. They live in this one module so that neither imports the
 * other: no import cycle, nothing loaded lazily, nothing registered at load time. What each agent builds
 * comes from the modules below: the workload every agent runs (`agent-workload.ts`), the props every agent
 * takes (`log-agent-props.ts`), the Promtail and Alloy renderers (`promtail-config.ts`, `alloy/render.ts`)
 * and Alloy's defaults (`alloy/defaults.ts`).
 *
 * For implementers of another agent: build a construct that implements `ILogAgent` and takes (a props
 * interface extending) `LogAgentProps`, and offer it as `LogAgent.of(name, { create })`. Read the model from
 * `props.collection` only (see `log-collection.ts` and `pipeline/`); mount the Secrets of
 * `props.collection.secretRefs()` under `LogAgent.SECRET_MOUNT_ROOT` (`SecretRef.filePath(LogAgent.SECRET_MOUNT_ROOT)`
 * is then the config path), and the directories of `props.collection.hostDirectories()` read-only.
 */
import { Names } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct, Construct } from 'constructs';
import { quote, Validate, ValidationError } from '../core';
import { IMAGES, imageReference, isPinnedImage } from '../core/images';
import { RenderedValue } from '../core/render-pass';
import { checkNumber, optionalArray, optionalString } from '../core/untyped';
import { ServiceMonitor } from '../prometheus/service-monitor';
import { agentMetricsService, agentSecretNames, buildAgentWorkload } from './agent-workload';
import { ALLOY_CONFIG_DIR, ALLOY_CONFIG_FILE, ALLOY_DEFAULT_IMAGE, ALLOY_HTTP_PORT, ALLOY_STORAGE_PATH } from './alloy/defaults';
import { AlloyLogConfig } from './alloy/render';
import { AlloyLogSource, checkSource, NODE_NAME_ENV } from './alloy/source';
import { LogCollection } from './log-collection';
import { _checkAgentProps, LogAgentProps, SECRET_MOUNT_ROOT } from './log-agent-props';
import { PORT, PromtailConfig } from './promtail-config';

/** A log agent deployed as a DaemonSet, whichever agent it is. */
export interface ILogAgent extends IConstruct {
  /** Which agent this is. */
  readonly agent: LogAgent;
  /** The collection it renders. */
  readonly collection: LogCollection;
  /** The DaemonSet running the agent on every node. */
  readonly daemonSet: kplus.DaemonSet;
  /** The ConfigMap holding the agent's configuration. */
  readonly configMap: kplus.ConfigMap;
  /** The agent's service account (bound to the least-privilege ClusterRole). */
  readonly serviceAccount: kplus.ServiceAccount;
  /** The rendered configuration file, as written into the ConfigMap. */
  configText(): string;
}

/** Creates an agent construct. */
export interface ILogAgentFactory {
  /** Builds the agent's construct under `scope`. */
  create(scope: Construct, id: string, props: LogAgentProps): ILogAgent;
}

/**
 * The choice of log agent: one prop switches a platform between Promtail and Grafana Alloy, with the same
 * `LogCollection` and pipelines.
 */
export class LogAgent {
  /** Where agents mount the Secrets that client credentials reference. */
  public static readonly SECRET_MOUNT_ROOT = SECRET_MOUNT_ROOT;

  /**
   * Promtail, rendered from the model as Promtail YAML. Promtail is end of life since 2026-03-02: prefer
   * `ALLOY` for new platforms; this stays for teams migrating by changing this one prop.
   */
  public static readonly PROMTAIL: LogAgent = new LogAgent('promtail', { create: (scope, id, props) => new PromtailAgent(scope, id, props) });

  /** Grafana Alloy, the successor of Promtail, rendered from the same model (`lib/loki/alloy/`). */
  public static readonly ALLOY: LogAgent = new LogAgent('alloy', { create: (scope, id, props) => new AlloyAgent(scope, id, props) });

  /** Another agent, built by `factory`. */
  public static of(name: string, factory: ILogAgentFactory): LogAgent {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new ValidationError(`LogAgent name: lower-case letters, digits and '-'; received ${quote(name)}`);
    return new LogAgent(name, factory);
  }

  /** The agent's name (`promtail`, `alloy`). */
  public readonly name: string;
  private readonly factory: ILogAgentFactory;

  private constructor(name: string, factory: ILogAgentFactory) {
    this.name = name;
    this.factory = factory;
  }

  /** Builds this agent under `scope`. */
  public create(scope: Construct, id: string, props: LogAgentProps): ILogAgent {
    return this.factory.create(scope, id, props);
  }

  /** The agent's name. */
  public toString(): string {
    return this.name;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Promtail.

/** Properties of a `PromtailAgent`. */
export interface PromtailAgentProps extends LogAgentProps {
  /**
   * Port of Promtail's HTTP server: readiness (`/ready`) and metrics (`/metrics`). A TCP port, an integer
   * from 1 to 65535.
   * @default 3101
   */
  readonly httpPort?: number;
  /**
   * Directory on the node where Promtail keeps its positions file, so a restarted pod resumes where the
   * previous one stopped instead of re-sending (or skipping) logs. It is mounted read-write, so it must be
   * `/var/lib/promtail` or a directory below it, which belongs to Promtail alone.
   * (The default was `/run/promtail` up to 0.3: the first run after the upgrade reads the files still on
   * the node again, as after a reboot of a node whose `/run` is a tmpfs.)
   * @default "/var/lib/promtail"
   */
  readonly positionsHostDirectory?: string;
  /**
   * User id of the Promtail process. The kubelet writes `/var/log/pods` as root with mode 0640 (0600 with
   * CRI-O), and creates the positions directory as root, so only root (through the file owner bits, with
   * every capability dropped) can read and write them on most nodes. Set a non-root id only on nodes whose
   * pod logs are readable by a group given in `supplementalGroups` and whose positions directory that user
   * owns. Either way the pods need the Pod Security `privileged` level, for their `hostPath` volumes.
   * A Linux user id, an integer from 0 to 2147483647.
   * @default 0
   */
  readonly runAsUser?: number;
  /**
   * Extra groups of the Promtail process (a group that can read the pod logs, for a non-root `runAsUser`):
   * Linux group ids, integers from 0 to 2147483647.
   * @default - none
   */
  readonly supplementalGroups?: number[];
}

/** Labels of the agent's pods and metrics Service, by which the ServiceMonitor selects the Service. */
const PROMTAIL_LABELS = { 'app.kubernetes.io/name': 'promtail', 'app.kubernetes.io/component': 'log-agent' };

/** The Promtail image used when none is given (the last Promtail release that has one). */
const PROMTAIL_DEFAULT_IMAGE = imageReference(IMAGES.promtail);

/**
 * Promtail as a DaemonSet that reads the pod logs of every node and pushes them to Loki, rendered from a
 * `LogCollection`.
 *
 * What it creates: a `ServiceAccount`; a `ClusterRole` allowing only `get`, `list` and `watch` on `pods`
 * (all that pod discovery needs) and its binding; a `ConfigMap` with `promtail.yaml`; the `DaemonSet`
 * (read-only host mounts of exactly the log directories the jobs read, positions on a host path under
 * `/var/lib/promtail`, read-only root file system, all capabilities dropped, the runtime's seccomp profile,
 * readiness probe on `/ready`, tolerations for every taint, resources); a headless `Service` exposing the
 * metrics port, a `ServiceMonitor` scraping it, and a NetworkPolicy admitting only Prometheus
 * (`scrapedBy`) to that port.
 *
 * Pod Security: `privileged`, only because of its `hostPath` volumes (the read-only log directories and the
 * positions directory), which no other level allows; nothing else departs from `restricted` but running as
 * root (see `runAsUser`). Its namespace must not enforce `baseline` or `restricted`.
 *
 * The configuration is a ConfigMap, not a Secret: credentials appear in it only as file paths
 * (`password_file`), and the Secrets they name are mounted read-only under `LogAgent.SECRET_MOUNT_ROOT`.
 * Pod logs are read from `/var/log/pods` (containerd and CRI-O write real files there).
 *
 * Why root: see `runAsUser`. Promtail is end of life since 2026-03-02; prefer `LogAgent.ALLOY`.
 *
 * @example
 * new PromtailAgent(this, 'Promtail', { collection });
 */
export class PromtailAgent extends Construct implements ILogAgent {
  /** Always `LogAgent.PROMTAIL`. */
  public readonly agent = LogAgent.PROMTAIL;
  /** The collection rendered. */
  public readonly collection: LogCollection;
  /** The DaemonSet. */
  public readonly daemonSet: kplus.DaemonSet;
  /** The ConfigMap holding `promtail.yaml`. */
  public readonly configMap: kplus.ConfigMap;
  /** The ServiceAccount. */
  public readonly serviceAccount: kplus.ServiceAccount;
  /** The ClusterRole (get/list/watch on pods). */
  public readonly clusterRole: kplus.ClusterRole;
  /** The headless Service of the metrics port. */
  public readonly metricsService: kplus.Service;
  /** The ServiceMonitor of the metrics port, unless `serviceMonitor: false`. */
  public readonly serviceMonitor?: ServiceMonitor;
  /** The HTTP (readiness and metrics) port. */
  public readonly httpPort: number;
  /** The NetworkPolicy admitting only the Prometheus pods (`scrapedBy`) to the HTTP port; undefined with `networkPolicy: false`. */
  public readonly networkPolicy?: kplus.NetworkPolicy;

  private readonly positionsDirectory: string;
  /** `configText()`, rendered once per synth for the ConfigMap and the checksum. */
  private readonly renderedConfig = new RenderedValue(() => this.configText());

  public constructor(scope: Construct, id: string, props: PromtailAgentProps) {
    super(scope, id);
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    ValidationError.within(this, () => {
      _checkAgentProps(props);
      optionalString(props.positionsHostDirectory, 'positionsHostDirectory', "'/var/lib/promtail'");
      // the container port (a Kubernetes int32, 1-65535) and server.http_listen_port
      checkNumber(props.httpPort, 'httpPort', PORT);
      // a Linux uid: 0 (root) up to 2^31-1 (a Kubernetes runAsUser is an int64, Linux uids are 32-bit)
      checkNumber(props.runAsUser, 'runAsUser', { unit: 'a Linux user id, 0 for root', integer: true, min: 0, max: 2147483647 });
      optionalArray(props.supplementalGroups, 'supplementalGroups', '[1000]')?.forEach((g, i) => {
        checkNumber(g, `supplementalGroups[${i}]`, { unit: 'a Linux group id', integer: true, min: 0, max: 2147483647 });
      });
    });
    this.collection = props.collection;
    this.httpPort = props.httpPort ?? 3101;
    this.positionsDirectory = (props.positionsHostDirectory ?? '/var/lib/promtail').replace(/(.)\/$/, '$1');
    ValidationError.within(this, () => {
      if (props.priorityClassName !== undefined) Validate.kubernetesName(props.priorityClassName, 'priorityClassName');
    });

    const runAsUser = props.runAsUser ?? 0;
    const workload = buildAgentWorkload(this, this.collection, {
      props,
      named: () => ({}),
      readsPodLogs: false,
      config: { fileName: 'promtail.yaml', directory: '/etc/promtail', text: this.renderedConfig },
      user: runAsUser,
      supplementalGroups: props.supplementalGroups,
      podLabels: PROMTAIL_LABELS,
      container: {
        name: 'promtail',
        image: props.image ?? PROMTAIL_DEFAULT_IMAGE,
        args: ['-config.file=/etc/promtail/promtail.yaml'],
        port: this.httpPort,
        // Promtail keeps only the targets whose __host__ label equals HOSTNAME.
        nodeNameEnv: 'HOSTNAME',
        readinessPath: '/ready',
      },
      state: {
        agent: 'promtail', field: 'positionsHostDirectory', hostDirectory: this.positionsDirectory,
        mountPath: this.positionsDirectory, volume: { id: 'PositionsVolume', name: 'positions' },
      },
      mountOwnVolumes: (container) => {
        // /tmp for Promtail's own temporary files, since the root file system is read-only.
        container.mount('/tmp', kplus.Volume.fromEmptyDir(this, 'TmpVolume', 'tmp'));
      },
      mountHostDirectories: true,
      hostVolume: (i) => ({ id: `HostLogs${i}`, name: `host-logs-${i}` }),
      secretIds: (i) => ({ secret: `SecretRef${i}`, volume: `Secret${i}` }),
    });
    this.serviceAccount = workload.serviceAccount;
    this.clusterRole = workload.clusterRole;
    this.configMap = workload.configMap;
    this.daemonSet = workload.daemonSet;
    this.networkPolicy = workload.networkPolicy;

    this.metricsService = agentMetricsService(this, this.daemonSet, this.httpPort, { labels: PROMTAIL_LABELS });
    if (props.serviceMonitor ?? true) {
      this.serviceMonitor = ServiceMonitor.forService(this, 'ServiceMonitor', this.metricsService, { name: this.metricsService.name, endpoints: [{ port: 'http-metrics' }], instanceLabels: props.instanceLabels });
    }

    // Host log directories and credential Secrets are mounted as the collection stands now: a later change
    // to the collection that needs another mount is an error.
    const { hostDirectories, secretNames } = workload;
    this.node.addValidation({
      validate: () => {
        const errors: string[] = [];
        const dirs = this.collection.hostDirectories().filter((d) => !hostDirectories.includes(d));
        if (dirs.length > 0) errors.push(`collection: jobs added after the agent read ${dirs.join(', ')}, which the agent does not mount; create the agent after adding every job (in a LoggingStack: give the job in its jobs prop)`);
        const secrets = agentSecretNames(this.collection).filter((n) => !secretNames.includes(n));
        if (secrets.length > 0) errors.push(`collection: clients added after the agent use the Secrets ${secrets.join(', ')}, which the agent does not mount; create the agent after adding every client`);
        return errors;
      },
    });
  }

  /** The rendered `promtail.yaml`. */
  public configText(): string {
    return PromtailConfig.toYaml(this.collection, { httpPort: this.httpPort, positionsFile: `${this.positionsDirectory}/positions.yaml`, secretMountRoot: LogAgent.SECRET_MOUNT_ROOT });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Grafana Alloy.

/** UID and GID of the `alloy` user of the official image, used when the agent need not read host files. */
const ALLOY_UID = 473;

/** Properties of an `AlloyAgent`. */
export interface AlloyAgentProps extends LogAgentProps {
  /**
   * How container logs are read.
   * @default AlloyLogSource.FILES
   */
  readonly source?: AlloyLogSource;
  /**
   * Directory on the node holding Alloy's storage (the positions of tailed files), so that a restarted or
   * rolled pod resumes where it stopped instead of sending every file again. It is mounted read-write, so
   * it must be `/var/lib/alloy` or a directory below it, which belongs to Alloy alone. File source only:
   * with the Kubernetes API source the storage is an emptyDir (the non-root user cannot write a host
   * directory, and the pods keep no host volume).
   * @default "/var/lib/alloy"
   */
  readonly storageHostDirectory?: string;
  /**
   * Base name of the generated objects (DaemonSet, ServiceAccount, ConfigMap, ClusterRole...).
   * @default - derived from the construct path
   */
  readonly name?: string;
}

/**
 * Grafana Alloy deployed as a log agent on every node, rendering a `LogCollection` (the same model
 * Promtail renders) to the Alloy configuration syntax: a DaemonSet running `alloy run`, a ServiceAccount
 * bound to a least-privilege ClusterRole, the configuration in a ConfigMap, the collection's host
 * directories mounted read-only, client credentials mounted from their Secrets, a ServiceMonitor for
 * Alloy's metrics (including those of `metrics` stages), and a NetworkPolicy admitting only Prometheus
 * (`scrapedBy`) to its HTTP port.
 *
 * Pod Security: with `AlloyLogSource.KUBERNETES_API` the pods meet `restricted` (non-root user 473, no host
 * volume). With `AlloyLogSource.FILES` (the default) they need `privileged`, only because of their
 * `hostPath` volumes (the read-only log directories and the storage directory), which no other level
 * allows; they also run as root (see `AlloyLogSource.FILES`), and nothing else departs from `restricted`.
 *
 * Usually created through `LogAgent.ALLOY.create(scope, id, { collection })`, so that a platform switches
 * between Promtail and Alloy with one prop.
 *
 * @example
 * const collection = new LogCollection(this, 'Logs', { clients: [LogClient.push({ url: 'http://loki.loki.svc:3100/loki/api/v1/push' })] });
 * collection.addJob('kubernetes-pods', { discovery: LogDiscovery.kubernetesPods() });
 * new AlloyAgent(this, 'Alloy', { collection });
 */
export class AlloyAgent extends Construct implements ILogAgent {
  /** Which agent this is (`LogAgent.ALLOY`). */
  public readonly agent: LogAgent = LogAgent.ALLOY;
  /** The collection rendered. */
  public readonly collection: LogCollection;
  /** The DaemonSet. */
  public readonly daemonSet: kplus.DaemonSet;
  /** The ConfigMap holding `config.alloy`. */
  public readonly configMap: kplus.ConfigMap;
  /** The ServiceAccount the pods run as. */
  public readonly serviceAccount: kplus.ServiceAccount;
  /** The ClusterRole granting pod discovery (and, for the API source, log reads). */
  public readonly clusterRole: kplus.ClusterRole;
  /** The headless Service selecting the agent pods for the ServiceMonitor, when metrics are scraped. */
  public readonly metricsService?: kplus.Service;
  /** The NetworkPolicy admitting only the Prometheus pods (`scrapedBy`) to the HTTP port; undefined with `networkPolicy: false`. */
  public readonly networkPolicy?: kplus.NetworkPolicy;
  /** How logs are read. */
  public readonly source: AlloyLogSource;
  /** The image. */
  public readonly image: string;
  /** `configText()`, rendered once per synth for the validation, the ConfigMap and the checksum. */
  private readonly renderedConfig = new RenderedValue(() => this.configText());

  public constructor(scope: Construct, id: string, props: AlloyAgentProps) {
    super(scope, id);
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    ValidationError.within(this, () => {
      _checkAgentProps(props);
      checkSource(props.source, 'source');
      optionalString(props.storageHostDirectory, 'storageHostDirectory', "'/var/lib/alloy'");
      optionalString(props.name, 'name', "'alloy'");
    });
    this.collection = props.collection;
    this.source = props.source ?? AlloyLogSource.FILES;
    this.image = props.image ?? ALLOY_DEFAULT_IMAGE;
    ValidationError.within(this, () => checkImage(this.image));
    const base = props.name;
    if (base !== undefined) ValidationError.within(this, () => Validate.dnsLabel(base, 'name'));
    if (props.priorityClassName !== undefined) ValidationError.within(this, () => Validate.kubernetesName(props.priorityClassName!, 'priorityClassName'));
    // Passing `{ name: undefined }` would override the generated name, so metadata is given only with a name.
    const named = (suffix: string) => (base === undefined ? {} : { metadata: { name: suffix === '' ? base : `${base}-${suffix}` } });
    const files = this.source === AlloyLogSource.FILES;

    const storageDirectory = (props.storageHostDirectory ?? '/var/lib/alloy').replace(/(.)\/$/, '$1');

    const workload = buildAgentWorkload(this, this.collection, {
      props,
      named,
      // discovery.kubernetes lists and watches pods (restricted to this node by a field selector, so nodes
      // need not be read); loki.source.kubernetes additionally reads pods/log.
      readsPodLogs: !files,
      config: { fileName: ALLOY_CONFIG_FILE, directory: ALLOY_CONFIG_DIR, text: this.renderedConfig },
      user: files ? 0 : ALLOY_UID,
      container: {
        name: 'alloy',
        image: this.image,
        args: [
          'run',
          `${ALLOY_CONFIG_DIR}/${ALLOY_CONFIG_FILE}`,
          `--storage.path=${ALLOY_STORAGE_PATH}`,
          `--server.http.listen-addr=0.0.0.0:${ALLOY_HTTP_PORT}`,
          // Alloy reports enabled components to Grafana Labs unless told not to.
          '--disable-reporting',
        ],
        port: ALLOY_HTTP_PORT,
        protocol: kplus.Protocol.TCP,
        nodeNameEnv: NODE_NAME_ENV,
        readinessPath: '/-/ready',
      },
      state: {
        agent: 'alloy', field: 'storageHostDirectory', hostDirectory: files ? storageDirectory : undefined,
        mountPath: ALLOY_STORAGE_PATH, volume: { id: 'StorageVolume', name: 'storage' },
      },
      mountOwnVolumes: () => undefined,
      mountHostDirectories: files,
      hostVolume: (i) => ({ id: `HostVolume${i}`, name: `host-${i}` }),
      secretIds: (i) => ({ secret: `Secret${i}`, volume: `SecretVolume${i}` }),
    });
    this.serviceAccount = workload.serviceAccount;
    this.clusterRole = workload.clusterRole;
    this.configMap = workload.configMap;
    this.daemonSet = workload.daemonSet;
    this.networkPolicy = workload.networkPolicy;

    // The collection may still change after the agent is created: render it once more when the app is
    // validated, so what Alloy cannot express fails the synth with the job, stage and option named.
    this.node.addValidation({
      validate: () => {
        try {
          this.renderedConfig.get();
          return [];
        } catch (e) {
          if (e instanceof ValidationError) return [`the log collection cannot be rendered for Alloy: ${e.message}`];
          throw e;
        }
      },
    });

    if (props.serviceMonitor ?? true) {
      // The ServiceMonitor selects the Service by these labels; the instance keeps two agents apart.
      this.metricsService = agentMetricsService(this, this.daemonSet, ALLOY_HTTP_PORT, {
        ...named('metrics').metadata,
        labels: { 'app.kubernetes.io/name': 'alloy', 'app.kubernetes.io/instance': Names.toLabelValue(this) },
      });
      ServiceMonitor.forService(this, 'ServiceMonitor', this.metricsService, { endpoints: [{ port: 'http-metrics' }], instanceLabels: props.instanceLabels });
    }
  }

  /** The Alloy configuration file, as written into the ConfigMap. */
  public configText(): string {
    return AlloyLogConfig.toText(this.collection, { source: this.source, secretMountRoot: LogAgent.SECRET_MOUNT_ROOT });
  }
}

function checkImage(image: string): void {
  if (!isPinnedImage(image)) {
    throw new ValidationError(`image: must be pinned to a version tag or a digest, never "latest" (e.g. ${quote(ALLOY_DEFAULT_IMAGE)}); received ${quote(image)}`);
  }
}
