import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { deliveryTable, EnvironmentDelivery, LabelSource, proveDelivery, tablePath } from '../delivery/delivery';
import { amtoolRoutesTest, TOOL_VERSIONS } from '../util/tools';

// The delivery proof of the reference apps (see test/delivery/delivery.ts): the labels promtool gives each
// alert, routed by amtool through the platform's rendered alertmanager.yaml. Nothing here assumes a label.

const PAGING_INTEGRATIONS = ['pagerduty_configs', 'opsgenie_configs'];

let environments: EnvironmentDelivery[];
const env = (name: string) => environments.find((e) => e.environment === name)!;
const show = (a: { application: string; alertname: string; severity: string; receivers: string[] }) => `${a.application}/${a.alertname} (${a.severity}) -> ${a.receivers.join(', ')}`;

beforeAll(async () => {
  environments = await proveDelivery({ promtool: TOOL_VERSIONS[0].promtool, amtool: TOOL_VERSIONS[0].amtool });
}, 300000);

/** Every alerting rule in the committed dist/ of an app: PrometheusRules and Loki rule files, as `name (severity)`. */
function distAlerts(environment: string, application: string): string[] {
  const docs = yaml.loadAll(fs.readFileSync(path.join(__dirname, '..', '..', 'dist', environment, `${application}.k8s.yaml`), 'utf8')) as any[];
  const groups = docs.flatMap((d) => {
    if (d?.kind === 'PrometheusRule') return d.spec.groups;
    if (d?.kind === 'ConfigMap') return Object.values(d.data ?? {}).flatMap((v) => ((yaml.load(String(v)) as any)?.groups ?? []));
    return [];
  });
  return groups.flatMap((g: any) => g.rules.filter((r: any) => r.alert).map((r: any) => `${r.alert} (${r.labels.severity})`)).sort();
}

test('every alerting rule of every app is in the proof, in both environments', () => {
  for (const e of environments) {
    for (const application of ['gas-delivery', 'festivals', 'erp']) {
      const proven = e.alerts.filter((a) => a.application === application).map((a) => `${a.alertname} (${a.severity})`).sort();
      expect(proven).toEqual(distAlerts(e.environment, application));
    }
  }
  // most labels come from promtool firing the rule, not from our own analysis
  const fromPromtool = env('production').alerts.filter((a) => a.source !== LabelSource.ANALYSIS).length;
  expect(fromPromtool / env('production').alerts.length).toBeGreaterThan(0.75);
});

test('production: every critical alert reaches a paging integration', () => {
  const critical = env('production').alerts.filter((a) => a.severity === 'critical');
  expect(critical.length).toBeGreaterThan(20);
  expect(critical.filter((a) => !a.pages).map(show)).toEqual([]);
});

test('every alert reaches a receiver of its application, not only the platform default', () => {
  for (const e of environments) {
    const unrouted = e.alerts.filter((a) => a.receivers.length === 0 || a.receivers.every((r) => r === e.defaultReceiver));
    expect(unrouted.map(show)).toEqual([]);
    // and only its own application's receivers: `<namespace>/<config>/<receiver>`
    const foreign = e.alerts.filter((a) => a.receivers.some((r) => r !== e.defaultReceiver && a.labels.namespace !== undefined && !r.startsWith(`${a.labels.namespace}/`)));
    expect(foreign.map(show)).toEqual([]);
  }
});

test('staging: nothing pages, and its alertmanager.yaml has no paging integration at all', () => {
  expect(env('staging').alerts.filter((a) => a.pages).map(show)).toEqual([]);
  const receivers = (yaml.load(env('staging').config) as any).receivers as Array<{ [key: string]: unknown }>;
  expect(receivers.flatMap((r) => PAGING_INTEGRATIONS.filter((k) => k in r).map((k) => `${r.name}: ${k}`))).toEqual([]);
});

test('the other amtool version (LTS 0.33 beside bookworm\'s 0.25) routes every alert the same way', () => {
  for (const e of environments) {
    const differing = e.alerts.filter((a) => amtoolRoutesTest(e.config, a.labels, TOOL_VERSIONS[1]).join(',') !== a.receivers.join(','));
    expect(differing.map(show)).toEqual([]);
  }
});

test('the committed alert delivery tables are current (npm run delivery writes them)', () => {
  for (const application of ['gas-delivery', 'festivals', 'erp']) {
    const expected = deliveryTable(application, environments);
    const committed = fs.existsSync(tablePath(application)) ? fs.readFileSync(tablePath(application), 'utf8') : '';
    if (committed !== expected) throw new Error(`${tablePath(application)} is stale: run 'npm run delivery' and commit it`);
  }
});
