import { Matcher } from '../../lib/alertmanager';
import { contradiction, implies } from '../../lib/alertmanager/analysis';

describe('matcher reasoning', () => {
  test('contradiction finds impossible combinations', () => {
    expect(contradiction([Matcher.eq('a', 'x'), Matcher.eq('a', 'y')])).toMatch(/a="x" and a="y" cannot both hold/);
    expect(contradiction([Matcher.eq('a', 'x'), Matcher.regex('a', 'y.*')])).toMatch(/cannot both hold/);
    expect(contradiction([Matcher.regex('a', 'x.*'), Matcher.notRegex('a', 'x.*')])).toMatch(/cannot both hold/);
    expect(contradiction([Matcher.eq('a', 'x'), Matcher.notEq('a', 'y'), Matcher.eq('b', 'z')])).toBeUndefined();
  });

  test('implies is true when every general matcher follows from a specific one', () => {
    expect(implies([Matcher.eq('severity', 'critical'), Matcher.eq('team', 'db')], [Matcher.eq('severity', 'critical')])).toBe(true);
    expect(implies([Matcher.eq('severity', 'critical')], [Matcher.regex('severity', 'critical|warning')])).toBe(true);
    expect(implies([Matcher.eq('severity', 'critical')], [])).toBe(true);
    expect(implies([Matcher.eq('severity', 'critical')], [Matcher.eq('team', 'db')])).toBe(false);
  });
});
