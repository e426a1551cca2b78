import type { Kysely } from 'kysely';
import { ACTION_PATTERN, encodeAuditEntry, type JsonObject } from '../audit/index.ts';
import type { CompiledWrite } from '../store/index.ts';
import type { SecurityDatabase } from '../store/security-schema.ts';
import type { AuditDraft, AuditRecorder } from './audit-recorder.ts';
import { OUTBOX_ROWS_PER_TICK_MAX } from './limits.ts';
import { textCommitment } from './reveals.ts';

/**
 * The command line cannot append to the audit log while a node may be running (the node is its only
 * writer), so it writes what it did to the outbox table, in the same transaction as the change itself.
 * The node logs outbox rows in order and deletes them in the same transaction as their entries.
 */
export function outboxWrite(db: Kysely<SecurityDatabase>, draft: AuditDraft, ts_ms: number): CompiledWrite {
  return db
    .insertInto('security_outbox')
    .values({
      ts_ms,
      actor: draft.actor,
      action: draft.action,
      subject: draft.subject,
      details: JSON.stringify(draft.details),
    })
    .compile();
}

function draftOf(row: {
  id: number;
  actor: string;
  action: string;
  subject: string;
  details: string;
}): AuditDraft {
  try {
    const details = JSON.parse(row.details) as unknown;
    if (
      ACTION_PATTERN.test(row.action) &&
      typeof details === 'object' &&
      details !== null &&
      !Array.isArray(details)
    ) {
      return { actor: row.actor, action: row.action, subject: row.subject, details: details as JsonObject };
    }
  } catch {
    // Logged as malformed below.
  }
  // Only the command line writes here: a row it could not have written is logged as what it is.
  return {
    actor: 'system',
    action: 'outbox.malformed',
    subject: `outbox:${row.id}`,
    details: { row_sm3: textCommitment(JSON.stringify(row)) },
  };
}

/** Logs up to OUTBOX_ROWS_PER_TICK_MAX waiting rows; returns the drafts logged. */
export async function drainOutbox(
  db: Kysely<SecurityDatabase>,
  recorder: AuditRecorder,
): Promise<AuditDraft[]> {
  const rows = await db
    .selectFrom('security_outbox')
    .selectAll()
    .orderBy('id')
    .limit(OUTBOX_ROWS_PER_TICK_MAX)
    .execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.id));
  const safe = rows.map((r): AuditDraft => {
    const d = draftOf({ ...r, id: Number(r.id) });
    try {
      // A draft the log would refuse (a control character in a subject) must not stall the outbox.
      encodeAuditEntry({ index: 0, ts_ms: 0, ...d });
      return d;
    } catch {
      return { actor: 'system', action: 'outbox.malformed', subject: `outbox:${r.id}`, details: {} };
    }
  });
  await recorder.record(safe, () => [db.deleteFrom('security_outbox').where('id', 'in', ids).compile()]);
  return safe;
}
