import { PrometheusDuration, quote, Serialize, ValidationError } from '../core';
import { checkValues } from '../core/problems';
import { checkNumber, optionalString, requireArray, requireObject } from '../core/untyped';
import { Relabel, RelabelAction } from '../core/relabel';
import { LogClient, LogCollection, LogDiscoveryKind, LogJob, LogLimits } from './log-collection';
import { LogMetric, LogMetricType, MatchAction, Stage, StageKind } from './pipeline';

/** Options of the Promtail rendering that do not belong to the agent-independent model. */
export interface PromtailConfigOptions {
  /**
   * Port of Promtail's HTTP server (`/ready`, `/metrics`): a TCP port, an integer from 1 to 65535. Maps to
   * `server.http_listen_port`.
   * @default 3101
   */
  readonly httpPort?: number;
  /**
   * File where Promtail records how far it has read each file. Maps to `positions.filename`.
   * @default "/var/lib/promtail/positions.yaml" (where `PromtailAgent` keeps it)
   */
  readonly positionsFile?: string;
  /**
   * Root under which the Secrets of client credentials are mounted.
   * @default "/etc/log-agent/secrets"
   */
  readonly secretMountRoot?: string;
  /**
   * Promtail's own log level. Maps to `server.log_level`.
   * @default "info"
   */
  readonly logLevel?: string;
}

/**
 * Renders the agent-independent model as Promtail's configuration file.
 * @see https://grafana.com/docs/loki/latest/send-data/promtail/configuration/
 */
export class PromtailConfig {
  /** The configuration as a plain object (keys in Promtail's names). */
  public static render(collection: LogCollection, options: PromtailConfigOptions = {}): { [key: string]: unknown } {
    if (!(collection instanceof LogCollection)) {
      throw new ValidationError(`PromtailConfig collection: must be a LogCollection (new LogCollection(scope, 'Logs', { clients })); received ${quote(collection)}`);
    }
    requireObject(options, 'PromtailConfig options', '{ httpPort: 3101 }');
    // server.http_listen_port (dskit server.Config): an int port; 0 would pick a random port the probes cannot know
    checkNumber(options.httpPort, 'PromtailConfig httpPort', PORT);
    for (const f of ['positionsFile', 'secretMountRoot', 'logLevel'] as const) optionalString(options[f], `PromtailConfig ${f}`, "'/var/lib/promtail/positions.yaml'");
    const secretRoot = options.secretMountRoot ?? '/etc/log-agent/secrets';
    return {
      server: {
        http_listen_port: options.httpPort ?? 3101,
        // Promtail's gRPC server serves nothing a DaemonSet needs; port 0 picks a random free port.
        grpc_listen_port: 0,
        log_level: options.logLevel ?? 'info',
      },
      positions: { filename: options.positionsFile ?? '/var/lib/promtail/positions.yaml' },
      clients: collection.clients.map((c) => renderClient(c, secretRoot)),
      limits_config: renderLimits(collection.limits),
      scrape_configs: collection.jobs.map((j) => ValidationError.within(j, () => renderJob(j))),
    };
  }

  /** The configuration file text (stable YAML). */
  public static toYaml(collection: LogCollection, options: PromtailConfigOptions = {}): string {
    return Serialize.yaml(PromtailConfig.render(collection, options));
  }

  /** Renders pipeline stages as Promtail's `pipeline_stages` list. */
  public static renderStages(stages: Stage[]): Array<{ [key: string]: unknown }> {
    requireArray(stages, 'stages', '[Stage.cri()]').forEach((s, i) => {
      if (!(s instanceof Stage)) throw new ValidationError(`stages[${i}]: must be a Stage, e.g. Stage.cri(); received ${quote(s)}`);
    });
    checkValues(undefined, 'stages', stages);
    return stages.map((s, i) => ValidationError.inField(`stages[${i}].${s.kind}`, () => renderStage(s)));
  }

  /** Renders relabeling rules as Prometheus `relabel_configs`. */
  public static renderRelabelings(rules: Relabel[]): Array<{ [key: string]: unknown }> {
    requireArray(rules, 'relabelings', "[Relabel.keep({ sourceLabels: ['namespace'], regex: 'shop' })]").forEach((r, i) => {
      if (!(r instanceof Relabel)) throw new ValidationError(`relabelings[${i}]: must be a Relabel, e.g. Relabel.keep(...); received ${quote(r)}`);
    });
    checkValues(undefined, 'relabelings', rules);
    return rules.map(renderRelabel);
  }

  private constructor() {}
}

/** A TCP port: an integer from 1 to 65535. @internal */
export const PORT = { unit: 'a TCP port', integer: true, min: 1, max: 65535 } as const;

function renderClient(c: LogClient, secretRoot: string): { [key: string]: unknown } {
  return {
    url: c.url,
    tenant_id: c.tenantId,
    basic_auth: c.basicAuthPassword ? { username: c.basicAuthUsername, password_file: c.basicAuthPassword.filePath(secretRoot) } : undefined,
    bearer_token_file: c.bearerToken?.filePath(secretRoot),
    external_labels: Object.keys(c.externalLabels).length > 0 ? c.externalLabels : undefined,
    batchwait: c.batchWait ? PrometheusDuration.formatGo(c.batchWait) : undefined,
    batchsize: c.batchSizeBytes,
    timeout: c.timeout ? PrometheusDuration.formatGo(c.timeout) : undefined,
  };
}

function renderLimits(l: LogLimits): { [key: string]: unknown } | undefined {
  const out = {
    readline_rate_enabled: l.readlineRate !== undefined ? true : undefined,
    readline_rate: l.readlineRate,
    readline_burst: l.readlineRate !== undefined ? (l.readlineBurst ?? Math.ceil(l.readlineRate)) : undefined,
    readline_rate_drop: l.readlineRate !== undefined ? (l.readlineRateDrop ?? true) : undefined,
    max_streams: l.maxStreams,
    max_line_size: l.maxLineSizeBytes,
    max_line_size_truncate: l.maxLineSizeTruncate,
  };
  return Object.values(out).some((v) => v !== undefined) ? out : undefined;
}

function renderJob(job: LogJob): { [key: string]: unknown } {
  const d = job.discovery;
  const pipeline = PromtailConfig.renderStages(job.stages());
  if (d.kind === LogDiscoveryKind.KUBERNETES_PODS) {
    return {
      job_name: job.name,
      kubernetes_sd_configs: [{ role: 'pod', namespaces: d.namespaces ? { names: d.namespaces } : undefined }],
      relabel_configs: [
        // Promtail only reads targets whose __host__ is its own host name (HOSTNAME, set to the node name by
        // the DaemonSet): each agent reads the pods of its own node.
        { source_labels: ['__meta_kubernetes_pod_node_name'], target_label: '__host__' },
        ...PromtailConfig.renderRelabelings(d.relabelings),
      ],
      pipeline_stages: pipeline.length > 0 ? pipeline : undefined,
    };
  }
  return {
    job_name: job.name,
    static_configs: (d.paths ?? []).map((p) => ({ targets: ['localhost'], labels: { ...d.labels, __path__: p } })),
    relabel_configs: d.relabelings.length > 0 ? PromtailConfig.renderRelabelings(d.relabelings) : undefined,
    pipeline_stages: pipeline.length > 0 ? pipeline : undefined,
  };
}

function renderRelabel(r: Relabel): { [key: string]: unknown } {
  return {
    source_labels: r.sourceLabels && r.sourceLabels.length > 0 ? r.sourceLabels : undefined,
    separator: r.separator,
    regex: r.regex,
    target_label: r.targetLabel,
    replacement: r.replacement,
    modulus: r.modulus,
    action: r.action === RelabelAction.REPLACE ? undefined : r.action,
  };
}

function renderMetric(m: LogMetric): { [key: string]: unknown } {
  const typeName = { [LogMetricType.COUNTER]: 'Counter', [LogMetricType.GAUGE]: 'Gauge', [LogMetricType.HISTOGRAM]: 'Histogram' }[m.type];
  return {
    type: typeName,
    description: m.description,
    source: m.source,
    prefix: m.prefix,
    max_idle_duration: m.maxIdle ? PrometheusDuration.formatGo(m.maxIdle) : undefined,
    config: {
      value: m.value,
      action: m.action ?? (m.type === LogMetricType.COUNTER ? 'inc' : undefined),
      match_all: m.matchAll,
      count_entry_bytes: m.countEntryBytes,
      buckets: m.buckets,
    },
  };
}

function renderStage(stage: Stage): { [key: string]: unknown } {
  const d = stage.definition;
  switch (stage.kind) {
    case StageKind.CRI: {
      const o = d.cri!;
      return { cri: { max_partial_lines: o.maxPartialLines, max_partial_line_size: o.maxPartialLineSizeBytes, max_partial_line_size_truncate: o.maxPartialLineSizeTruncate } };
    }
    case StageKind.DOCKER:
      return { docker: {} };
    case StageKind.JSON: {
      const o = d.json!;
      return { json: { expressions: o.expressions, source: o.source, drop_malformed: o.dropMalformed } };
    }
    case StageKind.LOGFMT: {
      const o = d.logfmt!;
      return { logfmt: { mapping: o.mapping, source: o.source } };
    }
    case StageKind.REGEX: {
      const o = d.regex!;
      return { regex: { expression: o.expression, source: o.source } };
    }
    case StageKind.LABELS:
      return { labels: d.labels!.labels };
    case StageKind.STRUCTURED_METADATA:
      return { structured_metadata: d.structuredMetadata!.metadata };
    case StageKind.TIMESTAMP: {
      const o = d.timestamp!;
      return {
        timestamp: {
          source: o.source,
          format: o.format.format,
          fallback_formats: o.fallbackFormats?.map((f) => f.format),
          location: o.location,
          action_on_failure: o.actionOnFailure,
        },
      };
    }
    case StageKind.OUTPUT:
      return { output: { source: d.output!.source } };
    case StageKind.DROP: {
      const o = d.drop!;
      return {
        drop: {
          source: o.source === undefined ? undefined : o.source.length === 1 ? o.source[0] : o.source,
          separator: o.separator,
          expression: o.expression,
          value: o.value,
          older_than: o.olderThan ? PrometheusDuration.formatGo(o.olderThan) : undefined,
          longer_than: o.longerThanBytes !== undefined ? `${o.longerThanBytes}B` : undefined,
          drop_counter_reason: o.dropCounterReason,
        },
      };
    }
    case StageKind.MATCH: {
      const o = d.match!;
      return {
        match: {
          selector: o.selector,
          pipeline_name: o.pipelineName,
          action: o.action === MatchAction.DROP ? 'drop' : undefined,
          drop_counter_reason: o.dropCounterReason,
          stages: o.stages && o.stages.length > 0 ? PromtailConfig.renderStages(o.stages) : undefined,
        },
      };
    }
    case StageKind.MULTILINE: {
      const o = d.multiline!;
      return { multiline: { firstline: o.firstLine, max_wait_time: o.maxWait ? PrometheusDuration.formatGo(o.maxWait) : undefined, max_lines: o.maxLines } };
    }
    case StageKind.METRICS: {
      const out: { [name: string]: unknown } = {};
      for (const m of d.metrics!.metrics) out[m.name] = renderMetric(m);
      return { metrics: out };
    }
    case StageKind.TEMPLATE: {
      const o = d.template!;
      return { template: { source: o.source, template: o.template } };
    }
    case StageKind.TENANT: {
      const o = d.tenant!;
      return { tenant: { source: o.source, label: o.label, value: o.value } };
    }
    case StageKind.PACK: {
      const o = d.pack!;
      return { pack: { labels: o.labels, ingest_timestamp: o.ingestTimestamp } };
    }
    case StageKind.LIMIT: {
      const o = d.limit!;
      return { limit: { rate: o.rate, burst: o.burst, drop: o.drop, by_label_name: o.byLabelName, max_distinct_labels: o.maxDistinctLabels } };
    }
    default:
      throw new ValidationError(`Promtail cannot render the stage kind ${quote(stage.kind)}`);
  }
}
