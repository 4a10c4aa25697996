/**
 * A small Pod Security Standards classifier, and RBAC and NetworkPolicy checks, for the manifests the
 * library synthesizes (test code: the library itself does not depend on it).
 *
 * The levels and controls are those of https://kubernetes.io/docs/concepts/security/pod-security-standards/
 * (Kubernetes 1.30): a pod meets `restricted` when it breaks no control, `baseline` when it breaks only
 * `restricted` controls, and is `privileged` (it needs a namespace that enforces nothing) when it breaks a
 * `baseline` control. Every broken control is reported with the field and value that break it.
 */
import { Manifest } from '../util/synth';

/** A Pod Security Standards level, from the most to the least permissive. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** A control a pod breaks: the level it belongs to (breaking it drops the pod below that level), its name, what breaks it. */
export interface Violation {
  readonly level: 'baseline' | 'restricted';
  readonly control: string;
  readonly detail: string;
}

/** The level a pod meets and every control it breaks. */
export interface PodSecurity {
  readonly level: PodSecurityLevel;
  readonly violations: Violation[];
}

/** Capabilities `baseline` allows a container to add. */
const BASELINE_CAPABILITIES = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];
/** Sysctls `baseline` allows (the safe, namespaced set). */
const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
];
/** SELinux types `baseline` allows. */
const SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];
/** Volume types `restricted` allows. */
const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/** The kinds whose objects carry a pod template, and where it is. */
const TEMPLATE_PATHS: { [kind: string]: string[] } = {
  Pod: [],
  Deployment: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The pod template (metadata and spec) of a workload, or undefined for an object that runs no pod. */
export function podTemplateOf(m: Manifest): { metadata?: any; spec: any } | undefined {
  const path = TEMPLATE_PATHS[m.kind];
  if (path === undefined) return undefined;
  let node: any = m;
  for (const key of path) node = node?.[key];
  if (node?.spec === undefined) throw new Error(`${m.kind}/${m.metadata?.name}: no pod template at ${path.join('.') || '(the object)'}`);
  return node;
}

/** Whether the object runs pods. */
export function isWorkload(m: Manifest): boolean {
  return TEMPLATE_PATHS[m.kind] !== undefined;
}

/** Classifies a pod (its template's metadata, for the AppArmor annotations, and its spec). */
export function classifyPod(template: { metadata?: any; spec: any }): PodSecurity {
  const spec = template.spec ?? {};
  const podSc = spec.securityContext ?? {};
  const containers: any[] = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
  const out: Violation[] = [];
  const baseline = (control: string, detail: string) => out.push({ level: 'baseline', control, detail });
  const restricted = (control: string, detail: string) => out.push({ level: 'restricted', control, detail });
  const c = (x: any) => `container ${JSON.stringify(x.name)}`;

  // baseline
  if (podSc.windowsOptions?.hostProcess) baseline('HostProcess', 'pod securityContext.windowsOptions.hostProcess=true');
  for (const x of containers) if (x.securityContext?.windowsOptions?.hostProcess) baseline('HostProcess', `${c(x)}: windowsOptions.hostProcess=true`);
  for (const ns of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[ns]) baseline('Host Namespaces', `${ns}=true`);
  for (const x of containers) if (x.securityContext?.privileged) baseline('Privileged Containers', `${c(x)}: privileged=true`);
  for (const x of containers) {
    const beyond = (x.securityContext?.capabilities?.add ?? []).filter((cap: string) => !BASELINE_CAPABILITIES.includes(cap));
    if (beyond.length > 0) baseline('Capabilities', `${c(x)}: adds ${beyond.join(', ')}`);
  }
  for (const v of spec.volumes ?? []) {
    if (v.hostPath === undefined) continue;
    const mounts = containers.flatMap((x) => (x.volumeMounts ?? []).filter((m: any) => m.name === v.name).map((m: any) => `${m.readOnly ? 'read-only' : 'read-write'} in ${JSON.stringify(x.name)}`));
    baseline('HostPath Volumes', `volume ${JSON.stringify(v.name)}: hostPath ${v.hostPath.path} (${mounts.join(', ') || 'not mounted'})`);
  }
  for (const x of containers) for (const p of x.ports ?? []) if (p.hostPort) baseline('Host Ports', `${c(x)}: hostPort ${p.hostPort}`);
  for (const [key, value] of Object.entries(template.metadata?.annotations ?? {})) {
    if (key.startsWith('container.apparmor.security.beta.kubernetes.io/') && value !== 'runtime/default' && !String(value).startsWith('localhost/')) {
      baseline('AppArmor', `annotation ${key}=${value}`);
    }
  }
  const apparmor = (where: string, p: any) => p?.type !== undefined && p.type !== 'RuntimeDefault' && p.type !== 'Localhost' && baseline('AppArmor', `${where}: appArmorProfile.type=${p.type}`);
  apparmor('pod', podSc.appArmorProfile);
  for (const x of containers) apparmor(c(x), x.securityContext?.appArmorProfile);
  const selinux = (where: string, o: any) => {
    if (o === undefined) return;
    if (!SELINUX_TYPES.includes(o.type ?? '')) baseline('SELinux', `${where}: seLinuxOptions.type=${o.type}`);
    for (const f of ['user', 'role']) if (o[f]) baseline('SELinux', `${where}: seLinuxOptions.${f}=${o[f]}`);
  };
  selinux('pod', podSc.seLinuxOptions);
  for (const x of containers) selinux(c(x), x.securityContext?.seLinuxOptions);
  for (const x of containers) if (x.securityContext?.procMount !== undefined && x.securityContext.procMount !== 'Default') baseline('/proc Mount Type', `${c(x)}: procMount=${x.securityContext.procMount}`);
  if (podSc.seccompProfile?.type === 'Unconfined') baseline('Seccomp', 'pod: seccompProfile.type=Unconfined');
  for (const x of containers) if (x.securityContext?.seccompProfile?.type === 'Unconfined') baseline('Seccomp', `${c(x)}: seccompProfile.type=Unconfined`);
  for (const s of podSc.sysctls ?? []) if (!SAFE_SYSCTLS.includes(s.name)) baseline('Sysctls', `sysctl ${s.name}`);

  // restricted
  for (const v of spec.volumes ?? []) {
    const type = Object.keys(v).find((k) => k !== 'name');
    if (type !== undefined && !RESTRICTED_VOLUMES.includes(type)) restricted('Volume Types', `volume ${JSON.stringify(v.name)}: ${type}`);
  }
  for (const x of containers) if (x.securityContext?.allowPrivilegeEscalation !== false) restricted('Privilege Escalation', `${c(x)}: allowPrivilegeEscalation=${x.securityContext?.allowPrivilegeEscalation ?? 'unset'}`);
  for (const x of containers) {
    const own = x.securityContext?.runAsNonRoot;
    if (own === false || (own !== true && podSc.runAsNonRoot !== true)) restricted('Running as Non-root', `${c(x)}: runAsNonRoot=${own ?? 'unset'} (pod: ${podSc.runAsNonRoot ?? 'unset'})`);
  }
  if (podSc.runAsUser === 0) restricted('Running as Non-root user', 'pod: runAsUser=0');
  for (const x of containers) if (x.securityContext?.runAsUser === 0) restricted('Running as Non-root user', `${c(x)}: runAsUser=0`);
  const confined = (p: any) => p?.type === 'RuntimeDefault' || p?.type === 'Localhost';
  for (const x of containers) {
    const own = x.securityContext?.seccompProfile;
    if (own !== undefined ? !confined(own) : !confined(podSc.seccompProfile)) restricted('Seccomp', `${c(x)}: seccompProfile.type=${own?.type ?? 'unset'} (pod: ${podSc.seccompProfile?.type ?? 'unset'})`);
  }
  for (const x of containers) {
    const caps = x.securityContext?.capabilities ?? {};
    if (!(caps.drop ?? []).includes('ALL')) restricted('Capabilities', `${c(x)}: does not drop ALL`);
    const added = (caps.add ?? []).filter((cap: string) => cap !== 'NET_BIND_SERVICE');
    if (added.length > 0) restricted('Capabilities', `${c(x)}: adds ${added.join(', ')}`);
  }

  const level: PodSecurityLevel = out.some((v) => v.level === 'baseline') ? 'privileged' : out.length > 0 ? 'baseline' : 'restricted';
  return { level, violations: out };
}

/** Classifies a workload object (Deployment, DaemonSet, Pod...). */
export function classifyWorkload(m: Manifest): PodSecurity {
  const template = podTemplateOf(m);
  if (template === undefined) throw new Error(`${m.kind}/${m.metadata?.name} runs no pod`);
  return classifyPod(template);
}

/** A violation as one line: `baseline/HostPath Volumes: volume "x": hostPath /y (read-only in "c")`. */
export function describeViolation(v: Violation): string {
  return `${v.level}/${v.control}: ${v.detail}`;
}

// ---------------------------------------------------------------------------------------------------------
// RBAC.

/** Verbs that read a Secret's data. */
const READ_VERBS = ['get', 'list', 'watch', '*'];

/**
 * The RBAC problems of a set of manifests: a Role or ClusterRole rule with a wildcard verb, resource or API
 * group, and a ClusterRole that reads Secrets and is bound cluster-wide (by a ClusterRoleBinding), unless
 * its name is in `documentedSecretReaders`.
 */
export function rbacFindings(manifests: Manifest[], documentedSecretReaders: string[] = []): string[] {
  const out: string[] = [];
  const roles = manifests.filter((m) => m.kind === 'ClusterRole' || m.kind === 'Role');
  const boundClusterWide = new Set(manifests.filter((m) => m.kind === 'ClusterRoleBinding' && m.roleRef?.kind === 'ClusterRole').map((m) => m.roleRef.name));
  for (const role of roles) {
    const where = `${role.kind}/${role.metadata.name}`;
    (role.rules ?? []).forEach((rule: any, i: number) => {
      for (const field of ['verbs', 'resources', 'apiGroups']) {
        if ((rule[field] ?? []).includes('*')) out.push(`${where} rules[${i}]: wildcard ${field}`);
      }
      const secrets = (rule.resources ?? []).some((r: string) => r === 'secrets' || r === '*')
        && (rule.apiGroups ?? []).some((g: string) => g === '' || g === '*')
        && (rule.verbs ?? []).some((v: string) => READ_VERBS.includes(v));
      if (secrets && role.kind === 'ClusterRole' && boundClusterWide.has(role.metadata.name) && !documentedSecretReaders.includes(role.metadata.name)) {
        out.push(`${where} rules[${i}]: reads Secrets cluster-wide (${(rule.verbs ?? []).join(', ')})`);
      }
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// NetworkPolicies.

/** Whether a Kubernetes label selector selects an object with `labels`. */
export function selects(selector: any, labels: { [key: string]: string }): boolean {
  if (selector === undefined || selector === null) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const ok = e.operator === 'In' ? has && e.values.includes(labels[e.key])
      : e.operator === 'NotIn' ? !has || !e.values.includes(labels[e.key])
        : e.operator === 'Exists' ? has : !has;
    if (!ok) return false;
  }
  return true;
}

/** The NetworkPolicies (of the workload's namespace) that select its pods. */
export function policiesOf(workload: Manifest, manifests: Manifest[]): Manifest[] {
  const labels = podTemplateOf(workload)?.metadata?.labels ?? {};
  return manifests.filter((m) => m.kind === 'NetworkPolicy' && m.metadata.namespace === workload.metadata.namespace && selects(m.spec?.podSelector, labels));
}

/**
 * Why a workload's ingress is not limited to `prometheus` on its container ports: no policy with
 * `Ingress` selects it, or a rule admits another peer (any pod, an IP block, another namespace or pod
 * label) or another port. Empty when every connection but Prometheus' to a declared port is refused.
 */
export function ingressGaps(workload: Manifest, manifests: Manifest[], prometheus: { namespace: string; labels: { [key: string]: string } }): string[] {
  const where = `${workload.kind}/${workload.metadata.name}`;
  const policies = policiesOf(workload, manifests).filter((p) => (p.spec.policyTypes ?? ['Ingress']).includes('Ingress'));
  if (policies.length === 0) return [`${where}: no NetworkPolicy restricts its ingress`];
  const ports = new Set((podTemplateOf(workload)!.spec.containers ?? []).flatMap((c: any) => (c.ports ?? []).flatMap((p: any) => [p.containerPort, p.name])));
  const out: string[] = [];
  for (const p of policies) {
    (p.spec.ingress ?? []).forEach((rule: any, i: number) => {
      const at = `${where}: NetworkPolicy/${p.metadata.name} ingress[${i}]`;
      if (!rule.from || rule.from.length === 0) out.push(`${at}: admits every source`);
      for (const peer of rule.from ?? []) {
        const prom = peer.ipBlock === undefined
          && selects(peer.namespaceSelector, { 'kubernetes.io/metadata.name': prometheus.namespace })
          && Object.keys(peer.namespaceSelector.matchLabels ?? {}).length > 0
          && JSON.stringify(peer.podSelector?.matchLabels ?? {}) === JSON.stringify(prometheus.labels);
        if (!prom) out.push(`${at}: admits ${JSON.stringify(peer)}`);
      }
      if (!rule.ports || rule.ports.length === 0) out.push(`${at}: admits every port`);
      for (const port of rule.ports ?? []) if (!ports.has(port.port)) out.push(`${at}: admits port ${port.port}, which no container declares`);
    });
  }
  return out;
}
