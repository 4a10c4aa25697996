import { App, AppProps } from 'cdk8s';
import { FastSynthesis, PreparedOutput, recordConstructMetadataFromEnvironment } from './synthesizer';
import { quote, ValidationError } from './errors';
import { checkTargetVersions, TargetVersions } from './target-versions';
import { optionalBoolean, optionalObject, requireArray } from './untyped';

/** Properties of a `MonitoringApp`. */
export interface MonitoringAppProps extends AppProps {
  /**
   * The releases of Prometheus, Alertmanager, the Prometheus Operator, Grafana and Loki the app's output
   * must work with. A chart's own `targetVersions` replace these field by field.
   * @default - the current long-term support releases (see `TargetVersions`)
   */
  readonly targetVersions?: TargetVersions;
}

/**
 * A cdk8s `App` for monitoring charts, whose `synth()` writes the same files, byte for byte, as cdk8s'
 * `App.synth()`, validating the whole app once.
 *
 * cdk8s' `App.synth()` re-runs every validation and the app-wide dependency resolution once per chart, so
 * its cost grows with the square of the number of charts; this app's `synth()` validates and resolves
 * dependencies once, then renders each chart's objects in the same order (with cdk8s' own
 * `ApiObject.toJson()`: resolvers, JSON patches and errors are cdk8s' own) and writes them with a
 * serializer that produces the same bytes as cdk8s' `Yaml.stringify`. Validation errors are reported
 * exactly as `App.synth()` reports them. Each written object is then checked, before any file is
 * written: an object above 1 MiB (keys, values and metadata) fails, one too large for client-side
 * `kubectl apply` gets a `SynthWarnings` warning (apply it server-side, or split it), and values that
 * look like credentials fail (`SecretScan`). Output layouts other than one file per chart are written
 * by cdk8s' own `App.synth()`.
 *
 * @example
 * const app = new MonitoringApp({ outdir: 'dist/production' });
 * new MonitoringChart(app, 'gas-delivery', { partOf: 'gas-delivery', namespace: 'gas-delivery' });
 * app.synth();
 */
export class MonitoringApp extends App {
  /**
   * Synthesizes several apps (one per environment, say) all or nothing: every app is validated, rendered
   * and scanned before any file of any of them is written, so an error in the last one leaves the output
   * of the first ones as it was. (A failure of the file system itself can still stop it part-way: to
   * replace a whole output folder at once, synthesize into a folder beside it and rename it, as the
   * project's `npm run synth` does.)
   *
   * @example
   * MonitoringApp.synthAll([staging, production]);
   */
  public static synthAll(apps: MonitoringApp[]): void {
    requireArray(apps, 'apps', '[staging, production]');
    apps.forEach((app, i) => {
      if (!(app instanceof MonitoringApp)) throw new ValidationError(`apps[${i}]: must be a MonitoringApp (new MonitoringApp({ outdir })); received ${quote(app)}`);
    });
    const prepared: PreparedOutput[] = [];
    apps.forEach((app, i) => {
      try {
        prepared.push(app.prepare());
      } catch (e) {
        for (const output of prepared) output.discard();
        // the apps of several environments share their construct paths: say which one failed
        if (e instanceof Error) e.message = `apps[${i}] (outdir ${quote(app.outdir)}): ${e.message}`;
        throw e;
      }
    });
    for (const output of prepared) output.write();
  }

  /**
   * Whether `synth()` writes `construct-metadata.json` (each object's construct path, by object name) next
   * to the manifests: `recordConstructMetadata`, else, as cdk8s, whether the environment variable
   * `CDK8S_RECORD_CONSTRUCT_METADATA` is `true` (which `cdk8s synth` sets when the project configures
   * validation plugins).
   */
  public readonly recordsConstructMetadata: boolean;

  /** The releases declared for the app (`targetVersions` as given; the checks use the defaults for unset fields). */
  public readonly targetVersions: TargetVersions;

  /**
   * @param props the props of a cdk8s `App`, and the target versions
   */
  public constructor(props: MonitoringAppProps = {}) {
    super(checkedProps(props));
    this.recordsConstructMetadata = props.recordConstructMetadata ?? recordConstructMetadataFromEnvironment();
    this.targetVersions = checkTargetVersions(props.targetVersions) ?? {};
  }

  /** Synthesizes every chart into `outdir`: the files of cdk8s' `App.synth()`, validating the app once. */
  public synth(): void {
    this.prepare().write();
  }

  /** Validates, renders and scans the app into a staging folder; returns what moves its files into place. */
  private prepare(): PreparedOutput {
    return FastSynthesis.prepare(this, this.recordsConstructMetadata, () => super.synth());
  }
}

/** The props, checked for plain-JavaScript callers (cdk8s would fail with a TypeError on `null`). */
function checkedProps(props: MonitoringAppProps): MonitoringAppProps {
  optionalObject(props, 'props', "{ outdir: 'dist' }");
  optionalBoolean(props.recordConstructMetadata, 'recordConstructMetadata');
  checkTargetVersions(props.targetVersions);
  return props;
}
