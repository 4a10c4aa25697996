import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Severity } from '../../lib';
import { LogQueries, LokiRules, Stage, TimestampFormat } from '../../lib/loki';
import { LogFormat } from '../../lib/app';
import { EnvironmentConfig } from '../environments';

const APP = 'erp';

/** nginx's `combined` access log format (the seed's Logstash `%{COMBINEDAPACHELOG}` grok), in RE2. */
const COMBINED_LOG = '^(?P<remote_addr>\\S+) \\S+ (?P<remote_user>\\S+) \\[(?P<time_local>[^\\]]+)\\] "(?P<method>\\S+) (?P<path>\\S+) (?P<protocol>[^"]+)" (?P<status>\\d{3}) (?P<bytes>\\d+|-) "(?P<referer>[^"]*)" "(?P<user_agent>[^"]*)"$';

/**
 * The ERP log pipeline: what the seed's Filebeat -> Logstash chain did, as agent stages on the pods of the
 * ERP namespace.
 *
 * - Application lines (the seed's `JSONFormatter`: `timestamp`, `level`, `logger`, `message`, `module`,
 *   `function`, `line`, `exception`, `request_id`, `user_id`): the Logstash `json` filter becomes a json
 *   stage; `level` becomes a label; `request_id`, `user_id` and `logger` become structured metadata (the
 *   Kibana "trace one request" search is `{namespace="erp"} | request_id="<id>"`); the rest stays in the
 *   line. `timestamp` is Python's `isoformat()` without a zone, in UTC: a Go layout, not RFC3339.
 * - nginx access lines (Logstash's `if [type] == "nginx"` grok): a regex stage for the combined format;
 *   the client address, user, path and user agent stay in the line (unbounded).
 * - `log_type` (`application` / `access`) replaces Filebeat's `type`; Logstash's `mutate add_field`
 *   (`environment`, `region`) becomes two constant labels.
 *
 * The seed's `logging.basicConfig(format='%(message)s')` never attaches the JSON formatter; this pipeline
 * assumes the formatter is attached (plain lines still pass, unparsed, with `log_type="application"`).
 */
export function logFormat(env: EnvironmentConfig): LogFormat {
  const ns = env.namespace(APP);
  return LogFormat.custom([
    Stage.match({
      selector: `{namespace="${ns}", container="nginx"}`,
      pipelineName: `${APP}-access`,
      stages: [
        Stage.regex({ expression: COMBINED_LOG }),
        Stage.template({ source: 'log_type', template: '{{ "access" }}' }),
        Stage.labels({ labels: { log_type: '' } }),
        Stage.timestamp({ source: 'time_local', format: TimestampFormat.goLayout('02/Jan/2006:15:04:05 -0700') }),
      ],
    }),
    Stage.match({
      selector: `{namespace="${ns}", container!="nginx"}`,
      pipelineName: `${APP}-application`,
      stages: [
        Stage.json({ expressions: { level: '', logger: '', timestamp: '', request_id: '', user_id: '' } }),
        Stage.template({ source: 'log_type', template: '{{ "application" }}' }),
        Stage.labels({ labels: { level: '', log_type: '' } }),
        Stage.structuredMetadata({ metadata: { request_id: '', user_id: '', logger: '' } }),
        Stage.timestamp({ source: 'timestamp', format: TimestampFormat.goLayout('2006-01-02T15:04:05.999999'), location: 'UTC' }),
      ],
    }),
    Stage.template({ source: 'environment', template: `{{ "${env.name}" }}` }),
    Stage.template({ source: 'region', template: '{{ "asia-southeast" }}' }),
    Stage.labels({ labels: { environment: '', region: '' } }),
  ]);
}

/**
 * The ERP log alert: the seed's Logstash output e-mailed every ERROR or CRITICAL line to the ops team
 * ("Critical Error: %{parsed.message}"). As a Loki rule it fires once per app while such lines appear,
 * instead of one e-mail per line; the routing sends `CriticalErrorLogged` to `ops-team-email`, never to
 * the pager. A recording rule keeps the rate of those lines for dashboards.
 */
export function addLogAlerts(scope: Construct, env: EnvironmentConfig): void {
  const selector = LogQueries.selector({ namespace: env.namespace(APP) });
  const group = new LokiRules(scope, 'LogRules', { name: `${APP}-log-rules` }).addGroup(`${APP}-logs`);
  group.addAlert('CriticalErrorLogged', {
    expr: `sum by (namespace, app) (count_over_time(${selector} | json | level=~"ERROR|CRITICAL" [5m])) > 0`,
    for: Duration.minutes(0),
    // an e-mail to the ops team, as in the seed: critical alerts page, log lines never do
    severity: Severity.WARNING,
    summary: 'Critical error logged in {{ $labels.app }}',
    description: '{{ $value }} ERROR or CRITICAL log lines in the last 5 minutes. Read them in Grafana Explore: ' +
      `${selector} | json | level=~"ERROR|CRITICAL"`,
  });
  group.addRecord('app:log_critical_lines:rate5m', {
    expr: `sum by (namespace, app) (rate(${selector} | json | level=~"ERROR|CRITICAL" [5m]))`,
  });
}
