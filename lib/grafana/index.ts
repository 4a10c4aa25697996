// Barrel of lib/grafana: filled as the module's constructs land.
export {};
