import { Duration, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ConstructQueries, PrometheusDuration, quote, SecretRef, Serialize, Validate, ValidationError } from '../core';
import { checkValue, deferBuild } from '../core/problems';
import { AppWideValue } from '../core/render-pass';
import { checkNumber, optionalArray, optionalBoolean, optionalDuration, optionalString, requireObject, requireString } from '../core/untyped';
import { LokiRules } from './loki-rule';

/** How Loki is deployed, which decides the ring and what storage is allowed. */
export enum LokiDeploymentMode {
  /** One process runs every component (`-target=all`): small installations; filesystem storage allowed. */
  SINGLE_BINARY = 'single-binary',
  /** Read, write and backend targets scaled separately; needs object storage and a memberlist ring. */
  SIMPLE_SCALABLE = 'simple-scalable',
}

/** Options of S3 (or S3-compatible) storage. */
export interface LokiS3StorageOptions {
  /** Bucket of the chunks and index. Maps to `bucketnames`. */
  readonly bucket: string;
  /** Region. Maps to `region`. */
  readonly region: string;
  /**
   * Endpoint of an S3-compatible store (MinIO...). Maps to `endpoint`.
   * @default - AWS S3
   */
  readonly endpoint?: string;
  /**
   * Use path-style URLs (MinIO). Maps to `s3forcepathstyle`.
   * @default false
   */
  readonly forcePathStyle?: boolean;
  /**
   * Access key id; injected through the `LOKI_S3_ACCESS_KEY_ID` environment variable (Loki has no file
   * option for it), written as `${LOKI_S3_ACCESS_KEY_ID}` with `-config.expand-env=true`.
   * @default - the pod's IAM role (IRSA)
   */
  readonly accessKeyId?: SecretRef;
  /**
   * Secret access key; injected like `accessKeyId` through `LOKI_S3_SECRET_ACCESS_KEY`.
   * @default - the pod's IAM role (IRSA)
   */
  readonly secretAccessKey?: SecretRef;
}

/** Options of filesystem storage. */
export interface LokiFilesystemStorageOptions {
  /**
   * Directory of the chunks. Maps to `common.storage.filesystem.chunks_directory`.
   * @default "/var/loki/chunks"
   */
  readonly chunksDirectory?: string;
}

/**
 * Where Loki keeps chunks and index.
 *
 * The factories check their options at once; an invalid storage is reported by the `LokiConfig` it is
 * given to (`[app/Loki] storage: LokiStorage.s3 bucket: ...`). One never used is harmless.
 * @see https://grafana.com/docs/loki/latest/configure/storage/
 */
export class LokiStorage {
  /** A persistent volume of a single-binary Loki. */
  public static filesystem(options: LokiFilesystemStorageOptions = {}): LokiStorage {
    return deferBuild(() => {
      requireObject(options, 'LokiStorage.filesystem options', "{ chunksDirectory: '/var/loki/chunks' }");
      const dir = optionalString(options.chunksDirectory, 'LokiStorage.filesystem chunksDirectory', "'/var/loki/chunks'") ?? '/var/loki/chunks';
      if (!dir.startsWith('/') || dir.startsWith('/tmp')) {
        throw new ValidationError(`LokiStorage.filesystem chunksDirectory: must be an absolute path on a persistent volume (not /tmp, lost on restart); received ${quote(dir)}`);
      }
      return new LokiStorage('filesystem', { filesystem: { chunks_directory: dir } }, []);
    }, () => new LokiStorage('filesystem', {}, []));
  }

  /** Amazon S3 or an S3-compatible object store. */
  public static s3(options: LokiS3StorageOptions): LokiStorage {
    return deferBuild(() => LokiStorage.checkedS3(options), () => new LokiStorage('s3', {}, []));
  }

  private static checkedS3(options: LokiS3StorageOptions): LokiStorage {
    requireObject(options, 'LokiStorage.s3 options', "{ bucket: 'logs', region: 'eu-west-1' }");
    requireString(options.bucket, 'LokiStorage.s3 bucket', "'logs'");
    requireString(options.region, 'LokiStorage.s3 region', "'eu-west-1'");
    optionalString(options.endpoint, 'LokiStorage.s3 endpoint', "'http://minio:9000'");
    optionalBoolean(options.forcePathStyle, 'LokiStorage.s3 forcePathStyle');
    for (const [field, ref] of [['accessKeyId', options.accessKeyId], ['secretAccessKey', options.secretAccessKey]] as const) {
      if (ref !== undefined && !(ref instanceof SecretRef)) throw new ValidationError(`LokiStorage.s3 ${field}: must be a SecretRef, e.g. SecretRef.fromSecret('loki-s3', '${field}'); received ${quote(ref)}`);
    }
    if (!/^[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]$/.test(options.bucket)) {
      throw new ValidationError(`LokiStorage.s3 bucket: must be a valid S3 bucket name (3-63 lower-case letters, digits, '.' and '-'); received ${quote(options.bucket)}`);
    }
    if ((options.accessKeyId === undefined) !== (options.secretAccessKey === undefined)) {
      throw new ValidationError('LokiStorage.s3 accessKeyId/secretAccessKey: give both or neither (neither uses the pod\'s IAM role)');
    }
    const env: LokiEnvironmentVariable[] = [];
    if (options.accessKeyId && options.secretAccessKey) {
      env.push({ name: 'LOKI_S3_ACCESS_KEY_ID', secret: options.accessKeyId }, { name: 'LOKI_S3_SECRET_ACCESS_KEY', secret: options.secretAccessKey });
    }
    return new LokiStorage('s3', {
      s3: {
        bucketnames: options.bucket,
        region: options.region,
        endpoint: options.endpoint,
        s3forcepathstyle: options.forcePathStyle,
        access_key_id: options.accessKeyId ? '${LOKI_S3_ACCESS_KEY_ID}' : undefined,
        secret_access_key: options.secretAccessKey ? '${LOKI_S3_SECRET_ACCESS_KEY}' : undefined,
      },
    }, env);
  }

  /** Google Cloud Storage (credentials from workload identity). */
  public static gcs(bucket: string): LokiStorage {
    return deferBuild(() => {
      if (typeof bucket !== 'string' || !/^[a-z0-9][a-z0-9._\-]{1,220}[a-z0-9]$/.test(bucket)) {
        throw new ValidationError(`LokiStorage.gcs bucket: must be a valid GCS bucket name; received ${quote(bucket)}`);
      }
      return new LokiStorage('gcs', { gcs: { bucket_name: bucket } }, []);
    }, () => new LokiStorage('gcs', {}, []));
  }

  /** Loki's object-store name (`filesystem`, `s3`, `gcs`) used in `schema_config` and the compactor. */
  public readonly objectStore: string;
  /** @internal the `common.storage` block */
  public readonly _common: { [key: string]: unknown };
  /** Environment variables (from Secrets) the Loki container needs for this storage. */
  public readonly environment: LokiEnvironmentVariable[];

  private constructor(objectStore: string, common: { [key: string]: unknown }, env: LokiEnvironmentVariable[]) {
    this.objectStore = objectStore;
    this._common = common;
    this.environment = env;
  }
}

/** An environment variable of the Loki container whose value comes from a Secret. */
export interface LokiEnvironmentVariable {
  /** The variable name, referenced as `${NAME}` in the configuration. */
  readonly name: string;
  /** Where the value comes from. */
  readonly secret: SecretRef;
}

/** Index schema version. */
export enum LokiSchemaVersion {
  /** Schema v13: required for structured metadata and OTLP ingestion. */
  V13 = 'v13',
}

/** One period of `schema_config.configs`. */
export interface LokiSchemaPeriod {
  /** First day (UTC, `YYYY-MM-DD`) the period applies from. Maps to `from`. */
  readonly from: string;
  /**
   * Schema version. Maps to `schema`.
   * @default LokiSchemaVersion.V13
   */
  readonly schema?: LokiSchemaVersion;
}

/** Per-tenant limits (`limits_config`). */
export interface LokiLimitsOptions {
  /**
   * Ingestion rate per tenant in MB/s. Maps to `ingestion_rate_mb`.
   * @default 4
   */
  readonly ingestionRateMb?: number;
  /**
   * Ingestion burst per tenant in MB. Maps to `ingestion_burst_size_mb`.
   * @default 6
   */
  readonly ingestionBurstSizeMb?: number;
  /**
   * Active streams per tenant across the cluster. Maps to `max_global_streams_per_user`.
   * @default 5000
   */
  readonly maxGlobalStreamsPerUser?: number;
  /**
   * Most label names of one stream. Maps to `max_label_names_per_series`.
   * @default 15
   */
  readonly maxLabelNamesPerSeries?: number;
  /**
   * Reject entries older than this. Maps to `reject_old_samples_max_age` (with `reject_old_samples: true`).
   * @default Duration.days(7)
   */
  readonly rejectOldSamplesMaxAge?: Duration;
  /**
   * Longest query range. Maps to `max_query_length`.
   * @default Duration.days(30) + 1h (Loki's 721h)
   */
  readonly maxQueryLength?: Duration;
}

/** A retention period for the streams of a selector (`limits_config.retention_stream`). */
export interface LokiRetentionStream {
  /** LogQL stream selector (`{namespace="festivals"}`), matchers only. Maps to `selector`. */
  readonly selector: string;
  /** How long these streams are kept; a whole number of days. Maps to `period`. */
  readonly period: Duration;
  /**
   * Which rule wins when several selectors match a stream (highest first). Maps to `priority`.
   * @default 1
   */
  readonly priority?: number;
}

/** Options of the Loki ruler. */
export interface LokiRulerOptions {
  /** Alertmanager that receives the ruler's alerts. Maps to `ruler.alertmanager_url`. */
  readonly alertmanagerUrl: string;
  /**
   * How often rules are evaluated. Maps to `ruler.evaluation_interval`.
   * @default Duration.minutes(1)
   */
  readonly evaluationInterval?: Duration;
  /**
   * Directory the rule files are read from, one sub-directory per tenant (`fake` without multi-tenancy):
   * where the rules sidecar writes the ConfigMaps labelled for it. Maps to `ruler.storage.local.directory`
   * (and the chart's `sidecar.rules.folder` in `helmValues()`).
   * @default "/rules"
   */
  readonly rulesDirectory?: string;
  /**
   * Namespaces in which the Loki Helm chart's rules sidecar looks for `LokiRules` ConfigMaps: the chart's
   * `sidecar.rules.searchNamespace`, written to `helmValues()`. The sidecar watches only Loki's own namespace
   * unless told otherwise, and `LokiRules` live in the applications' namespaces; `['ALL']` searches every
   * namespace. A `LokiRules` of the app in a namespace not listed fails the synth.
   * @default - the namespaces of every `LokiRules` of the app, sorted (give them when the rules are
   *   synthesized by another app)
   */
  readonly ruleNamespaces?: string[];
  /**
   * Prometheus remote-write URL for recording rules' results. Maps to `ruler.remote_write.clients.prometheus.url`.
   * @default - recording rules are not written anywhere (Loki needs remote write for them)
   */
  readonly remoteWriteUrl?: string;
  /**
   * External URL shown in alert links (Grafana Explore). Maps to `ruler.external_url`.
   * @default - none
   */
  readonly externalUrl?: string;
}

/** The `LokiRules` of an app (what the rules sidecar must find), collected once per synthesis. */
const RULES_OF_APP = new AppWideValue((root) => root.node.findAll().filter((c): c is LokiRules => c instanceof LokiRules));

/** Properties of a `LokiConfig`. */
export interface LokiConfigProps {
  /**
   * Deployment mode.
   * @default LokiDeploymentMode.SINGLE_BINARY
   */
  readonly mode?: LokiDeploymentMode;
  /** Where chunks and index go. Simple scalable mode needs object storage. */
  readonly storage: LokiStorage;
  /**
   * Require the `X-Scope-OrgID` tenant header (multi-tenancy). Maps to `auth_enabled`.
   * @default false
   */
  readonly multiTenant?: boolean;
  /**
   * Schema periods, oldest first; a schema change adds a period and never edits an old one.
   * @default - one TSDB v13 period from 2024-04-01
   */
  readonly schemas?: LokiSchemaPeriod[];
  /**
   * How long logs are kept (compactor retention). Maps to `limits_config.retention_period`; a multiple of 24h.
   * @default Duration.days(30)
   */
  readonly retention?: Duration;
  /**
   * Retention periods of particular streams, overriding `retention` (an application that keeps its logs
   * for less, or for more).
   * @default - none
   */
  readonly retentionStreams?: LokiRetentionStream[];
  /**
   * Per-tenant limits.
   * @default - the defaults of `LokiLimitsOptions`
   */
  readonly limits?: LokiLimitsOptions;
  /**
   * The ruler (LogQL alerting and recording rules).
   * @default - no ruler
   */
  readonly ruler?: LokiRulerOptions;
  /**
   * Replication factor of the write path. Maps to `common.replication_factor`.
   * @default 1 for single binary, 3 for simple scalable
   */
  readonly replicationFactor?: number;
  /**
   * Headless Service whose pods form the memberlist ring (simple scalable). Maps to `memberlist.join_members`.
   * @default "loki-memberlist:7946"
   */
  readonly memberlistJoin?: string;
  /**
   * Name of the ConfigMap.
   * @default - derived from the construct path
   */
  readonly name?: string;
}

const DATA_DIR = '/var/loki';
/** The label the Loki chart's rules sidecar selects rule ConfigMaps by (`sidecar.rules.label`), `LokiRules`' default. */
const LOKI_RULE_LABEL = 'loki_rule';

function rulesDirectoryOf(ruler: LokiRulerOptions): string {
  return (ruler.rulesDirectory ?? '/rules').replace(/\/$/, '');
}

/**
 * A typed Loki configuration (`config.yaml`) in a `ConfigMap`, for a Loki deployed by its Helm chart
 * (`loki.existingConfig`-style) or any other manifest. Rejects what Loki rejects or silently mis-runs:
 * schema periods out of order or not on day boundaries, retention that is not a multiple of 24h,
 * filesystem storage in simple scalable mode, a ruler without an Alertmanager URL.
 *
 * Credentials never appear: object-store keys are `${VAR}` references listed in `environment()`, to set
 * from Secrets on the Loki container (with `-config.expand-env=true`).
 *
 * With a ruler, the values of the Loki Helm chart that deliver the applications' `LokiRules` to it are
 * rendered too (`helmValues()`, in the `helmValuesConfigMap`): the chart's rules sidecar, which by default
 * watches only Loki's own namespace, searches the namespaces of the `LokiRules` (`ruler.ruleNamespaces`) and
 * writes into the ruler's rules directory. Install the chart with them (Flux: the HelmRelease's `valuesFrom`).
 *
 * @example
 * new LokiConfig(this, 'Loki', {
 *   storage: LokiStorage.s3({ bucket: 'logs', region: 'eu-west-1' }),
 *   mode: LokiDeploymentMode.SIMPLE_SCALABLE,
 *   retention: Duration.days(30),
 *   ruler: { alertmanagerUrl: 'http://alertmanager-operated.monitoring:9093' },
 * });
 * @see https://grafana.com/docs/loki/latest/configure/
 */
export class LokiConfig extends Construct {
  /** The deployment mode. */
  public readonly mode: LokiDeploymentMode;
  /** The ConfigMap holding `config.yaml`. */
  public readonly configMap: kplus.ConfigMap;
  /** The retention. */
  public readonly retention: Duration;
  /** Whether the tenant header is required (`multiTenant`, default false). */
  public readonly multiTenant: boolean;
  /** The schema periods, oldest first (`schemas`, default one TSDB v13 period from 2024-04-01). */
  public readonly schemas: LokiSchemaPeriod[];
  /** The replication factor of the write path (`replicationFactor`, default 1 for single binary, 3 for simple scalable). */
  public readonly replicationFactor: number;
  /** The memberlist ring members, used in simple scalable mode (`memberlistJoin`, default `loki-memberlist:7946`). */
  public readonly memberlistJoin: string;
  /**
   * With a ruler, the ConfigMap holding `helmValues()` as `values.yaml` (named `<name>-helm-values` when
   * `name` is given), for the Loki Helm chart's release.
   */
  public readonly helmValuesConfigMap?: kplus.ConfigMap;
  private readonly props: LokiConfigProps;

  public constructor(scope: Construct, id: string, props: LokiConfigProps) {
    super(scope, id);
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    ValidationError.within(this, () => checkTypes(props));
    checkValue(this, 'storage', props.storage);
    this.props = props;
    this.mode = props.mode ?? LokiDeploymentMode.SINGLE_BINARY;
    this.retention = props.retention ?? Duration.days(30);
    this.multiTenant = props.multiTenant ?? false;
    this.schemas = props.schemas ?? [{ from: '2024-04-01' }];
    this.replicationFactor = props.replicationFactor ?? (this.mode === LokiDeploymentMode.SIMPLE_SCALABLE ? 3 : 1);
    this.memberlistJoin = props.memberlistJoin ?? 'loki-memberlist:7946';
    ValidationError.within(this, () => this.check());
    (props.retentionStreams ?? []).forEach((r, i) => {
      const field = `retentionStreams[${i}]`;
      const query = ConstructQueries.logql(this, `${field}.selector`, r.selector);
      ValidationError.within(this, () => {
        if (query._tree.topNode.firstChild?.firstChild?.name !== 'LogExpr' || r.selector.trim().slice(-1) !== '}') {
          throw new ValidationError(`${field}.selector: must be a stream selector (matchers in braces only); received ${quote(r.selector)}`);
        }
        checkWholeDays(r.period, `${field}.period`);
        // validation.StreamRetention (grafana/loki v3.5.1): priority is an int; rules of equal priority tie
        checkNumber(r.priority, `${field}.priority`, { unit: 'a rank, highest wins', integer: true, min: 0 });
      });
    });
    // An explicit `name: undefined` would stop cdk8s from generating the name: only set it when given.
    this.configMap = new kplus.ConfigMap(this, 'Resource', { metadata: props.name !== undefined ? { name: props.name } : {} });
    this.configMap.addData('config.yaml', this.configText());
    if (props.ruler !== undefined) {
      const name = props.name === undefined ? undefined : ValidationError.within(this, () => Validate.kubernetesName(`${props.name}-helm-values`, 'name'));
      this.helmValuesConfigMap = new kplus.ConfigMap(this, 'HelmValues', { metadata: name !== undefined ? { name } : {} });
      // LokiRules may still be added to the app: the values are rendered at synth.
      this.helmValuesConfigMap.addData('values.yaml', Lazy.any({ produce: () => Serialize.yaml(this.helmValues()) }) as unknown as string);
      this.node.addValidation({ validate: () => this.checkRuleDelivery() });
    }
  }

  /**
   * The values of the Loki Helm chart (grafana/loki `production/helm/loki`) this configuration relies on,
   * to merge into the chart's values: with a ruler, its rules sidecar (`sidecar.rules`) finding the
   * `LokiRules` ConfigMaps (label `loki_rule`) in `ruler.ruleNamespaces` and writing them into the ruler's
   * rules directory, in the sub-directory their `k8s-sidecar-target-directory` annotation names; without a
   * ruler, nothing.
   */
  public helmValues(): { [key: string]: unknown } {
    const ruler = this.props.ruler;
    if (ruler === undefined) return {};
    const namespaces = this.ruleNamespaces();
    return {
      sidecar: {
        rules: {
          enabled: true,
          label: LOKI_RULE_LABEL,
          folder: rulesDirectoryOf(ruler),
          folderAnnotation: LokiRules.TARGET_DIRECTORY_ANNOTATION,
          // unset (the chart's null), the sidecar watches only the namespace Loki runs in
          searchNamespace: namespaces.length > 0 ? namespaces : undefined,
        },
      },
    };
  }

  /** The namespaces the rules sidecar searches: `ruler.ruleNamespaces`, or those of the app's `LokiRules`. */
  private ruleNamespaces(): string[] {
    const given = this.props.ruler?.ruleNamespaces;
    if (given !== undefined) return [...given];
    const found = RULES_OF_APP.of(this).map((r) => r.configMap.metadata.namespace).filter((n): n is string => n !== undefined);
    return [...new Set(found)].sort();
  }

  /** The `LokiRules` of the app that the chart's sidecar, configured by `helmValues()`, would not deliver to this ruler. */
  private checkRuleDelivery(): string[] {
    const ruler = this.props.ruler!;
    const namespaces = this.ruleNamespaces();
    const directory = rulesDirectoryOf(ruler);
    const errors: string[] = [];
    for (const rules of RULES_OF_APP.of(this)) {
      const at = `the LokiRules ${rules.node.path}`;
      const namespace = rules.configMap.metadata.namespace;
      if (namespaces.includes('ALL')) {
        // every namespace is searched
      } else if (namespace === undefined) {
        errors.push(`ruler.ruleNamespaces: ${at} has no namespace, so the rules sidecar cannot be told where to find it; give its chart a namespace, or set ruler.ruleNamespaces to ['ALL']`);
      } else if (!namespaces.includes(namespace)) {
        errors.push(`ruler.ruleNamespaces: ${at} is in namespace ${quote(namespace)}, which the rules sidecar does not search (${quote(namespaces)}); add it, or leave ruleNamespaces unset to search the namespaces of every LokiRules of the app`);
      }
      if (rules.configMap.metadata.getLabel(LOKI_RULE_LABEL) === undefined) {
        errors.push(`ruler: ${at} is not labelled ${LOKI_RULE_LABEL}, the label the rules sidecar finds rule ConfigMaps by; keep ${LOKI_RULE_LABEL} in its sidecarLabels`);
      }
      if (rules.rulesDirectory !== directory) {
        errors.push(`ruler.rulesDirectory: ${at} is written to ${quote(`${rules.rulesDirectory}/${rules.tenant}`)}, outside the ruler's rules directory ${quote(directory)}; give both the same directory`);
      }
    }
    return errors;
  }

  /** The configuration as a plain object (Loki's key names). */
  public render(): { [key: string]: unknown } {
    const p = this.props;
    const simple = this.mode === LokiDeploymentMode.SIMPLE_SCALABLE;
    const store = p.storage.objectStore;
    const ring = simple ? { kvstore: { store: 'memberlist' } } : { kvstore: { store: 'inmemory' } };
    const limits = p.limits ?? {};
    return {
      auth_enabled: this.multiTenant,
      server: { http_listen_port: 3100, grpc_listen_port: 9095, log_level: 'info' },
      common: {
        path_prefix: DATA_DIR,
        replication_factor: this.replicationFactor,
        ring,
        storage: p.storage._common,
      },
      memberlist: simple ? { join_members: [this.memberlistJoin] } : undefined,
      schema_config: {
        configs: this.schemas.map((s) => ({
          from: s.from,
          store: 'tsdb',
          object_store: store,
          schema: s.schema ?? LokiSchemaVersion.V13,
          index: { prefix: 'index_', period: '24h' },
        })),
      },
      limits_config: {
        retention_period: PrometheusDuration.formatGo(this.retention),
        retention_stream: p.retentionStreams && p.retentionStreams.length > 0
          ? p.retentionStreams.map((r) => ({ selector: r.selector, priority: r.priority ?? 1, period: PrometheusDuration.formatGo(r.period) }))
          : undefined,
        // Structured metadata (ids attached by the agents' structured_metadata stage) needs schema v13.
        allow_structured_metadata: true,
        ingestion_rate_mb: limits.ingestionRateMb ?? 4,
        ingestion_burst_size_mb: limits.ingestionBurstSizeMb ?? 6,
        max_global_streams_per_user: limits.maxGlobalStreamsPerUser ?? 5000,
        max_label_names_per_series: limits.maxLabelNamesPerSeries ?? 15,
        reject_old_samples: true,
        reject_old_samples_max_age: PrometheusDuration.formatGo(limits.rejectOldSamplesMaxAge ?? Duration.days(7)),
        max_query_length: PrometheusDuration.formatGo(limits.maxQueryLength ?? Duration.hours(721)),
      },
      compactor: {
        working_directory: `${DATA_DIR}/compactor`,
        retention_enabled: true,
        delete_request_store: store,
      },
      ruler: p.ruler ? {
        alertmanager_url: p.ruler.alertmanagerUrl,
        external_url: p.ruler.externalUrl,
        // a time.Duration (pkg/ruler/base/ruler.go), read with time.ParseDuration: no `d` unit
        evaluation_interval: PrometheusDuration.formatGo(p.ruler.evaluationInterval ?? Duration.minutes(1)),
        enable_api: true,
        ring: simple ? { kvstore: { store: 'memberlist' } } : { kvstore: { store: 'inmemory' } },
        rule_path: `${DATA_DIR}/rules-temp`,
        storage: { type: 'local', local: { directory: rulesDirectoryOf(p.ruler) } },
        // Loki 3 reads a map of named clients; the singular 2.x `client` key is silently ignored there.
        remote_write: p.ruler.remoteWriteUrl ? { enabled: true, clients: { prometheus: { url: p.ruler.remoteWriteUrl } } } : undefined,
        wal: p.ruler.remoteWriteUrl ? { dir: `${DATA_DIR}/ruler-wal` } : undefined,
      } : undefined,
      analytics: { reporting_enabled: false },
    };
  }

  /** The `config.yaml` text. */
  public configText(): string {
    return Serialize.yaml(this.render());
  }

  /** Environment variables the Loki container must get from Secrets (object-store credentials). */
  public environment(): LokiEnvironmentVariable[] {
    return [...this.props.storage.environment];
  }

  private check(): void {
    const p = this.props;
    if (this.mode === LokiDeploymentMode.SIMPLE_SCALABLE && p.storage.objectStore === 'filesystem') {
      throw new ValidationError('storage: simple scalable mode needs object storage shared by the read, write and backend pods (LokiStorage.s3 or .gcs); received LokiStorage.filesystem()');
    }
    checkWholeDays(this.retention, 'retention');
    const schemas = this.schemas;
    if (schemas.length === 0) throw new ValidationError('schemas: at least one schema period is required');
    schemas.forEach((s, i) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.from);
      const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
      if (!m || !date || date.getUTCDate() !== Number(m[3]) || date.getUTCMonth() !== Number(m[2]) - 1) {
        throw new ValidationError(`schemas[${i}].from: must be a date YYYY-MM-DD (a day boundary, as the 24h index period requires); received ${quote(s.from)}`);
      }
      if (i > 0 && s.from <= schemas[i - 1].from) {
        throw new ValidationError(`schemas[${i}].from: periods must be in increasing date order; ${quote(s.from)} is not after ${quote(schemas[i - 1].from)}`);
      }
    });
    // common.replication_factor is an int; 0 leaves no replica to write to
    checkNumber(p.replicationFactor, 'replicationFactor', { unit: 'replicas', integer: true, min: 1 });
    if (p.ruler) {
      for (const [field, url] of [['ruler.alertmanagerUrl', p.ruler.alertmanagerUrl], ['ruler.remoteWriteUrl', p.ruler.remoteWriteUrl], ['ruler.externalUrl', p.ruler.externalUrl]] as Array<[string, string | undefined]>) {
        if (url === undefined) continue;
        let parsed: URL | undefined;
        try { parsed = new URL(url); } catch { parsed = undefined; }
        if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
          throw new ValidationError(`${field}: must be an absolute http(s) URL; received ${quote(url)}`);
        }
        if (parsed.username || parsed.password) throw new ValidationError(`${field}: must not carry credentials; received a URL with user info`);
      }
      if (p.ruler.rulesDirectory !== undefined && !p.ruler.rulesDirectory.startsWith('/')) {
        throw new ValidationError(`ruler.rulesDirectory: must be absolute; received ${quote(p.ruler.rulesDirectory)}`);
      }
      if (p.ruler.evaluationInterval !== undefined && PrometheusDuration.millis(p.ruler.evaluationInterval) < 1000) {
        throw new ValidationError(`ruler.evaluationInterval: must be at least 1s; received ${PrometheusDuration.format(p.ruler.evaluationInterval)}`);
      }
    }
    // limits_config (pkg/validation/limits.go, grafana/loki v3.5.1): ingestion_rate_mb and
    // ingestion_burst_size_mb are float64 MB (a rate of 0 refuses every push), max_global_streams_per_user
    // and max_label_names_per_series ints (0 disables the streams limit: leave the prop unset for that)
    const limits = p.limits ?? {};
    const megabytes = (n: number) => (n >= 1024 * 1024 ? `${n / (1024 * 1024)} (${n} bytes in MB)` : undefined);
    checkNumber(limits.ingestionRateMb, 'limits.ingestionRateMb', { unit: 'MB per second', min: 0, above: true, didYouMean: megabytes });
    checkNumber(limits.ingestionBurstSizeMb, 'limits.ingestionBurstSizeMb', { unit: 'MB', min: 0, above: true, didYouMean: megabytes });
    checkNumber(limits.maxGlobalStreamsPerUser, 'limits.maxGlobalStreamsPerUser', { unit: 'streams', integer: true, min: 1 });
    checkNumber(limits.maxLabelNamesPerSeries, 'limits.maxLabelNamesPerSeries', { unit: 'label names', integer: true, min: 1 });
    if (p.name !== undefined) Validate.kubernetesName(p.name, 'name');
  }
}

/** The types of the props, for plain JavaScript callers. */
function checkTypes(props: LokiConfigProps): void {
  requireObject(props, 'props', '{ storage: LokiStorage.s3({ bucket, region }) }');
  if (!(props.storage instanceof LokiStorage)) {
    throw new ValidationError(`storage: must be a LokiStorage, e.g. LokiStorage.s3({ bucket: 'logs', region: 'eu-west-1' }); received ${quote(props.storage)}`);
  }
  if (props.mode !== undefined && !Object.values(LokiDeploymentMode).includes(props.mode)) {
    throw new ValidationError(`mode: must be a LokiDeploymentMode, LokiDeploymentMode.SINGLE_BINARY or LokiDeploymentMode.SIMPLE_SCALABLE; received ${quote(props.mode)}`);
  }
  optionalBoolean(props.multiTenant, 'multiTenant');
  optionalDuration(props.retention, 'retention');
  optionalArray(props.schemas, 'schemas', "[{ from: '2024-04-01' }]")?.forEach((s, i) => {
    requireObject(s, `schemas[${i}]`, "{ from: '2024-04-01' }");
    requireString(s.from, `schemas[${i}].from`, "'2024-04-01'");
  });
  optionalArray(props.retentionStreams, 'retentionStreams', "[{ selector: '{namespace=\"dev\"}', period: Duration.days(7) }]")?.forEach((r, i) => {
    requireObject(r, `retentionStreams[${i}]`, "{ selector: '{namespace=\"dev\"}', period: Duration.days(7) }");
    requireString(r.selector, `retentionStreams[${i}].selector`, "'{namespace=\"dev\"}'");
    optionalDuration(r.period, `retentionStreams[${i}].period`);
    if (r.period === undefined) throw new ValidationError(`retentionStreams[${i}].period: must be a Duration, e.g. Duration.days(7); received undefined`);
  });
  if (props.limits !== undefined) {
    requireObject(props.limits, 'limits', '{ ingestionRateMb: 8 }');
    optionalDuration(props.limits.rejectOldSamplesMaxAge, 'limits.rejectOldSamplesMaxAge');
    optionalDuration(props.limits.maxQueryLength, 'limits.maxQueryLength');
  }
  if (props.ruler !== undefined) {
    requireObject(props.ruler, 'ruler', "{ alertmanagerUrl: 'http://alertmanager-operated.monitoring:9093' }");
    requireString(props.ruler.alertmanagerUrl, 'ruler.alertmanagerUrl', "'http://alertmanager-operated.monitoring:9093'");
    for (const f of ['rulesDirectory', 'remoteWriteUrl', 'externalUrl'] as const) optionalString(props.ruler[f], `ruler.${f}`, "'http://...'");
    optionalArray(props.ruler.ruleNamespaces, 'ruler.ruleNamespaces', "['erp', 'shop']")?.forEach((n, i) => {
      requireString(n, `ruler.ruleNamespaces[${i}]`, "'erp'");
      if (n !== 'ALL') Validate.dnsLabel(n, `ruler.ruleNamespaces[${i}]`);
    });
    optionalDuration(props.ruler.evaluationInterval, 'ruler.evaluationInterval');
  }
  optionalString(props.memberlistJoin, 'memberlistJoin', "'loki-memberlist:7946'");
  optionalString(props.name, 'name', "'loki-config'");
}

function checkWholeDays(d: Duration, field: string): void {
  const ms = PrometheusDuration.millis(d);
  if (ms < 24 * 3600 * 1000 || ms % (24 * 3600 * 1000) !== 0) {
    throw new ValidationError(`${field}: must be a whole number of days (Loki's compactor applies retention by 24h index periods); received ${PrometheusDuration.format(d)}`);
  }
}
