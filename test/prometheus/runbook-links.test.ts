import { RunbookLinks } from '../../lib/prometheus';

describe('RunbookLinks', () => {
  test('one page per alert, in kebab case', () => {
    const links = RunbookLinks.under('https://wiki.internal/runbooks/erp/');
    expect(links.urlFor('HighErrorRate')).toBe('https://wiki.internal/runbooks/erp/high-error-rate');
    expect(links.urlFor('APIServiceDown')).toBe('https://wiki.internal/runbooks/erp/api-service-down');
    expect(links.urlFor('FestivalsHighCPU')).toBe('https://wiki.internal/runbooks/erp/festivals-high-cpu');
  });

  test('rejects a base that is not an http(s) URL', () => {
    const bad = RunbookLinks.under('wiki/runbooks');
    expect(() => bad.urlFor('HighErrorRate')).toThrow('runbook base: must be an absolute http(s) URL; received "wiki/runbooks"');
    expect(() => RunbookLinks.under('https://wiki/r').urlFor(42 as unknown as string)).toThrow('alert name: must be a string, e.g. \'CheckoutHighErrorRate\'; received 42 (a number)');
  });
});
