import { SecretRef } from '../../lib';

describe('SecretRef', () => {
  test('a Secret key reference renders as a key selector and a mount path, never a value', () => {
    const ref = SecretRef.fromSecret('alertmanager-slack', 'webhook-url');
    expect(ref.toSecretKeySelector()).toEqual({ name: 'alertmanager-slack', key: 'webhook-url' });
    expect(ref.filePath('/etc/alertmanager/secrets')).toBe('/etc/alertmanager/secrets/alertmanager-slack/webhook-url');
  });

  test('cannot be interpolated or serialized by accident', () => {
    const ref = SecretRef.fromSecret('pagerduty', 'routing-key');
    expect(() => `${ref}`).toThrow('cannot be rendered as a plain value');
    expect(() => JSON.stringify({ ref })).toThrow('cannot be serialized');
  });

  test('file references keep their path and have no Secret', () => {
    const ref = SecretRef.fromFile('/var/run/secrets/loki/password');
    expect(ref.filePath('/ignored')).toBe('/var/run/secrets/loki/password');
    expect(() => ref.toSecretKeySelector()).toThrow('a Secret key reference is required here');
  });

  test('rejects invalid names', () => {
    expect(() => SecretRef.fromSecret('Bad_Name', 'k')).toThrow('secret name: must be a DNS-1123 subdomain');
    expect(() => SecretRef.fromSecret('ok', 'bad key')).toThrow('secret key: must consist of alphanumerics');
    expect(() => SecretRef.fromFile('relative/path')).toThrow('secret file: must be an absolute path');
  });
});
