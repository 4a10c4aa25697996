import * as yaml from 'js-yaml';
import { LogQL } from '../lib';
import { checkConfigSecret } from './alertmanager/amtool';
import { crdSchemaErrors, deprecatedFieldsUsed, hasCrdSchema } from './util/schema';
import { distFiles, Manifest } from './util/synth';
import { promtoolCheckRules } from './util/tools';

// What GitOps applies is dist/: every object in it goes through the real checkers (PrometheusRules and
// scrape targets are checked in test/prometheus/dist.test.ts).
const objects: Array<{ where: string; m: Manifest }> = Object.entries(distFiles()).flatMap(([file, list]) =>
  list.filter((m) => m).map((m) => ({ where: `${file} ${m.kind}/${m.metadata.name}`, m })));

describe('dist/', () => {
  test('holds every application and the platform for both environments', () => {
    const files = [...new Set(objects.map((o) => o.where.split(' ')[0]))].sort();
    expect(files).toEqual([
      'production/erp.k8s.yaml', 'production/festivals.k8s.yaml', 'production/gas-delivery.k8s.yaml', 'production/platform.k8s.yaml',
      'staging/erp.k8s.yaml', 'staging/festivals.k8s.yaml', 'staging/gas-delivery.k8s.yaml', 'staging/platform.k8s.yaml',
    ]);
  });

  test('every custom resource validates against its vendored CRD', () => {
    const custom = objects.filter((o) => hasCrdSchema(o.m));
    expect([...new Set(custom.map((o) => o.m.kind))].sort()).toEqual(['AlertmanagerConfig', 'PodMonitor', 'Probe', 'PrometheusRule', 'ServiceMonitor']);
    expect(custom.flatMap((o) => crdSchemaErrors(o.m).map((e) => `${o.where}: ${e}`))).toEqual([]);
  });

  test('no custom resource sets a field its vendored CRD describes as deprecated', () => {
    const custom = objects.filter((o) => hasCrdSchema(o.m));
    expect(custom.flatMap((o) => deprecatedFieldsUsed(o.m).map((p) => `${o.where}: ${p}`))).toEqual([]);
  });

  test('amtool check-config passes on every alertmanager.yaml', () => {
    const secrets = objects.filter((o) => o.m.kind === 'Secret' && o.m.stringData?.['alertmanager.yaml']);
    expect(secrets.map((s) => s.where.split(' ')[0])).toEqual(['production/platform.k8s.yaml', 'staging/platform.k8s.yaml']);
    for (const s of secrets) {
      const result = checkConfigSecret(s.m);
      expect({ where: s.where, ok: result.ok, output: result.ok ? '' : result.output }).toEqual({ where: s.where, ok: true, output: '' });
    }
  });

  test('staging never pages: no PagerDuty or Opsgenie anywhere in staging', () => {
    const staging = objects.filter((o) => o.where.startsWith('staging/'));
    const text = staging.map((o) => yaml.dump(o.m)).join('\n');
    expect(text).not.toMatch(/pagerduty_configs|opsgenie_configs|pagerdutyConfigs|opsgenieConfigs/);
    const production = objects.filter((o) => o.where.startsWith('production/')).map((o) => yaml.dump(o.m)).join('\n');
    expect(production).toMatch(/pagerduty_configs/);
  });

  test('every dashboard is valid JSON with a uid, a title and panels', () => {
    const dashboards = objects.filter((o) => o.m.kind === 'ConfigMap' && o.m.metadata.labels?.grafana_dashboard === '1');
    expect(dashboards.length).toBeGreaterThan(0);
    const uids = new Map<string, string>();
    for (const d of dashboards) {
      const env = d.where.split('/')[0];
      for (const [key, text] of Object.entries(d.m.data as Record<string, string>)) {
        const json = JSON.parse(text);
        expect({ key, title: typeof json.title, panels: Array.isArray(json.panels) && json.panels.length > 0 }).toEqual({ key, title: 'string', panels: true });
        expect(json.uid.length).toBeLessThanOrEqual(40);
        const id = `${env}/${json.uid}`;
        expect(uids.has(id) ? `${id} in ${d.where} and ${uids.get(id)}` : undefined).toBeUndefined();
        uids.set(id, d.where);
      }
    }
  });

  test('every LogQL rule expression parses with the official grammar', () => {
    const ruleMaps = objects.filter((o) => o.m.kind === 'ConfigMap' && Object.keys(o.m.metadata.labels ?? {}).some((l) => l === 'loki_rule'));
    expect(ruleMaps.length).toBeGreaterThan(0);
    for (const r of ruleMaps) {
      for (const text of Object.values(r.m.data as Record<string, string>)) {
        const file = yaml.load(text) as { groups: Array<{ rules: Array<{ expr: string }> }> };
        for (const rule of file.groups.flatMap((g) => g.rules)) expect(LogQL.parse(rule.expr).expression).toBe(rule.expr);
      }
    }
  });

  test('promtool rejects a broken rule file (the real-tool check can fail)', () => {
    const result = promtoolCheckRules({ 'bad.yaml': yaml.dump({ groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'rate(x[5m]' }] }] }) });
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/parse error|unclosed/i);
  });
});
