// What every log agent takes and how its types are checked, and where agents mount the Secrets their
// clients' credentials name: the part of the agent contract that the agents (log-agent.ts) and the workload
// they share (agent-workload.ts) both read, so that neither imports the other for it.
import * as kplus from 'cdk8s-plus-28';
import { quote, ScrapeAccessProps, ValidationError } from '../core';
import { checkScrapeAccessProps } from '../core/network-policy';
import { optionalBoolean, optionalString, requireObject } from '../core/untyped';
import { LogCollection } from './log-collection';

/**
 * Properties every log agent accepts, including which Prometheus scrapes its metrics port (`scrapedBy`: its
 * NetworkPolicy admits only those Prometheus pods; `instanceLabels`: the labels of its ServiceMonitor).
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

/** Where agents mount the Secrets that client credentials reference (`LogAgent.SECRET_MOUNT_ROOT`). @internal */
export const SECRET_MOUNT_ROOT = '/etc/log-agent/secrets';

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
  if (props.instanceLabels !== undefined && props.serviceMonitor === false) {
    throw new ValidationError('instanceLabels: only applies to the ServiceMonitor, which serviceMonitor: false turns off; remove one of them');
  }
}
