'use strict';
const { execSync, spawnSync } = require('child_process');

const TOOLS = [
  { command: 'promtool', debianPackage: 'prometheus' },
  { command: 'amtool', debianPackage: 'prometheus-alertmanager' },
  { command: 'prometheus-blackbox-exporter', debianPackage: 'prometheus-blackbox-exporter' },
];

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Installs promtool and amtool from Debian's packages when they are missing; throws when it cannot. */
function ensureTools() {
  const missing = TOOLS.filter((t) => !has(t.command));
  if (missing.length === 0) return;
  const packages = missing.map((t) => t.debianPackage).join(' ');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = isRoot ? '' : 'sudo ';
  process.stderr.write(`\n[test setup] installing ${packages} (for ${missing.map((t) => t.command).join(', ')})...\n`);
  try {
    execSync(`${sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${sudo}apt-get install -y -qq --no-install-recommends ${packages}`, {
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 600000,
    });
  } catch (e) {
    throw new Error(`[test setup] could not install ${packages} with apt-get (${e.message}). The tests run the real promtool and amtool; install them (apt-get install ${packages}) and run again.`);
  }
  const still = TOOLS.filter((t) => !has(t.command));
  if (still.length > 0) {
    throw new Error(`[test setup] ${still.map((t) => t.command).join(', ')} still missing after installing ${packages}.`);
  }
}

module.exports = { ensureTools };
