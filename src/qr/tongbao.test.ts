import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatWalletId } from '../ledger/wallet-id.ts';
import { formatAmount } from '../money/index.ts';
import { buildMerchantQr } from './build.ts';
import { PAYNOW_ODOO, SPEC_EXAMPLE } from './examples.ts';
import { parseMerchantQr } from './parse.ts';
import { ans, qrErrorOf, text } from './testing.ts';
import {
  amountToFen,
  buildTongbaoQr,
  parseTongbaoQr,
  TONGBAO_GUID,
  type TongbaoQrInfo,
  walletQrFromMerchantQr,
} from './tongbao.ts';
import type { MerchantQrInfo } from './types.ts';

const SHOP: TongbaoQrInfo = {
  wallet_id: '0031000012345677',
  merchant_name: 'LAO ZHANG NOODLES',
  merchant_city: 'BEIJING',
  mcc: '5812',
  name_zh: '老张面馆',
  city_zh: '北京',
};

/** A generic code carrying a Tongbao template, for the cases the Tongbao builder would never write. */
const GENERIC: MerchantQrInfo = {
  initiation: 'static',
  merchant_account_templates: { '26': { guid: TONGBAO_GUID, data: { '01': '0010000000000040' } } },
  mcc: '5812',
  currency: '156',
  country: 'CN',
  merchant_name: 'SHOP',
  merchant_city: 'SHANGHAI',
};
const readGeneric = (change: Partial<MerchantQrInfo>) =>
  qrErrorOf(() => parseTongbaoQr(buildMerchantQr({ ...GENERIC, ...change })));

describe('buildTongbaoQr and parseTongbaoQr', () => {
  test('a static code: the payer enters the amount', () => {
    const text = buildTongbaoQr(SHOP);
    expect(text.startsWith('000201010211')).toBe(true);
    expect(text).toContain(`26410017${TONGBAO_GUID}01160031000012345677`);
    expect(text).toContain('5303156');
    expect(text).toContain('64200002ZH0104老张面馆0202北京');
    expect(parseTongbaoQr(text)).toEqual({
      wallet_id: '0031000012345677',
      amount_fen: null,
      dynamic: false,
      merchant_name: 'LAO ZHANG NOODLES',
      merchant_name_local: '老张面馆',
      mcc: '5812',
      bill_number: null,
      reference: null,
      reference_prompt: false,
    });
  });

  test('a dynamic code: amount in fen, bill number and reference', () => {
    const text = buildTongbaoQr({ ...SHOP, amount_fen: 2372, bill_number: 'T-0007', reference: 'TABLE 5' });
    expect(text).toContain('010212');
    expect(text).toContain('540523.72');
    expect(parseTongbaoQr(text)).toMatchObject({
      amount_fen: 2372,
      dynamic: true,
      bill_number: 'T-0007',
      reference: 'TABLE 5',
    });
    expect(parseTongbaoQr(buildTongbaoQr({ ...SHOP, amount_fen: 1, reference: 'R' })).amount_fen).toBe(1);
  });

  test('round trip for any wallet, amount and names', () => {
    const info = fc.record({
      wallet_id: fc
        .record({
          op: fc.integer({ min: 0, max: 999 }),
          account: fc.integer({ min: 1, max: 999_999_999_999 }),
        })
        .map((w) => formatWalletId(w.op, w.account)),
      merchant_name: ans(1, 25),
      merchant_city: ans(1, 15),
      mcc: fc.stringMatching(/^[0-9]{4}$/),
      amount_fen: fc.option(fc.integer({ min: 1, max: 999_999_999_999 })),
      bill_number: ans(1, 25).filter((b) => b !== '***'),
      reference: fc.option(ans(1, 25).filter((r) => r !== '***')),
      name_zh: fc.option(text(1, 25)),
    });
    fc.assert(
      fc.property(info, (i) => {
        const wallet = parseTongbaoQr(buildTongbaoQr(i));
        expect(wallet).toEqual({
          wallet_id: i.wallet_id,
          amount_fen: i.amount_fen,
          dynamic: i.amount_fen !== null,
          merchant_name: i.merchant_name,
          merchant_name_local: i.name_zh,
          mcc: i.mcc,
          bill_number: i.bill_number,
          reference: i.reference,
          reference_prompt: false,
        });
      }),
    );
  });

  test.each([
    [{ wallet_id: '' }, 'qr_wallet_id_invalid', '26.01'],
    [{ wallet_id: 'has space' }, 'qr_wallet_id_invalid', '26.01'],
    [{ wallet_id: '-leading' }, 'qr_wallet_id_invalid', '26.01'],
    [{ wallet_id: 'W'.repeat(33) }, 'qr_wallet_id_invalid', '26.01'],
    [{ wallet_id: '0031000012345678' }, 'qr_wallet_id_invalid', '26.01'],
    [{ wallet_id: '003100001234567' }, 'qr_wallet_id_invalid', '26.01'],
    [{ wallet_id: '钱包' }, 'qr_wallet_id_invalid', '26.01'],
    [{ wallet_id: 7 as unknown as string }, 'qr_wallet_id_invalid', '26.01'],
    [{ amount_fen: 0, reference: 'R' }, 'qr_amount_invalid', '54'],
    [{ amount_fen: -5, reference: 'R' }, 'qr_amount_invalid', '54'],
    [{ amount_fen: 1.5, reference: 'R' }, 'qr_amount_invalid', '54'],
    [{ amount_fen: Number.NaN, reference: 'R' }, 'qr_amount_invalid', '54'],
    [{ amount_fen: 2 ** 53, reference: 'R' }, 'qr_amount_invalid', '54'],
    [{ amount_fen: 1_000_000_000_000, reference: 'R' }, 'qr_value_length', '54'],
    [{ amount_fen: 100 }, 'qr_dynamic_incomplete', '62'],
    [{ amount_fen: 100, reference: '***' }, 'qr_dynamic_incomplete', '62'],
    [{ name_zh: null, city_zh: '北京' }, 'qr_tag_missing', '64.01'],
    [{ name_zh: '老'.repeat(26) }, 'qr_value_length', '64.01'],
    [{ name_zh: '老张\u0000' }, 'qr_value_format', '64.01'],
    [{ merchant_name: '老张面馆' }, 'qr_value_format', '59'],
    [{ bill_number: 'B'.repeat(26) }, 'qr_value_length', '62.01'],
  ] as ReadonlyArray<readonly [Partial<TongbaoQrInfo>, string, string]>)(
    'builder %j -> %s',
    (change, code, tag) => {
      expect(qrErrorOf(() => buildTongbaoQr({ ...SHOP, ...change }))).toEqual({ code, tag });
    },
  );
});

describe('walletQrFromMerchantQr refuses codes Tongbao cannot pay', () => {
  test('codes of other schemes', () => {
    expect(qrErrorOf(() => parseTongbaoQr(SPEC_EXAMPLE))).toEqual({ code: 'qr_not_tongbao', tag: null });
    expect(qrErrorOf(() => parseTongbaoQr(PAYNOW_ODOO))).toEqual({ code: 'qr_not_tongbao', tag: null });
    expect(
      readGeneric({ merchant_account_templates: { '26': { guid: 'cn.tongbao.walletx', data: {} } } }),
    ).toEqual({
      code: 'qr_not_tongbao',
      tag: null,
    });
  });

  test('two Tongbao payees in one code', () => {
    const two = {
      '26': { guid: TONGBAO_GUID, data: { '01': 'W1' } },
      '40': { guid: 'CN.TONGBAO.WALLET', data: { '01': 'W2' } },
    };
    expect(readGeneric({ merchant_account_templates: two })).toEqual({
      code: 'qr_tongbao_ambiguous',
      tag: '40',
    });
  });

  test('a Tongbao template without a usable wallet id', () => {
    const missing = { '33': { guid: TONGBAO_GUID, data: { '02': 'x' } } };
    expect(readGeneric({ merchant_account_templates: missing })).toEqual({
      code: 'qr_tag_missing',
      tag: '33.01',
    });
    const bad = { '33': { guid: TONGBAO_GUID, data: { '01': 'not a wallet' } } };
    expect(readGeneric({ merchant_account_templates: bad })).toEqual({
      code: 'qr_wallet_id_invalid',
      tag: '33.01',
    });
  });

  test('another currency, a tip or fee, fractions of a fen', () => {
    expect(readGeneric({ currency: '840' })).toEqual({ code: 'qr_currency_unsupported', tag: '53' });
    expect(readGeneric({ tip: { kind: 'prompt' } })).toEqual({ code: 'qr_tip_unsupported', tag: '55' });
    expect(readGeneric({ tip: { kind: 'fixed', fee: '1' } })).toEqual({
      code: 'qr_tip_unsupported',
      tag: '55',
    });
    expect(readGeneric({ amount: '1.234' })).toEqual({ code: 'qr_amount_precision', tag: '54' });
    expect(readGeneric({ amount: '.001' })).toEqual({ code: 'qr_amount_precision', tag: '54' });
  });
});

describe('walletQrFromMerchantQr reads what EMV allows', () => {
  test('the GUID in any case, in any of 26-51, next to other schemes', () => {
    const qr = parseMerchantQr(
      buildMerchantQr({
        ...GENERIC,
        merchant_accounts: { '15': '6222020000000000' },
        merchant_account_templates: {
          '26': { guid: 'SG.PAYNOW', data: { '01': '2' } },
          '51': { guid: 'Cn.TongBao.Wallet', data: { '01': '0010000000000040', '02': 'ignored' } },
        },
      }),
    );
    expect(walletQrFromMerchantQr(qr).wallet_id).toBe('0010000000000040');
  });

  test.each([
    ['98', 9800],
    ['98.', 9800],
    ['98.7', 9870],
    ['.5', 50],
    ['0.01', 1],
    ['0012.50', 1250],
    ['9999999999999', 999_999_999_999_900],
  ])('amount %s is %d fen', (amount, fen) => {
    expect(amountToFen(amount)).toBe(fen);
    expect(parseTongbaoQr(buildMerchantQr({ ...GENERIC, amount })).amount_fen).toBe(fen);
  });

  test('amountToFen inverts formatAmount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999_999 }), (fen) => {
        expect(amountToFen(formatAmount(fen, 2))).toBe(fen);
      }),
    );
  });

  test('"***" asks the payer for the reference instead of carrying one', () => {
    const wallet = parseTongbaoQr(
      buildMerchantQr({ ...GENERIC, additional_data: { reference_label: '***' } }),
    );
    expect(wallet).toMatchObject({ reference: null, reference_prompt: true });
    const bill = parseTongbaoQr(buildMerchantQr({ ...GENERIC, additional_data: { bill_number: '***' } }));
    expect(bill).toMatchObject({ bill_number: null, reference_prompt: true });
  });
});
