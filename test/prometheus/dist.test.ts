import { Serialize } from '../../lib/core';
import { crdSchemaErrors } from '../util/schema';
import { distFiles, Manifest } from '../util/synth';
import { promtoolCheckRules } from '../util/tools';

// Every PrometheusRule, ServiceMonitor, PodMonitor and Probe committed in dist/, judged by the real tools.
const manifests: Array<{ file: string; manifest: Manifest }> = Object.entries(distFiles())
  .flatMap(([file, list]) => list.filter((m) => m && ['PrometheusRule', 'ServiceMonitor', 'PodMonitor', 'Probe'].includes(m.kind)).map((manifest) => ({ file, manifest })));
const rules = manifests.filter((m) => m.manifest.kind === 'PrometheusRule');

/** A PrometheusRule's groups as a Prometheus rule file; Thanos-only fields are dropped, as Prometheus ignores them. */
function ruleFile(manifest: Manifest): string {
  const groups = (manifest.spec?.groups ?? []).map(({ partial_response_strategy: _, ...g }: any) => g);
  return Serialize.yaml({ groups });
}

describe('dist/', () => {
  test('holds PrometheusRules to check', () => {
    expect(rules.length).toBeGreaterThan(0);
  });

  test.each(rules.map((r) => [`${r.file} ${r.manifest.metadata.name}`, r.manifest]))('promtool check rules: %s', (_name, manifest) => {
    const result = promtoolCheckRules({ 'rules.yaml': ruleFile(manifest as Manifest) });
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });

  test.each(manifests.map((m) => [`${m.file} ${m.manifest.kind}/${m.manifest.metadata.name}`, m.manifest]))('CRD schema: %s', (_name, manifest) => {
    expect(crdSchemaErrors(manifest as Manifest)).toEqual([]);
  });
});
