import type { Kysely } from 'kysely';
import { TongbaoError } from '../errors/index.ts';
import {
  ACCOUNT_KIND_NAMES,
  isWalletKind,
  type LedgerState,
  parseWalletId,
  type WalletKindName,
} from '../ledger/index.ts';
import type { SecurityDatabase } from '../store/security-schema.ts';
import { newCredential } from './credentials.ts';
import { type KeyRecord, keyStanding } from './key-store.ts';
import {
  KEY_LABEL_MAX_LENGTH,
  KEY_RATE_PER_S_MAX,
  KEY_WALLETS_MAX,
  ROTATE_GRACE_S_MAX,
  SESSION_TTL_S_DEFAULT,
  SESSION_TTL_S_MAX,
} from './limits.ts';
import { isRole, type Role, scopeOf } from './roles.ts';
import { hasControlCharacter } from './text.ts';

/** What a new key is for. */
export interface KeySpec {
  readonly role: string;
  readonly operator_id?: string | null | undefined;
  readonly wallets?: readonly string[] | undefined;
  readonly label?: string | undefined;
  readonly rate_per_s?: number | undefined;
}

/** Answers what a key's scope names exist, from the ledger in memory or from the database. */
export interface ScopeResolver {
  operatorExists(id: string): Promise<boolean>;
  walletKind(id: string): Promise<WalletKindName | undefined>;
}

export function stateResolver(state: () => LedgerState): ScopeResolver {
  return {
    async operatorExists(id) {
      return state().operatorByKey.has(id);
    },
    async walletKind(id) {
      const s = state();
      const parsed = parseWalletId(id);
      if (parsed === null) return undefined;
      const a = s.accounts;
      const num = parsed.account;
      if (!a.exists(num) || !isWalletKind(a.kind[num]!) || a.operator[num] !== parsed.operator)
        return undefined;
      return ACCOUNT_KIND_NAMES[a.kind[num]!] as WalletKindName;
    },
  };
}

export function dbResolver(db: Kysely<SecurityDatabase>): ScopeResolver {
  return {
    async operatorExists(id) {
      return (
        (await db.selectFrom('operators').select('num').where('id', '=', id).executeTakeFirst()) !== undefined
      );
    },
    async walletKind(id) {
      const parsed = parseWalletId(id);
      if (parsed === null) return undefined;
      const row = await db
        .selectFrom('accounts')
        .select(['kind', 'operator'])
        .where('num', '=', parsed.account)
        .executeTakeFirst();
      if (row === undefined || !isWalletKind(row.kind) || row.operator !== parsed.operator) return undefined;
      return ACCOUNT_KIND_NAMES[row.kind] as WalletKindName;
    },
  };
}

function scopeError(detail: string, field: string): never {
  throw new TongbaoError('key_scope_invalid', detail, field);
}

async function checkScope(role: Role, spec: KeySpec, resolver: ScopeResolver): Promise<void> {
  const scope = scopeOf(role);
  const wallets = spec.wallets ?? [];
  const operator = spec.operator_id ?? null;
  if (scope === 'operator') {
    if (operator === null) scopeError('an operator key names its operator', 'operator_id');
    if (!(await resolver.operatorExists(operator))) scopeError(`no operator ${operator}`, 'operator_id');
  } else if (operator !== null) scopeError(`a ${role} key names no operator`, 'operator_id');
  if (scope === 'wallets') {
    if (wallets.length === 0 || wallets.length > KEY_WALLETS_MAX)
      scopeError(`a ${role} key names 1-${KEY_WALLETS_MAX} wallets`, 'wallets');
    if (new Set(wallets).size !== wallets.length) scopeError('a wallet is named twice', 'wallets');
    for (const [i, id] of wallets.entries()) {
      const kind = await resolver.walletKind(id);
      if (kind === undefined) scopeError(`no wallet ${id}`, `wallets/${i}`);
      const fits = role === 'holder' ? kind === 'personal' : kind !== 'personal';
      if (!fits)
        scopeError(
          role === 'holder'
            ? 'holder keys name personal wallets'
            : 'merchant keys name merchant or corporate wallets',
          `wallets/${i}`,
        );
    }
  } else if (wallets.length > 0) scopeError(`a ${role} key names no wallets`, 'wallets');
}

/** Validates a key request and makes its record and one-time token (nothing is written here). */
export async function prepareKey(
  spec: KeySpec,
  resolver: ScopeResolver,
  actor: string,
  now: number,
): Promise<{ record: KeyRecord; token: string }> {
  if (!isRole(spec.role)) throw new TongbaoError('validation_failed', `unknown role ${spec.role}`, 'role');
  const label = spec.label ?? '';
  if (hasControlCharacter(label))
    throw new TongbaoError('validation_failed', 'label must not hold control characters', 'label');
  if (label.length > KEY_LABEL_MAX_LENGTH)
    throw new TongbaoError(
      'validation_failed',
      `label is limited to ${KEY_LABEL_MAX_LENGTH} characters`,
      'label',
    );
  const rate = spec.rate_per_s ?? 0;
  if (!(Number.isInteger(rate) && rate >= 0 && rate <= KEY_RATE_PER_S_MAX))
    throw new TongbaoError('validation_failed', `rate_per_s must be 0-${KEY_RATE_PER_S_MAX}`, 'rate_per_s');
  await checkScope(spec.role, spec, resolver);
  const c = newCredential('key');
  return {
    token: c.token,
    record: {
      key_id: c.id,
      kind: 'key',
      role: spec.role,
      operator_id: spec.operator_id ?? null,
      wallets: [...(spec.wallets ?? [])],
      label,
      secret_hash: c.hash,
      created_ts: now,
      created_by: actor,
      expires_ts: 0,
      revoked_ts: 0,
      parent_id: null,
      rate_per_s: rate,
    },
  };
}

/** A key's successor: same role and scope, new secret. The old key ends now or after a grace period. */
export function prepareRotation(
  old: KeyRecord,
  actor: string,
  now: number,
  grace_s: number,
): { record: KeyRecord; token: string; old_expires_ts: number } {
  if (old.kind !== 'key') throw new TongbaoError('key_not_found', `no key ${old.key_id}`, 'id');
  if (keyStanding(old, now) !== 'active')
    throw new TongbaoError('credentials_revoked', `key ${old.key_id} is no longer active`, 'id');
  if (!(Number.isInteger(grace_s) && grace_s >= 0 && grace_s <= ROTATE_GRACE_S_MAX))
    throw new TongbaoError('validation_failed', `grace_s must be 0-${ROTATE_GRACE_S_MAX}`, 'grace_s');
  const c = newCredential('key');
  const end = now + grace_s * 1000;
  return {
    token: c.token,
    old_expires_ts: old.expires_ts === 0 ? end : Math.min(old.expires_ts, end),
    record: { ...old, key_id: c.id, secret_hash: c.hash, created_ts: now, created_by: actor },
  };
}

/** A console session opened with a key: same role and scope, ending after ttl_s (or with the key). */
export function prepareSession(
  key: KeyRecord,
  now: number,
  ttl_s = SESSION_TTL_S_DEFAULT,
): { record: KeyRecord; token: string } {
  if (key.kind !== 'key') throw new TongbaoError('session_key_required');
  if (!(Number.isInteger(ttl_s) && ttl_s >= 60 && ttl_s <= SESSION_TTL_S_MAX))
    throw new TongbaoError('validation_failed', `ttl_s must be 60-${SESSION_TTL_S_MAX}`, 'ttl_s');
  const c = newCredential('session');
  const end = now + ttl_s * 1000;
  return {
    token: c.token,
    record: {
      ...key,
      key_id: c.id,
      kind: 'session',
      secret_hash: c.hash,
      created_ts: now,
      created_by: `key:${key.key_id}`,
      expires_ts: key.expires_ts === 0 ? end : Math.min(key.expires_ts, end),
      parent_id: key.key_id,
    },
  };
}
