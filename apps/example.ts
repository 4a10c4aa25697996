import { Construct } from 'constructs';
import { PrometheusRule } from '../imports/monitoring.coreos.com';
import { MonitoringChart } from '../lib';

/** A minimal example application: one alerting rule, proving that the synth pipeline works end to end. */
export class ExampleChart extends MonitoringChart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { partOf: 'example', namespace: 'example' });
    new PrometheusRule(this, 'Rules', {
      metadata: { name: 'example-rules' },
      spec: {
        groups: [
          {
            name: 'example',
            rules: [{ alert: 'ExampleDown', expr: { value: 'up{job="example"} == 0' } as any, for: '5m', labels: { severity: 'critical' } }],
          },
        ],
      },
    });
  }
}
