import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { LogFormat } from '../../lib/app';
import { LogLineFormat, LogQueries, LokiRules, Stage, TimestampFormat } from '../../lib/loki';
import { EnvironmentConfig } from '../environments';

const APP = 'festivals';

/**
 * How the festivals API writes its logs (JSON lines: `time`, `level`, `msg`, `method`, `path`, `status`,
 * `duration_ms`, `user_id`, `request_id`, `trace_id`): the stages of its log pipeline, which
 * `AppMonitoring` builds for the pods of its namespace (`logLabels`).
 *
 * The seed's Promtail (loki-stack chart) had no `__path__` relabeling and no cri stage, so it shipped
 * nothing parseable: the platform job adds both. The seed's json, labels and timestamp stages are kept:
 * `level` is the only label from the line (with the platform's `namespace`, `pod`, `app`); the ids a
 * support request starts from (`request_id`, `trace_id`, `user_id`) go to structured metadata, so
 * `{namespace="festivals"} | user_id="12345"` finds them without a stream per user; `path`, `status`,
 * `method`, `duration_ms` and `msg` stay in the line for `| json` queries.
 */
export function logFormat(): LogFormat {
  return LogFormat.custom([
    Stage.json({ expressions: { level: '', msg: '', timestamp: 'time', request_id: '', trace_id: '', user_id: '' } }),
    Stage.labels({ labels: { level: '' } }),
    Stage.structuredMetadata({ metadata: { request_id: '', trace_id: '', user_id: '' } }),
    Stage.timestamp({ source: 'timestamp', format: TimestampFormat.RFC3339_NANO }),
  ]);
}

/**
 * The festivals log rules. The seed defines no log alert; its saved query "Count errors per service"
 * (`sum(count_over_time({namespace=...} |= "error" [5m])) by (app)`) becomes a recording rule (DERIVED),
 * and its "Latency from logs" query a p95 of `duration_ms` by app.
 */
export function addLogAlerts(scope: Construct, env: EnvironmentConfig): void {
  const selector = LogQueries.selector({ namespace: env.namespace(APP) });
  const group = new LokiRules(scope, 'LogRules', { name: `${APP}-log-rules` }).addGroup(`${APP}-logs`);
  group.addRecord('app:log_error_lines:count5m', { expr: `sum(count_over_time(${selector} |= "error" [5m])) by (app)` });
  group.addRecord('app:log_request_duration_ms:p95_5m', {
    expr: LogQueries.requestLatencyQuantile({ selector, format: LogLineFormat.JSON, durationField: 'duration_ms', quantile: 0.95, window: Duration.minutes(5) }),
  });
}
