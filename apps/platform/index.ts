import { App } from 'cdk8s';
import { MonitoringChart } from '../../lib';
import { AlertmanagerConfig } from '../../lib/alertmanager';
import { LogPipeline } from '../../lib/loki';
import { EnvironmentConfig } from '../environments';
import { addPlatformAlertmanager } from './alertmanager';
import { addGrafanaDatasources } from './grafana';
import { addPlatformLogging } from './logging';

/** The platform's name: chart id and `app.kubernetes.io/part-of`. */
export const NAME = 'platform';

/** Namespace of the cluster-wide monitoring pieces. */
export const PLATFORM_NAMESPACE = 'monitoring';

/** What the platform chart is built from. */
export interface PlatformOptions {
  /** The applications' routing trees, hung under the root route of the platform Alertmanager. */
  readonly applicationRouting: AlertmanagerConfig[];
  /** The applications' log pipelines, one `match` stage each in the log agent's pod job, in this order. */
  readonly applicationLogPipelines: LogPipeline[];
}

/**
 * The cluster-wide pieces: the root Alertmanager configuration (with every application's tree), Grafana
 * datasources, the log agent, Loki and its rules.
 */
export function addPlatform(app: App, env: EnvironmentConfig, options: PlatformOptions): MonitoringChart {
  const chart = new MonitoringChart(app, NAME, { partOf: NAME, namespace: PLATFORM_NAMESPACE });
  addPlatformAlertmanager(chart, env, options.applicationRouting);
  addGrafanaDatasources(chart, env);
  addPlatformLogging(chart, env, options.applicationLogPipelines);
  return chart;
}
