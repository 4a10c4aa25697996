import { AlertmanagerVersion } from '../../lib/alertmanager';

describe('AlertmanagerVersion', () => {
  test('compares releases', () => {
    expect(AlertmanagerVersion.V0_26.atLeast(AlertmanagerVersion.V0_25)).toBe(true);
    expect(AlertmanagerVersion.V0_25.atLeast(AlertmanagerVersion.V0_26)).toBe(false);
    expect(AlertmanagerVersion.of('0.27.1').atLeast(AlertmanagerVersion.V0_27)).toBe(true);
    expect(AlertmanagerVersion.of('1.0').atLeast(AlertmanagerVersion.V0_28)).toBe(true);
    expect(String(AlertmanagerVersion.of('0.26.0'))).toBe('0.26');
  });

  test('rejects malformed and too old releases', () => {
    expect(() => AlertmanagerVersion.of('v0.27')).toThrow('alertmanagerVersion: expected "major.minor[.patch]"; received "v0.27"');
    expect(() => AlertmanagerVersion.of('0.24.0')).toThrow('alertmanagerVersion: releases before 0.25 cannot read credentials from files for every integration; received "0.24.0"');
  });
});
