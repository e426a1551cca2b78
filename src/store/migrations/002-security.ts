import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Identities, the audit log and personal data (src/security, src/audit). Keys and sessions are kept
 * only as hashes; personal data only sealed (SM4-CTR + HMAC-SM3) or as a keyed hash; the audit log is
 * the three tables the AuditStorage contract names, plus the index of journal batches it covers.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const key = dialect === 'sqlite' ? 'integer' : 'bigint';
  const bytes = dialect === 'sqlite' ? 'blob' : 'bytea';
  await db.schema
    .createTable('api_keys')
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('operator_id', 'text')
    .addColumn('wallets', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_ts', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('expires_ts', 'bigint', (c) => c.notNull())
    .addColumn('revoked_ts', 'bigint', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('rate_per_s', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('api_keys_parent').on('api_keys').column('parent_id').execute();

  await db.schema
    .createTable('audit_entries')
    .addColumn('idx', key, (c) => c.primaryKey())
    .addColumn('bytes', bytes, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('audit_nodes')
    .addColumn('level', 'smallint', (c) => c.notNull())
    .addColumn('idx', 'bigint', (c) => c.notNull())
    .addColumn('hash', bytes, (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_nodes_pk', ['level', 'idx'])
    .execute();
  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('tree_size', key, (c) => c.primaryKey())
    .addColumn('timestamp_ms', 'bigint', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .execute();
  // One row per condition a write must meet; setting `ok` to null fails the whole transaction.
  await db.schema
    .createTable('audit_guard')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('audit_journal')
    .addColumn('first_seq', key, (c) => c.primaryKey())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('entry_idx', 'bigint', (c) => c.notNull())
    .addColumn('root', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('holders')
    .addColumn('num', key, (c) => c.primaryKey())
    .addColumn('wallet_id', 'text', (c) => c.notNull())
    .addColumn('sealed', 'text')
    .addColumn('phone_hash', 'text')
    .addColumn('created_ts', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('holders_phone_hash').on('holders').column('phone_hash').execute();

  await db.schema
    .createTable('reveals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('num', 'bigint', (c) => c.notNull())
    .addColumn('wallet_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_ts', 'bigint', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_ts', 'bigint', (c) => c.notNull())
    .addColumn('expires_ts', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reveals_requested').on('reveals').column('requested_ts').execute();

  // Actions taken by the command line while a node may be running; the node logs and deletes them.
  await db.schema
    .createTable('security_outbox')
    .addColumn('id', key, (c) =>
      dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedAlwaysAsIdentity(),
    )
    .addColumn('ts_ms', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
}
