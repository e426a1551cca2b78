/** A currency the node holds accounts in. Several exist so that nothing assumes CNY alone. */
export interface Currency {
  readonly code: string;
  readonly minor_units: number;
}

export const CURRENCY_CODE_PATTERN = /^[A-Z]{3}$/;

export const DEFAULT_CURRENCY = 'CNY';
