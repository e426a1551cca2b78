import { type InstanceSpec, type RunningInstance, StepPlan } from './instance.ts';
import type { Prng } from './prng.ts';
import type { Recruiter } from './recruiter.ts';
import { MS_PER_HOUR, SHANGHAI_OFFSET_MS } from './time.ts';

/** What a typology builder needs from the run. */
export interface BuildContext {
  readonly rng: Prng;
  readonly recruiter: Recruiter;
  /** Wallet reserved by the plan for this instance (dormant and new wallets). */
  readonly reserved: (slot: number) => number;
}

export function startInstance(spec: InstanceSpec): StepPlan {
  const running: RunningInstance = {
    spec,
    wallets: [],
    remaining: spec.transfers,
    firstSeq: -1,
    lastSeq: -1,
    degraded: false,
  };
  return new StepPlan(running);
}

const FEN_PER_YUAN = 100;

/**
 * A laundering amount in [loYuan, hiYuan]: mostly not round (to the fen or the yuan), which is how
 * sums split off a larger one look, and sometimes a round hundred.
 */
export function legFen(rng: Prng, loYuan: number, hiYuan: number): number {
  const yuan = rng.logUniform(loYuan, hiYuan);
  const roll = rng.float();
  if (roll < 0.45) return Math.round(yuan * FEN_PER_YUAN);
  if (roll < 0.7) return Math.round(yuan) * FEN_PER_YUAN;
  return Math.max(1, Math.round(yuan / 100)) * 100 * FEN_PER_YUAN;
}

/** What a mule passes on after keeping its cut. */
export function keepFen(rng: Prng, fen: number, lo: number, hi: number): number {
  const kept = fen * rng.uniform(lo, hi);
  return rng.chance(0.5)
    ? Math.max(1, Math.floor(kept))
    : Math.max(FEN_PER_YUAN, Math.floor(kept / 100) * 100);
}

/** Splits `total` into `n` parts between `minPart` and `maxPart`, in random proportions. */
export function splitFen(
  rng: Prng,
  total: number,
  n: number,
  minPart: number,
  maxPart = Number.POSITIVE_INFINITY,
): number[] {
  if (total < n * minPart || total > n * maxPart) {
    throw new RangeError(`cannot split ${total} into ${n} parts of ${minPart}-${maxPart}`);
  }
  const spare = total - n * minPart;
  const weights = Array.from({ length: n }, () => rng.uniform(0.6, 1.4));
  const weightSum = sum(weights);
  const parts = weights.map((w) => minPart + Math.floor((spare * w) / weightSum));
  parts[0] = parts[0]! + total - sum(parts);
  // Move any excess over the maximum to the parts with room, smallest first.
  for (let i = 0; i < n; i += 1) {
    let excess = parts[i]! - maxPart;
    if (excess <= 0) continue;
    parts[i] = maxPart;
    const order = parts.map((p, j) => [p, j] as const).sort((a, b) => a[0] - b[0]);
    for (const [, j] of order) {
      const room = maxPart - parts[j]!;
      const moved = Math.min(room, excess);
      parts[j] = parts[j]! + moved;
      excess -= moved;
      if (excess === 0) break;
    }
  }
  return parts;
}

/** Sorted offsets spread over a window. */
export function offsets(rng: Prng, n: number, windowMs: number): number[] {
  return Array.from({ length: n }, () => Math.floor(rng.float() * windowMs)).sort((a, b) => a - b);
}

/** Launderers keep waking hours too: most of what would fall between 1am and 7am moves to morning. */
export function awake(rng: Prng, ts: number): number {
  const local = (ts + SHANGHAI_OFFSET_MS) % (24 * MS_PER_HOUR);
  const hour = Math.floor(local / MS_PER_HOUR);
  if (hour >= 1 && hour < 7 && rng.chance(0.85)) {
    return ts - local + 7 * MS_PER_HOUR + Math.floor(rng.float() * 3 * MS_PER_HOUR);
  }
  return ts;
}

export function between(rng: Prng, loMs: number, hiMs: number): number {
  return Math.floor(rng.uniform(loMs, hiMs));
}

export function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
