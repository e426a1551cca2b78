import type { InstanceSpec, Step, StepPlan } from './instance.ts';
import {
  awake,
  type BuildContext,
  between,
  keepFen,
  legFen,
  offsets,
  splitFen,
  startInstance,
  sum,
} from './launder-kit.ts';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from './time.ts';

const FEN = 100;
/** Thresholds structurers stay under: a category-3 wallet's single payment, and 50,000 CNY. */
export const STRUCTURING_THRESHOLDS_FEN = [5_000 * FEN, 50_000 * FEN] as const;
/** How far under the threshold a structured payment lands, as a fraction of it (0.1%-4%). */
const STRUCTURING_GAP_MIN = 0.001;
const STRUCTURING_GAP_MAX = 0.04;
/** Largest single payment a laundering step makes from a category-2 wallet (limit 50,000). */
const LARGE_LEG_MAX_FEN = 45_000 * FEN;

function underThreshold(ctx: BuildContext, threshold: number): number {
  const gap = threshold * ctx.rng.logUniform(STRUCTURING_GAP_MIN, STRUCTURING_GAP_MAX);
  const fen = threshold - gap;
  return ctx.rng.chance(0.5) ? Math.floor(fen) : Math.floor(fen / FEN) * FEN;
}

/**
 * Structuring: payments just under a threshold (4,800-4,999.99 or 48,000-49,999.99 CNY), 2-26
 * hours apart. Either one payer makes 5-10 of them to 1-3 wallets, or 3-5 smurfs make 2-3 each to
 * one collector.
 */
export function structuring(spec: InstanceSpec, ctx: BuildContext): StepPlan {
  const { rng, recruiter } = ctx;
  const plan = startInstance(spec);
  const used = new Set<number>();
  const [variant, thresholdIndex] = spec.sizes as [number, number];
  const threshold = STRUCTURING_THRESHOLDS_FEN[thresholdIndex]!;
  const payerRole = threshold > 5_000 * FEN || rng.chance(0.5) ? 'heavy' : 'mule';
  if (variant === 0) {
    const amounts = Array.from({ length: spec.sizes[2]! }, () => underThreshold(ctx, threshold));
    const receivers = Array.from({ length: rng.between(1, 3) }, () =>
      recruiter.pickShell(spec.t0, used, { outFen: 0, inFen: sum(amounts), singleFen: 0 }),
    );
    const payer = recruiter.pick(payerRole, spec.t0, used, {
      outFen: sum(amounts),
      inFen: threshold,
      singleFen: threshold - 1,
    });
    let t = spec.t0;
    amounts.forEach((a, i) => {
      plan.root(payer, receivers[i % receivers.length]!, a, awake(rng, t));
      t += between(rng, 2 * MS_PER_HOUR, 26 * MS_PER_HOUR);
    });
    plan.instance.wallets.push(payer, ...receivers);
    return plan;
  }
  const counts = spec.sizes.slice(3);
  const amounts = counts.map((c) => Array.from({ length: c }, () => underThreshold(ctx, threshold)));
  const total = sum(amounts.map(sum));
  const collector = recruiter.pickShell(spec.t0, used, { outFen: 0, inFen: total, singleFen: 0 });
  const windowMs = between(rng, MS_PER_DAY, 8 * MS_PER_DAY);
  const payers = amounts.map((row) => {
    const p = recruiter.pick(payerRole, spec.t0, used, {
      outFen: sum(row),
      inFen: threshold,
      singleFen: threshold - 1,
    });
    const times = offsets(rng, row.length, windowMs);
    row.forEach((a, i) => {
      plan.root(p, collector, a, awake(rng, spec.t0 + times[i]!));
    });
    return p;
  });
  plan.instance.wallets.push(collector, ...payers);
  return plan;
}

/**
 * A wallet opened long ago and silent since the simulation began wakes after 100+ days: 2-4
 * large payments in (30,000-150,000 CNY in all) within 36 hours, then 85-98% of it out in 2-5
 * payments over the next days.
 */
export function dormantWakeup(spec: InstanceSpec, ctx: BuildContext): StepPlan {
  const { rng, recruiter } = ctx;
  const plan = startInstance(spec);
  const wallet = ctx.reserved(spec.reserved);
  const used = new Set<number>([wallet]);
  const [ins, outs] = spec.sizes as [number, number];
  const maxIn = Math.min(150_000 * FEN, ins * 40_000 * FEN, outs * 40_000 * FEN);
  const totalIn = Math.round(rng.uniform(30_000 * FEN, Math.max(30_000 * FEN, maxIn)) / FEN) * FEN;
  const inParts = splitFen(rng, totalIn, ins, 5_000 * FEN, LARGE_LEG_MAX_FEN);
  const outParts = splitFen(rng, keepFen(rng, totalIn, 0.85, 0.98), outs, 3_000 * FEN, LARGE_LEG_MAX_FEN);
  const inTimes = offsets(rng, ins, between(rng, MS_PER_HOUR, 36 * MS_PER_HOUR));
  const inSteps: Step[] = [];
  const sources = inParts.map((a, i) => {
    const s = recruiter.pickShell(spec.t0, used, { outFen: a, inFen: a, singleFen: a });
    inSteps.push(plan.root(s, wallet, a, awake(rng, spec.t0 + inTimes[i]!), a));
    return s;
  });
  const wait = between(rng, 30 * MS_PER_MINUTE, 24 * MS_PER_HOUR);
  const outTimes = offsets(rng, outs, between(rng, MS_PER_HOUR, 36 * MS_PER_HOUR));
  const receivers = outParts.map((a, i) => {
    const r = recruiter.pick('heavy', spec.t0, used, { outFen: 0, inFen: a, singleFen: 0 });
    plan.after(inSteps, wallet, r, a, wait + outTimes[i]!);
    return r;
  });
  plan.instance.wallets.push(wallet, ...sources, ...receivers);
  return plan;
}

/**
 * A wallet opened hours before is paid 3-6 times within 12 hours and sends 90-98% on in 3-6
 * payments soon after. Category-2 wallets move 9,000-72,000 CNY, category-3 ones stay under their
 * 20,000 cap and 5,000 single-payment limit.
 */
export function newWalletBurst(spec: InstanceSpec, ctx: BuildContext): StepPlan {
  const { rng, recruiter } = ctx;
  const plan = startInstance(spec);
  const wallet = ctx.reserved(spec.reserved);
  const used = new Set<number>([wallet]);
  const [ins, outs, category] = spec.sizes as [number, number, number];
  const small = category === 3;
  const inParts = Array.from({ length: ins }, () =>
    small ? legFen(rng, 1_500, Math.min(4_000, 17_000 / ins)) : legFen(rng, 3_000, 12_000),
  );
  const outCap = outs * (small ? 4_800 : 45_000) * FEN;
  const outTotal = Math.min(keepFen(rng, sum(inParts), 0.9, 0.98), outCap);
  const outParts = splitFen(
    rng,
    outTotal,
    outs,
    Math.min(1_000 * FEN, Math.floor(outTotal / outs)),
    outCap / outs,
  );
  const inTimes = offsets(rng, ins, between(rng, MS_PER_HOUR, 12 * MS_PER_HOUR));
  const inSteps: Step[] = [];
  const sources = inParts.map((a, i) => {
    const s = recruiter.pick('heavy', spec.t0, used, { outFen: a, inFen: a, singleFen: a });
    inSteps.push(plan.root(s, wallet, a, spec.t0 + inTimes[i]!, a));
    return s;
  });
  const wait = between(rng, 5 * MS_PER_MINUTE, 6 * MS_PER_HOUR);
  const outTimes = offsets(rng, outs, between(rng, MS_PER_HOUR, 12 * MS_PER_HOUR));
  const receivers = outParts.map((a, i) => {
    const r = recruiter.pick('mule', spec.t0, used, { outFen: 0, inFen: a, singleFen: 0 });
    plan.after(inSteps, wallet, r, a, wait + outTimes[i]!);
    return r;
  });
  plan.instance.wallets.push(wallet, ...sources, ...receivers);
  return plan;
}
