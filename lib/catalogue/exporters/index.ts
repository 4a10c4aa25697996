import { MetricCatalogue } from '../metric-catalogue';
import { HTTP_SERVER_METRICS, OpenTelemetryCatalogueOptions } from '../opentelemetry';
import { blackbox } from './blackbox';
import { cadvisor } from './cadvisor';
import { kubeStateMetrics } from './kube-state-metrics';
import { nginxExporter } from './nginx-exporter';
import { nodeExporter } from './node-exporter';
import { postgresExporter } from './postgres-exporter';
import { prometheusSynthetic } from './prometheus';
import { redisExporter } from './redis-exporter';

/**
 * Catalogues of the exporters applications run next to their own code, and of the series Prometheus
 * writes itself. Each call returns a fresh catalogue.
 */
export class StandardCatalogues {
  /** The node exporter (`node_*`). */
  public static nodeExporter(): MetricCatalogue {
    return nodeExporter();
  }

  /** kube-state-metrics (`kube_*`). */
  public static kubeStateMetrics(): MetricCatalogue {
    return kubeStateMetrics();
  }

  /** cAdvisor, through the kubelet (`container_*`). */
  public static cadvisor(): MetricCatalogue {
    return cadvisor();
  }

  /** The blackbox exporter (`probe_*`). */
  public static blackbox(): MetricCatalogue {
    return blackbox();
  }

  /** postgres_exporter's default collectors (`pg_up`, `pg_stat_*`...). */
  public static postgresExporter(): MetricCatalogue {
    return postgresExporter();
  }

  /** redis_exporter (`redis_*`). */
  public static redisExporter(): MetricCatalogue {
    return redisExporter();
  }

  /** nginx-prometheus-exporter over NGINX's `stub_status` (`nginx_*`). */
  public static nginxExporter(): MetricCatalogue {
    return nginxExporter();
  }

  /** Prometheus' own series: `up`, `scrape_*`, `ALERTS`, `ALERTS_FOR_STATE`. */
  public static prometheus(): MetricCatalogue {
    return prometheusSynthetic();
  }

  /**
   * The HTTP server metrics of the OpenTelemetry semantic conventions (`http.server.request.duration`,
   * `http.server.active_requests`, `http.server.request.body.size`, `http.server.response.body.size`, with
   * their attributes and the values of `http.request.method`), under the names the Prometheus that receives
   * them over OTLP gives them (`options.translation`): `http_server_request_duration_seconds` by default,
   * `http.server.request.duration_seconds` or `http.server.request.duration` with Prometheus 3's UTF-8
   * strategies (for charts targeting Prometheus 3). See `MetricCatalogue.fromOpenTelemetry()`.
   *
   * @example
   * StandardCatalogues.openTelemetryHttpServer({ translation: OtlpTranslationStrategy.NO_UTF8_ESCAPING_WITH_SUFFIXES, nativeHistograms: true });
   * @see https://opentelemetry.io/docs/specs/semconv/http/http-metrics/
   */
  public static openTelemetryHttpServer(options: OpenTelemetryCatalogueOptions = {}): MetricCatalogue {
    return MetricCatalogue.fromOpenTelemetry('opentelemetry-http-server', HTTP_SERVER_METRICS, options);
  }

  /** The Kubernetes ones together: kube-state-metrics, cAdvisor, node exporter and Prometheus' own. */
  public static kubernetes(): MetricCatalogue {
    return MetricCatalogue.merge('kubernetes', [kubeStateMetrics(), cadvisor(), nodeExporter(), prometheusSynthetic()]);
  }
}
