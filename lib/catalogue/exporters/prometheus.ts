import { MetricCatalogue } from '../metric-catalogue';
import { MetricType } from '../metric';
import { many } from './define';

const { GAUGE } = MetricType;

/**
 * The series Prometheus itself writes for every target and alert: `up`, `scrape_*`, `ALERTS` and
 * `ALERTS_FOR_STATE` (whose labels are the alerts' own, so left open).
 * @see https://prometheus.io/docs/concepts/jobs_instances/#automatically-generated-labels-and-time-series
 * @internal
 */
export function prometheusSynthetic(): MetricCatalogue {
  return MetricCatalogue.of('prometheus', [
    ...many(GAUGE, [], {
      up: '1 if the instance is healthy (reachable and scraped), 0 if the scrape failed.',
      scrape_duration_seconds: 'Duration of the scrape.',
      scrape_samples_scraped: 'The number of samples the target exposed.',
      scrape_samples_post_metric_relabeling: 'The number of samples remaining after metric relabeling was applied.',
      scrape_series_added: 'The approximate number of new series in this scrape.',
      scrape_timeout_seconds: 'The configured scrape_timeout for a target (extra-scrape-metrics feature).',
      scrape_sample_limit: 'The configured sample_limit for a target (extra-scrape-metrics feature).',
    }),
    { name: 'ALERTS', type: GAUGE, help: 'One series per pending or firing alert, with alertname, alertstate and the alert labels.' },
    { name: 'ALERTS_FOR_STATE', type: GAUGE, help: 'The time an alert became active, per alert, for restoring the for state.' },
  ]);
}
