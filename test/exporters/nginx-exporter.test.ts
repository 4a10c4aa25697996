import { Testing } from 'cdk8s';
import { StandardCatalogues } from '../../lib/catalogue';
import { MonitoringChart } from '../../lib/core';
import { MetricType } from '../../lib/catalogue';
import { NginxExporter, NginxExporterProps } from '../../lib/exporters';
import { crdSchemaErrors } from '../util/schema';
import { byKind, one, synth } from '../util/synth';

function chart() {
  return new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' });
}

function exporter(props: Partial<NginxExporterProps> = {}) {
  const c = chart();
  const nginx = new NginxExporter(c, 'nginx-exporter', { scrapeUri: 'http://nginx:8080/stub_status', ...props });
  return { chart: c, nginx };
}

describe('NginxExporter', () => {
  test('reads the stub_status page given as scrapeUri', () => {
    const { chart: c } = exporter();
    const manifests = synth(c);
    const container = one(manifests, 'Deployment', 'nginx-exporter').spec.template.spec.containers[0];
    expect(container.image).toBe(NginxExporter.DEFAULT_IMAGE);
    expect(container.args).toEqual(['--nginx.scrape-uri=http://nginx:8080/stub_status']);
    expect(container.env ?? []).toEqual([]);
    expect(byKind(manifests, 'ConfigMap')).toEqual([]);
  });

  test('runs as non-root with a read-only root filesystem, no privilege escalation and resources', () => {
    const { chart: c } = exporter();
    const pod = one(synth(c), 'Deployment').spec.template.spec;
    const container = pod.containers[0];
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534 });
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(container.resources).toEqual({ limits: { cpu: '100m', memory: '64Mi' }, requests: { cpu: '10m', memory: '32Mi' } });
    expect(container.ports).toEqual([{ containerPort: 9113, name: 'metrics' }]);
  });

  test('is scraped by a schema-valid ServiceMonitor on its Service', () => {
    const { chart: c } = exporter();
    const manifests = synth(c);
    const service = one(manifests, 'Service', 'nginx-exporter');
    const monitor = one(manifests, 'ServiceMonitor', 'nginx-exporter');
    expect(crdSchemaErrors(monitor)).toEqual([]);
    expect(service.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
    // Without jobName, the job label is the Service name (the operator's default): no relabeling.
    expect(monitor.spec.endpoints).toEqual([{ port: 'metrics' }]);
  });

  test('lists the metrics of the standard nginx-exporter catalogue', () => {
    const { nginx } = exporter();
    const byName = Object.fromEntries(nginx.metrics.map((m) => [m.name, m]));
    expect(byName.nginx_up.type).toBe(MetricType.GAUGE);
    expect(byName.nginx_http_requests_total.type).toBe(MetricType.COUNTER);
    expect(byName.nginx_connections_active.type).toBe(MetricType.GAUGE);
    expect(nginx.metrics.map((m) => m.name)).toEqual(StandardCatalogues.nginxExporter().metrics.map((m) => m.name));
  });
});

describe('NginxExporter rejections', () => {
  test('a scrape URI that is not a URL', () => {
    expect(() => exporter({ scrapeUri: 'nginx:8080/stub_status' })).toThrow(/^\[x\/nginx-exporter\] scrapeUri: (must be an absolute http\(s\) URL|the scheme must be http or https)/);
    expect(() => exporter({ scrapeUri: '/stub_status' })).toThrow(/^\[x\/nginx-exporter\] scrapeUri: must be an absolute http\(s\) URL of the stub_status page/);
  });

  test('another scheme', () => {
    expect(() => exporter({ scrapeUri: 'tcp://nginx:8080/stub_status' })).toThrow(/^\[x\/nginx-exporter\] scrapeUri: the scheme must be http or https, not "tcp"/);
  });

  test('credentials in the URI', () => {
    expect(() => exporter({ scrapeUri: 'http://admin:pw@nginx:8080/stub_status' })).toThrow(/^\[x\/nginx-exporter\] scrapeUri: must not hold credentials/);
  });

  test('no stub_status path', () => {
    expect(() => exporter({ scrapeUri: 'http://nginx:8080' })).toThrow(/^\[x\/nginx-exporter\] scrapeUri: needs the path of the stub_status location \(e.g. \/stub_status\); received "http:\/\/nginx:8080"/);
  });

  test('an empty job name', () => {
    expect(() => exporter({ jobName: '' })).toThrow(/^\[x\/nginx-exporter\] jobName: must not be empty/);
  });
});
