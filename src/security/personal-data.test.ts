import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addSealKey, generateKeyringDocument, Keyring } from '../crypto/index.ts';
import { openSecurityDb, type SecurityDb } from '../store/security-db.ts';
import { holderWrite, phoneMatches, prepareHolder, readHolder, resealAll } from './personal-data.ts';

const person = {
  name: '王小明',
  id_number: '110101199003074477',
  phone: '+86 138-0013-8000',
  address: '北京市东城区',
};

describe('personal data', () => {
  let dir: string;
  let db: SecurityDb;
  const doc = generateKeyringDocument('a1');
  const keyring = Keyring.fromJson(doc);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tongbao-pd-'));
    db = await openSecurityDb({ dataDir: dir, create: true });
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('category 4 keeps only a keyed hash of the phone and refuses anything else', () => {
    expect(() => prepareHolder(keyring, 'personal', 4, { name: 'x', phone: '1' })).toThrow(
      expect.objectContaining({ code: 'holder_field_not_allowed', field: 'holder/name' }),
    );
    const p = prepareHolder(keyring, 'personal', 4, { phone: person.phone })!;
    expect(p).toMatchObject({ anonymous: true, data: {} });
    expect(p.phone_hash).toMatch(/^[0-9a-f]{64}$/);
    // the hash is keyed: another keyring gives another hash for the same number
    const other = Keyring.fromJson(generateKeyringDocument('b1'));
    expect(prepareHolder(other, 'personal', 4, { phone: person.phone })!.phone_hash).not.toBe(p.phone_hash);
    expect(() => prepareHolder(keyring, 'personal', 4, { phone: 'call me' })).toThrow(
      expect.objectContaining({ code: 'validation_failed', field: 'holder/phone' }),
    );
    expect(prepareHolder(keyring, 'personal', 2, undefined)).toBeNull();
  });

  test('holder data is sealed at rest, bound to its wallet, and matched by phone', async () => {
    const p = prepareHolder(keyring, 'personal', 2, person)!;
    const anon = prepareHolder(keyring, 'personal', 4, { phone: person.phone })!;
    await db.write([
      holderWrite(db.db, keyring, 40, '0010000000000040', p, 1),
      holderWrite(db.db, keyring, 57, '0010000000000057', anon, 1),
    ]);
    const raw = await db.db.selectFrom('holders').selectAll().execute();
    const dump = JSON.stringify(raw);
    for (const value of [person.name, person.id_number, '13800138000', person.address])
      expect(dump).not.toContain(value);
    expect(raw.find((r) => Number(r.num) === 57)!.sealed).toBeNull();
    const view = await readHolder(db.db, keyring, 40);
    expect(view.holder).toEqual({ ...person, phone: '8613800138000' });
    expect(phoneMatches(keyring, view, '86 1380013 8000')).toBe(true);
    expect(phoneMatches(keyring, await readHolder(db.db, keyring, 57), '+86 138 0013 8000')).toBe(true);
    expect(phoneMatches(keyring, await readHolder(db.db, keyring, 57), '13800138001')).toBe(false);
    // a sealed value copied onto another wallet does not open there
    const sealed = raw.find((r) => Number(r.num) === 40)!.sealed!;
    await db.write([db.db.updateTable('holders').set({ sealed }).where('num', '=', 57).compile()]);
    await expect(readHolder(db.db, keyring, 57)).rejects.toMatchObject({ code: 'seal_auth_failed' });
    await db.write([db.db.updateTable('holders').set({ sealed: null }).where('num', '=', 57).compile()]);
    await expect(readHolder(db.db, keyring, 99)).rejects.toMatchObject({ code: 'holder_not_found' });
  });

  test('rotation re-seals every value under the new key and old values stay readable until then', async () => {
    const rotated = Keyring.fromJson(addSealKey(doc, 'a2'));
    expect((await readHolder(db.db, rotated, 40)).holder.name).toBe(person.name);
    expect(await resealAll(db.db, rotated, (q) => db.write(q), 1)).toEqual({ resealed: 1, checked: 1 });
    const row = await db.db
      .selectFrom('holders')
      .select('sealed')
      .where('num', '=', 40)
      .executeTakeFirstOrThrow();
    expect(row.sealed!.startsWith('tbs1.a2.')).toBe(true);
    expect((await readHolder(db.db, rotated, 40)).holder.name).toBe(person.name);
    // the old keyring alone no longer opens it; a second pass finds nothing to do
    await expect(readHolder(db.db, keyring, 40)).rejects.toMatchObject({ code: 'seal_key_unknown' });
    expect(await resealAll(db.db, rotated, (q) => db.write(q))).toEqual({ resealed: 0, checked: 1 });
  });
});
