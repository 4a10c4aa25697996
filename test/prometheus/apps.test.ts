import { Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { Construct } from 'constructs';
import { addAlerts as erpAlerts } from '../../apps/erp/alerts';
import { addScraping as erpScraping } from '../../apps/erp/scraping';
import { EnvironmentConfig, ENVIRONMENTS } from '../../apps/environments';
import { addAlerts as festivalsAlerts } from '../../apps/festivals/alerts';
import { addScraping as festivalsScraping } from '../../apps/festivals/scraping';
import { addAlerts as gasAlerts } from '../../apps/gas-delivery/alerts';
import { addScraping as gasScraping } from '../../apps/gas-delivery/scraping';
import { MonitoringChart } from '../../lib/core';
import { AlertCatalogue, RuleTests } from '../../lib/prometheus';
import { crdSchemaErrors } from '../util/schema';
import { byKind, one, synth } from '../util/synth';
import { promtoolCheckRules, promtoolTestRules } from '../util/tools';

type Part = (scope: Construct, env: EnvironmentConfig) => void;
const APPS: Array<{ app: string; alerts: Part; scraping: Part; alertNames: string[] }> = [
  {
    app: 'gas-delivery',
    alerts: gasAlerts,
    scraping: gasScraping,
    alertNames: ['HighErrorRate', 'DatabaseConnectionFailure', 'HighResponseTime', 'NoOrdersReceived', 'LowPredictionAccuracy'],
  },
  {
    app: 'festivals',
    alerts: festivalsAlerts,
    scraping: festivalsScraping,
    alertNames: [
      'FestivalsAPIDown', 'FestivalsHighErrorRate', 'FestivalsHighLatency', 'FestivalsHighCPU', 'FestivalsHighMemory', 'FestivalsPodRestarting',
      'FestivalsDatabaseConnectionHigh', 'FestivalsDatabaseSlowQueries', 'FestivalsQueueBacklog', 'FestivalsQueueStuck', 'FestivalsNoTicketSales',
      'FestivalsPaymentFailureHigh',
    ],
  },
  {
    app: 'erp',
    alerts: erpAlerts,
    scraping: erpScraping,
    alertNames: [
      'APIServiceDown', 'DatabaseDown', 'HighErrorRate', 'DiskSpaceCritical', 'DatabaseConnectionPoolExhausted', 'SlowQueries', 'HighMemoryUsage',
      'HighAPIResponseTime', 'HighSyncQueueBacklog', 'MobileAppCrashRateElevated',
    ],
  },
];

function build(part: { app: string; alerts: Part; scraping: Part }, env: EnvironmentConfig): MonitoringChart {
  const chart = new MonitoringChart(Testing.app(), part.app, { partOf: part.app, namespace: env.namespace(part.app) });
  part.alerts(chart, env);
  part.scraping(chart, env);
  return chart;
}

describe.each(APPS)('$app alerts and scraping', (part) => {
  describe.each(ENVIRONMENTS)('$name', (env) => {
    const chart = build(part, env);
    const manifests = synth(chart);

    test('every alert of the seed is there, with a severity, a summary and a runbook', () => {
      const entries = AlertCatalogue.entries(chart);
      expect(entries.map((e) => e.alert)).toEqual(part.alertNames);
      for (const e of entries) {
        expect(e.runbookUrl).toMatch(/^https:\/\//);
        expect(e.summary).not.toBe('');
      }
    });

    test('promtool check rules passes on every PrometheusRule', () => {
      const { files, ruleFiles } = RuleTests.render(chart);
      expect(ruleFiles.length).toBeGreaterThan(0);
      for (const f of ruleFiles) {
        const result = promtoolCheckRules({ [f]: files[f] });
        expect(result.output).toContain('SUCCESS');
        expect(result.ok).toBe(true);
      }
    });

    test('promtool test rules passes on the declared rule tests', () => {
      const { files, testFiles } = RuleTests.render(chart);
      expect(testFiles.length).toBeGreaterThan(0);
      for (const t of testFiles) {
        const result = promtoolTestRules(t, files);
        expect(result.output).toContain('SUCCESS');
        expect(result.ok).toBe(true);
      }
    });

    test('the custom resources validate against their CRDs and live in the app namespace', () => {
      const resources = ['PrometheusRule', 'ServiceMonitor', 'PodMonitor'].flatMap((k) => byKind(manifests, k));
      expect(byKind(manifests, 'ServiceMonitor').length).toBeGreaterThan(0);
      for (const m of resources) {
        expect(crdSchemaErrors(m)).toEqual([]);
        expect(m.metadata.namespace).toBe(env.namespace(part.app));
      }
    });
  });
});

/** The rule files and tests of an app, with one alert's expression replaced by the seed's original. */
function withSeedExpression(part: { app: string; alerts: Part; scraping: Part }, alert: string, seedExpr: (ns: string) => string): { files: { [f: string]: string }; testFiles: string[] } {
  const env = ENVIRONMENTS.find((e) => e.paging)!;
  const { files, ruleFiles, testFiles } = RuleTests.render(build(part, env));
  for (const f of ruleFiles) {
    const doc = yaml.load(files[f]) as { groups: Array<{ rules: Array<{ alert?: string; expr: string }> }> };
    for (const rule of doc.groups.flatMap((g) => g.rules)) if (rule.alert === alert) rule.expr = seedExpr(env.namespace(part.app));
    files[f] = yaml.dump(doc);
  }
  return { files, testFiles };
}

describe('the rule tests catch the seed bugs that the alerts fix', () => {
  test.each([
    ['erp', 'HighErrorRate', () => '(rate(http_requests_total{status=~"5.."}[5m]) / rate(http_requests_total[5m])) > 0.05', /got:\[\s*0:[\s\S]*Error rate is 100%/],
    ['festivals', 'FestivalsQueueStuck', (ns: string) => `increase(queue_jobs_total{namespace="${ns}",status="completed"}[10m]) == 0 and queue_jobs_pending{namespace="${ns}"} > 0`, /alertname: FestivalsQueueStuck, time: 35m/],
    ['festivals', 'FestivalsHighCPU', (ns: string) => `sum(rate(container_cpu_usage_seconds_total{namespace="${ns}"}[5m])) by (pod) / sum(kube_pod_container_resource_limits{namespace="${ns}",resource="cpu"}) by (pod) > 0.9`, /pod="api-0"/],
    ['gas-delivery', 'HighErrorRate', () => '(sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))) > 0.05', /alertname: HighErrorRate/],
    ['erp', 'DatabaseDown', () => 'up{job="postgres"} == 0', /alertname: DatabaseDown, time: 5m/],
  ])('%s %s: promtool fails with the seed expression', (app, alert, seedExpr, failure) => {
    const { files, testFiles } = withSeedExpression(APPS.find((a) => a.app === app)!, alert, seedExpr);
    const result = promtoolTestRules(testFiles[0], files);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(failure);
  });
});

describe('scrape targets carry what the alerts select on', () => {
  const production = ENVIRONMENTS.find((e) => e.paging)!;
  const manifestsOf = (app: string) => synth(build(APPS.find((a) => a.app === app)!, production));

  test('festivals: the seed ServiceMonitor, job pinned to festivals-api, release prometheus; annotated pods without the API', () => {
    const m = manifestsOf('festivals');
    const sm = one(m, 'ServiceMonitor', 'festivals-api');
    expect(sm.metadata.labels).toMatchObject({ release: 'prometheus' });
    expect(sm.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/component': 'api', 'app.kubernetes.io/name': 'festivals' });
    expect(sm.spec.namespaceSelector).toEqual({ matchNames: ['festivals'] });
    expect(sm.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s', scrapeTimeout: '10s', relabelings: [{ action: 'replace', targetLabel: 'job', replacement: 'festivals-api' }] }]);
    const pm = one(m, 'PodMonitor', 'festivals-annotated-pods');
    expect(pm.spec.selector.matchExpressions).toEqual([{ key: 'app.kubernetes.io/component', operator: 'NotIn', values: ['api'] }]);
    expect(pm.spec.podMetricsEndpoints[0].relabelings[0]).toEqual({ action: 'keep', sourceLabels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], regex: 'true' });
    expect(one(m, 'PrometheusRule', 'festivals-alerts').metadata.labels).toMatchObject({ release: 'prometheus' });
  });

  test.each([['gas-delivery', 'gas-delivery-backend'], ['erp', 'erp-backend']])('%s: the backend is scraped as job="backend"', (app, name) => {
    const sm = one(manifestsOf(app), 'ServiceMonitor', name);
    expect(sm.spec.endpoints[0].relabelings).toEqual([{ action: 'replace', targetLabel: 'job', replacement: 'backend' }]);
    expect(sm.spec.endpoints[0].path).toBe('/metrics');
  });
});
