/**
 * The typed view of an EMV merchant-presented QR code. Keys of the records are the two-digit data object
 * IDs, so nothing the code carried is lost: a parsed code built again gives the same data objects.
 * Values are kept as the text the code carries (amounts stay decimal strings such as "23.72"), because
 * their meaning depends on the currency; the Tongbao profile converts them to fen.
 */

/** Tag 01: "11" a code shown for many payments, "12" a code made for one payment. */
export type Initiation = 'static' | 'dynamic';

/** Tags 55, 56, 57. */
export type Tip =
  | { readonly kind: 'prompt' }
  | { readonly kind: 'fixed'; readonly fee: string }
  | { readonly kind: 'percentage'; readonly percent: string };

/** A template whose sub-tag 00 is a globally unique identifier: 26-51, 80-99 and 62's 50-99. */
export interface Template {
  readonly guid: string;
  /** Sub-tags 01-99, whose meaning the owner of the GUID defines. */
  readonly data: Readonly<Record<string, string>>;
}

/** Tag 62. "***" in one of the label fields asks the payer's app to prompt for the value. */
export interface AdditionalData {
  readonly bill_number: string | null;
  readonly mobile_number: string | null;
  readonly store_label: string | null;
  readonly loyalty_number: string | null;
  readonly reference_label: string | null;
  readonly customer_label: string | null;
  readonly terminal_label: string | null;
  readonly purpose: string | null;
  /** Some of "A" (address), "M" (mobile) and "E" (email), each at most once. */
  readonly consumer_data_request: string | null;
  readonly merchant_tax_id: string | null;
  readonly merchant_channel: string | null;
  /** Sub-tags 12-49, reserved for future EMVCo use, kept as carried. */
  readonly rfu: Readonly<Record<string, string>>;
  /** Sub-tags 50-99. */
  readonly payment_system_templates: Readonly<Record<string, Template>>;
}

/** Tag 64: the merchant's name and city in another language, such as Chinese. */
export interface LanguageTemplate {
  /** ISO 639-1 two-letter code, as carried ("ZH" in the EMV example). */
  readonly language: string;
  readonly merchant_name: string;
  readonly merchant_city: string | null;
  /** Sub-tags 03-99, reserved for future EMVCo use. */
  readonly rfu: Readonly<Record<string, string>>;
}

export interface MerchantQr {
  /** Absent (null) is allowed by EMV; Tongbao's builder always writes it. */
  readonly initiation: Initiation | null;
  /** Tags 02-25: primitive merchant account information reserved for card networks. */
  readonly merchant_accounts: Readonly<Record<string, string>>;
  /** Tags 26-51. */
  readonly merchant_account_templates: Readonly<Record<string, Template>>;
  /** Tag 52, ISO 18245 merchant category code. */
  readonly mcc: string;
  /** Tag 53, ISO 4217 numeric ("156" is CNY). */
  readonly currency: string;
  /** Tag 54, decimal text; null asks the payer to enter the amount. */
  readonly amount: string | null;
  readonly tip: Tip | null;
  /** Tag 58, ISO 3166-1 alpha-2. */
  readonly country: string;
  /** Tag 59, printable ASCII; a Chinese name goes in the language template. */
  readonly merchant_name: string;
  readonly merchant_city: string;
  readonly postal_code: string | null;
  readonly additional_data: AdditionalData | null;
  readonly language: LanguageTemplate | null;
  /** Tags 65-79, reserved for future EMVCo use, kept as carried. */
  readonly rfu: Readonly<Record<string, string>>;
  /** Tags 80-99. */
  readonly unreserved_templates: Readonly<Record<string, Template>>;
}

/** What buildMerchantQr takes: a MerchantQr where everything optional may be left out. */
export interface MerchantQrInfo {
  readonly initiation?: Initiation | null;
  readonly merchant_accounts?: Readonly<Record<string, string>>;
  readonly merchant_account_templates?: Readonly<Record<string, Template>>;
  readonly mcc: string;
  readonly currency: string;
  readonly amount?: string | null;
  readonly tip?: Tip | null;
  readonly country: string;
  readonly merchant_name: string;
  readonly merchant_city: string;
  readonly postal_code?: string | null;
  readonly additional_data?: Partial<AdditionalData> | null;
  readonly language?: (Omit<LanguageTemplate, 'merchant_city' | 'rfu'> & Partial<LanguageTemplate>) | null;
  readonly rfu?: Readonly<Record<string, string>>;
  readonly unreserved_templates?: Readonly<Record<string, Template>>;
}
