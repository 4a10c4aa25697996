/** Indentations by level (two spaces each), built once. */
const INDENTS: string[] = [''];

/**
 * The indentation one level (two spaces) deeper than `indent`, which must be made of levels itself.
 * The YAML and JSON writers nest thousands of blocks: taken from a cache, not built for each block.
 *
 * @internal
 */
export function deeper(indent: string): string {
  const level = indent.length / 2 + 1;
  let text = INDENTS[level];
  if (text === undefined) {
    text = ' '.repeat(level * 2);
    INDENTS[level] = text;
  }
  return text;
}
