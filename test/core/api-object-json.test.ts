import { ApiObject, App, Chart, JsonPatch, Lazy, LazyResolver, IResolver, ResolutionContext } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { buildAll } from '../../apps/synth-all';
import { ApiObjectJson, RenderedJson } from '../../lib/core/api-object-json';
import { buildWorkload } from '../bench/workload';

/** `toJson()` with the fast rendering and with cdk8s' own, as text (key order included), or the error. */
function both(o: ApiObject): { fast: string; cdk8s: string } {
  const render = () => {
    try {
      return JSON.stringify(o.toJson());
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  };
  return { fast: ApiObjectJson.during(render), cdk8s: render() };
}

function apiObjects(app: App): ApiObject[] {
  return app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

describe('ApiObjectJson renders what cdk8s renders', () => {
  test('every object of the three applications, the platform and the benchmark workload', () => {
    const apps = buildAll('/tmp/unused');
    const workload = new App({ outdir: '/tmp/unused' });
    buildWorkload(workload, 3);
    let count = 0;
    for (const app of [...apps, workload]) {
      for (const o of apiObjects(app)) {
        const { fast, cdk8s } = both(o);
        expect(fast.startsWith('error')).toBe(false);
        expect({ path: o.node.path, json: fast }).toEqual({ path: o.node.path, json: cdk8s });
        count++;
      }
    }
    expect(count).toBeGreaterThan(150);
  });

  test('lazy values, implicit tokens, number-or-string unions, nulls, empty metadata and integer keys', () => {
    const app = new App();
    const chart = new Chart(app, 'c', { labels: { team: 'a' } });
    const calls: string[] = [];
    const lazy = (name: string, value: unknown) => Lazy.any({ produce: () => (calls.push(name), value) });
    const o = new ApiObject(chart, 'o', {
      apiVersion: 'v1',
      kind: 'Thing',
      metadata: { annotations: {}, finalizers: [], labels: { b: '1', a: lazy('label', '2') } },
      zeta: { b: lazy('zeta.b', [1, null, undefined, lazy('inner', { y: 1, x: null })]), a: lazy('zeta.a', undefined) },
      alpha: { resolve: () => ({ produced: true }) },
      port: k8s.IntOrString.fromNumber(8080),
      name: k8s.IntOrString.fromString('http'),
      numbered: { 10: 'ten', 2: 'two', b: 'b', a: 'a' },
      empty: {},
      list: [],
    });
    o.addJsonPatch(JsonPatch.add('/zeta/c', 'patched'));
    const fastCalls: string[] = [];
    const { fast, cdk8s } = (() => {
      const f = ApiObjectJson.during(() => JSON.stringify(o.toJson()));
      fastCalls.push(...calls.splice(0));
      return { fast: f, cdk8s: JSON.stringify(o.toJson()) };
    })();
    expect(fast).toEqual(cdk8s);
    // producers run in the same order as cdk8s runs them
    expect(fastCalls).toEqual(calls);
    expect(JSON.parse(fast)).toMatchObject({ port: { value: 8080 }, name: { value: 'http' }, alpha: { produced: true }, zeta: { c: 'patched' } });
  });

  test('CDK8S_DISABLE_SORT keeps the given order, as cdk8s does', () => {
    const app = new App();
    const o = new ApiObject(new Chart(app, 'c'), 'o', { apiVersion: 'v1', kind: 'Thing', spec: { b: 1, a: { d: 1, c: 2 } } });
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      const { fast, cdk8s } = both(o);
      expect(fast).toEqual(cdk8s);
      expect(fast).toContain('"spec":{"b":1,"a":{"d":1,"c":2}}');
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test('a RenderedJson is taken as it is by the fast rendering, and resolved and sorted like a token by cdk8s', () => {
    const app = new App();
    const json = { groups: [{ name: 'g', rules: [{ expr: 'up', record: 'r' }] }] };
    const o = new ApiObject(new Chart(app, 'c'), 'o', { apiVersion: 'v1', kind: 'Thing', spec: Lazy.any({ produce: () => new RenderedJson(json) }) });
    const fast = ApiObjectJson.during(() => o.toJson());
    expect(fast.spec).toBe(json);
    expect(JSON.stringify(fast)).toEqual(JSON.stringify(o.toJson()));
    // where the order must stay as given, it is walked like any value
    const unsorted = { b: 1, a: 2 };
    const u = new ApiObject(new Chart(app, 'd'), 'u', { apiVersion: 'v1', kind: 'Thing', spec: new RenderedJson(unsorted) });
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      const { fast: f, cdk8s } = both(u);
      expect(f).toEqual(cdk8s);
      expect(f).toContain('"spec":{"b":1,"a":2}');
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test('a value that is not a plain object fails with cdk8s\' own message', () => {
    class Opaque {
      public readonly x = 1;
    }
    const app = new App();
    const o = new ApiObject(new Chart(app, 'c'), 'o', { apiVersion: 'v1', kind: 'Thing', spec: { opaque: new Opaque() } });
    const { fast, cdk8s } = both(o);
    expect(fast).toEqual(cdk8s);
    expect(fast).toContain("Failed serializing construct at path 'c/o'");
    expect(fast).toContain("can't render non-simple object of type 'Opaque'");
  });

  test('an app with its own resolvers is rendered by cdk8s, resolvers included', () => {
    class Upper implements IResolver {
      public resolve(context: ResolutionContext): void {
        if (typeof context.value === 'string' && context.value.startsWith('up:')) context.replaceValue(context.value.slice(3).toUpperCase());
      }
    }
    const app = new App({ resolvers: [new Upper(), new LazyResolver()] });
    const o = new ApiObject(new Chart(app, 'c'), 'o', { apiVersion: 'v1', kind: 'Thing', spec: { a: 'up:x' } });
    const { fast, cdk8s } = both(o);
    expect(fast).toEqual(cdk8s);
    expect(JSON.parse(fast).spec).toEqual({ a: 'X' });
  });

  test('cdk8s\' rendering is back in place after the pass, even when the pass throws', () => {
    const before = ApiObject.prototype.toJson;
    expect(() => ApiObjectJson.during(() => {
      expect(ApiObject.prototype.toJson).not.toBe(before);
      throw new Error('boom');
    })).toThrow('boom');
    expect(ApiObject.prototype.toJson).toBe(before);
  });
});
