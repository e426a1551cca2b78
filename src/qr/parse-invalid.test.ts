import { describe, expect, test } from 'vitest';
import { crcHex } from './crc.ts';
import { SPEC_EXAMPLE } from './examples.ts';
import { parseMerchantQr } from './parse.ts';
import { qrErrorOf, sign, tlv } from './testing.ts';

type Objects = ReadonlyArray<readonly [string, string]>;

const BASE: Objects = [
  ['00', '01'],
  ['01', '11'],
  ['26', tlv('00', 'cn.tongbao.wallet') + tlv('01', 'W123')],
  ['52', '5812'],
  ['53', '156'],
  ['58', 'CN'],
  ['59', 'LAO ZHANG NOODLES'],
  ['60', 'BEIJING'],
];

const body = (objects: Objects): string => objects.map(([id, value]) => tlv(id, value)).join('');
const encode = (objects: Objects): string => sign(body(objects));
const withObject = (id: string, value: string, objects: Objects = BASE): Objects => {
  const replaced = objects.map(([i, v]) => [i, i === id ? value : v] as const);
  return replaced.some(([i]) => i === id) ? replaced : [...replaced, [id, value]];
};
const without = (id: string, objects: Objects = BASE): Objects => objects.filter(([i]) => i !== id);
const refusal = (text: string) => qrErrorOf(() => parseMerchantQr(text));
const VALID = encode(BASE);

describe('the payload as a whole', () => {
  test('must be a non-empty string', () => {
    for (const bad of ['', null, undefined, 42, {}, ['000201']]) {
      expect(refusal(bad as unknown as string)).toEqual({ code: 'qr_payload_invalid', tag: null });
    }
  });

  test('must fit in 512 characters, checked before any scanning', () => {
    expect(refusal('0'.repeat(513))).toEqual({ code: 'qr_payload_too_long', tag: null });
    expect(refusal('𠮷'.repeat(513))).toEqual({ code: 'qr_payload_too_long', tag: null });
    expect(refusal('x'.repeat(1_000_000))).toEqual({ code: 'qr_payload_too_long', tag: null });
  });

  test('must be encodable as UTF-8', () => {
    const lone = VALID.replace('BEIJING', 'BEIJIN\uD800');
    expect(refusal(lone)).toEqual({ code: 'qr_encoding_invalid', tag: null });
  });
});

describe('the checksum comes first', () => {
  test('a payload without "6304" and four characters at the end', () => {
    expect(refusal(body(BASE))).toEqual({ code: 'qr_crc_missing', tag: '63' });
    expect(refusal(`${VALID}\n`)).toEqual({ code: 'qr_crc_missing', tag: '63' });
    expect(refusal(' ')).toEqual({ code: 'qr_crc_missing', tag: '63' });
    expect(refusal(VALID.slice(0, -1))).toEqual({ code: 'qr_crc_missing', tag: '63' });
  });

  test('a checksum that is not four uppercase hex digits', () => {
    expect(refusal(`${VALID.slice(0, -4)}12G4`)).toEqual({ code: 'qr_crc_format', tag: '63' });
    expect(refusal(`${SPEC_EXAMPLE.slice(0, -4)}a13a`)).toEqual({ code: 'qr_crc_format', tag: '63' });
  });

  test('a checksum that does not match, even when the damage also breaks the framing', () => {
    const wrong = (crcHex(VALID.slice(0, -4)) === 'FFFF' ? '0000' : 'FFFF') as string;
    expect(refusal(VALID.slice(0, -4) + wrong)).toEqual({ code: 'qr_crc_mismatch', tag: '63' });
    expect(refusal(VALID.replace('5812', '5813'))).toEqual({ code: 'qr_crc_mismatch', tag: '63' });
    expect(refusal(VALID.replace('5917', '5999'))).toEqual({ code: 'qr_crc_mismatch', tag: '63' });
    expect(refusal(SPEC_EXAMPLE.replace('北京', '上海'))).toEqual({ code: 'qr_crc_mismatch', tag: '63' });
  });
});

describe('framing and order, with a valid checksum', () => {
  test('garbage framing', () => {
    expect(refusal(sign(`${body(BASE)}AB02xx`))).toEqual({ code: 'qr_tlv_malformed', tag: null });
    expect(refusal(sign(`${body(BASE)}61X112`))).toEqual({ code: 'qr_tlv_malformed', tag: '61' });
    expect(refusal(sign(`${body(BASE)}6100`))).toEqual({ code: 'qr_tlv_malformed', tag: '61' });
    expect(refusal(sign(`${body(BASE)}61`))).toEqual({ code: 'qr_tlv_truncated', tag: '61' });
    expect(refusal(sign(`${body(BASE)}6199`))).toEqual({ code: 'qr_tlv_truncated', tag: '61' });
  });

  test('duplicates, at the top and inside templates', () => {
    expect(refusal(sign(`${body(BASE)}${tlv('59', 'AGAIN')}`))).toEqual({
      code: 'qr_tag_duplicate',
      tag: '59',
    });
    const doubled = tlv('01', 'A') + tlv('01', 'B');
    expect(refusal(encode(withObject('62', doubled)))).toEqual({ code: 'qr_tag_duplicate', tag: '62.01' });
    const twoGuids = tlv('00', 'X') + tlv('00', 'Y');
    expect(refusal(encode(withObject('27', twoGuids)))).toEqual({ code: 'qr_tag_duplicate', tag: '27.00' });
    expect(refusal(sign(`${body(BASE)}6304ABCD`))).toEqual({ code: 'qr_tag_duplicate', tag: '63' });
  });

  test('00 must come first', () => {
    const [first, second, ...rest] = BASE;
    expect(refusal(encode([second!, first!, ...rest]))).toEqual({ code: 'qr_order_invalid', tag: '00' });
    expect(refusal(encode(without('00')))).toEqual({ code: 'qr_tag_missing', tag: '00' });
  });

  test('63 must come last, and be the object the trailer belongs to', () => {
    // A CRC object in the middle, and a last object whose value merely looks like "6304xxxx".
    const early = `${body(BASE)}6304ABCD9908`;
    expect(refusal(sign(early))).toEqual({ code: 'qr_order_invalid', tag: '63' });
    expect(refusal(sign(`${body(BASE)}9908`))).toEqual({ code: 'qr_crc_missing', tag: '63' });
    expect(refusal(sign(`${body(BASE)}6310xx`))).toEqual({ code: 'qr_value_length', tag: '63' });
  });
});

describe('each data object, with a valid checksum', () => {
  test.each([
    ['00', '02', 'qr_value_format'],
    ['00', '1', 'qr_value_length'],
    ['01', '13', 'qr_value_format'],
    ['01', '1', 'qr_value_length'],
    ['02', '卡', 'qr_value_format'],
    ['52', '411', 'qr_value_length'],
    ['52', '41A1', 'qr_value_format'],
    ['53', '1560', 'qr_value_length'],
    ['53', 'CNY', 'qr_value_format'],
    ['54', '12345678901234', 'qr_value_length'],
    ['55', '04', 'qr_value_format'],
    ['55', '1', 'qr_value_length'],
    ['58', 'cn', 'qr_value_format'],
    ['58', 'C1', 'qr_value_format'],
    ['58', 'CHN', 'qr_value_length'],
    ['59', 'N'.repeat(26), 'qr_value_length'],
    ['59', '最佳运输', 'qr_value_format'],
    ['59', 'TAB\tNAME', 'qr_value_format'],
    ['60', 'C'.repeat(16), 'qr_value_length'],
    ['60', '北京', 'qr_value_format'],
    ['61', '1'.repeat(11), 'qr_value_length'],
    ['65', 'bell\u0007', 'qr_value_format'],
  ])('%s = %j -> %s', (id, value, code) => {
    expect(refusal(encode(withObject(id, value)))).toEqual({ code, tag: id });
  });

  test.each(['0', '0.00', '.', '000', '1,00', '1.2.3', '-1', '+1', '1e3', ' 12', '12 ', 'O1', '１２'])(
    'amount %j',
    (amount) => {
      expect(refusal(encode(withObject('54', amount)))).toEqual({ code: 'qr_amount_invalid', tag: '54' });
    },
  );

  test('fees', () => {
    const fee = (tip: string, id: string, value: string) =>
      refusal(encode(withObject(id, value, withObject('55', tip))));
    expect(fee('02', '56', '0')).toEqual({ code: 'qr_amount_invalid', tag: '56' });
    expect(fee('03', '57', '100')).toEqual({ code: 'qr_amount_invalid', tag: '57' });
    expect(fee('03', '57', '0.00')).toEqual({ code: 'qr_amount_invalid', tag: '57' });
    expect(fee('03', '57', '99.999')).toEqual({ code: 'qr_value_length', tag: '57' });
  });

  test.each([
    ['62', tlv('01', 'B'.repeat(26)), 'qr_value_length', '62.01'],
    ['62', tlv('05', '参考'), 'qr_value_format', '62.05'],
    ['62', tlv('09', 'AA'), 'qr_value_format', '62.09'],
    ['62', tlv('09', 'AMEA'), 'qr_value_length', '62.09'],
    ['62', tlv('09', 'X'), 'qr_value_format', '62.09'],
    ['62', tlv('10', 'T'.repeat(21)), 'qr_value_length', '62.10'],
    ['62', tlv('11', '12'), 'qr_value_length', '62.11'],
    ['62', tlv('50', tlv('01', 'x')), 'qr_tag_missing', '62.50.00'],
    ['62', '0599x', 'qr_tlv_truncated', '62.05'],
    ['62', 'garbage', 'qr_tlv_malformed', '62'],
    ['64', tlv('01', '最佳运输'), 'qr_tag_missing', '64.00'],
    ['64', tlv('00', 'ZH'), 'qr_tag_missing', '64.01'],
    ['64', tlv('00', 'Z1') + tlv('01', '最佳'), 'qr_value_format', '64.00'],
    ['64', tlv('00', 'ZHO') + tlv('01', '最佳'), 'qr_value_length', '64.00'],
    ['64', tlv('00', 'ZH') + tlv('01', '最'.repeat(26)), 'qr_value_length', '64.01'],
    ['64', tlv('00', 'ZH') + tlv('01', '最佳') + tlv('02', '京'.repeat(16)), 'qr_value_length', '64.02'],
    ['64', tlv('00', 'ZH') + tlv('01', '最佳\u202E'), 'qr_value_format', '64.01'],
    ['64', tlv('00', 'ZH') + tlv('01', '最佳\n'), 'qr_value_format', '64.01'],
    ['27', tlv('01', 'x'), 'qr_tag_missing', '27.00'],
    ['27', tlv('00', 'G'.repeat(33)), 'qr_value_length', '27.00'],
    ['27', tlv('00', '全球'), 'qr_value_format', '27.00'],
    ['27', tlv('00', 'G') + tlv('01', '\u0000'), 'qr_value_format', '27.01'],
    ['85', tlv('01', 'x'), 'qr_tag_missing', '85.00'],
  ])('template %s = %j -> %s at %s', (id, value, code, tag) => {
    expect(refusal(encode(withObject(id, value)))).toEqual({ code, tag });
  });
});

describe('objects that must be present, or absent, together', () => {
  test.each(['52', '53', '58', '59', '60'])('mandatory %s', (id) => {
    expect(refusal(encode(without(id)))).toEqual({ code: 'qr_tag_missing', tag: id });
  });

  test('at least one merchant account, primitive or template', () => {
    expect(refusal(encode(without('26')))).toEqual({ code: 'qr_tag_missing', tag: '02-51' });
    expect(
      parseMerchantQr(encode(withObject('04', '5555444433332222', without('26')))).merchant_accounts,
    ).toEqual({
      '04': '5555444433332222',
    });
  });

  test('fees follow the tip indicator', () => {
    const tip = (indicator: string | null, more: Objects) => {
      const objects = indicator === null ? BASE : withObject('55', indicator);
      return refusal(encode([...objects, ...more]));
    };
    expect(tip('02', [])).toEqual({ code: 'qr_tag_missing', tag: '56' });
    expect(tip('03', [])).toEqual({ code: 'qr_tag_missing', tag: '57' });
    expect(tip(null, [['56', '1.00']])).toEqual({ code: 'qr_tag_unexpected', tag: '56' });
    expect(tip(null, [['57', '3']])).toEqual({ code: 'qr_tag_unexpected', tag: '57' });
    expect(tip('01', [['56', '1.00']])).toEqual({ code: 'qr_tag_unexpected', tag: '56' });
    expect(tip('02', [['57', '3']])).toEqual({ code: 'qr_tag_unexpected', tag: '57' });
    expect(tip('03', [['56', '1.00']])).toEqual({ code: 'qr_tag_unexpected', tag: '56' });
  });
});
