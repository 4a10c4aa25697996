#!/usr/bin/env node
// Regenerates imports/ from the vendored CRDs in crds/.
// `cdk8s import` takes one file per API group, so each group's CRD files are concatenated
// (in a fixed order, so the generated code is byte-for-byte reproducible) before importing.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const GROUPS = {
  'monitoring.coreos.com': {
    dir: 'crds/prometheus-operator',
    // Only the kinds the library renders; the Alertmanager and ScrapeConfig CRDs are vendored for
    // reference but their (very large) generated classes would only slow every synth down.
    kinds: ['alertmanagerconfigs', 'podmonitors', 'probes', 'prometheusrules', 'servicemonitors'],
  },
  'grafana.integreatly.org': {
    dir: 'crds/grafana-operator',
    kinds: ['grafanadashboards', 'grafanadatasources', 'grafanafolders'],
  },
};

for (const [group, { dir, kinds }] of Object.entries(GROUPS)) {
  const parts = kinds.map((kind) => {
    const file = path.join(root, dir, `${group}_${kind}.yaml`);
    return fs.readFileSync(file, 'utf8').replace(/^---\n/, '').trimEnd() + '\n';
  });
  fs.mkdirSync(path.join(root, 'crds/generated'), { recursive: true });
  fs.writeFileSync(path.join(root, 'crds/generated', `${group}.yaml`), parts.map((p) => `---\n${p}`).join(''));
}

execFileSync(path.join(root, 'node_modules/.bin/cdk8s'), ['import', '--no-check-upgrade', '--language', 'typescript', '--output', 'imports'], {
  cwd: root,
  stdio: 'inherit',
});

// The generated converters drop undefined fields with `Object.entries(x).reduce((r, i) => ({ ...r, ... }), {})`,
// which copies the object once per field; with thousands of rules per app, those copies are a large share of
// synth time and memory. Each such expression (for the converted object, or a string map such as `labels`)
// is replaced by a call to one plain loop with the same result (same keys in the same order, undefined
// values left out). The pattern must be found: a cdk8s release that generates other code fails here
// instead of silently keeping the slow version.
const REDUCE = /Object\.entries\(([\w.]+)\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: i\[1\] \}\), \{\}\)/g;
const HELPER = `
/** \`result\` without its undefined values (replaces the generated per-field copies; see scripts/import-crds.js). */
function withoutUndefined(result: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = {};
  for (const key of Object.keys(result)) {
    if (result[key] !== undefined) out[key] = result[key];
  }
  return out;
}
`;
for (const group of Object.keys(GROUPS)) {
  const file = path.join(root, 'imports', `${group}.ts`);
  const source = fs.readFileSync(file, 'utf8');
  let count = 0;
  const replaced = source.replace(REDUCE, (_, object) => {
    count++;
    return `withoutUndefined(${object})`;
  });
  if (count === 0) throw new Error(`${file}: the generated undefined-filtering code was not found; update scripts/import-crds.js`);
  fs.writeFileSync(file, replaced + HELPER);
}
