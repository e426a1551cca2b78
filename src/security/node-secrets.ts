import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  generateKeyringDocument,
  generateSm2KeyPair,
  KEYRING_ENV_VAR,
  Keyring,
  loadKeyringFile,
  type Sm2PrivateKey,
  type Sm2PublicKey,
  sm2PrivateKeyFromPem,
  sm2PrivateKeyToPem,
  sm3,
  writeKeyringFile,
} from '../crypto/index.ts';

/**
 * The node's two secrets live outside the database, so a copy of the database alone can neither sign
 * checkpoints nor open personal data:
 *
 * - the audit signing key (SM2), `DATA/audit-signing-key.pem` or the file TONGBAO_AUDIT_KEY_FILE names;
 * - the keyring (SM4 seal keys and the keyed-hash key), `DATA/keyring.json` or the JSON document in
 *   TONGBAO_KEYRING.
 *
 * Both files are created on first start, readable by their owner only (mode 600), and never created
 * over data that needs the old ones: a database with audit entries refuses a new signing key (its
 * checkpoints no longer verify), and sealed personal data refuses a new keyring.
 */
export const AUDIT_KEY_FILE = 'audit-signing-key.pem';
export const AUDIT_KEY_ENV_VAR = 'TONGBAO_AUDIT_KEY_FILE';
export const KEYRING_FILE = 'keyring.json';

export interface NodeSecrets {
  readonly signingKey: Sm2PrivateKey;
  readonly keyring: Keyring;
  /** The audit log's origin, derived from the public key so that two nodes never share one. */
  readonly origin: string;
  /** Files created by this call (first start), to be told to the operator. */
  readonly created: readonly string[];
  /** Files readable by others than their owner. */
  readonly warnings: readonly string[];
}

export function auditOrigin(publicKey: Sm2PublicKey): string {
  return `tongbao.audit/${Buffer.from(sm3(publicKey.toBytes()).subarray(0, 8)).toString('hex')}`;
}

/** SM3 of the 65-byte public key, hex: what to compare with a published key before trusting a log. */
export function publicKeyFingerprint(publicKey: Sm2PublicKey): string {
  return Buffer.from(sm3(publicKey.toBytes())).toString('hex');
}

function looseMode(path: string): boolean {
  return (statSync(path).mode & 0o077) !== 0;
}

export interface SecretOptions {
  readonly dataDir: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** May a missing signing key be created? (Not over a log that already has entries.) */
  readonly mayCreateSigningKey: boolean;
  /** May a missing keyring be created? (Not over sealed personal data.) */
  readonly mayCreateKeyring: boolean;
}

export function signingKeyPath(dataDir: string, env = process.env): string {
  const named = env[AUDIT_KEY_ENV_VAR];
  return named === undefined || named === '' ? join(dataDir, AUDIT_KEY_FILE) : named;
}

export function loadNodeSecrets(options: SecretOptions): NodeSecrets {
  const env = options.env ?? process.env;
  const created: string[] = [];
  const warnings: string[] = [];
  const keyPath = signingKeyPath(options.dataDir, env);
  if (!existsSync(keyPath)) {
    if (!options.mayCreateSigningKey)
      throw new Error(`the audit signing key ${keyPath} is missing and the audit log already has entries`);
    writeFileSync(keyPath, sm2PrivateKeyToPem(generateSm2KeyPair().privateKey), { mode: 0o600, flag: 'wx' });
    created.push(keyPath);
  }
  if (looseMode(keyPath)) warnings.push(`${keyPath} is readable by other users; chmod 600 it`);
  const signingKey = sm2PrivateKeyFromPem(readFileSync(keyPath, 'utf8'));

  let keyring: Keyring;
  const fromEnv = env[KEYRING_ENV_VAR];
  if (fromEnv !== undefined && fromEnv !== '') {
    keyring = Keyring.fromJson(fromEnv);
  } else {
    const path = join(options.dataDir, KEYRING_FILE);
    if (!existsSync(path)) {
      if (!options.mayCreateKeyring)
        throw new Error(`the keyring ${path} is missing and sealed personal data exists`);
      writeKeyringFile(path, generateKeyringDocument('k1'));
      created.push(path);
    }
    if (looseMode(path)) warnings.push(`${path} is readable by other users; chmod 600 it`);
    keyring = loadKeyringFile(path);
  }
  return { signingKey, keyring, origin: auditOrigin(signingKey.publicKey), created, warnings };
}

/** The public half only, for verifiers (`tongbao audit verify` reads it from the key file or a PEM). */
export function loadSigningPublicKey(dataDir: string, env = process.env): Sm2PublicKey {
  return sm2PrivateKeyFromPem(readFileSync(signingKeyPath(dataDir, env), 'utf8')).publicKey;
}
