import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Supervision (src/monitoring): alerts the monitoring follower persists (upserted by id, highest
 * revision kept), the wallets each alert names, cases with their full history and attachments, and
 * watch-list screening hits with their review. Table names start with `sup_` so they never collide
 * with the core or security tables.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const bytes = dialect === 'sqlite' ? 'blob' : 'bytea';
  const float = dialect === 'sqlite' ? 'real' : 'double precision';
  await db.schema
    .createTable('sup_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('typology', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('rule_set', 'text', (c) => c.notNull())
    .addColumn('rule_set_version', 'integer', (c) => c.notNull())
    .addColumn('focal_wallet', 'text', (c) => c.notNull())
    .addColumn('period_start_ms', 'bigint', (c) => c.notNull())
    .addColumn('score', float, (c) => c.notNull())
    .addColumn('threshold', float, (c) => c.notNull())
    .addColumn('first_seq', 'bigint', (c) => c.notNull())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('first_ts_ms', 'bigint', (c) => c.notNull())
    .addColumn('last_ts_ms', 'bigint', (c) => c.notNull())
    .addColumn('trigger_seq', 'bigint', (c) => c.notNull())
    .addColumn('transfer_count', 'integer', (c) => c.notNull())
    .addColumn('wallet_count', 'integer', (c) => c.notNull())
    .addColumn('raised_ts', 'bigint', (c) => c.notNull())
    .addColumn('updated_ts', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('assignee', 'text')
    .addColumn('disposition', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sup_alerts_queue')
    .on('sup_alerts')
    .columns(['kind', 'status', 'typology'])
    .execute();
  await db.schema.createIndex('sup_alerts_recent').on('sup_alerts').columns(['kind', 'last_ts_ms']).execute();
  await db.schema
    .createIndex('sup_alerts_period')
    .on('sup_alerts')
    .columns(['kind', 'period_start_ms'])
    .execute();
  await db.schema.createIndex('sup_alerts_focal').on('sup_alerts').column('focal_wallet').execute();
  await db.schema.createIndex('sup_alerts_case').on('sup_alerts').column('case_id').execute();

  await db.schema
    .createTable('sup_alert_wallets')
    .addColumn('alert_id', 'text', (c) => c.notNull())
    .addColumn('wallet', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sup_alert_wallets_pk', ['alert_id', 'wallet'])
    .execute();
  await db.schema.createIndex('sup_alert_wallets_wallet').on('sup_alert_wallets').column('wallet').execute();

  await db.schema
    .createTable('sup_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('assignee', 'text')
    .addColumn('escalation_level', 'integer', (c) => c.notNull())
    .addColumn('disposition', 'text')
    .addColumn('alert_count', 'integer', (c) => c.notNull())
    .addColumn('created_ts', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_ts', 'bigint', (c) => c.notNull())
    .addColumn('closed_ts', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sup_cases_status').on('sup_cases').columns(['status', 'updated_ts']).execute();

  await db.schema
    .createTable('sup_case_events')
    .addColumn('event_id', dialect === 'sqlite' ? 'integer' : 'bigint', (c) =>
      dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedAlwaysAsIdentity(),
    )
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sup_case_events_case')
    .on('sup_case_events')
    .columns(['case_id', 'event_id'])
    .execute();

  await db.schema
    .createTable('sup_case_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', bytes, (c) => c.notNull())
    .addColumn('created_ts', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sup_case_attachments_case')
    .on('sup_case_attachments')
    .column('case_id')
    .execute();

  await db.schema
    .createTable('sup_screening_hits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('num', 'bigint', (c) => c.notNull())
    .addColumn('wallet_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('list_version', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('entity_source', 'text', (c) => c.notNull())
    .addColumn('entity_kind', 'text', (c) => c.notNull())
    .addColumn('matched_name', 'text', (c) => c.notNull())
    .addColumn('score', float, (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('candidates', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('frozen', 'smallint', (c) => c.notNull())
    .addColumn('created_ts', 'bigint', (c) => c.notNull())
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_ts', 'bigint', (c) => c.notNull())
    .addColumn('review_note', 'text')
    .execute();
  await db.schema
    .createIndex('sup_screening_hits_status')
    .on('sup_screening_hits')
    .columns(['status', 'created_ts'])
    .execute();
  await db.schema.createIndex('sup_screening_hits_num').on('sup_screening_hits').column('num').execute();
}
