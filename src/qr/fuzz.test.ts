import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { buildMerchantQr } from './build.ts';
import { isQrError } from './errors.ts';
import { SPEC_EXAMPLE } from './examples.ts';
import { parseMerchantQr } from './parse.ts';
import { digits, merchantQr, sChar, sign, text, tlv } from './testing.ts';
import { decodeObjects } from './tlv.ts';
import { walletQrFromMerchantQr } from './tongbao.ts';
import type { MerchantQr } from './types.ts';

/**
 * Whatever the input, parsing ends in a MerchantQr or a QrError; never a TypeError, a RangeError or a hang.
 * When it succeeds, the result must survive a build and parse unchanged, and the Tongbao reader must
 * likewise end in a WalletQr or a QrError.
 */
function parsesOrRefuses(input: string): void {
  let qr: MerchantQr;
  try {
    qr = parseMerchantQr(input);
  } catch (error) {
    if (!isQrError(error)) throw error;
    return;
  }
  expect(parseMerchantQr(buildMerchantQr(qr))).toEqual(qr);
  try {
    walletQrFromMerchantQr(qr);
  } catch (error) {
    if (!isQrError(error)) throw error;
  }
}

const utf16Units = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 80 })
  .map((units) => String.fromCharCode(...units));
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 600 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  utf16Units,
  text(0, 80),
);

/** IDs weighted toward the ones with rules, so that random data objects hit the validators. */
const id = fc.oneof(
  fc.constantFrom(
    '00',
    '01',
    '26',
    '52',
    '53',
    '54',
    '55',
    '56',
    '57',
    '58',
    '59',
    '60',
    '61',
    '62',
    '63',
    '64',
  ),
  fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0')),
);
const leaf = fc.oneof(
  digits(1, 5),
  text(1, 20),
  fc.constantFrom('01', '11', '12', '156', 'CN', '***', '0', '1.5'),
);
const nested = fc
  .array(fc.tuple(id, leaf), { maxLength: 4 })
  .map((objects) => objects.map(([i, v]) => tlv(i, v)).join(''));
const value = fc.oneof(leaf, nested).filter((v) => v.length > 0 && Array.from(v).length <= 99);
const objectSoup = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(id, value), { maxLength: 14 }))
  .map(([start, objects]) => (start ? '000201' : '') + objects.map(([i, v]) => tlv(i, v)).join(''));

type Mutation = (chars: string[], at: number, extra: string) => string[];
const MUTATIONS: readonly Mutation[] = [
  (chars, at, extra) => [...chars.slice(0, at), extra, ...chars.slice(at + 1)],
  (chars, at, extra) => [...chars.slice(0, at), extra, ...chars.slice(at)],
  (chars, at) => [...chars.slice(0, at), ...chars.slice(at + 1)],
  (chars, at) => [...chars.slice(0, at), ...chars.slice(at, at + 6), ...chars.slice(at)],
  (chars, at) => [...chars.slice(at), ...chars.slice(0, at)],
];

/** Damage a payload, then usually give it a correct checksum again so the damage reaches the deeper checks. */
const mutatedPayload = fc
  .tuple(
    fc.oneof(merchantQr.map(buildMerchantQr), fc.constant(SPEC_EXAMPLE)),
    fc.array(
      fc.tuple(fc.nat(MUTATIONS.length - 1), fc.nat(), fc.oneof(sChar, fc.constantFrom('0', '9', '6'))),
      {
        minLength: 1,
        maxLength: 3,
      },
    ),
    fc.boolean(),
  )
  .map(([payload, mutations, resign]) => {
    let chars = Array.from(payload.slice(0, -8));
    for (const [which, at, extra] of mutations)
      chars = MUTATIONS[which]!(chars, at % (chars.length + 1), extra);
    const body = chars.join('');
    return resign ? sign(body) : `${body}${payload.slice(-8)}`;
  });

/** Edits whole data objects of a valid payload (replace a value, drop, move, add) and signs it again. */
const editedPayload = fc
  .tuple(
    merchantQr.map(buildMerchantQr),
    fc.array(fc.tuple(fc.nat(3), fc.nat(), fc.nat(), id, value), { minLength: 1, maxLength: 2 }),
  )
  .map(([payload, edits]) => {
    const objects = decodeObjects(Array.from(payload.slice(0, -8)), null).map(
      (o) => [o.id, o.value] as const,
    );
    for (const [op, a, b, newId, newValue] of edits) {
      const i = a % objects.length;
      const j = b % objects.length;
      if (op === 0) objects[i] = [objects[i]![0], newValue];
      else if (op === 1) objects.splice(i, 1);
      else if (op === 2) [objects[i], objects[j]] = [objects[j]!, objects[i]!];
      else objects.splice(i, 0, [newId, newValue]);
    }
    return sign(objects.map(([i, v]) => tlv(i, v)).join(''));
  });

describe('nothing but coded errors', () => {
  test('random strings', () => {
    fc.assert(fc.property(anyText, parsesOrRefuses), { numRuns: 300 });
  });

  test('random strings with a correct checksum', () => {
    fc.assert(fc.property(anyText.map(sign), parsesOrRefuses), { numRuns: 300 });
  });

  test('random data objects with a correct checksum', () => {
    fc.assert(fc.property(objectSoup.map(sign), parsesOrRefuses), { numRuns: 500 });
  });

  test('valid payloads with characters changed, added, removed, repeated or rotated', () => {
    fc.assert(fc.property(mutatedPayload, parsesOrRefuses), { numRuns: 500 });
  });

  test('valid payloads with whole data objects replaced, dropped, swapped or added', () => {
    fc.assert(fc.property(editedPayload, parsesOrRefuses), { numRuns: 500 });
  });

  test('the builder, given structurally random info', () => {
    const info = fc.record({
      mcc: fc.oneof(digits(4), text(0, 6)),
      currency: fc.oneof(digits(3), text(0, 4)),
      country: text(0, 3),
      merchant_name: text(0, 30),
      merchant_city: text(0, 20),
      amount: fc.option(fc.oneof(digits(1, 14), text(1, 14))),
      merchant_accounts: fc.dictionary(fc.oneof(digits(1, 3), text(0, 3)), text(0, 10), { maxKeys: 2 }),
    });
    fc.assert(
      fc.property(info, (i) => {
        try {
          expect(parseMerchantQr(buildMerchantQr(i))).toMatchObject({
            mcc: i.mcc,
            merchant_name: i.merchant_name,
          });
        } catch (error) {
          if (!isQrError(error)) throw error;
        }
      }),
      { numRuns: 300 },
    );
  });
});
