import type { Kysely } from 'kysely';
import type { JournalRow, PendingRecord, RestoredAccount, RestoredOperator } from '../ledger/index.ts';
import type { CompiledWrite } from './compiled-write.ts';
import type { Dialect } from './dialect.ts';
import type { CommitPayload } from './payload.ts';
import type { ReaderOptions } from './reader.ts';
import type { Database } from './schema.ts';

/** What a restart reads before replaying the journal tail. */
export interface StoredCheckpoint {
  readonly seq: number;
  readonly ts: number;
  readonly operators: RestoredOperator[];
  readonly pending: PendingRecord[];
  /** Highest seq in the journal (>= seq). */
  readonly last_seq: number;
  readonly accounts: number;
}

/** Rows read per query when scanning the journal, bounding memory whatever the journal's size. */
export const SCAN_PAGE_ROWS = 50_000;

/**
 * Durable storage of the ledger. Commits are applied in the order they are called, each in one
 * transaction, and a commit's promise resolves only once the transaction is durable (fsync'd).
 */
export interface Store {
  readonly dialect: Dialect;
  /** Query builder for reads and for other modules' tables (one code path for both databases). */
  readonly db: Kysely<Database>;
  commit(payload: CommitPayload): Promise<void>;
  /** Runs compiled writes in one transaction, ordered with commits (SQLite has one writer). */
  write(queries: readonly CompiledWrite[]): Promise<void>;
  loadCheckpoint(): Promise<StoredCheckpoint>;
  /** Streams accounts in number order with their checkpointed values. */
  scanAccounts(fn: (account: RestoredAccount) => void): Promise<void>;
  /** Streams (id_hash, seq) of every row that carries a client id, from the id pages. */
  scanIdHashes(fn: (id_hash: number, seq: number) => void): Promise<void>;
  /** Streams the id pages in seq order: each batch's row hashes from its first seq. */
  scanIdPages(fn: (first_seq: number, hashes: Uint32Array) => void): Promise<void>;
  /** Streams rows with seq in (after, upTo], in order. */
  scanRows(after: number, upTo: number, fn: (row: JournalRow) => void): Promise<void>;
  readRows(after: number, limit: number): Promise<JournalRow[]>;
  getRows(seqs: readonly number[]): Promise<JournalRow[]>;
  /** The post or void rows resolving the given pending seqs. */
  getResolutions(pendingSeqs: readonly number[]): Promise<JournalRow[]>;
  getHolder(num: number): Promise<string | null>;
  /** Streams the payments objects (devices, conditions, schedules, profiles, sub-wallets) in key order. */
  scanObjects(fn: (object: { key: string; kind: string; body: string }) => void): Promise<void>;
  getCursor(name: string): Promise<number>;
  setCursor(name: string, seq: number, ts: number): Promise<void>;
  /** The write that moves a cursor, to commit together with a follower's own writes. */
  cursorWrite(name: string, seq: number, ts: number): CompiledWrite;
  /** How a worker thread opens read connections of its own to this store (`openReader`). */
  readerOptions(): ReaderOptions;
  close(): Promise<void>;
}
