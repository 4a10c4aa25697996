import { Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { quote, Severity, ValidationError } from '../core';
import { IMAGES, imageReference } from '../core/images';
import { requireString } from '../core/untyped';
import { StandardCatalogues } from '../catalogue/exporters';
import { PrometheusRule } from '../prometheus/prometheus-rule';
import { ServiceMonitor } from '../prometheus/service-monitor';
import { ExportedMetric } from '../catalogue/metric';
import { BuiltInAlert, ExporterAlerts, percent, targetDownAlert, targetSelector } from './exporter-alerts';
import { catalogueMetrics, exporterJobName, exporterName, exporterServiceMonitor, ExporterProps, exporterWorkload } from './workload';

/** Properties of an `NginxExporter`. */
export interface NginxExporterProps extends ExporterProps {
  /**
   * The URL of NGINX's `stub_status` page (`http://nginx:8080/stub_status`), which the NGINX
   * configuration must serve (`location /stub_status { stub_status; }`, ngx_http_stub_status_module).
   * http or https, without credentials. Maps to `--nginx.scrape-uri`.
   * @see https://nginx.org/en/docs/http/ngx_http_stub_status_module.html
   */
  readonly scrapeUri: string;
  /**
   * The `job` label of the scraped series.
   * @default - the Service name
   */
  readonly jobName?: string;
}

/**
 * The built-in alerts, after the NGINX rules Google Cloud ships for nginx-prometheus-exporter
 * (GoogleCloudPlatform/prometheus-engine `examples/nginx/rules.yaml`: NginxDown, NginxDroppedConnections),
 * with their `for` and threshold; rates over 5 minutes instead of 1, so that a scrape interval of up to a
 * minute still gives each rate several samples.
 */
const ALERTS: BuiltInAlert[] = [
  targetDownAlert('NginxExporterDown', 'NGINX exporter', 'NGINX'),
  {
    name: 'NginxDown',
    rule: (t) => ({
      expr: `nginx_up{${targetSelector(t)}} == 0`,
      for: Duration.minutes(5),
      severity: Severity.CRITICAL,
      summary: 'NGINX is unreachable from the exporter {{ $labels.instance }}',
      description: `The NGINX exporter {{ $labels.instance }} (job ${t.job}) cannot read NGINX's stub_status page (nginx_up is 0): NGINX is down, or the page is not served at the exporter's scrape URI.`,
    }),
  },
  {
    name: 'NginxDroppedConnections',
    threshold: { value: 0.05, unit: 'a ratio of accepted connections, 0.05 = 5 %', ratio: true },
    rule: (t, threshold) => {
      const rate = (metric: string) => `rate(${metric}{${targetSelector(t)}}[5m])`;
      return {
        expr: `(${rate('nginx_connections_accepted')} - ${rate('nginx_connections_handled')}) / ${rate('nginx_connections_accepted')} > ${threshold}`,
        for: Duration.minutes(5),
        severity: Severity.WARNING,
        summary: `NGINX drops more than ${percent(threshold)} of the connections it accepts`,
        description: '{{ $value | humanizePercentage }} of accepted connections are not handled: NGINX reached a resource limit, usually worker_connections.',
      };
    },
  },
];

/**
 * The NGINX Prometheus exporter (nginx/nginx-prometheus-exporter) for NGINX open source: a Deployment
 * (Pod Security `restricted`: non-root, read-only root filesystem, no privilege escalation, no capability,
 * the runtime's seccomp profile; resources set) that reads the `stub_status` page at `scrapeUri`, a Service,
 * a `ServiceMonitor` and a NetworkPolicy admitting only Prometheus (`scrapedBy`) to the metrics port.
 *
 * `metrics` lists what it exports (`nginx_up`, `nginx_connections_*`, `nginx_http_requests_total`), the
 * same definitions as `StandardCatalogues.nginxExporter()`, for the metric catalogue.
 *
 * Built-in alerts (`alerts`, in `alertRules`; each can be changed or dropped with `overrides`), on the
 * exporter's series (`job` and `namespace`):
 * - `NginxExporterDown` (critical, 5m): the exporter's target fails its scrapes (`up == 0`), or there is
 *   none (`absent(up)`). No threshold.
 * - `NginxDown` (critical, 5m): `nginx_up == 0`, the exporter cannot read `stub_status`. No threshold.
 * - `NginxDroppedConnections` (warning, 5m): accepted connections NGINX did not handle
 *   (`nginx_connections_accepted` minus `nginx_connections_handled`, rates over 5m), as a share of the
 *   accepted ones. Threshold: a ratio, default 0.05 (5 %).
 *
 * @example
 * new NginxExporter(chart, 'nginx-exporter', { scrapeUri: 'http://nginx.shop.svc:8080/stub_status' });
 * @see https://github.com/nginx/nginx-prometheus-exporter
 */
export class NginxExporter extends Construct {
  /** The image used when none is given. */
  public static readonly DEFAULT_IMAGE = imageReference(IMAGES.nginxExporter);
  /** The port the exporter listens on. */
  public static readonly PORT = 9113;

  /** The Deployment. */
  public readonly deployment: kplus.Deployment;
  /** The NetworkPolicy admitting only the Prometheus pods (`scrapedBy`) to the metrics port; undefined with `networkPolicy: false`. */
  public readonly networkPolicy?: kplus.NetworkPolicy;
  /** The Service. */
  public readonly service: kplus.Service;
  /** The ServiceMonitor scraping it. */
  public readonly serviceMonitor: ServiceMonitor;
  /** The metrics it exports. */
  public readonly metrics: ExportedMetric[];
  /** The `PrometheusRule` of the built-in alerts; undefined with `alerts: false`, or when `overrides` drop them all. */
  public readonly alertRules?: PrometheusRule;

  public constructor(scope: Construct, id: string, props: NginxExporterProps) {
    super(scope, id);
    const name = exporterName(this, props, "{ scrapeUri: 'http://nginx:8080/stub_status' }");
    const alerts = ExporterAlerts.of(this, props, 'NginxExporter', ALERTS);
    const jobName = exporterJobName(this, props.jobName);
    checkScrapeUri(this, props.scrapeUri);
    const workload = exporterWorkload(this, name, props, {
      image: props.image ?? NginxExporter.DEFAULT_IMAGE,
      port: NginxExporter.PORT,
      args: [`--nginx.scrape-uri=${props.scrapeUri}`],
      defaultMemoryLimit: Size.mebibytes(64),
    });
    this.deployment = workload.deployment;
    this.networkPolicy = workload.networkPolicy;
    this.service = workload.service;
    this.serviceMonitor = exporterServiceMonitor(this, this.service, props, jobName);
    this.alertRules = alerts.addRule(this, name, props.instanceLabels, { job: jobName ?? name, namespace: this.service.metadata.namespace ?? Chart.of(this).namespace });
    this.metrics = catalogueMetrics(StandardCatalogues.nginxExporter());
  }
}

/** Rejects a scrape URI the exporter cannot read, or one that carries credentials. */
function checkScrapeUri(scope: Construct, uri: string): void {
  ValidationError.within(scope, () => requireString(uri, 'scrapeUri', "'http://nginx:8080/stub_status'"));
  const fail = (rule: string) => ValidationError.at(scope, `scrapeUri: ${rule}; received ${quote(uri)}`);
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw fail('must be an absolute http(s) URL of the stub_status page, e.g. http://nginx:8080/stub_status');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail(`the scheme must be http or https, not ${quote(url.protocol.replace(/:$/, ''))}`);
  if (url.username !== '' || url.password !== '') throw fail('must not hold credentials (they would be in the manifests)');
  if (url.pathname === '/' || url.pathname === '') throw fail('needs the path of the stub_status location (e.g. /stub_status)');
}
