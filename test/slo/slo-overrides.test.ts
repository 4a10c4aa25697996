import { Duration, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { MonitoringChart, Severity } from '../../lib/core';
import { AlertCatalogue, AlertOverride } from '../../lib/prometheus';
import { RuleTests } from '../../lib/prometheus/rule-tests';
import { Sli } from '../../lib/slo/sli';
import { Slo, SloProps } from '../../lib/slo/slo';
import { promtoolCheckRules, promtoolTestRules, TOOL_VERSIONS } from '../util/tools';

// Overrides of an SLO's generated burn-rate alerts, keyed by tier (page, ticket). The generated promtool
// tests must stay true to the overridden alerts: promtool runs them, with both releases.

const availability = () => Sli.ratio({ errors: 'http_requests_total{job="api", status=~"5.."}', total: 'http_requests_total{job="api"}' });

function build(props: Partial<SloProps> = {}) {
  const chart = new MonitoringChart(Testing.app(), 'x', { partOf: 'shop', namespace: 'shop' });
  const slo = new Slo(chart, 'api-availability', { sli: availability(), objective: 99.9, ...props });
  return { chart, slo };
}

type Rule = { alert?: string; record?: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
const alertsOf = (slo: Slo): Rule[] => (yaml.load(slo.prometheusRule.toRuleFile()) as { groups: Array<{ rules: Rule[] }> }).groups.flatMap((g) => g.rules).filter((r) => r.alert !== undefined);

/** promtool check rules and test rules of both releases on the chart's rules and generated tests. */
function promtool(chart: MonitoringChart) {
  const { files, ruleFiles, testFiles } = RuleTests.render(chart);
  return TOOL_VERSIONS.map((tool) => ({
    tool: tool.name,
    check: promtoolCheckRules(Object.fromEntries(ruleFiles.map((f) => [f, files[f]])), tool),
    tests: testFiles.map((t) => promtoolTestRules(t, files, tool)),
    files,
    testFiles,
  }));
}

describe('Slo overrides, by tier', () => {
  test('severity, labels and annotations change the alert; the generated tests expect the overridden labels, and promtool agrees', () => {
    const { chart, slo } = build({
      overrides: {
        page: { severity: Severity.of('page'), labels: { team: 'sre' }, annotations: { summary: 'Checkout burns its budget fast' } },
        ticket: { labels: { team: 'sre' } },
      },
    });
    const [page, ticket] = alertsOf(slo);
    expect(page.labels).toEqual({ severity: 'page', team: 'sre' });
    expect(page.annotations!.summary).toBe('Checkout burns its budget fast');
    expect(ticket.labels).toEqual({ severity: 'warning', team: 'sre' });
    for (const run of promtool(chart)) {
      expect({ tool: run.tool, check: run.check.ok }).toEqual({ tool: run.tool, check: true });
      expect(run.testFiles.length).toBe(1);
      expect(run.files[run.testFiles[0]]).toContain('severity: page');
      expect(run.tests.map((t) => t.output)).toEqual([expect.stringContaining('SUCCESS')]);
    }
  });

  test('a for on the page delays the generated expectation by as much; promtool passes it and fails the tests of the unchanged rule', () => {
    const { chart, slo } = build({ overrides: { page: { for: Duration.minutes(10) } } });
    expect(alertsOf(slo)[0].for).toBe('10m');
    const runs = promtool(chart);
    for (const run of runs) {
      expect(run.check.ok).toBe(true);
      expect(run.files[run.testFiles[0]]).toMatch(/pages after \d+m/);
      expect(run.tests.map((t) => t.output)).toEqual([expect.stringContaining('SUCCESS')]);
    }
    // the same tests against the rules without the for: the page fires before the tests expect it
    const { files, testFiles } = runs[0];
    const ruleFile = Object.keys(files).find((f) => f.endsWith('.rules.yaml'))!;
    const withoutFor = files[ruleFile].replace(/\n\s*for: 10m/, '');
    expect(withoutFor).not.toBe(files[ruleFile]);
    const broken = promtoolTestRules(testFiles[0], { ...files, [ruleFile]: withoutFor });
    expect(broken.ok).toBe(false);
    expect(broken.output).toContain(slo.alertName);
  });

  test('enabled: false drops that tier: no ticket alert (the tests expect none), or no page alert and no tests', () => {
    const noTicket = build({ overrides: { ticket: { enabled: false } } });
    expect(noTicket.slo.ticketAlert).toBeUndefined();
    expect(alertsOf(noTicket.slo).map((a) => a.labels!.severity)).toEqual(['critical']);
    for (const run of promtool(noTicket.chart)) {
      expect(run.tests.map((t) => t.output)).toEqual([expect.stringContaining('SUCCESS')]);
    }
    const noPage = build({ overrides: { page: { enabled: false } } });
    expect(noPage.slo.pageAlert).toBeUndefined();
    expect(alertsOf(noPage.slo).map((a) => a.labels!.severity)).toEqual(['warning']);
    expect(RuleTests.render(noPage.chart).testFiles).toEqual([]);
  });

  test('the alert catalogue shows the overridden fields', () => {
    const { chart, slo } = build({ overrides: { ticket: { labels: { team: 'sre' }, for: Duration.minutes(30) } } });
    const entries = AlertCatalogue.entries(chart).filter((e) => e.alert === slo.alertName);
    expect(entries.map((e) => [e.severity, e.overridden])).toEqual([['critical', undefined], ['warning', ['for', 'labels']]]);
    expect(AlertCatalogue.markdown(chart)).toContain('| Overridden |');
  });

  test('unknown tiers, thresholds and a severity given twice fail with the field and the fix', () => {
    expect(() => build({ overrides: { pgae: {} } })).toThrow('[x/api-availability] overrides: "pgae" is not a burn-rate tier of the SLO (known: page, ticket); did you mean "page"?');
    expect(() => build({ overrides: { ApiAvailabilityErrorBudgetBurn: {} } })).toThrow('overrides: "ApiAvailabilityErrorBudgetBurn" is not a burn-rate tier of the SLO (known: page, ticket)');
    expect(() => build({ overrides: { page: { threshold: 10 } } })).toThrow("[x/api-availability] overrides.page.threshold: this alert has no threshold to change; remove threshold, or change the alert's other fields");
    expect(() => build({ pageSeverity: Severity.CRITICAL, overrides: { page: { severity: Severity.of('page') } } })).toThrow('[x/api-availability] overrides.page.severity: pageSeverity sets the same severity; give one of the two');
    expect(() => build({ ticketSeverity: Severity.INFO, overrides: { ticket: { severity: Severity.WARNING } } })).toThrow('overrides.ticket.severity: ticketSeverity sets the same severity; give one of the two');
    expect(() => build({ overrides: { page: { for: '10m' as unknown as Duration } } })).toThrow('[x/api-availability] overrides.page.for:');
    expect(() => build({ overrides: { page: { labels: { severity: 'x' } } } as { [tier: string]: AlertOverride } })).toThrow('[x/api-availability] overrides.page.labels:');
    expect(() => build({ overrides: 'page' as unknown as { [tier: string]: AlertOverride } })).toThrow('[x/api-availability] overrides: must be an object');
  });

  test('the overridden rules pass promtool check rules of both releases', () => {
    const { slo } = build({ overrides: { page: { for: Duration.minutes(2), labels: { team: 'sre' } }, ticket: { severity: Severity.INFO } } });
    for (const tool of TOOL_VERSIONS) {
      const result = promtoolCheckRules({ 'slo.yaml': slo.prometheusRule.toRuleFile() }, tool);
      expect({ tool: tool.name, output: result.output }).toEqual({ tool: tool.name, output: expect.stringContaining('SUCCESS') });
    }
  });
});
