import * as path from 'path';
import { App } from 'cdk8s';
import { ENVIRONMENTS } from './environments';
import { addErp } from './erp';
import { addFestivals } from './festivals';
import { addGasDelivery } from './gas-delivery';
import { addPlatform } from './platform';

/**
 * Builds every application and the platform for every environment, one cdk8s `App` per environment,
 * so that each environment is written to its own folder (`<outdir>/<environment>/<app>.k8s.yaml`) for
 * GitOps tools to point at. Returns the apps, unsynthesized.
 */
export function buildAll(outdir: string): App[] {
  return ENVIRONMENTS.map((env) => {
    const app = new App({ outdir: path.join(outdir, env.name) });
    const applications = [addGasDelivery(app, env), addFestivals(app, env), addErp(app, env)];
    addPlatform(app, env, { applicationRouting: applications.map((a) => a.routing) });
    return app;
  });
}

/** Builds and synthesizes everything into `outdir`, with cdk8s' own `app.synth()` (the reference the fast path must equal). */
export function synthesizeAll(outdir: string): void {
  for (const app of buildAll(outdir)) app.synth();
}
