import { Testing } from 'cdk8s';
import { MonitoringChart, SecretRef } from '../../../lib/core';
import { LogAgent, LogClient, LogCollection, LogDiscovery, LogPipeline, Stage } from '../../../lib/loki';
import { ALLOY_DEFAULT_IMAGE, AlloyAgent, AlloyAgentProps, AlloyLogSource } from '../../../lib/loki/alloy';
import { crdSchemaErrors } from '../../util/schema';
import { byKind, Manifest, one, synth } from '../../util/synth';
import { attributes, block, blocks, parse } from './alloy-reader';

function chart(): MonitoringChart {
  return new MonitoringChart(Testing.app(), 'platform', { partOf: 'platform', namespace: 'logging' });
}

function collection(scope: MonitoringChart, withStatic = false): LogCollection {
  const c = new LogCollection(scope, 'Logs', {
    clients: [LogClient.push({
      url: 'http://loki.loki.svc:3100/loki/api/v1/push', tenantId: 'platform',
      basicAuthUsername: 'alloy', basicAuthPassword: SecretRef.fromSecret('loki-push', 'password'),
    })],
  });
  const pods = c.addJob('kubernetes-pods', { discovery: LogDiscovery.kubernetesPods() });
  pods.addPipeline(LogPipeline.of({ name: 'erp', selector: '{namespace="erp"}', stages: [Stage.logfmt({ mapping: { level: '' } }), Stage.labels({ labels: { level: '' } })] }));
  if (withStatic) c.addJob('syslog', { discovery: LogDiscovery.staticFiles({ paths: ['/var/log/syslog', '/var/log/apps/*.log'], labels: { job: 'node/syslog' } }) });
  return c;
}

function build(props: Partial<AlloyAgentProps> = {}, withStatic = false): { manifests: Manifest[]; agent: AlloyAgent } {
  const c = chart();
  const agent = new AlloyAgent(c, 'Alloy', { collection: collection(c, withStatic), ...props });
  return { manifests: synth(c), agent };
}

function podSpec(manifests: Manifest[]): any {
  return one(manifests, 'DaemonSet').spec.template.spec;
}

describe('AlloyAgent manifests (file source, the default)', () => {
  const { manifests, agent } = build({}, true);
  const pod = podSpec(manifests);
  const container = pod.containers.find((c: any) => c.name === 'alloy');

  test('a DaemonSet runs the pinned image with `alloy run` on the mounted configuration', () => {
    expect(container.image).toBe(ALLOY_DEFAULT_IMAGE);
    expect(ALLOY_DEFAULT_IMAGE).toMatch(/^docker\.io\/grafana\/alloy:v\d+\.\d+\.\d+$/);
    expect(container.args).toEqual(['run', '/etc/alloy/config.alloy', '--storage.path=/var/lib/alloy/data', '--server.http.listen-addr=0.0.0.0:12345', '--disable-reporting']);
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(container.env).toEqual([{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }]);
  });

  test('the ClusterRole grants only get/list/watch on pods: no nodes, no secrets, no pods/log', () => {
    const role = one(manifests, 'ClusterRole');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'], resourceNames: [] }]);
    expect(role.metadata.namespace).toBeUndefined();
    const binding = one(manifests, 'ClusterRoleBinding');
    expect(binding.metadata.namespace).toBeUndefined();
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name });
    const sa = one(manifests, 'ServiceAccount');
    expect(binding.subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: sa.metadata.name, namespace: 'logging' }]);
    expect(pod.serviceAccountName).toBe(sa.metadata.name);
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  test('every host mount is read-only except Alloy\'s own storage directory', () => {
    const volumes = Object.fromEntries(pod.volumes.map((v: any) => [v.name, v]));
    const hostMounts = container.volumeMounts.filter((m: any) => volumes[m.name].hostPath !== undefined && m.name !== 'storage');
    expect(hostMounts.map((m: any) => m.mountPath).sort()).toEqual(['/var/log', '/var/log/apps', '/var/log/pods']);
    for (const m of hostMounts) {
      expect(m.readOnly).toBe(true);
      expect(volumes[m.name].hostPath).toEqual({ path: m.mountPath, type: 'Directory' });
    }
    const writable = container.volumeMounts.filter((m: any) => m.readOnly !== true);
    expect(writable).toEqual([{ mountPath: '/var/lib/alloy/data', name: 'storage' }]);
    // Positions survive pod restarts and rollouts: a host directory of the agent's own.
    expect(volumes.storage).toEqual({ name: 'storage', hostPath: { path: '/var/lib/alloy', type: 'DirectoryOrCreate' } });
  });

  test('root without capabilities, read-only root filesystem, no privilege escalation, RuntimeDefault seccomp', () => {
    expect(container.securityContext).toEqual({
      runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false,
      capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('resources, readiness probe on /-/ready, tolerations for every taint', () => {
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } });
    expect(container.readinessProbe.httpGet).toMatchObject({ path: '/-/ready', port: 12345 });
    expect(container.ports).toEqual([{ containerPort: 12345, name: 'http-metrics', protocol: 'TCP' }]);
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
  });

  test('the client Secret is mounted read-only where the configuration reads the password', () => {
    const mount = container.volumeMounts.find((m: any) => m.mountPath === `${LogAgent.SECRET_MOUNT_ROOT}/loki-push`);
    expect(mount.readOnly).toBe(true);
    expect(pod.volumes.find((v: any) => v.name === mount.name).secret).toEqual({ secretName: 'loki-push' });
    const config = parse(agent.configText());
    const endpoint = block(block(config, 'loki.write', 'default').body, 'endpoint');
    expect(attributes(block(endpoint.body, 'basic_auth').body)).toEqual({ username: 'alloy', password_file: `${LogAgent.SECRET_MOUNT_ROOT}/loki-push/password` });
  });

  test('the ConfigMap holds the rendered configuration, and the pods carry its checksum', () => {
    const cm = one(manifests, 'ConfigMap');
    expect(cm.data['config.alloy']).toBe(agent.configText());
    expect(() => parse(cm.data['config.alloy'])).not.toThrow();
    const volume = pod.volumes.find((v: any) => v.name === 'config');
    expect(volume.configMap.name).toBe(cm.metadata.name);
    expect(container.volumeMounts).toContainEqual({ mountPath: '/etc/alloy', name: 'config', readOnly: true });
    expect(one(manifests, 'DaemonSet').spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
  });

  test('a ServiceMonitor scrapes the metrics port through a headless Service, valid against the CRD', () => {
    const service = one(manifests, 'Service');
    expect(service.spec.clusterIP).toBe('None');
    expect(service.spec.ports).toEqual([{ name: 'http-metrics', port: 12345, targetPort: 12345 }]);
    const daemonSetLabels = one(manifests, 'DaemonSet').spec.template.metadata.labels;
    for (const [k, v] of Object.entries(service.spec.selector)) expect(daemonSetLabels[k]).toBe(v);
    const monitor = one(manifests, 'ServiceMonitor');
    expect(crdSchemaErrors(monitor)).toEqual([]);
    expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: 'http-metrics' })]);
    for (const [k, v] of Object.entries(monitor.spec.selector.matchLabels)) expect(service.metadata.labels?.[k]).toBe(v);
  });

  test('every object carries the standard labels', () => {
    for (const m of manifests) expect(m.metadata.labels?.['app.kubernetes.io/managed-by']).toBe('cdk8s-observability');
  });
});

describe('AlloyAgent with the Kubernetes API source', () => {
  const { manifests, agent } = build({ source: AlloyLogSource.KUBERNETES_API });
  const pod = podSpec(manifests);
  const container = pod.containers[0];

  test('adds get on pods/log and nothing else', () => {
    expect(one(manifests, 'ClusterRole').rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'], resourceNames: [] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'], resourceNames: [] },
    ]);
  });

  test('runs as the non-root alloy user without any host mount', () => {
    expect(container.securityContext).toMatchObject({ runAsUser: 473, runAsGroup: 473, runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 473 });
    expect(pod.volumes.filter((v: any) => v.hostPath !== undefined)).toEqual([]);
    expect(pod.volumes.find((v: any) => v.name === 'storage')).toEqual({ name: 'storage', emptyDir: {} });
  });

  test('renders loki.source.kubernetes instead of file tailing', () => {
    const config = parse(agent.configText());
    expect(blocks(config, 'local.file_match')).toEqual([]);
    expect(attributes(block(config, 'loki.source.kubernetes', 'kubernetes_pods').body)).toEqual({
      targets: { $ref: 'discovery.relabel.kubernetes_pods.output' },
      forward_to: [{ $ref: 'loki.process.kubernetes_pods.receiver' }],
    });
  });

  test('static file jobs are refused: the API source cannot read the node disk', () => {
    const c = chart();
    new AlloyAgent(c, 'Alloy', { collection: collection(c, true), source: AlloyLogSource.KUBERNETES_API });
    expect(() => synth(c)).toThrow('[platform/Alloy] the log collection cannot be rendered for Alloy: [platform/Logs] job "syslog": static file targets are read from the node\'s disk, which AlloyLogSource.KUBERNETES_API does not mount; use AlloyLogSource.FILES');
  });
});

describe('AlloyAgent options', () => {
  test('names, priority class, resources and no ServiceMonitor', () => {
    const { manifests } = build({
      name: 'alloy-logs', priorityClassName: 'system-node-critical', serviceMonitor: false, tolerateAllTaints: false,
      resources: { memory: { limit: undefined, request: undefined } } as any,
    });
    expect(one(manifests, 'DaemonSet').metadata.name).toBe('alloy-logs');
    expect(one(manifests, 'ConfigMap').metadata.name).toBe('alloy-logs-config');
    expect(one(manifests, 'ServiceAccount').metadata.name).toBe('alloy-logs');
    expect(one(manifests, 'ClusterRole').metadata.name).toBe('alloy-logs');
    const pod = podSpec(manifests);
    expect(pod.priorityClassName).toBe('system-node-critical');
    expect(pod.tolerations).toBeUndefined();
    expect(byKind(manifests, 'ServiceMonitor')).toEqual([]);
    expect(byKind(manifests, 'Service')).toEqual([]);
  });

  test('the configuration checksum changes when the collection changes after the agent is created', () => {
    const c = chart();
    const logs = collection(c);
    new AlloyAgent(c, 'Alloy', { collection: logs });
    const before = one(synth(c), 'DaemonSet').spec.template.metadata.annotations['checksum/config'];
    logs.addJob('syslog', { discovery: LogDiscovery.staticFiles({ paths: ['/var/log/syslog'], labels: { job: 'syslog' } }) });
    const after = synth(c);
    expect(one(after, 'DaemonSet').spec.template.metadata.annotations['checksum/config']).not.toBe(before);
    expect(one(after, 'ConfigMap').data['config.alloy']).toContain('local.file_match "syslog"');
  });

  test.each([
    ['grafana/alloy', 'must be pinned to a version tag or a digest, never "latest"'],
    ['grafana/alloy:latest', 'received "grafana/alloy:latest"'],
    ['grafana alloy:v1', 'received "grafana alloy:v1"'],
  ])('rejects the unpinned image %s', (image, message) => {
    const c = chart();
    expect(() => new AlloyAgent(c, 'Alloy', { collection: collection(c), image })).toThrow(`[platform/Alloy] image: ${message.startsWith('must') ? message : ''}`);
    expect(() => new AlloyAgent(chart(), 'Alloy', { collection: collection(chart()), image })).toThrow(message);
  });

  test('accepts a digest', () => {
    const { manifests } = build({ image: `grafana/alloy@sha256:${'a'.repeat(64)}` });
    expect(podSpec(manifests).containers[0].image).toBe(`grafana/alloy@sha256:${'a'.repeat(64)}`);
  });

  test('storage in a directory below /var/lib/alloy; anywhere else is rejected, naming the value and the fix', () => {
    const { manifests } = build({ storageHostDirectory: '/var/lib/alloy/node-logs/' });
    expect(podSpec(manifests).volumes.find((v: any) => v.name === 'storage').hostPath).toEqual({ path: '/var/lib/alloy/node-logs', type: 'DirectoryOrCreate' });
    const rejected = (dir: string) => {
      const c = chart();
      return () => new AlloyAgent(c, 'Alloy', { collection: collection(c), storageHostDirectory: dir });
    };
    const message = (dir: string) => `[platform/Alloy] storageHostDirectory: the agent's state must be kept in "/var/lib/alloy" or a directory below it (an absolute, normalized path), which belongs to the agent alone on the node: it is mounted read-write, as root; received ${JSON.stringify(dir)}. Leave storageHostDirectory undefined for "/var/lib/alloy"`;
    expect(rejected('/etc')).toThrow(message('/etc'));
    expect(rejected('data')).toThrow(message('data'));
    expect(rejected('/var/lib/alloy-logs')).toThrow(message('/var/lib/alloy-logs'));
    expect(rejected('/var/lib/alloy/../kubelet')).toThrow(message('/var/lib/alloy/../kubelet'));
    expect(rejected('/var/lib/alloy/my data')).toThrow(message('/var/lib/alloy/my data'));
    expect(rejected('/')).toThrow(message('/'));
  });

  test('with the Kubernetes API source the storage is an emptyDir, whatever storageHostDirectory says', () => {
    const c = chart();
    new AlloyAgent(c, 'Alloy', { collection: collection(c), source: AlloyLogSource.KUBERNETES_API, storageHostDirectory: '/etc' });
    const spec = podSpec(synth(c));
    expect(spec.volumes.find((v: any) => v.name === 'storage')).toEqual({ name: 'storage', emptyDir: {} });
    expect(spec.volumes.filter((v: any) => v.hostPath)).toEqual([]);
  });

  test('rejects a name that is not a DNS label', () => {
    const c = chart();
    expect(() => new AlloyAgent(c, 'Alloy', { collection: collection(c), name: 'Alloy_Logs' })).toThrow('[platform/Alloy] name: must be a DNS-1123 label');
  });

  test('LogAgent.ALLOY builds the AlloyAgent from the shared props', () => {
    const c = chart();
    const agent = LogAgent.ALLOY.create(c, 'Agent', { collection: collection(c) });
    expect(agent).toBeInstanceOf(AlloyAgent);
    expect(agent.agent).toBe(LogAgent.ALLOY);
    expect(one(synth(c), 'ConfigMap').data['config.alloy']).toBe(agent.configText());
  });

  test('synthesis is deterministic', () => {
    const a = JSON.stringify(build({}, true).manifests);
    const b = JSON.stringify(build({}, true).manifests);
    expect(a).toBe(b);
  });
});
