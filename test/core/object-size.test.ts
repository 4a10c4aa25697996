import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Testing } from 'cdk8s';
import { buildAll } from '../../apps/synth-all';
import { MonitoringApp, MonitoringChart, Synthesizer, SynthWarnings } from '../../lib';
import { ARGOCD_SYNC_OPTIONS, CLIENT_SIDE_APPLY_LIMIT_BYTES, MAX_OBJECT_BYTES, measureObject } from '../../lib/core/object-size';

/** The message of the error that `fn` throws (fails when it throws none). */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

/** A chart `x` of `app`. */
function chartOf(app: App): MonitoringChart {
  return new MonitoringChart(app, 'x', { partOf: 'x', namespace: 'x' });
}

function tempDir(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'o11y-object-size-')), 'dist');
}

/** A ConfigMap whose one key holds `size` bytes of data: just under 1 MiB of data, over 1 MiB with its metadata. */
function configMap(scope: MonitoringChart, size: number): ApiObject {
  return new ApiObject(scope, 'Data', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'data' }, data: { 'data.txt': 'x'.repeat(size) } });
}

/** A custom resource with a `size`-character string in its spec. */
function widget(scope: MonitoringChart, size: number, annotations?: { [key: string]: string }): ApiObject {
  return new ApiObject(scope, 'Widget', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'widget', annotations }, spec: { text: 'x'.repeat(size) } });
}

describe('measureObject', () => {
  test('the stored size counts escapes as their character; the client-side apply size adds Go\'s escapes, the annotation key and the other annotations', () => {
    const value = `${'x'.repeat(30000)}\n"<>&é`;
    const manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', annotations: { a: 'bc' } }, data: { k: value } };
    const prefix = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","annotations":{"a":"bc"}},"data":{"k":"';
    const suffix = '"}}';
    expect(JSON.stringify(manifest)).toBe(`${prefix}${'x'.repeat(30000)}\\n\\"<>&é${suffix}`);
    expect(measureObject(manifest)).toEqual({
      // \n and \" are one byte each, é two
      stored: prefix.length + 30000 + 1 + 1 + 3 + 2 + suffix.length,
      // Go writes \n and \" (2 bytes each) and \u003c, \u003e, \u0026 (6 bytes each); the annotation
      // kubectl.kubernetes.io/last-applied-configuration (48 characters) and a: bc (3 bytes) count too
      clientSideApply: prefix.length + 30000 + 2 + 2 + 3 * 6 + 2 + suffix.length + 48 + 3,
    });
  });

  test('an existing last-applied annotation is replaced, not counted twice; a small object is measured by its JSON alone', () => {
    const big = { metadata: { name: 'x', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'y'.repeat(40000) } }, spec: 'z'.repeat(40000) };
    const json = JSON.stringify(big).length;
    expect(measureObject(big)).toEqual({ stored: json, clientSideApply: json + 48 });
    const small = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } };
    expect(measureObject(small)).toEqual({ stored: JSON.stringify(small).length, clientSideApply: JSON.stringify(small).length + 48 });
  });
});

describe('at synth', () => {
  test('a ConfigMap just under 1 MiB of data but over 1 MiB with its key and metadata fails, nothing is written; app.synth() gives the same message', () => {
    const outdir = tempDir();
    const app = new MonitoringApp({ outdir });
    configMap(chartOf(app), MAX_OBJECT_BYTES - 100);
    // the ConfigMap without data: its metadata (with the chart's labels) and the key, 200 bytes
    expect(measureObject(configMap(chartOf(new App()), 0).toJson()).stored).toBe(200);
    const expected = /^ConfigMap "data" is 1048676 bytes \(keys, values and metadata\), over the 1048576 bytes \(1 MiB\) one Kubernetes object can hold \(the API server rejects ConfigMap and Secret data above 1 MiB, etcd requests above 1\.5 MiB by default\); move some of its keys into another ConfigMap$/;
    const fast = errorOf(() => app.synth()).split('\n');
    expect(fast[0]).toBe('object size: 1 object(s) too large for Kubernetes:');
    expect(fast[1].slice(0, 13)).toBe('  [x/Data] Co');
    const message = fast[1].slice('  [x/Data] '.length);
    expect(message).toMatch(expected);
    expect(fs.existsSync(outdir)).toBe(false);

    const plain = new App({ outdir: tempDir() });
    configMap(chartOf(plain), MAX_OBJECT_BYTES - 100);
    expect(errorOf(() => plain.synth())).toBe(`Validation failed with the following errors:\n  [x] object size of x/Data: ${message}`);
    const testing = Testing.app();
    configMap(chartOf(testing), MAX_OBJECT_BYTES - 100);
    expect(errorOf(() => Testing.synth(testing.node.findChild('x') as MonitoringChart))).toContain(`[x] object size of x/Data: ${message}`);
  });

  test('exactly 1 MiB with the metadata passes', () => {
    // the ConfigMap without data: its metadata and the key
    const overhead = measureObject(configMap(chartOf(new App()), 0).toJson()).stored;
    const app = new MonitoringApp({ outdir: tempDir() });
    const cm = configMap(chartOf(app), MAX_OBJECT_BYTES - overhead);
    expect(measureObject(cm.toJson()).stored).toBe(MAX_OBJECT_BYTES);
    expect(() => app.synth()).not.toThrow();
  });

  test('an object too large for client-side apply: one warning, the same through MonitoringApp and app.synth(); the fix names server-side apply and a split', () => {
    const warnings = (createApp: (outdir: string) => App): unknown => {
      const app = createApp(tempDir());
      widget(chartOf(app), 300 * 1024);
      app.synth();
      return SynthWarnings.collect(app);
    };
    const fast = warnings((outdir) => new MonitoringApp({ outdir }));
    expect(fast).toEqual([{
      path: 'x/Widget',
      message: expect.stringMatching(new RegExp('^Widget "widget" is too large for client-side `kubectl apply`, which keeps a copy of the object in its annotation kubectl\\.kubernetes\\.io/last-applied-configuration: '
        + 'its annotations would be 307\\d{3} bytes, over the 262144 bytes the API server accepts \\("metadata\\.annotations: Too long"\\); apply it with `kubectl apply --server-side` '
        + '\\(Argo CD: the sync option ServerSideApply=true, in the Application or as the annotation argocd\\.argoproj\\.io/sync-options of the object\\), or split it into several Widget objects$')),
    }]);
    expect(warnings((outdir) => new App({ outdir }))).toEqual(fast);
  });

  test('an object that asks Argo CD for server-side apply is told so', () => {
    const app = new MonitoringApp({ outdir: tempDir() });
    widget(chartOf(app), 300 * 1024, { [ARGOCD_SYNC_OPTIONS]: 'Prune=false,ServerSideApply=true' });
    app.synth();
    expect(SynthWarnings.collect(app)[0].message).toContain('; apply it with `kubectl apply --server-side` (it carries argocd.argoproj.io/sync-options: ServerSideApply=true for Argo CD), or split it into several Widget objects');
  });

  test('the warning starts where client-side apply fails: 262144 bytes of annotations', () => {
    const app = new MonitoringApp({ outdir: tempDir() });
    const c = chartOf(app);
    // the widget's annotations after client-side apply, for a spec of `size` characters
    const annotations = (size: number) => measureObject(widget(chartOf(new App()), size).toJson()).clientSideApply;
    const base = annotations(0);
    const atLimit = CLIENT_SIDE_APPLY_LIMIT_BYTES - base;
    expect(annotations(atLimit)).toBe(CLIENT_SIDE_APPLY_LIMIT_BYTES);
    widget(c, atLimit);
    app.synth();
    expect(SynthWarnings.collect(app)).toEqual([]);
    const over = new MonitoringApp({ outdir: tempDir() });
    widget(chartOf(over), atLimit + 1);
    over.synth();
    expect(SynthWarnings.collect(over).map((w) => w.message)).toEqual([expect.stringContaining(`its annotations would be ${CLIENT_SIDE_APPLY_LIMIT_BYTES + 1} bytes`)]);
  });

  test('objects too large and values that look like credentials fail in one error', () => {
    const app = new App({ outdir: tempDir() });
    const c = chartOf(app);
    configMap(c, MAX_OBJECT_BYTES);
    new ApiObject(c, 'Db', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'db' }, data: { password: 'hunter22' } });
    const lines = errorOf(() => Synthesizer.synthFiles(app)).split('\n');
    expect(lines.map((l) => l.slice(0, 40))).toEqual([
      'object size: 1 object(s) too large for K',
      '  [x/Data] ConfigMap "data" is 1048776 b',
      'secret scan: 1 value(s) of the output lo',
      '  [x/Db] data.password: looks like a lit',
    ]);
  });
});

describe('the reference apps', () => {
  test('every object of every environment is far under both limits, and none gets a size warning', () => {
    let largest = { stored: 0, clientSideApply: 0 };
    let objects = 0;
    for (const app of buildAll(tempDir())) {
      for (const file of Synthesizer.synthFiles(app)) {
        for (const manifest of file.manifests) {
          objects++;
          const size = measureObject(manifest);
          largest = { stored: Math.max(largest.stored, size.stored), clientSideApply: Math.max(largest.clientSideApply, size.clientSideApply) };
        }
      }
      expect(SynthWarnings.collect(app).filter((w) => w.message.includes('too large'))).toEqual([]);
    }
    expect(objects).toBeGreaterThan(100);
    expect(largest.clientSideApply).toBeLessThan(CLIENT_SIDE_APPLY_LIMIT_BYTES / 2);
    expect(largest.stored).toBeLessThan(MAX_OBJECT_BYTES / 4);
  });
});
