import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Relabel } from '../../lib';
import { InstanceSelectorLabels, LabelSelector, NamespaceSelector, PodMonitor, SelectorOperator, ServiceMonitor } from '../../lib/prometheus';
import { EnvironmentConfig } from '../environments';

const APP = 'festivals';

/** The seed's kube-prometheus-stack is installed as Helm release `prometheus`; its selectors match `release: prometheus`. */
const INSTANCE_LABELS = InstanceSelectorLabels.release('prometheus');

/**
 * The scrape targets of the festivals seed:
 * - ServiceMonitor `festivals-api` as in the seed (Services `app.kubernetes.io/name=festivals`,
 *   `app.kubernetes.io/component=api`, port `metrics`, `/metrics` every 30s, 10s timeout), with the
 *   `job` label pinned to `festivals-api`, which FestivalsAPIDown selects (the seed's ServiceMonitor left
 *   it to the unknown Service name);
 * - the seed's annotation-driven `additionalScrapeConfigs` job, as a PodMonitor: pods annotated
 *   `prometheus.io/scrape: "true"`, path and port from `prometheus.io/path` / `prometheus.io/port`. It
 *   leaves out the API pods, which the seed scraped twice (duplicate series), and, being a PodMonitor, it
 *   adds the `namespace` and `pod` labels that every festivals query filters on.
 *
 * kube-state-metrics, the kubelet/cAdvisor and node-exporter come with kube-prometheus-stack.
 */
export function addScraping(scope: Construct, env: EnvironmentConfig): void {
  const ns = env.namespace(APP);
  new ServiceMonitor(scope, 'Api', {
    name: 'festivals-api',
    instanceLabels: INSTANCE_LABELS,
    selector: LabelSelector.matchLabels({ 'app.kubernetes.io/name': 'festivals', 'app.kubernetes.io/component': 'api' }),
    namespaceSelector: NamespaceSelector.names([ns]),
    endpoints: [{
      port: 'metrics',
      path: '/metrics',
      interval: Duration.seconds(30),
      scrapeTimeout: Duration.seconds(10),
      relabelings: [Relabel.set('job', 'festivals-api')],
    }],
  });

  new PodMonitor(scope, 'AnnotatedPods', {
    name: 'festivals-annotated-pods',
    instanceLabels: INSTANCE_LABELS,
    selector: LabelSelector.matchLabels({ 'app.kubernetes.io/name': 'festivals' })
      .and(LabelSelector.matchExpression({ key: 'app.kubernetes.io/component', operator: SelectorOperator.NOT_IN, values: ['api'] })),
    namespaceSelector: NamespaceSelector.names([ns]),
    endpoints: [{
      port: 'metrics',
      relabelings: [
        Relabel.keep({ sourceLabels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], regex: 'true' }),
        Relabel.replace({ sourceLabels: ['__meta_kubernetes_pod_annotation_prometheus_io_path'], regex: '(.+)', targetLabel: '__metrics_path__' }),
        Relabel.replace({
          sourceLabels: ['__address__', '__meta_kubernetes_pod_annotation_prometheus_io_port'],
          regex: '([^:]+)(?::\\d+)?;(\\d+)',
          replacement: '$1:$2',
          targetLabel: '__address__',
        }),
      ],
    }],
  });
}
