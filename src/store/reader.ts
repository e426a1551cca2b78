import type { JournalRowCore } from './core-row.ts';
import type { Dialect } from './dialect.ts';
import { PgReader } from './pg-reader.ts';
import { SqliteReader } from './sqlite-reader.ts';

/**
 * How another thread opens read connections of its own to a node's store: plain data, so it crosses
 * into a worker thread (SQLite: the file, which WAL lets a reader share with the writer; PostgreSQL: the
 * connection URL).
 */
export type ReaderOptions =
  | { readonly dialect: 'sqlite'; readonly path: string }
  | { readonly dialect: 'postgres'; readonly url: string };

/** An account's metadata as stored with the batch that opened or changed it. */
export interface AccountMeta {
  readonly num: number;
  readonly kind: number;
  readonly category: number;
  readonly operator: number;
  readonly opened_ts: number;
  /** The wallet an offline reserve or conditional account belongs to, 0 for every other account. */
  readonly owner: number;
}

export interface AccountEventRef {
  readonly event_id: number;
  readonly num: number;
  readonly type: string;
}

export interface OperatorRef {
  readonly num: number;
  readonly id: string;
}

/**
 * Read-only access to the committed journal and the account tables on connections of its own, for a
 * worker thread (no query builder: raw statements on SQLite, parameterised queries on PostgreSQL).
 * It reads what is committed, never more: rows a commit has not finished are not visible to it.
 */
export interface StoreReader {
  readonly dialect: Dialect;
  /** Rows with seq in (after, upTo], in seq order, at most `limit`. */
  readRows(after: number, upTo: number, limit: number): Promise<JournalRowCore[]>;
  /** The rows with these seqs that exist, in seq order. */
  getRows(seqs: readonly number[]): Promise<JournalRowCore[]>;
  /** The accounts with these numbers that exist, in no particular order. */
  accounts(nums: readonly number[]): Promise<AccountMeta[]>;
  operators(): Promise<OperatorRef[]>;
  /** The highest account event id, 0 when there is none. */
  lastAccountEventId(): Promise<number>;
  /** Account events with event_id > after, in id order, at most `limit`. */
  accountEvents(after: number, limit: number): Promise<AccountEventRef[]>;
  close(): Promise<void>;
}

export async function openReader(o: ReaderOptions): Promise<StoreReader> {
  return o.dialect === 'sqlite' ? SqliteReader.open(o.path) : PgReader.open(o.url);
}
