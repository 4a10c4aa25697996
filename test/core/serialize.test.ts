import { Serialize } from '../../lib/core/serialize';

/** What `Serialize.json` promises: the sorted copy, pretty-printed by JSON.stringify. */
const reference = (value: unknown) => JSON.stringify(Serialize.normalize(value), undefined, 2) + '\n';

describe('Serialize.json', () => {
  test.each([
    ['empty containers', { a: {}, b: [], c: [[], {}] }],
    ['undefined, functions and symbols', { a: undefined, f: () => 1, s: Symbol('s'), list: [undefined, () => 1, Symbol('t'), null] }],
    ['numbers', { n: [0, -0, 1.5, 1e21, 1e-7, NaN, Infinity, -Infinity] }],
    ['strings that need escapes', { 'k"ey': 'a\nb\t"c"\\', u: '\u2028 \ud800 é 日本' }],
    ['nested objects with unsorted keys', { z: { y: 1, x: { b: 2, a: 1 } }, a: [{ d: 1, c: 2 }] }],
    ['integer-like keys (a copy puts them first)', { b: 1, 10: 'ten', 2: 'two', a: 0 }],
    ['objects that are not plain', { date: new Date(0), map: new Map([[1, 2]]) }],
    ['a copied toJSON method', { t: { toJSON: () => 'called' } }],
    ['an array at the top', [{ b: 1, a: 2 }, 'x']],
    ['names that objects also inherit', { a: { constructor: 'x', toString: 'y', b: 1 }, c: { d: 2 } }],
    ['objects without prototype', { a: Object.assign(Object.create(null), { z: 1, y: 2 }) }],
    ['keys that start with a digit', { '9a': 1, b: { '1x': 2 } }],
  ])('%s: the same text as the sorted copy', (_name, value) => {
    expect(Serialize.json(value)).toBe(reference(value));
  });

  test('keys are sorted at every level and the text ends with a newline', () => {
    expect(Serialize.json({ b: { d: 1, c: [2, { f: 1, e: 2 }] }, a: true })).toBe(
      '{\n  "a": true,\n  "b": {\n    "c": [\n      2,\n      {\n        "e": 2,\n        "f": 1\n      }\n    ],\n    "d": 1\n  }\n}\n',
    );
  });

  test('a BigInt fails as JSON.stringify fails', () => {
    expect(() => Serialize.json({ a: BigInt(1) })).toThrow('BigInt');
  });
});
