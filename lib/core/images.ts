// The container images the library deploys when a construct is given none: one table, one place to update.
//
// Each entry names the upstream repository whose release tags were read and the day it was done. To move an
// image to a newer release: read the new tag in the upstream repository (`git tag`, the CHANGELOG or the
// release workflow, which also says how the image is tagged: `v1.2.3` or `1.2.3`), check that the flags and
// configuration fields the construct writes are still accepted by that release (its flag definitions and
// config structs), change `tag` and `checked`, then `npm run synth` and `npm test`.
// test/core/images.test.ts holds that every workload image of the reference apps comes from this table.

/**
 * A container image the library deploys by default, pinned to a release.
 * @internal
 */
export interface PinnedImage {
  /** Registry and repository (`quay.io/prometheus/blackbox-exporter`). */
  readonly repository: string;
  /** The release tag, as the project publishes its images (`v0.28.0` or `1.5.3`). */
  readonly tag: string;
  /** The upstream source repository whose tags and release workflow were read. */
  readonly source: string;
  /** The day the tag was confirmed as the current release (`YYYY-MM-DD`). */
  readonly checked: string;
  /** Why this release and not a newer one, when it is not the newest tag of `source`. */
  readonly note?: string;
}

/**
 * Every image the library deploys by default, by workload.
 * @internal
 */
export const IMAGES = {
  blackboxExporter: {
    repository: 'quay.io/prometheus/blackbox-exporter',
    tag: 'v0.28.0',
    source: 'https://github.com/prometheus/blackbox_exporter',
    checked: '2026-12-06',
  },
  postgresExporter: {
    repository: 'quay.io/prometheuscommunity/postgres-exporter',
    tag: 'v0.20.1',
    source: 'https://github.com/prometheus-community/postgres_exporter',
    checked: '2026-12-06',
  },
  redisExporter: {
    repository: 'quay.io/oliver006/redis_exporter',
    tag: 'v1.88.0',
    source: 'https://github.com/oliver006/redis_exporter',
    checked: '2026-12-06',
  },
  nginxExporter: {
    repository: 'docker.io/nginx/nginx-prometheus-exporter',
    tag: '1.5.3',
    source: 'https://github.com/nginx/nginx-prometheus-exporter',
    checked: '2026-12-06',
  },
  promtail: {
    repository: 'docker.io/grafana/promtail',
    tag: '3.6.11',
    source: 'https://github.com/grafana/loki',
    checked: '2026-12-06',
    note: 'the last release whose release workflow (.github/release-workflows.jsonnet) builds the promtail image: '
      + 'from 3.6.12 on, Loki releases no Promtail image (end of life 2026-03-02)',
  },
  alloy: {
    repository: 'docker.io/grafana/alloy',
    tag: 'v1.18.1',
    source: 'https://github.com/grafana/alloy',
    checked: '2026-12-06',
  },
} satisfies { [workload: string]: PinnedImage };

/** The reference (`repository:tag`) of a pinned image. @internal */
export function imageReference(image: PinnedImage): string {
  return `${image.repository}:${image.tag}`;
}

/**
 * Whether an image reference is pinned: a tag other than `latest`, or a sha256 digest.
 * @internal
 */
export function isPinnedImage(image: string): boolean {
  // the tag is what follows the last colon, so `registry:5000/repository` alone is not pinned
  const tagged = /^[^\s@]+:[\w][\w.-]{0,127}$/.test(image) && !image.endsWith(':latest');
  return tagged || /^[^\s@]+@sha256:[a-f0-9]{64}$/.test(image);
}
