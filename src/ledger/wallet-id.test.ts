import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatWalletId, parseWalletId } from './wallet-id.ts';

describe('wallet ids', () => {
  test('round-trip operator and account numbers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 1, max: 999_999_999_999 }),
        (op, acct) => {
          const id = formatWalletId(op, acct);
          expect(id).toMatch(/^\d{16}$/);
          expect(parseWalletId(id)).toEqual({ operator: op, account: acct });
        },
      ),
    );
  });

  test('every single-digit typo and every adjacent swap of different digits is caught', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 1, max: 999_999_999_999 }),
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 1, max: 9 }),
        (op, acct, pos, delta) => {
          const id = formatWalletId(op, acct);
          const digit = (Number(id[pos]) + delta) % 10;
          const typo = id.slice(0, pos) + String(digit) + id.slice(pos + 1);
          expect(parseWalletId(typo)).toBeNull();
          if (
            pos < 15 &&
            id[pos] !== id[pos + 1] &&
            !(id[pos] === '0' && id[pos + 1] === '9') &&
            !(id[pos] === '9' && id[pos + 1] === '0')
          ) {
            const swapped = id.slice(0, pos) + id[pos + 1] + id[pos] + id.slice(pos + 2);
            expect(parseWalletId(swapped)).toBeNull();
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('malformed ids are refused', () => {
    for (const bad of [
      '',
      '123',
      '12345678901234567',
      'abcdefghijklmnop',
      '001000000000001x',
      1234567890123456,
      null,
      undefined,
    ]) {
      expect(parseWalletId(bad)).toBeNull();
    }
  });
});
