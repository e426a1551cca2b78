/**
 * Every way a merchant-presented QR code can be refused, each with its own stable code. Codes are a public
 * contract like the ones in src/errors/catalog.ts: never rename one, add a new one instead.
 */
export const QR_ERROR_CODES = [
  // the payload as a whole
  'qr_payload_invalid',
  'qr_payload_too_long',
  'qr_encoding_invalid',
  // the checksum object (63)
  'qr_crc_missing',
  'qr_crc_format',
  'qr_crc_mismatch',
  // ID-length-value framing, at any nesting level
  'qr_tlv_malformed',
  'qr_tlv_truncated',
  'qr_tag_invalid',
  'qr_tag_duplicate',
  'qr_order_invalid',
  // the data objects
  'qr_tag_missing',
  'qr_tag_unexpected',
  'qr_value_length',
  'qr_value_format',
  'qr_amount_invalid',
  // the Tongbao profile
  'qr_not_tongbao',
  'qr_tongbao_ambiguous',
  'qr_wallet_id_invalid',
  'qr_currency_unsupported',
  'qr_amount_precision',
  'qr_tip_unsupported',
  'qr_dynamic_incomplete',
] as const;

export type QrErrorCode = (typeof QR_ERROR_CODES)[number];

/**
 * A refused QR code. `tag` names the data object at fault as a dotted path of IDs ("62.05" is the reference
 * label inside the additional data template), or null when the fault is the payload as a whole.
 */
export class QrError extends Error {
  readonly code: QrErrorCode;
  readonly tag: string | null;

  constructor(code: QrErrorCode, tag: string | null, detail: string) {
    super(tag === null ? detail : `${detail} (tag ${tag})`);
    this.name = 'QrError';
    this.code = code;
    this.tag = tag;
  }
}

export function isQrError(value: unknown): value is QrError {
  return value instanceof QrError;
}
