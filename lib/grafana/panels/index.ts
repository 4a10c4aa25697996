export * from './options';
export * from './panel';
export * from './time-series';
export * from './single-value';
export * from './table';
export * from './logs';
export * from './geomap';
export * from './text';
