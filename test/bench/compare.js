#!/usr/bin/env node
// `npm run bench:compare -- <rev> [N] [pairs]`: the library at another commit against the working tree,
// on the benchmark workload of N services (default 300), in alternating runs (default 9 pairs), each a
// separate process (test/bench/child.js of each tree). On a shared machine one run says little about a
// change of 10 %; pairs run back to back see the same load, so the median of their ratios does.
//
// The other commit is checked out in a temporary git worktree that uses this checkout's node_modules.
// Both write into BENCH_WORK (default: the operating system's temporary folder), and the output of the
// first pair is compared: a change meant to be faster must not change a byte.
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { median } = require('./median');

const ROOT = path.resolve(__dirname, '..', '..');
const [rev, nArg, pairsArg] = process.argv.slice(2);
if (!rev) {
  console.error('usage: npm run bench:compare -- <rev> [N] [pairs]');
  process.exit(2);
}
const N = Number(nArg ?? 300);
const PAIRS = Number(pairsArg ?? 9);
const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
const commit = git('rev-parse', '--verify', `${rev}^{commit}`);
const work = fs.mkdtempSync(path.join(process.env.BENCH_WORK ? path.resolve(process.env.BENCH_WORK) : os.tmpdir(), 'bench-compare-'));
const baseTree = path.join(work, 'base');

function run(tree, out) {
  const r = spawnSync(process.execPath, [path.join(tree, 'test', 'bench', 'child.js'), 'library', String(N), out], { cwd: tree, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${tree === ROOT ? 'working tree' : rev}: the run failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** Whether two output folders hold the same files with the same bytes. */
function sameOutput(a, b) {
  const files = fs.readdirSync(a).sort();
  if (files.join('\n') !== fs.readdirSync(b).sort().join('\n')) return false;
  return files.every((f) => fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))));
}

try {
  git('worktree', 'add', '--detach', baseTree, commit);
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(baseTree, 'node_modules'), 'dir');
  // warm both transpile caches: no measured run compiles TypeScript
  run(baseTree, path.join(work, 'warm-base'));
  run(ROOT, path.join(work, 'warm-head'));
  const base = [];
  const head = [];
  let identical;
  for (let i = 0; i < PAIRS; i++) {
    const baseOut = path.join(work, `base-${i}`);
    const headOut = path.join(work, `head-${i}`);
    // alternate which goes first, so neither always runs on the warmer page cache
    if (i % 2 === 0) {
      base.push(run(baseTree, baseOut));
      head.push(run(ROOT, headOut));
    } else {
      head.push(run(ROOT, headOut));
      base.push(run(baseTree, baseOut));
    }
    if (i === 0) identical = sameOutput(baseOut, headOut);
    fs.rmSync(baseOut, { recursive: true, force: true });
    fs.rmSync(headOut, { recursive: true, force: true });
    process.stderr.write(`pair ${i + 1}/${PAIRS}: ${rev} ${base[i].cpuMs.toFixed(0)} ms, working tree ${head[i].cpuMs.toFixed(0)} ms CPU\n`);
  }
  const rows = [
    ['CPU (all threads)', 'cpuMs'],
    ['CPU, main thread', 'mainCpuMs'],
    ['CPU, other threads', 'helperCpuMs'],
    ['wall (construct + synth)', 'totalMs'],
    ['construct (wall)', 'constructMs'],
    ['synth (wall)', 'synthMs'],
    ['peak RSS (MiB)', 'maxRssKiB'],
  ];
  console.log(`N=${N}, ${PAIRS} pairs, ${rev} (${commit.slice(0, 7)}) against the working tree; medians:`);
  console.log(`${'what'.padEnd(26)}${rev.slice(0, 14).padStart(16)}${'working tree'.padStart(16)}${'change'.padStart(10)}`);
  for (const [label, key] of rows) {
    if (!Number.isFinite(base[0][key])) continue;
    const scale = key === 'maxRssKiB' ? 1 / 1024 : 1;
    const b = median(base.map((r) => r[key])) * scale;
    const h = median(head.map((r) => r[key])) * scale;
    // the change is the median of the paired ratios: each pair saw the same machine
    const change = median(head.map((r, i) => r[key] / base[i][key])) - 1;
    console.log(`${label.padEnd(26)}${b.toFixed(0).padStart(16)}${h.toFixed(0).padStart(16)}${`${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)} %`.padStart(10)}`);
  }
  console.log(`output identical: ${identical ? 'yes' : 'NO'}`);
  if (!identical) process.exitCode = 1;
} finally {
  spawnSync('git', ['worktree', 'remove', '--force', baseTree], { cwd: ROOT });
  fs.rmSync(work, { recursive: true, force: true });
}
