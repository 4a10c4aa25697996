import { Construct } from 'constructs';
import { Relabel } from '../../lib';
import { LabelSelector, ServiceMonitor } from '../../lib/prometheus';
import { EnvironmentConfig } from '../environments';

/**
 * The application scrape of the gas-delivery (Lucky Gas) seed: the FastAPI backend (Service `backend`,
 * port `http`, path `/metrics`; the seed's runbook names `deployment/backend` and the pod label
 * `app=backend`). The seed defines no scrape configuration at all ("Configure Prometheus scrape targets"
 * is an open checklist item) and its code never mounts a `/metrics` endpoint: the backend must expose one.
 *
 * The PostgreSQL, Redis, Node and Nginx exporters the seed lists are deployed and scraped by
 * `exporters.ts`. The `job` label is pinned to `backend`, which the alerts select on, whatever the
 * Service is called.
 */
export function addScraping(scope: Construct, env: EnvironmentConfig): void {
  void env; // the chart's namespace is the app's; nothing here differs between environments
  new ServiceMonitor(scope, 'Backend', {
    name: 'gas-delivery-backend',
    selector: LabelSelector.matchLabels({ app: 'backend' }),
    endpoints: [{ port: 'http', path: '/metrics', relabelings: [Relabel.set('job', 'backend')] }],
  });
}
