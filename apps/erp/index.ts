import { App } from 'cdk8s';
import { MonitoringChart } from '../../lib';
import { AlertmanagerConfig } from '../../lib/alertmanager';
import { QueryLint } from '../../lib/catalogue';
import { EnvironmentConfig } from '../environments';
import { addAlerts } from './alerts';
import { addDashboards } from './dashboards';
import { addLogAlerts } from './logs';
import { metricCatalogue } from './metrics';
import { addRouting } from './routing';
import { addScraping } from './scraping';

/** The application name: chart id, `app.kubernetes.io/part-of` and output file name. */
export const NAME = 'erp';

/** What the platform chart needs from this application. */
export interface ErpMonitoring {
  /** The chart holding every object of the application. */
  readonly chart: MonitoringChart;
  /** The application's routing tree, hung under the platform Alertmanager's root route. */
  readonly routing: AlertmanagerConfig;
}

/** The complete monitoring of erp in one environment (see ../../shared/seeds and apps/README.md). */
export function addErp(app: App, env: EnvironmentConfig): ErpMonitoring {
  const chart = new MonitoringChart(app, NAME, { partOf: NAME, namespace: env.namespace(NAME) });
  // Every query of the app is checked against the metrics it really exports.
  new QueryLint(chart, 'QueryLint', { catalogues: [metricCatalogue()] });
  addScraping(chart, env);
  addAlerts(chart, env);
  addDashboards(chart, env);
  addLogAlerts(chart, env);
  const routing = addRouting(chart, env);
  return { chart, routing };
}
