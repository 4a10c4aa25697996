import { Testing } from 'cdk8s';
import { MonitoringChart, SecretRef } from '../../lib';
import { Integration } from '../../lib/alertmanager';
import { LabelSelector, ServiceMonitor } from '../../lib/prometheus';
import { routing } from '../alertmanager/fixtures';

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

  // A reference is checked when it is created and reported by the construct it is given to.
  test('rejects invalid names where the reference is used, with the path and the field', () => {
    const monitor = (ref: SecretRef) => () => new ServiceMonitor(new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' }), 'Monitor', {
      selector: LabelSelector.matchLabels({ app: 'x' }), endpoints: [{ port: 'metrics', bearerToken: ref }],
    });
    expect(monitor(SecretRef.fromSecret('Bad_Name', 'k'))).toThrow(/^\[x\/Monitor\] endpoints\[0\]\.bearerToken: secret name: must be a DNS-1123 subdomain/);
    expect(monitor(SecretRef.fromSecret('ok', 'bad key'))).toThrow(/^\[x\/Monitor\] endpoints\[0\]\.bearerToken: secret key: must consist of alphanumerics/);
    const config = routing();
    expect(() => config.addReceiver('chat', { integrations: [Integration.slack({ apiUrl: SecretRef.fromFile('relative/path') })] }))
      .toThrow(/^\[x\/Routing\] receiver "chat" integrations\[0\]\.apiUrl: secret file: must be an absolute path without white space; received "relative\/path"$/);
  });

  test('an invalid reference never used is harmless; used on its own it throws without a path', () => {
    const bad = SecretRef.fromSecret('Bad_Name', 'k');
    expect(bad.describe()).toBe('secret Bad_Name/k');
    expect(() => bad.toSecretKeySelector()).toThrow(/^secret name: must be a DNS-1123 subdomain/);
    expect(() => SecretRef.fromFile('relative/path').filePath('/x')).toThrow(/^secret file: must be an absolute path/);
  });
});
