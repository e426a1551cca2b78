import { randomBytes } from 'node:crypto';
import { concatBytes, constantTimeEqual, toBytes, u32be } from './bytes.ts';
import { CryptoError } from './errors.ts';
import { hmacSm3, hmacSm3Parts, SM3_DIGEST_BYTES } from './sm3.ts';
import { SM4_BLOCK_BYTES, SM4_KEY_BYTES, sm4Ctr } from './sm4.ts';

/**
 * Sealed values (v1): SM4-CTR, then HMAC-SM3 over everything that identifies the ciphertext
 * (encrypt-then-MAC), with encryption and MAC keys derived separately from one 32-byte master key.
 *
 *   tbs1.<key id>.<base64url(iv[16] || ciphertext || tag[32])>
 *
 *   tag = HMAC-SM3(mac_key, "tongbao/seal/v1" || 0x00 || u32(len key id) || key id
 *                           || u32(len aad) || aad || iv || ciphertext)
 *
 * The associated data is not stored: the caller supplies it again to open, so a ciphertext copied to
 * another record or field (different aad) does not open.
 */
export const SEAL_PREFIX = 'tbs1';
export const SEAL_MASTER_KEY_BYTES = 32;
export const SEAL_IV_BYTES = SM4_BLOCK_BYTES;
export const SEAL_TAG_BYTES = SM3_DIGEST_BYTES;
/** Personal data fields are small; a larger value is a caller's mistake, not a record. */
export const MAX_SEAL_PLAINTEXT_BYTES = 64 * 1024;
export const MAX_SEAL_AAD_BYTES = 1024;
export const MAX_KEY_ID_LENGTH = 32;
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

const BASE64URL_PATTERN = /^[A-Za-z0-9_-]*$/;
const MAX_SEALED_LENGTH =
  SEAL_PREFIX.length + 2 + MAX_KEY_ID_LENGTH + Math.ceil(((MAX_SEAL_PLAINTEXT_BYTES + 48) * 4) / 3);
const MAC_DOMAIN = toBytes('tongbao/seal/v1\u0000');
const ENC_LABEL = toBytes('tongbao/seal/v1/sm4-ctr-key');
const MAC_LABEL = toBytes('tongbao/seal/v1/hmac-sm3-key');

/** The two working keys of one master key; derived once when a keyring loads. */
export interface SealKey {
  readonly key_id: string;
  readonly enc_key: Uint8Array;
  readonly mac_key: Uint8Array;
}

export function deriveSealKey(key_id: string, master: Uint8Array): SealKey {
  if (!KEY_ID_PATTERN.test(key_id)) {
    throw new CryptoError('keyring_invalid', `key id must match ${KEY_ID_PATTERN}`);
  }
  if (!(master instanceof Uint8Array) || master.byteLength !== SEAL_MASTER_KEY_BYTES) {
    throw new CryptoError('crypto_key_invalid', `a seal master key is ${SEAL_MASTER_KEY_BYTES} bytes`);
  }
  const enc_key = hmacSm3(master, ENC_LABEL).slice(0, SM4_KEY_BYTES);
  const mac_key = hmacSm3(master, MAC_LABEL);
  return { key_id, enc_key, mac_key };
}

export interface SealedParts {
  readonly key_id: string;
  readonly iv: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly tag: Uint8Array;
}

function checkAad(aad: Uint8Array | string): Uint8Array {
  const bytes = toBytes(aad);
  if (bytes.byteLength > MAX_SEAL_AAD_BYTES) {
    throw new CryptoError('seal_too_large', `associated data is limited to ${MAX_SEAL_AAD_BYTES} bytes`);
  }
  return bytes;
}

function computeTag(key: SealKey, aad: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const kid = toBytes(key.key_id);
  return hmacSm3Parts(key.mac_key, [
    MAC_DOMAIN,
    u32be(kid.byteLength),
    kid,
    u32be(aad.byteLength),
    aad,
    iv,
    ciphertext,
  ]);
}

/** `iv` is only for known-answer tests; production callers let it be random. */
export function sealWith(
  key: SealKey,
  plaintext: Uint8Array | string,
  aad: Uint8Array | string,
  iv: Uint8Array = new Uint8Array(randomBytes(SEAL_IV_BYTES)),
): string {
  const data = toBytes(plaintext);
  if (data.byteLength > MAX_SEAL_PLAINTEXT_BYTES) {
    throw new CryptoError('seal_too_large', `sealed values are limited to ${MAX_SEAL_PLAINTEXT_BYTES} bytes`);
  }
  if (iv.byteLength !== SEAL_IV_BYTES) throw new CryptoError('crypto_input_invalid', 'iv must be 16 bytes');
  const aadBytes = checkAad(aad);
  const ciphertext = sm4Ctr(key.enc_key, iv, data);
  const tag = computeTag(key, aadBytes, iv, ciphertext);
  const payload = Buffer.from(concatBytes(iv, ciphertext, tag)).toString('base64url');
  return `${SEAL_PREFIX}.${key.key_id}.${payload}`;
}

/** Splits a sealed string into its parts without any key; throws `seal_malformed` on any deviation. */
export function parseSealed(sealed: string): SealedParts {
  if (typeof sealed !== 'string' || sealed.length > MAX_SEALED_LENGTH) {
    throw new CryptoError('seal_malformed', 'not a sealed value');
  }
  const parts = sealed.split('.');
  if (parts.length !== 3 || parts[0] !== SEAL_PREFIX) {
    throw new CryptoError('seal_malformed', `a sealed value is ${SEAL_PREFIX}.<key id>.<payload>`);
  }
  const key_id = parts[1]!;
  const payload = parts[2]!;
  if (!KEY_ID_PATTERN.test(key_id)) throw new CryptoError('seal_malformed', 'bad key id in sealed value');
  if (!BASE64URL_PATTERN.test(payload)) throw new CryptoError('seal_malformed', 'payload is not base64url');
  const bytes = new Uint8Array(Buffer.from(payload, 'base64url'));
  // Canonical encoding only: a payload that decodes but re-encodes differently (stray bits) is refused.
  if (Buffer.from(bytes).toString('base64url') !== payload) {
    throw new CryptoError('seal_malformed', 'payload is not canonical base64url');
  }
  if (bytes.byteLength < SEAL_IV_BYTES + SEAL_TAG_BYTES) {
    throw new CryptoError('seal_malformed', 'sealed value is truncated');
  }
  return {
    key_id,
    iv: bytes.subarray(0, SEAL_IV_BYTES),
    ciphertext: bytes.subarray(SEAL_IV_BYTES, bytes.byteLength - SEAL_TAG_BYTES),
    tag: bytes.subarray(bytes.byteLength - SEAL_TAG_BYTES),
  };
}

/** Verifies the tag before decrypting anything; a mismatch says nothing about which part was wrong. */
export function openWith(key: SealKey, parts: SealedParts, aad: Uint8Array | string): Uint8Array {
  if (parts.key_id !== key.key_id) {
    throw new CryptoError('seal_key_unknown', `sealed under key ${parts.key_id}, not ${key.key_id}`);
  }
  const expected = computeTag(key, checkAad(aad), parts.iv, parts.ciphertext);
  if (!constantTimeEqual(expected, parts.tag)) {
    throw new CryptoError('seal_auth_failed', 'sealed value failed authentication (tampered, or wrong aad)');
  }
  return sm4Ctr(key.enc_key, parts.iv, parts.ciphertext);
}
