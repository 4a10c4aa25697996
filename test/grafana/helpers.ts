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

/**
 * What Grafana would still rewrite in a dashboard JSON that declares schemaVersion 41, when it loads it: the
 * parts of its migrations up to 41 (grafana/grafana apps/dashboard/pkg/migration/schemaversion/v36.go to
 * v41.go, the backend twins of DashboardMigrator) and of the Prometheus annotation support
 * (packages/grafana-prometheus/src/annotations.ts `prepareAnnotation`) that bear on what the library renders.
 * A dashboard that declares 41 is never migrated by them again, so each finding is a form Grafana no longer
 * reads as meant. Empty when the JSON is in the form of 41.
 */
export function schema41Rewrites(json: any): string[] {
  const out: string[] = [];
  const isRef = (ds: any) => ds !== null && typeof ds === 'object' && typeof ds.uid === 'string' && typeof ds.type === 'string';
  // v40: refresh is a string; v41: timepicker.time_options is gone
  if (typeof json.refresh !== 'string') out.push(`refresh: ${JSON.stringify(json.refresh)} is not a string (v40)`);
  if (json.timepicker?.time_options !== undefined) out.push('timepicker.time_options (removed by v41)');
  // v36: datasource references are objects; Prometheus annotations keep their query in target
  (json.annotations?.list ?? []).forEach((a: any, i: number) => {
    if (!isRef(a.datasource)) out.push(`annotations.list[${i}].datasource: not a { type, uid } reference (v36)`);
    if (a.datasource?.type === 'prometheus') {
      for (const legacy of ['expr', 'step']) if (a[legacy] !== undefined) out.push(`annotations.list[${i}].${legacy}: the query belongs in target (prepareAnnotation moves it)`);
      if (typeof a.target?.expr !== 'string' || typeof a.target?.refId !== 'string' || a.target.refId === '') out.push(`annotations.list[${i}].target: no expr and refId`);
    }
  });
  (json.templating?.list ?? []).forEach((v: any, i: number) => {
    if (v.type === 'query' && !isRef(v.datasource)) out.push(`templating.list[${i}].datasource: not a { type, uid } reference (v36)`);
  });
  for (const p of allPanels(json)) {
    const at = `panel ${JSON.stringify(p.title)}`;
    if (p.type !== 'text' && (p.targets ?? []).length > 0) {
      if (!isRef(p.datasource)) out.push(`${at} datasource: not a { type, uid } reference (v36)`);
      (p.targets ?? []).forEach((t: any, i: number) => { if (!isRef(t.datasource)) out.push(`${at} targets[${i}].datasource: not a { type, uid } reference (v36)`); });
    }
    // v37: a legend is an object; hidden is showLegend: false with the list display mode
    const legend = p.options?.legend;
    if (typeof legend === 'boolean') out.push(`${at} options.legend: a boolean (v37)`);
    if (legend?.displayMode !== undefined) {
      if (legend.displayMode === 'hidden') out.push(`${at} options.legend.displayMode: "hidden" (v37: showLegend false)`);
      if (typeof legend.showLegend !== 'boolean') out.push(`${at} options.legend.showLegend: missing (v37)`);
      if (legend.showLegend === false && legend.displayMode !== 'list') out.push(`${at} options.legend: hidden with displayMode ${JSON.stringify(legend.displayMode)} (v37: list)`);
    }
    // v38: table cells are cellOptions, not displayMode
    if (p.type === 'table') {
      if (p.fieldConfig?.defaults?.custom?.displayMode !== undefined) out.push(`${at} fieldConfig.defaults.custom.displayMode (v38: cellOptions)`);
      for (const o of p.fieldConfig?.overrides ?? []) for (const prop of o.properties ?? []) if (prop.id === 'custom.displayMode') out.push(`${at} override custom.displayMode (v38: custom.cellOptions)`);
    }
    // v39: timeSeriesTable options per refId
    for (const t of p.transformations ?? []) if (t.id === 'timeSeriesTable' && t.options?.refIdToStat !== undefined) out.push(`${at} timeSeriesTable refIdToStat (v39)`);
  }
  return out;
}
