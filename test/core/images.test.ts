import { Testing } from 'cdk8s';
import { MonitoringChart } from '../../lib/core';
import { IMAGES, imageReference, isPinnedImage, PinnedImage } from '../../lib/core/images';
import { BlackboxExporter, NginxExporter, PostgresExporter, RedisExporter } from '../../lib/exporters';
import { LogAgent, LogClient, LogCollection, LogDiscovery } from '../../lib/loki';
import { ALLOY_DEFAULT_IMAGE } from '../../lib/loki/alloy';
import { distFiles, Manifest, one, synth } from '../util/synth';

const TABLE: Array<[string, PinnedImage]> = Object.entries(IMAGES);
const REFERENCES = new Set(TABLE.map(([, image]) => imageReference(image)));

/** Every container image of the workloads of a list of objects, with where it is. */
function workloadImages(where: string, manifests: Manifest[]): Array<{ where: string; image: string }> {
  const podSpec = (m: Manifest): any => {
    switch (m.kind) {
      case 'Pod': return m.spec;
      case 'CronJob': return m.spec?.jobTemplate?.spec?.template?.spec;
      case 'Deployment': case 'DaemonSet': case 'StatefulSet': case 'ReplicaSet': case 'Job': return m.spec?.template?.spec;
      default: return undefined;
    }
  };
  return manifests.flatMap((m) => {
    const pod = podSpec(m);
    if (pod === undefined) return [];
    return [...(pod.initContainers ?? []), ...(pod.containers ?? [])].map((c: any) => ({ where: `${where} ${m.kind}/${m.metadata.name} container ${c.name}`, image: c.image }));
  });
}

describe('the image table (lib/core/images.ts)', () => {
  test.each(TABLE)('%s is pinned to a release tag, with its upstream source and the day it was checked', (_name, image) => {
    expect(isPinnedImage(imageReference(image))).toBe(true);
    expect(image.repository).toMatch(/^[a-z0-9.-]+\.[a-z]+\/[a-z0-9._/-]+$/); // a registry host, never an implied Docker Hub
    expect(image.source).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
    expect(image.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(new Date(`${image.checked}T00:00:00Z`).toISOString().slice(0, 10)).toBe(image.checked);
  });

  test('every workload of every synthesized app runs an image of the table', () => {
    const images = Object.entries(distFiles()).flatMap(([file, manifests]) => workloadImages(file, manifests));
    expect(images.length).toBeGreaterThan(0);
    expect(images.filter((i) => !REFERENCES.has(i.image)).map((i) => `${i.where}: ${i.image}`)).toEqual([]);
    expect(images.filter((i) => !isPinnedImage(i.image)).map((i) => `${i.where}: ${i.image}`)).toEqual([]);
  });

  test('the public default images are read from the table', () => {
    expect(BlackboxExporter.DEFAULT_IMAGE).toBe(imageReference(IMAGES.blackboxExporter));
    expect(PostgresExporter.DEFAULT_IMAGE).toBe(imageReference(IMAGES.postgresExporter));
    expect(RedisExporter.DEFAULT_IMAGE).toBe(imageReference(IMAGES.redisExporter));
    expect(NginxExporter.DEFAULT_IMAGE).toBe(imageReference(IMAGES.nginxExporter));
    expect(ALLOY_DEFAULT_IMAGE).toBe(imageReference(IMAGES.alloy));
  });

  test('each agent runs its table image when given none (Promtail is not in the reference apps)', () => {
    for (const [agent, image] of [[LogAgent.PROMTAIL, IMAGES.promtail], [LogAgent.ALLOY, IMAGES.alloy]] as const) {
      const chart = new MonitoringChart(Testing.app(), 'x', { partOf: 'platform', namespace: 'logging' });
      const collection = new LogCollection(chart, 'Logs', { clients: [LogClient.push({ url: 'http://loki:3100/loki/api/v1/push' })] });
      collection.addJob('pods', { discovery: LogDiscovery.kubernetesPods() });
      agent.create(chart, 'Agent', { collection });
      expect(workloadImages('x', [one(synth(chart), 'DaemonSet')]).map((i) => i.image)).toEqual([imageReference(image)]);
    }
  });

  test('a tag other than latest, or a digest, is pinned; no tag, latest or a registry port alone is not', () => {
    expect(isPinnedImage('docker.io/grafana/alloy:v1.18.1')).toBe(true);
    expect(isPinnedImage(`docker.io/grafana/alloy@sha256:${'a'.repeat(64)}`)).toBe(true);
    expect(isPinnedImage('registry.local:5000/grafana/alloy:v1.18.1')).toBe(true);
    expect(isPinnedImage('docker.io/grafana/alloy')).toBe(false);
    expect(isPinnedImage('docker.io/grafana/alloy:latest')).toBe(false);
    expect(isPinnedImage('registry.local:5000/grafana/alloy')).toBe(false);
    expect(isPinnedImage('docker.io/grafana/alloy@sha256:abc')).toBe(false);
  });
});
