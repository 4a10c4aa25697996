import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Validate, ValidationError } from '../core';
import { checkNumber, optionalArray, optionalString } from '../core/untyped';
import { RenderedValue } from '../core/render-pass';
import { ServiceMonitor } from '../prometheus/service-monitor';
import { agentMetricsService, agentSecretNames, buildAgentWorkload } from './agent-workload';
import { ILogAgent, LogAgent, LogAgentProps, _checkAgentProps } from './log-agent';
import { LogCollection } from './log-collection';
import { PORT, PromtailConfig } from './promtail-config';

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
const AGENT_LABELS = { 'app.kubernetes.io/name': 'promtail', 'app.kubernetes.io/component': 'log-agent' };

/** The Promtail image used when none is given (the last Promtail release line). */
const DEFAULT_IMAGE = 'docker.io/grafana/promtail:3.5.1';

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
      podLabels: AGENT_LABELS,
      container: {
        name: 'promtail',
        image: props.image ?? DEFAULT_IMAGE,
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

    this.metricsService = agentMetricsService(this, this.daemonSet, this.httpPort, { labels: AGENT_LABELS });
    if (props.serviceMonitor ?? true) {
      this.serviceMonitor = ServiceMonitor.forService(this, 'ServiceMonitor', this.metricsService, { name: this.metricsService.name, endpoints: [{ port: 'http-metrics' }] });
    }

    // Host log directories and credential Secrets are mounted as the collection stands now: a later change
    // to the collection that needs another mount is an error.
    const { hostDirectories, secretNames } = workload;
    this.node.addValidation({
      validate: () => {
        const errors: string[] = [];
        const dirs = this.collection.hostDirectories().filter((d) => !hostDirectories.includes(d));
        if (dirs.length > 0) errors.push(`collection: jobs added after the agent read ${dirs.join(', ')}, which the agent does not mount; create the agent after adding every job`);
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
