import { createHash } from 'crypto';
import { Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { MonitoringChart, SecretRef } from '../../lib/core';
import { IMAGES, imageReference } from '../../lib/core/images';
import { LogAgent, LogClient, LogCollection, LogDiscovery, LogPipeline, PromtailAgent, Stage } from '../../lib/loki';
import { crdSchemaErrors } from '../util/schema';
import { byKind, Manifest, one, synth } from '../util/synth';

function build(extra: Partial<ConstructorParameters<typeof PromtailAgent>[2]> = {}): { manifests: Manifest[]; agent: PromtailAgent } {
  const chart = new MonitoringChart(Testing.app(), 'x', { partOf: 'platform', namespace: 'logging' });
  const collection = new LogCollection(chart, 'Logs', {
    clients: [LogClient.push({ url: 'http://loki:3100/loki/api/v1/push', basicAuthUsername: 'promtail', basicAuthPassword: SecretRef.fromSecret('loki-push', 'password') })],
  });
  collection.addJob('pods', { discovery: LogDiscovery.kubernetesPods() });
  collection.addJob('node', { discovery: LogDiscovery.staticFiles({ paths: ['/var/log/syslog'], labels: { job: 'node' } }) });
  const agent = new PromtailAgent(chart, 'Promtail', { collection, ...extra });
  return { manifests: synth(chart), agent };
}

function podSpec(manifests: Manifest[]): any {
  return one(manifests, 'DaemonSet').spec.template.spec;
}

describe('PromtailAgent', () => {
  test('the ClusterRole allows exactly get, list and watch on pods, bound to the agent service account', () => {
    const { manifests } = build();
    const role = one(manifests, 'ClusterRole');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], resourceNames: [], verbs: ['get', 'list', 'watch'] }]);
    expect(role.metadata.namespace).toBeUndefined();
    const binding = one(manifests, 'ClusterRoleBinding');
    expect(binding.metadata.namespace).toBeUndefined();
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name });
    const sa = one(manifests, 'ServiceAccount');
    expect(binding.subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: sa.metadata.name, namespace: 'logging' }]);
    expect(podSpec(manifests).serviceAccountName).toBe(sa.metadata.name);
    expect(byKind(manifests, 'Role')).toHaveLength(0);
  });

  test('host log directories and Secrets are mounted read-only; only positions and /tmp are writable', () => {
    const { manifests } = build();
    const spec = podSpec(manifests);
    const volumes = Object.fromEntries(spec.volumes.map((v: any) => [v.name, v]));
    const mounts = spec.containers[0].volumeMounts;
    const byPath = Object.fromEntries(mounts.map((m: any) => [m.mountPath, m]));
    expect(byPath['/var/log/pods'].readOnly).toBe(true);
    expect(volumes[byPath['/var/log/pods'].name].hostPath).toEqual({ path: '/var/log/pods', type: 'Directory' });
    expect(byPath['/var/log'].readOnly).toBe(true);
    expect(byPath['/etc/promtail'].readOnly).toBe(true);
    expect(byPath['/etc/log-agent/secrets/loki-push'].readOnly).toBe(true);
    expect(volumes[byPath['/etc/log-agent/secrets/loki-push'].name].secret).toEqual({ secretName: 'loki-push' });
    expect(volumes[byPath['/var/lib/promtail'].name].hostPath).toEqual({ path: '/var/lib/promtail', type: 'DirectoryOrCreate' });
    const writable = mounts.filter((m: any) => !m.readOnly).map((m: any) => m.mountPath).sort();
    expect(writable).toEqual(['/tmp', '/var/lib/promtail']);
    // Every host path is either read-only or the positions directory.
    for (const m of mounts) {
      if (volumes[m.name].hostPath && m.mountPath !== '/var/lib/promtail') expect(m.readOnly).toBe(true);
    }
  });

  test('security context: read-only root, no privilege escalation, every capability dropped, root only by default', () => {
    const { manifests } = build();
    const c = podSpec(manifests).containers[0];
    expect(c.securityContext).toEqual({
      allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] },
      runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('a non-root user reads through supplemental groups', () => {
    const { manifests } = build({ runAsUser: 10001, supplementalGroups: [4] });
    const spec = podSpec(manifests);
    expect(spec.containers[0].securityContext).toMatchObject({ runAsUser: 10001, runAsNonRoot: true });
    expect(spec.securityContext).toMatchObject({ runAsUser: 10001, runAsNonRoot: true, supplementalGroups: [4] });
  });

  test('readiness on /ready, resources, tolerations for every taint, HOSTNAME from the node name', () => {
    const { manifests } = build({ priorityClassName: 'system-node-critical' });
    const spec = podSpec(manifests);
    const c = spec.containers[0];
    expect(c.readinessProbe.httpGet).toEqual({ path: '/ready', port: 3101, scheme: 'HTTP' });
    expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } });
    expect(spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(c.env).toContainEqual({ name: 'HOSTNAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
    expect(c.args).toEqual(['-config.file=/etc/promtail/promtail.yaml']);
    expect(spec.priorityClassName).toBe('system-node-critical');
  });

  test('the ConfigMap holds the rendered config, and the pod annotation changes with it', () => {
    const { manifests, agent } = build();
    const cm = one(manifests, 'ConfigMap');
    const text = cm.data['promtail.yaml'];
    expect(text).toBe(agent.configText());
    const config = yaml.load(text) as any;
    expect(config.server.http_listen_port).toBe(3101);
    expect(config.clients[0].basic_auth.password_file).toBe('/etc/log-agent/secrets/loki-push/password');
    expect(config.scrape_configs.map((s: any) => s.job_name)).toEqual(['pods', 'node']);
    const annotation = one(manifests, 'DaemonSet').spec.template.metadata.annotations['checksum/config'];
    expect(annotation).toBe(createHash('sha256').update(text).digest('hex'));
    expect(text).not.toMatch(/password:/);
  });

  test('pipelines added after the agent still reach the config', () => {
    const chart = new MonitoringChart(Testing.app(), 'x', { partOf: 'platform', namespace: 'logging' });
    const collection = new LogCollection(chart, 'Logs', { clients: [LogClient.push({ url: 'http://loki:3100/loki/api/v1/push' })] });
    const job = collection.addJob('pods', { discovery: LogDiscovery.kubernetesPods() });
    new PromtailAgent(chart, 'Promtail', { collection });
    job.addPipeline(LogPipeline.of({ name: 'late', stages: [Stage.logfmt({ mapping: { level: '' } })] }));
    const config = yaml.load(one(synth(chart), 'ConfigMap').data['promtail.yaml']) as any;
    expect(config.scrape_configs[0].pipeline_stages).toEqual([{ cri: {} }, { logfmt: { mapping: { level: 'level' } } }]);
  });

  test('a job added after the agent that needs another host mount fails the synth', () => {
    const chart = new MonitoringChart(Testing.app(), 'x', { partOf: 'platform', namespace: 'logging' });
    const collection = new LogCollection(chart, 'Logs', { clients: [LogClient.push({ url: 'http://loki:3100/loki/api/v1/push' })] });
    collection.addJob('pods', { discovery: LogDiscovery.kubernetesPods() });
    new PromtailAgent(chart, 'Promtail', { collection });
    collection.addJob('audit', { discovery: LogDiscovery.staticFiles({ paths: ['/var/log/audit/audit.log'], labels: { job: 'audit' } }) });
    expect(() => synth(chart)).toThrow('[x/Promtail] collection: jobs added after the agent read /var/log/audit, which the agent does not mount; create the agent after adding every job (in a LoggingStack: give the job in its jobs prop)');
  });

  test('metrics: a headless Service and a ServiceMonitor valid against the CRD', () => {
    const { manifests, agent } = build();
    const svc = one(manifests, 'Service');
    expect(svc.spec.clusterIP).toBe('None');
    expect(svc.spec.ports).toEqual([{ name: 'http-metrics', port: 3101, targetPort: 3101 }]);
    const sm = one(manifests, 'ServiceMonitor');
    expect(crdSchemaErrors(sm)).toEqual([]);
    expect(sm.spec.endpoints).toEqual([{ port: 'http-metrics' }]);
    expect(sm.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'promtail', 'app.kubernetes.io/component': 'log-agent' });
    for (const [k, v] of Object.entries(sm.spec.selector.matchLabels)) expect(svc.metadata.labels![k]).toBe(v);
    expect(agent.agent).toBe(LogAgent.PROMTAIL);
  });

  test('serviceMonitor: false leaves it out', () => {
    const { manifests } = build({ serviceMonitor: false });
    expect(byKind(manifests, 'ServiceMonitor')).toHaveLength(0);
  });

  test('rejections name the path', () => {
    expect(() => build({ httpPort: 70000 })).toThrow('[x/Promtail] httpPort: must be an integer from 1 to 65535 (a TCP port); received 70000 (a number)');
    const state = (dir: string) => `[x/Promtail] positionsHostDirectory: the agent's state must be kept in "/var/lib/promtail" or a directory below it (an absolute, normalized path), which belongs to the agent alone on the node: it is mounted read-write, as root; received ${JSON.stringify(dir)}. Leave positionsHostDirectory undefined for "/var/lib/promtail"`;
    expect(() => build({ positionsHostDirectory: 'run/promtail' })).toThrow(state('run/promtail'));
    // the former default, and the directories a read-write root mount must never reach
    expect(() => build({ positionsHostDirectory: '/run/promtail' })).toThrow(state('/run/promtail'));
    expect(() => build({ positionsHostDirectory: '/etc' })).toThrow(state('/etc'));
    expect(() => build({ positionsHostDirectory: '/var/lib/promtail/../kubelet' })).toThrow(state('/var/lib/promtail/../kubelet'));
  });

  test('positions in a directory below /var/lib/promtail, mounted at the same path', () => {
    const { manifests, agent } = build({ positionsHostDirectory: '/var/lib/promtail/node/' });
    const spec = podSpec(manifests);
    expect(spec.volumes.find((v: any) => v.name === 'positions').hostPath).toEqual({ path: '/var/lib/promtail/node', type: 'DirectoryOrCreate' });
    expect(spec.containers[0].volumeMounts).toContainEqual({ mountPath: '/var/lib/promtail/node', name: 'positions' });
    expect((yaml.load(agent.configText()) as any).positions.filename).toBe('/var/lib/promtail/node/positions.yaml');
  });

  test('synthesizing twice gives the same bytes', () => {
    expect(yaml.dump(build().manifests)).toBe(yaml.dump(build().manifests));
  });

  test('LogAgent.PROMTAIL.create builds the same agent', () => {
    const chart = new MonitoringChart(Testing.app(), 'x', { partOf: 'platform', namespace: 'logging' });
    const collection = new LogCollection(chart, 'Logs', { clients: [LogClient.push({ url: 'http://loki:3100/loki/api/v1/push' })] });
    collection.addJob('pods', { discovery: LogDiscovery.kubernetesPods() });
    const agent = LogAgent.PROMTAIL.create(chart, 'Agent', { collection });
    expect(agent).toBeInstanceOf(PromtailAgent);
    expect(one(synth(chart), 'DaemonSet').spec.template.spec.containers[0].image).toBe(imageReference(IMAGES.promtail));
  });
});
