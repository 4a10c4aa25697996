import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App } from 'cdk8s';
import { alertmanager, exporters, grafana, loki, MonitoringApp, MonitoringChart, prometheus, SecretRef, slo } from '../../lib';

// One owner per object: objects that would overwrite each other when applied fail synth, through the
// public constructs a team would use, in one chart and across charts of one app.

function app(): MonitoringApp {
  return new MonitoringApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'ownership-')) });
}

function chart(scope: App, id = 'shop', namespace = 'shop'): MonitoringChart {
  return new MonitoringChart(scope, id, { partOf: 'shop', namespace });
}

/** The message of the synth error, through both synthesis paths (the library's and cdk8s' own). */
function synthError(a: MonitoringApp): string {
  let viaLibrary = '';
  try {
    a.synth();
  } catch (e) {
    viaLibrary = (e as Error).message;
  }
  let viaCdk8s = '';
  try {
    App.prototype.synth.call(a);
  } catch (e) {
    viaCdk8s = (e as Error).message;
  }
  expect(viaLibrary).toBe(viaCdk8s);
  return viaLibrary;
}

const sli = () => slo.Sli.ratio({ errors: 'http_requests_total{job="api", status=~"5.."}', total: 'http_requests_total{job="api"}' });

describe('two objects with one identity fail synth', () => {
  test('SLOs whose ids differ only by case', () => {
    const a = app();
    const c = chart(a);
    new slo.Slo(c, 'Api', { sli: sli(), objective: 99.9, tests: false });
    new slo.Slo(c, 'api', { sli: sli(), objective: 99, tests: false });
    const message = synthError(a);
    expect(message).toMatch(/\[shop\] PrometheusRule shop\/\S+ \(monitoring\.coreos\.com\/v1\) of shop\/api\/\S+ is also the object of shop\/Api\/\S+: two objects with one API group, kind, namespace and name \(names compared without case\) overwrite each other when applied; give one of them another name \(or id\) or put it in another namespace/);
  });

  test('two exporters named pg in one namespace, from two charts', () => {
    const a = app();
    const dsn = SecretRef.fromSecret('pg', 'dsn');
    new exporters.PostgresExporter(chart(a, 'one'), 'pg', { connection: dsn });
    new exporters.PostgresExporter(chart(a, 'two'), 'pg', { connection: dsn });
    const message = synthError(a);
    expect(message).toContain('[two] Deployment shop/');
    expect(message).toContain('of two/pg/');
    expect(message).toContain('is also the object of one/pg/');
  });

  test('the same exporter name in two namespaces is fine', () => {
    const a = app();
    const dsn = SecretRef.fromSecret('pg', 'dsn');
    new exporters.PostgresExporter(chart(a, 'one', 'shop'), 'pg', { connection: dsn });
    new exporters.PostgresExporter(chart(a, 'two', 'erp'), 'pg', { connection: dsn });
    expect(() => a.synth()).not.toThrow();
  });

  test('two PrometheusRules with one explicit name', () => {
    const a = app();
    const c = chart(a);
    new prometheus.PrometheusRule(c, 'A', { name: 'rules' }).addGroup('a').addRecord('x:up:sum', { expr: 'sum(up)' });
    new prometheus.PrometheusRule(c, 'B', { name: 'rules' }).addGroup('b').addRecord('y:up:sum', { expr: 'sum(up)' });
    expect(synthError(a)).toContain('[shop] PrometheusRule shop/rules (monitoring.coreos.com/v1) of shop/B/Resource is also the object of shop/A/Resource');
  });

  test('two AlertmanagerConfigs with one explicit name', () => {
    const a = app();
    const c = chart(a);
    for (const id of ['A', 'B']) {
      const config = new alertmanager.AlertmanagerConfig(c, id, { name: 'routing', receiver: 'default', groupBy: ['alertname'] });
      config.addReceiver('default', { integrations: [] });
    }
    expect(synthError(a)).toMatch(/\[shop\] AlertmanagerConfig shop\/routing \(monitoring\.coreos\.com\/v1alpha1\) of shop\/B\/\S+ is also the object of shop\/A\/\S+/);
  });

  test('two LokiRules with one explicit name', () => {
    const a = app();
    const c = chart(a);
    for (const id of ['A', 'B']) {
      new loki.LokiRules(c, id, { name: 'logs' }).addGroup(`g${id}`).addRecord(`shop:lines${id}:rate`, { expr: 'sum(rate({app="shop"}[5m]))' });
    }
    expect(synthError(a)).toMatch(/\[shop\] ConfigMap shop\/\S+ \(v1\) of shop\/B\/\S+ is also the object of shop\/A\/\S+/);
  });

  test('cluster-scoped objects clash across namespaces', () => {
    const a = app();
    for (const [id, ns] of [['one', 'shop'], ['two', 'erp']]) {
      const c = chart(a, id, ns);
      new ApiObject(c, 'Role', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' } });
    }
    expect(synthError(a)).toContain('[two] ClusterRole reader (rbac.authorization.k8s.io/v1) of two/Role is also the object of one/Role');
  });

  test('one kind in two API versions is one object', () => {
    const a = app();
    const c = chart(a);
    new ApiObject(c, 'New', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'api' } });
    new ApiObject(c, 'Old', { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'api' } });
    expect(synthError(a)).toContain('[shop] HorizontalPodAutoscaler shop/api (autoscaling/v1) of shop/Old is also the object of shop/New');
  });
});

describe('dashboard uids are unique in the whole app', () => {
  test('the same title in two charts of one application', () => {
    const a = app();
    new grafana.Dashboard(chart(a, 'one'), 'Ops', { title: 'Operations' });
    new grafana.Dashboard(chart(a, 'two', 'erp'), 'Ops', { title: 'Operations' });
    const message = synthError(a);
    expect(message).toContain('[one/Ops] uid: "shop-operations" is also the uid of two/Ops; one uid is one dashboard in Grafana, the last one loaded wins: give one of them another title or an explicit uid');
    expect(message).toContain('[two/Ops] uid: "shop-operations" is also the uid of one/Ops');
  });

  test('explicit uids that differ only by case', () => {
    const a = app();
    new grafana.Dashboard(chart(a, 'one'), 'A', { title: 'A', uid: 'Api-Health' });
    new grafana.Dashboard(chart(a, 'two', 'erp'), 'B', { title: 'B', uid: 'api-health' });
    expect(synthError(a)).toContain('[two/B] uid: "api-health" is also the uid of one/A ("Api-Health": Grafana compares uids without case on MySQL)');
  });
});

describe('chart namespace and labels are checked as the API server does', () => {
  test('a namespace that is not a DNS label', () => {
    expect(() => new MonitoringChart(app(), 'shop', { partOf: 'shop', namespace: 'Bad_NS' })).toThrow(
      "[shop] namespace: must be a DNS-1123 label (lower-case alphanumerics and '-', at most 63 characters, alphanumeric at both ends); received \"Bad_NS\"",
    );
  });

  test('a label key with a space', () => {
    expect(() => new MonitoringChart(app(), 'shop', { partOf: 'shop', namespace: 'shop', labels: { 'bad key!': 'x' } })).toThrow(
      "[shop] labels key: must be an optional DNS subdomain prefix and '/' followed by at most 63 alphanumerics, '-', '_' or '.', alphanumeric at both ends; received \"bad key!\"",
    );
  });

  test('a label value with a token-like slash', () => {
    expect(() => new MonitoringChart(app(), 'shop', { partOf: 'shop', namespace: 'shop', labels: { team: 'a/b' } })).toThrow(
      '[shop] labels["team"]: must be empty or at most 63 alphanumerics',
    );
  });
});
