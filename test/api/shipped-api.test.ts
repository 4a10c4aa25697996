import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { internalDeclarationsIn, rootExports, shippedInternals, strippedConstructors } from './shipped-api';

// The shipped API is the designed API: the package's declaration files (built as `npm run build` does, into a
// temporary folder) declare nothing marked @internal, and they type-check for a consumer, without skipLibCheck,
// so that no public type refers to a stripped one.

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The package root, reviewed: what an app team uses (the app and its charts, the value types every domain
 * takes, errors and warnings, target versions) and the domain namespaces. Plumbing of the core layer is
 * imported by the other layers from lib/core and never exported here. A new root export fails the test
 * until it is reviewed and added; a deprecated one says when it goes.
 */
const ROOT_API: { [name: string]: string } = {
  // the domains
  alertmanager: 'namespace',
  app: 'namespace',
  catalogue: 'namespace',
  exporters: 'namespace',
  grafana: 'namespace',
  loki: 'namespace',
  prometheus: 'namespace',
  slo: 'namespace',
  // the app and its charts
  MonitoringApp: 'class',
  MonitoringAppProps: 'interface',
  MonitoringChart: 'class',
  MonitoringChartProps: 'interface',
  StandardLabels: 'class',
  // target versions
  AlertmanagerVersion: 'class',
  GrafanaVersion: 'class',
  LokiVersion: 'class',
  PrometheusOperatorVersion: 'class',
  PrometheusVersion: 'class',
  TargetVersions: 'interface',
  // value types
  LogQL: 'class',
  PrometheusDuration: 'class',
  PromQL: 'class',
  PromQLParseOptions: 'interface',
  Re2Regex: 'class',
  Re2RegexOptions: 'interface',
  SecretRef: 'class',
  Severity: 'class',
  // relabeling steps, of scrape objects and log discovery alike
  Relabel: 'class',
  RelabelAction: 'enum',
  RelabelFilterOptions: 'interface',
  RelabelOptions: 'interface',
  RelabelReplaceOptions: 'interface',
  // who may scrape the exporters and agents (their NetworkPolicies)
  PrometheusPods: 'class',
  PrometheusPodsOptions: 'interface',
  ScrapeAccessProps: 'interface',
  // credentials given as plain strings: the scan of the output and its per-field acknowledgements
  SecretScan: 'class',
  SecretScanFinding: 'interface',
  // errors and warnings
  SynthWarning: 'interface',
  SynthWarnings: 'class',
  ValidationError: 'class',
  // the queries each construct holds, with its path, found by walking the construct tree
  ConstructQueries: 'class',
  RecordedLogQL: 'interface',
  RecordedPromQL: 'interface',
  // deprecated in 0.4.0, removed in 0.6.0: MonitoringApp.synth() is the synthesis; Serialize and Validate are internal;
  // QueryRegistry is ConstructQueries (no global registry: each construct keeps its queries)
  QueryRegistry: 'class, deprecated',
  Serialize: 'class, deprecated',
  SynthesizedFile: 'interface, deprecated',
  Synthesizer: 'class, deprecated',
  SynthOptions: 'interface, deprecated',
  Validate: 'class, deprecated',
};

/** The kinds of names that exist at run time (interfaces and type aliases do not). */
const RUNTIME_KINDS = new Set(['namespace', 'class', 'enum', 'function', 'variable']);
const TSC = path.join(ROOT, 'node_modules', '.bin', 'tsc');

/** Output of a failed tsc run (its diagnostics are on stdout). */
function run(args: string[], cwd: string): void {
  try {
    execFileSync(TSC, args, { cwd, encoding: 'utf8', stdio: 'pipe' });
  } catch (e: any) {
    throw new Error(`tsc ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

/** Whether every declaration of `name` in lib/ is documented `@internal` (and at least one exists). */
function internalInSource(name: string): boolean {
  const declaration = new RegExp(`(/\\*\\*(?:(?!\\*/)[\\s\\S])*\\*/\\s*)?export\\s+(?:declare\\s+)?(?:abstract\\s+)?(?:const|let|function|class|enum)\\s+${name}\\b`, 'g');
  const docs: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.ts')) for (const m of fs.readFileSync(file, 'utf8').matchAll(declaration)) docs.push(m[1] ?? '');
    }
  };
  walk(path.join(ROOT, 'lib'));
  return docs.length > 0 && docs.every((doc) => doc.includes('@internal'));
}

describe('the built package declarations', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'o11y-shipped-api-'));
  const out = path.join(work, 'out');

  beforeAll(() => {
    run(['-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', out], ROOT);
  }, 120000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('declare nothing marked @internal', () => {
    const found = shippedInternals(out).map((d) => `${d.where} ${d.name}`);
    if (found.length > 0) throw new Error(`${found.length} @internal declaration(s) in the built .d.ts files:\n${found.join('\n')}`);
  });

  test('export from the package root exactly the reviewed names of ROOT_API (a new root export is added there after review)', () => {
    const found = Object.fromEntries(rootExports(path.join(out, 'lib', 'index.d.ts')).map((e) => [e.name, e.deprecated ? `${e.kind}, deprecated` : e.kind]));
    expect(found).toEqual(ROOT_API);
  });

  test('declare every value the namespaces export at run time (a barrel comment mentioning the internal tag once hid prometheus.LabelSelector)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require('../../lib');
    const uses: string[] = [];
    const walk = (value: any, path: string) => {
      for (const name of Object.keys(value).sort()) {
        const member = value[name];
        const at = `${path}.${name}`;
        // a namespace of the package (`export * as x`) is a module object: look inside it
        if (member !== null && typeof member === 'object' && member.__esModule === true) walk(member, at);
        else uses.push(`void ${at};`);
      }
    };
    walk(lib, 'o11y');
    expect(uses).toContain('void o11y.prometheus.LabelSelector;');
    fs.writeFileSync(path.join(work, 'runtime-values.ts'), `import * as o11y from './out/lib';\n${uses.join('\n')}\n`);
    if (!fs.existsSync(path.join(work, 'node_modules'))) fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
    let diagnostics = '';
    try {
      run(['--noEmit', '--strict', '--target', 'ES2020', '--module', 'commonjs', '--esModuleInterop', '--types', 'node', 'runtime-values.ts'], work);
    } catch (e) {
      diagnostics = (e as Error).message;
    }
    // a value missing from the declarations must be one its source marks internal (barrels export * at run time)
    const missing = [...diagnostics.matchAll(/Property '([^']+)' does not exist/g)].map((m) => m[1]);
    const undeclared = [...new Set(missing)].filter((name) => !internalInSource(name)).sort();
    expect(undeclared).toEqual([]);
  }, 120000);

  test('type-check for a consumer using every namespace (no skipLibCheck)', () => {
    // the consumer resolves cdk8s and constructs from the repository's node_modules
    if (!fs.existsSync(path.join(work, 'node_modules'))) fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
    const consumer = fs.readFileSync(path.join(__dirname, 'shipped-consumer.ts'), 'utf8');
    expect(consumer).toContain("from '../../lib';");
    fs.writeFileSync(path.join(work, 'consumer.ts'), consumer.replace("from '../../lib';", "from './out/lib';"));
    run(
      ['--noEmit', '--strict', '--skipLibCheck', 'false', '--target', 'ES2020', '--module', 'commonjs', '--esModuleInterop', '--types', 'node', 'consumer.ts'],
      work,
    );
  }, 120000);
});

test('no exported class of lib/ has a public @internal constructor, which stripInternal would turn into `new X()`', () => {
  const found = strippedConstructors(path.join(ROOT, 'lib'), ROOT).map((d) => `${d.where} ${d.name}`);
  expect(found).toEqual([]);
});

test('the package root exports at run time the names of ROOT_API that exist at run time, and nothing else (no plumbing such as quote)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const runtime = Object.keys(require('../../lib')).sort();
  const expected = Object.keys(ROOT_API).filter((name) => RUNTIME_KINDS.has(ROOT_API[name].split(',')[0])).sort();
  expect(runtime).toEqual(expected);
});

describe('the checks themselves', () => {
  test('find @internal statements and members, as stripInternal recognises them', () => {
    const text = [
      'export declare class A {',
      '    /** Public. */',
      '    readonly shown: string;',
      '    /** @internal */',
      '    _hidden(): void;',
      '}',
      '/** Described. @internal */',
      'export declare const B = 1, C = 2;',
      '/** Public. */',
      'export declare function d(): void;',
      'export declare namespace N {',
      '    /**',
      '     * Described.',
      '     * @internal',
      '     */',
      '    interface I {',
      '    }',
      '}',
    ].join('\n');
    expect(internalDeclarationsIn('x.d.ts', text)).toEqual([
      { where: 'x.d.ts:5', name: 'A._hidden' },
      { where: 'x.d.ts:8', name: 'B, C' },
      { where: 'x.d.ts:16', name: 'N.I' },
    ]);
  });

  test('list the root exports with their kind and deprecation, following re-exports to their declarations', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'o11y-root-'));
    try {
      fs.writeFileSync(path.join(dir, 'ns.d.ts'), 'export declare const X = 1;\n');
      fs.writeFileSync(path.join(dir, 'core.d.ts'), ['/** Old. @deprecated use A */', 'export declare class Old {}', 'export interface Props {}', 'export declare enum E { A = 0 }'].join('\n'));
      fs.writeFileSync(
        path.join(dir, 'index.d.ts'),
        ["export * as ns from './ns';", "export { Old, E } from './core';", "export type { Props } from './core';", '/** A. */', 'export declare class A {}', 'export declare function f(): void;'].join('\n'),
      );
      expect(rootExports(path.join(dir, 'index.d.ts'))).toEqual([
        { name: 'A', kind: 'class', deprecated: false },
        { name: 'E', kind: 'enum', deprecated: false },
        { name: 'Old', kind: 'class', deprecated: true },
        { name: 'Props', kind: 'interface', deprecated: false },
        { name: 'f', kind: 'function', deprecated: false },
        { name: 'ns', kind: 'namespace', deprecated: false },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('find public @internal constructors of exported classes only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'o11y-stripped-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'a.ts'),
        [
          'export class Shown {',
          '  /** @internal */',
          '  public constructor(_x: number) {}',
          '}',
          'export class Private {',
          '  /** @internal */',
          '  private constructor() {}',
          '}',
          'class NotExported {',
          '  /** @internal */',
          '  constructor() {}',
          '}',
        ].join('\n'),
      );
      expect(strippedConstructors(dir, dir)).toEqual([{ where: 'a.ts:3', name: 'Shown.constructor' }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
