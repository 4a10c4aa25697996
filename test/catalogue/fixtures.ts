import { ApiObject, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ConstructQueries, MonitoringChart } from '../../lib/core';
import { MetricCatalogue, MetricType, StandardCatalogues } from '../../lib/catalogue';

/** A chart as the tests build it. */
export function chart(): MonitoringChart {
  return new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' });
}

/** A construct holding queries, rendered as one object (a stand-in for a dashboard or a rule file). */
export class QueryHolder extends Construct {
  public constructor(scope: Construct, id: string, queries: { [field: string]: string }, dashboard = false) {
    super(scope, id);
    new ApiObject(this, 'Resource', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: id.toLowerCase() } });
    for (const [field, text] of Object.entries(queries)) {
      if (dashboard) ConstructQueries.dashboardPromql(this, field, text);
      else ConstructQueries.promql(this, field, text);
    }
  }
}

/** The service catalogue most tests check against. */
export function shop(): MetricCatalogue {
  return MetricCatalogue.of('shop-api', [
    { name: 'http_requests_total', type: MetricType.COUNTER, labels: ['method', 'path', 'status'], help: 'Requests.' },
    { name: 'http_request_duration_seconds', type: MetricType.HISTOGRAM, labels: ['method', 'path'], unit: 'seconds' },
    { name: 'orders_pending', type: MetricType.GAUGE, labels: ['region'], labelValues: { region: ['north', 'south'] } },
    { name: 'payments_total', type: MetricType.COUNTER, labels: ['result'], labelValues: { result: ['success', 'failure'] } },
    { name: 'rpc_latency_seconds', type: MetricType.SUMMARY, labels: ['rpc'] },
  ]);
}

/** The catalogues of the shop and Prometheus' own series. */
export function catalogues(): MetricCatalogue[] {
  return [shop(), StandardCatalogues.prometheus()];
}

