import type { AccountEvent, BatchOutput, CheckpointData, JournalRow, LedgerState } from '../ledger/index.ts';

/** Numeric journal columns, packed per row in this order into one Float64Array. */
export const ROW_NUMERIC_COLUMNS = [
  'seq',
  'id_hash',
  'kind',
  'flags',
  'debit',
  'credit',
  'amount',
  'ts',
  'ref_seq',
  'expires_at',
  'debit_prev',
  'credit_prev',
] as const;
export const ROW_WIDTH = ROW_NUMERIC_COLUMNS.length;

/**
 * One batch's writes, in a form that crosses to the writer thread cheaply: numbers packed into one
 * transferable buffer, strings in plain arrays.
 */
export interface CommitPayload {
  readonly count: number;
  readonly numbers: Float64Array;
  readonly ids: Array<string | null>;
  readonly currencies: string[];
  readonly memos: Array<string | null>;
  readonly new_accounts: ReadonlyArray<{
    readonly num: number;
    readonly kind: number;
    readonly category: number;
    readonly status: number;
    readonly operator: number;
    readonly currency: number;
    readonly opened_ts: number;
    readonly holder: string | null;
    /** The wallet an offline reserve or conditional account belongs to, 0 for every other account. */
    readonly owner: number;
  }>;
  readonly new_operators: ReadonlyArray<{
    readonly num: number;
    readonly id: string;
    readonly name: string;
    readonly issuance_quota: number;
    readonly opened_ts: number;
    readonly reserve_nums: string;
    readonly vault_nums: string;
    /** Issuance counters at registration (zeros), kept current by checkpoints. */
    readonly issued: string;
    readonly redeemed: string;
  }>;
  readonly account_updates: ReadonlyArray<{
    readonly num: number;
    readonly status: number;
    readonly category: number;
  }>;
  readonly events: ReadonlyArray<{
    readonly num: number;
    readonly ts: number;
    readonly type: string;
    readonly details: string;
  }>;
  /** Payments objects the batch changed, upserted by key with the batch's last seq. */
  readonly objects: ReadonlyArray<{ readonly key: string; readonly kind: string; readonly body: string }>;
  readonly object_seq: number;
  readonly checkpoint: CheckpointData | null;
}

export function encodeRows(
  rows: readonly JournalRow[],
): Pick<CommitPayload, 'count' | 'numbers' | 'ids' | 'currencies' | 'memos'> {
  const n = rows.length;
  const numbers = new Float64Array(n * ROW_WIDTH);
  const ids: Array<string | null> = new Array(n);
  const currencies: string[] = new Array(n);
  const memos: Array<string | null> = new Array(n);
  for (let i = 0; i < n; i += 1) {
    const r = rows[i]!;
    const o = i * ROW_WIDTH;
    numbers[o] = r.seq;
    numbers[o + 1] = r.id_hash;
    numbers[o + 2] = r.kind;
    numbers[o + 3] = r.flags;
    numbers[o + 4] = r.debit;
    numbers[o + 5] = r.credit;
    numbers[o + 6] = r.amount;
    numbers[o + 7] = r.ts;
    numbers[o + 8] = r.ref_seq;
    numbers[o + 9] = r.expires_at;
    numbers[o + 10] = r.debit_prev;
    numbers[o + 11] = r.credit_prev;
    ids[i] = r.id;
    currencies[i] = r.currency;
    memos[i] = r.memo;
  }
  return { count: n, numbers, ids, currencies, memos };
}

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1)
  throw new Error('Tongbao stores id pages little-endian and needs a little-endian host');

/** The id page of a batch: its rows' id hashes as little-endian uint32 bytes (0 for rows without an id). */
export function idPageOf(p: Pick<CommitPayload, 'count' | 'numbers'>): Uint8Array {
  const hashes = new Uint32Array(p.count);
  for (let i = 0; i < p.count; i += 1) hashes[i] = p.numbers[i * ROW_WIDTH + 1]!;
  // Uint32Array is host-endian; every platform Node runs on here is little-endian, and readers check.
  return new Uint8Array(hashes.buffer);
}

/** Reads an id page back into hashes (copying when the bytes are not 4-aligned). */
export function idPageHashes(bytes: Uint8Array): Uint32Array {
  if (bytes.byteLength % 4 !== 0)
    throw new Error(`id page of ${bytes.byteLength} bytes is not whole uint32s`);
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes);
  return new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
}

export function decodeRow(
  p: Pick<CommitPayload, 'numbers' | 'ids' | 'currencies' | 'memos'>,
  i: number,
): JournalRow {
  const o = i * ROW_WIDTH;
  const x = p.numbers;
  return {
    seq: x[o]!,
    id: p.ids[i]!,
    id_hash: x[o + 1]!,
    kind: x[o + 2]! as JournalRow['kind'],
    flags: x[o + 3]!,
    debit: x[o + 4]!,
    credit: x[o + 5]!,
    amount: x[o + 6]!,
    currency: p.currencies[i]!,
    ts: x[o + 7]!,
    ref_seq: x[o + 8]!,
    expires_at: x[o + 9]!,
    memo: p.memos[i]!,
    debit_prev: x[o + 10]!,
    credit_prev: x[o + 11]!,
  };
}

const STATUS_EVENTS = new Set<AccountEvent['type']>(['category_changed', 'closed', 'frozen', 'unfrozen']);

/** Builds the writes of an applied batch (and of a checkpoint taken right after it). */
export function encodeBatch(
  out: BatchOutput,
  state: LedgerState,
  checkpoint: CheckpointData | null,
): CommitPayload {
  const a = state.accounts;
  const newAccounts: Array<CommitPayload['new_accounts'][number]> = [];
  for (let num = out.first_new_account; num <= out.last_new_account; num += 1) {
    newAccounts.push({
      num,
      kind: a.kind[num]!,
      category: a.category[num]!,
      status: a.status[num]!,
      operator: a.operator[num]!,
      currency: a.currency[num]!,
      opened_ts: a.opened_ts[num]!,
      holder: out.holders.get(num) ?? null,
      owner: a.owner[num]!,
    });
  }
  const updated = new Map<number, { num: number; status: number; category: number }>();
  for (const e of out.events) {
    if (STATUS_EVENTS.has(e.type) && e.num < out.first_new_account) {
      updated.set(e.num, { num: e.num, status: a.status[e.num]!, category: a.category[e.num]! });
    }
  }
  return {
    ...encodeRows(out.rows),
    new_accounts: newAccounts,
    new_operators: out.new_operators.map((op) => ({
      num: op.num,
      id: op.id,
      name: op.name,
      issuance_quota: op.issuance_quota,
      opened_ts: op.opened_ts,
      reserve_nums: JSON.stringify(op.reserve),
      vault_nums: JSON.stringify(op.vault),
      issued: JSON.stringify(op.reserve.map(() => 0)),
      redeemed: JSON.stringify(op.reserve.map(() => 0)),
    })),
    account_updates: [...updated.values()],
    events: out.events.map((e) => ({
      num: e.num,
      ts: e.ts,
      type: e.type,
      details: JSON.stringify(e.details),
    })),
    objects: out.objects,
    object_seq: state.lastSeq,
    checkpoint,
  };
}
