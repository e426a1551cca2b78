import type { CompiledWrite } from '../store/index.ts';
import { insertKey, type KeyRecord, type SecuritySql } from './key-store.ts';
import type { KeySpec } from './keys-admin.ts';
import { dbResolver, prepareKey } from './keys-admin.ts';
import { outboxWrite } from './outbox.ts';
import { textCommitment } from './reveals.ts';

/**
 * Creates a key from outside the node (the command line, tests, benchmarks): the key row and its
 * outbox row in one transaction, so a running node accepts the key at once and logs its creation.
 */
export async function createKeyOffline(
  sql: SecuritySql,
  spec: KeySpec,
  actor: string,
  now = Date.now(),
): Promise<{ record: KeyRecord; token: string }> {
  const { record, token } = await prepareKey(spec, dbResolver(sql.db), actor, now);
  const writes: CompiledWrite[] = [
    insertKey(sql.db, record),
    outboxWrite(
      sql.db,
      {
        actor,
        action: 'key.create',
        subject: `key:${record.key_id}`,
        details: {
          role: record.role,
          operator_id: record.operator_id,
          wallets: [...record.wallets],
          label_sm3: textCommitment(record.label),
          rate_per_s: record.rate_per_s,
        },
      },
      now,
    ),
  ];
  await sql.write(writes);
  return { record, token };
}
