import { describe, expect, test } from 'vitest';
import { crcHex } from './crc.ts';
import { FPS_ODOO, PAYNOW_ODOO, PROMPTPAY_DTINTH, SPEC_EXAMPLE } from './examples.ts';
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

const encode = (objects: Objects): string => sign(objects.map(([id, value]) => tlv(id, value)).join(''));
const withObject = (id: string, value: string, objects: Objects = BASE): Objects => {
  const replaced = objects.map(([i, v]) => [i, i === id ? value : v] as const);
  return replaced.some(([i]) => i === id) ? replaced : [...replaced, [id, value]];
};
const without = (id: string, objects: Objects = BASE): Objects => objects.filter(([i]) => i !== id);
const refusal = (text: string) => qrErrorOf(() => parseMerchantQr(text));

describe('the EMV MPM specification example', () => {
  test('parses into every field the spec lists, Chinese included', () => {
    expect(parseMerchantQr(SPEC_EXAMPLE)).toEqual({
      initiation: 'dynamic',
      merchant_accounts: {},
      merchant_account_templates: {
        '29': { guid: 'D15600000000', data: { '05': 'A93FO3230Q' } },
        '31': { guid: 'D15600000001', data: { '03': '12345678' } },
      },
      mcc: '4111',
      currency: '156',
      amount: '23.72',
      tip: { kind: 'prompt' },
      country: 'CN',
      merchant_name: 'BEST TRANSPORT',
      merchant_city: 'BEIJING',
      postal_code: null,
      additional_data: {
        bill_number: null,
        mobile_number: null,
        store_label: '1234',
        loyalty_number: null,
        reference_label: null,
        customer_label: '***',
        terminal_label: 'A6008667',
        purpose: null,
        consumer_data_request: 'ME',
        merchant_tax_id: null,
        merchant_channel: null,
        rfu: {},
        payment_system_templates: {},
      },
      language: { language: 'ZH', merchant_name: '最佳运输', merchant_city: '北京', rfu: {} },
      rfu: {},
      unreserved_templates: { '91': { guid: 'A011223344998877', data: { '07': '12345678' } } },
    });
  });

  test('its language template only frames if lengths count characters, not UTF-8 bytes', () => {
    // "64200002ZH0104最佳运输0202北京": 20 characters, 32 bytes.
    const language = '0002ZH0104最佳运输0202北京';
    expect(SPEC_EXAMPLE).toContain(`6420${language}`);
    expect(Array.from(language)).toHaveLength(20);
    expect(new TextEncoder().encode(language)).toHaveLength(32);
  });
});

describe('published real-world payloads', () => {
  test('Singapore PayNow (Odoo l10n_sg test)', () => {
    const qr = parseMerchantQr(PAYNOW_ODOO);
    expect(qr.merchant_account_templates['26']).toEqual({
      guid: 'SG.PAYNOW',
      data: { '01': '2', '02': '200002150HWCF', '03': '0' },
    });
    expect([qr.mcc, qr.currency, qr.amount, qr.country, qr.merchant_name, qr.merchant_city]).toEqual([
      '0000',
      '702',
      '100',
      'SG',
      'company_1_data',
      'Singapore',
    ]);
    expect(qr.additional_data?.bill_number).toBe('INV/TEST/0001');
  });

  test('Hong Kong FPS (Odoo l10n_hk tests)', () => {
    const [whole, decimal] = FPS_ODOO.map(parseMerchantQr);
    expect(whole?.merchant_account_templates['26']).toEqual({
      guid: 'hk.com.hkicl',
      data: { '03': '+852-67891234' },
    });
    expect(whole?.amount).toBe('100');
    expect(decimal?.amount).toBe('100.5');
    expect(decimal?.additional_data?.reference_label).toBe('INV/TEST/0002');
  });

  test('Thai PromptPay codes carry a correct checksum but omit the mandatory MCC, name and city', () => {
    for (const code of PROMPTPAY_DTINTH) {
      expect(crcHex(code.slice(0, -4))).toBe(code.slice(-4));
      expect(refusal(code)).toEqual({ code: 'qr_tag_missing', tag: '52' });
    }
  });
});

describe('accepts what EMV allows', () => {
  test('the minimal static code', () => {
    const qr = parseMerchantQr(encode(BASE));
    expect(qr.initiation).toBe('static');
    expect(qr.amount).toBeNull();
  });

  test('point of initiation may be absent; any order between 00 and 63', () => {
    expect(parseMerchantQr(encode(without('01'))).initiation).toBeNull();
    const [first, ...rest] = BASE;
    expect(parseMerchantQr(encode([first!, ...rest.reverse()])).mcc).toBe('5812');
  });

  test.each(['98', '98.', '98.73', '.5', '0.01', '0012.50', '9999999999999', '1234567890.12'])(
    'amount %s',
    (a) => {
      expect(parseMerchantQr(encode(withObject('54', a))).amount).toBe(a);
    },
  );

  test('each tip form', () => {
    expect(parseMerchantQr(encode(withObject('55', '01'))).tip).toEqual({ kind: 'prompt' });
    const fixed = withObject('56', '2.50', withObject('55', '02'));
    expect(parseMerchantQr(encode(fixed)).tip).toEqual({ kind: 'fixed', fee: '2.50' });
    const percent = withObject('57', '99.99', withObject('55', '03'));
    expect(parseMerchantQr(encode(percent)).tip).toEqual({ kind: 'percentage', percent: '99.99' });
  });

  test('fields at their longest', () => {
    const longest = [
      ['59', 'N'.repeat(25)],
      ['60', 'C'.repeat(15)],
      ['61', '1'.repeat(10)],
      ['64', tlv('00', 'zh') + tlv('01', '𠮷'.repeat(25)) + tlv('02', '京'.repeat(15))],
      ['62', tlv('01', 'B'.repeat(25)) + tlv('09', 'AME') + tlv('10', 'T'.repeat(20)) + tlv('11', '123')],
    ] as const;
    let objects = BASE;
    for (const [id, value] of longest) objects = withObject(id, value, objects);
    const qr = parseMerchantQr(encode(objects));
    expect(qr.language?.merchant_name).toBe('𠮷'.repeat(25));
    expect(qr.additional_data?.merchant_channel).toBe('123');
  });

  test('exactly 512 characters, many of them multi-byte', () => {
    // Reserved-for-future objects (65-79, free text) filled with Chinese reach the limit exactly.
    let objects = BASE;
    let id = 65;
    const remaining = () => 512 - Array.from(encode(objects)).length;
    while (remaining() > 0) {
      const r = remaining();
      let size = Math.min(99, r - 4);
      if (r - (size + 4) > 0 && r - (size + 4) < 5) size -= 5;
      objects = withObject(String(id++), '中'.repeat(size), objects);
    }
    const text = encode(objects);
    expect(Array.from(text)).toHaveLength(512);
    expect(new TextEncoder().encode(text).length).toBeGreaterThan(1000);
    expect(parseMerchantQr(text).mcc).toBe('5812');
    const longer = encode(withObject('61', '1', objects));
    expect(refusal(longer)).toEqual({ code: 'qr_payload_too_long', tag: null });
  });
});
