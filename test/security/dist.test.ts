import * as path from 'path';
import { PrometheusPods } from '../../lib/core';
import { distFiles, Manifest } from '../util/synth';
import { classifyWorkload, describeViolation, ingressGaps, isWorkload, rbacFindings } from './pod-security';

// The Pod Security level of every workload GitOps applies (dist/), the RBAC it grants and the network
// access it allows, checked with the small classifier of ./pod-security.ts (whose own tests plant each
// violation). The documented levels are the README's table: every workload meets `restricted` but the log
// agent that tails the nodes' files, which is `privileged` only because of its hostPath volumes (read-only
// log directories and its own state directory) and, below that, runs as root.

const files = Object.entries(distFiles()).map(([file, list]) => ({ file, manifests: list.filter((m) => m) }));
const workloads = files.flatMap(({ file, manifests }) => manifests.filter(isWorkload).map((m) => ({ file, m, manifests })));
/** `erp Deployment/postgres-exporter`: the same in both environments. */
const keyOf = (file: string, m: Manifest) => `${path.basename(file, '.k8s.yaml')} ${m.kind}/${m.metadata.name}`;

const ALLOY_FILES_AGENT = [
  'baseline/HostPath Volumes: volume "storage": hostPath /var/lib/alloy (read-write in "alloy")',
  'baseline/HostPath Volumes: volume "host-0": hostPath /var/log/pods (read-only in "alloy")',
  'restricted/Volume Types: volume "storage": hostPath',
  'restricted/Volume Types: volume "host-0": hostPath',
  'restricted/Running as Non-root: container "alloy": runAsNonRoot=false (pod: false)',
  'restricted/Running as Non-root user: pod: runAsUser=0',
  'restricted/Running as Non-root user: container "alloy": runAsUser=0',
];

/** The documented level of each workload, and what takes it below `restricted`. */
const DOCUMENTED: { [workload: string]: { level: string; violations: string[] } } = {
  'erp Deployment/postgres-exporter': { level: 'restricted', violations: [] },
  'erp Deployment/blackbox-exporter': { level: 'restricted', violations: [] },
  'festivals Deployment/blackbox-exporter': { level: 'restricted', violations: [] },
  'gas-delivery Deployment/postgres-exporter': { level: 'restricted', violations: [] },
  'gas-delivery Deployment/redis-exporter': { level: 'restricted', violations: [] },
  'gas-delivery Deployment/nginx-exporter': { level: 'restricted', violations: [] },
  'platform DaemonSet/platform-logging-agent-daemonset-c85a9434': { level: 'privileged', violations: ALLOY_FILES_AGENT },
};

describe('Pod Security of dist/', () => {
  test('every workload meets its documented level, for the documented reasons, in both environments', () => {
    for (const env of ['production', 'staging']) {
      const found = Object.fromEntries(workloads.filter((w) => w.file.startsWith(`${env}${path.sep}`)).map((w) => {
        const { level, violations } = classifyWorkload(w.m);
        return [keyOf(w.file, w.m), { level, violations: violations.map(describeViolation) }];
      }));
      expect({ env, found }).toEqual({ env, found: DOCUMENTED });
    }
  });

  test('only node log agents leave restricted, only through hostPath: read-only log directories and their own state directory', () => {
    for (const { file, m } of workloads) {
      const { level, violations } = classifyWorkload(m);
      if (level === 'restricted') continue;
      const where = `${file} ${m.kind}/${m.metadata.name}`;
      expect({ where, kind: m.kind, baseline: [...new Set(violations.filter((v) => v.level === 'baseline').map((v) => v.control))] })
        .toEqual({ where, kind: 'DaemonSet', baseline: ['HostPath Volumes'] });
      const spec = m.spec.template.spec;
      const [container] = spec.containers;
      for (const volume of spec.volumes.filter((v: any) => v.hostPath)) {
        const mounts = container.volumeMounts.filter((mount: any) => mount.name === volume.name);
        const hostPath: string = volume.hostPath.path;
        const logs = mounts.every((mount: any) => mount.readOnly === true) && (hostPath === '/var/log' || hostPath.startsWith('/var/log/'));
        const state = hostPath === `/var/lib/${container.name}` || hostPath.startsWith(`/var/lib/${container.name}/`);
        expect({ where, volume: volume.name, hostPath, allowed: logs || state }).toEqual({ where, volume: volume.name, hostPath, allowed: true });
      }
    }
  });

  test('there are workloads to check: the exporters and the log agent of both environments', () => {
    expect(workloads.map((w) => w.m.kind).sort()).toEqual([...Array(12).fill('Deployment'), 'DaemonSet', 'DaemonSet'].sort());
  });

  test('every Namespace the output creates carries a Pod Security admission level', () => {
    const namespaces = files.flatMap(({ manifests }) => manifests.filter((m) => m.kind === 'Namespace'));
    for (const ns of namespaces) expect({ ns: ns.metadata.name, enforce: ns.metadata.labels?.['pod-security.kubernetes.io/enforce'] }).toEqual({ ns: ns.metadata.name, enforce: expect.any(String) });
  });
});

describe('RBAC of dist/', () => {
  test('no wildcard verb, resource or API group; no Secret read cluster-wide', () => {
    for (const { file, manifests } of files) expect({ file, findings: rbacFindings(manifests) }).toEqual({ file, findings: [] });
  });

  test('the log agent\'s ClusterRole is there to be checked', () => {
    const roles = files.flatMap(({ manifests }) => manifests.filter((m) => m.kind === 'ClusterRole'));
    expect(roles.map((r) => r.rules)).toEqual([0, 1].map(() => [{ apiGroups: [''], resources: ['pods'], resourceNames: [], verbs: ['get', 'list', 'watch'] }]));
  });
});

describe('NetworkPolicies of dist/', () => {
  const prometheus = PrometheusPods.kubePrometheusStack();

  test('every exporter and agent admits only Prometheus, only on its declared ports', () => {
    for (const { file, m, manifests } of workloads) {
      expect({ file, gaps: ingressGaps(m, manifests, prometheus) }).toEqual({ file, gaps: [] });
    }
  });

  test('one NetworkPolicy per workload, carrying the standard labels', () => {
    const policies = files.flatMap(({ manifests }) => manifests.filter((m) => m.kind === 'NetworkPolicy'));
    expect(policies).toHaveLength(workloads.length);
    for (const p of policies) expect(Object.keys(p.metadata.labels ?? {}).sort()).toEqual(['app.kubernetes.io/managed-by', 'app.kubernetes.io/part-of']);
  });
});
