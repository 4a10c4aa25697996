/**
 * The built-in parts of an `AppMonitoring`, each of which can be left out (`exclude`). Closed vocabulary.
 */
export enum AppPart {
  /** The `ServiceMonitor` scraping the service. */
  SERVICE_MONITOR = 'service-monitor',
  /** The alert `<App>TargetDown`: a scrape target is down. */
  TARGET_DOWN_ALERT = 'target-down-alert',
  /** The alert `<App>HighErrorRate`: too many 5xx answers. */
  HIGH_ERROR_RATE_ALERT = 'high-error-rate-alert',
  /** The alert `<App>HighLatency`: p95 request duration too high. */
  HIGH_LATENCY_ALERT = 'high-latency-alert',
  /** The alert `<App>HighMemory`: a container near its memory limit. */
  HIGH_MEMORY_ALERT = 'high-memory-alert',
  /** The alert `<App>PodRestarting`: a pod restarting repeatedly. */
  POD_RESTARTING_ALERT = 'pod-restarting-alert',
  /** The service dashboard (RED, USE and log panels). */
  DASHBOARD = 'dashboard',
  /** The service's log pipeline, for the platform's log agent. */
  LOG_PIPELINE = 'log-pipeline',
  /** The Loki alert `<App>ErrorLogSpike`. */
  LOG_ALERTS = 'log-alerts',
  /** The `AlertmanagerConfig` routing the application's alerts. */
  ROUTING = 'routing',
}
