import { Duration, Testing } from 'cdk8s';
import { MonitoringChart, SecretRef, Severity } from '../../lib';
import { Check, QueryLint, StandardCatalogues } from '../../lib/catalogue';
import { BlackboxExporter, BlackboxExporterProps, BlackboxModule, NginxExporter, NginxExporterProps, PostgresExporter, PostgresExporterProps, RedisExporter, RedisExporterProps } from '../../lib/exporters';
import { AlertCatalogue, AlertingRule, PrometheusRule, RuleTests, RunbookLinks } from '../../lib/prometheus';
import { one, synth } from '../util/synth';
import { promtoolTestRules, TOOL_VERSIONS } from '../util/tools';

// The exporters' built-in alerts changed by name (AlertOverride): threshold, for, severity, labels,
// annotations, enabled; the alert catalogue shows it; a wrong name, a threshold where there is none and
// bad types from plain JavaScript fail with the field; and the query lint passes on the generated alerts.

const NS = 'shop';
const js = (v: unknown) => v as any;

function chart() {
  return new MonitoringChart(Testing.app(), NS, { partOf: NS, namespace: NS });
}

function postgres(props: Partial<PostgresExporterProps> = {}, c = chart()) {
  return new PostgresExporter(c, 'pg', { connection: SecretRef.fromSecret('pg', 'dsn'), jobName: 'postgres', ...props });
}
function redis(props: Partial<RedisExporterProps> = {}, c = chart()) {
  return new RedisExporter(c, 'redis', { address: 'redis:6379', ...props });
}
function nginx(props: Partial<NginxExporterProps> = {}, c = chart()) {
  return new NginxExporter(c, 'nginx', { scrapeUri: 'http://nginx:8080/stub_status', ...props });
}
function blackbox(props: BlackboxExporterProps = {}, c = chart()) {
  const exporter = new BlackboxExporter(c, 'blackbox', props);
  exporter.addProbe('shop', { module: BlackboxModule.http('http_2xx'), targets: ['https://shop.example.com/health'], jobName: 'shop-health' });
  return exporter;
}

function rules(alertRules: PrometheusRule | undefined): { [alert: string]: any } {
  return Object.fromEntries((alertRules?.groups ?? []).flatMap((g) => g.alerts).map((a) => [a.alertName, a._render()]));
}

function alert(alertRules: PrometheusRule | undefined, name: string): AlertingRule {
  return alertRules!.groups.flatMap((g) => g.alerts).find((a) => a.alertName === name)!;
}

describe('exporter alert overrides', () => {
  test('change the threshold, for, severity, labels and annotations of an alert by name; enabled: false drops one', () => {
    const generated = rules(postgres().alertRules);
    const changed = rules(postgres({
      alertLabels: { team: 'database' },
      overrides: {
        PostgresHighConnections: {
          threshold: 0.9,
          for: Duration.minutes(20),
          severity: Severity.CRITICAL,
          labels: { tier: 'gold' },
          annotations: { summary: 'the shop database is nearly out of connections', playbook: 'https://wiki.example.com/db-connections' },
        },
        PostgresExporterErrors: { enabled: false },
      },
    }).alertRules);
    expect(Object.keys(changed)).toEqual(['PostgresExporterDown', 'PostgresDown', 'PostgresHighConnections']);
    const high = changed.PostgresHighConnections;
    expect(high.expr).toBe(generated.PostgresHighConnections.expr.replace(/ > 0\.8$/, ' > 0.9'));
    expect(high.for).toBe('20m');
    expect(high.labels).toEqual({ severity: 'critical', team: 'database', tier: 'gold' });
    expect(high.annotations).toEqual({
      summary: 'the shop database is nearly out of connections',
      description: generated.PostgresHighConnections.annotations.description,
      playbook: 'https://wiki.example.com/db-connections',
    });
    // the others keep their generated form (with the exporter's labels)
    expect(changed.PostgresDown).toEqual({ ...generated.PostgresDown, labels: { severity: 'critical', team: 'database' } });
  });

  test('each exporter\'s thresholds, in their units, reach the expression and the summary', () => {
    const r = rules(redis({ overrides: { RedisMemoryHigh: { threshold: 0.75 }, RedisTooManyConnections: { threshold: 0.5 } } }).alertRules);
    expect(r.RedisMemoryHigh.expr).toMatch(/\) > 0\.75$/);
    expect(r.RedisMemoryHigh.annotations.summary).toBe('Redis uses more than 75% of its maxmemory');
    expect(r.RedisTooManyConnections.expr).toMatch(/\) > 0\.5$/);
    const n = rules(nginx({ overrides: { NginxDroppedConnections: { threshold: 0.01 } } }).alertRules);
    expect(n.NginxDroppedConnections.expr).toMatch(/\[5m\]\) > 0\.01$/);
    expect(n.NginxDroppedConnections.annotations.summary).toBe('NGINX drops more than 1% of the connections it accepts');
    const b = rules(blackbox({ overrides: { BlackboxSslCertificateWillExpireSoon: { threshold: 30 }, BlackboxSlowProbe: { threshold: 2.5 } } }).alertRules);
    expect(b.BlackboxSslCertificateWillExpireSoon.expr).toBe('probe_ssl_earliest_cert_expiry{job="shop-health", namespace="shop"} - time() < 30 * 86400');
    expect(b.BlackboxSslCertificateWillExpireSoon.annotations.summary).toBe('The TLS certificate of {{ $labels.instance }} expires in less than 30 days');
    expect(b.BlackboxSlowProbe.expr).toBe('avg_over_time(probe_duration_seconds{job="shop-health", namespace="shop"}[5m]) > 2.5');
  });

  test('a blackbox override applies to the alerts of every probe', () => {
    const exporter = blackbox({ overrides: { BlackboxProbeFailed: { for: Duration.minutes(3) } } });
    exporter.addProbe('api', { module: BlackboxModule.http('http_2xx'), targets: ['https://api.example.com/health'], jobName: 'api-health' });
    const failed = exporter.alertRules!.groups[0].alerts.filter((a) => a.alertName === 'BlackboxProbeFailed');
    expect(failed.map((a) => [a.labels.job, a.for?.toMinutes()])).toEqual([['shop-health', 3], ['api-health', 3]]);
  });

  describe.each(TOOL_VERSIONS.map((t) => [t.name, t] as const))('promtool %s', (_name, tool) => {
    test('the overridden threshold and for decide when the alerts fire', () => {
      const c = chart();
      const pg = postgres({ overrides: { PostgresHighConnections: { threshold: 0.9 }, PostgresDown: { for: Duration.minutes(10) } } }, c);
      const sel = `job="postgres", namespace="${NS}", instance="10.0.0.5:9187"`;
      const connections = (n: number) => [
        { series: `pg_stat_activity_count{${sel}, datname="shop", state="active"}`, values: `${n}x20` },
        { series: `pg_settings_max_connections{${sel}}`, values: '100x20' },
        { series: `pg_settings_superuser_reserved_connections{${sel}}`, values: '3x20' },
      ];
      const labels = { job: 'postgres', namespace: NS, instance: '10.0.0.5:9187' };
      // 85 of 97 (87.6 %) fires the generated 80 % alert (exporter-alerts.test.ts), not a 90 % one; 90 of 97 does
      alert(pg.alertRules, 'PostgresHighConnections').addTest({ name: '85 of 97 connections, under 90 %', inputSeries: connections(85), expectations: [{ at: Duration.minutes(15), alerts: [] }] });
      alert(pg.alertRules, 'PostgresHighConnections').addTest({
        name: '90 of 97 connections, over 90 %',
        inputSeries: connections(90),
        expectations: [{ at: Duration.minutes(15), alerts: [{ labels, annotations: { description: '92.78% of the connections open to non-superusers (max_connections minus superuser_reserved_connections) are in use; at 100 % PostgreSQL refuses new connections ("too many clients already").' } }] }],
      });
      // down from minute 1: the generated 1m would fire from minute 2; 10m fires from minute 11
      alert(pg.alertRules, 'PostgresDown').addTest({
        name: 'PostgresDown waits for its overridden for',
        inputSeries: [{ series: `pg_up{${sel}}`, values: '1 0x15' }],
        expectations: [
          { at: Duration.minutes(5), alerts: [] },
          { at: Duration.minutes(10), alerts: [] },
          {
            at: Duration.minutes(12),
            alerts: [{
              labels,
              annotations: {
                summary: 'PostgreSQL is unreachable from the exporter 10.0.0.5:9187',
                description: 'The PostgreSQL exporter 10.0.0.5:9187 (job postgres) cannot connect to PostgreSQL (pg_up is 0): the server is down or refuses connections, or the connection string or its credentials are wrong; the exporter\'s log says which.',
              },
            }],
          },
        ],
      });
      const { files, testFiles } = RuleTests.render(c);
      const result = promtoolTestRules(testFiles[0], files, tool);
      expect(result.output).toContain('SUCCESS');
      expect(result.ok).toBe(true);
    });
  });

  test('dropping every alert, or alerts: false, leaves no PrometheusRule', () => {
    const c = chart();
    const all = nginx({ overrides: { NginxExporterDown: { enabled: false }, NginxDown: { enabled: false }, NginxDroppedConnections: { enabled: false } } }, c);
    expect(all.alertRules).toBeUndefined();
    const off = redis({ alerts: false }, c);
    expect(off.alertRules).toBeUndefined();
    const probes = blackbox({ alerts: false }, c);
    expect(probes.alertRules).toBeUndefined();
    expect(synth(c).filter((o) => o.kind === 'PrometheusRule')).toEqual([]);
  });

  test('runbooks link each alert to its page', () => {
    const r = rules(postgres({ runbooks: RunbookLinks.under('https://wiki.example.com/runbooks/db') }).alertRules);
    expect(Object.values(r).map((x) => x.annotations.runbook_url)).toEqual([
      'https://wiki.example.com/runbooks/db/postgres-exporter-down',
      'https://wiki.example.com/runbooks/db/postgres-down',
      'https://wiki.example.com/runbooks/db/postgres-high-connections',
      'https://wiki.example.com/runbooks/db/postgres-exporter-errors',
    ]);
  });

  test('the alert catalogue shows the overridden fields', () => {
    const c = chart();
    postgres({ overrides: { PostgresHighConnections: { threshold: 0.9, for: Duration.minutes(20) } } }, c);
    blackbox({ overrides: { BlackboxSslCertificateWillExpireSoon: { severity: Severity.CRITICAL, labels: { team: 'web' } } } }, c);
    const entries = AlertCatalogue.entries(c);
    expect(entries.filter((e) => e.overridden !== undefined).map((e) => [e.alert, e.group, e.severity, e.for, e.overridden])).toEqual([
      ['PostgresHighConnections', 'pg', 'warning', '20m', ['threshold', 'for']],
      ['BlackboxSslCertificateWillExpireSoon', 'blackbox', 'critical', '15m', ['severity', 'labels']],
    ]);
    const md = AlertCatalogue.markdown(c);
    expect(md).toContain('| Alert | Severity | For | Group | Summary | Runbook | Overridden |');
    expect(md).toContain('| `PostgresHighConnections` | warning | 20m | pg | PostgreSQL uses more than 90% of its connections | — | threshold, for |');
    expect(md).toContain('| `PostgresDown` | critical | 1m | pg | PostgreSQL is unreachable from the exporter {{ $labels.instance }} | — | — |');
  });
});

describe('exporter alert props that fail', () => {
  test('an unknown alert name fails with the known names and a did you mean', () => {
    expect(() => postgres({ overrides: { PostgresDwn: { enabled: false } } })).toThrow(
      '[shop/pg] overrides: "PostgresDwn" is not a built-in alert of PostgresExporter (known: PostgresExporterDown, PostgresDown, PostgresHighConnections, PostgresExporterErrors); did you mean "PostgresDown"?');
    expect(() => redis({ overrides: { RedisOutOfMemory: { threshold: 0.8 } } })).toThrow(
      '[shop/redis] overrides: "RedisOutOfMemory" is not a built-in alert of RedisExporter (known: RedisExporterDown, RedisDown, RedisMemoryHigh, RedisTooManyConnections)');
    expect(() => blackbox({ overrides: { BlackboxProbeFaild: { enabled: false } } })).toThrow(
      '[shop/blackbox] overrides: "BlackboxProbeFaild" is not a built-in alert of BlackboxExporter (known: BlackboxExporterDown, BlackboxProbeFailed, BlackboxSlowProbe, BlackboxSslCertificateWillExpireSoon); did you mean "BlackboxProbeFailed"?');
    expect(() => nginx({ overrides: { NginxUp: { enabled: false } } })).toThrow(
      '[shop/nginx] overrides: "NginxUp" is not a built-in alert of NginxExporter (known: NginxExporterDown, NginxDown, NginxDroppedConnections)');
  });

  test('a threshold on an alert without one, or out of its unit\'s range, fails with the field', () => {
    expect(() => postgres({ overrides: { PostgresDown: { threshold: 1 } } })).toThrow(
      '[shop/pg] overrides.PostgresDown.threshold: this alert has no threshold to change; remove threshold, or change the alert\'s other fields');
    expect(() => blackbox({ overrides: { BlackboxExporterDown: { threshold: 1 } } })).toThrow(
      '[shop/blackbox] overrides.BlackboxExporterDown.threshold: this alert has no threshold to change');
    expect(() => redis({ overrides: { RedisMemoryHigh: { threshold: 90 } } })).toThrow(
      '[shop/redis] overrides.RedisMemoryHigh.threshold: must be a finite number strictly between 0 and 1 (a ratio of maxmemory, 0.9 = 90 %); received 90 (a number); did you mean 0.9?');
    expect(() => postgres({ overrides: { PostgresHighConnections: { threshold: 1 } } })).toThrow(
      '[shop/pg] overrides.PostgresHighConnections.threshold: must be a finite number strictly between 0 and 1 (a ratio of the connections open to non-superusers, 0.8 = 80 %); received 1 (a number)');
    expect(() => blackbox({ overrides: { BlackboxSslCertificateWillExpireSoon: { threshold: 0 } } })).toThrow(
      '[shop/blackbox] overrides.BlackboxSslCertificateWillExpireSoon.threshold: must be a finite number greater than 0 (days before the certificate expires); received 0 (a number)');
    expect(() => blackbox({ overrides: { BlackboxSlowProbe: { threshold: -1 } } })).toThrow(
      '[shop/blackbox] overrides.BlackboxSlowProbe.threshold: must be a finite number greater than 0 (seconds of probe duration, averaged over 5 minutes); received -1 (a number)');
  });

  test('overrides with alerts: false, or labels the series carry, fail', () => {
    expect(() => postgres({ alerts: false, overrides: { PostgresDown: { for: Duration.minutes(2) } } })).toThrow(
      '[shop/pg] overrides: alerts is false, so there is no built-in alert to change (received overrides of PostgresDown); remove overrides, or alerts: false');
    expect(() => redis({ alertLabels: { job: 'cache' } })).toThrow(
      '[shop/redis] alertLabels: "job" comes from the exporter\'s series, which the alerts select by job and namespace; remove it (received "cache")');
    expect(() => nginx({ alertLabels: { severity: 'page' } })).toThrow('[shop/nginx] alertLabels: "severity" is set by the rule itself; use the severity option');
    expect(() => nginx({ overrides: { NginxDown: { labels: { alertname: 'X' } } } })).toThrow('[shop/nginx] overrides.NginxDown.labels: "alertname" is set by the rule itself; remove it');
  });

  test('plain JavaScript: bad types fail with the field, never a TypeError', () => {
    expect(() => postgres(js({ alerts: 'yes' }))).toThrow('[shop/pg] alerts: must be true or false; received "yes" (a string)');
    expect(() => redis(js({ alertLabels: 'team=cache' }))).toThrow('[shop/redis] alertLabels: must be an object of strings, e.g. { team: \'payments\' }; received "team=cache" (a string)');
    expect(() => redis(js({ alertLabels: { team: 7 } }))).toThrow('[shop/redis] alertLabels["team"]: must be a string; received 7 (a number)');
    expect(() => nginx(js({ runbooks: 'https://wiki.example.com/runbooks' }))).toThrow(
      '[shop/nginx] runbooks: must be RunbookLinks, e.g. RunbookLinks.under(\'https://wiki.example.com/runbooks\'); received "https://wiki.example.com/runbooks"');
    expect(() => new BlackboxExporter(chart(), 'blackbox', js({ overrides: [] }))).toThrow('[shop/blackbox] overrides: must be an object');
    expect(() => postgres(js({ overrides: { PostgresDown: 'off' } }))).toThrow('[shop/pg] overrides.PostgresDown: must be an object');
    expect(() => postgres(js({ overrides: { PostgresDown: { enabled: 'no' } } }))).toThrow('[shop/pg] overrides.PostgresDown.enabled: must be true or false; received "no" (a string)');
    expect(() => postgres(js({ overrides: { PostgresDown: { for: '5m' } } }))).toThrow('[shop/pg] overrides.PostgresDown.for: must be a Duration, e.g. Duration.minutes(5); received "5m" (a string)');
    expect(() => postgres(js({ overrides: { PostgresDown: { severity: 'page' } } }))).toThrow('[shop/pg] overrides.PostgresDown.severity: must be a Severity');
    expect(() => redis(js({ overrides: { RedisMemoryHigh: { threshold: '0.8' } } }))).toThrow('[shop/redis] overrides.RedisMemoryHigh.threshold: must be a finite number');
    expect(() => redis(js({ overrides: { RedisMemoryHigh: { annotations: { summary: 1 } } } }))).toThrow('[shop/redis] overrides.RedisMemoryHigh.annotations["summary"]: must be a string; received 1 (a number)');
  });
});

describe('the query lint on the exporter alerts', () => {
  const runbooks = RunbookLinks.under('https://wiki.example.com/runbooks');
  const all = (c: MonitoringChart) => {
    postgres({ runbooks }, c);
    redis({ runbooks }, c);
    nginx({ runbooks }, c);
    blackbox({ runbooks }, c);
  };

  test('passes with the exporters\' catalogues: every metric, label, function and alert hygiene check', () => {
    const c = chart();
    all(c);
    const lint = QueryLint.attach(c, [
      StandardCatalogues.postgresExporter(), StandardCatalogues.redisExporter(), StandardCatalogues.nginxExporter(), StandardCatalogues.blackbox(), StandardCatalogues.prometheus(),
    ]);
    expect(lint.findings()).toEqual([]);
    expect(() => synth(c)).not.toThrow();
  });

  test('passes with the metrics the exporter constructs declare, plus Prometheus\' own (up)', () => {
    const c = chart();
    all(c);
    expect(QueryLint.attach(c, [StandardCatalogues.prometheus()]).findings()).toEqual([]);
  });

  test('without runbooks, the runbook check reports the alerts as accepted, with the reason, in the output; the synth passes', () => {
    const c = chart();
    postgres({ overrides: { PostgresDown: { annotations: { runbook_url: 'https://wiki.example.com/runbooks/db-down' } } } }, c);
    const findings = QueryLint.attach(c, [StandardCatalogues.postgresExporter(), StandardCatalogues.prometheus()]).findings();
    const reason = 'a built-in alert of PostgresExporter, which was given no runbooks; link each alert to its page with the exporter\'s runbooks (RunbookLinks.under(...))';
    // PostgresDown has its runbook from its override
    expect(findings.map((f) => [f.check, f.path, f.suppressedBecause])).toEqual(['PostgresExporterDown', 'PostgresHighConnections', 'PostgresExporterErrors'].map((n) => [Check.ALERT_RUNBOOK, `shop/pg/Alerts/pg/${n}`, reason]));
    const rule = one(synth(c), 'PrometheusRule', 'pg');
    expect(rule.metadata.annotations?.['lint.cdk8s-observability/skip']).toContain(`alert-runbook (pg/PostgresExporterDown): ${reason}`);
  });

  test('really checks the metrics: without Prometheus\' own series, `up` is unknown and the synth fails', () => {
    const c = chart();
    postgres({ runbooks }, c);
    const findings = QueryLint.attach(c, [StandardCatalogues.postgresExporter()]).findings();
    expect(findings.map((f) => [f.check, f.path])).toEqual([[Check.UNKNOWN_METRIC, 'shop/pg/Alerts/pg/PostgresExporterDown'], [Check.UNKNOWN_METRIC, 'shop/pg/Alerts/pg/PostgresExporterDown']]);
    expect(() => synth(c)).toThrow('query lint: [shop/pg/Alerts/pg/PostgresExporterDown] expr: unknown metric "up"');
  });
});
