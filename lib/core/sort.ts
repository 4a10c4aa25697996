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
