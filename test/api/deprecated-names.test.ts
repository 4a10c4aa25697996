import * as path from 'path';
import * as ts from 'typescript';

// Public names kept under their old path for one minor version are aliases of the new ones (the runtime
// identity is tested next to each: test/prometheus/relabel.test.ts, test/catalogue/metric-catalogue.test.ts).
// Here: TypeScript reports every old name as deprecated, as an editor shows it (struck through, with the
// `@deprecated` text), and none of the new names. A re-export without its TSDoc, e.g. an `export *`, loses the
// deprecation silently; this test notices.

const ROOT = path.join(__dirname, '..', '..');
const CONSUMER = path.join(ROOT, 'test', 'api', '__deprecated-names-consumer.ts');

/** The deprecated names, each used once in a value or a type position. */
const OLD = [
  'o.prometheus.Relabel.set', 'o.prometheus.RelabelAction.KEEP', 'o.prometheus.RelabelOptions', 'o.prometheus.ReplaceOptions', 'o.prometheus.FilterOptions',
  'o.exporters.MetricType.GAUGE', 'o.exporters.ExportedMetric', 'o.QueryRegistry',
];
/** Their replacements. */
const NEW = ['o.Relabel.set', 'o.RelabelAction.KEEP', 'o.RelabelOptions', 'o.RelabelReplaceOptions', 'o.RelabelFilterOptions', 'o.catalogue.MetricType.GAUGE', 'o.catalogue.ExportedMetric', 'o.ConstructQueries'];

/** A consumer using each name; types in a `let`, values in a call. */
function consumer(names: string[]): string {
  return [
    "import * as o from '../../lib';",
    ...names.map((n, i) => (/\.[A-Z_]+$|\.set$/.test(n) ? `export const v${i} = [${n}];` : `export let t${i}: ${n} | undefined;`)),
  ].join('\n');
}

/** The names TypeScript reports deprecated (suggestion 6385/6387) in a consumer of `names`, by the line they are on. */
function deprecatedIn(names: string[]): string[] {
  const text = consumer(names);
  const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile).config, ts.sys, ROOT);
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [CONSUMER],
    getScriptVersion: () => '1',
    getScriptSnapshot: (f) => (f === CONSUMER ? ts.ScriptSnapshot.fromString(text) : ts.sys.fileExists(f) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(f)!) : undefined),
    getCurrentDirectory: () => ROOT,
    getCompilationSettings: () => parsed.options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => f === CONSUMER || ts.sys.fileExists(f),
    readFile: (f) => (f === CONSUMER ? text : ts.sys.readFile(f)),
  };
  const service = ts.createLanguageService(host);
  const errors = service.getSemanticDiagnostics(CONSUMER).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
  if (errors.length > 0) throw new Error(`the consumer does not compile:\n${errors.join('\n')}\n${text}`);
  return service.getSuggestionDiagnostics(CONSUMER)
    .filter((d) => d.code === 6385 || d.code === 6387)
    // line 0 imports the package; line i + 1 uses names[i]
    .map((d) => names[d.file!.getLineAndCharacterOfPosition(d.start!).line - 1] ?? `line ${d.file!.getLineAndCharacterOfPosition(d.start!).line}`);
}

test('every old name is reported deprecated by TypeScript, and no new one', () => {
  expect([...new Set(deprecatedIn([...OLD, ...NEW]))]).toEqual(OLD);
}, 60000);
