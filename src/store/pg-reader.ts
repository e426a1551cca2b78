import pg from 'pg';
import { CORE_COLUMNS, coreRow, type JournalRowCore } from './core-row.ts';
import type { AccountEventRef, AccountMeta, OperatorRef, StoreReader } from './reader.ts';

type Cell = number | string | null;

/** Connections a reader holds: it reads one range at a time, plus a lookup beside it at most. */
export const PG_READER_POOL_MAX = 2;
const INT8_OID = 20;

function int8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 ${text} is outside the exact range`);
  return value;
}

/**
 * int8 as numbers for this pool only (the store sets the same parser process-wide on its own thread;
 * a worker thread has its own copy of the driver, and a reader must not depend on who loaded it first).
 */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? int8
      : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

const ROWS = `select ${CORE_COLUMNS.join(', ')} from transfers`;

/** A small pool of its own on a node's PostgreSQL database, for reads from another thread. */
export class PgReader implements StoreReader {
  readonly dialect = 'postgres' as const;

  private constructor(private readonly pool: pg.Pool) {}

  static async open(url: string): Promise<PgReader> {
    const pool = new pg.Pool({ connectionString: url, max: PG_READER_POOL_MAX, types: TYPES });
    // An idle connection dropped by the server must not crash the thread; the pool replaces it.
    pool.on('error', () => undefined);
    try {
      await pool.query('select 1');
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PgReader(pool);
  }

  private async rows(text: string, values: unknown[]): Promise<Cell[][]> {
    return (await this.pool.query<Cell[]>({ text, values, rowMode: 'array' })).rows;
  }

  async readRows(after: number, upTo: number, limit: number): Promise<JournalRowCore[]> {
    const rows = await this.rows(`${ROWS} where seq > $1 and seq <= $2 order by seq limit $3`, [
      after,
      upTo,
      limit,
    ]);
    return rows.map(coreRow);
  }

  async getRows(seqs: readonly number[]): Promise<JournalRowCore[]> {
    if (seqs.length === 0) return [];
    const rows = await this.rows(`${ROWS} where seq = any($1::bigint[]) order by seq`, [seqs]);
    return rows.map(coreRow);
  }

  async accounts(nums: readonly number[]): Promise<AccountMeta[]> {
    if (nums.length === 0) return [];
    const rows = await this.rows(
      'select num, kind, category, operator, opened_ts, owner from accounts where num = any($1::bigint[])',
      [nums],
    );
    return rows.map((r) => ({
      num: r[0] as number,
      kind: r[1] as number,
      category: r[2] as number,
      operator: r[3] as number,
      opened_ts: r[4] as number,
      owner: r[5] as number,
    }));
  }

  async operators(): Promise<OperatorRef[]> {
    const rows = await this.rows('select num, id from operators', []);
    return rows.map((r) => ({ num: r[0] as number, id: r[1] as string }));
  }

  async lastAccountEventId(): Promise<number> {
    const rows = await this.rows('select coalesce(max(event_id), 0) from account_events', []);
    return rows[0]![0] as number;
  }

  async accountEvents(after: number, limit: number): Promise<AccountEventRef[]> {
    const rows = await this.rows(
      'select event_id, num, type from account_events where event_id > $1 order by event_id limit $2',
      [after, limit],
    );
    return rows.map((r) => ({ event_id: r[0] as number, num: r[1] as number, type: r[2] as string }));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
