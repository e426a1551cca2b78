/**
 * Multi-party patterns over the edge window. Each runs only when O(1) counter pre-checks pass (enough
 * distinct counterparties of at least min_amount_fen in the window) and then reads bounded
 * neighbourhoods (max_branch entries per wallet), so one search costs at most about branch^2 reads.
 *
 * scatter_gather: S -> {M1..Mk} -> T, k >= min_intermediates, each S->Mi before Mi->T and Mi passing
 *                 on [min_hop_ratio, max_hop_ratio] of what it got from S.
 * gather_scatter: {A..} -> H -> {B..}: H has >= min_sources distinct payers and >= min_sinks payees, and
 *                 paid out [min_hop_ratio, max_hop_ratio] of what it took in over the window.
 */
import type { GatherScatterRule, RelayBounds, ScatterGatherRule } from '../rules/types.ts';
import type { Detector, Env, EventCtx, Evidence } from './detector.ts';
import { walk } from './detector.ts';
import { Marks, type Neighbour, neighbours } from './graph-util.ts';
import type { DetectorFactory, SpecRegistry } from './registry.ts';

/** [lo, hi] of a rule's relay bounds; absent bounds admit everything. */
export function bounds(p: RelayBounds): readonly [number, number] {
  return [p.min_hop_ratio ?? 0, p.max_hop_ratio ?? Number.POSITIVE_INFINITY];
}

export function scatterGather(rule: ScatterGatherRule, reg: SpecRegistry): DetectorFactory {
  const p = rule.params;
  const idx = reg.needFiltered(p.window_ms, { min_amount_fen: p.min_amount_fen }, true);
  const [lo, hi] = bounds(p);
  return (env: Env) => {
    const c = env.counters.list[idx]!;
    const e = env.edges;
    const mids = new Marks(env.wallets.capacity);
    const seen = new Marks(env.wallets.capacity);
    const hit = new Marks(env.wallets.capacity);
    const found: number[] = [];
    let source = -1;
    const relays = (into: number, onward: number): boolean => {
      const ratio = e.amount[e.pos(onward)]! / e.amount[e.pos(into)]!;
      return into < onward && ratio >= lo && ratio <= hi;
    };
    const test = (ctx: EventCtx, t: number): boolean => {
      const m = ctx.from;
      if (ctx.amount < p.min_amount_fen || c.distIn[t]! < p.min_intermediates || c.cntIn[m]! === 0)
        return false;
      const since = ctx.now - p.window_ms;
      mids.clear();
      const into: Neighbour[] = [];
      neighbours(env, t, 'in', since, ctx.n + 1, p.min_amount_fen, p.max_branch, mids, into);
      if (into.length < p.min_intermediates) return false;
      seen.clear();
      const sources: Neighbour[] = [];
      neighbours(env, m, 'in', since, ctx.n, p.min_amount_fen, p.max_branch, seen, sources);
      for (const s of sources) {
        if (s.slot === t) continue;
        hit.clear();
        found.length = 0;
        const outs: Neighbour[] = [];
        neighbours(env, s.slot, 'out', since, ctx.n, p.min_amount_fen, p.max_branch, hit, outs);
        for (const o of outs) {
          if (mids.has(o.slot) && relays(o.edge, mids.value[o.slot]!))
            found.push(o.edge, mids.value[o.slot]!);
        }
        if (found.length >= 2 * p.min_intermediates) {
          source = s.slot;
          return true;
        }
      }
      return false;
    };
    const detector: Detector = {
      rule,
      sides: ['to'],
      test,
      explain(_ctx, _t, _s, out: Evidence) {
        out.crossed.push({
          name: 'intermediates',
          observed: found.length / 2,
          op: '>=',
          threshold: p.min_intermediates,
        });
        for (const n of found) out.edges.push(n);
        out.keys.push(env.wallets.names[source]!);
      },
    };
    return detector;
  };
}

export function gatherScatter(rule: GatherScatterRule, reg: SpecRegistry): DetectorFactory {
  const p = rule.params;
  const idx = reg.needFiltered(p.window_ms, { min_amount_fen: p.min_amount_fen }, true);
  const [lo, hi] = bounds(p);
  return (env: Env) => {
    const c = env.counters.list[idx]!;
    const ratio = (h: number): number => (c.sumIn[h]! > 0 ? c.sumOut[h]! / c.sumIn[h]! : 0);
    return {
      rule,
      sides: ['from'],
      test: (ctx, h) => {
        if (ctx.amount < p.min_amount_fen || c.distIn[h]! < p.min_sources || c.distOut[h]! < p.min_sinks)
          return false;
        const r = ratio(h);
        return r >= lo && r <= hi;
      },
      explain(ctx, h, _s, out) {
        out.crossed.push({
          name: 'distinct_payers',
          observed: c.distIn[h]!,
          op: '>=',
          threshold: p.min_sources,
        });
        out.crossed.push({
          name: 'distinct_payees',
          observed: c.distOut[h]!,
          op: '>=',
          threshold: p.min_sinks,
        });
        if (lo > 0) out.crossed.push({ name: 'out_in_ratio', observed: ratio(h), op: '>=', threshold: lo });
        if (hi < Number.POSITIVE_INFINITY) {
          out.crossed.push({ name: 'out_in_ratio', observed: ratio(h), op: '<=', threshold: hi });
        }
        const since = ctx.now - p.window_ms;
        walk(env, h, 'in', since, c.bit, env.maxNamed >> 1, out.edges);
        walk(env, h, 'out', since, c.bit, env.maxNamed >> 1, out.edges);
      },
    };
  };
}
