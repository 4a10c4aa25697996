import { quote, ValidationError } from '../core';
import { deferBuild } from '../core/problems';

/**
 * The Alertmanager release a rendered `alertmanager.yaml` targets. Fields that need a newer release
 * (e.g. webhook `url_file`, 0.26+) are refused below it with a message naming the release they need,
 * so that what `amtool` 0.25 cannot check is never emitted by default.
 */
export class AlertmanagerVersion {
  /** Alertmanager 0.25 (the default: the `amtool` the test suite runs). */
  public static readonly V0_25 = new AlertmanagerVersion(0, 25);
  /** Alertmanager 0.26: adds webhook `url_file`. */
  public static readonly V0_26 = new AlertmanagerVersion(0, 26);
  /** Alertmanager 0.27. */
  public static readonly V0_27 = new AlertmanagerVersion(0, 27);
  /** Alertmanager 0.28. */
  public static readonly V0_28 = new AlertmanagerVersion(0, 28);

  /**
   * Any release from 0.25 on.
   * An invalid version is reported by the `AlertmanagerConfigSecret` that uses it, with its path.
   * @param version `major.minor` or `major.minor.patch`, e.g. `0.27.0`
   */
  public static of(version: string): AlertmanagerVersion {
    return deferBuild(() => AlertmanagerVersion.parse(version), () => new AlertmanagerVersion(0, 25));
  }

  private static parse(version: string): AlertmanagerVersion {
    const m = typeof version !== 'string' ? null : /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(version);
    if (!m) throw new ValidationError(`alertmanagerVersion: expected "major.minor[.patch]"; received ${quote(version)}`);
    const v = new AlertmanagerVersion(Number(m[1]), Number(m[2]));
    if (!v.atLeast(AlertmanagerVersion.V0_25)) {
      throw new ValidationError(`alertmanagerVersion: releases before 0.25 cannot read credentials from files for every integration; received ${quote(version)}`);
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
    return this.major > other.major || (this.major === other.major && this.minor >= other.minor);
  }

  /** `0.25`. */
  public toString(): string {
    return `${this.major}.${this.minor}`;
  }
}
