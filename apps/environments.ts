import { app } from '../lib';

/**
 * A deployment environment of the reference apps: the library's public `Environment` (name, namespace
 * rule, paging switch, extra alert labels), as any app team would use it.
 */
export type EnvironmentConfig = app.Environment;

/** The environments every application is synthesized for, in output order. */
export const ENVIRONMENTS: EnvironmentConfig[] = [
  // Staging never pages: every paging integration becomes its receiver's `whenPagingDisabled`, or nothing.
  app.Environment.of({ name: 'staging', namespace: app.NamespaceRule.suffix('-staging'), paging: false }),
  app.Environment.of({ name: 'production', namespace: app.NamespaceRule.APP_NAME, paging: true }),
];
