import { MetricCatalogue } from '../metric-catalogue';
import { MetricType } from '../metric';
import { many } from './define';

const { COUNTER, GAUGE } = MetricType;

/**
 * The metrics nginx/nginx-prometheus-exporter derives from NGINX open source's `stub_status` page (NGINX
 * Plus metrics, `nginxplus_*`, are not included).
 * @see https://github.com/nginx/nginx-prometheus-exporter#metrics-for-nginx-oss
 * @internal
 */
export function nginxExporter(): MetricCatalogue {
  return MetricCatalogue.of('nginx-exporter', [
    { name: 'nginx_up', type: GAUGE, labels: [], help: 'Status of the last metric scrape' },
    ...many(COUNTER, [], {
      nginx_connections_accepted: 'Accepted client connections',
      nginx_connections_handled: 'Handled client connections',
      nginx_http_requests_total: 'Total http requests',
    }),
    ...many(GAUGE, [], {
      nginx_connections_active: 'Active client connections',
      nginx_connections_reading: 'Connections where NGINX is reading the request header',
      nginx_connections_waiting: 'Idle client connections',
      nginx_connections_writing: 'Connections where NGINX is writing the response back to the client',
    }),
  ]);
}
