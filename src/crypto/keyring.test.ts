import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { bytesToHex, hexToBytes } from './bytes.ts';
import { CryptoError } from './errors.ts';
import {
  addSealKey,
  generateKeyringDocument,
  Keyring,
  keyringFromEnv,
  loadKeyring,
  loadKeyringFile,
  writeKeyringFile,
} from './keyring.ts';
import { deriveSealKey, MAX_SEAL_PLAINTEXT_BYTES, parseSealed, sealWith } from './seal.ts';
import { hmacSm3 } from './sm3.ts';
import { sm4Ctr } from './sm4.ts';

const HEX_A = 'a'.repeat(64);
const HEX_B = 'b'.repeat(64);
const HEX_H = 'c'.repeat(64);

function doc(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { version: 1, current: 'k2', seal_keys: { k1: HEX_A, k2: HEX_B }, hash_key: HEX_H, ...overrides };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof CryptoError) return error.code;
    throw error;
  }
  return 'ok';
}

const ring = Keyring.fromDocument(doc());

describe('sealed values', () => {
  test('round-trip any bytes and any text under any aad', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), fc.string({ maxLength: 40 }), (data, aad) => {
        expect(ring.open(ring.seal(data, aad), aad)).toEqual(data);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        expect(ring.openText(ring.seal(text, 'wallet:1:name'), 'wallet:1:name')).toBe(text);
      }),
    );
  });

  test('are self-describing: prefix, key id, random iv (two seals of one value differ)', () => {
    const a = ring.seal('13800138000', 'wallet:7:phone');
    const b = ring.seal('13800138000', 'wallet:7:phone');
    expect(a).toMatch(/^tbs1\.k2\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(parseSealed(a).ciphertext.byteLength).toBe(11);
  });

  test('known answer: the format recomputed from its definition, then pinned', () => {
    const master = hexToBytes('00'.repeat(32));
    const iv = hexToBytes('000102030405060708090a0b0c0d0e0f');
    const sealed = sealWith(deriveSealKey('kat', master), 'abc', 'wallet:1:phone', iv);

    const encKey = hmacSm3(master, 'tongbao/seal/v1/sm4-ctr-key').slice(0, 16);
    const macKey = hmacSm3(master, 'tongbao/seal/v1/hmac-sm3-key');
    const ciphertext = sm4Ctr(encKey, iv, new TextEncoder().encode('abc'));
    const macInput = Buffer.concat([
      Buffer.from('tongbao/seal/v1\u0000'),
      Buffer.from([0, 0, 0, 3]),
      Buffer.from('kat'),
      Buffer.from([0, 0, 0, 14]),
      Buffer.from('wallet:1:phone'),
      iv,
      ciphertext,
    ]);
    const tag = hmacSm3(macKey, macInput);
    const expected = `tbs1.kat.${Buffer.concat([iv, ciphertext, tag]).toString('base64url')}`;
    expect(sealed).toBe(expected);
    // Pinned so that a change of format cannot pass unnoticed: stored values must keep opening.
    expect(sealed).toBe('tbs1.kat.AAECAwQFBgcICQoLDA0OD0Us4kgeeOKpAwzhcJFv2tMhfzuxioNQ1fMyxvGVjyKdW0xN');
    expect(bytesToHex(parseSealed(sealed).tag)).toBe(bytesToHex(tag));
  });

  test('flipping any bit of the payload is detected', () => {
    const sealed = ring.seal('身份证 110101199003077777', 'wallet:9:id_number');
    const [prefix, kid, payload] = sealed.split('.') as [string, string, string];
    const bytes = Buffer.from(payload, 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      for (const bit of [0x01, 0x80]) {
        const copy = Buffer.from(bytes);
        copy[i] = copy[i]! ^ bit;
        const forged = `${prefix}.${kid}.${copy.toString('base64url')}`;
        expect(codeOf(() => ring.open(forged, 'wallet:9:id_number'))).toBe('seal_auth_failed');
      }
    }
  });

  test('wrong aad, moved to another key id, truncated or extended: all refused', () => {
    const sealed = ring.seal('secret', 'wallet:1:phone');
    expect(codeOf(() => ring.open(sealed, 'wallet:2:phone'))).toBe('seal_auth_failed');
    expect(codeOf(() => ring.open(sealed, ''))).toBe('seal_auth_failed');
    expect(codeOf(() => ring.open(sealed.replace('.k2.', '.k1.'), 'wallet:1:phone'))).toBe(
      'seal_auth_failed',
    );
    expect(codeOf(() => ring.open(sealed.replace('.k2.', '.k9.'), 'wallet:1:phone'))).toBe(
      'seal_key_unknown',
    );
    for (let cut = 1; cut < sealed.length - 8; cut += 3) {
      const code = codeOf(() => ring.open(sealed.slice(0, sealed.length - cut), 'wallet:1:phone'));
      expect(['seal_malformed', 'seal_auth_failed']).toContain(code);
    }
    expect(codeOf(() => ring.open(`${sealed}AAAA`, 'wallet:1:phone'))).toBe('seal_auth_failed');
  });

  test('malformed containers are refused before any key is used', () => {
    const sealed = ring.seal('x', 'a');
    const payload = sealed.split('.')[2]!;
    for (const bad of [
      '',
      'tbs1',
      `tbs2.k2.${payload}`,
      `tbs1..${payload}`,
      `tbs1.k.2.${payload}`,
      `tbs1.k2.${payload}=`,
      `tbs1.k2.${payload.slice(0, -1)}+`,
      `tbs1.${'k'.repeat(33)}.${payload}`,
      'tbs1.k2.AAAA',
    ]) {
      expect(codeOf(() => ring.open(bad, 'a'))).toBe('seal_malformed');
    }
  });

  test('size limits on plaintext and aad', () => {
    expect(codeOf(() => ring.seal(new Uint8Array(MAX_SEAL_PLAINTEXT_BYTES + 1), 'a'))).toBe('seal_too_large');
    expect(codeOf(() => ring.seal('x', 'a'.repeat(1025)))).toBe('seal_too_large');
    expect(ring.open(ring.seal(new Uint8Array(MAX_SEAL_PLAINTEXT_BYTES), 'a'), 'a').byteLength).toBe(
      MAX_SEAL_PLAINTEXT_BYTES,
    );
  });

  test('non-UTF-8 plaintext refused by openText', () => {
    expect(codeOf(() => ring.openText(ring.seal(Uint8Array.of(0xff, 0xfe), 'a'), 'a'))).toBe(
      'seal_auth_failed',
    );
  });
});

describe('rotation', () => {
  test('re-seals old values under the current key; current values are left alone', () => {
    const old = Keyring.fromDocument(doc({ current: 'k1' }));
    const sealedOld = old.seal('13912345678', 'wallet:3:phone');
    expect(ring.needsRotation(sealedOld)).toBe(true);
    const { sealed, rotated } = ring.rotate(sealedOld, 'wallet:3:phone');
    expect(rotated).toBe(true);
    expect(sealed.startsWith('tbs1.k2.')).toBe(true);
    expect(ring.needsRotation(sealed)).toBe(false);
    expect(ring.openText(sealed, 'wallet:3:phone')).toBe('13912345678');
    expect(ring.rotate(sealed, 'wallet:3:phone')).toEqual({ sealed, rotated: false });
  });

  test('refuses to rotate a value that does not authenticate', () => {
    const sealed = Keyring.fromDocument(doc({ current: 'k1' })).seal('x', 'a');
    expect(codeOf(() => ring.rotate(sealed, 'b'))).toBe('seal_auth_failed');
  });

  test('a keyring without the old key cannot open it', () => {
    const sealedOld = Keyring.fromDocument(doc({ current: 'k1' })).seal('x', 'a');
    const newOnly = Keyring.fromDocument(doc({ seal_keys: { k2: HEX_B } }));
    expect(codeOf(() => newOnly.open(sealedOld, 'a'))).toBe('seal_key_unknown');
  });
});

describe('keyed hash', () => {
  test('is deterministic, keyed, and separated by context', () => {
    const h = ring.keyedHashHex('wallet.phone', '13800138000');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(ring.keyedHashHex('wallet.phone', '13800138000')).toBe(h);
    expect(ring.keyedHashHex('wallet.phone', '13800138001')).not.toBe(h);
    expect(ring.keyedHashHex('wallet.email', '13800138000')).not.toBe(h);
    const otherHashKey = Keyring.fromDocument(doc({ hash_key: 'd'.repeat(64) }));
    expect(otherHashKey.keyedHashHex('wallet.phone', '13800138000')).not.toBe(h);
  });

  test('does not depend on the seal keys, so sealing-key rotation keeps lookups working', () => {
    const rotated = Keyring.fromDocument(doc({ current: 'k3', seal_keys: { k3: 'e'.repeat(64) } }));
    expect(rotated.keyedHashHex('wallet.phone', '1')).toBe(ring.keyedHashHex('wallet.phone', '1'));
  });

  test('refuses a malformed context', () => {
    for (const bad of ['', 'Phone', '1abc', 'a b', 'x'.repeat(65)]) {
      expect(codeOf(() => ring.keyedHash(bad, 'v'))).toBe('crypto_input_invalid');
    }
  });
});

describe('keyring documents', () => {
  test('refuse every kind of malformed document', () => {
    const bad: unknown[] = [
      null,
      [],
      'x',
      doc({ version: 2 }),
      doc({ current: 'k9' }),
      doc({ seal_keys: {} }),
      doc({ seal_keys: [] }),
      doc({ seal_keys: { k1: HEX_A.slice(2) } }),
      doc({ seal_keys: { k1: `${HEX_A.slice(2)}zz` } }),
      doc({ seal_keys: { 'bad.id': HEX_A }, current: 'bad.id' }),
      doc({ seal_keys: { k1: HEX_A, k2: HEX_A } }),
      doc({ hash_key: HEX_A }),
      doc({ hash_key: 'c'.repeat(62) }),
      doc({ extra: true }),
      { version: 1, current: 'k1', seal_keys: { k1: HEX_A } },
      doc({
        seal_keys: Object.fromEntries(
          Array.from({ length: 65 }, (_, i) => [`k${i}`, i.toString(16).padStart(64, '0')]),
        ),
      }),
    ];
    for (const value of bad) expect(codeOf(() => Keyring.fromDocument(value))).toBe('keyring_invalid');
    expect(codeOf(() => Keyring.fromJson('{not json'))).toBe('keyring_invalid');
  });

  test('never show key material when logged or serialised', () => {
    expect(JSON.stringify(ring)).toBe('{"current_key_id":"k2","key_ids":["k1","k2"]}');
    const shown = inspect(ring);
    expect(shown).not.toContain('aaaa');
    expect(shown).not.toContain('cccc');
  });

  test('generate, add a key, write and load from a file or the environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tongbao-keyring-'));
    try {
      const first = generateKeyringDocument('k2026a');
      const ringA = Keyring.fromJson(first);
      const sealed = ringA.seal('v', 'a');
      const second = addSealKey(first, 'k2026b');
      const ringB = Keyring.fromJson(second);
      expect(ringB.current_key_id).toBe('k2026b');
      expect(ringB.openText(sealed, 'a')).toBe('v');
      expect(ringB.keyedHashHex('x', 'v')).toBe(ringA.keyedHashHex('x', 'v'));
      expect(codeOf(() => addSealKey(second, 'k2026a'))).toBe('keyring_invalid');

      const path = join(dir, 'keyring.json');
      writeKeyringFile(path, second);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(() => writeKeyringFile(path, second)).toThrow();
      expect(loadKeyringFile(path).openText(sealed, 'a')).toBe('v');
      expect(loadKeyring({ file: path, env: {} }).current_key_id).toBe('k2026b');
      expect(keyringFromEnv({ TONGBAO_KEYRING: second })?.current_key_id).toBe('k2026b');
      expect(keyringFromEnv({})).toBeUndefined();
      expect(loadKeyring({ env: { TONGBAO_KEYRING: first } }).current_key_id).toBe('k2026a');
      expect(codeOf(() => loadKeyring({ file: path, env: { TONGBAO_KEYRING: first } }))).toBe(
        'keyring_invalid',
      );
      expect(codeOf(() => loadKeyring({ env: {} }))).toBe('keyring_unavailable');
      expect(codeOf(() => loadKeyringFile(join(dir, 'missing.json')))).toBe('keyring_unavailable');
      writeFileSync(join(dir, 'bad.json'), '{"version":1}');
      expect(codeOf(() => loadKeyringFile(join(dir, 'bad.json')))).toBe('keyring_invalid');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
