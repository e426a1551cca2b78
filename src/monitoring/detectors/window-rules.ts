/**
 * Rules read straight from per-wallet window counters: velocity, fan-in/fan-out, structuring, repeated
 * pairs, new-wallet bursts and pass-through. Each fires only on a transfer its own counter holds, so a
 * wallet's state is judged when it moves, and names the window's transfers that its counter holds.
 */
import type { Counter } from '../core/counters.ts';
import type {
  FanRule,
  NewWalletBurstRule,
  PassThroughRule,
  RepeatedPairRule,
  StructuringRule,
  VelocityRule,
} from '../rules/types.ts';
import type { Crossed, Env, EventCtx, Evidence, Side } from './detector.ts';
import { walk } from './detector.ts';
import type { DetectorFactory, SpecRegistry } from './registry.ts';

type Dir = 'in' | 'out';

function sideOf(d: Dir): Side {
  return d === 'in' ? 'to' : 'from';
}

function holds(env: Env, c: Counter, ctx: EventCtx): boolean {
  return (env.edges.mask[env.edges.pos(ctx.n)]! & (1 << c.bit)) !== 0;
}

function cnt(c: Counter, d: Dir, w: number): number {
  return d === 'in' ? c.cntIn[w]! : c.cntOut[w]!;
}

function sum(c: Counter, d: Dir, w: number): number {
  return d === 'in' ? c.sumIn[w]! : c.sumOut[w]!;
}

function dist(c: Counter, d: Dir, w: number): number {
  return d === 'in' ? c.distIn[w]! : c.distOut[w]!;
}

/** Pushes the count/sum thresholds that a counter crossed for a wallet. */
function countSum(out: Crossed[], c: Counter, d: Dir, w: number, minCount?: number, minSum?: number): void {
  if (minCount !== undefined)
    out.push({ name: `count_${d}`, observed: cnt(c, d, w), op: '>=', threshold: minCount });
  if (minSum !== undefined)
    out.push({ name: `sum_${d}_fen`, observed: sum(c, d, w), op: '>=', threshold: minSum });
}

function meets(c: Counter, d: Dir, w: number, minCount?: number, minSum?: number): boolean {
  return (
    (minCount === undefined || cnt(c, d, w) >= minCount) && (minSum === undefined || sum(c, d, w) >= minSum)
  );
}

export function velocity(rule: VelocityRule, reg: SpecRegistry): DetectorFactory {
  const p = rule.params;
  const idx = reg.needFiltered(p.window_ms, p, false);
  return (env) => {
    const c = env.counters.list[idx]!;
    return {
      rule,
      sides: [sideOf(p.direction)],
      test: (ctx, w) => holds(env, c, ctx) && meets(c, p.direction, w, p.min_count, p.min_sum_fen),
      explain(ctx, w, _s, out: Evidence) {
        countSum(out.crossed, c, p.direction, w, p.min_count, p.min_sum_fen);
        walk(env, w, p.direction, ctx.now - p.window_ms, c.bit, env.maxNamed, out.edges);
      },
    };
  };
}

export function fan(rule: FanRule, reg: SpecRegistry): DetectorFactory {
  const p = rule.params;
  const idx = reg.needFiltered(p.window_ms, p, true);
  return (env) => {
    const c = env.counters.list[idx]!;
    return {
      rule,
      sides: [sideOf(p.direction)],
      test: (ctx, w) =>
        holds(env, c, ctx) &&
        dist(c, p.direction, w) >= p.min_distinct &&
        meets(c, p.direction, w, undefined, p.min_sum_fen),
      explain(ctx, w, _s, out) {
        out.crossed.push({
          name: `distinct_${p.direction === 'in' ? 'payers' : 'payees'}`,
          observed: dist(c, p.direction, w),
          op: '>=',
          threshold: p.min_distinct,
        });
        countSum(out.crossed, c, p.direction, w, undefined, p.min_sum_fen);
        walk(env, w, p.direction, ctx.now - p.window_ms, c.bit, env.maxNamed, out.edges);
      },
    };
  };
}

export function structuring(rule: StructuringRule, reg: SpecRegistry): DetectorFactory {
  const p = rule.params;
  const bands = p.thresholds_fen.map((t) => [Math.ceil(t * (1 - p.band_ratio)), t] as const);
  const idx = reg.need(p.window_ms, bands, false);
  return (env) => {
    const c = env.counters.list[idx]!;
    return {
      rule,
      sides: [sideOf(p.direction)],
      test: (ctx, w) => holds(env, c, ctx) && meets(c, p.direction, w, p.min_count, p.min_sum_fen),
      explain(ctx, w, _s, out) {
        countSum(out.crossed, c, p.direction, w, p.min_count, p.min_sum_fen);
        walk(env, w, p.direction, ctx.now - p.window_ms, c.bit, env.maxNamed, out.edges);
      },
    };
  };
}

export function repeatedPair(rule: RepeatedPairRule, reg: SpecRegistry): DetectorFactory {
  const p = rule.params;
  const idx = reg.needFiltered(p.window_ms, p, true);
  return (env) => {
    const c = env.counters.list[idx]!;
    const e = env.edges;
    const pairCount = (pos: number): number => c.pairs!.get(e.fromUid[pos]!, e.toUid[pos]!);
    return {
      rule,
      sides: [sideOf(p.direction)],
      test: (ctx) => holds(env, c, ctx) && pairCount(e.pos(ctx.n)) >= p.min_count,
      explain(ctx, w, _s, out) {
        out.crossed.push({
          name: 'pair_count',
          observed: pairCount(e.pos(ctx.n)),
          op: '>=',
          threshold: p.min_count,
        });
        const keep = (pos: number): boolean => pairCount(pos) >= p.min_count;
        walk(env, w, p.direction, ctx.now - p.window_ms, c.bit, env.maxNamed, out.edges, keep);
      },
    };
  };
}

export function newWalletBurst(rule: NewWalletBurstRule, reg: SpecRegistry): DetectorFactory {
  const p = rule.params;
  const idx = reg.needFiltered(p.window_ms, p, p.min_distinct !== undefined);
  const minDistinct = p.min_distinct ?? 0;
  return (env) => {
    const c = env.counters.list[idx]!;
    const age = (ctx: EventCtx, w: number): number => ctx.now - env.wallets.opened[w]!;
    return {
      rule,
      sides: [sideOf(p.direction)],
      test: (ctx, w) =>
        holds(env, c, ctx) &&
        age(ctx, w) <= p.max_wallet_age_ms &&
        meets(c, p.direction, w, p.min_count, p.min_sum_fen) &&
        (minDistinct === 0 || dist(c, p.direction, w) >= minDistinct),
      explain(ctx, w, _s, out) {
        out.crossed.push({
          name: 'wallet_age_ms',
          observed: age(ctx, w),
          op: '<=',
          threshold: p.max_wallet_age_ms,
        });
        countSum(out.crossed, c, p.direction, w, p.min_count, p.min_sum_fen);
        if (minDistinct > 0) {
          const name = `distinct_${p.direction === 'in' ? 'payers' : 'payees'}`;
          out.crossed.push({ name, observed: dist(c, p.direction, w), op: '>=', threshold: minDistinct });
        }
        walk(env, w, p.direction, ctx.now - p.window_ms, c.bit, env.maxNamed, out.edges);
      },
    };
  };
}

export function passThrough(rule: PassThroughRule, reg: SpecRegistry): DetectorFactory {
  const p = rule.params;
  const idx = reg.needFiltered(p.window_ms, {}, false);
  return (env) => {
    const c = env.counters.list[idx]!;
    const ratio = (w: number): number => (c.sumIn[w]! > 0 ? c.sumOut[w]! / c.sumIn[w]! : 0);
    return {
      rule,
      sides: ['from'],
      test: (_ctx, w) => {
        if (c.sumIn[w]! < p.min_in_sum_fen) return false;
        const r = ratio(w);
        return r >= p.min_out_ratio && r <= p.max_out_ratio;
      },
      explain(ctx, w, _s, out) {
        out.crossed.push({
          name: 'sum_in_fen',
          observed: c.sumIn[w]!,
          op: '>=',
          threshold: p.min_in_sum_fen,
        });
        out.crossed.push({ name: 'out_in_ratio', observed: ratio(w), op: '>=', threshold: p.min_out_ratio });
        out.crossed.push({ name: 'out_in_ratio', observed: ratio(w), op: '<=', threshold: p.max_out_ratio });
        const since = ctx.now - p.window_ms;
        walk(env, w, 'in', since, c.bit, env.maxNamed >> 1, out.edges);
        walk(env, w, 'out', since, c.bit, env.maxNamed >> 1, out.edges);
      },
    };
  };
}
