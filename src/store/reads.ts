import type { Kysely, Selectable } from 'kysely';
import type {
  AccountKindCode,
  JournalRow,
  PendingRecord,
  RestoredAccount,
  RestoredOperator,
} from '../ledger/index.ts';
import type { CompiledWrite } from './compiled-write.ts';
import { idPageHashes } from './payload.ts';
import type { Database, TransfersTable } from './schema.ts';
import { SCAN_PAGE_ROWS, type StoredCheckpoint } from './store.ts';

/** Seqs per `in (...)` list, below both databases' parameter limits. */
const IN_LIST_MAX = 500;
/** Id pages per query: each holds one batch's hashes, up to 8,190 x 4 bytes. */
const ID_PAGES_PER_QUERY = 256;

export function toRow(r: Selectable<TransfersTable>): JournalRow {
  return {
    seq: r.seq,
    id: r.id,
    id_hash: r.id_hash,
    kind: r.kind as JournalRow['kind'],
    flags: r.flags,
    debit: r.debit,
    credit: r.credit,
    amount: r.amount,
    currency: r.currency,
    ts: r.ts,
    ref_seq: r.ref_seq,
    expires_at: r.expires_at,
    memo: r.memo,
    debit_prev: r.debit_prev,
    credit_prev: r.credit_prev,
  };
}

async function meta(db: Kysely<Database>, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Reads shared by both stores, written once with the query builder. */
/** Payments objects read per query on restart. */
export const OBJECTS_PAGE_ROWS = 10_000;

export class Reads {
  constructor(readonly db: Kysely<Database>) {}

  async loadCheckpoint(): Promise<StoredCheckpoint> {
    const db = this.db;
    const seq = Number((await meta(db, 'checkpoint_seq')) ?? 0);
    const ts = Number((await meta(db, 'checkpoint_ts')) ?? 0);
    const operators = (await db.selectFrom('operators').selectAll().orderBy('num').execute()).map(
      (o): RestoredOperator => ({
        num: o.num,
        id: o.id,
        name: o.name,
        issuance_quota: o.issuance_quota,
        opened_ts: o.opened_ts,
        reserve: JSON.parse(o.reserve_nums) as number[],
        vault: JSON.parse(o.vault_nums) as number[],
        issued: JSON.parse(o.issued) as number[],
        redeemed: JSON.parse(o.redeemed) as number[],
      }),
    );
    const pending = (await db.selectFrom('pending').selectAll().orderBy('seq').execute()).map(
      (p): PendingRecord => ({ ...p, kind: p.kind }),
    );
    const last = await db
      .selectFrom('transfers')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    const accounts = await db
      .selectFrom('accounts')
      .select((eb) => eb.fn.max('num').as('n'))
      .executeTakeFirst();
    return {
      seq,
      ts,
      operators,
      pending,
      last_seq: Number(last?.seq ?? 0),
      accounts: Number(accounts?.n ?? 0),
    };
  }

  async scanAccounts(fn: (account: RestoredAccount) => void): Promise<void> {
    let after = 0;
    for (;;) {
      const page = await this.db
        .selectFrom('accounts')
        .select([
          'num',
          'kind',
          'category',
          'status',
          'operator',
          'currency',
          'opened_ts',
          'balance',
          'day_key',
          'day_out',
          'year_key',
          'year_out',
          'last_seq',
          'owner',
        ])
        .where('num', '>', after)
        .orderBy('num')
        .limit(SCAN_PAGE_ROWS)
        .execute();
      for (const r of page) fn({ ...r, kind: r.kind as AccountKindCode });
      if (page.length < SCAN_PAGE_ROWS) return;
      after = page[page.length - 1]!.num;
    }
  }

  async scanIdHashes(fn: (id_hash: number, seq: number) => void): Promise<void> {
    await this.scanIdPages((first_seq, hashes) => {
      for (let i = 0; i < hashes.length; i += 1) if (hashes[i] !== 0) fn(hashes[i]!, first_seq + i);
    });
  }

  async scanIdPages(fn: (first_seq: number, hashes: Uint32Array) => void): Promise<void> {
    let after = 0;
    for (;;) {
      const page = await this.db
        .selectFrom('id_pages')
        .select(['first_seq', 'hashes'])
        .where('first_seq', '>', after)
        .orderBy('first_seq')
        .limit(ID_PAGES_PER_QUERY)
        .execute();
      for (const p of page) fn(p.first_seq, idPageHashes(p.hashes));
      if (page.length < ID_PAGES_PER_QUERY) return;
      after = page[page.length - 1]!.first_seq;
    }
  }

  async scanRows(after: number, upTo: number, fn: (row: JournalRow) => void): Promise<void> {
    for (;;) {
      const page = await this.readRows(after, SCAN_PAGE_ROWS, upTo);
      for (const r of page) fn(r);
      if (page.length < SCAN_PAGE_ROWS) return;
      after = page[page.length - 1]!.seq;
    }
  }

  async readRows(after: number, limit: number, upTo = Number.MAX_SAFE_INTEGER): Promise<JournalRow[]> {
    const page = await this.db
      .selectFrom('transfers')
      .selectAll()
      .where('seq', '>', after)
      .where('seq', '<=', upTo)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return page.map(toRow);
  }

  async getRows(seqs: readonly number[]): Promise<JournalRow[]> {
    const out: JournalRow[] = [];
    for (let i = 0; i < seqs.length; i += IN_LIST_MAX) {
      const chunk = seqs.slice(i, i + IN_LIST_MAX);
      const rows = await this.db.selectFrom('transfers').selectAll().where('seq', 'in', chunk).execute();
      out.push(...rows.map(toRow));
    }
    return out.sort((x, y) => x.seq - y.seq);
  }

  async getResolutions(pendingSeqs: readonly number[]): Promise<JournalRow[]> {
    const out: JournalRow[] = [];
    for (let i = 0; i < pendingSeqs.length; i += IN_LIST_MAX) {
      const chunk = pendingSeqs.slice(i, i + IN_LIST_MAX);
      const rows = await this.db
        .selectFrom('transfers')
        .selectAll()
        .where('ref_seq', 'in', chunk)
        .where('ref_seq', '<>', 0)
        .where('kind', 'in', [8, 9])
        .execute();
      out.push(...rows.map(toRow));
    }
    return out;
  }

  async scanObjects(fn: (object: { key: string; kind: string; body: string }) => void): Promise<void> {
    let after = '';
    for (;;) {
      const page = await this.db
        .selectFrom('ledger_objects')
        .select(['key', 'kind', 'body'])
        .where('key', '>', after)
        .orderBy('key')
        .limit(OBJECTS_PAGE_ROWS)
        .execute();
      for (const o of page) fn(o);
      if (page.length < OBJECTS_PAGE_ROWS) return;
      after = page[page.length - 1]!.key;
    }
  }

  async getHolder(num: number): Promise<string | null> {
    const row = await this.db
      .selectFrom('accounts')
      .select('holder')
      .where('num', '=', num)
      .executeTakeFirst();
    return row?.holder ?? null;
  }

  async getCursor(name: string): Promise<number> {
    const row = await this.db.selectFrom('cursors').select('seq').where('name', '=', name).executeTakeFirst();
    return row?.seq ?? 0;
  }

  /** The write that moves a cursor, for Store.write. */
  cursorWrite(name: string, seq: number, ts: number): CompiledWrite {
    return this.db
      .insertInto('cursors')
      .values({ name, seq, updated_ts: ts })
      .onConflict((oc) => oc.column('name').doUpdateSet({ seq, updated_ts: ts }))
      .compile();
  }
}
