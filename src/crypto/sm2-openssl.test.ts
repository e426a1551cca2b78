import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { bytesToHex, hexToBytes } from './bytes.ts';
import { CryptoError } from './errors.ts';
import { generateSm2KeyPair, Sm2PrivateKey, sm2Sign, sm2Verify } from './sm2.ts';
import {
  sm2PrivateKeyFromDer,
  sm2PrivateKeyFromPem,
  sm2PrivateKeyToPem,
  sm2PublicKeyFromDer,
  sm2PublicKeyFromPem,
  sm2PublicKeyToDer,
  sm2PublicKeyToPem,
} from './sm2-pem.ts';

/**
 * Interoperability with OpenSSL 3 (which implements SM2 per GB/T 32918 with SM3 and a distinguishing
 * id). Flags checked by hand:
 *   sign:   openssl pkeyutl -sign -inkey k.pem -rawin -digest sm3 -pkeyopt distid:1234567812345678
 *   verify: openssl pkeyutl -verify -pubin -inkey p.pem -rawin -digest sm3 -pkeyopt distid:... -sigfile s
 */
const OPENSSL = '/usr/bin/openssl';
const DIST_ID = 'distid:1234567812345678';
const dir = mkdtempSync(join(tmpdir(), 'tongbao-sm2-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function file(contents: string | Uint8Array): string {
  counter += 1;
  const path = join(dir, `f${counter}`);
  writeFileSync(path, contents);
  return path;
}

function openssl(args: readonly string[]): string {
  return execFileSync(OPENSSL, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function opensslVerifies(publicPem: string, message: Uint8Array | string, signature: Uint8Array): boolean {
  const args = ['pkeyutl', '-verify', '-pubin', '-inkey', file(publicPem), '-rawin', '-digest', 'sm3'];
  const run = spawnSync(
    OPENSSL,
    [...args, '-pkeyopt', DIST_ID, '-in', file(message), '-sigfile', file(signature)],
    {
      encoding: 'utf8',
    },
  );
  if (run.status === 0) {
    expect(run.stdout).toContain('Signature Verified Successfully');
    return true;
  }
  expect(run.stdout + run.stderr).toMatch(/Verification Failure|verify error|error/i);
  return false;
}

function opensslSign(privatePem: string, message: Uint8Array | string): Uint8Array {
  const out = join(dir, `sig${++counter}`);
  openssl(
    ['pkeyutl', '-sign', '-inkey', file(privatePem), '-rawin', '-digest', 'sm3', '-pkeyopt', DIST_ID].concat([
      '-in',
      file(message),
      '-out',
      out,
    ]),
  );
  return new Uint8Array(readFileSync(out));
}

// Runs wherever the suite runs (README: test requirements): a skipped cross-check proves nothing.
describe('SM2 with the openssl command line', () => {
  const ours = generateSm2KeyPair();
  const ourPrivatePem = sm2PrivateKeyToPem(ours.privateKey);
  const ourPublicPem = sm2PublicKeyToPem(ours.publicKey);
  const theirPrivatePem = openssl(['genpkey', '-algorithm', 'SM2']);
  const theirPublicPem = openssl(['pkey', '-pubout', '-in', file(theirPrivatePem)]);
  const message = new TextEncoder().encode('tongbao.example/audit\n1000\nroot\n');

  test('openssl reads our PEM keys and derives the same public key', () => {
    expect(openssl(['pkey', '-in', file(ourPrivatePem), '-pubout'])).toBe(ourPublicPem);
    expect(openssl(['pkey', '-pubin', '-in', file(ourPublicPem), '-pubout'])).toBe(ourPublicPem);
    expect(openssl(['pkey', '-in', file(ourPrivatePem)])).toBe(ourPrivatePem);
    expect(openssl(['pkey', '-in', file(ourPrivatePem), '-noout', '-text'])).toContain('SM2');
  });

  test('we read openssl keys: PKCS#8, SEC 1 and SubjectPublicKeyInfo', () => {
    const key = sm2PrivateKeyFromPem(theirPrivatePem);
    expect(key.publicKey.equals(sm2PublicKeyFromPem(theirPublicPem))).toBe(true);
    expect(sm2PrivateKeyToPem(key)).toBe(theirPrivatePem);
    expect(sm2PublicKeyToPem(key.publicKey)).toBe(theirPublicPem);
    const sec1 = openssl(['ec', '-in', file(theirPrivatePem)]);
    expect(sec1).toContain('BEGIN SM2 PRIVATE KEY');
    expect(sm2PrivateKeyFromPem(sec1).publicKey.equals(key.publicKey)).toBe(true);
    const relabelled = sec1.replaceAll('SM2 PRIVATE KEY', 'EC PRIVATE KEY');
    expect(sm2PrivateKeyFromPem(relabelled).publicKey.equals(key.publicKey)).toBe(true);
  });

  test('signed by us, verified by openssl; a tampered message or signature fails', () => {
    const signature = sm2Sign(ours.privateKey, message);
    expect(opensslVerifies(ourPublicPem, message, signature)).toBe(true);
    const otherMessage = Uint8Array.from(message);
    otherMessage[0] = otherMessage[0]! ^ 1;
    expect(opensslVerifies(ourPublicPem, otherMessage, signature)).toBe(false);
    const forged = Uint8Array.from(signature);
    forged[forged.byteLength - 1] = forged[forged.byteLength - 1]! ^ 1;
    expect(opensslVerifies(ourPublicPem, message, forged)).toBe(false);
    expect(opensslVerifies(theirPublicPem, message, signature)).toBe(false);
  });

  test('signed by openssl, verified by us; a tampered message or signature fails', () => {
    const signature = opensslSign(theirPrivatePem, message);
    const theirPublic = sm2PublicKeyFromPem(theirPublicPem);
    expect(sm2Verify(theirPublic, message, signature)).toBe(true);
    expect(sm2Verify(theirPublic, message.subarray(1), signature)).toBe(false);
    const forged = Uint8Array.from(signature);
    forged[10] = forged[10]! ^ 0x40;
    expect(sm2Verify(theirPublic, message, forged)).toBe(false);
    expect(sm2Verify(ours.publicKey, message, signature)).toBe(false);
  });

  test('openssl accepts the GB/T 32918.5 example signature under our encoding of its key', () => {
    const key = Sm2PrivateKey.fromHex('3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8');
    const der = hexToBytes(
      '3046022100f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3022100b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
    );
    expect(opensslVerifies(sm2PublicKeyToPem(key.publicKey), 'message digest', der)).toBe(true);
    expect(opensslVerifies(sm2PublicKeyToPem(key.publicKey), 'message digesT', der)).toBe(false);
  });
});

describe('SM2 PEM and DER', () => {
  const pair = generateSm2KeyPair();

  test('round-trip', () => {
    expect(sm2PrivateKeyFromPem(sm2PrivateKeyToPem(pair.privateKey)).publicKey.equals(pair.publicKey)).toBe(
      true,
    );
    expect(sm2PublicKeyFromPem(sm2PublicKeyToPem(pair.publicKey)).equals(pair.publicKey)).toBe(true);
  });

  test('refuse wrong labels, wrong curves, broken DER and mismatched embedded public keys', () => {
    const privatePem = sm2PrivateKeyToPem(pair.privateKey);
    const publicDer = sm2PublicKeyToDer(pair.publicKey);
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
        return 'ok';
      } catch (error) {
        if (error instanceof CryptoError) return error.code;
        throw error;
      }
    };
    expect(codeOf(() => sm2PublicKeyFromPem(privatePem))).toBe('crypto_pem_invalid');
    expect(codeOf(() => sm2PrivateKeyFromPem(sm2PublicKeyToPem(pair.publicKey)))).toBe('crypto_pem_invalid');
    expect(codeOf(() => sm2PrivateKeyFromPem(privatePem + privatePem))).toBe('crypto_pem_invalid');
    expect(codeOf(() => sm2PrivateKeyFromPem(privatePem.replace('M', '!')))).toBe('crypto_pem_invalid');
    // P-256 (1.2.840.10045.3.1.7) in place of the SM2 curve.
    const p256 = bytesToHex(publicDer).replace('06082a811ccf5501822d', '06082a8648ce3d030107');
    expect(codeOf(() => sm2PublicKeyFromDer(hexToBytes(p256)))).toBe('crypto_pem_invalid');
    expect(codeOf(() => sm2PublicKeyFromDer(publicDer.subarray(0, publicDer.byteLength - 1)))).toBe(
      'crypto_pem_invalid',
    );
    expect(codeOf(() => sm2PublicKeyFromDer(Uint8Array.of(...publicDer, 0)))).toBe('crypto_pem_invalid');
    const offCurve = Uint8Array.from(publicDer);
    offCurve[offCurve.byteLength - 1] = offCurve[offCurve.byteLength - 1]! ^ 1;
    expect(codeOf(() => sm2PublicKeyFromDer(offCurve))).toBe('crypto_key_invalid');

    const other = generateSm2KeyPair();
    const der = new Uint8Array(Buffer.from(privatePem.replace(/-----[A-Z ]+-----|\n/g, ''), 'base64'));
    const spliced = bytesToHex(der).replace(
      bytesToHex(pair.publicKey.toBytes()),
      bytesToHex(other.publicKey.toBytes()),
    );
    expect(codeOf(() => sm2PrivateKeyFromDer(hexToBytes(spliced)))).toBe('crypto_pem_invalid');
  });
});
