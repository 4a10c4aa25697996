import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, DependencyGraph, Names, Yaml, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ValidationError } from './errors';
import { deeper } from './indent';
import { isEmpty } from './objects';
import { RenderPass } from './render-pass';
import { OutputChecks } from './output-checks';
import { requireArray, requireConstruct } from './untyped';

// The `yaml` package exactly as cdk8s resolves it: its schema decides which strings must be quoted.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const CDK8S_YAML = require(require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] }));

/**
 * A fast serializer that writes the same bytes as cdk8s' `Yaml.stringify` (the `yaml` package with YAML
 * 1.1, `lineWidth: 0`, `keepUndefined`) for JSON-shaped documents. It handles the shapes that manifests
 * have (block maps and sequences, flow `{}`/`[]` when empty, plain/quoted/literal-block strings, numbers,
 * booleans, null); for anything rarer (control characters, keep-chomped blocks, non-finite numbers,
 * long keys...) it hands the whole document to cdk8s' own serializer, so the output stays identical.
 */
class FastYaml {
  /** Strings the `yaml` package double-quotes because of control characters or lone surrogates. */
  // (any surrogate, paired or not, without the slow `u` flag: text with paired ones is rare and goes the slow way)
  private static readonly CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\uD800-\uDFFF]/;
  /** Strings that cannot be plain scalars (copied from the `yaml` package's `plainString`). */
  private static readonly INDICATOR = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
  private static readonly DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
  private static readonly BLOCK_END_NEWLINES = /(^|(?<!\n))\n+(?!\n|$)/g;

  /** The patterns of the non-string scalars of the YAML 1.1 schema (`yes`, `1:20`, `0x1F`, `~`...). */
  private static readonly TAG_TESTS: RegExp[] = FastYaml.schemaTests();
  /**
   * First characters that any of `TAG_TESTS` can match (or the empty string), when the schema is the one
   * this was written against; `undefined` (test every string) otherwise.
   */
  private static readonly TAG_FIRST_CHAR: RegExp | undefined = FastYaml.knownSchema() ? /^(?:$|[~NnYyTtOoFf+\-.0-9])/ : undefined;

  private static schemaTests(): RegExp[] {
    const schema = new CDK8S_YAML.Document(null, { version: '1.1' }).schema;
    const tags: Array<{ default?: unknown; tag: string; test?: RegExp }> = [...schema.tags, ...(schema.compat ?? [])];
    // `<<` is identified as the merge key, whose writer prints it plain: it is not a reason to quote
    const skip = new Set(['tag:yaml.org,2002:str', 'tag:yaml.org,2002:merge']);
    return tags.filter((t) => t.default && !skip.has(t.tag) && t.test).map((t) => t.test!);
  }

  private static knownSchema(): boolean {
    const known = new Set([
      '^(?:~|[Nn]ull|NULL)?$', '^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$', '^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$',
      '^[-+]?0b[0-1_]+$', '^[-+]?0[0-7_]+$', '^[-+]?[0-9][0-9_]*$', '^[-+]?0x[0-9a-fA-F_]+$',
      '^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$', '^[-+]?(?:[0-9][0-9_]*)?(?:\\.[0-9_]*)?[eE][-+]?[0-9]+$',
      '^[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*$', '^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$',
      '^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*$',
    ]);
    return FastYaml.TAG_TESTS.every((t) => known.has(t.source) || t.source.startsWith('^([0-9]{4})-'));
  }

  private readonly keys = new Map<string, string>();

  /**
   * Appends the YAML of one document, as `YAML.stringify(doc, { keepUndefined: true, lineWidth: 0, version: '1.1' })`.
   * The text is collected in a list and joined once per file: one flat string instead of a rope of
   * thousands of short-lived pieces.
   */
  public document(doc: unknown, out: string[]): void {
    if (isPlainObject(doc) && Object.keys(doc).length > 0) {
      const start = out.length;
      try {
        this.map(doc, '', out);
        out.push('\n');
        return;
      } catch (e) {
        if (e !== FALLBACK) throw e;
        out.length = start;
      }
    }
    out.push(Yaml.stringify(doc));
  }

  /** Appends a non-empty block map; the first line goes where the caller left off. */
  private map(obj: { [key: string]: unknown }, indent: string, out: string[]): void {
    const child = deeper(indent);
    let first = true;
    for (const key in obj) {
      if (!Object.prototype.hasOwnProperty.call(obj, key)) continue;
      if (first) first = false;
      else out.push('\n', indent);
      out.push(this.key(key));
      const value = obj[key];
      if (Array.isArray(value)) {
        if (value.length === 0) {
          out.push(': []');
        } else {
          out.push(':\n', child);
          this.seq(value, child, out);
        }
      } else if (isPlainObject(value)) {
        if (isEmpty(value)) {
          out.push(': {}');
        } else {
          out.push(':\n', child);
          this.map(value, child, out);
        }
      } else {
        out.push(': ', this.scalar(value, child));
      }
    }
  }

  /** Appends a non-empty block sequence; the first line goes where the caller left off. */
  private seq(items: unknown[], indent: string, out: string[]): void {
    const child = deeper(indent);
    for (let i = 0; i < items.length; i++) {
      if (i > 0) out.push('\n', indent);
      const item = items[i];
      if (Array.isArray(item)) {
        if (item.length === 0) {
          out.push('- []');
        } else {
          out.push('- ');
          this.seq(item, child, out);
        }
      } else if (isPlainObject(item)) {
        if (isEmpty(item)) {
          out.push('- {}');
        } else {
          out.push('- ');
          this.map(item, child, out);
        }
      } else {
        out.push('- ', this.scalar(item, child));
      }
    }
  }

  private scalar(value: unknown, indent: string): string {
    switch (typeof value) {
      case 'string':
        return this.string(value, indent);
      case 'number':
        if (!Number.isFinite(value) || Object.is(value, -0)) throw FALLBACK;
        return JSON.stringify(value);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'undefined':
        return 'null';
      case 'object':
        if (value === null) return 'null';
        throw FALLBACK;
      default:
        throw FALLBACK;
    }
  }

  private key(key: string): string {
    let rendered = this.keys.get(key);
    if (rendered === undefined) {
      if (key.includes('\n') || FastYaml.CONTROL.test(key) || FastYaml.DOCUMENT_MARKER.test(key)) throw FALLBACK;
      rendered = FastYaml.INDICATOR.test(key) || FastYaml.looksTyped(key) ? FastYaml.quoted(key) : key;
      if (rendered.length > 1024) throw FALLBACK;
      this.keys.set(key, rendered);
    }
    return rendered;
  }

  private string(value: string, indent: string): string {
    if (FastYaml.plainForSure(value)) return value;
    if (FastYaml.CONTROL.test(value)) throw FALLBACK;
    if (value.includes('\n')) {
      if (FastYaml.endsWithIndentedEmptyLine(value)) throw FALLBACK;
      return FastYaml.literalBlock(value, indent);
    }
    if (FastYaml.DOCUMENT_MARKER.test(value)) throw FALLBACK;
    if (FastYaml.INDICATOR.test(value) || FastYaml.looksTyped(value)) return FastYaml.quoted(value);
    return value;
  }

  /**
   * Whether `value` is written plain for certain, seen in one scan of its character codes (most names,
   * label values and expressions are; the others go through the checks below): printable ASCII; a first
   * character that starts no indicator, document marker or non-string scalar of the schema (so
   * `INDICATOR`, `DOCUMENT_MARKER` and `looksTyped` cannot match at the start); no `": "`, no `" #"`, and
   * no space or colon at the end (the only ways they match further on).
   */
  private static plainForSure(value: string): boolean {
    if (FastYaml.TAG_FIRST_CHAR === undefined || value.length === 0 || PLAIN_START[value.charCodeAt(0)] !== 1) return false;
    const last = value.length - 1;
    for (let i = 1; i <= last; i++) {
      const c = value.charCodeAt(i);
      if (c === SPACE || c === COLON) {
        if (i === last) return false;
        const next = value.charCodeAt(i + 1);
        if (next === SPACE || (c === SPACE && next === HASH)) return false;
      } else if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** `/\n[\t ]+$/.test(value)` without a regex scan of every indented line of a large payload. */
  private static endsWithIndentedEmptyLine(value: string): boolean {
    let i = value.length - 1;
    while (i >= 0 && (value[i] === ' ' || value[i] === '\t')) i--;
    return i >= 0 && i < value.length - 1 && value[i] === '\n';
  }

  /** Whether a plain scalar with this text would be read back as something else than a string. */
  private static looksTyped(value: string): boolean {
    if (FastYaml.TAG_FIRST_CHAR && !FastYaml.TAG_FIRST_CHAR.test(value)) return false;
    for (const test of FastYaml.TAG_TESTS) {
      if (test.test(value)) return true;
    }
    return false;
  }

  /** A single-line quoted scalar: single quotes when the text has double quotes only, else JSON-style. */
  private static quoted(value: string): string {
    if (value.includes('"') && !value.includes("'")) return `'${value}'`;
    return JSON.stringify(value);
  }

  /** A multi-line string as a literal block (the `yaml` package's `blockString` with folding disabled). */
  private static literalBlock(text: string, indent: string): string {
    let value = text;
    let endStart = value.length;
    while (endStart > 0) {
      const ch = value[endStart - 1];
      if (ch !== '\n' && ch !== '\t' && ch !== ' ') break;
      endStart--;
    }
    let end = value.substring(endStart);
    const endNlPos = end.indexOf('\n');
    let chomp: string;
    if (endNlPos === -1) {
      chomp = '-';
    } else if (value === end || endNlPos !== end.length - 1) {
      // "keep" chomping changes how the following nodes are written: leave it to cdk8s' serializer
      throw FALLBACK;
    } else {
      chomp = '';
    }
    if (end) {
      value = value.slice(0, -end.length);
      if (end[end.length - 1] === '\n') end = end.slice(0, -1);
      end = end.replace(FastYaml.BLOCK_END_NEWLINES, `$&${indent}`);
    }
    let startWithSpace = false;
    let startEnd: number;
    let startNlPos = -1;
    for (startEnd = 0; startEnd < value.length; ++startEnd) {
      const ch = value[startEnd];
      if (ch === ' ') startWithSpace = true;
      else if (ch === '\n') startNlPos = startEnd;
      else break;
    }
    let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
    if (start) {
      value = value.substring(start.length);
      start = indentAfterLineBreaks(start, indent);
    }
    const header = (startWithSpace ? '2' : '') + chomp;
    value = indentAfterLineBreaks(value, indent);
    return `|${header}\n${indent}${start}${value}${end}`;
  }
}

const FALLBACK = new Error('fall back to cdk8s serializer');

const SPACE = 0x20;
const COLON = 0x3a;
const HASH = 0x23;
/**
 * The first characters of strings `FastYaml.plainForSure` may accept: printable ASCII but the YAML
 * indicators, `?`, `-`, `:`, `%`, `.` and the first characters of the schema's other scalars (`~`, `+`,
 * digits, and the `n`/`y`/`t`/`o`/`f` of null, yes, true, on, off, no, false).
 */
const PLAIN_START = ((): Uint8Array => {
  const table = new Uint8Array(128);
  for (let c = 0x21; c <= 0x7e; c++) table[c] = 1;
  for (const ch of ',[]{}#&*!|>\'"%@`?-:.~+0123456789NnYyTtOoFf') table[ch.charCodeAt(0)] = 0;
  return table;
})();

/**
 * `text.replace(/\n+/g, '$&' + indent)`: every run of line breaks followed by the indentation. A text
 * without blank lines (a dashboard's JSON) is split at its line breaks and joined again, natively;
 * another is built from pieces. (Not a global regex replacement: V8 allocates that of a long-lived
 * string in the old generation, where it stays as garbage until the next full collection.)
 */
function indentAfterLineBreaks(text: string, indent: string): string {
  // without blank lines (a JSON payload), each line break is one run: split and joined natively
  if (!text.includes('\n\n')) return text.split('\n').join(`\n${indent}`);
  const parts: string[] = [];
  let from = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', from)) {
    let to = at + 1;
    while (to < text.length && text.charCodeAt(to) === 10) to++;
    parts.push(text.slice(from, to), indent);
    from = to;
  }
  if (from === 0) return text;
  parts.push(text.slice(from));
  return parts.join('');
}

function isPlainObject(value: unknown): value is { [key: string]: unknown } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Options of `Synthesizer.synth()`.
 * @deprecated use `MonitoringApp`, which takes `recordConstructMetadata` in its props as cdk8s' `App` does;
 * `Synthesizer` and its types will be removed in 0.6.0.
 */
export interface SynthOptions {
  /**
   * Whether to write `construct-metadata.json` (each object's construct path, by object name) next to the
   * manifests, as `app.synth()` does for an app created with `recordConstructMetadata: true`. cdk8s keeps
   * that setting of the app to itself: an app that sets it in its props passes it here too.
   * @default - as cdk8s: `true` when the environment variable `CDK8S_RECORD_CONSTRUCT_METADATA` is `true`
   * (which `cdk8s synth` sets when the project configures validation plugins)
   */
  readonly recordConstructMetadata?: boolean;
}

/**
 * One output file of a synthesized app.
 * @deprecated only `Synthesizer.synthFiles()` returns it; `Synthesizer` and its types will be removed in 0.6.0.
 */
export interface SynthesizedFile {
  /** The file name, relative to the app's output directory (`gas-delivery.k8s.yaml`). */
  readonly fileName: string;
  /** The chart the file was written from. */
  readonly chart: Chart;
  /** The Kubernetes objects of the file, in output order. */
  readonly manifests: Array<{ [key: string]: unknown }>;
  /** The YAML text of the file. */
  readonly yaml: string;
}

/**
 * The output of an app, rendered into a staging folder: `write()` moves it into the app's `outdir`,
 * `discard()` drops it.
 * @internal
 */
export interface PreparedOutput {
  write(): void;
  discard(): void;
}

/**
 * The same setting of an app as cdk8s' own: whether `app.synth()` writes `construct-metadata.json` when
 * the app's props do not say.
 * @internal
 */
export function recordConstructMetadataFromEnvironment(): boolean {
  return process.env.CDK8S_RECORD_CONSTRUCT_METADATA === 'true';
}

/**
 * Synthesizes a cdk8s `App` into the same files, byte for byte, as `app.synth()`.
 * @deprecated create the app as a `MonitoringApp` and call its `synth()`, which is this synthesis;
 * `Synthesizer` will be removed in 0.6.0.
 */
export class Synthesizer {
  /**
   * Writes every chart of `app` to `app.outdir`, as `app.synth()` would (one file per chart, or the
   * app's `yamlOutputType`).
   * @param options `recordConstructMetadata`: see `SynthOptions`
   * @deprecated `new MonitoringApp({ outdir, recordConstructMetadata })` and `app.synth()`
   */
  public static synth(app: App, options: SynthOptions = {}): void {
    requireApp(app);
    FastSynthesis.write(app, options.recordConstructMetadata ?? recordConstructMetadataFromEnvironment(), () => app.synth());
  }

  /**
   * Validates `app` and renders every chart, without writing anything: file names, objects and YAML text
   * exactly as `app.synth()` writes them with the default one-file-per-chart layout.
   * @throws Error `Validation failed with the following errors: [path] message` as `app.synth()`
   * @deprecated to test a chart, cdk8s' `Testing.synth(chart)`; to get the YAML of an app, `app.synthYaml()`
   */
  public static synthFiles(app: App): SynthesizedFile[] {
    requireApp(app);
    return FastSynthesis.files(app);
  }

  /**
   * The YAML that cdk8s' `Yaml.stringify(...docs)` returns for these documents (multi-document, separated
   * by `---`), produced without the `yaml` package's document model.
   * @deprecated cdk8s' `Yaml.stringify(...docs)` (the same text)
   */
  public static toYaml(docs: unknown[]): string {
    requireArray(docs, 'docs', '[{ apiVersion: \'v1\', kind: \'ConfigMap\' }]');
    return FastSynthesis.toYaml(docs);
  }
}

/**
 * Synthesizes a cdk8s `App` into the same files, byte for byte, as `app.synth()`, in time linear in the
 * size of the app: the synthesis of `MonitoringApp.synth()`.
 *
 * `app.synth()` re-runs every validation and the app-wide dependency resolution once per chart (its
 * `chart.toJson()` calls `App._synthChart`, which walks the whole app), so its cost grows with the square
 * of the number of charts; and it serializes through the `yaml` package's document model, about twice
 * as slow as a direct writer. This synthesis validates and resolves dependencies once for the app,
 * then renders each chart's objects in the same order and writes them with a serializer that produces
 * the same bytes as cdk8s' `Yaml.stringify` (falling back to it for the rare shapes it does not handle).
 * Each object is rendered by its own (public) `ApiObject.toJson()`, so resolvers, JSON patches and
 * errors are cdk8s' own; renderings that several objects need (a dashboard's JSON, a log agent's
 * configuration) are computed once for the whole synthesis.
 *
 * Validation errors are reported exactly as `app.synth()` reports them. Every rendered object is then
 * measured (an object above 1 MiB fails, one too large for client-side `kubectl apply` gets a
 * `SynthWarnings` warning) and scanned for credentials given as plain strings (`SecretScan`): the
 * problems fail the synthesis, all at once, before any file is written (`OutputChecks`).
 * @internal
 */
export class FastSynthesis {
  /**
   * Writes every chart of `app` to `app.outdir`, as `app.synth()` would with the one-file-per-chart
   * layout; another layout is left to `otherLayout` (cdk8s' own `app.synth()`).
   * @param recordConstructMetadata whether to write `construct-metadata.json`, as the app's setting says
   */
  public static write(app: App, recordConstructMetadata: boolean, otherLayout: () => void): void {
    FastSynthesis.prepare(app, recordConstructMetadata, otherLayout).write();
  }

  /**
   * Validates, renders and scans every chart of `app` into a staging folder beside `app.outdir`, and returns
   * what moves the files into place (or drops them): a caller that synthesizes several apps moves none of
   * them until every one succeeded. The files are written as they are rendered, so that no app's output is
   * held in memory. Another layout than one file per chart is left to `otherLayout` (cdk8s' own
   * `app.synth()`), when the files are moved.
   */
  public static prepare(app: App, recordConstructMetadata: boolean, otherLayout: () => void): PreparedOutput {
    if (app.yamlOutputType !== YamlOutputType.FILE_PER_CHART) {
      // other layouts are rare and not on the hot path: keep cdk8s' own implementation
      return { write: otherLayout, discard: () => undefined };
    }
    const outdir = path.resolve(app.outdir);
    fs.mkdirSync(path.dirname(outdir), { recursive: true });
    // beside the output folder, so that moving a file is a rename on the same file system
    const staging = fs.mkdtempSync(path.join(path.dirname(outdir), `.${path.basename(outdir)}.synth-`));
    const discard = () => fs.rmSync(staging, { recursive: true, force: true });
    const names: string[] = [];
    const charts: Chart[] = [];
    try {
      FastSynthesis.render(app, (file) => {
        fs.writeFileSync(path.join(staging, file.fileName), file.yaml, { encoding: 'utf8' });
        names.push(file.fileName);
        charts.push(file.chart);
      }, false);
      if (recordConstructMetadata) {
        const resources: { [name: string]: { path: string } } = {};
        for (const chart of charts) {
          for (const apiObject of FastSynthesis.apiObjectsOf(chart)) resources[apiObject.name] = { path: apiObject.node.path };
        }
        fs.writeFileSync(path.join(staging, 'construct-metadata.json'), JSON.stringify({ version: '1.0.0', resources }));
        names.push('construct-metadata.json');
      }
    } catch (e) {
      discard();
      throw e;
    }
    return {
      write: () => {
        fs.mkdirSync(outdir, { recursive: true });
        for (const name of names) fs.renameSync(path.join(staging, name), path.join(outdir, name));
        discard();
      },
      discard,
    };
  }

  /**
   * Validates `app` and renders every chart, without writing anything: file names, objects and YAML text
   * exactly as `app.synth()` writes them with the default one-file-per-chart layout.
   * @throws Error `Validation failed with the following errors: [path] message` as `app.synth()`
   * @throws ValidationError `object size: ...` when objects exceed 1 MiB, `secret scan: ...` when values of
   * the output look like credentials (see `SecretScan`)
   */
  public static files(app: App): SynthesizedFile[] {
    const files: SynthesizedFile[] = [];
    FastSynthesis.render(app, (file) => files.push(file), true);
    return files;
  }

  /** The YAML that cdk8s' `Yaml.stringify(...docs)` returns for these documents. */
  public static toYaml(docs: unknown[]): string {
    return FastSynthesis.stringify(docs, new FastYaml());
  }

  private static render(app: App, onFile: (file: SynthesizedFile) => void, keepManifests: boolean): void {
    RenderPass.run(() => FastSynthesis.renderCharts(app, onFile, keepManifests));
  }

  private static renderCharts(app: App, onFile: (file: SynthesizedFile) => void, keepManifests: boolean): void {
    const all = app.node.findAll();
    FastSynthesis.validate(all);
    const { hasDependantCharts, hasDependencies } = FastSynthesis.resolveDependencies(all);
    const layout = FastSynthesis.layout(app, all, hasDependencies);
    const yaml = new FastYaml();
    const checks = new OutputChecks();
    let index = 0;
    for (const chart of layout.charts) {
      let name = Names.toDnsLabel(chart);
      if (hasDependantCharts) name = `${(index++).toString().padStart(4, '0')}-${name}`;
      const manifests: Array<{ [key: string]: unknown }> = [];
      const text = FastSynthesis.stringify(FastSynthesis.chartManifests(chart, layout.apiObjects(chart), checks), yaml, keepManifests ? manifests : undefined);
      onFile({ fileName: name + app.outputFileExtension, chart, manifests, yaml: text });
    }
    // every object too large and every value that looks like a credential, at once (see OutputChecks)
    checks.finish(all);
  }

  /**
   * The charts in output order and, for each chart, its API objects in output order.
   *
   * cdk8s orders both topologically with a `DependencyGraph` built over the whole app and again over each
   * chart (computing every construct path on the way). When no construct has a dependency, that order is
   * the construct tree's pre-order (the graph is keyed by path, so integer-like paths would come first:
   * then, as with any dependency, cdk8s' graph is used).
   */
  private static layout(app: App, all: IConstruct[], hasDependencies: boolean): { charts: Chart[]; apiObjects: (chart: Chart) => ApiObject[] } {
    const charts = all.filter((c): c is Chart => c instanceof Chart);
    if (hasDependencies || charts.some((c) => /^(0|[1-9][0-9]*)$/.test(c.node.path))) {
      return { charts: app.charts, apiObjects: (chart) => FastSynthesis.apiObjectsOf(chart) };
    }
    // one pass in pre-order: a construct's closest chart is itself or its parent's
    const closest = new Map<IConstruct, Chart>();
    const byChart = new Map<Chart, ApiObject[]>(charts.map((c) => [c, []]));
    for (const c of all) {
      const scope = c.node.scope;
      const chart = c instanceof Chart ? c : scope === undefined ? undefined : closest.get(scope);
      if (chart === undefined) continue;
      closest.set(c, chart);
      if (c instanceof ApiObject) byChart.get(chart)!.push(c);
    }
    return { charts, apiObjects: (chart) => byChart.get(chart) ?? [] };
  }

  /** The YAML of `docs`, each written as soon as it is produced; `kept` collects them when given. */
  private static stringify<T>(docs: Iterable<T>, yaml: FastYaml, kept?: T[]): string {
    const out: string[] = [];
    let count = 0;
    for (const doc of docs) {
      if (count++ > 0) out.push('---\n');
      if (doc === undefined) out.push('\n');
      else yaml.document(doc, out);
      kept?.push(doc);
    }
    return out.join('');
  }

  /** The objects of one chart, in dependency order, as `chart.toJson()` returns them after app validation. */
  private static *chartManifests(chart: Chart, apiObjects: ApiObject[], checks: OutputChecks): Iterable<{ [key: string]: unknown }> {
    if (chart.toJson !== Chart.prototype.toJson) {
      // a chart that overrides toJson() gets it called, as app.synth() would
      for (const manifest of Object.values(chart.toJson())) {
        checks.add(chart, manifest);
        yield manifest;
      }
      return;
    }
    for (const o of apiObjects) {
      const manifest = o.toJson();
      checks.add(o, manifest);
      yield manifest;
    }
  }

  private static apiObjectsOf(chart: Chart): ApiObject[] {
    return new DependencyGraph(chart.node).topology()
      .filter((x): x is ApiObject => x instanceof ApiObject)
      .filter((x) => Chart.of(x) === chart);
  }

  /** Runs every construct's validations once, with cdk8s' error format. */
  private static validate(all: IConstruct[]): void {
    const errors: string[] = [];
    for (const child of all) {
      for (const error of child.node.validate()) errors.push(`[${child.node.path}] ${error}`);
    }
    if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  }

  /**
   * cdk8s' app-level dependency resolution (nested charts, and construct dependencies turned into chart
   * and API object dependencies), done once. Returns whether any chart depends on another, and whether
   * any construct has a dependency at all.
   */
  private static resolveDependencies(all: IConstruct[]): { hasDependantCharts: boolean; hasDependencies: boolean } {
    let hasDependantCharts = false;
    for (const parentChart of all) {
      if (!(parentChart instanceof Chart)) continue;
      for (const childChart of parentChart.node.children) {
        if (childChart instanceof Chart) {
          parentChart.node.addDependency(childChart);
          hasDependantCharts = true;
        }
      }
    }
    const declared = FastSynthesis.dependencies(all);
    for (const dep of declared) {
      const sourceChart = Chart.of(dep.source);
      const targetChart = Chart.of(dep.target);
      if (sourceChart !== targetChart) {
        sourceChart.node.addDependency(targetChart);
        hasDependantCharts = true;
      }
    }
    // nothing declared and no nested chart: nothing was added either
    if (declared.length === 0 && !hasDependantCharts) return { hasDependantCharts, hasDependencies: false };
    // as cdk8s, list the dependencies again: they now include the chart dependencies added above
    for (const dep of FastSynthesis.dependencies(all)) {
      const sourceChart = Chart.of(dep.source);
      const targetChart = Chart.of(dep.target);
      const targets = dep.target.node.findAll().filter((c) => c instanceof ApiObject && Chart.of(c) === targetChart);
      const sources = dep.source.node.findAll().filter((c) => c instanceof ApiObject && Chart.of(c) === sourceChart);
      for (const target of targets) {
        for (const source of sources) {
          if (target !== source) source.node.addDependency(target);
        }
      }
    }
    return { hasDependantCharts, hasDependencies: true };
  }

  private static dependencies(all: IConstruct[]): Array<{ source: IConstruct; target: IConstruct }> {
    const deps: Array<{ source: IConstruct; target: IConstruct }> = [];
    for (const source of all) {
      for (const target of source.node.dependencies) deps.push({ source, target });
    }
    return deps;
  }
}

/** The `app` argument of `Synthesizer.synth`/`synthFiles`, checked for plain-JavaScript callers. */
function requireApp(app: App): void {
  requireConstruct(app, 'app', 'new App()');
  if (!(app instanceof App) && typeof (app as Partial<App>).synth !== 'function') {
    throw new ValidationError(`app: must be a cdk8s App, e.g. new App(); received the construct ${JSON.stringify((app as IConstruct).node.path)}`);
  }
}
