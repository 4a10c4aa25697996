import { Testing } from 'cdk8s';
import { MonitoringChart } from '../../lib';
import { AppMonitoring, LogFormat } from '../../lib/app';
import { LoggingStack, LogClient, LogAgent, Stage, TimestampFormat } from '../../lib/loki';

describe('LogFormat', () => {
  test('the built-in formats keep their stages', () => {
    expect(LogFormat.JSON._stages().map((s) => s.definition)).toMatchObject([
      { json: { expressions: { level: 'level', time: 'time' } } },
      { timestamp: { source: 'time', format: { format: 'RFC3339' } } },
      { labels: { labels: { level: 'level' } } },
    ]);
    expect(LogFormat.LOGFMT._stages().map((s) => s.kind)).toEqual(['logfmt', 'timestamp', 'labels']);
    expect(LogFormat.PLAIN._stages().map((s) => s.kind)).toEqual(['regex', 'labels']);
  });

  test('field names, their time layout, more fields and extra stages', () => {
    const format = LogFormat.json({
      levelField: 'levelname',
      timestampField: 'asctime',
      timestampFormat: TimestampFormat.goLayout('2006-01-02 15:04:05,000'),
      timestampFallbackFormats: [TimestampFormat.RFC3339],
      extractFields: { logger: 'name', version: '' },
      extraStages: [Stage.structuredMetadata({ metadata: { logger: '', version: '' } })],
    });
    expect(format.name).toBe('json');
    expect(format._stages().map((s) => s.kind)).toEqual(['json', 'timestamp', 'labels', 'structured_metadata']);
    expect(format._stages().slice(0, 3).map((s) => s.definition)).toMatchObject([
      { json: { expressions: { level: 'levelname', time: 'asctime', logger: 'name', version: 'version' } } },
      { timestamp: { source: 'time', format: { format: '2006-01-02 15:04:05,000' }, fallbackFormats: [{ format: 'RFC3339' }] } },
      { labels: { labels: { level: 'level' } } },
    ]);
    expect(LogFormat.logfmt({ timestampField: 'ts' })._stages()[0].definition).toMatchObject({ logfmt: { mapping: { level: 'level', time: 'ts' } } });
  });

  test('a custom pipeline is used as given', () => {
    const stages = [Stage.regex({ expression: '^(?P<time>\\S+) (?P<level>\\w+) ' }), Stage.labels({ labels: { level: '' } })];
    expect(LogFormat.custom(stages)._stages()).toEqual(stages);
  });

  test('in AppMonitoring: the pipeline, its selector from logLabels, the log panels and alert on the same streams', () => {
    const chart = new MonitoringChart(Testing.app(), 'checkout', { partOf: 'checkout', namespace: 'shop' });
    const monitoring = new AppMonitoring(chart, 'Checkout', {
      service: 'checkout', team: 'payments', runbookBaseUrl: 'https://r.example.com', exclude: ['routing' as never],
      logFormat: LogFormat.json({ timestampField: 'timestamp' }), logLabels: { namespace: 'shop' },
    });
    expect(monitoring.logPipeline.selector).toBe('{namespace="shop"}');
    expect(monitoring.logPipeline.stages[0].definition).toMatchObject({ json: { expressions: { level: 'level', time: 'timestamp' } } });
    expect(monitoring.logRules.rulesText()).toContain('rate({namespace="shop"} | level=~');
    // rendered for the agent through the platform's stack
    const platform = new MonitoringChart(Testing.app(), 'platform', { partOf: 'platform', namespace: 'monitoring' });
    const stack = new LoggingStack(platform, 'Logging', { agent: LogAgent.PROMTAIL, clients: [LogClient.push({ url: 'http://loki.loki.svc/loki/api/v1/push' })] });
    stack.addPipeline(monitoring.logPipeline);
    expect((stack.agent as unknown as { configText(): string }).configText()).toMatch(/time: timestamp/);
  });

  test('rejections', () => {
    expect(() => LogFormat.json({ levelField: '' })).toThrow('LogFormat.json levelField: must not be empty');
    expect(() => LogFormat.logfmt({ timestampField: 3 as unknown as string })).toThrow(/^LogFormat\.logfmt timestampField: must be a string/);
    expect(() => LogFormat.json({ timestampFormat: 'RFC3339' as unknown as TimestampFormat })).toThrow('LogFormat.json timestampFormat: must be a TimestampFormat, e.g. TimestampFormat.RFC3339; received "RFC3339"');
    expect(() => LogFormat.json({ timestampFallbackFormats: ['RFC3339' as unknown as TimestampFormat] })).toThrow('LogFormat.json timestampFallbackFormats[0]: must be a TimestampFormat, e.g. TimestampFormat.RFC3339; received "RFC3339"');
    expect(() => LogFormat.json({ extractFields: { time: 'ts' } })).toThrow('LogFormat.json extractFields: "time" is extracted already (set levelField or timestampField instead)');
    expect(() => LogFormat.json({ extraStages: ['labels' as unknown as Stage] })).toThrow('LogFormat.json extraStages: stages[0]: must be a Stage, e.g. Stage.labels({ labels: { service: \'\' } }); received "labels"');
    expect(() => LogFormat.custom([])).toThrow('LogFormat.custom stages: give at least one stage (LogFormat.JSON parses JSON lines)');
    expect(() => LogFormat.custom('json' as unknown as Stage[])).toThrow(/^LogFormat\.custom stages: stages: must be a list/);
    const chart = new MonitoringChart(Testing.app(), 'checkout', { partOf: 'checkout', namespace: 'shop' });
    expect(() => new AppMonitoring(chart, 'Checkout', { service: 'checkout', team: 'payments', runbookBaseUrl: 'https://r.example.com', exclude: ['routing' as never], logFormat: 'json' as unknown as LogFormat }))
      .toThrow('[checkout/Checkout] logFormat: must be a LogFormat, e.g. LogFormat.JSON or LogFormat.json({ timestampField: \'timestamp\' }); received "json"');
    const chart2 = new MonitoringChart(Testing.app(), 'checkout', { partOf: 'checkout', namespace: 'shop' });
    expect(() => new AppMonitoring(chart2, 'Checkout', { service: 'checkout', team: 'payments', runbookBaseUrl: 'https://r.example.com', exclude: ['routing' as never], logLabels: { namespace: '' } }))
      .toThrow('[checkout/Checkout] logLabels: LogQueries.selector: at least one matcher must have a non-empty value (Loki rejects selectors that match every stream)');
  });
});
