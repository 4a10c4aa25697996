import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { addErp } from '../../apps/erp';
import * as erp from '../../apps/erp/metrics';
import { addSlos as erpSlos } from '../../apps/erp/slos';
import { ENVIRONMENTS, EnvironmentConfig } from '../../apps/environments';
import { addFestivals } from '../../apps/festivals';
import * as festivals from '../../apps/festivals/metrics';
import { addSlos as festivalsSlos } from '../../apps/festivals/slos';
import { addGasDelivery } from '../../apps/gas-delivery';
import * as gas from '../../apps/gas-delivery/metrics';
import { addSlos as gasSlos } from '../../apps/gas-delivery/slos';
import { MetricCatalogue, QueryLint, StandardCatalogues } from '../../lib/catalogue';
import { MonitoringChart } from '../../lib/core';
import { RuleTests } from '../../lib/prometheus/rule-tests';
import { Slo } from '../../lib/slo';
import { crdSchemaErrors } from '../util/schema';
import { byKind, synth } from '../util/synth';
import { promtoolCheckRules, promtoolTestRules } from '../util/tools';

type App = { name: string; add: (scope: Construct, env: EnvironmentConfig) => void; catalogue: () => MetricCatalogue; slos: string[] };

const APPS: App[] = [
  { name: 'gas-delivery', add: gasSlos, catalogue: gas.metricCatalogue, slos: ['api-availability', 'api-latency', 'order-success'] },
  { name: 'erp', add: erpSlos, catalogue: erp.metricCatalogue, slos: ['api-availability', 'api-latency', 'sync-success', 'barcode-scan-success', 'database-query-latency', 'api-health'] },
  { name: 'festivals', add: festivalsSlos, catalogue: festivals.metricCatalogue, slos: ['api-availability', 'api-latency', 'api-health'] },
];

function build(app: App, env: EnvironmentConfig) {
  const chart = new MonitoringChart(Testing.app(), app.name, { partOf: app.name, namespace: env.namespace(app.name) });
  // The SLIs' metrics are checked against what the application and its exporters export.
  new QueryLint(chart, 'QueryLint', { catalogues: [MetricCatalogue.merge(app.name, [app.catalogue(), StandardCatalogues.blackbox()])] });
  app.add(chart, env);
  return chart;
}

describe.each(APPS)('$name SLOs', (app) => {
  test.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('%s: every seed SLO, valid PrometheusRules that pass promtool check rules', (_n, env) => {
    const chart = build(app, env);
    const slos = chart.node.findAll().filter((c): c is Slo => c instanceof Slo);
    expect(slos.map((s) => s.sloName)).toEqual(app.slos);
    const manifests = synth(chart);
    const rules = byKind(manifests, 'PrometheusRule');
    expect(rules.length).toBe(app.slos.length);
    for (const r of rules) expect(crdSchemaErrors(r)).toEqual([]);
    const { files, ruleFiles } = RuleTests.render(chart);
    const check = promtoolCheckRules(Object.fromEntries(ruleFiles.map((f) => [f, files[f]])));
    expect(check.output).toContain('SUCCESS');
    expect(check.ok).toBe(true);
  });

  test.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('%s: the SLIs read only the app\'s series: every raw selector selects its namespace', (_n, env) => {
    const rules = byKind(synth(build(app, env)), 'PrometheusRule').flatMap((r) => r.spec.groups.flatMap((g: any) => g.rules));
    const raw: string[] = [];
    for (const rule of rules) {
      const expr = String(rule.expr);
      promqlParser.parse(expr).iterate({
        enter: (n) => {
          if (n.name !== 'VectorSelector') return;
          const text = expr.slice(n.from, n.to);
          // Series recorded by the SLO's own rules carry its labels already; only the SLI's inputs matter.
          if (!/^(slo:|ALERTS)/.test(text)) raw.push(text);
        },
      });
    }
    expect(raw.length).toBeGreaterThan(0);
    expect([...new Set(raw.filter((sel) => !sel.includes(`namespace="${env.namespace(app.name)}"`)))]).toEqual([]);
  });

  test('the generated unit tests pass promtool test rules', () => {
    const chart = build(app, ENVIRONMENTS[ENVIRONMENTS.length - 1]);
    const { files, testFiles } = RuleTests.render(chart);
    expect(testFiles.length).toBe(app.slos.length);
    for (const t of testFiles) {
      const result = promtoolTestRules(t, files);
      expect(`${t}: ${result.output}`).toContain('SUCCESS');
    }
  });
});

describe('SLOs and exporters inside the full application charts', () => {
  test.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('%s: the apps synthesize with them (lint, names, validations), twice to the same bytes', (_n, env) => {
    // The application charts compose their SLOs and exporters themselves (apps/<app>/index.ts).
    const apps = [addGasDelivery, addFestivals, addErp];
    const once = () => {
      const app = Testing.app();
      return apps.map((add) => JSON.stringify(synth(Chart.of(add(app, env)))));
    };
    const first = once();
    expect(first.every((s) => s.includes('slo:sli_error:ratio_rate5m'))).toBe(true);
    expect(once()).toEqual(first);
  });
});
