import { AlertmanagerConfigSecret, AlertmanagerVersion } from '../../lib/alertmanager';
import { chart } from './fixtures';

describe('AlertmanagerVersion', () => {
  test('compares releases', () => {
    expect(AlertmanagerVersion.V0_26.atLeast(AlertmanagerVersion.V0_25)).toBe(true);
    expect(AlertmanagerVersion.V0_25.atLeast(AlertmanagerVersion.V0_26)).toBe(false);
    expect(AlertmanagerVersion.of('0.27.1').atLeast(AlertmanagerVersion.V0_27)).toBe(true);
    expect(AlertmanagerVersion.of('1.0').atLeast(AlertmanagerVersion.V0_28)).toBe(true);
    expect(String(AlertmanagerVersion.of('0.26.0'))).toBe('0.26');
  });

  test('rejects malformed and too old releases', () => {
    const config = (alertmanagerVersion: AlertmanagerVersion) => new AlertmanagerConfigSecret(chart('platform', 'monitoring'), 'Alertmanager', { receiver: 'r', alertmanagerVersion });
    expect(AlertmanagerVersion.of('v0.27')).toBeInstanceOf(AlertmanagerVersion);
    expect(() => config(AlertmanagerVersion.of('v0.27'))).toThrow('[platform/Alertmanager] alertmanagerVersion: expected "major.minor[.patch]", e.g. "0.28"; received "v0.27"');
    expect(() => config(AlertmanagerVersion.of('0.24.0'))).toThrow('[platform/Alertmanager] alertmanagerVersion: releases before 0.25 cannot read credentials from files for every integration; received "0.24.0"');
    expect(() => config('0.27' as unknown as AlertmanagerVersion)).toThrow('[platform/Alertmanager] alertmanagerVersion: must be an AlertmanagerVersion, e.g. AlertmanagerVersion.V0_27 or AlertmanagerVersion.of(\'0.27\'); received "0.27"');
  });
});
