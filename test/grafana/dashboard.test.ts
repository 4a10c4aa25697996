import { ApiObject, Duration, JsonPatch, Testing } from 'cdk8s';
import { MonitoringChart, SynthWarnings } from '../../lib';
import {
  Annotation, Color, Dashboard, DashboardDelivery, Datasource, DatasourceRef, DatasourceType, GrafanaDatasources, GraphTooltip, Link, SCHEMA_VERSION,
  StatPanel, Target, TextPanel, TimeSeriesPanel, Variable,
} from '../../lib/grafana';
import { ARGOCD_SYNC_OPTIONS } from '../../lib/core/object-size';
import { crdSchemaErrors } from '../util/schema';
import { byKind, one, synth } from '../util/synth';
import { goParsesDuration } from '../util/tools';
import { chart, dashboardOf, panel, render, schema41Rewrites } from './helpers';

describe('Dashboard uid', () => {
  test('derived from app and title', () => {
    const d = new Dashboard(chart('gas-delivery'), 'Ops', { title: 'Lucky Gas Operations' });
    expect(d.uid).toBe('gas-delivery-lucky-gas-operations');
    expect(d.uid.length).toBeLessThanOrEqual(40);
  });

  test('long titles are cut to 40 characters with a hash of the full slug', () => {
    const a = Dashboard.uidFor('gas-delivery', 'Lucky Gas Technical Metrics for the API tier');
    const b = Dashboard.uidFor('gas-delivery', 'Lucky Gas Technical Metrics for the DB tier');
    expect(a).toHaveLength(40);
    expect(b).toHaveLength(40);
    expect(a).not.toBe(b);
    expect(a.startsWith('gas-delivery-lucky-gas-technica')).toBe(true);
    expect(a).toMatch(/^[a-z0-9-]+-[0-9a-f]{8}$/);
    expect(Dashboard.uidFor('gas-delivery', 'Lucky Gas Technical Metrics for the API tier')).toBe(a);
  });

  test('an explicit uid is checked against Grafana rules', () => {
    expect(() => new Dashboard(chart(), 'Bad', { title: 'x', uid: 'has space' })).toThrow(
      "[shop/Bad] uid: must be 1 to 40 alphanumerics, '-' or '_' (Grafana uid); received \"has space\"",
    );
    expect(new Dashboard(chart(), 'Ok', { title: 'x', uid: 'api-health' }).uid).toBe('api-health');
  });

  test('two dashboards with the same uid in a chart fail', () => {
    const c = chart();
    new Dashboard(c, 'A', { title: 'Same' });
    new Dashboard(c, 'B', { title: 'Same' });
    expect(() => synth(c)).toThrow('[shop/B] uid: "shop-same" is also the uid of shop/A');
  });
});

describe('Dashboard JSON', () => {
  test('carries the classic model fields, variables, annotations and links', () => {
    const c = chart();
    const other = new Dashboard(c, 'Other', { title: 'Other' });
    const d = new Dashboard(c, 'D', {
      title: 'Shop Overview',
      description: 'The shop',
      tags: ['shop', 'overview'],
      refresh: Duration.seconds(30),
      timeRange: Duration.hours(24),
      variables: [Variable.namespace(), Variable.job({ selector: 'up{namespace="$namespace"}' })],
      annotations: [Annotation.alerts({ matchers: 'namespace="$namespace"' })],
      links: [Link.toDashboard(other), Link.runbook('https://wiki.internal/runbooks/shop')],
    });
    new StatPanel(d, 'Up', { title: 'Targets up', targets: [Target.promql('sum(up{namespace="$namespace", job="$job"})')] });
    const json = render(d);
    expect(json).toMatchObject({
      uid: 'shop-shop-overview',
      title: 'Shop Overview',
      description: 'The shop',
      tags: ['shop', 'overview'],
      schemaVersion: SCHEMA_VERSION,
      refresh: '30s',
      time: { from: 'now-1d', to: 'now' },
      editable: false,
      id: null,
    });
    expect(SCHEMA_VERSION).toBe(41);
    expect(json.templating.list.map((v: any) => [v.name, v.type, v.query, v.datasource])).toEqual([
      ['namespace', 'query', 'label_values(up, namespace)', { type: 'prometheus', uid: 'prometheus' }],
      ['job', 'query', 'label_values(up{namespace="$namespace"}, job)', { type: 'prometheus', uid: 'prometheus' }],
    ]);
    expect(json.annotations.list[0]).toMatchObject({ builtIn: 1, type: 'dashboard', hide: true });
    expect(json.annotations.list[1]).toMatchObject({
      name: 'Firing alerts',
      target: { refId: 'Anno', expr: 'ALERTS{alertstate="firing", namespace="$namespace"}', interval: '1m' },
      titleFormat: '{{alertname}}',
      datasource: { type: 'prometheus', uid: 'prometheus' },
    });
    expect(schema41Rewrites(json)).toEqual([]);
    expect(json.links).toEqual([
      expect.objectContaining({ title: 'Other', type: 'link', url: '/d/shop-other', keepTime: true, includeVars: true }),
      expect.objectContaining({ title: 'Runbook', type: 'link', url: 'https://wiki.internal/runbooks/shop', targetBlank: true }),
    ]);
  });

  test('a PromQL annotation keeps its query in target and its event formatting at the top level, as Grafana reads them', () => {
    // packages/grafana-prometheus/src/annotations.ts: prepareAnnotation moves a top-level expr and step into
    // target.expr and target.interval; processEvents reads titleFormat, textFormat, tagKeys and useValueForTime
    // from the annotation itself
    const d = new Dashboard(chart(), 'D', {
      title: 'x',
      annotations: [Annotation.promql('Deploys', 'changes(kube_deployment_status_observed_generation{namespace="shop"}[5m]) > 0', {
        titleFormat: '{{deployment}}', textFormat: 'rolled out', tagKeys: ['deployment', 'namespace'], step: Duration.seconds(30), color: Color.BLUE,
      })],
    });
    const json = render(d);
    const a = json.annotations.list[1];
    expect(a).toEqual({
      name: 'Deploys', datasource: { type: 'prometheus', uid: 'prometheus' }, enable: true, hide: false, iconColor: 'blue',
      target: { refId: 'Anno', expr: 'changes(kube_deployment_status_observed_generation{namespace="shop"}[5m]) > 0', interval: '30s' },
      titleFormat: '{{deployment}}', textFormat: 'rolled out', tagKeys: 'deployment,namespace', useValueForTime: false,
    });
    expect(schema41Rewrites(json)).toEqual([]);
    // the legacy form, which the library wrote before, is what Grafana rewrites
    const legacy = { ...a, expr: a.target.expr, step: a.target.interval, target: undefined };
    expect(schema41Rewrites({ ...json, annotations: { list: [json.annotations.list[0], legacy] } })).toEqual([
      'annotations.list[1].expr: the query belongs in target (prepareAnnotation moves it)',
      'annotations.list[1].step: the query belongs in target (prepareAnnotation moves it)',
      'annotations.list[1].target: no expr and refId',
    ]);
  });

  test('Grafana-managed alert annotations replace the hidden built-in one', () => {
    const d = new Dashboard(chart(), 'D', { title: 'x', annotations: [Annotation.grafanaAlerts(), Annotation.tagged('Deploys', ['deploy'])] });
    const list = render(d).annotations.list;
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ builtIn: 1, hide: false, name: 'Annotations & Alerts' });
    expect(list[1]).toMatchObject({ name: 'Deploys', target: { type: 'tags', tags: ['deploy'] } });
  });

  test('the same construction gives the same bytes', () => {
    const build = () => {
      const c = chart();
      const d = new Dashboard(c, 'D', { title: 'Same', variables: [Variable.namespace()] });
      new TimeSeriesPanel(d, 'P', { title: 'p', targets: [Target.promql('up{namespace="$namespace"}')] });
      return Testing.synth(c);
    };
    expect(JSON.stringify(build())).toBe(JSON.stringify(build()));
  });
});

describe('Dashboard defaults', () => {
  test('are resolved once, when it is created, into its fields, and written from them', () => {
    const d = new Dashboard(chart(), 'D', { title: 'Defaults' });
    expect([d.tags, d.timezone, d.refresh.toSeconds(), d.timeRange.toHours(), d.editable, d.graphTooltip, d.datasourceUids])
      .toEqual([[], 'browser', 60, 6, false, GraphTooltip.SHARED_CROSSHAIR, []]);
    expect(render(d)).toMatchObject({ tags: [], timezone: 'browser', refresh: '1m', time: { from: 'now-6h', to: 'now' }, editable: false, graphTooltip: 1 });
    const given = new Dashboard(chart(), 'G', { title: 'Given', timezone: 'utc', graphTooltip: GraphTooltip.SHARED_TOOLTIP, editable: true, datasourceUids: ['tempo'] });
    expect([given.timezone, given.graphTooltip, given.editable, given.datasourceUids]).toEqual(['utc', GraphTooltip.SHARED_TOOLTIP, true, ['tempo']]);
    expect(render(given)).toMatchObject({ timezone: 'utc', graphTooltip: 2, editable: true });
  });
});

describe('delivery', () => {
  test('default: one ConfigMap labelled for the sidecar with the folder annotation', () => {
    const c = chart('erp', 'erp');
    const d = new Dashboard(c, 'D', { title: 'System Health Overview' });
    const cm = one(synth(c), 'ConfigMap', 'grafana-dashboard-erp-system-health-overview');
    expect(cm.metadata.labels).toMatchObject({ grafana_dashboard: '1', 'app.kubernetes.io/part-of': 'erp' });
    expect(cm.metadata.annotations).toEqual({ grafana_folder: 'erp' });
    expect(Object.keys(cm.data)).toEqual([`${d.uid}.json`]);
    expect(JSON.parse(cm.data[`${d.uid}.json`]).title).toBe('System Health Overview');
  });

  test('label, value, folder annotation and folder are configurable', () => {
    const c = chart();
    new Dashboard(c, 'D', { title: 'x', folder: 'Shop Team', delivery: DashboardDelivery.sidecar({ label: 'dashboards', labelValue: 'shop', folderAnnotation: 'k8s-sidecar-target-directory' }) });
    const cm = one(synth(c), 'ConfigMap');
    expect(cm.metadata.labels).toMatchObject({ dashboards: 'shop' });
    expect(cm.metadata.labels!.grafana_dashboard).toBeUndefined();
    expect(cm.metadata.annotations).toEqual({ 'k8s-sidecar-target-directory': 'Shop Team' });
  });

  test('Grafana Operator: GrafanaDashboard referencing the ConfigMap, valid against the CRD', () => {
    const c = chart();
    const d = new Dashboard(c, 'D', {
      title: 'Operator',
      delivery: DashboardDelivery.grafanaOperator({ instanceSelector: { dashboards: 'grafana' }, resyncPeriod: Duration.minutes(5) }),
    });
    const out = synth(c);
    const gd = one(out, 'GrafanaDashboard');
    expect(gd.spec).toEqual({
      instanceSelector: { matchLabels: { dashboards: 'grafana' } },
      folder: 'shop',
      uid: d.uid,
      resyncPeriod: '5m',
      configMapRef: { name: d.configMapName, key: d.configMapKey },
    });
    expect(crdSchemaErrors(gd)).toEqual([]);
    const cm = one(out, 'ConfigMap', d.configMapName);
    expect(cm.metadata.labels!.grafana_dashboard).toBeUndefined();
    expect(dashboardOf(out, d.uid).title).toBe('Operator');
  });

  test('Grafana Operator: a resyncPeriod of a day or more is a Go duration (metav1.Duration), valid against the CRD', () => {
    for (const [period, text] of [[Duration.days(1), '24h'], [Duration.days(7), '168h'], [Duration.hours(25), '25h'], [Duration.seconds(90), '1m30s']] as const) {
      const c = chart();
      new Dashboard(c, 'D', { title: 'Operator', delivery: DashboardDelivery.grafanaOperator({ instanceSelector: { dashboards: 'grafana' }, resyncPeriod: period }) });
      const gd = one(synth(c), 'GrafanaDashboard');
      expect(gd.spec.resyncPeriod).toBe(text);
      // the CRD's pattern (^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$) and Go's time.ParseDuration both accept it
      expect(crdSchemaErrors(gd)).toEqual([]);
      expect(goParsesDuration(gd.spec.resyncPeriod)).toMatchObject({ ok: true });
    }
    // `1d`, as it was written before, is refused by the CRD
    const c = chart();
    new Dashboard(c, 'D', { title: 'Operator', delivery: DashboardDelivery.grafanaOperator({ instanceSelector: { dashboards: 'grafana' } }) });
    const gd = one(synth(c), 'GrafanaDashboard');
    expect(crdSchemaErrors({ ...gd, spec: { ...gd.spec, resyncPeriod: '1d' } })).toEqual(['GrafanaDashboard/' + gd.metadata.name + '/spec/resyncPeriod must match pattern "^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$"']);
  });

  test('Grafana Operator delivery needs an instance selector', () => {
    expect(() => DashboardDelivery.grafanaOperator({ instanceSelector: {} })).toThrow('instanceSelector: must have at least one label');
  });
});

describe('guards', () => {
  test('a query using an undefined variable fails with the panel path and the variable name', () => {
    const c = chart();
    const d = new Dashboard(c, 'Api', { title: 'API', variables: [Variable.namespace()] });
    new TimeSeriesPanel(d, 'Latency', { title: 'Latency', targets: [Target.promql('up{namespace="$namespace"}'), Target.promql('up{job="$job"}')] });
    expect(() => synth(c)).toThrow('[shop/Api/Latency] targets[1].expr: template variable "$job" is not defined in dashboard "API"; add it with Dashboard.addVariable() (defined: namespace)');
  });

  test("Grafana's global variables need no definition", () => {
    const c = chart();
    const d = new Dashboard(c, 'D', { title: 'x' });
    new TimeSeriesPanel(d, 'P', { title: 'p', targets: [Target.promql('rate(up[$__rate_interval]) * $__interval_ms')] });
    expect(() => synth(c)).not.toThrow();
  });

  test('a variable query using an undefined variable fails', () => {
    const c = chart();
    new Dashboard(c, 'D', { title: 'Chained', variables: [Variable.job({ selector: 'up{namespace="$namespace"}' })] });
    expect(() => synth(c)).toThrow('[shop/D] templating.list[0] (job): template variable "$namespace" is not defined in dashboard "Chained"');
  });

  test('an unknown datasource uid fails with the panel path and the uid', () => {
    const c = chart();
    const d = new Dashboard(c, 'D', { title: 'x' });
    new TimeSeriesPanel(d, 'P', { title: 'p', targets: [Target.promql('up', { datasource: DatasourceRef.prometheus('thanos') })] });
    expect(() => synth(c)).toThrow('[shop/D/P] targets[0].datasource: unknown datasource uid "thanos" (prometheus); provisioned or declared uids: alertmanager, loki, prometheus');
  });

  test('datasource uids: those provisioned in the app, plus declared ones', () => {
    const app = Testing.app();
    const platform = new MonitoringChart(app, 'platform', { partOf: 'platform', namespace: 'monitoring' });
    new GrafanaDatasources(platform, 'Datasources', { datasources: [Datasource.prometheus({ url: 'http://thanos:9090', uid: 'thanos' })] });
    const c = new MonitoringChart(app, 'shop', { partOf: 'shop', namespace: 'shop' });
    const d = new Dashboard(c, 'D', { title: 'x', datasourceUids: ['legacy'] });
    new TimeSeriesPanel(d, 'Thanos', { title: 'ok', targets: [Target.promql('up', { datasource: DatasourceRef.prometheus('thanos') })] });
    new TimeSeriesPanel(d, 'Legacy', { title: 'ok', targets: [Target.promql('up', { datasource: DatasourceRef.prometheus('legacy') })] });
    new TimeSeriesPanel(d, 'Default', { title: 'not provisioned', targets: [Target.promql('up')] });
    expect(() => synth(c)).toThrow('[shop/D/Default] targets[0].datasource: unknown datasource uid "prometheus" (prometheus); provisioned or declared uids: legacy, thanos');
  });

  test('a datasource variable must be defined; when it is, any uid it selects is accepted', () => {
    const c = chart();
    const ds = DatasourceRef.variable('datasource', DatasourceType.PROMETHEUS);
    const d = new Dashboard(c, 'D', { title: 'Vars' });
    new TimeSeriesPanel(d, 'P', { title: 'p', targets: [Target.promql('up', { datasource: ds })] });
    expect(() => synth(c)).toThrow('[shop/D/P] targets[0].datasource: datasource variable "$datasource" is not defined in dashboard "Vars"');
    d.addVariable(Variable.datasource('datasource', DatasourceType.PROMETHEUS));
    const json = render(d);
    expect(panel(json, 'p').targets[0].datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
    expect(json.templating.list[0]).toMatchObject({ type: 'datasource', query: 'prometheus', name: 'datasource' });
  });

  test('a ConfigMap above 1 MiB fails, with the fix for a dashboard', () => {
    const c = chart();
    const d = new Dashboard(c, 'Huge', { title: 'Huge' });
    new TextPanel(d, 'Wall', { title: 'Wall', content: 'x'.repeat(1100 * 1024) });
    expect(() => synth(c)).toThrow(new RegExp(`\\[shop\\] object size of shop/Huge/ConfigMap: ConfigMap "${d.configMapName}" is \\d+ bytes \\(keys, values and metadata\\), `
      + 'over the 1048576 bytes \\(1 MiB\\) one Kubernetes object can hold .*; split "Huge" into several dashboards linked with Link\\.toDashboard\\(\\)$'));
  });

  test('a ConfigMap too large for client-side apply warns and asks Argo CD for server-side apply', () => {
    const c = chart();
    const d = new Dashboard(c, 'Big', { title: 'Big' });
    new TextPanel(d, 'Wall', { title: 'Wall', content: 'x'.repeat(300 * 1024) });
    const cm = one(synth(c), 'ConfigMap', d.configMapName);
    expect(cm.metadata.annotations).toEqual({ grafana_folder: 'shop', [ARGOCD_SYNC_OPTIONS]: 'ServerSideApply=true' });
    expect(SynthWarnings.collect(c.node.root)).toEqual([{
      path: 'shop/Big/ConfigMap',
      message: expect.stringMatching(new RegExp(`^ConfigMap "${d.configMapName}" is too large for client-side \`kubectl apply\`, .*: its annotations would be \\d+ bytes, over the 262144 bytes `
        + `.*; apply it with \`kubectl apply --server-side\` \\(it carries ${ARGOCD_SYNC_OPTIONS}: ServerSideApply=true for Argo CD\\), or split "Big" into several dashboards linked with Link\\.toDashboard\\(\\)$`)),
    }]);
  });

  test('the Argo CD option and the warning come together, at the size where client-side apply fails', () => {
    // the dashboard JSON, escaped into the last-applied annotation with the rest of the ConfigMap, crosses 262144 bytes
    const sized = (n: number) => {
      const c = chart();
      const d = new Dashboard(c, 'Edge', { title: 'Edge' });
      new TextPanel(d, 'Wall', { title: 'Wall', content: 'x'.repeat(n) });
      const annotated = one(synth(c), 'ConfigMap', d.configMapName).metadata.annotations![ARGOCD_SYNC_OPTIONS] !== undefined;
      return { annotated, warned: SynthWarnings.collect(c.node.root).length > 0 };
    };
    let low = 250 * 1024;
    let high = 262144;
    expect(sized(low)).toEqual({ annotated: false, warned: false });
    expect(sized(high)).toEqual({ annotated: true, warned: true });
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (sized(mid).annotated) high = mid;
      else low = mid;
    }
    expect(sized(low)).toEqual({ annotated: false, warned: false });
    expect(sized(high)).toEqual({ annotated: true, warned: true });
  });

  test('small dashboards get neither warning nor annotation', () => {
    const c = chart();
    const d = new Dashboard(c, 'Small', { title: 'Small' });
    new TextPanel(d, 'T', { title: 'T', content: 'hello' });
    expect(one(synth(c), 'ConfigMap').metadata.annotations).toEqual({ grafana_folder: 'shop' });
    expect(SynthWarnings.of(d)).toEqual([]);
  });

  test('panels outside a dashboard fail', () => {
    const c = chart();
    new StatPanel(c, 'Loose', { title: 'loose', targets: [Target.promql('up')] });
    expect(() => synth(c)).toThrow('[shop/Loose] panel: must be placed in a Dashboard');
  });

  test('duplicate variable names fail', () => {
    expect(() => new Dashboard(chart(), 'D', { title: 'x', variables: [Variable.namespace(), Variable.namespace()] })).toThrow(
      '[shop/D] variables: a variable named "namespace" is already defined',
    );
  });

  test('rows cannot be nested', () => {
    const d = new Dashboard(chart(), 'D', { title: 'x' });
    const row = d.addRow('Outer', { title: 'outer' });
    expect(() => d.addRow.call(row as any, 'Inner', { title: 'inner' })).toThrow('[shop/D/Outer/Inner] rows cannot be nested');
  });

  test('the ConfigMap keeps the JSON-patch escape hatch', () => {
    const c = chart();
    const d = new Dashboard(c, 'D', { title: 'Patched' });
    ApiObject.of(d.node.findChild('ConfigMap')).addJsonPatch(JsonPatch.add('/metadata/annotations/team', 'shop'));
    expect(one(synth(c), 'ConfigMap').metadata.annotations).toEqual({ grafana_folder: 'shop', team: 'shop' });
  });

  test('objects are only ConfigMaps for the default delivery', () => {
    const c = chart();
    new Dashboard(c, 'D', { title: 'x' });
    expect(byKind(synth(c), 'GrafanaDashboard')).toEqual([]);
  });
});
