import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { quote, ScrapeAccessProps, ValidationError } from '../core';
import { optionalArray, optionalString, requireArray, requireObject, requireString } from '../core/untyped';
import { ILogAgent, LogAgent } from './log-agent';
import { LogClient, LogCollection, LogDiscovery, LogJob, LogJobOptions, LogLimits } from './log-collection';
import { LokiConfig, LokiConfigProps } from './loki-config';
import { LogPipeline, Stage } from './pipeline';

/** A job of a `LoggingStack` besides its Kubernetes pod job: static files on the nodes, say. */
export interface LoggingStackJob extends LogJobOptions {
  /** The job name (`job_name`), unique in the stack (`kubernetes-pods` is the pod job's). */
  readonly name: string;
}

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
   * The directories of the node under which the stack's jobs may read logs (see `LogCollectionProps.hostLogRoots`:
   * none may be or lie in the node's credential or socket directories such as `/etc`).
   * @default ["/var/log"]
   */
  readonly hostLogRoots?: string[];
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
   * More jobs, added before the agent is created so that it mounts the host directories they read:
   * static log files on the nodes (`LogDiscovery.staticFiles`), under the collection's host log roots.
   * A job added to `collection` after the stack is built is an error, since the agent is already built.
   *
   * @example
   * jobs: [{ name: 'syslog', discovery: LogDiscovery.staticFiles({ paths: ['/var/log/syslog'], labels: { job: 'syslog' } }) }]
   * @default - only the Kubernetes pod job
   */
  readonly jobs?: LoggingStackJob[];
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
      optionalArray(props.jobs, 'jobs', "[{ name: 'syslog', discovery: LogDiscovery.staticFiles(...) }]");
      if (props.loki !== undefined) requireObject(props.loki, 'loki', '{ storage: LokiStorage.s3({ bucket, region }) }');
      for (const f of ['image', 'priorityClassName'] as const) optionalString(props[f], f, "'system-node-critical'");
    });
    this.collection = new LogCollection(this, 'Collection', { clients: props.clients, limits: props.limits, hostLogRoots: props.hostLogRoots });
    this.podsJob = this.collection.addJob('kubernetes-pods', { discovery: LogDiscovery.kubernetesPods(), stages: props.podStages });
    for (const p of props.pipelines ?? []) this.addPipeline(p);
    (props.jobs ?? []).forEach((job, i) => {
      ValidationError.within(this, () => {
        requireObject(job, `jobs[${i}]`, "{ name: 'syslog', discovery: LogDiscovery.staticFiles(...) }");
        requireString(job.name, `jobs[${i}].name`, "'syslog'");
        if (this.collection.node.tryFindChild(job.name)) throw new ValidationError(`jobs[${i}].name: ${quote(job.name)} is the name of another job of the stack; choose another`);
      });
      const { name, ...options } = job;
      this.collection.addJob(name, options);
    });
    // The agent is created once the jobs are known: it mounts their host directories.
    this.agent = (props.agent ?? LogAgent.ALLOY).create(this, 'Agent', {
      collection: this.collection, image: props.image, resources: props.resources, priorityClassName: props.priorityClassName,
      scrapedBy: props.scrapedBy, networkPolicy: props.networkPolicy, instanceLabels: props.instanceLabels,
    });
    if (props.loki) this.loki = new LokiConfig(this, 'Loki', props.loki);
    const known = new Set(this.collection.jobs);
    this.node.addValidation({
      validate: () => this.collection.jobs.filter((j) => !known.has(j)).map((j) =>
        `jobs: the job ${quote(j.name)} was added to the collection after the agent was built, so the agent may not mount what it reads (${quote(j.discovery.hostDirectories())}); give it in the LoggingStack's jobs prop instead`),
    });
  }

  /**
   * Adds an application pipeline to the pod job (after the ones added before).
   * @returns the pipeline
   */
  public addPipeline(pipeline: LogPipeline): LogPipeline {
    return ValidationError.within(this, () => this.podsJob.addPipeline(pipeline));
  }
}
