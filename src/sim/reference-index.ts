import type { TransferTable } from './table.ts';
import { MS_PER_DAY } from './time.ts';

/** A pair of wallets that has not dealt with each other for this long is a new relationship. */
export const NOVELTY_MS = 90 * MS_PER_DAY;

/** Per-wallet transfer lists (compressed sparse rows, in time order) and per-transfer novelty. */
export interface TableIndex {
  readonly outStart: Int32Array;
  readonly outList: Int32Array;
  readonly inStart: Int32Array;
  readonly inList: Int32Array;
  /** 1 when the two wallets had no transfer either way in the NOVELTY_MS before this one. */
  readonly novel: Uint8Array;
}

function csr(n: number, wallets: number, key: Int32Array): { start: Int32Array; list: Int32Array } {
  const start = new Int32Array(wallets + 1);
  for (let i = 0; i < n; i += 1) start[key[i]! + 1] = start[key[i]! + 1]! + 1;
  for (let w = 0; w < wallets; w += 1) start[w + 1] = start[w + 1]! + start[w]!;
  const fill = start.slice(0, wallets);
  const list = new Int32Array(n);
  for (let i = 0; i < n; i += 1) {
    const w = key[i]!;
    list[fill[w]!] = i;
    fill[w] = fill[w]! + 1;
  }
  return { start, list };
}

export function indexTable(t: TransferTable): TableIndex {
  const wallets = t.walletIds.length;
  const out = csr(t.n, wallets, t.from);
  const inn = csr(t.n, wallets, t.to);
  const novel = new Uint8Array(t.n);
  const lastSeen = new Map<number, number>();
  for (let i = 0; i < t.n; i += 1) {
    const a = Math.min(t.from[i]!, t.to[i]!);
    const b = Math.max(t.from[i]!, t.to[i]!);
    const key = a * wallets + b;
    const last = lastSeen.get(key);
    if (last === undefined || t.ts[i]! - last > NOVELTY_MS) novel[i] = 1;
    lastSeen.set(key, t.ts[i]!);
  }
  return { outStart: out.start, outList: out.list, inStart: inn.start, inList: inn.list, novel };
}

export function outOf(ix: TableIndex, w: number): Int32Array {
  return ix.outList.subarray(ix.outStart[w]!, ix.outStart[w + 1]!);
}

export function inOf(ix: TableIndex, w: number): Int32Array {
  return ix.inList.subarray(ix.inStart[w]!, ix.inStart[w + 1]!);
}

/**
 * Slides a window over transfers `idx` (time order) and calls `hit(lo, hi)` whenever the window
 * ending at `hi` holds at least `minDistinct` distinct counterparties.
 */
export function slidingDistinct(
  idx: readonly number[],
  ts: Float64Array,
  counterparty: (i: number) => number,
  windowMs: number,
  minDistinct: number,
  hit: (lo: number, hi: number) => void,
): void {
  const counts = new Map<number, number>();
  let lo = 0;
  for (let hi = 0; hi < idx.length; hi += 1) {
    const c = counterparty(idx[hi]!);
    counts.set(c, (counts.get(c) ?? 0) + 1);
    while (ts[idx[hi]!]! - ts[idx[lo]!]! > windowMs) {
      const old = counterparty(idx[lo]!);
      const left = counts.get(old)! - 1;
      if (left === 0) counts.delete(old);
      else counts.set(old, left);
      lo += 1;
    }
    if (counts.size >= minDistinct) hit(lo, hi);
  }
}
