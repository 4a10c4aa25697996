import { AlertmanagerConfig, Matcher } from '../lib/alertmanager';

/**
 * An SLO's page and ticket alerts share their name (they differ by `severity`): while the page fires,
 * the ticket is noise. Every reference application adds this inhibit rule to its routing.
 */
export function inhibitSloTickets(routing: AlertmanagerConfig): void {
  routing.addInhibitRule({
    source: [Matcher.eq('severity', 'critical'), Matcher.regex('slo', '.+')],
    target: [Matcher.eq('severity', 'warning'), Matcher.regex('slo', '.+')],
    equal: ['alertname', 'slo'],
  });
}
