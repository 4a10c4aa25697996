import * as root from '../../lib';
import { Serialize } from '../../lib/core/serialize';
import { Validate } from '../../lib/core/validate';

// Deprecated forms of the public API keep working until they are removed (0.5.0): app code written against
// 0.3.0 compiles and behaves the same. The replacements are in the TSDoc of each.
describe('root names deprecated in 0.4.0, removed in 0.5.0', () => {
  test('Serialize: the same stable JSON and YAML as the library writes', () => {
    const value = { b: 1, a: [3, { d: undefined, c: 'x' }] };
    expect(root.Serialize.json(value)).toBe(Serialize.json(value));
    expect(root.Serialize.json(value)).toBe('{\n  "a": [\n    3,\n    {\n      "c": "x"\n    }\n  ],\n  "b": 1\n}\n');
    expect(root.Serialize.yaml(value)).toBe(Serialize.yaml(value));
    expect(root.Serialize.normalize(value)).toEqual({ a: [3, { c: 'x' }], b: 1 });
  });

  test('Validate: the same name rules, with the same messages', () => {
    expect(root.Validate.metricName('http_requests_total')).toBe('http_requests_total');
    expect(() => root.Validate.labelName('__team')).toThrow(new root.ValidationError('label name: names starting with "__" are reserved for Prometheus internal use; received "__team"'));
    expect(() => root.Validate.kubernetesName('Shop')).toThrow(/^name: must be a DNS-1123 subdomain/);
    expect(root.Validate.recordingRuleName).toBe(Validate.recordingRuleName);
  });
});
