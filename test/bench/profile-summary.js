#!/usr/bin/env node
// Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by file, and
// inclusive time of the heaviest functions. Usage: node test/bench/profile-summary.js <file.cpuprofile> [top]
'use strict';
const fs = require('fs');
const file = process.argv[2];
const top = Number(process.argv[3] ?? 25);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '')}:${n.callFrame.lineNumber + 1}`;
const byFn = new Map();
const byFile = new Map();
const incl = new Map();
let total = 0;
for (const [id, t] of self) {
  total += t;
  const n = nodes.get(id);
  byFn.set(label(n), (byFn.get(label(n)) ?? 0) + t);
  const f = n.callFrame.url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '') || n.callFrame.functionName;
  byFile.set(f, (byFile.get(f) ?? 0) + t);
  // inclusive: add to every distinct ancestor label once
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(nodes.get(cur));
    if (seen.has(l)) continue;
    seen.add(l);
    incl.set(l, (incl.get(l) ?? 0) + t);
  }
}
const ms = (us) => (us / 1000).toFixed(0).padStart(7) + ' ms';
const show = (title, map) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(v)} ${(100 * v / total).toFixed(1).padStart(5)}%  ${k}`);
};
console.log(`total sampled ${ms(total)}`);
show('self time by function', byFn);
show('self time by file', byFile);
show('inclusive time by function', incl);

// --under <function name>: inclusive time of the callees (any depth, first level below the match) of that function
const underIdx = process.argv.indexOf('--under');
if (underIdx > 0) {
  const target = process.argv[underIdx + 1];
  const inclusive = new Map();
  const total2 = (id) => {
    if (inclusive.has(id)) return inclusive.get(id);
    const n = nodes.get(id);
    let t = self.get(id) ?? 0;
    for (const c of n.children ?? []) t += total2(c);
    inclusive.set(id, t);
    return t;
  };
  const callees = new Map();
  let sum = 0;
  for (const n of profile.nodes) {
    if (n.callFrame.functionName !== target) continue;
    sum += total2(n.id);
    const selfT = self.get(n.id) ?? 0;
    callees.set('(self)', (callees.get('(self)') ?? 0) + selfT);
    for (const c of n.children ?? []) {
      const l = label(nodes.get(c));
      callees.set(l, (callees.get(l) ?? 0) + total2(c));
    }
  }
  console.log(`\nunder ${target}: ${ms(sum)}`);
  for (const [k, v] of [...callees].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(v)}  ${k}`);
}
