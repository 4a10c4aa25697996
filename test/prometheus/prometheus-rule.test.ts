import { ApiObject, App, Duration, JsonPatch, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { PrometheusRule as KubePrometheusRule, PrometheusRuleSpecGroupsRulesExpr, toJson_PrometheusRuleProps } from '../../imports/monitoring.coreos.com';
import { MonitoringChart, Severity } from '../../lib/core';
import { FastSynthesis } from '../../lib/core/synthesizer';
import { InstanceSelectorLabels, PartialResponseStrategy, PrometheusRule } from '../../lib/prometheus';
import { crdSchemaErrors } from '../util/schema';
import { one, synth } from '../util/synth';
import { promtoolCheckRules } from '../util/tools';

const chart = () => new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' });

function sample(c: MonitoringChart): PrometheusRule {
  const rules = new PrometheusRule(c, 'api-alerts', { name: 'api-alerts' });
  const availability = rules.addGroup('api.availability', { interval: Duration.seconds(30), limit: 100, partialResponseStrategy: PartialResponseStrategy.WARN });
  availability.addAlert('ApiDown', {
    expr: 'up{job="api"} == 0',
    for: Duration.minutes(1),
    keepFiringFor: Duration.minutes(2),
    severity: Severity.CRITICAL,
    labels: { team: 'backend' },
    summary: 'API {{ $labels.instance }} is down',
    description: 'The scrape of {{ $labels.instance }} has failed for 1 minute.',
    runbookUrl: 'https://runbooks.example.com/api-down',
    dashboardUrl: 'https://grafana.example.com/d/api',
  });
  const recording = rules.addGroup('api.recording');
  recording.addRecord('job:http_requests:rate5m', { expr: 'sum by (job) (rate(http_requests_total[5m]))' });
  return rules;
}

describe('PrometheusRule', () => {
  test('renders groups and rules into the CR, valid against the CRD', () => {
    const c = chart();
    sample(c);
    const pr = one(synth(c), 'PrometheusRule', 'api-alerts');
    expect(pr.metadata.labels).toMatchObject({ ...InstanceSelectorLabels.KUBE_PROMETHEUS_STACK, 'app.kubernetes.io/part-of': 'x' });
    expect(pr.spec.groups).toEqual([
      {
        name: 'api.availability',
        interval: '30s',
        limit: 100,
        partial_response_strategy: 'warn',
        rules: [
          {
            alert: 'ApiDown',
            expr: 'up{job="api"} == 0',
            for: '1m',
            keep_firing_for: '2m',
            labels: { severity: 'critical', team: 'backend' },
            annotations: {
              summary: 'API {{ $labels.instance }} is down',
              description: 'The scrape of {{ $labels.instance }} has failed for 1 minute.',
              runbook_url: 'https://runbooks.example.com/api-down',
              dashboard_url: 'https://grafana.example.com/d/api',
            },
          },
        ],
      },
      { name: 'api.recording', rules: [{ record: 'job:http_requests:rate5m', expr: 'sum by (job) (rate(http_requests_total[5m]))' }] },
    ]);
    expect(crdSchemaErrors(pr)).toEqual([]);
  });

  test('is rendered as the generated PrometheusRule class would render the same rules given as its camelCase props', () => {
    const c = chart();
    const rules = sample(c);
    const written = one(synth(c), 'PrometheusRule', 'api-alerts');
    expect(rules.resource).toBeInstanceOf(KubePrometheusRule);
    // the same rules through the generated converter, from the generated types' field names
    const camel = {
      metadata: written.metadata,
      spec: {
        groups: written.spec.groups.map((g: any) => ({
          interval: g.interval,
          limit: g.limit,
          name: g.name,
          partialResponseStrategy: g.partial_response_strategy,
          rules: g.rules.map((r: any) => ({
            alert: r.alert,
            annotations: r.annotations,
            expr: PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr),
            for: r.for,
            keepFiringFor: r.keep_firing_for,
            labels: r.labels,
            record: r.record,
          })),
        })),
      },
    };
    const converted = { ...KubePrometheusRule.GVK, ...toJson_PrometheusRuleProps(camel) };
    expect(JSON.stringify(written)).toEqual(JSON.stringify(converted));
    expect(written.spec.groups[0].rules[0].keep_firing_for).toBe('2m');
    expect(written.spec.groups[0].partial_response_strategy).toBe('warn');
  });

  test('the rule file passes promtool check rules, and leaves out Thanos-only fields', () => {
    const rules = sample(chart());
    const file = rules.toRuleFile();
    expect((yaml.load(file) as any).groups[0].partial_response_strategy).toBeUndefined();
    const result = promtoolCheckRules({ 'rules.yaml': file });
    expect(result.output).toContain('SUCCESS: 2 rules found');
    expect(result.ok).toBe(true);
  });

  test('promtool check rules fails on a deliberately broken rule file (the check is real)', () => {
    const file = sample(chart()).toRuleFile().replace('up{job="api"} == 0', 'up{job="api"} == == 0');
    const result = promtoolCheckRules({ 'rules.yaml': file });
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/parse error/);
  });

  test('groups and rules added after construction reach the output', () => {
    const c = chart();
    const rules = new PrometheusRule(c, 'late', { name: 'late' });
    const group = rules.addGroup('g');
    group.addAlert('First', { expr: 'vector(1)', severity: Severity.INFO, summary: 'one' });
    group.addAlert('Second', { expr: 'vector(2)', severity: Severity.INFO, summary: 'two' });
    expect(one(synth(c), 'PrometheusRule', 'late').spec.groups[0].rules.map((r: any) => r.alert)).toEqual(['First', 'Second']);
  });

  test('the escape hatch (addJsonPatch on the generated object) reaches the output', () => {
    const c = chart();
    const rules = sample(c);
    ApiObject.of(rules.resource).addJsonPatch(JsonPatch.add('/metadata/annotations', { 'argocd.argoproj.io/sync-wave': '1' }));
    expect(one(synth(c), 'PrometheusRule').metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '1' });
  });

  test('a JSON patch changes the written object, never the rules it was rendered from', () => {
    const c = chart();
    const rules = sample(c);
    ApiObject.of(rules.resource).addJsonPatch(JsonPatch.replace('/spec/groups/0/rules/0/labels/team', 'patched'));
    // both renderings: cdk8s' own, and MonitoringApp's (which takes the rules as rendered)
    for (let i = 0; i < 2; i++) {
      expect(one(synth(c), 'PrometheusRule').spec.groups[0].rules[0].labels).toEqual({ severity: 'critical', team: 'patched' });
      const written = FastSynthesis.files(c.node.root as App)[0].manifests.find((m) => m.kind === 'PrometheusRule') as any;
      expect(written.spec.groups[0].rules[0].labels).toEqual({ severity: 'critical', team: 'patched' });
    }
    const alert = rules.groups[0].alerts[0];
    expect(alert.labels).toEqual({ severity: 'critical', team: 'backend' });
    expect((yaml.load(rules.toRuleFile()) as any).groups[0].rules[0].labels.team).toBe('backend');
  });

  test('rejects a repeated group name', () => {
    const rules = new PrometheusRule(chart(), 'r');
    rules.addGroup('g');
    expect(() => rules.addGroup('g')).toThrow('[x/r] groups: a group named "g" already exists; Prometheus rejects repeated group names in one rule file');
  });

  test('rejects a PrometheusRule without groups at synth', () => {
    const c = chart();
    new PrometheusRule(c, 'r');
    expect(() => synth(c)).toThrow('[x/r] groups: a PrometheusRule needs at least one rule group (addGroup(name))');
  });

  test('rejects a bad metadata name', () => {
    expect(() => new PrometheusRule(chart(), 'r', { name: 'Bad_Name' })).toThrow('[x/r] name: must be a DNS-1123 subdomain');
  });
});
