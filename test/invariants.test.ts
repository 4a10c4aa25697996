import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { synthesizeAll } from '../apps/synth-all';
import { StandardLabels } from '../lib';

function readTree(dir: string): { [file: string]: string } {
  const out: { [file: string]: string } = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

// Properties of everything the repository synthesizes, whatever the application.
describe('invariants of the synthesized output', () => {
  const first = fs.mkdtempSync(path.join(os.tmpdir(), 'o11y-synth-a-'));
  const second = fs.mkdtempSync(path.join(os.tmpdir(), 'o11y-synth-b-'));
  synthesizeAll(first);
  synthesizeAll(second);
  const files = readTree(first);
  const objects = Object.entries(files).flatMap(([file, text]) => (yaml.loadAll(text) as any[]).filter((o) => o).map((o) => ({ file, o })));

  test('writes one folder per environment', () => {
    const environments = new Set(Object.keys(files).map((f) => f.split(path.sep)[0]));
    expect([...environments].sort()).toEqual(['production', 'staging']);
  });

  test('is deterministic: two synths give the same bytes', () => {
    expect(readTree(second)).toEqual(files);
  });

  test('dist/ is what the code synthesizes (run `npm run synth` and commit dist/ when this fails)', () => {
    expect(readTree(path.join(__dirname, '..', 'dist'))).toEqual(files);
  });

  test('`cdk8s synth` (cdk8s.yaml) writes the same bytes as `npm run synth`', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'o11y-cdk8s-cli-'));
    const root = path.join(__dirname, '..');
    execFileSync(path.join(root, 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade', '--output', out], { cwd: root, stdio: 'pipe' });
    expect(readTree(out)).toEqual(files);
  });

  test('every object carries the standard labels', () => {
    expect(objects.length).toBeGreaterThan(0);
    for (const { file, o } of objects) {
      const labels = o.metadata?.labels ?? {};
      expect({ file, kind: o.kind, name: o.metadata?.name, managedBy: labels[StandardLabels.MANAGED_BY] }).toEqual({ file, kind: o.kind, name: o.metadata?.name, managedBy: StandardLabels.MANAGER });
      expect(labels[StandardLabels.PART_OF]).toMatch(/^(gas-delivery|festivals|erp|platform)$/);
    }
  });

  test('every object has a name', () => {
    expect(objects.filter(({ o }) => !o.metadata?.name).map(({ file, o }) => `${file} ${o.kind}`)).toEqual([]);
  });

  test('object names are unique per kind and namespace in each environment', () => {
    const seen = new Map<string, string>();
    for (const { file, o } of objects) {
      const env = file.split(path.sep)[0];
      const key = `${env}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
      expect(seen.has(key) ? `${key} in ${file} and ${seen.get(key)}` : undefined).toBeUndefined();
      seen.set(key, file);
    }
  });

  test('holds no credential in plain text', () => {
    const patterns = [
      /hooks\.slack\.com\/services\/[A-Za-z0-9]/,
      /routing_key:\s*["']?[A-Za-z0-9]{16,}/,
      /(auth_)?password:\s*["']?[^\s"'{$][^\s"']*/,
      /api_key:\s*["']?[A-Za-z0-9]{16,}/,
      /xox[abpr]-[A-Za-z0-9-]+/,
      /https?:\/\/[^\s/:@]+:[^\s/@]+@/,
    ];
    // Secret data is base64: decode it, so an encoded credential is found too.
    const decoded = objects
      .filter(({ o }) => o.kind === 'Secret' && o.data)
      .map(({ file, o }) => [`${file} (decoded ${o.metadata.name})`, Object.values(o.data as Record<string, string>).map((v) => Buffer.from(v, 'base64').toString('utf8')).join('\n')]);
    for (const [file, text] of [...Object.entries(files), ...decoded]) {
      for (const pattern of patterns) {
        expect({ file, match: text.match(pattern)?.[0] }).toEqual({ file, match: undefined });
      }
    }
  });
});
