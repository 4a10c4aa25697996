import { Chart, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { MonitoringChart } from '../../lib';
import { addErp } from '../../apps/erp';
import { ERP_ALERT_LABELS } from '../../apps/erp/routing';
import { addFestivals } from '../../apps/festivals';
import { FESTIVALS_ALERT_LABELS } from '../../apps/festivals/routing';
import { addGasDelivery } from '../../apps/gas-delivery';
import { GAS_DELIVERY_ALERT_LABELS } from '../../apps/gas-delivery/routing';
import { ENVIRONMENTS, EnvironmentConfig } from '../../apps/environments';
import { addPlatformAlertmanager } from '../../apps/platform/alertmanager';
import { crdSchemaErrors } from '../util/schema';
import { Manifest, one, synth } from '../util/synth';
import { checkConfigSecret, configOf } from './amtool';
import { amtoolRoutesTest as routesTest } from '../util/tools';

const APPS = [
  { name: 'gas-delivery', add: addGasDelivery, labels: GAS_DELIVERY_ALERT_LABELS },
  { name: 'festivals', add: addFestivals, labels: FESTIVALS_ALERT_LABELS },
  { name: 'erp', add: addErp, labels: ERP_ALERT_LABELS },
];

// The whole applications, as apps/synth-all.ts builds them: routing expectations name their alerts.
function build(env: EnvironmentConfig) {
  const app = Testing.app();
  const charts = APPS.map((a) => {
    const monitoring = a.add(app, env);
    return { ...a, chart: Chart.of(monitoring), config: monitoring.routing };
  });
  const platform = new MonitoringChart(app, 'platform', { partOf: 'platform', namespace: 'monitoring' });
  const am = addPlatformAlertmanager(platform, env, charts.map((c) => c.config));
  return { app, charts, platform, am };
}

describe.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('alert routing of the reference applications (%s)', (_name, env) => {
  const { app, charts, platform, am } = build(env);
  // The whole app synthesizes: every cdk8s validation (references, coverage) passes.
  app.synthYaml();
  const secret = one(synth(platform), 'Secret', 'alertmanager-main');
  const config = configOf(secret);
  const parsed = yaml.load(config) as any;

  test('amtool check-config passes on the platform alertmanager.yaml', () => {
    const result = checkConfigSecret(secret);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.ok).toBe(true);
  });

  test('every declared routing test holds in amtool', () => {
    expect(am.routingTests.length).toBeGreaterThanOrEqual(3 + 5 + 5 + 6);
    for (const t of am.routingTests) {
      expect({ path: t.path, receivers: routesTest(config, t.labels) }).toEqual({ path: t.path, receivers: t.receivers });
    }
  });

  test.each(APPS.map((a) => a.name))('%s: AlertmanagerConfig is schema-valid and in its namespace', (name) => {
    const c = charts.find((x) => x.name === name)!;
    const cr: Manifest = one(synth(c.chart), 'AlertmanagerConfig', name);
    expect(cr.metadata.namespace).toBe(env.namespace(name));
    expect(crdSchemaErrors(cr)).toEqual([]);
  });

  test('every severity/team combination of the seeds reaches a route of its own', () => {
    for (const c of charts) expect({ app: c.name, findings: c.config.coverage(c.labels) }).toEqual({ app: c.name, findings: [] });
  });

  test('the application trees are hung under the root with their namespace', () => {
    const first = parsed.route.routes.slice(0, 3).map((r: any) => ({ matchers: r.matchers[0], continue: r.continue }));
    expect(first).toEqual(['erp', 'festivals', 'gas-delivery'].map((a) => ({ matchers: `namespace="${env.namespace(a)}"`, continue: true })));
  });

  test('no credential in any output: only *_file paths and Secret key selectors', () => {
    const everything = [secret, ...charts.flatMap((c) => synth(c.chart))].map((m) => JSON.stringify(m)).join('\n');
    expect(everything).not.toMatch(/hooks\.slack\.com|routing_key"|api_key"|auth_password"|"url":"https?:\/\/[^"]*@/);
    expect(am.secretsToMount).toEqual(env.paging
      ? ['erp-pagerduty', 'erp-slack', 'erp-smtp', 'festivals-pagerduty', 'festivals-slack', 'gas-delivery-alert-webhook', 'gas-delivery-pagerduty', 'platform-opsgenie', 'platform-slack']
      : ['erp-slack', 'erp-smtp', 'festivals-slack', 'gas-delivery-alert-webhook', 'platform-slack']);
  });

  if (!env.paging) {
    test('staging never pages: no PagerDuty or Opsgenie anywhere, and no routing test reaches one', () => {
      const outputs = [config, ...charts.flatMap((c) => synth(c.chart)).map((m) => JSON.stringify(m))];
      for (const o of outputs) expect(o).not.toMatch(/pagerduty_configs|opsgenie_configs|pagerdutyConfigs|opsgenieConfigs/);
      const byName = new Map<string, any>(parsed.receivers.map((r: any) => [r.name, r]));
      for (const t of am.routingTests) {
        for (const r of routesTest(config, t.labels)) {
          expect(Object.keys(byName.get(r)).filter((k) => /pagerduty|opsgenie/.test(k))).toEqual([]);
        }
      }
    });
  } else {
    test('production pages: critical alerts reach PagerDuty', () => {
      const byName = new Map<string, any>(parsed.receivers.map((r: any) => [r.name, r]));
      const reached = routesTest(config, { namespace: env.namespace('erp'), severity: 'critical', team: 'database', alertname: 'DatabaseDown' });
      expect(reached.some((r) => byName.get(r).pagerduty_configs)).toBe(true);
    });
  }
});
