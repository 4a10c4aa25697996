#!/usr/bin/env node
// One measured run of the benchmark, in its own process (started by test/bench/run.js):
//   node child.js library <N> <outdir> [fast|cdk8s]   the workload of N services, synthesized by the library
//   node child.js floor <input.json> <outdir>          the same manifests as plain objects, dumped with js-yaml
//   node child.js core <input.json> <outdir>           the same manifests as plain cdk8s ApiObjects (one chart
//                                                      per file), written by MonitoringApp.synth(): what any
//                                                      cdk8s-based library pays at least
//   node child.js apps <outdir> [fast|cdk8s]           the real applications (apps/synth-all.ts)
// Prints one JSON line: phase times (ms), CPU time, peak RSS, files and bytes written.
'use strict';
const fs = require('fs');
const path = require('path');
const { performance } = require('perf_hooks');

const ROOT = path.resolve(__dirname, '..', '..');
const [mode, arg, outdirArg, synthesizerArg] = process.argv.slice(2);
// `apps` takes no N: its output folder comes first
const outdir = mode === 'apps' ? arg : outdirArg;
const synthesizer = (mode === 'apps' ? outdirArg : synthesizerArg) ?? 'fast';

function written(dir) {
  let files = 0;
  let bytes = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else {
        files++;
        bytes += fs.statSync(full).size;
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return { files, bytes };
}

function report(marks, dir) {
  const usage = process.resourceUsage();
  const threads = threadCpuMs();
  const split = threads && THREADS_AT_START ? { mainCpuMs: threads.main - THREADS_AT_START.main, helperCpuMs: threads.helpers - THREADS_AT_START.helpers } : {};
  process.stdout.write(JSON.stringify({ ...marks, ...split, loadCpuMs: LOAD_CPU, maxRssKiB: usage.maxRSS, ...written(dir) }) + '\n');
}

/**
 * CPU time (ms) of the main thread and of all other threads (V8's compiler and GC helpers, libuv's pool),
 * read from /proc; undefined where there is no /proc. Clock ticks are 10 ms (Linux' USER_HZ).
 */
function threadCpuMs() {
  try {
    let main = 0;
    let helpers = 0;
    for (const tid of fs.readdirSync('/proc/self/task')) {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // fields after the command name (which may hold spaces): utime and stime are the 12th and 13th
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(fields[11]) + Number(fields[12])) * 10;
      if (Number(tid) === process.pid) main += ms;
      else helpers += ms;
    }
    return { main, helpers };
  } catch {
    return undefined;
  }
}

let LOAD_CPU = 0;
let THREADS_AT_START;
function loadedNow() {
  LOAD_CPU = cpuMs();
  THREADS_AT_START = threadCpuMs();
  return performance.now();
}

function cpuMs(since) {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

/** The app of a run: a MonitoringApp (the library's synthesis), or cdk8s' own App for `cdk8s`. */
function newApp(props) {
  if (synthesizer === 'cdk8s') {
    const { App } = require('cdk8s');
    return new App(props);
  }
  const { MonitoringApp } = require(path.join(ROOT, 'lib', 'core', 'monitoring-app.ts'));
  return new MonitoringApp(props);
}

function synthesize(apps) {
  for (const app of apps) app.synth();
}

/** Wall time spent inside fs.writeFileSync (the profile's sampling attributes other V8 work to it). */
let writeNs = 0n;
function timeWrites() {
  const write = fs.writeFileSync;
  fs.writeFileSync = function timedWriteFileSync(...args) {
    const t0 = process.hrtime.bigint();
    try {
      return write.apply(this, args);
    } finally {
      writeNs += process.hrtime.bigint() - t0;
    }
  };
}

/**
 * The measured part of a run: `build` constructs the apps, which are then synthesized; CPU and wall time
 * from here on (the modules are loaded before). Prints the report.
 */
function measure(build, dir, marks = () => ({})) {
  if (synthesizer !== 'cdk8s') require(path.join(ROOT, 'lib', 'core', 'monitoring-app.ts'));
  const loaded = loadedNow();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const apps = build();
  const t1 = performance.now();
  synthesize(apps);
  const t2 = performance.now();
  report({ loadMs: loaded, constructMs: t1 - t0, synthMs: t2 - t1, ...marks(), totalMs: t2 - t0, cpuMs: cpuMs(cpu0) }, dir);
}

if (mode === 'library') {
  timeWrites();
  require(path.join(ROOT, 'scripts', 'run-app.js')).register();
  const { buildWorkload } = require(path.join(__dirname, 'workload.ts'));
  measure(() => {
    const app = newApp({ outdir });
    buildWorkload(app, Number(arg));
    return [app];
  }, outdir, () => ({ writeMs: Number(writeNs) / 1e6 }));
} else if (mode === 'floor') {
  const yaml = require('js-yaml');
  const input = JSON.parse(fs.readFileSync(arg, 'utf8'));
  const loaded = loadedNow();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  fs.mkdirSync(outdir, { recursive: true });
  for (const file of input) {
    const text = file.docs.map((doc) => yaml.dump(doc, { noRefs: true, lineWidth: -1 })).join('---\n');
    fs.writeFileSync(path.join(outdir, file.name), text);
  }
  const t1 = performance.now();
  report({ loadMs: loaded, constructMs: 0, synthMs: t1 - t0, totalMs: t1 - t0, cpuMs: cpuMs(cpu0) }, outdir);
} else if (mode === 'core') {
  require(path.join(ROOT, 'scripts', 'run-app.js')).register();
  const { ApiObject, Chart } = require('cdk8s');
  const input = JSON.parse(fs.readFileSync(arg, 'utf8'));
  measure(() => {
    const app = newApp({ outdir });
    for (const file of input) {
      const chart = new Chart(app, file.name.slice(0, -app.outputFileExtension.length));
      file.docs.forEach((doc, i) => new ApiObject(chart, `object-${i}`, doc));
    }
    return [app];
  }, outdir);
} else if (mode === 'apps') {
  require(path.join(ROOT, 'scripts', 'run-app.js')).register();
  const synthAll = require(path.join(ROOT, 'apps', 'synth-all.ts'));
  measure(() => synthAll.buildAllWith(arg, newApp), arg);
} else {
  console.error(`usage: child.js library|floor|core|apps ...; got ${mode}`);
  process.exit(2);
}
