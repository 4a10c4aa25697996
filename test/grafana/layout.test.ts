import { Dashboard, GridPosition, GridRect, LayoutItem, layoutSection, overlaps, TextPanel, Width } from '../../lib/grafana';
import { synth } from '../util/synth';
import { allPanels, chart, render, seeded } from './helpers';

/** Independent check: paint every cell; a cell painted twice is an overlap. */
function assertNoOverlap(rects: GridRect[]): void {
  const cells = new Set<string>();
  for (const r of rects) {
    expect(r.x).toBeGreaterThanOrEqual(0);
    expect(r.x + r.w).toBeLessThanOrEqual(24);
    for (let x = r.x; x < r.x + r.w; x++) {
      for (let y = r.y; y < r.y + r.h; y++) {
        const key = `${x},${y}`;
        if (cells.has(key)) throw new Error(`cell ${key} is covered twice in ${JSON.stringify(rects)}`);
        cells.add(key);
      }
    }
  }
}

describe('layoutSection', () => {
  test('named widths flow left to right, then wrap', () => {
    const { rects, bottom } = layoutSection([
      { name: 'a', w: Width.HALF.columns, h: 8 },
      { name: 'b', w: Width.HALF.columns, h: 8 },
      { name: 'c', w: Width.THIRD.columns, h: 4 },
      { name: 'd', w: Width.FULL.columns, h: 4 },
    ], 0);
    expect(rects).toEqual([
      { x: 0, y: 0, w: 12, h: 8 },
      { x: 12, y: 0, w: 12, h: 8 },
      { x: 0, y: 8, w: 8, h: 4 },
      { x: 0, y: 12, w: 24, h: 4 },
    ]);
    expect(bottom).toBe(16);
  });

  test('automatic panels go around fixed ones', () => {
    const { rects } = layoutSection([
      { name: 'fixed', w: 12, h: 8, x: 0, y: 0 },
      { name: 'auto1', w: 12, h: 4 },
      { name: 'auto2', w: 12, h: 4 },
      { name: 'auto3', w: 12, h: 4 },
    ], 3);
    expect(rects[0]).toEqual({ x: 0, y: 3, w: 12, h: 8 });
    expect(rects[1]).toEqual({ x: 12, y: 3, w: 12, h: 4 });
    expect(rects[2]).toEqual({ x: 12, y: 7, w: 12, h: 4 });
    expect(rects[3]).toEqual({ x: 0, y: 11, w: 12, h: 4 });
    assertNoOverlap(rects);
  });

  test('overlapping fixed positions fail with both panel names', () => {
    expect(() => layoutSection([
      { name: 'Left', w: 12, h: 8, x: 0, y: 0 },
      { name: 'Middle', w: 12, h: 8, x: 6, y: 4 },
    ], 0)).toThrow(/panel "Middle": its position .* overlaps panel "Left"/);
  });

  test('a fixed panel wider than the grid fails', () => {
    expect(() => layoutSection([{ name: 'Wide', w: 12, h: 8, x: 18, y: 0 }], 0)).toThrow('panel "Wide": position x 18 plus width 12 exceeds the 24-column grid');
  });

  test('property: random widths, heights and fixed panels never overlap and stay in the grid', () => {
    const random = seeded(20261125);
    for (let run = 0; run < 300; run++) {
      const count = 1 + Math.floor(random() * 30);
      const items: LayoutItem[] = [];
      const fixed: GridRect[] = [];
      for (let i = 0; i < count; i++) {
        const w = 1 + Math.floor(random() * 24);
        const h = 1 + Math.floor(random() * 10);
        if (random() < 0.2) {
          const x = Math.floor(random() * (25 - w));
          const y = Math.floor(random() * 20);
          const rect = { x, y, w, h };
          if (fixed.some((f) => overlaps(f, rect))) continue;
          fixed.push(rect);
          items.push({ name: `p${i}`, w, h, x, y });
        } else {
          items.push({ name: `p${i}`, w, h });
        }
      }
      const { rects, bottom } = layoutSection(items, 0);
      assertNoOverlap(rects);
      rects.forEach((r, i) => {
        expect(r.w).toBe(items[i].w);
        if (items[i].x !== undefined) expect([r.x, r.y]).toEqual([items[i].x, items[i].y]);
        expect(r.y + r.h).toBeLessThanOrEqual(bottom);
      });
    }
  });

  test('Width and GridPosition reject values off the grid', () => {
    expect(() => Width.columns(25)).toThrow('width: must be a whole number of columns from 1 to 24; received 25');
    expect(() => Width.columns(0)).toThrow('received 0');
    expect(() => GridPosition.at(24, 0)).toThrow('position x: must be a whole number from 0 to 23; received 24');
    expect(() => GridPosition.at(0, -1)).toThrow('position y: must be a whole, non-negative number; received -1');
  });
});

describe('dashboard layout', () => {
  test('rows start below the previous section; panels under their row; ids in creation order', () => {
    const c = chart();
    const d = new Dashboard(c, 'D', { title: 'Layout' });
    new TextPanel(d, 'Intro', { title: 'Intro', content: 'hi', width: Width.FULL, height: 3 });
    const r1 = d.addRow('R1', { title: 'First' });
    new TextPanel(r1, 'A', { title: 'A', content: 'a', width: Width.THIRD });
    new TextPanel(r1, 'B', { title: 'B', content: 'b', width: Width.THIRD, height: 5 });
    const r2 = d.addRow('R2', { title: 'Second', collapsed: true });
    new TextPanel(r2, 'C', { title: 'C', content: 'c' });
    const json = render(d);
    expect(json.panels.map((p: any) => [p.id, p.type, p.title, p.gridPos])).toEqual([
      [1, 'text', 'Intro', { x: 0, y: 0, w: 24, h: 3 }],
      [2, 'row', 'First', { x: 0, y: 3, w: 24, h: 1 }],
      [3, 'text', 'A', { x: 0, y: 4, w: 8, h: 8 }],
      [4, 'text', 'B', { x: 8, y: 4, w: 8, h: 5 }],
      [5, 'row', 'Second', { x: 0, y: 12, w: 24, h: 1 }],
    ]);
    expect(d.panels.map((p) => p.title)).toEqual(['Intro', 'A', 'B', 'C']);
    const collapsed = json.panels[4];
    expect(collapsed.collapsed).toBe(true);
    expect(collapsed.panels.map((p: any) => [p.id, p.title, p.gridPos])).toEqual([[6, 'C', { x: 0, y: 13, w: 12, h: 8 }]]);
  });

  test('property: dashboards of random rows and widths have unique ids and no overlaps', () => {
    const random = seeded(42);
    for (let run = 0; run < 25; run++) {
      const c = chart();
      const d = new Dashboard(c, 'D', { title: `Random ${run}` });
      let count = 0;
      const rows = Math.floor(random() * 4);
      for (let r = -1; r < rows; r++) {
        const scope = r < 0 ? d : d.addRow(`R${r}`, { title: `Row ${r}` });
        const n = Math.floor(random() * 12);
        for (let i = 0; i < n; i++) {
          new TextPanel(scope, `P${i}`, { title: `P${r}.${i}`, content: 'x', width: Width.columns(1 + Math.floor(random() * 24)), height: 1 + Math.floor(random() * 9) });
          count++;
        }
      }
      const json = render(d);
      const panels = allPanels(json);
      expect(panels).toHaveLength(count);
      const ids = json.panels.flatMap((p: any) => [p.id, ...(p.panels ?? []).map((q: any) => q.id)]);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids.map((_: any, i: number) => i + 1));
      assertNoOverlap(json.panels.map((p: any) => p.gridPos));
    }
  });

  test('overlapping positions in a dashboard fail with the dashboard path', () => {
    const c = chart();
    const d = new Dashboard(c, 'Overlap', { title: 'Overlap' });
    new TextPanel(d, 'A', { title: 'A', content: 'a', position: GridPosition.at(0, 0) });
    new TextPanel(d, 'B', { title: 'B', content: 'b', position: GridPosition.at(4, 2) });
    expect(() => synth(c)).toThrow(/\[shop\/Overlap\] panel "B": its position .* overlaps panel "A"/);
  });
});
