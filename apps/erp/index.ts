import { App } from 'cdk8s';
import { ApplicationMonitoring, composeApplication } from '../compose';
import { EnvironmentConfig } from '../environments';
import { addAlerts } from './alerts';
import { addDashboards } from './dashboards';
import { addExporters } from './exporters';
import { addLogAlerts } from './logs';
import { metricCatalogue } from './metrics';
import { addRouting } from './routing';
import { addScraping } from './scraping';
import { addSlos } from './slos';

/** The application name: chart id, `app.kubernetes.io/part-of` and output file name. */
export const NAME = 'erp';

/** The complete monitoring of erp in one environment (the mapping from its seed is in README.md beside this file). */
export function addErp(app: App, env: EnvironmentConfig): ApplicationMonitoring {
  return composeApplication(app, env, NAME, { metricCatalogue, addScraping, addExporters, addAlerts, addSlos, addDashboards, addLogAlerts, addRouting });
}
