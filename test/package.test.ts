import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { ROOT } from './util/synth';

// npm's own range library (installed with the dev tooling): the same semantics npm applies to `engines`
// eslint-disable-next-line @typescript-eslint/no-require-imports
const semver = require('semver') as { satisfies(version: string, range: string): boolean; subset(sub: string, sup: string): boolean };

// App teams import the library as a package: pack it, install the tarball into a fresh cdk8s app with
// --engine-strict (so a dependency whose `engines` refuse the running Node fails the install, as it does for
// teams that set engine-strict), type-check that app against the published .d.ts and synthesize a service with it.
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
    execFileSync('npm', ['install', '--engine-strict', '--prefer-offline', '--no-audit', '--no-fund', '--silent'], { cwd: app, stdio: 'pipe' });
    fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'package-app', 'main.ts'), path.join(app, 'main.ts'));
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['--strict', '--esModuleInterop', '--skipLibCheck', '--target', 'ES2020', '--module', 'commonjs', 'main.ts'], {
      cwd: app,
      encoding: 'utf8',
    });
    execFileSync('node', ['main.js'], { cwd: app, stdio: 'pipe' });
    manifests = yaml.loadAll(fs.readFileSync(path.join(app, 'dist', 'checkout.k8s.yaml'), 'utf8')) as any[];
  }, 300000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('installs with --engine-strict on this Node, which the library\'s engines admit', () => {
    // the install above ran with --engine-strict; this Node (Node 20 on Debian bookworm and in CI) must be one
    // the library declares, or the test proves nothing about the versions teams run
    expect(semver.satisfies(process.version, own.engines.node)).toBe(true);
    expect(fs.existsSync(path.join(work, 'app', 'node_modules', 'cdk8s-observability', 'build', 'lib', 'index.js'))).toBe(true);
  });

  test('every runtime dependency admits every Node version the library admits', () => {
    // The lockfile's engines of what an installation pulls in (dependencies and their peers, not devDependencies):
    // each must hold for the whole of the library's own range, or --engine-strict fails on part of it.
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
    const narrower = Object.entries(lock.packages as { [path: string]: { dev?: boolean; version?: string; engines?: { node?: string } } })
      .filter(([where, p]) => where !== '' && !p.dev && p.engines?.node !== undefined && !semver.subset(own.engines.node, p.engines.node))
      .map(([where, p]) => `${where.replace(/^.*node_modules\//, '')}@${p.version} needs node ${p.engines!.node}`);
    expect(narrower).toEqual([]);
  });

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
