import type { InstanceSpec, StepPlan } from './instance.ts';
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

/** Many mules (10-22) each pay a collector 1,200-4,900 CNY within 2-40 hours. */
export function fanIn(spec: InstanceSpec, ctx: BuildContext): StepPlan {
  const { rng, recruiter } = ctx;
  const plan = startInstance(spec);
  const used = new Set<number>();
  const amounts = Array.from({ length: spec.sizes[0]! }, () => legFen(rng, 1_200, 4_900));
  const collector = recruiter.pick('heavy', spec.t0, used, { outFen: 0, inFen: sum(amounts), singleFen: 0 });
  const times = offsets(rng, amounts.length, between(rng, 2 * MS_PER_HOUR, 40 * MS_PER_HOUR));
  const senders = amounts.map((a, i) => {
    const s = recruiter.pick('mule', spec.t0, used, { outFen: a, inFen: 0, singleFen: a });
    plan.root(s, collector, a, awake(rng, spec.t0 + times[i]!));
    return s;
  });
  plan.instance.wallets.push(collector, ...senders);
  return plan;
}

/** An origin pays 10-22 mules 1,200-4,900 CNY each within 2-40 hours. */
export function fanOut(spec: InstanceSpec, ctx: BuildContext): StepPlan {
  const { rng, recruiter } = ctx;
  const plan = startInstance(spec);
  const used = new Set<number>();
  const amounts = Array.from({ length: spec.sizes[0]! }, () => legFen(rng, 1_200, 4_900));
  const total = sum(amounts);
  const origin = recruiter.pick('heavy', spec.t0, used, {
    outFen: total,
    inFen: total,
    singleFen: 4_900 * FEN,
  });
  const times = offsets(rng, amounts.length, between(rng, 2 * MS_PER_HOUR, 40 * MS_PER_HOUR));
  const receivers = amounts.map((a, i) => {
    const r = recruiter.pick('mule', spec.t0, used, { outFen: 0, inFen: a, singleFen: 0 });
    plan.root(origin, r, a, spec.t0 + times[i]!, i === 0 ? total : 0);
    return r;
  });
  plan.instance.wallets.push(origin, ...receivers);
  return plan;
}

/** Origin -> 5-11 mules -> one sink; each mule keeps 1-10% and passes the rest on within 12 hours. */
export function scatterGather(spec: InstanceSpec, ctx: BuildContext): StepPlan {
  const { rng, recruiter } = ctx;
  const plan = startInstance(spec);
  const used = new Set<number>();
  const amounts = Array.from({ length: spec.sizes[0]! }, () => legFen(rng, 2_000, 4_900));
  const forwards = amounts.map((a) => keepFen(rng, a, 0.9, 0.99));
  const total = sum(amounts);
  const origin = recruiter.pick('heavy', spec.t0, used, {
    outFen: total,
    inFen: total,
    singleFen: 4_900 * FEN,
  });
  const sink = recruiter.pick('heavy', spec.t0, used, { outFen: 0, inFen: total, singleFen: 0 });
  const times = offsets(rng, amounts.length, between(rng, MS_PER_HOUR, 12 * MS_PER_HOUR));
  const mules = amounts.map((a, i) => {
    const m = recruiter.pick('mule', spec.t0, used, {
      outFen: forwards[i]!,
      inFen: a,
      singleFen: forwards[i]!,
    });
    const first = plan.root(origin, m, a, awake(rng, spec.t0 + times[i]!), i === 0 ? total : 0);
    plan.after([first], m, sink, forwards[i]!, between(rng, 10 * MS_PER_MINUTE, 12 * MS_PER_HOUR));
    return m;
  });
  plan.instance.wallets.push(origin, sink, ...mules);
  return plan;
}

/** 6-12 mules pay a hub; once all has arrived the hub pays 90-98% of it on to 6-12 other mules. */
export function gatherScatter(spec: InstanceSpec, ctx: BuildContext): StepPlan {
  const { rng, recruiter } = ctx;
  const plan = startInstance(spec);
  const used = new Set<number>();
  const [kin, kout] = spec.sizes as [number, number];
  const ins = Array.from({ length: kin }, () => legFen(rng, 2_500, 4_900));
  const outs = splitFen(rng, keepFen(rng, sum(ins), 0.9, 0.98), kout, 1_000 * FEN);
  const hub = recruiter.pick('heavy', spec.t0, used, {
    outFen: sum(outs),
    inFen: sum(ins),
    singleFen: Math.max(...outs),
  });
  const times = offsets(rng, kin, between(rng, 2 * MS_PER_HOUR, 24 * MS_PER_HOUR));
  const inSteps = ins.map((a, i) => {
    const s = recruiter.pick('mule', spec.t0, used, { outFen: a, inFen: 0, singleFen: a });
    plan.instance.wallets.push(s);
    return plan.root(s, hub, a, awake(rng, spec.t0 + times[i]!));
  });
  const wait = between(rng, MS_PER_HOUR, 24 * MS_PER_HOUR);
  const spread = offsets(rng, kout, between(rng, MS_PER_HOUR, 20 * MS_PER_HOUR));
  for (let i = 0; i < kout; i += 1) {
    const r = recruiter.pick('mule', spec.t0, used, { outFen: 0, inFen: outs[i]!, singleFen: 0 });
    plan.instance.wallets.push(r);
    plan.after(inSteps, hub, r, outs[i]!, wait + spread[i]!);
  }
  plan.instance.wallets.unshift(hub);
  return plan;
}

/** 3-5 senders each pay at least three of 3-5 receivers (a dense bipartite graph) within 6-72 hours. */
export function bipartite(spec: InstanceSpec, ctx: BuildContext): StepPlan {
  const { rng, recruiter } = ctx;
  const plan = startInstance(spec);
  const used = new Set<number>();
  const [s, r] = spec.sizes as [number, number];
  const edges = spec.sizes.slice(2);
  const amount = edges.map((e) => (e === 1 ? legFen(rng, 1_500, 4_900) : 0));
  const receivers: number[] = [];
  for (let j = 0; j < r; j += 1) {
    let inTotal = 0;
    for (let i = 0; i < s; i += 1) inTotal += amount[i * r + j]!;
    receivers.push(recruiter.pick('heavy', spec.t0, used, { outFen: 0, inFen: inTotal, singleFen: 0 }));
  }
  const windowMs = between(rng, 6 * MS_PER_HOUR, 3 * MS_PER_DAY);
  const senders: number[] = [];
  for (let i = 0; i < s; i += 1) {
    const row = amount.slice(i * r, i * r + r);
    const sender = recruiter.pick('mule', spec.t0, used, {
      outFen: sum(row),
      inFen: 0,
      singleFen: Math.max(...row),
    });
    senders.push(sender);
    row.forEach((a, j) => {
      if (a > 0)
        plan.root(sender, receivers[j]!, a, awake(rng, spec.t0 + Math.floor(rng.float() * windowMs)));
    });
  }
  plan.instance.wallets.push(...senders, ...receivers);
  return plan;
}
