import { Manifest } from '../util/synth';
import { amtoolCheckConfig, ToolResult } from '../util/tools';

// The config of a Secret loads its templates from where the operator mounts the Secret
// (/etc/alertmanager/config/); for amtool, they are pointed at the template files written next to it.

/** `amtool check-config` on the alertmanager.yaml of a config Secret, with its template files. */
export function checkConfigSecret(secret: Manifest): ToolResult {
  const data: { [key: string]: string } = secret.stringData;
  const config = data['alertmanager.yaml'].split('/etc/alertmanager/config/').join('./');
  const templates = Object.fromEntries(Object.entries(data).filter(([k]) => k.endsWith('.tmpl')));
  return amtoolCheckConfig(config, templates);
}

/** The alertmanager.yaml of a config Secret, loadable by amtool from a temporary folder. */
export function configOf(secret: Manifest): string {
  return secret.stringData['alertmanager.yaml'];
}
