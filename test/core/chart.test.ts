import { ApiObject, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { MonitoringChart, Severity, StandardLabels } from '../../lib';
import { Serialize } from '../../lib/core/serialize';

describe('MonitoringChart', () => {
  test('labels every object with part-of and managed-by', () => {
    const chart = new MonitoringChart(Testing.app(), 'erp', { partOf: 'erp', namespace: 'erp' });
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    const [cm] = Testing.synth(chart);
    expect(cm.metadata.labels).toEqual({ 'app.kubernetes.io/part-of': 'erp', 'app.kubernetes.io/managed-by': StandardLabels.MANAGER });
    expect(cm.metadata.namespace).toBe('erp');
  });

  test('rejects an application name that is not a label value', () => {
    expect(() => new MonitoringChart(Testing.app(), 'bad', { partOf: 'Gas Delivery' })).toThrow(
      '[bad] partOf: must be empty or at most 63 alphanumerics',
    );
  });

  test('find() requires a MonitoringChart', () => {
    const plain = Testing.chart();
    const child = new Construct(plain, 'child');
    expect(() => MonitoringChart.find(child)).toThrow('must be created inside a MonitoringChart');
  });
});

describe('Serialize', () => {
  test('sorts keys, keeps array order and drops undefined', () => {
    expect(Serialize.json({ b: 1, a: [3, 1, { d: undefined, c: 2 }] })).toBe('{\n  "a": [\n    3,\n    1,\n    {\n      "c": 2\n    }\n  ],\n  "b": 1\n}\n');
    expect(Serialize.yaml({ z: 'x', a: { y: 1, b: 2 } })).toBe('a:\n  b: 2\n  "y": 1\nz: x\n');
  });
});

describe('Severity', () => {
  test('constants and custom values', () => {
    expect(Severity.CRITICAL.name).toBe('critical');
    expect(Severity.of('page').name).toBe('page');
    expect(Severity.of('Page!')).toBeInstanceOf(Severity);
    expect(() => String(Severity.of('Page!'))).toThrow('severity: must be lower-case letters');
  });
});
