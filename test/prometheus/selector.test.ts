import { InstanceSelectorLabels, LabelSelector, NamespaceSelector, SelectorOperator } from '../../lib/prometheus';

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
    expect(() => LabelSelector.matchExpression({ key: 'tier', operator: SelectorOperator.IN })).toThrow('selector matchExpressions values: In needs at least one value; received []');
  });

  test('rejects Exists with values', () => {
    expect(() => LabelSelector.matchExpression({ key: 'tier', operator: SelectorOperator.EXISTS, values: ['x'] })).toThrow('selector matchExpressions values: Exists takes no values; received ["x"]');
  });

  test('rejects an invalid label key', () => {
    expect(() => LabelSelector.matchLabels({ 'bad key': 'x' })).toThrow('selector matchLabels key: must be an optional DNS subdomain prefix');
  });

  test('namespace selectors', () => {
    expect(NamespaceSelector.any()._toKube()).toEqual({ any: true, matchNames: undefined });
    expect(NamespaceSelector.names(['a', 'b'])._toKube()).toEqual({ any: undefined, matchNames: ['a', 'b'] });
    expect(() => NamespaceSelector.names([])).toThrow('namespaceSelector: give at least one namespace name; received []');
    expect(() => NamespaceSelector.names(['Bad'])).toThrow('namespaceSelector namespace: must be a DNS-1123 label');
  });

  test('instance labels', () => {
    expect(InstanceSelectorLabels.KUBE_PROMETHEUS_STACK).toEqual({ release: 'kube-prometheus-stack' });
    expect(InstanceSelectorLabels.release('prometheus')).toEqual({ release: 'prometheus' });
    expect(() => InstanceSelectorLabels.release('bad value!')).toThrow('release: must be empty or at most 63');
  });
});
