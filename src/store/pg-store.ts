import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { CompiledWrite } from './compiled-write.ts';
import { migrateToLatest } from './migrate.ts';
import { type CommitPayload, idPageOf, ROW_WIDTH } from './payload.ts';
import type { ReaderOptions } from './reader.ts';
import { Reads } from './reads.ts';
import type { Database as Schema } from './schema.ts';
import type { Store } from './store.ts';

/** Connections for reads; the writer has its own so commits never wait behind a slow read. */
export const PG_READ_POOL_MAX = 8;
/** Advisory lock key held by the writer connection ("tong" in ASCII). */
export const PG_WRITER_LOCK_KEY = 0x746f6e67;

// int8 comes back as text by default; every int8 we store is a safe integer by construction.
pg.types.setTypeParser(20, (text: string) => {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 ${text} is outside the exact range`);
  return value;
});

function column(p: CommitPayload, index: number): number[] {
  const out = new Array<number>(p.count);
  for (let i = 0; i < p.count; i += 1) out[i] = p.numbers[i * ROW_WIDTH + index]!;
  return out;
}

/**
 * The production store: PostgreSQL named by a connection URL. A batch is inserted with one statement
 * per table (arrays unnested server-side), in one transaction, committed with PostgreSQL's own WAL
 * flush before the batch is acknowledged.
 */
export class PgStore extends Reads implements Store {
  readonly dialect = 'postgres' as const;
  private chain: Promise<void> = Promise.resolve();
  private failed: Error | null = null;

  private constructor(
    db: Kysely<Schema>,
    private readonly writer: pg.Client,
    private readonly url: string,
  ) {
    super(db);
  }

  static async open(url: string): Promise<PgStore> {
    const pool = new pg.Pool({ connectionString: url, max: PG_READ_POOL_MAX });
    // An idle connection dropped by the server must not crash the node; the pool replaces it.
    pool.on('error', () => undefined);
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
    await migrateToLatest(db as Kysely<unknown>, 'postgres');
    const writer = new pg.Client({ connectionString: url });
    writer.on('error', () => undefined);
    await writer.connect();
    // One node per database: the writer holds this lock for as long as it lives.
    const { rows } = await writer.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [
      PG_WRITER_LOCK_KEY,
    ]);
    if (rows[0]?.locked !== true) {
      await writer.end();
      await db.destroy();
      throw new Error('another Tongbao node is writing to this database');
    }
    await writer.query('set synchronous_commit = on');
    return new PgStore(db, writer, url);
  }

  commit(payload: CommitPayload): Promise<void> {
    return this.serial(() => this.commitNow(payload));
  }

  write(queries: readonly CompiledWrite[]): Promise<void> {
    return this.serial(async () => {
      await this.transaction(async (c) => {
        for (const q of queries) await c.query(q.sql, q.parameters as unknown[]);
      });
    });
  }

  async setCursor(name: string, seq: number, ts: number): Promise<void> {
    await this.write([this.cursorWrite(name, seq, ts)]);
  }

  readerOptions(): ReaderOptions {
    return { dialect: 'postgres', url: this.url };
  }

  async close(): Promise<void> {
    await this.chain.catch(() => undefined);
    await this.writer.end();
    await this.db.destroy();
  }

  private serial(task: () => Promise<void>): Promise<void> {
    if (this.failed !== null) return Promise.reject(this.failed);
    const next = this.chain.then(task);
    this.chain = next.catch((error: unknown) => {
      this.failed ??= error instanceof Error ? error : new Error(String(error));
    });
    return next;
  }

  private async transaction(body: (c: pg.Client) => Promise<void>): Promise<void> {
    const c = this.writer;
    await c.query('begin');
    try {
      await body(c);
      await c.query('commit');
    } catch (error) {
      await c.query('rollback').catch(() => undefined);
      throw error;
    }
  }

  private async commitNow(p: CommitPayload): Promise<void> {
    await this.transaction(async (c) => {
      if (p.count > 0) {
        await c.query(
          `insert into transfers (seq, id, id_hash, kind, flags, debit, credit, amount, currency, ts, ref_seq, expires_at, memo, debit_prev, credit_prev)
           select * from unnest($1::bigint[], $2::text[], $3::bigint[], $4::smallint[], $5::smallint[], $6::bigint[], $7::bigint[], $8::bigint[],
                                $9::text[], $10::bigint[], $11::bigint[], $12::bigint[], $13::text[], $14::bigint[], $15::bigint[])`,
          [
            column(p, 0),
            p.ids,
            column(p, 1),
            column(p, 2),
            column(p, 3),
            column(p, 4),
            column(p, 5),
            column(p, 6),
            p.currencies,
            column(p, 7),
            column(p, 8),
            column(p, 9),
            p.memos,
            column(p, 10),
            column(p, 11),
          ],
        );
      }
      if (p.count > 0)
        await c.query('insert into id_pages (first_seq, hashes) values ($1, $2)', [
          p.numbers[0],
          Buffer.from(idPageOf(p)),
        ]);
      for (const op of p.new_operators) {
        await c.query(
          `insert into operators (num, id, name, issuance_quota, opened_ts, reserve_nums, vault_nums, issued, redeemed) values ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
          [
            op.num,
            op.id,
            op.name,
            op.issuance_quota,
            op.opened_ts,
            op.reserve_nums,
            op.vault_nums,
            op.issued,
            op.redeemed,
          ],
        );
      }
      if (p.new_accounts.length > 0) {
        const a = p.new_accounts;
        await c.query(
          `insert into accounts (num, kind, category, status, operator, currency, opened_ts, holder, owner)
           select * from unnest($1::bigint[], $2::smallint[], $3::smallint[], $4::smallint[], $5::integer[], $6::smallint[], $7::bigint[], $8::text[], $9::bigint[])`,
          [
            a.map((x) => x.num),
            a.map((x) => x.kind),
            a.map((x) => x.category),
            a.map((x) => x.status),
            a.map((x) => x.operator),
            a.map((x) => x.currency),
            a.map((x) => x.opened_ts),
            a.map((x) => x.holder),
            a.map((x) => x.owner),
          ],
        );
      }
      for (const u of p.account_updates) {
        await c.query('update accounts set status = $1, category = $2 where num = $3', [
          u.status,
          u.category,
          u.num,
        ]);
      }
      if (p.events.length > 0) {
        const e = p.events;
        await c.query(
          'insert into account_events (num, ts, type, details) select * from unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[])',
          [e.map((x) => x.num), e.map((x) => x.ts), e.map((x) => x.type), e.map((x) => x.details)],
        );
      }
      if (p.objects.length > 0) {
        const o = p.objects;
        await c.query(
          `insert into ledger_objects (key, kind, body, seq) select k, t, b, $4::bigint from unnest($1::text[], $2::text[], $3::text[]) as v(k, t, b)
           on conflict (key) do update set kind = excluded.kind, body = excluded.body, seq = excluded.seq`,
          [o.map((x) => x.key), o.map((x) => x.kind), o.map((x) => x.body), p.object_seq],
        );
      }
      const cp = p.checkpoint;
      if (cp !== null) {
        const a = cp.accounts;
        if (a.length > 0) {
          await c.query(
            `update accounts as t set balance = v.balance, day_key = v.day_key, day_out = v.day_out, year_key = v.year_key,
                    year_out = v.year_out, last_seq = v.last_seq, status = v.status, category = v.category
             from unnest($1::bigint[], $2::bigint[], $3::integer[], $4::bigint[], $5::integer[], $6::bigint[], $7::bigint[], $8::smallint[], $9::smallint[])
                  as v(num, balance, day_key, day_out, year_key, year_out, last_seq, status, category)
             where t.num = v.num`,
            [
              a.map((x) => x.num),
              a.map((x) => x.balance),
              a.map((x) => x.day_key),
              a.map((x) => x.day_out),
              a.map((x) => x.year_key),
              a.map((x) => x.year_out),
              a.map((x) => x.last_seq),
              a.map((x) => x.status),
              a.map((x) => x.category),
            ],
          );
        }
        for (const o of cp.operators) {
          await c.query('update operators set issued = $1, redeemed = $2 where num = $3', [
            JSON.stringify(o.issued),
            JSON.stringify(o.redeemed),
            o.num,
          ]);
        }
        if (cp.pending_removed.length > 0)
          await c.query('delete from pending where seq = any($1::bigint[])', [cp.pending_removed]);
        const h = cp.pending_added;
        if (h.length > 0) {
          await c.query(
            `insert into pending (seq, id, kind, debit, credit, amount, currency, ts, expires_at, settle_seq, parent_seq)
             select * from unnest($1::bigint[], $2::text[], $3::smallint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::text[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[])`,
            [
              h.map((x) => x.seq),
              h.map((x) => x.id),
              h.map((x) => x.kind),
              h.map((x) => x.debit),
              h.map((x) => x.credit),
              h.map((x) => x.amount),
              h.map((x) => x.currency),
              h.map((x) => x.ts),
              h.map((x) => x.expires_at),
              h.map((x) => x.settle_seq),
              h.map((x) => x.parent_seq),
            ],
          );
        }
        await c.query(
          `insert into meta (key, value) values ('checkpoint_seq', $1), ('checkpoint_ts', $2)
           on conflict (key) do update set value = excluded.value`,
          [String(cp.seq), String(cp.ts)],
        );
      }
    });
  }
}
