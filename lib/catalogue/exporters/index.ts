import { MetricCatalogue } from '../metric-catalogue';
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

  /** The Kubernetes ones together: kube-state-metrics, cAdvisor, node exporter and Prometheus' own. */
  public static kubernetes(): MetricCatalogue {
    return MetricCatalogue.merge('kubernetes', [kubeStateMetrics(), cadvisor(), nodeExporter(), prometheusSynthetic()]);
  }
}
