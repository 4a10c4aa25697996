import { IConstruct } from 'constructs';
import { quote } from './errors';
import { LogQL, PromQL } from './expressions';
import { chartOf } from './scopes';
import { alertFlow, expressionFlow, FlowLabels, LabelDrop, mayCarry, NO_LABELS, recordingRuleResolver, SeriesResolver, WritingRule } from './label-flow';

// The rules (Prometheus and Loki) and the namespaced Alertmanager routings of an app, so that each alert
// can be checked against the routing that must deliver it, although rules and routing live in sibling
// modules that do not know each other. Not public API: the constructs register themselves.

/** An alerting rule, as the routing checks see it. @internal */
export interface RoutedAlert {
  readonly scope: IConstruct;
  /** Where the rule is in `scope`, when it is not a construct of its own (`rules["X"]`). */
  readonly field?: string;
  readonly alertname: string;
  readonly expr: PromQL | LogQL;
  /** Static labels, `severity` included. */
  readonly labels: { [name: string]: string };
}

/** A routing that receives only alerts of one namespace: the operator's `AlertmanagerConfig`. @internal */
export interface NamespaceRouting {
  readonly scope: IConstruct;
  readonly namespace: string;
}

interface ChartRules {
  readonly alerts: RoutedAlert[];
  readonly routings: NamespaceRouting[];
}

interface RootRules {
  readonly records: WritingRule[];
  /** Resolvers of recorded series by focus (labels of interest, '' for all); emptied when a rule is added. */
  resolvers: Map<string, SeriesResolver>;
  /** The alerts' labels by focus, computed with those resolvers. */
  flows: WeakMap<RoutedAlert, Map<string, FlowLabels>>;
}

const BY_CHART = new WeakMap<IConstruct, ChartRules>();
const BY_ROOT = new WeakMap<IConstruct, RootRules>();

function chartRules(scope: IConstruct): ChartRules {
  const chart = chartOf(scope);
  let rules = BY_CHART.get(chart);
  if (!rules) {
    rules = { alerts: [], routings: [] };
    BY_CHART.set(chart, rules);
  }
  return rules;
}

function rootRules(scope: IConstruct): RootRules {
  const root = scope.node.root;
  let rules = BY_ROOT.get(root);
  if (!rules) {
    rules = { records: [], resolvers: new Map(), flows: new WeakMap() };
    BY_ROOT.set(root, rules);
  }
  return rules;
}

/**
 * Where alerts meet their routing. Alerting rules, recording rules and `AlertmanagerConfig`s register
 * here; an alert in a chart that holds an `AlertmanagerConfig` is then checked, at synth, to carry the
 * `namespace` label the operator routes on.
 * @internal
 */
export class AlertRouting {
  /**
   * Registers an alerting rule and adds the routing check to its construct: the alert must certainly
   * carry `namespace`, with the value of a namespaced routing of its chart, when its chart has one.
   */
  public static addAlert(alert: RoutedAlert): void {
    chartRules(alert.scope).alerts.push(alert);
    alert.scope.node.addValidation({ validate: () => AlertRouting.namespaceErrors(alert) });
  }

  /** Registers a recording rule, whose series alerts anywhere in the app may read. */
  public static addRecord(scope: IConstruct, rule: WritingRule): void {
    const rules = rootRules(scope);
    rules.records.push(rule);
    rules.resolvers = new Map();
    rules.flows = new WeakMap();
  }

  /** Registers a routing that only receives the alerts of one namespace. */
  public static addNamespaceRouting(routing: NamespaceRouting): void {
    chartRules(routing.scope).routings.push(routing);
  }

  /** The alerting rules of the chart of `scope`. */
  public static alertsOf(scope: IConstruct): RoutedAlert[] {
    return [...chartRules(scope).alerts];
  }

  /** The labels an alert's notifications carry, as far as its expression and static labels tell. */
  public static labelsOf(alert: RoutedAlert): FlowLabels {
    return AlertRouting.labelFacts(alert);
  }

  /**
   * What is known of some labels of an alert's notifications (all labels when `focus` is undefined): a
   * focused analysis is much cheaper, and labels the rule sets statically need no analysis at all.
   */
  public static labelFacts(alert: RoutedAlert, focus?: string[]): FlowLabels {
    const rules = rootRules(alert.scope);
    // labels the rule sets (without a template) need no analysis: only the others are the focus
    const analysed = focus === undefined ? undefined : [...new Set(focus)].filter((l) => l !== 'alertname' && !(l in alert.labels && !alert.labels[l].includes('{{'))).sort();
    const key = analysed === undefined ? '*' : analysed.join(',');
    let byFocus = rules.flows.get(alert);
    if (byFocus === undefined) {
      byFocus = new Map();
      rules.flows.set(alert, byFocus);
    }
    let flow = byFocus.get(key);
    if (flow === undefined) {
      const focused = analysed === undefined ? undefined : new Set(analysed);
      const expr = focused !== undefined && focused.size === 0 ? NO_LABELS : expressionFlow(alert.expr, AlertRouting.resolver(alert.scope, key, focused), undefined, focused);
      flow = alertFlow(expr, alert.alertname, alert.labels);
      byFocus.set(key, flow);
    }
    return flow;
  }

  /** Follows the recorded series of the app of `scope` to the rules that write them. */
  private static resolver(scope: IConstruct, key: string, focus?: ReadonlySet<string>): SeriesResolver {
    const rules = rootRules(scope);
    let resolver = rules.resolvers.get(key);
    if (resolver === undefined) {
      resolver = recordingRuleResolver(rules.records, focus);
      rules.resolvers.set(key, resolver);
    }
    return resolver;
  }

  /** Why the alert cannot reach the namespaced routing of its chart, if so. */
  public static namespaceErrors(alert: RoutedAlert): string[] {
    const routings = chartRules(alert.scope).routings;
    if (routings.length === 0) return [];
    const flow = AlertRouting.labelFacts(alert, ['namespace']);
    const namespaces = [...new Set(routings.map((r) => r.namespace))];
    const routed = `the AlertmanagerConfig ${routings.map((r) => r.scope.node.path).join(', ')} of this chart only receives alerts whose namespace label is ${namespaces.map((n) => quote(n)).join(' or ')} (the Prometheus Operator adds that matcher to its routes)`;
    const expr = `${alert.field === undefined ? '' : `${alert.field}.`}expr ${quote(alert.expr.expression)}`;
    const namespace = namespaces[0];
    if (!flow.certain.has('namespace')) {
      const drops: LabelDrop[] = [];
      expressionFlow(alert.expr, AlertRouting.resolver(alert.scope, 'namespace', new Set(['namespace'])), drops, new Set(['namespace']));
      const drop = drops.find((d) => d.label === 'namespace');
      const fix = drop
        ? `${drop.fix} in ${quote(drop.operation)}, or set labels: { namespace: ${quote(namespace)} }`
        : `select namespace=${quote(namespace)} in every selector and keep it through aggregations (sum by (namespace, ...)), or set labels: { namespace: ${quote(namespace)} }`;
      return [`${expr}: its alerts do not certainly carry a namespace label, so they never reach their routing: ${routed}; fix: ${fix}`];
    }
    const value = flow.values.get('namespace');
    if (value !== undefined && !namespaces.includes(value)) {
      return [`${expr}: its alerts carry namespace=${quote(value)}, so they never reach their routing: ${routed}; fix: select namespace=${quote(namespace)} instead, or move the alert to the chart of namespace ${quote(value)}`];
    }
    return [];
  }

  /**
   * Whether an alert with these labels may be one of the alerts of `alert` (every label may be carried,
   * with the value the alert fixes, if any); the first label that cannot, with why, or undefined.
   */
  public static impossibleLabel(alert: RoutedAlert, labels: { [name: string]: string }): string | undefined {
    const flow = AlertRouting.labelsOf(alert);
    for (const [name, value] of Object.entries(labels)) {
      if (!mayCarry(flow, name)) return `${name}: the alert ${quote(alert.alertname)} (${where(alert)}) never carries it (it may carry ${describeLabels(flow)})`;
      const fixed = flow.values.get(name);
      if (fixed !== undefined && fixed !== value) return `${name}: the alert ${quote(alert.alertname)} (${where(alert)}) always has ${name}=${quote(fixed)}, not ${quote(value)}`;
    }
    return undefined;
  }

  private constructor() {}
}

/** Where an alert is defined, for messages. */
function where(alert: RoutedAlert): string {
  return alert.field === undefined ? alert.scope.node.path : `${alert.scope.node.path} ${alert.field}`;
}

/** The labels a flow may carry, for messages. @internal */
export function describeLabels(flow: FlowLabels): string {
  const known = [...(flow.possible ?? flow.certain)].filter((l) => l !== '__name__').sort();
  return `${quote(known)}${flow.possible ? '' : ' and any other label'}`;
}
