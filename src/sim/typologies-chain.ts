import type { InstanceSpec, Step, StepPlan } from './instance.ts';
import {
  awake,
  type BuildContext,
  between,
  keepFen,
  legFen,
  splitFen,
  startInstance,
  sum,
} from './launder-kit.ts';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from './time.ts';

const FEN = 100;

/**
 * Money goes round 3-7 wallets and comes back to where it started (once, sometimes twice), each
 * hop 15 minutes to 18 hours after the last and 0.5-4% lighter. Large cycles run through better
 * verified households and shell companies; small ones (under 5,000 CNY) through mules.
 */
export function cycle(spec: InstanceSpec, ctx: BuildContext): StepPlan {
  const { rng, recruiter } = ctx;
  const plan = startInstance(spec);
  const used = new Set<number>();
  const [n, laps] = spec.sizes as [number, number];
  const small = rng.chance(0.3);
  const start = small ? legFen(rng, 2_000, 4_900) : legFen(rng, 8_000, 45_000);
  const hops: number[] = [start];
  for (let i = 1; i < n * laps; i += 1) hops.push(keepFen(rng, hops[i - 1]!, 0.96, 0.995));
  const need = { outFen: start * laps, inFen: start, singleFen: start };
  const members: number[] = [];
  for (let i = 0; i < n; i += 1) {
    if (small) members.push(recruiter.pick('mule', spec.t0, used, need));
    else
      members.push(
        rng.chance(0.3)
          ? recruiter.pickShell(spec.t0, used, need)
          : recruiter.pick('heavy', spec.t0, used, need),
      );
  }
  let previous: Step | null = null;
  for (let h = 0; h < n * laps; h += 1) {
    const from = members[h % n]!;
    const to = members[(h + 1) % n]!;
    previous =
      previous === null
        ? plan.root(from, to, hops[h]!, awake(rng, spec.t0), start)
        : plan.after([previous], from, to, hops[h]!, between(rng, 15 * MS_PER_MINUTE, 18 * MS_PER_HOUR));
  }
  plan.instance.wallets.push(...members);
  return plan;
}

/**
 * Layered chains (AMLSim's "stack"): 1-2 origins pay every wallet of a first layer of 2-4 mules,
 * each of which, once paid, splits what it got over every wallet of a second layer of 2-4, which
 * in turn pays 1-2 sinks. Each layer keeps 1-7%.
 */
export function stack(spec: InstanceSpec, ctx: BuildContext): StepPlan {
  const { rng, recruiter } = ctx;
  const plan = startInstance(spec);
  const used = new Set<number>();
  const [l0, l1, l2, ls] = spec.sizes as [number, number, number, number];
  const first = Array.from({ length: l0 * l1 }, () => legFen(rng, 2_500, 4_900));
  const inOfL1 = Array.from({ length: l1 }, (_, j) => sum(first.filter((_, e) => e % l1 === j)));
  const second = inOfL1.map((total) => splitFen(rng, keepFen(rng, total, 0.93, 0.99), l2, 500 * FEN));
  const inOfL2 = Array.from({ length: l2 }, (_, k) => sum(second.map((row) => row[k]!)));
  const third = inOfL2.map((total) => splitFen(rng, keepFen(rng, total, 0.93, 0.99), ls, 500 * FEN));

  const origins = Array.from({ length: l0 }, (_, i) => {
    const out = first.slice(i * l1, i * l1 + l1);
    return recruiter.pickShell(spec.t0, used, {
      outFen: sum(out),
      inFen: sum(out),
      singleFen: Math.max(...out),
    });
  });
  const layer1 = inOfL1.map((total, j) =>
    recruiter.pick('mule', spec.t0, used, {
      outFen: total,
      inFen: total,
      singleFen: Math.max(...second[j]!),
    }),
  );
  const layer2 = inOfL2.map((total, k) =>
    recruiter.pick('mule', spec.t0, used, { outFen: total, inFen: total, singleFen: Math.max(...third[k]!) }),
  );
  const sinkIn = Array.from({ length: ls }, (_, s) => sum(third.map((row) => row[s]!)));
  const sinks = sinkIn.map((total) =>
    recruiter.pickShell(spec.t0, used, { outFen: 0, inFen: total, singleFen: 0 }),
  );

  const intoL1: Step[][] = layer1.map(() => []);
  origins.forEach((o, i) => {
    const out = first.slice(i * l1, i * l1 + l1);
    const t = awake(rng, spec.t0 + between(rng, 0, 6 * MS_PER_HOUR));
    out.forEach((a, j) => {
      intoL1[j]!.push(
        plan.root(o, layer1[j]!, a, t + j * between(rng, 20_000, 5 * MS_PER_MINUTE), j === 0 ? sum(out) : 0),
      );
    });
  });
  const intoL2: Step[][] = layer2.map(() => []);
  layer1.forEach((m, j) => {
    const delay = between(rng, 20 * MS_PER_MINUTE, 12 * MS_PER_HOUR);
    second[j]!.forEach((a, k) => {
      intoL2[k]!.push(
        plan.after(intoL1[j]!, m, layer2[k]!, a, delay + k * between(rng, 30_000, 10 * MS_PER_MINUTE)),
      );
    });
  });
  layer2.forEach((m, k) => {
    const delay = between(rng, 20 * MS_PER_MINUTE, 12 * MS_PER_HOUR);
    third[k]!.forEach((a, s) => {
      plan.after(intoL2[k]!, m, sinks[s]!, a, delay + s * between(rng, 30_000, 10 * MS_PER_MINUTE));
    });
  });
  plan.instance.wallets.push(...origins, ...layer1, ...layer2, ...sinks);
  return plan;
}

/**
 * Rapid pass-through: a mule is paid 2-4 times over days and each time, within 2-45 minutes, sends
 * 85-99% of it on (in one or two payments) to wallets it has never paid before.
 */
export function passThrough(spec: InstanceSpec, ctx: BuildContext): StepPlan {
  const { rng, recruiter } = ctx;
  const plan = startInstance(spec);
  const used = new Set<number>();
  const episodes = spec.sizes[0]!;
  const forwards = spec.sizes.slice(1);
  const mule = recruiter.pick('mule', spec.t0, used, {
    outFen: episodes * 4_900 * FEN,
    inFen: 4_900 * FEN,
    singleFen: 4_900 * FEN,
  });
  const large = recruiter.singleLimitOf(mule) >= 50_000 * FEN;
  const sources: number[] = [];
  const destinations: number[] = [];
  let t = spec.t0;
  for (let e = 0; e < episodes; e += 1) {
    const amount = large ? legFen(rng, 5_000, 45_000) : legFen(rng, 2_000, 4_900);
    const source = recruiter.pickShell(t, used, { outFen: amount, inFen: amount, singleFen: amount });
    sources.push(source);
    t = awake(rng, t);
    const incoming = plan.root(source, mule, amount, t, amount);
    const parts = splitFen(rng, keepFen(rng, amount, 0.85, 0.99), forwards[e]!, 300 * FEN);
    parts.forEach((part, p) => {
      const to = recruiter.pick('heavy', t, used, { outFen: 0, inFen: part, singleFen: 0 });
      destinations.push(to);
      plan.after(
        [incoming],
        mule,
        to,
        part,
        between(rng, 2 * MS_PER_MINUTE, 45 * MS_PER_MINUTE) + p * MS_PER_MINUTE,
      );
    });
    t += between(rng, 6 * MS_PER_HOUR, 3 * MS_PER_DAY);
  }
  plan.instance.wallets.push(mule, ...sources, ...destinations);
  return plan;
}
