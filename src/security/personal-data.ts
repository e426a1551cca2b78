import type { Kysely } from 'kysely';
import type { Keyring } from '../crypto/index.ts';
import { TongbaoError } from '../errors/index.ts';
import type { CompiledWrite } from '../store/index.ts';
import type { SecurityDatabase } from '../store/security-schema.ts';

/**
 * Holder data (name, ID number, phone, address) is sealed with the keyring (SM4-CTR + HMAC-SM3 under
 * a key outside the database), bound to its wallet by the associated data `wallet:<id>:holder`, so a
 * sealed value copied onto another wallet does not open. Category 4 wallets are anonymous: only a keyed
 * hash (HMAC-SM3 under the keyring's hash key) of the phone number is kept, which can be matched against
 * a number a supervisor already has, but not turned back into one.
 */
export const HOLDER_FIELDS = ['name', 'id_number', 'phone', 'address'] as const;
export type HolderField = (typeof HOLDER_FIELDS)[number];
export type HolderData = Partial<Record<HolderField, string>>;
export const PHONE_HASH_CONTEXT = 'holder.phone';
export const ANONYMOUS_CATEGORY = 4;

export interface PreparedHolder {
  /** Fields as given (to seal once the wallet id is known). */
  readonly data: HolderData;
  readonly phone_hash: string | null;
  /** Category 4: nothing is sealed. */
  readonly anonymous: boolean;
}

/** Phone numbers are compared by their digits (spaces, dashes and a leading + ignored). */
export function normalizePhone(phone: string): string {
  return phone.replace(/[\s()-]/g, '').replace(/^\+/, '');
}

/**
 * Checks what may be kept for a wallet of this kind and category, before the wallet is opened (so a
 * refusal changes nothing), and hashes the phone number.
 */
export function prepareHolder(
  keyring: Keyring,
  kind: string,
  category: number | undefined,
  data: HolderData | undefined,
): PreparedHolder | null {
  if (data === undefined) return null;
  const anonymous = kind === 'personal' && category === ANONYMOUS_CATEGORY;
  if (anonymous) {
    for (const field of HOLDER_FIELDS) {
      if (field !== 'phone' && data[field] !== undefined)
        throw new TongbaoError(
          'holder_field_not_allowed',
          'category 4 wallets are anonymous: only a phone number is kept, as a keyed hash',
          `holder/${field}`,
        );
    }
  }
  const phone = data.phone === undefined ? null : normalizePhone(data.phone);
  if (phone !== null && !/^[0-9]{3,20}$/.test(phone))
    throw new TongbaoError('validation_failed', 'holder/phone is not a phone number', 'holder/phone');
  const kept: HolderData = {};
  for (const field of HOLDER_FIELDS) if (data[field] !== undefined) kept[field] = data[field];
  if (phone !== null) kept.phone = phone;
  return {
    data: anonymous ? {} : kept,
    phone_hash: phone === null ? null : keyring.keyedHashHex(PHONE_HASH_CONTEXT, phone),
    anonymous,
  };
}

function aad(walletId: string): string {
  return `wallet:${walletId}:holder`;
}

export function holderWrite(
  db: Kysely<SecurityDatabase>,
  keyring: Keyring,
  num: number,
  walletId: string,
  prepared: PreparedHolder,
  ts: number,
): CompiledWrite {
  const sealed =
    prepared.anonymous || Object.keys(prepared.data).length === 0
      ? null
      : keyring.seal(JSON.stringify(prepared.data), aad(walletId));
  return db
    .insertInto('holders')
    .values({ num, wallet_id: walletId, sealed, phone_hash: prepared.phone_hash, created_ts: ts })
    .compile();
}

/** Drops a wallet's sealed holder data, keeping its phone hash (a move to category 4). */
export function forgetHolder(db: Kysely<SecurityDatabase>, num: number): CompiledWrite {
  return db.updateTable('holders').set({ sealed: null }).where('num', '=', num).compile();
}

export interface HolderView {
  readonly wallet_id: string;
  readonly anonymous: boolean;
  readonly holder: HolderData;
  readonly phone_hash: string | null;
}

/** Opens a wallet's holder data (the caller has been authorised and has logged the read). */
export async function readHolder(
  db: Kysely<SecurityDatabase>,
  keyring: Keyring,
  num: number,
): Promise<HolderView> {
  const row = await db.selectFrom('holders').selectAll().where('num', '=', num).executeTakeFirst();
  if (row === undefined)
    throw new TongbaoError('holder_not_found', 'no personal data is kept for this wallet');
  const holder =
    row.sealed === null ? {} : (JSON.parse(keyring.openText(row.sealed, aad(row.wallet_id))) as HolderData);
  return { wallet_id: row.wallet_id, anonymous: row.sealed === null, holder, phone_hash: row.phone_hash };
}

/** Does this phone number match the wallet's kept hash? (Anonymous wallets can be matched, not read.) */
export function phoneMatches(keyring: Keyring, view: HolderView, phone: string): boolean {
  return (
    view.phone_hash !== null &&
    view.phone_hash === keyring.keyedHashHex(PHONE_HASH_CONTEXT, normalizePhone(phone))
  );
}

/** Re-seals every sealed value not under the keyring's current key; returns how many were re-sealed. */
export async function resealAll(
  db: Kysely<SecurityDatabase>,
  keyring: Keyring,
  write: (queries: readonly CompiledWrite[]) => Promise<void>,
  pageRows = 1_000,
): Promise<{ resealed: number; checked: number }> {
  let after = 0;
  let resealed = 0;
  let checked = 0;
  for (;;) {
    const page = await db
      .selectFrom('holders')
      .select(['num', 'wallet_id', 'sealed'])
      .where('num', '>', after)
      .orderBy('num')
      .limit(pageRows)
      .execute();
    const writes: CompiledWrite[] = [];
    for (const row of page) {
      if (row.sealed === null) continue;
      checked += 1;
      const next = keyring.rotate(row.sealed, aad(row.wallet_id));
      if (next.rotated) {
        writes.push(
          db.updateTable('holders').set({ sealed: next.sealed }).where('num', '=', row.num).compile(),
        );
        resealed += 1;
      }
    }
    if (writes.length > 0) await write(writes);
    if (page.length < pageRows) return { resealed, checked };
    after = Number(page[page.length - 1]!.num);
  }
}
