/**
 * Shared machinery of the seed fidelity tests (test/apps/<app>.test.ts): the seed inventories, the
 * applications built in-process for every environment, and readers of the synthesized objects.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import { Chart, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { ENVIRONMENTS, EnvironmentConfig } from '../../apps/environments';
import { buildAll } from '../../apps/synth-all';
import { AlertCatalogue } from '../../lib/prometheus';
import { byKind, Manifest, ROOT } from '../util/synth';

/** An alert of a seed inventory. */
export interface SeedAlert {
  readonly name: string;
  readonly group: string;
  readonly expr: string;
  readonly for: string | null;
  readonly severity: string;
  readonly labels: { [name: string]: string };
  readonly summary: string;
  readonly description: string;
  readonly runbook: string | null;
}

/** A receiver of a seed inventory. */
export interface SeedReceiver {
  readonly name: string;
  readonly integrations: Array<{ readonly type: string; readonly 'channel/to/url-purpose': string; readonly settings: any }>;
}

/** A route of a seed inventory. */
export interface SeedRoute {
  readonly matchers: string;
  readonly receiver: string;
  readonly continue: boolean;
  readonly groupBy: string[] | null;
  readonly groupWait: string | null;
  readonly groupInterval: string | null;
  readonly repeatInterval: string | null;
}

/** The structured inventory of a seed (test/apps/seeds/<app>.json). */
export interface Seed {
  readonly app: string;
  readonly namespace: string;
  readonly scrapes: Array<{ readonly name: string; readonly kind: string; readonly target: string; readonly interval: string | null }>;
  readonly recordingRules: Array<{ readonly name: string; readonly expr: string }>;
  readonly alerts: SeedAlert[];
  readonly logAlerts: Array<{ readonly name: string; readonly expr: string; readonly for: string; readonly severity: string }>;
  readonly slos: Array<{ readonly name: string; readonly objective: number; readonly period: string | null; readonly sli: string }>;
  readonly dashboards: Array<{ readonly title: string; readonly panels: Array<{ readonly title: string; readonly type: string; readonly queries: string[] }> }>;
  readonly receivers: SeedReceiver[];
  readonly routes: SeedRoute[];
  readonly rootRoute: { readonly receiver: string; readonly groupBy: string[]; readonly groupWait: string | null; readonly groupInterval: string | null; readonly repeatInterval: string | null };
  readonly inhibitRules: Array<{ readonly source: string; readonly target: string; readonly equal: string[] }>;
  readonly logQueries: Array<{ readonly purpose: string; readonly query: string }>;
  readonly healthChecks: Array<{ readonly 'url/path': string; readonly purpose: string }>;
  readonly exporters: Array<{ readonly name: string; readonly details: string }>;
  readonly otherTools: Array<{ readonly tool: string; readonly leftOut: string }>;
  readonly seedProblems: string[];
}

/** Reads the seed inventory of an application. */
export function loadSeed(app: string): Seed {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'apps', 'seeds', `${app}.json`), 'utf8'));
}

/** One application as synthesized for one environment, with the platform chart of that environment. */
export interface Built {
  readonly env: EnvironmentConfig;
  /** The application's namespace in this environment. */
  readonly namespace: string;
  /** The application's chart (for construct-tree queries such as the alert catalogue). */
  readonly chart: Chart;
  /** The application's synthesized objects. */
  readonly objects: Manifest[];
  /** The platform chart's synthesized objects. */
  readonly platform: Manifest[];
}

/** Builds every environment with `buildAll` (as `npm run synth` does) and synthesizes one application and the platform. */
export function buildApplication(app: string): Built[] {
  // Nothing is written: the apps are only synthesized in memory.
  const apps = buildAll(path.join(os.tmpdir(), 'fidelity-unused'));
  return apps.map((cdkApp, i) => {
    const env = ENVIRONMENTS[i];
    const chart = cdkApp.charts.find((c) => c.node.id === app);
    const platform = cdkApp.charts.find((c) => c.node.id === 'platform');
    if (!chart || !platform) throw new Error(`buildAll did not build charts "${app}" and "platform" for ${env.name}: ${cdkApp.charts.map((c) => c.node.id).join(', ')}`);
    return { env, namespace: env.namespace(app), chart, objects: Testing.synth(chart), platform: Testing.synth(platform) };
  });
}

/** A check of one seed element against one environment's output. */
export type Check = (b: Built) => void;
/** A row of a fidelity table: readable element name and its check. */
export type Row = [string, Check];

/** Whitespace-insensitive text, for comparing expressions. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

// ---------------------------------------------------------------- Prometheus rules

/** A rule of a PrometheusRule, with its group. */
export interface FoundRule {
  readonly object: string;
  readonly group: string;
  readonly interval?: string;
  readonly rule: { alert?: string; record?: string; expr: string; for?: string; labels?: { [k: string]: string }; annotations?: { [k: string]: string } };
}

/** Every rule of every PrometheusRule of the objects. */
export function prometheusRules(objects: Manifest[]): FoundRule[] {
  return byKind(objects, 'PrometheusRule').flatMap((m) =>
    (m.spec.groups ?? []).flatMap((g: any) => (g.rules ?? []).map((rule: any) => ({ object: m.metadata.name, group: g.name, interval: g.interval, rule }))));
}

/** The alerting rule of a name; fails unless there is exactly one. */
export function alertRule(objects: Manifest[], name: string): FoundRule {
  const found = prometheusRules(objects).filter((r) => r.rule.alert === name);
  if (found.length !== 1) throw new Error(`expected one alerting rule ${name}, found ${found.length}; alerts: ${prometheusRules(objects).filter((r) => r.rule.alert).map((r) => r.rule.alert).join(', ')}`);
  return found[0];
}

const COMPARISONS: { [node: string]: string } = { Gtr: '>', Lss: '<', Eql: '==', Neq: '!=', Gte: '>=', Lte: '<=' };

/**
 * The thresholds of a PromQL expression: every comparison of an expression with a number literal
 * (`... > 0.05`, `== 0`), found with Prometheus' own grammar, as `"> 0.05"` (numbers normalized).
 */
export function thresholds(expr: string): string[] {
  const out: string[] = [];
  promqlParser.parse(expr).iterate({
    enter: (n) => {
      if (n.name !== 'BinaryExpr') return;
      const children: Array<{ name: string; text: string }> = [];
      for (let c = n.node.firstChild; c; c = c.nextSibling) children.push({ name: c.name, text: expr.slice(c.from, c.to) });
      const op = children.find((c) => COMPARISONS[c.name] !== undefined);
      const number = children.filter((c) => c.name === 'NumberDurationLiteral' || c.name === 'NumberLiteral').pop();
      if (op && number) out.push(`${COMPARISONS[op.name]} ${Number(number.text)}`);
    },
  });
  return out;
}

// ---------------------------------------------------------------- Grafana

/** Every dashboard JSON the objects ship (sidecar ConfigMaps or GrafanaDashboard resources). */
export function dashboards(objects: Manifest[]): any[] {
  const fromConfigMaps = byKind(objects, 'ConfigMap')
    .filter((m) => m.metadata.labels?.grafana_dashboard !== undefined)
    .flatMap((m) => Object.values(m.data ?? {}).map((text) => JSON.parse(text as string)));
  const fromResources = byKind(objects, 'GrafanaDashboard').map((m) => JSON.parse(m.spec.json));
  return [...fromConfigMaps, ...fromResources];
}

/** The dashboard of a title; fails unless there is exactly one. */
export function dashboard(objects: Manifest[], title: string): any {
  const found = dashboards(objects).filter((d) => d.title === title);
  if (found.length !== 1) throw new Error(`expected one dashboard titled ${JSON.stringify(title)}, found ${found.length}; dashboards: ${dashboards(objects).map((d) => JSON.stringify(d.title)).join(', ')}`);
  return found[0];
}

/** The panels of a dashboard JSON, including those of collapsed rows, rows excluded. */
export function panels(json: any): any[] {
  return (json.panels ?? []).flatMap((p: any) => (p.type === 'row' ? p.panels ?? [] : [p]));
}

// ---------------------------------------------------------------- Alertmanager

const MATCH_TYPES = ['=~', '!~', '!=', '='];

/** A seed matcher list (`severity="critical", team="db"`) as canonical `name<op>"value"` strings. */
export function seedMatchers(text: string): string[] {
  return text.split(/,\s*(?=[a-zA-Z_]+\s*(?:=~|!~|!=|=))/).map((m) => squash(m));
}

/** An AlertmanagerConfig matcher (`{name, value, matchType}`) in canonical form. */
export function crMatcher(m: { name: string; value: string; matchType?: string }): string {
  return `${m.name}${m.matchType ?? '='}${JSON.stringify(m.value)}`;
}

/** An alertmanager.yaml matcher (`name="value"`) in canonical form. */
export function yamlMatcher(m: string): string {
  const op = MATCH_TYPES.map((o) => ({ o, i: m.indexOf(o) })).filter((x) => x.i > 0).sort((a, b) => a.i - b.i || b.o.length - a.o.length)[0];
  const name = m.slice(0, op.i).trim();
  let value = m.slice(op.i + op.o.length).trim();
  if (!value.startsWith('"')) value = JSON.stringify(value);
  return `${name}${op.o}${value}`;
}

/** The application's AlertmanagerConfig resource spec. */
export function alertmanagerConfig(objects: Manifest[]): any {
  const found = byKind(objects, 'AlertmanagerConfig');
  if (found.length !== 1) throw new Error(`expected one AlertmanagerConfig, found ${found.length}`);
  return found[0].spec;
}

/** The platform's `alertmanager.yaml` (Secret `alertmanager-main`), parsed. */
export function platformAlertmanager(platform: Manifest[]): any {
  const secret = byKind(platform, 'Secret').find((s) => (s.stringData ?? {})['alertmanager.yaml'] !== undefined);
  if (!secret) throw new Error('no Secret with alertmanager.yaml in the platform chart');
  return yaml.load(secret.stringData['alertmanager.yaml']);
}

/** The name the platform alertmanager.yaml gives a receiver of an application's AlertmanagerConfig. */
export function platformReceiverName(b: Built, app: string, receiver: string): string {
  return `${b.namespace}/${app}/${receiver}`;
}

/** The application's subtree of the platform routing tree (the route matching its namespace). */
export function platformAppRoute(config: any, namespace: string): any {
  const route = (config.route.routes ?? []).find((r: any) => (r.matchers ?? []).map(yamlMatcher).includes(`namespace=${JSON.stringify(namespace)}`));
  if (!route) throw new Error(`no route for namespace ${namespace} under the platform root route`);
  return route;
}

/** Every route under a route (depth first), itself excluded. */
export function descendants(route: any): any[] {
  return (route.routes ?? []).flatMap((r: any) => [r, ...descendants(r)]);
}

// ---------------------------------------------------------------- Loki

/** Every rule group of the Loki rules ConfigMaps (`loki_rule` label) of the objects. */
export function lokiRuleGroups(objects: Manifest[]): Array<{ name: string; rules: any[] }> {
  return byKind(objects, 'ConfigMap')
    .filter((m) => m.metadata.labels?.loki_rule !== undefined)
    .flatMap((m) => Object.values(m.data ?? {}).flatMap((text) => ((yaml.load(text as string) as any)?.groups ?? [])));
}

/** The log agent's configuration in the platform chart: Promtail YAML or Alloy text. */
export function agentConfig(platform: Manifest[]): { agent: 'promtail' | 'alloy'; text: string } {
  for (const m of byKind(platform, 'ConfigMap')) {
    const data = m.data ?? {};
    if (data['config.alloy'] !== undefined) return { agent: 'alloy', text: data['config.alloy'] };
    if (data['promtail.yaml'] !== undefined) return { agent: 'promtail', text: data['promtail.yaml'] };
  }
  throw new Error(`no Promtail or Alloy configuration among the platform ConfigMaps: ${byKind(platform, 'ConfigMap').map((m) => m.metadata.name).join(', ')}`);
}

/** A pipeline stage expected in the agent configuration. */
export interface ExpectedStage {
  /** The Promtail stage name (`json`, `labels`, `timestamp`, `regex`, `structured_metadata`, `template`, `match`). */
  readonly stage: string;
  /** Fields of the stage; for json/labels/structured_metadata, the key/value map. */
  readonly fields: { [key: string]: unknown };
}

function promtailStages(stages: any[]): Array<{ stage: string; body: any }> {
  return (stages ?? []).flatMap((s: any) => Object.entries(s).flatMap(([stage, body]: [string, any]) =>
    [{ stage, body }, ...(stage === 'match' ? promtailStages(body.stages) : [])]));
}

function flatten(body: any): { [key: string]: string | string[] } {
  const out: { [key: string]: any } = {};
  for (const [k, v] of Object.entries(body ?? {})) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, flatten(v));
    else out[k] = v;
  }
  return out;
}

/** The text of one application's `stage.match` block in an Alloy configuration (by pipeline name). */
function alloyBlock(text: string, pipelineName: string): string {
  const found = new RegExp(`pipeline_name\\s*=\\s*${JSON.stringify(pipelineName).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`).exec(text);
  const start = found ? found.index : -1;
  if (start < 0) throw new Error(`no pipeline ${pipelineName} in the Alloy configuration`);
  // The block ends where its indentation closes: the first line at a shallower indentation than the stage body.
  const lineStart = text.lastIndexOf('\n', start) + 1;
  const indent = text.slice(lineStart, start).length;
  const lines = text.slice(lineStart).split('\n');
  const body: string[] = [];
  for (const line of lines) {
    const lead = line.length - line.replace(/^\t+/, '').length;
    if (body.length > 0 && line.trim() !== '' && lead < indent) break;
    body.push(line);
  }
  return body.join('\n');
}

/**
 * Asserts that the application's pipeline (match stage of that pipeline name) in the platform's agent
 * configuration holds a stage with these fields. Promtail YAML is read structurally; Alloy text by its
 * `stage.<name>` block and `key = "value"` attributes.
 */
export function expectStage(platform: Manifest[], pipelineName: string, expected: ExpectedStage): void {
  const { agent, text } = agentConfig(platform);
  if (agent === 'promtail') {
    const config = yaml.load(text) as any;
    const all = (config.scrape_configs ?? []).flatMap((sc: any) => promtailStages(sc.pipeline_stages));
    const app = all.find((s: any) => s.stage === 'match' && s.body.pipeline_name === pipelineName);
    if (!app) throw new Error(`no match stage for pipeline ${pipelineName} in promtail.yaml`);
    const candidates = promtailStages(app.body.stages).filter((s) => s.stage === expected.stage).map((s) => flatten(s.body));
    expect(candidates).toEqual(expect.arrayContaining([expect.objectContaining(expected.fields)]));
    return;
  }
  const block = alloyBlock(text, pipelineName);
  const stages = block.split(/\n\t*(?=stage\.)/).filter((s) => s.startsWith(`stage.${expected.stage} {`));
  const attributes = (s: string) => {
    const out: { [k: string]: any } = {};
    for (const m of s.matchAll(/^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*("(?:[^"\\]|\\.)*"|\[[^\]]*\])/gm)) out[m[1]] = JSON.parse(m[2]);
    return out;
  };
  expect(stages.map(attributes)).toEqual(expect.arrayContaining([expect.objectContaining(expected.fields)]));
}

// ---------------------------------------------------------------- README alert catalogue

const CATALOGUE_START = '<!-- alert-catalogue:start (generated by AlertCatalogue.markdown; checked by test/apps) -->';
const CATALOGUE_END = '<!-- alert-catalogue:end -->';

/** The alert catalogue section of an application README (between its markers). */
export function readmeCatalogue(app: string): string {
  const text = fs.readFileSync(path.join(ROOT, 'apps', app, 'README.md'), 'utf8');
  const start = text.indexOf(CATALOGUE_START);
  const end = text.indexOf(CATALOGUE_END);
  if (start < 0 || end < start) throw new Error(`apps/${app}/README.md has no alert catalogue section (markers ${CATALOGUE_START} ... ${CATALOGUE_END})`);
  return text.slice(start + CATALOGUE_START.length, end).trim() + '\n';
}

/** The alert catalogue of the application's production chart, as AlertCatalogue renders it. */
export function currentCatalogue(b: Built): string {
  return AlertCatalogue.markdown(b.chart);
}

// ---------------------------------------------------------------- rows built from the inventory

/** The metric names a PromQL expression selects, found with Prometheus' grammar. */
export function metricNames(expr: string): string[] {
  const out = new Set<string>();
  promqlParser.parse(expr).iterate({
    enter: (n) => {
      if (n.name === 'VectorSelector') {
        const id = n.node.getChild('Identifier');
        if (id) out.add(expr.slice(id.from, id.to));
      }
    },
  });
  return [...out].sort();
}

/** How an alert deliberately departs from its seed (each change is explained in the app's alerts.ts and README). */
export interface AlertChange {
  /** The thresholds of our expression when the seed's were re-expressed (e.g. milliseconds -> seconds). */
  readonly thresholds?: string[];
  /** Seed metrics replaced by others, and their replacements. */
  readonly metrics?: { [seedMetric: string]: string };
  /** Our description, when the seed's was wrong. */
  readonly description?: string;
}

/**
 * One row per seed alert: same group, severity and labels, `for`, summary and description, the seed's
 * threshold comparisons and metrics in the expression (unless a change says otherwise), and a runbook link
 * (the seed's own when it has one).
 */
export function alertRows(seed: Seed, changes: { [alert: string]: AlertChange } = {}): Row[] {
  return seed.alerts.map((a): Row => {
    const change = changes[a.name] ?? {};
    const wanted = change.thresholds ?? thresholds(a.expr);
    const metrics = metricNames(a.expr).map((m) => change.metrics?.[m] ?? m);
    const label = `alert ${a.name}: ${a.severity}, for ${a.for}, ${wanted.join(' and ')}${change.thresholds ? ' (re-expressed)' : ''}, in ${a.group}`;
    return [label, (b) => {
      const { group, rule } = alertRule(b.objects, a.name);
      expect(group).toBe(a.group);
      expect(rule.labels ?? {}).toEqual(expect.objectContaining(a.labels));
      expect(rule.for).toBe(a.for ?? undefined);
      expect(thresholds(rule.expr)).toEqual(expect.arrayContaining(wanted));
      expect(metricNames(rule.expr)).toEqual(expect.arrayContaining(metrics));
      expect(rule.annotations?.summary).toBe(a.summary);
      expect(rule.annotations?.description).toBe(change.description ?? a.description);
      expect(rule.annotations?.runbook_url).toEqual(a.runbook ?? expect.stringMatching(/^https:\/\/\S+$/));
    }];
  });
}

/** The `slo` label values of every SLO recording rule of the objects. */
export function sloIds(objects: Manifest[]): string[] {
  return [...new Set(prometheusRules(objects).map((r) => r.rule.labels?.slo).filter((s): s is string => s !== undefined))].sort();
}

/** The `slo` label of an SLO of the app: the one ending in `-<name>`. */
export function sloIdOf(objects: Manifest[], name: string): string {
  const found = sloIds(objects).filter((id) => id.endsWith(`-${name}`));
  if (found.length !== 1) throw new Error(`expected one SLO named ${name}, found ${JSON.stringify(found)} among ${JSON.stringify(sloIds(objects))}`);
  return found[0];
}

function recordedNumber(objects: Manifest[], record: string, id: string): number {
  const rule = prometheusRules(objects).find((r) => r.rule.record === record && r.rule.labels?.slo === id);
  if (!rule) throw new Error(`SLO ${id} records no ${record}`);
  const m = /^vector\(([0-9.e+-]+)\)$/.exec(squash(rule.rule.expr));
  if (!m) throw new Error(`${record} of SLO ${id} is not a constant: ${rule.rule.expr}`);
  return Number(m[1]);
}

/**
 * Asserts an SLO of the app: its recording rules labelled with the SLO, the objective and the period,
 * and its page (critical) and ticket (warning) burn-rate alerts selecting the SLO's series.
 */
export function expectSlo(objects: Manifest[], name: string, objective: number, days: number): void {
  const id = sloIdOf(objects, name);
  const records = prometheusRules(objects).filter((r) => r.rule.record && r.rule.labels?.slo === id).map((r) => r.rule.record);
  expect(records).toEqual(expect.arrayContaining(['slo:sli_error:ratio_rate5m', 'slo:objective:ratio', 'slo:error_budget:ratio']));
  expect(recordedNumber(objects, 'slo:objective:ratio', id)).toBeCloseTo(objective / 100, 10);
  expect(recordedNumber(objects, 'slo:time_period:days', id)).toBe(days);
  const alerts = prometheusRules(objects).filter((r) => r.rule.alert && r.rule.expr.includes(`slo="${id}"`));
  expect(alerts.map((a) => a.rule.labels?.severity).sort()).toEqual(['critical', 'warning']);
}

/**
 * One row per seed SLO: the SLO of the same name (or of `names[seedName]`) with the seed's objective and
 * period (30 days where the seed gives none), its recording rules and burn-rate alerts. SLOs listed in
 * `leftOut` get a row asserting they are absent.
 */
export function sloRows(seed: Seed, names: { [seedSlo: string]: string } = {}, leftOut: { [seedSlo: string]: string } = {}): Row[] {
  return seed.slos.map((s): Row => {
    const name = names[s.name] ?? s.name;
    if (leftOut[s.name] !== undefined) {
      return [`SLO ${s.name}: left out (${leftOut[s.name]})`, (b) => {
        expect(sloIds(b.objects).filter((id) => id.endsWith(`-${name}`))).toEqual([]);
      }];
    }
    const days = s.period === null ? 30 : Number(/^(\d+)d$/.exec(s.period)![1]);
    return [`SLO ${s.name}${name !== s.name ? ` (as ${name})` : ''}: ${s.objective} % over ${days}d${s.period === null ? ' (seed gives no period: 30d)' : ''}, recording rules and burn-rate alerts`,
      (b) => expectSlo(b.objects, name, s.objective, days)];
  });
}

/** A row for an SLO the seed implies but does not declare. */
export function derivedSloRow(name: string, objective: number, days: number, why: string): Row {
  return [`SLO ${name} (DERIVED: ${why}): ${objective} % over ${days}d, recording rules and burn-rate alerts`, (b) => expectSlo(b.objects, name, objective, days)];
}

/** The panel type a seed type maps to (`"graph -> timeseries"` -> `timeseries`). */
export function successor(seedType: string): string {
  return seedType.split('->')[1].trim();
}

/** One row per seed dashboard (by title, with every panel title) and one per panel (its successor type, a query). */
export function dashboardRows(seed: Seed): Row[] {
  return seed.dashboards.flatMap((d): Row[] => [
    [`dashboard "${d.title}" with its ${d.panels.length} panels`, (b) => {
      expect(panels(dashboard(b.objects, d.title)).map((p) => p.title)).toEqual(expect.arrayContaining(d.panels.map((p) => p.title)));
    }],
    ...d.panels.map((p): Row => [`panel "${d.title}" / "${p.title}": ${p.type}`, (b) => {
      const found = panels(dashboard(b.objects, d.title)).filter((x) => x.title === p.title);
      expect(found).toHaveLength(1);
      expect(found[0].type).toBe(successor(p.type));
      expect((found[0].targets ?? []).filter((t: any) => typeof t.expr === 'string' && t.expr.trim() !== '')).toHaveLength(p.queries.length);
    }]),
  ]);
}

const CR_KEYS: { [type: string]: string } = { slack: 'slackConfigs', pagerduty: 'pagerdutyConfigs', webhook: 'webhookConfigs', email: 'emailConfigs', opsgenie: 'opsgenieConfigs' };
const YAML_KEYS: { [type: string]: string } = { slack: 'slack_configs', pagerduty: 'pagerduty_configs', webhook: 'webhook_configs', email: 'email_configs', opsgenie: 'opsgenie_configs' };
const PAGERS = ['pagerduty', 'opsgenie'];

/**
 * One row per seed receiver, in the application's AlertmanagerConfig and in the platform
 * alertmanager.yaml: each integration of the seed (Slack channel, e-mail address) — except paging
 * integrations where the environment does not page, which must be absent.
 */
export function receiverRows(seed: Seed): Row[] {
  return seed.receivers.map((r): Row => {
    const kinds = r.integrations.map((i) => i.type);
    return [`receiver ${r.name} (${r.integrations.map((i) => `${i.type} ${i['channel/to/url-purpose'].split(' ')[0]}`).join(', ')})`, (b) => {
      const cr = (alertmanagerConfig(b.objects).receivers ?? []).find((x: any) => x.name === r.name);
      expect(cr).toBeDefined();
      const am = platformAlertmanager(b.platform);
      const rendered = (am.receivers ?? []).find((x: any) => x.name === platformReceiverName(b, seed.app, r.name));
      expect(rendered).toBeDefined();
      for (const i of r.integrations) {
        const paged = PAGERS.includes(i.type);
        if (paged && !b.env.paging) {
          expect([cr[CR_KEYS[i.type]], rendered[YAML_KEYS[i.type]]]).toEqual([undefined, undefined]);
          continue;
        }
        const configs = cr[CR_KEYS[i.type]] ?? [];
        const yamlConfigs = rendered[YAML_KEYS[i.type]] ?? [];
        expect([configs.length, yamlConfigs.length]).toEqual([kinds.filter((k) => k === i.type).length, kinds.filter((k) => k === i.type).length]);
        const purpose = i['channel/to/url-purpose'];
        if (i.type === 'slack' && purpose.startsWith('#')) {
          expect(configs.map((c: any) => c.channel)).toContain(purpose);
          expect(yamlConfigs.map((c: any) => c.channel)).toContain(purpose);
        }
        const address = /[\w.-]+@[\w.-]+\.\w+/.exec(purpose);
        if (i.type === 'email' && address) {
          expect(configs.map((c: any) => c.to)).toContain(address[0]);
          expect(yamlConfigs.map((c: any) => c.to)).toContain(address[0]);
        }
      }
    }];
  });
}

function sameSet(a: string[] | undefined, b: string[] | undefined): void {
  expect([...(a ?? [])].sort()).toEqual([...(b ?? [])].sort());
}

/** Grouping and timings of a seed route, where given, on the resource's route (camelCase) and the rendered one (snake_case). */
function expectGrouping(cr: any, rendered: any, r: { groupBy: string[] | null; groupWait: string | null; groupInterval: string | null; repeatInterval: string | null }): void {
  if (r.groupBy && r.groupBy.length > 0) {
    sameSet(cr.groupBy, r.groupBy);
    sameSet(rendered.group_by, r.groupBy);
  }
  if (r.groupWait) expect([cr.groupWait, rendered.group_wait]).toEqual([r.groupWait, r.groupWait]);
  if (r.groupInterval) expect([cr.groupInterval, rendered.group_interval]).toEqual([r.groupInterval, r.groupInterval]);
  if (r.repeatInterval) expect([cr.repeatInterval, rendered.repeat_interval]).toEqual([r.repeatInterval, r.repeatInterval]);
}

/** The root route of the seed: receiver, grouping and timings, in the AlertmanagerConfig and in the platform tree. */
export function rootRouteRow(seed: Seed): Row {
  const r = seed.rootRoute;
  return [`root route to ${r.receiver}, group by ${r.groupBy.join(', ') || '—'}, ${r.groupWait ?? '—'} / ${r.groupInterval ?? '—'} / ${r.repeatInterval ?? '—'}`, (b) => {
    const cr = alertmanagerConfig(b.objects).route;
    expect(cr.receiver).toBe(r.receiver);
    const tree = platformAppRoute(platformAlertmanager(b.platform), b.namespace);
    expect(tree.receiver).toBe(platformReceiverName(b, seed.app, r.receiver));
    expectGrouping(cr, tree, r);
  }];
}

/** One row per seed route: a route with the seed's matchers, receiver, `continue` and timings, in both renderings. */
export function routeRows(seed: Seed): Row[] {
  return seed.routes.map((r): Row => {
    const matchers = seedMatchers(r.matchers);
    return [`route ${r.matchers} -> ${r.receiver}${r.continue ? ' (continue)' : ''}`, (b) => {
      const crRoutes = descendants(alertmanagerConfig(b.objects).route)
        .filter((x) => x.receiver === r.receiver && matchers.every((m) => (x.matchers ?? []).map(crMatcher).includes(m)));
      expect(crRoutes).toHaveLength(1);
      const tree = platformAppRoute(platformAlertmanager(b.platform), b.namespace);
      const yamlRoutes = descendants(tree)
        .filter((x) => x.receiver === platformReceiverName(b, seed.app, r.receiver) && matchers.every((m) => (x.matchers ?? []).map(yamlMatcher).includes(m)));
      expect(yamlRoutes).toHaveLength(1);
      expect([crRoutes[0].continue ?? false, yamlRoutes[0].continue ?? false]).toEqual([r.continue, r.continue]);
      expectGrouping(crRoutes[0], yamlRoutes[0], r);
    }];
  });
}

function sameMembers(a: string[] | undefined, b: string[]): boolean {
  return JSON.stringify([...(a ?? [])].sort()) === JSON.stringify([...b].sort());
}

/** Asserts one inhibit rule with these source and target matchers and `equal`, in both renderings (scoped to the namespace in the platform). */
function expectInhibitRule(b: Built, source: string[], target: string[], equal: string[]): void {
  const cr = (alertmanagerConfig(b.objects).inhibitRules ?? []).filter((x: any) => sameMembers(x.equal, equal)
    && source.every((m) => (x.sourceMatch ?? []).map(crMatcher).includes(m)) && target.every((m) => (x.targetMatch ?? []).map(crMatcher).includes(m)));
  expect(cr).toHaveLength(1);
  const ns = `namespace=${JSON.stringify(b.namespace)}`;
  const rendered = (platformAlertmanager(b.platform).inhibit_rules ?? []).filter((x: any) => {
    const s = (x.source_matchers ?? []).map(yamlMatcher);
    const t = (x.target_matchers ?? []).map(yamlMatcher);
    return sameMembers(x.equal, equal) && [ns, ...source].every((m) => s.includes(m)) && [ns, ...target].every((m) => t.includes(m));
  });
  expect(rendered).toHaveLength(1);
}

/** One row per seed inhibit rule: source and target matchers and `equal`, in both renderings. */
export function inhibitRows(seed: Seed): Row[] {
  return seed.inhibitRules.map((r): Row => [`inhibit rule ${r.source} -> ${r.target} (equal ${r.equal.join(', ')})`,
    (b) => expectInhibitRule(b, seedMatchers(r.source), seedMatchers(r.target), r.equal)]);
}

/** The DERIVED inhibit rule of SLO alerts: a page (critical) silences the ticket (warning) of the same SLO. */
export function sloInhibitRow(): Row {
  return ['inhibit rule (DERIVED for the SLOs): a burn-rate page silences the ticket of the same SLO (equal alertname, slo)',
    (b) => expectInhibitRule(b, ['severity="critical"', 'slo=~".+"'], ['severity="warning"', 'slo=~".+"'], ['alertname', 'slo'])];
}

/** The row "staging never pages": no paging integration where the environment does not page; some where it does. */
export function pagingRow(app: string): Row {
  return ['staging never pages: paging integrations only where the environment pages', (b) => {
    const cr = alertmanagerConfig(b.objects).receivers ?? [];
    const rendered = (platformAlertmanager(b.platform).receivers ?? []).filter((r: any) => r.name.startsWith(`${b.namespace}/${app}/`));
    const pagers = [
      ...cr.flatMap((r: any) => PAGERS.flatMap((p) => r[CR_KEYS[p]] ?? [])),
      ...rendered.flatMap((r: any) => PAGERS.flatMap((p) => r[YAML_KEYS[p]] ?? [])),
    ];
    if (b.env.paging) expect(pagers.length).toBeGreaterThan(0);
    else expect(pagers).toEqual([]);
  }];
}

/** One row per seed log alert: a Loki ruler alert of that name, severity, `for` and LogQL (namespace of the environment). */
export function logAlertRows(seed: Seed): Row[] {
  return seed.logAlerts.map((a): Row => [`log alert ${a.name}: ${a.severity}, for ${a.for}`, (b) => {
    const rules = lokiRuleGroups(b.objects).flatMap((g) => g.rules).filter((r) => r.alert === a.name);
    expect(rules).toHaveLength(1);
    expect(rules[0].labels?.severity).toBe(a.severity);
    if (a.for === '0m' || a.for === '0s') expect(['0s', '0m', undefined]).toContain(rules[0].for);
    else expect(rules[0].for).toBe(a.for);
    expect(squash(rules[0].expr)).toBe(squash(a.expr.split(`namespace="${seed.namespace}"`).join(`namespace="${b.namespace}"`)));
  }]);
}

/** A row asserting a Loki recording rule of a name exists, with a LogQL query containing `contains`. */
export function logRecordRow(name: string, contains: string, why: string): Row {
  return [`log recording rule ${name} (${why})`, (b) => {
    const rules = lokiRuleGroups(b.objects).flatMap((g) => g.rules).filter((r) => r.record === name);
    expect(rules).toHaveLength(1);
    expect(squash(rules[0].expr)).toContain(squash(contains.split('$namespace').join(b.namespace)));
  }];
}

/** A row asserting a scrape object (ServiceMonitor, PodMonitor, Probe) of a kind and name, with a check of its spec. */
export function scrapeRow(label: string, kind: string, name: string | ((b: Built) => string), check: (spec: any, b: Built) => void = () => undefined): Row {
  return [label, (b) => {
    const n = typeof name === 'string' ? name : name(b);
    const found = byKind(b.objects, kind, n);
    if (found.length !== 1) throw new Error(`expected one ${kind} ${n}; scrape objects: ${b.objects.filter((m) => ['ServiceMonitor', 'PodMonitor', 'Probe'].includes(m.kind)).map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
    check(found[0].spec, b);
  }];
}

/** The platform's Loki configuration (ConfigMap with `config.yaml` holding `schema_config`), parsed. */
export function lokiConfig(platform: Manifest[]): any {
  for (const m of byKind(platform, 'ConfigMap')) {
    const text = (m.data ?? {})['config.yaml'];
    if (text === undefined) continue;
    const parsed = yaml.load(text) as any;
    if (parsed?.schema_config) return parsed;
  }
  throw new Error('no Loki configuration among the platform ConfigMaps');
}

const SCRAPE_KINDS = ['ServiceMonitor', 'PodMonitor', 'Probe'];

/** The scrape objects (ServiceMonitor, PodMonitor, Probe) of the objects whose name contains a word. */
export function scrapesNamed(objects: Manifest[], word: string): Manifest[] {
  return objects.filter((m) => SCRAPE_KINDS.includes(m.kind) && m.metadata.name.includes(word));
}

/** A row asserting one scrape object whose name contains a word (exporters: their object names are the exporter's). */
export function scrapeNamedRow(label: string, word: string, check: (m: Manifest, b: Built) => void = () => undefined): Row {
  return [label, (b) => {
    const found = scrapesNamed(b.objects, word);
    if (found.length !== 1) throw new Error(`expected one scrape object named *${word}*; scrape objects: ${b.objects.filter((m) => SCRAPE_KINDS.includes(m.kind)).map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
    check(found[0], b);
  }];
}

/** All Grafana panel queries (PromQL and LogQL) of the objects' dashboards, with their panel type. */
export function panelQueries(objects: Manifest[]): Array<{ dashboard: string; panel: string; type: string; expr: string }> {
  return dashboards(objects).flatMap((d) => panels(d).flatMap((p) => (p.targets ?? []).map((t: any) => ({ dashboard: d.title, panel: p.title, type: p.type, expr: String(t.expr ?? '') }))));
}

/**
 * A row per seed log query (the seed's Kibana/LogQL/kubectl log views): a Grafana panel over Loki with the
 * query's pipeline (after its stream selector), selecting the application's namespace.
 */
export function logQueryRows(seed: Seed, pipelines: { [query: string]: string }): Row[] {
  return seed.logQueries.map((q): Row => {
    const pipeline = pipelines[q.query] ?? q.query.slice(q.query.indexOf('}') + 1);
    const purpose = q.purpose.length <= 60 ? q.purpose : `${q.purpose.slice(0, 60).replace(/\s+\S*$/, '')}…`;
    return [`log query "${purpose}": a Grafana panel with ${pipeline.trim() || 'the stream'}`, (b) => {
      const found = panelQueries(b.objects).filter((x) => x.expr.includes('{') && squash(x.expr).includes(squash(pipeline)) && /namespace=/.test(x.expr));
      if (found.length === 0) throw new Error(`no dashboard panel with a namespace-selecting Loki query containing ${JSON.stringify(pipeline)}; Loki queries: ${panelQueries(b.objects).filter((x) => x.type === 'logs').map((x) => x.expr).join(' | ')}`);
    }];
  });
}

/** The text of every vector selector of a PromQL expression. */
export function selectors(expr: string): string[] {
  const out: string[] = [];
  promqlParser.parse(expr).iterate({ enter: (n) => { if (n.name === 'VectorSelector') out.push(expr.slice(n.from, n.to)); } });
  return out;
}

/**
 * A row asserting that the SLOs read only this application's series: every selector of an SLO rule
 * that names the shared job `backend` (erp and gas-delivery both pin it) also selects the namespace, as
 * every alert of the app does.
 */
export function sloScopeRow(): Row {
  return ['SLO SLIs read only this app\'s series: selectors of job "backend" also select the namespace', (b) => {
    const unscoped = prometheusRules(b.objects)
      .filter((r) => r.rule.labels?.slo !== undefined)
      .flatMap((r) => selectors(r.rule.expr))
      .filter((s) => /job="backend"/.test(s) && !s.includes(`namespace="${b.namespace}"`));
    expect([...new Set(unscoped)]).toEqual([]);
  }];
}

/** The row "the agent reads pod logs (`/var/log/pods`) through a cri stage", with the seed's source in the label. */
export function podLogsRow(label: string): Row {
  return [label, (b) => {
    const { agent, text } = agentConfig(b.platform);
    expect(text).toContain('/var/log/pods/');
    expect(text).toMatch(agent === 'alloy' ? /stage\.cri \{/ : /- cri: \{\}/);
  }];
}

/** The seed elements the mapping doc must name, as `[kind, name]`: alerts, SLOs, dashboards, panels, receivers, scrapes, exporters, health checks, tools. */
export function seedElementNames(seed: Seed): Array<[string, string]> {
  return [
    ...seed.alerts.map((a): [string, string] => ['alert', a.name]),
    ...seed.logAlerts.map((a): [string, string] => ['log alert', a.name]),
    ...seed.recordingRules.map((r): [string, string] => ['recording rule', r.name]),
    ...seed.slos.map((s): [string, string] => ['SLO', s.name]),
    ...seed.dashboards.map((d): [string, string] => ['dashboard', d.title]),
    ...seed.dashboards.flatMap((d) => d.panels.map((p): [string, string] => ['panel', p.title])),
    ...seed.receivers.map((r): [string, string] => ['receiver', r.name]),
    ...seed.scrapes.map((s): [string, string] => ['scrape', s.name]),
    ...seed.exporters.map((e): [string, string] => ['exporter', e.name]),
    ...seed.healthChecks.map((h): [string, string] => ['health check', h['url/path']]),
    ...seed.otherTools.map((t): [string, string] => ['other tool', t.tool]),
  ];
}

/**
 * The fidelity suite of an application: for each environment, one test per row of each table (named by
 * the row), and the check that the application's README holds the current alert catalogue.
 */
export function fidelitySuite(app: string, built: Built[], tables: Row[][]): void {
  describe.each(built.map((b) => [b.env.name, b] as [string, Built]))(`${app} seed fidelity (%s)`, (_env, b) => {
    for (const table of tables.filter((t) => t.length > 0)) test.each(table)('%s', (_label, check) => check(b));
  });
  const readme = fs.readFileSync(path.join(ROOT, 'apps', app, 'README.md'), 'utf8');
  test.each(seedElementNames(loadSeed(app)))(`apps/${app}/README.md maps the seed's %s %s`, (_kind, name) => {
    expect(readme).toContain(name);
  });
  test(`apps/${app}/README.md holds the current alert catalogue`, () => {
    const production = built.find((b) => b.env.paging)!;
    expect(readmeCatalogue(app)).toBe(currentCatalogue(production));
  });
}

/** Every Alertmanager row of a seed: receivers, root route, routes, inhibit rules, and "staging never pages". */
export function alertmanagerRows(seed: Seed): Row[] {
  return [...receiverRows(seed), rootRouteRow(seed), ...routeRows(seed), ...inhibitRows(seed), pagingRow(seed.app)];
}
