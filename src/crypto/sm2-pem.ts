import { bytesEqual, concatBytes } from './bytes.ts';
import {
  DER_TAG,
  encodeDer,
  encodeDerSequence,
  expectTag,
  parseDerUnsigned,
  readDerOne,
  readDerSequence,
} from './der.ts';
import { CryptoError } from './errors.ts';
import { SM2_PRIVATE_KEY_BYTES, Sm2PrivateKey, Sm2PublicKey } from './sm2.ts';

/**
 * SM2 keys in the containers OpenSSL reads and writes: SubjectPublicKeyInfo (RFC 5280) and PKCS#8
 * (RFC 5208) around an ECPrivateKey (RFC 5915), with algorithm id-ecPublicKey and the SM2 curve
 * 1.2.156.10197.1.301 as parameters. SEC 1 ECPrivateKey files are read too.
 */
export const MAX_PEM_BYTES = 16 * 1024;

/** 1.2.840.10045.2.1 */
const OID_EC_PUBLIC_KEY = Uint8Array.of(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01);
/** 1.2.156.10197.1.301 */
const OID_SM2 = Uint8Array.of(0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d);

const ALGORITHM = encodeDerSequence(
  encodeDer(DER_TAG.oid, OID_EC_PUBLIC_KEY),
  encodeDer(DER_TAG.oid, OID_SM2),
);

function pemError(message: string): CryptoError {
  return new CryptoError('crypto_pem_invalid', message);
}

function toPem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The body of the one block with this label; other blocks (e.g. EC PARAMETERS) are ignored. */
function fromPem(pem: string, labels: readonly string[]): { label: string; der: Uint8Array } {
  if (typeof pem !== 'string' || pem.length > MAX_PEM_BYTES)
    throw pemError('not a PEM text of acceptable size');
  const blocks = [
    ...pem.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]*?)-----END \1-----/g),
  ];
  const wanted = blocks.filter((block) => labels.includes(block[1]!));
  if (wanted.length !== 1) throw pemError(`expected exactly one PEM block labelled ${labels.join(' or ')}`);
  const block = wanted[0]!;
  const body = block[2]!.replace(/\r?\n/g, '');
  const der = new Uint8Array(Buffer.from(body, 'base64'));
  if (Buffer.from(der).toString('base64') !== body) throw pemError('PEM body is not canonical base64');
  return { label: block[1]!, der };
}

function checkAlgorithm(value: Uint8Array): void {
  const parts = readDerSequence(value);
  if (parts.length !== 2) throw pemError('algorithm identifier must name id-ecPublicKey and the SM2 curve');
  if (!bytesEqual(expectTag(parts[0], DER_TAG.oid), OID_EC_PUBLIC_KEY)) throw pemError('not an EC key');
  if (!bytesEqual(expectTag(parts[1], DER_TAG.oid), OID_SM2)) throw pemError('not a key on the SM2 curve');
}

function bitStringBytes(value: Uint8Array): Uint8Array {
  if (value.byteLength < 1 || value[0] !== 0)
    throw pemError('public key bit string must have no unused bits');
  return value.subarray(1);
}

export function sm2PublicKeyToDer(key: Sm2PublicKey): Uint8Array {
  return encodeDerSequence(
    ALGORITHM,
    encodeDer(DER_TAG.bit_string, concatBytes(Uint8Array.of(0), key.toBytes())),
  );
}

export function sm2PublicKeyFromDer(der: Uint8Array): Sm2PublicKey {
  return wrap(() => {
    const parts = readDerSequence(readDerOne(der, DER_TAG.sequence));
    if (parts.length !== 2) throw pemError('SubjectPublicKeyInfo has two parts');
    checkAlgorithm(expectTag(parts[0], DER_TAG.sequence));
    return Sm2PublicKey.fromBytes(bitStringBytes(expectTag(parts[1], DER_TAG.bit_string)));
  });
}

export function sm2PublicKeyToPem(key: Sm2PublicKey): string {
  return toPem('PUBLIC KEY', sm2PublicKeyToDer(key));
}

export function sm2PublicKeyFromPem(pem: string): Sm2PublicKey {
  return sm2PublicKeyFromDer(fromPem(pem, ['PUBLIC KEY']).der);
}

function ecPrivateKeyDer(key: Sm2PrivateKey): Uint8Array {
  const publicKey = encodeDer(DER_TAG.bit_string, concatBytes(Uint8Array.of(0), key.publicKey.toBytes()));
  return encodeDerSequence(
    Uint8Array.of(DER_TAG.integer, 1, 1),
    encodeDer(DER_TAG.octet_string, key.exportBytes()),
    encodeDer(DER_TAG.context1, publicKey),
  );
}

/** RFC 5915 ECPrivateKey; `requireCurve` for SEC 1 files, whose curve is named only here. */
function parseEcPrivateKey(der: Uint8Array, requireCurve: boolean): Sm2PrivateKey {
  const parts = readDerSequence(readDerOne(der, DER_TAG.sequence));
  if (parts.length < 2 || parts.length > 4) throw pemError('ECPrivateKey has 2 to 4 parts');
  if (parseDerUnsigned(expectTag(parts[0], DER_TAG.integer)) !== 1n)
    throw pemError('ECPrivateKey version must be 1');
  const scalar = expectTag(parts[1], DER_TAG.octet_string);
  if (scalar.byteLength !== SM2_PRIVATE_KEY_BYTES) throw pemError('SM2 private key must be 32 bytes');
  const key = Sm2PrivateKey.fromBytes(scalar);
  let sawCurve = false;
  let lastTag = 0;
  for (const part of parts.slice(2)) {
    if (part.tag <= lastTag) throw pemError('ECPrivateKey optional parts out of order');
    lastTag = part.tag;
    if (part.tag === DER_TAG.context0) {
      if (!bytesEqual(readDerOne(part.value, DER_TAG.oid), OID_SM2))
        throw pemError('not a key on the SM2 curve');
      sawCurve = true;
    } else if (part.tag === DER_TAG.context1) {
      const embedded = bitStringBytes(readDerOne(part.value, DER_TAG.bit_string));
      if (!bytesEqual(embedded, key.publicKey.toBytes()))
        throw pemError('embedded public key does not match');
    } else {
      throw pemError('unexpected element in ECPrivateKey');
    }
  }
  if (requireCurve && !sawCurve) throw pemError('EC PRIVATE KEY does not name the SM2 curve');
  return key;
}

export function sm2PrivateKeyToDer(key: Sm2PrivateKey): Uint8Array {
  return encodeDerSequence(
    Uint8Array.of(DER_TAG.integer, 1, 0),
    ALGORITHM,
    encodeDer(DER_TAG.octet_string, ecPrivateKeyDer(key)),
  );
}

export function sm2PrivateKeyFromDer(der: Uint8Array): Sm2PrivateKey {
  return wrap(() => {
    const parts = readDerSequence(readDerOne(der, DER_TAG.sequence));
    if (parts.length !== 3) throw pemError('PKCS#8 PrivateKeyInfo must have version, algorithm and key only');
    if (parseDerUnsigned(expectTag(parts[0], DER_TAG.integer)) !== 0n)
      throw pemError('PKCS#8 version must be 0');
    checkAlgorithm(expectTag(parts[1], DER_TAG.sequence));
    return parseEcPrivateKey(expectTag(parts[2], DER_TAG.octet_string), false);
  });
}

/** Unencrypted PKCS#8, as `openssl genpkey -algorithm SM2` writes it. */
export function sm2PrivateKeyToPem(key: Sm2PrivateKey): string {
  return toPem('PRIVATE KEY', sm2PrivateKeyToDer(key));
}

/**
 * PKCS#8 "PRIVATE KEY", or SEC 1 as "EC PRIVATE KEY" or "SM2 PRIVATE KEY" (what `openssl ec` writes
 * for SM2 keys). Encrypted keys are refused.
 */
export function sm2PrivateKeyFromPem(pem: string): Sm2PrivateKey {
  const { label, der } = fromPem(pem, ['PRIVATE KEY', 'EC PRIVATE KEY', 'SM2 PRIVATE KEY']);
  if (label === 'PRIVATE KEY') return sm2PrivateKeyFromDer(der);
  return wrap(() => parseEcPrivateKey(der, true));
}

function wrap<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof CryptoError && error.code !== 'crypto_input_invalid') throw error;
    throw pemError(error instanceof Error ? error.message : 'malformed key');
  }
}
