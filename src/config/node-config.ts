import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CURRENCY_CODE_PATTERN, type Currency, parseAmount } from '../money/index.ts';
import { fixedOffsetMinutes } from './timezone.ts';

/** Limits of one wallet class in minor units; Infinity where the configuration says null (no limit). */
export interface WalletLimits {
  readonly balance_cap: number;
  readonly single_payment: number;
  readonly daily_total: number;
  readonly annual_total: number;
}

export type PersonalCategory = 1 | 2 | 3 | 4;

export interface NodeConfig {
  readonly currencies: readonly Currency[];
  readonly timezone: string;
  readonly timezone_offset_minutes: number;
  readonly wallet_limits: {
    readonly personal: Readonly<Record<PersonalCategory, WalletLimits>>;
    readonly corporate: WalletLimits;
    readonly merchant: WalletLimits;
  };
  readonly operators: {
    readonly default_issuance_quota_fen: number;
    readonly default_reserve_fen: number;
    readonly max_operators: number;
  };
}

/** Hard ceiling on operators: wallet ids carry the operator number in three digits. */
export const OPERATORS_MAX = 999;
export const CURRENCIES_MAX = 16;

export const DEFAULT_CONFIG_PATH = fileURLToPath(new URL('../../config/default.json', import.meta.url));

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Json = Record<string, unknown>;

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${path} must be an object`);
  }
  return value as Json;
}

function limitAmount(value: unknown, path: string, minorUnits: number): number {
  if (value === null) return Number.POSITIVE_INFINITY;
  try {
    return parseAmount(value, minorUnits, path);
  } catch (error) {
    throw new ConfigError(`${path}: ${(error as Error).message} (or null for no limit)`);
  }
}

function requiredAmount(value: unknown, path: string, minorUnits: number): number {
  try {
    return parseAmount(value, minorUnits, path);
  } catch (error) {
    throw new ConfigError(`${path}: ${(error as Error).message}`);
  }
}

function limits(value: unknown, path: string, minorUnits: number): WalletLimits {
  const o = object(value, path);
  const known = ['balance_cap', 'single_payment', 'daily_total', 'annual_total'];
  for (const key of Object.keys(o)) {
    if (!known.includes(key))
      throw new ConfigError(`${path}.${key} is not a known limit (${known.join(', ')})`);
  }
  const result: WalletLimits = {
    balance_cap: limitAmount(o.balance_cap ?? null, `${path}.balance_cap`, minorUnits),
    single_payment: limitAmount(o.single_payment ?? null, `${path}.single_payment`, minorUnits),
    daily_total: limitAmount(o.daily_total ?? null, `${path}.daily_total`, minorUnits),
    annual_total: limitAmount(o.annual_total ?? null, `${path}.annual_total`, minorUnits),
  };
  if (result.single_payment > result.daily_total || result.daily_total > result.annual_total) {
    throw new ConfigError(`${path}: expected single_payment <= daily_total <= annual_total`);
  }
  return result;
}

/** Validates a parsed configuration document; every mistake names the path at fault. */
export function parseConfig(document: unknown): NodeConfig {
  const root = object(document, 'config');
  const currenciesRaw = root.currencies;
  if (!Array.isArray(currenciesRaw) || currenciesRaw.length === 0 || currenciesRaw.length > CURRENCIES_MAX) {
    throw new ConfigError(`config.currencies must list 1 to ${CURRENCIES_MAX} currencies`);
  }
  const currencies = currenciesRaw.map((c, i): Currency => {
    const o = object(c, `config.currencies[${i}]`);
    if (typeof o.code !== 'string' || !CURRENCY_CODE_PATTERN.test(o.code)) {
      throw new ConfigError(`config.currencies[${i}].code must be an ISO 4217 code such as "CNY"`);
    }
    if (!Number.isInteger(o.minor_units) || (o.minor_units as number) < 0 || (o.minor_units as number) > 4) {
      throw new ConfigError(`config.currencies[${i}].minor_units must be an integer 0-4`);
    }
    return { code: o.code, minor_units: o.minor_units as number };
  });
  if (new Set(currencies.map((c) => c.code)).size !== currencies.length) {
    throw new ConfigError('config.currencies lists a currency twice');
  }
  const home = currencies[0]!;
  const timezone = typeof root.timezone === 'string' ? root.timezone : 'Asia/Shanghai';
  let offset: number;
  try {
    offset = fixedOffsetMinutes(timezone);
  } catch (error) {
    throw new ConfigError(`config.timezone: ${(error as Error).message}`);
  }
  const wl = object(root.wallet_limits, 'config.wallet_limits');
  const personalRaw = object(wl.personal, 'config.wallet_limits.personal');
  const personal = {} as Record<PersonalCategory, WalletLimits>;
  for (const category of [1, 2, 3, 4] as const) {
    personal[category] = limits(
      personalRaw[String(category)],
      `config.wallet_limits.personal.${category}`,
      home.minor_units,
    );
  }
  const ops = object(root.operators ?? {}, 'config.operators');
  const maxOperators = ops.max_operators ?? 256;
  if (
    !Number.isInteger(maxOperators) ||
    (maxOperators as number) < 1 ||
    (maxOperators as number) > OPERATORS_MAX
  ) {
    throw new ConfigError(`config.operators.max_operators must be an integer 1-${OPERATORS_MAX}`);
  }
  return {
    currencies,
    timezone,
    timezone_offset_minutes: offset,
    wallet_limits: {
      personal,
      corporate: limits(wl.corporate ?? {}, 'config.wallet_limits.corporate', home.minor_units),
      merchant: limits(wl.merchant ?? {}, 'config.wallet_limits.merchant', home.minor_units),
    },
    operators: {
      default_issuance_quota_fen: requiredAmount(
        ops.default_issuance_quota ?? '100000000000.00',
        'config.operators.default_issuance_quota',
        home.minor_units,
      ),
      default_reserve_fen: requiredAmount(
        ops.default_reserve ?? '100000000000.00',
        'config.operators.default_reserve',
        home.minor_units,
      ),
      max_operators: maxOperators as number,
    },
  };
}

export function loadConfig(path: string = process.env.TONGBAO_CONFIG ?? DEFAULT_CONFIG_PATH): NodeConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read configuration ${path}: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`configuration ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseConfig(document);
}
