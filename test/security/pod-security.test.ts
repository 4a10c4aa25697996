import { Manifest } from '../util/synth';
import { classifyPod, classifyWorkload, describeViolation, ingressGaps, podTemplateOf, rbacFindings, selects } from './pod-security';

// The checks of test/security/dist.test.ts, each shown to find what it looks for: a pod that meets
// `restricted`, then one planted violation at a time.

/** A pod spec meeting `restricted`: every field the standard asks for, at the container level. */
function restrictedPod(): { metadata: any; spec: any } {
  return {
    metadata: { labels: { app: 'x' } },
    spec: {
      securityContext: { runAsNonRoot: true, runAsUser: 65534 },
      containers: [{
        name: 'app',
        ports: [{ containerPort: 8080, name: 'metrics' }],
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        volumeMounts: [{ name: 'config', mountPath: '/etc/app', readOnly: true }],
      }],
      volumes: [{ name: 'config', configMap: { name: 'app' } }, { name: 'tmp', emptyDir: {} }, { name: 'token', projected: { sources: [] } }],
    },
  };
}

/** The level and violations after `plant` changed a restricted pod. */
function planted(plant: (pod: { metadata: any; spec: any }) => void): { level: string; violations: string[] } {
  const pod = restrictedPod();
  plant(pod);
  const result = classifyPod(pod);
  return { level: result.level, violations: result.violations.map(describeViolation) };
}

const app = (pod: { spec: any }) => pod.spec.containers[0];

describe('the Pod Security classifier', () => {
  test('a pod with every restricted field set is restricted, without violation', () => {
    expect(classifyPod(restrictedPod())).toEqual({ level: 'restricted', violations: [] });
  });

  test('pod-level seccomp and runAsNonRoot cover containers that leave them unset', () => {
    expect(planted((p) => {
      p.spec.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'x.json' };
      delete app(p).securityContext.seccompProfile;
      delete app(p).securityContext.runAsNonRoot;
    })).toEqual({ level: 'restricted', violations: [] });
  });

  describe('baseline controls (breaking one makes the pod privileged)', () => {
    test.each([
      ['hostPath, read-only', (p: any) => {
        p.spec.volumes.push({ name: 'logs', hostPath: { path: '/var/log', type: 'Directory' } });
        app(p).volumeMounts.push({ name: 'logs', mountPath: '/var/log', readOnly: true });
      }, ['baseline/HostPath Volumes: volume "logs": hostPath /var/log (read-only in "app")', 'restricted/Volume Types: volume "logs": hostPath']],
      ['hostPath, read-write', (p: any) => {
        p.spec.volumes.push({ name: 'state', hostPath: { path: '/var/lib/x' } });
        app(p).volumeMounts.push({ name: 'state', mountPath: '/data' });
      }, ['baseline/HostPath Volumes: volume "state": hostPath /var/lib/x (read-write in "app")', 'restricted/Volume Types: volume "state": hostPath']],
      ['hostNetwork', (p: any) => { p.spec.hostNetwork = true; }, ['baseline/Host Namespaces: hostNetwork=true']],
      ['hostPID', (p: any) => { p.spec.hostPID = true; }, ['baseline/Host Namespaces: hostPID=true']],
      ['hostIPC', (p: any) => { p.spec.hostIPC = true; }, ['baseline/Host Namespaces: hostIPC=true']],
      ['privileged', (p: any) => { app(p).securityContext.privileged = true; }, ['baseline/Privileged Containers: container "app": privileged=true']],
      ['NET_RAW', (p: any) => { app(p).securityContext.capabilities.add = ['NET_RAW']; }, ['baseline/Capabilities: container "app": adds NET_RAW', 'restricted/Capabilities: container "app": adds NET_RAW']],
      ['SYS_ADMIN in an init container', (p: any) => {
        p.spec.initContainers = [{ name: 'init', securityContext: { ...app(p).securityContext, capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } } }];
      }, ['baseline/Capabilities: container "init": adds SYS_ADMIN', 'restricted/Capabilities: container "init": adds SYS_ADMIN']],
      ['hostPort', (p: any) => { app(p).ports[0].hostPort = 8080; }, ['baseline/Host Ports: container "app": hostPort 8080']],
      ['hostProcess', (p: any) => { p.spec.securityContext.windowsOptions = { hostProcess: true }; }, ['baseline/HostProcess: pod securityContext.windowsOptions.hostProcess=true']],
      ['AppArmor unconfined (annotation)', (p: any) => { p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' }; },
        ['baseline/AppArmor: annotation container.apparmor.security.beta.kubernetes.io/app=unconfined']],
      ['AppArmor unconfined (field)', (p: any) => { app(p).securityContext.appArmorProfile = { type: 'Unconfined' }; }, ['baseline/AppArmor: container "app": appArmorProfile.type=Unconfined']],
      ['SELinux type', (p: any) => { app(p).securityContext.seLinuxOptions = { type: 'spc_t' }; }, ['baseline/SELinux: container "app": seLinuxOptions.type=spc_t']],
      ['SELinux user', (p: any) => { p.spec.securityContext.seLinuxOptions = { user: 'system_u' }; }, ['baseline/SELinux: pod: seLinuxOptions.user=system_u']],
      ['procMount', (p: any) => { app(p).securityContext.procMount = 'Unmasked'; }, ['baseline/\/proc Mount Type: container "app": procMount=Unmasked']],
      ['seccomp Unconfined', (p: any) => { app(p).securityContext.seccompProfile = { type: 'Unconfined' }; },
        ['baseline/Seccomp: container "app": seccompProfile.type=Unconfined', 'restricted/Seccomp: container "app": seccompProfile.type=Unconfined (pod: unset)']],
      ['unsafe sysctl', (p: any) => { p.spec.securityContext.sysctls = [{ name: 'net.ipv4.ping_group_range', value: '0 1' }, { name: 'kernel.msgmax', value: '1' }]; },
        ['baseline/Sysctls: sysctl kernel.msgmax']],
    ])('%s', (_name, plant, violations) => {
      expect(planted(plant)).toEqual({ level: 'privileged', violations });
    });
  });

  describe('restricted controls (breaking one makes the pod baseline)', () => {
    test.each([
      ['no seccomp profile anywhere', (p: any) => { delete app(p).securityContext.seccompProfile; },
        ['restricted/Seccomp: container "app": seccompProfile.type=unset (pod: unset)']],
      ['root user', (p: any) => { app(p).securityContext.runAsUser = 0; }, ['restricted/Running as Non-root user: container "app": runAsUser=0']],
      ['root user at the pod level', (p: any) => { p.spec.securityContext.runAsUser = 0; }, ['restricted/Running as Non-root user: pod: runAsUser=0']],
      ['runAsNonRoot false in a container', (p: any) => { app(p).securityContext.runAsNonRoot = false; }, ['restricted/Running as Non-root: container "app": runAsNonRoot=false (pod: true)']],
      ['runAsNonRoot unset everywhere', (p: any) => { delete app(p).securityContext.runAsNonRoot; delete p.spec.securityContext.runAsNonRoot; },
        ['restricted/Running as Non-root: container "app": runAsNonRoot=unset (pod: unset)']],
      ['privilege escalation allowed', (p: any) => { delete app(p).securityContext.allowPrivilegeEscalation; }, ['restricted/Privilege Escalation: container "app": allowPrivilegeEscalation=unset']],
      ['capabilities not dropped', (p: any) => { app(p).securityContext.capabilities = {}; }, ['restricted/Capabilities: container "app": does not drop ALL']],
      ['a baseline capability added', (p: any) => { app(p).securityContext.capabilities.add = ['CHOWN', 'NET_BIND_SERVICE']; }, ['restricted/Capabilities: container "app": adds CHOWN']],
      ['a volume type outside the list', (p: any) => { p.spec.volumes.push({ name: 'nfs', nfs: { server: 'x', path: '/' } }); }, ['restricted/Volume Types: volume "nfs": nfs']],
      ['an ephemeral container breaking one', (p: any) => { p.spec.ephemeralContainers = [{ name: 'debug', securityContext: { ...app(p).securityContext, allowPrivilegeEscalation: true } }]; },
        ['restricted/Privilege Escalation: container "debug": allowPrivilegeEscalation=true']],
    ])('%s', (_name, plant, violations) => {
      expect(planted(plant)).toEqual({ level: 'baseline', violations });
    });
  });

  test('finds the pod template of every workload kind, and refuses an object that runs no pod', () => {
    const pod = restrictedPod();
    const wrap = (kind: string, path: string[]): Manifest => {
      let node: any = pod;
      for (const key of [...path].reverse()) node = { [key]: node };
      return { apiVersion: 'v1', kind, metadata: { name: 'x' }, ...node };
    };
    for (const kind of ['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job']) expect(podTemplateOf(wrap(kind, ['spec', 'template']))).toBe(pod);
    expect(podTemplateOf(wrap('CronJob', ['spec', 'jobTemplate', 'spec', 'template']))).toBe(pod);
    expect(podTemplateOf({ apiVersion: 'v1', kind: 'Pod', ...pod } as unknown as Manifest)?.spec).toBe(pod.spec);
    expect(podTemplateOf({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } })).toBeUndefined();
    expect(() => podTemplateOf({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: {} })).toThrow('Deployment/x: no pod template at spec.template');
    expect(() => classifyWorkload({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' } })).toThrow('Service/x runs no pod');
  });
});

describe('the RBAC check', () => {
  const role = (kind: string, name: string, rules: any[]): Manifest => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name }, rules });
  const binding = (kind: string, name: string, roleName: string): Manifest => ({
    apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name, namespace: kind === 'RoleBinding' ? 'ns' : undefined } as any,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName }, subjects: [],
  });

  test('accepts least-privilege pod reads', () => {
    expect(rbacFindings([role('ClusterRole', 'agent', [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] }]), binding('ClusterRoleBinding', 'b', 'agent')])).toEqual([]);
  });

  test('finds wildcard verbs, resources and API groups', () => {
    expect(rbacFindings([
      role('ClusterRole', 'admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]),
      role('Role', 'editor', [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] }]),
    ])).toEqual([
      'ClusterRole/admin rules[0]: wildcard verbs', 'ClusterRole/admin rules[0]: wildcard resources', 'ClusterRole/admin rules[0]: wildcard apiGroups',
      'Role/editor rules[0]: wildcard verbs',
    ]);
  });

  test('finds Secrets read cluster-wide, unless documented; a ClusterRole bound in one namespace only is not cluster-wide', () => {
    const reader = role('ClusterRole', 'reader', [{ apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['list'] }]);
    expect(rbacFindings([reader, binding('ClusterRoleBinding', 'b', 'reader')])).toEqual(['ClusterRole/reader rules[0]: reads Secrets cluster-wide (list)']);
    expect(rbacFindings([reader, binding('ClusterRoleBinding', 'b', 'reader')], ['reader'])).toEqual([]);
    expect(rbacFindings([reader, binding('RoleBinding', 'b', 'reader')])).toEqual([]);
    // creating Secrets reads none; secrets of another API group are not core Secrets
    expect(rbacFindings([role('ClusterRole', 'w', [{ apiGroups: [''], resources: ['secrets'], verbs: ['create'] }, { apiGroups: ['example.com'], resources: ['secrets'], verbs: ['get'] }]), binding('ClusterRoleBinding', 'b', 'w')])).toEqual([]);
  });
});

describe('the NetworkPolicy check', () => {
  const PROMETHEUS = { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } };
  const workload: Manifest = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'exporter', namespace: 'shop' }, spec: { template: restrictedPod() } };
  const prometheusPeer = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } };
  const policy = (spec: any, namespace = 'shop'): Manifest => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p', namespace }, spec });
  const good = { podSelector: { matchLabels: { app: 'x' } }, policyTypes: ['Ingress'], ingress: [{ from: [prometheusPeer], ports: [{ port: 8080, protocol: 'TCP' }] }] };

  test('accepts ingress from Prometheus only, on a declared port', () => {
    expect(ingressGaps(workload, [workload, policy(good)], PROMETHEUS)).toEqual([]);
  });

  test('finds a workload no policy selects (none, another namespace, other labels, egress only)', () => {
    const none = ['Deployment/exporter: no NetworkPolicy restricts its ingress'];
    expect(ingressGaps(workload, [workload], PROMETHEUS)).toEqual(none);
    expect(ingressGaps(workload, [workload, policy(good, 'other')], PROMETHEUS)).toEqual(none);
    expect(ingressGaps(workload, [workload, policy({ ...good, podSelector: { matchLabels: { app: 'y' } } })], PROMETHEUS)).toEqual(none);
    expect(ingressGaps(workload, [workload, policy({ ...good, policyTypes: ['Egress'] })], PROMETHEUS)).toEqual(none);
  });

  test('finds rules that admit more than Prometheus on a declared port', () => {
    const gaps = (ingress: any[]) => ingressGaps(workload, [workload, policy({ ...good, ingress })], PROMETHEUS);
    const at = 'Deployment/exporter: NetworkPolicy/p ingress[0]';
    expect(gaps([{ ports: [{ port: 8080 }] }])).toEqual([`${at}: admits every source`]);
    expect(gaps([{ from: [prometheusPeer] }])).toEqual([`${at}: admits every port`]);
    expect(gaps([{ from: [prometheusPeer], ports: [{ port: 22 }] }])).toEqual([`${at}: admits port 22, which no container declares`]);
    expect(gaps([{ from: [{ podSelector: {} }], ports: [{ port: 'metrics' }] }])).toEqual([`${at}: admits {"podSelector":{}}`]);
    expect(gaps([{ from: [{ ...prometheusPeer, namespaceSelector: {} }], ports: [{ port: 8080 }] }])).toEqual([`${at}: admits ${JSON.stringify({ ...prometheusPeer, namespaceSelector: {} })}`]);
    expect(gaps([{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 8080 }] }])).toEqual([`${at}: admits {"ipBlock":{"cidr":"0.0.0.0/0"}}`]);
  });

  test('label selectors: matchLabels and every expression operator', () => {
    const labels = { app: 'x', tier: 'web' };
    expect(selects({}, labels)).toBe(true);
    expect(selects(undefined, labels)).toBe(false);
    expect(selects({ matchLabels: { app: 'x' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] }, labels)).toBe(true);
    expect(selects({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] }, labels)).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, labels)).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, labels)).toBe(true);
  });
});
