import { TongbaoError } from '../../errors/index.ts';
import type { SupervisionDb, SupScreeningHitsTable } from '../store/schema.ts';
import { HITS_PAGE_MAX } from './limits.ts';
import { decodeNumericCursor, keysetPage, pageLimitOf } from './paging.ts';
import { iso, isoOrNull } from './present.ts';

export function presentHit(h: SupScreeningHitsTable) {
  return {
    id: h.id,
    wallet_id: h.wallet_id,
    source: h.source,
    list_version: h.list_version,
    entity_id: h.entity_id,
    entity_source: h.entity_source,
    entity_kind: h.entity_kind,
    matched_name: h.matched_name,
    score: Number(h.score),
    method: h.method,
    candidates: JSON.parse(h.candidates) as Array<{
      entity_id: string;
      source: string;
      score: number;
      matched_name: string;
    }>,
    status: h.status,
    frozen: Number(h.frozen) === 1,
    created_at: iso(Number(h.created_ts)),
    reviewed_by: h.reviewed_by,
    reviewed_at: isoOrNull(Number(h.reviewed_ts)),
    review_note: h.review_note,
  };
}

export async function getHit(db: SupervisionDb, id: string) {
  const h = await db.selectFrom('sup_screening_hits').selectAll().where('id', '=', id).executeTakeFirst();
  if (h === undefined) throw new TongbaoError('screening_hit_not_found', `no screening hit ${id}`, 'id');
  return presentHit(h);
}

/** Screening hits, newest first, optionally by status (pending_review is the review queue). */
export async function listHits(db: SupervisionDb, f: { status?: string; limit?: number; cursor?: string }) {
  const limit = pageLimitOf(f.limit, HITS_PAGE_MAX);
  let q = db.selectFrom('sup_screening_hits').selectAll();
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  if (f.cursor !== undefined) {
    const c = decodeNumericCursor(f.cursor);
    const v = c.value;
    q = q.where((eb) =>
      eb.or([eb('created_ts', '<', v), eb.and([eb('created_ts', '=', v), eb('id', '<', c.id)])]),
    );
  }
  const rows = await q
    .orderBy('created_ts', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return keysetPage(rows, limit, presentHit, (h) => Number(h.created_ts));
}
