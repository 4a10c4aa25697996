#!/usr/bin/env node
// `npm test`: type-checks the whole tree, then runs jest (which installs promtool and amtool when missing,
// see test/util/global-setup.js). Jest's JSON report goes to .test-results.json, where .ci/run counts the tests.
// Extra arguments are passed to jest (e.g. `npm test -- test/core`).
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const tsc = spawnSync(bin('tsc'), ['--noEmit', '-p', root], { stdio: 'inherit', cwd: root });
if (tsc.status !== 0) {
  console.error('npm test: type errors (tsc --noEmit); not running the tests.');
  process.exit(tsc.status || 1);
}

const jest = spawnSync(bin('jest'), ['--json', '--outputFile=.test-results.json', ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(jest.status === null ? 1 : jest.status);
