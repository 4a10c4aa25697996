// Barrel of lib/alertmanager: filled as the module's constructs land.
export {};
