import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { buildMerchantQr } from './build.ts';
import { FPS_ODOO, PAYNOW_ODOO, SPEC_EXAMPLE } from './examples.ts';
import { parseMerchantQr } from './parse.ts';
import { ansChar, merchantQr, qrErrorOf } from './testing.ts';

describe('round trips', () => {
  test('build then parse gives back the same object', () => {
    fc.assert(
      fc.property(merchantQr, (qr) => {
        expect(parseMerchantQr(buildMerchantQr(qr))).toEqual(qr);
      }),
    );
  });

  test('parse then build gives back the same text for canonical input', () => {
    fc.assert(
      fc.property(merchantQr, (qr) => {
        const canonical = buildMerchantQr(qr);
        expect(buildMerchantQr(parseMerchantQr(canonical))).toBe(canonical);
      }),
    );
  });
});

const CRC_CODES = ['qr_crc_mismatch', 'qr_crc_missing', 'qr_crc_format'];

/** Replaces the code point at `index` of `text`. */
function replaceAt(chars: readonly string[], index: number, replacement: string): string {
  return [...chars.slice(0, index), replacement, ...chars.slice(index + 1)].join('');
}

describe('the checksum catches any single changed character', () => {
  test('any ASCII character replaced by another, anywhere in any valid code (a CRC-16 always sees a one-byte change)', () => {
    fc.assert(
      fc.property(merchantQr, fc.nat(), ansChar, (qr, at, replacement) => {
        const chars = Array.from(buildMerchantQr(qr));
        const ascii = chars.map((c, i) => [c, i] as const).filter(([c]) => c.charCodeAt(0) < 0x80);
        const [original, index] = ascii[at % ascii.length]!;
        fc.pre(original !== replacement);
        const outcome = qrErrorOf(() => parseMerchantQr(replaceAt(chars, index, replacement)));
        if (index < chars.length - 8) expect(outcome).toEqual({ code: 'qr_crc_mismatch', tag: '63' });
        else expect(CRC_CODES).toContain(outcome === 'ok' ? 'ok' : outcome.code);
      }),
    );
  });

  // Multi-byte replacements change the byte length, which CRC-16 does not detect by construction, so these
  // are checked exhaustively on fixed payloads rather than sampled.
  const REPLACEMENTS = [
    ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)),
    '中',
    '北',
    '京',
    '最',
    'é',
    '€',
    '𠮷',
    '😀',
  ];

  test.each([
    ['the spec example', SPEC_EXAMPLE],
    ['PayNow', PAYNOW_ODOO],
    ['FPS', FPS_ODOO[1]],
  ])('every replacement, deletion and insertion in %s', (_, code) => {
    const chars = Array.from(code);
    const refusedByCrc = (text: string): boolean => {
      const outcome = qrErrorOf(() => parseMerchantQr(text));
      return outcome !== 'ok' && CRC_CODES.includes(outcome.code);
    };
    const missed: string[] = [];
    chars.forEach((original, index) => {
      for (const replacement of REPLACEMENTS) {
        if (replacement !== original && !refusedByCrc(replaceAt(chars, index, replacement))) {
          missed.push(`replace ${index} with ${replacement}`);
        }
      }
      if (!refusedByCrc(replaceAt(chars, index, ''))) missed.push(`delete ${index}`);
      for (const inserted of ['0', 'A', '中', '𠮷']) {
        if (!refusedByCrc(replaceAt(chars, index, inserted + original)))
          missed.push(`insert ${inserted} at ${index}`);
      }
    });
    expect(missed).toEqual([]);
  });
});
