import { Construct } from 'constructs';
import { Relabel } from '../../lib';
import { LabelSelector, ServiceMonitor } from '../../lib/prometheus';
import { EnvironmentConfig } from '../environments';

/**
 * The application scrape of the ERP seed: the FastAPI backend, Service `backend` on port 8000 (the
 * runbook's `curl http://localhost:8000/health`), path `/metrics`. The seed has no scrape configuration;
 * its alerts expect `job="backend"`, which the endpoint pins whatever the Service is called.
 *
 * The PostgreSQL and Node exporters the seed lists are deployed and scraped by `exporters.ts`; the
 * ERP alerts select their metrics by namespace and metric name, not by job.
 */
export function addScraping(scope: Construct, env: EnvironmentConfig): void {
  void env; // the chart's namespace is the app's; nothing here differs between environments
  new ServiceMonitor(scope, 'Backend', {
    name: 'erp-backend',
    selector: LabelSelector.matchLabels({ app: 'backend' }),
    endpoints: [{ portNumber: 8000, path: '/metrics', relabelings: [Relabel.set('job', 'backend')] }],
  });
}
