import { TongbaoError } from '../errors/index.ts';
import {
  expireKeyWrite,
  getKey,
  insertKey,
  type KeyRecord,
  listKeys,
  presentKey,
  revokeKeyWrite,
} from './key-store.ts';
import { type KeySpec, prepareKey, prepareRotation, prepareSession, stateResolver } from './keys-admin.ts';
import { KEYS_PAGE_MAX } from './limits.ts';
import { actorOf, type Principal } from './principal.ts';
import { textCommitment } from './reveals.ts';
import type { Security } from './security.ts';

/** Key and session administration in a running node: every change is written with its audit entry. */
export class KeyAdmin {
  constructor(private readonly s: Security) {}

  async create(actor: string, spec: KeySpec): Promise<{ key: ReturnType<typeof presentKey>; token: string }> {
    const now = this.s.clock();
    const { record, token } = await prepareKey(
      spec,
      stateResolver(() => this.s.engine.state),
      actor,
      now,
    );
    await this.s.recorder.record(
      {
        actor,
        action: 'key.create',
        subject: `key:${record.key_id}`,
        details: keyDetails(record),
      },
      () => [insertKey(this.s.db, record)],
    );
    return { key: presentKey(record, now), token };
  }

  async list(after: string | undefined, limit: number, include_revoked: boolean) {
    const now = this.s.clock();
    const keys = await listKeys(this.s.db, { after, limit: Math.min(limit, KEYS_PAGE_MAX), include_revoked });
    return keys.map((k) => presentKey(k, now));
  }

  async revoke(actor: string, keyId: string) {
    const key = await this.existing(keyId);
    const now = this.s.clock();
    await this.s.recorder.record(
      { actor, action: 'key.revoke', subject: `key:${keyId}`, details: { role: key.role } },
      () => [revokeKeyWrite(this.s.db, keyId, now)],
    );
    this.s.authenticator.invalidate(keyId);
    return presentKey({ ...key, revoked_ts: key.revoked_ts === 0 ? now : key.revoked_ts }, now);
  }

  async rotate(actor: string, keyId: string, grace_s: number) {
    const old = await this.existing(keyId);
    const now = this.s.clock();
    const { record, token, old_expires_ts } = prepareRotation(old, actor, now, grace_s);
    await this.s.recorder.record(
      {
        actor,
        action: 'key.rotate',
        subject: `key:${keyId}`,
        details: { successor: record.key_id, grace_s, ...keyDetails(record) },
      },
      () => [
        insertKey(this.s.db, record),
        grace_s === 0
          ? revokeKeyWrite(this.s.db, keyId, now)
          : expireKeyWrite(this.s.db, keyId, old_expires_ts),
      ],
    );
    this.s.authenticator.invalidate(keyId);
    return {
      key: presentKey(record, now),
      token,
      previous_expires_at: new Date(grace_s === 0 ? now : old_expires_ts).toISOString(),
    };
  }

  /** A console session for the key presenting it (a session cannot open another). */
  async openSession(p: Principal, ttl_s: number | undefined) {
    if (p.kind !== 'key') throw new TongbaoError('session_key_required');
    const key = await this.existing(p.key_id);
    const now = this.s.clock();
    const { record, token } = prepareSession(key, now, ttl_s);
    await this.s.recorder.record(
      {
        actor: actorOf(p),
        action: 'session.open',
        subject: `key:${record.key_id}`,
        details: { expires_ts: record.expires_ts },
      },
      () => [insertKey(this.s.db, record)],
    );
    return { record, token };
  }

  async closeSession(p: Principal): Promise<void> {
    const now = this.s.clock();
    await this.s.recorder.record(
      { actor: actorOf(p), action: 'session.close', subject: `key:${p.key_id}`, details: {} },
      () => [revokeKeyWrite(this.s.db, p.key_id, now)],
    );
    this.s.authenticator.invalidate(p.key_id);
  }

  private async existing(keyId: string): Promise<KeyRecord> {
    const key = await getKey(this.s.db, keyId);
    if (key === undefined || key.kind !== 'key')
      throw new TongbaoError('key_not_found', `no key ${keyId}`, 'id');
    return key;
  }
}

function keyDetails(k: KeyRecord) {
  return {
    role: k.role,
    operator_id: k.operator_id,
    wallets: [...k.wallets],
    label_sm3: textCommitment(k.label),
    rate_per_s: k.rate_per_s,
  };
}
