import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

// The layering rule of lib/, as the developers' guide states it: a directory imports from the layers below
// its own; inside its layer, only along a declared sideways edge, from a later directory to an earlier one
// of the order below; and nothing imports in a cycle, neither between directories nor between files. Read
// from the sources' imports (import, export ... from, require(), import()), parsed with the TypeScript
// compiler, so that an edge against the rule fails here, not in a review.

/**
 * The layers, bottom up; within a layer, the order in which its directories may depend on each other
 * (a directory may import from one listed before it, through a declared edge of `SIDEWAYS`, never after it).
 */
const LAYERS: string[][] = [
  ['core'],
  // prometheus before loki: Loki's agents are scraped by a ServiceMonitor, Loki alerting rules share
  // Prometheus' rule options
  ['prometheus', 'alertmanager', 'grafana', 'loki'],
  // catalogue before exporters and slo: the catalogue is the vocabulary metrics are declared in
  ['catalogue', 'exporters', 'slo'],
  ['app'],
  ['index.ts'],
];

/** The sideways edges (within one layer, from a later directory to an earlier one), each with its reason. */
const SIDEWAYS: { [edge: string]: string } = {
  'loki -> prometheus': "the log agents create a ServiceMonitor for their metrics; a Loki alerting rule takes a Prometheus alerting rule's options (the ruler reads the same format)",
  'exporters -> catalogue': 'an exporter declares its metrics in the catalogue vocabulary (MetricType, ExportedMetric) and ships the standard catalogue of what it exports',
  'slo -> catalogue': "an SLO registers the metrics of its recording rules with the catalogue's query lint",
};

/** An import of one module by another: the module it names, and whether it is erased from the JavaScript. */
interface ModuleImport {
  readonly specifier: string;
  /** `import type`, `export type ... from`, named imports that are all `type`, `typeof import(...)`. */
  readonly typeOnly: boolean;
}

/** The imports of a source file: import and export declarations, `import x = require()`, require() and import() calls, import types. */
function importsOf(fileName: string, text: string): ModuleImport[] {
  const found: ModuleImport[] = [];
  const allTypes = (elements: ts.NodeArray<ts.ImportSpecifier | ts.ExportSpecifier>) => elements.length > 0 && elements.every((e) => e.isTypeOnly);
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings : undefined;
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: !!clause && (clause.isTypeOnly || (!clause.name && !!named && allTypes(named.elements))) });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause : undefined;
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly || (!!named && allTypes(named.elements)) });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push({ specifier: node.moduleReference.expression.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])
      && ((ts.isIdentifier(node.expression) && node.expression.text === 'require') || node.expression.kind === ts.SyntaxKind.ImportKeyword)) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true));
  return found;
}

/** An import edge between two files of the tree (paths relative to its root, with `/`). */
interface FileEdge {
  readonly from: string;
  readonly to: string;
  readonly typeOnly: boolean;
}

/** The import edges between the .ts files of a tree; imports of modules outside it (imports/, node modules) are left out. */
function fileEdges(root: string): FileEdge[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.ts')) files.push(file);
    }
  };
  walk(root);
  const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const edges: FileEdge[] = [];
  for (const file of files.sort()) {
    for (const { specifier, typeOnly } of importsOf(file, fs.readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const base = path.resolve(path.dirname(file), specifier);
      if (path.relative(root, base).startsWith('..')) continue;
      const target = [`${base}.ts`, path.join(base, 'index.ts'), base].find((f) => f.endsWith('.ts') && fs.existsSync(f));
      if (target === undefined) throw new Error(`${relative(file)}: cannot resolve '${specifier}'`);
      edges.push({ from: relative(file), to: relative(target), typeOnly });
    }
  }
  return edges;
}

/** The top-level directory of a file of lib/ (`loki/alloy/render.ts` is in `loki`), or the file itself at the top (`index.ts`). */
const directoryOf = (file: string) => file.split('/')[0];

/** The edges between directories, `from -> to`, with the files that make each (type-only imports count: a type is a dependency). */
function directoryEdges(edges: readonly FileEdge[]): Map<string, string[]> {
  const byEdge = new Map<string, string[]>();
  for (const e of edges) {
    const from = directoryOf(e.from);
    const to = directoryOf(e.to);
    if (from === to) continue;
    const key = `${from} -> ${to}`;
    byEdge.set(key, [...new Set([...(byEdge.get(key) ?? []), e.from])]);
  }
  return byEdge;
}

/** Where a directory sits: its layer and its rank in that layer's order. */
function positionOf(layers: string[][], dir: string): { layer: number; rank: number } | undefined {
  const layer = layers.findIndex((l) => l.includes(dir));
  return layer < 0 ? undefined : { layer, rank: layers[layer].indexOf(dir) };
}

/** The edges that break the layering, each with why: an unknown directory, an upward edge, a sideways edge not declared or against the order. */
function layerViolations(edges: Iterable<string>, layers: string[][], sideways: { [edge: string]: string }): string[] {
  const found: string[] = [];
  for (const edge of edges) {
    const [from, to] = edge.split(' -> ');
    const a = positionOf(layers, from);
    const b = positionOf(layers, to);
    if (a === undefined || b === undefined) found.push(`${edge}: ${a === undefined ? from : to} is in no layer`);
    else if (b.layer > a.layer) found.push(`${edge}: upward, from layer ${a.layer} to layer ${b.layer}`);
    else if (b.layer === a.layer && b.rank > a.rank) found.push(`${edge}: sideways against the order of layer ${a.layer} (${layers[a.layer].join(', ')})`);
    else if (b.layer === a.layer && sideways[edge] === undefined) found.push(`${edge}: sideways within layer ${a.layer}, not a declared edge`);
  }
  return found.sort();
}

/** Declared sideways edges that are not sideways within one layer, or go against its order. */
function declarationProblems(layers: string[][], sideways: { [edge: string]: string }): string[] {
  return Object.keys(sideways).filter((edge) => {
    const [from, to] = edge.split(' -> ');
    const a = positionOf(layers, from);
    const b = positionOf(layers, to);
    return a === undefined || b === undefined || a.layer !== b.layer || b.rank >= a.rank;
  });
}

/**
 * The cycles of a directed graph: one per strongly connected component of more than one node (Tarjan's
 * algorithm), shown as a path from its first node back to it, e.g. `a -> b -> a`. Sorted.
 */
function cycles(edges: Iterable<[string, string]>): string[] {
  const next = new Map<string, string[]>();
  for (const [from, to] of edges) {
    next.set(from, [...(next.get(from) ?? []), to]);
    if (!next.has(to)) next.set(to, []);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const components: string[][] = [];
  const connect = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of next.get(v)!) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) connect(v);
  // a shortest path from the component's first node back to itself, through the component
  return components.map((component) => {
    const start = component[0];
    const previous = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
      const v = queue.shift()!;
      for (const w of [...next.get(v)!].sort()) {
        if (!component.includes(w) || previous.has(w)) continue;
        previous.set(w, v);
        if (w === start) queue.length = 0;
        else queue.push(w);
      }
    }
    const walk = [start];
    for (let v = previous.get(start)!; v !== start; v = previous.get(v)!) walk.unshift(v);
    return [start, ...walk].join(' -> ');
  }).sort();
}

const LIB = path.join(__dirname, '..', '..', 'lib');
const FILE_EDGES = fileEdges(LIB);
const DIRECTORY_EDGES = directoryEdges(FILE_EDGES);

describe('the layers of lib/', () => {
  test('no directory imports from a higher layer, or from its own layer but along a declared sideways edge', () => {
    expect(layerViolations(DIRECTORY_EDGES.keys(), LAYERS, SIDEWAYS).map((v) => `${v} (${DIRECTORY_EDGES.get(v.split(':')[0])!.join(', ')})`)).toEqual([]);
  });

  test('every declared sideways edge exists and goes from a later directory to an earlier one of its layer', () => {
    expect(declarationProblems(LAYERS, SIDEWAYS)).toEqual([]);
    expect(Object.keys(SIDEWAYS).filter((edge) => !DIRECTORY_EDGES.has(edge))).toEqual([]);
  });

  test('no two directories import each other, directly or through others', () => {
    expect(cycles([...DIRECTORY_EDGES.keys()].map((e) => e.split(' -> ') as [string, string]))).toEqual([]);
  });

  test('no cycle of imports between the files of lib/ (type-only imports, erased from the JavaScript, excepted)', () => {
    // a value import cycle makes the result of loading a module depend on which module of the cycle is
    // loaded first; two files that name each other's types only (alertmanager/route.ts and analysis.ts) do not
    expect(cycles(FILE_EDGES.filter((e) => !e.typeOnly).map((e) => [e.from, e.to]))).toEqual([]);
  });

  test('every directory of lib/ is in a layer', () => {
    const dirs = fs.readdirSync(LIB).filter((name) => name.endsWith('.ts') || fs.statSync(path.join(LIB, name)).isDirectory());
    expect(dirs.filter((dir) => positionOf(LAYERS, dir) === undefined)).toEqual([]);
  });
});

describe('the checks themselves', () => {
  test('the layer check finds an upward edge, a sideways edge against the order, an undeclared one and an unknown directory', () => {
    const planted = ['core -> prometheus', 'prometheus -> loki', 'grafana -> alertmanager', 'loki -> prometheus', 'slo -> core', 'app -> slo', 'tools -> core'];
    expect(layerViolations(planted, LAYERS, SIDEWAYS)).toEqual([
      'core -> prometheus: upward, from layer 0 to layer 1',
      'grafana -> alertmanager: sideways within layer 1, not a declared edge',
      'prometheus -> loki: sideways against the order of layer 1 (prometheus, alertmanager, grafana, loki)',
      'tools -> core: tools is in no layer',
    ]);
    expect(declarationProblems(LAYERS, { 'prometheus -> loki': 'against the order', 'slo -> prometheus': 'across layers', 'loki -> prometheus': 'fine' }))
      .toEqual(['prometheus -> loki', 'slo -> prometheus']);
  });

  test('the cycle check finds a cycle between directories and between files, and ignores one closed by a type-only import', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-'));
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    };
    write('catalogue/metric.ts', "import { x } from '../exporters/metric';\nexport const y = x;\n");
    write('exporters/metric.ts', "export const x = 1;\nexport { StandardCatalogues } from '../catalogue/standard';\n");
    write('catalogue/standard.ts', 'export class StandardCatalogues {}\n');
    write('loki/log-agent.ts', "import { PromtailAgent } from './promtail';\nexport const AGENTS = [PromtailAgent];\n");
    write('loki/promtail.ts', "import { AGENTS } from './log-agent';\nexport class PromtailAgent { all = AGENTS; }\n");
    write('loki/route.ts', "import { covers } from './analysis';\nexport class Route { c = covers; }\n");
    write('loki/analysis.ts', "import type { Route } from './route';\nexport function covers(r: Route) { return r; }\n");
    const edges = fileEdges(root);
    expect(cycles([...directoryEdges(edges).keys()].map((e) => e.split(' -> ') as [string, string]))).toEqual(['catalogue -> exporters -> catalogue']);
    expect(cycles(edges.filter((e) => !e.typeOnly).map((e) => [e.from, e.to]))).toEqual(['loki/log-agent.ts -> loki/promtail.ts -> loki/log-agent.ts']);
    expect(cycles(edges.map((e) => [e.from, e.to]))).toContain('loki/analysis.ts -> loki/route.ts -> loki/analysis.ts');
    expect(cycles([['a', 'b'], ['b', 'c'], ['c', 'a'], ['c', 'd']])).toEqual(['a -> b -> c -> a']);
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('the import reader sees every kind of import, type-only ones as such, and no import in a comment', () => {
    const text = [
      "import { a } from '../loki/a';",
      "import * as b from '../loki/b';",
      "import '../loki';",
      "import type { C } from '../loki/c';",
      "import { type D, type E } from '../loki/d';",
      "import { type F, g } from '../loki/f';",
      "export * from '../loki/h';",
      "export { i } from '../loki/i';",
      "export type { J } from '../loki/j';",
      "import k = require('../loki/k');",
      "const l = require('../loki/l');",
      "const m = () => import('../loki/m');",
      "let n: typeof import('../loki/n');",
      "// import { o } from '../loki/o';",
      "/** @example import { p } from '../loki/p'; */",
      "const q = \"from '../loki/q'\";",
    ].join('\n');
    expect(importsOf('core/x.ts', text).map((i) => `${i.specifier}${i.typeOnly ? ' (type)' : ''}`)).toEqual([
      '../loki/a', '../loki/b', '../loki', '../loki/c (type)', '../loki/d (type)', '../loki/f', '../loki/h', '../loki/i', '../loki/j (type)',
      '../loki/k', '../loki/l', '../loki/m', '../loki/n (type)',
    ]);
  });

  test('the file reader resolves a directory to its index.ts and leaves out modules outside the tree', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-'));
    fs.mkdirSync(path.join(root, 'core'));
    fs.mkdirSync(path.join(root, 'loki'));
    fs.writeFileSync(path.join(root, 'loki', 'index.ts'), 'export const x = 1;\n');
    fs.writeFileSync(path.join(root, 'core', 'a.ts'), "import { x } from '../loki';\nimport { Construct } from 'constructs';\nimport { K } from '../../imports/k8s';\n");
    expect(fileEdges(root)).toEqual([{ from: 'core/a.ts', to: 'loki/index.ts', typeOnly: false }]);
    fs.writeFileSync(path.join(root, 'core', 'b.ts'), "import { y } from './missing';\n");
    expect(() => fileEdges(root)).toThrow("core/b.ts: cannot resolve './missing'");
    fs.rmSync(root, { recursive: true, force: true });
  });
});

// apps/ is written as an app team would write it: the package exports its root only, whose domains are the
// namespaces `export * as <name> from './<name>'`. So an app imports `lib` or `lib/<namespace>` (the module
// the namespace re-exports), never a file inside a domain or a domain the root does not export (`lib/core`).

/** The namespaces the root of lib/ exports (`export * as prometheus from './prometheus'`). */
function rootNamespaces(indexText: string): string[] {
  return [...indexText.matchAll(/^export \* as (\w+) from '\.\/(\w+)';$/gm)].filter((m) => m[1] === m[2]).map((m) => m[2]);
}

/** The imports of `file` (path relative to the repository) that reach into lib/ other than through its root or a namespace. */
function privateLibImports(file: string, text: string, namespaces: string[]): string[] {
  const allowed = new Set(['lib', ...namespaces.map((n) => `lib/${n}`)]);
  return importsOf(file, text)
    .filter((i) => i.specifier.startsWith('.'))
    .map((i) => path.posix.normalize(path.posix.join(path.posix.dirname(file), i.specifier)))
    .filter((target) => (target === 'lib' || target.startsWith('lib/')) && !allowed.has(target))
    .map((target) => `${file} imports ${target}`);
}

describe('apps/ uses the public API only', () => {
  const repo = path.join(__dirname, '..', '..');
  const namespaces = rootNamespaces(fs.readFileSync(path.join(LIB, 'index.ts'), 'utf8'));

  test('every module of apps/ imports lib/ through its root or one of its namespaces', () => {
    expect(namespaces).toEqual(expect.arrayContaining(['prometheus', 'alertmanager', 'grafana', 'loki', 'slo', 'exporters', 'catalogue', 'app']));
    const files: string[] = [];
    const walk = (dir: string) => fs.readdirSync(path.join(repo, dir), { withFileTypes: true }).forEach((e) => {
      if (e.isDirectory()) walk(`${dir}/${e.name}`);
      else if (e.name.endsWith('.ts')) files.push(`${dir}/${e.name}`);
    });
    walk('apps');
    expect(files.length).toBeGreaterThan(30);
    expect(files.flatMap((f) => privateLibImports(f, fs.readFileSync(path.join(repo, f), 'utf8'), namespaces))).toEqual([]);
  });

  test('the check finds a domain the root does not export and a file inside a namespace', () => {
    const text = "import { quote } from '../../lib/core';\nimport { X } from '../../lib/app/app-monitoring';\nimport { prometheus } from '../../lib';\nimport { Slo } from '../../lib/slo';\nimport { y } from '../environments';\n";
    expect(privateLibImports('apps/x/a.ts', text, namespaces)).toEqual(['apps/x/a.ts imports lib/core', 'apps/x/a.ts imports lib/app/app-monitoring']);
  });
});
