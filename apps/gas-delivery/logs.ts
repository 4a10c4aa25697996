import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { LogLineFormat, LogQueries, LokiRules, Stage, TimestampFormat } from '../../lib/loki';
import { LogFormat } from '../../lib/app';
import { EnvironmentConfig } from '../environments';

const APP = 'gas-delivery';

/**
 * The log pipeline of the gas-delivery backend (FastAPI with python-json-logger on stdout), for the pods
 * of its namespace; the platform's job has already parsed the CRI wrapping.
 *
 * The seed's Promtail json stage read `level` and `timestamp`, but the formatter
 * (`%(asctime)s %(name)s %(levelname)s %(message)s`) emits `levelname` and `asctime`
 * (`2024-01-15 10:30:00,123`, not RFC3339): the stage reads the keys the formatter really writes, and the
 * timestamp uses the matching Go layout. The seed tailed `/var/log/luckygas/*.log`, which the app never
 * writes (StreamHandler only): pod stdout is read instead.
 *
 * Labels are the seed's `level` and `service` (one value per deployment) besides the platform's
 * `namespace`/`app`/`job`; the unbounded fields (`name` — the logger —, `version`) go to structured
 * metadata, and `message` stays in the line.
 */
export function logFormat(): LogFormat {
  return LogFormat.custom([
    Stage.json({ expressions: { level: 'levelname', service: '', timestamp: 'asctime', logger: 'name', version: '' } }),
    Stage.labels({ labels: { level: '', service: '' } }),
    Stage.structuredMetadata({ metadata: { logger: '', version: '' } }),
    Stage.timestamp({ source: 'timestamp', format: TimestampFormat.goLayout('2006-01-02 15:04:05,000'), fallbackFormats: [TimestampFormat.RFC3339] }),
  ]);
}

/**
 * The gas-delivery log rules. The seed has no log-based alert; its runbook's first step for "High Error
 * Rate" is reading the ERROR lines (`kubectl logs ... | grep ERROR`). DERIVED: that becomes a recording
 * rule of ERROR lines per second by app, so dashboards and alerts can use it without scanning logs.
 */
export function addLogAlerts(scope: Construct, env: EnvironmentConfig): void {
  const rules = new LokiRules(scope, 'LogRules', { name: `${APP}-log-rules` });
  rules.addGroup(`${APP}-logs`).addRecord('app:log_error_lines:rate5m', {
    expr: LogQueries.errorRate({
      selector: LogQueries.selector({ namespace: env.namespace(APP) }),
      format: LogLineFormat.JSON, levelField: 'levelname', errorLevels: 'ERROR|CRITICAL', window: Duration.minutes(5),
    }),
  });
}
