/**
 * Helpers and fast-check generators shared by the QR tests. Not exported from index.ts: nothing in the
 * running node needs them.
 */
import fc from 'fast-check';
import { crcHex } from './crc.ts';
import { isQrError } from './errors.ts';
import { characterCount } from './tlv.ts';
import type { AdditionalData, LanguageTemplate, MerchantQr, Template, Tip } from './types.ts';

/** Encodes one data object without any checks, so tests can write payloads the builder would refuse. */
export function tlv(id: string, value: string): string {
  return `${id}${String(characterCount(value)).padStart(2, '0')}${value}`;
}

/** Appends a correct CRC object to a body of data objects. */
export function sign(body: string): string {
  return `${body}6304${crcHex(`${body}6304`)}`;
}

/** The code and tag of the QrError a call throws, or "ok"; anything else thrown fails the test. */
export function qrErrorOf(fn: () => unknown): { code: string; tag: string | null } | 'ok' {
  try {
    fn();
  } catch (error) {
    if (isQrError(error)) return { code: error.code, tag: error.tag };
    throw error;
  }
  return 'ok';
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

const fromRange = (low: number, high: number): fc.Arbitrary<string> =>
  fc.integer({ min: low, max: high }).map(String.fromCodePoint);

/** Printable ASCII, the EMV common character set. */
export const ansChar = fromRange(0x20, 0x7e);
/** Text for S fields: ASCII, CJK from the BMP, and CJK Extension B, which JS holds as surrogate pairs. */
export const sChar = fc.oneof(ansChar, fromRange(0x4e00, 0x9fff), fromRange(0x20000, 0x2a6df));

export const ans = (min: number, max: number): fc.Arbitrary<string> =>
  fc.string({ unit: ansChar, minLength: min, maxLength: max });
export const text = (min: number, max: number): fc.Arbitrary<string> =>
  fc.string({ unit: sChar, minLength: min, maxLength: max });
export const digits = (min: number, max: number = min): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

/** EMV decimals: "98", "98.", "98.7", ".5", never zero. */
export const decimal = (maxChars: number): fc.Arbitrary<string> =>
  fc
    .tuple(digits(0, 6), fc.constantFrom('', '.'), digits(0, 2))
    .map(([whole, dot, fraction]) => (dot === '' ? whole : `${whole}.${fraction}`))
    .filter((value) => /[1-9]/.test(value) && /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)$/.test(value))
    .filter((value) => value.length <= maxChars);

function recordOf<T>(low: number, high: number, value: fc.Arbitrary<T>, maxKeys: number) {
  return fc
    .uniqueArray(fc.tuple(fc.integer({ min: low, max: high }).map(pad2), value), {
      maxLength: maxKeys,
      selector: ([key]) => key,
    })
    .map((entries) => Object.fromEntries(entries) as Record<string, T>);
}

/** A GUID template whose encoded value stays at most 4+12 + 2*(4+8) = 40 characters. */
export const template: fc.Arbitrary<Template> = fc.record({
  guid: ans(1, 12),
  data: recordOf(1, 99, text(1, 8), 2),
});

const ADDITIONAL_NAMED = [
  ['bill_number', ans(1, 10)],
  ['mobile_number', ans(1, 10)],
  ['store_label', ans(1, 10)],
  ['loyalty_number', ans(1, 10)],
  ['reference_label', ans(1, 10)],
  ['customer_label', ans(1, 10)],
  ['terminal_label', ans(1, 10)],
  ['purpose', ans(1, 10)],
  ['consumer_data_request', fc.shuffledSubarray(['A', 'M', 'E'], { minLength: 1 }).map((s) => s.join(''))],
  ['merchant_tax_id', ans(1, 10)],
  ['merchant_channel', ans(3, 3)],
] as const;

const EMPTY_ADDITIONAL: AdditionalData = {
  bill_number: null,
  mobile_number: null,
  store_label: null,
  loyalty_number: null,
  reference_label: null,
  customer_label: null,
  terminal_label: null,
  purpose: null,
  consumer_data_request: null,
  merchant_tax_id: null,
  merchant_channel: null,
  rfu: {},
  payment_system_templates: {},
};

const smallTemplate: fc.Arbitrary<Template> = fc.record({
  guid: ans(1, 6),
  data: recordOf(1, 99, text(1, 4), 1),
});

/** At most 3 named fields (3*14), one reserved (4+6) and one payment-system template (4+22): under 99. */
export const additionalData: fc.Arbitrary<AdditionalData> = fc
  .tuple(
    fc.subarray([...ADDITIONAL_NAMED], { minLength: 0, maxLength: 3 }),
    fc.option(
      fc.tuple(fc.constantFrom('00', ...Array.from({ length: 38 }, (_, i) => pad2(i + 12))), text(1, 6)),
    ),
    fc.option(fc.tuple(fc.integer({ min: 50, max: 99 }).map(pad2), smallTemplate)),
  )
  .chain(([named, rfu, pst]) =>
    fc.tuple(...named.map(([key, arb]) => (arb as fc.Arbitrary<string>).map((v) => [key, v] as const))).map(
      (values): AdditionalData => ({
        ...EMPTY_ADDITIONAL,
        ...Object.fromEntries(values),
        rfu: rfu === null ? {} : { [rfu[0]]: rfu[1] },
        payment_system_templates: pst === null ? {} : { [pst[0]]: pst[1] },
      }),
    ),
  )
  .filter(
    (data) =>
      Object.values(data).some((v) => typeof v === 'string') ||
      Object.keys(data.rfu).length > 0 ||
      Object.keys(data.payment_system_templates).length > 0,
  );

export const language: fc.Arbitrary<LanguageTemplate> = fc.record({
  language: fc.string({ unit: fc.constantFrom(...'ZHENzhja'), minLength: 2, maxLength: 2 }),
  merchant_name: text(1, 25),
  merchant_city: fc.option(text(1, 15)),
  rfu: recordOf(3, 99, text(1, 4), 1),
});

export const tip: fc.Arbitrary<Tip> = fc.oneof(
  fc.constant({ kind: 'prompt' } as const),
  decimal(13).map((fee) => ({ kind: 'fixed', fee }) as const),
  decimal(5)
    .filter((p) => (p.split('.')[0] ?? '').replace(/^0+/, '').length <= 2)
    .map((percent) => ({ kind: 'percentage', percent }) as const),
);

/**
 * Any code the codec must accept. Sizes are bounded by construction (the comments give the worst cases)
 * so that every generated code fits in 512 characters without filtering.
 */
export const merchantQr: fc.Arbitrary<MerchantQr> = fc
  .record({
    initiation: fc.option(fc.constantFrom('static', 'dynamic') as fc.Arbitrary<'static' | 'dynamic'>),
    merchant_accounts: recordOf(2, 25, ans(1, 12), 2), // 2 * 16
    merchant_account_templates: recordOf(26, 51, template, 2), // 2 * 44
    mcc: digits(4),
    currency: digits(3),
    amount: fc.option(decimal(13)), // 17
    tip: fc.option(tip), // 6 + 17
    country: fc.string({ unit: fc.constantFrom(...'ABCNSGZ'), minLength: 2, maxLength: 2 }),
    merchant_name: ans(1, 25), // 29
    merchant_city: ans(1, 15), // 19
    postal_code: fc.option(ans(1, 10)), // 14
    additional_data: fc.option(additionalData), // 103
    language: fc.option(language), // 4 + 6 + 29 + 19 + 8 = 66
    rfu: recordOf(65, 79, text(1, 10), 1), // 14
    unreserved_templates: recordOf(80, 99, template, 1), // 44
  })
  .filter(
    (qr) => Object.keys(qr.merchant_accounts).length + Object.keys(qr.merchant_account_templates).length > 0,
  );
