import fc from 'fast-check';
import { sm3 as referenceSm3 } from 'sm-crypto-v2';
import { describe, expect, test } from 'vitest';
import { bytesToHex, concatBytes, hexToBytes } from './bytes.ts';
import { hmacSm3, SM3_BLOCK_BYTES, sm3, sm3Parts } from './sm3.ts';

/** RFC 2104 built from the bare hash, as an independent check of node's HMAC-SM3. */
function rfc2104(key: Uint8Array, data: Uint8Array): Uint8Array {
  const block = new Uint8Array(SM3_BLOCK_BYTES);
  block.set(key.byteLength > SM3_BLOCK_BYTES ? sm3(key) : key);
  const ipad = block.map((b) => b ^ 0x36);
  const opad = block.map((b) => b ^ 0x5c);
  return sm3(concatBytes(opad, sm3(concatBytes(ipad, data))));
}

describe('SM3 (GB/T 32905-2016)', () => {
  test('example 1: "abc"', () => {
    expect(bytesToHex(sm3('abc'))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  test('example 2: "abcd" x 16 (64 bytes, two blocks after padding)', () => {
    expect(bytesToHex(sm3('abcd'.repeat(16)))).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });

  test('the empty message hashes to the published value', () => {
    expect(bytesToHex(sm3(new Uint8Array(0)))).toBe(
      '1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b',
    );
  });

  test('agrees with an independent implementation and across part boundaries', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(300), (data, cut) => {
        const at = Math.min(cut, data.byteLength);
        const whole = bytesToHex(sm3(data));
        expect(whole).toBe(referenceSm3(data));
        expect(bytesToHex(sm3Parts([data.subarray(0, at), data.subarray(at)]))).toBe(whole);
      }),
    );
  });

  test('strings are hashed as UTF-8', () => {
    expect(sm3('通宝')).toEqual(sm3(new Uint8Array(Buffer.from('通宝', 'utf8'))));
  });
});

describe('HMAC-SM3', () => {
  test('matches RFC 2104 over SM3 and sm-crypto-v2, for short, block-sized and long keys', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 200 }), (key, data) => {
        const mac = hmacSm3(key, data);
        expect(mac).toEqual(rfc2104(key, data));
        expect(bytesToHex(mac)).toBe(referenceSm3(data, { key, mode: 'hmac' }));
      }),
    );
    const long = hexToBytes('0b'.repeat(SM3_BLOCK_BYTES + 1));
    expect(hmacSm3(long, 'Hi There')).toEqual(rfc2104(long, new Uint8Array(Buffer.from('Hi There'))));
  });

  test('a different key or message gives a different tag', () => {
    const key = hexToBytes('00'.repeat(32));
    const other = hexToBytes(`${'00'.repeat(31)}01`);
    expect(hmacSm3(key, 'm')).not.toEqual(hmacSm3(other, 'm'));
    expect(hmacSm3(key, 'm')).not.toEqual(hmacSm3(key, 'n'));
  });
});
