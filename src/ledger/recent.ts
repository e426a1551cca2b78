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

/**
 * The most recent transfers, by seq, in a ring: slot `seq & mask`. Adding costs one array store, which
 * matters at 150,000 transfers a second; a lookup by id goes through the id index's candidate seqs.
 */
export class RecentTransfers<T extends { readonly seq: number }> {
  private readonly ring: Array<T | undefined>;
  private readonly mask: number;

  constructor(readonly size: number) {
    if (!(Number.isInteger(size) && size > 0 && (size & (size - 1)) === 0))
      throw new RangeError('size must be a power of two');
    this.ring = new Array<T | undefined>(size);
    this.mask = size - 1;
  }

  add(record: T): void {
    this.ring[record.seq & this.mask] = record;
  }

  /** The record committed or applied at seq, if the ring still holds it. */
  at(seq: number): T | undefined {
    const record = this.ring[seq & this.mask];
    return record !== undefined && record.seq === seq ? record : undefined;
  }
}
