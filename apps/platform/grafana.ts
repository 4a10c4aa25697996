import { Construct } from 'constructs';
import { Datasource, GrafanaDatasources } from '../../lib/grafana';
import { EnvironmentConfig } from '../environments';

/**
 * The Grafana datasources every application dashboard uses, provisioned through the Grafana datasource
 * sidecar (`grafana_datasource: "1"`) with the fixed uids `prometheus`, `loki` and `alertmanager` that
 * the dashboards' `DatasourceRef` constants name. The URLs are the in-cluster services of the Prometheus
 * Operator (`prometheus-operated`, `alertmanager-operated` in `monitoring`) and of Loki (`loki-gateway`
 * in `loki`), the same in every environment: each environment is its own cluster.
 */
export function addGrafanaDatasources(scope: Construct, _env: EnvironmentConfig): void {
  new GrafanaDatasources(scope, 'GrafanaDatasources', {
    datasources: [
      Datasource.prometheus({ url: 'http://prometheus-operated.monitoring.svc:9090' }),
      Datasource.loki({ url: 'http://loki-gateway.loki.svc' }),
      Datasource.alertmanager({ url: 'http://alertmanager-operated.monitoring.svc:9093' }),
    ],
  });
}
