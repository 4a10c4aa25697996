import { ApiObject, App, Duration, JsonPatch, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { PrometheusRule as KubePrometheusRule, PrometheusRuleSpecGroupsRulesExpr, toJson_PrometheusRuleProps } from '../../imports/monitoring.coreos.com';
import { MonitoringChart, Severity, SynthWarnings } from '../../lib/core';
import { FastSynthesis } from '../../lib/core/synthesizer';
import { AlertCatalogue, InstanceSelectorLabels, PartialResponseStrategy, PrometheusRule, RuleTests } from '../../lib/prometheus';
import { crdSchemaErrors } from '../util/schema';
import { one, synth } from '../util/synth';
import { promtoolCheckRules, promtoolTestRules } from '../util/tools';

const chart = () => new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' });

/** The message of the error that `fn` throws (fails when it throws none). */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

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

/** `groups` groups of `alerts` alerts each, every alert with a summary, a description and a runbook (about 450 bytes of JSON). */
function ruleSet(c: MonitoringChart, id: string, groups: number, alerts: number, props: { name?: string; maxGroupsPerObject?: number } = {}): PrometheusRule {
  const rules = new PrometheusRule(c, id, props);
  for (let g = 0; g < groups; g++) {
    const group = rules.addGroup(`service-${g}.availability`);
    for (let a = 0; a < alerts; a++) {
      group.addAlert(`Service${g}Endpoint${a}ErrorsHigh`, {
        expr: `sum(rate(http_requests_total{job="service-${g}",handler="/api/${a}",code=~"5.."}[5m])) / sum(rate(http_requests_total{job="service-${g}",handler="/api/${a}"}[5m])) > 0.05`,
        for: Duration.minutes(5),
        severity: Severity.WARNING,
        summary: `Endpoint /api/${a} of service-${g} fails more than 5% of its requests`,
        description: 'More than 5% of the requests to {{ $labels.handler }} have failed for 5 minutes.',
        runbookUrl: `https://runbooks.example.com/service-${g}/endpoint-errors`,
      });
    }
  }
  return rules;
}

describe('PrometheusRule size', () => {
  test('800 alerts in one object (about 400 KB): a warning naming the object, the size, server-side apply and maxGroupsPerObject', () => {
    const c = chart();
    ruleSet(c, 'Big', 8, 100, { name: 'big' });
    synth(c);
    expect(SynthWarnings.collect(c.node.root)).toEqual([{
      path: 'x/Big/Resource',
      message: expect.stringMatching(new RegExp('^PrometheusRule "big" is too large for client-side `kubectl apply`, which keeps a copy of the object in its annotation '
        + 'kubectl\\.kubernetes\\.io/last-applied-configuration: its annotations would be \\d{6} bytes, over the 262144 bytes the API server accepts \\("metadata\\.annotations: Too long"\\); '
        + 'apply it with `kubectl apply --server-side` \\(Argo CD: the sync option ServerSideApply=true, in the Application or as the annotation argocd\\.argoproj\\.io/sync-options of the object\\), '
        + 'or set maxGroupsPerObject on the PrometheusRule x/Big to spread its 8 rule groups over objects "big", "big-2"\\.\\.\\., or move groups to other PrometheusRules$')),
    }]);
  });

  test('maxGroupsPerObject spreads the groups over objects <name>, <name>-2...: same labels, each valid and a rule file promtool accepts', () => {
    const c = chart();
    const rules = ruleSet(c, 'Big', 8, 100, { name: 'big', maxGroupsPerObject: 3 });
    const objects = synth(c).filter((m) => m.kind === 'PrometheusRule');
    expect(objects.map((o) => o.metadata.name)).toEqual(['big', 'big-2', 'big-3']);
    expect(objects.map((o) => o.spec.groups.map((g: any) => g.name))).toEqual([
      ['service-0.availability', 'service-1.availability', 'service-2.availability'],
      ['service-3.availability', 'service-4.availability', 'service-5.availability'],
      ['service-6.availability', 'service-7.availability'],
    ]);
    for (const o of objects) {
      expect(o.metadata.labels).toEqual(objects[0].metadata.labels);
      expect(crdSchemaErrors(o)).toEqual([]);
    }
    expect(rules.resources.map((r) => r.name)).toEqual(['big', 'big-2', 'big-3']);
    expect(rules.resources.map((r) => r.node.path)).toEqual(['x/Big/Resource', 'x/Big/Resource2', 'x/Big/Resource3']);
    expect(rules.resource).toBe(rules.resources[0]);
    expect(rules.name).toBe('big');
    expect(SynthWarnings.collect(c.node.root)).toEqual([]);
    // the operator writes each object's spec as its own rule file
    const files = Object.fromEntries(objects.map((o) => [`${o.metadata.name}.rules.yaml`, yaml.dump({ groups: o.spec.groups })]));
    const checked = promtoolCheckRules(files);
    expect(checked.ok).toBe(true);
    expect(checked.output.match(/SUCCESS: \d+ rules found/g)).toEqual(['SUCCESS: 300 rules found', 'SUCCESS: 300 rules found', 'SUCCESS: 200 rules found']);
  });

  test('split: MonitoringApp writes the same objects as cdk8s, the derived names follow a generated one, RuleTests and the alert catalogue see every group', () => {
    const c = chart();
    const rules = new PrometheusRule(c, 'Split', { maxGroupsPerObject: 1 });
    rules.addGroup('first').addRecord('job:up:sum', { expr: 'sum by (job) (up)' });
    rules.addGroup('second').addAlert('JobDown', { expr: 'job:up:sum == 0', for: Duration.minutes(1), severity: Severity.CRITICAL, summary: 'down' }).addTest({
      inputSeries: [{ series: 'up{job="api"}', values: '0 0 0 0' }],
      expectations: [{ at: Duration.minutes(2), alerts: [{ labels: { job: 'api' } }] }],
    });
    const written = synth(c).filter((m) => m.kind === 'PrometheusRule');
    const generated = rules.resource.name;
    expect(generated).toMatch(/^x-split-[0-9a-f]{8}$/);
    expect(written.map((o) => o.metadata.name)).toEqual([generated, `${generated}-2`]);
    const fast = FastSynthesis.files(c.node.root as App)[0].manifests.filter((m) => m.kind === 'PrometheusRule');
    expect(JSON.stringify(fast)).toBe(JSON.stringify(written));
    // promtool: one rule file with both groups (the recording rule of one feeds the alert of the other), and its tests pass
    const out = RuleTests.render(c);
    expect((yaml.load(out.files[out.ruleFiles[0]]) as any).groups.map((g: any) => g.name)).toEqual(['first', 'second']);
    const tested = promtoolTestRules(out.testFiles[0], out.files);
    expect(tested.output).toContain('SUCCESS');
    expect(AlertCatalogue.entries(c).map((e) => `${e.group}/${e.alert}`)).toEqual(['second/JobDown']);
  });

  test('a split object still too large: the fix is a lower maxGroupsPerObject, or splitting its one group', () => {
    const c = chart();
    ruleSet(c, 'Split', 4, 300, { name: 'split', maxGroupsPerObject: 2 });
    ruleSet(c, 'OneGroup', 1, 800, { name: 'one-group' });
    synth(c);
    const warnings = SynthWarnings.collect(c.node.root);
    expect(warnings.map((w) => w.path)).toEqual(['x/Split/Resource', 'x/Split/Resource2', 'x/OneGroup/Resource']);
    expect(warnings[0].message).toMatch(/^PrometheusRule "split" is too large .*, or lower maxGroupsPerObject of the PrometheusRule x\/Split \(now 2\), or move groups to other PrometheusRules$/);
    expect(warnings[1].message).toMatch(/^PrometheusRule "split-2" is too large /);
    expect(warnings[2].message).toMatch(/, or split its rule group "service-0\.availability" into several groups \(Prometheus evaluates the rules of a group in order: keep recording rules with the rules that read them\), then set maxGroupsPerObject on the PrometheusRule x\/OneGroup or move groups to other PrometheusRules$/);
  });

  test('above 1 MiB the synthesis fails, through MonitoringApp and through app.synth(), with the same message', () => {
    const c = chart();
    ruleSet(c, 'Huge', 24, 100, { name: 'huge' });
    const line = new RegExp('^PrometheusRule "huge" is \\d{7} bytes \\(keys, values and metadata\\), over the 1048576 bytes \\(1 MiB\\) one Kubernetes object can hold '
      + '\\(the API server rejects ConfigMap and Secret data above 1 MiB, etcd requests above 1\\.5 MiB by default\\); set maxGroupsPerObject on the PrometheusRule x/Huge to spread its 24 rule groups');
    const fast = errorOf(() => FastSynthesis.files(c.node.root as App)).split('\n');
    expect(fast[0]).toBe('object size: 1 object(s) too large for Kubernetes:');
    expect(fast[1]).toMatch(/^ {2}\[x\/Huge\/Resource\] /);
    const slow = errorOf(() => synth(c)).split('\n');
    expect(slow[0]).toBe('Validation failed with the following errors:');
    expect(slow[1]).toMatch(/^ {2}\[x\] object size of x\/Huge\/Resource: /);
    const message = fast[1].replace(/^ {2}\[x\/Huge\/Resource\] /, '');
    expect(message).toMatch(line);
    expect(slow[1].replace(/^ {2}\[x\] object size of x\/Huge\/Resource: /, '')).toBe(message);
  });

  test('rejects a maxGroupsPerObject that is not a positive integer, a group named as an object, a split name too long', () => {
    expect(() => new PrometheusRule(chart(), 'r', { maxGroupsPerObject: 0 })).toThrow('[x/r] maxGroupsPerObject: must be an integer of at least 1 (rule groups per object); received 0');
    expect(() => new PrometheusRule(chart(), 'r', { maxGroupsPerObject: 1.5 })).toThrow('[x/r] maxGroupsPerObject: must be an integer of at least 1 (rule groups per object); received 1.5');
    expect(() => new PrometheusRule(chart(), 'r').addGroup('Resource')).toThrow(
      '[x/r] groups: the group name "Resource" is the construct id of one of the PrometheusRule\'s objects; give the group another name');
    const split = new PrometheusRule(chart(), 'r', { name: 'r', maxGroupsPerObject: 1 });
    split.addGroup('Resource2');
    expect(() => split.addGroup('next')).toThrow(
      '[x/r] groups: the rule group "Resource2" takes the construct id of the PrometheusRule\'s object "r-2"; give the group another name');
    const long = new PrometheusRule(chart(), 'r', { name: 'a'.repeat(252), maxGroupsPerObject: 1 });
    long.addGroup('g1');
    expect(() => long.addGroup('g2')).toThrow(/^\[x\/r\] maxGroupsPerObject: the name of an object of the split: must be a DNS-1123 subdomain/);
  });
});
