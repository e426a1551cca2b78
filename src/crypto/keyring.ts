import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { bytesToHex, hexToBytes, toBytes, u32be } from './bytes.ts';
import { CryptoError } from './errors.ts';
import {
  deriveSealKey,
  KEY_ID_PATTERN,
  openWith,
  parseSealed,
  SEAL_MASTER_KEY_BYTES,
  type SealKey,
  sealWith,
} from './seal.ts';
import { hmacSm3Parts } from './sm3.ts';

/** Where the node looks for its keyring when no file is named. */
export const KEYRING_ENV_VAR = 'TONGBAO_KEYRING';
export const KEYRING_DOCUMENT_VERSION = 1;
export const MAX_KEYRING_KEYS = 64;
export const MAX_KEYRING_DOCUMENT_BYTES = 64 * 1024;
export const HASH_KEY_BYTES = 32;
export const KEYED_HASH_CONTEXT_PATTERN = /^[a-z][a-z0-9_.]{0,63}$/;

const HASH_DOMAIN = toBytes('tongbao/keyed-hash/v1\u0000');
const DOCUMENT_FIELDS = ['current', 'hash_key', 'seal_keys', 'version'];

/**
 * The keyring document, a JSON file (or the value of TONGBAO_KEYRING) kept outside the database:
 *
 *   { "version": 1, "current": "k2026a",
 *     "seal_keys": { "k2025a": "<64 hex>", "k2026a": "<64 hex>" },
 *     "hash_key": "<64 hex>" }
 *
 * `hash_key` never rotates: values kept only as a keyed hash cannot be recomputed under a new key.
 */
export interface KeyringDocument {
  readonly version: 1;
  readonly current: string;
  readonly seal_keys: Readonly<Record<string, string>>;
  readonly hash_key: string;
}

function invalid(message: string): CryptoError {
  return new CryptoError('keyring_invalid', message);
}

function checkDocument(value: unknown): KeyringDocument {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('not a JSON object');
  const doc = value as Record<string, unknown>;
  const fields = Object.keys(doc).sort();
  if (fields.join(',') !== DOCUMENT_FIELDS.join(',')) {
    throw invalid(`fields must be exactly ${DOCUMENT_FIELDS.join(', ')}; got ${fields.join(', ')}`);
  }
  if (doc.version !== KEYRING_DOCUMENT_VERSION) throw invalid(`version must be ${KEYRING_DOCUMENT_VERSION}`);
  const seal_keys = doc.seal_keys;
  if (typeof seal_keys !== 'object' || seal_keys === null || Array.isArray(seal_keys)) {
    throw invalid('seal_keys must be an object of key id to hex key');
  }
  const ids = Object.keys(seal_keys);
  if (ids.length === 0 || ids.length > MAX_KEYRING_KEYS) {
    throw invalid(`seal_keys must hold 1 to ${MAX_KEYRING_KEYS} keys`);
  }
  for (const id of ids) {
    if (!KEY_ID_PATTERN.test(id)) throw invalid(`key id ${JSON.stringify(id)} must match ${KEY_ID_PATTERN}`);
    const hex = (seal_keys as Record<string, unknown>)[id];
    if (typeof hex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(hex)) {
      throw invalid(`seal key ${id} must be ${SEAL_MASTER_KEY_BYTES} bytes of hex`);
    }
  }
  if (typeof doc.current !== 'string' || !ids.includes(doc.current)) {
    throw invalid('current must name one of seal_keys');
  }
  if (typeof doc.hash_key !== 'string' || !/^[0-9a-fA-F]{64}$/.test(doc.hash_key)) {
    throw invalid(`hash_key must be ${HASH_KEY_BYTES} bytes of hex`);
  }
  return doc as unknown as KeyringDocument;
}

export class Keyring {
  readonly current_key_id: string;
  readonly #keys: ReadonlyMap<string, SealKey>;
  readonly #hashKey: Uint8Array;

  private constructor(document: KeyringDocument) {
    const keys = new Map<string, SealKey>();
    const masters = new Set<string>();
    for (const [id, hex] of Object.entries(document.seal_keys)) {
      // Two ids for one key would let a ciphertext be relabelled without detection of the reuse.
      if (masters.has(hex.toLowerCase())) throw invalid(`seal key ${id} repeats another key`);
      masters.add(hex.toLowerCase());
      keys.set(id, deriveSealKey(id, hexToBytes(hex, SEAL_MASTER_KEY_BYTES)));
    }
    if (masters.has(document.hash_key.toLowerCase()))
      throw invalid('hash_key must differ from every seal key');
    this.#keys = keys;
    this.#hashKey = hexToBytes(document.hash_key, HASH_KEY_BYTES);
    this.current_key_id = document.current;
  }

  static fromDocument(value: unknown): Keyring {
    return new Keyring(checkDocument(value));
  }

  static fromJson(text: string): Keyring {
    if (typeof text !== 'string' || Buffer.byteLength(text) > MAX_KEYRING_DOCUMENT_BYTES) {
      throw invalid(`a keyring document is JSON text of at most ${MAX_KEYRING_DOCUMENT_BYTES} bytes`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw invalid('keyring is not valid JSON');
    }
    return Keyring.fromDocument(parsed);
  }

  get key_ids(): readonly string[] {
    return [...this.#keys.keys()];
  }

  /** Seals under the current key. `aad` names where the value lives, e.g. `wallet:<id>:id_number`. */
  seal(plaintext: Uint8Array | string, aad: Uint8Array | string): string {
    return sealWith(this.#key(this.current_key_id), plaintext, aad);
  }

  open(sealed: string, aad: Uint8Array | string): Uint8Array {
    const parts = parseSealed(sealed);
    return openWith(this.#key(parts.key_id), parts, aad);
  }

  /** Opens a value sealed from a string; invalid UTF-8 is treated as tampering. */
  openText(sealed: string, aad: Uint8Array | string): string {
    const bytes = this.open(sealed, aad);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new CryptoError('seal_auth_failed', 'sealed value is not UTF-8 text');
    }
  }

  needsRotation(sealed: string): boolean {
    return parseSealed(sealed).key_id !== this.current_key_id;
  }

  /** Re-seals under the current key after authenticating; a value already current is returned as is. */
  rotate(sealed: string, aad: Uint8Array | string): { sealed: string; rotated: boolean } {
    const parts = parseSealed(sealed);
    const plaintext = openWith(this.#key(parts.key_id), parts, aad);
    if (parts.key_id === this.current_key_id) return { sealed, rotated: false };
    return { sealed: this.seal(plaintext, aad), rotated: true };
  }

  /**
   * HMAC-SM3 under the hash key, for values kept only as a hash (a category-4 wallet's phone number) and
   * looked up by equality. `context` separates fields so equal values in different fields do not link.
   */
  keyedHash(context: string, value: Uint8Array | string): Uint8Array {
    if (!KEYED_HASH_CONTEXT_PATTERN.test(context)) {
      throw new CryptoError(
        'crypto_input_invalid',
        `keyed hash context must match ${KEYED_HASH_CONTEXT_PATTERN}`,
      );
    }
    const ctx = toBytes(context);
    return hmacSm3Parts(this.#hashKey, [HASH_DOMAIN, u32be(ctx.byteLength), ctx, toBytes(value)]);
  }

  keyedHashHex(context: string, value: Uint8Array | string): string {
    return bytesToHex(this.keyedHash(context, value));
  }

  #key(key_id: string): SealKey {
    const key = this.#keys.get(key_id);
    if (key === undefined) throw new CryptoError('seal_key_unknown', `no key ${key_id} in the keyring`);
    return key;
  }

  toJSON(): { current_key_id: string; key_ids: readonly string[] } {
    return { current_key_id: this.current_key_id, key_ids: this.key_ids };
  }

  [inspect.custom](): string {
    return `Keyring { current: ${this.current_key_id}, keys: [${this.key_ids.join(', ')}] }`;
  }
}

export function loadKeyringFile(path: string): Keyring {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CryptoError('keyring_unavailable', `cannot read keyring file ${path}: ${reason}`);
  }
  return Keyring.fromJson(text);
}

/** The keyring named by the environment, or undefined when the variable is unset or empty. */
export function keyringFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
  variable: string = KEYRING_ENV_VAR,
): Keyring | undefined {
  const text = env[variable];
  if (text === undefined || text === '') return undefined;
  return Keyring.fromJson(text);
}

/** Exactly one source: a file path or the environment variable. Both set is refused as ambiguous. */
export function loadKeyring(options: {
  file?: string | undefined;
  env?: Readonly<Record<string, string | undefined>>;
  variable?: string;
}): Keyring {
  const env = options.env ?? process.env;
  const variable = options.variable ?? KEYRING_ENV_VAR;
  const fromEnv = env[variable];
  const hasEnv = fromEnv !== undefined && fromEnv !== '';
  if (hasEnv && options.file !== undefined) {
    throw invalid(`both ${variable} and a keyring file are set; configure exactly one`);
  }
  if (hasEnv) return Keyring.fromJson(fromEnv);
  if (options.file !== undefined) return loadKeyringFile(options.file);
  throw new CryptoError('keyring_unavailable', `no keyring: set ${variable} or name a keyring file`);
}

function randomKeyHex(): string {
  return randomBytes(SEAL_MASTER_KEY_BYTES).toString('hex');
}

/** A fresh document with one seal key and a hash key, as JSON text. */
export function generateKeyringDocument(key_id = 'k1'): string {
  const doc: KeyringDocument = {
    version: KEYRING_DOCUMENT_VERSION,
    current: key_id,
    seal_keys: { [key_id]: randomKeyHex() },
    hash_key: randomKeyHex(),
  };
  checkDocument(doc);
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The document with a new random seal key made current; old keys stay so old values still open. */
export function addSealKey(document_json: string, key_id: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document_json);
  } catch {
    throw invalid('keyring is not valid JSON');
  }
  const doc = checkDocument(parsed);
  if (Object.hasOwn(doc.seal_keys, key_id)) throw invalid(`key id ${key_id} already exists`);
  const next: KeyringDocument = {
    version: KEYRING_DOCUMENT_VERSION,
    current: key_id,
    seal_keys: { ...doc.seal_keys, [key_id]: randomKeyHex() },
    hash_key: doc.hash_key,
  };
  checkDocument(next);
  return `${JSON.stringify(next, null, 2)}\n`;
}

/** Creates the file readable by its owner only, refusing to overwrite an existing keyring. */
export function writeKeyringFile(path: string, document_json: string): void {
  Keyring.fromJson(document_json);
  writeFileSync(path, document_json, { mode: 0o600, flag: 'wx' });
}
