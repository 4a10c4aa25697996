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
 * 3.5 target on). The default target is 3.5, the long-term support release.
 */
export class PrometheusVersion {
  /** Prometheus 2.42 (Debian bookworm's promtool, the oldest release the library supports). */
  public static readonly V2_42 = new PrometheusVersion(2, 42);
  /** Prometheus 3.5, the long-term support release (the default target): UTF-8 names in quotes, `histogram_avg`, `histogram_stddev`... */
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
    const [major, minor] = parseRelease(version, '3.5');
    const v = new PrometheusVersion(major, minor);
    if (!v.atLeast(PrometheusVersion.V2_42)) throw new ValidationError(`the library supports Prometheus 2.42 and later; received ${quote(version)}`);
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
 * Parses `major.minor[.patch]` into `[major, minor]`.
 * @throws ValidationError without a field: the construct that receives the version names it
 */
function parseRelease(version: unknown, example: string): [number, number] {
  const m = typeof version === 'string' ? /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(version) : null;
  if (!m) throw new ValidationError(`expected "major.minor[.patch]", e.g. "${example}"; received ${quote(version)}`);
  return [Number(m[1]), Number(m[2])];
}

/** Whether `a` (major, minor) is `b` or newer. */
function releaseAtLeast(a: { major: number; minor: number }, b: { major: number; minor: number }): boolean {
  return a.major > b.major || (a.major === b.major && a.minor >= b.minor);
}

/**
 * An Alertmanager release, as the oldest one a rendered configuration must load in
 * (`TargetVersions.alertmanager`, or `AlertmanagerConfigSecretProps.alertmanagerVersion`). Fields that need a
 * newer release (webhook `url_file`, 0.26; Microsoft Teams `msteamsv2`, 0.28...) are refused below it with
 * a message naming the release they need.
 */
export class AlertmanagerVersion {
  /** Alertmanager 0.25 (Debian bookworm's `amtool`, the oldest release the library supports). */
  public static readonly V0_25 = new AlertmanagerVersion(0, 25);
  /** Alertmanager 0.26: adds webhook `url_file`. */
  public static readonly V0_26 = new AlertmanagerVersion(0, 26);
  /** Alertmanager 0.27: adds `webhook_url_file` for Discord and Microsoft Teams. */
  public static readonly V0_27 = new AlertmanagerVersion(0, 27);
  /** Alertmanager 0.28: adds Microsoft Teams v2 (`msteamsv2`). */
  public static readonly V0_28 = new AlertmanagerVersion(0, 28);
  /** Alertmanager 0.33, the release the test suite's current `amtool` runs (the default target). */
  public static readonly V0_33 = new AlertmanagerVersion(0, 33);

  /**
   * Any release from 0.25 on. An invalid version is reported by the chart (`targetVersions`) or the
   * `AlertmanagerConfigSecret` that uses it, with its path.
   * @param version `major.minor` or `major.minor.patch`, e.g. `0.28.1`
   */
  public static of(version: string): AlertmanagerVersion {
    return deferBuild(() => AlertmanagerVersion.parse(version), () => new AlertmanagerVersion(0, 25));
  }

  private static parse(version: string): AlertmanagerVersion {
    const [major, minor] = parseRelease(version, '0.28');
    const v = new AlertmanagerVersion(major, minor);
    if (!v.atLeast(AlertmanagerVersion.V0_25)) {
      throw new ValidationError(`releases before 0.25 cannot read credentials from files for every integration; received ${quote(version)}`);
    }
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

  /** Whether this release is `other` or newer. */
  public atLeast(other: AlertmanagerVersion): boolean {
    return releaseAtLeast(this, other);
  }

  /** `0.28`. */
  public toString(): string {
    return `${this.major}.${this.minor}`;
  }
}

/**
 * A Prometheus Operator release, as the oldest one that must accept the chart's custom resources
 * (`TargetVersions.prometheusOperator`). Custom resource fields the declared release does not know (its
 * CRDs would drop or refuse them) fail at synth, naming the release that added them.
 */
export class PrometheusOperatorVersion {
  /** Prometheus Operator 0.80. */
  public static readonly V0_80 = new PrometheusOperatorVersion(0, 80);
  /** Prometheus Operator 0.93, the release of the CRDs the library is checked against (the default target). */
  public static readonly V0_93 = new PrometheusOperatorVersion(0, 93);

  /**
   * Any release from 0.60 on. An invalid version is reported by the chart that uses it (`targetVersions`).
   * @param version `major.minor` or `major.minor.patch`, e.g. `0.85.0`
   */
  public static of(version: string): PrometheusOperatorVersion {
    return deferBuild(() => PrometheusOperatorVersion.parse(version), () => new PrometheusOperatorVersion(0, 60));
  }

  private static parse(version: string): PrometheusOperatorVersion {
    const [major, minor] = parseRelease(version, '0.85');
    const v = new PrometheusOperatorVersion(major, minor);
    if (!releaseAtLeast(v, { major: 0, minor: 60 })) {
      throw new ValidationError(`the library supports Prometheus Operator 0.60 and later (AlertmanagerConfig v1alpha1 with matchers); received ${quote(version)}`);
    }
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

  /** Whether this release is `other` or newer. */
  public atLeast(other: PrometheusOperatorVersion): boolean {
    return releaseAtLeast(this, other);
  }

  /** `0.93`. */
  public toString(): string {
    return `${this.major}.${this.minor}`;
  }
}

/**
 * A Grafana release, as the oldest one that must load the chart's dashboards and datasources
 * (`TargetVersions.grafana`).
 */
export class GrafanaVersion {
  /** Grafana 11.0. */
  public static readonly V11_0 = new GrafanaVersion(11, 0);
  /** Grafana 12.0: dashboard schema version 41 (the default target). */
  public static readonly V12_0 = new GrafanaVersion(12, 0);

  /**
   * Any release from 10.0 on. An invalid version is reported by the chart that uses it (`targetVersions`).
   * @param version `major.minor` or `major.minor.patch`, e.g. `12.3.0`
   */
  public static of(version: string): GrafanaVersion {
    return deferBuild(() => GrafanaVersion.parse(version), () => new GrafanaVersion(10, 0));
  }

  private static parse(version: string): GrafanaVersion {
    const [major, minor] = parseRelease(version, '12.0');
    const v = new GrafanaVersion(major, minor);
    if (!releaseAtLeast(v, { major: 10, minor: 0 })) {
      throw new ValidationError(`the library supports Grafana 10.0 and later; received ${quote(version)}`);
    }
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

  /** Whether this release is `other` or newer. */
  public atLeast(other: GrafanaVersion): boolean {
    return releaseAtLeast(this, other);
  }

  /** `12.0`. */
  public toString(): string {
    return `${this.major}.${this.minor}`;
  }
}

/**
 * A Loki release (and of its agents, Promtail), as the oldest one that must run the chart's LogQL rules and
 * agent configuration (`TargetVersions.loki`).
 */
export class LokiVersion {
  /** Loki 3.0. */
  public static readonly V3_0 = new LokiVersion(3, 0);
  /** Loki 3.5, the release whose source the library's Loki and Promtail checks follow (the default target). */
  public static readonly V3_5 = new LokiVersion(3, 5);

  /**
   * Any release from 2.9 on. An invalid version is reported by the chart that uses it (`targetVersions`).
   * @param version `major.minor` or `major.minor.patch`, e.g. `3.5.1`
   */
  public static of(version: string): LokiVersion {
    return deferBuild(() => LokiVersion.parse(version), () => new LokiVersion(2, 9));
  }

  private static parse(version: string): LokiVersion {
    const [major, minor] = parseRelease(version, '3.5');
    const v = new LokiVersion(major, minor);
    if (!releaseAtLeast(v, { major: 2, minor: 9 })) {
      throw new ValidationError(`the library supports Loki 2.9 and later; received ${quote(version)}`);
    }
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

  /** Whether this release is `other` or newer. */
  public atLeast(other: LokiVersion): boolean {
    return releaseAtLeast(this, other);
  }

  /** `3.5`. */
  public toString(): string {
    return `${this.major}.${this.minor}`;
  }
}

/**
 * The releases of the monitoring stack an app's or a chart's output must work with: the oldest release of
 * each tool that loads it. Where releases differ, the checks follow the declared ones: a field or a query
 * the target does not know fails at synth, naming the release that introduced it. Set it once on the
 * `MonitoringApp`, and per chart only where a chart's output goes to other clusters (a chart's fields
 * replace the app's, field by field).
 *
 * Each default is the current long-term support release, or the newest release the library's checks run
 * against, so that what the defaults accept is what the real tools accept: Prometheus 3.5 (promtool 3.5.3),
 * Alertmanager 0.33 (amtool 0.33.1), Prometheus Operator 0.93 (its CRDs), Grafana 12.0 and Loki 3.5.
 *
 * @example
 * const app = new MonitoringApp({ outdir: 'dist', targetVersions: { prometheus: PrometheusVersion.of('2.53'), alertmanager: AlertmanagerVersion.V0_28 } });
 */
export interface TargetVersions {
  /**
   * The oldest Prometheus release that loads the rules and serves the dashboards' queries.
   * @default PrometheusVersion.V3_5
   */
  readonly prometheus?: PrometheusVersion;

  /**
   * The oldest Alertmanager release that loads the routing (`alertmanager.yaml`, or the configuration the
   * operator generates from AlertmanagerConfig resources).
   * @default AlertmanagerVersion.V0_33
   */
  readonly alertmanager?: AlertmanagerVersion;

  /**
   * The oldest Prometheus Operator release whose CRDs must accept the monitors, rules and AlertmanagerConfigs.
   * @default PrometheusOperatorVersion.V0_93
   */
  readonly prometheusOperator?: PrometheusOperatorVersion;

  /**
   * The oldest Grafana release that loads the dashboards.
   * @default GrafanaVersion.V12_0
   */
  readonly grafana?: GrafanaVersion;

  /**
   * The oldest Loki release (and Promtail release) that runs the log rules, queries and agent configuration.
   * @default LokiVersion.V3_5
   */
  readonly loki?: LokiVersion;
}

/**
 * How refusals name the target: `the target is Prometheus 3.0 (targetVersions.prometheus), which the checks treat as 2.42: ...`.
 * @internal
 */
export function describeTarget(version: PrometheusVersion): string {
  const between = version.atLeast(PrometheusVersion.V2_42) && !version.atLeast(PrometheusVersion.V3_5) && version.toString() !== PrometheusVersion.V2_42.toString();
  return `the target is Prometheus ${version} (targetVersions.prometheus)${between ? ', which the checks treat as 2.42: they know the behaviour of 2.42 and 3.5, and a release between them may lack what 3.5 has' : ''}`;
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
 * Every target, resolved: the chart's, else the app's, else the default.
 * @internal
 */
export interface ResolvedTargetVersions {
  readonly prometheus: PrometheusVersion;
  readonly alertmanager: AlertmanagerVersion;
  readonly prometheusOperator: PrometheusOperatorVersion;
  readonly grafana: GrafanaVersion;
  readonly loki: LokiVersion;
}

/** The defaults: the current long-term support releases the checks run against. @internal */
export const DEFAULT_TARGET_VERSIONS: ResolvedTargetVersions = {
  prometheus: PrometheusVersion.V3_5,
  alertmanager: AlertmanagerVersion.V0_33,
  prometheusOperator: PrometheusOperatorVersion.V0_93,
  grafana: GrafanaVersion.V12_0,
  loki: LokiVersion.V3_5,
};

/** The `targetVersions` field of a chart or an app (MonitoringChart, MonitoringApp), read without importing them. */
function declaredOn(scope: IConstruct | undefined): TargetVersions | undefined {
  return (scope as { readonly targetVersions?: TargetVersions } | undefined)?.targetVersions;
}

/** What the chart and the app of `scope` declare (either may be undefined). */
function declaredFor(scope: IConstruct): { chart?: TargetVersions; app?: TargetVersions } {
  let chart: Chart | undefined;
  try {
    chart = Chart.of(scope);
  } catch {
    chart = undefined;
  }
  return { chart: declaredOn(chart), app: declaredOn(scope.node.root) };
}

/** One target: the chart's, else the app's, else the default. */
function pick<K extends keyof ResolvedTargetVersions>(declared: { chart?: TargetVersions; app?: TargetVersions }, key: K): ResolvedTargetVersions[K] {
  return (declared.chart?.[key] ?? declared.app?.[key] ?? DEFAULT_TARGET_VERSIONS[key]) as ResolvedTargetVersions[K];
}

/**
 * The releases the constructs under `scope` target: their `MonitoringChart`'s `targetVersions`, else their
 * `MonitoringApp`'s, else the defaults, field by field.
 * @internal
 */
export function targetVersionsOf(scope: IConstruct): ResolvedTargetVersions {
  const declared = declaredFor(scope);
  if (declared.chart === undefined && declared.app === undefined) return DEFAULT_TARGET_VERSIONS;
  return {
    prometheus: pick(declared, 'prometheus'),
    alertmanager: pick(declared, 'alertmanager'),
    prometheusOperator: pick(declared, 'prometheusOperator'),
    grafana: pick(declared, 'grafana'),
    loki: pick(declared, 'loki'),
  };
}

/**
 * The Prometheus release the constructs under `scope` target (`targetVersionsOf(scope).prometheus`),
 * without building the other targets: every query a construct parses asks for it.
 * @internal
 */
export function targetPrometheus(scope: IConstruct): PrometheusVersion {
  return pick(declaredFor(scope), 'prometheus');
}

const VERSION_CLASSES: { [K in keyof ResolvedTargetVersions]: { type: Function; example: string } } = {
  prometheus: { type: PrometheusVersion, example: "PrometheusVersion.V3_5 or PrometheusVersion.of('3.5')" },
  alertmanager: { type: AlertmanagerVersion, example: "AlertmanagerVersion.V0_28 or AlertmanagerVersion.of('0.28')" },
  prometheusOperator: { type: PrometheusOperatorVersion, example: "PrometheusOperatorVersion.V0_93 or PrometheusOperatorVersion.of('0.85')" },
  grafana: { type: GrafanaVersion, example: "GrafanaVersion.V12_0 or GrafanaVersion.of('12.2')" },
  loki: { type: LokiVersion, example: "LokiVersion.V3_5 or LokiVersion.of('3.6')" },
};

/** Checks a `targetVersions` prop given without a type checker. @internal */
export function checkTargetVersions(value: unknown): TargetVersions | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(`targetVersions: must be an object, e.g. { prometheus: PrometheusVersion.V3_5 }; received ${quote(value)}`);
  }
  const known = Object.keys(VERSION_CLASSES) as (keyof ResolvedTargetVersions)[];
  for (const key of Object.keys(value)) {
    if (!(known as string[]).includes(key)) {
      throw new ValidationError(`targetVersions.${key}: unknown tool; targetVersions names ${known.join(', ')}`);
    }
  }
  for (const key of known) {
    const version = (value as { [k: string]: unknown })[key];
    if (version === undefined) continue;
    const { type, example } = VERSION_CLASSES[key];
    if (!(version instanceof type)) throw new ValidationError(`targetVersions.${key}: must be ${/^[AEIOU]/.test(type.name) ? 'an' : 'a'} ${type.name}, e.g. ${example}; received ${quote(version)}`);
    // a problem found when the version was created (PrometheusVersion.of('3'))
    ValidationError.inField(`targetVersions.${key}`, () => raiseProblem(version));
  }
  return value as TargetVersions;
}
