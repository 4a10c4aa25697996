#!/usr/bin/env node
// Entry point of `cdk8s synth` (see cdk8s.yaml): runs apps/main.ts. Also runs without the CLI, as
// `node scripts/run-app.js [--output dir]` (same files; it replaces the whole output folder, as the CLI
// does, but only once the synth succeeded), which saves the CLI's start-up (about a second: it loads every command's dependencies).
// `node scripts/run-app.js --warm` only fills the caches below (for an npm `prepare` script, so that the
// first synth after `npm ci` does not transpile).
//
// TypeScript is transpiled without type checking (type checks belong to `npm test` / `tsc --noEmit`, not
// to every synth), one file at a time with the compiler options of tsconfig.json, and the JavaScript is
// cached under node_modules/.cache/cdk8s-observability/ keyed by the hash of the source, the compiler
// options and the TypeScript version. A synth whose sources did not change never loads the compiler:
// transpiling the generated CRD classes alone (imports/, 1.5 MB) costs about a second.
//
// Every module of the project (the transpiled TypeScript and node_modules) is also compiled with a V8 code
// cache (node_modules/.cache/cdk8s-observability/v8), as Node.js 22's module.enableCompileCache() does:
// parsing and compiling the 4 MB of generated CRD and Kubernetes classes is a large part of start-up.
// CDK8S_OBSERVABILITY_NO_CODE_CACHE=1 turns it off.
//
// Exports `register()` for other entry points (the benchmark) that load the project's TypeScript.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');

const ROOT = path.resolve(__dirname, '..');
// CDK8S_OBSERVABILITY_TS_CACHE moves the cache (the benchmark points it at an empty folder to time a first run)
const CACHE_DIR = process.env.CDK8S_OBSERVABILITY_TS_CACHE || path.join(ROOT, 'node_modules', '.cache', 'cdk8s-observability', 'ts');
const V8_CACHE_DIR = path.join(path.dirname(CACHE_DIR), 'v8', `${process.version}-${process.arch}`);
const LOADER_VERSION = '1';
const MAIN = require.main;

let registered = false;
let typescript;
let compilerOptions;
let baseKey;

/** The cache key common to every file: loader, compiler and tsconfig versions. */
function baseCacheKey() {
  if (baseKey === undefined) {
    const tsVersion = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'typescript', 'package.json'), 'utf8')).version;
    baseKey = `${LOADER_VERSION}\0${process.version.split('.')[0]}\0${tsVersion}\0${fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')}\0`;
  }
  return baseKey;
}

/** Loads the compiler and the tsconfig.json options, only when some file is not in the cache. */
function compiler() {
  if (typescript === undefined) {
    typescript = require('typescript');
    // the options only: no file enumeration (getParsedCommandLineOfConfigFile walks the whole tree)
    const config = typescript.readConfigFile(path.join(ROOT, 'tsconfig.json'), typescript.sys.readFile);
    if (config.error) throw new Error(typescript.flattenDiagnosticMessageText(config.error.messageText, '\n'));
    const parsed = typescript.convertCompilerOptionsFromJson(config.config.compilerOptions ?? {}, ROOT);
    compilerOptions = {
      ...parsed.options,
      // a transpiled file stands alone, next to its source; the inline source map serves `node --enable-source-maps`
      noEmit: false,
      outDir: undefined,
      rootDir: undefined,
      declaration: false,
      declarationMap: false,
      composite: false,
      incremental: false,
      sourceMap: false,
      inlineSourceMap: true,
      inlineSources: false,
    };
  }
  return typescript;
}

function transpile(source, filename) {
  const ts = compiler();
  const generated = filename.startsWith(path.join(ROOT, 'imports') + path.sep);
  const result = ts.transpileModule(source, {
    fileName: filename,
    // generated CRD classes: no source map (they are never debugged, and the map doubles their size)
    compilerOptions: generated ? { ...compilerOptions, inlineSourceMap: false } : compilerOptions,
    jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
    reportDiagnostics: false,
  });
  return result.outputText;
}

/** The JavaScript of a TypeScript file, from the cache when its source is unchanged. */
function javascriptOf(filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha256').update(baseCacheKey()).update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(CACHE_DIR, key.slice(0, 2), `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // not cached yet
  }
  const output = transpile(source, filename);
  try {
    fs.mkdirSync(path.dirname(cached), { recursive: true });
    const temporary = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, output);
    fs.renameSync(temporary, cached);
  } catch {
    // a read-only node_modules only costs speed
  }
  return output;
}

/** A module's `require`, as Node.js builds it for CommonJS modules. */
function makeRequire(mod) {
  const require = (id) => mod.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.main = MAIN;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

/** Compiles the project's modules with V8 code caches, written when the process exits. */
function installCodeCache() {
  const compile = Module.prototype._compile;
  const pending = new Map();
  Module.prototype._compile = function compileWithCodeCache(content, filename) {
    if (!filename.startsWith(ROOT + path.sep) || content.startsWith('#!')) return compile.call(this, content, filename);
    const key = crypto.createHash('sha256').update(filename).update('\0').update(content).digest('hex');
    const cacheFile = path.join(V8_CACHE_DIR, key.slice(0, 2), `${key}.bin`);
    let cachedData;
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      // first load of this version of the file
    }
    let script;
    try {
      script = new vm.Script(Module.wrap(content), { filename, cachedData });
    } catch {
      // let Node.js report syntax errors its own way
      return compile.call(this, content, filename);
    }
    if (cachedData === undefined || script.cachedDataRejected) pending.set(cacheFile, script);
    const fn = script.runInThisContext({ displayErrors: true });
    return fn.call(this.exports, this.exports, makeRequire(this), this, filename, path.dirname(filename));
  };
  // written at exit, so that the cache also holds the functions compiled lazily while the app ran
  process.once('exit', () => {
    for (const [file, script] of pending) {
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, script.createCachedData());
        fs.renameSync(temporary, file);
      } catch {
        // a read-only node_modules only costs speed
      }
    }
  });
}

/**
 * Makes `require()` load the project's .ts files (transpile-only, cached) and compile the project's
 * modules with a V8 code cache. Idempotent.
 */
function register() {
  if (registered) return;
  registered = true;
  if (!process.env.CDK8S_OBSERVABILITY_NO_CODE_CACHE) installCodeCache();
  const fallback = require.extensions['.ts'];
  require.extensions['.ts'] = function loadTypeScript(module, filename) {
    if (filename.includes(`${path.sep}node_modules${path.sep}`) && fallback) return fallback(module, filename);
    module._compile(javascriptOf(filename), filename);
  };
}

module.exports = { register };

/**
 * The output folder when run without the cdk8s CLI: `--output <dir>`, else cdk8s.yaml's `output`, else
 * `dist`. (The CLI passes CDK8S_OUTDIR, after emptying the folder.)
 */
function standaloneOutdir(argv) {
  const i = argv.findIndex((a) => a === '--output' || a === '-o');
  if (i >= 0 && argv[i + 1]) return path.resolve(argv[i + 1]);
  let output = 'dist';
  try {
    const match = /^output:\s*['"]?([^'"\s#]+)/m.exec(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8'));
    if (match) output = match[1];
  } catch {
    // no cdk8s.yaml: the CLI's default
  }
  return path.resolve(ROOT, output);
}

if (require.main === module && process.argv.includes('--warm')) {
  // fills the transpile and code caches (e.g. from an npm `prepare` script) without synthesizing
  register();
  require(path.join(ROOT, 'apps', 'synth-all.ts'));
} else if (require.main === module) {
  if (process.env.CDK8S_OUTDIR === undefined) {
    // `node scripts/run-app.js` without the CLI writes a whole new output folder (no stale files), like
    // `cdk8s synth`, but into a folder beside it that replaces it only when the synth succeeded: a failed
    // synth leaves the output as it was
    const outdir = standaloneOutdir(process.argv.slice(2));
    const next = `${outdir}.next-${process.pid}`;
    fs.rmSync(next, { recursive: true, force: true });
    process.env.CDK8S_OUTDIR = next;
    register();
    try {
      require(path.join(ROOT, 'apps', 'main.ts'));
    } catch (e) {
      fs.rmSync(next, { recursive: true, force: true });
      throw e;
    }
    fs.mkdirSync(next, { recursive: true });
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.renameSync(next, outdir);
  } else {
    register();
    require(path.join(ROOT, 'apps', 'main.ts'));
  }
}
