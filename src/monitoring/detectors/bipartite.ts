/**
 * Bipartite: senders X and receivers Y where >= min_sources senders each pay >= 2 receivers of a set of
 * >= min_sinks receivers that each hear from >= 2 of those senders. Found around the payee y of the
 * current transfer by one round of expansion (payers of y, their payees, those payees' payers), bounded
 * by max_branch entries per wallet.
 */
import type { BipartiteRule } from '../rules/types.ts';
import type { Env, EventCtx } from './detector.ts';
import { Marks, type Neighbour, neighbours } from './graph-util.ts';
import type { DetectorFactory, SpecRegistry } from './registry.ts';

export function bipartite(rule: BipartiteRule, reg: SpecRegistry): DetectorFactory {
  const p = rule.params;
  const idx = reg.needFiltered(p.window_ms, { min_amount_fen: p.min_amount_fen }, true);
  return (env: Env) => {
    const c = env.counters.list[idx]!;
    const cap = env.wallets.capacity;
    const sinks = new Marks(cap);
    const srcCount = new Marks(cap);
    const sinkCount = new Marks(cap);
    const tmp = new Marks(cap);
    const edges: number[] = [];
    const keys: number[] = [];
    let sources = 0;
    let receivers = 0;
    const test = (ctx: EventCtx, y: number): boolean => {
      const x = ctx.from;
      if (ctx.amount < p.min_amount_fen || c.distIn[y]! < 2 || c.distOut[x]! < 2) return false;
      const since = ctx.now - p.window_ms;
      const before = ctx.n + 1;
      tmp.clear();
      const payersOfY: Neighbour[] = [];
      neighbours(env, y, 'in', since, before, p.min_amount_fen, p.max_branch, tmp, payersOfY);
      sinks.clear();
      const z: Neighbour[] = [];
      for (const s of payersOfY)
        neighbours(env, s.slot, 'out', since, before, p.min_amount_fen, p.max_branch, sinks, z);
      if (z.length < p.min_sinks) return false;
      // Every payer of every candidate sink, with how many candidate sinks it pays.
      srcCount.clear();
      const payers: number[] = [];
      const links: Neighbour[][] = [];
      for (const w of z) {
        tmp.clear();
        const into: Neighbour[] = [];
        neighbours(env, w.slot, 'in', since, before, p.min_amount_fen, p.max_branch, tmp, into);
        links.push(into);
        for (const s of into) {
          if (srcCount.set(s.slot, 1)) payers.push(s.slot);
          else srcCount.value[s.slot]!++;
        }
      }
      sinkCount.clear();
      receivers = 0;
      z.forEach((w, i) => {
        let n = 0;
        for (const s of links[i]!) if (srcCount.value[s.slot]! >= 2) n++;
        if (n >= 2) {
          sinkCount.set(w.slot, 1);
          receivers++;
        }
      });
      if (receivers < p.min_sinks) return false;
      edges.length = 0;
      keys.length = 0;
      sources = 0;
      for (const s of payers) if (srcCount.value[s]! >= 2) keys.push(s);
      sources = keys.length;
      if (sources < p.min_sources) return false;
      z.forEach((w, i) => {
        if (!sinkCount.has(w.slot)) return;
        keys.push(w.slot);
        for (const s of links[i]!) if (srcCount.value[s.slot]! >= 2) edges.push(s.edge);
      });
      return true;
    };
    return {
      rule,
      sides: ['to'],
      test,
      explain(_ctx, _y, _s, out) {
        out.crossed.push({ name: 'senders', observed: sources, op: '>=', threshold: p.min_sources });
        out.crossed.push({ name: 'receivers', observed: receivers, op: '>=', threshold: p.min_sinks });
        for (const n of edges) out.edges.push(n);
        for (const k of keys) out.keys.push(env.wallets.names[k]!);
      },
    };
  };
}
