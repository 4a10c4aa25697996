import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ENVIRONMENTS, EnvironmentConfig } from '../../apps/environments';
import * as erp from '../../apps/erp/metrics';
import * as festivals from '../../apps/festivals/metrics';
import * as gasDelivery from '../../apps/gas-delivery/metrics';
import { Check, LintFinding, MetricCatalogue, QueryLint, SKIP_ANNOTATION, StandardCatalogues } from '../../lib/catalogue';
import { ConstructQueries, MonitoringChart } from '../../lib/core';
import { PostgresExporter } from '../../lib/exporters';
import { ROOT, synth } from '../util/synth';

const APPS: { [app: string]: { catalogue: () => MetricCatalogue; extra: MetricCatalogue[] } } = {
  'gas-delivery': { catalogue: gasDelivery.metricCatalogue, extra: [] },
  'festivals': { catalogue: festivals.metricCatalogue, extra: [] },
  'erp': { catalogue: erp.metricCatalogue, extra: [] },
};

type Add = (scope: Construct, env: EnvironmentConfig) => void;

/** The app's alerts, dashboards and SLOs (those already written), in a chart with the lint attached. */
function build(app: string, env: EnvironmentConfig): { lint: QueryLint; chart: MonitoringChart; parts: string[] } {
  const chart = new MonitoringChart(Testing.app(), app, { partOf: app, namespace: env.namespace(app) });
  const lint = new QueryLint(chart, 'QueryLint', { catalogues: [APPS[app].catalogue()] });
  const parts: string[] = [];
  for (const part of ['exporters', 'alerts', 'dashboards', 'slos']) {
    if (!fs.existsSync(path.join(ROOT, 'apps', app, `${part}.ts`))) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const add = require(`../../apps/${app}/${part}`)[`add${part[0].toUpperCase()}${part.slice(1)}`] as Add;
    add(chart, env);
    parts.push(part);
  }
  return { lint, chart, parts };
}

const summary = (f: LintFinding) => `${f.path} ${f.field} ${f.check}: ${f.detail.split(':')[0]}`;

/** Accepted findings that are by design: burn-rate alerts of SLOs have no `for` (lib/slo gives the reason). */
const sloBurnRateWithoutFor = (f: LintFinding) => f.check === Check.ALERT_FOR && /\/Rules\/slo-alerts-[^/]+\/[A-Za-z]+ErrorBudgetBurn(-2)?$/.test(f.path) && /burn-rate/.test(f.suppressedBecause ?? '');

describe.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('the reference applications with the query lint (%s)', (_name, env) => {
  test.each(['gas-delivery', 'festivals'])('%s: every query names exported metrics and labels, and every alert is complete', (app) => {
    const { lint, chart, parts } = build(app, env);
    expect(parts).toEqual(expect.arrayContaining(['alerts', 'dashboards']));
    expect(ConstructQueries.promqlUnder(chart).length).toBeGreaterThan(10);
    const findings = lint.findings();
    expect(findings.filter((f) => f.suppressedBecause === undefined).map(summary)).toEqual([]);
    expect(findings.filter((f) => !sloBurnRateWithoutFor(f)).map(summary)).toEqual([]);
  });

  test('erp: queries over the mobile metrics pass as assumed (the seed keeps them in Firebase), and the output says so', () => {
    const { lint, chart, parts } = build('erp', env);
    expect(parts).toEqual(expect.arrayContaining(['alerts', 'dashboards']));
    const findings = lint.findings();
    expect(findings.filter((f) => f.suppressedBecause === undefined).map(summary)).toEqual([]);
    expect(findings.filter((f) => f.assumed).map(summary)).toEqual([
      'erp/Alerts/warning_alerts/MobileAppCrashRateElevated expr unknown-metric: metric "mobile_app_crashes_total" is assumed, not exported by anything scraped (erp-mobile-bridge)',
      'erp/MobileDashboard/AppCrashRate targets[0].expr unknown-metric: metric "mobile_app_crashes_total" is assumed, not exported by anything scraped (erp-mobile-bridge)',
      'erp/MobileDashboard/ActiveSessions targets[0].expr unknown-metric: metric "mobile_app_active_sessions" is assumed, not exported by anything scraped (erp-mobile-bridge)',
      'erp/MobileDashboard/BarcodeScanLatency targets[0].expr unknown-metric: metric "barcode_scan_duration_ms_bucket" is assumed, not exported by anything scraped (erp-mobile-bridge)',
      'erp/MobileDashboard/BatteryUsagePerHour targets[0].expr unknown-metric: metric "battery_usage_percent" is assumed, not exported by anything scraped (erp-mobile-bridge)',
      'erp/MobileDashboard/NetworkTypeDistribution targets[0].expr unknown-metric: metric "mobile_network_type_count" is assumed, not exported by anything scraped (erp-mobile-bridge)',
    ]);
    expect(findings.filter((f) => f.suppressedBecause !== undefined && !f.assumed && !sloBurnRateWithoutFor(f)).map(summary)).toEqual([]);
    const manifests = synth(chart);
    const mobile = manifests.filter((m) => /assumed metric/.test(m.metadata.annotations?.[SKIP_ANNOTATION] ?? ''));
    expect(mobile.map((m) => m.kind).sort()).toEqual(['ConfigMap', 'PrometheusRule']);
    for (const m of mobile) {
      for (const line of m.metadata.annotations![SKIP_ANNOTATION].split('\n').filter((l) => /assumed/.test(l))) {
        expect(line).toMatch(/^unknown-metric \([A-Za-z_/]+ [a-z[\]0-9.]+\): assumed metric "[a-z_]+": no Prometheus exporter in the seed/);
      }
    }
    // without the assumed mobile metrics, each of those queries fails the lint
    const scraped = MetricCatalogue.merge('erp-scraped', [
      erp.backendCatalogue(), StandardCatalogues.postgresExporter(), StandardCatalogues.blackbox(), StandardCatalogues.nodeExporter(), StandardCatalogues.prometheus(),
    ]);
    const strict = new QueryLint(build('erp', env).chart, 'StrictLint', { catalogues: [scraped] });
    expect(strict.findings().filter((f) => f.suppressedBecause === undefined).map((f) => `${f.path} ${f.check}`)).toEqual(findings.filter((f) => f.assumed).map((f) => `${f.path} ${Check.UNKNOWN_METRIC}`));
  });
});

describe('the application catalogues', () => {
  test("gas-delivery's postgres custom-query metrics are those its PostgresExporter declares", () => {
    const { chart } = build('gas-delivery', ENVIRONMENTS[0]);
    const exporter = chart.node.findAll().find((c): c is PostgresExporter => c instanceof PostgresExporter)!;
    const declared = gasDelivery.postgresQueriesCatalogue().metrics.map((m) => [m.name, m.type, m.labels]);
    const exported = exporter.metrics.filter((m) => declared.some(([name]) => name === m.name)).map((m) => [m.name, m.type, m.labels ?? []]);
    expect(exported).toEqual(declared);
  });

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
