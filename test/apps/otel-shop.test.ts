import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { catalogue, PrometheusVersion } from '../../lib';
import { RuleTests } from '../../lib/prometheus/rule-tests';
import { crdSchemaErrors } from '../util/schema';
import { byKind, Manifest } from '../util/synth';
import { amtoolCheckConfig, promtoolCheckConfig, promtoolCheckRules, promtoolTestRules, TOOL_VERSIONS } from '../util/tools';
import { operatorScrapeConfig } from '../util/operator-config';
import { otelShop } from './otel-shop';

// The test app of UTF-8 names and native histograms (issue 21): built for Prometheus 3.5 it passes promtool
// 3.5.3 (check rules, and every test: the SLOs' generated ones in native histogram samples and the alert's own);
// built for the default target (2.42) it is refused where 2.42 would refuse it, and its 2.42-compatible form
// (escaped names, no native histogram test series) passes promtool 2.42.

const { UNDERSCORE_ESCAPING_WITH_SUFFIXES: ESCAPED, NO_UTF8_ESCAPING_WITH_SUFFIXES: UTF8 } = catalogue.OtlpTranslationStrategy;
const [BOOKWORM, LTS] = TOOL_VERSIONS;

function outdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'otel-shop-'));
}

/** The manifests `app.synth()` wrote. */
function written(dir: string): Manifest[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).flatMap((f) => yaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8')) as Manifest[]);
}

describe('otel-shop for Prometheus 3.5: UTF-8 names, a native-histogram SLI', () => {
  const dir = outdir();
  const { app, chart, platform } = otelShop({ prometheus: PrometheusVersion.V3_5, translation: UTF8 }, dir);
  app.synth();
  const manifests = written(dir);
  const { files, ruleFiles, testFiles } = RuleTests.render(chart);

  test('synthesizes (lint, names, secret scan) into valid objects that hold the quoted names', () => {
    const rules = byKind(manifests, 'PrometheusRule');
    expect(rules.map((r) => r.metadata.name).sort()).toEqual(['otel-shop', 'slo-otel-shop-checkout-latency', 'slo-otel-shop-checkout-success']);
    for (const m of rules) expect(crdSchemaErrors(m)).toEqual([]);
    const exprs = rules.flatMap((r) => r.spec.groups.flatMap((g: any) => g.rules.map((x: any) => x.expr)));
    expect(exprs).toContain('1 - histogram_fraction(0, 0.3, sum by (namespace) (rate({"http.server.request.duration_seconds", job="checkout", namespace="otel-shop", "http.route"="/checkout"}[1h])))');
    expect(exprs.some((e) => e.includes('rate({"checkout.orders_total", job="checkout", namespace="otel-shop", "checkout.outcome"="failure"}[5m])'))).toBe(true);
    const dashboards = byKind(manifests, 'ConfigMap').flatMap((c) => Object.entries(c.data ?? {}).filter(([k]) => k.endsWith('.json')).map(([, v]) => JSON.parse(v as string)));
    expect(dashboards.length).toBe(1);
    const dashboard = dashboards[0];
    const heatmap = dashboard.panels.flatMap((p: any) => (p.type === 'row' ? p.panels : [p])).find((p: any) => p.type === 'heatmap');
    expect(heatmap.targets[0]).toMatchObject({ expr: 'sum(rate({"http.server.request.duration_seconds", job="checkout"}[$__rate_interval]))', format: 'heatmap' });
  });

  test('its ScrapeConfig (a static job) is valid for the CRD, and the scrape job the operator makes of it passes promtool check config of both releases', () => {
    const [scrape] = byKind(manifests, 'ScrapeConfig');
    expect(crdSchemaErrors(scrape)).toEqual([]);
    expect(scrape.spec.staticConfigs).toEqual([{ targets: ['otel-collector.observability.svc:8889'], labels: { source: 'otlp' } }]);
    for (const tool of TOOL_VERSIONS) {
      const config = yaml.dump({ scrape_configs: [operatorScrapeConfig(scrape, tool === LTS ? 3 : 2)] });
      const result = promtoolCheckConfig(config, tool);
      expect({ tool: tool.name, ok: result.ok, output: result.output }).toEqual({ tool: tool.name, ok: true, output: expect.stringContaining('SUCCESS') });
    }
  });

  test('its msteamsv2 receiver is valid for the CRD, and the platform alertmanager.yaml with it passes amtool 0.33 (and amtool 0.25 refuses it)', () => {
    const [routing] = byKind(manifests, 'AlertmanagerConfig');
    expect(crdSchemaErrors(routing)).toEqual([]);
    expect(routing.spec.receivers[0].msteamsv2Configs[0].webhookURL).toEqual({ name: 'otel-shop-teams', key: 'webhook-url' });
    expect(platform.configYaml).toContain('msteamsv2_configs');
    expect(platform.configYaml).toContain('webhook_url_file: /etc/alertmanager/secrets/otel-shop-teams/webhook-url');
    const lts = amtoolCheckConfig(platform.configYaml, {}, LTS);
    expect({ ok: lts.ok, output: lts.output }).toEqual({ ok: true, output: expect.stringContaining('SUCCESS') });
    const bookworm = amtoolCheckConfig(platform.configYaml, {}, BOOKWORM);
    expect({ ok: bookworm.ok, output: bookworm.output }).toEqual({ ok: false, output: expect.stringContaining('msteamsv2_configs') });
  });

  test('promtool 3.5 loads every rule file', () => {
    const check = promtoolCheckRules(Object.fromEntries(ruleFiles.map((f) => [f, files[f]])), LTS);
    expect(check.output).toContain('SUCCESS');
    expect(check.ok).toBe(true);
  });

  test('promtool 3.5 passes every test: both SLOs\' generated ones (native histogram samples for the latency SLI) and the alert\'s', () => {
    expect(testFiles.length).toBe(3);
    expect(testFiles.map((t) => files[t]).join('\n')).toContain('{{schema:0 count:');
    for (const t of testFiles) {
      const result = promtoolTestRules(t, files, LTS);
      expect({ t, output: result.output }).toEqual({ t, output: expect.stringContaining('SUCCESS') });
    }
  });

  test('promtool 2.42 refuses the same rule files and tests, as the library does for a 2.42 target', () => {
    expect(promtoolCheckRules(Object.fromEntries(ruleFiles.map((f) => [f, files[f]])), BOOKWORM).ok).toBe(false);
    expect(promtoolTestRules(testFiles.find((t) => t.includes('latency'))!, files, BOOKWORM).ok).toBe(false);
  });
});

describe('otel-shop for a Prometheus 2.42 target', () => {
  test('its UTF-8 names are refused, naming the release and the fix', () => {
    expect(() => otelShop({ prometheus: PrometheusVersion.V2_42, translation: UTF8 }, outdir())).toThrow(
      '[otel-shop/QueryLint] catalogues[0]: catalogue "opentelemetry-http-server": metric "http.server.request.duration_seconds": must match [a-zA-Z_:][a-zA-Z0-9_:]* (Prometheus metric name); received "http.server.request.duration_seconds", a UTF-8 name, unknown to Prometheus 2.42 and checked from Prometheus 3.5 on; ' +
        'the target is Prometheus 2.42 (targetVersions.prometheus). Use "http_server_request_duration_seconds", or declare targetVersions: { prometheus: PrometheusVersion.V3_5 } if every Prometheus that loads it runs 3.x',
    );
  });

  test('its native histogram test series are refused: promtool 2.42 cannot read them', () => {
    expect(() => otelShop({ prometheus: PrometheusVersion.V2_42, translation: ESCAPED }, outdir())).toThrow(
      '[otel-shop/checkout-latency] tests: the generated promtool tests of a native-histogram SLI write native histogram samples ({{schema:0 ...}}), unknown to promtool 2.42 (it stops at the "{{") and checked from promtool 3.5 on',
    );
  });

  test('with escaped names and without the native histogram tests, the app passes promtool 2.42 (and 3.5)', () => {
    const dir = outdir();
    const { app, chart } = otelShop({ prometheus: PrometheusVersion.V2_42, translation: ESCAPED, nativeTests: false }, dir);
    app.synth();
    const { files, ruleFiles, testFiles } = RuleTests.render(chart);
    const exprs = byKind(written(dir), 'PrometheusRule').flatMap((r) => r.spec.groups.flatMap((g: any) => g.rules.map((x: any) => x.expr)));
    expect(exprs).toContain('1 - histogram_fraction(0, 0.3, sum by (namespace) (rate(http_server_request_duration_seconds{job="checkout", namespace="otel-shop", http_route="/checkout"}[1h])))');
    for (const tool of [BOOKWORM, LTS]) {
      expect(promtoolCheckRules(Object.fromEntries(ruleFiles.map((f) => [f, files[f]])), tool).output).toContain('SUCCESS');
      // the availability SLO's generated tests (float series)
      expect(testFiles.length).toBe(1);
      expect(promtoolTestRules(testFiles[0], files, tool).output).toContain('SUCCESS');
    }
  });
});
