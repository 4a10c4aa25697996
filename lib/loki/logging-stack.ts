import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { quote, ScrapeAccessProps, ValidationError } from '../core';
import { optionalArray, optionalString, requireArray, requireObject } from '../core/untyped';
import { ILogAgent, LogAgent } from './log-agent';
import { LogClient, LogCollection, LogDiscovery, LogJob, LogLimits } from './log-collection';
import { LokiConfig, LokiConfigProps } from './loki-config';
import { LogPipeline, Stage } from './pipeline';

/** Properties of a `LoggingStack` (`scrapedBy`, `networkPolicy` and `instanceLabels` apply to the agent). */
export interface LoggingStackProps extends ScrapeAccessProps {
  /**
   * The log agent. Alloy by default: Promtail was deprecated on 2025-02-13 and reached end of life on
   * 2026-03-02, and Alloy renders from the same model, so migrating is changing this one prop.
   * @default LogAgent.ALLOY
   */
  readonly agent?: LogAgent;
  /** Loki endpoints to push to. */
  readonly clients: LogClient[];
  /**
   * Agent-wide read limits.
   * @default - none
   */
  readonly limits?: LogLimits;
  /**
   * Stages run on every pod log line before the pipelines.
   * @default [Stage.cri()]
   */
  readonly podStages?: Stage[];
  /**
   * Application pipelines, each usually restricted to its namespace. Same as `addPipeline()`.
   * @default - none
   */
  readonly pipelines?: LogPipeline[];
  /**
   * The Loki configuration to ship with the agent.
   * @default - no Loki configuration (Loki is configured elsewhere)
   */
  readonly loki?: LokiConfigProps;
  /**
   * Agent container image.
   * @default - the agent's pinned default
   */
  readonly image?: string;
  /**
   * Agent resources.
   * @default - the agent's defaults
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * Agent priority class.
   * @default - none
   */
  readonly priorityClassName?: string;
}

/**
 * A cluster's log collection in one construct: a `LogCollection` with the Kubernetes pod job, the chosen
 * log agent (`agent` prop: Alloy or Promtail) rendering it, and optionally the Loki configuration.
 *
 * @example
 * const logs = new LoggingStack(platformChart, 'Logging', {
 *   agent: LogAgent.PROMTAIL, // or LogAgent.ALLOY (default)
 *   clients: [LogClient.push({ url: 'http://loki-gateway.loki.svc/loki/api/v1/push' })],
 * });
 * logs.addPipeline(erpPipeline);
 */
export class LoggingStack extends Construct {
  /** The agent-independent collection model. */
  public readonly collection: LogCollection;
  /** The Kubernetes pod job that carries the pipelines. */
  public readonly podsJob: LogJob;
  /** The agent. */
  public readonly agent: ILogAgent;
  /** The Loki configuration, when `loki` was given. */
  public readonly loki?: LokiConfig;

  public constructor(scope: Construct, id: string, props: LoggingStackProps) {
    super(scope, id);
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    ValidationError.within(this, () => {
      requireObject(props, 'props', '{ clients: [LogClient.push({ url })] }');
      requireArray(props.clients, 'clients', "[LogClient.push({ url: 'http://loki-gateway.loki.svc/loki/api/v1/push' })]");
      if (props.agent !== undefined && !(props.agent instanceof LogAgent)) {
        throw new ValidationError(`agent: must be a LogAgent, LogAgent.ALLOY or LogAgent.PROMTAIL; received ${quote(props.agent)}`);
      }
      optionalArray(props.podStages, 'podStages', '[Stage.cri()]');
      optionalArray(props.pipelines, 'pipelines', '[LogPipeline.of(...)]');
      if (props.loki !== undefined) requireObject(props.loki, 'loki', '{ storage: LokiStorage.s3({ bucket, region }) }');
      for (const f of ['image', 'priorityClassName'] as const) optionalString(props[f], f, "'system-node-critical'");
    });
    this.collection = new LogCollection(this, 'Collection', { clients: props.clients, limits: props.limits });
    this.podsJob = this.collection.addJob('kubernetes-pods', { discovery: LogDiscovery.kubernetesPods(), stages: props.podStages });
    for (const p of props.pipelines ?? []) this.addPipeline(p);
    // The agent is created once the jobs are known: it mounts their host directories.
    this.agent = (props.agent ?? LogAgent.ALLOY).create(this, 'Agent', {
      collection: this.collection, image: props.image, resources: props.resources, priorityClassName: props.priorityClassName,
      scrapedBy: props.scrapedBy, networkPolicy: props.networkPolicy, instanceLabels: props.instanceLabels,
    });
    if (props.loki) this.loki = new LokiConfig(this, 'Loki', props.loki);
  }

  /**
   * Adds an application pipeline to the pod job (after the ones added before).
   * @returns the pipeline
   */
  public addPipeline(pipeline: LogPipeline): LogPipeline {
    return ValidationError.within(this, () => this.podsJob.addPipeline(pipeline));
  }
}
