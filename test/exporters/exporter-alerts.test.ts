import { Duration, Testing } from 'cdk8s';
import { MonitoringChart, SecretRef } from '../../lib';
import { BlackboxExporter, BlackboxModule, NginxExporter, PostgresExporter, RedisExporter } from '../../lib/exporters';
import { AlertingRule, PrometheusRule, RuleTests } from '../../lib/prometheus';
import { crdSchemaErrors } from '../util/schema';
import { byKind, one, synth } from '../util/synth';
import { promtoolCheckRules, promtoolTestRules, TOOL_VERSIONS, ToolVersion } from '../util/tools';

// The built-in alerts of the exporters, proven with promtool (both versions): the rule files pass
// `check rules`, and for each alert a unit test feeds series written by hand from the exporter's metric
// semantics, expecting it to fire where it must (with its labels and rendered texts) and to stay silent
// where it must not (healthy values, another job or namespace, the condition of another alert).

const NS = 'shop';

function chart() {
  return new MonitoringChart(Testing.app(), NS, { partOf: NS, namespace: NS });
}

/** The alerting rule of a name in an exporter's PrometheusRule (exactly one). */
function alert(rules: PrometheusRule | undefined, name: string): AlertingRule {
  const found = (rules?.groups ?? []).flatMap((g) => g.alerts).filter((a) => a.alertName === name);
  if (found.length !== 1) throw new Error(`expected one alert ${name}, found ${found.length}`);
  return found[0];
}

function names(rules: PrometheusRule | undefined): string[] {
  return (rules?.groups ?? []).flatMap((g) => g.alerts).map((a) => `${a.alertName}${a.labels.job ? ` ${a.labels.job}` : ''}`);
}

/** Runs `promtool test rules` on the test file of one PrometheusRule of the chart. */
function testRules(c: MonitoringChart, rules: PrometheusRule, tool: ToolVersion) {
  const { files, testFiles } = RuleTests.render(c);
  const file = `${NS}/${rules.name}.test.yaml`;
  expect(testFiles).toContain(file);
  return promtoolTestRules(file, files, tool);
}

/**
 * The tests of an `<Exporter>Down` alert on a ServiceMonitor target: a target failing its scrapes, a
 * vanished target (its Service deleted), healthy targets, and other jobs and namespaces left alone.
 */
function addTargetDownTests(rule: AlertingRule, job: string, exporter: string, monitored: string, port: number, labels: { [k: string]: string } = {}) {
  const instance = `10.0.0.5:${port}`;
  rule.addTest({
    name: `${rule.alertName}: a target failing its scrapes`,
    inputSeries: [
      { series: `up{job="${job}", namespace="${NS}", instance="${instance}"}`, values: '1 1 0x12' },
      { series: `up{job="${job}", namespace="${NS}", instance="10.0.0.6:${port}"}`, values: '1x14' },
      // another namespace's exporter of the same job name is down: not this exporter
      { series: `up{job="${job}", namespace="other", instance="10.0.1.5:${port}"}`, values: '0x14' },
    ],
    expectations: [
      // down from minute 2: pending until minute 6, firing from minute 7 (for: 5m)
      { at: Duration.minutes(5), alerts: [] },
      {
        at: Duration.minutes(8),
        alerts: [{
          labels: { ...labels, job, namespace: NS, instance },
          annotations: {
            summary: `The ${exporter} ${instance} (job ${job}) is not scraped`,
            description: `Prometheus cannot scrape the ${exporter} at ${instance}: ${monitored} is not monitored while it lasts.`,
          },
        }],
      },
    ],
  });
  rule.addTest({
    name: `${rule.alertName}: a target that vanished`,
    inputSeries: [
      { series: `up{job="${job}", namespace="${NS}", instance="${instance}"}`, values: '1 1 1 1' },
      { series: `up{job="${job}", namespace="other", instance="10.0.1.5:${port}"}`, values: '1x20' },
      { series: `up{job="backend", namespace="${NS}", instance="10.0.0.9:8000"}`, values: '1x20' },
    ],
    expectations: [
      { at: Duration.minutes(6), alerts: [] },
      {
        at: Duration.minutes(15),
        alerts: [{
          labels: { ...labels, job, namespace: NS },
          annotations: {
            summary: `The ${exporter} (job ${job}) has no scrape target`,
            description: `Prometheus has no target with job="${job}" in namespace ${NS}: the exporter's Deployment or Service is gone, or Prometheus does not select its scrape object (instanceLabels); ${monitored} is not monitored.`,
          },
        }],
      },
    ],
  });
  rule.addTest({
    name: `${rule.alertName}: healthy targets`,
    inputSeries: [{ series: `up{job="${job}", namespace="${NS}", instance="${instance}"}`, values: '1x20' }],
    expectations: [{ at: Duration.minutes(15), alerts: [] }],
  });
}

describe('PostgresExporter alerts', () => {
  const build = () => {
    const c = chart();
    const pg = new PostgresExporter(c, 'postgres-exporter', {
      connection: SecretRef.fromSecret('pg', 'dsn'),
      jobName: 'postgres',
      alertLabels: { team: 'database' },
    });
    return { c, pg };
  };
  const sel = `job="postgres", namespace="${NS}", instance="10.0.0.5:9187"`;

  test('a PrometheusRule named like the exporter, selected like its ServiceMonitor, one group of four alerts', () => {
    const { c, pg } = build();
    const objects = synth(c);
    const rule = one(objects, 'PrometheusRule', 'postgres-exporter');
    expect(crdSchemaErrors(rule)).toEqual([]);
    expect(rule.metadata.labels).toEqual(one(objects, 'ServiceMonitor', 'postgres-exporter').metadata.labels);
    expect(rule.spec.groups.map((g: any) => g.name)).toEqual(['postgres-exporter']);
    expect(names(pg.alertRules)).toEqual(['PostgresExporterDown', 'PostgresDown', 'PostgresHighConnections', 'PostgresExporterErrors']);
    expect(rule.spec.groups[0].rules.map((r: any) => [r.alert, r.labels, r.for])).toEqual([
      ['PostgresExporterDown', { severity: 'critical', team: 'database' }, '5m'],
      ['PostgresDown', { severity: 'critical', team: 'database' }, '1m'],
      ['PostgresHighConnections', { severity: 'warning', team: 'database' }, '10m'],
      ['PostgresExporterErrors', { severity: 'warning', team: 'database' }, '30m'],
    ]);
  });

  test('the job is the Service name without jobName', () => {
    const c = chart();
    const pg = new PostgresExporter(c, 'db-exporter', { connection: SecretRef.fromSecret('pg', 'dsn') });
    expect(alert(pg.alertRules, 'PostgresDown').expr.expression).toBe(`pg_up{job="db-exporter", namespace="${NS}"} == 0`);
  });

  describe.each(TOOL_VERSIONS.map((t) => [t.name, t] as const))('promtool %s', (_name, tool) => {
    test('check rules', () => {
      const result = promtoolCheckRules({ 'postgres.rules.yaml': build().pg.alertRules!.toRuleFile() }, tool);
      expect(result.output).toContain('SUCCESS: 4 rules found');
      expect(result.ok).toBe(true);
    });

    test('test rules: each alert fires where it must and not where it must not', () => {
      const { c, pg } = build();
      addTargetDownTests(alert(pg.alertRules, 'PostgresExporterDown'), 'postgres', 'PostgreSQL exporter', 'PostgreSQL', 9187, { team: 'database' });

      alert(pg.alertRules, 'PostgresDown').addTest({
        name: 'PostgresDown: pg_up 0 while the exporter is scraped; not for a healthy server or another job',
        inputSeries: [
          { series: `pg_up{${sel}}`, values: '1 1 0x10' },
          { series: `pg_up{job="postgres", namespace="${NS}", instance="10.0.0.6:9187"}`, values: '1x12' },
          { series: `pg_up{job="other-postgres", namespace="${NS}", instance="10.0.0.7:9187"}`, values: '0x12' },
        ],
        expectations: [
          // down from minute 2: pending at 2, firing from 3 (for: 1m)
          { at: Duration.minutes(2), alerts: [] },
          {
            at: Duration.minutes(4),
            alerts: [{
              labels: { team: 'database', job: 'postgres', namespace: NS, instance: '10.0.0.5:9187' },
              annotations: {
                summary: 'PostgreSQL is unreachable from the exporter 10.0.0.5:9187',
                description: 'The PostgreSQL exporter 10.0.0.5:9187 (job postgres) cannot connect to PostgreSQL (pg_up is 0): the server is down or refuses connections, or the connection string or its credentials are wrong; the exporter\'s log says which.',
              },
            }],
          },
        ],
      });

      alert(pg.alertRules, 'PostgresHighConnections').addTest({
        name: 'PostgresHighConnections: 85 of 97 usable connections (max 100, 3 reserved) fires; 70 of 97 does not',
        inputSeries: [
          { series: `pg_stat_activity_count{${sel}, datname="shop", state="active"}`, values: '50x20' },
          { series: `pg_stat_activity_count{${sel}, datname="shop", state="idle"}`, values: '35x20' },
          { series: `pg_settings_max_connections{${sel}}`, values: '100x20' },
          { series: `pg_settings_superuser_reserved_connections{${sel}}`, values: '3x20' },
          { series: `pg_stat_activity_count{job="postgres", namespace="${NS}", instance="10.0.0.6:9187", datname="shop", state="active"}`, values: '70x20' },
          { series: `pg_settings_max_connections{job="postgres", namespace="${NS}", instance="10.0.0.6:9187"}`, values: '100x20' },
          { series: `pg_settings_superuser_reserved_connections{job="postgres", namespace="${NS}", instance="10.0.0.6:9187"}`, values: '3x20' },
        ],
        expectations: [
          { at: Duration.minutes(9), alerts: [] },
          {
            at: Duration.minutes(11),
            alerts: [{
              labels: { team: 'database', job: 'postgres', namespace: NS, instance: '10.0.0.5:9187' },
              annotations: {
                description: '87.63% of the connections open to non-superusers (max_connections minus superuser_reserved_connections) are in use; at 100 % PostgreSQL refuses new connections ("too many clients already").',
              },
            }],
          },
        ],
      });

      alert(pg.alertRules, 'PostgresExporterErrors').addTest({
        name: 'PostgresExporterErrors: scrape errors while connected fire; a connection failure (PostgresDown) does not',
        inputSeries: [
          { series: `pg_exporter_last_scrape_error{${sel}}`, values: '1x40' },
          { series: `pg_up{${sel}}`, values: '1x40' },
          { series: `pg_exporter_last_scrape_error{job="postgres", namespace="${NS}", instance="10.0.0.6:9187"}`, values: '1x40' },
          { series: `pg_up{job="postgres", namespace="${NS}", instance="10.0.0.6:9187"}`, values: '0x40' },
        ],
        expectations: [
          { at: Duration.minutes(29), alerts: [] },
          {
            at: Duration.minutes(31),
            alerts: [{
              labels: { team: 'database', job: 'postgres', namespace: NS, instance: '10.0.0.5:9187' },
              annotations: { summary: 'The PostgreSQL exporter 10.0.0.5:9187 fails some of its queries' },
            }],
          },
        ],
      });

      const result = testRules(c, pg.alertRules!, tool);
      expect(result.output).toContain('SUCCESS');
      expect(result.ok).toBe(true);
    });

    test('test rules can fail: PostgresHighConnections does not fire at 70 of 97 connections', () => {
      const { c, pg } = build();
      alert(pg.alertRules, 'PostgresHighConnections').addTest({
        name: 'a wrong expectation',
        inputSeries: [
          { series: `pg_stat_activity_count{${sel}, datname="shop", state="active"}`, values: '70x20' },
          { series: `pg_settings_max_connections{${sel}}`, values: '100x20' },
          { series: `pg_settings_superuser_reserved_connections{${sel}}`, values: '3x20' },
        ],
        expectations: [{ at: Duration.minutes(15), alerts: [{ labels: { job: 'postgres', namespace: NS, instance: '10.0.0.5:9187', team: 'database' }, annotations: { description: 'any' } }] }],
      });
      const result = testRules(c, pg.alertRules!, tool);
      expect(result.ok).toBe(false);
      expect(result.output).toContain('alertname: PostgresHighConnections');
    });
  });
});

describe('RedisExporter alerts', () => {
  const build = () => {
    const c = chart();
    const redis = new RedisExporter(c, 'redis-exporter', { address: 'redis://redis:6379' });
    return { c, redis };
  };
  const sel = `job="redis-exporter", namespace="${NS}", instance="10.0.0.5:9121"`;
  const labels = { job: 'redis-exporter', namespace: NS, instance: '10.0.0.5:9121' };
  const other = `job="redis-exporter", namespace="${NS}", instance="10.0.0.6:9121"`;

  test('four alerts in one group, on the Service-named job', () => {
    expect(names(build().redis.alertRules)).toEqual(['RedisExporterDown', 'RedisDown', 'RedisMemoryHigh', 'RedisTooManyConnections']);
  });

  describe.each(TOOL_VERSIONS.map((t) => [t.name, t] as const))('promtool %s', (_name, tool) => {
    test('check rules', () => {
      const result = promtoolCheckRules({ 'redis.rules.yaml': build().redis.alertRules!.toRuleFile() }, tool);
      expect(result.output).toContain('SUCCESS: 4 rules found');
      expect(result.ok).toBe(true);
    });

    test('test rules: each alert fires where it must and not where it must not', () => {
      const { c, redis } = build();
      addTargetDownTests(alert(redis.alertRules, 'RedisExporterDown'), 'redis-exporter', 'Redis exporter', 'Redis', 9121);
      alert(redis.alertRules, 'RedisDown').addTest({
        name: 'RedisDown: redis_up 0 for 5 minutes; a healthy Redis is silent',
        inputSeries: [
          { series: `redis_up{${sel}}`, values: '1 0x10' },
          { series: `redis_up{${other}}`, values: '1x11' },
        ],
        expectations: [
          { at: Duration.minutes(5), alerts: [] },
          { at: Duration.minutes(7), alerts: [{ labels, annotations: {
            summary: 'Redis is unreachable from the exporter 10.0.0.5:9121',
            description: 'The Redis exporter 10.0.0.5:9121 (job redis-exporter) cannot connect to Redis or authenticate (redis_up is 0): the server is down, or the address, user or password is wrong; the exporter\'s log says which.',
          } }] },
        ],
      });
      alert(redis.alertRules, 'RedisMemoryHigh').addTest({
        name: 'RedisMemoryHigh: 950 MiB of a 1000 MiB maxmemory fires; 500 MiB, or no maxmemory (0), does not',
        inputSeries: [
          { series: `redis_memory_used_bytes{${sel}}`, values: '996147200x10' },
          { series: `redis_memory_max_bytes{${sel}}`, values: '1048576000x10' },
          { series: `redis_memory_used_bytes{${other}}`, values: '524288000x10' },
          { series: `redis_memory_max_bytes{${other}}`, values: '1048576000x10' },
          { series: `redis_memory_used_bytes{job="redis-exporter", namespace="${NS}", instance="10.0.0.7:9121"}`, values: '996147200x10' },
          { series: `redis_memory_max_bytes{job="redis-exporter", namespace="${NS}", instance="10.0.0.7:9121"}`, values: '0x10' },
        ],
        expectations: [
          { at: Duration.minutes(4), alerts: [] },
          { at: Duration.minutes(6), alerts: [{ labels, annotations: { description: 'Redis uses 95% of maxmemory; at 100 % it evicts keys or refuses writes, depending on maxmemory-policy.' } }] },
        ],
      });
      alert(redis.alertRules, 'RedisTooManyConnections').addTest({
        name: 'RedisTooManyConnections: 9500 of 10000 maxclients fires; 5000 does not',
        inputSeries: [
          { series: `redis_connected_clients{${sel}}`, values: '9500x10' },
          { series: `redis_config_maxclients{${sel}}`, values: '10000x10' },
          { series: `redis_connected_clients{${other}}`, values: '5000x10' },
          { series: `redis_config_maxclients{${other}}`, values: '10000x10' },
        ],
        expectations: [
          { at: Duration.minutes(4), alerts: [] },
          { at: Duration.minutes(6), alerts: [{ labels, annotations: { description: '95% of maxclients are connected; at 100 % Redis refuses new connections ("max number of clients reached").' } }] },
        ],
      });
      const result = testRules(c, redis.alertRules!, tool);
      expect(result.output).toContain('SUCCESS');
      expect(result.ok).toBe(true);
    });
  });
});

describe('NginxExporter alerts', () => {
  const build = () => {
    const c = chart();
    const nginx = new NginxExporter(c, 'nginx-exporter', { scrapeUri: 'http://nginx:8080/stub_status', jobName: 'nginx' });
    return { c, nginx };
  };
  const sel = `job="nginx", namespace="${NS}", instance="10.0.0.5:9113"`;
  const other = `job="nginx", namespace="${NS}", instance="10.0.0.6:9113"`;
  const labels = { job: 'nginx', namespace: NS, instance: '10.0.0.5:9113' };

  test('three alerts in one group', () => {
    expect(names(build().nginx.alertRules)).toEqual(['NginxExporterDown', 'NginxDown', 'NginxDroppedConnections']);
  });

  describe.each(TOOL_VERSIONS.map((t) => [t.name, t] as const))('promtool %s', (_name, tool) => {
    test('check rules', () => {
      const result = promtoolCheckRules({ 'nginx.rules.yaml': build().nginx.alertRules!.toRuleFile() }, tool);
      expect(result.output).toContain('SUCCESS: 3 rules found');
      expect(result.ok).toBe(true);
    });

    test('test rules: each alert fires where it must and not where it must not', () => {
      const { c, nginx } = build();
      addTargetDownTests(alert(nginx.alertRules, 'NginxExporterDown'), 'nginx', 'NGINX exporter', 'NGINX', 9113);
      alert(nginx.alertRules, 'NginxDown').addTest({
        name: 'NginxDown: nginx_up 0 for 5 minutes; a healthy NGINX is silent',
        inputSeries: [
          { series: `nginx_up{${sel}}`, values: '1 0x10' },
          { series: `nginx_up{${other}}`, values: '1x11' },
        ],
        expectations: [
          { at: Duration.minutes(5), alerts: [] },
          { at: Duration.minutes(7), alerts: [{ labels, annotations: {
            summary: 'NGINX is unreachable from the exporter 10.0.0.5:9113',
            description: 'The NGINX exporter 10.0.0.5:9113 (job nginx) cannot read NGINX\'s stub_status page (nginx_up is 0): NGINX is down, or the page is not served at the exporter\'s scrape URI.',
          } }] },
        ],
      });
      alert(nginx.alertRules, 'NginxDroppedConnections').addTest({
        name: 'NginxDroppedConnections: 10 of every 100 accepted connections not handled fires; all handled does not',
        inputSeries: [
          { series: `nginx_connections_accepted{${sel}}`, values: '0+100x20' },
          { series: `nginx_connections_handled{${sel}}`, values: '0+90x20' },
          { series: `nginx_connections_accepted{${other}}`, values: '0+100x20' },
          { series: `nginx_connections_handled{${other}}`, values: '0+100x20' },
        ],
        expectations: [
          { at: Duration.minutes(4), alerts: [] },
          { at: Duration.minutes(12), alerts: [{ labels, annotations: { description: '10% of accepted connections are not handled: NGINX reached a resource limit, usually worker_connections.' } }] },
        ],
      });
      const result = testRules(c, nginx.alertRules!, tool);
      expect(result.output).toContain('SUCCESS');
      expect(result.ok).toBe(true);
    });
  });
});

describe('BlackboxExporter alerts', () => {
  const build = () => {
    const c = chart();
    const blackbox = new BlackboxExporter(c, 'blackbox-exporter', { alertLabels: { team: 'web' } });
    blackbox.addProbe('shop', { module: BlackboxModule.http('http_2xx'), targets: ['https://shop.example.com/health'], jobName: 'shop-health' });
    return { c, blackbox };
  };
  const sel = `job="shop-health", namespace="${NS}", instance="https://shop.example.com/health"`;
  const labels = { team: 'web', job: 'shop-health', namespace: NS, instance: 'https://shop.example.com/health' };

  test('no PrometheusRule before the first probe; then one group, one set of alerts per probe job', () => {
    const c = chart();
    const blackbox = new BlackboxExporter(c, 'blackbox-exporter');
    blackbox.addModule(BlackboxModule.http('http_2xx'));
    expect(blackbox.alertRules).toBeUndefined();
    expect(synth(c).filter((o) => o.kind === 'PrometheusRule')).toEqual([]);

    blackbox.addProbe('shop', { module: BlackboxModule.http('http_2xx'), targets: ['https://shop.example.com/health'], jobName: 'shop-health' });
    // a TCP probe without TLS has no certificate to watch; a second probe of a job is covered by the first's alerts
    const db = blackbox.addProbe('db', { module: BlackboxModule.tcpConnect('tcp'), targets: ['db.shop.svc:5432'] });
    blackbox.addProbe('shop-eu', { module: BlackboxModule.http('http_2xx'), targets: ['https://eu.shop.example.com/health'], jobName: 'shop-health' });
    const dbJob = `probe/${NS}/${db.resource.name}`;
    expect(names(blackbox.alertRules)).toEqual([
      'BlackboxExporterDown shop-health', 'BlackboxProbeFailed shop-health', 'BlackboxSlowProbe shop-health', 'BlackboxSslCertificateWillExpireSoon shop-health',
      `BlackboxExporterDown ${dbJob}`, `BlackboxProbeFailed ${dbJob}`, `BlackboxSlowProbe ${dbJob}`,
    ]);
    const objects = synth(c);
    const rule = one(objects, 'PrometheusRule', 'blackbox-exporter');
    expect(crdSchemaErrors(rule)).toEqual([]);
    // selected by the Prometheus that selects the probes
    for (const probe of byKind(objects, 'Probe')) expect(rule.metadata.labels).toEqual(probe.metadata.labels);
  });

  describe.each(TOOL_VERSIONS.map((t) => [t.name, t] as const))('promtool %s', (_name, tool) => {
    test('check rules', () => {
      const result = promtoolCheckRules({ 'blackbox.rules.yaml': build().blackbox.alertRules!.toRuleFile() }, tool);
      expect(result.output).toContain('SUCCESS: 4 rules found');
      expect(result.ok).toBe(true);
    });

    test('test rules: each alert fires where it must and not where it must not', () => {
      const { c, blackbox } = build();
      alert(blackbox.alertRules, 'BlackboxExporterDown').addTest({
        name: 'BlackboxExporterDown: the probe scrape fails (the exporter does not answer), and the probe vanishes',
        inputSeries: [
          { series: `up{${sel}}`, values: '1 1 0x12' },
          { series: `up{job="other-health", namespace="${NS}", instance="https://other.example.com/"}`, values: '0x14' },
        ],
        expectations: [
          { at: Duration.minutes(5), alerts: [] },
          {
            at: Duration.minutes(8),
            alerts: [{
              labels,
              annotations: {
                summary: 'The blackbox exporter does not answer the probe of https://shop.example.com/health (job shop-health)',
                description: 'Prometheus cannot get the probe of https://shop.example.com/health from the blackbox exporter (the exporter is down or unreachable, or the probe outlasts the scrape timeout): the target is not checked while it lasts.',
              },
            }],
          },
        ],
      });
      alert(blackbox.alertRules, 'BlackboxExporterDown').addTest({
        name: 'BlackboxExporterDown: the probe has no target',
        inputSeries: [{ series: `up{${sel}}`, values: '1 1 1' }],
        expectations: [{
          at: Duration.minutes(14),
          alerts: [{
            labels: { team: 'web', job: 'shop-health', namespace: NS },
            annotations: {
              summary: 'The probe job shop-health has no target',
              description: `Prometheus has no target with job="shop-health" in namespace ${NS}: the Probe is gone, or Prometheus does not select it (instanceLabels); its targets are not checked.`,
            },
          }],
        }],
      });
      alert(blackbox.alertRules, 'BlackboxProbeFailed').addTest({
        name: 'BlackboxProbeFailed: probe_success 0 fires after a minute; a succeeding probe and another job do not',
        inputSeries: [
          { series: `probe_success{${sel}}`, values: '1 1 0x5' },
          { series: `probe_success{job="shop-health", namespace="${NS}", instance="https://eu.shop.example.com/health"}`, values: '1x7' },
          { series: `probe_success{job="other-health", namespace="${NS}", instance="https://other.example.com/"}`, values: '0x7' },
        ],
        expectations: [
          { at: Duration.minutes(2), alerts: [] },
          { at: Duration.minutes(4), alerts: [{ labels, annotations: {
            summary: 'The probe of https://shop.example.com/health fails (job shop-health)',
            description: 'The blackbox exporter\'s probe of https://shop.example.com/health fails (probe_success is 0): the target is down or unreachable, or answers other than the module expects (status code, body, TLS).',
          } }] },
        ],
      });
      alert(blackbox.alertRules, 'BlackboxSlowProbe').addTest({
        name: 'BlackboxSlowProbe: 1.5 s probes fire; 0.2 s probes do not',
        inputSeries: [
          { series: `probe_duration_seconds{${sel}}`, values: '1.5x20' },
          { series: `probe_duration_seconds{job="shop-health", namespace="${NS}", instance="https://eu.shop.example.com/health"}`, values: '0.2x20' },
        ],
        expectations: [
          { at: Duration.minutes(4), alerts: [] },
          { at: Duration.minutes(6), alerts: [{ labels, annotations: { summary: 'The probe of https://shop.example.com/health takes more than 1s (job shop-health)', description: 'The probe of https://shop.example.com/health took 1.5s on average over 5 minutes.' } }] },
        ],
      });
      // promtool's clock starts at the Unix epoch: time() is the evaluation time in seconds
      alert(blackbox.alertRules, 'BlackboxSslCertificateWillExpireSoon').addTest({
        name: 'BlackboxSslCertificateWillExpireSoon: a certificate expiring in 10 days fires; one in 30 days does not',
        inputSeries: [
          { series: `probe_ssl_earliest_cert_expiry{${sel}}`, values: `${10 * 86400}x30` },
          { series: `probe_ssl_earliest_cert_expiry{job="shop-health", namespace="${NS}", instance="https://eu.shop.example.com/health"}`, values: `${30 * 86400}x30` },
        ],
        expectations: [
          { at: Duration.minutes(14), alerts: [] },
          {
            at: Duration.minutes(16),
            alerts: [{
              labels,
              annotations: {
                summary: 'The TLS certificate of https://shop.example.com/health expires in less than 21 days',
                description: 'The earliest-expiring certificate https://shop.example.com/health presents expires in 9d 23h 44m 0s: renew it, or check what renews it.',
              },
            }],
          },
        ],
      });
      const result = testRules(c, blackbox.alertRules!, tool);
      expect(result.output).toContain('SUCCESS');
      expect(result.ok).toBe(true);
    });
  });
});
