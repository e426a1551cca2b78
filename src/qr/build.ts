import { crcHex } from './crc.ts';
import { QrError } from './errors.ts';
import { CRC_PREFIX, PAYLOAD_FORMAT_VALUE, TAG } from './fields.ts';
import { parseMerchantQr } from './parse.ts';
import {
  entriesInRange,
  textEntries,
  writeAdditionalData,
  writeGuidTemplate,
  writeLanguage,
} from './templates.ts';
import { encodeObject } from './tlv.ts';
import type { MerchantQrInfo, Template, Tip } from './types.ts';

const INITIATION_CODES = { static: '11', dynamic: '12' } as const;

/**
 * Builds the payload of a merchant-presented QR code: data objects in ascending ID order, each template's
 * sub-objects in ascending order, the CRC last. That order is the canonical form: parsing a canonical
 * payload and building it again gives back the same text.
 *
 * The payload is validated by parsing it, so the builder can never emit a code that parseMerchantQr would
 * refuse, and a bad field is reported with the same code and tag a scanner would report.
 */
export function buildMerchantQr(info: MerchantQrInfo): string {
  if (info === null || typeof info !== 'object') {
    throw new QrError('qr_payload_invalid', null, 'expected merchant info');
  }
  const objects: Array<readonly [string, string]> = [[TAG.payloadFormat, PAYLOAD_FORMAT_VALUE]];
  const push = (id: string, value: string | null | undefined): void => {
    if (value !== undefined && value !== null) objects.push([id, value]);
  };

  if (info.initiation !== undefined && info.initiation !== null) {
    const code = INITIATION_CODES[info.initiation];
    if (code === undefined) {
      throw new QrError('qr_value_format', TAG.initiation, 'must be "static" or "dynamic"');
    }
    push(TAG.initiation, code);
  }
  for (const [id, value] of textEntries(info.merchant_accounts, 2, 25, null)) push(id, value);
  for (const [id, template] of templateEntries(info.merchant_account_templates, 26, 51)) push(id, template);
  push(TAG.mcc, info.mcc);
  push(TAG.currency, info.currency);
  push(TAG.amount, info.amount);
  for (const [id, value] of tipObjects(info.tip)) push(id, value);
  push(TAG.country, info.country);
  push(TAG.merchantName, info.merchant_name);
  push(TAG.merchantCity, info.merchant_city);
  push(TAG.postalCode, info.postal_code);
  if (info.additional_data !== undefined && info.additional_data !== null) {
    push(TAG.additionalData, writeAdditionalData(info.additional_data, TAG.additionalData));
  }
  if (info.language !== undefined && info.language !== null) {
    push(TAG.language, writeLanguage(info.language, TAG.language));
  }
  for (const [id, value] of textEntries(info.rfu, 65, 79, null)) push(id, value);
  for (const [id, template] of templateEntries(info.unreserved_templates, 80, 99)) push(id, template);

  objects.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const body = objects.map(([id, value]) => encodeObject(id, value, id)).join('') + CRC_PREFIX;
  const payload = body + crcHex(body);
  parseMerchantQr(payload);
  return payload;
}

function templateEntries(
  record: Readonly<Record<string, Template>> | null | undefined,
  low: number,
  high: number,
): Array<[string, string]> {
  return entriesInRange(record, low, high, null).map(([id, template]) => [
    id,
    writeGuidTemplate(template as Template, id),
  ]);
}

function tipObjects(tip: Tip | null | undefined): Array<readonly [string, string]> {
  if (tip === undefined || tip === null) return [];
  switch (tip.kind) {
    case 'prompt':
      return [[TAG.tip, '01']];
    case 'fixed':
      return [
        [TAG.tip, '02'],
        [TAG.feeFixed, tip.fee],
      ];
    case 'percentage':
      return [
        [TAG.tip, '03'],
        [TAG.feePercentage, tip.percent],
      ];
    default:
      throw new QrError('qr_value_format', TAG.tip, 'tip kind must be prompt, fixed or percentage');
  }
}
