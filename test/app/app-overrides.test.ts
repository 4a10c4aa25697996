import { Duration, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { MonitoringChart, SecretRef, Severity, SynthWarnings } from '../../lib';
import { MetricCatalogue, QueryLint, StandardCatalogues } from '../../lib/catalogue';
import { Integration } from '../../lib/alertmanager';
import { AppMonitoring, AppMonitoringProps, AppPart } from '../../lib/app';
import { AlertCatalogue } from '../../lib/prometheus';
import { one, synth } from '../util/synth';
import { promtoolCheckRules } from '../util/tools';

function build(props: Partial<AppMonitoringProps> = {}) {
  const app = Testing.app();
  const chart = new MonitoringChart(app, 'checkout', { partOf: 'checkout', namespace: 'shop' });
  const monitoring = new AppMonitoring(chart, 'Checkout', {
    service: 'checkout',
    team: 'payments',
    runbookBaseUrl: 'https://runbooks.example.com/checkout',
    routing: { defaultReceiver: 'chat', receivers: [{ name: 'chat', integrations: [Integration.slack({ apiUrl: SecretRef.fromSecret('checkout-slack', 'url'), channel: '#checkout' })] }] },
    ...props,
  });
  return { chart, monitoring };
}

function alerts(chart: MonitoringChart): any[] {
  return one(synth(chart), 'PrometheusRule', 'checkout').spec.groups.flatMap((g: any) => g.rules);
}

describe('AppMonitoring overrides', () => {
  const { chart } = build({
    overrides: {
      HighLatency: { threshold: 2.5, for: Duration.minutes(20), severity: Severity.CRITICAL, labels: { tier: 'gold' }, annotations: { summary: 'checkout is slow', playbook: 'https://wiki.example.com/slow' } },
      PodRestarting: { enabled: false },
      HighErrorRate: { threshold: 0.1 },
    },
  });
  const rules = alerts(chart);
  const byName = (n: string) => rules.find((r) => r.alert === n);

  test('changes the threshold, for, severity, labels and annotations of a built-in alert by name', () => {
    const latency = byName('CheckoutHighLatency');
    expect(latency.expr).toMatch(/\) > 2\.5$/);
    expect(latency.for).toBe('20m');
    expect(latency.labels).toEqual({ severity: 'critical', team: 'payments', tier: 'gold' });
    expect(latency.annotations).toMatchObject({ summary: 'checkout is slow', playbook: 'https://wiki.example.com/slow', runbook_url: 'https://runbooks.example.com/checkout/CheckoutHighLatency' });
    expect(byName('CheckoutHighErrorRate').expr).toMatch(/ > 0\.1$/);
    expect(byName('CheckoutHighErrorRate').annotations.summary).toBe('checkout answers more than 10% of requests with a 5xx');
  });

  test('enabled: false drops the alert; the others are untouched', () => {
    expect(rules.map((r) => r.alert)).toEqual(['CheckoutTargetDown', 'CheckoutHighErrorRate', 'CheckoutHighLatency', 'CheckoutHighMemory']);
    expect(alerts(build().chart).find((r) => r.alert === 'CheckoutTargetDown')).toEqual(byName('CheckoutTargetDown'));
  });

  test('the overridden rules pass promtool', () => {
    const rule = one(synth(chart), 'PrometheusRule', 'checkout');
    const result = promtoolCheckRules({ 'rules.yaml': yaml.dump(rule.spec) });
    expect(result.output).toContain('SUCCESS: 4 rules found');
    expect(result.ok).toBe(true);
  });

  test('the alert catalogue shows what was overridden', () => {
    const entries = AlertCatalogue.entries(chart);
    expect(entries.find((e) => e.alert === 'CheckoutHighLatency')!.overridden).toEqual(['threshold', 'for', 'severity', 'labels', 'annotations']);
    expect(entries.find((e) => e.alert === 'CheckoutTargetDown')!.overridden).toBeUndefined();
    const md = AlertCatalogue.markdown(chart);
    expect(md).toContain('| Alert | Severity | For | Group | Summary | Runbook | Overridden |');
    expect(md).toContain('| `CheckoutHighLatency` | critical | 20m | checkout.standard | checkout is slow | [runbook](https://runbooks.example.com/checkout/CheckoutHighLatency) | threshold, for, severity, labels, annotations |');
    expect(AlertCatalogue.markdown(build().chart)).not.toContain('Overridden');
  });

  test('PodRestarting takes a restart count; for: 0 fires at once', () => {
    const r = alerts(build({ overrides: { PodRestarting: { threshold: 10, for: Duration.seconds(0) } } }).chart).find((a) => a.alert === 'CheckoutPodRestarting');
    expect(r.expr).toMatch(/\[1h\]\) > 10$/);
    expect(r.for).toBeUndefined();
  });

  test('the Loki log alert ErrorLogSpike is overridden by name too: threshold in error lines per second, for, severity, labels; enabled: false drops it', () => {
    const logAlert = (props: Partial<AppMonitoringProps>) => {
      const { monitoring } = build(props);
      return (yaml.load(monitoring.logRules.rulesText()) as any).groups.flatMap((g: any) => g.rules).find((r: any) => r.alert === 'CheckoutErrorLogSpike');
    };
    const generated = logAlert({});
    expect(generated.expr).toMatch(/\[5m\]\)\) > 1$/);
    const changed = logAlert({ overrides: { ErrorLogSpike: { threshold: 0.2, for: Duration.minutes(15), severity: Severity.CRITICAL, labels: { tier: 'gold' } } } });
    expect(changed.expr).toBe(generated.expr.replace(/> 1$/, '> 0.2'));
    expect(changed.for).toBe('15m');
    expect(changed.labels).toEqual({ ...generated.labels, severity: 'critical', tier: 'gold' });
    expect(changed.annotations.summary).toBe('checkout logs more than 0.2 errors per second');
    const { chart, monitoring } = build({ overrides: { ErrorLogSpike: { enabled: false } } });
    expect(synth(chart).filter((o: any) => o.kind === 'ConfigMap' && JSON.stringify(o).includes('ErrorLogSpike'))).toEqual([]);
    expect(alerts(chart).map((r) => r.alert)).toEqual(alerts(build().chart).map((r) => r.alert));
    expect(monitoring.node.tryFindChild('LogRules')).toBeUndefined();
    expect(() => build({ overrides: { ErrorLogSpike: { threshold: 0 } } })).toThrow('[checkout/Checkout] overrides.ErrorLogSpike.threshold: must be a finite number greater than 0 (error lines per second); received 0 (a number)');
  });

  test('an unknown name fails synth with the known names and a did you mean', () => {
    expect(() => build({ overrides: { HighLatancy: { for: Duration.minutes(1) } } })).toThrow(
      '[checkout/Checkout] overrides: "HighLatancy" is not a built-in alert of AppMonitoring (known: TargetDown, HighErrorRate, HighLatency, HighMemory, PodRestarting, ErrorLogSpike); did you mean "HighLatency"?');
    expect(() => build({ overrides: { CheckoutHighLatency: { enabled: false } } })).toThrow(
      '[checkout/Checkout] overrides: "CheckoutHighLatency" is not a built-in alert of AppMonitoring (known: TargetDown, HighErrorRate, HighLatency, HighMemory, PodRestarting, ErrorLogSpike); name it without the service prefix: "HighLatency"');
    expect(() => build({ overrides: { SlowRequests: { enabled: false } } })).toThrow(
      '[checkout/Checkout] overrides: "SlowRequests" is not a built-in alert of AppMonitoring (known: TargetDown, HighErrorRate, HighLatency, HighMemory, PodRestarting, ErrorLogSpike)');
  });

  test('bad override fields fail with the field', () => {
    expect(() => build({ overrides: { TargetDown: { threshold: 1 } } })).toThrow(
      '[checkout/Checkout] overrides.TargetDown.threshold: this alert has no threshold to change; remove threshold, or change the alert\'s other fields');
    expect(() => build({ overrides: { HighErrorRate: { threshold: 5 } } })).toThrow(
      '[checkout/Checkout] overrides.HighErrorRate.threshold: must be a finite number strictly between 0 and 1 (a ratio of requests, 0.05 = 5 %); received 5 (a number); did you mean 0.05?');
    expect(() => build({ thresholds: { errorRatio: 0.1 }, overrides: { HighErrorRate: { threshold: 0.2 } } })).toThrow(
      '[checkout/Checkout] overrides.HighErrorRate.threshold: thresholds.errorRatio sets the same threshold; give one of the two (received 0.2 and 0.1)');
    expect(() => build({ overrides: { HighMemory: { labels: { severity: 'page' } } } })).toThrow(
      '[checkout/Checkout] overrides.HighMemory.labels: "severity" is set by the rule itself; use the severity option');
    expect(() => build({ overrides: { HighMemory: { severity: 'page' as any } } })).toThrow(
      '[checkout/Checkout] overrides.HighMemory.severity: must be a Severity');
    expect(() => build({ overrides: { HighMemory: { for: '5m' as any } } })).toThrow(
      '[checkout/Checkout] overrides.HighMemory.for: must be a Duration, e.g. Duration.minutes(5); received');
  });
});

describe('AppMonitoring instanceLabels', () => {
  test('the ServiceMonitor and the PrometheusRule carry the labels the Prometheus instance selects; kube-prometheus-stack by default', () => {
    const labelsOf = (chart: MonitoringChart, kind: string) => one(synth(chart), kind, 'checkout').metadata.labels;
    const own = build({ instanceLabels: { prometheus: 'apps' } }).chart;
    expect(labelsOf(own, 'ServiceMonitor')).toMatchObject({ prometheus: 'apps' });
    expect(labelsOf(own, 'PrometheusRule')).toMatchObject({ prometheus: 'apps' });
    expect(labelsOf(own, 'PrometheusRule')?.release).toBeUndefined();
    expect(labelsOf(build().chart, 'ServiceMonitor')).toMatchObject({ release: 'kube-prometheus-stack' });
    expect(labelsOf(build().chart, 'PrometheusRule')).toMatchObject({ release: 'kube-prometheus-stack' });
  });

  test('a bad label fails with the field', () => {
    expect(() => build({ instanceLabels: { 'bad key!': 'x' } })).toThrow('[checkout/Checkout/Scrape] instanceLabels key: must be an optional DNS subdomain prefix');
  });
});

describe('AppMonitoring without catalogues', () => {
  const warning = 'catalogues: not given, and the chart has no query lint: no query of the chart is checked against the metrics the service exports, so a metric typo synthesizes silently; give catalogues: [MetricCatalogue.of(...)] to check every query of the chart';

  test('warns at synth that no query is checked, unless a lint is attached to the chart', () => {
    const without = build();
    synth(without.chart);
    expect(SynthWarnings.of(without.monitoring)).toEqual([warning]);
    const withCatalogues = build({ catalogues: [MetricCatalogue.of('checkout', [])] });
    synth(withCatalogues.chart);
    expect(SynthWarnings.of(withCatalogues.monitoring)).toEqual([]);
    const attached = build();
    QueryLint.attach(attached.chart, [StandardCatalogues.kubernetes()]);
    expect(() => synth(attached.chart)).toThrow();
    expect(SynthWarnings.of(attached.monitoring)).not.toContain(warning);
  });

  test('an override of an alert exclude leaves out fails, naming both', () => {
    expect(() => build({ exclude: [AppPart.POD_RESTARTING_ALERT], overrides: { PodRestarting: { threshold: 5 } } })).toThrow(
      '[checkout/Checkout] overrides.PodRestarting: exclude leaves the alert out (pod-restarting-alert), so the override would change nothing; remove one of the two');
  });

  test('a latency threshold that looks like milliseconds warns, with a did-you-mean in seconds', () => {
    const { monitoring } = build({ overrides: { HighLatency: { threshold: 2000 } } });
    expect(SynthWarnings.of(monitoring)).toContain('overrides.HighLatency.threshold: 2000 is in seconds (a p95 above 2000 s); did you mean 2 (seconds)?');
    expect(SynthWarnings.of(build({ overrides: { HighLatency: { threshold: 2 } } }).monitoring)).toEqual([]);
  });
});
