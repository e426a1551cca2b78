/**
 * The simulator's only source of randomness: sfc32 (Chris Doty-Humphrey's Small Fast Counting
 * generator), seeded through splitmix32. It passes PractRand to 2^64 bytes, needs four 32-bit words
 * of state and only 32-bit integer operations, so it is fast in JS and identical on every platform.
 *
 * Independent parts of the model (population, retail, laundering plan, ...) draw from their own
 * stream, `Prng.stream(seed, label)`, so that changing how one part consumes numbers does not shift
 * what every other part sees.
 */
const TWO_POW_32 = 4_294_967_296;
/** Outputs thrown away after seeding, so that nearby seeds diverge before the first real draw. */
const WARMUP_ROUNDS = 12;
/** Above this mean a Poisson draw uses the normal approximation (Knuth's loop grows with the mean). */
const POISSON_KNUTH_MAX_MEAN = 30;

function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/** FNV-1a over the label's UTF-16 code units, then mixed with the seed's two 32-bit halves. */
export function hashSeed(seed: number, label: string): number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed ${seed} is not a safe integer`);
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i += 1) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  const low = seed >>> 0;
  const high = Math.floor(seed / TWO_POW_32) >>> 0;
  h = Math.imul(h ^ low, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ high, 0x85ebca77);
  return (h ^ (h >>> 13)) >>> 0;
}

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;

  constructor(seed32: number) {
    let s = seed32 | 0;
    let word: number;
    [s, word] = splitmix32(s);
    this.a = word;
    [s, word] = splitmix32(s);
    this.b = word;
    [s, word] = splitmix32(s);
    this.c = word;
    [, word] = splitmix32(s);
    this.d = word;
    for (let i = 0; i < WARMUP_ROUNDS; i += 1) this.u32();
  }

  /** A generator for one named part of the model. */
  static stream(seed: number, label: string): Prng {
    return new Prng(hashSeed(seed, label));
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 53 bits of resolution. */
  float(): number {
    const high = this.u32() >>> 5;
    const low = this.u32() >>> 6;
    return (high * 67_108_864 + low) / 9_007_199_254_740_992;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!(n >= 1)) throw new RangeError(`int(${n}): n must be at least 1`);
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi], both included. */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  /** Standard normal (Marsaglia's polar method; the second value of each pair is kept). */
  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.float() - 1;
      v = 2 * this.float() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    return u * factor;
  }

  /** Log-normal with the given median and log-space standard deviation. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Log-uniform in [lo, hi]: as many values between 1,000 and 2,000 as between 2,000 and 4,000. */
  logUniform(lo: number, hi: number): number {
    return lo * Math.exp(Math.log(hi / lo) * this.float());
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }

  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > POISSON_KNUTH_MAX_MEAN) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k += 1;
      p *= this.float();
    }
    return k;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  /** Index drawn in proportion to weights given as a running total (last entry = total weight). */
  pickCumulative(cumulative: ArrayLike<number>): number {
    const n = cumulative.length;
    const total = cumulative[n - 1] as number;
    if (!(total > 0)) throw new RangeError('pickCumulative needs a positive total weight');
    const x = this.float() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i -= 1) {
      const j = this.int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }
}

/** Running totals of weights, for `Prng.pickCumulative`. */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i += 1) {
    sum += weights[i] as number;
    out[i] = sum;
  }
  return out;
}
