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
  const { chart, monitoring } = build();
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
    expect(SynthWarnings.of(b.monitoring)).toContainEqual(expect.stringMatching(/^receivers is deprecated: give routing/));
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

describe('AppMonitoring catalogues: the query lint of the whole chart', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Duration: D } = require('cdk8s');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Dashboard, Target, TimeSeriesPanel } = require('../../lib/grafana');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PrometheusRule } = require('../../lib/prometheus');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { MetricCatalogue, MetricType, QueryLint } = require('../../lib/catalogue');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Severity } = require('../../lib');

  const checkoutMetrics = () => MetricCatalogue.of('checkout', [
    { name: 'checkout_orders_total', type: MetricType.COUNTER, labels: ['payment_method'] },
    { name: 'http_requests_total', type: MetricType.COUNTER, labels: ['method', 'path', 'status'] },
  ]);
  /** A chart with AppMonitoring and, next to it (not under it), a dashboard and a rule of the team's own. */
  function appChart(dashboardExpr: string, ruleExpr: string, extra: Partial<AppMonitoringProps> = {}) {
    const app = Testing.app();
    const chart = new MonitoringChart(app, 'checkout', { partOf: 'checkout', namespace: 'shop' });
    const monitoring = new AppMonitoring(chart, 'Checkout', {
      service: 'checkout', team: 'payments', runbookBaseUrl: 'https://runbooks.example.com/checkout',
      receivers: { chat: chat() }, catalogues: [checkoutMetrics()], datasourceUids: ['prometheus', 'loki'], ...extra,
    });
    const business = new Dashboard(chart, 'Business', { title: 'Checkout business', datasourceUids: ['prometheus'] });
    new TimeSeriesPanel(business, 'Orders', { title: 'Orders', targets: [Target.promql(dashboardExpr)] });
    new PrometheusRule(chart, 'BusinessRules', { name: 'checkout-business' }).addGroup('checkout.business').addAlert('CheckoutNoOrders', {
      expr: ruleExpr, for: D.minutes(30), severity: Severity.WARNING, labels: { team: 'payments' },
      summary: 'No orders', runbookUrl: 'https://runbooks.example.com/checkout/CheckoutNoOrders',
    });
    return { app, chart, monitoring };
  }
  const goodPanel = 'sum by (payment_method) (rate(checkout_orders_total{namespace="shop"}[$__rate_interval]))';
  const goodRule = 'sum by (namespace) (increase(checkout_orders_total{namespace="shop"}[30m])) == 0';

  test('a chart whose queries all use known metrics synthesizes, with one lint: the chart\'s', () => {
    const { app, chart, monitoring } = appChart(goodPanel, goodRule);
    expect(() => app.synthYaml()).not.toThrow();
    expect(monitoring.lint).toBe(QueryLint.of(chart));
    expect(monitoring.node.tryFindChild('QueryLint')).toBeUndefined();
    // the built-ins' own queries (up, cAdvisor, kube-state-metrics, the HTTP histogram) are known
    expect(monitoring.lint!.findings().filter((f: any) => f.suppressedBecause === undefined)).toEqual([]);
  });

  test('a metric typo in a dashboard next to AppMonitoring fails the synth with a did-you-mean', () => {
    const { app } = appChart('sum(rate(checkout_order_total[$__rate_interval]))', goodRule);
    expect(() => app.synthYaml()).toThrow(/\[checkout\/Business\/Orders\] targets\[0\]\.expr: unknown metric "checkout_order_total".*did you mean "checkout_orders_total"\?/);
  });

  test('a metric typo in a rule next to AppMonitoring fails the synth with a did-you-mean', () => {
    const { app } = appChart(goodPanel, 'sum by (namespace) (increase(checkout_orders_totl{namespace="shop"}[30m])) == 0');
    expect(() => app.synthYaml()).toThrow(/\[checkout\/BusinessRules\/checkout\.business\/CheckoutNoOrders\] expr: unknown metric "checkout_orders_totl".*did you mean "checkout_orders_total"\?/);
  });

  test('a label the catalogue does not declare on the HTTP metric is found in the built-in alerts too', () => {
    const { app } = appChart(goodPanel, goodRule, { http: { statusLabel: 'code' } });
    expect(() => app.synthYaml()).toThrow(/\[checkout\/Checkout\/Rules\/checkout\.standard\/CheckoutHighErrorRate\] expr: unknown label "code"/);
  });

  test('a lint already attached to the chart is the one AppMonitoring joins', () => {
    const app = Testing.app();
    const chart = new MonitoringChart(app, 'checkout', { partOf: 'checkout', namespace: 'shop' });
    const lint = QueryLint.attach(chart, [MetricCatalogue.of('more', [{ name: 'checkout_export_lag_seconds', type: MetricType.GAUGE }])]);
    const monitoring = new AppMonitoring(chart, 'Checkout', {
      service: 'checkout', team: 'payments', runbookBaseUrl: 'https://runbooks.example.com/checkout', receivers: { chat: chat() }, catalogues: [checkoutMetrics()], datasourceUids: ['prometheus', 'loki'],
    });
    expect(monitoring.lint).toBe(lint);
    new PrometheusRule(chart, 'More', { name: 'more' }).addGroup('more').addRecord('namespace:checkout_export_lag_seconds:max', { expr: 'max by (namespace) (checkout_export_lag_seconds)' });
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('without catalogues, there is no lint', () => {
    expect(build().monitoring.lint).toBeUndefined();
    expect(() => build({ catalogues: 'checkout' as unknown as [] })).toThrow("[checkout/Checkout] catalogues: must be a list, e.g. [MetricCatalogue.of(...), StandardCatalogues.kubernetes()]; received \"checkout\"");
  });
});

describe('AppMonitoring exclude: every built-in part can be left out', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { AppPart } = require('../../lib/app');
  const kinds = (chart: MonitoringChart) => synth(chart).map((m) => `${m.kind}/${m.metadata.name}`).sort();
  // without the platform Alertmanager of build(), which needs the routing
  const alone = (exclude: unknown[]) => {
    const chart = new MonitoringChart(Testing.app(), 'checkout', { partOf: 'checkout', namespace: 'shop' });
    const monitoring = new AppMonitoring(chart, 'Checkout', { service: 'checkout', team: 'payments', runbookBaseUrl: 'https://runbooks.example.com/checkout', exclude: exclude as never });
    return { chart, monitoring };
  };

  test('each built-in alert', () => {
    const names = (exclude: unknown[]) => build({ exclude: exclude as never }).monitoring.alerts.alerts.map((a) => a.alertName);
    expect(names([AppPart.TARGET_DOWN_ALERT])).toEqual(['CheckoutHighErrorRate', 'CheckoutHighLatency', 'CheckoutHighMemory', 'CheckoutPodRestarting']);
    expect(names([AppPart.HIGH_ERROR_RATE_ALERT])).toEqual(['CheckoutTargetDown', 'CheckoutHighLatency', 'CheckoutHighMemory', 'CheckoutPodRestarting']);
    expect(names([AppPart.HIGH_LATENCY_ALERT])).toEqual(['CheckoutTargetDown', 'CheckoutHighErrorRate', 'CheckoutHighMemory', 'CheckoutPodRestarting']);
    expect(names([AppPart.HIGH_MEMORY_ALERT])).toEqual(['CheckoutTargetDown', 'CheckoutHighErrorRate', 'CheckoutHighLatency', 'CheckoutPodRestarting']);
    expect(names([AppPart.POD_RESTARTING_ALERT])).toEqual(['CheckoutTargetDown', 'CheckoutHighErrorRate', 'CheckoutHighLatency', 'CheckoutHighMemory']);
  });

  test('the inhibit rule follows the alerts it names', () => {
    const targets = (exclude: unknown[]) => build({ exclude: exclude as never }).monitoring.routing.inhibitRules.map((r) => r.target.map(String));
    expect(targets([])).toEqual([['alertname=~"CheckoutHighErrorRate|CheckoutHighLatency"'.replace('CheckoutHighErrorRate|CheckoutHighLatency', 'Checkout(HighErrorRate|HighLatency)')]]);
    expect(targets([AppPart.HIGH_LATENCY_ALERT])).toEqual([['alertname="CheckoutHighErrorRate"']]);
    expect(targets([AppPart.TARGET_DOWN_ALERT])).toEqual([]);
  });

  test('every alert left out: no PrometheusRule, unless the team adds alerts', () => {
    const all = [AppPart.TARGET_DOWN_ALERT, AppPart.HIGH_ERROR_RATE_ALERT, AppPart.HIGH_LATENCY_ALERT, AppPart.HIGH_MEMORY_ALERT, AppPart.POD_RESTARTING_ALERT];
    const none = build({ exclude: all });
    expect(kinds(none.chart).filter((k) => k.startsWith('PrometheusRule'))).toEqual([]);
    const own = build({ exclude: all });
    own.monitoring.alerts.addAlert('CheckoutNoOrders', {
      expr: 'sum by (namespace) (increase(checkout_orders_total{namespace="shop"}[30m])) == 0',
      for: require('cdk8s').Duration.minutes(30), severity: require('../../lib').Severity.WARNING, summary: 'No orders',
    });
    expect(one(synth(own.chart), 'PrometheusRule', 'checkout').spec.groups[0].rules.map((r: any) => r.alert)).toEqual(['CheckoutNoOrders']);
  });

  test('the ServiceMonitor, the dashboard, the log pipeline, the log alerts, the routing', () => {
    const before = kinds(build().chart);
    expect(before).toEqual(expect.arrayContaining(['ServiceMonitor/checkout', 'AlertmanagerConfig/checkout', 'ConfigMap/checkout-log-rules']));
    const { chart, monitoring } = alone([AppPart.SERVICE_MONITOR, AppPart.DASHBOARD, AppPart.LOG_PIPELINE, AppPart.LOG_ALERTS, AppPart.ROUTING]);
    const after = kinds(chart);
    expect(after).toEqual(['PrometheusRule/checkout']);
    expect(before.length).toBeGreaterThan(after.length + 3);
    for (const part of ['SERVICE_MONITOR', 'DASHBOARD', 'LOG_PIPELINE', 'LOG_ALERTS', 'ROUTING']) expect(monitoring.includes(AppPart[part])).toBe(false);
    expect(monitoring.includes(AppPart.TARGET_DOWN_ALERT)).toBe(true);
  });

  test('a part left out throws when read, naming the part', () => {
    const { monitoring } = alone([AppPart.SERVICE_MONITOR, AppPart.DASHBOARD, AppPart.LOG_PIPELINE, AppPart.ROUTING]);
    expect(() => monitoring.scrape).toThrow('[checkout/Checkout] scrape: this part was left out (exclude holds AppPart.SERVICE_MONITOR); remove it from exclude to use scrape');
    expect(() => monitoring.dashboard).toThrow('[checkout/Checkout] dashboard: this part was left out (exclude holds AppPart.DASHBOARD); remove it from exclude to use dashboard');
    expect(() => monitoring.logPipeline).toThrow('[checkout/Checkout] logPipeline: this part was left out (exclude holds AppPart.LOG_PIPELINE); remove it from exclude to use logPipeline');
    expect(() => monitoring.routing).toThrow('[checkout/Checkout] routing: this part was left out (exclude holds AppPart.ROUTING); remove it from exclude to use routing');
  });

  test('exclude must hold AppParts', () => {
    expect(() => build({ exclude: ['dashbaord'] as never })).toThrow('[checkout/Checkout] exclude[0]: must be an AppPart, e.g. AppPart.DASHBOARD; received "dashbaord"');
  });
});

describe('AppMonitoring environment', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Environment, NamespaceRule } = require('../../lib/app');
  const staging = () => Environment.of({ name: 'staging', namespace: NamespaceRule.suffix('-staging'), paging: false, labels: { environment: 'staging' } });
  function inEnvironment(env: unknown, namespace: string | undefined, extra: Partial<AppMonitoringProps> = {}) {
    const chart = new MonitoringChart(Testing.app(), 'checkout', { partOf: 'checkout', namespace });
    return new AppMonitoring(chart, 'Checkout', { service: 'checkout', team: 'payments', runbookBaseUrl: 'https://r.example.com', receivers: { chat: chat(), paging: paging() }, environment: env as never, ...extra });
  }

  test('paging off, the namespace from the rule, the labels on every built-in alert', () => {
    const monitoring = inEnvironment(staging(), 'checkout-staging');
    expect(monitoring.paging).toBe(false);
    expect(monitoring.routing.paging).toBe(false);
    expect(monitoring.namespace).toBe('checkout-staging');
    expect(monitoring.alerts.alerts.map((a) => a.labels)).toEqual(Array(5).fill(expect.objectContaining({ environment: 'staging', team: 'payments' })));
    expect(monitoring.logRules.rulesText()).toMatch(/labels:\n\s+environment: staging\n\s+severity: warning\n\s+team: payments/);
    expect(monitoring.alertLabels).toEqual({ environment: 'staging', team: 'payments' });
  });

  test('application names the app when it is not the chart\'s partOf', () => {
    const chart = new MonitoringChart(Testing.app(), 'shop', { partOf: 'shop', namespace: 'checkout-staging' });
    const monitoring = new AppMonitoring(chart, 'Checkout', { service: 'checkout', team: 'payments', runbookBaseUrl: 'https://r.example.com', receivers: { chat: chat() }, environment: staging(), application: 'checkout' });
    expect(monitoring.namespace).toBe('checkout-staging');
  });

  test('rejections', () => {
    expect(() => inEnvironment(staging(), 'checkout')).toThrow('[checkout/Checkout] environment: the "staging" namespace of the application "checkout" is "checkout-staging" (the application name + "-staging"), but the chart\'s namespace is "checkout"; create the chart with namespace: environment.namespace("checkout"), or set application');
    expect(() => inEnvironment(staging(), undefined)).toThrow('[checkout/Checkout] the chart needs a namespace: AppMonitoring puts every object in the namespace of its service; create it with namespace: environment.namespace("checkout") ("checkout-staging")');
    expect(() => inEnvironment({ name: 'staging', paging: false }, 'checkout')).toThrow('[checkout/Checkout] environment: must be an Environment, e.g. Environment.of({ name: \'staging\', paging: false }); received {"name":"staging","paging":false}');
    expect(() => inEnvironment(staging(), 'checkout-staging', { paging: true })).toThrow('[checkout/Checkout] paging: true contradicts the environment "staging" (paging: false); remove paging, the environment decides');
    expect(() => inEnvironment(Environment.of({ name: 'prod', labels: { team: 'ops' } }), 'checkout')).toThrow('[checkout/Checkout] environment labels: "team" is set by each alert; remove it from the environment\'s labels (received "ops")');
  });

  test('the deprecated paging prop still works, with a warning', () => {
    const monitoring = inEnvironment(undefined, 'shop', { paging: false });
    expect(monitoring.paging).toBe(false);
    expect(SynthWarnings.of(monitoring)).toContain('paging is deprecated: give environment: Environment.of({ name, paging }) instead');
  });
});

describe('AppMonitoring over OpenTelemetry names (UTF-8, Prometheus 3)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { OtlpTranslationStrategy, StandardCatalogues } = require('../../lib/catalogue');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RuleTests } = require('../../lib/prometheus');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PrometheusVersion } = require('../../lib');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { TOOL_VERSIONS } = require('../util/tools');
  const http = { requestsMetric: 'http.server.request.duration_seconds_count', statusLabel: 'http.response.status_code', durationHistogram: 'http.server.request.duration_seconds' };

  test('the built-in alerts and panels quote the names; the lint knows them from the OpenTelemetry catalogue; promtool 3.5 loads the rules', () => {
    const app = Testing.app();
    const chart = new MonitoringChart(app, 'checkout', { partOf: 'checkout', namespace: 'shop', targetVersions: { prometheus: PrometheusVersion.V3_5 } });
    const monitoring = new AppMonitoring(chart, 'Checkout', {
      service: 'checkout', team: 'payments', runbookBaseUrl: 'https://runbooks.example.com/checkout', receivers: { chat: chat() }, datasourceUids: ['prometheus', 'loki'],
      http, catalogues: [StandardCatalogues.openTelemetryHttpServer({ translation: OtlpTranslationStrategy.NO_UTF8_ESCAPING_WITH_SUFFIXES })],
    });
    expect(() => app.synthYaml()).not.toThrow();
    expect(monitoring.lint!.findings().filter((f: any) => f.suppressedBecause === undefined)).toEqual([]);
    const { files, ruleFiles } = RuleTests.render(chart);
    const rules = ruleFiles.map((f: string) => files[f]).join('\n');
    expect(rules).toContain('rate({"http.server.request.duration_seconds_count", job="checkout", namespace="shop", "http.response.status_code"=~"5.."}[5m])');
    expect(rules).toContain('rate({"http.server.request.duration_seconds_bucket", job="checkout", namespace="shop"}[5m])');
    expect(promtoolCheckRules(Object.fromEntries(ruleFiles.map((f: string) => [f, files[f]])), TOOL_VERSIONS[1]).output).toContain('SUCCESS');
  });

  test('a chart targeting Prometheus 2.42 refuses the names, with the field', () => {
    const build = (props: Partial<AppMonitoringProps>) => new AppMonitoring(
      new MonitoringChart(Testing.app(), 'checkout', { partOf: 'checkout', namespace: 'shop', targetVersions: { prometheus: PrometheusVersion.V2_42 } }),
      'Checkout',
      { service: 'checkout', team: 'payments', runbookBaseUrl: 'https://runbooks.example.com/checkout', receivers: { chat: chat() }, ...props },
    );
    expect(() => build({ http: { requestsMetric: http.requestsMetric } })).toThrow(
      '[checkout/Checkout] http.requestsMetric: must match [a-zA-Z_:][a-zA-Z0-9_:]* (Prometheus metric name); received "http.server.request.duration_seconds_count", a UTF-8 name, unknown to Prometheus 2.42 and checked from Prometheus 3.5 on',
    );
    expect(() => build({ http: { statusLabel: 'http.response.status_code' } })).toThrow('[checkout/Checkout] http.statusLabel: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received "http.response.status_code", a UTF-8 name');
    expect(() => build({ http: { durationHistogram: '' } })).toThrow('[checkout/Checkout] http.durationHistogram: must not be empty');
    expect(() => build({ http: 'http_requests_total' as any })).toThrow('[checkout/Checkout] http: must be an object');
  });
});
