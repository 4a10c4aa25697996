// Barrel of lib/slo: filled as the module's constructs land.
export {};
