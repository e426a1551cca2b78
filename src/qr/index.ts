export { buildMerchantQr } from './build.ts';
export { crc16CcittFalse, crcHex } from './crc.ts';
export { isQrError, QR_ERROR_CODES, QrError, type QrErrorCode } from './errors.ts';
export { PAYLOAD_MAX_CHARS } from './fields.ts';
export { parseMerchantQr } from './parse.ts';
export {
  amountToFen,
  buildTongbaoQr,
  parseTongbaoQr,
  TONGBAO_ACCOUNT_TAG,
  TONGBAO_CURRENCY,
  TONGBAO_GUID,
  TONGBAO_WALLET_SUB_TAG,
  type TongbaoQrInfo,
  WALLET_ID_MAX_CHARS,
  type WalletQr,
  walletQrFromMerchantQr,
} from './tongbao.ts';
export type {
  AdditionalData,
  Initiation,
  LanguageTemplate,
  MerchantQr,
  MerchantQrInfo,
  Template,
  Tip,
} from './types.ts';
