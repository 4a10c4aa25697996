// Barrel of lib/exporters: filled as the module's constructs land.
export {};
