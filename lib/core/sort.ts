/**
 * Sorts property names in place, in the order of `Array.prototype.sort()` (UTF-16 code units), and
 * returns them. Objects have few keys, and arrays often come already sorted: an insertion sort of a short
 * array allocates nothing, where the built-in sort allocates a work array for each call.
 *
 * @internal
 */
export function sortNames(names: string[]): string[] {
  if (names.length > 24) return names.sort();
  for (let i = 1; i < names.length; i++) {
    const name = names[i];
    let j = i - 1;
    while (j >= 0 && names[j] > name) {
      names[j + 1] = names[j];
      j--;
    }
    names[j + 1] = name;
  }
  return names;
}

/**
 * The indices of `keys` in `sortNames`' order, the array left as it is: for a caller that holds values
 * by index (the same insertion sort, allocating only the index array).
 *
 * @internal
 */
export function sortedOrder(keys: string[]): number[] {
  if (keys.length > 24) {
    const index = new Map(keys.map((k, i) => [k, i]));
    return sortNames([...keys]).map((k) => index.get(k)!);
  }
  const order = new Array<number>(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const name = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[order[j]] > name) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = i;
  }
  return order;
}
