import { inspect } from 'node:util';
import { sm2 } from 'sm-crypto-v2';
import { bytesToHex, hexToBytes, toBytes } from './bytes.ts';
import {
  DER_TAG,
  encodeDerSequence,
  encodeDerUnsigned,
  expectTag,
  parseDerUnsigned,
  readDerOne,
  readDerSequence,
} from './der.ts';
import { CryptoError } from './errors.ts';

/**
 * SM2 signatures (GB/T 32918.2) on the recommended curve (GB/T 32918.5), through sm-crypto-v2: the
 * message is hashed with the signer's Z value (user id, curve, public key) in SM3 and signatures are DER
 * SEQUENCE { r, s }, which is what OpenSSL, GmSSL, BouncyCastle and hardware SM2 verifiers expect.
 */
export const SM2_DEFAULT_USER_ID = '1234567812345678';
export const SM2_CURVE_ORDER = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
export const SM2_PRIVATE_KEY_BYTES = 32;
export const SM2_PUBLIC_KEY_BYTES = 65;
/** ENTL is a 16-bit count of bits. */
export const MAX_SM2_USER_ID_BYTES = 8191;
/** DER of two 32-byte integers, each with a possible leading zero. */
export const MAX_SM2_SIGNATURE_BYTES = 72;
/** Messages we sign are checkpoints and small documents; the library converts them to hex strings. */
export const MAX_SM2_MESSAGE_BYTES = 1024 * 1024;
/** After this many verifications with one key object, precompute its multiples (costs ~10-60 ms once). */
const PRECOMPUTE_AFTER_VERIFIES = 4;

type PrecomputedPoint = ReturnType<typeof sm2.precomputePublicKey>;

export interface Sm2Options {
  /** The signer's distinguishing identifier; both sides must use the same. */
  readonly user_id?: string;
}

function userIdOf(options: Sm2Options | undefined): string {
  const id = options?.user_id ?? SM2_DEFAULT_USER_ID;
  const length = Buffer.byteLength(id, 'utf8');
  if (length === 0 || length > MAX_SM2_USER_ID_BYTES) {
    throw new CryptoError('crypto_input_invalid', `SM2 user id must be 1 to ${MAX_SM2_USER_ID_BYTES} bytes`);
  }
  return id;
}

function messageBytes(message: Uint8Array | string): Uint8Array {
  const bytes = toBytes(message);
  if (bytes.byteLength > MAX_SM2_MESSAGE_BYTES) {
    throw new CryptoError(
      'crypto_input_invalid',
      `SM2 messages are limited to ${MAX_SM2_MESSAGE_BYTES} bytes`,
    );
  }
  return bytes;
}

export class Sm2PublicKey {
  readonly #hex: string;
  #verifies = 0;
  #point: PrecomputedPoint | undefined;

  private constructor(uncompressedHex: string) {
    this.#hex = uncompressedHex;
  }

  /** The uncompressed SEC 1 point encoding, 04 || x || y, checked to lie on the curve. */
  static fromBytes(bytes: Uint8Array): Sm2PublicKey {
    if (!(bytes instanceof Uint8Array) || bytes.byteLength !== SM2_PUBLIC_KEY_BYTES || bytes[0] !== 0x04) {
      throw new CryptoError('crypto_key_invalid', 'an SM2 public key is 65 bytes: 04 || x || y');
    }
    const hex = bytesToHex(bytes);
    let onCurve = false;
    try {
      onCurve = sm2.verifyPublicKey(hex);
    } catch {
      onCurve = false;
    }
    if (!onCurve) throw new CryptoError('crypto_key_invalid', 'the point is not on the SM2 curve');
    return new Sm2PublicKey(hex);
  }

  static fromHex(hex: string): Sm2PublicKey {
    return Sm2PublicKey.fromBytes(hexToBytes(hex));
  }

  /** 65 bytes: 04 || x || y. */
  toBytes(): Uint8Array {
    return hexToBytes(this.#hex);
  }

  toHex(): string {
    return this.#hex;
  }

  equals(other: Sm2PublicKey): boolean {
    return other.#hex === this.#hex;
  }

  /** @internal the form sm-crypto-v2 takes, precomputed once the key is used repeatedly. */
  verifierPoint(): string | PrecomputedPoint {
    if (this.#point !== undefined) return this.#point;
    this.#verifies += 1;
    if (this.#verifies > PRECOMPUTE_AFTER_VERIFIES) this.#point = sm2.precomputePublicKey(this.#hex);
    return this.#point ?? this.#hex;
  }

  toJSON(): string {
    return this.#hex;
  }
}

export class Sm2PrivateKey {
  readonly #hex: string;
  readonly publicKey: Sm2PublicKey;

  private constructor(hex: string) {
    this.#hex = hex;
    this.publicKey = Sm2PublicKey.fromHex(sm2.getPublicKeyFromPrivateKey(hex));
  }

  /** The scalar d as 32 big-endian bytes; GB/T 32918 requires 1 <= d <= n - 2. */
  static fromBytes(bytes: Uint8Array): Sm2PrivateKey {
    if (!(bytes instanceof Uint8Array) || bytes.byteLength !== SM2_PRIVATE_KEY_BYTES) {
      throw new CryptoError('crypto_key_invalid', `an SM2 private key is ${SM2_PRIVATE_KEY_BYTES} bytes`);
    }
    const hex = bytesToHex(bytes);
    const d = BigInt(`0x${hex}`);
    if (d < 1n || d > SM2_CURVE_ORDER - 2n) {
      throw new CryptoError('crypto_key_invalid', 'SM2 private key out of range [1, n-2]');
    }
    return new Sm2PrivateKey(hex);
  }

  static fromHex(hex: string): Sm2PrivateKey {
    return Sm2PrivateKey.fromBytes(hexToBytes(hex, SM2_PRIVATE_KEY_BYTES));
  }

  /** Raw key material; only for writing a key file. */
  exportBytes(): Uint8Array {
    return hexToBytes(this.#hex);
  }

  /** @internal */
  scalarHex(): string {
    return this.#hex;
  }

  toJSON(): string {
    return '[SM2 private key]';
  }

  [inspect.custom](): string {
    return `Sm2PrivateKey { publicKey: ${this.publicKey.toHex()} }`;
  }
}

export interface Sm2KeyPair {
  readonly privateKey: Sm2PrivateKey;
  readonly publicKey: Sm2PublicKey;
}

export function generateSm2KeyPair(): Sm2KeyPair {
  for (;;) {
    const { privateKey } = sm2.generateKeyPairHex();
    const d = BigInt(`0x${privateKey}`);
    // The library draws d in [1, n-1]; n-1 is not a valid SM2 private key.
    if (d >= 1n && d <= SM2_CURVE_ORDER - 2n) {
      const key = Sm2PrivateKey.fromHex(privateKey.padStart(64, '0'));
      return { privateKey: key, publicKey: key.publicKey };
    }
  }
}

/** Signs with SM3 and the Z value (`hash: true`), returning a DER signature. */
export function sm2Sign(
  privateKey: Sm2PrivateKey,
  message: Uint8Array | string,
  options?: Sm2Options,
): Uint8Array {
  const hex = sm2.doSignature(messageBytes(message), privateKey.scalarHex(), {
    hash: true,
    der: true,
    publicKey: privateKey.publicKey.toHex(),
    userId: userIdOf(options),
  });
  return hexToBytes(hex);
}

export interface Sm2Signature {
  readonly r: bigint;
  readonly s: bigint;
}

/** Strict DER SEQUENCE { r, s } with 1 <= r, s <= n - 1; undefined for anything else. */
export function decodeSm2Signature(der: Uint8Array): Sm2Signature | undefined {
  if (!(der instanceof Uint8Array) || der.byteLength > MAX_SM2_SIGNATURE_BYTES) return undefined;
  try {
    const items = readDerSequence(readDerOne(der, DER_TAG.sequence));
    if (items.length !== 2) return undefined;
    const r = parseDerUnsigned(expectTag(items[0], DER_TAG.integer));
    const s = parseDerUnsigned(expectTag(items[1], DER_TAG.integer));
    if (r < 1n || r >= SM2_CURVE_ORDER || s < 1n || s >= SM2_CURVE_ORDER) return undefined;
    return { r, s };
  } catch {
    return undefined;
  }
}

export function encodeSm2Signature(signature: Sm2Signature): Uint8Array {
  return encodeDerSequence(encodeDerUnsigned(signature.r), encodeDerUnsigned(signature.s));
}

/** False for a wrong or malformed signature; throws only on a malformed message or user id. */
export function sm2Verify(
  publicKey: Sm2PublicKey,
  message: Uint8Array | string,
  signature: Uint8Array,
  options?: Sm2Options,
): boolean {
  const bytes = messageBytes(message);
  const userId = userIdOf(options);
  if (decodeSm2Signature(signature) === undefined) return false;
  try {
    return sm2.doVerifySignature(bytes, bytesToHex(signature), publicKey.verifierPoint(), {
      hash: true,
      der: true,
      userId,
    });
  } catch {
    return false;
  }
}
