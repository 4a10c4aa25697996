import { Re2Regex } from '../../lib';

describe('Re2Regex', () => {
  test('accepts RE2 syntax, including Go named groups', () => {
    expect(Re2Regex.of('(?P<level>INFO|ERROR) .*').pattern).toBe('(?P<level>INFO|ERROR) .*');
    expect(Re2Regex.of('5..').matchesFully('503')).toBe(true);
    expect(Re2Regex.of('5..').matchesFully('1503')).toBe(false);
  });

  test('rejects look-aheads with RE2 own reason', () => {
    expect(() => Re2Regex.of('foo(?=bar)', 'matcher "path"')).toThrow('matcher "path": invalid RE2 regular expression "foo(?=bar)": invalid perl operator: (?=');
  });

  test('rejects back-references', () => {
    expect(() => Re2Regex.of('(a)\\1')).toThrow('regex: invalid RE2 regular expression "(a)\\\\1"');
  });

  test('rejects unbalanced groups', () => {
    expect(() => Re2Regex.of('(abc')).toThrow('invalid RE2 regular expression "(abc": missing )');
  });
});

describe('Re2Regex at scale', () => {
  test('checks thousands of distinct patterns without exhausting the RE2 heap, with the same verdicts', () => {
    // Without freeing, re2-wasm's 16 MiB heap is exhausted after about 9000 compiled patterns.
    for (let i = 0; i < 10000; i++) {
      const regex = Re2Regex.of(`svc-${i}-(api|worker)`);
      if (i % 1000 === 0) {
        expect(regex.matchesFully(`svc-${i}-api`)).toBe(true);
        expect(regex.matchesFully(`svc-${i}-db`)).toBe(false);
      }
    }
    expect(() => Re2Regex.of('(?=x)')).toThrow('invalid perl operator');
    expect(() => Re2Regex.of('(?=x)')).toThrow('invalid perl operator');
  });
});
