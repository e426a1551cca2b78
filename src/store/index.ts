import { PgStore } from './pg-store.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

export type { CompiledWrite } from './compiled-write.ts';
export { CORE_COLUMNS, coreRow, type JournalRowCore } from './core-row.ts';
export type { Dialect } from './dialect.ts';
export { type CommitPayload, decodeRow, encodeBatch, encodeRows } from './payload.ts';
export { PgStore } from './pg-store.ts';
export {
  type AccountEventRef,
  type AccountMeta,
  type OperatorRef,
  openReader,
  type ReaderOptions,
  type StoreReader,
} from './reader.ts';
export type { Database } from './schema.ts';
export { SQLITE_FILE, SqliteStore } from './sqlite-store.ts';
export { SCAN_PAGE_ROWS, type Store, type StoredCheckpoint } from './store.ts';

/** Opens PostgreSQL when a URL is given, else the embedded SQLite store in the data folder. */
export async function openStore(options: {
  readonly dataDir: string;
  readonly databaseUrl?: string | undefined;
}): Promise<Store> {
  if (options.databaseUrl !== undefined && options.databaseUrl !== '')
    return PgStore.open(options.databaseUrl);
  return SqliteStore.open(options.dataDir);
}
