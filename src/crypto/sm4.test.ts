import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { bytesToHex, hexToBytes } from './bytes.ts';
import { CryptoError } from './errors.ts';
import { sm4Ctr, sm4DecryptBlocks, sm4EncryptBlocks, sm4EncryptIterated } from './sm4.ts';

const KEY = hexToBytes('0123456789abcdeffedcba9876543210');

describe('SM4 block cipher (GB/T 32907-2016, appendix A)', () => {
  test('example 1: key = plaintext = 0123456789abcdeffedcba9876543210', () => {
    const ciphertext = sm4EncryptBlocks(KEY, KEY);
    expect(bytesToHex(ciphertext)).toBe('681edf34d206965e86b3e94f536e4246');
    expect(sm4DecryptBlocks(KEY, ciphertext)).toEqual(KEY);
  });

  test('example 2: the same block encrypted 1,000,000 times', () => {
    expect(bytesToHex(sm4EncryptIterated(KEY, KEY, 1_000_000))).toBe('595298c7c6fd271f0402f804c33d3f66');
  });

  test('refuses wrong key sizes and partial blocks', () => {
    expect(() => sm4EncryptBlocks(new Uint8Array(15), KEY)).toThrow(CryptoError);
    expect(() => sm4EncryptBlocks(new Uint8Array(32), KEY)).toThrow(CryptoError);
    expect(() => sm4EncryptBlocks(KEY, new Uint8Array(17))).toThrow(CryptoError);
    expect(() => sm4EncryptIterated(KEY, new Uint8Array(15), 1)).toThrow(CryptoError);
  });
});

describe('SM4-CTR', () => {
  const PLAINTEXT = hexToBytes(
    'aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccddddddddddddddddeeeeeeeeeeeeeeeeffffffffffffffffaaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb',
  );
  const IV = hexToBytes('000102030405060708090a0b0c0d0e0f');

  test('draft-ribose-cfrg-sm4 A.2.5 examples 1 and 2', () => {
    expect(bytesToHex(sm4Ctr(KEY, IV, PLAINTEXT))).toBe(
      'ac3236cb970cc20791364c395a1342d1a3cbc1878c6f30cd074cce385cdd70c7f234bc0e24c11980fd1286310ce37b926e02fcd0faa0baf38b2933851d824514',
    );
    const key2 = hexToBytes('fedcba98765432100123456789abcdef');
    expect(bytesToHex(sm4Ctr(key2, IV, PLAINTEXT))).toBe(
      '5dcccd25b95ab07417a08512ee160e2f8f661521cbbab44cc87138445bc29e5c0ae0297205d62704173b21239b887f6c8cb5b800917a2488284bde9e16ea2906',
    );
  });

  test('keystream is E(iv + i mod 2^128), carrying across all 128 bits', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ maxLength: 80 }),
        fc.boolean(),
        (key, iv, data, nearWrap) => {
          if (nearWrap) iv.fill(0xff, 0, 15);
          const out = sm4Ctr(key, iv, data);
          const start = BigInt(`0x${bytesToHex(iv)}`);
          for (let block = 0; block * 16 < data.byteLength; block++) {
            const counter = (start + BigInt(block)) % (1n << 128n);
            const pad = sm4EncryptBlocks(key, hexToBytes(counter.toString(16).padStart(32, '0')));
            for (let i = block * 16; i < Math.min(data.byteLength, block * 16 + 16); i++) {
              expect(out[i]).toBe(data[i]! ^ pad[i - block * 16]!);
            }
          }
          expect(sm4Ctr(key, iv, out)).toEqual(data);
        },
      ),
      { numRuns: 60 },
    );
  });

  test('refuses a counter block that is not 16 bytes', () => {
    expect(() => sm4Ctr(KEY, new Uint8Array(12), PLAINTEXT)).toThrow(CryptoError);
  });
});
