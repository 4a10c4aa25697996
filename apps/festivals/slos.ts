import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { InstanceSelectorLabels, RunbookLinks } from '../../lib/prometheus';
import { HistogramBuckets, Sli, Slo } from '../../lib/slo';
import { EnvironmentConfig } from '../environments';
import { HEALTH_JOB } from './exporters';

/** Where the runbooks live (the seed has none), as for the app's alerts. */
const RUNBOOKS = RunbookLinks.under('https://wiki.internal/runbooks/festivals');

/**
 * The SLOs implied by the festivals seed, which declares none: its alerts say what matters.
 * - `api-availability`: 99.5 % of API requests are not 5xx over 30 days (FestivalsHighErrorRate pages at
 *   5 % for 5 minutes; the burn-rate alerts catch far smaller, longer burns);
 * - `api-latency`: 95 % of API requests within 2.5 s over 30 days (FestivalsHighLatency: p95 above 2 s).
 *   The API is in Go with client_golang's default buckets, which have no 2 s boundary (1, 2.5);
 * - `api-health`: the API's health endpoint answers 200 to the blackbox probe 99.5 % of the time.
 * Series are selected by the environment's namespace, as every festivals query is.
 */
export function addSlos(scope: Construct, env: EnvironmentConfig): void {
  const ns = `namespace="${env.namespace('festivals')}"`;
  const api = `job="festivals-api", ${ns}`;
  const instanceLabels = InstanceSelectorLabels.release('prometheus');
  new Slo(scope, 'api-availability', {
    runbookUrl: RUNBOOKS.urlFor('slo-api-availability'),
    sli: Sli.ratio({ errors: `http_requests_total{${api}, status=~"5.."}`, total: `http_requests_total{${api}}` }),
    objective: 99.5,
    instanceLabels,
  });
  new Slo(scope, 'api-latency', {
    runbookUrl: RUNBOOKS.urlFor('slo-api-latency'),
    sli: Sli.latency({ histogram: `http_request_duration_seconds{${api}}`, threshold: Duration.millis(2500), buckets: HistogramBuckets.GO_CLIENT_DEFAULT }),
    objective: 95,
    instanceLabels,
  });
  new Slo(scope, 'api-health', {
    runbookUrl: RUNBOOKS.urlFor('slo-api-health'),
    sli: Sli.probe(`probe_success{job="${HEALTH_JOB}", ${ns}}`),
    objective: 99.5,
    instanceLabels,
  });
}
