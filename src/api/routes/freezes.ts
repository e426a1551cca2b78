import type { Kysely } from 'kysely';
import { TongbaoError } from '../../errors/index.ts';
import { FREEZES_PAGE_MAX } from '../../security/index.ts';
import type { SecurityDatabase } from '../../store/security-schema.ts';
import { pageLimit } from './wallets.ts';

/** A wallet's freezes and unfreezes from its event history (account_events), newest first. */
export async function freezeHistory(
  db: Kysely<SecurityDatabase>,
  num: number,
  query: { limit?: string; cursor?: string },
) {
  const limit = pageLimit(query.limit, FREEZES_PAGE_MAX);
  const before = query.cursor === undefined ? Number.MAX_SAFE_INTEGER : Number(query.cursor);
  if (!Number.isSafeInteger(before) || before < 1)
    throw new TongbaoError('cursor_invalid', 'cursor must be a positive integer', 'cursor');
  const rows = await db
    .selectFrom('account_events')
    .select(['event_id', 'ts', 'type', 'details'])
    .where('num', '=', num)
    .where('type', 'in', ['frozen', 'unfrozen'])
    .where('event_id', '<', before)
    .orderBy('event_id', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map((r) => {
    const d = JSON.parse(r.details) as { mode?: string; reason?: string; reference?: string | null };
    return {
      event_id: Number(r.event_id),
      at: new Date(Number(r.ts)).toISOString(),
      type: r.type,
      ...(d.mode === undefined ? {} : { mode: d.mode }),
      reason: d.reason ?? '',
      reference: d.reference ?? null,
    };
  });
  return { items, next_cursor: rows.length > limit ? String(items[items.length - 1]!.event_id) : null };
}
