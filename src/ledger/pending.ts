import { MinHeap } from '../collections/index.ts';

/** A hold created by a pending row, kept until a post or void row resolves it. */
export interface PendingRecord {
  readonly seq: number;
  readonly id: string | null;
  readonly kind: number;
  readonly debit: number;
  readonly credit: number;
  readonly amount: number;
  readonly currency: string;
  readonly ts: number;
  readonly expires_at: number;
  /** Transfer pendings: seq of their pending settlement leg (0 if same operator). */
  settle_seq: number;
  /** Settlement pendings: seq of their transfer. */
  readonly parent_seq: number;
}

/** Min-heap of pendings by expiry. Entries whose record is no longer live are skipped when popped. */
export class ExpiryHeap extends MinHeap<PendingRecord> {
  constructor() {
    super(before);
  }
}

function before(a: PendingRecord, b: PendingRecord): boolean {
  return a.expires_at < b.expires_at || (a.expires_at === b.expires_at && a.seq < b.seq);
}
