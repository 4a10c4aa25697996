// Barrel of lib/loki: filled as the module's constructs land.
export {};
