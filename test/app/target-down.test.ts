import { Duration, Testing } from 'cdk8s';
import { MonitoringChart, SecretRef } from '../../lib';
import { Integration } from '../../lib/alertmanager';
import { AppMonitoring } from '../../lib/app';
import { RuleTests } from '../../lib/prometheus';
import { one, synth } from '../util/synth';
import { promtoolTestRules, TOOL_VERSIONS } from '../util/tools';

// `<App>TargetDown`: a target that fails its scrapes, and a target that is gone (the Service deleted, the
// ServiceMonitor selecting nothing), which `up == 0` alone never reports.
function build(props: { selector?: { [key: string]: string } } = {}) {
  const chart = new MonitoringChart(Testing.app(), 'checkout', { partOf: 'checkout', namespace: 'shop' });
  const monitoring = new AppMonitoring(chart, 'Checkout', {
    service: 'checkout',
    team: 'payments',
    runbookBaseUrl: 'https://runbooks.example.com/checkout',
    receivers: { chat: Integration.slack({ apiUrl: SecretRef.fromSecret('checkout-slack', 'webhook-url'), channel: '#checkout' }) },
    ...props,
  });
  return { chart, monitoring, targetDown: monitoring.alerts.alerts.find((a) => a.alertName === 'CheckoutTargetDown')! };
}

describe('AppMonitoring TargetDown', () => {
  test('fires on up == 0 and on a vanished target, keeping namespace and job', () => {
    // synth() runs the routing check of the label-flow analysis: both branches certainly carry namespace="shop"
    const rule = one(synth(build().chart), 'PrometheusRule', 'checkout').spec.groups[0].rules.find((r: any) => r.alert === 'CheckoutTargetDown');
    expect(rule.expr).toBe('up{job="checkout", namespace="shop"} == 0 or absent(up{job="checkout", namespace="shop"})');
    expect(rule.for).toBe('5m');
  });

  test('the job label is the service name whatever the selected Service is called', () => {
    const sm = one(synth(build({ selector: { app: 'checkout-v2' } }).chart), 'ServiceMonitor', 'checkout');
    expect(sm.spec.selector.matchLabels).toEqual({ app: 'checkout-v2' });
    expect(sm.spec.endpoints[0].relabelings).toEqual([{ action: 'replace', targetLabel: 'job', replacement: 'checkout' }]);
  });

  describe.each(TOOL_VERSIONS.map((t) => [t.name, t] as const))('under %s test rules', (_name, tool) => {
    test('down and vanished targets fire, a healthy one does not', () => {
      const { chart, targetDown } = build();
      const routing = { namespace: 'shop', job: 'checkout', team: 'payments', severity: 'critical' };
      targetDown.addTest({
        name: 'a target failing its scrapes',
        inputSeries: [
          { series: 'up{job="checkout", namespace="shop", instance="10.0.0.1:8080", pod="checkout-0"}', values: '1 1 0x12' },
          { series: 'up{job="checkout", namespace="shop", instance="10.0.0.2:8080", pod="checkout-1"}', values: '1x14' },
        ],
        expectations: [
          // down since minute 2: pending through minute 6, firing from minute 7 (for: 5m)
          { at: Duration.minutes(5), alerts: [] },
          {
            at: Duration.minutes(8),
            alerts: [{
              labels: { ...routing, instance: '10.0.0.1:8080', pod: 'checkout-0' },
              annotations: { summary: 'checkout target 10.0.0.1:8080 is down', description: 'Prometheus could not scrape 10.0.0.1:8080 of checkout for 5 minutes.' },
            }],
          },
        ],
      });
      targetDown.addTest({
        name: 'a target that vanished',
        inputSeries: [
          // scraped until minute 3, then no series at all (Service deleted); another app's target stays
          { series: 'up{job="checkout", namespace="shop", instance="10.0.0.1:8080"}', values: '1 1 1 1' },
          { series: 'up{job="checkout", namespace="other", instance="10.0.1.1:8080"}', values: '1x20' },
          { series: 'up{job="payments", namespace="shop", instance="10.0.0.9:8080"}', values: '1x20' },
        ],
        expectations: [
          { at: Duration.minutes(6), alerts: [] },
          {
            at: Duration.minutes(15),
            alerts: [{
              labels: routing,
              annotations: {
                summary: 'checkout has no scrape target',
                description: 'Prometheus has had no target with job="checkout" in namespace shop for 5 minutes: the Service or its pods are gone, or the ServiceMonitor selects nothing.',
              },
            }],
          },
        ],
      });
      targetDown.addTest({
        name: 'healthy targets',
        inputSeries: [
          { series: 'up{job="checkout", namespace="shop", instance="10.0.0.1:8080"}', values: '1x20' },
          { series: 'up{job="checkout", namespace="shop", instance="10.0.0.2:8080"}', values: '1x20' },
        ],
        expectations: [{ at: Duration.minutes(15), alerts: [] }],
      });
      const { files, testFiles } = RuleTests.render(chart);
      expect(testFiles).toEqual(['shop/checkout.test.yaml']);
      const result = promtoolTestRules(testFiles[0], files, tool);
      expect(result.output).toContain('SUCCESS');
      expect(result.ok).toBe(true);
    });
  });
});
