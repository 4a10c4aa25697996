import * as path from 'path';
import { App } from 'cdk8s';
import { ENVIRONMENTS } from './environments';
import { ExampleChart } from './example';

/**
 * Builds every application for every environment, one cdk8s `App` per environment, so that each
 * environment is written to its own folder (`<outdir>/<environment>/<app>.k8s.yaml`) for GitOps tools
 * to point at. Returns the apps, unsynthesized.
 */
export function buildAll(outdir: string): App[] {
  return ENVIRONMENTS.map((environment) => {
    const app = new App({ outdir: path.join(outdir, environment.name) });
    new ExampleChart(app, 'example');
    return app;
  });
}

/** Builds and synthesizes everything into `outdir`. */
export function synthesizeAll(outdir: string): void {
  for (const app of buildAll(outdir)) app.synth();
}
