import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { TongbaoError } from '../errors/index.ts';
import { AMOUNT_MAX_MINOR, addChecked, formatAmount, parseAmount } from './amount.ts';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof TongbaoError) return error.code;
    throw error;
  }
  return 'ok';
}

describe('parseAmount', () => {
  test('parses exact decimal strings into fen', () => {
    expect(parseAmount('12.34', 2)).toBe(1234);
    expect(parseAmount('0.01', 2)).toBe(1);
    expect(parseAmount('12.3', 2)).toBe(1230);
    expect(parseAmount('12', 2)).toBe(1200);
    expect(parseAmount('90071992547409.91', 2)).toBe(AMOUNT_MAX_MINOR);
  });

  test('refuses each kind of bad amount with its own code', () => {
    expect(codeOf(() => parseAmount('0', 2))).toBe('amount_zero');
    expect(codeOf(() => parseAmount('0.00', 2))).toBe('amount_zero');
    expect(codeOf(() => parseAmount('-1.00', 2))).toBe('amount_negative');
    expect(codeOf(() => parseAmount('-0.00', 2))).toBe('amount_zero');
    expect(codeOf(() => parseAmount('1.001', 2))).toBe('amount_precision');
    expect(codeOf(() => parseAmount('90071992547409.92', 2))).toBe('amount_overflow');
    expect(codeOf(() => parseAmount('99999999999999999999', 2))).toBe('amount_overflow');
    for (const bad of [
      12.34,
      null,
      undefined,
      '',
      ' 1',
      '1 ',
      '1e3',
      '0x10',
      '1,00',
      '.5',
      '5.',
      '+1',
      '01.00',
      'NaN',
      {},
      [],
    ]) {
      expect(codeOf(() => parseAmount(bad, 2))).toBe('amount_invalid');
    }
    expect(codeOf(() => parseAmount('1'.repeat(40), 2))).toBe('amount_invalid');
  });

  test('names the field at fault', () => {
    try {
      parseAmount('1.234', 2, 'transfers/3/amount');
    } catch (error) {
      expect((error as TongbaoError).field).toBe('transfers/3/amount');
    }
  });

  test('round-trips every representable amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: AMOUNT_MAX_MINOR }),
        fc.integer({ min: 0, max: 4 }),
        (minor, units) => {
          expect(parseAmount(formatAmount(minor, units), units)).toBe(minor);
        },
      ),
      { numRuns: 5000 },
    );
  });

  test('matches a bigint reference on arbitrary decimal strings', () => {
    const decimal = fc
      .tuple(
        fc.stringMatching(/^[0-9]{1,18}$/),
        fc.option(fc.stringMatching(/^[0-9]{1,4}$/), { nil: undefined }),
      )
      .map(([w, f]) => (f === undefined ? w : `${w}.${f}`));
    fc.assert(
      fc.property(decimal, (text) => {
        const [whole = '', frac = ''] = text.split('.');
        let expected: string;
        if (whole.length > 1 && whole.startsWith('0')) expected = 'amount_invalid';
        else if (frac.length > 2) expected = 'amount_precision';
        else {
          const exact = BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0') || '0');
          if (exact > BigInt(AMOUNT_MAX_MINOR)) expected = 'amount_overflow';
          else if (exact === 0n) expected = 'amount_zero';
          else expected = String(exact);
        }
        const got = codeOf(() => parseAmount(text, 2));
        expect(got === 'ok' ? String(parseAmount(text, 2)) : got).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('formatAmount', () => {
  test('always prints the currency decimals', () => {
    expect(formatAmount(1, 2)).toBe('0.01');
    expect(formatAmount(1230, 2)).toBe('12.30');
    expect(formatAmount(0, 2)).toBe('0.00');
    expect(formatAmount(-5, 2)).toBe('-0.05');
    expect(formatAmount(7, 0)).toBe('7');
  });
});

describe('addChecked', () => {
  test('refuses sums outside the exact range', () => {
    expect(addChecked(1, 2)).toBe(3);
    expect(codeOf(() => addChecked(AMOUNT_MAX_MINOR, 1))).toBe('balance_overflow');
  });
});

describe('parseAmount at the edge of the exact range', () => {
  test('four-decimal currencies near the maximum are exact or refused', () => {
    expect(parseAmount('900719925474.0991', 4)).toBe(AMOUNT_MAX_MINOR);
    expect(codeOf(() => parseAmount('900719925474.0992', 4))).toBe('amount_overflow');
    expect(codeOf(() => parseAmount('9999999999999.9999', 4))).toBe('amount_overflow');
  });
});
