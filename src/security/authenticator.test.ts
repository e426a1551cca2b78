import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LedgerState } from '../ledger/index.ts';
import { openSecurityDb, type SecurityDb } from '../store/security-db.ts';
import { Authenticator } from './authenticator.ts';
import { credentialHash, credentialId, newCredential, redactToken } from './credentials.ts';
import { insertKey, type KeyRecord, revokeKeyWrite } from './key-store.ts';
import { prepareSession } from './keys-admin.ts';
import { KEY_CACHE_TTL_MS, KEY_LOOKUPS_PER_S_MAX } from './limits.ts';
import { RateLimiter } from './rate-limit.ts';

const state = { operatorByKey: new Map([['icbc', 1]]) } as unknown as LedgerState;

function record(
  role: KeyRecord['role'],
  extra: Partial<KeyRecord> = {},
): { record: KeyRecord; token: string } {
  const c = newCredential('key');
  return {
    token: c.token,
    record: {
      key_id: c.id,
      kind: 'key',
      role,
      operator_id: null,
      wallets: [],
      label: '',
      secret_hash: c.hash,
      created_ts: 0,
      created_by: 'test',
      expires_ts: 0,
      revoked_ts: 0,
      parent_id: null,
      rate_per_s: 0,
      ...extra,
    },
  };
}

describe('credentials', () => {
  test('tokens name their record, hide their secret and hash with a domain tag', () => {
    const c = newCredential('key');
    expect(c.token).toMatch(/^tongbao_k[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(credentialId(c.token)).toBe(c.id);
    expect(c.hash).toBe(credentialHash(c.token));
    expect(c.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(redactToken(c.token)).not.toContain(c.token.slice(-43));
    expect(newCredential('session').id.startsWith('s')).toBe(true);
    for (const bad of [
      '',
      'tongbao_',
      `${c.token}x`,
      c.token.replace('tongbao_', 'tongbao-'),
      'x'.repeat(10_000),
    ])
      expect(credentialId(bad)).toBeUndefined();
  });
});

describe('the authenticator', () => {
  let dir: string;
  let db: SecurityDb;
  let now = 1_000_000;
  let auth: Authenticator;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tongbao-auth-'));
    db = await openSecurityDb({ dataDir: dir, create: true });
    auth = new Authenticator(
      db.db,
      () => state,
      () => now,
    );
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('accepts a stored key, refuses a wrong secret and an unknown id alike', async () => {
    const k = record('operator', { operator_id: 'icbc' });
    await db.write([insertKey(db.db, k.record)]);
    const p = await auth.authenticate(k.token);
    expect(p).toMatchObject({ role: 'operator', operator_num: 1, operator_prefix: '001', kind: 'key' });
    const wrong = `${k.token.slice(0, -1)}${k.token.endsWith('A') ? 'B' : 'A'}`;
    await expect(auth.authenticate(wrong)).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(auth.authenticate(newCredential('key').token)).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    await expect(auth.authenticate('Basic abc')).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  test('a key revoked in the database stops working within the cache lifetime; at once when invalidated', async () => {
    const k = record('supervisor');
    await db.write([insertKey(db.db, k.record)]);
    await auth.authenticate(k.token);
    await db.write([revokeKeyWrite(db.db, k.record.key_id, now)]);
    await auth.authenticate(k.token); // still cached
    now += KEY_CACHE_TTL_MS;
    await expect(auth.authenticate(k.token)).rejects.toMatchObject({ code: 'credentials_revoked' });
    const k2 = record('auditor');
    await db.write([insertKey(db.db, k2.record)]);
    await auth.authenticate(k2.token);
    await db.write([revokeKeyWrite(db.db, k2.record.key_id, now)]);
    auth.invalidate(k2.record.key_id);
    await expect(auth.authenticate(k2.token)).rejects.toMatchObject({ code: 'credentials_revoked' });
  });

  test('sessions expire, and end with the key that opened them', async () => {
    const k = record('holder', { wallets: ['0010000000000040'] });
    const s = prepareSession(k.record, now, 60);
    await db.write([insertKey(db.db, k.record), insertKey(db.db, s.record)]);
    const p = await auth.authenticate(s.token);
    expect(p).toMatchObject({ kind: 'session', parent_id: k.record.key_id, role: 'holder' });
    expect([...p.wallet_nums]).toEqual([4]);
    now += 61_000;
    await expect(auth.authenticate(s.token)).rejects.toMatchObject({ code: 'credentials_expired' });
    const s2 = prepareSession(k.record, now, 3600);
    await db.write([insertKey(db.db, s2.record), revokeKeyWrite(db.db, k.record.key_id, now)]);
    auth.invalidate(k.record.key_id);
    await expect(auth.authenticate(s2.token)).rejects.toMatchObject({ code: 'credentials_revoked' });
  });

  test('floods of unknown ids are cut off after the lookup budget', async () => {
    now += 10_000;
    const results = await Promise.allSettled(
      Array.from({ length: KEY_LOOKUPS_PER_S_MAX + 20 }, () => auth.authenticate(newCredential('key').token)),
    );
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'ok'));
    expect(codes.filter((c) => c === 'auth_busy').length).toBeGreaterThanOrEqual(20);
    expect(codes).not.toContain('ok');
  });
});

describe('rate limits', () => {
  test('a bucket allows its burst, then one per 1/rate seconds, and says how long to wait', () => {
    const r = new RateLimiter();
    let t = 0;
    for (let i = 0; i < 4; i += 1) expect(r.take('k', 2, 4, t)).toBe(0);
    expect(r.take('k', 2, 4, t)).toBe(500);
    t += 500;
    expect(r.take('k', 2, 4, t)).toBe(0);
    expect(r.take('k', 2, 4, t)).toBeGreaterThan(0);
    expect(r.take('other', 2, 4, t)).toBe(0);
  });
});
