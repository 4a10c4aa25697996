import { quote, ValidationError } from '../../core/errors';

/** The environment variable holding the node's name (downward API), for node-local discovery. @internal */
export const NODE_NAME_ENV = 'NODE_NAME';

/**
 * How the Alloy agent reads container logs.
 */
export enum AlloyLogSource {
  /**
   * Tails the kubelet's log files under `/var/log/pods` from a read-only host mount
   * (`local.file_match` + `loki.source.file`), exactly like Promtail: no load on the API server, and
   * positions survive restarts of the API server. The files are owned by root (mode 0640 with containerd,
   * 0600 with CRI-O) and the storage directory on the node is created by the kubelet as root, so the
   * container runs as UID 0, with every capability dropped (root then reads and writes only as the owner of
   * root's files, and overrides no permission) and a read-only root filesystem. The `hostPath` volumes
   * need the Pod Security `privileged` level.
   */
  FILES = 'files',
  /**
   * Streams logs through the Kubernetes API (`loki.source.kubernetes`): no host mount and a non-root
   * user, so the pods meet the Pod Security `restricted` level, at the cost of every log byte crossing the
   * kubelet and API server and an extra RBAC grant (`get` on `pods/log`).
   */
  KUBERNETES_API = 'kubernetes-api',
}


/** Fails on a `source` that is not an `AlloyLogSource` (plain JavaScript callers). @internal */
export function checkSource(source: unknown, field: string): void {
  if (source !== undefined && !Object.values(AlloyLogSource).includes(source as AlloyLogSource)) {
    throw new ValidationError(`${field}: must be an AlloyLogSource, AlloyLogSource.FILES or AlloyLogSource.KUBERNETES_API; received ${quote(source)}`);
  }
}
