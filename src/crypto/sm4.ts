import { createCipheriv, createDecipheriv } from 'node:crypto';
import { CryptoError } from './errors.ts';

/** SM4 (GB/T 32907-2016) key and block size. */
export const SM4_KEY_BYTES = 16;
export const SM4_BLOCK_BYTES = 16;

function assertKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.byteLength !== SM4_KEY_BYTES) {
    throw new CryptoError('crypto_key_invalid', `an SM4 key is ${SM4_KEY_BYTES} bytes`);
  }
}

function assertBlocks(data: Uint8Array): void {
  if (!(data instanceof Uint8Array) || data.byteLength % SM4_BLOCK_BYTES !== 0) {
    throw new CryptoError('crypto_input_invalid', `SM4-ECB takes whole ${SM4_BLOCK_BYTES}-byte blocks`);
  }
}

function view(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * The raw block cipher, whole blocks, no padding. Only for known-answer self tests and iterated vectors:
 * ECB must never protect data.
 */
export function sm4EncryptBlocks(key: Uint8Array, blocks: Uint8Array): Uint8Array {
  assertKey(key);
  assertBlocks(blocks);
  const cipher = createCipheriv('sm4-ecb', key, null);
  cipher.setAutoPadding(false);
  return view(Buffer.concat([cipher.update(blocks), cipher.final()]));
}

export function sm4DecryptBlocks(key: Uint8Array, blocks: Uint8Array): Uint8Array {
  assertKey(key);
  assertBlocks(blocks);
  const decipher = createDecipheriv('sm4-ecb', key, null);
  decipher.setAutoPadding(false);
  return view(Buffer.concat([decipher.update(blocks), decipher.final()]));
}

/**
 * Encrypts `times` times in a row (block_{i+1} = E(block_i)), as the GB/T 32907 million-round vector does.
 * One cipher context for all rounds: ECB with no padding returns each block as soon as it is fed.
 */
export function sm4EncryptIterated(key: Uint8Array, block: Uint8Array, times: number): Uint8Array {
  assertKey(key);
  if (block.byteLength !== SM4_BLOCK_BYTES) {
    throw new CryptoError('crypto_input_invalid', 'expected exactly one block');
  }
  if (!Number.isSafeInteger(times) || times < 0) {
    throw new CryptoError('crypto_input_invalid', 'times must be a non-negative integer');
  }
  const cipher = createCipheriv('sm4-ecb', key, null);
  cipher.setAutoPadding(false);
  let current = Buffer.from(block);
  for (let i = 0; i < times; i++) current = cipher.update(current);
  return view(current);
}

/**
 * SM4 in counter mode (GB/T 17964): the 16-byte IV is the initial counter block, incremented as one
 * 128-bit big-endian integer. Encryption and decryption are the same operation.
 */
export function sm4Ctr(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  assertKey(key);
  if (!(iv instanceof Uint8Array) || iv.byteLength !== SM4_BLOCK_BYTES) {
    throw new CryptoError('crypto_input_invalid', `an SM4-CTR counter block is ${SM4_BLOCK_BYTES} bytes`);
  }
  const cipher = createCipheriv('sm4-ctr', key, iv);
  return view(Buffer.concat([cipher.update(data), cipher.final()]));
}
