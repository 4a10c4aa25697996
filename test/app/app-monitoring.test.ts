import { Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { MonitoringChart, SecretRef, SynthWarnings } from '../../lib';
import { AlertmanagerConfigSecret, Integration } from '../../lib/alertmanager';
import { AppMonitoring, AppMonitoringProps, LogFormat } from '../../lib/app';
import { Datasource, GrafanaDatasources } from '../../lib/grafana';
import { byKind, Manifest, one, synth } from '../util/synth';
import { crdSchemaErrors } from '../util/schema';
import { amtoolCheckConfig, amtoolRoutesTest, promtoolCheckRules } from '../util/tools';
import { LogQL } from '../../lib';

const chat = () => Integration.slack({ apiUrl: SecretRef.fromSecret('checkout-slack', 'webhook-url'), channel: '#checkout' });
const paging = () => Integration.pagerDuty({ routingKey: SecretRef.fromSecret('checkout-pagerduty', 'routing-key') });

function build(props: Partial<AppMonitoringProps> = {}) {
  const app = Testing.app();
  const chart = new MonitoringChart(app, 'checkout', { partOf: 'checkout', namespace: 'shop' });
  const platform = new MonitoringChart(app, 'platform', { partOf: 'platform', namespace: 'monitoring' });
  new GrafanaDatasources(platform, 'Datasources', {
    datasources: [Datasource.prometheus({ url: 'http://prometheus.monitoring:9090' }), Datasource.loki({ url: 'http://loki.monitoring:3100' })],
  });
  // A new service in a few lines: this is what the README promises.
  const monitoring = new AppMonitoring(chart, 'Checkout', {
    service: 'checkout',
    team: 'payments',
    runbookBaseUrl: 'https://runbooks.example.com/checkout',
    receivers: { chat: chat(), paging: paging() },
    ...props,
  });
  const am = new AlertmanagerConfigSecret(platform, 'Alertmanager', { receiver: 'default' });
  am.addReceiver('default', { integrations: [Integration.slack({ apiUrl: SecretRef.fromSecret('platform-slack', 'url'), channel: '#platform' })] });
  am.addApplication(monitoring.routing);
  return { app, chart, platform, monitoring, am };
}

describe('AppMonitoring', () => {
  const { chart, monitoring, am } = build();
  const manifests: Manifest[] = synth(chart);

  test('every object has a name', () => {
    expect(manifests.filter((m) => !m.metadata.name).map((m) => m.kind)).toEqual([]);
  });

  test('scrapes the service by its name label on the metrics port', () => {
    const sm = one(manifests, 'ServiceMonitor', 'checkout');
    expect(sm.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'checkout' });
    expect(sm.spec.endpoints[0]).toMatchObject({ port: 'metrics', path: '/metrics', interval: '30s' });
  });

  test('standard alerts have a runbook, a team and pass promtool', () => {
    const rule = one(manifests, 'PrometheusRule', 'checkout');
    const alerts = rule.spec.groups.flatMap((g: any) => g.rules);
    expect(alerts.map((a: any) => a.alert)).toEqual([
      'CheckoutTargetDown', 'CheckoutHighErrorRate', 'CheckoutHighLatency', 'CheckoutHighMemory', 'CheckoutPodRestarting',
    ]);
    for (const a of alerts) {
      expect(a.annotations.runbook_url).toBe(`https://runbooks.example.com/checkout/${a.alert}`);
      expect(a.labels.team).toBe('payments');
    }
    const result = promtoolCheckRules({ 'rules.yaml': yaml.dump(rule.spec) });
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });

  test('thresholds reach the expressions', () => {
    const custom = build({ thresholds: { errorRatio: 0.01 } });
    const expr = custom.monitoring.alerts.alerts.find((a) => a.alertName === 'CheckoutHighErrorRate')!.expr.expression;
    expect(expr).toMatch(/> 0\.01$/);
  });

  test('the dashboard holds RED, USE and log panels', () => {
    const cm = byKind(manifests, 'ConfigMap').find((m) => m.metadata.labels?.grafana_dashboard === '1')!;
    const dashboard = JSON.parse(Object.values(cm.data as Record<string, string>)[0]);
    expect(dashboard.title).toBe('checkout service');
    const types = dashboard.panels.map((p: any) => p.type);
    expect(types).toEqual(expect.arrayContaining(['row', 'timeseries', 'logs']));
    expect(dashboard.panels.filter((p: any) => p.type === 'row').map((p: any) => p.title)).toEqual(['Requests', 'Resources', 'Logs']);
  });

  test('log pipeline parses the declared format and Loki rules parse as LogQL', () => {
    expect(monitoring.logPipeline.stages.map((s) => s.kind)).toEqual(['json', 'timestamp', 'labels']);
    const logfmt = build({ logFormat: LogFormat.LOGFMT }).monitoring.logPipeline.stages.map((s) => s.kind);
    expect(logfmt).toEqual(['logfmt', 'timestamp', 'labels']);
    const rules = yaml.load(monitoring.logRules.rulesText()) as any;
    const exprs = rules.groups.flatMap((g: any) => g.rules.map((r: any) => r.expr));
    expect(exprs.length).toBeGreaterThan(0);
    for (const e of exprs) expect(LogQL.parse(e).expression).toBe(e);
  });

  test('routing (deprecated receivers form): critical alerts page and reach chat, others reach chat; amtool agrees with the labels the alerts carry', () => {
    const b = build();
    b.monitoring.routing.expectAlertRoute('CheckoutTargetDown', ['checkout-paging', 'checkout-chat']);
    b.monitoring.routing.expectAlertRoute('CheckoutHighErrorRate', ['checkout-paging', 'checkout-chat']);
    b.monitoring.routing.expectAlertRoute('CheckoutHighLatency', ['checkout-chat']);
    b.app.synthYaml();
    const config = b.am.configYaml;
    expect(amtoolCheckConfig(config).ok).toBe(true);
    // the labels come from the rules (label flow), not from the test: namespace is the one the expression keeps
    expect(b.monitoring.routing.routingTests.map((t) => t.labels.namespace)).toEqual(['shop', 'shop', 'shop']);
    const tests = b.am.routingTests.filter((t) => t.path.startsWith('checkout/'));
    expect(tests).toHaveLength(3);
    for (const t of tests) expect({ path: t.path, receivers: amtoolRoutesTest(config, t.labels) }).toEqual({ path: t.path, receivers: t.receivers });
    expect(tests[0].receivers).toEqual(['shop/checkout/checkout-paging', 'shop/checkout/checkout-chat']);
    expect(SynthWarnings.of(b.monitoring)).toEqual([expect.stringMatching(/^receivers is deprecated: give routing/)]);
  });

  test('without paging nothing pages', () => {
    const staging = build({ paging: false });
    const config = staging.am.configYaml;
    expect(config).not.toMatch(/pagerduty/);
  });

  test('custom resources validate against the vendored CRDs', () => {
    const crs = manifests.filter((m) => m.apiVersion.startsWith('monitoring.coreos.com'));
    expect(crs.map((m) => m.kind).sort()).toEqual(['AlertmanagerConfig', 'PrometheusRule', 'ServiceMonitor']);
    for (const m of crs) expect(crdSchemaErrors(m)).toEqual([]);
  });

  test('rejections name the path and the value', () => {
    expect(() => build({ service: 'Checkout_API' })).toThrow('[checkout/Checkout] service: must be a DNS-1123 label');
    expect(() => build({ runbookBaseUrl: 'runbooks' })).toThrow('[checkout/Checkout] runbookBaseUrl: must be an http(s) URL; received "runbooks"');
    expect(() => build({ thresholds: { errorRatio: 5 } })).toThrow('[checkout/Checkout] thresholds.errorRatio: must be a finite number strictly between 0 and 1 (a ratio of requests, 0.05 = 5 %); received 5 (a number); did you mean 0.05?');
    expect(() => build({ thresholds: { memoryUtilization: 90 } })).toThrow('[checkout/Checkout] thresholds.memoryUtilization: must be a finite number strictly between 0 and 1 (a ratio of the memory limit, 0.9 = 90 %); received 90 (a number); did you mean 0.9?');
    expect(() => build({ thresholds: { memoryUtilization: 1 } })).toThrow('[checkout/Checkout] thresholds.memoryUtilization: must be a finite number strictly between 0 and 1 (a ratio of the memory limit, 0.9 = 90 %); received 1');
    expect(() => build({ thresholds: { errorRatio: '0.05' as unknown as number } })).toThrow('[checkout/Checkout] thresholds.errorRatio: must be a finite number strictly between 0 and 1 (a ratio of requests, 0.05 = 5 %); received "0.05" (a string)');
    expect(() => build({ thresholds: 0.05 as unknown as object })).toThrow('[checkout/Checkout] thresholds: must be an object, e.g. { errorRatio: 0.05 }; received 0.05 (a number)');
    const app = Testing.app();
    const noNamespace = new MonitoringChart(app, 'x', { partOf: 'x' });
    expect(() => new AppMonitoring(noNamespace, 'X', { service: 'x', team: 't', runbookBaseUrl: 'https://r', receivers: { chat: chat() } })).toThrow('[x/X] the chart needs a namespace');
  });
});

describe('AppMonitoring alerts under promtool test rules', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Duration } = require('cdk8s');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RuleTests } = require('../../lib/prometheus');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { promtoolTestRules } = require('../util/tools');

  test('error rate fires at 10 % errors and stays silent at 1 %; memory fires near the limit', () => {
    const { chart, monitoring } = build();
    const alert = (name: string) => monitoring.alerts.alerts.find((a) => a.alertName === name)!;
    const job = 'job="checkout", namespace="shop"';
    alert('CheckoutHighErrorRate').addTest({
      inputSeries: [
        { series: `http_requests_total{${job}, status="200"}`, values: '0+90x30' },
        { series: `http_requests_total{${job}, status="500"}`, values: '0+10x30' },
      ],
      expectations: [{
        at: Duration.minutes(20),
        alerts: [{ labels: { namespace: 'shop', job: 'checkout', team: 'payments' }, annotations: { description: 'Error ratio is 10% over the last 5 minutes.' } }],
      }],
    });
    alert('CheckoutHighErrorRate').addTest({
      inputSeries: [
        { series: `http_requests_total{${job}, status="200"}`, values: '0+99x30' },
        { series: `http_requests_total{${job}, status="500"}`, values: '0+1x30' },
      ],
      expectations: [{ at: Duration.minutes(20), alerts: [] }],
    });
    const pod = 'namespace="shop", pod="checkout-7d9f", container="app"';
    alert('CheckoutHighMemory').addTest({
      inputSeries: [
        { series: `container_memory_working_set_bytes{${pod}, image="app:1", id="/a"}`, values: '950x40' },
        { series: `kube_pod_container_resource_limits{${pod}, resource="memory", unit="byte", node="n1"}`, values: '1000x40' },
      ],
      expectations: [{
        at: Duration.minutes(30),
        alerts: [{
          labels: { namespace: 'shop', pod: 'checkout-7d9f', container: 'app', team: 'payments' },
          annotations: { summary: 'checkout container app of checkout-7d9f is near its memory limit', description: 'Memory working set is 95% of the limit.' },
        }],
      }],
    });
    const { files, testFiles } = RuleTests.render(chart);
    expect(testFiles.length).toBeGreaterThan(0);
    for (const t of testFiles) {
      const result = promtoolTestRules(t, files);
      expect(`${t}: ${result.output}`).toContain('SUCCESS');
    }
  });
});
