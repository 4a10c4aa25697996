import { crdSchemaErrors, hasCrdSchema } from './schema';

describe('CRD schema validation helper', () => {
  const rule = (spec: unknown) => ({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'r' }, spec });

  test('accepts a valid PrometheusRule', () => {
    expect(crdSchemaErrors(rule({ groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'up == 0' }] }] }))).toEqual([]);
  });

  test('reports a field of the wrong type', () => {
    expect(crdSchemaErrors(rule({ groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'up == 0', labels: 'no' }] }] })).join('\n')).toMatch(/labels must be object/);
  });

  test('knows which kinds have a CRD', () => {
    expect(hasCrdSchema({ apiVersion: 'grafana.integreatly.org/v1beta1', kind: 'GrafanaDashboard', metadata: { name: 'd' } })).toBe(true);
    expect(hasCrdSchema({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } })).toBe(false);
  });
});
