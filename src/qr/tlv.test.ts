import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { qrErrorOf, sChar } from './testing.ts';
import { characterCount, codePoints, decodeObjects, encodeObject, hasLoneSurrogate } from './tlv.ts';

const decode = (text: string, parent: string | null = null) => decodeObjects(codePoints(text), parent);

describe('length counts characters (code points)', () => {
  test('Chinese characters count one each, whatever their UTF-8 size', () => {
    expect(encodeObject('01', '北京', '64.01')).toBe('0102北京');
    expect(new TextEncoder().encode('北京')).toHaveLength(6);
    expect(decode('0102北京0202上海')).toEqual([
      { id: '01', value: '北京' },
      { id: '02', value: '上海' },
    ]);
  });

  test('a character outside the BMP counts one, though JS holds it in two code units', () => {
    const name = '𠮷野家'; // U+20BB7 then two BMP characters
    expect(name.length).toBe(4);
    expect(characterCount(name)).toBe(3);
    expect(encodeObject('01', name, '64.01')).toBe('0103𠮷野家');
    expect(decode('0103𠮷野家')).toEqual([{ id: '01', value: name }]);
    // Counted in UTF-16 units the same frame would be cut short.
    expect(qrErrorOf(() => decode('0104𠮷野家'))).toEqual({ code: 'qr_tlv_truncated', tag: '01' });
  });

  test('encode and decode are inverse for any sequence of distinct IDs and any text', () => {
    const objects = fc.uniqueArray(
      fc.record({
        id: fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0')),
        value: fc.string({ unit: sChar, minLength: 1, maxLength: 99 }),
      }),
      { selector: (o) => o.id, maxLength: 6 },
    );
    fc.assert(
      fc.property(objects, (list) => {
        const text = list.map((o) => encodeObject(o.id, o.value, o.id)).join('');
        expect(decode(text)).toEqual(list);
      }),
    );
  });
});

describe('decodeObjects refuses broken framing, naming the object', () => {
  test.each([
    ['0A0201', 'qr_tlv_malformed', null],
    ['000201 1', 'qr_tlv_truncated', null],
    ['0002', 'qr_tlv_truncated', '00'],
    ['000', 'qr_tlv_truncated', null],
    ['00X101', 'qr_tlv_malformed', '00'],
    ['00 101', 'qr_tlv_malformed', '00'],
    ['0000', 'qr_tlv_malformed', '00'],
    ['000501', 'qr_tlv_truncated', '00'],
    ['000201000201', 'qr_tag_duplicate', '00'],
    ['０００２01', 'qr_tlv_malformed', null], // full-width digits are not digits here
  ])('%j -> %s at %s', (text, code, tag) => {
    expect(qrErrorOf(() => decode(text))).toEqual({ code, tag });
  });

  test('inside a template the path names the template and the sub-tag', () => {
    expect(qrErrorOf(() => decode('0599abc', '62'))).toEqual({ code: 'qr_tlv_truncated', tag: '62.05' });
    expect(qrErrorOf(() => decode('05', '62'))).toEqual({ code: 'qr_tlv_truncated', tag: '62' });
    expect(qrErrorOf(() => decode('0501a0501b', '62'))).toEqual({ code: 'qr_tag_duplicate', tag: '62.05' });
  });

  test('an empty sequence decodes to nothing', () => {
    expect(decode('')).toEqual([]);
  });
});

describe('encodeObject refuses what cannot be framed', () => {
  test.each([
    ['', 'qr_value_length'],
    ['x'.repeat(100), 'qr_value_length'],
    ['\uD800', 'qr_encoding_invalid'],
    ['a\uDC00b', 'qr_encoding_invalid'],
  ])('value %#', (value, code) => {
    expect(qrErrorOf(() => encodeObject('59', value, '59'))).toEqual({ code, tag: '59' });
  });

  test('IDs must be two digits and values strings', () => {
    expect(qrErrorOf(() => encodeObject('5', 'x', '5'))).toEqual({ code: 'qr_tag_invalid', tag: '5' });
    expect(qrErrorOf(() => encodeObject('100', 'x', '100'))).toEqual({ code: 'qr_tag_invalid', tag: '100' });
    expect(qrErrorOf(() => encodeObject('59', 7 as unknown as string, '59'))).toEqual({
      code: 'qr_value_format',
      tag: '59',
    });
  });

  test('the longest value is 99 characters, counted as code points', () => {
    expect(encodeObject('99', '𠮷'.repeat(99), '99')).toBe(`9999${'𠮷'.repeat(99)}`);
  });
});

describe('hasLoneSurrogate', () => {
  test('finds unpaired surrogates and accepts pairs', () => {
    expect(hasLoneSurrogate('𠮷')).toBe(false);
    expect(hasLoneSurrogate('\uD842')).toBe(true);
    expect(hasLoneSurrogate('\uDFB7\uD842')).toBe(true);
    expect(hasLoneSurrogate('a\uD842b')).toBe(true);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(hasLoneSurrogate(s)).toBe(false);
      }),
    );
  });
});
