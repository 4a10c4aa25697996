import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Severity } from '../../lib';
import { BlackboxExporter, BlackboxModule } from '../../lib/exporters';
import { InstanceSelectorLabels, RunbookLinks } from '../../lib/prometheus';
import { EnvironmentConfig } from '../environments';

/** The `job` label of the API health probe (the `api-health` SLO selects it). */
export const HEALTH_JOB = 'festivals-health';

/**
 * The API's health URL inside the cluster. The seed names no health endpoint; this assumes a Service
 * `festivals-api` (the runbook's Deployment is `prod-festivals-api`) answering `/health` on port 8080.
 * Change it here if the API differs.
 */
export const HEALTH_PATH = '/health';
const SERVICE = 'festivals-api';
const PORT = 8080;

/**
 * The exporters of the festivals seed: a blackbox exporter probing the API's health endpoint (expects a
 * 200 within 5 s, every 30 s), selected by the seed's Prometheus (`release: prometheus`).
 * kube-state-metrics, cAdvisor and node-exporter come with the seed's kube-prometheus-stack.
 *
 * The probe's built-in alerts are linked to the festivals runbooks; `BlackboxProbeFailed` is a warning:
 * the `api-health` SLO on the same probe pages when failures last, and FestivalsAPIDown when the API is down.
 */
export function addExporters(scope: Construct, env: EnvironmentConfig): void {
  const blackbox = new BlackboxExporter(scope, 'blackbox-exporter', {
    scrapeInterval: Duration.seconds(30),
    instanceLabels: InstanceSelectorLabels.release('prometheus'),
    runbooks: RunbookLinks.under('https://wiki.internal/runbooks/festivals'),
    overrides: { BlackboxProbeFailed: { severity: Severity.WARNING } },
  });
  blackbox.addProbe('api-health', {
    name: 'festivals-api-health',
    module: BlackboxModule.http('http_200', { validStatusCodes: [200], timeout: Duration.seconds(5) }),
    targets: [`http://${SERVICE}.${env.namespace('festivals')}.svc:${PORT}${HEALTH_PATH}`],
    jobName: HEALTH_JOB,
    targetLabels: { service: 'festivals-api' },
  });
}
