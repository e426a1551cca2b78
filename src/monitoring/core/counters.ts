/**
 * Exact sliding-window aggregates per wallet, maintained incrementally: each edge is added once when it
 * arrives and removed once when it leaves a window, so reading a count, a sum or a number of distinct
 * counterparties is O(1) however hot the wallet. Counters sharing a window length share one expiry
 * cursor over the edge ring. A window of length W at time `now` holds the edges with ts in (now - W, now].
 */
import type { EdgeWindow } from './edge-window.ts';
import { PairTable } from './pair-table.ts';
import type { WalletTable } from './wallet-table.ts';

/** At most 32 distinct counters: an edge records which ones accept it in a 32-bit mask. */
export const MAX_COUNTERS = 32;

export interface CounterSpec {
  readonly window_ms: number;
  /** Amount ranges [lo, hi) the counter accepts (OR); one range [0, Infinity) counts everything. */
  readonly ranges: readonly (readonly [number, number])[];
  /** Keep per-pair counts (distinct counterparties, repeated pairs). */
  readonly pairs: boolean;
  /** Count only transfers that open a new payer -> payee relationship. */
  readonly fresh: boolean;
}

export class Counter {
  readonly spec: CounterSpec;
  readonly bit: number;
  readonly cntIn: Int32Array;
  readonly cntOut: Int32Array;
  readonly sumIn: Float64Array;
  readonly sumOut: Float64Array;
  readonly distIn: Int32Array;
  readonly distOut: Int32Array;
  readonly pairs: PairTable | null;

  constructor(spec: CounterSpec, bit: number, wallets: number, maxEdges: number) {
    this.spec = spec;
    this.bit = bit;
    this.cntIn = new Int32Array(wallets);
    this.cntOut = new Int32Array(wallets);
    this.sumIn = new Float64Array(wallets);
    this.sumOut = new Float64Array(wallets);
    this.distIn = new Int32Array(spec.pairs ? wallets : 0);
    this.distOut = new Int32Array(spec.pairs ? wallets : 0);
    this.pairs = spec.pairs ? new PairTable(maxEdges) : null;
  }

  accepts(amount: number, fresh: boolean): boolean {
    if (this.spec.fresh && !fresh) return false;
    for (const [lo, hi] of this.spec.ranges) if (amount >= lo && amount < hi) return true;
    return false;
  }

  reset(slot: number): void {
    this.cntIn[slot] = 0;
    this.cntOut[slot] = 0;
    this.sumIn[slot] = 0;
    this.sumOut[slot] = 0;
    if (this.pairs) {
      this.distIn[slot] = 0;
      this.distOut[slot] = 0;
    }
  }
}

interface Group {
  readonly window_ms: number;
  readonly counters: Counter[];
  /** Groups' union of counter bits, to skip edges no counter of the group holds. */
  bits: number;
  /** Oldest edge number still inside this group's window. */
  cursor: number;
}

export class Counters {
  readonly list: Counter[] = [];
  private readonly groups: Group[] = [];
  private readonly flat: { lo: Float64Array; hi: Float64Array; bits: Int32Array };
  /** Bits of the counters that only take transfers opening a new relationship. */
  private readonly freshBits: number;
  private readonly edges: EdgeWindow;
  private readonly wallets: WalletTable;

  constructor(specs: readonly CounterSpec[], wallets: WalletTable, edges: EdgeWindow) {
    if (specs.length > MAX_COUNTERS) throw new RangeError(`at most ${MAX_COUNTERS} distinct window counters`);
    this.edges = edges;
    this.wallets = wallets;
    specs.forEach((spec, bit) => {
      const c = new Counter(spec, bit, wallets.capacity, edges.capacity);
      this.list.push(c);
      let g = this.groups.find((x) => x.window_ms === spec.window_ms);
      if (!g) {
        g = { window_ms: spec.window_ms, counters: [], bits: 0, cursor: 0 };
        this.groups.push(g);
      }
      g.counters.push(c);
      g.bits |= 1 << bit;
    });
    wallets.onReset((slot) => {
      for (const c of this.list) c.reset(slot);
    });
    const ranges = this.list.flatMap((c) => c.spec.ranges.map((r) => [r[0], r[1], 1 << c.bit] as const));
    this.flat = {
      lo: Float64Array.from(ranges, (r) => r[0]),
      hi: Float64Array.from(ranges, (r) => r[1]),
      bits: Int32Array.from(ranges, (r) => r[2]),
    };
    this.freshBits = this.list.reduce((m, c) => (c.spec.fresh ? m | (1 << c.bit) : m), 0);
  }

  /** Which counters take a transfer: flat arrays of [lo, hi) ranges, one bit each (hot path). */
  maskFor(amount: number, fresh: boolean): number {
    const { lo, hi, bits } = this.flat;
    const freshOnly = this.freshBits;
    let m = 0;
    for (let i = 0; i < bits.length; i++) if (amount >= lo[i]! && amount < hi[i]!) m |= bits[i]!;
    return fresh ? m : m & ~freshOnly;
  }

  get needsRelations(): boolean {
    return this.list.some((c) => c.spec.fresh);
  }

  /** Adds a just-appended edge whose both endpoints are current. */
  add(n: number): void {
    const e = this.edges;
    const p = e.pos(n);
    const m = e.mask[p]!;
    if (m === 0) return;
    const f = e.from[p]!;
    const t = e.to[p]!;
    const a = e.amount[p]!;
    for (const c of this.list) {
      if ((m & (1 << c.bit)) === 0) continue;
      c.cntOut[f]!++;
      c.sumOut[f]! += a;
      c.cntIn[t]!++;
      c.sumIn[t]! += a;
      if (c.pairs && c.pairs.increment(e.fromUid[p]!, e.toUid[p]!) === 1) {
        c.distOut[f]!++;
        c.distIn[t]!++;
      }
    }
  }

  /** Expires every edge that left each group's window at `now`. */
  expire(now: number): void {
    const e = this.edges;
    for (const g of this.groups) {
      const limit = now - g.window_ms;
      while (g.cursor < e.next && e.ts[e.pos(g.cursor)]! <= limit) this.remove(g, g.cursor++);
    }
  }

  /** Takes edges up to and including `n` out of every window (the ring needs their space). */
  forceExpire(n: number): void {
    for (const g of this.groups) while (g.cursor <= n) this.remove(g, g.cursor++);
  }

  /** Oldest edge number any window still holds; the ring must keep everything from here. */
  oldestHeld(): number {
    let m = this.edges.next;
    for (const g of this.groups) if (g.cursor < m) m = g.cursor;
    return m;
  }

  private remove(g: Group, n: number): void {
    const e = this.edges;
    const p = e.pos(n);
    const m = e.mask[p]! & g.bits;
    if (m === 0) return;
    const f = e.from[p]!;
    const t = e.to[p]!;
    const fOk = this.wallets.uid[f] === e.fromUid[p];
    const tOk = this.wallets.uid[t] === e.toUid[p];
    const a = e.amount[p]!;
    for (const c of g.counters) {
      if ((m & (1 << c.bit)) === 0) continue;
      if (fOk) {
        c.cntOut[f]!--;
        c.sumOut[f]! -= a;
      }
      if (tOk) {
        c.cntIn[t]!--;
        c.sumIn[t]! -= a;
      }
      if (c.pairs && c.pairs.decrement(e.fromUid[p]!, e.toUid[p]!) === 0) {
        if (fOk) c.distOut[f]!--;
        if (tOk) c.distIn[t]!--;
      }
    }
  }
}
