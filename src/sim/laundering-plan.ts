import { TYPOLOGIES, type Typology } from './dataset-format.ts';
import type { InstanceSpec } from './instance.ts';
import type { ReservedWallet } from './population.ts';
import { Prng } from './prng.ts';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from './time.ts';
import type { Category } from './wallets.ts';

/** Default share of transfers that are laundering (the task allows at most 0.5%). */
export const DEFAULT_LAUNDERING_RATE = 0.004;
export const LAUNDERING_RATE_MAX = 0.2;
/** No instance starts in the first weeks (a fifth of short spans), so rules have some history. */
export const WARMUP_DAYS = 21;
const WARMUP_SPAN_SHARE = 0.2;
/** Instances end by this fraction of the span, leaving ordinary traffic after the last one. */
export const PLAN_END_FRACTION = 0.85;
/** A dormant wallet wakes only after this much silence inside the simulated span. */
export const DORMANT_SILENCE_DAYS = 100;

/** Longest time an instance of each typology runs, for placing starts and reserving mules. */
export const MAX_DURATION_MS: Readonly<Record<Typology, number>> = {
  fan_in: 3 * MS_PER_DAY,
  fan_out: 3 * MS_PER_DAY,
  scatter_gather: 3 * MS_PER_DAY,
  gather_scatter: 4 * MS_PER_DAY,
  cycle: 10 * MS_PER_DAY,
  bipartite: 5 * MS_PER_DAY,
  stack: 5 * MS_PER_DAY,
  structuring: 12 * MS_PER_DAY,
  pass_through: 14 * MS_PER_DAY,
  dormant_wakeup: 8 * MS_PER_DAY,
  new_wallet_burst: 3 * MS_PER_DAY,
};

export interface PlanParams {
  readonly seed: number;
  readonly transfers: number;
  readonly rate: number;
  readonly mix: Readonly<Record<Typology, number>>;
  readonly startMs: number;
  readonly days: number;
  /** Overrides the default warm-up (WARMUP_DAYS, or a fifth of short spans). */
  readonly warmupDays?: number | undefined;
}

export interface LaunderingPlan {
  readonly specs: readonly InstanceSpec[];
  readonly reserved: readonly ReservedWallet[];
  readonly transfers: number;
}

/** Draws one instance's sizes; returns them with the number of transfers they make. */
function drawSizes(rng: Prng, typology: Typology): { sizes: number[]; transfers: number } {
  switch (typology) {
    case 'fan_in':
    case 'fan_out': {
      const k = rng.between(10, 22);
      return { sizes: [k], transfers: k };
    }
    case 'scatter_gather': {
      const k = rng.between(5, 11);
      return { sizes: [k], transfers: 2 * k };
    }
    case 'gather_scatter': {
      const kin = rng.between(6, 12);
      const kout = rng.between(6, 12);
      return { sizes: [kin, kout], transfers: kin + kout };
    }
    case 'cycle': {
      const n = rng.between(3, 7);
      const laps = rng.chance(0.2) ? 2 : 1;
      return { sizes: [n, laps], transfers: n * laps };
    }
    case 'bipartite': {
      const s = rng.between(3, 5);
      const r = rng.between(3, 5);
      const edges: number[] = [];
      for (let i = 0; i < s * r; i += 1) edges.push(rng.chance(0.75) ? 1 : 0);
      // Dense: every sender pays at least three receivers and every receiver hears from three.
      for (let i = 0; i < s; i += 1) for (let d = 0; d < 3; d += 1) edges[i * r + ((i + d) % r)] = 1;
      for (let j = 0; j < r; j += 1) for (let d = 0; d < 3; d += 1) edges[((j + d) % s) * r + j] = 1;
      return { sizes: [s, r, ...edges], transfers: edges.reduce((a, b) => a + b, 0) };
    }
    case 'stack': {
      const layers = [rng.between(1, 2), rng.between(2, 4), rng.between(2, 4), rng.between(1, 2)];
      const [a, b, c, d] = layers as [number, number, number, number];
      return { sizes: layers, transfers: a * b + b * c + c * d };
    }
    case 'structuring': {
      const threshold = rng.chance(0.75) ? 0 : 1;
      if (rng.chance(0.7)) {
        const m = rng.between(5, 10);
        return { sizes: [0, threshold, m], transfers: m };
      }
      const payers = rng.between(3, 5);
      const counts = Array.from({ length: payers }, () => rng.between(2, 3));
      return { sizes: [1, threshold, payers, ...counts], transfers: counts.reduce((a, b) => a + b, 0) };
    }
    case 'pass_through': {
      const episodes = rng.between(2, 4);
      const forwards = Array.from({ length: episodes }, () => (rng.chance(0.7) ? 1 : 2));
      return { sizes: [episodes, ...forwards], transfers: episodes + forwards.reduce((a, b) => a + b, 0) };
    }
    case 'dormant_wakeup': {
      const ins = rng.between(2, 4);
      const outs = rng.between(2, 5);
      return { sizes: [ins, outs], transfers: ins + outs };
    }
    case 'new_wallet_burst': {
      const ins = rng.between(3, 6);
      const outs = rng.between(3, 6);
      const category = rng.chance(0.7) ? 2 : 3;
      return { sizes: [ins, outs, category], transfers: ins + outs };
    }
  }
}

export function planLaundering(params: PlanParams): LaunderingPlan {
  const rng = Prng.stream(params.seed, 'laundering-plan');
  const budget = Math.floor(params.transfers * params.rate);
  const spanMs = params.days * MS_PER_DAY;
  const planEnd = params.startMs + PLAN_END_FRACTION * spanMs;
  const warmupDays = params.warmupDays ?? Math.min(WARMUP_DAYS, WARMUP_SPAN_SHARE * params.days);
  const earliest = (t: Typology): number =>
    params.startMs + (t === 'dormant_wakeup' ? DORMANT_SILENCE_DAYS : warmupDays) * MS_PER_DAY;
  const fits = (t: Typology): boolean => earliest(t) + MAX_DURATION_MS[t] <= planEnd;
  const usable = TYPOLOGIES.filter((t) => params.mix[t] > 0 && fits(t));
  const totalWeight = usable.reduce((sum, t) => sum + params.mix[t], 0);

  const drafts: { typology: Typology; sizes: number[]; transfers: number }[] = [];
  let used = 0;
  const share = new Map<Typology, number>();
  for (const t of usable) share.set(t, Math.floor((budget * params.mix[t]) / totalWeight));
  // First each typology up to its share, then the remainder to whichever typology still fits.
  for (const pass of [0, 1]) {
    for (const t of usable) {
      let left = pass === 0 ? share.get(t)! : budget - used;
      for (let misses = 0; misses < 8 && left > 0; ) {
        const draft = drawSizes(rng, t);
        if (draft.transfers > left || used + draft.transfers > budget) {
          misses += 1;
          continue;
        }
        drafts.push({ typology: t, ...draft });
        used += draft.transfers;
        left -= draft.transfers;
      }
    }
  }

  const placed = drafts.map((d) => {
    const lo = earliest(d.typology);
    const hi = planEnd - MAX_DURATION_MS[d.typology];
    return { ...d, t0: Math.floor(rng.uniform(lo, hi)) };
  });
  placed.sort((a, b) => a.t0 - b.t0);

  const reserved: ReservedWallet[] = [];
  const specs = placed.map((p, i): InstanceSpec => {
    let slot = -1;
    if (p.typology === 'dormant_wakeup') {
      slot = reserved.length;
      const category = (rng.chance(0.3) ? 1 : 2) as Category;
      reserved.push({ category, openedMs: params.startMs - rng.uniform(200, 700) * MS_PER_DAY });
    } else if (p.typology === 'new_wallet_burst') {
      slot = reserved.length;
      const openedMs = p.t0 - Math.floor(rng.uniform(10 * MS_PER_MINUTE, 20 * MS_PER_HOUR));
      reserved.push({ category: p.sizes[2] as Category, openedMs });
    }
    return {
      id: `ml-${String(i + 1).padStart(5, '0')}`,
      typology: p.typology,
      t0: p.t0,
      transfers: p.transfers,
      sizes: p.sizes,
      reserved: slot,
    };
  });
  return { specs, reserved, transfers: used };
}
