import { BoundedMap } from '../../lib/core/bounded-map';

describe('BoundedMap', () => {
  test('keeps at most its capacity, dropping the oldest entry and releasing its value', () => {
    const released: string[] = [];
    const map = new BoundedMap<string, string>(2, (v) => released.push(v));
    map.set('a', 'A');
    map.set('b', 'B');
    map.set('a', 'A2'); // an existing key is replaced, nothing is dropped
    expect(released).toEqual([]);
    map.set('c', 'C');
    expect(released).toEqual(['A2']);
    expect([map.get('a'), map.get('b'), map.get('c')]).toEqual([undefined, 'B', 'C']);
  });
});
