import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ENVIRONMENTS, EnvironmentConfig } from '../../apps/environments';
import * as erp from '../../apps/erp/metrics';
import * as festivals from '../../apps/festivals/metrics';
import * as gasDelivery from '../../apps/gas-delivery/metrics';
import { LintFinding, MetricCatalogue, QueryLint } from '../../lib/catalogue';
import { MonitoringChart, QueryRegistry } from '../../lib/core';
import { ROOT } from '../util/synth';

const APPS: { [app: string]: { catalogue: () => MetricCatalogue; extra: MetricCatalogue[] } } = {
  'gas-delivery': { catalogue: gasDelivery.metricCatalogue, extra: [] },
  'festivals': { catalogue: festivals.metricCatalogue, extra: [] },
  'erp': { catalogue: erp.metricCatalogue, extra: [erp.mobileBridgeCatalogue()] },
};

type Add = (scope: Construct, env: EnvironmentConfig) => void;

/** The app's alerts, dashboards and SLOs (those already written), in a chart with the lint attached. */
function build(app: string, env: EnvironmentConfig): { lint: QueryLint; chart: MonitoringChart; parts: string[] } {
  const chart = new MonitoringChart(Testing.app(), app, { partOf: app, namespace: env.namespace(app) });
  const lint = new QueryLint(chart, 'QueryLint', { catalogues: [APPS[app].catalogue()] });
  const parts: string[] = [];
  for (const part of ['alerts', 'dashboards', 'slos']) {
    if (!fs.existsSync(path.join(ROOT, 'apps', app, `${part}.ts`))) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const add = require(`../../apps/${app}/${part}`)[`add${part[0].toUpperCase()}${part.slice(1)}`] as Add;
    add(chart, env);
    parts.push(part);
  }
  return { lint, chart, parts };
}

const summary = (f: LintFinding) => `${f.path} ${f.field} ${f.check}: ${f.detail.split(':')[0]}`;

describe.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('the reference applications with the query lint (%s)', (_name, env) => {
  test('gas-delivery: every query names exported metrics and labels, and every alert is complete', () => {
    const { lint, chart, parts } = build('gas-delivery', env);
    expect(parts).toEqual(expect.arrayContaining(['alerts', 'dashboards']));
    expect(QueryRegistry.promqlUnder(chart).length).toBeGreaterThan(10);
    expect(lint.findings().map(summary)).toEqual([]);
  });

  test('festivals: every query names exported metrics and labels, and every alert is complete', () => {
    const { lint, chart, parts } = build('festivals', env);
    expect(parts).toEqual(expect.arrayContaining(['alerts', 'dashboards']));
    expect(QueryRegistry.promqlUnder(chart).length).toBeGreaterThan(10);
    expect(lint.findings().map(summary)).toEqual([]);
  });

  test("erp: the only findings are the mobile metrics, which no Prometheus scrapes (the seed keeps them in Firebase)", () => {
    const { lint, parts } = build('erp', env);
    expect(parts).toEqual(expect.arrayContaining(['alerts', 'dashboards']));
    const findings = lint.findings();
    expect(findings.map(summary)).toEqual([
      'erp/Alerts/warning_alerts/MobileAppCrashRateElevated expr unknown-metric: unknown metric "mobile_app_crashes_total"',
      'erp/MobileDashboard/AppCrashRate targets[0].expr unknown-metric: unknown metric "mobile_app_crashes_total"',
      'erp/MobileDashboard/ActiveSessions targets[0].expr unknown-metric: unknown metric "mobile_app_active_sessions"',
      'erp/MobileDashboard/BarcodeScanLatency targets[0].expr unknown-metric: unknown metric "barcode_scan_duration_ms_bucket"',
      'erp/MobileDashboard/BatteryUsagePerHour targets[0].expr unknown-metric: unknown metric "battery_usage_percent"',
      'erp/MobileDashboard/NetworkTypeDistribution targets[0].expr unknown-metric: unknown metric "mobile_network_type_count"',
    ]);
    // with a bridge exporting them, the same queries pass
    lint.addCatalogue(erp.mobileBridgeCatalogue());
    expect(lint.findings().map(summary)).toEqual([]);
  });
});

describe('the application catalogues', () => {
  test.each(Object.keys(APPS))("%s declares every metric of its seed inventory with the inventory's type and labels", (app) => {
    const inventory = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'apps', 'seeds', `${app}.json`), 'utf8'));
    const catalogue = MetricCatalogue.merge(app, [APPS[app].catalogue(), ...APPS[app].extra]);
    const wrong: string[] = [];
    for (const m of inventory.metrics as Array<{ name: string; type: string; labels: string[] }>) {
      const declared = catalogue.metrics.find((d) => d.name === m.name);
      if (!declared) {
        wrong.push(`${m.name}: missing`);
        continue;
      }
      if (declared.type !== m.type) wrong.push(`${m.name}: ${declared.type}, inventory says ${m.type}`);
      const own = m.labels.filter((l) => !['job', 'instance'].includes(l));
      const missingLabels = declared.labels === undefined ? [] : own.filter((l) => !declared.labels!.includes(l));
      if (missingLabels.length > 0) wrong.push(`${m.name}: labels ${missingLabels.join(', ')} missing`);
    }
    // the one metric a seed uses that its exporter does not export
    expect(wrong).toEqual(app === 'erp' ? ['pg_stat_statements_mean_exec_time: missing'] : []);
  });
});
