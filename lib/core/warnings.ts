import { IConstruct } from 'constructs';
import { requireConstruct, requireString } from './untyped';

/** Metadata type of synth warnings on construct nodes. @internal */
export const WARNING_METADATA_TYPE = 'cdk8s-observability:warning';

/** A warning and the construct it is about. */
export interface SynthWarning {
  /** The construct path. */
  readonly path: string;
  /** The warning. */
  readonly message: string;
}

/**
 * Synth-time warnings, recorded as construct metadata (cdk8s has no `Annotations` API of its own):
 * things that synthesize but will likely hurt, such as a dashboard too big for client-side apply.
 */
export class SynthWarnings {
  /** Records a warning on `scope` (once per distinct message). */
  public static add(scope: IConstruct, message: string): void {
    requireConstruct(scope, 'scope', 'the construct the warning is about');
    requireString(message, 'message', "'dashboard too big for client-side apply'");
    if (SynthWarnings.of(scope).includes(message)) return;
    scope.node.addMetadata(WARNING_METADATA_TYPE, message);
  }

  /** Every warning recorded at or under `scope`, with the construct path, in tree order (to print after synth). */
  public static collect(scope: IConstruct): SynthWarning[] {
    requireConstruct(scope, 'scope', 'the app');
    return scope.node.findAll().flatMap((c) => SynthWarnings.of(c).map((message) => ({ path: c.node.path, message })));
  }

  /** The warnings recorded on `scope`. */
  public static of(scope: IConstruct): string[] {
    requireConstruct(scope, 'scope', 'a construct');
    return scope.node.metadata.filter((m) => m.type === WARNING_METADATA_TYPE).map((m) => String(m.data));
  }
}
