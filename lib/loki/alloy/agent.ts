import { Names } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { quote, Validate, ValidationError } from '../../core';
import { RenderedValue } from '../../core/render-pass';
import { ServiceMonitor } from '../../prometheus';
import { agentMetricsService, buildAgentWorkload } from '../agent-workload';
import { ILogAgent, LogAgent, LogAgentProps, _checkAgentProps } from '../log-agent';
import { optionalString } from '../../core/untyped';
import { LogCollection } from '../log-collection';
import { AlloyLogConfig } from './render';
import { AlloyLogSource, checkSource, NODE_NAME_ENV } from './source';

/** The Alloy image used when none is given: pinned, never `latest`. */
export const ALLOY_DEFAULT_IMAGE = 'grafana/alloy:v1.21.2';

/** The HTTP port of Alloy's server: UI, `/metrics`, `/-/ready`. @internal */
export const ALLOY_HTTP_PORT = 12345;

/** Where the configuration file is mounted. @internal */
export const ALLOY_CONFIG_DIR = '/etc/alloy';
/** The configuration file's name in the ConfigMap and in `ALLOY_CONFIG_DIR`. @internal */
export const ALLOY_CONFIG_FILE = 'config.alloy';
/** Alloy's storage path in the container (positions of tailed files): a host directory or an emptyDir, so the root filesystem stays read-only. @internal */
export const ALLOY_STORAGE_PATH = '/var/lib/alloy/data';
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
      ServiceMonitor.forService(this, 'ServiceMonitor', this.metricsService, { endpoints: [{ port: 'http-metrics' }] });
    }
  }

  /** The Alloy configuration file, as written into the ConfigMap. */
  public configText(): string {
    return AlloyLogConfig.toText(this.collection, { source: this.source, secretMountRoot: LogAgent.SECRET_MOUNT_ROOT });
  }
}

function checkImage(image: string): void {
  const pinned = /^[^\s@]+:[\w][\w.-]{0,127}$/.test(image) || /^[^\s@]+@sha256:[a-f0-9]{64}$/.test(image);
  if (!pinned || image.endsWith(':latest')) {
    throw new ValidationError(`image: must be pinned to a version tag or a digest, never "latest" (e.g. ${quote(ALLOY_DEFAULT_IMAGE)}); received ${quote(image)}`);
  }
}
