import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { MonitoringApp, MonitoringChart, prometheus } from '../lib';

// `npm run synth` (scripts/run-app.js) writes the output all or nothing: a synth that fails part-way
// (one environment written, the next one failing) leaves `dist/` byte for byte as it was, so that a
// GitOps pipeline never applies (or prunes against) half an output.

const ROOT = path.resolve(__dirname, '..');

/** A project beside the real one: its scripts and lib, and an apps/main.ts of the test's own. */
function project(main: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-output-'));
  for (const shared of ['node_modules', 'lib', 'imports']) fs.symlinkSync(path.join(ROOT, shared), path.join(dir, shared));
  fs.mkdirSync(path.join(dir, 'scripts'));
  fs.copyFileSync(path.join(ROOT, 'scripts', 'run-app.js'), path.join(dir, 'scripts', 'run-app.js'));
  for (const file of ['tsconfig.json', 'cdk8s.yaml', 'package.json']) fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  fs.mkdirSync(path.join(dir, 'apps'));
  fs.writeFileSync(path.join(dir, 'apps', 'main.ts'), main);
  return dir;
}

/** Every file under `dir` with its bytes. */
function snapshot(dir: string): { [file: string]: string } {
  const files: { [file: string]: string } = {};
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d)) {
      const file = path.join(d, name);
      if (fs.statSync(file).isDirectory()) walk(file);
      else files[path.relative(dir, file)] = fs.readFileSync(file, 'utf8');
    }
  };
  walk(dir);
  return files;
}

// Two environments, like apps/main.ts: staging synthesizes, production then fails validation.
const MAIN = (failProduction: boolean) => `
import * as path from 'path';
import { MonitoringApp, MonitoringChart, prometheus } from '../lib';
for (const env of ['staging', 'production']) {
  const app = new MonitoringApp({ outdir: path.join(process.env.CDK8S_OUTDIR ?? 'dist', env) });
  const chart = new MonitoringChart(app, 'shop', { partOf: 'shop', namespace: 'shop' });
  const expr = ${failProduction} && env === 'production' ? 'sum(rate(http_requests_total[5m])' : 'sum(rate(http_requests_total[5m]))';
  new prometheus.PrometheusRule(chart, 'Rules', { name: 'shop' }).addGroup('shop').addRecord('shop:requests:rate5m', { expr });
  app.synth();
}
`;

function runApp(dir: string) {
  return spawnSync(process.execPath, [path.join(dir, 'scripts', 'run-app.js')], { cwd: dir, encoding: 'utf8' });
}

describe('npm run synth writes all or nothing', () => {
  test('a synth that fails in its second environment leaves dist/ byte for byte as it was', () => {
    const dir = project(MAIN(true));
    const dist = path.join(dir, 'dist');
    fs.mkdirSync(path.join(dist, 'production'), { recursive: true });
    fs.writeFileSync(path.join(dist, 'production', 'shop.k8s.yaml'), 'previous production\n');
    fs.writeFileSync(path.join(dist, 'stale.yaml'), 'previous stale file\n');
    const before = snapshot(dist);

    const run = runApp(dir);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('[shop/Rules');
    expect(snapshot(dist)).toEqual(before);
    // no half-written folder is left beside it either
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('dist'))).toEqual(['dist']);
  });

  test('a synth that succeeds replaces the whole of dist/ (no stale file is left)', () => {
    const dir = project(MAIN(false));
    const dist = path.join(dir, 'dist');
    fs.mkdirSync(dist, { recursive: true });
    fs.writeFileSync(path.join(dist, 'stale.yaml'), 'previous stale file\n');

    const run = runApp(dir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const after = snapshot(dist);
    expect(Object.keys(after).sort()).toEqual(['production/shop.k8s.yaml', 'staging/shop.k8s.yaml']);
    expect(after['production/shop.k8s.yaml']).toContain('record: shop:requests:rate5m');
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('dist'))).toEqual(['dist']);
  });
});

describe('MonitoringApp.synthAll', () => {
  // an app of one PrometheusRule, or of two that clash (which fails at synth, not before)
  const build = (root: string, env: string, rules = 1) => {
    const app = new MonitoringApp({ outdir: path.join(root, env) });
    const chart = new MonitoringChart(app, 'shop', { partOf: 'shop', namespace: 'shop' });
    for (let i = 0; i < rules; i++) new prometheus.PrometheusRule(chart, `Rules${i}`, { name: 'shop' }).addGroup(`g${i}`).addRecord(`shop:up${i}:sum`, { expr: 'sum(up)' });
    return app;
  };

  test('writes nothing of any app when the last one fails', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-all-'));
    const apps = [build(root, 'staging'), build(root, 'production', 2)];
    expect(() => MonitoringApp.synthAll(apps)).toThrow(`apps[1] (outdir ${JSON.stringify(path.join(root, 'production'))}): Validation failed with the following errors:\n  [shop] PrometheusRule shop/shop (monitoring.coreos.com/v1) of shop/Rules1/Resource is also the object of shop/Rules0/Resource`);
    expect(fs.readdirSync(root)).toEqual([]);
  });

  test('writes every app when all succeed', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-all-'));
    MonitoringApp.synthAll([build(root, 'staging'), build(root, 'production')]);
    expect(Object.keys(snapshot(root)).sort()).toEqual(['production/shop.k8s.yaml', 'staging/shop.k8s.yaml']);
  });

  test('takes MonitoringApps only', () => {
    expect(() => MonitoringApp.synthAll([new App()] as any)).toThrow('apps[0]: must be a MonitoringApp (new MonitoringApp({ outdir })); received');
    expect(() => MonitoringApp.synthAll(undefined as any)).toThrow('apps: ');
  });
});
