import { App, Testing } from 'cdk8s';
import { ConstructQueries, LogQL, MonitoringChart, PromQL, Synthesizer, SynthWarnings, ValidationError } from '../../lib/core';
import { requireNumber } from '../../lib/core/untyped';

// Arguments of the core helpers given by plain JavaScript: a ValidationError naming the argument.
const js = (v: unknown) => v as any;

describe('core helpers refuse plain-JavaScript junk with the argument and what it expects', () => {
  test('PromQL.parse and LogQL.parse: a non-string expression', () => {
    expect(() => PromQL.parse(js(42))).toThrow(new ValidationError('expression: must be a string, e.g. \'sum(rate(http_requests_total[5m]))\'; received 42 (a number)'));
    expect(() => PromQL.parseDashboardQuery(js(null))).toThrow('expression: must be a string');
    expect(() => PromQL.parse('up', js(null))).toThrow('options: must be an object, e.g. { prometheus: PrometheusVersion.V3_5 }; received null');
    expect(() => LogQL.parse(js(undefined))).toThrow('expression: must be a string, e.g. \'{app="shop"} |= "error"\'; received undefined');
  });

  test('ConstructQueries: the construct path and the field for a non-string expression', () => {
    const chart = new MonitoringChart(Testing.app(), 'x', { partOf: 'x' });
    expect(() => ConstructQueries.promql(chart, 'expr', js(5))).toThrow('[x] expr: must be a string, e.g. \'sum(rate(http_requests_total[5m]))\'; received 5 (a number)');
    expect(() => ConstructQueries.logql(js('x'), 'expr', '{a="b"}')).toThrow('scope: must be a construct, e.g. the construct that received the expression; received "x" (a string)');
    expect(() => ConstructQueries.promqlUnder(js({}))).toThrow('scope: must be a construct');
  });

  test('MonitoringChart without props names its path', () => {
    expect(() => new MonitoringChart(Testing.app(), 'shop', js(undefined))).toThrow('[shop] props: must be an object, e.g. { partOf: \'shop\', namespace: \'shop\' }; received undefined');
    expect(() => MonitoringChart.find(js(null))).toThrow('scope: must be a construct');
  });

  test('SynthWarnings, Synthesizer and ValidationError helpers', () => {
    const chart = new MonitoringChart(Testing.app(), 'x', { partOf: 'x' });
    expect(() => SynthWarnings.add(chart, js(1))).toThrow('message: must be a string');
    expect(() => SynthWarnings.collect(js(undefined))).toThrow('scope: must be a construct, e.g. the app; received undefined');
    expect(() => Synthesizer.synth(js({}))).toThrow('app: must be a construct, e.g. new App(); received {} (an object)');
    expect(() => Synthesizer.synthFiles(js(chart))).toThrow('app: must be a cdk8s App, e.g. new App(); received the construct "x"');
    expect(() => Synthesizer.toYaml(js('a: 1'))).toThrow('docs: must be a list');
    expect(Synthesizer.synthFiles(new App()).length).toBe(0);
    expect(() => ValidationError.within(chart, js(undefined))).toThrow('fn: must be a function');
    expect(() => ValidationError.inField(js(3), () => 1)).toThrow('field: must be a string, e.g. \'sli.errors\'; received 3');
    expect(() => ValidationError.at(js(null), 'x')).toThrow('where: must be a construct or a path string');
  });
});

describe('requireNumber', () => {
  const rule = { unit: 'a ratio', min: 0, max: 1, above: true, didYouMean: (v: number) => (v > 1 && v < 100 ? `${v / 100}` : undefined) };
  test('names the field, the kind, the range, the unit and the value', () => {
    expect(requireNumber(0.5, 'f', rule)).toBe(0.5);
    expect(() => requireNumber(0, 'f', rule)).toThrow('f: must be a finite number greater than 0 and at most 1 (a ratio); received 0');
    expect(() => requireNumber(5, 'f', rule)).toThrow('f: must be a finite number greater than 0 and at most 1 (a ratio); received 5 (a number); did you mean 0.05?');
    expect(() => requireNumber(NaN, 'f', rule)).toThrow('f: must be a finite number greater than 0 and at most 1 (a ratio); received NaN');
    expect(() => requireNumber('1', 'f', rule)).toThrow('received "1" (a string)');
    expect(() => requireNumber(1.5, 'n', { unit: 'a count of alerts', min: 0, integer: true })).toThrow('n: must be an integer of at least 0 (a count of alerts); received 1.5');
  });
});
