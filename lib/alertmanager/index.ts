// Barrel of lib/alertmanager: typed routing trees, receivers and inhibit rules, rendered as
// AlertmanagerConfig resources and as the platform's alertmanager.yaml.
export * from './version';
export * from './matcher';
export * from './time-interval';
export * from './templates';
export * from './integration-props';
export * from './integrations';
export * from './receiver';
export * from './route';
export * from './inhibit-rule';
export * from './routing-test';
export * from './alertmanager-config';
export * from './alertmanager-config-secret';
