import { Duration, Testing } from 'cdk8s';
import { MonitoringChart, Severity } from '../../lib/core';
import { AlertCatalogue, PrometheusRule } from '../../lib/prometheus';

describe('AlertCatalogue', () => {
  test('lists every alert under a scope as Markdown, in definition order', () => {
    const chart = new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' });
    const a = new PrometheusRule(chart, 'a').addGroup('availability');
    a.addAlert('ApiDown', { expr: 'up == 0', for: Duration.minutes(1), severity: Severity.CRITICAL, summary: 'API down', runbookUrl: 'https://r.example.com/api-down' });
    a.addRecord('job:x:sum', { expr: 'sum by (job) (x)' });
    new PrometheusRule(chart, 'b').addGroup('business').addAlert('NoSales', { expr: 'vector(1)', severity: Severity.WARNING, summary: 'No sales | check shop' });

    expect(AlertCatalogue.entries(chart).map((e) => [e.alert, e.group, e.severity, e.for, e.runbookUrl])).toEqual([
      ['ApiDown', 'availability', 'critical', '1m', 'https://r.example.com/api-down'],
      ['NoSales', 'business', 'warning', undefined, undefined],
    ]);
    expect(AlertCatalogue.markdown(chart, 'Alerts')).toBe([
      '## Alerts',
      '',
      '| Alert | Severity | For | Group | Summary | Runbook |',
      '| --- | --- | --- | --- | --- | --- |',
      '| `ApiDown` | critical | 1m | availability | API down | [runbook](https://r.example.com/api-down) |',
      '| `NoSales` | warning | — | business | No sales \\| check shop | — |',
      '',
    ].join('\n'));
  });

  test('says so when there is no alert', () => {
    const chart = new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' });
    expect(AlertCatalogue.markdown(chart)).toBe('_No alerts._\n');
  });
});
