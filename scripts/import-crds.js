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
