/**
 * Stack (layered chains): origins -> relay layer -> relay layer -> ... -> z, read backwards from the
 * payee z of the current transfer. Layer 1 is z's payers; every further layer holds the wallets that pay
 * at least two wallets of the layer before it (one when that layer has a single wallet), and a layer is
 * then pruned to the wallets paid by at least two of the next (the dense links between layers are what
 * tells a stack from unrelated payers). Relays must pass on [min_hop_ratio, max_hop_ratio] of what the
 * pattern's own edges brought them (the layer next to z only the upper bound: it may still be paying).
 * Found when min_layers layers stand (z and the origins included), relay layers >= min_width wide.
 * Bounded: max_branch entries per wallet and per layer.
 */
import type { StackRule } from '../rules/types.ts';
import type { Env, EventCtx } from './detector.ts';
import { bounds } from './graph-rules.ts';
import { Marks } from './graph-util.ts';
import type { DetectorFactory, SpecRegistry } from './registry.ts';

interface Link {
  readonly payer: number;
  readonly payee: number;
  readonly edge: number;
  readonly amount: number;
}

export function stack(rule: StackRule, reg: SpecRegistry): DetectorFactory {
  const p = rule.params;
  const idx = reg.needFiltered(p.window_ms, { min_amount_fen: p.min_amount_fen }, true);
  const [lo, hi] = bounds(p);
  return (env: Env) => {
    const c = env.counters.list[idx]!;
    const e = env.edges;
    const uid = env.wallets.uid;
    const placed = new Marks(env.wallets.capacity);
    const perMember = new Marks(env.wallets.capacity);
    const count = new Marks(env.wallets.capacity);
    const bound = new Marks(env.wallets.capacity);
    let layers: number[][] = [];
    let links: Link[][] = [];

    /** Links from payers (not yet placed) into `members`, newest per (payer, member). */
    const linksInto = (members: readonly number[], since: number): Link[] => {
      const out: Link[] = [];
      for (const m of members) {
        perMember.clear();
        let n = e.headIn[m]!;
        let scanned = 0;
        const before = bound.value[m]!;
        while (n >= e.oldest && scanned++ < p.max_branch) {
          const q = e.pos(n);
          if (e.ts[q]! <= since) break;
          const num = n;
          n = e.nextIn[q]!;
          const payer = e.from[q]!;
          if (num >= before || e.amount[q]! < p.min_amount_fen || uid[payer] !== e.fromUid[q]) continue;
          if (placed.has(payer) || !perMember.set(payer, 1)) continue;
          out.push({ payer, payee: m, edge: num, amount: e.amount[q]! });
        }
      }
      return out;
    };

    /** Keeps links whose payer pays >= `need` members; returns the payers kept. */
    const densePayers = (ls: Link[], need: number): number[] => {
      count.clear();
      const payers: number[] = [];
      for (const l of ls)
        if (count.set(l.payer, 1)) payers.push(l.payer);
        else count.value[l.payer]!++;
      return payers.filter((x) => count.value[x]! >= need);
    };

    const relayOk = (layer: number, w: number): boolean => {
      let inSum = 0;
      let outSum = 0;
      for (const l of links[layer + 1]!) if (l.payee === w) inSum += l.amount;
      for (const l of links[layer]!) if (l.payer === w) outSum += l.amount;
      if (inSum <= 0) return false;
      const r = outSum / inSum;
      return (layer === 1 || r >= lo) && r <= hi;
    };

    const test = (ctx: EventCtx, z: number): boolean => {
      if (ctx.amount < p.min_amount_fen || c.distIn[z]! < 2 || c.distIn[ctx.from]! === 0) return false;
      const since = ctx.now - p.window_ms;
      placed.clear();
      bound.clear();
      placed.set(z, 0);
      bound.set(z, ctx.n + 1);
      layers = [[z]];
      links = [[]];
      for (let k = 1; k < p.min_layers; k++) {
        const prev = layers[k - 1]!;
        let ls = linksInto(prev, since);
        const need = prev.length >= 2 ? 2 : 1;
        const cand = k === 1 ? densePayers(ls, 1) : densePayers(ls, need);
        if (k >= 2) {
          // Prune the previous layer to wallets paid by enough of the candidates, then recount.
          const keep = new Set(cand);
          count.clear();
          for (const l of ls) if (keep.has(l.payer) && !count.set(l.payee, 1)) count.value[l.payee]!++;
          const paidNeed = cand.length >= 2 ? 2 : 1;
          const kept = prev.filter((w) => count.has(w) && count.value[w]! >= paidNeed);
          if (kept.length < p.min_width) return false;
          layers[k - 1] = kept;
          const keptSet = new Set(kept);
          links[k - 1] = links[k - 1]!.filter((l) => keptSet.has(l.payer));
          ls = ls.filter((l) => keptSet.has(l.payee) && keep.has(l.payer));
        } else {
          ls = ls.filter((l) => cand.includes(l.payer));
        }
        const layer = k === 1 ? cand : densePayers(ls, need);
        if (layer.length === 0) return false;
        const inLayer = new Set(layer);
        ls = ls.filter((l) => inLayer.has(l.payer));
        for (const l of ls) {
          placed.set(l.payer, k);
          if (!bound.set(l.payer, l.edge + 1) && bound.value[l.payer]! < l.edge + 1)
            bound.value[l.payer] = l.edge + 1;
        }
        layers.push(layer);
        links.push(ls);
      }
      for (let k = 1; k < p.min_layers - 1; k++) {
        const relays = layers[k]!.filter((w) => relayOk(k, w));
        if (relays.length < p.min_width) return false;
      }
      return true;
    };

    return {
      rule,
      sides: ['to'],
      test,
      explain(_ctx, _z, _s, out) {
        out.crossed.push({ name: 'layers', observed: layers.length, op: '>=', threshold: p.min_layers });
        const widths = layers.slice(1, -1).map((l) => l.length);
        out.crossed.push({
          name: 'narrowest_relay_layer',
          observed: Math.min(...widths),
          op: '>=',
          threshold: p.min_width,
        });
        for (let k = 1; k < links.length; k++) for (const l of links[k]!) out.edges.push(l.edge);
        for (let k = 1; k < layers.length; k++)
          for (const w of layers[k]!) out.keys.push(env.wallets.names[w]!);
      },
    };
  };
}
