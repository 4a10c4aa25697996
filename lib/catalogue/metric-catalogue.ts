import { quote, ValidationError } from '../core/errors';
import { deferBuild, keepProblem, problemOf, raiseProblem } from '../core/problems';
import { PrometheusVersion } from '../core/target-versions';
import { optionalObject, optionalStringList, requireArray, requireString } from '../core/untyped';
import { Validate } from '../core/validate';
import { MetricDefinition, SeriesInfo, seriesOf } from './metric';
import { OpenTelemetryCatalogueOptions, openTelemetryDefinitions, OpenTelemetryMetric } from './opentelemetry';

/** Options of a `MetricCatalogue`. */
export interface MetricCatalogueOptions {
  /**
   * Labels that every series of this catalogue carries besides its own labels, on top of the lint's
   * target labels (`job`, `instance` and the Prometheus Operator's `namespace`, `service`, `pod`...):
   * for example static labels added by relabeling.
   * @default []
   */
  readonly targetLabels?: string[];
}

/**
 * The typed declaration of the metrics a service (or an exporter) exports: name, type, labels (with
 * their known values), unit and help. The query lint (`QueryLint`) checks every PromQL expression of an
 * application against the catalogues attached to it.
 *
 * A histogram implies its `_bucket` (with `le`), `_sum` and `_count` series; a summary implies its
 * `quantile` label and its `_sum` and `_count` series; a native histogram is one series of its own name.
 * Names may be UTF-8 ones (`http.server.request.duration`) for charts that target Prometheus 3.
 *
 * @example
 * const api = MetricCatalogue.of('festivals-api', [
 *   { name: 'http_requests_total', type: MetricType.COUNTER, labels: ['method', 'path', 'status'] },
 *   { name: 'http_request_duration_seconds', type: MetricType.HISTOGRAM, labels: ['method', 'path'], unit: 'seconds' },
 * ]);
 * new QueryLint(chart, 'QueryLint', { catalogues: [api, StandardCatalogues.prometheus()] });
 */
export class MetricCatalogue {
  /**
   * A catalogue of the given metrics.
   *
   * An invalid metric or label name, or a series declared twice with two types, is reported by the
   * `QueryLint` the catalogue is given to, with its path (`[app/QueryLint] catalogues[0]: catalogue "api":
   * metric "x" label: ...`), or when the catalogue is read (`has()`, `metrics`).
   * @param name what exports them (`festivals-api`, `node-exporter`), shown in lint messages
   */
  public static of(name: string, metrics: MetricDefinition[], options: MetricCatalogueOptions = {}): MetricCatalogue {
    return deferBuild(() => {
      requireString(name, 'catalogue name', "'festivals-api'");
      if (name.trim() === '') throw new ValidationError('catalogue name: must not be empty');
      const inCatalogue = <T>(fn: () => T): T => ValidationError.inField(`catalogue ${quote(name)}`, fn);
      const labels = inCatalogue(() => {
        requireArray(metrics, 'metrics', "[{ name: 'http_requests_total', type: MetricType.COUNTER }]");
        optionalObject(options, 'options', "{ targetLabels: ['cluster'] }");
        optionalStringList(options.targetLabels, 'targetLabels', "['cluster']");
        return (options.targetLabels ?? []).map((l) => Validate.labelName(l, 'targetLabels', PrometheusVersion.V3_5));
      });
      const catalogue = new MetricCatalogue(name, labels);
      // a series declared twice with two types: the message names the catalogue already
      for (const metric of metrics) catalogue.addSeries(inCatalogue(() => seriesOf(metric, name)));
      return catalogue;
    }, () => new MetricCatalogue(typeof name === 'string' ? name : String(name), []));
  }

  /**
   * A catalogue of metrics declared with their OpenTelemetry names, under the names and labels the
   * Prometheus that receives them over OTLP gives them (its `otlp.translation_strategy`, as Prometheus 3.5
   * translates): `http.server.request.duration` (a histogram, unit `s`) is `http_server_request_duration_seconds`
   * with the default strategy, `http.server.request.duration_seconds` without escaping, and itself without
   * translation; a counter gets `_total`; attributes become labels (`http.route` → `http_route`).
   * Problems are reported as those of `of()`.
   *
   * @example
   * const checkout = MetricCatalogue.fromOpenTelemetry('checkout', [
   *   { name: 'checkout.orders', instrument: OpenTelemetryInstrument.COUNTER, unit: '{order}', attributes: ['payment.method'] },
   * ], { translation: OtlpTranslationStrategy.NO_UTF8_ESCAPING_WITH_SUFFIXES });
   * @see https://prometheus.io/docs/guides/opentelemetry/
   */
  public static fromOpenTelemetry(name: string, metrics: OpenTelemetryMetric[], options: OpenTelemetryCatalogueOptions = {}): MetricCatalogue {
    return deferBuild(() => {
      requireString(name, 'catalogue name', "'checkout'");
      const translated = ValidationError.inField(`catalogue ${quote(name)}`, () => {
        requireArray(metrics, 'metrics', "[{ name: 'http.server.request.duration', instrument: OpenTelemetryInstrument.HISTOGRAM, unit: 's' }]");
        return openTelemetryDefinitions(metrics, options ?? {});
      });
      const catalogue = MetricCatalogue.of(name, translated.metrics, { targetLabels: translated.targetLabels });
      raiseProblem(catalogue);
      return catalogue;
    }, () => new MetricCatalogue(typeof name === 'string' ? name : String(name), []));
  }

  /**
   * One catalogue holding the metrics of all the given ones (a service and the exporters next to it).
   * A series declared by two catalogues must have the same type; its labels are then the union. A
   * conflict, or a problem of one of the catalogues, is reported like those of `of()`.
   */
  public static merge(name: string, catalogues: MetricCatalogue[]): MetricCatalogue {
    return deferBuild(() => {
      requireString(name, 'catalogue name', "'festivals'");
      requireArray(catalogues, `catalogue ${quote(name)} catalogues`, '[api, StandardCatalogues.prometheus()]');
      catalogues.forEach((c, i) => {
        if (!(c instanceof MetricCatalogue)) throw new ValidationError(`catalogue ${quote(name)} catalogues[${i}]: must be a MetricCatalogue, e.g. MetricCatalogue.of('api', [...]); received ${quote(c)}`);
      });
      const merged = new MetricCatalogue(name, []);
      for (const catalogue of catalogues) merged.mergeFrom(catalogue);
      // a merged catalogue carries the first problem of its parts
      return keepProblem(merged, catalogues.map((c) => problemOf(c)).find((p) => p !== undefined));
    }, () => new MetricCatalogue(typeof name === 'string' ? name : String(name), []));
  }

  /** What exports these metrics. */
  public readonly name: string;
  private readonly series = new Map<string, SeriesInfo>();
  private readonly definitions: MetricDefinition[] = [];
  private readonly extraLabels = new Map<string, string[]>();

  private constructor(name: string, targetLabels: string[]) {
    this.name = name;
    this.defaultTargetLabels = targetLabels;
  }

  private readonly defaultTargetLabels: string[];

  /** The metric definitions, in declaration order. */
  public get metrics(): MetricDefinition[] {
    raiseProblem(this);
    return [...this.definitions];
  }

  /** Every series name the catalogue knows (histograms and summaries expanded), sorted. */
  public get seriesNames(): string[] {
    raiseProblem(this);
    return [...this.series.keys()].sort();
  }

  /** Whether the catalogue knows a series of this name (`x_bucket` for a histogram `x`). */
  public has(seriesName: string): boolean {
    raiseProblem(this);
    return this.series.has(seriesName);
  }

  /** A new catalogue with these metrics and this catalogue's together (this one's name). */
  public with(others: MetricCatalogue[]): MetricCatalogue {
    return MetricCatalogue.merge(this.name, [this, ...others]);
  }

  /**
   * @internal Checks the names of the catalogue (metrics, labels, target labels) for a target release:
   * UTF-8 names are refused before Prometheus 3, with the catalogue and the metric in the field.
   */
  public _checkNames(prometheus: PrometheusVersion): void {
    const field = `catalogue ${quote(this.name)}`;
    for (const metric of this.definitions) {
      Validate.metricName(metric.name, `${field}: metric ${quote(metric.name)}`, prometheus);
      for (const label of metric.labels ?? []) Validate.labelName(label, `${field}: metric ${quote(metric.name)} label`, prometheus);
    }
    for (const label of new Set([...this.defaultTargetLabels, ...[...this.extraLabels.values()].flat()])) Validate.labelName(label, `${field}: targetLabels`, prometheus);
  }

  /** @internal what the lint knows about a series */
  public _lookup(seriesName: string): SeriesInfo | undefined {
    return this.series.get(seriesName);
  }

  /** @internal the target labels a series of this catalogue carries besides its own */
  public _targetLabelsOf(seriesName: string): string[] {
    return this.extraLabels.get(seriesName) ?? this.defaultTargetLabels;
  }

  private addSeries(infos: SeriesInfo[], targetLabels = this.defaultTargetLabels): void {
    for (const info of infos) {
      const existing = this.series.get(info.name);
      if (existing && existing.kind !== info.kind) {
        throw new ValidationError(
          `catalogue ${quote(this.name)}: series ${quote(info.name)} is declared as ${existing.metric.type} (${existing.catalogue}) and as ${info.metric.type} (${info.catalogue}); a series has one type`,
        );
      }
      if (existing) {
        const labels = existing.labels === undefined || info.labels === undefined ? undefined : [...new Set([...existing.labels, ...info.labels])];
        const labelValues: { [label: string]: string[] } = { ...existing.labelValues };
        for (const [label, values] of Object.entries(info.labelValues)) labelValues[label] = [...new Set([...(labelValues[label] ?? []), ...values])];
        this.series.set(info.name, { ...existing, labels, labelValues });
        this.extraLabels.set(info.name, [...new Set([...this._targetLabelsOf(info.name), ...targetLabels])]);
      } else {
        this.series.set(info.name, info);
        if (targetLabels !== this.defaultTargetLabels) this.extraLabels.set(info.name, targetLabels);
      }
    }
    const metric = infos[0]?.metric;
    if (metric && !this.definitions.includes(metric)) this.definitions.push(metric);
  }

  private mergeFrom(other: MetricCatalogue): void {
    for (const name of other.series.keys()) {
      const info = other.series.get(name)!;
      this.addSeries([info], other._targetLabelsOf(name));
    }
  }
}
