import { App } from 'cdk8s';
import { MonitoringChart } from '../../lib';
import { AppMonitoring } from '../../lib/app';
import { EnvironmentConfig } from '../environments';
import { inhibitSloTickets, SEED_DEFINED_PARTS } from '../reference';
import { addAlerts } from './alerts';
import { addDashboards } from './dashboards';
import { addExporters } from './exporters';
import { addLogAlerts, logFormat } from './logs';
import { metricCatalogue } from './metrics';
import { addRoutingChecks, routing } from './routing';
import { addScraping } from './scraping';
import { addSlos } from './slos';

/** The application name: chart id, `app.kubernetes.io/part-of` and output file name. */
export const NAME = 'festivals';

/**
 * The complete monitoring of festivals in one environment (the mapping from its seed is in README.md beside
 * this file): a chart named after the application in its namespace, holding the seed's scrape targets,
 * exporters, alerts, SLOs, dashboards and log rules, and an `AppMonitoring` for what it standardizes:
 * the seed's routing, the log pipeline, and the lint of every query of the chart against the catalogue.
 * Its built-in scrape target, alerts and dashboard are left out: the seed's own (`FestivalsAPIDown`,
 * `FestivalsHighErrorRate`...) keep their thresholds, `for` and texts.
 */
export function addFestivals(app: App, env: EnvironmentConfig): AppMonitoring {
  const chart = new MonitoringChart(app, NAME, { partOf: NAME, namespace: env.namespace(NAME) });
  addScraping(chart, env);
  addExporters(chart, env);
  addAlerts(chart, env);
  addSlos(chart, env);
  addDashboards(chart, env);
  addLogAlerts(chart, env);
  const monitoring = new AppMonitoring(chart, 'Monitoring', {
    service: NAME,
    team: NAME,
    runbookBaseUrl: 'https://wiki.internal/runbooks/festivals',
    environment: env,
    exclude: SEED_DEFINED_PARTS,
    catalogues: [metricCatalogue()],
    routing: routing(),
    logFormat: logFormat(),
    logLabels: { namespace: env.namespace(NAME) },
  });
  addRoutingChecks(monitoring.routing);
  inhibitSloTickets(monitoring.routing);
  return monitoring;
}
