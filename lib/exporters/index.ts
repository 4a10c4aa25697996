// Barrel of lib/exporters: exporters deployed with cdk8s-plus, their scrape objects and the metrics they provide.
export * from './metric';
export type { ExporterProps } from './workload';
export * from './postgres-exporter';
export * from './blackbox-exporter';
export * from './redis-exporter';
export * from './nginx-exporter';
