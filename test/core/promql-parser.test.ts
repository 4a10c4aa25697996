import * as fs from 'fs';
import * as path from 'path';
import { Tree } from '@lezer/common';
import { parser as lezerPromQL } from '@prometheus-io/lezer-promql';
import * as yaml from 'js-yaml';
import { parsePromQLTree } from '../../lib/core/promql-parser';

// Parity of our own PromQL parser (the fallback for expressions lezer cuts off, see
// lib/core/promql-parser.ts) with lezer-promql: on every expression of the reference apps' rules and
// dashboards and on a list of tricky syntax, both build the same tree (node types, nesting, positions) or
// both fail. The checks read the tree, so equal trees mean equal verdicts.

/** The tree as text, with positions; comments left out, and `-1` as one literal (lezer's tree is ambiguous there). */
function dump(tree: Tree): string {
  const out: string[] = [];
  tree.iterate({
    enter: (n) => {
      if (n.name === 'LineComment') return false;
      out.push(`${n.name}@${n.from}-${n.to}(`);
      return undefined;
    },
    leave: (n) => {
      if (n.name !== 'LineComment') out.push(')');
    },
  });
  return out.join('').replace(/UnaryExpr@\d+-\d+\(UnaryOp@(\d+)-\d+\(\)NumberDurationLiteral@\d+-(\d+)\(\)\)/g, 'NumberDurationLiteral@$1-$2()');
}

function lezerTree(text: string): Tree | undefined {
  const tree = lezerPromQL.parse(text);
  let error = false;
  tree.iterate({ enter: (n) => { if (n.type.isError) error = true; } });
  return error ? undefined : tree;
}

const TRICKY: string[] = [
  "a offset 5m",
  "a[5m] offset -1h",
  "a @ 100",
  "a @ start()",
  "a @ END()",
  "rate(a[5m:1m])",
  "a[5m:]",
  "-a",
  "- - 1",
  "-1",
  "1 + -2",
  "sum(a) by (x)",
  "sum without () (a)",
  "topk(3, a)",
  "a > bool 1",
  "a + ignoring(x) group_right(y) b",
  "a and on() b",
  "{__name__=\"a\"}",
  "{\"a.b\"}",
  "{\"a.b\", c=\"d\"}",
  "\"str\"",
  "a{b=\"c\",}",
  "(a)",
  "a # comment",
  "0x1F",
  "Inf",
  "-Inf",
  "nan",
  "1e3",
  "5m",
  "time()",
  "label_replace(a, \"x\", \"$1\", \"y\", \"(.*)\")",
  "a[1h] @ 10 offset 5m",
  "a ^ b ^ c",
  "a{b!~\"c\"}",
  "count_values(\"x\", a)",
  "a unless b or c and d",
  "a atan2 b",
  "sum by (x,) (a)",
  "a + b offset 5m",
  "a + b[5m]",
  "a + b[5m:1m]",
  "-a offset 5m",
  "-a[5m]",
  "a + b @ 1",
  "a offset 5m + b",
  "a * b + c",
  "a + b * c",
  "-a ^ 2",
  "-a * 2",
  "a == b != c",
  "rate(a[5m]) [10m:]",
  "sum(a)[5m:]",
  "a + on(x) b - c",
  "a[5m] offset 1m @ 3",
  "min_over_time(a[5m:1m] offset 2m)",
  "a offset 5m[5m]",
  "1 + 2 * 3",
  "-1 ^ 2",
  "- 1 + 2",
  "a - 1",
  "a -1",
  "a + b * c[5m]",
  "a * b offset 5m + c",
  "a + b offset 5m * c",
  "sum(a) offset 5m",
  "inf",
  "Inf + 1",
  "rate(x[5m] offset -5m)",
  "a offset 1h30m",
  "a[1m+1m]",
  "a[step()]",
  "5m + 1",
  "by",
  "sum(by)",
  "a{on=\"x\"}",
  "group(x)",
  "a > bool on(x) b",
  "(a + b)[5m:]",
  "sum(a, b, c)",
  "quantile(0.9, a)",
  "{\"a.b\"=\"x\"}",
  "sum by (\"a.b\") (x)",
  "a AND b",
  "SUM(a)",
  "a{b=~\"x\"} OR c",
  "INF",
  "a offset 5m offset 1m",
  "x[5m][5m:]",
  "limitk(1, a)",
  "a > bool b",
  "a:b:c",
  "a{b='c'}",
  "a{b=`c`}",
  "1_000 + 0.5e-3",
  "a * on(x) group_left b",
  "a * on(x) group_left() b",
  "-(a)",
  "+a",
  "a % b",
  "a / b / c",
  "a ^ -b",
  "abs(-a)",
  "absent(nonexistent{job=\"x\"})",
  "histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))",
  "sort_desc(sum by (a) (b))",
  "vector(1) + on() group_left(a) b",
  "clamp(a, 0, 1)",
  "a{}",
  "{a=\"b\"}[5m]",
  "a @ 1.5",
  "a @ -5",
  "a offset -(5m)",
  "a[(5m)]",
  "a[5m:step()]",
  "a\n+\nb",
  "sum\n(a)\nby\n(b)",
  "a/*x*/",
  "count(count by (a) (b)) > 1 unless c == bool 0",
];

/** Every PromQL expression of the committed reference apps: rule expressions and dashboard queries. */
function appExpressions(): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      if (fs.statSync(file).isDirectory()) walk(file);
      else if (/\.ya?ml$/.test(name)) {
        for (const doc of yaml.loadAll(fs.readFileSync(file, 'utf8')) as any[]) {
          if (doc?.kind === 'PrometheusRule') for (const g of doc.spec.groups) for (const r of g.rules) found.add(r.expr);
          if (doc?.kind === 'ConfigMap') {
            for (const value of Object.values(doc.data ?? {}) as string[]) {
              if (!value.trimStart().startsWith('{')) continue;
              JSON.stringify(JSON.parse(value), (key, v) => {
                // Prometheus targets only (LogQL starts with a stream selector and pipes), variables made plain
                if (key === 'expr' && typeof v === 'string' && !/\}\s*\|/.test(v)) found.add(v.replace(/\$__\w+/g, '5m').replace(/\$\{?(\w+)\}?/g, 'v_$1'));
                return v;
              });
            }
          }
        }
      }
    }
  };
  walk(path.join(__dirname, '..', '..', 'dist'));
  return [...found];
}

const APP_EXPRESSIONS = appExpressions();

test('the reference apps give the parity test a few hundred expressions', () => {
  expect(APP_EXPRESSIONS.length).toBeGreaterThan(200);
});

test.each([...TRICKY, ...APP_EXPRESSIONS].map((e) => [e]))('same tree as lezer-promql: %s', (expr) => {
  const expected = lezerTree(expr);
  const own = parsePromQLTree(expr);
  if (expected === undefined) {
    expect(own).not.toBeInstanceOf(Tree);
  } else {
    expect(own).toBeInstanceOf(Tree);
    expect(dump(own as Tree)).toEqual(dump(expected));
  }
});

test('an error is reported where lezer reports it', () => {
  for (const [expr, offset] of [['sum(a,)', 6], ['a + ', 4], ['rate(x[5m]', 10], ['a{b=}', 4], ['foo(a)', 3], ['a b', 2]] as const) {
    expect({ expr, result: parsePromQLTree(expr) }).toEqual({ expr, result: { offset } });
  }
});

test('a 20,000-term chain or a 3,000-level nesting is refused as too deep, without a stack overflow', () => {
  const chain = Array.from({ length: 20000 }, (_, i) => `m${i}`).join(' + ');
  expect(parsePromQLTree(chain)).toEqual({ offset: 0, message: expect.stringContaining('nests more than 2000 levels deep') });
  expect(parsePromQLTree('abs('.repeat(3000) + 'up' + ')'.repeat(3000))).toEqual({ offset: 0, message: expect.stringContaining('nests more than 2000 levels deep') });
});
