import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { hexToBytes } from './bytes.ts';
import {
  DER_TAG,
  encodeDer,
  encodeDerUnsigned,
  parseDerUnsigned,
  readDerOne,
  readDerSequence,
} from './der.ts';
import { CryptoError } from './errors.ts';

describe('DER', () => {
  test('unsigned integers round-trip in minimal form', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 300n) - 1n }), (value) => {
        const der = encodeDerUnsigned(value);
        expect(parseDerUnsigned(readDerOne(der, DER_TAG.integer))).toBe(value);
      }),
    );
    expect(encodeDerUnsigned(0x80n)).toEqual(hexToBytes('02020080'));
    expect(encodeDerUnsigned(0x7fn)).toEqual(hexToBytes('02017f'));
  });

  test('lengths in short, one-byte and two-byte forms round-trip', () => {
    for (const size of [0, 1, 127, 128, 255, 256, 4000]) {
      const value = new Uint8Array(size).fill(7);
      expect(readDerOne(encodeDer(DER_TAG.octet_string, value), DER_TAG.octet_string)).toEqual(value);
    }
  });

  test('refuses non-minimal, indefinite, truncated, oversized and mistagged input', () => {
    const bad = [
      '0481017f', // long form for a short length
      '048200017f', // leading zero length byte
      '0480', // indefinite
      '0402aa', // truncated value
      '0483000001', // three length bytes
      '04', // missing length
      '1f0100', // multi-byte tag
    ];
    for (const hex of bad) expect(() => readDerSequence(hexToBytes(hex))).toThrow(CryptoError);
    expect(() => readDerOne(hexToBytes('020101'), DER_TAG.octet_string)).toThrow(CryptoError);
    expect(() => readDerOne(hexToBytes('0201010201'), DER_TAG.integer)).toThrow(CryptoError);
    expect(() => readDerSequence(new Uint8Array(9000))).toThrow(CryptoError);
    for (const hex of ['', '80', '0001', '0000']) {
      expect(() => parseDerUnsigned(hexToBytes(hex))).toThrow(CryptoError);
    }
    expect(parseDerUnsigned(hexToBytes('0080'))).toBe(128n);
  });
});
