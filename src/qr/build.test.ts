import { describe, expect, test } from 'vitest';
import { buildMerchantQr } from './build.ts';
import { crcHex } from './crc.ts';
import { FPS_ODOO, PAYNOW_ODOO, SPEC_EXAMPLE } from './examples.ts';
import { parseMerchantQr } from './parse.ts';
import { qrErrorOf, tlv } from './testing.ts';
import type { MerchantQrInfo, Template } from './types.ts';

const STATIC: MerchantQrInfo = {
  initiation: 'static',
  merchant_account_templates: { '26': { guid: 'cn.tongbao.wallet', data: { '01': 'W123' } } },
  mcc: '5812',
  currency: '156',
  country: 'CN',
  merchant_name: 'LAO ZHANG NOODLES',
  merchant_city: 'BEIJING',
};

const refusal = (info: MerchantQrInfo) => qrErrorOf(() => buildMerchantQr(info));

describe('buildMerchantQr', () => {
  test('writes a static code object by object, in ID order, with the CRC of everything before it', () => {
    const text = buildMerchantQr(STATIC);
    const expectedBody =
      '000201' +
      '010211' +
      `2629${tlv('00', 'cn.tongbao.wallet')}${tlv('01', 'W123')}` +
      '52045812' +
      '5303156' +
      '5802CN' +
      '5917LAO ZHANG NOODLES' +
      '6007BEIJING' +
      '6304';
    expect(text.slice(0, -4)).toBe(expectedBody);
    expect(text.slice(-4)).toBe(crcHex(expectedBody));
  });

  test('writes a dynamic code with amount, bill number, reference and a Chinese language template', () => {
    const text = buildMerchantQr({
      ...STATIC,
      initiation: 'dynamic',
      amount: '23.72',
      additional_data: { bill_number: 'INV-20240501-0007', reference_label: 'ORDER 42' },
      language: { language: 'ZH', merchant_name: '老张面馆', merchant_city: '北京' },
    });
    expect(text).toContain('010212');
    expect(text).toContain('540523.72');
    expect(text).toContain('62330117INV-20240501-00070508ORDER 42');
    expect(text).toContain('64200002ZH0104老张面馆0202北京');
    const qr = parseMerchantQr(text);
    expect(qr.language).toEqual({
      language: 'ZH',
      merchant_name: '老张面馆',
      merchant_city: '北京',
      rfu: {},
    });
    expect(qr.additional_data?.reference_label).toBe('ORDER 42');
  });

  test('gives back the published payloads that are already in canonical order', () => {
    for (const code of [PAYNOW_ODOO, ...FPS_ODOO]) expect(buildMerchantQr(parseMerchantQr(code))).toBe(code);
  });

  test('rewrites the spec example in canonical order, with the same content', () => {
    const rebuilt = buildMerchantQr(parseMerchantQr(SPEC_EXAMPLE));
    expect(rebuilt).not.toBe(SPEC_EXAMPLE);
    expect(rebuilt.indexOf('5303156')).toBeLessThan(rebuilt.indexOf('6420'));
    expect(parseMerchantQr(rebuilt)).toEqual(parseMerchantQr(SPEC_EXAMPLE));
  });

  test('leaves out an additional data template with nothing in it', () => {
    const text = buildMerchantQr({ ...STATIC, additional_data: { bill_number: null } });
    expect(text).toBe(buildMerchantQr(STATIC));
  });
});

describe('buildMerchantQr refuses what it cannot write, as a scanner would report it', () => {
  test.each([
    [{ merchant_name: '' }, 'qr_value_length', '59'],
    [{ merchant_name: 'N'.repeat(26) }, 'qr_value_length', '59'],
    [{ merchant_name: '老张面馆' }, 'qr_value_format', '59'],
    [{ merchant_city: 'C'.repeat(100) }, 'qr_value_length', '60'],
    [{ mcc: '581' }, 'qr_value_length', '52'],
    [{ currency: 'CNY' }, 'qr_value_format', '53'],
    [{ country: 'China' }, 'qr_value_length', '58'],
    [{ amount: '0.00' }, 'qr_amount_invalid', '54'],
    [{ amount: '12.345.6' }, 'qr_amount_invalid', '54'],
    [{ mcc: undefined as unknown as string }, 'qr_tag_missing', '52'],
    [{ merchant_name: 42 as unknown as string }, 'qr_value_format', '59'],
    [{ initiation: 'sometimes' as unknown as 'static' }, 'qr_value_format', '01'],
    [{ tip: { kind: 'always' } as unknown as MerchantQrInfo['tip'] }, 'qr_value_format', '55'],
    [{ tip: { kind: 'fixed', fee: '0' } as const }, 'qr_amount_invalid', '56'],
    [{ merchant_account_templates: {} }, 'qr_tag_missing', '02-51'],
    [{ merchant_accounts: { '26': 'x' } }, 'qr_tag_invalid', '26'],
    [{ merchant_accounts: { '2': 'x' } }, 'qr_tag_invalid', '2'],
    [{ merchant_account_templates: { '52': { guid: 'g', data: {} } } }, 'qr_tag_invalid', '52'],
    [{ merchant_account_templates: { '26': { guid: 'g', data: { '00': 'x' } } } }, 'qr_tag_invalid', '26.00'],
    [{ merchant_account_templates: { '26': { guid: '', data: {} } } }, 'qr_value_length', '26.00'],
    [
      { merchant_account_templates: { '26': { guid: 'g', data: { '01': 'x'.repeat(95) } } } },
      'qr_value_length',
      '26',
    ],
    [{ merchant_account_templates: { '26': null as unknown as Template } }, 'qr_value_format', '26'],
    [{ additional_data: { rfu: { '05': 'x' } } }, 'qr_tag_invalid', '62.05'],
    [{ additional_data: { rfu: { '50': 'x' } } }, 'qr_tag_invalid', '62.50'],
    [{ additional_data: { bill_number: 'B'.repeat(26) } }, 'qr_value_length', '62.01'],
    [{ language: { language: 'ZH', merchant_name: '老张\uD800' } }, 'qr_encoding_invalid', '64.01'],
    [{ language: { language: 'ZH', merchant_name: '老张', rfu: { '01': 'x' } } }, 'qr_tag_invalid', '64.01'],
    [{ rfu: { '80': 'x' } }, 'qr_tag_invalid', '80'],
    [{ unreserved_templates: { '79': { guid: 'g', data: {} } } }, 'qr_tag_invalid', '79'],
  ] as ReadonlyArray<readonly [Partial<MerchantQrInfo>, string, string]>)(
    '%j -> %s at %s',
    (change, code, tag) => {
      expect(refusal({ ...STATIC, ...change })).toEqual({ code, tag });
    },
  );

  test('a payload over 512 characters', () => {
    const big = Object.fromEntries(
      Array.from({ length: 6 }, (_, i) => [String(80 + i), { guid: 'G', data: { '01': '中'.repeat(90) } }]),
    );
    expect(refusal({ ...STATIC, unreserved_templates: big })).toEqual({
      code: 'qr_payload_too_long',
      tag: null,
    });
  });

  test('no info at all', () => {
    for (const bad of [null, undefined, 'text']) {
      expect(refusal(bad as unknown as MerchantQrInfo)).toEqual({ code: 'qr_payload_invalid', tag: null });
    }
  });
});
