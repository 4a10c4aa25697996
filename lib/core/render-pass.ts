import { IConstruct } from 'constructs';

/**
 * One synthesis of an app, as `Synthesizer` runs it: validation, then rendering of every chart.
 *
 * Some renderings are needed several times in one synthesis (a log agent's configuration by its
 * validation, its ConfigMap and the checksum that rolls its pods). A `RenderedValue` is computed once per pass and fresh outside one, so nothing stale
 * is ever served: constructs may change between two synths, never during one.
 *
 * @internal
 */
export class RenderPass {
  /** The values rendered in the running pass; dropped with it when it ends. */
  private static current: Map<RenderedValue<unknown>, unknown> | undefined;

  /** Runs `render` as one pass (a pass already running goes on). */
  public static run<T>(render: () => T): T {
    if (RenderPass.current !== undefined) return render();
    RenderPass.current = new Map();
    try {
      return render();
    } finally {
      RenderPass.current = undefined;
    }
  }

  /** Whether a pass is running. */
  public static get running(): boolean {
    return RenderPass.current !== undefined;
  }

  /** @internal the values of the running pass, if any */
  public static get _current(): Map<RenderedValue<unknown>, unknown> | undefined {
    return RenderPass.current;
  }
}

/**
 * A value rendered from a construct's state: computed once per `RenderPass`, and every time outside one.
 * A computation that throws is not kept.
 *
 * @internal
 */
export class RenderedValue<T> {
  public constructor(private readonly compute: () => T) {}

  /** The value, computed now or earlier in the same pass. */
  public get(): T {
    const pass = RenderPass._current;
    if (pass === undefined) return this.compute();
    if (pass.has(this)) return pass.get(this) as T;
    const value = this.compute();
    pass.set(this, value);
    return value;
  }
}

/**
 * A value computed from a whole app (an index of its objects, say), once per `RenderPass` for each app
 * and every time outside one, for checks that every construct of a kind runs against the whole app:
 * inside a synthesis they share one walk of the tree instead of one each.
 *
 * @internal
 */
export class AppWideValue<T> {
  private readonly byRoot = new WeakMap<IConstruct, RenderedValue<T>>();

  public constructor(private readonly compute: (root: IConstruct) => T) {}

  /** The value for the app that `scope` belongs to. */
  public of(scope: IConstruct): T {
    const root = scope.node.root;
    let value = this.byRoot.get(root);
    if (value === undefined) {
      value = new RenderedValue(() => this.compute(root));
      this.byRoot.set(root, value);
    }
    return value.get();
  }
}
