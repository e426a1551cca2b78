import type { Generated } from 'kysely';

/**
 * The database schema, for both SQLite and PostgreSQL (one migration set, see migrations/). Amounts and
 * seqs are 64-bit integers in storage and safe integers in memory.
 */
export interface MetaTable {
  key: string;
  value: string;
}

export interface OperatorsTable {
  num: number;
  id: string;
  name: string;
  issuance_quota: number;
  opened_ts: number;
  /** JSON arrays indexed by currency: account numbers, and the counters as of the last checkpoint. */
  reserve_nums: string;
  vault_nums: string;
  issued: string;
  redeemed: string;
}

export interface AccountsTable {
  num: number;
  kind: number;
  category: number;
  status: number;
  operator: number;
  currency: number;
  opened_ts: number;
  /** Holder details as sealed by the API layer; null for system accounts. */
  holder: string | null;
  /** The wallet an offline reserve or conditional account belongs to; 0 for every other account. */
  owner: Generated<number>;
  /** Balance and limit usage as of the last checkpoint (meta checkpoint_seq). */
  balance: number;
  day_key: number;
  day_out: number;
  year_key: number;
  year_out: number;
  last_seq: number;
}

export interface AccountEventsTable {
  event_id: Generated<number>;
  num: number;
  ts: number;
  type: string;
  details: string;
}

export interface TransfersTable {
  seq: number;
  id: string | null;
  id_hash: number;
  kind: number;
  flags: number;
  debit: number;
  credit: number;
  amount: number;
  currency: string;
  ts: number;
  ref_seq: number;
  expires_at: number;
  memo: string | null;
  debit_prev: number;
  credit_prev: number;
}

/** Holds open as of the last checkpoint. */
export interface PendingTable {
  seq: number;
  id: string | null;
  kind: number;
  debit: number;
  credit: number;
  amount: number;
  currency: string;
  ts: number;
  expires_at: number;
  settle_seq: number;
  parent_seq: number;
}

/** Little-endian uint32 id hashes of the rows first_seq, first_seq + 1, ... (0 for rows without an id). */
export interface IdPagesTable {
  first_seq: number;
  hashes: Uint8Array;
}

export interface CursorsTable {
  name: string;
  seq: number;
  updated_ts: number;
}

/** Payments objects by key, current as of seq (see migrations/004-payments.ts). */
export interface LedgerObjectsTable {
  key: string;
  kind: string;
  body: string;
  seq: number;
}

export interface Database {
  meta: MetaTable;
  operators: OperatorsTable;
  accounts: AccountsTable;
  account_events: AccountEventsTable;
  transfers: TransfersTable;
  pending: PendingTable;
  cursors: CursorsTable;
  id_pages: IdPagesTable;
  ledger_objects: LedgerObjectsTable;
}

export const TRANSFER_COLUMNS = [
  'seq',
  'id',
  'id_hash',
  'kind',
  'flags',
  'debit',
  'credit',
  'amount',
  'currency',
  'ts',
  'ref_seq',
  'expires_at',
  'memo',
  'debit_prev',
  'credit_prev',
] as const;
