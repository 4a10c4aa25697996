// Fields of the Prometheus Operator's resources that need a newer release than the oldest one the library
// supports, checked against the target versions of the chart (`targetVersions`). Not public API.
import { IConstruct } from 'constructs';
import { PrometheusOperatorVersion, PrometheusVersion, ValidationError } from '../core';
import { targetVersionsOf } from '../core/target-versions';

/**
 * The first releases that support a field: of Prometheus, which reads it (the operator leaves it out of the
 * configuration it writes for an older Prometheus, with a warning in its log), and of the Prometheus
 * Operator, whose CRD has it (an older CRD does not: the API server drops or refuses it). `major.minor`.
 * @internal
 */
export interface Introduced {
  readonly prometheus?: string;
  readonly operator?: string;
}

const prometheusReleases = new Map<string, PrometheusVersion>();
const operatorReleases = new Map<string, PrometheusOperatorVersion>();

function prometheusRelease(version: string): PrometheusVersion {
  let v = prometheusReleases.get(version);
  if (v === undefined) {
    v = PrometheusVersion.of(version);
    prometheusReleases.set(version, v);
  }
  return v;
}

function operatorRelease(version: string): PrometheusOperatorVersion {
  let v = operatorReleases.get(version);
  if (v === undefined) {
    v = PrometheusOperatorVersion.of(version);
    operatorReleases.set(version, v);
  }
  return v;
}

/**
 * Throws, without a path (callers run it inside `ValidationError.within`), when `field`, used by a construct
 * under `scope`, needs a newer Prometheus or Prometheus Operator than the chart targets. `missing`: what the
 * older CRDs lack, for the message (`the field`, `this value`).
 * @internal
 */
export function requireReleases(scope: IConstruct, field: string, introduced: Introduced, missing = 'the field'): void {
  const target = targetVersionsOf(scope);
  if (introduced.prometheus !== undefined) {
    const needed = prometheusRelease(introduced.prometheus);
    if (!target.prometheus.atLeast(needed)) {
      throw new ValidationError(`${field}: needs Prometheus ${needed} or later; the chart targets Prometheus ${target.prometheus} (targetVersions.prometheus), `
        + `for which the Prometheus Operator leaves it out of the configuration. Remove it, or declare targetVersions: { prometheus: PrometheusVersion.of('${needed}') } `
        + `(or later) if every Prometheus that loads it runs ${needed} or later`);
    }
  }
  if (introduced.operator !== undefined) {
    const needed = operatorRelease(introduced.operator);
    if (!target.prometheusOperator.atLeast(needed)) {
      throw new ValidationError(`${field}: needs Prometheus Operator ${needed} or later; the chart targets Prometheus Operator ${target.prometheusOperator} `
        + `(targetVersions.prometheusOperator), whose CRDs do not have ${missing} (the API server drops or refuses it). Remove it, or declare `
        + `targetVersions: { prometheusOperator: PrometheusOperatorVersion.of('${needed}') } (or later) if every cluster runs ${needed} or later`);
    }
  }
}
