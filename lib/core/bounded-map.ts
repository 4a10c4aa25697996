/**
 * A map that keeps at most `capacity` entries, dropping the oldest first: the memo caches of a synth
 * (parsed queries, compiled and matched regular expressions) stay flat however large the app.
 *
 * @internal
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();

  /** `onEvict` releases what a dropped value holds (e.g. WebAssembly memory). */
  public constructor(private readonly capacity: number, private readonly onEvict?: (value: V) => void) {}

  /** The value of `key`, if kept. */
  public get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Keeps `value` under `key`, dropping the oldest entry when the map is full. */
  public set(key: K, value: V): void {
    if (!this.entries.has(key) && this.entries.size >= this.capacity) {
      const [oldestKey, oldest] = this.entries.entries().next().value as [K, V];
      this.entries.delete(oldestKey);
      this.onEvict?.(oldest);
    }
    this.entries.set(key, value);
  }
}
