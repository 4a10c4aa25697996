import { MonitoringApp, SynthWarnings } from '../lib';
import { buildAll } from './synth-all';

// cdk8s synth passes the output folder in CDK8S_OUTDIR.
const apps = buildAll(process.env.CDK8S_OUTDIR ?? 'dist');
// Every environment is validated, rendered and scanned before any file is written: all or nothing.
// (A MonitoringApp writes the same bytes as cdk8s' App.synth(), validating the whole app once.)
MonitoringApp.synthAll(apps);
// Things that synthesize but will likely hurt (e.g. a dashboard too big for client-side apply).
for (const app of apps) {
  for (const warning of SynthWarnings.collect(app)) console.error(`warning: [${warning.path}] ${warning.message}`);
}
