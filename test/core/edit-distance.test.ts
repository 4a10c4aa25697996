import { closest, editDistance } from '../../lib/core/edit-distance';

describe('did-you-mean suggestions', () => {
  test('edit distance counts insertions, deletions, substitutions and adjacent transpositions as one edit each', () => {
    expect(editDistance('http_request_total', 'http_requests_total')).toBe(1);
    expect(editDistance('stauts', 'status')).toBe(1);
    expect(editDistance('code', 'pod')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  test('suggests only names within a third of the length, the first in sorted order on a tie', () => {
    expect(closest('code', ['pod', 'status'])).toBeUndefined();
    expect(closest('regoin', ['region', 'reason'])).toBe('region');
    expect(closest('ab', ['ac', 'aa'])).toBe('aa');
    expect(closest('x', [])).toBeUndefined();
  });
});
