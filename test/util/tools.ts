import { spawnSync } from 'child_process';
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

/** `promtool check rules` on rule files (Prometheus rule-file YAML: `groups: [...]`). */
export function promtoolCheckRules(ruleFiles: { [name: string]: string }): ToolResult {
  const dir = tempFiles(ruleFiles);
  return run('promtool', ['check', 'rules', ...Object.keys(ruleFiles)], dir);
}

/**
 * `promtool test rules` on a test file; `files` holds the test file itself and the rule files it names
 * in `rule_files`, by relative path.
 */
export function promtoolTestRules(testFile: string, files: { [name: string]: string }): ToolResult {
  const dir = tempFiles(files);
  return run('promtool', ['test', 'rules', testFile], dir);
}

/** `amtool check-config` on an `alertmanager.yaml` (and template files beside it). */
export function amtoolCheckConfig(config: string, extraFiles: { [name: string]: string } = {}): ToolResult {
  const dir = tempFiles({ 'alertmanager.yaml': config, ...extraFiles });
  return run('amtool', ['check-config', 'alertmanager.yaml'], dir);
}

/** `amtool config routes test`: the receivers an alert with these labels reaches, in amtool's order. */
export function amtoolRoutesTest(config: string, labels: { [name: string]: string }): string[] {
  const dir = tempFiles({ 'alertmanager.yaml': config });
  const args = ['config', 'routes', 'test', '--config.file=alertmanager.yaml', ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)];
  const result = run('amtool', args, dir);
  if (!result.ok) throw new Error(`amtool config routes test failed: ${result.output}`);
  // amtool prints the receivers on stdout, comma-separated; warnings go to stderr.
  return result.stdout.trim().split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** `prometheus-blackbox-exporter --config.check` on a `blackbox.yml`. */
export function blackboxCheckConfig(config: string): ToolResult {
  const dir = tempFiles({ 'blackbox.yml': config });
  return run('prometheus-blackbox-exporter', ['--config.check', '--config.file=blackbox.yml'], dir);
}
