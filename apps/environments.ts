/** A deployment environment: where an application's monitoring goes and how loudly it may alert. */
export interface EnvironmentConfig {
  /** Folder under `dist/` (`staging`, `production`). */
  readonly name: string;
  /**
   * Whether alerts may page people (PagerDuty, Opsgenie, phone). Staging must never page: its
   * paging receivers are replaced by chat notifications.
   */
  readonly paging: boolean;
  /** Namespace of an application in this environment. */
  namespace(app: string): string;
}

/** The environments every application is synthesized for, in output order. */
export const ENVIRONMENTS: EnvironmentConfig[] = [
  { name: 'staging', paging: false, namespace: (app) => `${app}-staging` },
  { name: 'production', paging: true, namespace: (app) => app },
];
