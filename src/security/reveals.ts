import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { sm3 } from '../crypto/index.ts';
import { TongbaoError } from '../errors/index.ts';
import type { RevealsTable, SecurityDatabase } from '../store/security-schema.ts';
import type { AuditRecorder } from './audit-recorder.ts';
import { REVEAL_ACCESS_TTL_MS, REVEAL_APPROVAL_TTL_MS } from './limits.ts';
import { actorOf, type Principal } from './principal.ts';

/**
 * Controlled anonymity: supervisors see wallet ids, not people. Revealing who holds a wallet takes a
 * request with a reason, then the approval of a second, different supervisor key (sessions count as
 * the key that opened them) within REVEAL_APPROVAL_TTL_MS; the requester may then read the identity for
 * REVEAL_ACCESS_TTL_MS. Every step, and every read of the identity, is an audit entry; each decision is
 * written in the same transaction as its entry. Free text (reasons) is logged as its SM3 hash: the log
 * commits to it without spreading it.
 */
export type RevealStatus = 'requested' | 'approved' | 'rejected' | 'expired';

export interface RevealView {
  readonly id: string;
  readonly wallet_id: string;
  readonly reason: string;
  readonly status: RevealStatus;
  readonly requested_by: string;
  readonly requested_at: string;
  readonly decided_by: string | null;
  readonly decided_at: string | null;
  readonly expires_at: string;
}

const iso = (ms: number) => new Date(ms).toISOString();
export const textCommitment = (text: string) => Buffer.from(sm3(text)).toString('hex');

/** The key a principal acts as: a session acts as the key that opened it. */
export function rootKeyOf(p: Principal): string {
  return p.kind === 'session' && p.parent_id !== null ? p.parent_id : p.key_id;
}

function statusOf(r: Selectable<RevealsTable>, now: number): RevealStatus {
  if (r.status === 'rejected') return 'rejected';
  if (Number(r.expires_ts) <= now) return 'expired';
  return r.status === 'approved' ? 'approved' : 'requested';
}

export function presentReveal(r: Selectable<RevealsTable>, now: number): RevealView {
  return {
    id: r.id,
    wallet_id: r.wallet_id,
    reason: r.reason,
    status: statusOf(r, now),
    requested_by: r.requested_by,
    requested_at: iso(Number(r.requested_ts)),
    decided_by: r.decided_by,
    decided_at: Number(r.decided_ts) === 0 ? null : iso(Number(r.decided_ts)),
    expires_at: iso(Number(r.expires_ts)),
  };
}

export class Reveals {
  /** Reveals being decided right now: one decision at a time per request. */
  private readonly deciding = new Set<string>();

  constructor(
    private readonly db: Kysely<SecurityDatabase>,
    private readonly recorder: AuditRecorder,
    private readonly clock: () => number = Date.now,
  ) {}

  async request(p: Principal, num: number, walletId: string, reason: string): Promise<RevealView> {
    const now = this.clock();
    const row: RevealsTable = {
      // Time first, so ids sort newest last and list pages follow them.
      id: `rv-${now.toString(36).padStart(10, '0')}-${randomBytes(4).toString('hex')}`,
      num,
      wallet_id: walletId,
      reason,
      status: 'requested',
      requested_by: rootKeyOf(p),
      requested_ts: now,
      decided_by: null,
      decided_ts: 0,
      expires_ts: now + REVEAL_APPROVAL_TTL_MS,
    };
    await this.recorder.record(
      {
        actor: actorOf(p),
        action: 'identity.reveal_request',
        subject: `wallet:${walletId}`,
        details: { reveal_id: row.id, reason_sm3: textCommitment(reason) },
      },
      () => [this.db.insertInto('reveals').values(row).compile()],
    );
    return presentReveal(row, now);
  }

  async get(id: string): Promise<Selectable<RevealsTable>> {
    const row = await this.db.selectFrom('reveals').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new TongbaoError('reveal_not_found', `no reveal ${id}`, 'id');
    return row;
  }

  async list(after: string | undefined, limit: number): Promise<RevealView[]> {
    let q = this.db.selectFrom('reveals').selectAll();
    if (after !== undefined) q = q.where('id', '<', after);
    const now = this.clock();
    return (await q.orderBy('id', 'desc').limit(limit).execute()).map((r) => presentReveal(r, now));
  }

  async decide(p: Principal, id: string, approve: boolean): Promise<RevealView> {
    if (this.deciding.has(id))
      throw new TongbaoError('reveal_not_pending', 'the reveal is being decided', 'id');
    this.deciding.add(id);
    try {
      const row = await this.get(id);
      const now = this.clock();
      const status = statusOf(row, now);
      if (status === 'expired')
        throw new TongbaoError('reveal_expired', 'the request was not approved in time', 'id');
      if (status !== 'requested')
        throw new TongbaoError('reveal_not_pending', `the reveal is ${status}`, 'id');
      const me = rootKeyOf(p);
      if (me === row.requested_by)
        throw new TongbaoError(
          'reveal_same_supervisor',
          'the requester cannot decide their own reveal',
          'id',
        );
      const next = {
        status: approve ? 'approved' : 'rejected',
        decided_by: me,
        decided_ts: now,
        expires_ts: approve ? now + REVEAL_ACCESS_TTL_MS : Number(row.expires_ts),
      };
      await this.recorder.record(
        {
          actor: actorOf(p),
          action: approve ? 'identity.reveal_approve' : 'identity.reveal_reject',
          subject: `wallet:${row.wallet_id}`,
          details: { reveal_id: id, requested_by: row.requested_by },
        },
        () => [
          this.db
            .updateTable('reveals')
            .set(next)
            .where('id', '=', id)
            .where('status', '=', 'requested')
            .compile(),
        ],
      );
      return presentReveal({ ...row, ...next }, now);
    } finally {
      this.deciding.delete(id);
    }
  }

  /** The approved request, checked to be readable now by this principal (the caller logs the read). */
  async openable(p: Principal, id: string): Promise<Selectable<RevealsTable>> {
    const row = await this.get(id);
    const status = statusOf(row, this.clock());
    if (rootKeyOf(p) !== row.requested_by)
      throw new TongbaoError('reveal_not_requester', 'only the requester may read the identity', 'id');
    if (status === 'expired') throw new TongbaoError('reveal_expired', 'the reveal has expired', 'id');
    if (status !== 'approved') throw new TongbaoError('reveal_not_approved', `the reveal is ${status}`, 'id');
    return row;
  }
}
