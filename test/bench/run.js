#!/usr/bin/env node
// `npm run bench`: the cost of synthesizing N services with the library against the js-yaml floor, and the
// cold `npm run synth` of the real applications. Writes test/bench/RESULTS.md and ends with
//   bench: ratio <x> at N=1000, synth <y> s
//
// Every measured run is a separate process (test/bench/child.js); library and floor runs alternate, and
// each figure is the median of the paired runs. The floor writes the same manifests as plain objects
// dumped with js-yaml: its input is the library's own output, read back once, and its output is checked
// to hold the same content.
//
// Environment: BENCH_N (default "1,10,100,1000"), BENCH_REPS (pairs per N, default 5, 3 at N >= 1000),
// BENCH_CDK8S_MAX (largest N also timed with cdk8s' own app.synth(), which runs every validation of the app once per chart: default 100; 0 disables),
// BENCH_APP_REPS (default 3), BENCH_WORK (a folder for the runs' output, default test/bench/.work), BENCH_PRELOAD (a module given to every library process with `node -r`, to
// measure a proposed fix in another module before it lands; results then go to RESULTS-what-if-<name>.md).
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { median } = require('./median');
const yaml = require('js-yaml');

const ROOT = path.resolve(__dirname, '..', '..');
// BENCH_WORK moves the runs' output (e.g. to a tmpfs, where the disk's own noise stays out of the CPU times);
// the bench writes to a folder of its own inside it, and removes only that one
const WORK = process.env.BENCH_WORK ? path.join(path.resolve(process.env.BENCH_WORK), 'cdk8s-observability-bench') : path.join(__dirname, '.work');
const CHILD = path.join(__dirname, 'child.js');
const SIZES = (process.env.BENCH_N ?? '1,10,100,1000').split(',').map(Number);
const CDK8S_MAX = Number(process.env.BENCH_CDK8S_MAX ?? 100);
const APP_REPS = Number(process.env.BENCH_APP_REPS ?? 3);
const reps = (n) => Number(process.env.BENCH_REPS ?? (n >= 1000 ? 3 : 5));

const started = Date.now();
const loadBefore = os.loadavg();
fs.rmSync(WORK, { recursive: true, force: true });
fs.mkdirSync(WORK, { recursive: true });

const PRELOAD = process.env.BENCH_PRELOAD ? path.resolve(process.env.BENCH_PRELOAD) : undefined;

function child(args, env = {}) {
  const t0 = process.hrtime.bigint();
  const preload = PRELOAD && args[0] !== 'floor' ? ['-r', PRELOAD] : [];
  const r = spawnSync(process.execPath, [...preload, CHILD, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) {
    const reason = (r.stderr.split('\n').find((l) => /Error|error:|abort/.test(l)) ?? r.stderr.split('\n')[0] ?? '').trim();
    throw Object.assign(new Error(`bench child ${args.join(' ')} failed (${r.status}):\n${r.stderr}`), { reason });
  }
  return { ...JSON.parse(r.stdout.trim().split('\n').pop()), wallMs };
}

/** Wall and CPU time (user + system of the whole process tree, from /usr/bin/time) of a command. */
function timed(cmd, args, env = {}) {
  const out = path.join(WORK, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S', '-o', out, cmd, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const [wall, user, system] = fs.readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { wallMs: wall * 1000, cpuMs: (user + system) * 1000 };
}

const sec = (ms) => (ms / 1000).toFixed(ms < 10000 ? 3 : 2);
const mib = (kib) => (kib / 1024).toFixed(0);
const log = (msg) => process.stderr.write(`${msg}\n`);

/** Reads every YAML file of a folder as documents, by file name. */
function readDocs(dir) {
  return fs.readdirSync(dir).sort().map((name) => ({ name, docs: yaml.loadAll(fs.readFileSync(path.join(dir, name), 'utf8')) }));
}

// Warm the transpile cache so that no measured run pays for compiling TypeScript.
child(['library', '1', path.join(WORK, 'warmup')]);

const rows = [];
for (const n of SIZES) {
  const lib = [];
  const floor = [];
  const core = [];
  let floorInput;
  let failure;
  for (let rep = 0; rep < reps(n) && !failure; rep++) {
    const libDir = path.join(WORK, `lib-${n}-${rep}`);
    try {
      lib.push(child(['library', String(n), libDir]));
    } catch (e) {
      failure = e.reason || e.message;
      log(`N=${n}: the library failed: ${failure}`);
      break;
    }
    if (rep === 0) {
      const docs = readDocs(libDir);
      floorInput = path.join(WORK, `floor-input-${n}.json`);
      fs.writeFileSync(floorInput, JSON.stringify(docs));
    }
    const floorDir = path.join(WORK, `floor-${n}-${rep}`);
    floor.push(child(['floor', floorInput, floorDir]));
    if (rep === 0) {
      // same files, same objects
      const expected = JSON.stringify(readDocs(libDir));
      const actual = JSON.stringify(readDocs(floorDir));
      if (expected !== actual) throw new Error(`floor output differs from the library output at N=${n}`);
    }
    const coreDir = path.join(WORK, `core-${n}-${rep}`);
    core.push(child(['core', floorInput, coreDir]));
    if (rep === 0) {
      // plain ApiObjects through the same synthesizer: the same bytes
      const differs = fs.readdirSync(libDir).find((f) => fs.readFileSync(path.join(libDir, f), 'utf8') !== fs.readFileSync(path.join(coreDir, f), 'utf8'));
      if (differs) throw new Error(`cdk8s core output differs from the library output at N=${n}: ${differs}`);
    }
    fs.rmSync(libDir, { recursive: true, force: true });
    fs.rmSync(floorDir, { recursive: true, force: true });
    fs.rmSync(coreDir, { recursive: true, force: true });
  }
  if (failure) {
    rows.push({ n, failure });
    continue;
  }
  let cdk8s;
  if (n <= CDK8S_MAX) {
    const dir = path.join(WORK, `cdk8s-${n}`);
    cdk8s = child(['library', String(n), dir, 'cdk8s']);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const m = (runs, key) => median(runs.map((r) => r[key]));
  const row = {
    n,
    pairs: lib.length,
    libWall: m(lib, 'totalMs'),
    floorWall: m(floor, 'totalMs'),
    libCpu: m(lib, 'cpuMs'),
    floorCpu: m(floor, 'cpuMs'),
    // each library run and the floor run right after it see the same machine: their ratio cancels the
    // slow and fast phases of a shared machine better than a ratio of medians
    ratio: median(lib.map((r, i) => r.cpuMs / floor[i].cpuMs)),
    construct: m(lib, 'constructMs'),
    synth: m(lib, 'synthMs'),
    writeMs: m(lib, 'writeMs'),
    libRss: Math.max(...lib.map((r) => r.maxRssKiB)),
    floorRss: Math.max(...floor.map((r) => r.maxRssKiB)),
    bytes: lib[0].bytes,
    coreCpu: m(core, 'cpuMs'),
    coreRatio: median(core.map((r, i) => r.cpuMs / floor[i].cpuMs)),
    // CPU by thread (undefined without /proc)
    libMain: m(lib, 'mainCpuMs'),
    libHelpers: m(lib, 'helperCpuMs'),
    floorMain: m(floor, 'mainCpuMs'),
    floorHelpers: m(floor, 'helperCpuMs'),
    cdk8sCpu: cdk8s?.cpuMs,
    cdk8sWall: cdk8s?.totalMs,
  };
  rows.push(row);
  log(`N=${n}: library ${sec(row.libCpu)} s CPU (${sec(row.libWall)} s wall), floor ${sec(row.floorCpu)} s CPU, ratio ${row.ratio.toFixed(2)}`);
}

// Where the time goes: one profiled library run at the largest size that worked (profiling slows it down,
// so only the shares are used, applied to the median CPU time).
let profileRows;
let profiled;
if (process.env.BENCH_PROFILE !== '0') {
  profiled = [...rows].reverse().find((r) => !r.failure);
  if (profiled) {
    const dir = path.join(WORK, 'profile');
    const profArgs = ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...(PRELOAD ? ['-r', PRELOAD] : []), CHILD, 'library', String(profiled.n), path.join(WORK, 'profiled')];
    const r = spawnSync(process.execPath, profArgs, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status === 0) {
      const { breakdown } = require('./breakdown');
      profileRows = breakdown(path.join(dir, fs.readdirSync(dir)[0])).rows;
    }
  }
}

// The real applications: in-process phases, then the real `npm run synth` command as a user runs it.
const apps = [];
const appsCdk8s = [];
const npmSynth = [];
const overhead = [];
const viaCli = [];
let appsError;
let firstRun;
let appFiles = [];
let sameAsSynthesizer = false;
try {
  for (let rep = 0; rep < APP_REPS; rep++) {
    apps.push(child(['apps', path.join(WORK, `apps-${rep}`)]));
    appsCdk8s.push(child(['apps', path.join(WORK, `apps-cdk8s-${rep}`), 'cdk8s']));
    npmSynth.push(timed('npm', ['run', '--silent', 'synth', '--', '--output', path.join(WORK, `npm-synth-${rep}`)]));
    // npm's own start-up (a built-in script that prints the environment), and the same synth through the cdk8s CLI
    overhead.push(timed('npm', ['run', '--silent', 'env']));
    viaCli.push(timed(path.join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade', '--output', path.join(WORK, `cli-synth-${rep}`)]));
  }
  const emptyCache = fs.mkdtempSync(path.join(WORK, 'ts-cache-'));
  firstRun = child(['apps', path.join(WORK, 'apps-first')], { CDK8S_OBSERVABILITY_TS_CACHE: emptyCache, CDK8S_OBSERVABILITY_NO_CODE_CACHE: '1' });
  appFiles = fs.readdirSync(path.join(WORK, 'npm-synth-0'), { recursive: true }).map(String).filter((f) => f.endsWith('.yaml'));
  sameAsSynthesizer = appFiles.every((f) => fs.readFileSync(path.join(WORK, 'npm-synth-0', f), 'utf8') === fs.readFileSync(path.join(WORK, 'apps-0', f), 'utf8'));
} catch (e) {
  appsError = String(e.message ?? e).split('\n').slice(0, 6).join(' ');
  log(`apps: ${appsError}`);
}

const am = (runs, key) => median(runs.map((r) => r[key]));
const synthWall = npmSynth.length ? median(npmSynth.map((r) => r.wallMs)) : NaN;
const synthCpu = npmSynth.length ? median(npmSynth.map((r) => r.cpuMs)) : NaN;
const at = (n) => rows.find((r) => r.n === n && !r.failure);
const big = rows.find((r) => r.n === 1000) ?? rows[rows.length - 1];

// Report
const cpu = os.cpus();
const date = execFileSync('date', ['-u'], { encoding: 'utf8' }).trim();
const lines = [];
lines.push('# Benchmark results', '');
lines.push(`Generated by \`npm run bench\` (test/bench/run.js) on ${date}.`, '');
if (PRELOAD) lines.push(`**What-if run**: every library process preloads ${path.relative(ROOT, PRELOAD)} (a proposed fix in another module, not the library as committed).`, '');
lines.push(`Output written to ${process.env.BENCH_WORK ? WORK : 'test/bench/.work'} (${process.env.BENCH_WORK ? 'BENCH_WORK' : 'the disk of the checkout'}).`, '');
lines.push(`Machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node.js ${process.version}.`);
lines.push(`Load average (1 min) before / after: ${loadBefore[0].toFixed(2)} / ${os.loadavg()[0].toFixed(2)} — the machine is shared, so wall times carry other jobs' load; the ratio uses CPU time (user + system of the measuring process, including V8's compiler and GC helper threads: see the table by thread).`, '');
lines.push('## Library against the js-yaml floor', '');
lines.push('Each service (test/bench/workload.ts, one chart per service): a ServiceMonitor; a PrometheusRule with 18 hand-written alerts, 6 recording rules and an availability SLO (its recording rules and page/ticket alerts); an AlertmanagerConfig (3 receivers, 2 routes, an inhibit rule); a 12-panel dashboard ConfigMap; Loki rules (3 alerts, 1 recording rule); its log pipeline in the platform chart\'s Alloy agent and a health probe on the platform\'s blackbox exporter. Every expression is parsed and every validation runs. Library = construct + validate + synthesize with `MonitoringApp.synth()` (lib/core/synthesizer.ts), one file per chart; floor = the same objects, read back from the library\'s output and already in memory, dumped with js-yaml and written (content checked identical). Medians of paired runs; the ratio is the median, over the pairs, of library CPU time / floor CPU time.', '');
lines.push('| N | pairs | library s (CPU) | floor s (CPU) | ratio | library s (wall) | floor s (wall) | construct s | synth s | ms per service | peak RSS MiB (library / floor) | KB per service | cdk8s `app.synth()` s (CPU, 1 run) |');
lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  if (r.failure) {
    lines.push(`| ${r.n} | — | failed: ${r.failure.replace(/\|/g, '/').slice(0, 300)} |||||||||||`);
    continue;
  }
  lines.push(`| ${r.n} | ${r.pairs} | ${sec(r.libCpu)} | ${sec(r.floorCpu)} | ${r.ratio.toFixed(2)} | ${sec(r.libWall)} | ${sec(r.floorWall)} | ${sec(r.construct)} | ${sec(r.synth)} | ${(r.libCpu / r.n).toFixed(2)} | ${mib(r.libRss)} / ${mib(r.floorRss)} | ${(r.bytes / r.n / 1000).toFixed(1)} | ${r.cdk8sCpu === undefined ? '—' : sec(r.cdk8sCpu)} |`);
}
lines.push('');
if (rows.some((r) => !r.failure && Number.isFinite(r.libMain))) {
  lines.push('The same runs by thread (from /proc: the main thread, and every other thread of the process, which are V8\'s optimizing compiler and GC helpers), with **cdk8s core** as a second reference: the same manifests as plain cdk8s `ApiObject`s (one chart per file), built and written by `MonitoringApp.synth()` (output checked byte-identical to the library\'s), what any cdk8s-based library pays at least. The library\'s cost beyond cdk8s core is its own: typed constructs, parsing, validation and rendering, and the JIT compilation and garbage collection they bring.', '');
  lines.push('| N | library main s | library other threads s | floor main s | floor other threads s | cdk8s core s (CPU) | core / floor | library beyond core, ms per service |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    if (r.failure) continue;
    lines.push(`| ${r.n} | ${sec(r.libMain)} | ${sec(r.libHelpers)} | ${sec(r.floorMain)} | ${sec(r.floorHelpers)} | ${sec(r.coreCpu)} | ${r.coreRatio.toFixed(2)} | ${((r.libCpu - r.coreCpu) / r.n).toFixed(2)} |`);
  }
  lines.push('');
}
if (profileRows) {
  lines.push(`Where the library's time goes at N=${profiled.n}: shares of the main thread's samples in one \`node --cpu-prof\` run, applied to the median run's main-thread time (construct + synth, wall). The profiler samples the main thread whether it computes or waits, so these are wall times (a write that waits on the disk counts); the other threads are not in the profile and come last, as CPU time. A row is every sample under its function, so V8 work done inside a call, such as a collection its allocation triggers, counts in that row; rows indented under another are part of it; parsing, serialization and GC cut across rows.`, '');
  lines.push('| part | ms per service | share of the main thread |', '|---|---:|---:|');
  for (const p of profileRows) lines.push(`| ${p.label.replace(/^ +/, '&nbsp;&nbsp;')} | ${((p.share * profiled.libWall) / profiled.n).toFixed(2)} | ${(p.share * 100).toFixed(1)} % |`);
  lines.push(`| writing the files, timed directly around each \`fs.writeFileSync\` (wall, median run) | ${(profiled.writeMs / profiled.n).toFixed(2)} | |`);
  if (Number.isFinite(profiled.libHelpers)) lines.push(`| other threads: V8's optimizing compiler and GC helpers (CPU, median run) | ${(profiled.libHelpers / profiled.n).toFixed(2)} | |`);
  lines.push(`| floor (js-yaml dump and write, CPU), for comparison | ${(profiled.floorCpu / profiled.n).toFixed(2)} | |`, '');
}
if (at(100) && at(1000)) lines.push(`Growth: library time(1000) / time(100) = ${(at(1000).libCpu / at(100).libCpu).toFixed(2)} (CPU), ${(at(1000).libWall / at(100).libWall).toFixed(2)} (wall).`, '');
lines.push('## Cold `npm run synth` of the real applications', '');
if (appsError) {
  lines.push(`Not measured: the applications did not synthesize (${appsError}).`, '');
} else {
  lines.push(`${appFiles.length} files (apps/synth-all.ts, every environment). Medians of ${APP_REPS} runs, each a new process; the transpile and V8 code caches (node_modules/.cache/cdk8s-observability) are warm except in the first-run row.`, '');
  lines.push('| what | wall s | CPU s |', '|---|---:|---:|');
  lines.push(`| \`npm run synth\` (\`${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.synth}\`) | ${sec(synthWall)} | ${sec(synthCpu)} |`);
  lines.push(`| of which npm's start-up (\`npm run env\`) | ${sec(median(overhead.map((r) => r.wallMs)))} | ${sec(median(overhead.map((r) => r.cpuMs)))} |`);
  lines.push(`| the same synth through the cdk8s CLI (\`cdk8s synth --no-check-upgrade\`, cdk8s.yaml's app) | ${sec(median(viaCli.map((r) => r.wallMs)))} | ${sec(median(viaCli.map((r) => r.cpuMs)))} |`);
  lines.push(`| app process: start-up (Node.js, loading the TypeScript modules) | ${sec(am(apps, 'loadMs'))} | ${sec(am(apps, 'loadCpuMs'))} |`);
  lines.push(`| app process: construct (apps/synth-all.ts \`buildAll\`) | ${sec(am(apps, 'constructMs'))} | — |`);
  lines.push(`| app process: synth with \`MonitoringApp.synth()\` | ${sec(am(apps, 'synthMs'))} | — |`);
  lines.push(`| app process: synth with cdk8s \`app.synth()\` instead | ${sec(am(appsCdk8s, 'synthMs'))} | — |`);
  lines.push(`| app process: construct + synth (\`MonitoringApp.synth()\`) | ${sec(am(apps, 'totalMs'))} | ${sec(am(apps, 'cpuMs'))} |`);
  lines.push(`| first run after \`npm ci\` (empty caches): start-up | ${sec(firstRun.loadMs)} | ${sec(firstRun.loadCpuMs)} |`);
  lines.push('');
  lines.push(`\`npm run synth\` output identical to \`MonitoringApp.synth()\` output: ${sameAsSynthesizer ? 'yes' : 'no'}.`, '');
}
lines.push('## Targets (issue 10)', '');
const mark = (ok) => (ok === undefined ? 'not measured' : ok ? 'met' : 'missed');
const r100 = at(100);
const r1000 = at(1000);
lines.push('| target | measured | |', '|---|---|---|');
lines.push(`| library / floor <= 2.0 at N=100 | ${r100 ? r100.ratio.toFixed(2) : '—'} | ${mark(r100 && r100.ratio <= 2)} |`);
lines.push(`| library / floor <= 2.0 at N=1000 | ${r1000 ? r1000.ratio.toFixed(2) : '—'} | ${mark(r1000 && r1000.ratio <= 2)} |`);
lines.push(`| time(1000) / time(100) <= 11 | ${r100 && r1000 ? (r1000.libCpu / r100.libCpu).toFixed(2) : '—'} | ${mark(r100 && r1000 ? r1000.libCpu / r100.libCpu <= 11 : undefined)} |`);
lines.push(`| peak RSS at N=1000 < 512 MiB | ${r1000 ? `${mib(r1000.libRss)} MiB` : '—'} | ${mark(r1000 && r1000.libRss < 512 * 1024)} |`);
lines.push(`| cold \`npm run synth\` < 2 s (wall) | ${appsError ? 'failed' : `${sec(synthWall)} s`} | ${mark(appsError ? false : synthWall < 2000)} |`);
lines.push('');
lines.push(`Total benchmark time: ${((Date.now() - started) / 1000).toFixed(0)} s.`, '');
const ratioText = big.failure ? 'failed' : big.ratio.toFixed(2);
const summary = `bench: ratio ${ratioText} at N=${big.n}, synth ${appsError ? 'failed' : sec(synthWall)} s`;
lines.push('```', summary, '```', '');
// a what-if run never replaces the results of the library as committed
const resultsFile = path.join(__dirname, PRELOAD ? `RESULTS-what-if-${path.basename(PRELOAD, '.js')}.md` : 'RESULTS.md');
fs.writeFileSync(resultsFile, lines.join('\n'));
fs.rmSync(WORK, { recursive: true, force: true });
process.stdout.write(lines.filter((l) => l.startsWith('|') || l.startsWith('Growth')).join('\n') + '\n');
process.stdout.write(summary + '\n');
