/**
 * The committed journal: one row per movement between two accounts, in seq order. Rows are the only
 * thing that changes balances, live and on replay (see effects.ts), so what is stored is exactly what
 * was applied.
 */
export const EntryKind = {
  /** Central bank funds an operator's reserve when the operator is registered. */
  fund: 1,
  /** Reserve -> vault: the central bank issues e-CNY to an operator. */
  issue: 2,
  /** Vault -> reserve: an operator redeems e-CNY at the central bank. */
  redeem: 3,
  /** Vault -> wallet: a holder exchanges deposits for e-CNY. */
  exchange_in: 4,
  /** Wallet -> vault: a holder exchanges e-CNY back to deposits. */
  exchange_out: 5,
  /** Wallet -> wallet payment. */
  transfer: 6,
  /** Payee operator's vault -> payer operator's vault, in the same step as a cross-operator transfer. */
  settlement: 7,
  /** Resolves a pending row (ref_seq) by moving the posted amount. */
  post: 8,
  /** Resolves a pending row (ref_seq) by releasing its hold. */
  void: 9,
  /** Wallet -> a hard wallet's offline reserve (loading the device). */
  offline_load: 10,
  /** Offline reserve -> the device's wallet (unloading what the device still holds). */
  offline_unload: 11,
  /** Offline reserve -> payee wallet: an offline voucher settled; id names the voucher, memo its digest. */
  voucher: 12,
  /** Wallet -> conditional account: funds put under a condition (escrow, prepaid custody, grant). */
  condition_lock: 13,
  /** Conditional account -> payee: released by the condition (escrow, a service delivered, a grant spent). */
  condition_release: 14,
  /** Conditional account -> the wallet the funds came from (timeout, expiry, cancellation). */
  condition_return: 15,
} as const;

export type EntryKindName = keyof typeof EntryKind;
export type EntryKindCode = (typeof EntryKind)[EntryKindName];

export const ENTRY_KIND_NAMES: Readonly<Record<number, EntryKindName>> = Object.fromEntries(
  Object.entries(EntryKind).map(([name, code]) => [code, name as EntryKindName]),
);

export const EntryFlag = {
  /** The row holds funds instead of moving them; a later post or void row resolves it. */
  pending: 1,
  /** A void row written because the pending transfer's timeout passed. */
  expired: 2,
} as const;

export interface JournalRow {
  seq: number;
  /** The client's id for the command; null for rows the ledger derives (settlement, post, void). */
  id: string | null;
  /** 32-bit hash of id (0 when id is null), kept so the id index rebuilds without rehashing strings. */
  id_hash: number;
  kind: EntryKindCode;
  flags: number;
  debit: number;
  credit: number;
  amount: number;
  currency: string;
  ts: number;
  /** Settlement: seq of its transfer. Post/void: seq of the pending row. 0 otherwise. */
  ref_seq: number;
  /** Pending rows with a timeout: when they expire (ms). 0 otherwise. */
  expires_at: number;
  memo: string | null;
  /** Previous row touching the debit / credit account (0 if none): per-account history without an index. */
  debit_prev: number;
  credit_prev: number;
}

export function isPendingRow(row: Pick<JournalRow, 'flags'>): boolean {
  return (row.flags & EntryFlag.pending) !== 0;
}
