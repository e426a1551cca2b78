import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * The core ledger tables. The journal (transfers) has no secondary index on client ids or accounts:
 * ids are indexed in memory and per-account history follows the debit_prev/credit_prev links, so each
 * committed transfer is one append to the end of the primary key, the fastest durable write either
 * database offers. The only secondary index, on ref_seq, covers the few rows that resolve or settle.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  // SQLite makes `integer primary key` the rowid (the table's own B-tree key); PostgreSQL needs bigint.
  const key = dialect === 'sqlite' ? 'integer' : 'bigint';
  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('operators')
    .addColumn('num', key, (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('issuance_quota', 'bigint', (c) => c.notNull())
    .addColumn('opened_ts', 'bigint', (c) => c.notNull())
    .addColumn('reserve_nums', 'text', (c) => c.notNull())
    .addColumn('vault_nums', 'text', (c) => c.notNull())
    .addColumn('issued', 'text', (c) => c.notNull())
    .addColumn('redeemed', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('accounts')
    .addColumn('num', key, (c) => c.primaryKey())
    .addColumn('kind', 'smallint', (c) => c.notNull())
    .addColumn('category', 'smallint', (c) => c.notNull())
    .addColumn('status', 'smallint', (c) => c.notNull())
    .addColumn('operator', 'integer', (c) => c.notNull())
    .addColumn('currency', 'smallint', (c) => c.notNull())
    .addColumn('opened_ts', 'bigint', (c) => c.notNull())
    .addColumn('holder', 'text')
    .addColumn('balance', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('day_key', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('day_out', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('year_key', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('year_out', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('account_events')
    .addColumn('event_id', key, (c) =>
      dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedAlwaysAsIdentity(),
    )
    .addColumn('num', 'bigint', (c) => c.notNull())
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('account_events_num')
    .on('account_events')
    .columns(['num', 'event_id'])
    .execute();
  await db.schema
    .createTable('transfers')
    .addColumn('seq', key, (c) => c.primaryKey())
    .addColumn('id', 'text')
    .addColumn('id_hash', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'smallint', (c) => c.notNull())
    .addColumn('flags', 'smallint', (c) => c.notNull())
    .addColumn('debit', 'bigint', (c) => c.notNull())
    .addColumn('credit', 'bigint', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addColumn('ref_seq', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('memo', 'text')
    .addColumn('debit_prev', 'bigint', (c) => c.notNull())
    .addColumn('credit_prev', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('transfers_ref_seq')
    .on('transfers')
    .column('ref_seq')
    .where(sql.ref('ref_seq'), '<>', 0)
    .execute();
  await db.schema
    .createTable('pending')
    .addColumn('seq', key, (c) => c.primaryKey())
    .addColumn('id', 'text')
    .addColumn('kind', 'smallint', (c) => c.notNull())
    .addColumn('debit', 'bigint', (c) => c.notNull())
    .addColumn('credit', 'bigint', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('settle_seq', 'bigint', (c) => c.notNull())
    .addColumn('parent_seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('cursors')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('updated_ts', 'bigint', (c) => c.notNull())
    .execute();
  // The id hashes of each committed batch's rows, packed: a restart rebuilds the id index from a few
  // thousand blobs instead of reading a column of every journal row.
  await db.schema
    .createTable('id_pages')
    .addColumn('first_seq', key, (c) => c.primaryKey())
    .addColumn('hashes', dialect === 'sqlite' ? 'blob' : 'bytea', (c) => c.notNull())
    .execute();
}
