import * as yaml from 'js-yaml';
import { distFiles } from './util/synth';
import { promtoolCheckRules } from './util/tools';

// The real checker accepts what the synth pipeline wrote, and rejects a broken rule (so the check can fail).
describe('foundation: promtool on synthesized rules', () => {
  const files = distFiles();
  const rules = Object.entries(files).flatMap(([file, manifests]) => manifests.filter((m) => m && m.kind === 'PrometheusRule').map((m) => ({ file, m })));

  test('dist/ holds PrometheusRules', () => {
    expect(rules.length).toBeGreaterThan(0);
  });

  test('promtool check rules passes on every PrometheusRule in dist/', () => {
    for (const { file, m } of rules) {
      const result = promtoolCheckRules({ 'rules.yaml': yaml.dump(m.spec) });
      expect({ file, name: m.metadata.name, ...result }).toMatchObject({ ok: true });
    }
  });

  test('promtool rejects a rule with invalid PromQL', () => {
    const result = promtoolCheckRules({ 'bad.yaml': yaml.dump({ groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'rate(x[5m]' }] }] }) });
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/parse error|unclosed/i);
  });
});
