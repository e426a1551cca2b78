/**
 * Which payer -> payee pairs have transacted recently: the memory behind "new counterparty" filters (a
 * payroll pays the same staff every month; a mule herder pays wallets it never paid before).
 *
 * Bounded by design: GENERATIONS exact hash sets of pair keys, each covering horizon / GENERATIONS of
 * time; a lookup checks all of them, an insert goes to the newest, and the oldest is dropped when time
 * moves into a new generation, or early when the newest is full (the horizon then shrinks; counted).
 * A pair seen within the last horizon * (GENERATIONS - 1) / GENERATIONS is always known.
 *
 * Keys hash the wallet ids themselves (not slots), so a wallet evicted from the wallet table keeps its
 * relationships. Two pairs colliding on a 52-bit key merge; the only effect is a missed "new".
 */
export const GENERATIONS = 4;
const MAX_KEY = 2 ** 52;

/** A 52-bit hash of a wallet id (FNV-1a over UTF-16 code units, split in two 26-bit lanes). */
export function walletHash(id: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 13);
  }
  return ((a >>> 6) * 67_108_864 + (b >>> 6)) % MAX_KEY;
}

function pairKey(from: number, to: number): number {
  // Any value but 0 (the empty marker); mixing keeps (a, b) and (b, a) apart.
  return ((from * 31 + to * 7 + 1) % (MAX_KEY - 1)) + 1;
}

class KeySet {
  readonly keys: Float64Array;
  readonly mask: number;
  size = 0;

  constructor(capacity: number) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.keys = new Float64Array(cap);
    this.mask = cap - 1;
  }

  private slot(k: number): number {
    const lo = k >>> 0;
    const hi = (k / 4294967296) | 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2f), 0x9e3779b1);
    h ^= h >>> 15;
    return h & this.mask;
  }

  has(k: number): boolean {
    for (let i = this.slot(k); ; i = (i + 1) & this.mask) {
      const v = this.keys[i]!;
      if (v === 0) return false;
      if (v === k) return true;
    }
  }

  add(k: number): void {
    for (let i = this.slot(k); ; i = (i + 1) & this.mask) {
      const v = this.keys[i]!;
      if (v === k) return;
      if (v === 0) {
        this.keys[i] = k;
        this.size++;
        return;
      }
    }
  }

  clear(): void {
    this.keys.fill(0);
    this.size = 0;
  }
}

export class Relations {
  readonly horizon_ms: number;
  private readonly gen_ms: number;
  private readonly perGeneration: number;
  private readonly sets: KeySet[];
  /** When each generation began collecting (NaN: never used). */
  private readonly starts: Float64Array;
  /** Index in `sets` of the newest generation. */
  private newest = 0;
  private generation = Number.NaN;
  /** Generations dropped before their time because the newest filled up. */
  earlyRotations = 0;

  constructor(horizon_ms: number, maxPairs: number) {
    this.horizon_ms = horizon_ms;
    this.gen_ms = horizon_ms / GENERATIONS;
    this.perGeneration = Math.max(16, Math.floor(maxPairs / GENERATIONS));
    this.sets = Array.from({ length: GENERATIONS }, () => new KeySet(this.perGeneration));
    this.starts = new Float64Array(GENERATIONS).fill(Number.NaN);
  }

  /** Span of history for which "not seen" means "new": the guaranteed memory. */
  get coverage_ms(): number {
    return this.gen_ms * (GENERATIONS - 1);
  }

  /**
   * Records the pair and says whether it is a new relationship: unseen within the memory, and the memory
   * reaches back at least coverage_ms (right after start-up, or after the memory overflowed, nothing
   * counts as new: the monitor would be guessing).
   */
  observe(from: number, to: number, now: number): boolean {
    const g = Math.floor(now / this.gen_ms);
    if (Number.isNaN(this.generation)) {
      this.generation = g;
      this.starts[this.newest] = now;
    }
    while (this.generation < g) {
      this.generation++;
      this.rotate(this.generation * this.gen_ms);
      if (this.sets.every((x) => x.size === 0)) this.generation = g;
    }
    const k = pairKey(from, to);
    let known = false;
    for (const x of this.sets) {
      if (x.has(k)) {
        known = true;
        break;
      }
    }
    const head = this.sets[this.newest]!;
    if (!known || !head.has(k)) {
      if (head.size >= this.perGeneration) {
        this.rotate(now);
        this.earlyRotations++;
      }
      this.sets[this.newest]!.add(k);
    }
    if (known) return false;
    let oldest = now;
    for (const t of this.starts) if (t < oldest) oldest = t;
    return now - oldest >= this.coverage_ms;
  }

  get size(): number {
    let n = 0;
    for (const x of this.sets) n += x.size;
    return n;
  }

  private rotate(start: number): void {
    this.newest = (this.newest + 1) % GENERATIONS;
    this.sets[this.newest]!.clear();
    this.starts[this.newest] = start;
  }
}
