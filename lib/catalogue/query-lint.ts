import { Construct, IConstruct } from 'constructs';
import { quote, ValidationError } from '../core/errors';
import { PromQL } from '../core/expressions';
import { ConstructQueries, RecordedPromQL } from '../core/construct-queries';
import { Severity } from '../core/severity';
import { checkValue, checkValues } from '../core/problems';
import { optionalArray, optionalObject, optionalString, optionalStringList, requireConstruct, requireArray, requireObject } from '../core/untyped';
import { targetPrometheus } from '../core/target-versions';
import { Validate } from '../core/validate';
import { AlertingRule } from '../prometheus/alerting-rule';
import { RecordingRule } from '../prometheus/recording-rule';
import { analyse, isBareSelector, resultLabels, ResolvedSeries, SeriesResolver } from './analysis';
import { Check } from './check';
import { ExportedMetric, MetricDefinition } from './metric';
import { MetricCatalogue } from './metric-catalogue';
import { addSuppression, keepInOutput, Suppression, suppressionFor, suppressionsUnder } from './suppression';

/** Options of `QueryLint.suppress()`. */
export interface SuppressOptions {
  /**
   * Only this field of the construct (`expr`, `targets[0].expr`, as the construct recorded it).
   * @default - every expression of the construct and of the constructs under it
   */
  readonly field?: string;
}

/** Properties of a `QueryLint`. */
export interface QueryLintProps {
  /**
   * The metrics the application and its exporters export. Recording rules declared under the linted
   * scope are added automatically.
   * @default []
   */
  readonly catalogues?: MetricCatalogue[];
  /**
   * Labels that scraping adds to every series: by default `job` and `instance` (Prometheus) and the
   * labels the Prometheus Operator adds for a ServiceMonitor or PodMonitor target.
   * @default ['job', 'instance', 'namespace', 'service', 'pod', 'container', 'endpoint']
   */
  readonly targetLabels?: string[];
  /**
   * The severities an alert may have.
   * @default [Severity.CRITICAL, Severity.WARNING, Severity.INFO]
   */
  readonly severities?: Severity[];
}

/** One problem the lint found in an expression or an alert. */
export interface LintFinding {
  /** The check that found it. */
  readonly check: Check;
  /** The path of the construct holding the expression or alert. */
  readonly path: string;
  /** The construct's field (`expr`, `targets[0].expr`), or `alert` for rule hygiene. */
  readonly field: string;
  /** The expression as written (empty for a finding on an alert's metadata). */
  readonly expression: string;
  /** `line:column` in the expression (empty for a finding on an alert's metadata). */
  readonly position: string;
  /** What is wrong and what to do. */
  readonly detail: string;
  /** The whole message: `[path] field: detail at l:c in "expr" (check)`. */
  readonly message: string;
  /**
   * The reason the check was switched off for this construct, when it was.
   * @default - not suppressed: the synth fails
   */
  readonly suppressedBecause?: string;
  /**
   * Whether the finding is accepted because the metric is declared as assumed in its catalogue.
   * @default false
   */
  readonly assumed?: boolean;
}

/** Fields that hold a query of their own (alert and record `expr`, panel targets), even when it is a bare selector. */
const QUERY_FIELDS = /^(expr|targets\[\d+\]\.expr)$/;

/** A construct that says which metrics it exports (the `lib/exporters` constructs). */
interface MetricSource extends IConstruct {
  readonly metrics: ExportedMetric[];
}

function isMetricSource(c: IConstruct): c is MetricSource {
  const metrics = (c as Partial<MetricSource>).metrics;
  return Array.isArray(metrics) && metrics.length > 0 && metrics.every((m) => typeof m?.name === 'string' && typeof m?.type === 'string');
}

/** An exporter's metric as a catalogue entry (labels closed: `ExportedMetric.labels` defaults to none). */
function asDefinition(metric: ExportedMetric): MetricDefinition {
  return { ...metric, labels: metric.labels ?? [] };
}

/** The field of rule hygiene findings. */
const ALERT_FIELD = 'alert';

const DEFAULT_TARGET_LABELS = ['job', 'instance', 'namespace', 'service', 'pod', 'container', 'endpoint'];

/**
 * The offline query lint: at synth time, checks every PromQL expression held under a scope (alert
 * and recording rules, SLO rules, dashboard queries) against the metric catalogues of the application,
 * using the parse tree, and checks the hygiene of every alerting rule under it.
 *
 * Checks (`Check`): unknown metric (with a "did you mean"; `_bucket`, `_sum` or `_count` of a native
 * histogram, with its queries), unknown label in a matcher, a grouping or a vector matching (`le` on a
 * native histogram), rate()/increase() over a gauge, a counter or native histogram read without rate(),
 * histogram_quantile() over something other than a rate of `_bucket` series keeping `le` or of a native
 * histogram, native-histogram functions over float series, a matcher that cannot match any known value;
 * for alerts: a severity from the allowed set, a summary, a runbook link, a `for`, no duplicate (same name
 * and labels) across groups. Catalogue names are checked for the chart's target release (UTF-8 names from
 * Prometheus 3 on).
 *
 * Every finding fails the synth with the construct path, the field, the expression and the position:
 * `[gas-delivery] query lint: [gas-delivery/Rules/api/HighErrorRate] expr: unknown metric "http_request_total" ... at 1:6 in "..." (unknown-metric)`.
 * A finding that is acceptable is switched off where the expression is declared, with a reason kept in
 * the output (`QueryLint.suppress`).
 *
 * @example
 * const lint = new QueryLint(chart, 'QueryLint', {
 *   catalogues: [appCatalogue, StandardCatalogues.kubeStateMetrics(), StandardCatalogues.prometheus()],
 * });
 * QueryLint.suppress(alert, Check.ALERT_FOR, 'the outage is binary and already debounced by the probe');
 */
export class QueryLint extends Construct {
  /**
   * Switches a check off for a construct (an alert, a panel, an SLO...) and what it holds, with the
   * reason. Never silent: each finding it covers is listed in `QueryLint.report()` and written, with the
   * reason, to the `lint.cdk8s-observability/skip` annotation of the Kubernetes object holding it.
   */
  public static suppress(scope: IConstruct, check: Check, reason: string, options: SuppressOptions = {}): void {
    requireConstruct(scope, 'scope', 'the alert, panel or SLO holding the expression');
    optionalObject(options, 'options', "{ field: 'expr' }");
    optionalString(options.field, 'options.field', "'expr'");
    addSuppression(scope, check, reason, options.field);
  }

  /**
   * Attaches catalogues to a scope: the scope's lint (child `QueryLint`), created when there is none.
   */
  public static attach(scope: Construct, catalogues: MetricCatalogue[]): QueryLint {
    requireConstruct(scope, 'scope', 'the chart or the application construct');
    ValidationError.within(`${scope.node.path}/QueryLint`, () => requireArray(catalogues, 'catalogues', '[StandardCatalogues.prometheus()]'));
    const existing = QueryLint.of(scope);
    if (existing) {
      for (const catalogue of catalogues) existing.addCatalogue(catalogue);
      return existing;
    }
    return new QueryLint(scope, 'QueryLint', { catalogues });
  }

  /** The lint attached directly to `scope`, if any. */
  public static of(scope: IConstruct): QueryLint | undefined {
    requireConstruct(scope, 'scope', 'the chart or the application construct');
    const child = scope.node.tryFindChild('QueryLint');
    return child instanceof QueryLint ? child : undefined;
  }

  /** The severities an alert may have. */
  public readonly severities: Severity[];
  /** Labels every scraped series carries. */
  public readonly targetLabels: string[];
  private readonly catalogues: MetricCatalogue[] = [];
  private readonly linted: IConstruct;

  /**
   * Creates the lint and registers its checks on `scope` (the chart, or an application construct):
   * every expression and alert at or under it is checked at synth time.
   */
  public constructor(scope: Construct, id: string, props: QueryLintProps = {}) {
    super(scope, id);
    ValidationError.within(this, () => {
      requireObject(props, 'props', '{ catalogues: [StandardCatalogues.prometheus()] }');
      optionalArray(props.severities, 'severities', '[Severity.CRITICAL, Severity.WARNING]');
      optionalStringList(props.targetLabels, 'targetLabels', "['job', 'instance']");
      optionalArray(props.catalogues, 'catalogues', '[StandardCatalogues.prometheus()]');
    });
    this.linted = scope;
    checkValues(this, 'severities', props.severities);
    this.severities = props.severities ?? [Severity.CRITICAL, Severity.WARNING, Severity.INFO];
    this.targetLabels = ValidationError.within(this, () => (props.targetLabels ?? DEFAULT_TARGET_LABELS).map((l) => Validate.labelName(l, 'targetLabels', targetPrometheus(this))));
    (props.catalogues ?? []).forEach((catalogue, i) => this.addCatalogueAt(catalogue, `catalogues[${i}]`));
    scope.node.addValidation({
      validate: () => {
        const findings = this.findings();
        // Accepted findings (suppressed, or on assumed metrics) pass, and say so in the output of the
        // object holding the expression or alert.
        const accepted = findings.filter((f) => f.suppressedBecause !== undefined);
        const holders = new Map(this.linted.node.findAll().map((c) => [c.node.path, c]));
        const unkept = accepted.filter((f) => !keepInOutput(holders.get(f.path), f.check, f.field === ALERT_FIELD ? undefined : f.field, f.suppressedBecause!));
        return [
          ...findings.filter((f) => f.suppressedBecause === undefined).map((f) => `query lint: ${f.message}`),
          ...unkept.map((f) => `query lint: [${f.path}] ${f.field}: ${f.check} is accepted (${f.suppressedBecause}), but no Kubernetes object holds this construct to keep that in the output`),
        ];
      },
    });
  }

  /** Adds a catalogue to check against. */
  public addCatalogue(catalogue: MetricCatalogue): void {
    this.addCatalogueAt(catalogue, 'catalogues');
  }

  /** Adds a catalogue given in `field`, raising its problems with this lint's path. */
  private addCatalogueAt(catalogue: MetricCatalogue, field: string): void {
    if (!(catalogue instanceof MetricCatalogue)) {
      throw ValidationError.at(this, `${field}: must be a MetricCatalogue, e.g. StandardCatalogues.prometheus(); received ${quote(catalogue)}`);
    }
    // a problem found when the catalogue was created (MetricCatalogue.of('api', [{ name: 'bad-name' }]))
    checkValue(this, field, catalogue);
    // UTF-8 names, for the release the chart targets
    ValidationError.within(this, () => ValidationError.inField(field, () => catalogue._checkNames(targetPrometheus(this))));
    if (!this.catalogues.includes(catalogue)) this.catalogues.push(catalogue);
  }

  /**
   * Every finding on the expressions and alerts under the linted scope, suppressed ones included (with
   * their reason): the expressions' in the order of `ConstructQueries.promqlUnder()`, then the alerts'.
   */
  public findings(): LintFinding[] {
    // during a synthesis, one walk of the tree serves the lints of every chart
    const recorded = ConstructQueries.promqlUnder(this.linted);
    const resolver = this.resolver(recorded);
    const out: LintFinding[] = [];
    for (const r of recorded) {
      const templated = (from: number, to: number) =>
        r.query.variables.length > 0 && /\$|\[\[/.test(r.query.expression.slice(originalOffset(r.query, from), originalOffset(r.query, to - 1) + 1));
      // A bare selector given as a series (rule test input, SLI selector, label_values() argument) is not a
      // query of its own: how a counter is read is decided where it is used, so only names are checked.
      const tree = r.query._tree;
      const selectorOnly = isBareSelector(tree) && !QUERY_FIELDS.test(r.field);
      for (const raw of analyse(r.query._parsedText, tree, resolver, templated, selectorOnly)) {
        const position = lineColumn(r.query.expression, originalOffset(r.query, raw.offset));
        out.push(this.finding(r.scope, r.field, raw.check, raw.message, r.query.expression, position, raw.acceptedBecause));
      }
    }
    out.push(...this.alertFindings());
    return out;
  }

  /**
   * A plain-text report: each finding (suppressed ones with their reason) and each suppression that
   * matched nothing, one per line.
   */
  public report(): string {
    const findings = this.findings();
    const lines = findings.map((f) => (f.suppressedBecause === undefined ? f.message : `${f.message} [suppressed: ${f.suppressedBecause}]`));
    for (const s of suppressionsUnder(this.linted)) {
      const used = findings.some((f) => f.check === s.check && f.suppressedBecause === s.reason && (f.path === s.scope.node.path || f.path.startsWith(s.scope.node.path + '/')));
      if (!used) lines.push(`[${s.scope.node.path}]${s.field ? ` ${s.field}` : ''}: suppression of ${s.check} matches no finding (reason: ${s.reason}); remove it`);
    }
    return lines.join('\n');
  }

  private finding(holder: IConstruct, field: string, check: Check, detail: string, expression: string, position: string, acceptedBecause?: string): LintFinding {
    const path = holder.node.path;
    const where = expression === '' ? '' : ` at ${position} in ${quote(expression)}`;
    const message = `[${path}] ${field}: ${detail}${where} (${check}; fix it, or QueryLint.suppress(construct, Check.${checkKey(check)}, reason))`;
    const suppression: Suppression | undefined = suppressionFor(holder, field, check);
    return { check, path, field, expression, position, detail, message, suppressedBecause: suppression?.reason ?? acceptedBecause, assumed: acceptedBecause !== undefined };
  }

  private resolver(recorded: RecordedPromQL[]): SeriesResolver {
    const known = new Map<string, ResolvedSeries>();
    for (const catalogue of this.catalogues) {
      for (const name of catalogue.seriesNames) {
        if (known.has(name)) continue;
        const info = catalogue._lookup(name)!;
        known.set(name, {
          kind: info.kind,
          labels: info.labels === undefined ? undefined : new Set(['__name__', ...info.labels, ...this.targetLabels, ...catalogue._targetLabelsOf(name)]),
          labelValues: info.labelValues,
          source: info.catalogue,
          assumed: info.metric.assumed,
        });
      }
    }
    // Exporter constructs under the scope (PostgresExporter, BlackboxExporter...) provide their metrics,
    // custom queries included; the attached catalogues win where both declare a series.
    for (const exporter of this.linted.node.findAll().filter(isMetricSource)) {
      const catalogue = ValidationError.within(exporter, () => MetricCatalogue.of(exporter.node.path, exporter.metrics.map(asDefinition)));
      for (const name of catalogue.seriesNames) {
        if (known.has(name)) continue;
        const info = catalogue._lookup(name)!;
        known.set(name, {
          kind: info.kind,
          labels: info.labels === undefined ? undefined : new Set(['__name__', ...info.labels, ...this.targetLabels]),
          labelValues: info.labelValues,
          source: info.catalogue,
        });
      }
    }
    const resolver: SeriesResolver = {
      resolve: (name) => known.get(name),
      names: () => [...known.keys()],
    };
    // Recording rules: their `record` becomes a known series. Labels are those of the expression's
    // result (as the lint derives them) plus the rule's own; its type is not known.
    const records = recorded.filter((r) => r.field === 'expr' && r.scope instanceof RecordingRule).map((r) => r.scope as RecordingRule);
    for (const rule of records) {
      if (!known.has(rule.record)) known.set(rule.record, { labels: undefined, labelValues: {}, source: 'recording rule' });
    }
    // Rules recording the same name (one per SLO, per service...) together give its labels, and the
    // values of the labels every one of them sets. Names are resolved in construct tree order (rules in
    // the order of their groups), so a rule reading an earlier record sees its labels.
    const byName = new Map<string, RecordingRule[]>();
    for (const rule of records) byName.set(rule.record, [...(byName.get(rule.record) ?? []), rule]);
    for (const [name, rules] of byName) {
      const existing = known.get(name)!;
      if (existing.source !== 'recording rule') continue;
      const sets = rules.map((rule) => resultLabels(rule.expr._parsedText, rule.expr._tree, resolver));
      const labelValues: { [label: string]: string[] } = {};
      for (const label of Object.keys(rules[0].labels)) {
        if (rules.every((rule) => label in rule.labels)) labelValues[label] = [...new Set(rules.map((rule) => rule.labels[label]))];
      }
      const labels = sets.some((set) => set === undefined)
        ? undefined
        : new Set(['__name__', ...sets.flatMap((set) => set!), ...rules.flatMap((rule) => Object.keys(rule.labels))]);
      known.set(name, { ...existing, labels, labelValues });
    }
    return resolver;
  }

  private alertFindings(): LintFinding[] {
    const alerts = this.linted.node.findAll().filter((c): c is AlertingRule => c instanceof AlertingRule);
    const out: LintFinding[] = [];
    const allowed = this.severities.map((s) => s.name);
    const seen = new Map<string, AlertingRule>();
    for (const alert of alerts) {
      const add = (check: Check, detail: string) => out.push(this.finding(alert, ALERT_FIELD, check, `alert ${quote(alert.alertName)}: ${detail}`, '', ''));
      const severity = alert.labels.severity;
      if (severity === undefined || !allowed.includes(severity)) {
        add(Check.ALERT_SEVERITY, `severity must be one of ${quote(allowed)}; received ${quote(severity)}`);
      }
      if ((alert.annotations[AlertingRule.SUMMARY_ANNOTATION] ?? '').trim() === '') add(Check.ALERT_SUMMARY, 'has no summary annotation: say in one line what is wrong');
      if ((alert.annotations[AlertingRule.RUNBOOK_ANNOTATION] ?? '').trim() === '') add(Check.ALERT_RUNBOOK, 'has no runbook link (runbookUrl): say where the responder finds what to check and do');
      if (alert.for === undefined || alert.for.toMilliseconds() === 0) {
        add(Check.ALERT_FOR, "has no 'for': it fires on the first evaluation that returns a series, so a single bad scrape pages; set for, or suppress with the reason");
      }
      const key = JSON.stringify([alert.alertName, Object.entries(alert.labels).sort(([a], [b]) => a.localeCompare(b))]);
      const previous = seen.get(key);
      if (previous && previous.node.scope !== alert.node.scope) {
        add(Check.DUPLICATE_ALERT, `same name and labels as ${previous.node.path} in another group: Alertmanager cannot tell their notifications apart; rename one or give it a distinguishing label`);
      } else if (!previous) {
        seen.set(key, alert);
      }
    }
    return out;
  }
}

/**
 * The offset in the expression as written of an offset in the parsed text. Dashboard queries are parsed
 * with Grafana variables substituted (`PromQL.parseDashboardQuery`): other variables keep their length,
 * interval variables become `1m`, so later positions shift by the difference.
 */
function originalOffset(query: PromQL, parsedOffset: number): number {
  if (query._parsedText === query.expression) return parsedOffset;
  const pattern = /\$\{([A-Za-z0-9_]+)(?::[A-Za-z0-9_]+)?\}|\$([A-Za-z0-9_]+)|\[\[([A-Za-z0-9_]+)\]\]/g;
  let shift = 0;
  for (const match of query.expression.matchAll(pattern)) {
    const start = match.index! - shift;
    const replacedLength = query._parsedText.startsWith('1m', start) && INTERVAL_VARIABLES.has(match[1] ?? match[2] ?? match[3]) ? 2 : match[0].length;
    if (parsedOffset < start + replacedLength) return parsedOffset < start ? parsedOffset + shift : match.index!;
    shift += match[0].length - replacedLength;
  }
  return parsedOffset + shift;
}

const INTERVAL_VARIABLES = new Set(['__interval', '__rate_interval', '__range', '__auto', '__interval_ms', '__range_s', '__range_ms']);

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

function checkKey(check: Check): string {
  return Object.entries(Check).find(([, v]) => v === check)![0];
}
