import { execSync, spawnSync } from 'child_process';
import { tempFiles } from '../util/tools';

const BINARY = 'prometheus-blackbox-exporter';

/** Installs the blackbox exporter (Debian package) when missing, like test/util/ensure-tools.js does for promtool. */
function ensureBlackbox(): void {
  if (spawnSync('sh', ['-c', `command -v ${BINARY}`]).status === 0) return;
  const sudo = typeof process.getuid === 'function' && process.getuid() === 0 ? '' : 'sudo ';
  try {
    execSync(`${sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${sudo}apt-get install -y -qq --no-install-recommends ${BINARY}`, { stdio: 'ignore', timeout: 600000 });
  } catch (e) {
    throw new Error(`could not install ${BINARY} with apt-get (${(e as Error).message}); the blackbox tests check the configuration with the real exporter`);
  }
}

/** `prometheus-blackbox-exporter --config.check` on a `blackbox.yml`. */
export function blackboxCheckConfig(config: string): { ok: boolean; output: string } {
  ensureBlackbox();
  const dir = tempFiles({ 'blackbox.yml': config });
  const result = spawnSync(BINARY, ['--config.check', '--config.file=blackbox.yml'], { cwd: dir, encoding: 'utf8', timeout: 60000 });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}
