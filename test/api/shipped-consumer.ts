// A consumer of the package, type-checked by test/api/shipped-api.test.ts against the built declarations
// (the import is rewritten to the build output there) and by `tsc --noEmit` against the sources. It uses a few
// public names of every namespace; the build's declaration files are checked in full (no skipLibCheck).
import { Duration } from 'cdk8s';
import * as o from '../../lib';

/** Builds a small monitoring chart with each namespace of the package; never run, only type-checked. */
export function consumer(): string[] {
  const app = new o.MonitoringApp();
  const chart = new o.MonitoringChart(app, 'shop', { partOf: 'shop', namespace: 'shop' });
  const severity: o.Severity = o.Severity.WARNING;
  const secret: o.SecretRef = o.SecretRef.fromSecret('slack', 'url');

  const rules = new o.prometheus.PrometheusRule(chart, 'Rules');
  const config = new o.alertmanager.AlertmanagerConfig(chart, 'Routing', { receiver: 'chat' });
  const receiver: o.alertmanager.Receiver = config.addReceiver('chat', {
    integrations: [o.alertmanager.Integration.slack({ apiUrl: secret, channel: '#shop' })],
  });
  const dashboard = new o.grafana.Dashboard(chart, 'Dashboard', { title: 'Shop' });
  const panel: o.grafana.Panel = new o.grafana.TextPanel(dashboard, 'Notes', { title: 'Notes', content: 'hello' });
  const discovery: o.loki.LogDiscovery = o.loki.LogDiscovery.kubernetesPods();
  const alloyValue: o.loki.alloy.AlloyValue = o.loki.alloy.AlloyValue.string('x');
  const slo = new o.slo.Slo(chart, 'Availability', {
    sli: o.slo.Sli.ratio({ errors: 'sum(rate(http_requests_total{code=~"5.."}[{{window}}]))', total: 'sum(rate(http_requests_total[{{window}}]))' }),
    objective: 99.9,
  });
  const catalogue = o.catalogue.MetricCatalogue.of('shop', [{ name: 'orders_total', type: o.catalogue.MetricType.COUNTER }]);
  const exporter: typeof o.exporters.PostgresExporter = o.exporters.PostgresExporter;
  const monitoring: typeof o.app.AppMonitoring = o.app.AppMonitoring;

  // created by the library only: the declarations must not offer the implicit `constructor()` in place of
  // a stripped @internal one
  // @ts-expect-error the constructor is private
  new o.alertmanager.Receiver();
  // @ts-expect-error the constructor is private
  new o.prometheus.RuleTest();

  return [
    rules.node.path, receiver.name, panel.node.path, String(discovery), alloyValue.toString(), slo.node.path,
    catalogue.name, exporter.name, monitoring.name, severity.name, Duration.minutes(5).toHumanString(),
  ];
}
