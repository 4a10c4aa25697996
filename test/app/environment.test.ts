import { Environment, NamespaceRule } from '../../lib/app';

describe('NamespaceRule', () => {
  test.each([
    [NamespaceRule.APP_NAME, 'checkout'],
    [NamespaceRule.suffix('-staging'), 'checkout-staging'],
    [NamespaceRule.prefix('staging-'), 'staging-checkout'],
    [NamespaceRule.fixed('sandbox'), 'sandbox'],
  ])('rule %# names the namespace of checkout %p', (rule, expected) => {
    expect(rule.namespaceOf('checkout')).toBe(expected);
  });

  test('rejections', () => {
    expect(() => NamespaceRule.suffix('')).toThrow('NamespaceRule.suffix suffix: must not be empty; use NamespaceRule.APP_NAME for the application name alone');
    expect(() => NamespaceRule.prefix('')).toThrow('NamespaceRule.prefix prefix: must not be empty; use NamespaceRule.APP_NAME for the application name alone');
    expect(() => NamespaceRule.suffix(3 as unknown as string)).toThrow(/^NamespaceRule\.suffix suffix: must be a string/);
    expect(() => NamespaceRule.fixed('Sandbox')).toThrow(/^NamespaceRule\.fixed namespace: must be a DNS-1123 label/);
    expect(() => NamespaceRule.suffix('_staging').namespaceOf('checkout')).toThrow(/^namespace of "checkout" \(the application name \+ "_staging"\): namespace: must be a DNS-1123 label.*"checkout_staging"/);
  });
});

describe('Environment', () => {
  test('covers what the reference apps\' EnvironmentConfig does: name, paging, namespace(app)', () => {
    const staging = Environment.of({ name: 'staging', namespace: NamespaceRule.suffix('-staging'), paging: false, labels: { environment: 'staging' } });
    const production = Environment.of({ name: 'production' });
    expect([staging.name, staging.paging, staging.namespace('erp'), staging.labels]).toEqual(['staging', false, 'erp-staging', { environment: 'staging' }]);
    expect([production.name, production.paging, production.namespace('erp'), production.labels]).toEqual(['production', true, 'erp', {}]);
    // structurally an apps/environments.ts EnvironmentConfig
    const config: { readonly name: string; readonly paging: boolean; namespace(app: string): string } = staging;
    expect(config.namespace('festivals')).toBe('festivals-staging');
  });

  test('rejections', () => {
    expect(() => Environment.of({ name: 'Staging' })).toThrow(/^Environment name: must be a DNS-1123 label/);
    expect(() => Environment.of({ name: 'staging', paging: 'no' as unknown as boolean })).toThrow('Environment paging: must be true or false; received "no" (a string)');
    expect(() => Environment.of({ name: 'staging', labels: { 'the-env': 'x' } })).toThrow(/^Environment labels/);
    expect(() => Environment.of({ name: 'staging', namespace: 'staging' as unknown as NamespaceRule })).toThrow('Environment namespace: must be a NamespaceRule, e.g. NamespaceRule.suffix(\'-staging\'); received "staging"');
    expect(() => Environment.of(undefined as unknown as { name: string })).toThrow(/^Environment props: must be an object/);
  });
});
