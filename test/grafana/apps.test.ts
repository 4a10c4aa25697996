import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { addDashboards as erpDashboards } from '../../apps/erp/dashboards';
import { addDashboards as festivalsDashboards } from '../../apps/festivals/dashboards';
import { addDashboards as gasDeliveryDashboards } from '../../apps/gas-delivery/dashboards';
import { addGrafanaDatasources } from '../../apps/platform/grafana';
import { ENVIRONMENTS, EnvironmentConfig } from '../../apps/environments';
import { MonitoringChart } from '../../lib';
import { Construct } from 'constructs';
import { byKind, Manifest, ROOT, synth } from '../util/synth';
import { parser as logqlParser } from '@grafana/lezer-logql';
import { allPanels, schema41Rewrites } from './helpers';

type SeedPanel = { title: string; type: string; queries: string[] };
type Seed = { app: string; namespace: string; dashboards: Array<{ title: string; panels: SeedPanel[] }> };

const APPS: Array<[string, (scope: Construct, env: EnvironmentConfig) => void]> = [
  ['gas-delivery', gasDeliveryDashboards],
  ['festivals', festivalsDashboards],
  ['erp', erpDashboards],
];

/**
 * Panels whose seed query was deliberately fixed (each fix is explained in the app's dashboards.ts);
 * every other seed query must be shipped as written (template variables set to the seed's values).
 */
const FIXED_QUERIES: { [app: string]: string[] } = {
  'gas-delivery': ['Active Customers', 'Delivery Performance', 'Order Fulfillment Rate', 'Cache Hit Rate'],
  'festivals': [],
  'erp': ['API Response Time (p95)', 'Error Rate', 'Barcode Scan Success Rate', 'Active Database Connections', 'Battery Usage per Hour', 'Barcode Scan Latency', 'Active SPKs by Status'],
};

const DEPRECATED = ['graph', 'singlestat', 'grafana-worldmap-panel', 'worldmap', 'pie', 'grafana-piechart-panel'];

function seed(app: string): Seed {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'apps', 'seeds', `${app}.json`), 'utf8'));
}

function dashboards(manifests: Manifest[]): any[] {
  return byKind(manifests, 'ConfigMap').filter((m) => m.metadata.labels?.grafana_dashboard === '1').map((m) => {
    const keys = Object.keys(m.data);
    expect(keys).toHaveLength(1);
    return JSON.parse(m.data[keys[0]]);
  });
}

function normalize(query: string): string {
  return query.replace(/\s+/g, '');
}

/** A query with template variables replaced by their default values (the namespace by the seed's). */
function substitute(query: string, dashboard: any, seedNamespace: string): string {
  return query.replace(/\$(\w+)/g, (m, name) => {
    if (name === 'namespace') return seedNamespace;
    const v = dashboard.templating.list.find((x: any) => x.name === name);
    return v?.current?.value ?? m;
  });
}

describe.each(APPS)('%s dashboards', (app, add) => {
  const s = seed(app);
  test.each(ENVIRONMENTS.map((e) => [e.name, e] as [string, EnvironmentConfig]))('%s: every seed dashboard, panel and query is shipped', (_name, env) => {
    const cdkApp = Testing.app();
    const platform = new MonitoringChart(cdkApp, 'platform', { partOf: 'platform', namespace: 'monitoring' });
    addGrafanaDatasources(platform, env);
    const chart = new MonitoringChart(cdkApp, app, { partOf: app, namespace: env.namespace(app) });
    add(chart, env);
    const shipped = dashboards(synth(chart));
    const uids = shipped.map((d) => d.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const seedDashboard of s.dashboards) {
      const dashboard = shipped.find((d) => d.title === seedDashboard.title);
      expect(dashboard).toBeDefined();
      const panels = allPanels(dashboard);
      for (const seedPanel of seedDashboard.panels) {
        const p = panels.find((x: any) => x.title === seedPanel.title);
        if (!p) throw new Error(`${app}: panel ${JSON.stringify(seedPanel.title)} missing from ${JSON.stringify(seedDashboard.title)}`);
        const successor = seedPanel.type.split('->')[1].trim();
        expect([seedPanel.title, p.type]).toEqual([seedPanel.title, successor]);
        const queries = p.targets.map((t: any) => normalize(substitute(t.expr, dashboard, s.namespace)));
        const verbatim = seedPanel.queries.every((q) => queries.includes(normalize(q)));
        expect([seedPanel.title, verbatim]).toEqual([seedPanel.title, !FIXED_QUERIES[app].includes(seedPanel.title)]);
      }
    }
    for (const d of shipped) {
      for (const p of allPanels(d)) expect(DEPRECATED).not.toContain(p.type);
      expect(d.schemaVersion).toBe(41);
      // in the form of schema 41: nothing Grafana's migrations up to 41 or its Prometheus annotation support rewrite
      expect([d.title, schema41Rewrites(d)]).toEqual([d.title, []]);
    }
  });
});

test('platform datasources match the uids the dashboards use', () => {
  const chart = new MonitoringChart(Testing.app(), 'platform', { partOf: 'platform', namespace: 'monitoring' });
  addGrafanaDatasources(chart, ENVIRONMENTS[0]);
  const cm = synth(chart).find((m) => m.kind === 'ConfigMap' && m.metadata.labels?.grafana_datasource === '1')!;
  expect(cm.data['datasources.yaml']).toContain('uid: prometheus');
  expect(cm.data['datasources.yaml']).toContain('uid: loki');
  expect(cm.data['datasources.yaml']).toContain('uid: alertmanager');
});

test('erp: the System Health Overview has the uid the seed alerts link to', () => {
  const chart = new MonitoringChart(Testing.app(), 'erp', { partOf: 'erp', namespace: 'erp' });
  erpDashboards(chart, ENVIRONMENTS[1]);
  const health = dashboards(synth(chart)).find((d) => d.title === 'System Health Overview');
  expect(health.uid).toBe('api-health');
});

/** The stream selector matchers (`label`, operator, unquoted value) of every Loki target of the dashboards. */
function lokiSelectors(shipped: any[]): Array<{ panel: string; expr: string; matchers: Array<[string, string, string]> }> {
  const out: Array<{ panel: string; expr: string; matchers: Array<[string, string, string]> }> = [];
  for (const d of shipped) {
    for (const p of allPanels(d)) {
      for (const t of p.targets ?? []) {
        const ds = t.datasource ?? p.datasource;
        if (ds?.type !== 'loki') continue;
        // Grafana's range variables are not LogQL: give the parser a duration in their place.
        const text = String(t.expr).replace(/\$__(auto|interval|range|rate_interval)/g, '5m');
        const matchers: Array<[string, string, string]> = [];
        logqlParser.parse(text).iterate({
          enter: (n) => {
            if (n.name !== 'Matcher') return;
            const m = /^\s*(\w+)\s*(=~|!~|!=|=)\s*"(.*)"\s*$/.exec(text.slice(n.from, n.to));
            if (m) matchers.push([m[1], m[2], m[3]]);
          },
        });
        out.push({ panel: `${d.title} / ${p.title}`, expr: t.expr, matchers });
      }
    }
  }
  return out;
}

describe.each(APPS)('%s log panels', (app, add) => {
  test.each(ENVIRONMENTS.map((e) => [e.name, e] as [string, EnvironmentConfig]))('%s: every Loki query selects the app namespace, and no bare job (the pipeline sets job to <namespace>/<app>)', (_name, env) => {
    const chart = new MonitoringChart(Testing.app(), app, { partOf: app, namespace: env.namespace(app) });
    add(chart, env);
    const selectors = lokiSelectors(dashboards(synth(chart)));
    expect(selectors.length).toBeGreaterThan(0);
    for (const s of selectors) {
      const namespace = s.matchers.filter(([l, op]) => l === 'namespace' && op === '=').map(([, , v]) => v);
      expect([s.panel, s.expr, namespace.every((v) => v === '$namespace' || v === env.namespace(app)) && namespace.length > 0]).toEqual([s.panel, s.expr, true]);
      const jobs = s.matchers.filter(([l]) => l === 'job').map(([, , v]) => v);
      expect([s.panel, jobs.filter((v) => !v.includes('/'))]).toEqual([s.panel, []]);
    }
  });
});

test('gas-delivery: the runbook\'s "check error logs" is a logs panel, as a line filter and as a JSON levelname filter, over the backend', () => {
  const env = ENVIRONMENTS[0];
  const chart = new MonitoringChart(Testing.app(), 'gas-delivery', { partOf: 'gas-delivery', namespace: env.namespace('gas-delivery') });
  gasDeliveryDashboards(chart, env);
  const logs = dashboards(synth(chart)).find((d) => d.title === 'Lucky Gas Logs');
  const logsPanels = allPanels(logs).filter((p: any) => p.type === 'logs').map((p: any) => normalize(p.targets[0].expr));
  expect(logsPanels).toContain(normalize('{namespace="$namespace", app="backend"} |= "ERROR"'));
  expect(logsPanels).toContain(normalize('{namespace="$namespace", app="backend"} | json | levelname="ERROR"'));
});
