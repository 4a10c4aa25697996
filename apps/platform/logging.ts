/**
 * The platform's log stack: one log agent on every node (Promtail or Grafana Alloy, chosen by one
 * parameter, Alloy by default), the Loki configuration, and the ruler wiring for the applications' LogQL
 * rules.
 *
 * Signature:
 *
 * ```ts
 * addPlatformLogging(scope: Construct, env: EnvironmentConfig, pipelines: LogPipeline[], agent: LogAgent = LogAgent.ALLOY): LoggingStack
 * ```
 *
 * It returns the `LoggingStack` (`collection`, `agent`, `loki`). Call it from the platform chart with
 * the applications' pipelines (each application's `AppMonitoring.logPipeline`); their rules are added in
 * their own charts with their `addLogAlerts(scope, env)`, which write `LokiRules` ConfigMaps labelled
 * `loki_rule: "1"` in the applications' namespaces. The Loki Helm chart's rules sidecar watches only Loki's
 * namespace unless told otherwise: the chart values rendered beside the configuration (ConfigMap
 * `loki-config-helm-values`, `values.yaml`: `sidecar.rules.searchNamespace` lists the namespaces of the
 * applications' rules) make it copy them into the ruler's `/rules/fake` directory that this configuration
 * reads. Install the chart with those values (Flux: `valuesFrom` that ConfigMap).
 *
 * ```ts
 * const pipelines = [gasDelivery.logPipeline, festivals.logPipeline, erp.logPipeline];
 * const logging = addPlatformLogging(platformChart, env, pipelines); // Alloy
 * // or, for a cluster still on Promtail: addPlatformLogging(platformChart, env, pipelines, LogAgent.PROMTAIL)
 * ```
 *
 * Why Alloy by default: Promtail was deprecated on 2025-02-13 and reached end of life on 2026-03-02;
 * Alloy is its successor and renders from the same `LogCollection`, so switching back or forth changes
 * nothing else.
 */
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { LogAgent, LogClient, LoggingStack, LogPipeline, LogQueries, LokiDeploymentMode, LokiStorage, Stage } from '../../lib/loki';
import { EnvironmentConfig } from '../environments';

/** In-cluster Loki (gateway of the Loki Helm chart in namespace `loki`), as the Grafana datasource uses it. */
const LOKI_PUSH_URL = 'http://loki-gateway.loki.svc/loki/api/v1/push';
/** The Prometheus Operator's Alertmanager service, where the Loki ruler sends alerts. */
const ALERTMANAGER_URL = 'http://alertmanager-operated.monitoring.svc:9093';
/** Prometheus' remote-write receiver, for the results of the Loki recording rules. */
const PROMETHEUS_REMOTE_WRITE_URL = 'http://prometheus-operated.monitoring.svc:9090/api/v1/write';

/**
 * Builds the log agent (Alloy unless `agent` says otherwise), the collection of the applications'
 * pipelines (in the order given), and the Loki configuration with its ruler, for one environment.
 */
export function addPlatformLogging(scope: Construct, env: EnvironmentConfig, pipelines: LogPipeline[], agent: LogAgent = LogAgent.ALLOY): LoggingStack {
  const production = env.name === 'production';
  const stack = new LoggingStack(scope, 'Logging', {
    agent,
    clients: [LogClient.push({ url: LOKI_PUSH_URL, externalLabels: { cluster: env.name } })],
    // A runaway logger on one node must not starve the others or Loki's per-tenant ingestion limit.
    limits: { readlineRate: 5000, readlineBurst: 10000, maxStreams: 10000, maxLineSizeBytes: 256 * 1024, maxLineSizeTruncate: true },
    podStages: [
      Stage.cri(),
      // Kubernetes probes hitting the apps' health endpoints are the noisiest lines and carry nothing.
      Stage.drop({ expression: '"(GET|HEAD) /(health|healthz|ready|readyz|live|livez|metrics)[^"]*"', dropCounterReason: 'health_checks' }),
    ],
    priorityClassName: production ? 'system-node-critical' : undefined,
    loki: {
      name: 'loki-config',
      mode: production ? LokiDeploymentMode.SIMPLE_SCALABLE : LokiDeploymentMode.SINGLE_BINARY,
      storage: production ? LokiStorage.s3({ bucket: 'observability-loki-chunks', region: 'ap-southeast-1' }) : LokiStorage.filesystem(),
      retention: production ? Duration.days(30) : Duration.days(7),
      // The festivals seed keeps its logs 7 days (Loki retention_period 168h).
      retentionStreams: [{ selector: LogQueries.selector({ namespace: env.namespace('festivals') }), period: Duration.days(7) }],
      ruler: { alertmanagerUrl: ALERTMANAGER_URL, remoteWriteUrl: PROMETHEUS_REMOTE_WRITE_URL },
    },
  });
  for (const pipeline of pipelines) stack.addPipeline(pipeline);
  return stack;
}
