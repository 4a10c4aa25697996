import { Manifest } from '../util/synth';
import { amtoolCheckConfig, amtoolRoutesTest, ToolResult } from '../util/tools';

// The shared helpers (test/util/tools.ts) belong to the foundation; these adapters only deal with two
// facts of this amtool: it prints a warning on stderr after the receivers, and the config loads its
// templates from where the operator mounts the Secret (/etc/alertmanager/config/), which we point at the
// template file written next to the config instead.

/** The receivers amtool prints for an alert, without the stderr warning amtool 0.25 always adds. */
export function routesTest(config: string, labels: { [name: string]: string }): string[] {
  const raw = amtoolRoutesTest(config, labels).join(',');
  return raw.split('\n')[0].split(',').map((s) => s.trim()).filter((s) => s !== '');
}

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
