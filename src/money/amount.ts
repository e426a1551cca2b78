import { TongbaoError } from '../errors/index.ts';

/**
 * Amounts are integers in the currency's minor unit (fen for CNY), held in a JS number.
 * Every integer up to 2^53 - 1 is exact in a double, and 2^53 - 1 fen is about 90 trillion CNY,
 * far beyond any balance this system can hold; anything larger is refused, never rounded.
 */
export const AMOUNT_MAX_MINOR = Number.MAX_SAFE_INTEGER;

/** Longest decimal string accepted, before any parsing work: 16 integer digits, '.', 2 decimals. */
export const AMOUNT_STRING_MAX_LENGTH = 32;

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal string such as "12.34" into minor units. Each way to be wrong has its own code:
 * not a string or not decimal (amount_invalid), negative, zero, too many decimals, too large.
 */
export function parseAmount(value: unknown, minorUnits: number, field = 'amount'): number {
  const fast = parseSimple(value, minorUnits);
  if (fast > 0) return fast;
  if (typeof value !== 'string' || value.length === 0 || value.length > AMOUNT_STRING_MAX_LENGTH) {
    throw new TongbaoError('amount_invalid', `${field} must be a decimal string such as "12.34"`, field);
  }
  const match = DECIMAL.exec(value);
  if (match === null) {
    throw new TongbaoError('amount_invalid', `${field} must be a decimal string such as "12.34"`, field);
  }
  const [, minus, whole = '', fraction = ''] = match;
  if (whole.length > 1 && whole.startsWith('0')) {
    throw new TongbaoError('amount_invalid', `${field} must not have leading zeros`, field);
  }
  if (fraction.length > minorUnits) {
    throw new TongbaoError('amount_precision', `${field} has more than ${minorUnits} decimals`, field);
  }
  // Digits are checked against the maximum as text first, so no intermediate value can lose precision.
  const digits = (whole + fraction.padEnd(minorUnits, '0')).replace(/^0+(?=\d)/, '');
  const maxDigits = String(AMOUNT_MAX_MINOR);
  if (digits.length > maxDigits.length || (digits.length === maxDigits.length && digits > maxDigits)) {
    throw new TongbaoError('amount_overflow', `${field} exceeds the largest amount`, field);
  }
  const minor = Number(digits);
  if (minus !== undefined && minor !== 0) {
    throw new TongbaoError('amount_negative', `${field} must not be negative`, field);
  }
  if (minor === 0) throw new TongbaoError('amount_zero', `${field} must be greater than zero`, field);
  return minor;
}

/**
 * The common case in one pass without a regex or substrings: up to 13 integer digits without a
 * leading zero (or a single 0), then optionally a point and 1..minorUnits decimals, the value above
 * zero. Returns 0 for anything else, which the full parser then refuses with its precise code.
 */
function parseSimple(value: unknown, minorUnits: number): number {
  if (typeof value !== 'string') return 0;
  const n = value.length;
  let whole = 0;
  let i = 0;
  for (; i < n; i += 1) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    if (i === 1 && whole === 0) return 0;
    whole = whole * 10 + d;
  }
  if (i === 0 || i > 13) return 0;
  let fraction = 0;
  let decimals = 0;
  if (i < n) {
    if (value.charCodeAt(i) !== 46) return 0;
    for (i += 1; i < n; i += 1) {
      const d = value.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return 0;
      fraction = fraction * 10 + d;
      decimals += 1;
    }
    if (decimals === 0 || decimals > minorUnits) return 0;
  }
  for (; decimals < minorUnits; decimals += 1) fraction *= 10;
  // Both terms are exact; a sum past the exact range rounds to at least 2^53 and is handed on.
  const minor = whole * 10 ** minorUnits + fraction;
  return minor <= AMOUNT_MAX_MINOR ? minor : 0;
}

/** Formats minor units as a decimal string with exactly `minorUnits` decimals ("12.30"). */
export function formatAmount(minor: number, minorUnits: number): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`amount ${minor} is not a safe integer`);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(minorUnits + 1, '0');
  const whole = digits.slice(0, digits.length - minorUnits);
  const body = minorUnits === 0 ? whole : `${whole}.${digits.slice(digits.length - minorUnits)}`;
  return negative ? `-${body}` : body;
}

/** Adds two amounts, refusing a result that would leave the exact range. */
export function addChecked(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new TongbaoError('balance_overflow');
  return sum;
}
