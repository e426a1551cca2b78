import Database from 'better-sqlite3';
import { CORE_COLUMNS, coreRow, type JournalRowCore } from './core-row.ts';
import type { AccountEventRef, AccountMeta, OperatorRef, StoreReader } from './reader.ts';

type Cell = number | string | null;

/** How long a read waits for a lock (a WAL checkpoint restarting the log) before failing. */
export const SQLITE_READER_BUSY_MS = 10_000;
/** Page cache of a reader connection, in KiB (SQLite's negative cache_size). */
const READER_CACHE_KIB = 32_768;

/**
 * A read-only connection to a node's SQLite file, opened beside the node's own (WAL lets readers run
 * while the writer commits). Lists of seqs or numbers go in as one JSON array parameter, so one
 * prepared statement serves any length.
 */
export class SqliteReader implements StoreReader {
  readonly dialect = 'sqlite' as const;
  private readonly range: Database.Statement;
  private readonly bySeq: Database.Statement;
  private readonly accountsByNum: Database.Statement;
  private readonly operatorList: Database.Statement;
  private readonly lastEvent: Database.Statement;
  private readonly eventsAfter: Database.Statement;

  private constructor(private readonly db: Database.Database) {
    const rows = `select ${CORE_COLUMNS.join(', ')} from transfers`;
    this.range = db.prepare(`${rows} where seq > ? and seq <= ? order by seq limit ?`).raw(true);
    this.bySeq = db.prepare(`${rows} where seq in (select value from json_each(?)) order by seq`).raw(true);
    this.accountsByNum = db
      .prepare(
        'select num, kind, category, operator, opened_ts, owner from accounts where num in (select value from json_each(?))',
      )
      .raw(true);
    this.operatorList = db.prepare('select num, id from operators').raw(true);
    this.lastEvent = db.prepare('select coalesce(max(event_id), 0) from account_events').pluck(true);
    this.eventsAfter = db
      .prepare('select event_id, num, type from account_events where event_id > ? order by event_id limit ?')
      .raw(true);
  }

  static async open(path: string): Promise<SqliteReader> {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      db.pragma(`busy_timeout = ${SQLITE_READER_BUSY_MS}`);
      db.pragma(`cache_size = -${READER_CACHE_KIB}`);
      return new SqliteReader(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async readRows(after: number, upTo: number, limit: number): Promise<JournalRowCore[]> {
    return (this.range.all(after, upTo, limit) as Cell[][]).map(coreRow);
  }

  async getRows(seqs: readonly number[]): Promise<JournalRowCore[]> {
    if (seqs.length === 0) return [];
    return (this.bySeq.all(JSON.stringify(seqs)) as Cell[][]).map(coreRow);
  }

  async accounts(nums: readonly number[]): Promise<AccountMeta[]> {
    if (nums.length === 0) return [];
    return (this.accountsByNum.all(JSON.stringify(nums)) as number[][]).map((r) => ({
      num: r[0]!,
      kind: r[1]!,
      category: r[2]!,
      operator: r[3]!,
      opened_ts: r[4]!,
      owner: r[5]!,
    }));
  }

  async operators(): Promise<OperatorRef[]> {
    return (this.operatorList.all() as Array<[number, string]>).map(([num, id]) => ({ num, id }));
  }

  async lastAccountEventId(): Promise<number> {
    return this.lastEvent.get() as number;
  }

  async accountEvents(after: number, limit: number): Promise<AccountEventRef[]> {
    return (this.eventsAfter.all(after, limit) as Array<[number, number, string]>).map(
      ([event_id, num, type]) => ({ event_id, num, type }),
    );
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
