import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as root from '../../lib';
import { Serialize } from '../../lib/core/serialize';
import { Validate } from '../../lib/core/validate';

// Deprecated forms of the public API keep working until they are removed (0.6.0): app code written against
// 0.3.0 compiles and behaves the same. The replacements are in the TSDoc of each.
describe('root names deprecated in 0.4.0, removed in 0.6.0', () => {
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

  test('QueryRegistry: parses and keeps queries, and finds them, as ConstructQueries', () => {
    const chart = Testing.chart();
    const a = new Construct(chart, 'A');
    const text = (records: Array<root.RecordedPromQL | root.RecordedLogQL>) => records.map((r) => `${r.scope.node.path} ${r.field}: ${r.query.expression}`);
    expect(root.QueryRegistry.promql(a, 'expr', 'up == 0').expression).toBe('up == 0');
    root.QueryRegistry.dashboardPromql(a, 'targets[0].expr', 'rate(x_total[$__rate_interval])');
    root.QueryRegistry.logql(a, 'expr', '{app="a"}');
    root.QueryRegistry.dashboardLogql(a, 'targets[1].expr', '{app="$app"}');
    expect(() => root.QueryRegistry.promql(a, 'expr', 'rate(x[5m]')).toThrow('[test/A] expr: invalid PromQL "rate(x[5m]" at 1:11: unexpected end of input');
    expect(text(root.QueryRegistry.promqlUnder(chart))).toEqual(['test/A expr: up == 0', 'test/A targets[0].expr: rate(x_total[$__rate_interval])']);
    expect(text(root.QueryRegistry.logqlUnder(chart))).toEqual(['test/A expr: {app="a"}', 'test/A targets[1].expr: {app="$app"}']);
    expect(root.ConstructQueries.promqlUnder(chart)).toEqual(root.QueryRegistry.promqlUnder(chart));
  });
});
