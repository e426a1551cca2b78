import { QrError } from './errors.ts';

/**
 * EMV QRCPS data objects are ID (2 digits) + length (2 digits) + value. The length counts characters, and a
 * character here is one Unicode code point (one UTF-8 sequence of one to four bytes), never a UTF-16 code
 * unit and never a byte: "北京" has length 02 although it is 6 UTF-8 bytes, and "𠮷" (U+20BB7) has length 01
 * although a JS string holds it in two code units. That is the reading of the spec that makes the
 * specification's own Chinese example decode, and it is what UnionPay's MPM profile states in so many words.
 */
export const ID_CHARS = 2;
export const LENGTH_CHARS = 2;
/** Two decimal digits of length: 01 to 99 characters. Zero-length values are not allowed by EMV. */
export const VALUE_MIN_CHARS = 1;
export const VALUE_MAX_CHARS = 99;

export interface DataObject {
  readonly id: string;
  readonly value: string;
}

const TWO_DIGITS = /^[0-9]{2}$/;

/** Splits text into code points; every position and length in this module counts these. */
export function codePoints(text: string): string[] {
  return Array.from(text);
}

export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** True when the string holds a UTF-16 surrogate without its partner, which UTF-8 cannot carry. */
export function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (next < 0xdc00 || next > 0xdfff) return true;
      i += 1;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return true;
    }
  }
  return false;
}

export function childPath(parent: string | null, id: string): string {
  return parent === null ? id : `${parent}.${id}`;
}

/**
 * Decodes a sequence of data objects that must fill `chars` exactly: the whole payload, or the value of a
 * template. `parent` is the path of the enclosing template (null at the top), used to name the object at
 * fault. Duplicate IDs within one level are refused here, because every later lookup assumes uniqueness.
 */
export function decodeObjects(chars: readonly string[], parent: string | null): DataObject[] {
  const objects: DataObject[] = [];
  const seen = new Set<string>();
  let position = 0;
  while (position < chars.length) {
    if (chars.length - position < ID_CHARS + LENGTH_CHARS) {
      throw new QrError('qr_tlv_truncated', parent, `data object header cut short at character ${position}`);
    }
    const id = chars.slice(position, position + ID_CHARS).join('');
    if (!TWO_DIGITS.test(id)) {
      throw new QrError(
        'qr_tlv_malformed',
        parent,
        `data object ID at character ${position} is not two digits`,
      );
    }
    const path = childPath(parent, id);
    const lengthText = chars.slice(position + ID_CHARS, position + ID_CHARS + LENGTH_CHARS).join('');
    if (!TWO_DIGITS.test(lengthText)) throw new QrError('qr_tlv_malformed', path, 'length is not two digits');
    const length = Number(lengthText);
    if (length < VALUE_MIN_CHARS) throw new QrError('qr_tlv_malformed', path, 'length is zero');
    const start = position + ID_CHARS + LENGTH_CHARS;
    if (start + length > chars.length) {
      throw new QrError('qr_tlv_truncated', path, `value of ${length} characters runs past the end`);
    }
    if (seen.has(id)) throw new QrError('qr_tag_duplicate', path, 'data object appears more than once');
    seen.add(id);
    objects.push({ id, value: chars.slice(start, start + length).join('') });
    position = start + length;
  }
  return objects;
}

/** Encodes one data object; the value's length is checked here so no caller can emit a broken frame. */
export function encodeObject(id: string, value: string, path: string): string {
  if (!TWO_DIGITS.test(id)) throw new QrError('qr_tag_invalid', path, 'data object ID must be two digits');
  if (typeof value !== 'string') throw new QrError('qr_value_format', path, 'value must be a string');
  if (hasLoneSurrogate(value)) throw new QrError('qr_encoding_invalid', path, 'value holds a lone surrogate');
  const length = characterCount(value);
  if (length < VALUE_MIN_CHARS || length > VALUE_MAX_CHARS) {
    throw new QrError(
      'qr_value_length',
      path,
      `value has ${length} characters, allowed ${VALUE_MIN_CHARS} to ${VALUE_MAX_CHARS}`,
    );
  }
  return `${id}${String(length).padStart(LENGTH_CHARS, '0')}${value}`;
}
