import { createHash } from 'node:crypto';
import type { CompiledWrite } from '../../store/index.ts';
import type { WatchedWallet, WatchedWallets } from '../live/counterparty-alerts.ts';
import type { ScreeningHit } from '../screening/index.ts';
import type { SupervisionDb, SupScreeningHitsTable } from './schema.ts';

export const HIT_STATUSES = ['pending_review', 'released', 'confirmed'] as const;
export type HitStatus = (typeof HIT_STATUSES)[number];
export type HitSource = 'opening' | 'rescreen';
/** Other entities above the threshold kept with a hit, best first. */
export const HIT_CANDIDATES_MAX = 10;

/**
 * One hit per wallet, list version and best entity: replaying a screening after a crash produces the
 * same id, so the insert is a no-op the second time.
 */
export function hitId(num: number, listVersion: string, entityId: string): string {
  const h = createHash('sha256').update(`${num}\u0000${listVersion}\u0000${entityId}`).digest('hex');
  return `sh_${h.slice(0, 24)}`;
}

export interface NewHit {
  readonly num: number;
  readonly wallet_id: string;
  readonly source: HitSource;
  readonly list_version: string;
  /** Best first; the first is the hit, the rest its candidates. Never empty. */
  readonly hits: readonly ScreeningHit[];
  readonly frozen: boolean;
  readonly ts: number;
}

/** The row for a hit. The holder's own name is not stored: supervisors see wallet ids, not people. */
export function hitRow(h: NewHit): SupScreeningHitsTable {
  const best = h.hits[0]!;
  return {
    id: hitId(h.num, h.list_version, best.entity_id),
    num: h.num,
    wallet_id: h.wallet_id,
    source: h.source,
    list_version: h.list_version,
    entity_id: best.entity_id,
    entity_source: best.source,
    entity_kind: best.kind,
    matched_name: best.matched_name,
    score: best.score,
    method: best.method,
    candidates: JSON.stringify(
      h.hits.slice(1, 1 + HIT_CANDIDATES_MAX).map((x) => ({
        entity_id: x.entity_id,
        source: x.source,
        score: x.score,
        matched_name: x.matched_name,
      })),
    ),
    status: 'pending_review' satisfies HitStatus,
    frozen: h.frozen ? 1 : 0,
    created_ts: h.ts,
    reviewed_by: null,
    reviewed_ts: 0,
    review_note: null,
  };
}

export function hitInsert(db: SupervisionDb, row: SupScreeningHitsTable): CompiledWrite {
  return db
    .insertInto('sup_screening_hits')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .compile();
}

export function watchedOf(
  row: Pick<SupScreeningHitsTable, 'id' | 'entity_id' | 'entity_source' | 'matched_name' | 'score'>,
  threshold: number,
): WatchedWallet {
  return {
    hit_id: row.id,
    entity_id: row.entity_id,
    entity_source: row.entity_source,
    matched_name: row.matched_name,
    score: row.score,
    threshold,
  };
}

/** Fills the watched set from the hits still live (pending review or confirmed), best score per wallet. */
export async function loadWatched(
  db: SupervisionDb,
  watched: WatchedWallets,
  threshold: number,
): Promise<number> {
  const rows = await db
    .selectFrom('sup_screening_hits')
    .select(['id', 'wallet_id', 'entity_id', 'entity_source', 'matched_name', 'score'])
    .where('status', 'in', ['pending_review', 'confirmed'])
    .orderBy('score', 'asc')
    .execute();
  let refused = 0;
  for (const r of rows) if (!watched.add(r.wallet_id, watchedOf(r, threshold))) refused += 1;
  return refused;
}
