import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { ROOT } from './util/synth';

// App teams import the library as a package: pack it, install the tarball into a fresh cdk8s app,
// type-check that app against the published .d.ts and synthesize a service with it.
describe('the library as a package', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'o11y-package-'));
  const own = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  let manifests: any[] = [];

  beforeAll(() => {
    const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
    const app = path.join(work, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify({
        name: 'team-app',
        private: true,
        dependencies: {
          'cdk8s-observability': `file:${path.join(work, packed)}`,
          'cdk8s': own.devDependencies.cdk8s,
          'cdk8s-plus-28': own.devDependencies['cdk8s-plus-28'],
          'constructs': own.devDependencies.constructs,
        },
      }),
    );
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--silent'], { cwd: app, stdio: 'pipe' });
    fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'package-app', 'main.ts'), path.join(app, 'main.ts'));
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['--strict', '--esModuleInterop', '--skipLibCheck', '--target', 'ES2020', '--module', 'commonjs', 'main.ts'], {
      cwd: app,
      encoding: 'utf8',
    });
    execFileSync('node', ['main.js'], { cwd: app, stdio: 'pipe' });
    manifests = yaml.loadAll(fs.readFileSync(path.join(app, 'dist', 'checkout.k8s.yaml'), 'utf8')) as any[];
  }, 300000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('ships compiled JavaScript and type declarations only', () => {
    const files: string[] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }))[0].files.map((f: any) => f.path);
    expect(files).toContain('build/lib/index.js');
    expect(files).toContain('build/lib/index.d.ts');
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  test('the README shows exactly the app this test installs', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'package-app', 'main.ts'), 'utf8'));
  });

  test('a fresh cdk8s app synthesizes a service with the installed package', () => {
    expect(manifests.map((m) => m.kind).sort()).toEqual(['AlertmanagerConfig', 'ConfigMap', 'ConfigMap', 'PrometheusRule', 'ServiceMonitor']);
    const rules = manifests.find((m) => m.kind === 'PrometheusRule');
    expect(rules.spec.groups[0].rules.map((r: any) => r.alert)).toContain('CheckoutNoPayments');
    for (const m of manifests) {
      expect(m.metadata.labels['app.kubernetes.io/part-of']).toBe('checkout');
      expect(m.metadata.labels['app.kubernetes.io/managed-by']).toBe('cdk8s-observability');
    }
  });
});
