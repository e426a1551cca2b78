import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CREDENTIAL_LENGTH_MAX } from './limits.ts';

/**
 * Credentials are bearer tokens `tongbao_<id>_<secret>`: the id (k… for API keys, s… for sessions) is
 * public and finds the record; the secret is 32 random bytes. Only SM3 of the whole token is stored, so
 * a copy of the database opens nothing. A token is 256 bits of entropy, so an unsalted hash is enough
 * (nothing to guess), and one SM3 per request is the whole cost of checking it (about a microsecond).
 */
export type CredentialKind = 'key' | 'session';
const SECRET_BYTES = 32;
const ID_HEX_CHARS = 16;
const TOKEN_PATTERN = /^tongbao_([ks][0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const HASH_DOMAIN = 'tongbao/credential/v1\u0000';

export interface NewCredential {
  readonly id: string;
  readonly token: string;
  readonly hash: string;
}

/** SM3 of the token under a domain tag: what is stored, and what a presented token is compared by. */
export function credentialDigest(token: string): Buffer {
  return hash('sm3', HASH_DOMAIN + token, 'buffer');
}

export function credentialHash(token: string): string {
  return credentialDigest(token).toString('hex');
}

export function newCredential(kind: CredentialKind): NewCredential {
  const id = (kind === 'key' ? 'k' : 's') + randomBytes(ID_HEX_CHARS / 2).toString('hex');
  const token = `tongbao_${id}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { id, token, hash: credentialHash(token) };
}

/** The record id a token names, or undefined when the text is not a token at all. */
export function credentialId(token: string): string | undefined {
  if (token.length > CREDENTIAL_LENGTH_MAX) return undefined;
  const match = TOKEN_PATTERN.exec(token);
  return match === null ? undefined : match[1];
}

export function credentialKind(id: string): CredentialKind {
  return id.startsWith('s') ? 'session' : 'key';
}

/** Constant-time comparison of a presented token's digest with the stored one. */
export function digestMatches(presented: Buffer, stored: Buffer): boolean {
  return (
    presented.byteLength === stored.byteLength && stored.byteLength > 0 && timingSafeEqual(presented, stored)
  );
}

/** Never the secret: the id and a fixed mask, for logs and listings. */
export function redactToken(token: string): string {
  const id = credentialId(token);
  return id === undefined ? '[not a credential]' : `tongbao_${id}_…`;
}
