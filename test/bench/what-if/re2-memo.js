// What-if for `npm run bench` (BENCH_PRELOAD=test/bench/what-if/re2-memo.js): lib/core/regex.ts with each
// pattern compiled once. As committed, Re2Regex.of() and matchesFully() build a new re2-wasm RE2 on every
// call and never free it; re2-wasm's WebAssembly heap is fixed at 16 MiB, so after ~9000 compiles
// (~700 services of the benchmark workload) the process aborts with "Cannot enlarge memory arrays".
// This preload measures the proposed fix without editing the module: memoize the check by pattern.
'use strict';
const path = require('path');
const root = path.resolve(__dirname, '..', '..', '..');
require(path.join(root, 'scripts', 'run-app.js')).register();
const { RE2 } = require(path.join(root, 'node_modules', 're2-wasm'));
const { Re2Regex } = require(path.join(root, 'lib', 'core', 'regex.ts'));

const checked = new Map();
const of = Re2Regex.of;
Re2Regex.of = function memoizedOf(pattern, field) {
  let regex = checked.get(pattern);
  if (regex === undefined) {
    regex = of.call(Re2Regex, pattern, field);
    checked.set(pattern, regex);
  }
  return regex;
};
const anchored = new Map();
Re2Regex.prototype.matchesFully = function matchesFully(value) {
  let re = anchored.get(this.pattern);
  if (re === undefined) {
    re = new RE2(`^(?:${this.pattern})$`, 'u');
    anchored.set(this.pattern, re);
  }
  return re.test(value);
};
