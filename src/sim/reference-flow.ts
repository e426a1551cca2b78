import { inOf, type TableIndex } from './reference-index.ts';
import { type Flag, MERCHANT } from './reference-rules.ts';
import type { TransferTable } from './table.ts';
import { MS_PER_DAY, MS_PER_HOUR } from './time.ts';

/**
 * Flow rules: follow money through wallets. A "hop" is a new payment out of a (non-merchant)
 * wallet within a day of new payments into it that cover it. Chains of hops are layering (a
 * cycle when they come back to where they started); several one-hop paths between the same two
 * wallets through different intermediaries are scatter-gather.
 */
export const HOP_MIN_FEN = 500 * 100;
export const HOP_WINDOW_MS = 24 * MS_PER_HOUR;
/** What goes out may exceed what came in by this factor (rounding, the wallet's own money). */
export const HOP_COVER = 1.05;
export const SG_WINDOW_MS = 72 * MS_PER_HOUR;
export const SG_MIN_PATHS = 3;
export const CYCLE_MAX_HOPS = 8;
/** A cycle hop passes on 85-100% of one payment in (fees and cuts make it shrink, never grow). */
export const MATCH_MIN_SHARE = 0.85;
export const CYCLE_WINDOW_MS = 7 * MS_PER_DAY;

/** Predecessors of each transfer that leaves a wallet as a hop (one side of it at least new). */
export function hops(t: TransferTable, ix: TableIndex): Map<number, number[]> {
  const preds = new Map<number, number[]>();
  const eligible = (i: number): boolean =>
    t.amount[i]! >= HOP_MIN_FEN && t.kind[t.from[i]!] !== MERCHANT && t.kind[t.to[i]!] !== MERCHANT;
  for (let o = 0; o < t.n; o += 1) {
    if (!eligible(o)) continue;
    const m = t.from[o]!;
    const ins = inOf(ix, m);
    // Inflows are in time order: walk back from the last one before `o`.
    let hi = ins.length - 1;
    while (hi >= 0 && ins[hi]! >= o) hi -= 1;
    const found: number[] = [];
    let covered = 0;
    for (let k = hi; k >= 0 && t.ts[o]! - t.ts[ins[k]!]! <= HOP_WINDOW_MS; k -= 1) {
      const i = ins[k]!;
      if (!eligible(i) || (ix.novel[i] === 0 && ix.novel[o] === 0)) continue;
      found.push(i);
      covered += t.amount[i]!;
    }
    if (found.length > 0 && t.amount[o]! <= HOP_COVER * covered) preds.set(o, found);
  }
  return preds;
}

/**
 * Hops where pairs may repeat (money goes round the same wallets twice; a network reuses its
 * mules), so newness is not required; instead what goes out must match one payment in closely.
 */
export function matchedHops(t: TransferTable, ix: TableIndex): Map<number, number[]> {
  const preds = new Map<number, number[]>();
  const eligible = (i: number): boolean =>
    t.amount[i]! >= HOP_MIN_FEN && t.kind[t.from[i]!] !== MERCHANT && t.kind[t.to[i]!] !== MERCHANT;
  for (let o = 0; o < t.n; o += 1) {
    if (!eligible(o)) continue;
    const ins = inOf(ix, t.from[o]!);
    let hi = ins.length - 1;
    while (hi >= 0 && ins[hi]! >= o) hi -= 1;
    const found: number[] = [];
    for (let k = hi; k >= 0 && t.ts[o]! - t.ts[ins[k]!]! <= HOP_WINDOW_MS; k -= 1) {
      const i = ins[k]!;
      const share = t.amount[o]! / t.amount[i]!;
      if (eligible(i) && share >= MATCH_MIN_SHARE && share <= 1) found.push(i);
    }
    if (found.length > 0) preds.set(o, found);
  }
  return preds;
}

/** Three or more transfers linked by hops. */
export function layeringRule(preds: Map<number, number[]>, flag: Flag): void {
  for (const [o, ps] of preds) {
    for (const p of ps) {
      const before = preds.get(p);
      if (before === undefined) continue;
      flag(o);
      flag(p);
      for (const b of before) flag(b);
    }
  }
}

/** The same origin reaching the same sink through several intermediaries within three days. */
export function scatterGatherRule(t: TransferTable, preds: Map<number, number[]>, flag: Flag): void {
  const paths = new Map<string, { m: number; p: number; o: number; ts: number }[]>();
  for (const [o, ps] of preds) {
    for (const p of ps) {
      const key = `${t.from[p]}>${t.to[o]}`;
      if (t.from[p] === t.to[o]) continue;
      const list = paths.get(key);
      const path = { m: t.from[o]!, p, o, ts: t.ts[o]! };
      if (list === undefined) paths.set(key, [path]);
      else list.push(path);
    }
  }
  for (const list of paths.values()) {
    if (list.length < SG_MIN_PATHS) continue;
    for (const path of list) {
      const near = list.filter((x) => Math.abs(x.ts - path.ts) <= SG_WINDOW_MS);
      if (new Set(near.map((x) => x.m)).size >= SG_MIN_PATHS) {
        flag(path.p);
        flag(path.o);
      }
    }
  }
}

/** Hops that bring money back to the wallet it started from (three transfers or more). */
export function cycleRule(t: TransferTable, preds: Map<number, number[]>, flag: Flag): void {
  const next = new Map<number, number[]>();
  for (const [o, ps] of preds) {
    for (const p of ps) {
      const list = next.get(p);
      if (list === undefined) next.set(p, [o]);
      else list.push(o);
    }
  }
  const path: number[] = [];
  const walk = (start: number, at: number): void => {
    for (const o of next.get(at) ?? []) {
      if (t.ts[o]! - t.ts[start]! > CYCLE_WINDOW_MS || path.includes(o)) continue;
      path.push(o);
      if (t.to[o] === t.from[start] && path.length >= 3) for (const x of path) flag(x);
      else if (path.length < CYCLE_MAX_HOPS) walk(start, o);
      path.pop();
    }
  };
  for (const start of next.keys()) {
    path.push(start);
    walk(start, start);
    path.pop();
  }
}
