import fc from 'fast-check';
import { sm2 } from 'sm-crypto-v2';
import { describe, expect, test } from 'vitest';
import { bytesToHex, hexToBytes } from './bytes.ts';
import { CryptoError } from './errors.ts';
import {
  decodeSm2Signature,
  encodeSm2Signature,
  generateSm2KeyPair,
  SM2_CURVE_ORDER,
  Sm2PrivateKey,
  Sm2PublicKey,
  sm2Sign,
  sm2Verify,
} from './sm2.ts';

/**
 * GB/T 32918.5-2017 (GM/T 0003.5-2012) appendix A: signature example on the recommended curve with the
 * default user id 1234567812345678. The same numbers appear in GmSSL's and openHiTLS's self tests.
 */
const VECTOR = {
  d: '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8',
  public:
    '04' +
    '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020' +
    'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
  message: 'message digest',
  k: '59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21',
  r: 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3',
  s: 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
  der: '3046022100f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3022100b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
};

const PAIR = generateSm2KeyPair();

describe('SM2 against the published example', () => {
  const key = Sm2PrivateKey.fromHex(VECTOR.d);

  test('the public key is d·G', () => {
    expect(key.publicKey.toHex()).toBe(VECTOR.public);
  });

  test('the published signature verifies; DER encodes (r, s) as in the GmSSL test', () => {
    const signature = encodeSm2Signature({ r: BigInt(`0x${VECTOR.r}`), s: BigInt(`0x${VECTOR.s}`) });
    expect(bytesToHex(signature)).toBe(VECTOR.der);
    expect(sm2Verify(key.publicKey, VECTOR.message, signature)).toBe(true);
    expect(sm2Verify(key.publicKey, 'message digesT', signature)).toBe(false);
    expect(sm2Verify(key.publicKey, VECTOR.message, signature, { user_id: 'ALICE123@YAHOO.COM' })).toBe(
      false,
    );
  });

  test('the library, given the example nonce k, reproduces (r, s) exactly', () => {
    const k = BigInt(`0x${VECTOR.k}`);
    const kG = sm2.getPublicKeyFromPrivateKey(VECTOR.k);
    const x1 = BigInt(`0x${kG.slice(2, 66)}`);
    const der = sm2.doSignature(new TextEncoder().encode(VECTOR.message), VECTOR.d, {
      hash: true,
      der: true,
      publicKey: VECTOR.public,
      userId: '1234567812345678',
      pointPool: [{ k, x1 }],
    });
    expect(der).toBe(VECTOR.der);
  });
});

describe('SM2 sign and verify', () => {
  test('round-trips any message; any other message, key or user id fails', () => {
    const other = generateSm2KeyPair();
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        (m, n) => {
          const signature = sm2Sign(PAIR.privateKey, m);
          expect(sm2Verify(PAIR.publicKey, m, signature)).toBe(true);
          if (bytesToHex(m) !== bytesToHex(n)) expect(sm2Verify(PAIR.publicKey, n, signature)).toBe(false);
          expect(sm2Verify(other.publicKey, m, signature)).toBe(false);
          expect(sm2Verify(PAIR.publicKey, m, signature, { user_id: 'another-id' })).toBe(false);
        },
      ),
      { numRuns: 25 },
    );
  });

  test('a user id other than the default round-trips when both sides use it', () => {
    const signature = sm2Sign(PAIR.privateKey, 'm', { user_id: 'operator-7@tongbao' });
    expect(sm2Verify(PAIR.publicKey, 'm', signature, { user_id: 'operator-7@tongbao' })).toBe(true);
    expect(sm2Verify(PAIR.publicKey, 'm', signature)).toBe(false);
  });

  test('flipping any byte of a signature makes it fail', () => {
    const signature = sm2Sign(PAIR.privateKey, 'checkpoint');
    for (let i = 0; i < signature.byteLength; i++) {
      const forged = Uint8Array.from(signature);
      forged[i] = forged[i]! ^ 0x01;
      expect(sm2Verify(PAIR.publicKey, 'checkpoint', forged)).toBe(false);
    }
  });

  test('non-canonical or out-of-range signatures are refused, never crash', () => {
    const { r, s } = decodeSm2Signature(sm2Sign(PAIR.privateKey, 'm'))!;
    const enc = (rr: bigint, ss: bigint) => encodeSm2Signature({ r: rr, s: ss });
    const good = enc(r, s);
    const bad = [
      new Uint8Array(0),
      good.subarray(0, good.byteLength - 1),
      Uint8Array.of(...good, 0),
      enc(0n, s),
      enc(r, 0n),
      enc(r + SM2_CURVE_ORDER, s),
      enc(r, s + SM2_CURVE_ORDER),
      enc(r, SM2_CURVE_ORDER - s),
      hexToBytes(`3045022000${bytesToHex(good).slice(10)}`),
      hexToBytes(`30800220${'11'.repeat(32)}0220${'22'.repeat(32)}0000`),
      new Uint8Array(73),
    ];
    for (const signature of bad) expect(sm2Verify(PAIR.publicKey, 'm', signature)).toBe(false);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (junk) => {
        expect(sm2Verify(PAIR.publicKey, 'm', junk)).toBe(false);
      }),
    );
  });

  test('signatures are randomised (fresh k each time)', () => {
    expect(bytesToHex(sm2Sign(PAIR.privateKey, 'm'))).not.toBe(bytesToHex(sm2Sign(PAIR.privateKey, 'm')));
  });

  test('verification keeps working after the key precomputes its multiples', () => {
    const key = Sm2PublicKey.fromHex(PAIR.publicKey.toHex());
    const signature = sm2Sign(PAIR.privateKey, 'x');
    for (let i = 0; i < 8; i++) {
      expect(sm2Verify(key, 'x', signature)).toBe(true);
      expect(sm2Verify(key, 'y', signature)).toBe(false);
    }
  });
});

describe('SM2 keys', () => {
  test('private keys: 32 bytes in [1, n-2]', () => {
    const n = SM2_CURVE_ORDER;
    const hex = (v: bigint) => v.toString(16).padStart(64, '0');
    expect(Sm2PrivateKey.fromHex(hex(1n)).publicKey.toHex()).toHaveLength(130);
    expect(Sm2PrivateKey.fromHex(hex(n - 2n)).publicKey.toHex()).toHaveLength(130);
    for (const bad of [hex(0n), hex(n - 1n), hex(n), 'f'.repeat(64), 'ab', `${hex(1n)}00`, 'zz'.repeat(32)]) {
      expect(() => Sm2PrivateKey.fromHex(bad)).toThrow(CryptoError);
    }
  });

  test('public keys: uncompressed points on the curve only', () => {
    const bytes = PAIR.publicKey.toBytes();
    expect(Sm2PublicKey.fromBytes(bytes).equals(PAIR.publicKey)).toBe(true);
    const offCurve = Uint8Array.from(bytes);
    offCurve[64] = offCurve[64]! ^ 1;
    const compressed = sm2.compressPublicKeyHex(PAIR.publicKey.toHex());
    for (const bad of [
      offCurve,
      bytes.subarray(1),
      Uint8Array.of(0x05, ...bytes.subarray(1)),
      hexToBytes(compressed),
    ]) {
      expect(() => Sm2PublicKey.fromBytes(bad)).toThrow(CryptoError);
    }
    expect(() => Sm2PublicKey.fromBytes(Uint8Array.of(0x04, ...new Uint8Array(64)))).toThrow(CryptoError);
  });

  test('private keys never print their scalar', () => {
    expect(JSON.stringify({ key: PAIR.privateKey })).not.toContain(bytesToHex(PAIR.privateKey.exportBytes()));
  });
});
