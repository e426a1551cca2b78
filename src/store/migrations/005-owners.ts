import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.ts';

/** Objects a migration reads at once while it fills in owners. */
const BACKFILL_PAGE = 1_000;

/**
 * Offline reserves and conditional accounts name the wallet they belong to, so that monitoring can see
 * a settled voucher or a released condition as a payment by that wallet (src/monitoring/live). Books
 * written before this migration have the owner only inside the device or condition record; it is
 * copied from there.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('accounts')
    .addColumn('owner', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await backfillOwners(db);
}

/** Copies each device's wallet and each condition's payer onto its account. */
export async function backfillOwners(db: Kysely<unknown>): Promise<void> {
  for (let after = ''; ; ) {
    const page = await sql<{ key: string; kind: string; body: string }>`
      select key, kind, body from ledger_objects
      where kind in ('device', 'condition') and key > ${after} order by key limit ${BACKFILL_PAGE}`.execute(
      db,
    );
    for (const o of page.rows) {
      const body = JSON.parse(o.body) as { num?: unknown; wallet?: unknown; from?: unknown };
      const owner = o.kind === 'device' ? body.wallet : body.from;
      if (typeof body.num !== 'number' || typeof owner !== 'number')
        throw new Error(`ledger object ${o.key} names no account and owner`);
      await sql`update accounts set owner = ${owner} where num = ${body.num}`.execute(db);
    }
    if (page.rows.length < BACKFILL_PAGE) break;
    after = page.rows[page.rows.length - 1]!.key;
  }
}
