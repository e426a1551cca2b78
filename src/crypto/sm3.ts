import { createHash, createHmac } from 'node:crypto';
import { toBytes } from './bytes.ts';

/** SM3 (GB/T 32905-2016) digest size. */
export const SM3_DIGEST_BYTES = 32;
/** SM3 block size, which is also HMAC-SM3's key block size. */
export const SM3_BLOCK_BYTES = 64;

export function sm3(data: Uint8Array | string): Uint8Array {
  const digest = createHash('sm3').update(toBytes(data)).digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}

/** SM3 over several parts without concatenating them first. */
export function sm3Parts(parts: readonly Uint8Array[]): Uint8Array {
  const hash = createHash('sm3');
  for (const part of parts) hash.update(part);
  const digest = hash.digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}

/** HMAC (RFC 2104) with SM3, as GB/T 15852.2 and GM/T 0042 use it. */
export function hmacSm3(key: Uint8Array, data: Uint8Array | string): Uint8Array {
  return hmacSm3Parts(key, [toBytes(data)]);
}

export function hmacSm3Parts(key: Uint8Array, parts: readonly Uint8Array[]): Uint8Array {
  const mac = createHmac('sm3', key);
  for (const part of parts) mac.update(part);
  const digest = mac.digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}
