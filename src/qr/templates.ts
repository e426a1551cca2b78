import { QrError } from './errors.ts';
import {
  CONSUMER_DATA_REQUEST_MAX_CHARS,
  checkField,
  type FieldRule,
  GUID_MAX_CHARS,
  GUID_SUB_TAG,
  idInRange,
  LABEL_MAX_CHARS,
  MERCHANT_CHANNEL_CHARS,
  MERCHANT_CITY_MAX_CHARS,
  MERCHANT_NAME_MAX_CHARS,
  MERCHANT_TAX_ID_MAX_CHARS,
  rule,
  TEMPLATE_VALUE_MAX_CHARS,
} from './fields.ts';
import { childPath, codePoints, type DataObject, decodeObjects, encodeObject } from './tlv.ts';
import type { AdditionalData, LanguageTemplate, MerchantQrInfo, Template } from './types.ts';

/** Free-text values inside templates are S (any Unicode text) unless EMV says otherwise. */
const TEMPLATE_TEXT = rule('S', 1, TEMPLATE_VALUE_MAX_CHARS);

function decodeTemplate(value: string, path: string): DataObject[] {
  return decodeObjects(codePoints(value), path);
}

function encodeSorted(entries: ReadonlyArray<readonly [string, string]>, parent: string): string {
  return [...entries]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, value]) => encodeObject(id, value, childPath(parent, id)))
    .join('');
}

export function checkIdInRange(id: string, low: number, high: number, parent: string | null): void {
  if (!idInRange(id, low, high)) {
    throw new QrError('qr_tag_invalid', childPath(parent, id), `ID must lie in ${low}-${high} here`);
  }
}

/** The entries of a record keyed by data object ID, each ID checked against the range it may take. */
export function entriesInRange(
  record: Readonly<Record<string, unknown>> | null | undefined,
  low: number,
  high: number,
  parent: string | null,
): Array<[string, unknown]> {
  if (record === undefined || record === null) return [];
  if (typeof record !== 'object') {
    throw new QrError('qr_value_format', parent, 'expected a record of data objects');
  }
  const entries = Object.entries(record);
  for (const [id] of entries) checkIdInRange(id, low, high, parent);
  return entries;
}

/** Keeps only the sub-tags in a range, for a template's parts that EMV leaves open. */
export function textEntries(
  record: Readonly<Record<string, unknown>> | null | undefined,
  low: number,
  high: number,
  parent: string | null,
): Array<[string, string]> {
  return entriesInRange(record, low, high, parent).map(([id, value]) => {
    if (typeof value !== 'string') {
      throw new QrError('qr_value_format', childPath(parent, id), 'expected text');
    }
    return [id, value];
  });
}

// Templates identified by a GUID: 26-51, 80-99 and the payment-system templates 50-99 inside 62.

export function readGuidTemplate(value: string, path: string): Template {
  let guid: string | null = null;
  const data: Record<string, string> = {};
  for (const object of decodeTemplate(value, path)) {
    const objectPath = childPath(path, object.id);
    if (object.id === GUID_SUB_TAG) {
      guid = checkField(object.value, rule('ANS', 1, GUID_MAX_CHARS), objectPath);
    } else {
      data[object.id] = checkField(object.value, TEMPLATE_TEXT, objectPath);
    }
  }
  if (guid === null) {
    throw new QrError('qr_tag_missing', childPath(path, GUID_SUB_TAG), 'template has no GUID');
  }
  return { guid, data };
}

export function writeGuidTemplate(template: Template, path: string): string {
  if (template === null || typeof template !== 'object') {
    throw new QrError('qr_value_format', path, 'expected a template with guid and data');
  }
  const data = textEntries(template.data, 1, 99, path);
  return encodeSorted([[GUID_SUB_TAG, template.guid], ...data], path);
}

// Tag 62, additional data.

type AdditionalField = Exclude<keyof AdditionalData, 'rfu' | 'payment_system_templates'>;

const ADDITIONAL_FIELDS: ReadonlyArray<readonly [string, AdditionalField, FieldRule]> = [
  ['01', 'bill_number', rule('ANS', 1, LABEL_MAX_CHARS)],
  ['02', 'mobile_number', rule('ANS', 1, LABEL_MAX_CHARS)],
  ['03', 'store_label', rule('ANS', 1, LABEL_MAX_CHARS)],
  ['04', 'loyalty_number', rule('ANS', 1, LABEL_MAX_CHARS)],
  ['05', 'reference_label', rule('ANS', 1, LABEL_MAX_CHARS)],
  ['06', 'customer_label', rule('ANS', 1, LABEL_MAX_CHARS)],
  ['07', 'terminal_label', rule('ANS', 1, LABEL_MAX_CHARS)],
  ['08', 'purpose', rule('ANS', 1, LABEL_MAX_CHARS)],
  ['09', 'consumer_data_request', rule('ANS', 1, CONSUMER_DATA_REQUEST_MAX_CHARS)],
  ['10', 'merchant_tax_id', rule('ANS', 1, MERCHANT_TAX_ID_MAX_CHARS)],
  ['11', 'merchant_channel', rule('ANS', MERCHANT_CHANNEL_CHARS)],
];
const ADDITIONAL_BY_ID = new Map(ADDITIONAL_FIELDS.map((field) => [field[0], field] as const));
const CONSUMER_DATA_REQUEST = /^(?!.*(.).*\1)[AME]+$/;
/** 00 is not assigned in 62 and 12-49 are reserved; both are carried through untouched. */
const isAdditionalRfu = (id: string): boolean => id === '00' || idInRange(id, 12, 49);

export function readAdditionalData(value: string, path: string): AdditionalData {
  const named: Record<string, string | null> = {};
  const rfu: Record<string, string> = {};
  const templates: Record<string, Template> = {};
  for (const object of decodeTemplate(value, path)) {
    const objectPath = childPath(path, object.id);
    const field = ADDITIONAL_BY_ID.get(object.id);
    if (field !== undefined) {
      named[field[1]] = checkField(object.value, field[2], objectPath);
      if (field[1] === 'consumer_data_request' && !CONSUMER_DATA_REQUEST.test(object.value)) {
        throw new QrError('qr_value_format', objectPath, 'must be letters A, M, E, each at most once');
      }
    } else if (isAdditionalRfu(object.id)) {
      rfu[object.id] = checkField(object.value, TEMPLATE_TEXT, objectPath);
    } else {
      templates[object.id] = readGuidTemplate(object.value, objectPath);
    }
  }
  const field = (key: AdditionalField): string | null => named[key] ?? null;
  return {
    bill_number: field('bill_number'),
    mobile_number: field('mobile_number'),
    store_label: field('store_label'),
    loyalty_number: field('loyalty_number'),
    reference_label: field('reference_label'),
    customer_label: field('customer_label'),
    terminal_label: field('terminal_label'),
    purpose: field('purpose'),
    consumer_data_request: field('consumer_data_request'),
    merchant_tax_id: field('merchant_tax_id'),
    merchant_channel: field('merchant_channel'),
    rfu,
    payment_system_templates: templates,
  };
}

/** Returns the encoded value of tag 62, or null when there is nothing to carry (EMV has no empty values). */
export function writeAdditionalData(
  data: NonNullable<MerchantQrInfo['additional_data']>,
  path: string,
): string | null {
  if (typeof data !== 'object') throw new QrError('qr_value_format', path, 'expected additional data fields');
  const entries: Array<readonly [string, string]> = [];
  for (const [id, key] of ADDITIONAL_FIELDS) {
    const value = data[key];
    if (value !== undefined && value !== null) entries.push([id, value]);
  }
  for (const entry of textEntries(data.rfu, 0, 49, path)) {
    if (!isAdditionalRfu(entry[0])) {
      throw new QrError(
        'qr_tag_invalid',
        childPath(path, entry[0]),
        'ID is a named field, not a reserved one',
      );
    }
    entries.push(entry);
  }
  for (const [id, template] of entriesInRange(data.payment_system_templates, 50, 99, path)) {
    entries.push([id, writeGuidTemplate(template as Template, childPath(path, id))]);
  }
  return entries.length === 0 ? null : encodeSorted(entries, path);
}

// Tag 64, merchant information in an alternate language.

const LANGUAGE_CODE = /^[A-Za-z]{2}$/;

export function readLanguage(value: string, path: string): LanguageTemplate {
  let language: string | null = null;
  let name: string | null = null;
  let city: string | null = null;
  const rfu: Record<string, string> = {};
  for (const object of decodeTemplate(value, path)) {
    const objectPath = childPath(path, object.id);
    if (object.id === '00') {
      language = checkField(object.value, rule('ANS', 2), objectPath);
      if (!LANGUAGE_CODE.test(language)) {
        throw new QrError('qr_value_format', objectPath, 'not an ISO 639-1 code');
      }
    } else if (object.id === '01') {
      name = checkField(object.value, rule('S', 1, MERCHANT_NAME_MAX_CHARS), objectPath);
    } else if (object.id === '02') {
      city = checkField(object.value, rule('S', 1, MERCHANT_CITY_MAX_CHARS), objectPath);
    } else {
      rfu[object.id] = checkField(object.value, TEMPLATE_TEXT, objectPath);
    }
  }
  if (language === null) throw new QrError('qr_tag_missing', childPath(path, '00'), 'no language preference');
  if (name === null) throw new QrError('qr_tag_missing', childPath(path, '01'), 'no alternate merchant name');
  return { language, merchant_name: name, merchant_city: city, rfu };
}

export function writeLanguage(language: NonNullable<MerchantQrInfo['language']>, path: string): string {
  if (typeof language !== 'object') throw new QrError('qr_value_format', path, 'expected language fields');
  const entries: Array<readonly [string, string]> = [
    ['00', language.language],
    ['01', language.merchant_name],
  ];
  const city = language.merchant_city;
  if (city !== undefined && city !== null) entries.push(['02', city]);
  entries.push(...textEntries(language.rfu, 3, 99, path));
  return encodeSorted(entries, path);
}
