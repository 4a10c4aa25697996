import { Construct, IConstruct } from 'constructs';
import { quote, ValidationError } from '../core';
import { requireObject, requireString } from '../core/untyped';

const ROW = Symbol.for('cdk8s-observability.grafana.Row');

/** Properties of a `Row`. */
export interface RowProps {
  /** Row title. Maps to `title`. */
  readonly title: string;
  /**
   * Start collapsed (its panels then live inside the row's `panels`). Maps to `collapsed`.
   * @default false
   */
  readonly collapsed?: boolean;
}

/**
 * A row of a dashboard (`type: row`): a titled, collapsible section. Panels created inside it are laid
 * out under its header. Rows cannot be nested.
 */
export class Row extends Construct {
  /** Whether `x` is a row. */
  public static isRow(x: unknown): x is Row {
    return typeof x === 'object' && x !== null && (x as any)[ROW] === true;
  }

  /** Row title. */
  public readonly title: string;
  /** Whether the row starts collapsed. */
  public readonly collapsed: boolean;

  public constructor(scope: Construct, id: string, props: RowProps) {
    super(scope, id);
    Object.defineProperty(this, ROW, { value: true });
    for (let s: IConstruct | undefined = scope; s; s = s.node.scope) {
      if (Row.isRow(s)) throw ValidationError.at(this, `rows cannot be nested (Grafana rows are flat); create it in the dashboard, not in row ${quote(s.title)}`);
    }
    // plain JavaScript callers: a wrong type fails here, with the field, not as a TypeError further on
    ValidationError.within(this, () => {
      requireObject(props, 'props', '{ title: \'Latency\' }');
      requireString(props.title, 'title', '\'Latency\'');
    });
    if (props.title.trim() === '') throw ValidationError.at(this, `title: must not be empty; received ${quote(props.title)}`);
    this.title = props.title;
    this.collapsed = props.collapsed ?? false;
  }

  /** @internal */
  public _render(id: number, y: number, panels: Array<{ [key: string]: unknown }>): { [key: string]: unknown } {
    return { id, type: 'row', title: this.title, collapsed: this.collapsed, gridPos: { h: 1, w: 24, x: 0, y }, panels };
  }
}
