import * as path from 'path';
import { App } from 'cdk8s';
import { ENVIRONMENTS } from './environments';
import { ExampleChart } from './example';

// cdk8s synth passes the output folder in CDK8S_OUTDIR; each environment gets its own folder so a
// GitOps tool can point at dist/<environment>.
const outdir = process.env.CDK8S_OUTDIR ?? 'dist';

for (const environment of ENVIRONMENTS) {
  const app = new App({ outdir: path.join(outdir, environment.name) });
  new ExampleChart(app, 'example');
  app.synth();
}
