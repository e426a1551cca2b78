import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Payments objects (src/ledger/payments-state.ts): hard-wallet devices, conditions, schedules, merchant
 * profiles and sub-wallet families, one row per object holding its JSON, upserted with the batch that
 * changed it (in the same transaction), so a restart loads them as of the last committed row. Balances
 * are not here: they are accounts, moved only by journal rows.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('ledger_objects')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
}
