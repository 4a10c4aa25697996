// MetricType and ExportedMetric are declared by the catalogue (lib/catalogue/metric.ts), the vocabulary the
// exporters declare their metrics in. The names below are the same enum and interface under their old path,
// kept for 0.4.x.
import type { ExportedMetric as CatalogueExportedMetric } from '../catalogue/metric';

export {
  /**
   * The type of a Prometheus metric.
   * @deprecated Use `catalogue.MetricType`: the same enum. Removed from `exporters` in 0.6.0.
   */
  MetricType,
} from '../catalogue/metric';

/**
 * A metric that an exporter provides.
 * @deprecated Use `catalogue.ExportedMetric`: the same interface. Removed from `exporters` in 0.6.0.
 */
export type ExportedMetric = CatalogueExportedMetric;
