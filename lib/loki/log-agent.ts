/**
 * The contract between the platform and a log agent (Promtail, Grafana Alloy).
 *
 * For agent implementers (the Alloy agent in `lib/loki/alloy/`): export from `lib/loki/alloy/index.ts` a
 * construct class `AlloyAgent` whose constructor is `(scope: Construct, id: string, props: LogAgentProps)`
 * and which implements `ILogAgent`. `LogAgent.ALLOY` loads it lazily (so this module compiles before the
 * Alloy module exists) and `LogAgent.create()` builds it. Read the model from `props.collection` only
 * (see `log-collection.ts` and `pipeline/`); mount the Secrets of `props.collection.secretRefs()` under
 * `LogAgent.SECRET_MOUNT_ROOT` (`SecretRef.filePath(LogAgent.SECRET_MOUNT_ROOT)` is then the config path),
 * and the directories of `props.collection.hostDirectories()` read-only.
 */
import { IConstruct, Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { quote, ScrapeAccessProps, ValidationError } from '../core';
import { checkScrapeAccessProps } from '../core/network-policy';
import { optionalBoolean, optionalString, requireObject } from '../core/untyped';
import { LogCollection } from './log-collection';

/**
 * Properties every log agent accepts, including who may reach its metrics port (`scrapedBy`: its
 * NetworkPolicy admits only those Prometheus pods).
 */
export interface LogAgentProps extends ScrapeAccessProps {
  /** What to collect and where to send it. */
  readonly collection: LogCollection;
  /**
   * Container image, pinned by tag or digest.
   * @default - the agent's pinned default image
   */
  readonly image?: string;
  /**
   * CPU and memory requests and limits of the agent container.
   * @default - requests 100m CPU / 128Mi memory, limit 512Mi memory, no CPU limit
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * Also create a `ServiceMonitor` (and its headless `Service`) for the agent's metrics port.
   * @default true
   */
  readonly serviceMonitor?: boolean;
  /**
   * Run on every node, whatever its taints (control plane and dedicated nodes included), so no node's
   * logs are missed.
   * @default true
   */
  readonly tolerateAllTaints?: boolean;
  /**
   * Priority class of the agent pods, so they are not evicted first under pressure.
   * @default - none
   */
  readonly priorityClassName?: string;
}

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
  public static readonly SECRET_MOUNT_ROOT = '/etc/log-agent/secrets';

  /**
   * Promtail, rendered from the model as Promtail YAML. Promtail is end of life since 2026-03-02: prefer
   * `ALLOY` for new platforms; this stays for teams migrating by changing this one prop.
   */
  public static readonly PROMTAIL = new LogAgent('promtail', {
    create: (scope, id, props) => {
      // Loaded lazily: promtail.ts imports this module.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { PromtailAgent } = require('./promtail');
      return new PromtailAgent(scope, id, props) as ILogAgent;
    },
  });

  /** Grafana Alloy, the successor of Promtail, rendered from the same model (`lib/loki/alloy/`). */
  public static readonly ALLOY = new LogAgent('alloy', {
    create: (scope, id, props) => {
      let mod: { AlloyAgent?: new (s: Construct, i: string, p: LogAgentProps) => ILogAgent };
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        mod = require('./alloy');
      } catch (e) {
        throw ValidationError.at(scope, `agent: the Alloy agent module (lib/loki/alloy) is not available: ${(e as Error).message}`);
      }
      if (mod.AlloyAgent === undefined) throw ValidationError.at(scope, 'agent: lib/loki/alloy does not export AlloyAgent');
      return new mod.AlloyAgent(scope, id, props);
    },
  });

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

/**
 * The types of the props every agent reads, for plain JavaScript callers; run inside the agent's
 * `ValidationError.within`.
 * @internal
 */
export function _checkAgentProps(props: LogAgentProps): void {
  requireObject(props, 'props', "{ collection: new LogCollection(scope, 'Logs', { clients }) }");
  if (!(props.collection instanceof LogCollection)) {
    throw new ValidationError(`collection: must be a LogCollection (new LogCollection(scope, 'Logs', { clients })); received ${quote(props.collection)}`);
  }
  optionalString(props.image, 'image', "'docker.io/grafana/alloy:v1.9.1'");
  optionalString(props.priorityClassName, 'priorityClassName', "'system-node-critical'");
  optionalBoolean(props.serviceMonitor, 'serviceMonitor');
  optionalBoolean(props.tolerateAllTaints, 'tolerateAllTaints');
  if (props.resources !== undefined) requireObject(props.resources, 'resources', '{ cpu: { request: Cpu.millis(100) } }');
  checkScrapeAccessProps(props);
}
