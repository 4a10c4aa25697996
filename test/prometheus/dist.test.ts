import { Serialize } from '../../lib/core';
import { crdSchemaErrors } from '../util/schema';
import { distFiles, Manifest } from '../util/synth';
import { promtoolCheckRules } from '../util/tools';

const KINDS = ['PrometheusRule', 'ServiceMonitor', 'PodMonitor', 'Probe'];

/** Every PrometheusRule, ServiceMonitor, PodMonitor and Probe committed in dist/, with its file. */
function distResources(): Array<{ where: string; manifest: Manifest }> {
  return Object.entries(distFiles()).flatMap(([file, list]) =>
    list.filter((m) => m && KINDS.includes(m.kind)).map((manifest) => ({ where: `${file} ${manifest.kind}/${manifest.metadata.name}`, manifest })));
}

/** A PrometheusRule's groups as a Prometheus rule file; Thanos-only fields are dropped, as Prometheus ignores them. */
function ruleFile(manifest: Manifest): string {
  const groups = (manifest.spec?.groups ?? []).map(({ partial_response_strategy: _, ...g }: any) => g);
  return Serialize.yaml({ groups });
}

describe('dist/', () => {
  const resources = distResources();

  test('promtool check rules passes on every PrometheusRule', () => {
    const rules = resources.filter((r) => r.manifest.kind === 'PrometheusRule');
    expect(rules.length).toBeGreaterThan(0);
    const failures = rules
      .map((r) => ({ where: r.where, result: promtoolCheckRules({ 'rules.yaml': ruleFile(r.manifest) }) }))
      .filter((r) => !r.result.ok)
      .map((r) => `${r.where}: ${r.result.output}`);
    expect(failures).toEqual([]);
  });

  test('every scrape target and rule object validates against its CRD', () => {
    const failures = resources.flatMap((r) => crdSchemaErrors(r.manifest).map((e) => `${r.where}: ${e}`));
    expect(failures).toEqual([]);
  });
});
