import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { crc16CcittFalse, crcHex } from './crc.ts';
import { SPEC_EXAMPLE } from './examples.ts';

/** The textbook bit-at-a-time definition, to check the table-driven implementation against. */
function referenceCrc(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

describe('crc16CcittFalse', () => {
  test('matches the catalogued check value of CRC-16/CCITT-FALSE', () => {
    // The standard check: the CRC of the ASCII digits "123456789" is 0x29B1 for this parameter set.
    expect(crc16CcittFalse(new TextEncoder().encode('123456789'))).toBe(0x29b1);
    expect(crc16CcittFalse(new Uint8Array())).toBe(0xffff);
  });

  test('matches the bitwise definition on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        expect(crc16CcittFalse(bytes)).toBe(referenceCrc(bytes));
      }),
    );
  });
});

describe('crcHex', () => {
  test('reproduces the checksum printed in the EMV MPM specification example, over UTF-8', () => {
    const body = SPEC_EXAMPLE.slice(0, -4);
    expect(SPEC_EXAMPLE.slice(-4)).toBe('A13A');
    expect(crcHex(body)).toBe('A13A');
    // Hashing the Chinese characters any other way (one byte per UTF-16 unit) gives a different checksum.
    const latin1 = Uint8Array.from(body, (c) => c.charCodeAt(0) & 0xff);
    expect(crc16CcittFalse(latin1).toString(16).toUpperCase()).not.toBe('A13A');
  });

  test('is always four uppercase hex digits', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (text) => {
        expect(crcHex(text)).toMatch(/^[0-9A-F]{4}$/);
      }),
    );
    // 0x0000-leading results keep their zeros: find a short input whose checksum is below 0x1000.
    const small = Array.from({ length: 5000 }, (_, i) => String(i)).find((s) => crcHex(s).startsWith('0'));
    expect(small).toBeDefined();
    expect(crcHex(small!)).toHaveLength(4);
  });
});
