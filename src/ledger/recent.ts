/**
 * A Map that forgets its oldest entries beyond a fixed size: bounded memory for recent results.
 * Insertion order lives in a ring of keys rather than in the Map itself, because evicting through
 * `map.keys().next()` walks past every deleted slot V8 has not yet compacted, which made eviction
 * cost grow with the number of evictions. Keys are set once; re-setting a key keeps its place.
 */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();
  private readonly ring: Array<K | undefined>;
  private head = 0;

  constructor(readonly max: number) {
    if (!(Number.isInteger(max) && max > 0)) throw new RangeError('max must be a positive integer');
    this.ring = new Array<K | undefined>(max);
  }

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    if (!this.map.has(key)) {
      const oldest = this.ring[this.head];
      if (oldest !== undefined) this.map.delete(oldest);
      this.ring[this.head] = key;
      this.head = (this.head + 1) % this.max;
    }
    this.map.set(key, value);
  }
}
