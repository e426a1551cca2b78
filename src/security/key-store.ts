import type { Kysely, Selectable } from 'kysely';
import type { CompiledWrite } from '../store/index.ts';
import type { ApiKeysTable, SecurityDatabase } from '../store/security-schema.ts';
import type { CredentialKind } from './credentials.ts';
import { isRole, type Role } from './roles.ts';

/** The database the security layer works on: the node's store, or the command line's own connection. */
export interface SecuritySql {
  readonly db: Kysely<SecurityDatabase>;
  write(queries: readonly CompiledWrite[]): Promise<void>;
}

/** A key or session as stored (the secret only as its hash). */
export interface KeyRecord {
  readonly key_id: string;
  readonly kind: CredentialKind;
  readonly role: Role;
  readonly operator_id: string | null;
  readonly wallets: readonly string[];
  readonly label: string;
  readonly secret_hash: string;
  readonly created_ts: number;
  readonly created_by: string;
  readonly expires_ts: number;
  readonly revoked_ts: number;
  readonly parent_id: string | null;
  readonly rate_per_s: number;
}

function fromRow(r: Selectable<ApiKeysTable>): KeyRecord {
  if (!isRole(r.role)) throw new Error(`key ${r.key_id} has an unknown role`);
  const wallets = JSON.parse(r.wallets) as unknown;
  if (!Array.isArray(wallets) || !wallets.every((w) => typeof w === 'string'))
    throw new Error(`key ${r.key_id} has a malformed wallet list`);
  return {
    key_id: r.key_id,
    kind: r.kind === 'session' ? 'session' : 'key',
    role: r.role,
    operator_id: r.operator_id,
    wallets,
    label: r.label,
    secret_hash: r.secret_hash,
    created_ts: Number(r.created_ts),
    created_by: r.created_by,
    expires_ts: Number(r.expires_ts),
    revoked_ts: Number(r.revoked_ts),
    parent_id: r.parent_id,
    rate_per_s: Number(r.rate_per_s),
  };
}

export function insertKey(db: Kysely<SecurityDatabase>, k: KeyRecord): CompiledWrite {
  return db
    .insertInto('api_keys')
    .values({ ...k, wallets: JSON.stringify(k.wallets) })
    .compile();
}

/** Revokes a key and every session it opened (a rotated key's sessions go with it). */
export function revokeKeyWrite(db: Kysely<SecurityDatabase>, keyId: string, ts: number): CompiledWrite {
  return db
    .updateTable('api_keys')
    .set({ revoked_ts: ts })
    .where((eb) => eb.or([eb('key_id', '=', keyId), eb('parent_id', '=', keyId)]))
    .where('revoked_ts', '=', 0)
    .compile();
}

/** Lets a rotated key live on for a grace period instead of ending at once. */
export function expireKeyWrite(db: Kysely<SecurityDatabase>, keyId: string, at: number): CompiledWrite {
  return db.updateTable('api_keys').set({ expires_ts: at }).where('key_id', '=', keyId).compile();
}

export async function getKey(db: Kysely<SecurityDatabase>, keyId: string): Promise<KeyRecord | undefined> {
  const row = await db.selectFrom('api_keys').selectAll().where('key_id', '=', keyId).executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

/** Keys (not sessions) in id order, after a cursor. */
export async function listKeys(
  db: Kysely<SecurityDatabase>,
  options: { readonly after?: string; readonly limit: number; readonly include_revoked: boolean },
): Promise<KeyRecord[]> {
  let q = db.selectFrom('api_keys').selectAll().where('kind', '=', 'key');
  if (options.after !== undefined) q = q.where('key_id', '>', options.after);
  if (!options.include_revoked) q = q.where('revoked_ts', '=', 0);
  const rows = await q.orderBy('key_id').limit(options.limit).execute();
  return rows.map(fromRow);
}

/** Whether a key is usable at `now` (not revoked, not expired), and why not. */
export function keyStanding(k: KeyRecord, now: number): 'active' | 'revoked' | 'expired' {
  if (k.revoked_ts !== 0) return 'revoked';
  if (k.expires_ts !== 0 && k.expires_ts <= now) return 'expired';
  return 'active';
}

/** A key as listings show it: everything but the hash. */
export function presentKey(k: KeyRecord, now: number) {
  return {
    key_id: k.key_id,
    kind: k.kind,
    role: k.role,
    operator_id: k.operator_id,
    wallets: [...k.wallets],
    label: k.label,
    created_at: new Date(k.created_ts).toISOString(),
    created_by: k.created_by,
    expires_at: k.expires_ts === 0 ? null : new Date(k.expires_ts).toISOString(),
    revoked_at: k.revoked_ts === 0 ? null : new Date(k.revoked_ts).toISOString(),
    status: keyStanding(k, now),
    rate_per_s: k.rate_per_s,
  };
}
