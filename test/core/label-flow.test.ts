import * as yaml from 'js-yaml';
import { PrometheusVersion, PromQL } from '../../lib';
import { alertFlow, FlowLabels, mayCarry, promqlFlow, recordingRuleResolver } from '../../lib/core/label-flow';
import { firingAlertLabels, LabelSet } from '../util/promtool-output';
import { TOOL_VERSIONS, ToolVersion } from '../util/tools';

// Each rule of the label-flow analysis, checked against what promtool really returns. For every case the
// input series make the expression return series (a case that returns nothing fails: it would prove
// nothing), and:
// - soundness: every label the analysis says is certain is on every series promtool returns, with the value
//   the analysis gives, and no returned series carries a label the analysis says it cannot carry;
// - precision: what is on every returned series is certain for the analysis, except the labels that only the
//   input data put there (`extra`, `instance`, a case's `free` labels), which no matcher fixes.
// Record names are unique across cases: promtool loads every case's rules together.

interface Case {
  readonly expr: string;
  readonly series: string[];
  /** Recording rules the expression reads. */
  readonly records?: Array<{ record: string; expr: string; labels?: { [k: string]: string } }>;
  /** Labels of the input data that the analysis cannot know of (not fixed by any matcher or rule). */
  readonly free?: string[];
}

const FREE = ['extra', 'instance'];

const CASES: Case[] = [
  // selectors
  { expr: 'x{job="a"}', series: ['x{job="a", instance="i1"}', 'x{job="a", instance="i2", extra="e"}'] },
  { expr: 'x{job=~"a|b"}', series: ['x{job="a"}', 'x{job="b", extra="e"}'] },
  { expr: 'x{job!=""}', series: ['x{job="a"}', 'x{job="b", extra="e"}', 'x{instance="i"}'] },
  { expr: 'x{job=""}', series: ['x{job="a"}', 'x{instance="i"}'] },
  { expr: 'x{job!~"a"}', series: ['x{job="a"}', 'x{job="b"}', 'x{instance="i"}'] },
  { expr: 'x{job=~".*"}', series: ['x{job="a"}', 'x{instance="i"}'] },
  { expr: '{__name__="x", job="a"}', series: ['x{job="a", instance="i"}'] },
  // aggregations
  { expr: 'sum(x{namespace="erp"})', series: ['x{namespace="erp", job="a"}', 'x{namespace="erp", job="b"}'] },
  { expr: 'sum by (job) (x)', series: ['x{job="a"}', 'x{instance="i"}'] },
  { expr: 'sum by (job) (x{job="a"})', series: ['x{job="a", instance="i1"}', 'x{job="a", instance="i2"}'] },
  { expr: 'max by (namespace, job) (x{namespace="erp", job=~"a|b"})', series: ['x{namespace="erp", job="a"}', 'x{namespace="erp", job="b"}'] },
  { expr: 'sum without (instance) (x{job="a", instance=~".+"})', series: ['x{job="a", instance="i1", extra="e"}', 'x{job="a", instance="i2"}'] },
  { expr: 'avg without (job) (x{job="a", namespace="n"})', series: ['x{job="a", namespace="n", instance="i"}'] },
  { expr: 'quantile by (job) (0.5, x{job="a"})', series: ['x{job="a", instance="i1"}', 'x{job="a", instance="i2"}'] },
  { expr: 'topk(1, x{job="a"})', series: ['x{job="a", instance="i1"}'] },
  { expr: 'bottomk by (job) (1, x{job="a"})', series: ['x{job="a", instance="i1"}', 'x{job="a", instance="i2"}'] },
  { expr: 'count_values("v", x{job="a"})', series: ['x{job="a", instance="i1"}'] },
  { expr: 'count_values by (job) ("v", x{job="a"})', series: ['x{job="a", instance="i1"}'] },
  { expr: 'count_values without (instance) ("v", x{job="a"})', series: ['x{job="a", instance="i1", extra="e"}'] },
  { expr: 'group by (job) (x{job="a"})', series: ['x{job="a", instance="i1"}'] },
  // functions
  { expr: 'rate(c{job="a"}[5m]) > 0', series: ['c{job="a", instance="i"}'] },
  { expr: 'increase(c{job="a"}[5m] offset 1m) > 0', series: ['c{job="a", instance="i"}'] },
  { expr: 'max_over_time(x{job="a"}[5m:1m])', series: ['x{job="a", instance="i"}'] },
  { expr: 'absent(nothing{a="b", c=~"d"})', series: ['x{job="a"}'] },
  { expr: 'absent(nothing{a=~"x", a="b"})', series: ['x{job="a"}'] },
  { expr: 'absent(nothing{a="b", a=~"x"})', series: ['x{job="a"}'] },
  { expr: 'absent(nothing{a="b", a="c"})', series: ['x{job="a"}'] },
  { expr: 'absent(nothing)', series: ['x{job="a"}'] },
  { expr: 'absent_over_time(nothing{a="b"}[5m])', series: ['x{job="a"}'] },
  { expr: 'absent(sum(nothing{a="b"}))', series: ['x{job="a"}'] },
  { expr: 'label_replace(x{job="a"}, "dst", "v", "job", ".*")', series: ['x{job="a", instance="i"}'] },
  { expr: 'label_replace(x{job="a"}, "dst", "$1", "job", "(.*)")', series: ['x{job="a", instance="i"}'] },
  { expr: 'label_replace(x{job="a"}, "dst", "v-$1", "nothing", "(.*)")', series: ['x{job="a", instance="i"}'] },
  { expr: 'label_replace(x{job="a"}, "dst", "$1", "nothing", "(.*)")', series: ['x{job="a", instance="i"}'] },
  { expr: 'label_replace(x{job="a"}, "job", "", "job", ".*")', series: ['x{job="a", instance="i"}'] },
  { expr: 'label_replace(x{job="a"}, "dst", "v", "job", "b")', series: ['x{job="a", instance="i"}'] },
  { expr: 'label_join(x{job="a", zone="z"}, "dst", "-", "job", "zone")', series: ['x{job="a", zone="z", instance="i"}'] },
  { expr: 'label_join(x{job="a"}, "dst", "", "nothing")', series: ['x{job="a", instance="i"}'] },
  { expr: 'histogram_quantile(0.9, sum by (le, job) (rate(h_bucket{job="a"}[5m])))', series: ['h_bucket{job="a", le="1"}', 'h_bucket{job="a", le="+Inf"}'] },
  { expr: 'histogram_quantile(0.9, rate(h_bucket{job="a"}[5m]))', series: ['h_bucket{job="a", le="1", instance="i"}', 'h_bucket{job="a", le="+Inf", instance="i"}'] },
  { expr: 'vector(1)', series: ['x{job="a"}'] },
  { expr: 'vector(scalar(sum(x)))', series: ['x{job="a"}'] },
  { expr: 'sort_desc(x{job="a"})', series: ['x{job="a", instance="i"}'] },
  { expr: 'timestamp(x{job="a"})', series: ['x{job="a", instance="i"}'] },
  { expr: 'abs(-x{job="a"})', series: ['x{job="a", instance="i"}'] },
  // binary operators
  { expr: 'x{job="a"} > 0', series: ['x{job="a", instance="i"}'] },
  { expr: 'x{job="a"} > bool 0', series: ['x{job="a", instance="i"}'] },
  { expr: '2 * x{job="a"}', series: ['x{job="a", instance="i"}'] },
  { expr: 'x{job="a", instance="i"} / on(job) y{job="a"}', series: ['x{job="a", instance="i"}', 'y{job="a", zone="z"}'] },
  { expr: 'x{job="a", instance="i"} / ignoring(instance) y{job="a"}', series: ['x{job="a", instance="i"}', 'y{job="a"}'] },
  { expr: 'x{job="a", instance="i"} > on(job, instance) y{job="a", instance="i"}', series: ['x{job="a", instance="i"} 2x10', 'y{job="a", instance="i"} 1x10'] },
  { expr: 'x{job="a"} * on(job) group_left(team) meta{job="a", team="t"}', series: ['x{job="a", instance="i1"}', 'x{job="a", instance="i2"}', 'meta{job="a", team="t"}'] },
  { expr: 'x{job="a"} * on(job) group_left(team) meta{job="a"}', series: ['x{job="a", instance="i1", team="mine"}', 'meta{job="a"}'] },
  { expr: 'x{job="a"} * on(job) group_left(team) meta', series: ['x{job="a", instance="i1"}', 'meta{job="a", team="t"}'], free: ['team'] },
  { expr: 'meta{job="a", team="t"} * on(job) group_right(team) x{job="a"}', series: ['x{job="a", instance="i1"}', 'x{job="a", instance="i2"}', 'meta{job="a", team="t"}'] },
  { expr: 'x{job="a"} * ignoring(instance) group_left y{job="a"}', series: ['x{job="a", instance="i1"}', 'y{job="a"}'] },
  { expr: 'x{job="a"} and y', series: ['x{job="a", instance="i"}', 'y{job="a", instance="i"}'] },
  { expr: 'x{job="a"} and on(job) y{job="a"}', series: ['x{job="a", instance="i"}', 'y{job="a", zone="z"}'] },
  { expr: 'x{job="a"} unless y{job="b"}', series: ['x{job="a", instance="i"}', 'y{job="b", instance="i"}'] },
  { expr: 'x{job="a"} or y{job="b", k="1"}', series: ['x{job="a", instance="i"}', 'y{job="b", k="1"}'] },
  { expr: 'sum by (job) (x{job="a"}) or vector(0)', series: ['x{job="a", instance="i"}'] },
  { expr: 'pg_up{namespace="erp"} == 0 or absent(pg_up{namespace="erp"})', series: ['x{job="a"}'] },
  { expr: '(sum by (job) (rate(c{namespace="erp", job="a", status=~"5.."}[5m])) / sum by (job) (rate(c{namespace="erp", job="a"}[5m]))) > 0.05', series: ['c{namespace="erp", job="a", status="500", instance="i"} 0+60x10', 'c{namespace="erp", job="a", status="200", instance="i"} 0+60x10'] },
  { expr: 'sum by (queue) (increase(q{ns="n", status="completed"}[10m])) == 0 and on (queue) sum by (queue) (p{ns="n"}) > 0', series: ['q{ns="n", status="completed", queue="a"} 1x10', 'p{ns="n", queue="a"} 5x10'], free: ['queue'] },
  // recorded series
  {
    expr: 'job:x:sum > 0',
    series: ['x{job="a", instance="i"}'],
    records: [{ record: 'job:x:sum', expr: 'sum by (job) (x{job="a"})', labels: { team: 't' } }],
  },
  {
    expr: 'slo:ratio{slo="one"} > 0',
    series: ['x{job="a", instance="i"}'],
    records: [
      { record: 'slo:ratio', expr: 'sum(x{job="a"})', labels: { slo: 'one', namespace: 'erp' } },
      { record: 'slo:ratio', expr: 'sum by (job) (x{job="a"})', labels: { slo: 'two' } },
    ],
  },
  {
    expr: 'slo:ratio2 > 0',
    series: ['x{job="a", instance="i"}'],
    records: [
      { record: 'slo:ratio2', expr: 'sum by (job) (x{job="a"})', labels: { slo: 'one', namespace: 'erp' } },
      { record: 'slo:ratio2', expr: 'sum by (job) (x{job="a"})', labels: { slo: 'two', namespace: 'erp' } },
    ],
  },
  {
    expr: 'level2 > 0',
    series: ['x{job="a", instance="i"}'],
    records: [
      { record: 'level1', expr: 'sum by (job, instance) (x{job="a"})' },
      { record: 'level2', expr: 'sum without (instance) (level1)', labels: { tier: '2' } },
    ],
  },
];

function ruleFile(c: Case, i: number): string {
  return yaml.dump({
    groups: [{
      name: `case-${i}`,
      rules: [
        ...(c.records ?? []).map((r) => ({ record: r.record, expr: r.expr, labels: r.labels })),
        { alert: `Case${i}`, expr: c.expr },
      ],
    }],
  }, { lineWidth: -1 });
}

function analyse(c: Case, i: number): FlowLabels {
  // parsed as Prometheus 3.5 reads them (the UTF-8 cases run against promtool 3.5 only)
  const parse = (expr: string) => PromQL.parse(expr, { prometheus: PrometheusVersion.V3_5 });
  const resolve = recordingRuleResolver((c.records ?? []).map((r) => ({ record: r.record, expr: parse(r.expr), labels: r.labels ?? {} })));
  return alertFlow(promqlFlow(parse(c.expr), resolve), `Case${i}`, {});
}

function describeFlow(cases: Case[], tools: readonly ToolVersion[], title: string): void {
describe.each(tools.map((t) => [t.name, t] as const))(title, (_name, tool) => {
  let fired: Map<string, LabelSet[]>;

  beforeAll(async () => {
    const files: { [name: string]: string } = {};
    cases.forEach((c, i) => { files[`case-${i}.yaml`] = ruleFile(c, i); });
    fired = await firingAlertLabels(tool.promtool, files, cases.map((c, i) => ({
      name: `case-${i}`,
      alertname: `Case${i}`,
      inputSeries: c.series.map((s) => {
        const [series, values] = s.includes('} ') ? [s.slice(0, s.indexOf('} ') + 1), s.slice(s.indexOf('} ') + 2)] : [s, '1+1x10'];
        return { series, values };
      }),
      interval: '1m',
      evalTimes: ['6m'],
    })));
  });

  test.each(cases.map((c, i) => [c.expr, c, i] as const))('%s', (_expr, c, i) => {
    const results = fired.get(`case-${i}`)!;
    expect(results.length).toBeGreaterThan(0);
    const flow = analyse(c, i);
    // soundness
    for (const labels of results) {
      for (const l of flow.certain) expect({ [l]: labels[l] !== undefined }).toEqual({ [l]: true });
      for (const [l, v] of flow.values) expect({ [l]: labels[l] }).toEqual({ [l]: v });
      for (const l of Object.keys(labels)) expect({ [l]: mayCarry(flow, l) }).toEqual({ [l]: true });
    }
    // precision: what every series carries is certain, except what only the data put there
    const free = new Set([...FREE, ...(c.free ?? [])]);
    const everywhere = Object.keys(results[0]).filter((l) => results.every((r) => r[l] !== undefined) && !free.has(l));
    expect([...flow.certain].filter((l) => !free.has(l)).sort()).toEqual(everywhere.sort());
    // a closed result: nothing beyond what promtool shows may be possible, except through the free labels
    if (flow.possible) {
      const seen = new Set(results.flatMap((r) => Object.keys(r)));
      expect([...flow.possible].filter((l) => !seen.has(l) && !free.has(l))).toEqual([]);
    }
  });
});
}

describeFlow(CASES, TOOL_VERSIONS, 'label flow against %s');

// Prometheus 3's quoted label names (`by ("namespace")`), which only 3.x reads. Two of the cases share their
// shape (only string literals differ), and so their parse tree: the analysis must read each one's names.
const UTF8_CASES: Case[] = [
  { expr: 'sum by ("namespace") (x{namespace="erp"})', series: ['x{namespace="erp", job="a"}'] },
  { expr: 'sum by ("service.n") (x{namespace="erp"})', series: ['x{namespace="erp", job="a", "service.n"="s"}'], free: ['service.n'] },
  { expr: 'sum without ("service.name") ({"x.y", "service.name"="a", job="b"})', series: ['{"x.y", "service.name"="a", job="b", instance="i"}'] },
  { expr: 'x{job="a"} * on ("job") group_left ("team") y', series: ['x{job="a", instance="i"}', 'y{job="a", team="t"}'], free: ['team'] },
  { expr: 'label_replace({"x.y", job="a"}, "service.name", "$1", "job", "(.*)")', series: ['{"x.y", job="a", instance="i"}'] },
];

describeFlow(UTF8_CASES, [TOOL_VERSIONS[1]], 'label flow of UTF-8 label names against %s');
