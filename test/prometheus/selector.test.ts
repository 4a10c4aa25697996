import { Testing } from 'cdk8s';
import { MonitoringChart } from '../../lib/core';
import { InstanceSelectorLabels, LabelSelector, NamespaceSelector, SelectorOperator, ServiceMonitor } from '../../lib/prometheus';

// Selectors are checked when created and reported by the monitor they are given to, with its path and field.
function monitor(selector: LabelSelector, namespaceSelector?: NamespaceSelector): () => void {
  return () => new ServiceMonitor(new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' }), 'Monitor', { selector, namespaceSelector, endpoints: [{ port: 'metrics' }] });
}

describe('selectors', () => {
  test('label selectors combine labels and expressions', () => {
    const s = LabelSelector.matchLabels({ app: 'api' }).and(LabelSelector.matchExpression({ key: 'tier', operator: SelectorOperator.IN, values: ['web', 'api'] }));
    expect(s._toKube()).toEqual({ matchLabels: { app: 'api' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] });
  });

  test('rejects contradicting labels', () => {
    expect(() => LabelSelector.matchLabels({ app: 'a' }).and(LabelSelector.matchLabels({ app: 'b' })))
      .toThrow('selector: label "app" is required to be both "a" and "b"; such a selector matches nothing');
  });

  test('rejects In without values', () => {
    expect(monitor(LabelSelector.matchExpression({ key: 'tier', operator: SelectorOperator.IN }))).toThrow('[x/Monitor] selector: selector matchExpressions values: In needs at least one value; received []');
  });

  test('rejects Exists with values', () => {
    expect(monitor(LabelSelector.matchExpression({ key: 'tier', operator: SelectorOperator.EXISTS, values: ['x'] }))).toThrow('[x/Monitor] selector: selector matchExpressions values: Exists takes no values; received ["x"]');
  });

  test('rejects an invalid label key', () => {
    expect(monitor(LabelSelector.matchLabels({ 'bad key': 'x' }))).toThrow('[x/Monitor] selector: selector matchLabels key: must be an optional DNS subdomain prefix');
  });

  test('namespace selectors', () => {
    expect(NamespaceSelector.any()._toKube()).toEqual({ any: true, matchNames: undefined });
    expect(NamespaceSelector.names(['a', 'b'])._toKube()).toEqual({ any: undefined, matchNames: ['a', 'b'] });
    expect(monitor(LabelSelector.matchLabels({ app: 'x' }), NamespaceSelector.names([]))).toThrow('[x/Monitor] namespaceSelector: namespaceSelector: give at least one namespace name; received []');
    expect(() => NamespaceSelector.names(['Bad'])._toKube()).toThrow('namespaceSelector namespace: must be a DNS-1123 label');
  });

  test('an invalid selector never used is harmless', () => {
    expect(() => LabelSelector.matchLabels({ 'bad key': 'x' })).not.toThrow();
  });

  test('instance labels', () => {
    expect(InstanceSelectorLabels.KUBE_PROMETHEUS_STACK).toEqual({ release: 'kube-prometheus-stack' });
    expect(InstanceSelectorLabels.release('prometheus')).toEqual({ release: 'prometheus' });
    expect(() => InstanceSelectorLabels.release('bad value!')).toThrow('release: must be empty or at most 63');
  });
});
