import { TongbaoError } from '../../errors/index.ts';
import type { AuditedCommit } from '../store/audited-commit.ts';
import type { SupervisionDb, SupScreeningHitsTable } from '../store/schema.ts';
import type { WatchedWallets } from './counterparty-alerts.ts';
import type { WalletActions } from './screening-service.ts';

export type HitDecision = 'release' | 'confirm';
/** A review note, kept with the hit. */
export const REVIEW_NOTE_MAX_LENGTH = 1_000;

/**
 * A supervisor's review of a screening hit. `release` (a false match): the freeze the hit put on the
 * wallet is lifted through the engine's unfreeze command and the wallet leaves the watched set;
 * `confirm` (a true match): the freeze stays and payments touching the wallet keep raising alerts. A
 * hit is reviewed once; the wallet's other live hits keep it watched.
 */
export async function reviewHit(o: {
  readonly db: SupervisionDb;
  readonly actions: WalletActions;
  readonly watched: WatchedWallets;
  readonly commit: AuditedCommit;
  readonly id: string;
  readonly decision: HitDecision;
  readonly note: string;
  readonly actor: string;
  readonly now: number;
}): Promise<SupScreeningHitsTable> {
  const { db, id } = o;
  const hit = await db.selectFrom('sup_screening_hits').selectAll().where('id', '=', id).executeTakeFirst();
  if (hit === undefined) throw new TongbaoError('screening_hit_not_found', `no screening hit ${id}`, 'id');
  if (hit.status !== 'pending_review')
    throw new TongbaoError('screening_hit_reviewed', `hit ${id} was already ${hit.status}`, 'id');
  const status = o.decision === 'release' ? 'released' : 'confirmed';
  if (o.decision === 'release' && Number(hit.frozen) === 1) {
    try {
      await o.actions.unfreeze(hit.wallet_id, `screening hit ${id} released on review`, o.actor);
    } catch (error) {
      // Someone already lifted the freeze (or closed the wallet): the review still stands.
      if (
        !(
          error instanceof TongbaoError &&
          (error.code === 'wallet_not_frozen' || error.code === 'wallet_closed')
        )
      )
        throw error;
    }
  }
  await o.commit(
    [
      db
        .updateTable('sup_screening_hits')
        .set({ status, reviewed_by: o.actor, reviewed_ts: o.now, review_note: o.note })
        .where('id', '=', id)
        .where('status', '=', 'pending_review')
        .compile(),
    ],
    {
      actor: o.actor,
      action: `screening.${o.decision}`,
      subject: `wallet:${hit.wallet_id}`,
      details: { hit: id, status },
    },
  );
  if (o.decision === 'release') {
    const others = await db
      .selectFrom('sup_screening_hits')
      .select(['id', 'entity_id', 'entity_source', 'matched_name', 'score'])
      .where('num', '=', hit.num)
      .where('status', 'in', ['pending_review', 'confirmed'])
      .orderBy('score', 'desc')
      .execute();
    const current = o.watched.get(hit.wallet_id);
    if (others.length === 0) o.watched.delete(hit.wallet_id);
    else if (current?.hit_id === id)
      o.watched.add(hit.wallet_id, { ...current, ...pick(others[0]!), hit_id: others[0]!.id });
  }
  return { ...hit, status, reviewed_by: o.actor, reviewed_ts: o.now, review_note: o.note };
}

function pick(r: { entity_id: string; entity_source: string; matched_name: string; score: number }) {
  return {
    entity_id: r.entity_id,
    entity_source: r.entity_source,
    matched_name: r.matched_name,
    score: r.score,
  };
}
