/**
 * Counts transfers per (payer uid, payee uid) pair inside one sliding window: an open-addressing hash
 * table on typed arrays (linear probing, backward-shift deletion), because a JS Map of numbers is an
 * order of magnitude slower on this path. Capacity is fixed at construction; the caller guarantees at
 * most `maxEntries` live pairs (one per live edge at worst).
 */
const EMPTY = 0;

function hash(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1);
  h ^= Math.imul(b ^ (h >>> 16), 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}

export class PairTable {
  private readonly mask: number;
  // Uids kept modulo 2^32: two live edges can only share a key if 4 billion wallets were interned
  // between them, far beyond any window.
  private readonly ka: Uint32Array;
  private readonly kb: Uint32Array;
  private readonly counts: Int32Array;
  private live = 0;

  constructor(maxEntries: number) {
    let cap = 16;
    while (cap < maxEntries * 2) cap *= 2;
    this.mask = cap - 1;
    this.ka = new Uint32Array(cap);
    this.kb = new Uint32Array(cap);
    this.counts = new Int32Array(cap);
  }

  get size(): number {
    return this.live;
  }

  /** Adds one transfer of the pair; returns the pair's new count. */
  increment(a: number, b: number): number {
    a >>>= 0;
    b >>>= 0;
    const { ka, kb, counts, mask } = this;
    let i = hash(a, b) & mask;
    while (counts[i] !== EMPTY) {
      if (ka[i] === a && kb[i] === b) return ++counts[i]!;
      i = (i + 1) & mask;
    }
    if (this.live * 4 >= (mask + 1) * 3) throw new Error('PairTable over capacity: caller broke its bound');
    ka[i] = a;
    kb[i] = b;
    counts[i] = 1;
    this.live++;
    return 1;
  }

  /** Removes one transfer of the pair; returns the pair's new count (0 removes the entry). */
  decrement(a: number, b: number): number {
    a >>>= 0;
    b >>>= 0;
    const { ka, kb, counts, mask } = this;
    let i = hash(a, b) & mask;
    while (counts[i] !== EMPTY) {
      if (ka[i] === a && kb[i] === b) {
        const c = --counts[i]!;
        if (c === 0) this.remove(i);
        return c;
      }
      i = (i + 1) & mask;
    }
    return 0;
  }

  get(a: number, b: number): number {
    a >>>= 0;
    b >>>= 0;
    const { ka, kb, counts, mask } = this;
    let i = hash(a, b) & mask;
    while (counts[i] !== EMPTY) {
      if (ka[i] === a && kb[i] === b) return counts[i]!;
      i = (i + 1) & mask;
    }
    return 0;
  }

  private remove(hole: number): void {
    const { ka, kb, counts, mask } = this;
    this.live--;
    counts[hole] = EMPTY;
    let j = hole;
    for (;;) {
      j = (j + 1) & mask;
      if (counts[j] === EMPTY) return;
      const home = hash(ka[j]!, kb[j]!) & mask;
      // Move j into the hole unless its home lies cyclically in (hole, j].
      const inRange = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (inRange) continue;
      ka[hole] = ka[j]!;
      kb[hole] = kb[j]!;
      counts[hole] = counts[j]!;
      counts[j] = EMPTY;
      hole = j;
    }
  }
}
