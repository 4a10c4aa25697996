// AlertmanagerVersion is one of the target versions (lib/core/target-versions.ts); it stays importable
// from the alertmanager namespace, where it was first declared.
export { AlertmanagerVersion } from '../core/target-versions';
