import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AlertmanagerConfig, PrometheusRuleSpecGroupsRulesExpr, toJson_PrometheusRuleSpecGroupsRules } from '../imports/monitoring.coreos.com';

const ROOT = path.resolve(__dirname, '..');

describe('imports/', () => {
  test('is what `npm run import` generates from the vendored CRDs, byte for byte', () => {
    // in a copy of the inputs: the other test files load imports/ while this runs
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'o11y-import-'));
    for (const entry of ['cdk8s.yaml', 'package.json', 'scripts', 'crds']) {
      fs.cpSync(path.join(ROOT, entry), path.join(work, entry), { recursive: true, filter: (src) => !src.includes(`${path.sep}generated`) });
    }
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'));
    fs.mkdirSync(path.join(work, 'imports'));
    execFileSync(process.execPath, [path.join(work, 'scripts', 'import-crds.js')], { cwd: work, stdio: 'pipe' });
    const generated = fs.readdirSync(path.join(work, 'imports')).sort();
    expect(generated).toEqual(fs.readdirSync(path.join(ROOT, 'imports')).sort());
    for (const file of generated) {
      expect({ file, same: fs.readFileSync(path.join(work, 'imports', file), 'utf8') === fs.readFileSync(path.join(ROOT, 'imports', file), 'utf8') }).toEqual({ file, same: true });
    }
  }, 60_000);

  test('the generated converters leave undefined fields out and keep the field order', () => {
    const json = toJson_PrometheusRuleSpecGroupsRules({ record: 'job:up:sum', labels: { a: 'b' }, alert: undefined, expr: PrometheusRuleSpecGroupsRulesExpr.fromString('sum(up)') });
    expect(Object.keys(json!)).toEqual(['expr', 'labels', 'record']);
    expect(json).toEqual({ expr: 'sum(up)', labels: { a: 'b' }, record: 'job:up:sum' });
    expect(Object.keys(AlertmanagerConfig.manifest({ spec: { receivers: [{ name: 'x' }] } }))).toEqual(['apiVersion', 'kind', 'spec']);
  });
});
