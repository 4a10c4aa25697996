import { Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { ENVIRONMENTS, EnvironmentConfig } from '../../apps/environments';
import { addErp } from '../../apps/erp';
import * as erp from '../../apps/erp/logs';
import { addFestivals } from '../../apps/festivals';
import * as festivals from '../../apps/festivals/logs';
import { addGasDelivery } from '../../apps/gas-delivery';
import * as gasDelivery from '../../apps/gas-delivery/logs';
import { addPlatformLogging } from '../../apps/platform/logging';
import { ConstructQueries, LogQL, MonitoringChart } from '../../lib/core';
import { LogAgent, LogPipeline, PromtailConfig, StageKind } from '../../lib/loki';
import { misplacedUnwrapErrorFilter } from '../../lib/loki/logql-checks';
import { byKind, distFiles, Manifest, one, synth } from '../util/synth';

const APPS = [
  { name: 'gas-delivery', module: gasDelivery, add: addGasDelivery },
  { name: 'festivals', module: festivals, add: addFestivals },
  { name: 'erp', module: erp, add: addErp },
];

/** The log pipelines of the three applications, as their AppMonitoring builds them, in the platform's order. */
function pipelinesOf(env: EnvironmentConfig): LogPipeline[] {
  const app = Testing.app();
  return APPS.map((a) => a.add(app, env).logPipeline);
}

/** Every LogQL expression of the Loki rule files and the Promtail/Loki configurations of a set of manifests. */
function logqlOf(manifests: any[]): string[] {
  const out: string[] = [];
  for (const cm of byKind(manifests, 'ConfigMap')) {
    for (const [key, text] of Object.entries(cm.data ?? {})) {
      if (!key.endsWith('.yaml')) continue;
      const doc = yaml.load(text as string) as any;
      for (const g of doc?.groups ?? []) for (const r of g.rules ?? []) out.push(r.expr);
      const walk = (stages: any[]) => stages.forEach((s) => { if (s.match) { out.push(s.match.selector); walk(s.match.stages ?? []); } });
      for (const sc of doc?.scrape_configs ?? []) walk(sc.pipeline_stages ?? []);
      for (const r of doc?.limits_config?.retention_stream ?? []) out.push(r.selector);
    }
  }
  return out;
}

/** The namespace the Loki Helm chart is installed in (apps/platform/logging.ts pushes to loki-gateway.loki.svc). */
const LOKI_NAMESPACE = 'loki';

/**
 * Where the Loki chart's rules sidecar writes a ConfigMap, or why it does not: kiwigrid/k8s-sidecar
 * (src/sidecar.py, src/resources.py) as the chart runs it (production/helm/loki templates/backend/
 * statefulset-backend.yaml and single-binary/statefulset.yaml: METHOD, LABEL, LABEL_VALUE when set, FOLDER,
 * FOLDER_ANNOTATION when set, NAMESPACE when searchNamespace is set, else the pod's own namespace).
 */
function sidecarTarget(rules: any, cm: Manifest): string {
  const namespaces: string[] = rules.searchNamespace ?? [LOKI_NAMESPACE];
  if (!namespaces.includes('ALL') && !namespaces.includes(cm.metadata.namespace!)) return `not searched: namespace ${cm.metadata.namespace} is not in ${namespaces.join(',')}`;
  const value = cm.metadata.labels?.[rules.label];
  if (value === undefined || (rules.labelValue && value !== rules.labelValue)) return `not selected: no label ${rules.label}`;
  const annotated = cm.metadata.annotations?.[rules.folderAnnotation ?? 'k8s-sidecar-target-directory'];
  const dir = annotated === undefined ? rules.folder : annotated.startsWith('/') ? annotated : `${rules.folder}/${annotated}`;
  // the sidecar's root filesystem is read-only: only the shared volume mounted at `folder` can be written
  return dir === rules.folder || dir.startsWith(`${rules.folder}/`) ? dir : `lost: ${dir} is outside the shared volume ${rules.folder}`;
}

describe.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('%s', (_name, env) => {
  test('the Loki rules reach the ruler: the chart\'s rules sidecar, with the rendered values, writes every LokiRules ConfigMap where the ruler reads', () => {
    const files = Object.entries(distFiles()).filter(([file]) => file.startsWith(`${env.name}/`));
    const all = files.flatMap(([, manifests]) => manifests.filter((m) => m));
    const platform = files.find(([file]) => file.endsWith('/platform.k8s.yaml'))![1];
    const values = yaml.load(one(platform, 'ConfigMap', 'loki-config-helm-values').data['values.yaml']) as any;
    const loki = yaml.load(one(platform, 'ConfigMap', 'loki-config').data['config.yaml']) as any;
    // without multi-tenancy, the ruler reads tenant "fake" under its local rules directory
    expect(loki.auth_enabled).toBe(false);
    const rulerReads = `${loki.ruler.storage.local.directory}/fake`;
    const ruleMaps = byKind(all, 'ConfigMap').filter((m) => m.metadata.labels?.loki_rule !== undefined);
    expect(ruleMaps.map((m) => m.metadata.namespace).sort()).toEqual(['erp', 'festivals', 'gas-delivery'].map((a) => env.namespace(a)).sort());
    expect(ruleMaps.map((m) => [m.metadata.name, sidecarTarget(values.sidecar.rules, m)])).toEqual(ruleMaps.map((m) => [m.metadata.name, rulerReads]));
    // the chart's defaults alone (searchNamespace null) would leave them all in the applications' namespaces, unread
    expect(ruleMaps.map((m) => sidecarTarget({ ...values.sidecar.rules, searchNamespace: undefined }, m))).toEqual(ruleMaps.map(() => expect.stringMatching(/^not searched/)));
  });

  describe.each(APPS.map((a) => [a.name, a] as const))('%s', (appName, app) => {
    test('the pipeline is restricted to the app namespace, renders for Promtail and keeps ids out of labels', () => {
      const pipeline = app.add(Testing.app(), env).logPipeline;
      expect(pipeline.name).toBe(appName);
      expect(pipeline.selector).toBe(`{namespace="${env.namespace(appName)}"}`);
      const rendered = PromtailConfig.renderStages(pipeline.toStages());
      expect(rendered).toHaveLength(1);
      expect((rendered[0] as any).match.pipeline_name).toBe(appName);
      const labels: string[] = [];
      const walk = (stages: typeof pipeline.stages) => stages.forEach((s) => {
        if (s.kind === StageKind.LABELS) labels.push(...Object.keys(s.definition.labels!.labels));
        if (s.definition.match?.stages) walk(s.definition.match.stages);
      });
      walk(pipeline.stages);
      expect(labels).toContain('level');
      for (const id of ['request_id', 'trace_id', 'user_id', 'message', 'timestamp']) expect(labels).not.toContain(id);
    });

    test('the log rules parse as LogQL metric queries and are labelled for the sidecar', () => {
      const chart = new MonitoringChart(Testing.app(), appName, { partOf: appName, namespace: env.namespace(appName) });
      app.module.addLogAlerts(chart, env);
      const manifests = synth(chart);
      const cm = one(manifests, 'ConfigMap', `${appName}-log-rules`);
      expect(cm.metadata.labels).toMatchObject({ loki_rule: '1' });
      const exprs = logqlOf(manifests);
      expect(exprs.length).toBeGreaterThan(0);
      for (const e of exprs) {
        expect(LogQL.parse(e)._tree.topNode.firstChild?.firstChild?.name).toBe('MetricExpr');
        expect(misplacedUnwrapErrorFilter(LogQL.parse(e))).toBeUndefined();
        expect(e).toContain(`namespace="${env.namespace(appName)}"`);
      }
      expect(ConstructQueries.logqlUnder(chart).map((r) => r.query.expression)).toEqual(exprs);
    });
  });

  test('every LogQL query of the apps (rules and dashboards) that unwraps a label drops errors after the unwrap', () => {
    const root = Testing.app();
    for (const a of APPS) a.add(root, env);
    const queries = ConstructQueries.logqlUnder(root);
    const unwrapping = queries.filter((r) => r.query._parsedText.includes('| unwrap'));
    // festivals' latency rule (LogQueries.requestLatencyQuantile) unwraps duration_ms
    expect(unwrapping.map((r) => r.query.expression)).toContainEqual(expect.stringContaining('| unwrap duration_ms | __error__=""'));
    expect(queries.filter((r) => misplacedUnwrapErrorFilter(r.query) !== undefined).map((r) => `${r.scope.node.path} ${r.field}: ${r.query.expression}`)).toEqual([]);
  });

  test('erp keeps the seed\'s CriticalErrorLogged alert', () => {
    const chart = new MonitoringChart(Testing.app(), 'erp', { partOf: 'erp', namespace: env.namespace('erp') });
    erp.addLogAlerts(chart, env);
    const file = yaml.load(one(synth(chart), 'ConfigMap', 'erp-log-rules').data['erp-log-rules.yaml']) as any;
    const alert = file.groups[0].rules.find((r: any) => r.alert === 'CriticalErrorLogged');
    expect(alert).toMatchObject({
      expr: `sum by (namespace, app) (count_over_time({namespace="${env.namespace('erp')}"} | json | level=~"ERROR|CRITICAL" [5m])) > 0`,
      for: '0s', labels: { severity: 'warning' },
    });
  });

  test('the platform logging with Promtail: one agent, the three pipelines in order, Loki config with the ruler', () => {
    const chart = new MonitoringChart(Testing.app(), 'platform', { partOf: 'platform', namespace: 'logging' });
    const logging = addPlatformLogging(chart, env, pipelinesOf(env), LogAgent.PROMTAIL);
    const manifests = synth(chart);
    expect(logging.agent.agent).toBe(LogAgent.PROMTAIL);
    expect(byKind(manifests, 'DaemonSet')).toHaveLength(1);
    const promtail = yaml.load(logging.agent.configText()) as any;
    const stages = promtail.scrape_configs[0].pipeline_stages;
    expect(stages.filter((s: any) => s.match).map((s: any) => s.match.pipeline_name)).toEqual(['gas-delivery', 'festivals', 'erp']);
    expect(stages[0]).toEqual({ cri: {} });
    const loki = yaml.load(one(manifests, 'ConfigMap', 'loki-config').data['config.yaml']) as any;
    expect(loki.ruler.alertmanager_url).toBe('http://alertmanager-operated.monitoring.svc:9093');
    expect(loki.schema_config.configs[0].schema).toBe('v13');
    for (const e of logqlOf(manifests)) expect(() => LogQL.parse(e)).not.toThrow();
    expect(logqlOf(manifests).length).toBeGreaterThanOrEqual(5);
  });

  test('the platform logging synthesizes with Alloy, from the same collection', () => {
    const chart = new MonitoringChart(Testing.app(), 'platform', { partOf: 'platform', namespace: 'logging' });
    const logging = addPlatformLogging(chart, env, pipelinesOf(env));
    const manifests = synth(chart);
    expect(logging.agent.agent).toBe(LogAgent.ALLOY);
    expect(byKind(manifests, 'DaemonSet')).toHaveLength(1);
    expect(logging.agent.configText()).toContain('loki.process');
  });
});
