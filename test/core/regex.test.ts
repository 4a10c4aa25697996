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
