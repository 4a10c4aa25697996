/**
 * The Kubernetes workload every log agent runs (internal: not exported from lib/loki/index.ts): a
 * ServiceAccount bound to a least-privilege ClusterRole, the configuration in a ConfigMap, a DaemonSet whose
 * single container is locked down (read-only root file system, no privilege escalation, every capability
 * dropped, the runtime's seccomp profile), the mounts the collection needs: its host log directories,
 * read-only, and the Secrets its clients' credentials name, under `LogAgent.SECRET_MOUNT_ROOT`, the
 * agent's state directory (read-write, under `/var/lib/<agent>` on the node, or an emptyDir), and a
 * NetworkPolicy admitting only Prometheus to the metrics port.
 * `PromtailAgent` and `AlloyAgent` differ only in what they pass here and in what they add around it.
 *
 * Pod Security: an agent that reads no host file (Alloy's Kubernetes API source) runs as a non-root user
 * and meets `restricted`. One that tails the node's files needs `hostPath` volumes, which only the
 * `privileged` level allows: the log directories (read-only, exactly those the jobs read, under the
 * collection's `hostLogRoots`) and its state directory. It also runs as root: the kubelet's pod log files
 * are root's with mode 0640 (containerd) or 0600 (CRI-O), and the state directory is created by the kubelet
 * as root; with every capability dropped, root reads and writes them only through the owner bits, as their
 * owner, and cannot override permissions elsewhere. Nothing else departs from `restricted`.
 */
import { createHash } from 'crypto';
import { ApiObject, JsonPatch, Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { quote, ValidationError } from '../core';
import { scrapeNetworkPolicy } from '../core/network-policy';
import { RenderedValue } from '../core/render-pass';
import { LogAgentProps, SECRET_MOUNT_ROOT } from './log-agent-props';
import { isNormalizedPath, isWithin, LogCollection } from './log-collection';

/** The name of the metrics port of the agent container and of its Service. */
const METRICS_PORT_NAME = 'http-metrics';

/** The metadata giving a generated object its name, or none (`{}`) for a name derived from the construct path. */
export interface AgentObjectName {
  /** The object's metadata, with its name only. */
  readonly metadata?: { readonly name: string };
}

/** What distinguishes one agent's workload from another's. */
export interface AgentWorkloadOptions {
  /** The agent's props, for the image-independent settings (resources, taints, priority class). */
  readonly props: LogAgentProps;
  /** The metadata naming the object with this suffix (`''` for the ServiceAccount, ClusterRole and DaemonSet). */
  readonly named: (suffix: string) => AgentObjectName;
  /** Whether the agent reads logs through the Kubernetes API, which needs `get` on `pods/log`. */
  readonly readsPodLogs: boolean;
  /** The configuration file: its name in the ConfigMap, the directory it is mounted in, its text. */
  readonly config: { readonly fileName: string; readonly directory: string; readonly text: RenderedValue<string> };
  /** The user and group id of the agent process (0: root, needed to read the pod logs of most nodes). */
  readonly user: number;
  /** Extra groups of the agent process, if any. */
  readonly supplementalGroups?: number[];
  /** Labels of the pods, if any beyond the selector's. */
  readonly podLabels?: { [key: string]: string };
  /** The agent container. */
  readonly container: {
    /** The container's name. */
    readonly name: string;
    /** The image, pinned. */
    readonly image: string;
    /** The agent's command-line arguments. */
    readonly args: string[];
    /** The HTTP port: readiness and metrics. */
    readonly port: number;
    /** The port's protocol, written only when given. */
    readonly protocol?: kplus.Protocol;
    /** The variable the node name is given in. */
    readonly nodeNameEnv: string;
    /** The path of the readiness probe on `port`. */
    readonly readinessPath: string;
  };
  /**
   * Where the agent keeps its state (Promtail's positions, Alloy's storage), mounted read-write after the
   * configuration: a directory of the node under `/var/lib/<agent>` (so that a restarted or rolled pod
   * resumes where the previous one stopped), or an emptyDir when `hostDirectory` is undefined.
   */
  readonly state: {
    /** The agent's name, which names the directory of the node the state must be kept in (`/var/lib/<agent>`). */
    readonly agent: string;
    /** The prop that sets `hostDirectory`, for messages. */
    readonly field: string;
    /** The directory of the node; an emptyDir when undefined. */
    readonly hostDirectory?: string;
    /** Where the container sees it. */
    readonly mountPath: string;
    /** The construct id and the name of the volume. */
    readonly volume: { readonly id: string; readonly name: string };
  };
  /** Mounts the agent's other volumes (scratch space), after the state's. */
  readonly mountOwnVolumes: (container: kplus.Container) => void;
  /** Whether the collection's host directories are mounted (the agent reads files on the node). */
  readonly mountHostDirectories: boolean;
  /** The construct id and volume name of the i-th host directory. */
  readonly hostVolume: (i: number) => { readonly id: string; readonly name: string };
  /** The construct ids of the i-th credential Secret and of its volume. */
  readonly secretIds: (i: number) => { readonly secret: string; readonly volume: string };
}

/** The objects of an agent workload. */
export interface AgentWorkload {
  /** The ServiceAccount the pods run as. */
  readonly serviceAccount: kplus.ServiceAccount;
  /** The ClusterRole granting pod discovery (and log reads), bound to the ServiceAccount. */
  readonly clusterRole: kplus.ClusterRole;
  /** The ConfigMap holding the configuration file. */
  readonly configMap: kplus.ConfigMap;
  /** The DaemonSet. */
  readonly daemonSet: kplus.DaemonSet;
  /** The NetworkPolicy (ingress from Prometheus only, on the metrics port); undefined with `networkPolicy: false`. */
  readonly networkPolicy?: kplus.NetworkPolicy;
  /** The host directories mounted, as the collection stood. */
  readonly hostDirectories: string[];
  /** The names of the Secrets mounted, as the collection stood. */
  readonly secretNames: string[];
}

/**
 * Builds the workload of a log agent under `scope`, the agent construct. The collection's mounts are those
 * it needs when this runs: cdk8s-plus cannot add mounts at synth time.
 */
export function buildAgentWorkload(scope: Construct, collection: LogCollection, o: AgentWorkloadOptions): AgentWorkload {
  const { props, named, state } = o;
  if (state.hostDirectory !== undefined) ValidationError.within(scope, () => checkStateDirectory(state.hostDirectory!, state.agent, state.field));
  const serviceAccount = new kplus.ServiceAccount(scope, 'ServiceAccount', { ...named(''), automountToken: true });

  // Least privilege: pod discovery lists and watches pods; reading logs through the API also gets pods/log.
  const clusterRole = new kplus.ClusterRole(scope, 'ClusterRole', named(''));
  clusterRole.allow(['get', 'list', 'watch'], kplus.ApiResource.PODS);
  if (o.readsPodLogs) clusterRole.allow(['get'], kplus.ApiResource.custom({ apiGroup: '', resourceType: 'pods/log' }));
  const binding = clusterRole.bind(serviceAccount);
  // The chart's namespace is stamped on every object; cluster-scoped ones must not carry it.
  for (const clusterScoped of [clusterRole, binding]) ApiObject.of(clusterScoped).addJsonPatch(JsonPatch.remove('/metadata/namespace'));

  const configMap = new kplus.ConfigMap(scope, 'Config', named('config'));
  // The collection can still change (addPipeline) after the agent is created: render at synth time.
  configMap.addData(o.config.fileName, Lazy.any({ produce: () => o.config.text.get() }) as unknown as string);

  const runAs = { ensureNonRoot: o.user !== 0, user: o.user, group: o.user };
  const daemonSet = new kplus.DaemonSet(scope, 'DaemonSet', {
    ...named(''),
    serviceAccount,
    automountServiceAccountToken: true,
    securityContext: runAs,
    podMetadata: {
      labels: o.podLabels,
      annotations: {
        // The agents do not watch their file: a checksum of the configuration rolls the pods when it changes.
        'checksum/config': Lazy.any({ produce: () => createHash('sha256').update(o.config.text.get()).digest('hex') }) as unknown as string,
      },
    },
  });
  if (props.tolerateAllTaints ?? true) {
    // A log agent must run where the workloads run, tainted control-plane and dedicated nodes included.
    daemonSet.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.any()));
  }
  // cdk8s-plus has no priorityClassName prop on workloads.
  if (props.priorityClassName !== undefined) {
    ApiObject.of(daemonSet).addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', props.priorityClassName));
  }
  if (o.supplementalGroups && o.supplementalGroups.length > 0) {
    ApiObject.of(daemonSet).addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/supplementalGroups', [...o.supplementalGroups]));
  }

  const c = o.container;
  const container = daemonSet.addContainer({
    name: c.name,
    image: c.image,
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    args: c.args,
    ports: [{ name: METRICS_PORT_NAME, number: c.port, protocol: c.protocol }],
    envVariables: { [c.nodeNameEnv]: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME) },
    readiness: kplus.Probe.fromHttpGet(c.readinessPath, { port: c.port }),
    resources: props.resources ?? {
      cpu: { request: kplus.Cpu.millis(100) },
      memory: { request: Size.mebibytes(128), limit: Size.mebibytes(512) },
    },
    securityContext: {
      ...runAs,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      // Root needs no capability to read the root-owned log files: owner permissions apply.
      capabilities: { drop: [kplus.Capability.ALL] },
      seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    },
  });

  container.mount(o.config.directory, kplus.Volume.fromConfigMap(scope, 'ConfigVolume', configMap, { name: 'config' }), { readOnly: true });
  container.mount(state.mountPath, state.hostDirectory === undefined
    ? kplus.Volume.fromEmptyDir(scope, state.volume.id, state.volume.name)
    : kplus.Volume.fromHostPath(scope, state.volume.id, state.volume.name, { path: state.hostDirectory, type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE }));
  o.mountOwnVolumes(container);
  const hostDirectories = o.mountHostDirectories ? collection.hostDirectories() : [];
  hostDirectories.forEach((dir, i) => {
    const { id, name } = o.hostVolume(i);
    container.mount(dir, kplus.Volume.fromHostPath(scope, id, name, { path: dir, type: kplus.HostPathVolumeType.DIRECTORY }), { readOnly: true });
  });
  const secretNames = agentSecretNames(collection);
  secretNames.forEach((secretName, i) => {
    const ids = o.secretIds(i);
    const secret = kplus.Secret.fromSecretName(scope, ids.secret, secretName);
    container.mount(`${SECRET_MOUNT_ROOT}/${secretName}`, kplus.Volume.fromSecret(scope, ids.volume, secret, { name: `secret-${i}` }), { readOnly: true });
  });

  const networkPolicy = scrapeNetworkPolicy(scope, daemonSet, c.port, props, named('').metadata ?? {});
  return { serviceAccount, clusterRole, configMap, daemonSet, networkPolicy, hostDirectories, secretNames };
}

/**
 * Fails unless `directory` is `/var/lib/<agent>` or a directory below it: the agent mounts its state
 * read-write, as root, so it must be a directory of the node that belongs to the agent alone.
 */
function checkStateDirectory(directory: string, agent: string, field: string): void {
  const root = `/var/lib/${agent}`;
  if (!isNormalizedPath(directory) || /\s/.test(directory) || !isWithin(directory, root)) {
    throw new ValidationError(`${field}: the agent's state must be kept in ${quote(root)} or a directory below it (an absolute, normalized path), which belongs to the agent alone on the node: it is mounted read-write, as root; received ${quote(directory)}. Leave ${field} undefined for ${quote(root)}`);
  }
}

/** The headless Service exposing the agent's metrics port, for a ServiceMonitor (`endpoints: [{ port: 'http-metrics' }]`). */
export function agentMetricsService(scope: Construct, daemonSet: kplus.DaemonSet, port: number, metadata: { name?: string; labels: { [key: string]: string } }): kplus.Service {
  return new kplus.Service(scope, 'MetricsService', {
    metadata,
    clusterIP: 'None',
    selector: daemonSet,
    ports: [{ name: METRICS_PORT_NAME, port, targetPort: port }],
  });
}

/** Names of the Secrets the collection's credentials reference, sorted. */
export function agentSecretNames(collection: LogCollection): string[] {
  return [...new Set(collection.secretRefs().filter((r) => r.secretName !== undefined).map((r) => r.secretName!))].sort();
}
