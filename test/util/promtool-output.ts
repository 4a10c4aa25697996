import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { tempFiles } from './tools';

/** A label set as promtool prints it. */
export type LabelSet = { [name: string]: string };

/** One alert test case for promtool: its input series, evaluated at one time, expecting nothing. */
export interface AlertProbe {
  /** The test's name (unique; no comma). */
  readonly name: string;
  /** The alert to read. */
  readonly alertname: string;
  /** promtool `input_series`. */
  readonly inputSeries: Array<{ series: string; values: string }>;
  /** promtool `interval`, e.g. `1m`. */
  readonly interval: string;
  /** promtool `eval_time`s, e.g. `5m`: the labels of the alerts firing at any of them are returned. */
  readonly evalTimes: string[];
}

/**
 * Runs `promtool test rules` on rule files with tests that expect no alert, so that promtool prints the
 * alerts that really fire, and returns their label sets by test name (an empty list where none fired).
 * This is how the tests read the labels Prometheus gives an alert, instead of assuming them.
 */
export async function firingAlertLabels(promtool: string, ruleFiles: { [name: string]: string }, probes: AlertProbe[], evaluationInterval = '30s'): Promise<Map<string, LabelSet[]>> {
  const dir = tempFiles(ruleFiles);
  const test = {
    rule_files: Object.keys(ruleFiles),
    evaluation_interval: evaluationInterval,
    tests: probes.map((p) => ({
      name: p.name,
      interval: p.interval,
      input_series: p.inputSeries,
      alert_rule_test: p.evalTimes.map((t) => ({ eval_time: t, alertname: p.alertname, exp_alerts: [] })),
    })),
  };
  fs.writeFileSync(path.join(dir, 'probe.test.yaml'), yaml.dump(test, { lineWidth: -1 }));
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(promtool, ['test', 'rules', 'probe.test.yaml'], { cwd: dir });
    let text = '';
    child.stdout.on('data', (d) => { text += d; });
    child.stderr.on('data', (d) => { text += d; });
    child.on('error', (e) => reject(new Error(`${promtool} could not run: ${e.message}`)));
    child.on('close', () => resolve(text));
  });
  fs.rmSync(dir, { recursive: true, force: true });
  if (/parse error|could not|error loading|FAILED:\s*\n\s*\S+\.yaml/i.test(output) && !/got:\[/.test(output)) {
    throw new Error(`promtool could not evaluate the probes:\n${output.slice(0, 4000)}`);
  }
  const fired = parseAlertFailures(output);
  const out = new Map<string, LabelSet[]>();
  for (const p of probes) out.set(p.name, fired.get(p.name) ?? []);
  return out;
}

/** The firing alerts promtool prints for failed alert tests (`got:[ ... Labels:{...} ... ]`), by test name. */
export function parseAlertFailures(output: string): Map<string, LabelSet[]> {
  const out = new Map<string, LabelSet[]>();
  let test: string | undefined;
  let inGot = false;
  for (const line of output.split('\n')) {
    const name = /^\s*name: (.*),\s*$/.exec(line);
    if (name) {
      test = name[1];
      continue;
    }
    if (/^\s*got:\[/.test(line)) {
      inGot = true;
      if (test !== undefined && !out.has(test)) out.set(test, []);
      continue;
    }
    if (/^\s*alertname: /.test(line)) continue;
    if (inGot && /^\s*\]\s*$/.test(line)) {
      inGot = false;
      continue;
    }
    const labels = /^\s*Labels:(\{.*\})\s*$/.exec(line);
    if (inGot && labels && test !== undefined) out.get(test)!.push(parseLabelSet(labels[1]));
  }
  return out;
}

/** Parses `{a="1", "b.c"="2"}` as Prometheus prints a label set (Go-quoted strings). */
export function parseLabelSet(text: string): LabelSet {
  const out: LabelSet = {};
  let i = 1;
  const quoted = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i));
  };
  while (i < text.length && text[i] !== '}') {
    while (text[i] === ' ' || text[i] === ',') i++;
    if (text[i] === '}') break;
    let name: string;
    if (text[i] === '"') name = quoted();
    else {
      const start = i;
      while (text[i] !== '=') i++;
      name = text.slice(start, i);
    }
    i++; // '='
    out[name] = quoted();
  }
  return out;
}
