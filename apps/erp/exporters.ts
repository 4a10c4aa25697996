import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { SecretRef, Severity } from '../../lib';
import { BlackboxExporter, BlackboxModule, PostgresCollector, PostgresExporter } from '../../lib/exporters';
import { RunbookLinks } from '../../lib/prometheus';
import { EnvironmentConfig } from '../environments';

/** The `job` label of the probe of `/health/` (the `api-health` SLO selects it). */
export const HEALTH_JOB = 'erp-health';

/**
 * The exporters of the ERP seed:
 * - postgres-exporter ("Database Metrics (Postgres Exporter)"), scraped with `job="postgres"` as the
 *   DatabaseDown alert expects, with the `stat_statements` collector the SlowQueries alert needs (the
 *   database must also run `CREATE EXTENSION pg_stat_statements`); DSN from Secret `postgres-exporter`;
 * - blackbox probes of the backend's health endpoints (section 8.1): `/health/` (the router's basic check;
 *   `/health` answers a 307 redirect, which the probe follows), `/health/live` and `/health/ready`, each
 *   expecting a 200, and in production the public `http://api.qutykarunia.com/health` of runbook 9.1.
 *   `/health/detailed` is left out: it answers 200 even when degraded.
 * The Node exporter the seed lists comes with kube-prometheus-stack.
 *
 * Both bring their built-in alerts, linked to the ERP's runbooks: postgres-exporter's labelled
 * `team: database` (as the seed's DatabaseDown), without `PostgresDown`, which the seed's DatabaseDown
 * (`pg_up == 0`, or no `pg_up`) already is; the probes' labelled `team: backend`, with
 * `BlackboxProbeFailed` a warning: the `api-health` SLO on the same probe pages when failures last, and
 * APIServiceDown when the backend is down.
 */
export function addExporters(scope: Construct, env: EnvironmentConfig): void {
  const runbooks = RunbookLinks.under('https://wiki.internal/runbooks');
  new PostgresExporter(scope, 'postgres-exporter', {
    alertLabels: { team: 'database' },
    runbooks,
    overrides: { PostgresDown: { enabled: false } },
    connection: SecretRef.fromSecret('postgres-exporter', 'data-source-name'),
    collectors: [PostgresCollector.STAT_STATEMENTS],
    jobName: 'postgres',
  });
  const blackbox = new BlackboxExporter(scope, 'blackbox-exporter', {
    scrapeInterval: Duration.seconds(30),
    alertLabels: { team: 'backend' },
    runbooks,
    overrides: { BlackboxProbeFailed: { severity: Severity.WARNING } },
  });
  const ok = BlackboxModule.http('http_200', { validStatusCodes: [200], timeout: Duration.seconds(5) });
  const backend = `http://backend.${env.namespace('erp')}.svc:8000`;
  blackbox.addProbe('health', {
    name: 'erp-health',
    module: ok,
    targets: [`${backend}/health/`],
    jobName: HEALTH_JOB,
    targetLabels: { service: 'backend' },
  });
  // Liveness and readiness separately: readiness also fails on Redis or a full disk, which the
  // availability SLO (on /health/) should not count as the API being down.
  blackbox.addProbe('kubernetes-health', {
    name: 'erp-kubernetes-health',
    module: ok,
    targets: [`${backend}/health/live`, `${backend}/health/ready`],
    jobName: 'erp-kubernetes-health',
    targetLabels: { service: 'backend' },
  });
  if (env.paging) {
    blackbox.addProbe('public-health', {
      name: 'erp-public-health',
      module: ok,
      targets: ['http://api.qutykarunia.com/health'],
      jobName: 'erp-public-health',
    });
  }
}
