// The composition layer: the standard monitoring of a service from a few typed props.
export * from './log-format';
export * from './app-monitoring';
