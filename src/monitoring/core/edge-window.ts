/**
 * The window of recent transfers ("edges"): a ring buffer of struct-of-arrays capped by edge count and
 * by age, with per-wallet in/out adjacency threaded through it as linked lists (newest first). Edges are
 * named by a monotonically increasing edge number; an edge is live while `oldest <= n < next`, so a
 * link to an overwritten edge is recognised by its number and never followed.
 */
import type { WalletTable } from './wallet-table.ts';

/** Smallest ring accepted: graph searches need some history to look at. */
export const MIN_EDGES = 64;

export class EdgeWindow {
  readonly capacity: number;
  /** Next edge number to assign. */
  next = 0;
  /** Oldest live edge number. */
  oldest = 0;
  readonly seq: Float64Array;
  readonly ts: Float64Array;
  readonly amount: Float64Array;
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly fromUid: Float64Array;
  readonly toUid: Float64Array;
  readonly nextOut: Float64Array;
  readonly nextIn: Float64Array;
  /** Bit i set when counter i's amount filter accepts the edge. */
  readonly mask: Uint32Array;
  readonly ids: string[];
  readonly fromName: string[];
  readonly toName: string[];
  readonly headOut: Float64Array;
  readonly headIn: Float64Array;
  private readonly wallets: WalletTable;

  constructor(capacity: number, wallets: WalletTable) {
    if (!Number.isInteger(capacity) || capacity < MIN_EDGES) {
      throw new RangeError(`max_edges must be an integer >= ${MIN_EDGES}`);
    }
    this.capacity = capacity;
    this.wallets = wallets;
    this.seq = new Float64Array(capacity);
    this.ts = new Float64Array(capacity);
    this.amount = new Float64Array(capacity);
    this.from = new Int32Array(capacity);
    this.to = new Int32Array(capacity);
    this.fromUid = new Float64Array(capacity);
    this.toUid = new Float64Array(capacity);
    this.nextOut = new Float64Array(capacity);
    this.nextIn = new Float64Array(capacity);
    this.mask = new Uint32Array(capacity);
    this.ids = new Array<string>(capacity).fill('');
    this.fromName = new Array<string>(capacity).fill('');
    this.toName = new Array<string>(capacity).fill('');
    this.headOut = new Float64Array(wallets.capacity).fill(-1);
    this.headIn = new Float64Array(wallets.capacity).fill(-1);
    wallets.onReset((slot) => {
      this.headOut[slot] = -1;
      this.headIn[slot] = -1;
    });
  }

  get size(): number {
    return this.next - this.oldest;
  }

  get full(): boolean {
    return this.next - this.oldest >= this.capacity;
  }

  pos(n: number): number {
    return n % this.capacity;
  }

  /** Whether the edge's payer slot still belongs to the wallet that made the transfer. */
  fromCurrent(p: number): boolean {
    return this.wallets.uid[this.from[p]!] === this.fromUid[p];
  }

  toCurrent(p: number): boolean {
    return this.wallets.uid[this.to[p]!] === this.toUid[p];
  }

  /** Drops the oldest edge; the caller has already taken it out of every counter. */
  dropOldest(): void {
    const p = this.oldest % this.capacity;
    this.ids[p] = '';
    this.fromName[p] = '';
    this.toName[p] = '';
    this.oldest++;
  }

  append(
    seq: number,
    id: string,
    ts: number,
    amount: number,
    from: number,
    to: number,
    mask: number,
  ): number {
    const n = this.next++;
    const p = n % this.capacity;
    const w = this.wallets;
    this.seq[p] = seq;
    this.ts[p] = ts;
    this.amount[p] = amount;
    this.from[p] = from;
    this.to[p] = to;
    this.fromUid[p] = w.uid[from]!;
    this.toUid[p] = w.uid[to]!;
    this.mask[p] = mask;
    this.ids[p] = id;
    this.fromName[p] = w.names[from]!;
    this.toName[p] = w.names[to]!;
    this.nextOut[p] = this.headOut[from]!;
    this.headOut[from] = n;
    this.nextIn[p] = this.headIn[to]!;
    this.headIn[to] = n;
    return n;
  }
}
