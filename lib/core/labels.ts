/**
 * The standard labels that the library puts on every object it synthesizes.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
 */
export class StandardLabels {
  /** `app.kubernetes.io/part-of`: the application an object belongs to (`gas-delivery`, ... or `platform`). */
  public static readonly PART_OF = 'app.kubernetes.io/part-of';
  /** `app.kubernetes.io/managed-by`: the tool that manages the object. */
  public static readonly MANAGED_BY = 'app.kubernetes.io/managed-by';
  /** The value of `app.kubernetes.io/managed-by` on everything this library synthesizes. */
  public static readonly MANAGER = 'cdk8s-observability';

  /** The standard labels for an application (or `platform`). */
  public static of(partOf: string): { [key: string]: string } {
    return { [StandardLabels.MANAGED_BY]: StandardLabels.MANAGER, [StandardLabels.PART_OF]: partOf };
  }
}
