import { App, Duration, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { ConstructQueries, MonitoringChart, PrometheusDuration, PrometheusVersion, Severity } from '../../lib/core';
import { FastSynthesis } from '../../lib/core/synthesizer';
import { Dashboard } from '../../lib/grafana/dashboard';
import { PrometheusRule } from '../../lib/prometheus/prometheus-rule';
import { RuleTests } from '../../lib/prometheus/rule-tests';
import { BurnRateTier, MultiBurnRateTable } from '../../lib/slo/burn-rate';
import { HistogramBuckets, Sli } from '../../lib/slo/sli';
import { expectedTiers, Slo, SloMetrics, SloProps } from '../../lib/slo/slo';
import { crdSchemaErrors } from '../util/schema';
import { one, synth } from '../util/synth';
import { promtoolCheckRules, promtoolTestRules, TOOL_VERSIONS } from '../util/tools';

const availability = () => Sli.ratio({ errors: 'http_requests_total{job="api", status=~"5.."}', total: 'http_requests_total{job="api"}' });

function chart() {
  return new MonitoringChart(Testing.app(), 'x', { partOf: 'shop', namespace: 'shop' });
}

function build(props: Partial<SloProps> = {}, id = 'api-availability') {
  const c = chart();
  const slo = new Slo(c, id, { sli: availability(), objective: 99.9, ...props });
  return { chart: c, slo };
}

/** Runs promtool check rules and test rules on everything under the chart. */
function promtool(c: MonitoringChart) {
  const { files, ruleFiles, testFiles } = RuleTests.render(c);
  const check = promtoolCheckRules(Object.fromEntries(ruleFiles.map((f) => [f, files[f]])));
  const tests = testFiles.map((t) => promtoolTestRules(t, files));
  return { check, tests, files, testFiles };
}

type RuleFile = { groups: Array<{ name: string; interval?: string; rules: Array<{ record?: string; alert?: string; expr: string; labels?: Record<string, string> }> }> };

function ruleFile(slo: Slo): RuleFile {
  return yaml.load(slo.prometheusRule.toRuleFile()) as RuleFile;
}

describe('Slo rules', () => {
  test('records the error ratio over 5m, 30m, 1h, 2h, 6h, 1d, 3d and the period, with Sloth names and the slo label', () => {
    const { chart: c, slo } = build();
    const rules = ruleFile(slo).groups.flatMap((g) => g.rules);
    const ratios = rules.filter((r) => r.record?.startsWith('slo:sli_error:ratio_rate')).map((r) => r.record);
    expect(ratios).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'].map((w) => `slo:sli_error:ratio_rate${w}`));
    for (const name of [SloMetrics.OBJECTIVE, SloMetrics.ERROR_BUDGET, SloMetrics.CURRENT_BURN_RATE, SloMetrics.PERIOD_ERROR_BUDGET_REMAINING]) {
      expect(rules.some((r) => r.record === name)).toBe(true);
    }
    for (const r of rules.filter((x) => x.record)) expect(r.labels?.slo).toBe('shop-api-availability');
    expect(slo.sloId).toBe('shop-api-availability');
    expect(slo.errorBudgetRemainingQuery).toBe('slo:period_error_budget_remaining:ratio{slo="shop-api-availability"}');
    const manifest = one(synth(c), 'PrometheusRule');
    expect(crdSchemaErrors(manifest)).toEqual([]);
    expect(manifest.spec.groups.map((g: any) => g.name)).toEqual([
      'slo-sli-recordings-shop-api-availability',
      'slo-meta-recordings-shop-api-availability',
      'slo-alerts-shop-api-availability',
    ]);
  });

  test('alert thresholds are the table factors times the error budget', () => {
    const { slo } = build({ objective: 99.5 });
    const alerts = ruleFile(slo).groups.flatMap((g) => g.rules).filter((r) => r.alert);
    expect(alerts.map((a) => [a.alert, a.labels?.severity])).toEqual([
      ['ApiAvailabilityErrorBudgetBurn', 'critical'],
      ['ApiAvailabilityErrorBudgetBurn', 'warning'],
    ]);
    const thresholds = (expr: string) => [...expr.matchAll(/ratio_rate(\w+)\{[^}]*\} > \(([\d.]+) \* ([\d.]+)\)/g)].map((m) => [m[1], Number(m[2]), Number(m[3])]);
    // The workbook's published numbers, with budget 1 - 99.5 % = 0.005.
    expect(thresholds(alerts[0].expr)).toEqual([['1h', 14.4, 0.005], ['5m', 14.4, 0.005], ['6h', 6, 0.005], ['30m', 6, 0.005]]);
    expect(thresholds(alerts[1].expr)).toEqual([['1d', 3, 0.005], ['2h', 3, 0.005], ['3d', 1, 0.005], ['6h', 1, 0.005]]);
  });

  test('a 7-day SLO records the scaled windows', () => {
    const { slo } = build({ period: Duration.days(7) });
    expect(slo.recordedWindows().map((w) => PrometheusDuration.format(w))).toEqual(['1m10s', '5m', '7m', '14m', '28m', '1h24m', '5h36m', '16h48m', '7d']);
    expect(slo.errorRatioQuery(Duration.minutes(14))).toBe('slo:sli_error:ratio_rate14m{slo="shop-api-availability"}');
  });

  test('the SLI selectors are kept with their fields, found by ConstructQueries', () => {
    const { chart: c } = build();
    const fields = ConstructQueries.promqlUnder(c).filter((r) => r.field.startsWith('sli.')).map((r) => `${r.field} ${r.query.expression}`);
    expect(fields).toEqual(['sli.errors http_requests_total{job="api", status=~"5.."}', 'sli.total http_requests_total{job="api"}']);
  });

  test('adds its groups to a given PrometheusRule', () => {
    const c = chart();
    const rule = new PrometheusRule(c, 'slos', { name: 'shop-slos' });
    new Slo(c, 'a', { sli: availability(), objective: 99, prometheusRule: rule, tests: false });
    new Slo(c, 'b', { sli: availability(), objective: 99, prometheusRule: rule, tests: false });
    expect(rule.groups.length).toBe(6);
    const { check, testFiles } = promtool(c);
    expect(check.ok).toBe(true);
    expect(testFiles).toEqual([]);
  });
});

describe('Slo generated promtool tests', () => {
  const cases: Array<[string, Partial<SloProps>]> = [
    ['30-day availability (bad events)', {}],
    ['7-day success ratio (good events)', { period: Duration.days(7), objective: 98, sli: Sli.ratio({ good: 'orders_delivered_total', total: 'orders_total' }) }],
    ['28-day latency', { period: Duration.days(28), objective: 95, sli: Sli.latency({ histogram: 'http_request_duration_seconds{job="api"}', threshold: Duration.millis(500), buckets: HistogramBuckets.GO_CLIENT_DEFAULT }) }],
    ['7-day probe', { period: Duration.days(7), objective: 99.5, sli: Sli.probe('probe_success{job="health"}') }],
    ['grouped by a label, with extra labels (14 days)', { period: Duration.days(14), groupBy: ['job'], labels: { team: 'backend' }, runbookUrl: 'https://runbooks.example.com/slo' }],
  ];
  test.each(cases)('%s: rules pass promtool check rules; generated tests pass promtool test rules', (_name, props) => {
    const { chart: c } = build(props);
    const { check, tests, testFiles, files } = promtool(c);
    expect(check.output).toContain('SUCCESS');
    expect(check.ok).toBe(true);
    expect(testFiles.length).toBe(1);
    expect(files[testFiles[0]]).toContain('pages after');
    expect(tests[0].output).toContain('SUCCESS');
    expect(tests[0].ok).toBe(true);
  });

  test('the tests would catch an alert that never fires (mutation check)', () => {
    const { chart: c, slo } = build();
    const { files, testFiles } = RuleTests.render(c);
    const ruleName = Object.keys(files).find((f) => f.endsWith('.rules.yaml'))!;
    // Raise the page factor tenfold: the 18x burn must no longer page, and promtool must say so.
    const broken = files[ruleName].replace(/\(14\.4 \* 0\.001\)/g, '(144 * 0.001)');
    expect(broken).not.toEqual(files[ruleName]);
    const result = promtoolTestRules(testFiles[0], { ...files, [ruleName]: broken });
    expect(result.ok).toBe(false);
    expect(result.output).toContain(slo.alertName);
  });

  test('are built when the tests are read, not by the SLO nor by a synth; once, in their place among declared tests', () => {
    const { chart: c, slo } = build();
    const alert = slo.pageAlert!;
    const heldByTests = () => ConstructQueries.promqlUnder(c).filter((r) => r.field.startsWith('inputSeries['));
    FastSynthesis.files(c.node.root as App);
    expect(alert.node.tryFindChild('Test1')).toBeUndefined();
    expect(heldByTests()).toEqual([]);
    // a test declared on the alert after the SLO's keeps the id and place it had when generated tests were built at once
    const declared = alert.addTest({ inputSeries: [{ series: 'http_requests_total{job="api"}', values: '0x10' }], expectations: [{ at: Duration.minutes(5), alerts: [] }] });
    expect(declared.node.id).toBe('Test3');
    const tests = yaml.load(RuleTests.render(c).files['shop/slo-shop-api-availability.test.yaml']) as { tests: Array<{ name: string }> };
    expect(tests.tests.map((t) => t.name)).toEqual([
      'shop-api-availability: burning at 18x pages after 48m, not before, and resolves after the burn',
      'shop-api-availability: a burn at the budget (0.99x) never alerts',
      'ApiAvailabilityErrorBudgetBurn Test3',
    ]);
    expect(alert.ruleTests.map((t) => t.node.id)).toEqual(['Test1', 'Test2', 'Test3']);
    expect(alert.ruleTests[0]).toBe(alert.node.findChild('Test1'));
    // now in the tree (after the declared test: generated ones are added to it when first read)
    expect(heldByTests().map((r) => r.scope.node.path).sort()).toEqual(['x/api-availability/Rules/slo-alerts-shop-api-availability/ApiAvailabilityErrorBudgetBurn/Test1', 'x/api-availability/Rules/slo-alerts-shop-api-availability/ApiAvailabilityErrorBudgetBurn/Test1', 'x/api-availability/Rules/slo-alerts-shop-api-availability/ApiAvailabilityErrorBudgetBurn/Test2', 'x/api-availability/Rules/slo-alerts-shop-api-availability/ApiAvailabilityErrorBudgetBurn/Test2', 'x/api-availability/Rules/slo-alerts-shop-api-availability/ApiAvailabilityErrorBudgetBurn/Test3']);
  });

  test('a test that cannot be generated fails the synth, and where the tests are read, with the SLO path, every time', () => {
    // errors selecting every series the total selects: no input series can hold good events
    const { chart: c, slo } = build({ sli: Sli.ratio({ errors: 'http_requests_total{job="api"}', total: 'http_requests_total{job="api"}' }) });
    const message = '[x/api-availability] cannot find labels selected by "http_requests_total{job=\\"api\\"}" but not by "http_requests_total{job=\\"api\\"}" to write test series';
    expect(() => synth(c)).toThrow(message);
    expect(() => RuleTests.render(c)).toThrow(message);
    expect(() => slo.pageAlert!.ruleTests).toThrow(message);
    expect(() => build({ sli: Sli.ratio({ errors: 'http_requests_total{job="api"}', total: 'http_requests_total{job="api"}' }), tests: false }).chart).not.toThrow();
  });

  test('burn-rate model: an 18x burn after a page-window history pages at 0.8 of the long window', () => {
    const table = MultiBurnRateTable.forPeriod(Duration.days(30));
    const hour = 3_600_000;
    const burn = (history: number, rate = 18) => ({ onset: history, stop: Infinity, burn: rate });
    expect(expectedTiers(table, burn(6 * hour), 6.7 * hour)).toEqual([BurnRateTier.TICKET]);
    expect(expectedTiers(table, burn(6 * hour), 6.9 * hour)).toEqual([BurnRateTier.PAGE, BurnRateTier.TICKET]);
    expect(expectedTiers(table, burn(30 * 24 * hour), 30 * 24 * hour + 0.9 * hour)).toEqual([BurnRateTier.PAGE]);
    expect(expectedTiers(table, burn(0, 0.9), 6 * hour)).toEqual([]);
    expect(() => expectedTiers(table, burn(0, 0.99), 6 * hour)).toThrow(/within 5 % of its threshold/);
    // Ten minutes after a 54-minute burn stops, the 5m and 30m windows hold too little of it to page.
    expect(expectedTiers(table, { onset: 6 * hour, stop: 6.9 * hour, burn: 18 }, 6.9 * hour + 10 * 60_000)).toEqual([BurnRateTier.TICKET]);
  });
});

describe('Slo error budget', () => {
  test('the period budget survives quiet 5-minute windows (no NaN) and counts events, not windows', () => {
    // Budget 12.5 % (a power of two, so promtool's exact comparison is exact): 1 bad of 16 events -> burn 0.5.
    const c = chart();
    new Slo(c, 'quiet', { sli: availability(), objective: 87.5, period: Duration.days(7), tests: false });
    const { files, ruleFiles } = RuleTests.render(c);
    const test = yaml.dump({
      rule_files: [ruleFiles[0].split('/')[1]],
      evaluation_interval: '30s',
      tests: [{
        interval: '30s',
        input_series: [
          // 1h of traffic, then 1h without any request, then traffic again.
          { series: 'http_requests_total{job="api", status="500"}', values: '0+1x120 120+0x120 120+1x120' },
          { series: 'http_requests_total{job="api", status="200"}', values: '0+15x120 1800+0x120 1800+15x120' },
        ],
        promql_expr_test: [
          { expr: 'slo:period_error_budget_remaining:ratio', eval_time: '1h30m', exp_samples: [{ labels: 'slo:period_error_budget_remaining:ratio{slo="shop-quiet"}', value: 0.5 }] },
          { expr: 'slo:period_error_budget_remaining:ratio', eval_time: '3h', exp_samples: [{ labels: 'slo:period_error_budget_remaining:ratio{slo="shop-quiet"}', value: 0.5 }] },
        ],
      }],
    });
    const dir = ruleFiles[0].split('/')[0];
    const result = promtoolTestRules(`${dir}/quiet.test.yaml`, { ...files, [`${dir}/quiet.test.yaml`]: test });
    expect(result.output).toContain('SUCCESS');
  });
});

describe('Slo rejections', () => {
  test.each([[0], [100], [-1], [NaN]])('objective %p', (objective) => {
    expect(() => build({ objective })).toThrow(/^\[x\/api-availability\] objective: must be a percentage strictly between 0 and 100 \(99.9 means 99.9 % of events are good\); received/);
  });

  test('an objective given as a ratio, with the percentage it probably means', () => {
    expect(() => build({ objective: 0.999 })).toThrow('[x/api-availability] objective: is a percentage (99.9 means 99.9 % of events are good), and 0.999 % would leave a budget no burn can use up; did you mean 99.9?');
  });

  test('a period whose windows cannot be evaluated at the scrape interval', () => {
    expect(() => build({ period: Duration.days(5) })).toThrow(
      /^\[x\/api-availability\] period: a 5d period gives the page alert at x14.4 a short window of 50s .*shorter than the 1m that can be evaluated \(two scrape intervals\)/,
    );
    // The same period works with a 15s scrape interval.
    expect(() => build({ period: Duration.days(5), scrapeInterval: Duration.seconds(15), evaluationInterval: Duration.seconds(15) })).not.toThrow();
  });

  test('an evaluation interval longer than the shortest window', () => {
    expect(() => build({ period: Duration.days(7), evaluationInterval: Duration.minutes(2) })).toThrow(
      /^\[x\/api-availability\] evaluationInterval: must be at most the shortest burn-rate window \(1m10s\), or the alert would miss short burns; received 2m$/,
    );
  });

  test('grouping by the slo label, or labels the SLO sets', () => {
    expect(() => build({ groupBy: ['slo'] })).toThrow(/^\[x\/api-availability\] groupBy: "slo" is the label the SLO writes its id to$/);
    expect(() => build({ labels: { severity: 'page' } })).toThrow(/^\[x\/api-availability\] labels: "severity" is set by the SLO/);
    expect(() => build({ groupBy: ['__not_a_label'] })).toThrow(/^\[x\/api-availability\] groupBy: names starting with "__" are reserved/);
  });

  test('a latency SLI grouped by le', () => {
    const sli = Sli.latency({ histogram: 'h_seconds', threshold: Duration.seconds(1), buckets: HistogramBuckets.GO_CLIENT_DEFAULT });
    expect(() => build({ sli, groupBy: ['le'] })).toThrow(/^\[x\/api-availability\] groupBy: cannot group a latency SLI by le/);
  });

  test('an invalid name', () => {
    expect(() => build({ name: 'api availability' })).toThrow(/^\[x\/api-availability\] name: must be letters, digits, '-' and '_'.*received "api availability"$/);
  });

  test('a window the SLO does not record', () => {
    const { slo } = build();
    expect(() => slo.errorRatioQuery(Duration.minutes(10))).toThrow(/^\[x\/api-availability\] window: the SLO records the error ratio over 5m, 30m, 1h, 2h, 6h, 1d, 3d, 30d; received 10m$/);
  });

  test('instanceLabels together with a given prometheusRule', () => {
    const c = chart();
    const rule = new PrometheusRule(c, 'slos');
    expect(() => new Slo(c, 'a', { sli: availability(), objective: 99, prometheusRule: rule, instanceLabels: { release: 'x' } })).toThrow(
      /^\[x\/a\] instanceLabels: the labels of a given prometheusRule are its own/,
    );
  });

  test('alerts: false records the SLO without alerts or tests', () => {
    const { chart: c, slo } = build({ alerts: false, instanceLabels: { release: 'prometheus' } });
    expect(slo.pageAlert).toBeUndefined();
    expect(ruleFile(slo).groups.map((g) => g.name)).toEqual(['slo-sli-recordings-shop-api-availability', 'slo-meta-recordings-shop-api-availability']);
    expect(RuleTests.render(c).testFiles).toEqual([]);
    expect(one(synth(c), 'PrometheusRule').metadata.labels).toMatchObject({ release: 'prometheus' });
  });

  test('custom severities reach the alerts', () => {
    const { slo } = build({ pageSeverity: Severity.of('page'), ticketSeverity: Severity.of('ticket') });
    expect([slo.pageAlert!.labels.severity, slo.ticketAlert!.labels.severity]).toEqual(['page', 'ticket']);
  });
});

describe('Slo Grafana panels', () => {
  test('budget and burn-rate panels query the recorded metrics of this SLO', () => {
    const { chart: c, slo } = build({ period: Duration.days(7) });
    const dashboard = new Dashboard(c, 'Slos', { title: 'SLOs' });
    const panels = slo.createPanels(dashboard.addRow('Availability', { title: 'Availability' }), 'Availability');
    const configMap = synth(c).find((m) => m.kind === 'ConfigMap' && m.metadata.labels?.grafana_dashboard === '1')!;
    const json = JSON.parse(Object.values(configMap.data as Record<string, string>)[0]);
    const exprs: string[] = json.panels.flatMap((p: any) => (p.targets ?? []).map((t: any) => t.expr));
    expect(exprs[0]).toBe('slo:period_error_budget_remaining:ratio{slo="shop-api-availability"}');
    // Every panel reads a metric the SLO records, restricted to this SLO.
    const recorded = new Set(ruleFile(slo).groups.flatMap((g) => g.rules).map((r) => r.record));
    expect(exprs.length).toBe(6);
    for (const e of exprs) {
      expect(recorded.has(e.split('{')[0])).toBe(true);
      expect(e).toContain('{slo="shop-api-availability"}');
    }
    expect(panels.burnRate).toBeDefined();
  });
});

describe('UTF-8 names and native histograms', () => {
  const v3chart = () => new MonitoringChart(Testing.app(), 'otel', { partOf: 'shop', namespace: 'shop', targetVersions: { prometheus: PrometheusVersion.V3_5 } });
  const lts = TOOL_VERSIONS[1];
  function promtool3(c: MonitoringChart) {
    const { files, ruleFiles, testFiles } = RuleTests.render(c);
    return {
      check: promtoolCheckRules(Object.fromEntries(ruleFiles.map((f) => [f, files[f]])), lts),
      tests: testFiles.map((t) => promtoolTestRules(t, files, lts)),
      files,
      testFiles,
    };
  }

  test('a native-histogram latency SLO: histogram_fraction rules, and generated tests in native histogram samples that promtool 3.5 passes', () => {
    const c = v3chart();
    const slo = new Slo(c, 'checkout-latency', {
      sli: Sli.nativeLatency({ histogram: 'http_request_duration_seconds{job="checkout"}', threshold: Duration.millis(300) }),
      objective: 99,
      groupBy: ['route'],
    });
    const rules = ruleFile(slo).groups.flatMap((g) => g.rules);
    expect(rules.find((r) => r.record === 'slo:sli_error:ratio_rate1h')!.expr).toBe('1 - histogram_fraction(0, 0.3, sum by (namespace, route) (rate(http_request_duration_seconds{job="checkout"}[1h])))');
    expect(rules.find((r) => r.record === 'slo:sli_error_events:rate5m')!.expr).toContain('histogram_fraction(0, 0.3, rate(http_request_duration_seconds{job="checkout"}[5m])) * histogram_count(rate(http_request_duration_seconds{job="checkout"}[5m])) >= 0');
    const { check, tests, files, testFiles } = promtool3(c);
    expect(check.output).toContain('SUCCESS');
    expect(files[testFiles[0]]).toContain('{{schema:0 count:');
    expect(tests.map((t) => t.output)).toEqual([expect.stringContaining('SUCCESS')]);
  });

  test('the generated tests fail when the SLI is wrong: promtool 3.5 catches a threshold the rules do not use', () => {
    const c = v3chart();
    new Slo(c, 'checkout-latency', { sli: Sli.nativeLatency({ histogram: 'h{job="checkout"}', threshold: Duration.millis(300) }), objective: 99 });
    const { files, testFiles, ruleFiles } = RuleTests.render(c);
    // the rules count requests up to 2 s as good: the test's slow requests (in (0.5, 1]) no longer burn the budget
    const broken = files[ruleFiles[0]].replace(/histogram_fraction\(0, 0\.3,/g, 'histogram_fraction(0, 2,');
    expect(broken).not.toBe(files[ruleFiles[0]]);
    const result = promtoolTestRules(testFiles[0], { ...files, [ruleFiles[0]]: broken }, lts);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('CheckoutLatencyErrorBudgetBurn');
  });

  test('a 2.42 target: the generated tests are refused (promtool 2.42 cannot read their series); without them the rules load in promtool 2.42', () => {
    const sli = () => Sli.nativeLatency({ histogram: 'h{job="checkout"}', threshold: Duration.millis(300) });
    const chart = () => new MonitoringChart(Testing.app(), 'x', { partOf: 'shop', namespace: 'shop', targetVersions: { prometheus: PrometheusVersion.V2_42 } });
    expect(() => new Slo(chart(), 'latency', { sli: sli(), objective: 99 })).toThrow(
      '[x/latency] tests: the generated promtool tests of a native-histogram SLI write native histogram samples ({{schema:0 ...}}), unknown to promtool 2.42 (it stops at the "{{") and checked from promtool 3.5 on; ' +
        'the target is Prometheus 2.42 (targetVersions.prometheus). Set tests: false (the rules themselves load in 2.x), or declare targetVersions: { prometheus: PrometheusVersion.V3_5 } if every Prometheus that loads it runs 3.x',
    );
    const c = chart();
    new Slo(c, 'latency', { sli: sli(), objective: 99, tests: false });
    const { files, ruleFiles, testFiles } = RuleTests.render(c);
    expect(testFiles).toEqual([]);
    expect(promtoolCheckRules(Object.fromEntries(ruleFiles.map((f) => [f, files[f]])), TOOL_VERSIONS[0]).output).toContain('SUCCESS');
  });

  test('an SLO over OpenTelemetry names: quoted selectors, a UTF-8 label in groupBy and labels; promtool 3.5 loads the rules and passes the generated tests', () => {
    const c = v3chart();
    new Slo(c, 'checkout-availability', {
      sli: Sli.ratio({
        errors: '{"http.server.request.duration_seconds_count", job="checkout", "http.response.status_code"=~"5.."}',
        total: '{"http.server.request.duration_seconds_count", job="checkout"}',
      }),
      objective: 99.9,
      groupBy: ['http.route'],
      labels: { 'service.name': 'checkout' },
    });
    new Slo(c, 'checkout-latency', {
      sli: Sli.nativeLatency({ histogram: '{"http.server.request.duration_seconds", job="checkout"}', threshold: Duration.millis(250) }),
      objective: 99,
    });
    const { check, tests, files, testFiles } = promtool3(c);
    expect(check.output).toContain('SUCCESS');
    const rules = (yaml.load(Object.entries(files).find(([f]) => f.endsWith('slo-shop-checkout-availability.rules.yaml'))![1]) as RuleFile).groups.flatMap((g) => g.rules);
    expect(rules.find((r) => r.record === 'slo:sli_error:ratio_rate1h')!.expr).toContain('sum by (namespace, "http.route") (rate({"http.server.request.duration_seconds_count", job="checkout", "http.response.status_code"=~"5.."}[1h]))');
    expect(rules.find((r) => r.record === 'slo:sli_error:ratio_rate1h')!.labels).toEqual({ 'service.name': 'checkout', slo: 'shop-checkout-availability' });
    expect(testFiles.length).toBe(2);
    expect(tests.map((t) => t.output)).toEqual([expect.stringContaining('SUCCESS'), expect.stringContaining('SUCCESS')]);
  });

  test('a 2.42 target refuses the UTF-8 names of groupBy and labels', () => {
    const build = (props: Partial<SloProps>) => new Slo(new MonitoringChart(Testing.app(), 'x', { partOf: 'shop', namespace: 'shop', targetVersions: { prometheus: PrometheusVersion.V2_42 } }), 'api-availability', { sli: availability(), objective: 99.9, ...props });
    expect(() => build({ groupBy: ['http.route'] })).toThrow('[x/api-availability] groupBy: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received "http.route", a UTF-8 name, unknown to Prometheus 2.42 and checked from Prometheus 3.5 on');
    expect(() => build({ labels: { 'service.name': 'x' } })).toThrow('[x/api-availability] labels name: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received "service.name", a UTF-8 name');
  });
});
