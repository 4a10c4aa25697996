import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { RunbookLinks } from '../../lib/prometheus';
import { HistogramBuckets, Sli, Slo } from '../../lib/slo';
import { EnvironmentConfig } from '../environments';
import { HEALTH_JOB } from './exporters';

const APP = 'erp';

/** The app's runbook wiki (the same as its alerts'). */
const RUNBOOKS = RunbookLinks.under('https://wiki.internal/runbooks');

/**
 * The SLOs implied by the ERP seed's KEY METRICS SUMMARY table (the seed declares targets, no SLO, no
 * period: 30 days here), with recording rules, page/ticket burn-rate alerts and generated promtool tests.
 * The table's warning/critical levels are replaced by the burn-rate alerts.
 * - `api-availability`: error rate (5xx) < 0.5 %, i.e. 99.5 % good;
 * - `api-latency`: p95 < 500 ms, i.e. 95 % of requests within 500 ms (a declared bucket boundary);
 * - `sync-success`: sync success rate > 99 %;
 * - `barcode-scan-success`: barcode scan success rate > 99 % (DUPLICATE scans count as not successful,
 *   which the seed leaves open);
 * - `database-query-latency`: the table's "avg < 100ms" as 95 % of queries within 100 ms (the seed's
 *   middleware times an empty block, so this histogram only means something once it is fixed);
 * - `api-health`: the `/health/` endpoint answers 200 to the blackbox probe 99.5 % of the time.
 * Every SLI selects the environment's namespace, as the alerts do.
 * The mobile crash rate (< 0.01 %) has no SLI in Prometheus (crashes live in Firebase Crashlytics).
 */
export function addSlos(scope: Construct, env: EnvironmentConfig): void {
  // The backend's series (the ServiceMonitor in scraping.ts pins `job="backend"`, a job other apps have
  // too) and the health probe's, in this app's namespace only, as the alerts select them.
  const ns = `namespace="${env.namespace(APP)}"`;
  const BACKEND = `${ns}, job="backend"`;
  const team = (name: string) => ({ team: name });
  new Slo(scope, 'api-availability', {
    sli: Sli.ratio({ errors: `http_requests_total{${BACKEND}, status=~"5.."}`, total: `http_requests_total{${BACKEND}}` }),
    objective: 99.5,
    runbookUrl: RUNBOOKS.urlFor('slo-api-availability'),
    labels: team('backend'),
  });
  new Slo(scope, 'api-latency', {
    sli: Sli.latency({
      histogram: `http_request_duration_seconds{${BACKEND}}`,
      threshold: Duration.millis(500),
      buckets: HistogramBuckets.of([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0]),
    }),
    objective: 95,
    runbookUrl: RUNBOOKS.urlFor('slo-api-latency'),
    labels: team('backend'),
  });
  new Slo(scope, 'sync-success', {
    sli: Sli.ratio({ good: `sync_operations_total{${BACKEND}, status="SUCCESS"}`, total: `sync_operations_total{${BACKEND}}` }),
    objective: 99,
    runbookUrl: RUNBOOKS.urlFor('slo-sync-success'),
    labels: team('mobile'),
  });
  new Slo(scope, 'barcode-scan-success', {
    sli: Sli.ratio({ good: `barcode_scans_total{${BACKEND}, status="SUCCESS"}`, total: `barcode_scans_total{${BACKEND}}` }),
    objective: 99,
    runbookUrl: RUNBOOKS.urlFor('slo-barcode-scan-success'),
    labels: team('mobile'),
  });
  new Slo(scope, 'database-query-latency', {
    sli: Sli.latency({
      histogram: `database_query_duration_seconds{${BACKEND}}`,
      threshold: Duration.millis(100),
      buckets: HistogramBuckets.of([0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0]),
    }),
    objective: 95,
    runbookUrl: RUNBOOKS.urlFor('slo-database-query-latency'),
    labels: team('database'),
  });
  new Slo(scope, 'api-health', {
    sli: Sli.probe(`probe_success{${ns}, job="${HEALTH_JOB}"}`),
    objective: 99.5,
    runbookUrl: RUNBOOKS.urlFor('slo-api-health'),
    labels: team('backend'),
  });
}
