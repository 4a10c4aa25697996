/** A deployment environment: where an application's monitoring goes and how loudly it may alert. */
export interface EnvironmentConfig {
  /** Folder under `dist/` and suffix of namespaces (`staging`, `production`). */
  readonly name: string;
}

/** The environments every application is synthesized for, in output order. */
export const ENVIRONMENTS: EnvironmentConfig[] = [{ name: 'staging' }, { name: 'production' }];
