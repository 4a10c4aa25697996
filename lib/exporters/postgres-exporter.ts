import { Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PrometheusDuration, quote, SecretRef, Serialize, Severity, Validate, ValidationError } from '../core';
import { IMAGES, imageReference } from '../core/images';
import { requireObject } from '../core/untyped';
import { PrometheusRule } from '../prometheus/prometheus-rule';
import { ServiceMonitor } from '../prometheus/service-monitor';
import { ExportedMetric, MetricType } from '../catalogue/metric';
import { BuiltInAlert, ExporterAlerts, percent, targetDownAlert, targetSelector } from './exporter-alerts';
import { exporterJobName, exporterName, exporterSecretEnv, exporterServiceMonitor, ExporterProps, exporterWorkload } from './workload';

/**
 * How postgres-exporter turns a column of a custom query into a metric (`usage`). Closed wire vocabulary.
 * @see https://github.com/prometheus-community/postgres_exporter/blob/master/queries.yaml
 */
export enum ColumnUsage {
  /** The column's value becomes a label of the query's other metrics. */
  LABEL = 'LABEL',
  /** A counter: `<query>_<column>`. */
  COUNTER = 'COUNTER',
  /** A gauge: `<query>_<column>`. */
  GAUGE = 'GAUGE',
  /** A histogram: the column holds the bucket bounds, with `<column>_bucket`, `_sum` and `_count` columns beside it. */
  HISTOGRAM = 'HISTOGRAM',
  /** The column is ignored. */
  DISCARD = 'DISCARD',
}

/** One column of a custom query. */
export interface QueryColumn {
  /** The column name, as the query's `SELECT` names it (`total_orders`). */
  readonly column: string;
  /** What the column becomes. */
  readonly usage: ColumnUsage;
  /** The metric's help text (or the label's meaning). */
  readonly description: string;
}

/** Options of `PostgresExporter.addQuery()`. */
export interface PostgresQueryOptions {
  /** The SQL query; it runs at every scrape (or every `cacheFor`), so keep it cheap. */
  readonly query: string;
  /** Its columns, in the order of the `SELECT`. */
  readonly columns: QueryColumn[];
  /**
   * Run the query only against the database named in the connection string (not every discovered one). Maps to `master`.
   * @default false
   */
  readonly primaryDatabaseOnly?: boolean;
  /**
   * Cache the result this long instead of querying at every scrape. Whole seconds. Maps to `cache_seconds`.
   * @default - no caching
   */
  readonly cacheFor?: Duration;
}

/** A named custom query (the constructor's `queries`). */
export interface PostgresQuery extends PostgresQueryOptions {
  /** The query's name: the prefix of its metrics (`pg_luckygas` gives `pg_luckygas_total_orders`). */
  readonly name: string;
}

/**
 * Optional collectors of postgres-exporter, enabled with `--collector.<name>`. Closed wire vocabulary.
 * @see https://github.com/prometheus-community/postgres_exporter#flags
 */
export enum PostgresCollector {
  /** `pg_stat_statements` (needs the extension): per-query calls and times. */
  STAT_STATEMENTS = 'stat_statements',
  /** Long-running transactions. */
  LONG_RUNNING_TRANSACTIONS = 'long_running_transactions',
  /** Postmaster start time. */
  POSTMASTER = 'postmaster',
  /** Per-index I/O statistics. */
  STATIO_USER_INDEXES = 'statio_user_indexes',
}

/** Properties of a `PostgresExporter`. */
export interface PostgresExporterProps extends ExporterProps {
  /**
   * The connection string (`postgresql://user:password@host:5432/db?sslmode=require`), read from a Secret
   * into `DATA_SOURCE_NAME`: it never appears in the manifests.
   */
  readonly connection: SecretRef;
  /**
   * Custom queries; more can be added with `addQuery()`.
   * @default []
   */
  readonly queries?: PostgresQuery[];
  /**
   * Optional collectors to enable.
   * @default []
   */
  readonly collectors?: PostgresCollector[];
  /**
   * The `job` label of the scraped series (alerts such as `up{job="postgres"} == 0` key on it).
   * @default - the Service name
   */
  readonly jobName?: string;
}

const BUILT_IN: ExportedMetric[] = [
  { name: 'pg_up', type: MetricType.GAUGE, help: 'Whether the last scrape could connect to PostgreSQL (1) or not (0).' },
  { name: 'pg_exporter_last_scrape_error', type: MetricType.GAUGE, help: 'Whether the last scrape failed.' },
  { name: 'pg_exporter_scrapes_total', type: MetricType.COUNTER, help: 'Scrapes of PostgreSQL.' },
  { name: 'pg_stat_activity_count', type: MetricType.GAUGE, help: 'Connections by database and state.', labels: ['datname', 'state', 'usename', 'application_name', 'backend_type', 'wait_event_type', 'wait_event'] },
  { name: 'pg_stat_activity_max_tx_duration', type: MetricType.GAUGE, help: 'Longest running transaction, in seconds.', labels: ['datname', 'state', 'usename', 'application_name', 'backend_type', 'wait_event_type', 'wait_event'] },
  { name: 'pg_stat_database_numbackends', type: MetricType.GAUGE, help: 'Backends connected to the database.', labels: ['datid', 'datname'] },
  { name: 'pg_stat_database_xact_commit', type: MetricType.COUNTER, help: 'Committed transactions.', labels: ['datid', 'datname'] },
  { name: 'pg_stat_database_xact_rollback', type: MetricType.COUNTER, help: 'Rolled back transactions.', labels: ['datid', 'datname'] },
  { name: 'pg_stat_database_deadlocks', type: MetricType.COUNTER, help: 'Deadlocks detected.', labels: ['datid', 'datname'] },
  { name: 'pg_database_size_bytes', type: MetricType.GAUGE, help: 'Disk space used by the database.', labels: ['datname'] },
  { name: 'pg_settings_max_connections', type: MetricType.GAUGE, help: 'The max_connections setting.' },
  { name: 'pg_settings_superuser_reserved_connections', type: MetricType.GAUGE, help: 'The superuser_reserved_connections setting.' },
  { name: 'pg_locks_count', type: MetricType.GAUGE, help: 'Locks by database and mode.', labels: ['datname', 'mode'] },
];

const COLLECTOR_METRICS: { [collector: string]: ExportedMetric[] } = {
  [PostgresCollector.STAT_STATEMENTS]: [
    { name: 'pg_stat_statements_calls_total', type: MetricType.COUNTER, help: 'Calls of the statement.', labels: ['user', 'datname', 'queryid'] },
    { name: 'pg_stat_statements_seconds_total', type: MetricType.COUNTER, help: 'Time spent in the statement, in seconds.', labels: ['user', 'datname', 'queryid'] },
    { name: 'pg_stat_statements_rows_total', type: MetricType.COUNTER, help: 'Rows retrieved or affected by the statement.', labels: ['user', 'datname', 'queryid'] },
  ],
  [PostgresCollector.LONG_RUNNING_TRANSACTIONS]: [
    { name: 'pg_long_running_transactions', type: MetricType.GAUGE, help: 'Transactions running longer than 5 minutes.' },
    { name: 'pg_long_running_transactions_oldest_timestamp_seconds', type: MetricType.GAUGE, help: 'Start time of the oldest long-running transaction.' },
  ],
  [PostgresCollector.POSTMASTER]: [{ name: 'pg_postmaster_start_time_seconds', type: MetricType.GAUGE, help: 'Time at which postmaster started.' }],
  [PostgresCollector.STATIO_USER_INDEXES]: [
    { name: 'pg_statio_user_indexes_idx_blks_read_total', type: MetricType.COUNTER, help: 'Disk blocks read from the index.', labels: ['schemaname', 'relname', 'indexrelname'] },
    { name: 'pg_statio_user_indexes_idx_blks_hit_total', type: MetricType.COUNTER, help: 'Buffer hits in the index.', labels: ['schemaname', 'relname', 'indexrelname'] },
  ],
};

const TYPE_OF_USAGE: { [usage: string]: MetricType } = {
  [ColumnUsage.COUNTER]: MetricType.COUNTER,
  [ColumnUsage.GAUGE]: MetricType.GAUGE,
  [ColumnUsage.HISTOGRAM]: MetricType.HISTOGRAM,
};

/**
 * The built-in alerts, after prometheus-community/postgres_exporter's mixin (`postgres_mixin/alerts`):
 * PostgreSQLDown, PostgreSQLHighConnections and PostgresHasExporterErrors, with its `for` and thresholds.
 */
const ALERTS: BuiltInAlert[] = [
  targetDownAlert('PostgresExporterDown', 'PostgreSQL exporter', 'PostgreSQL'),
  {
    name: 'PostgresDown',
    rule: (t) => ({
      expr: `pg_up{${targetSelector(t)}} == 0`,
      for: Duration.minutes(1),
      severity: Severity.CRITICAL,
      summary: 'PostgreSQL is unreachable from the exporter {{ $labels.instance }}',
      description: `The PostgreSQL exporter {{ $labels.instance }} (job ${t.job}) cannot connect to PostgreSQL (pg_up is 0): the server is down or refuses connections, or the connection string or its credentials are wrong; the exporter's log says which.`,
    }),
  },
  {
    name: 'PostgresHighConnections',
    threshold: { value: 0.8, unit: 'a ratio of the connections open to non-superusers, 0.8 = 80 %', ratio: true },
    rule: (t, threshold) => {
      const sum = (metric: string) => `sum by (namespace, job, instance) (${metric}{${targetSelector(t)}})`;
      return {
        expr: `${sum('pg_stat_activity_count')} / (${sum('pg_settings_max_connections')} - ${sum('pg_settings_superuser_reserved_connections')}) > ${threshold}`,
        for: Duration.minutes(10),
        severity: Severity.WARNING,
        summary: `PostgreSQL uses more than ${percent(threshold)} of its connections`,
        description: '{{ $value | humanizePercentage }} of the connections open to non-superusers (max_connections minus superuser_reserved_connections) are in use; '
          + 'at 100 % PostgreSQL refuses new connections ("too many clients already").',
      };
    },
  },
  {
    name: 'PostgresExporterErrors',
    rule: (t) => ({
      // a connection failure is PostgresDown's (it sets both pg_up 0 and the scrape error)
      expr: `pg_exporter_last_scrape_error{${targetSelector(t)}} > 0 unless on (namespace, job, instance) pg_up{${targetSelector(t)}} == 0`,
      for: Duration.minutes(30),
      severity: Severity.WARNING,
      summary: 'The PostgreSQL exporter {{ $labels.instance }} fails some of its queries',
      description: 'The exporter reaches PostgreSQL, but a query fails at every scrape (a custom query, or a collector lacking a permission such as the pg_monitor role, or an extension): '
        + "that query's metrics are missing. The exporter's log names the query.",
    }),
  },
];

/** Where the queries file is mounted. */
const CONFIG_PATH = '/etc/postgres-exporter';
const CONFIG_FILE = 'queries.yaml';
/**
 * The environment variable of `--extend.query-path` (cmd/postgres_exporter/main.go, postgres_exporter v0.20.1:
 * `Envar("PG_EXPORTER_EXTEND_QUERY_PATH")`): unlike the arguments, it can be added when the first query is.
 */
const QUERY_PATH_ENV = 'PG_EXPORTER_EXTEND_QUERY_PATH';

/**
 * The Prometheus PostgreSQL exporter (postgres_exporter), with custom queries as typed metrics: a
 * Deployment (Pod Security `restricted`: non-root, read-only root filesystem, no privilege escalation, no
 * capability, the runtime's seccomp profile; resources set) reading its connection string from a Secret, a
 * Service, the queries file in a ConfigMap (rendered to postgres-exporter's `queries.yaml` format; a change
 * rolls the pods), a `ServiceMonitor` and a NetworkPolicy admitting only Prometheus (`scrapedBy`) to the
 * metrics port.
 *
 * `metrics` lists what it exports (built-in, enabled collectors, custom queries) for the metric catalogue.
 * Custom queries run at every scrape: give slow ones `cacheFor`. postgres-exporter marks its queries file
 * (`--extend.query-path`) as deprecated in favour of sql_exporter, and logs a warning at start when it is
 * given, but it still reads it and has no other way to run custom queries: the file is mounted and passed
 * (`PG_EXPORTER_EXTEND_QUERY_PATH`) only when there is at least one custom query.
 *
 * Built-in alerts (`alerts`, in `alertRules`; each can be changed or dropped with `overrides`), on the
 * exporter's series (`job` and `namespace`), after the postgres_exporter mixin:
 * - `PostgresExporterDown` (critical, 5m): the exporter's target fails its scrapes (`up == 0`), or there is
 *   none (`absent(up)`). No threshold.
 * - `PostgresDown` (critical, 1m): `pg_up == 0`, the exporter cannot connect to PostgreSQL. No threshold.
 * - `PostgresHighConnections` (warning, 10m): connections (`pg_stat_activity_count`) above a share of
 *   `max_connections` minus `superuser_reserved_connections`. Threshold: a ratio, default 0.8 (80 %).
 * - `PostgresExporterErrors` (warning, 30m): `pg_exporter_last_scrape_error > 0` while connected (a query
 *   fails). No threshold.
 *
 * @example
 * const pg = new PostgresExporter(chart, 'postgres-exporter', {
 *   connection: SecretRef.fromSecret('postgres-exporter', 'dsn'),
 *   jobName: 'postgres',
 * });
 * pg.addQuery('pg_orders', {
 *   query: 'SELECT COUNT(*) AS total FROM orders WHERE created_at >= CURRENT_DATE',
 *   columns: [{ column: 'total', usage: ColumnUsage.GAUGE, description: 'Orders today' }],
 *   cacheFor: Duration.minutes(1),
 * });
 * @see https://github.com/prometheus-community/postgres_exporter
 */
export class PostgresExporter extends Construct {
  /** The image used when none is given. */
  public static readonly DEFAULT_IMAGE = imageReference(IMAGES.postgresExporter);
  /** The port the exporter listens on. */
  public static readonly PORT = 9187;

  /** The Deployment. */
  public readonly deployment: kplus.Deployment;
  /** The NetworkPolicy admitting only the Prometheus pods (`scrapedBy`) to the metrics port; undefined with `networkPolicy: false`. */
  public readonly networkPolicy?: kplus.NetworkPolicy;
  /** The Service. */
  public readonly service: kplus.Service;
  /** The ConfigMap holding `queries.yaml`; mounted and read only when there is a custom query. */
  public readonly configMap: kplus.ConfigMap;
  /** The ServiceMonitor scraping it. */
  public readonly serviceMonitor: ServiceMonitor;
  /** The `PrometheusRule` of the built-in alerts; undefined with `alerts: false`, or when `overrides` drop them all. */
  public readonly alertRules?: PrometheusRule;
  private readonly queries: PostgresQuery[] = [];
  private readonly collectors: PostgresCollector[];
  private readonly useQueriesFile: () => void;

  public constructor(scope: Construct, id: string, props: PostgresExporterProps) {
    super(scope, id);
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    ValidationError.within(this, () => {
      requireObject(props, 'props', '{ dataSource }');
    });
    const name = exporterName(this, props);
    const alerts = ExporterAlerts.of(this, props, 'PostgresExporter', ALERTS);
    this.collectors = [...(props.collectors ?? [])];
    const jobName = exporterJobName(this, props.jobName);
    const workload = exporterWorkload(this, name, props, {
      image: props.image ?? PostgresExporter.DEFAULT_IMAGE,
      port: PostgresExporter.PORT,
      args: this.collectors.map((c) => `--collector.${c}`),
      config: { path: CONFIG_PATH, file: CONFIG_FILE, render: () => this.renderQueries(), mountLater: true },
      env: {
        DATA_SOURCE_NAME: exporterSecretEnv(this, 'ConnectionSecret', 'connection', props.connection),
      },
      defaultMemoryLimit: Size.mebibytes(128),
    });
    this.deployment = workload.deployment;
    this.networkPolicy = workload.networkPolicy;
    this.service = workload.service;
    this.configMap = workload.configMap!;
    let passed = false;
    this.useQueriesFile = () => {
      workload.mountConfig();
      if (!passed) workload.container.env.addVariable(QUERY_PATH_ENV, kplus.EnvValue.fromValue(`${CONFIG_PATH}/${CONFIG_FILE}`));
      passed = true;
    };
    this.serviceMonitor = exporterServiceMonitor(this, this.service, props, jobName);
    this.alertRules = alerts.addRule(this, name, props.instanceLabels, { job: jobName ?? name, namespace: this.service.metadata.namespace ?? Chart.of(this).namespace });
    for (const q of props.queries ?? []) this.addQuery(q.name, q);
  }

  /**
   * Adds a custom query whose metric columns become `<name>_<column>` metrics, labelled by its LABEL columns.
   * @throws ValidationError for an invalid or repeated name, a query without metric columns, repeated columns
   */
  public addQuery(name: string, options: PostgresQueryOptions): void {
    const field = `queries[${quote(name)}]`;
    ValidationError.within(this, () => {
      Validate.metricName(name, `${field} name`);
      if (this.queries.some((q) => q.name === name)) throw new ValidationError(`${field}: a query named ${quote(name)} already exists; the metric names would clash`);
      if (options.query.trim() === '') throw new ValidationError(`${field}.query: must not be empty`);
      const seen = new Set<string>();
      for (const c of options.columns) {
        Validate.labelName(c.column, `${field}.columns column`);
        if (seen.has(c.column)) throw new ValidationError(`${field}.columns: column ${quote(c.column)} is listed twice`);
        seen.add(c.column);
        if (c.description.trim() === '') throw new ValidationError(`${field}.columns[${quote(c.column)}].description: must not be empty (it is the metric's help text)`);
      }
      if (!options.columns.some((c) => c.usage in TYPE_OF_USAGE)) {
        throw new ValidationError(`${field}.columns: at least one column must be a COUNTER, GAUGE or HISTOGRAM, or the query exports nothing`);
      }
      if (options.cacheFor !== undefined && (PrometheusDuration.millis(options.cacheFor) % 1000 !== 0 || PrometheusDuration.millis(options.cacheFor) <= 0)) {
        throw new ValidationError(`${field}.cacheFor: must be a positive whole number of seconds (cache_seconds); received ${PrometheusDuration.millis(options.cacheFor)}ms`);
      }
      const builtIn = this.metrics.map((m) => m.name);
      for (const c of options.columns.filter((x) => x.usage in TYPE_OF_USAGE)) {
        if (builtIn.includes(`${name}_${c.column}`)) throw new ValidationError(`${field}: metric ${quote(`${name}_${c.column}`)} is already exported`);
      }
    });
    this.queries.push({ ...options, name, columns: [...options.columns] });
    this.useQueriesFile();
  }

  /** Every metric the exporter provides: built-in, enabled collectors and custom queries. */
  public get metrics(): ExportedMetric[] {
    const custom = this.queries.flatMap((q) => {
      const labels = q.columns.filter((c) => c.usage === ColumnUsage.LABEL).map((c) => c.column);
      return q.columns
        .filter((c) => c.usage in TYPE_OF_USAGE)
        .map((c) => ({ name: `${q.name}_${c.column}`, type: TYPE_OF_USAGE[c.usage], help: c.description, labels }));
    });
    return [...BUILT_IN, ...this.collectors.flatMap((c) => COLLECTOR_METRICS[c] ?? []), ...custom];
  }

  /** The queries file, in postgres-exporter's `queries.yaml` format. */
  public renderQueries(): string {
    const out: { [name: string]: unknown } = {};
    for (const q of this.queries) {
      out[q.name] = {
        query: q.query.trim() + '\n',
        master: q.primaryDatabaseOnly ? true : undefined,
        cache_seconds: q.cacheFor === undefined ? undefined : PrometheusDuration.millis(q.cacheFor) / 1000,
        metrics: q.columns.map((c) => ({ [c.column]: { usage: c.usage, description: c.description } })),
      };
    }
    return Serialize.yaml(out);
  }
}
