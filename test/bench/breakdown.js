// Where the library's time goes: inclusive CPU-profile time of the workload's pieces and of the synth
// phases, from one `node --cpu-prof` run of the library (test/bench/run.js calls this).
'use strict';
const fs = require('fs');

/**
 * Rows: [label, function name (string or RegExp), file suffix] — inclusive time of the samples under a
 * frame matching both.
 */
const ROWS = [
  ['construct: rules (PrometheusRule, 18 alerts, 6 records, SLO)', 'rules', 'test/bench/workload.ts'],
  ['  of which the SLO (Slo, its recording rules, alerts and generated promtool tests)', 'Slo', 'lib/slo/slo.ts'],
  ['construct: dashboard (12 panels)', 'dashboard', 'test/bench/workload.ts'],
  ['construct: logs (pipeline, Loki rules)', 'logs', 'test/bench/workload.ts'],
  ['construct: routing (AlertmanagerConfig)', 'routing', 'test/bench/workload.ts'],
  ['construct: scrape (ServiceMonitor)', 'scrape', 'test/bench/workload.ts'],
  ['construct: health probe (BlackboxExporter.addProbe)', 'addProbe', 'lib/exporters/blackbox-exporter.ts'],
  ['  all construct: PromQL/LogQL parsing (lib/core/expressions.ts parseOrThrow, shape cache included)', 'parseOrThrow', 'lib/core/expressions.ts'],
  ['synth: validations (node.validate of every construct)', 'validate', 'lib/core/synthesizer.ts'],
  ['  of which the dashboard JSON (rendered once per synth, reused by its ConfigMap)', 'toJsonString', 'lib/grafana/dashboard.ts'],
  ['synth: objects to JSON (ApiObject.toJson: L2 renders, cdk8s resolve() + sanitizeValue(), the generated L1 converters)', 'chartManifests', 'lib/core/synthesizer.ts'],
  ['  of which cdk8s ApiObject.toJson (resolve() + sanitizeValue() + patches)', 'toJson', 'cdk8s/lib/api-object.js'],
  ['  of which the generated L1 converters (imports/ toJson_*)', /^toJson_/, '.coreos.com.ts'],
  ['synth: YAML (FastYaml of lib/core/synthesizer.ts)', 'stringify', 'lib/core/synthesizer.ts'],
  ['synth: writing files', 'writeFileSync', 'node:fs'],
  ['garbage collection (all phases)', '(garbage collector)', ''],
  ['Serialize.json/yaml of embedded payloads (lib/core/serialize.ts, all phases)', /^(json|yaml)$/, 'lib/core/serialize.ts'],
];

function breakdown(profileFile) {
  const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const t = profile.timeDeltas[i] ?? 0;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + t);
    total += t;
  }
  const matches = (n, [, fn, file]) => (typeof fn === 'string' ? n.callFrame.functionName === fn : fn.test(n.callFrame.functionName)) && n.callFrame.url.endsWith(file);
  const sums = ROWS.map(() => 0);
  let measured = 0;
  for (const [id, t] of self) {
    const chain = [];
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) chain.push(nodes.get(cur));
    // the measured phases: construct (buildWorkload) and synth (MonitoringApp.synth)
    if (chain.some((n) => (n.callFrame.functionName === 'buildWorkload' || n.callFrame.functionName === 'synth') && /workload\.ts|monitoring-app\.ts/.test(n.callFrame.url)) || chain[0].callFrame.functionName === '(garbage collector)') measured += t;
    ROWS.forEach((row, i) => {
      if (chain.some((n) => matches(n, row))) sums[i] += t;
    });
  }
  return { total, measured, rows: ROWS.map((row, i) => ({ label: row[0], share: measured ? sums[i] / measured : 0 })) };
}

module.exports = { breakdown };
