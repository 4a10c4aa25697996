import { Duration, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { MonitoringChart, PrometheusVersion, Severity } from '../../lib/core';
import { PrometheusRule, RuleGroup, RuleTests } from '../../lib/prometheus';
import { promtoolTestRules, TOOL_VERSIONS } from '../util/tools';

function setup(): { chart: MonitoringChart; group: RuleGroup } {
  const chart = new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' });
  const rules = new PrometheusRule(chart, 'api', { name: 'api' });
  return { chart, group: rules.addGroup('api', { interval: Duration.seconds(30) }) };
}

function errorRateAlert(group: RuleGroup) {
  return group.addAlert('HighErrorRate', {
    expr: 'sum by (job) (rate(http_requests_total{status=~"5.."}[5m])) / sum by (job) (rate(http_requests_total[5m])) > 0.05',
    for: Duration.minutes(5),
    severity: Severity.CRITICAL,
    labels: { team: 'backend' },
    summary: 'High error rate on {{ $labels.job }}',
    description: 'Error rate is {{ $value | humanizePercentage }}',
  });
}

describe('rule unit tests', () => {
  test('an alert test renders the promtool format and passes promtool test rules', () => {
    const { chart, group } = setup();
    errorRateAlert(group).addTest({
      inputSeries: [
        { series: 'http_requests_total{job="api", status="200"}', values: '0+90x30' },
        { series: 'http_requests_total{job="api", status="500"}', values: '0+10x30' },
      ],
      expectations: [
        { at: Duration.minutes(3), alerts: [] },
        { at: Duration.minutes(15), alerts: [{ labels: { job: 'api' }, annotations: { summary: 'High error rate on api', description: 'Error rate is 10%' } }] },
      ],
    });
    const { files, testFiles, ruleFiles } = RuleTests.render(chart);
    expect(ruleFiles).toEqual(['x/api.rules.yaml']);
    expect(testFiles).toEqual(['x/api.test.yaml']);
    const test = yaml.load(files['x/api.test.yaml']) as any;
    expect(test.rule_files).toEqual(['api.rules.yaml']);
    expect(test.tests[0].alert_rule_test[1]).toEqual({
      eval_time: '15m',
      alertname: 'HighErrorRate',
      exp_alerts: [{ exp_labels: { job: 'api', severity: 'critical', team: 'backend' }, exp_annotations: { summary: 'High error rate on api', description: 'Error rate is 10%' } }],
    });
    const result = promtoolTestRules('x/api.test.yaml', files);
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });

  test('a wrong expectation makes promtool fail (the test is real)', () => {
    const { chart, group } = setup();
    errorRateAlert(group).addTest({
      inputSeries: [
        { series: 'http_requests_total{job="api", status="200"}', values: '0+90x30' },
        { series: 'http_requests_total{job="api", status="500"}', values: '0+10x30' },
      ],
      expectations: [{ at: Duration.minutes(15), alerts: [] }],
    });
    const { files, testFiles } = RuleTests.render(chart);
    const result = promtoolTestRules(testFiles[0], files);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/alertname: HighErrorRate, time: 15m/);
  });

  test('a recording rule test checks samples with promtool', () => {
    const { chart, group } = setup();
    group.addRecord('job:http_requests:rate5m', { expr: 'sum by (job) (rate(http_requests_total[5m]))' }).addTest({
      inputSeries: [{ series: 'http_requests_total{job="api", instance="a"}', values: '0+60x20' }],
      expectations: [{ at: Duration.minutes(10), samples: [{ labels: 'job:http_requests:rate5m{job="api"}', value: 1 }] }],
    });
    const { files, testFiles } = RuleTests.render(chart);
    const result = promtoolTestRules(testFiles[0], files);
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });

  test('an expected sample value must be a finite number', () => {
    for (const [value, shown] of [[NaN, 'NaN (a number)'], ['1', '"1" (a string)']] as const) {
      const { chart, group } = setup();
      expect(() => {
        group.addRecord('job:http_requests:rate5m', { expr: 'sum by (job) (rate(http_requests_total[5m]))' }).addTest({
          inputSeries: [{ series: 'http_requests_total{job="api"}', values: '0+60x20' }],
          expectations: [{ at: Duration.minutes(10), samples: [{ labels: 'job:http_requests:rate5m{job="api"}', value: value as number }] }],
        });
        RuleTests.render(chart);
      }).toThrow(new RegExp(`^\\[x/api/[^\\]]+\\] expectations\\[0\\]\\.samples\\[0\\]\\.value: must be a finite number \\(the sample value, in the unit of the series\\); received ${shown.replace(/[()]/g, '\\$&')}$`));
    }
  });

  test('a PrometheusRule without tests gets a rule file but no test file', () => {
    const { chart, group } = setup();
    errorRateAlert(group);
    const out = RuleTests.render(chart);
    expect(out.ruleFiles).toEqual(['x/api.rules.yaml']);
    expect(out.testFiles).toEqual([]);
  });

  test('rejects values outside promtool notation', () => {
    const { group } = setup();
    expect(() => errorRateAlert(group).addTest({ inputSeries: [{ series: 'up', values: '0 to 10' }], expectations: [{ at: Duration.minutes(1), alerts: [] }] }))
      .toThrow('[x/api/api/HighErrorRate/Test1] inputSeries[0].values: must be promtool\'s expanding notation ("0+10x30", "1x5", "_", "stale", numbers); received "0 to 10"');
  });

  test('rejects an invalid series selector', () => {
    const { group } = setup();
    expect(() => errorRateAlert(group).addTest({ inputSeries: [{ series: 'up{job=', values: '1' }], expectations: [{ at: Duration.minutes(1), alerts: [] }] }))
      .toThrow(/^\[x\/api\/api\/HighErrorRate\/Test1\] inputSeries\[0\]\.series: invalid PromQL "up\{job=" at/);
  });

  test('requires the expanded value of a templated annotation', () => {
    const { group } = setup();
    expect(() => errorRateAlert(group).addTest({
      inputSeries: [{ series: 'up', values: '1' }],
      expectations: [{ at: Duration.minutes(1), alerts: [{ labels: { job: 'api' }, annotations: { summary: 'High error rate on api' } }] }],
    })).toThrow('[x/api/api/HighErrorRate/Test1] expectations[0].alerts[0].annotations: the rule\'s annotation "description" is templated ("Error rate is {{ $value | humanizePercentage }}"); give its expanded value, as promtool compares annotations exactly');
  });

  test('rejects an expected annotation the rule does not have', () => {
    const { group } = setup();
    expect(() => group.addAlert('A', { expr: 'up == 0', severity: Severity.INFO, summary: 's' }).addTest({
      inputSeries: [{ series: 'up', values: '0' }],
      expectations: [{ at: Duration.minutes(0), alerts: [{ annotations: { runbook_url: 'x' } }] }],
    })).toThrow('[x/api/api/A/Test1] expectations[0].alerts[0].annotations: the rule has no annotation "runbook_url" (it has ["summary"])');
  });

  test('rejects a test without input series', () => {
    const { group } = setup();
    expect(() => errorRateAlert(group).addTest({ inputSeries: [], expectations: [{ at: Duration.minutes(1), alerts: [] }] }))
      .toThrow('[x/api/api/HighErrorRate/Test1] inputSeries: a test needs at least one input series');
  });
});

describe('generated rule unit tests (an SLO\'s)', () => {
  const test1 = { inputSeries: [{ series: 'up{job="api"}', values: '1x10' }], expectations: [{ at: Duration.minutes(5), alerts: [] }] };

  test('are computed and created when the tests are first read, then kept', () => {
    const { chart, group } = setup();
    const alert = errorRateAlert(group);
    let computed = 0;
    alert._addGeneratedTest(() => {
      computed++;
      return { ...test1, name: 'generated' };
    });
    expect(computed).toBe(0);
    expect(alert.node.tryFindChild('Test1')).toBeUndefined();
    const test = yaml.load(RuleTests.render(chart).files['x/api.test.yaml']) as any;
    expect(test.tests.map((t: any) => [t.name, t.input_series])).toEqual([['generated', [{ series: 'up{job="api"}', values: '1x10' }]]]);
    expect(alert.ruleTests).toEqual([alert.node.findChild('Test1')]);
    expect(computed).toBe(1);
  });

  test('a test whose creation fails raises its error, with its path, every time the tests are read', () => {
    const { chart, group } = setup();
    const alert = errorRateAlert(group);
    alert._addGeneratedTest(() => ({ ...test1, inputSeries: [] }));
    const message = '[x/api/api/HighErrorRate/Test1] inputSeries: a test needs at least one input series';
    expect(() => RuleTests.render(chart)).toThrow(message);
    // not "There is already a Construct with name 'Test1'"
    expect(() => alert.ruleTests).toThrow(message);
  });
});

describe('native histogram input series', () => {
  const histogramSeries = '{{schema:0 sum:0 count:0 buckets:[0 0 0] offset:-1}}+{{schema:0 sum:1.5 count:4 buckets:[1 2 1] offset:-1}}x10';
  function nativeSetup(prometheus: PrometheusVersion) {
    const chart = new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x', targetVersions: { prometheus } });
    const group = new PrometheusRule(chart, 'api', { name: 'api' }).addGroup('api');
    const record = group.addRecord('job:h:count5m', { expr: 'sum by (job) (histogram_count(rate(h[5m])))' });
    return { chart, record };
  }

  test('a 3.x target takes promtool\'s histogram notation; promtool 3.5 reads it, 2.42 does not', () => {
    const { chart, record } = nativeSetup(PrometheusVersion.V3_5);
    record.addTest({
      inputSeries: [{ series: 'h{job="api"}', values: histogramSeries }],
      expectations: [{ at: Duration.minutes(10), samples: [{ labels: 'job:h:count5m{job="api"}', value: 4 / 60 }] }],
    });
    const { files, testFiles } = RuleTests.render(chart);
    expect((yaml.load(files[testFiles[0]]) as any).tests[0].input_series[0].values).toBe(histogramSeries);
    expect(promtoolTestRules(testFiles[0], files, TOOL_VERSIONS[1]).output).toContain('SUCCESS');
    const old = promtoolTestRules(testFiles[0], files, TOOL_VERSIONS[0]);
    expect(old.ok).toBe(false);
    expect(old.output).toContain("unexpected character in series sequence: '{'");
  });

  test('a 2.x target refuses them, naming promtool\'s release and the fix', () => {
    const { record } = nativeSetup(PrometheusVersion.V2_42);
    expect(() => record.addTest({ inputSeries: [{ series: 'h', values: histogramSeries }], expectations: [{ at: Duration.minutes(1), samples: [] }] })).toThrow(
      '[x/api/api/job:h:count5m/Test1] inputSeries[0].values: native histogram samples ({{schema:0 ...}}) are unknown to promtool 2.42 (it stops at the "{{") and checked from promtool 3.5 on; ' +
        'the target is Prometheus 2.42 (targetVersions.prometheus). Test the rule with float series, or declare targetVersions: { prometheus: PrometheusVersion.V3_5 } if every Prometheus that loads it runs 3.x',
    );
  });

  test.each([
    '{{schema:0 sum:5 count:4 buckets:[1 2 1]',
    '{{schema:0 colour:red}}',
    '{{schema:0 schema:1}}',
    '{{schema:0.5}}',
    '{{buckets:[]}}',
    '{{}}',
    '{{schema:0}}*{{schema:0}}x2',
    '{{schema:0}}+{{schema:0}}',
    '{{counter_reset_hint:sometimes}}',
  ])('refuses a histogram sample promtool would not read: %s', (values) => {
    const { record } = nativeSetup(PrometheusVersion.V3_5);
    expect(() => record.addTest({ inputSeries: [{ series: 'h', values }], expectations: [{ at: Duration.minutes(1), samples: [] }] })).toThrow(
      `[x/api/api/job:h:count5m/Test1] inputSeries[0].values: must be promtool's expanding notation ("0+10x30", "1x5", "_", "stale", numbers); received ${JSON.stringify(values)}. Native histogram samples are "{{schema:0 count:4 sum:5 buckets:[1 2 1]}}" and "{{...}}+{{...}}x10"`,
    );
  });

  test('the notation the library accepts, promtool 3.5 reads', () => {
    // the series and the count of observations per second at 1m (none from a single sample; no increase in the others)
    const accepted: Array<[string, number | undefined]> = [
      ['{{schema:0 sum:5 count:4 buckets:[1 2 1]}}', undefined],
      ['{{schema:1 count:3 z_bucket:1 z_bucket_w:0.001 buckets:[1] n_buckets:[1] offset:2 n_offset:-1 counter_reset_hint:not_reset}}x3', 0],
      ['{{schema:-53 sum:1 count:2 custom_values:[0.1 0.5] buckets:[1 1]}}+{{schema:-53 sum:0 count:0 custom_values:[0.1 0.5] buckets:[0 0]}}x2 _ stale 1', 0],
    ];
    const { chart, record } = nativeSetup(PrometheusVersion.V3_5);
    for (const [values, perSecond] of accepted) {
      const samples = perSecond === undefined ? [] : [{ labels: 'job:h:count5m', value: perSecond }];
      record.addTest({ inputSeries: [{ series: 'h', values }], expectations: [{ at: Duration.minutes(1), samples }] });
    }
    const { files, testFiles } = RuleTests.render(chart);
    expect(promtoolTestRules(testFiles[0], files, TOOL_VERSIONS[1]).output).toContain('SUCCESS');
  });

});
