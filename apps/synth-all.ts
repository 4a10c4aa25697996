import * as path from 'path';
import { App, AppProps } from 'cdk8s';
import { MonitoringApp } from '../lib';
import { ENVIRONMENTS } from './environments';
import { addErp } from './erp';
import { addFestivals } from './festivals';
import { addGasDelivery } from './gas-delivery';
import { addPlatform } from './platform';

/**
 * Builds every application and the platform for every environment, one app per environment, so that each
 * environment is written to its own folder (`<outdir>/<environment>/<app>.k8s.yaml`) for GitOps tools to
 * point at. Returns the apps (`MonitoringApp`s, what `npm run synth` writes with), unsynthesized.
 */
export function buildAll(outdir: string): MonitoringApp[] {
  return buildAllWith(outdir, (props) => new MonitoringApp(props));
}

/** `buildAll` with apps of another kind: cdk8s' own `App`, the reference the fast synthesis must equal. */
export function buildAllWith<T extends App>(outdir: string, createApp: (props: AppProps) => T): T[] {
  return ENVIRONMENTS.map((env) => {
    const app = createApp({ outdir: path.join(outdir, env.name) });
    const applications = [addGasDelivery(app, env), addFestivals(app, env), addErp(app, env)];
    addPlatform(app, env, {
      applicationRouting: applications.map((a) => a.routing),
      applicationLogPipelines: applications.map((a) => a.logPipeline),
    });
    return app;
  });
}

/** Builds and synthesizes everything into `outdir`, with cdk8s' own `app.synth()` (the reference the fast path must equal). */
export function synthesizeAll(outdir: string): void {
  for (const app of buildAllWith(outdir, (props) => new App(props))) app.synth();
}
