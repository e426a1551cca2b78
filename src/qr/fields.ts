import { QrError } from './errors.ts';
import { characterCount } from './tlv.ts';

/** Limits from EMV QRCPS Merchant-Presented Mode v1.1, in characters (code points, see tlv.ts). */
export const PAYLOAD_MAX_CHARS = 512;
export const GUID_MAX_CHARS = 32;
export const AMOUNT_MAX_CHARS = 13;
export const PERCENTAGE_MAX_CHARS = 5;
export const MERCHANT_NAME_MAX_CHARS = 25;
export const MERCHANT_CITY_MAX_CHARS = 15;
export const POSTAL_CODE_MAX_CHARS = 10;
export const LABEL_MAX_CHARS = 25;
export const CONSUMER_DATA_REQUEST_MAX_CHARS = 3;
export const MERCHANT_TAX_ID_MAX_CHARS = 20;
export const MERCHANT_CHANNEL_CHARS = 3;
export const TEMPLATE_VALUE_MAX_CHARS = 99;

/** Top-level data object IDs. */
export const TAG = {
  payloadFormat: '00',
  initiation: '01',
  mcc: '52',
  currency: '53',
  amount: '54',
  tip: '55',
  feeFixed: '56',
  feePercentage: '57',
  country: '58',
  merchantName: '59',
  merchantCity: '60',
  postalCode: '61',
  additionalData: '62',
  crc: '63',
  language: '64',
} as const;

export const PAYLOAD_FORMAT_VALUE = '01';
export const CRC_VALUE_CHARS = 4;
/** "6304": the CRC's ID and length, which are hashed; the four characters after them are not. */
export const CRC_PREFIX = `${TAG.crc}0${CRC_VALUE_CHARS}`;
export const GUID_SUB_TAG = '00';
/** Marks a label the payer's app must ask the payer for, instead of a value. */
export const PROMPT_VALUE = '***';

export const INITIATION_VALUES: Readonly<Record<string, 'static' | 'dynamic'>> = {
  '11': 'static',
  '12': 'dynamic',
};
export const TIP_VALUES: Readonly<Record<string, 'prompt' | 'fixed' | 'percentage'>> = {
  '01': 'prompt',
  '02': 'fixed',
  '03': 'percentage',
};

/**
 * N: digits. ANS: the EMV common character set, printable ASCII 0x20-0x7E. S: any Unicode text, minus the
 * control characters and bidirectional overrides that would let a code show a payer one name while
 * carrying another.
 */
export type Format = 'N' | 'ANS' | 'S';

export interface FieldRule {
  readonly format: Format;
  readonly min: number;
  readonly max: number;
}

const FORMAT_PATTERN: Readonly<Record<Format, RegExp>> = {
  N: /^[0-9]*$/,
  ANS: /^[\x20-\x7E]*$/,
  S: /^[^\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069]*$/u,
};

export function rule(format: Format, min: number, max: number = min): FieldRule {
  return { format, min, max };
}

export function checkField(value: string, fieldRule: FieldRule, path: string): string {
  const length = characterCount(value);
  if (length < fieldRule.min || length > fieldRule.max) {
    const allowed =
      fieldRule.min === fieldRule.max ? `${fieldRule.min}` : `${fieldRule.min} to ${fieldRule.max}`;
    throw new QrError('qr_value_length', path, `value has ${length} characters, allowed ${allowed}`);
  }
  if (!FORMAT_PATTERN[fieldRule.format].test(value)) {
    throw new QrError('qr_value_format', path, `value is not of format ${fieldRule.format}`);
  }
  return value;
}

const DECIMAL = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)$/;
const NONZERO_DIGIT = /[1-9]/;

/**
 * Amounts (54, 56) and the fee percentage (57): digits with at most one "." as decimal mark, never zero.
 * EMV spells out that "98", "98." and "98.73" are all valid; nothing here rounds or reinterprets them.
 */
export function checkDecimal(value: string, maxChars: number, path: string): string {
  const length = characterCount(value);
  if (length < 1 || length > maxChars) {
    throw new QrError('qr_value_length', path, `value has ${length} characters, allowed 1 to ${maxChars}`);
  }
  if (!DECIMAL.test(value)) throw new QrError('qr_amount_invalid', path, 'not a decimal such as "23.72"');
  if (!NONZERO_DIGIT.test(value)) throw new QrError('qr_amount_invalid', path, 'must not be zero');
  return value;
}

/** The convenience fee percentage lies between "00.01" and "99.99". */
export function checkPercentage(value: string, path: string): string {
  checkDecimal(value, PERCENTAGE_MAX_CHARS, path);
  const whole = (value.split('.')[0] ?? '').replace(/^0+/, '');
  if (whole.length > 2) throw new QrError('qr_amount_invalid', path, 'percentage must be below 100');
  return value;
}

export function idInRange(id: string, low: number, high: number): boolean {
  const n = Number(id);
  return /^[0-9]{2}$/.test(id) && n >= low && n <= high;
}
