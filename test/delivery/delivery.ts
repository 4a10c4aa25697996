import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SyntaxNode } from '@lezer/common';
import { Chart } from 'cdk8s';
import * as yaml from 'js-yaml';
import { ENVIRONMENTS } from '../../apps/environments';
import { buildAll } from '../../apps/synth-all';
import { PromQL, Re2Regex } from '../../lib';
import { AlertmanagerConfigSecret, Receiver } from '../../lib/alertmanager';
import { AlertRouting, RoutedAlert } from '../../lib/core/alert-routing';
import { AlertingRule, PrometheusRule, RecordingRule } from '../../lib/prometheus';
import { AlertProbe, firingAlertLabels, LabelSet } from '../util/promtool-output';
import { amtoolRoutesTest, ToolVersion } from '../util/tools';

// The delivery proof: for every alerting rule of every application, in every environment, the labels its
// alerts really carry and the receivers Alertmanager really sends them to.
// - Labels: promtool fires the rule on data, and prints the alerts' labels. The data is the rule's own
//   test where it expects the alert to fire; for rules without one, series generated from the expression's
//   selectors with a few value patterns, the first that fires. Rules promtool cannot fire (LogQL rules,
//   expressions no pattern fires) fall back to the label-flow analysis: the labels it proves constant.
// - Receivers: `amtool config routes test` with those labels on the platform's rendered alertmanager.yaml.

/** Where an alert's labels come from. */
export enum LabelSource {
  /** promtool fired the rule on its own test data. */
  RULE_TEST = 'promtool (rule test)',
  /** promtool fired the rule on generated data. */
  GENERATED = 'promtool (generated series)',
  /** No data fired it: the constant labels the label-flow analysis proves. */
  ANALYSIS = 'label-flow analysis',
}

/** One alerting rule's delivery in one environment. */
export interface AlertDelivery {
  readonly environment: string;
  readonly application: string;
  readonly alertname: string;
  readonly severity: string;
  /** Construct path of the rule. */
  readonly path: string;
  readonly labels: LabelSet;
  readonly source: LabelSource;
  /** Receivers, in amtool's order. */
  readonly receivers: string[];
  /** Integration kinds of those receivers (`slack`, `pagerduty`...), sorted. */
  readonly integrations: string[];
  /** Whether a paging integration (PagerDuty, Opsgenie, Pushover, VictorOps...: `Integration.paging`) is reached. */
  readonly pages: boolean;
}

/** The delivery of every alert of one environment, and what the proof ran on. */
export interface EnvironmentDelivery {
  readonly environment: string;
  /** The platform's rendered alertmanager.yaml. */
  readonly config: string;
  /** The receiver of the platform's root route: alerts that reach only it are not routed by anyone. */
  readonly defaultReceiver: string;
  readonly alerts: AlertDelivery[];
}

/** The binaries the proof runs. */
export type ProofTools = Pick<ToolVersion, 'promtool' | 'amtool'>;

/** Runs the proof for every environment of the reference apps. */
export async function proveDelivery(tools: ProofTools): Promise<EnvironmentDelivery[]> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'o11y-delivery-'));
  const apps = buildAll(outdir);
  // promtool runs two at a time (each is single-threaded; the SLO tests take a second or two)
  const limit = concurrency(2);
  const found = await Promise.all(apps.map((app) => {
    const secret = app.node.findAll().find((c): c is AlertmanagerConfigSecret => c instanceof AlertmanagerConfigSecret);
    return Promise.all((secret?.includedApplications ?? []).map((routing) => alertLabels(Chart.of(routing), tools.promtool, limit)));
  }));
  return apps.map((app, i) => {
    const environment = ENVIRONMENTS[i].name;
    const secret = app.node.findAll().find((c): c is AlertmanagerConfigSecret => c instanceof AlertmanagerConfigSecret);
    if (!secret) throw new Error(`${environment}: no AlertmanagerConfigSecret`);
    const config = secret.configYaml;
    const integrations = integrationsByReceiver(config);
    const paging = pagingReceivers(secret);
    const alerts: AlertDelivery[] = [];
    secret.includedApplications.forEach((routing, j) => {
      const chart = Chart.of(routing);
      for (const labels of found[i][j]) {
        const receivers = amtoolRoutesTest(config, labels.labels, tools);
        const kinds = [...new Set(receivers.flatMap((r) => integrations.get(r) ?? []))].sort();
        alerts.push({
          environment,
          application: chart.node.id,
          alertname: labels.alert.alertname,
          severity: labels.alert.labels.severity ?? '',
          path: labels.alert.field === undefined ? labels.alert.scope.node.path : `${labels.alert.scope.node.path} ${labels.alert.field}`,
          labels: labels.labels,
          source: labels.source,
          receivers,
          integrations: kinds,
          pages: receivers.some((r) => paging.has(r)),
        });
      }
    });
    return { environment, config, defaultReceiver: (yaml.load(config) as any).route.receiver, alerts };
  });
}

interface FoundLabels {
  readonly alert: RoutedAlert;
  readonly labels: LabelSet;
  readonly source: LabelSource;
}

/** The labels of every alerting rule of a chart, from promtool where it can fire the rule. */
async function alertLabels(chart: Chart, promtool: string, limit: <T>(task: () => Promise<T>) => Promise<T>): Promise<FoundLabels[]> {
  const alerts = AlertRouting.alertsOf(chart);
  const ruleResources = chart.node.findAll().filter((c): c is PrometheusRule => c instanceof PrometheusRule);
  const fired = new Map<string, LabelSet[]>();
  const probes: Array<AlertProbe & { source: LabelSource }> = [];
  // One promtool run per PrometheusRule, on its own rule file (and those writing series it reads), as
  // the rule tests run: every rule of the files is evaluated at every step of every test.
  const runs: Array<Promise<void>> = [];
  for (const resource of ruleResources) {
    const own = alerts.filter((a): a is RoutedAlert & { scope: AlertingRule } => a.scope instanceof AlertingRule && a.scope.node.scopes.includes(resource));
    if (own.length === 0) continue;
    const local: Array<AlertProbe & { source: LabelSource }> = [];
    // the rules' own tests, at the times they expect the alert to fire
    for (const a of own) {
      for (const test of a.scope.ruleTests) {
        const rendered = test._render() as any;
        // up to the first time every rule of that name it expects has fired (promtool evaluates up to the last time)
        const all = (rendered.alert_rule_test ?? []).filter((t: any) => t.exp_alerts.length > 0);
        if (all.length === 0) continue;
        const severities = new Set(all.flatMap((t: any) => t.exp_alerts.map((e: any) => e.exp_labels.severity)));
        const end = all.findIndex((_: any, k: number) => all.slice(0, k + 1).flatMap((t: any) => t.exp_alerts.map((e: any) => e.exp_labels.severity)).filter((v: string, n: number, arr: string[]) => arr.indexOf(v) === n).length === severities.size);
        const firing = all.slice(0, end + 1);
        local.push({ name: `p${probes.length + local.length}`, alertname: firing[0].alertname, inputSeries: rendered.input_series, interval: rendered.interval, evalTimes: firing.map((t: any) => t.eval_time), source: LabelSource.RULE_TEST });
      }
    }
    // generated series for the rules that no test fires
    const tested = new Set(local.map((p) => p.alertname));
    for (const a of own) {
      if (tested.has(a.alertname)) continue;
      for (const p of generatedProbes(a.scope)) local.push({ ...p, name: `p${probes.length + local.length}`, source: LabelSource.GENERATED });
    }
    if (local.length === 0) continue;
    const text = resource.toRuleFile();
    const files: { [name: string]: string } = { [`${resource.name}.rules.yaml`]: text };
    const recorded = (r: PrometheusRule) => r.node.findAll().filter((c): c is RecordingRule => c instanceof RecordingRule).map((c) => c.record);
    const ownRecords = new Set(recorded(resource));
    for (const other of ruleResources) {
      if (other !== resource && recorded(other).some((name) => !ownRecords.has(name) && text.includes(name))) files[`${other.name}.rules.yaml`] = other.toRuleFile();
    }
    runs.push(limit(() => firingAlertLabels(promtool, files, local)).then((result) => { for (const [name, labels] of result) fired.set(name, labels); }));
    probes.push(...local);
  }
  await Promise.all(runs);

  return alerts.map((alert) => {
    const constant = Object.entries(alert.labels).filter(([, v]) => !v.includes('{{'));
    for (const p of probes.filter((x) => x.alertname === alert.alertname)) {
      // rules sharing a name (an SLO's page and ticket alerts) are told apart by their static labels
      const labels = (fired.get(p.name) ?? []).find((l) => constant.every(([k, v]) => l[k] === v));
      if (labels) return { alert, labels, source: p.source };
    }
    const flow = AlertRouting.labelsOf(alert);
    return { alert, labels: Object.fromEntries([...flow.values].filter(([k]) => k !== '__name__')), source: LabelSource.ANALYSIS };
  });
}

const PATTERNS = ['0+10x60', '5000+0x60', '0.5+0x60', '0+0x60', '1+0x60'];

/** Input series for every selector of the rule's expression, one probe per value pattern. */
function generatedProbes(rule: AlertingRule): AlertProbe[] {
  const series = selectorSeries(rule.expr);
  if (series === undefined || series.length === 0) return [];
  const forMinutes = rule.for === undefined ? 0 : Math.ceil(rule.for.toSeconds() / 60);
  if (forMinutes > 45) return [];
  return PATTERNS.map((values) => ({
    name: '',
    alertname: rule.alertName,
    inputSeries: series.map((s) => ({ series: s, values })),
    interval: '1m',
    evalTimes: [`${forMinutes + 10}m`],
  }));
}

/** One series per selector, with a value for each label a matcher requires; undefined when none can be found. */
function selectorSeries(expr: PromQL): string[] | undefined {
  const text = expr._parsedText;
  const out: string[] = [];
  let impossible = false;
  const walk = (node: SyntaxNode) => {
    if (node.name === 'VectorSelector') {
      const identifier = node.getChild('Identifier');
      if (!identifier) {
        impossible = true;
        return;
      }
      const labels: string[] = [];
      for (let m = node.getChild('LabelMatchers')?.firstChild; m; m = m.nextSibling) {
        if (m.name !== 'UnquotedLabelMatcher') continue;
        const name = text.slice(m.getChild('LabelName')!.from, m.getChild('LabelName')!.to);
        const op = text.slice(m.getChild('MatchOp')!.from, m.getChild('MatchOp')!.to);
        const literal = m.getChild('StringLiteral')!;
        const value = JSON.parse(text.slice(literal.from, literal.to).replace(/^'|'$/g, '"'));
        const chosen = valueFor(op, value);
        if (chosen === undefined) impossible = true;
        else if (chosen !== '') labels.push(`${name}=${JSON.stringify(chosen)}`);
      }
      const series = `${text.slice(identifier.from, identifier.to)}{${labels.join(', ')}}`;
      if (!out.includes(series)) out.push(series);
      return;
    }
    for (let c = node.firstChild; c; c = c.nextSibling) walk(c);
  };
  walk(expr._tree.topNode);
  return impossible ? undefined : out;
}

/** A value that the matcher accepts ('' for no label), or undefined. */
function valueFor(op: string, value: string): string | undefined {
  if (op === '=') return value;
  if (op === '!=') return value === '' ? 'x' : '';
  const regex = Re2Regex.of(value);
  if (op === '!~') return regex.matchesFully('') ? (regex.matchesFully('x0') ? undefined : 'x0') : '';
  const first = value.split('|')[0].replace(/\.\*|\.\+/g, 'x').replace(/\\(.)/g, '$1').replace(/\./g, '0').replace(/[()^$?]/g, '');
  return [first, 'x', '0', 'a'].find((c) => c !== '' && regex.matchesFully(c));
}

/** The integration kinds of each receiver of an alertmanager.yaml (`slack_configs` -> `slack`). */
/**
 * The receivers of the rendered file (named as there) with an integration in effect that pages: as the
 * integrations declare it (`Integration.paging`), once paging integrations are dropped where paging is off.
 */
function pagingReceivers(secret: AlertmanagerConfigSecret): Set<string> {
  const pages = (receivers: Receiver[], paging: boolean, prefix: string) =>
    receivers.filter((r) => r.effectiveIntegrations(paging).some((i) => i.paging)).map((r) => `${prefix}${r.name}`);
  return new Set([
    ...pages(secret.receivers, secret.paging, ''),
    ...secret.includedApplications.flatMap((a) => pages(a.receivers, a.paging && secret.paging, `${a.namespace}/${a.name}/`)),
  ]);
}

function integrationsByReceiver(config: string): Map<string, string[]> {
  const parsed = yaml.load(config) as { receivers?: Array<{ [key: string]: unknown }> };
  return new Map((parsed.receivers ?? []).map((r) => [
    String(r.name),
    Object.keys(r).filter((k) => k.endsWith('_configs') && Array.isArray(r[k]) && (r[k] as unknown[]).length > 0).map((k) => k.replace(/_configs$/, '')),
  ]));
}

/** The Markdown table of one application, every environment. */
export function deliveryTable(application: string, environments: EnvironmentDelivery[]): string {
  const lines = [
    `# Alert delivery: ${application}`,
    '',
    'Generated by `npm run delivery`; `npm test` fails when it is stale. Do not edit.',
    '',
    'Each row is one alerting rule. **Labels** are the labels its alerts carry besides `alertname` and `severity`,',
    'as promtool reports them when the rule fires: on the rule\'s own test data, or on series generated from its',
    'selectors. Where no data fires it (Loki rules, conditions no generated value meets), they are the labels the',
    'label-flow analysis proves constant. **Receivers** are where `amtool config routes test` sends those labels in',
    'the platform\'s rendered `alertmanager.yaml` (receiver names are `<namespace>/<AlertmanagerConfig>/<receiver>`,',
    'as the Prometheus Operator writes them), and **integrations** what those receivers notify. Only PagerDuty and',
    'Opsgenie page.',
  ];
  for (const env of environments) {
    const rows = env.alerts.filter((a) => a.application === application);
    lines.push('', `## ${env.environment}`, '', '| alert | severity | labels | labels from | receivers | integrations | pages |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const a of rows) {
      const labels = Object.entries(a.labels).filter(([k]) => k !== 'alertname' && k !== 'severity').sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
      const cell = (s: string) => s.replace(/\|/g, '\\|');
      lines.push(`| ${a.alertname} | ${a.severity} | ${cell(labels === '' ? '-' : `\`${labels}\``)} | ${a.source} | ${a.receivers.join(', ')} | ${a.integrations.join(', ')} | ${a.pages ? '**yes**' : 'no'} |`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Where an application's table is committed. */
export function tablePath(application: string): string {
  return path.join(__dirname, '..', '..', 'apps', application, 'ALERT-DELIVERY.md');
}

/** A limiter: at most `n` tasks run at once. */
function concurrency(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
