/**
 * Whether an object has no own enumerable key, found without listing its keys (the YAML writer and the
 * rule renderings ask it for every map they write).
 *
 * @internal
 */
export function isEmpty(obj: object): boolean {
  for (const key in obj) {
    if (Object.prototype.hasOwnProperty.call(obj, key)) return false;
  }
  return true;
}
