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

/** Home slot of a key in a table of `mask + 1` slots. */
function home(k: number, mask: number): number {
  const lo = k >>> 0;
  const hi = (k / 4294967296) | 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2f), 0x9e3779b1);
  h ^= h >>> 15;
  return h & mask;
}

export class Relations {
  readonly horizon_ms: number;
  private readonly gen_ms: number;
  private readonly perGeneration: number;
  /** GENERATIONS open-addressing key tables laid end to end (0 marks an empty slot). */
  private readonly keys: Float64Array;
  private readonly sizes: Int32Array;
  private readonly mask: number;
  private readonly cap: number;
  /** Index of the newest generation. */
  private newest = 0;
  private generation = Number.NaN;
  /** Generations dropped before their time because the newest filled up. */
  earlyRotations = 0;
  private overflowAt = Number.NEGATIVE_INFINITY;

  constructor(horizon_ms: number, maxPairs: number) {
    this.horizon_ms = horizon_ms;
    this.gen_ms = horizon_ms / GENERATIONS;
    this.perGeneration = Math.max(16, Math.floor(maxPairs / GENERATIONS));
    let cap = 16;
    while (cap < this.perGeneration * 2) cap *= 2;
    this.cap = cap;
    this.mask = cap - 1;
    this.keys = new Float64Array(cap * GENERATIONS);
    this.sizes = new Int32Array(GENERATIONS);
  }

  /** Span of history for which "not seen" means "new": the guaranteed memory. */
  get coverage_ms(): number {
    return this.gen_ms * (GENERATIONS - 1);
  }

  get size(): number {
    let n = 0;
    for (const x of this.sizes) n += x;
    return n;
  }

  /**
   * Records the pair and says whether it is a new relationship: unseen since the monitor started, within
   * the horizon. From start-up on, "unseen" counts as new (on a node the restart replay covers the
   * horizon, so only a backtest's first horizon sees recurring payments as new); after the memory
   * overflowed nothing counts as new for coverage_ms, since it may have forgotten a recent pair.
   */
  observe(from: number, to: number, now: number): boolean {
    const g = Math.floor(now / this.gen_ms);
    if (g !== this.generation) this.advance(g);
    const k = pairKey(from, to);
    const h = home(k, this.mask);
    if (this.find(this.newest, k, h)) return false;
    let known = false;
    for (let i = 0; i < GENERATIONS && !known; i++) if (i !== this.newest && this.find(i, k, h)) known = true;
    if (this.sizes[this.newest]! >= this.perGeneration) {
      this.rotate();
      this.earlyRotations++;
      this.overflowAt = now;
    }
    this.insert(this.newest, k, h);
    return !known && now - this.overflowAt >= this.coverage_ms;
  }

  private find(gen: number, k: number, h: number): boolean {
    const base = gen * this.cap;
    const keys = this.keys;
    for (let i = h; ; i = (i + 1) & this.mask) {
      const v = keys[base + i]!;
      if (v === k) return true;
      if (v === 0) return false;
    }
  }

  private insert(gen: number, k: number, h: number): void {
    const base = gen * this.cap;
    const keys = this.keys;
    for (let i = h; ; i = (i + 1) & this.mask) {
      const v = keys[base + i]!;
      if (v === k) return;
      if (v === 0) {
        keys[base + i] = k;
        this.sizes[gen]!++;
        return;
      }
    }
  }

  private advance(g: number): void {
    if (Number.isNaN(this.generation)) {
      this.generation = g;
      return;
    }
    while (this.generation < g) {
      this.generation++;
      this.rotate();
      if (this.size === 0) this.generation = g;
    }
  }

  private rotate(): void {
    this.newest = (this.newest + 1) % GENERATIONS;
    const base = this.newest * this.cap;
    this.keys.fill(0, base, base + this.cap);
    this.sizes[this.newest] = 0;
  }
}
