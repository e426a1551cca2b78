import type { JournalRow } from '../ledger/index.ts';

/**
 * A journal row as a reader returns it: what moved, between which accounts, when and under which id,
 * without the storage bookkeeping (id hash, expiry, per-account links) that followers do not need and
 * that costs a worker about a fifth of its read time per row.
 */
export type JournalRowCore = Pick<
  JournalRow,
  'seq' | 'id' | 'kind' | 'flags' | 'debit' | 'credit' | 'amount' | 'currency' | 'ts' | 'ref_seq' | 'memo'
>;

/** The columns of JournalRowCore, in the order readers select them. */
export const CORE_COLUMNS = [
  'seq',
  'id',
  'kind',
  'flags',
  'debit',
  'credit',
  'amount',
  'currency',
  'ts',
  'ref_seq',
  'memo',
] as const;

type Cell = number | string | null;

/** A row selected as CORE_COLUMNS, as an object. */
export function coreRow(r: readonly Cell[]): JournalRowCore {
  return {
    seq: r[0] as number,
    id: r[1] as string | null,
    kind: r[2] as JournalRow['kind'],
    flags: r[3] as number,
    debit: r[4] as number,
    credit: r[5] as number,
    amount: r[6] as number,
    currency: r[7] as string,
    ts: r[8] as number,
    ref_seq: r[9] as number,
    memo: r[10] as string | null,
  };
}
