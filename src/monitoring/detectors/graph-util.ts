/**
 * Small bounded neighbourhood reads over the edge window for the graph rules. Each read scans at most
 * `max_branch` adjacency entries (newest first) and keeps edges that are in the window, at least
 * `min_amount` and earlier in commit order than `before`, whose counterparty slot is still current.
 */
import type { Env } from './detector.ts';

export interface Neighbour {
  /** Counterparty slot. */
  readonly slot: number;
  /** Edge number of the newest qualifying transfer with it. */
  readonly edge: number;
}

/** Reusable per-slot marks: `mark(slot)` is true once per slot per generation. */
export class Marks {
  private readonly stamp: Int32Array;
  private gen = 1;
  readonly value: Float64Array;

  constructor(capacity: number) {
    this.stamp = new Int32Array(capacity);
    this.value = new Float64Array(capacity);
  }

  clear(): void {
    this.gen++;
    if (this.gen === 0x7fffffff) {
      this.stamp.fill(0);
      this.gen = 1;
    }
  }

  has(slot: number): boolean {
    return this.stamp[slot] === this.gen;
  }

  /** Marks slot with a value; returns false if it was already marked in this generation. */
  set(slot: number, value: number): boolean {
    if (this.stamp[slot] === this.gen) return false;
    this.stamp[slot] = this.gen;
    this.value[slot] = value;
    return true;
  }
}

/**
 * Distinct counterparties of `w` in one direction (newest edge per counterparty), appended to `out`.
 * `seen` must be cleared by the caller; counterparties already marked are skipped.
 */
export function neighbours(
  env: Env,
  w: number,
  dir: 'in' | 'out',
  since: number,
  before: number,
  minAmount: number,
  branch: number,
  seen: Marks,
  out: Neighbour[],
): void {
  const e = env.edges;
  const uid = env.wallets.uid;
  let n = dir === 'in' ? e.headIn[w]! : e.headOut[w]!;
  let scanned = 0;
  while (n >= e.oldest && scanned++ < branch) {
    const q = e.pos(n);
    if (e.ts[q]! <= since) return;
    const num = n;
    n = dir === 'in' ? e.nextIn[q]! : e.nextOut[q]!;
    if (num >= before || e.amount[q]! < minAmount) continue;
    const other = dir === 'in' ? e.from[q]! : e.to[q]!;
    const current = dir === 'in' ? uid[other] === e.fromUid[q] : uid[other] === e.toUid[q];
    if (!current || other === w || !seen.set(other, num)) continue;
    out.push({ slot: other, edge: num });
  }
}
