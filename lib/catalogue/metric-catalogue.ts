import { quote, ValidationError } from '../core/errors';
import { Validate } from '../core/validate';
import { MetricDefinition, SeriesInfo, seriesOf } from './metric';

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
 * `quantile` label and its `_sum` and `_count` series.
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
   * @param name what exports them (`festivals-api`, `node-exporter`), shown in lint messages
   * @throws ValidationError on an invalid metric or label name, or a series declared twice
   */
  public static of(name: string, metrics: MetricDefinition[], options: MetricCatalogueOptions = {}): MetricCatalogue {
    if (name.trim() === '') throw new ValidationError('catalogue name: must not be empty');
    const catalogue = new MetricCatalogue(name, (options.targetLabels ?? []).map((l) => Validate.labelName(l, `catalogue ${quote(name)} targetLabels`)));
    for (const metric of metrics) catalogue.addSeries(ValidationError.within(`catalogue ${name}`, () => seriesOf(metric, name)));
    return catalogue;
  }

  /**
   * One catalogue holding the metrics of all the given ones (a service and the exporters next to it).
   * A series declared by two catalogues must have the same type; its labels are then the union.
   */
  public static merge(name: string, catalogues: MetricCatalogue[]): MetricCatalogue {
    const merged = new MetricCatalogue(name, []);
    for (const catalogue of catalogues) merged.mergeFrom(catalogue);
    return merged;
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
    return [...this.definitions];
  }

  /** Every series name the catalogue knows (histograms and summaries expanded), sorted. */
  public get seriesNames(): string[] {
    return [...this.series.keys()].sort();
  }

  /** Whether the catalogue knows a series of this name (`x_bucket` for a histogram `x`). */
  public has(seriesName: string): boolean {
    return this.series.has(seriesName);
  }

  /** A new catalogue with these metrics and this catalogue's together (this one's name). */
  public with(others: MetricCatalogue[]): MetricCatalogue {
    return MetricCatalogue.merge(this.name, [this, ...others]);
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
