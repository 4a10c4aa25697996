import * as yaml from 'js-yaml';
import { PrometheusVersion, PromQL } from '../../lib';
import { isValidUtf8, promqlLabelList, promqlMatcher, promqlSelector, underscoreEscaped } from '../../lib/core/promql-names';
import { promtoolCheckRules, TOOL_VERSIONS } from '../util/tools';

// How the library writes names into the PromQL it generates: legacy names bare, UTF-8 names in quotes.
const generated = [
  { metric: 'http_requests_total', matchers: [promqlMatcher('job', '=', 'api')], by: ['job'] },
  { metric: 'http.server.request.duration_count', matchers: [promqlMatcher('http.route', '=', '/cart'), promqlMatcher('job', '=~', 'a|b')], by: ['http.route', 'job'] },
  { metric: 'http.server.active_requests', matchers: [], by: ['url.scheme'] },
  { metric: 'requests total', matchers: [promqlMatcher('名前', '!=', 'x"y')], by: [] },
];
const expressions = generated.map((g) => `sum${g.by.length > 0 ? ` by (${promqlLabelList(g.by)})` : ''} (rate(${promqlSelector(g.metric, g.matchers)}[5m]))`);

test('legacy names stay bare; others are quoted, the metric name first inside the braces', () => {
  expect(expressions).toEqual([
    'sum by (job) (rate(http_requests_total{job="api"}[5m]))',
    'sum by ("http.route", job) (rate({"http.server.request.duration_count", "http.route"="/cart", job=~"a|b"}[5m]))',
    'sum by ("url.scheme") (rate({"http.server.active_requests"}[5m]))',
    'sum (rate({"requests total", "名前"!="x\\"y"}[5m]))',
  ]);
  expect(promqlSelector('up')).toBe('up');
  expect(promqlSelector('up', ['', ' '])).toBe('up');
});

test('the escaped name Prometheus\' underscore escaping gives, for messages', () => {
  expect(underscoreEscaped('http.server.request.duration')).toBe('http_server_request_duration');
  expect(underscoreEscaped('job:a.b:rate5m')).toBe('job:a_b:rate5m');
  expect(underscoreEscaped('job:a.b', true)).toBe('job_a_b');
  expect(underscoreEscaped('9.lives')).toBe('_9_lives');
});

test('valid UTF-8: no lone surrogate', () => {
  expect(isValidUtf8('名前 😀')).toBe(true);
  expect(isValidUtf8('a\ud800')).toBe(false);
  expect(isValidUtf8('\udc00a')).toBe(false);
});

// Each generated expression: the library's parser for the release, and promtool of that release, agree.
describe.each(TOOL_VERSIONS.map((t) => [t.name, t] as const))('against %s', (name, tool) => {
  const target = PrometheusVersion.of(name.split(' ')[1]);
  let output: string;
  beforeAll(() => {
    const rules = expressions.map((expr) => ({ record: 'names:generated:sum', expr }));
    output = promtoolCheckRules({ 'generated.yaml': yaml.dump({ groups: [{ name: 'generated', rules }] }, { lineWidth: -1 }) }, tool).output;
  });
  test.each(expressions.map((e, i) => [e, i] as const))('%s', (expr, i) => {
    let library = true;
    try {
      PromQL.parse(expr, { prometheus: target });
    } catch {
      library = false;
    }
    expect({ expr, library }).toEqual({ expr, library: !new RegExp(`rule ${i + 1}, `).test(output) });
    // Prometheus 3 accepts every generated expression
    if (target.major === 3) expect(library).toBe(true);
  });
});
