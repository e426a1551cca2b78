import type { Kysely } from 'kysely';
import { TongbaoError } from '../errors/index.ts';
import { type LedgerState, parseWalletId } from '../ledger/index.ts';
import type { SecurityDatabase } from '../store/security-schema.ts';
import { credentialDigest, credentialId, digestMatches } from './credentials.ts';
import { getKey, type KeyRecord, keyStanding } from './key-store.ts';
import { KEY_CACHE_ENTRIES_MAX, KEY_CACHE_TTL_MS, KEY_LOOKUPS_PER_S_MAX, RATE_LIMITS } from './limits.ts';
import type { Principal } from './principal.ts';
import { RateLimiter } from './rate-limit.ts';

interface Entry {
  readonly record: KeyRecord;
  readonly hash: Buffer;
  readonly principal: Principal;
  readonly loaded: number;
}

const LOOKUP_BUCKET = '\u0000lookups';

function unauthenticated(): TongbaoError {
  // One answer for a malformed token, an unknown id and a wrong secret: no oracle for guessing.
  return new TongbaoError('unauthenticated', 'the credentials are not valid');
}

/**
 * Checks bearer tokens in microseconds: one SM3 of the token and a constant-time comparison against a
 * cached record. Records are cached by id (bounded, KEY_CACHE_ENTRIES_MAX) and re-read after
 * KEY_CACHE_TTL_MS, so keys written by the command line into a running node's database are seen and
 * revocations there take effect within that time; revocations through the API invalidate at once.
 * Unknown ids are looked up at most KEY_LOOKUPS_PER_S_MAX times a second node-wide.
 */
export class Authenticator {
  private readonly cache = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry | null>>();
  private readonly lookups = new RateLimiter();

  constructor(
    private readonly db: Kysely<SecurityDatabase>,
    private readonly state: () => LedgerState,
    private readonly clock: () => number = Date.now,
  ) {}

  async authenticate(token: string): Promise<Principal> {
    const id = credentialId(token);
    if (id === undefined) throw unauthenticated();
    const now = this.clock();
    const entry = await this.entry(id, now);
    if (entry === null) throw unauthenticated();
    if (!digestMatches(credentialDigest(token), entry.hash)) throw unauthenticated();
    this.checkStanding(entry.record, now);
    if (entry.record.parent_id !== null) {
      const parent = await this.entry(entry.record.parent_id, now);
      if (parent === null) throw unauthenticated();
      this.checkStanding(parent.record, now);
    }
    return entry.principal;
  }

  /** Forgets a key and the sessions it opened (after a revocation or rotation through the API). */
  invalidate(keyId: string): void {
    this.cache.delete(keyId);
    for (const [id, e] of this.cache) if (e.record.parent_id === keyId) this.cache.delete(id);
  }

  /** The rate this principal may call at: its own, or its role's. */
  static rateOf(record: KeyRecord): { per_s: number; burst: number } {
    const role = RATE_LIMITS[record.role]!;
    return record.rate_per_s > 0 ? { per_s: record.rate_per_s, burst: record.rate_per_s * 2 } : role;
  }

  private checkStanding(record: KeyRecord, now: number): void {
    const standing = keyStanding(record, now);
    if (standing === 'revoked')
      throw new TongbaoError('credentials_revoked', 'the key or session was revoked');
    if (standing === 'expired')
      throw new TongbaoError('credentials_expired', 'the key or session has expired');
  }

  private async entry(id: string, now: number): Promise<Entry | null> {
    const cached = this.cache.get(id);
    if (cached !== undefined && now - cached.loaded < KEY_CACHE_TTL_MS) return cached;
    if (cached === undefined) {
      const wait = this.lookups.take(LOOKUP_BUCKET, KEY_LOOKUPS_PER_S_MAX, KEY_LOOKUPS_PER_S_MAX, now);
      if (wait > 0)
        throw new TongbaoError('auth_busy', 'too many unknown keys are being tried', undefined, {
          retry_after_s: Math.ceil(wait / 1000),
        });
    }
    let pending = this.loading.get(id);
    if (pending === undefined) {
      pending = this.load(id, now).finally(() => this.loading.delete(id));
      this.loading.set(id, pending);
    }
    return pending;
  }

  private async load(id: string, now: number): Promise<Entry | null> {
    const record = await getKey(this.db, id);
    if (record === undefined) {
      this.cache.delete(id);
      return null;
    }
    const entry: Entry = {
      record,
      hash: Buffer.from(record.secret_hash, 'hex'),
      principal: this.principalOf(record),
      loaded: now,
    };
    this.cache.delete(id);
    if (this.cache.size >= KEY_CACHE_ENTRIES_MAX) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(id, entry);
    return entry;
  }

  private principalOf(k: KeyRecord): Principal {
    const state = this.state();
    const operatorNum = k.operator_id === null ? -1 : (state.operatorByKey.get(k.operator_id) ?? -1);
    const nums = new Set<number>();
    for (const w of k.wallets) {
      const parsed = parseWalletId(w);
      if (parsed !== null) nums.add(parsed.account);
    }
    const rate = Authenticator.rateOf(k);
    return {
      key_id: k.key_id,
      kind: k.kind,
      parent_id: k.parent_id,
      role: k.role,
      operator_id: k.operator_id,
      operator_num: operatorNum,
      operator_prefix: operatorNum < 0 ? '' : String(operatorNum).padStart(3, '0'),
      wallets: new Set(k.wallets),
      wallet_nums: nums,
      expires_ts: k.expires_ts,
      rate_per_s: rate.per_s,
      burst: rate.burst,
    };
  }
}
