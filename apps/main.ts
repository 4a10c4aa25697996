import { SynthWarnings } from '../lib';
import { buildAll } from './synth-all';

// cdk8s synth passes the output folder in CDK8S_OUTDIR.
for (const app of buildAll(process.env.CDK8S_OUTDIR ?? 'dist')) {
  // A MonitoringApp: the same bytes as cdk8s' App.synth(), validating the whole app once instead of once per chart.
  app.synth();
  // Things that synthesize but will likely hurt (e.g. a dashboard too big for client-side apply).
  for (const warning of SynthWarnings.collect(app)) console.error(`warning: [${warning.path}] ${warning.message}`);
}
