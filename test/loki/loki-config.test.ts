import { Duration, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { MonitoringChart, SecretRef, Severity } from '../../lib/core';
import { LokiConfig, LokiConfigProps, LokiDeploymentMode, LokiRules, LokiStorage } from '../../lib/loki';
import { byKind, Manifest, one, synth } from '../util/synth';
import { goParsesDuration } from '../util/tools';

/** The ConfigMap holding `config.yaml` (a ruler adds the one of the chart values). */
function configMap(manifests: Manifest[]): Manifest {
  const found = byKind(manifests, 'ConfigMap').filter((m) => m.data?.['config.yaml'] !== undefined);
  expect(found).toHaveLength(1);
  return found[0];
}

function config(props: LokiConfigProps): any {
  const chart = new MonitoringChart(Testing.app(), 'x', { partOf: 'platform', namespace: 'loki' });
  new LokiConfig(chart, 'Loki', props);
  const cm = configMap(synth(chart));
  // The name is the given one, or generated from the construct path (never missing).
  expect(cm.metadata.name).toMatch(props.name !== undefined ? new RegExp(`^${props.name}$`) : /^x-loki-[0-9a-f]{8}$/);
  return yaml.load(cm.data['config.yaml']);
}

describe('LokiConfig', () => {
  test('single binary on a filesystem: in-memory ring, one replica, TSDB v13, retention through the compactor', () => {
    const c = config({ storage: LokiStorage.filesystem(), retention: Duration.days(7) });
    expect(c.auth_enabled).toBe(false);
    expect(c.common).toEqual({
      path_prefix: '/var/loki', replication_factor: 1, ring: { kvstore: { store: 'inmemory' } },
      storage: { filesystem: { chunks_directory: '/var/loki/chunks' } },
    });
    expect(c.memberlist).toBeUndefined();
    expect(c.schema_config.configs).toEqual([{ from: '2024-04-01', store: 'tsdb', object_store: 'filesystem', schema: 'v13', index: { prefix: 'index_', period: '24h' } }]);
    expect(c.limits_config).toMatchObject({ retention_period: '168h', allow_structured_metadata: true, reject_old_samples: true, reject_old_samples_max_age: '168h' });
    expect(c.compactor).toEqual({ working_directory: '/var/loki/compactor', retention_enabled: true, delete_request_store: 'filesystem' });
    expect(c.ruler).toBeUndefined();
  });

  test('resolves its defaults once, when it is created, into its fields (the replication factor from the mode)', () => {
    const chart = new MonitoringChart(Testing.app(), 'x', { partOf: 'platform', namespace: 'loki' });
    const single = new LokiConfig(chart, 'Single', { storage: LokiStorage.filesystem() });
    expect([single.mode, single.multiTenant, single.schemas, single.replicationFactor, single.memberlistJoin, single.retention.toDays()])
      .toEqual([LokiDeploymentMode.SINGLE_BINARY, false, [{ from: '2024-04-01' }], 1, 'loki-memberlist:7946', 30]);
    const scalable = new LokiConfig(chart, 'Scalable', { mode: LokiDeploymentMode.SIMPLE_SCALABLE, storage: LokiStorage.s3({ bucket: 'logs', region: 'eu-west-1' }), memberlistJoin: 'ring:7946' });
    expect([scalable.replicationFactor, scalable.memberlistJoin]).toEqual([3, 'ring:7946']);
    expect(scalable.render()).toMatchObject({ common: { replication_factor: 3 }, memberlist: { join_members: ['ring:7946'] } });
  });

  test('simple scalable on S3 with credentials by environment reference, memberlist and the ruler', () => {
    const chart = new MonitoringChart(Testing.app(), 'x', { partOf: 'platform', namespace: 'loki' });
    const loki = new LokiConfig(chart, 'Loki', {
      mode: LokiDeploymentMode.SIMPLE_SCALABLE,
      storage: LokiStorage.s3({
        bucket: 'company-logs', region: 'eu-west-1', endpoint: 'http://minio:9000', forcePathStyle: true,
        accessKeyId: SecretRef.fromSecret('loki-s3', 'access-key-id'), secretAccessKey: SecretRef.fromSecret('loki-s3', 'secret-access-key'),
      }),
      multiTenant: true,
      schemas: [{ from: '2024-04-01' }, { from: '2025-01-01' }],
      ruler: { alertmanagerUrl: 'http://alertmanager-operated.monitoring:9093', remoteWriteUrl: 'http://prometheus:9090/api/v1/write', evaluationInterval: Duration.seconds(30) },
      limits: { ingestionRateMb: 10, maxGlobalStreamsPerUser: 20000 },
    });
    const text = configMap(synth(chart)).data['config.yaml'];
    const c = yaml.load(text) as any;
    expect(c.auth_enabled).toBe(true);
    expect(c.common.replication_factor).toBe(3);
    expect(c.common.ring).toEqual({ kvstore: { store: 'memberlist' } });
    expect(c.memberlist).toEqual({ join_members: ['loki-memberlist:7946'] });
    expect(c.common.storage.s3).toEqual({
      bucketnames: 'company-logs', region: 'eu-west-1', endpoint: 'http://minio:9000', s3forcepathstyle: true,
      access_key_id: '${LOKI_S3_ACCESS_KEY_ID}', secret_access_key: '${LOKI_S3_SECRET_ACCESS_KEY}',
    });
    expect(loki.environment().map((e) => `${e.name}=${e.secret.describe()}`)).toEqual([
      'LOKI_S3_ACCESS_KEY_ID=secret loki-s3/access-key-id', 'LOKI_S3_SECRET_ACCESS_KEY=secret loki-s3/secret-access-key',
    ]);
    expect(c.schema_config.configs.map((s: any) => `${s.from} ${s.object_store}`)).toEqual(['2024-04-01 s3', '2025-01-01 s3']);
    expect(c.ruler).toEqual({
      alertmanager_url: 'http://alertmanager-operated.monitoring:9093', evaluation_interval: '30s', enable_api: true,
      ring: { kvstore: { store: 'memberlist' } }, rule_path: '/var/loki/rules-temp', storage: { type: 'local', local: { directory: '/rules' } },
      remote_write: { enabled: true, clients: { prometheus: { url: 'http://prometheus:9090/api/v1/write' } } }, wal: { dir: '/var/loki/ruler-wal' },
    });
    expect(c.limits_config).toMatchObject({ ingestion_rate_mb: 10, max_global_streams_per_user: 20000, retention_period: '720h' });
    expect(c.compactor.delete_request_store).toBe('s3');
  });

  test.each<[string, LokiConfigProps, string]>([
    ['filesystem in simple scalable mode', { mode: LokiDeploymentMode.SIMPLE_SCALABLE, storage: LokiStorage.filesystem() },
      '[x/Loki] storage: simple scalable mode needs object storage shared by the read, write and backend pods'],
    ['retention that is not whole days', { storage: LokiStorage.filesystem(), retention: Duration.hours(36) },
      '[x/Loki] retention: must be a whole number of days'],
    ['schema periods out of order', { storage: LokiStorage.filesystem(), schemas: [{ from: '2025-01-01' }, { from: '2024-01-01' }] },
      '[x/Loki] schemas[1].from: periods must be in increasing date order'],
    ['a schema date that is not a day', { storage: LokiStorage.filesystem(), schemas: [{ from: '2024-02-30' }] },
      '[x/Loki] schemas[0].from: must be a date YYYY-MM-DD'],
    ['an Alertmanager URL that is not http', { storage: LokiStorage.filesystem(), ruler: { alertmanagerUrl: 'alertmanager:9093' } },
      '[x/Loki] ruler.alertmanagerUrl: must be an absolute http(s) URL'],
  ])('rejects %s', (_name, props, message) => {
    expect(() => config(props)).toThrow(message);
  });

  test('ruler.evaluation_interval is a Go duration (time.Duration in pkg/ruler/base/ruler.go): 24h, not 1d', () => {
    for (const [interval, text] of [[Duration.days(1), '24h'], [Duration.hours(36), '36h'], [Duration.minutes(90), '1h30m'], [undefined, '1m']] as const) {
      const c = config({ storage: LokiStorage.filesystem(), ruler: { alertmanagerUrl: 'http://alertmanager:9093', evaluationInterval: interval } });
      expect(c.ruler.evaluation_interval).toBe(text);
      expect(goParsesDuration(c.ruler.evaluation_interval)).toMatchObject({ ok: true });
    }
    // what was written before, which Go's time.ParseDuration rejects
    expect(goParsesDuration('1d')).toMatchObject({ ok: false, output: expect.stringContaining('cannot unmarshal !!str `1d` into time.Duration') });
  });

  describe('the chart values that deliver the LokiRules to the ruler', () => {
    /** A platform chart with a LokiConfig and a ruler, and LokiRules in application charts of the same app. */
    function withRules(ruler: Partial<NonNullable<LokiConfigProps['ruler']>>, apps: Array<[string | undefined, ConstructorParameters<typeof LokiRules>[2]?]>) {
      const app = Testing.app();
      const platform = new MonitoringChart(app, 'platform', { partOf: 'platform', namespace: 'monitoring' });
      const loki = new LokiConfig(platform, 'Loki', { name: 'loki-config', storage: LokiStorage.filesystem(), ruler: { alertmanagerUrl: 'http://alertmanager:9093', ...ruler } });
      // added after the LokiConfig, as the apps do: found at synth
      apps.forEach(([namespace, props], i) => {
        const chart = new MonitoringChart(app, `app${i}`, { partOf: `app${i}`, namespace });
        new LokiRules(chart, 'LogRules', props).addGroup('g').addAlert('Errors', { expr: 'sum(count_over_time({a="b"} |= "ERROR" [5m])) > 0', severity: Severity.WARNING, summary: 's' });
      });
      return { loki, platform };
    }

    test('the rules sidecar searches the namespaces of every LokiRules of the app, not only Loki\'s own', () => {
      // grafana/loki production/helm/loki values.yaml (chart 7.3.0): sidecar.rules.searchNamespace is null, so the
      // sidecar (kiwigrid/k8s-sidecar src/sidecar.py: NAMESPACE defaults to the pod's own) watches Loki's namespace only
      const { loki, platform } = withRules({}, [['shop', undefined], ['erp', undefined], ['shop', { name: 'shop-more-rules' }]]);
      const values = yaml.load(one(synth(platform), 'ConfigMap', 'loki-config-helm-values').data['values.yaml']);
      expect(values).toEqual({
        sidecar: { rules: { enabled: true, label: 'loki_rule', folder: '/rules', folderAnnotation: 'k8s-sidecar-target-directory', searchNamespace: ['erp', 'shop'] } },
      });
      expect(loki.helmValues()).toEqual(values);
      expect(loki.helmValuesConfigMap!.name).toBe('loki-config-helm-values');
    });

    test('ruleNamespaces names them instead (ALL for every namespace); a LokiRules out of them fails the synth', () => {
      expect(withRules({ ruleNamespaces: ['ALL'] }, [['shop', undefined]]).loki.helmValues()).toMatchObject({ sidecar: { rules: { searchNamespace: ['ALL'] } } });
      expect(withRules({ ruleNamespaces: ['erp', 'shop'] }, [['shop', undefined]]).loki.helmValues()).toMatchObject({ sidecar: { rules: { searchNamespace: ['erp', 'shop'] } } });
      const { platform } = withRules({ ruleNamespaces: ['erp'] }, [['shop', undefined]]);
      expect(() => synth(platform)).toThrow('[platform/Loki] ruler.ruleNamespaces: the LokiRules app0/LogRules is in namespace "shop", which the rules sidecar does not search (["erp"]); add it, or leave ruleNamespaces unset to search the namespaces of every LokiRules of the app');
      expect(() => config({ storage: LokiStorage.filesystem(), ruler: { alertmanagerUrl: 'http://a:9093', ruleNamespaces: ['Shop'] } })).toThrow('[x/Loki] ruler.ruleNamespaces[0]: must be a DNS-1123 label');
    });

    test('a LokiRules without a namespace, without the sidecar label or under another directory fails the synth', () => {
      expect(() => synth(withRules({}, [[undefined, undefined]]).platform)).toThrow("[platform/Loki] ruler.ruleNamespaces: the LokiRules app0/LogRules has no namespace, so the rules sidecar cannot be told where to find it; give its chart a namespace, or set ruler.ruleNamespaces to ['ALL']");
      expect(() => synth(withRules({}, [['shop', { sidecarLabels: { rules: 'loki' } }]]).platform)).toThrow('[platform/Loki] ruler: the LokiRules app0/LogRules is not labelled loki_rule, the label the rules sidecar finds rule ConfigMaps by; keep loki_rule in its sidecarLabels');
      expect(() => synth(withRules({ rulesDirectory: '/etc/loki/rules' }, [['shop', undefined]]).platform)).toThrow('[platform/Loki] ruler.rulesDirectory: the LokiRules app0/LogRules is written to "/rules/fake", outside the ruler\'s rules directory "/etc/loki/rules"; give both the same directory');
      const same = withRules({ rulesDirectory: '/etc/loki/rules/' }, [['shop', { rulesDirectory: '/etc/loki/rules', tenant: 'shop' }]]);
      expect(same.loki.helmValues()).toMatchObject({ sidecar: { rules: { folder: '/etc/loki/rules' } } });
      expect(yaml.load(configMap(synth(same.platform)).data['config.yaml'])).toMatchObject({ ruler: { storage: { local: { directory: '/etc/loki/rules' } } } });
    });

    test('without a ruler there are no chart values', () => {
      const chart = new MonitoringChart(Testing.app(), 'x', { partOf: 'platform', namespace: 'loki' });
      const loki = new LokiConfig(chart, 'Loki', { storage: LokiStorage.filesystem() });
      expect(loki.helmValues()).toEqual({});
      expect(loki.helmValuesConfigMap).toBeUndefined();
      expect(byKind(synth(chart), 'ConfigMap')).toHaveLength(1);
    });
  });

  test('retention per stream: rendered, recorded as LogQL, checked', () => {
    const c = config({ storage: LokiStorage.filesystem(), retentionStreams: [{ selector: '{namespace="festivals"}', period: Duration.days(7), priority: 2 }] });
    expect(c.limits_config.retention_stream).toEqual([{ selector: '{namespace="festivals"}', priority: 2, period: '168h' }]);
    expect(() => config({ storage: LokiStorage.filesystem(), retentionStreams: [{ selector: '{namespace="a"} |= "x"', period: Duration.days(7) }] }))
      .toThrow('[x/Loki] retentionStreams[0].selector: must be a stream selector (matchers in braces only)');
    expect(() => config({ storage: LokiStorage.filesystem(), retentionStreams: [{ selector: '{namespace="a"', period: Duration.days(7) }] }))
      .toThrow('[x/Loki] retentionStreams[0].selector: invalid LogQL');
    expect(() => config({ storage: LokiStorage.filesystem(), retentionStreams: [{ selector: '{namespace="a"}', period: Duration.hours(12) }] }))
      .toThrow('[x/Loki] retentionStreams[0].period: must be a whole number of days');
  });

  test('storage factories reject /tmp, bad buckets and half credentials, reported by the LokiConfig that uses them', () => {
    const loki = (storage: LokiStorage) => () => new LokiConfig(new MonitoringChart(Testing.app(), 'x', { partOf: 'platform', namespace: 'loki' }), 'Loki', { storage });
    // a factory keeps its problem: nothing is thrown until a LokiConfig receives the storage
    expect(() => LokiStorage.filesystem({ chunksDirectory: '/tmp/loki' })).not.toThrow();
    expect(loki(LokiStorage.filesystem({ chunksDirectory: '/tmp/loki' })))
      .toThrow('[x/Loki] storage: LokiStorage.filesystem chunksDirectory: must be an absolute path on a persistent volume (not /tmp');
    expect(loki(LokiStorage.s3({ bucket: 'Bad_Bucket', region: 'x' }))).toThrow('[x/Loki] storage: LokiStorage.s3 bucket: must be a valid S3 bucket name');
    expect(loki(LokiStorage.s3({ bucket: 'logs', region: 'x', accessKeyId: SecretRef.fromSecret('s', 'k') }))).toThrow('give both or neither');
    expect(loki(LokiStorage.gcs('B'))).toThrow('[x/Loki] storage: LokiStorage.gcs bucket: must be a valid GCS bucket name; received "B"');
    expect(loki(LokiStorage.s3({ bucket: 'logs', region: 3 } as any))).toThrow('[x/Loki] storage: LokiStorage.s3 region: must be a string, e.g. \'eu-west-1\'; received 3 (a number)');
    expect(loki('s3' as any)).toThrow('[x/Loki] storage: must be a LokiStorage, e.g. LokiStorage.s3({ bucket: \'logs\', region: \'eu-west-1\' }); received "s3"');
  });
});
