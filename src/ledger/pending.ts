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
export class ExpiryHeap {
  private items: PendingRecord[] = [];

  get size(): number {
    return this.items.length;
  }

  push(record: PendingRecord): void {
    const items = this.items;
    items.push(record);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  peek(): PendingRecord | undefined {
    return this.items[0];
  }

  pop(): PendingRecord | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && before(items[l]!, items[m]!)) m = l;
        if (r < items.length && before(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(a: PendingRecord, b: PendingRecord): boolean {
  return a.expires_at < b.expires_at || (a.expires_at === b.expires_at && a.seq < b.seq);
}
