import { RunbookLinks } from '../../lib/prometheus';

describe('RunbookLinks', () => {
  test('one page per alert, in kebab case', () => {
    const links = RunbookLinks.under('https://wiki.internal/runbooks/erp/');
    expect(links.urlFor('HighErrorRate')).toBe('https://wiki.internal/runbooks/erp/high-error-rate');
    expect(links.urlFor('APIServiceDown')).toBe('https://wiki.internal/runbooks/erp/api-service-down');
    expect(links.urlFor('FestivalsHighCPU')).toBe('https://wiki.internal/runbooks/erp/festivals-high-cpu');
  });

  test('rejects a base that is not an http(s) URL', () => {
    expect(() => RunbookLinks.under('wiki/runbooks')).toThrow('runbook base: must be an absolute http(s) URL; received "wiki/runbooks"');
  });
});
