/**
 * Failures of the cryptography layer. None of these is a client's fault except where the caller maps it
 * to one (a sealed value that no longer opens is an operator problem: lost key, corrupted row).
 */
export type CryptoErrorCode =
  | 'crypto_input_invalid'
  | 'crypto_key_invalid'
  | 'crypto_pem_invalid'
  | 'keyring_invalid'
  | 'keyring_unavailable'
  | 'seal_malformed'
  | 'seal_key_unknown'
  | 'seal_auth_failed'
  | 'seal_too_large';

export class CryptoError extends Error {
  readonly code: CryptoErrorCode;

  constructor(code: CryptoErrorCode, message: string) {
    super(message);
    this.name = 'CryptoError';
    this.code = code;
  }
}

export function isCryptoError(value: unknown): value is CryptoError {
  return value instanceof CryptoError;
}
