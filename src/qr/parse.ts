import { crcHex } from './crc.ts';
import { QrError } from './errors.ts';
import {
  AMOUNT_MAX_CHARS,
  CRC_PREFIX,
  CRC_VALUE_CHARS,
  checkDecimal,
  checkField,
  checkPercentage,
  INITIATION_VALUES,
  idInRange,
  MERCHANT_CITY_MAX_CHARS,
  MERCHANT_NAME_MAX_CHARS,
  PAYLOAD_FORMAT_VALUE,
  PAYLOAD_MAX_CHARS,
  POSTAL_CODE_MAX_CHARS,
  rule,
  TAG,
  TEMPLATE_VALUE_MAX_CHARS,
  TIP_VALUES,
} from './fields.ts';
import { readAdditionalData, readGuidTemplate, readLanguage } from './templates.ts';
import { characterCount, codePoints, type DataObject, decodeObjects, hasLoneSurrogate } from './tlv.ts';
import type { MerchantQr, Template, Tip } from './types.ts';

/** A code point takes at most two UTF-16 units, so a longer string is refused before it is even scanned. */
const PAYLOAD_MAX_UTF16_UNITS = PAYLOAD_MAX_CHARS * 2;
const CRC_VALUE = /^[0-9A-F]{4}$/;
const COUNTRY = /^[A-Z]{2}$/;

/**
 * Parses and validates an EMV merchant-presented QR payload. Checks run from the outside in, so the code
 * reported is the most basic thing wrong: size and encoding, then the checksum (a corrupted scan should say
 * so, not report whatever field the corruption happened to break), then framing, order, each data object,
 * and last the objects that must be present together.
 */
export function parseMerchantQr(text: string): MerchantQr {
  const chars = checkPayload(text);
  checkCrc(chars);
  const objects = decodeObjects(chars, null);
  checkOrder(objects);
  return readObjects(objects);
}

function checkPayload(text: unknown): string[] {
  if (typeof text !== 'string' || text.length === 0) {
    throw new QrError('qr_payload_invalid', null, 'payload must be a non-empty string');
  }
  if (text.length > PAYLOAD_MAX_UTF16_UNITS) {
    throw new QrError('qr_payload_too_long', null, `payload exceeds ${PAYLOAD_MAX_CHARS} characters`);
  }
  if (hasLoneSurrogate(text)) {
    throw new QrError('qr_encoding_invalid', null, 'payload holds a lone surrogate');
  }
  const chars = codePoints(text);
  if (chars.length > PAYLOAD_MAX_CHARS) {
    throw new QrError(
      'qr_payload_too_long',
      null,
      `payload has ${chars.length} characters, at most ${PAYLOAD_MAX_CHARS}`,
    );
  }
  return chars;
}

function checkCrc(chars: readonly string[]): void {
  const valueStart = chars.length - CRC_VALUE_CHARS;
  const prefixStart = valueStart - CRC_PREFIX.length;
  if (prefixStart < 0 || chars.slice(prefixStart, valueStart).join('') !== CRC_PREFIX) {
    throw new QrError('qr_crc_missing', TAG.crc, `payload does not end with "${CRC_PREFIX}" and a checksum`);
  }
  const carried = chars.slice(valueStart).join('');
  if (!CRC_VALUE.test(carried)) {
    throw new QrError('qr_crc_format', TAG.crc, 'checksum is not 4 uppercase hex digits');
  }
  const computed = crcHex(chars.slice(0, valueStart).join(''));
  if (computed !== carried) {
    throw new QrError(
      'qr_crc_mismatch',
      TAG.crc,
      `checksum is ${carried}, the payload hashes to ${computed}`,
    );
  }
}

function checkOrder(objects: readonly DataObject[]): void {
  const present = (id: string): boolean => objects.some((object) => object.id === id);
  if (objects[0]?.id !== TAG.payloadFormat) {
    if (present(TAG.payloadFormat)) {
      throw new QrError('qr_order_invalid', TAG.payloadFormat, 'must come first');
    }
    throw new QrError('qr_tag_missing', TAG.payloadFormat, 'payload format indicator is absent');
  }
  // The trailer check saw "6304" and four hex digits at the end; the framing must agree that this is
  // the CRC object, not the tail of some other value that merely looks like one.
  const last = objects[objects.length - 1];
  if (last?.id !== TAG.crc) {
    if (present(TAG.crc)) throw new QrError('qr_order_invalid', TAG.crc, 'must come last');
    throw new QrError('qr_crc_missing', TAG.crc, 'the last data object is not the checksum');
  }
  if (characterCount(last.value) !== CRC_VALUE_CHARS) {
    throw new QrError('qr_value_length', TAG.crc, `checksum must have ${CRC_VALUE_CHARS} characters`);
  }
}

interface Fields {
  initiation: MerchantQr['initiation'];
  merchant_accounts: Record<string, string>;
  merchant_account_templates: Record<string, Template>;
  mcc: string | null;
  currency: string | null;
  amount: string | null;
  tip: string | null;
  fee_fixed: string | null;
  fee_percentage: string | null;
  country: string | null;
  merchant_name: string | null;
  merchant_city: string | null;
  postal_code: string | null;
  additional_data: MerchantQr['additional_data'];
  language: MerchantQr['language'];
  rfu: Record<string, string>;
  unreserved_templates: Record<string, Template>;
}

function readObject(fields: Fields, { id, value }: DataObject): void {
  switch (id) {
    case TAG.payloadFormat:
      checkField(value, rule('N', 2), id);
      if (value !== PAYLOAD_FORMAT_VALUE) {
        throw new QrError('qr_value_format', id, `must be "${PAYLOAD_FORMAT_VALUE}"`);
      }
      return;
    case TAG.initiation: {
      checkField(value, rule('N', 2), id);
      const initiation = INITIATION_VALUES[value];
      if (initiation === undefined) throw new QrError('qr_value_format', id, 'must be "11" or "12"');
      fields.initiation = initiation;
      return;
    }
    case TAG.mcc:
      fields.mcc = checkField(value, rule('N', 4), id);
      return;
    case TAG.currency:
      fields.currency = checkField(value, rule('N', 3), id);
      return;
    case TAG.amount:
      fields.amount = checkDecimal(value, AMOUNT_MAX_CHARS, id);
      return;
    case TAG.tip:
      checkField(value, rule('N', 2), id);
      if (TIP_VALUES[value] === undefined) {
        throw new QrError('qr_value_format', id, 'must be "01", "02" or "03"');
      }
      fields.tip = value;
      return;
    case TAG.feeFixed:
      fields.fee_fixed = checkDecimal(value, AMOUNT_MAX_CHARS, id);
      return;
    case TAG.feePercentage:
      fields.fee_percentage = checkPercentage(value, id);
      return;
    case TAG.country:
      fields.country = checkField(value, rule('ANS', 2), id);
      if (!COUNTRY.test(value)) throw new QrError('qr_value_format', id, 'not an ISO 3166-1 alpha-2 code');
      return;
    case TAG.merchantName:
      fields.merchant_name = checkField(value, rule('ANS', 1, MERCHANT_NAME_MAX_CHARS), id);
      return;
    case TAG.merchantCity:
      fields.merchant_city = checkField(value, rule('ANS', 1, MERCHANT_CITY_MAX_CHARS), id);
      return;
    case TAG.postalCode:
      fields.postal_code = checkField(value, rule('ANS', 1, POSTAL_CODE_MAX_CHARS), id);
      return;
    case TAG.additionalData:
      fields.additional_data = readAdditionalData(value, id);
      return;
    case TAG.crc:
      return; // verified before framing
    case TAG.language:
      fields.language = readLanguage(value, id);
      return;
  }
  if (idInRange(id, 2, 25)) fields.merchant_accounts[id] = checkField(value, rule('ANS', 1, 99), id);
  else if (idInRange(id, 26, 51)) fields.merchant_account_templates[id] = readGuidTemplate(value, id);
  else if (idInRange(id, 65, 79))
    fields.rfu[id] = checkField(value, rule('S', 1, TEMPLATE_VALUE_MAX_CHARS), id);
  else if (idInRange(id, 80, 99)) fields.unreserved_templates[id] = readGuidTemplate(value, id);
  else throw new QrError('qr_tag_invalid', id, 'unknown data object'); // unreachable: 00-99 are all covered
}

function required(value: string | null, id: string, what: string): string {
  if (value === null) throw new QrError('qr_tag_missing', id, `${what} is absent`);
  return value;
}

function readTip(fields: Fields): Tip | null {
  const kind = fields.tip === null ? null : (TIP_VALUES[fields.tip] ?? null);
  if (kind !== 'fixed' && fields.fee_fixed !== null) {
    throw new QrError('qr_tag_unexpected', TAG.feeFixed, 'a fixed fee needs tip indicator "02"');
  }
  if (kind !== 'percentage' && fields.fee_percentage !== null) {
    throw new QrError('qr_tag_unexpected', TAG.feePercentage, 'a fee percentage needs tip indicator "03"');
  }
  if (kind === 'prompt') return { kind };
  if (kind === 'fixed') {
    return { kind, fee: required(fields.fee_fixed, TAG.feeFixed, 'fixed convenience fee') };
  }
  if (kind === 'percentage') {
    return {
      kind,
      percent: required(fields.fee_percentage, TAG.feePercentage, 'convenience fee percentage'),
    };
  }
  return null;
}

function readObjects(objects: readonly DataObject[]): MerchantQr {
  const fields: Fields = {
    initiation: null,
    merchant_accounts: {},
    merchant_account_templates: {},
    mcc: null,
    currency: null,
    amount: null,
    tip: null,
    fee_fixed: null,
    fee_percentage: null,
    country: null,
    merchant_name: null,
    merchant_city: null,
    postal_code: null,
    additional_data: null,
    language: null,
    rfu: {},
    unreserved_templates: {},
  };
  for (const object of objects) readObject(fields, object);

  const accounts =
    Object.keys(fields.merchant_accounts).length + Object.keys(fields.merchant_account_templates).length;
  if (accounts === 0) throw new QrError('qr_tag_missing', '02-51', 'no merchant account information');
  const mcc = required(fields.mcc, TAG.mcc, 'merchant category code');
  const currency = required(fields.currency, TAG.currency, 'transaction currency');
  const country = required(fields.country, TAG.country, 'country code');
  const merchantName = required(fields.merchant_name, TAG.merchantName, 'merchant name');
  const merchantCity = required(fields.merchant_city, TAG.merchantCity, 'merchant city');
  return {
    initiation: fields.initiation,
    merchant_accounts: fields.merchant_accounts,
    merchant_account_templates: fields.merchant_account_templates,
    mcc,
    currency,
    amount: fields.amount,
    tip: readTip(fields),
    country,
    merchant_name: merchantName,
    merchant_city: merchantCity,
    postal_code: fields.postal_code,
    additional_data: fields.additional_data,
    language: fields.language,
    rfu: fields.rfu,
    unreserved_templates: fields.unreserved_templates,
  };
}
