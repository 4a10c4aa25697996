import { Duration } from 'cdk8s';
import * as yaml from 'js-yaml';
import { AlertmanagerImplementation, Datasource, DatasourceRef, GrafanaDatasources } from '../../lib/grafana';
import { crdSchemaErrors, deprecatedFieldsUsed } from '../util/schema';
import { byKind, one, synth } from '../util/synth';
import { chart } from './helpers';

describe('GrafanaDatasources', () => {
  test('a datasources.yaml ConfigMap labelled for the sidecar, with the fixed uids dashboards use', () => {
    const c = chart('platform', 'monitoring');
    const ds = new GrafanaDatasources(c, 'Datasources', {
      datasources: [
        Datasource.prometheus({ url: 'http://prometheus-operated.monitoring:9090', scrapeInterval: Duration.seconds(15) }),
        Datasource.loki({ url: 'http://loki-gateway.monitoring' }),
      ],
    });
    ds.addDatasource(Datasource.alertmanager({ url: 'http://alertmanager-operated.monitoring:9093', implementation: AlertmanagerImplementation.PROMETHEUS }));
    const cm = one(synth(c), 'ConfigMap', 'grafana-datasources');
    expect(cm.metadata.labels).toMatchObject({ grafana_datasource: '1', 'app.kubernetes.io/part-of': 'platform' });
    const file = yaml.load(cm.data['datasources.yaml']) as any;
    expect(file.apiVersion).toBe(1);
    expect(file.datasources).toEqual([
      { name: 'Prometheus', type: 'prometheus', uid: DatasourceRef.PROMETHEUS.uid, access: 'proxy', url: 'http://prometheus-operated.monitoring:9090', isDefault: true, editable: false, jsonData: { timeInterval: '15s', httpMethod: 'POST' } },
      { name: 'Loki', type: 'loki', uid: DatasourceRef.LOKI.uid, access: 'proxy', url: 'http://loki-gateway.monitoring', isDefault: false, editable: false, jsonData: { maxLines: 1000 } },
      { name: 'Alertmanager', type: 'alertmanager', uid: DatasourceRef.ALERTMANAGER.uid, access: 'proxy', url: 'http://alertmanager-operated.monitoring:9093', isDefault: false, editable: false, jsonData: { implementation: 'prometheus', handleGrafanaManagedAlerts: false } },
    ]);
    expect(ds.uids).toEqual(['prometheus', 'loki', 'alertmanager']);
    expect(byKind(synth(c), 'GrafanaDatasource')).toEqual([]);
  });

  test('GrafanaDatasource resources for the operator validate against the CRD', () => {
    const c = chart('platform', 'monitoring');
    new GrafanaDatasources(c, 'Datasources', {
      operatorInstanceSelector: { dashboards: 'grafana' },
      datasources: [Datasource.prometheus({ url: 'http://prometheus:9090' }), Datasource.loki({ url: 'http://loki:3100', uid: 'loki-logs', name: 'Logs' })],
    });
    const crs = byKind(synth(c), 'GrafanaDatasource');
    expect(crs.map((r) => [r.metadata.name, r.spec.uid, r.spec.datasource.type, r.spec.instanceSelector])).toEqual([
      ['grafana-datasource-prometheus', 'prometheus', 'prometheus', { matchLabels: { dashboards: 'grafana' } }],
      ['grafana-datasource-loki-logs', 'loki-logs', 'loki', { matchLabels: { dashboards: 'grafana' } }],
    ]);
    for (const cr of crs) expect(crdSchemaErrors(cr)).toEqual([]);
  });

  test('GrafanaDatasource carries the uid in spec.uid, not in the deprecated spec.datasource.uid', () => {
    const c = chart('platform', 'monitoring');
    new GrafanaDatasources(c, 'Datasources', {
      operatorInstanceSelector: { dashboards: 'grafana' },
      datasources: [Datasource.prometheus({ url: 'http://prometheus:9090' }), Datasource.loki({ url: 'http://loki:3100', uid: 'loki-logs', name: 'Logs' })],
    });
    const crs = byKind(synth(c), 'GrafanaDatasource');
    expect(crs.map((r) => r.spec.uid)).toEqual(['prometheus', 'loki-logs']);
    for (const cr of crs) {
      expect(cr.spec.datasource).not.toHaveProperty('uid');
      expect(cr.spec.datasource).toMatchObject({ access: 'proxy', editable: false });
      // the vendored CRD describes spec.datasource.uid as "Deprecated field, use spec.uid instead"
      expect(deprecatedFieldsUsed(cr)).toEqual([]);
      expect(deprecatedFieldsUsed({ ...cr, spec: { ...cr.spec, datasource: { ...cr.spec.datasource, uid: cr.spec.uid } } })).toEqual(['/spec/datasource/uid']);
    }
  });

  test('uids and names must be unique; only one default', () => {
    const c = chart();
    const ds = new GrafanaDatasources(c, 'Ds', { datasources: [Datasource.prometheus({ url: 'http://a:9090' })] });
    expect(() => ds.addDatasource(Datasource.prometheus({ url: 'http://b:9090', name: 'Other' }))).toThrow(
      '[shop/Ds] datasources: uid and name must be unique; "Other" (uid prometheus) clashes with "Prometheus" (uid prometheus)',
    );
    ds.addDatasource(Datasource.prometheus({ url: 'http://b:9090', name: 'Thanos', uid: 'thanos' }));
    expect(() => synth(c)).toThrow('[shop/Ds] datasources: at most one may be the default (isDefault); received Prometheus, Thanos');
  });

  test('the ConfigMap name is configurable and checked', () => {
    const c = chart();
    new GrafanaDatasources(c, 'Ds', { configMapName: 'shop-datasources', datasources: [Datasource.loki({ url: 'http://loki:3100' })] });
    expect(one(synth(c), 'ConfigMap', 'shop-datasources').metadata.labels).toMatchObject({ grafana_datasource: '1' });
    expect(() => new GrafanaDatasources(chart(), 'Bad', { configMapName: 'Shop_DS' })).toThrow('[shop/Bad] configMapName: must be a DNS-1123 subdomain');
  });

  test('urls and uids are checked', () => {
    expect(() => Datasource.loki({ url: 'loki:3100' })).toThrow('url: must be an http:// or https:// URL; received "loki:3100"');
    expect(() => Datasource.loki({ url: 'http://loki:3100', uid: 'x'.repeat(41) })).toThrow("uid: must be 1 to 40 alphanumerics, '-' or '_'");
    expect(Datasource.loki({ url: 'http://loki:3100', uid: 'logs' }).ref).toEqual(DatasourceRef.loki('logs'));
  });
});
