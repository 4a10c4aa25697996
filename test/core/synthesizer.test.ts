import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, ApiObjectMetadataDefinition, App, AppProps, Chart, IResolver, JsonPatch, Lazy, ResolutionContext, Yaml, YamlOutputType } from 'cdk8s';
import { Construct } from 'constructs';
import { buildAllWith } from '../../apps/synth-all';
import { PrometheusRule } from '../../imports/monitoring.coreos.com';
import { MonitoringApp, MonitoringChart, prometheus, Severity, Synthesizer, ValidationError } from '../../lib';
import { Serialize } from '../../lib/core/serialize';
import { FastSynthesis } from '../../lib/core/synthesizer';

/** Strings that exercise every branch of the `yaml` package's scalar writer. */
const TRICKY = [
  '', ' ', 'a', 'yes', 'No', 'ON', 'off', 'y', 'n', '~', 'null', 'Null', 'true', 'FALSE', '<<', '0', '007', '0o7', '0x1F', '0b101',
  '1_000', '1.5', '.5', '1e3', '1E-3', '-1', '+1', '.inf', '-.Inf', '.NaN', '1:20', '190:20:30.15', '2001-12-14', '2001-12-14t21:59:43.10-05:00',
  '- a', '-', '?', '? x', 'a: b', 'a:b', 'a :b', 'x:', 'a #b', 'a#b', '#x', '&a', '*a', '!t', '|', '>', "'", '"', "it's", 'say "hi"',
  `both ' and "`, '%x', '@x', '`x', '[a]', '{a}', ',a', 'a,b', 'a]', 'trailing ', ' leading', '\ttab', 'up{job="x"} == 0', 'rate(x[5m]) > 0.5',
  'sum by (job) (rate(http_requests_total{code=~"5.."}[5m]))', '{{ $labels.job }} is down', 'https://runbooks.example.com/a#b',
  'a\nb', 'a\nb\n', 'a\n\nb', '\na', '  x\ny', '\n  x\ny', 'x\n  y', 'a \nb', 'a\n b', 'a\n\n\nb\n', '{\n  "a": 1\n}\n', 'line  \n', 'x\n#y',
  'é', '日本', 'nbsp\u00a0x', 'a: ', 'ab :', 'ab #c', 'a\tb', 'x::y', 'x: y z', '_x', 'x=y', '$x', '(a)', '/path', 'Yes please', 'nope', 'a~',
  'c:\\', '=', '\\x', 'z{a: b}', 'z #', 'Z', 'q?', 'w-', 'svc-0001', 'slo:sli_error:ratio_rate5m', 'Off', 'tilde~', 'a  b', 'x\u007f', 'k:v:', '---', '--- a', '...', 'a\n---\nb', 'a\n...', 'x'.repeat(200), `${'y'.repeat(90)} ${'z'.repeat(90)}`,
  // handed to cdk8s' own serializer
  'ctl\u0001', 'a\n\n', '\n', 'a\n ', 'bell\u0007\nx', 'k'.repeat(1100),
];

/** A deterministic pseudo-random generator (no Math.random: the test must be reproducible). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomValue(r: () => number, depth: number): unknown {
  const pick = r();
  if (depth > 4 || pick < 0.45) {
    const t = r();
    if (t < 0.6) return TRICKY[Math.floor(r() * TRICKY.length)];
    if (t < 0.75) return Math.floor(r() * 2000) - 1000;
    if (t < 0.8) return r() * 100;
    if (t < 0.85) return r() < 0.5;
    if (t < 0.9) return null;
    return [1e21, 1.5e-7, 0.1, -0.5, 2 ** 53][Math.floor(r() * 5)];
  }
  if (pick < 0.7) {
    const n = Math.floor(r() * 4);
    return Array.from({ length: n }, () => randomValue(r, depth + 1));
  }
  const n = Math.floor(r() * 5);
  const obj: { [key: string]: unknown } = {};
  for (let i = 0; i < n; i++) obj[r() < 0.5 ? `key${i}` : TRICKY[Math.floor(r() * TRICKY.length)]] = randomValue(r, depth + 1);
  return obj;
}

describe('the YAML writer of MonitoringApp.synth()', () => {
  test('writes the same bytes as cdk8s Yaml.stringify for every tricky scalar, as key and value, in maps and sequences', () => {
    for (const s of TRICKY) {
      const docs = [{ [s]: s, list: [s, [s], { [s]: [s] }], nested: { deeper: { value: s } } }];
      expect(FastSynthesis.toYaml(docs)).toBe(Yaml.stringify(...docs));
    }
  });

  test('writes the same bytes as cdk8s Yaml.stringify for 2000 random documents', () => {
    const r = rng(42);
    for (let i = 0; i < 2000; i++) {
      const docs = [{ apiVersion: 'v1', kind: 'ConfigMap', data: randomValue(r, 0) }, randomValue(r, 1) as object];
      expect(FastSynthesis.toYaml(docs)).toBe(Yaml.stringify(...docs));
    }
  });

  test('writes ordinary manifests itself, and hands only the rare shapes to cdk8s serializer', () => {
    const spy = jest.spyOn(Yaml, 'stringify');
    try {
      FastSynthesis.toYaml([{ metadata: { name: 'x', labels: { 'app.kubernetes.io/part-of': 'yes' } }, spec: { expr: 'a\nb\n', n: [1, 2.5, true, null] } }]);
      expect(spy).not.toHaveBeenCalled();
      FastSynthesis.toYaml([{ data: 'bell\u0007' }, { ok: 'x' }]);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  test('writes multi-document files, empty collections, null and undefined items like cdk8s', () => {
    const docs = [{ a: {}, b: [], c: [undefined, null, {}, []], d: [[1, [2, []]], { e: { f: [] } }] }, undefined, { g: 'x' }];
    expect(FastSynthesis.toYaml(docs)).toBe(Yaml.stringify(...docs));
  });

  test('writes embedded payloads (dashboard JSON, alertmanager.yaml) like cdk8s', () => {
    const payload = { panels: [{ title: 'Errors "5xx"', targets: [{ expr: 'sum(rate(x{code=~"5.."}[$__rate_interval]))' }] }], 'a-b': ['yes', 'no', '1:2'] };
    const docs = [{ data: { 'dashboard.json': Serialize.json(payload), 'alertmanager.yaml': Serialize.yaml(payload) } }];
    expect(FastSynthesis.toYaml(docs)).toBe(Yaml.stringify(...docs));
  });
});

/** Builds the same app twice (cdk8s' App, and a MonitoringApp) and compares every written file. */
function compareWithAppSynth(build: (app: App) => void, props: AppProps = {}): string[] {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'synthesizer-'));
  const expectedDir = path.join(base, 'cdk8s');
  const actualDir = path.join(base, 'fast');
  const expectedApp = new App({ outdir: expectedDir, ...props });
  build(expectedApp);
  expectedApp.synth();
  const actualApp = new MonitoringApp({ outdir: actualDir, ...props });
  build(actualApp);
  actualApp.synth();
  const list = (dir: string): string[] => fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
  const files = list(expectedDir);
  expect(list(actualDir)).toEqual(files);
  for (const f of files) {
    expect(fs.readFileSync(path.join(actualDir, f), 'utf8')).toBe(fs.readFileSync(path.join(expectedDir, f), 'utf8'));
  }
  fs.rmSync(base, { recursive: true, force: true });
  return files;
}

class RulesChart extends MonitoringChart {
  constructor(scope: Construct, id: string, index: number) {
    super(scope, id, { partOf: `svc-${index}`, namespace: `ns-${index}` });
    const groups: any[] = [];
    new PrometheusRule(this, 'Rules', {
      metadata: { name: `rules-${index}` },
      spec: { groups: Lazy.any({ produce: () => groups }) as any },
    });
    for (let g = 0; g < 3; g++) {
      groups.push({
        name: `group-${g}`,
        interval: '30s',
        rules: [
          { alert: `HighErrorRate${g}`, expr: { value: `sum(rate(http_requests_total{code=~"5..",job="svc-${index}"}[5m])) > 0.${g + 1}` }, for: '5m', labels: { severity: g === 0 ? 'critical' : 'warning' }, annotations: { summary: `{{ $labels.job }} fails: "${g}"`, description: 'line one\nline two\n' } },
          { record: `job:http_requests:rate5m`, expr: { value: 'sum by (job) (rate(http_requests_total[5m]))' } },
        ],
      });
    }
    new ApiObject(this, 'Dashboard', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `dashboard-${index}`, labels: { grafana_dashboard: '1' } },
      data: { 'dashboard.json': Serialize.json({ title: `Service ${index}`, panels: [{ id: 1, targets: [{ expr: 'up == 0', refId: 'A' }] }] }) },
    });
  }
}

describe('MonitoringApp.synth()', () => {
  test('writes the same files, byte for byte, as app.synth() for several multi-document charts', () => {
    const files = compareWithAppSynth((app) => {
      for (let i = 0; i < 5; i++) new RulesChart(app, `svc-${i}`, i);
    });
    expect(files).toEqual(['svc-0.k8s.yaml', 'svc-1.k8s.yaml', 'svc-2.k8s.yaml', 'svc-3.k8s.yaml', 'svc-4.k8s.yaml']);
  });

  test('orders charts and objects by their dependencies, names files with indexes, and applies JSON patches, like app.synth()', () => {
    const files = compareWithAppSynth((app) => {
      const a = new RulesChart(app, 'a', 1);
      const b = new RulesChart(app, 'b', 2);
      a.addDependency(b);
      const parent = new Chart(app, 'parent');
      new Chart(parent, 'child');
      const first = new ApiObject(parent, 'First', { apiVersion: 'v1', kind: 'ConfigMap', data: { x: '1' } });
      const second = new ApiObject(parent, 'Second', { apiVersion: 'v1', kind: 'ConfigMap', data: { x: '2' } });
      first.node.addDependency(second);
      second.addJsonPatch(JsonPatch.add('/data/y', 'yes'));
    });
    expect(files.every((f) => /^\d{4}-/.test(f))).toBe(true);
  });

  test('a nested chart alone, and a dependency inside one chart alone, order the output like app.synth()', () => {
    const nested = compareWithAppSynth((app) => {
      const parent = new RulesChart(app, 'parent', 1);
      new RulesChart(parent, 'child', 2);
      new RulesChart(app, 'other', 3);
    });
    expect(nested.every((f) => /^\d{4}-/.test(f))).toBe(true);
    const inside = compareWithAppSynth((app) => {
      const chart = new Chart(app, 'one');
      const late = new ApiObject(chart, 'Late', { apiVersion: 'v1', kind: 'ConfigMap', data: { x: '1' } });
      const early = new ApiObject(chart, 'Early', { apiVersion: 'v1', kind: 'ConfigMap', data: { x: '2' } });
      late.node.addDependency(early);
    });
    expect(inside).toEqual(['one.k8s.yaml']);
  });

  test('writes charts with integer-like ids (which cdk8s orders numerically) like app.synth()', () => {
    const files = compareWithAppSynth((app) => {
      ['b', '10', 'a', '2'].forEach((id, i) => new RulesChart(app, id, i + 1));
    });
    expect(files).toEqual(['10.k8s.yaml', '2.k8s.yaml', 'a.k8s.yaml', 'b.k8s.yaml']);
  });

  test('writes the real applications of every environment byte for byte as app.synth()', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'synthesizer-apps-'));
    const outcome = (createApp: (props: AppProps) => App, dir: string): string[] => buildAllWith(path.join(base, dir), createApp).map((app) => {
      try {
        app.synth();
        return 'ok';
      } catch (e) {
        return (e as Error).message;
      }
    });
    // the same files, or the same validation errors
    const expected = outcome((props) => new App(props), 'cdk8s');
    expect(outcome((props) => new MonitoringApp(props), 'fast')).toEqual(expected);
    const list = (dir: string): string[] => fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.yaml')).sort();
    const files = list(path.join(base, 'cdk8s'));
    expect(files.length).toBeGreaterThanOrEqual(expected.filter((o) => o === 'ok').length);
    expect(list(path.join(base, 'fast'))).toEqual(files);
    for (const f of files) {
      expect(fs.readFileSync(path.join(base, 'fast', f), 'utf8')).toBe(fs.readFileSync(path.join(base, 'cdk8s', f), 'utf8'));
    }
    fs.rmSync(base, { recursive: true, force: true });
  });

  test('keeps cdk8s behaviour for other output layouts', () => {
    compareWithAppSynth((app) => {
      new RulesChart(app, 'svc', 1);
    }, { yamlOutputType: YamlOutputType.FILE_PER_RESOURCE });
  });

  test('runs every validation once and reports errors like app.synth()', () => {
    const build = (app: App) => {
      const chart = new RulesChart(app, 'svc', 1);
      chart.node.addValidation({ validate: () => ['route: receiver "pager" is not defined; add it with addReceiver()'] });
    };
    const expectedApp = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'synthesizer-')) });
    build(expectedApp);
    let expected = '';
    try {
      expectedApp.synth();
    } catch (e) {
      expected = (e as Error).message;
    }
    expect(expected).toContain('[svc] route: receiver "pager" is not defined');
    const app = new MonitoringApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'synthesizer-')) });
    build(app);
    let calls = 0;
    app.node.addValidation({ validate: () => { calls++; return []; } });
    expect(() => app.synth()).toThrow(expected);
    expect(calls).toBe(1);
  });

  test('renders a PrometheusRule (the library\'s own rule object) with its JSON patches like app.synth()', () => {
    compareWithAppSynth((app) => {
      const chart = new MonitoringChart(app, 'rules', { partOf: 'svc', namespace: 'ns' });
      const rules = new prometheus.PrometheusRule(chart, 'alerts');
      const group = rules.addGroup('svc.availability');
      group.addAlert('SvcDown', { expr: 'up{job="svc"} == 0', severity: Severity.CRITICAL, summary: 'svc down' });
      group.addRecord('job:up:sum', { expr: 'sum by (job) (up)' });
      rules.resource.addJsonPatch(JsonPatch.add('/spec/groups/0/limit', 10), JsonPatch.replace('/spec/groups/0/rules/0/labels/severity', 'warning'));
    });
  });

  test('an app with its own resolvers renders them like app.synth()', () => {
    class Upper implements IResolver {
      public resolve(context: ResolutionContext): void {
        if (typeof context.value === 'string' && context.value.startsWith('up:')) context.replaceValue(context.value.slice(3).toUpperCase());
      }
    }
    const files = compareWithAppSynth((app) => {
      new ApiObject(new Chart(app, 'c'), 'o', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'up:x', b: Lazy.any({ produce: () => 'up:y' }) } });
      new RulesChart(app, 'svc', 1);
    }, { resolvers: [new Upper()] });
    expect(files).toEqual(['c.k8s.yaml', 'svc.k8s.yaml']);
  });

  test('writes construct-metadata.json like app.synth(), from the option or from CDK8S_RECORD_CONSTRUCT_METADATA', () => {
    const build = (app: App) => {
      new RulesChart(app, 'a', 1);
      new RulesChart(app, 'b', 2);
    };
    expect(compareWithAppSynth(build, { recordConstructMetadata: true })).toContain('construct-metadata.json');
    const before = process.env.CDK8S_RECORD_CONSTRUCT_METADATA;
    process.env.CDK8S_RECORD_CONSTRUCT_METADATA = 'true';
    try {
      expect(compareWithAppSynth(build)).toContain('construct-metadata.json');
    } finally {
      if (before === undefined) delete process.env.CDK8S_RECORD_CONSTRUCT_METADATA;
      else process.env.CDK8S_RECORD_CONSTRUCT_METADATA = before;
    }
    expect(compareWithAppSynth(build)).not.toContain('construct-metadata.json');
  });

  test('renders with cdk8s\' own classes: nothing of ApiObject, its metadata, Chart or App is replaced during a synth', () => {
    const classes = [ApiObject, ApiObjectMetadataDefinition, Chart, App];
    const snapshot = () => classes.map((c) => Object.getOwnPropertyNames(c.prototype).map((name) => Object.getOwnPropertyDescriptor(c.prototype, name)!.value));
    const before = snapshot();
    const during: unknown[] = [];
    const app = new MonitoringApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'synthesizer-')) });
    new ApiObject(new Chart(app, 'c'), 'o', { apiVersion: 'v1', kind: 'ConfigMap', data: Lazy.any({ produce: () => (during.push(snapshot()), { a: '1' }) }) });
    app.synth();
    expect(during).toHaveLength(1);
    expect(during[0]).toEqual(before);
    expect(snapshot()).toEqual(before);
  });
});

describe('MonitoringApp', () => {
  test('is a cdk8s App, with cdk8s\' props and defaults', () => {
    const app = new MonitoringApp({ outdir: '/tmp/unused', outputFileExtension: '.yaml' });
    expect(app).toBeInstanceOf(App);
    expect([app.outdir, app.outputFileExtension, app.yamlOutputType]).toEqual(['/tmp/unused', '.yaml', YamlOutputType.FILE_PER_CHART]);
    expect(new MonitoringApp({ recordConstructMetadata: true }).recordsConstructMetadata).toBe(true);
  });

  test('resolves recordConstructMetadata once, when it is created: the prop, else CDK8S_RECORD_CONSTRUCT_METADATA', () => {
    const before = process.env.CDK8S_RECORD_CONSTRUCT_METADATA;
    process.env.CDK8S_RECORD_CONSTRUCT_METADATA = 'true';
    try {
      expect([new MonitoringApp().recordsConstructMetadata, new MonitoringApp({ recordConstructMetadata: false }).recordsConstructMetadata]).toEqual([true, false]);
    } finally {
      if (before === undefined) delete process.env.CDK8S_RECORD_CONSTRUCT_METADATA;
      else process.env.CDK8S_RECORD_CONSTRUCT_METADATA = before;
    }
    expect(new MonitoringApp().recordsConstructMetadata).toBe(before === 'true');
  });

  test('rejects props of the wrong type with the field, not a TypeError', () => {
    const js = (x: unknown) => x as any;
    expect(() => new MonitoringApp(js(null))).toThrow(new ValidationError("props: must be an object, e.g. { outdir: 'dist' }; received null"));
    expect(() => new MonitoringApp(js({ recordConstructMetadata: 'yes' }))).toThrow(ValidationError);
    expect(() => new MonitoringApp(js({ recordConstructMetadata: 'yes' }))).toThrow('recordConstructMetadata: must be true or false');
  });
});

describe('Synthesizer (deprecated for MonitoringApp, removed in 0.6.0)', () => {
  test('still writes what MonitoringApp writes, for a cdk8s App', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'synthesizer-deprecated-'));
    const build = (app: App) => {
      new RulesChart(app, 'a', 1);
      new RulesChart(app, 'b', 2);
    };
    const app = new MonitoringApp({ outdir: path.join(base, 'app') });
    build(app);
    app.synth();
    const old = new App({ outdir: path.join(base, 'old') });
    build(old);
    Synthesizer.synth(old, { recordConstructMetadata: true });
    const names = ['a.k8s.yaml', 'b.k8s.yaml'];
    expect(fs.readdirSync(path.join(base, 'old')).sort()).toEqual(['a.k8s.yaml', 'b.k8s.yaml', 'construct-metadata.json']);
    for (const f of names) expect(fs.readFileSync(path.join(base, 'old', f), 'utf8')).toBe(fs.readFileSync(path.join(base, 'app', f), 'utf8'));
    const files = Synthesizer.synthFiles(old);
    expect(files.map((f) => [f.fileName, f.yaml])).toEqual(names.map((f) => [f, fs.readFileSync(path.join(base, 'app', f), 'utf8')]));
    expect(Synthesizer.toYaml([{ a: 'yes' }, { b: 1 }])).toBe(Yaml.stringify({ a: 'yes' }, { b: 1 }));
    fs.rmSync(base, { recursive: true, force: true });
  });
});

describe('the library and cdk8s', () => {
  /** Every TypeScript file under lib/, with its code (comments left out). */
  const sources = (dir: string): Array<{ file: string; text: string }> => fs.readdirSync(dir, { recursive: true }).map(String)
    .filter((f) => f.endsWith('.ts')).map((f) => ({
      file: path.join('lib', f),
      text: fs.readFileSync(path.join(dir, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1'),
    }));
  const lib = sources(path.join(__dirname, '..', '..', 'lib'));
  /**
   * The private and internal members of the cdk8s classes synthesis deals with (`private readonly patches;`,
   * `static _synthChart(...)`), from their type declarations.
   */
  const cdk8sDir = path.dirname(require.resolve('cdk8s'));
  const declared = ['api-object', 'metadata', 'app', 'chart'].flatMap((f) => [...fs.readFileSync(path.join(cdk8sDir, `${f}.d.ts`), 'utf8')
    .matchAll(/^\s+(?:static\s+)?(?:private\s+)?(?:static\s+)?(?:readonly\s+)?(\w+)/gm)]
    .filter((m) => /\bprivate\b/.test(m[0]) || m[1].startsWith('_')).map((m) => m[1]));
  // names as common as the library's own fields (its props, labels...) are not told apart in a cast
  const privates = new Set(declared.filter((n) => !['props', 'labels', 'annotations', 'finalizers', 'ownerReferences', 'apiObject'].includes(n)));

  test('cdk8s declares the private members this test looks for', () => {
    expect([...privates]).toEqual(expect.arrayContaining(['patches', '_additionalAttributes', 'recordConstructMetadata', '_synthChart']));
  });

  test('lib/ assigns nothing to a prototype of cdk8s', () => {
    const assignments = lib.flatMap(({ file, text }) => [...text.matchAll(/\b(\w+)\.prototype\.\w+\s*=(?!=)/g)].map((m) => `${file}: ${m[0]}`));
    expect(assignments).toEqual([]);
  });

  test('lib/ reads no private member of cdk8s (through a cast or an underscore name)', () => {
    const found: string[] = [];
    for (const { file, text } of lib) {
      // `as unknown as { patches?: JsonPatch[] }`, `(x as any).patches`, `._additionalAttributes`, `App._synthChart(`
      for (const m of text.matchAll(/as (?:unknown as )?\{([^}]*)\}/g)) {
        for (const name of m[1].matchAll(/(\w+)\??:/g)) if (privates.has(name[1])) found.push(`${file}: ${m[0]}`);
      }
      for (const m of text.matchAll(/as any\)\.(\w+)|\.(_[a-zA-Z]\w*)\b/g)) {
        const name = m[1] ?? m[2];
        if (privates.has(name)) found.push(`${file}: ${m[0]}`);
      }
    }
    expect(found).toEqual([]);
  });
});
