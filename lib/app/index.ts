// The composition layer: the standard monitoring of a service from a few typed props.
export * from './environment';
export * from './log-format';
export * from './app-part';
export type { AppReceiver, AppRoute, AppRoutingOptions, AppTimeInterval } from './app-routing';
export * from './app-monitoring';
