import { readFileSync } from 'node:fs';
import { parseAmount } from '../money/index.ts';
import type { WalletKind } from '../monitoring/transfer-event.ts';

/**
 * The wallet limits the simulated people live by, in fen; `Infinity` where the configuration says
 * null (no limit). Totals count a wallet's outgoing payments only, per Shanghai day and per Shanghai
 * calendar year; exchanges in from a bank count against the balance cap and nothing else.
 */
export interface WalletLimit {
  readonly balance_cap: number;
  readonly single_payment: number;
  readonly daily_total: number;
  readonly annual_total: number;
}

export interface WalletLimits {
  readonly personal: Readonly<Record<1 | 2 | 3 | 4, WalletLimit>>;
  readonly corporate: WalletLimit;
  readonly merchant: WalletLimit;
}

const CNY_MINOR_UNITS = 2;
const LIMIT_FIELDS = ['balance_cap', 'single_payment', 'daily_total', 'annual_total'] as const;

function parseLimit(raw: unknown, where: string): WalletLimit {
  if (typeof raw !== 'object' || raw === null) throw new TypeError(`${where} must be an object`);
  const record = raw as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const field of LIMIT_FIELDS) {
    const value = record[field];
    out[field] =
      value === null ? Number.POSITIVE_INFINITY : parseAmount(value, CNY_MINOR_UNITS, `${where}.${field}`);
  }
  return out as unknown as WalletLimit;
}

/** Reads the `wallet_limits` section of a node configuration (config/default.json's shape). */
export function walletLimitsFromConfig(config: unknown): WalletLimits {
  const section = (config as { wallet_limits?: unknown } | null)?.wallet_limits;
  if (typeof section !== 'object' || section === null) throw new TypeError('config has no wallet_limits');
  const s = section as Record<string, unknown>;
  const personal = s.personal as Record<string, unknown> | undefined;
  if (personal === undefined) throw new TypeError('wallet_limits has no personal section');
  return {
    personal: {
      1: parseLimit(personal['1'], 'wallet_limits.personal.1'),
      2: parseLimit(personal['2'], 'wallet_limits.personal.2'),
      3: parseLimit(personal['3'], 'wallet_limits.personal.3'),
      4: parseLimit(personal['4'], 'wallet_limits.personal.4'),
    },
    corporate: parseLimit(s.corporate, 'wallet_limits.corporate'),
    merchant: parseLimit(s.merchant, 'wallet_limits.merchant'),
  };
}

let defaults: WalletLimits | null = null;

/** The limits of the repository's config/default.json, read once. */
export function defaultWalletLimits(): WalletLimits {
  if (defaults === null) {
    const path = new URL('../../config/default.json', import.meta.url);
    defaults = walletLimitsFromConfig(JSON.parse(readFileSync(path, 'utf8')));
  }
  return defaults;
}

export function limitFor(
  limits: WalletLimits,
  kind: WalletKind,
  category: 1 | 2 | 3 | 4 | null,
): WalletLimit {
  if (kind === 'personal') {
    if (category === null) throw new TypeError('a personal wallet needs a category');
    return limits.personal[category];
  }
  return kind === 'corporate' ? limits.corporate : limits.merchant;
}
