export { bytesToHex, constantTimeEqual, hexToBytes } from './bytes.ts';
export { CryptoError, type CryptoErrorCode, isCryptoError } from './errors.ts';
export {
  addSealKey,
  generateKeyringDocument,
  HASH_KEY_BYTES,
  KEYRING_ENV_VAR,
  Keyring,
  type KeyringDocument,
  keyringFromEnv,
  loadKeyring,
  loadKeyringFile,
  MAX_KEYRING_KEYS,
  writeKeyringFile,
} from './keyring.ts';
export { MAX_SEAL_AAD_BYTES, MAX_SEAL_PLAINTEXT_BYTES, SEAL_PREFIX } from './seal.ts';
export {
  decodeSm2Signature,
  encodeSm2Signature,
  generateSm2KeyPair,
  SM2_DEFAULT_USER_ID,
  type Sm2KeyPair,
  type Sm2Options,
  Sm2PrivateKey,
  Sm2PublicKey,
  type Sm2Signature,
  sm2Sign,
  sm2Verify,
} from './sm2.ts';
export {
  sm2PrivateKeyFromDer,
  sm2PrivateKeyFromPem,
  sm2PrivateKeyToDer,
  sm2PrivateKeyToPem,
  sm2PublicKeyFromDer,
  sm2PublicKeyFromPem,
  sm2PublicKeyToDer,
  sm2PublicKeyToPem,
} from './sm2-pem.ts';
export { hmacSm3, SM3_DIGEST_BYTES, sm3, sm3Parts } from './sm3.ts';
export { SM4_BLOCK_BYTES, SM4_KEY_BYTES, sm4Ctr, sm4EncryptBlocks } from './sm4.ts';
