import { timingSafeEqual } from 'node:crypto';
import { CryptoError } from './errors.ts';

const HEX_PATTERN = /^(?:[0-9a-fA-F]{2})*$/;

/** Bytes from strict hex: even length, hex digits only, optionally an exact byte length. */
export function hexToBytes(hex: string, expected_bytes?: number): Uint8Array {
  if (typeof hex !== 'string' || !HEX_PATTERN.test(hex)) {
    throw new CryptoError('crypto_input_invalid', 'expected an even-length hex string');
  }
  if (expected_bytes !== undefined && hex.length !== expected_bytes * 2) {
    throw new CryptoError(
      'crypto_input_invalid',
      `expected ${expected_bytes} bytes of hex, got ${hex.length / 2}`,
    );
  }
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Strings are taken as UTF-8 text; bytes pass through unchanged. */
export function toBytes(input: Uint8Array | string): Uint8Array {
  if (typeof input === 'string') return new Uint8Array(Buffer.from(input, 'utf8'));
  if (input instanceof Uint8Array) return input;
  throw new CryptoError('crypto_input_invalid', 'expected bytes or a string');
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.byteLength;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

export function u32be(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) {
    throw new CryptoError('crypto_input_invalid', 'u32 out of range');
  }
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, false);
  return out;
}

/** Equality in time independent of where the inputs differ (lengths are not secret). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  return timingSafeEqual(a, b);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}
