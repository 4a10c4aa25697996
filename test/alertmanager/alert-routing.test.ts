import { Duration, Testing } from 'cdk8s';
import { Severity, SynthWarnings } from '../../lib';
import { Matcher } from '../../lib/alertmanager';
import { LokiRules } from '../../lib/loki';
import { PrometheusRule } from '../../lib/prometheus';
import { amtoolRoutesTest } from '../util/tools';
import { AlertmanagerConfigSecret } from '../../lib/alertmanager';
import { synth } from '../util/synth';
import { chart, routing, slack } from './fixtures';

// Synth-time routing safety: an alert in a chart with an AlertmanagerConfig must carry the namespace the
// operator routes on; routes must test labels the chart's alerts can carry; routing expectations use the
// labels an alert really has.

function alert(scope = chart(), expr: string, labels: { [k: string]: string } = {}, name = 'Broken') {
  const group = new PrometheusRule(scope, 'Rules', { name: 'rules' }).addGroup('g');
  return group.addAlert(name, { expr, severity: Severity.CRITICAL, summary: 's', labels });
}

describe('an alert in a chart routed by an AlertmanagerConfig', () => {
  test('that aggregates namespace away fails synth with its path, its expression and the fix', () => {
    const scope = chart('shop', 'shop');
    routing({}, scope);
    alert(scope, 'sum(rate(x{namespace="shop"}[5m])) > 1');
    expect(() => synth(scope)).toThrow(
      '[shop/Rules/g/Broken] expr "sum(rate(x{namespace=\\"shop\\"}[5m])) > 1": its alerts do not certainly carry a namespace label, so they never reach their routing: ' +
      'the AlertmanagerConfig shop/Routing of this chart only receives alerts whose namespace label is "shop" (the Prometheus Operator adds that matcher to its routes); ' +
      'fix: aggregate by (namespace): sum by (namespace) (...) in "sum(rate(x{namespace=\\"shop\\"}[5m]))", or set labels: { namespace: "shop" }',
    );
  });

  test('that groups by other labels is told which grouping to extend', () => {
    const scope = chart('shop', 'shop');
    routing({}, scope);
    alert(scope, 'sum by (job) (rate(x{namespace="shop"}[5m])) / on(job) sum by (job) (rate(y{namespace="shop"}[5m])) > 1');
    expect(() => synth(scope)).toThrow(/fix: add namespace to by \(job\) in "sum by \(job\) \(rate\(x\{namespace=\\"shop\\"\}\[5m\]\)\)"/);
  });

  test('that never selects its namespace is told to select it', () => {
    const scope = chart('shop', 'shop');
    routing({}, scope);
    alert(scope, 'up{job="api"} == 0');
    expect(() => synth(scope)).toThrow(/fix: select namespace="shop" in every selector and keep it through aggregations \(sum by \(namespace, \.\.\.\)\), or set labels: \{ namespace: "shop" \}/);
  });

  test('that selects another namespace is refused', () => {
    const scope = chart('shop', 'shop');
    routing({}, scope);
    alert(scope, 'up{namespace="shop-staging", job="api"} == 0');
    expect(() => synth(scope)).toThrow('its alerts carry namespace="shop-staging", so they never reach their routing');
  });

  test('that keeps its namespace, or sets it as a static label, synthesizes', () => {
    const scope = chart('shop', 'shop');
    routing({}, scope);
    const group = new PrometheusRule(scope, 'Rules', { name: 'rules' }).addGroup('g');
    group.addAlert('Kept', { expr: 'sum by (namespace) (rate(x{namespace="shop"}[5m])) > 1', severity: Severity.CRITICAL, summary: 's' });
    group.addAlert('Static', { expr: 'node_load1 > 10', severity: Severity.WARNING, summary: 's', labels: { namespace: 'shop' } });
    group.addAlert('Absent', { expr: 'absent(up{namespace="shop", job="api"})', severity: Severity.WARNING, summary: 's' });
    expect(synth(scope).some((m) => m.kind === 'PrometheusRule')).toBe(true);
  });

  test('reading a recorded series is followed to its recording rule, in another chart of the app', () => {
    const app = Testing.app();
    const shared = chart('shared', 'monitoring', app);
    new PrometheusRule(shared, 'Records', { name: 'records' }).addGroup('r').addRecord('namespace:x:rate5m', { expr: 'sum by (namespace) (rate(x{namespace="shop"}[5m]))' });
    new PrometheusRule(shared, 'Dropping', { name: 'dropping' }).addGroup('r').addRecord('job:x:rate5m', { expr: 'sum by (job) (rate(x{namespace="shop"}[5m]))' });
    const scope = chart('shop', 'shop', app);
    routing({}, scope);
    const group = new PrometheusRule(scope, 'Rules', { name: 'rules' }).addGroup('g');
    group.addAlert('FromRecord', { expr: 'namespace:x:rate5m > 1', severity: Severity.CRITICAL, summary: 's' });
    expect(() => synth(scope)).not.toThrow();
    group.addAlert('FromDroppingRecord', { expr: 'job:x:rate5m > 1', severity: Severity.CRITICAL, summary: 's' });
    expect(() => synth(scope)).toThrow(/\[shop\/Rules\/g\/FromDroppingRecord\] expr "job:x:rate5m > 1": its alerts do not certainly carry a namespace label/);
  });

  test('Loki rules are checked too, with the rule named in the message', () => {
    const scope = chart('shop', 'shop');
    routing({}, scope);
    new LokiRules(scope, 'Logs', { name: 'logs' }).addGroup('logs').addAlert('ErrorLines', {
      expr: 'sum by (app) (count_over_time({namespace="shop"} |= "error" [5m])) > 0',
      severity: Severity.WARNING,
      summary: 's',
    });
    expect(() => synth(scope)).toThrow('[shop/Logs/logs] rules["ErrorLines"].expr "sum by (app) (count_over_time({namespace=\\"shop\\"} |= \\"error\\" [5m])) > 0": its alerts do not certainly carry a namespace label');
  });

  test('a chart without an AlertmanagerConfig is not checked (its alerts are routed by the platform)', () => {
    const scope = chart('platform', 'monitoring');
    alert(scope, 'sum(up) == 0');
    expect(() => synth(scope)).not.toThrow();
  });
});

describe('routes and receivers against the alerts of the chart', () => {
  test('a route testing a label no alert can carry fails synth', () => {
    const scope = chart('shop', 'shop');
    const config = routing({}, scope);
    config.addReceiver('db', { integrations: [slack('#db')] });
    config.route.addRoute({ matchers: [Matcher.eq('instance', 'db-0')], receiver: 'db' });
    alert(scope, 'sum by (namespace, job) (rate(x{namespace="shop"}[5m])) > 1');
    expect(() => synth(scope)).toThrow(
      '[shop/Routing] route/routes[0] matchers: instance="db-0" tests the label "instance", which no alerting rule of this chart can carry, so no alert ever reaches this route ' +
      '(the alerts may carry ["alertname","job","namespace","severity"]); add "instance" to the alerts (labels, or keep it in their aggregations) or remove the route',
    );
  });

  test('a receiver no route sends to, or that no alert of the chart reaches, is a synth warning', () => {
    const scope = chart('shop', 'shop');
    const config = routing({}, scope);
    config.addReceiver('orphan', { integrations: [slack('#orphan')] });
    config.addReceiver('pager', { integrations: [slack('#pager')] });
    config.route.addRoute({ matchers: [Matcher.eq('severity', 'page')], receiver: 'pager' });
    alert(scope, 'sum by (namespace) (rate(x{namespace="shop"}[5m])) > 1');
    synth(scope);
    expect(SynthWarnings.of(config)).toEqual([
      'receiver "orphan" can never be reached: no route sends alerts to it',
      'route/routes[0]: no alerting rule of this chart matches ["severity=\\"page\\""] (only alerts defined elsewhere can)',
      'receiver "pager": no alerting rule of this chart reaches it (only alerts defined elsewhere can)',
    ]);
  });
});

describe('routing expectations use the labels an alert really carries', () => {
  function shop() {
    const scope = chart('shop', 'shop');
    const config = routing({}, scope);
    config.addReceiver('pager', { integrations: [slack('#pager')] });
    config.route.addRoute({ matchers: [Matcher.eq('severity', 'critical'), Matcher.eq('namespace', 'shop')], receiver: 'pager' });
    const group = new PrometheusRule(scope, 'Rules', { name: 'rules' }).addGroup('g');
    group.addAlert('Errors', { expr: 'sum by (namespace, job) (rate(x{namespace="shop", job="api"}[5m])) > 1', severity: Severity.CRITICAL, summary: 's', labels: { team: 'payments' } });
    group.addAlert('Burn', { expr: 'sum by (namespace) (rate(x{namespace="shop"}[5m])) > 1', severity: Severity.CRITICAL, summary: 's', for: Duration.minutes(1) });
    group.addAlert('Burn', { expr: 'sum by (namespace) (rate(x{namespace="shop"}[1h])) > 1', severity: Severity.WARNING, summary: 's' });
    return { scope, config };
  }

  test('expectAlertRoute takes the labels the label-flow analysis proves, and amtool agrees on the rendered file', () => {
    const { scope, config } = shop();
    const test = config.expectAlertRoute('Errors', ['pager']);
    expect(test.labels).toEqual({ alertname: 'Errors', job: 'api', namespace: 'shop', severity: 'critical', team: 'payments' });
    synth(scope);
    const app = Testing.app();
    const am = new AlertmanagerConfigSecret(chart('platform', 'monitoring', app), 'Alertmanager', { receiver: 'platform' });
    am.addReceiver('platform', { integrations: [slack('#platform')] });
    am.addApplication(config);
    for (const t of am.routingTests) expect(amtoolRoutesTest(am.configYaml, t.labels)).toEqual(t.receivers);
  });

  test('rules sharing a name are told apart by labels, or synth says how', () => {
    const { scope, config } = shop();
    expect(config.expectAlertRoute('Burn', ['default'], { severity: 'warning' }).labels).toMatchObject({ alertname: 'Burn', severity: 'warning', namespace: 'shop' });
    config.expectAlertRoute('Burn', ['pager']);
    expect(() => synth(scope)).toThrow('[shop/Routing] expectAlertRoute[1] labels: 2 alerting rules are named "Burn"');
  });

  test('an unknown alert name, or a label the alert can never carry, fails synth', () => {
    const { scope, config } = shop();
    config.expectAlertRoute('Errorz', ['pager']);
    expect(() => synth(scope)).toThrow('[shop/Routing] expectAlertRoute[0] alertName: no alerting rule of this chart is named "Errorz" (its alerts: ["Burn","Errors"])');
    const other = shop();
    other.config.expectAlertRoute('Errors', ['pager'], { instance: 'api-0' });
    expect(() => synth(other.scope)).toThrow('[shop/Routing] expectAlertRoute[0] labels: instance: the alert "Errors" (shop/Rules/g/Errors) never carries it (it may carry ["alertname","job","namespace","severity","team"])');
  });

  test('the receivers an expectation names are checked at synth, in order', () => {
    const { scope, config } = shop();
    config.expectAlertRoute('Errors', ['default']);
    expect(() => synth(scope)).toThrow('[shop/Routing] expectAlertRoute[0] receivers: an alert with {"alertname":"Errors","job":"api","namespace":"shop","severity":"critical","team":"payments"} reaches ["pager"] in this tree, in that order; expected ["default"]');
  });

  test('a hand-written label set naming an alert may not contradict it', () => {
    const { scope, config } = shop();
    config.expectRoute({ alertname: 'Errors', severity: 'warning' }, ['default']);
    expect(() => synth(scope)).toThrow('[shop/Routing] expectRoute[0] labels: severity: the alert "Errors" (shop/Rules/g/Errors) always has severity="critical", not "warning"');
  });
});
