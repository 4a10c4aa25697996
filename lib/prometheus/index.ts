// Barrel of lib/prometheus: filled as the module's constructs land.
export {};
