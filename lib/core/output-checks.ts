import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ValidationError } from './errors';
import { ObjectSizePass } from './object-size';
import { RenderPass } from './render-pass';
import { SecretScanPass } from './secret-scan';

/**
 * The checks of every rendered object, fed with the manifests a synthesis renders anyway: credentials
 * given as plain strings (`SecretScan`) and sizes Kubernetes or client-side `kubectl apply` refuse
 * (`ObjectSizePass`). `MonitoringApp.synth()` runs them on each object as it writes it; outside such a
 * synthesis (`app.synth()`, `Testing.synth()`), each `MonitoringChart` runs them on its own objects in
 * its validation, with the same messages.
 * @internal
 */
export class OutputChecks {
  /**
   * The findings of a `MonitoringChart`'s objects, as validation errors, when no synthesis pass runs
   * (`app.synth()`, `Testing.synth()`); the pass checks the objects it renders itself.
   */
  public static validateChart(chart: Chart): string[] {
    if (RenderPass.running) return [];
    const checks = new OutputChecks();
    const constructs = chart.node.findAll();
    for (const c of constructs) {
      if (!ApiObject.isApiObject(c) || Chart.of(c) !== chart) continue;
      let manifest: unknown;
      try {
        manifest = c.toJson();
      } catch {
        // an object that cannot render reports its own error when it is synthesized
        continue;
      }
      checks.add(c, manifest);
    }
    checks.secrets.warnStale(constructs.filter((c) => c === chart || Chart.of(c) === chart));
    return [
      ...checks.sizes.lines((p) => `object size of ${p}:`),
      ...checks.secrets.lines((p) => `secret scan of ${p}:`),
    ];
  }

  private readonly secrets = new SecretScanPass();
  private readonly sizes = new ObjectSizePass();

  /** Checks one rendered object of `owner` (its ApiObject, or the chart of an overridden `toJson()`). */
  public add(owner: IConstruct, manifest: unknown): void {
    this.sizes.add(owner, manifest);
    this.secrets.add(owner, manifest);
  }

  /**
   * Warns on stale secret-scan acknowledgements among `all`, then throws every object too large and every
   * value that looks like a credential, in one error.
   */
  public finish(all: IConstruct[]): void {
    this.secrets.warnStale(all);
    const errors = [this.sizes.error(), this.secrets.error()].filter((e): e is string => e !== undefined);
    if (errors.length > 0) throw new ValidationError(errors.join('\n'));
  }
}
