// Barrel of lib/app: filled as the module's constructs land.
export {};
