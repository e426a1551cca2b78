import { parseWalletId, WALLET_ID_LENGTH } from '../ledger/wallet-id.ts';
import { formatAmount } from '../money/index.ts';
import { buildMerchantQr } from './build.ts';
import { QrError } from './errors.ts';
import { PROMPT_VALUE, TAG } from './fields.ts';
import { parseMerchantQr } from './parse.ts';
import { childPath } from './tlv.ts';
import type { MerchantQr, MerchantQrInfo, Template } from './types.ts';

/**
 * The Tongbao profile: a merchant account information template (26-51) whose GUID, sub-tag 00, is
 * "cn.tongbao.wallet" and whose sub-tag 01 is the payee's wallet id. A wallet reads that template, the
 * amount and the references, and pays.
 */
export const TONGBAO_GUID = 'cn.tongbao.wallet';
export const TONGBAO_WALLET_SUB_TAG = '01';
/** The tag buildTongbaoQr writes the template to; a reader accepts it in any of 26-51. */
export const TONGBAO_ACCOUNT_TAG = '26';
export const TONGBAO_CURRENCY = '156';
export const TONGBAO_COUNTRY = 'CN';
/**
 * A wallet id is 16 digits with a Luhn check digit (src/ledger/wallet-id.ts), so a misprinted code is
 * refused when scanned. Whether the wallet exists is the ledger's call.
 */
export const WALLET_ID_MAX_CHARS = WALLET_ID_LENGTH;
const FEN_DECIMALS = 2;
const CHINESE = 'ZH';

export interface TongbaoQrInfo {
  readonly wallet_id: string;
  /** Tag 59 is printable ASCII (pinyin, an English name); the Chinese name goes in name_zh. */
  readonly merchant_name: string;
  readonly merchant_city: string;
  readonly mcc: string;
  /** Present: a dynamic code for this one payment. Absent: a static code, the payer enters the amount. */
  readonly amount_fen?: number | null;
  readonly bill_number?: string | null;
  readonly reference?: string | null;
  readonly terminal_label?: string | null;
  readonly purpose?: string | null;
  readonly postal_code?: string | null;
  readonly name_zh?: string | null;
  readonly city_zh?: string | null;
}

/** What a wallet's pay flow needs from a scanned code. */
export interface WalletQr {
  readonly wallet_id: string;
  readonly amount_fen: number | null;
  readonly dynamic: boolean;
  readonly merchant_name: string;
  /** The alternate-language name (template 64), usually Chinese, for the pay screen. */
  readonly merchant_name_local: string | null;
  readonly mcc: string;
  readonly bill_number: string | null;
  readonly reference: string | null;
  /** The code asks the payer to type the bill number or reference ("***" in EMV). */
  readonly reference_prompt: boolean;
}

function checkWalletId(walletId: unknown, path: string): string {
  if (typeof walletId !== 'string' || parseWalletId(walletId) === null) {
    throw new QrError('qr_wallet_id_invalid', path, 'a wallet id is 16 digits with a Luhn check digit');
  }
  return walletId;
}

const present = (value: string | null | undefined): value is string => value !== undefined && value !== null;
const given = (value: string | null | undefined): value is string => present(value) && value !== PROMPT_VALUE;

export function buildTongbaoQr(info: TongbaoQrInfo): string {
  if (info === null || typeof info !== 'object') {
    throw new QrError('qr_payload_invalid', null, 'expected Tongbao QR info');
  }
  const walletId = checkWalletId(info.wallet_id, childPath(TONGBAO_ACCOUNT_TAG, TONGBAO_WALLET_SUB_TAG));
  const amountFen = info.amount_fen ?? null;
  if (amountFen !== null && (!Number.isSafeInteger(amountFen) || amountFen <= 0)) {
    throw new QrError('qr_amount_invalid', TAG.amount, 'amount_fen must be a positive integer');
  }
  const dynamic = amountFen !== null;
  if (dynamic && !given(info.bill_number) && !given(info.reference)) {
    throw new QrError(
      'qr_dynamic_incomplete',
      TAG.additionalData,
      'a dynamic code needs a bill number or reference',
    );
  }
  if (present(info.city_zh) && !present(info.name_zh)) {
    throw new QrError('qr_tag_missing', `${TAG.language}.01`, 'a Chinese city needs a Chinese name');
  }
  const merchant: MerchantQrInfo = {
    initiation: dynamic ? 'dynamic' : 'static',
    merchant_account_templates: {
      [TONGBAO_ACCOUNT_TAG]: { guid: TONGBAO_GUID, data: { [TONGBAO_WALLET_SUB_TAG]: walletId } },
    },
    mcc: info.mcc,
    currency: TONGBAO_CURRENCY,
    amount: amountFen === null ? null : formatAmount(amountFen, FEN_DECIMALS),
    country: TONGBAO_COUNTRY,
    merchant_name: info.merchant_name,
    merchant_city: info.merchant_city,
    postal_code: info.postal_code ?? null,
    additional_data: {
      bill_number: info.bill_number ?? null,
      reference_label: info.reference ?? null,
      terminal_label: info.terminal_label ?? null,
      purpose: info.purpose ?? null,
    },
    language: present(info.name_zh)
      ? { language: CHINESE, merchant_name: info.name_zh, merchant_city: info.city_zh ?? null }
      : null,
  };
  return buildMerchantQr(merchant);
}

/** Converts an EMV decimal amount to fen exactly, as text, refusing what a fen cannot hold. */
export function amountToFen(amount: string): number {
  const [whole = '', fraction = ''] = amount.split('.');
  if (fraction.length > FEN_DECIMALS) {
    throw new QrError('qr_amount_precision', TAG.amount, `amount has more than ${FEN_DECIMALS} decimals`);
  }
  const fen = Number(`${whole}${fraction.padEnd(FEN_DECIMALS, '0')}`.replace(/^0+(?=[0-9])/, ''));
  // 13 characters of amount are at most 10^15 fen, well inside the exact range of a double.
  if (!Number.isSafeInteger(fen) || fen <= 0) {
    throw new QrError('qr_amount_invalid', TAG.amount, 'not a positive amount');
  }
  return fen;
}

function findTongbaoTemplate(qr: MerchantQr): readonly [string, Template] {
  // GUIDs are reverse domain names, which compare without regard to case.
  const matches = Object.entries(qr.merchant_account_templates).filter(
    ([, template]) => template.guid.toLowerCase() === TONGBAO_GUID,
  );
  const [first, second] = matches;
  if (first === undefined) throw new QrError('qr_not_tongbao', null, 'the code names no Tongbao wallet');
  // Two payees in one code would let whoever printed it choose which one a wallet pays.
  if (second !== undefined) {
    throw new QrError('qr_tongbao_ambiguous', second[0], 'the code names two Tongbao wallets');
  }
  return first;
}

/** Reads what a Tongbao wallet needs to pay a parsed code, or says with a code why it cannot. */
export function walletQrFromMerchantQr(qr: MerchantQr): WalletQr {
  const [tag, template] = findTongbaoTemplate(qr);
  const walletPath = childPath(tag, TONGBAO_WALLET_SUB_TAG);
  const walletId = template.data[TONGBAO_WALLET_SUB_TAG];
  if (walletId === undefined) {
    throw new QrError('qr_tag_missing', walletPath, 'the Tongbao template has no wallet id');
  }
  checkWalletId(walletId, walletPath);
  if (qr.currency !== TONGBAO_CURRENCY) {
    throw new QrError(
      'qr_currency_unsupported',
      TAG.currency,
      `Tongbao pays in ${TONGBAO_CURRENCY} (CNY) only`,
    );
  }
  if (qr.tip !== null) {
    throw new QrError('qr_tip_unsupported', TAG.tip, 'tips and convenience fees are not supported');
  }
  const additional = qr.additional_data;
  const billNumber = additional?.bill_number ?? null;
  const reference = additional?.reference_label ?? null;
  return {
    wallet_id: walletId,
    amount_fen: qr.amount === null ? null : amountToFen(qr.amount),
    dynamic: qr.initiation === 'dynamic',
    merchant_name: qr.merchant_name,
    merchant_name_local: qr.language?.merchant_name ?? null,
    mcc: qr.mcc,
    bill_number: given(billNumber) ? billNumber : null,
    reference: given(reference) ? reference : null,
    reference_prompt: billNumber === PROMPT_VALUE || reference === PROMPT_VALUE,
  };
}

/** Scans a payload straight to what a wallet pays: parseMerchantQr, then walletQrFromMerchantQr. */
export function parseTongbaoQr(text: string): WalletQr {
  return walletQrFromMerchantQr(parseMerchantQr(text));
}
