import { SecretRef } from '../../lib';
import { Integration } from '../../lib/alertmanager';
import { pagerDuty, routing, slack } from './fixtures';

describe('Receiver', () => {
  test('effectiveIntegrations keeps everything when paging, swaps paging ones otherwise', () => {
    const config = routing();
    const chat = slack('#oncall');
    const fallback = slack('#oncall-staging');
    const pager = pagerDuty();
    const r = config.addReceiver('oncall', { integrations: [pager, chat], whenPagingDisabled: [fallback] });
    expect(r.effectiveIntegrations(true)).toEqual([pager, chat]);
    expect(r.effectiveIntegrations(false)).toEqual([chat, fallback]);
  });

  test('a receiver without paging integrations is unchanged when paging is off', () => {
    const config = routing();
    const chat = Integration.slack({ apiUrl: SecretRef.fromSecret('s', 'u') });
    const r = config.addReceiver('chat', { integrations: [chat], whenPagingDisabled: [slack('#unused')] });
    expect(r.effectiveIntegrations(false)).toEqual([chat]);
  });

  test('receivers are listed in insertion order', () => {
    const config = routing();
    config.addReceiver('b');
    config.addReceiver('a');
    expect(config.receivers.map((r) => r.name)).toEqual(['default', 'b', 'a']);
  });
});
