import { sortedOrder, sortNames } from '../../lib/core/sort';

/** Key lists of every length around the insertion-sort limit, from a fixed seed. */
function keyLists(): string[][] {
  let seed = 7;
  // a small linear congruential generator, exact in doubles
  const next = () => (seed = (seed * 48271) % 2147483647);
  const alphabet = ['a', 'B', 'z', '_', '0', '9', 'é', '-', 'aa', 'Z'];
  const lists: string[][] = [[], ['only']];
  for (let length = 2; length <= 40; length++) {
    const keys = new Set<string>();
    while (keys.size < length) keys.add(Array.from({ length: 1 + (next() % 4) }, () => alphabet[next() % alphabet.length]).join(''));
    lists.push([...keys]);
  }
  return lists;
}

describe('sortNames / sortedOrder', () => {
  test('sortNames sorts in place in the order of Array.prototype.sort()', () => {
    for (const keys of keyLists()) {
      const expected = [...keys].sort();
      const copy = [...keys];
      expect(sortNames(copy)).toBe(copy);
      expect(copy).toEqual(expected);
    }
  });

  test('sortedOrder gives the indices of the sorted keys and leaves the keys as they are', () => {
    for (const keys of keyLists()) {
      const before = [...keys];
      const order = sortedOrder(keys);
      expect(keys).toEqual(before);
      expect(order.map((i) => keys[i])).toEqual([...keys].sort());
      expect([...order].sort((a, b) => a - b)).toEqual(keys.map((_, i) => i));
    }
  });
});
