import type { Generated, Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** The tables of migration 002 (identities, audit log, personal data), typed for the query builder. */
export interface ApiKeysTable {
  key_id: string;
  /** 'key' (long-lived API key) or 'session' (short-lived, opened with a key). */
  kind: string;
  role: string;
  operator_id: string | null;
  /** JSON array of wallet ids (holder and merchant keys). */
  wallets: string;
  label: string;
  /** Hex SM3 of the whole secret; the secret itself is never stored. */
  secret_hash: string;
  created_ts: number;
  created_by: string;
  /** 0 = never. */
  expires_ts: number;
  /** 0 = not revoked. */
  revoked_ts: number;
  /** Sessions: the key that opened them. */
  parent_id: string | null;
  /** 0 = the role's default. */
  rate_per_s: number;
}

export interface AuditEntriesTable {
  idx: number;
  bytes: Uint8Array;
}

export interface AuditNodesTable {
  level: number;
  idx: number;
  hash: Uint8Array;
}

export interface AuditCheckpointsTable {
  tree_size: number;
  timestamp_ms: number;
  note: string;
}

export interface AuditGuardTable {
  id: number;
  ok: number;
}

export interface AuditJournalTable {
  first_seq: number;
  last_seq: number;
  entry_idx: number;
  /** Base64 Merkle root of the rows' canonical encodings. */
  root: string;
}

export interface HoldersTable {
  num: number;
  wallet_id: string;
  sealed: string | null;
  phone_hash: string | null;
  created_ts: number;
}

export interface RevealsTable {
  id: string;
  num: number;
  wallet_id: string;
  reason: string;
  status: string;
  requested_by: string;
  requested_ts: number;
  decided_by: string | null;
  /** 0 = not decided. */
  decided_ts: number;
  /** Before approval: the deadline to approve; after: the end of access to the identity. */
  expires_ts: number;
}

export interface SecurityOutboxTable {
  id: Generated<number>;
  ts_ms: number;
  actor: string;
  action: string;
  subject: string;
  details: string;
}

// A type alias, not an interface: Kysely's withTables wants an indexable record.
export type SecurityTables = {
  api_keys: ApiKeysTable;
  audit_entries: AuditEntriesTable;
  audit_nodes: AuditNodesTable;
  audit_checkpoints: AuditCheckpointsTable;
  audit_guard: AuditGuardTable;
  audit_journal: AuditJournalTable;
  holders: HoldersTable;
  reveals: RevealsTable;
  security_outbox: SecurityOutboxTable;
};

export type SecurityDatabase = Database & SecurityTables;

/** The store's query builder, seeing the security tables too. */
export function securityDb(db: Kysely<Database>): Kysely<SecurityDatabase> {
  return db.withTables<SecurityTables>() as unknown as Kysely<SecurityDatabase>;
}
