'use strict';
const { execFileSync, execSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const TOOLS = [
  { command: 'promtool', debianPackage: 'prometheus' },
  { command: 'amtool', debianPackage: 'prometheus-alertmanager' },
  { command: 'prometheus-blackbox-exporter', debianPackage: 'prometheus-blackbox-exporter' },
];

/** The current LTS checkers, from Debian's `sid` suite: promtool 3.x and amtool 0.3x. */
const LTS_PACKAGES = ['promtool', 'prometheus-alertmanager'];
const DEBIAN_KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Where `command` is on PATH; throws when it is not. */
function onPath(command) {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const found = (result.stdout || '').trim();
  if (result.status !== 0 || found === '') {
    throw new Error(`[test setup] ${command} is not on PATH (the test setup installs it; see test/util/ensure-tools.js).`);
  }
  return found;
}

/** Whether `binary` exists and answers `--version`. */
function runs(binary) {
  return fs.existsSync(binary) && spawnSync(binary, ['--version'], { stdio: 'ignore', timeout: 60000 }).status === 0;
}

/** Installs promtool and amtool from Debian's packages when they are missing; throws when it cannot. */
function ensureBookwormTools() {
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

/** The folder the sid tools are downloaded to and unpacked in: `${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-observability/tools/sid`. */
function ltsCacheDir() {
  const base = process.env.XDG_CACHE_HOME ? path.resolve(process.env.XDG_CACHE_HOME) : path.join(os.homedir(), '.cache');
  return path.join(base, 'cdk8s-observability', 'tools', 'sid');
}

/** This machine's release codename (VERSION_CODENAME in /etc/os-release), e.g. `bookworm`. */
function codename() {
  const text = fs.readFileSync('/etc/os-release', 'utf8');
  const match = /^VERSION_CODENAME=["']?([^"'\n]*)["']?\s*$/m.exec(text);
  if (!match || match[1] === '') throw new Error('[test setup] /etc/os-release has no VERSION_CODENAME.');
  return match[1];
}

function listFiles(dir, suffix) {
  try {
    return fs.readdirSync(dir).filter((f) => f.endsWith(suffix)).sort().map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

/** The apt source entries of one deb822 `.sources` file, as `{ types, uris, suites, components, signedBy, enabled }`. */
function deb822Entries(text) {
  const entries = [];
  for (const stanza of text.split(/\n[ \t]*\n/)) {
    const fields = {};
    let last;
    for (const line of stanza.split('\n')) {
      if (line.startsWith('#') || line.trim() === '') continue;
      if (/^[ \t]/.test(line)) {
        if (last) fields[last] += ` ${line.trim()}`;
        continue;
      }
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      last = line.slice(0, colon).trim().toLowerCase();
      fields[last] = line.slice(colon + 1).trim();
    }
    const words = (name) => (fields[name] || '').split(/\s+/).filter((w) => w !== '');
    entries.push({
      types: words('types'),
      uris: words('uris'),
      suites: words('suites'),
      components: words('components'),
      signedBy: fields['signed-by'] || '',
      enabled: (fields.enabled || 'yes').toLowerCase() !== 'no',
    });
  }
  return entries;
}

/** The apt source entries of a one-line-style `sources.list` file. */
function oneLineEntries(text) {
  const entries = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const match = /^(deb|deb-src)\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (!match) continue;
    const signedBy = /(?:^|\s)signed-by=(\S+)/.exec(match[2] || '');
    entries.push({
      types: [match[1]],
      uris: [match[3]],
      suites: [match[4]],
      components: match[5].split(/\s+/).filter((w) => w !== ''),
      signedBy: signedBy ? signedBy[1] : '',
      enabled: true,
    });
  }
  return entries;
}

/**
 * The Debian mirror this machine's apt already uses: the URI of the enabled `deb` entry for the
 * release's own suite (the codename itself, so neither `-security` nor `-updates`) with `main`. When
 * several match, the one signed by the Debian archive keyring or whose path ends in `/debian` wins.
 */
function debianMirror() {
  const suite = codename();
  const entries = [];
  for (const file of listFiles('/etc/apt/sources.list.d', '.sources')) entries.push(...deb822Entries(fs.readFileSync(file, 'utf8')));
  for (const file of ['/etc/apt/sources.list', ...listFiles('/etc/apt/sources.list.d', '.list')]) {
    if (fs.existsSync(file)) entries.push(...oneLineEntries(fs.readFileSync(file, 'utf8')));
  }
  const candidates = entries.filter((e) => e.enabled && e.types.includes('deb') && e.suites.includes(suite) && e.components.includes('main') && e.uris.length > 0);
  const looksDebian = (e) => /debian-archive-keyring/.test(e.signedBy) || /\/debian\/?$/.test(e.uris[0]);
  const chosen = candidates.find(looksDebian) || candidates[0];
  if (!chosen) {
    throw new Error(`[test setup] found no apt source for suite ${suite} (component main) in /etc/apt/sources.list or /etc/apt/sources.list.d/*.sources; the sid tools are fetched from that mirror.`);
  }
  return chosen.uris[0];
}

/**
 * Downloads promtool and amtool from Debian's `sid` suite (package `promtool`, package
 * `prometheus-alertmanager`) into a cache folder and unpacks them there, without adding sid to the
 * machine's apt sources: apt runs with its own sources file, lists folder and no package cache
 * files. Skips all of it when the unpacked tools are already there and run; throws when it cannot.
 */
function ensureLtsTools() {
  const cache = ltsCacheDir();
  const root = path.join(cache, 'root');
  if (runs(path.join(root, 'usr/bin/promtool')) && runs(path.join(root, 'usr/bin/amtool'))) return;

  process.stderr.write(`\n[test setup] fetching ${LTS_PACKAGES.join(' ')} from Debian sid into ${cache}...\n`);
  const step = (what, command, args, cwd) => {
    try {
      execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 600000 });
    } catch (e) {
      const printed = `${e.stdout || ''}${e.stderr || ''}`.trim();
      throw new Error(`[test setup] could not ${what} (${command} ${args.join(' ')}): ${e.message}${printed ? `\n${printed}` : ''}\nThe tests run promtool 3 and amtool 0.3x from Debian sid, unpacked in ${cache}; fix the cause (or unpack ${LTS_PACKAGES.join(' and ')} there by hand) and run again.`);
    }
  };

  try {
    if (!fs.existsSync(DEBIAN_KEYRING)) throw new Error(`${DEBIAN_KEYRING} is missing (Debian package debian-archive-keyring)`);
    const lists = path.join(cache, 'lists');
    const archives = path.join(cache, 'archives');
    const sourcesFile = path.join(cache, 'sid.sources');
    fs.mkdirSync(path.join(lists, 'partial'), { recursive: true });
    fs.rmSync(archives, { recursive: true, force: true });
    fs.mkdirSync(archives, { recursive: true });
    fs.writeFileSync(sourcesFile, [
      'Types: deb',
      `URIs: ${debianMirror()}`,
      'Suites: sid',
      'Components: main',
      `Signed-By: ${DEBIAN_KEYRING}`,
      '',
    ].join('\n'));
    const aptOptions = [
      '-o', `Dir::Etc::sourcelist=${sourcesFile}`,
      '-o', 'Dir::Etc::sourceparts=/dev/null',
      '-o', `Dir::State::Lists=${lists}`,
      // No pkgcache.bin / srcpkgcache.bin: the machine's own ones in /var/cache/apt stay untouched.
      '-o', 'Dir::Cache::pkgcache=',
      '-o', 'Dir::Cache::srcpkgcache=',
    ];
    step('update the sid package lists', 'apt-get', [...aptOptions, 'update']);
    step(`download ${LTS_PACKAGES.join(' ')}`, 'apt-get', [...aptOptions, 'download', ...LTS_PACKAGES], archives);
    const debs = fs.readdirSync(archives).filter((f) => f.endsWith('.deb')).sort();
    if (debs.length !== LTS_PACKAGES.length) throw new Error(`expected ${LTS_PACKAGES.length} .deb files in ${archives}, found: ${debs.join(', ') || 'none'}`);
    const staging = `${root}.tmp-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    for (const deb of debs) step(`unpack ${deb}`, 'dpkg-deb', ['-x', path.join(archives, deb), staging]);
    fs.rmSync(root, { recursive: true, force: true });
    fs.renameSync(staging, root);
  } catch (e) {
    if (e.message.startsWith('[test setup]')) throw e;
    throw new Error(`[test setup] could not fetch ${LTS_PACKAGES.join(' ')} from Debian sid into ${cache}: ${e.message}`);
  }
  const broken = ['promtool', 'amtool'].filter((t) => !runs(path.join(root, 'usr/bin', t)));
  if (broken.length > 0) {
    throw new Error(`[test setup] ${broken.join(', ')} from Debian sid did not run after unpacking into ${root}.`);
  }
}

/** Makes sure both sets of real checkers are on this machine: the bookworm packages on PATH, the sid LTS tools in the cache folder. */
function ensureTools() {
  ensureBookwormTools();
  ensureLtsTools();
}

/**
 * The binaries of both versions: `bookworm` is promtool 2.42 and amtool 0.25 from PATH (the Debian
 * bookworm packages), `lts` is promtool 3.x and amtool 0.3x unpacked from Debian sid in the cache folder.
 */
function toolPaths() {
  const bin = path.join(ltsCacheDir(), 'root', 'usr', 'bin');
  return {
    bookworm: { promtool: onPath('promtool'), amtool: onPath('amtool') },
    lts: { promtool: path.join(bin, 'promtool'), amtool: path.join(bin, 'amtool') },
  };
}

module.exports = { ensureTools, toolPaths };
