import { quote, ValidationError } from '../core';

/** Columns of Grafana's dashboard grid. @internal */
export const GRID_COLUMNS = 24;

/**
 * The width of a panel in columns of Grafana's 24-column grid, by name (`FULL`, `HALF`, `THIRD`,
 * `QUARTER`) or by count (`Width.columns(10)`).
 */
export class Width {
  /** 24 columns: the whole row. */
  public static readonly FULL = new Width(24);
  /** 12 columns: two panels per row. */
  public static readonly HALF = new Width(12);
  /** 8 columns: three panels per row. */
  public static readonly THIRD = new Width(8);
  /** 6 columns: four panels per row. */
  public static readonly QUARTER = new Width(6);
  /** 16 columns: two thirds of a row. */
  public static readonly TWO_THIRDS = new Width(16);

  /** A width of 1 to 24 columns. */
  public static columns(count: number): Width {
    if (!Number.isInteger(count) || count < 1 || count > GRID_COLUMNS) {
      throw new ValidationError(`width: must be a whole number of columns from 1 to ${GRID_COLUMNS}; received ${quote(count)}`);
    }
    return new Width(count);
  }

  /** Columns. */
  public readonly columns: number;

  private constructor(columns: number) {
    this.columns = columns;
  }
}

/**
 * An explicit place on the grid, relative to the top of the panel's section (the dashboard's top for
 * panels outside rows, the line under the row header for panels of a row). Panels given a position are
 * not moved; positions that overlap fail the synth.
 */
export class GridPosition {
  /**
   * The position of a panel's top-left corner, at column `x` of line `y` of its section.
   *
   * @param x column, 0 to 23
   * @param y line within the section, from 0
   */
  public static at(x: number, y: number): GridPosition {
    if (!Number.isInteger(x) || x < 0 || x >= GRID_COLUMNS) {
      throw new ValidationError(`position x: must be a whole number from 0 to ${GRID_COLUMNS - 1}; received ${quote(x)}`);
    }
    if (!Number.isInteger(y) || y < 0) {
      throw new ValidationError(`position y: must be a whole, non-negative number; received ${quote(y)}`);
    }
    return new GridPosition(x, y);
  }

  /** Column. */
  public readonly x: number;
  /** Line within the section. */
  public readonly y: number;

  private constructor(x: number, y: number) {
    this.x = x;
    this.y = y;
  }
}

/** A rectangle of the grid (`gridPos`). @internal */
export interface GridRect {
  /** Column. */
  readonly x: number;
  /** Line. */
  readonly y: number;
  /** Width in columns. */
  readonly w: number;
  /** Height in lines. */
  readonly h: number;
}

/** A panel to place: its size, and its position when fixed. @internal */
export interface LayoutItem {
  /** Name used in error messages. */
  readonly name: string;
  /** Width in columns. */
  readonly w: number;
  /** Height in lines. */
  readonly h: number;
  /** Fixed position within the section, if any. */
  readonly x?: number;
  /** Fixed line within the section, if any. */
  readonly y?: number;
}

/** Whether two rectangles share a cell. @internal */
export function overlaps(a: GridRect, b: GridRect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * Places the panels of one section on the grid, from line `top`: panels with a fixed position first
 * (any overlap between them, or a panel wider than the grid, throws), then the others in order, left to
 * right and top to bottom, each at the first free place at or after the previous one. Pure: the same
 * items always give the same rectangles. Returns the rectangles (in item order) and the first free line
 * below the section.
 * @internal
 */
export function layoutSection(items: LayoutItem[], top: number): { rects: GridRect[]; bottom: number } {
  const rects: Array<GridRect | undefined> = items.map(() => undefined);
  const placed: GridRect[] = [];
  items.forEach((item, i) => {
    if (item.x === undefined || item.y === undefined) return;
    if (item.x + item.w > GRID_COLUMNS) {
      throw new ValidationError(`panel ${quote(item.name)}: position x ${item.x} plus width ${item.w} exceeds the ${GRID_COLUMNS}-column grid`);
    }
    const rect = { x: item.x, y: top + item.y, w: item.w, h: item.h };
    const clash = items.findIndex((_, j) => j < i && rects[j] !== undefined && overlaps(rects[j]!, rect));
    if (clash >= 0) {
      throw new ValidationError(`panel ${quote(item.name)}: its position ${JSON.stringify(rect)} overlaps panel ${quote(items[clash].name)} at ${JSON.stringify(rects[clash])}; change one position or leave positions to the automatic layout`);
    }
    rects[i] = rect;
    placed.push(rect);
  });
  let cursorX = 0;
  let cursorY = top;
  items.forEach((item, i) => {
    if (rects[i] !== undefined) return;
    let y = cursorY;
    let x = cursorX;
    for (;;) {
      if (x + item.w > GRID_COLUMNS) {
        x = 0;
        y += 1;
        continue;
      }
      const rect = { x, y, w: item.w, h: item.h };
      const blocker = placed.find((p) => overlaps(p, rect));
      if (!blocker) {
        rects[i] = rect;
        placed.push(rect);
        cursorX = x + item.w;
        cursorY = y;
        break;
      }
      x = blocker.x + blocker.w;
    }
  });
  const bottom = placed.reduce((b, r) => Math.max(b, r.y + r.h), top);
  return { rects: rects as GridRect[], bottom };
}
