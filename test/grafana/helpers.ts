import { Testing } from 'cdk8s';
import { MonitoringChart } from '../../lib';
import { Dashboard } from '../../lib/grafana';
import { byKind, Manifest, synth } from '../util/synth';

/** A chart as the apps build them. */
export function chart(partOf = 'shop', namespace = 'shop'): MonitoringChart {
  return new MonitoringChart(Testing.app(), partOf, { partOf, namespace });
}

/** The dashboard JSON shipped in a ConfigMap, parsed. */
export function dashboardOf(manifests: Manifest[], uid: string): any {
  const cm = byKind(manifests, 'ConfigMap').find((m) => m.data && m.data[`${uid}.json`] !== undefined);
  if (!cm) throw new Error(`no ConfigMap with ${uid}.json among ${manifests.map((m) => m.metadata.name).join(', ')}`);
  return JSON.parse(cm.data[`${uid}.json`]);
}

/** Synthesizes the chart of a dashboard and returns its parsed JSON. */
export function render(dashboard: Dashboard): any {
  return dashboardOf(synth(dashboard.node.scope as MonitoringChart), dashboard.uid);
}

/** Panels of a dashboard JSON, including those inside collapsed rows, rows excluded. */
export function allPanels(json: any): any[] {
  return json.panels.flatMap((p: any) => (p.type === 'row' ? p.panels : [p]));
}

/** A panel by title. */
export function panel(json: any, title: string): any {
  const found = [...allPanels(json), ...json.panels].filter((p: any) => p.title === title);
  if (found.length === 0) throw new Error(`no panel ${title}`);
  return found[0];
}

/** Seeded pseudo-random numbers (mulberry32), for property tests that are the same every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
