import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { quote, ValidationError } from './errors';
import { deferBuild, raiseProblem } from './problems';

/**
 * A Prometheus release, as the oldest one the output must load in (`TargetVersions.prometheus`). The
 * output must also load in every newer supported release, so a feature a newer release removed is refused
 * whatever the target (`holt_winters`, removed in 3.0).
 *
 * The checks know the behaviour of the two releases the test suite runs, 2.42 and 3.5 (the LTS): a target
 * from 3.5 on is checked as 3.5, a target between them as 2.42 (what 3.0 to 3.4 added is accepted from a
 * 3.5 target on).
 */
export class PrometheusVersion {
  /** Prometheus 2.42 (the default: Debian bookworm's promtool, the oldest release the library supports). */
  public static readonly V2_42 = new PrometheusVersion(2, 42);
  /** Prometheus 3.5, the long-term support release: UTF-8 names in quotes, `histogram_avg`, `histogram_stddev`... */
  public static readonly V3_5 = new PrometheusVersion(3, 5);

  /**
   * Any release from 2.42 on. An invalid version is reported by the chart (`targetVersions`) or the
   * parse (`PromQL.parse(expr, { prometheus })`) that uses it, with its path where there is one.
   * @param version `major.minor` or `major.minor.patch`, e.g. `3.5.3`
   */
  public static of(version: string): PrometheusVersion {
    return deferBuild(() => PrometheusVersion.parse(version), () => new PrometheusVersion(2, 42));
  }

  private static parse(version: string): PrometheusVersion {
    const m = typeof version === 'string' ? /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(version) : null;
    if (!m) throw new ValidationError(`targetVersions.prometheus: expected "major.minor[.patch]", e.g. "3.5"; received ${quote(version)}`);
    const v = new PrometheusVersion(Number(m[1]), Number(m[2]));
    if (!v.atLeast(PrometheusVersion.V2_42)) throw new ValidationError(`targetVersions.prometheus: the library supports Prometheus 2.42 and later; received ${quote(version)}`);
    return v;
  }

  /** Major version. */
  public readonly major: number;
  /** Minor version. */
  public readonly minor: number;

  private constructor(major: number, minor: number) {
    this.major = major;
    this.minor = minor;
  }

  /** Whether this release is `major.minor` or newer. */
  public atLeast(other: PrometheusVersion): boolean {
    return this.major > other.major || (this.major === other.major && this.minor >= other.minor);
  }

  /** `3.5`. */
  public toString(): string {
    return `${this.major}.${this.minor}`;
  }
}

/**
 * The releases a chart's output must work with. Where releases differ, the checks follow the declared
 * ones: a query using what the target does not know fails at synth, naming the release that introduced it.
 *
 * @example
 * new MonitoringChart(app, 'shop', { partOf: 'shop', namespace: 'shop', targetVersions: { prometheus: PrometheusVersion.V3_5 } });
 */
export interface TargetVersions {
  /**
   * The oldest Prometheus release that loads the chart's rules and serves its dashboards' queries.
   * @default PrometheusVersion.V2_42 (the output loads in every Prometheus from 2.42 on, 3.x included)
   */
  readonly prometheus?: PrometheusVersion;
}

/** The default target: every supported release. */
const DEFAULT_PROMETHEUS = PrometheusVersion.V2_42;

/**
 * How refusals name the target: `the target is Prometheus 2.42 (targetVersions.prometheus, by default 2.42: ...)`.
 * @internal
 */
export function describeTarget(version: PrometheusVersion): string {
  return `the target is Prometheus ${version} (targetVersions.prometheus${version === PrometheusVersion.V2_42 ? ', by default 2.42: the output must load in every release from 2.42 on' : ''})`;
}

/** The fix every refusal of a 3.x feature offers last. @internal */
export const RAISE_TARGET = 'declare targetVersions: { prometheus: PrometheusVersion.V3_5 } if every Prometheus that loads it runs 3.x';

/**
 * Whether the checks treat `version` as a 3.x release (from 3.5 on, as every 3.x feature: UTF-8 names,
 * native histogram test series...). @internal
 */
export function checkedAsV3(version: PrometheusVersion): boolean {
  return version.atLeast(PrometheusVersion.V3_5);
}

/**
 * The Prometheus release the constructs under `scope` target: their `MonitoringChart`'s `targetVersions`,
 * else the default.
 * @internal
 */
export function targetPrometheus(scope: IConstruct): PrometheusVersion {
  let chart: Chart | undefined;
  try {
    chart = Chart.of(scope);
  } catch {
    return DEFAULT_PROMETHEUS;
  }
  const versions = (chart as { readonly targetVersions?: TargetVersions }).targetVersions;
  return versions?.prometheus ?? DEFAULT_PROMETHEUS;
}

/** Checks a `targetVersions` prop given without a type checker. @internal */
export function checkTargetVersions(value: unknown): TargetVersions | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) throw new ValidationError(`targetVersions: must be an object, e.g. { prometheus: PrometheusVersion.V3_5 }; received ${quote(value)}`);
  const prometheus = (value as { prometheus?: unknown }).prometheus;
  if (prometheus !== undefined && !(prometheus instanceof PrometheusVersion)) {
    throw new ValidationError(`targetVersions.prometheus: must be a PrometheusVersion, e.g. PrometheusVersion.V3_5 or PrometheusVersion.of('3.5'); received ${quote(prometheus)}`);
  }
  // a problem found when the version was created (PrometheusVersion.of('3')); its message names the field
  raiseProblem(prometheus);
  return value as TargetVersions;
}
