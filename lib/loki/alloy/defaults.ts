// The Alloy agent's defaults (lib/loki/log-agent.ts builds the agent): its pinned image, its port and paths.
import { IMAGES, imageReference } from '../../core/images';

/** The Alloy image used when none is given: pinned, never `latest`. */
export const ALLOY_DEFAULT_IMAGE = imageReference(IMAGES.alloy);

/** The HTTP port of Alloy's server: UI, `/metrics`, `/-/ready`. @internal */
export const ALLOY_HTTP_PORT = 12345;

/** Where the configuration file is mounted. @internal */
export const ALLOY_CONFIG_DIR = '/etc/alloy';
/** The configuration file's name in the ConfigMap and in `ALLOY_CONFIG_DIR`. @internal */
export const ALLOY_CONFIG_FILE = 'config.alloy';
/** Alloy's storage path in the container (positions of tailed files): a host directory or an emptyDir, so the root filesystem stays read-only. @internal */
export const ALLOY_STORAGE_PATH = '/var/lib/alloy/data';
