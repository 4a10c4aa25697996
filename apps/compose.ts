import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { MonitoringChart } from '../lib';
import { AlertmanagerConfig, Matcher } from '../lib/alertmanager';
import { MetricCatalogue, QueryLint } from '../lib/catalogue';
import { EnvironmentConfig } from './environments';

/** The parts of an application's monitoring, one function per domain (apps/<app>/<domain>.ts). */
export interface ApplicationParts {
  /** The metrics the app and its exporters export; every query of the app is linted against them. */
  metricCatalogue(): MetricCatalogue;
  /** ServiceMonitors and PodMonitors of the app's own services. */
  addScraping(scope: Construct, env: EnvironmentConfig): void;
  /** Exporters (database, blackbox probes) and their scrape targets. */
  addExporters(scope: Construct, env: EnvironmentConfig): void;
  /** Alerting and recording rules, with their promtool unit tests. */
  addAlerts(scope: Construct, env: EnvironmentConfig): void;
  /** SLOs with their recording rules, burn-rate alerts and generated tests. */
  addSlos(scope: Construct, env: EnvironmentConfig): void;
  /** Grafana dashboards. */
  addDashboards(scope: Construct, env: EnvironmentConfig): void;
  /** Loki alerting and recording rules. */
  addLogAlerts(scope: Construct, env: EnvironmentConfig): void;
  /** The app's Alertmanager routing tree. */
  addRouting(scope: Construct, env: EnvironmentConfig): AlertmanagerConfig;
}

/** What the platform chart needs from an application. */
export interface ApplicationMonitoring {
  /** The chart holding every object of the application. */
  readonly chart: MonitoringChart;
  /** The application's routing tree, hung under the platform Alertmanager's root route. */
  readonly routing: AlertmanagerConfig;
}

/**
 * The complete monitoring of one application in one environment: a chart named after the application
 * (so it is written to `dist/<environment>/<name>.k8s.yaml`) in the application's namespace, holding
 * every part, with every query checked against the application's metric catalogue.
 */
export function composeApplication(app: App, env: EnvironmentConfig, name: string, parts: ApplicationParts): ApplicationMonitoring {
  const chart = new MonitoringChart(app, name, { partOf: name, namespace: env.namespace(name) });
  new QueryLint(chart, 'QueryLint', { catalogues: [parts.metricCatalogue()] });
  parts.addScraping(chart, env);
  parts.addExporters(chart, env);
  parts.addAlerts(chart, env);
  parts.addSlos(chart, env);
  parts.addDashboards(chart, env);
  parts.addLogAlerts(chart, env);
  const routing = parts.addRouting(chart, env);
  // An SLO's page and ticket alerts share their name: while the page fires, the ticket is noise.
  routing.addInhibitRule({
    source: [Matcher.eq('severity', 'critical'), Matcher.regex('slo', '.+')],
    target: [Matcher.eq('severity', 'warning'), Matcher.regex('slo', '.+')],
    equal: ['alertname', 'slo'],
  });
  return { chart, routing };
}
