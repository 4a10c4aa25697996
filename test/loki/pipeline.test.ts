import { Duration } from 'cdk8s';
import {
  CardinalityGuard, LogMetric, LogMetricAction, LogPipeline, MatchAction, Stage, StageKind, TimestampFormat,
} from '../../lib/loki';
import { used } from './used';

describe('Stage definitions', () => {
  test('every factory sets kind and exactly the definition field named after it', () => {
    const stages = [
      Stage.cri(), Stage.docker(), Stage.json({ expressions: { level: '' } }), Stage.logfmt({ mapping: { level: '' } }),
      Stage.regex({ expression: '(?P<level>\\w+)' }), Stage.labels({ labels: { level: '' } }),
      Stage.structuredMetadata({ metadata: { trace_id: '' } }),
      Stage.timestamp({ source: 'ts', format: TimestampFormat.RFC3339 }), Stage.output({ source: 'msg' }),
      Stage.drop({ source: ['level'], value: 'debug' }), Stage.match({ selector: '{app="a"}', action: MatchAction.DROP }),
      Stage.multiline({ firstLine: '^\\d{4}' }),
      Stage.metrics({ metrics: [LogMetric.counter({ name: 'lines_total', description: 'lines', matchAll: true })] }),
      Stage.template({ source: 'level', template: '{{ ToUpper .Value }}' }), Stage.tenant({ value: 'team-a' }),
      Stage.pack({ labels: ['pod'] }), Stage.limit({ rate: 10, burst: 20 }),
    ];
    // Every kind is covered once.
    expect(stages.map((s) => s.kind).sort()).toEqual(Object.values(StageKind).sort());
    const fieldOf: { [k: string]: string } = { structured_metadata: 'structuredMetadata' };
    for (const s of stages) {
      const set = Object.keys(s.definition).filter((k) => k !== 'kind' && (s.definition as any)[k] !== undefined);
      expect(set).toEqual([fieldOf[s.kind] ?? s.kind]);
    }
  });

  test('empty json expressions and logfmt keys become explicit, quoted when not identifiers', () => {
    expect(Stage.json({ expressions: { level: '', 'trace-id': '', msg: 'message' } }).definition.json!.expressions)
      .toEqual({ 'level': 'level', 'trace-id': '"trace-id"', 'msg': 'message' });
    expect(Stage.logfmt({ mapping: { level: '', m: 'msg' } }).definition.logfmt!.mapping).toEqual({ level: 'level', m: 'msg' });
  });

  test('extractedFields lists the named groups of a regex', () => {
    expect(Stage.regex({ expression: '^(?P<level>\\w+) \\((?P<component>[a-z]+)\\) (?<msg>.*)$' }).extractedFields()).toEqual(['level', 'component', 'msg']);
  });
});

describe('JMESPath checks (the reference implementation, whose Go twin the agents use)', () => {
  test('an expression the agents cannot compile is rejected with the parser\'s reason', () => {
    expect(used(Stage.json({ expressions: { user: 'foo[' } }))).toThrow('Stage.json expressions["user"]: invalid JMESPath expression (Expected Star, got: EOF); received "foo["');
    expect(used(Stage.json({ expressions: { user: 'a b' } }))).toThrow('Stage.json expressions["user"]: invalid JMESPath expression');
  });
  test('paths, quoted keys, filters and functions pass', () => {
    expect(Stage.json({ expressions: { a: 'foo.bar', b: '"trace-id"', c: 'items[?kind==`x`].name', d: 'length(items)' } }).definition.json!.expressions)
      .toEqual({ a: 'foo.bar', b: '"trace-id"', c: 'items[?kind==`x`].name', d: 'length(items)' });
  });
});

describe('RE2 checks', () => {
  test('a look-ahead in a regex stage is rejected by RE2', () => {
    expect(used(Stage.regex({ expression: '(?P<level>\\w+)(?=:)' }))).toThrow(
      /^\[x\/Logs\/job\] stages\[0\]: Stage\.regex expression: invalid RE2 regular expression "\(\?P<level>\\\\w\+\)\(\?=:\)": .*look-arounds or back-references/,
    );
  });
  test('a back-reference in a drop expression is rejected', () => {
    expect(used(Stage.drop({ expression: '(a)\\1' }))).toThrow('Stage.drop expression: invalid RE2 regular expression "(a)\\\\1"');
  });
  test('a multiline first line is RE2-checked', () => {
    expect(used(Stage.multiline({ firstLine: '(?<!x)^\\d' }))).toThrow('Stage.multiline firstLine: invalid RE2 regular expression');
  });
  test('a regex stage needs a named capture group', () => {
    expect(used(Stage.regex({ expression: '^(\\w+)$' }))).toThrow('Stage.regex expression: needs at least one named capture group such as (?P<level>\\w+)');
  });
});

describe('match selectors are LogQL-checked', () => {
  test('a syntax error gives the position', () => {
    expect(used(Stage.match({ selector: '{app="a"', action: MatchAction.DROP }))).toThrow('Stage.match selector: invalid LogQL "{app=\\"a\\"" at 1:9: unexpected end of input');
  });
  test('parser stages are rejected (the agents run only selectors and line filters)', () => {
    expect(used(Stage.match({ selector: '{app="a"} | json', action: MatchAction.DROP }))).toThrow('it contains the pipeline stage "| json"');
  });
  test('metric queries are rejected', () => {
    expect(used(Stage.match({ selector: 'rate({app="a"}[5m])', action: MatchAction.DROP }))).toThrow('it contains a metric query');
  });
  test('line filters are accepted', () => {
    expect(Stage.match({ selector: '{app="a"} |= "GET" !~ "health"', action: MatchAction.DROP }).definition.match!.selector).toBe('{app="a"} |= "GET" !~ "health"');
  });
  test('a DROP match takes no stages and a KEEP match needs some', () => {
    expect(used(Stage.match({ selector: '{a="b"}', action: MatchAction.DROP, stages: [Stage.docker()] }))).toThrow('action DROP drops the entries, so it cannot have nested stages');
    expect(used(Stage.match({ selector: '{a="b"}' }))).toThrow('a match stage with action KEEP needs nested stages');
  });
});

describe('the cardinality guard', () => {
  test.each([
    ['trace_id', 'a trace id'], ['traceId', 'a trace id'], ['request_id', 'a request id'], ['span_id', 'a span id'],
    ['user_id', 'a user id'], ['session', 'a session id'], ['timestamp', 'a timestamp'], ['duration_ms', 'a duration'],
    ['message', 'a message'], ['path', 'a path (with ids in it)'],
  ])('%s is unbounded (%s)', (name, reason) => {
    expect(CardinalityGuard.unboundedReason(name)).toBe(reason);
  });
  test.each(['level', 'method', 'status_class', 'route', 'service', 'environment', 'region', 'log_type'])('%s is bounded', (name) => {
    expect(CardinalityGuard.unboundedReason(name)).toBeUndefined();
  });

  test('a label from an unbounded field is rejected with its position and the structured-metadata suggestion', () => {
    expect(used(LogPipeline.of({
      name: 'shop',
      stages: [Stage.json({ expressions: { trace_id: 'traceId' } }), Stage.labels({ labels: { trace_id: '' } })],
    }))).toThrow(
      'pipeline "shop" stages[1].labels: label "trace_id" looks unbounded (a trace id): every distinct value creates a Loki stream; ' +
      "attach it with Stage.structuredMetadata({ metadata: { trace_id: 'trace_id' } }) instead, or pass allowHighCardinality with the reason it is bounded",
    );
  });

  test('the source field is checked too, inside nested match stages', () => {
    expect(used(LogPipeline.of({
      name: 'shop',
      stages: [Stage.match({ selector: '{app="api"}', stages: [Stage.labels({ labels: { caller: 'user_id' } })] })],
    }))).toThrow('pipeline "shop" stages[0].match.stages[0].labels: label "caller" (from field "user_id") looks unbounded (a user id)');
  });

  test('allowHighCardinality with a reason lets it through; an empty reason is rejected', () => {
    const p = LogPipeline.of({ name: 'batch', stages: [Stage.labels({ labels: { job_id: '' }, allowHighCardinality: 'ten nightly jobs, ids reused' })] });
    expect(p.stages[0].definition.labels!.allowHighCardinality).toBe('ten nightly jobs, ids reused');
    expect(used(Stage.labels({ labels: { job_id: '' }, allowHighCardinality: ' ' }))).toThrow('Stage.labels allowHighCardinality: give the reason');
  });

  test('structured metadata accepts unbounded names', () => {
    expect(() => LogPipeline.of({ name: 'p', stages: [Stage.structuredMetadata({ metadata: { trace_id: '', user_id: '' } })] })).not.toThrow();
  });

  test('label names follow Prometheus rules', () => {
    expect(used(Stage.labels({ labels: { 'log-level': '' } }))).toThrow('Stage.labels label name: must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label name); received "log-level"');
    expect(used(Stage.labels({ labels: { __tenant: '' } }))).toThrow('names starting with "__" are reserved');
  });

  test('a label set twice, or both label and structured metadata, is rejected', () => {
    expect(used(LogPipeline.of({ name: 'p', stages: [Stage.labels({ labels: { level: '' } }), Stage.labels({ labels: { level: 'lvl' } })] })))
      .toThrow('pipeline "p" stages[1].labels: label "level" is already set by pipeline "p" stages[0].labels; set each label once');
    expect(used(LogPipeline.of({ name: 'p', stages: [Stage.labels({ labels: { level: '' } }), Stage.structuredMetadata({ metadata: { level: '' } })] })))
      .toThrow('a name is either a label or structured metadata, not both');
  });
});

describe('LogPipeline', () => {
  test('with a selector it renders as one named match stage', () => {
    const inner = [Stage.json({ expressions: { level: '' } })];
    const p = LogPipeline.of({ name: 'erp', selector: '{namespace="erp"}', stages: inner });
    const [m] = p.toStages();
    expect(m.kind).toBe(StageKind.MATCH);
    expect(m.definition.match).toMatchObject({ selector: '{namespace="erp"}', pipelineName: 'erp', stages: inner });
  });
  test('a pipeline may parse the runtime format itself, inside its match stage', () => {
    const p = LogPipeline.of({ name: 'p', selector: '{a="b"}', stages: [Stage.cri(), Stage.logfmt({ mapping: { level: '' } })] });
    expect(p.toStages()[0].definition.match!.stages!.map((s) => s.kind)).toEqual([StageKind.CRI, StageKind.LOGFMT]);
  });
  test('the selector is checked', () => {
    expect(used(LogPipeline.of({ name: 'p', selector: '{a=}', stages: [Stage.docker()] }))).toThrow('pipeline "p" selector: invalid LogQL "{a=}"');
  });
});

describe('other stage rules', () => {
  test('drop needs a condition, and value needs a source', () => {
    expect(used(Stage.drop({}))).toThrow('Stage.drop: give at least one condition');
    expect(used(Stage.drop({ value: 'x' }))).toThrow('Stage.drop value: needs source');
    expect(used(Stage.drop({ source: ['a'], value: 'x', expression: 'y' }))).toThrow('expression and value cannot both be set');
  });
  test('tenant takes exactly one source', () => {
    expect(used(Stage.tenant({}))).toThrow('Stage.tenant: set exactly one of source, label and value; received 0');
    expect(used(Stage.tenant({ source: 'a', value: 'b' }))).toThrow('received 2');
  });
  test('limit byLabelName needs drop', () => {
    expect(used(Stage.limit({ rate: 1, burst: 1, byLabelName: 'app' }))).toThrow('Stage.limit byLabelName: requires drop: true');
  });
  test('template must parse as Go templates parse', () => {
    expect(used(Stage.template({ source: 'a', template: '{{ .Value ' }))).toThrow('Stage.template template: Promtail and Alloy cannot parse this Go template (unclosed action)');
  });
  test('timestamp Go layouts use the reference time', () => {
    expect(TimestampFormat.goLayout('2006-01-02 15:04:05,000').format).toBe('2006-01-02 15:04:05,000');
    expect(used(TimestampFormat.goLayout('YYYY-MM-DD'))).toThrow('timestamp format: a Go layout must be written with the reference time');
  });
  test('metrics: names, counter actions and histogram buckets are checked', () => {
    expect(used(LogMetric.counter({ name: 'bad-name', description: 'x' }))).toThrow('LogMetric.counter name: must match [a-zA-Z_:][a-zA-Z0-9_:]*');
    expect(used(LogMetric.counter({ name: 'c', description: 'x', action: LogMetricAction.SET }))).toThrow('a counter only supports INC or ADD');
    expect(used(LogMetric.histogram({ name: 'h', description: 'x', buckets: [1, 1] }))).toThrow('buckets: must be a non-empty, strictly increasing list');
    expect(used(Stage.metrics({ metrics: [LogMetric.gauge({ name: 'g', description: 'x', action: LogMetricAction.SET }), LogMetric.gauge({ name: 'g', description: 'y', action: LogMetricAction.INC })] })))
      .toThrow('Stage.metrics metrics: duplicate metric "g"');
    expect(LogMetric.counter({ name: 'c', description: 'x', maxIdle: Duration.minutes(10) }).maxIdle!.toMinutes()).toBe(10);
  });
});

describe('stage problems are reported where the stage is used', () => {
  test('a nested stage, a stage of a pipeline and a metric name their field; an invalid value never used is harmless', () => {
    expect(used(Stage.match({ selector: '{a="b"}', stages: [Stage.docker(), Stage.output({ source: '1x' })] })))
      .toThrow(/^\[x\/Logs\/job\] stages\[0\]: Stage\.match stages\[1\]: Stage\.output source: /);
    expect(used(LogPipeline.of({ name: 'p', stages: [Stage.docker(), Stage.pack({ labels: [] })] })))
      .toThrow('[x/Logs/job] pipelines["p"]: pipeline "p" stages[1]: Stage.pack labels: must name at least one label');
    expect(() => Stage.pack({ labels: [] })).not.toThrow();
  });

  test('an invalid value used on its own throws without a path', () => {
    expect(() => Stage.regex({ expression: '^(\\w+)$' }).extractedFields()).toThrow(/^Stage\.regex expression: needs at least one named capture group/);
    expect(() => LogPipeline.of({ name: 'p', stages: [] }).toStages()).toThrow(/^pipeline "p" stages: must have at least one stage/);
    expect(() => String(TimestampFormat.goLayout('YYYY-MM-DD'))).toThrow(/^timestamp format: a Go layout/);
  });
});
