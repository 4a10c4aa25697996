import { execFile, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The verdict of a real checker: its exit status and everything it printed. */
export interface ToolResult {
  readonly ok: boolean;
  /** stdout and stderr together. */
  readonly output: string;
  /** stdout alone. */
  readonly stdout: string;
}

/** One version of the Prometheus checkers: a promtool binary and the amtool binary that goes with it. */
export interface ToolVersion {
  /** A label read from the promtool binary's `--version`, like `promtool 2.42`. */
  readonly name: string;
  /** Path of the promtool binary. */
  readonly promtool: string;
  /** Path of the amtool binary. */
  readonly amtool: string;
}

interface ToolPaths {
  readonly bookworm: { readonly promtool: string; readonly amtool: string };
  readonly lts: { readonly promtool: string; readonly amtool: string };
}

// ensure-tools.js is plain JavaScript (jest's globalSetup loads it without ts-jest), so it is required untyped.
const { toolPaths } = require('./ensure-tools') as { toolPaths(): ToolPaths };

let pathsCache: ToolPaths | undefined;
function paths(): ToolPaths {
  pathsCache ??= toolPaths();
  return pathsCache;
}

/** `promtool 2.42`-style label of a binary: its name and major.minor version, from its `--version`. */
function versionLabel(binary: string): string {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 60000 });
  const printed = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  const match = /^(\S+?),? version (\d+)\.(\d+)/m.exec(printed);
  if (result.error || !match) throw new Error(`${binary} --version gave no version (the test setup installs it; see test/util/ensure-tools.js): ${result.error?.message ?? printed}`);
  return `${match[1]} ${match[2]}.${match[3]}`;
}

/** The binaries of one of `toolPaths()`'s versions, looked up (and `--version` run) only when first read. */
class InstalledToolVersion implements ToolVersion {
  private label?: string;
  constructor(private readonly which: keyof ToolPaths) {}
  get promtool(): string {
    return paths()[this.which].promtool;
  }
  get amtool(): string {
    return paths()[this.which].amtool;
  }
  get name(): string {
    this.label ??= versionLabel(this.promtool);
    return this.label;
  }
}

/**
 * Every version of promtool and amtool the tests run: first Debian bookworm's (promtool 2.42,
 * amtool 0.25, on PATH), then the current LTS from Debian sid (promtool 3.5, amtool 0.33, unpacked in
 * the cache folder by test/util/ensure-tools.js). The helpers below use the first one unless told.
 */
export const TOOL_VERSIONS: readonly ToolVersion[] = [new InstalledToolVersion('bookworm'), new InstalledToolVersion('lts')];

/** Debian bookworm's promtool and amtool: what every helper runs when no `tool` is given. */
const BOOKWORM = TOOL_VERSIONS[0];

function run(command: string, args: string[], cwd?: string): ToolResult {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120000 });
  if (result.error) throw new Error(`${command} could not run: ${result.error.message} (the test setup installs it; see test/util/ensure-tools.js)`);
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`, stdout: result.stdout ?? '' };
}

/** A fresh temporary folder holding the given files. */
export function tempFiles(files: { [name: string]: string }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'o11y-test-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** `promtool check config --syntax-only` on a `prometheus.yml` (scrape jobs with their `relabel_configs`...). */
export function promtoolCheckConfig(config: string, tool: ToolVersion = BOOKWORM): ToolResult {
  return promtoolCheckConfigs([config], tool)[0];
}

/**
 * `promtoolCheckConfig` on many files in one promtool run (a corpus of configs that must each be checked
 * alone, since one error fails a whole file): the verdict of each, in order.
 */
export function promtoolCheckConfigs(configs: readonly string[], tool: ToolVersion = BOOKWORM): ToolResult[] {
  const names = configs.map((_, i) => `prometheus-${i}.yml`);
  const dir = tempFiles(Object.fromEntries(names.map((n, i) => [n, configs[i]])));
  const result = spawnSync(tool.promtool, ['check', 'config', '--syntax-only', ...names], { cwd: dir, encoding: 'utf8', timeout: 120000, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${tool.promtool} could not run: ${result.error.message}`);
  // stdout: `Checking <file>` then ` SUCCESS: ...` for each file; stderr: `  FAILED: ...` for each failed file, in order
  const sections = (result.stdout ?? '').split(/^Checking /m).slice(1);
  const failures = (result.stderr ?? '').split(/^(?=\s*FAILED:)/m).filter((f) => /FAILED:/.test(f));
  if (sections.length !== configs.length) throw new Error(`promtool check config printed ${sections.length} verdicts for ${configs.length} files: ${result.stdout}${result.stderr}`);
  let failed = 0;
  return sections.map((section) => {
    if (/SUCCESS/.test(section)) return { ok: true, output: section, stdout: section };
    const output = `${section}${failures[failed++] ?? ''}`;
    return { ok: false, output, stdout: section };
  });
}

/** `promtool check rules` on rule files (Prometheus rule-file YAML: `groups: [...]`). */
export function promtoolCheckRules(ruleFiles: { [name: string]: string }, tool: ToolVersion = BOOKWORM): ToolResult {
  const dir = tempFiles(ruleFiles);
  return run(tool.promtool, ['check', 'rules', ...Object.keys(ruleFiles)], dir);
}

/**
 * `promtool test rules` on a test file; `files` holds the test file itself and the rule files it names
 * in `rule_files`, by relative path.
 */
export function promtoolTestRules(testFile: string, files: { [name: string]: string }, tool: ToolVersion = BOOKWORM): ToolResult {
  const dir = tempFiles(files);
  return run(tool.promtool, ['test', 'rules', testFile], dir);
}

/** `amtool check-config` on an `alertmanager.yaml` (and template files beside it). */
export function amtoolCheckConfig(config: string, extraFiles: { [name: string]: string } = {}, tool: ToolVersion = BOOKWORM): ToolResult {
  const dir = tempFiles({ 'alertmanager.yaml': config, ...extraFiles });
  return run(tool.amtool, ['check-config', 'alertmanager.yaml'], dir);
}

/**
 * `amtoolCheckConfig` on many `alertmanager.yaml` files in one amtool run (each case its own file, since
 * one error fails a whole file): the verdict of each, in order.
 */
export function amtoolCheckConfigs(configs: readonly string[], tool: ToolVersion = BOOKWORM): ToolResult[] {
  const names = configs.map((_, i) => `alertmanager-${i}.yaml`);
  const dir = tempFiles(Object.fromEntries(names.map((n, i) => [n, configs[i]])));
  const result = spawnSync(tool.amtool, ['check-config', ...names], { cwd: dir, encoding: 'utf8', timeout: 120000, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${tool.amtool} could not run: ${result.error.message}`);
  // stdout: `Checking '<file>'  SUCCESS` (and a summary) or `Checking '<file>'  FAILED: <reason>` for each file
  const sections = (result.stdout ?? '').split(/^Checking /m).slice(1);
  if (sections.length !== configs.length) throw new Error(`amtool check-config printed ${sections.length} verdicts for ${configs.length} files: ${result.stdout}${result.stderr}`);
  return sections.map((section) => ({ ok: /^'[^']*'\s+SUCCESS/.test(section), output: section, stdout: section }));
}

/** `amtool config routes test`: the receivers an alert with these labels reaches, in amtool's order. */
export function amtoolRoutesTest(config: string, labels: { [name: string]: string }, tool: Pick<ToolVersion, 'amtool'> = BOOKWORM): string[] {
  const dir = tempFiles({ 'alertmanager.yaml': config });
  const args = ['config', 'routes', 'test', '--config.file=alertmanager.yaml', ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)];
  const result = run(tool.amtool, args, dir);
  if (!result.ok) throw new Error(`amtool config routes test failed: ${result.output}`);
  // amtool prints the receivers on stdout, comma-separated; warnings go to stderr.
  return result.stdout.trim().split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** `prometheus-blackbox-exporter --config.check` on a `blackbox.yml`. */
export function blackboxCheckConfig(config: string): ToolResult {
  const dir = tempFiles({ 'blackbox.yml': config });
  return run('prometheus-blackbox-exporter', ['--config.check', '--config.file=blackbox.yml'], dir);
}

/**
 * Whether Go's `time.ParseDuration` reads `text`, as Loki, the Grafana Operator and every Go program reads a
 * `time.Duration` field: asked of a real Go binary, the blackbox exporter, whose module `timeout` is a
 * `time.Duration` decoded from YAML by that function (`cannot unmarshal !!str \`1d\` into time.Duration`).
 */
export function goParsesDuration(text: string): ToolResult {
  return blackboxCheckConfig(`modules:\n  go_duration:\n    prober: tcp\n    timeout: ${JSON.stringify(text)}\n`);
}

/**
 * The folder holding the Alertmanager default notification templates (`default.tmpl`, `email.tmpl`) of
 * `tool`'s release. Debian does not compile them into amtool (upstream binaries, the ones the Prometheus
 * Operator runs, do); it ships them beside the binary in `../share/prometheus/alertmanager`.
 */
export function alertmanagerDefaultTemplatesDir(tool: Pick<ToolVersion, 'amtool'> = BOOKWORM): string {
  return path.resolve(path.dirname(tool.amtool), '..', 'share', 'prometheus', 'alertmanager');
}

function templateRenderArgs(text: string, templateFiles: { [name: string]: string }, tool: Pick<ToolVersion, 'amtool'>): { args: string[]; dir: string } {
  const dir = tempFiles({ 'empty.tmpl': '', ...templateFiles });
  const globs = [`${alertmanagerDefaultTemplatesDir(tool)}/*.tmpl`, path.join(dir, '*.tmpl')];
  return { args: ['template', 'render', ...globs.map((g) => `--template.glob=${g}`), `--template.text=${text}`], dir };
}

/**
 * `amtool template render` of `text` with amtool's built-in example data, the release's default
 * templates and the template files given (by content), as Alertmanager renders a receiver's field.
 */
export function amtoolTemplateRender(text: string, templateFiles: { [name: string]: string } = {}, tool: Pick<ToolVersion, 'amtool'> = BOOKWORM): ToolResult {
  const { args, dir } = templateRenderArgs(text, templateFiles, tool);
  return run(tool.amtool, args, dir);
}

/**
 * `amtoolTemplateRender` of many texts, a few amtool processes at a time (one per core): the verdicts,
 * in the order of `texts`.
 */
export async function amtoolTemplateRenderAll(texts: readonly string[], templateFiles: { [name: string]: string } = {}, tool: Pick<ToolVersion, 'amtool'> = BOOKWORM): Promise<ToolResult[]> {
  const results: ToolResult[] = new Array(texts.length);
  let next = 0;
  const worker = async () => {
    while (next < texts.length) {
      const i = next++;
      const { args, dir } = templateRenderArgs(texts[i], templateFiles, tool);
      results[i] = await new Promise<ToolResult>((resolve, reject) => {
        execFile(tool.amtool, args, { cwd: dir, encoding: 'utf8', timeout: 120000 }, (error, stdout, stderr) => {
          if (error && typeof error.code !== 'number') reject(new Error(`${tool.amtool} could not run: ${error.message} (the test setup installs it; see test/util/ensure-tools.js)`));
          else resolve({ ok: !error, output: `${stdout}${stderr}`, stdout });
        });
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(2, os.cpus().length) }, worker));
  return results;
}
