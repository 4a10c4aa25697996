import { AlertmanagerConfig, Matcher } from '../lib/alertmanager';
import { AppPart } from '../lib/app';

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

/**
 * The built-in parts of `AppMonitoring` that every reference application's seed defines its own way: the
 * scrape target, the alerts, the dashboard and the log alert. Routing, log pipeline and lint are kept.
 */
export const SEED_DEFINED_PARTS: AppPart[] = [
  AppPart.SERVICE_MONITOR,
  AppPart.TARGET_DOWN_ALERT, AppPart.HIGH_ERROR_RATE_ALERT, AppPart.HIGH_LATENCY_ALERT, AppPart.HIGH_MEMORY_ALERT, AppPart.POD_RESTARTING_ALERT,
  AppPart.DASHBOARD,
  AppPart.LOG_ALERTS,
];
