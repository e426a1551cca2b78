import { DEFAULT_CURRENCY } from '../money/index.ts';
import { TYPOLOGIES, type Typology } from './dataset-format.ts';
import { DEFAULT_LAUNDERING_RATE, LAUNDERING_RATE_MAX } from './laundering-plan.ts';
import { defaultWalletLimits, type WalletLimits } from './limits.ts';
import { DEFAULT_START_MS } from './time.ts';
import { OPERATORS } from './wallets.ts';

export const TRANSFERS_MAX = 100_000_000;
export const DEFAULT_DAYS = 182;
export const DAYS_MIN = 14;
export const DAYS_MAX = 3_650;
export const DEFAULT_OPERATORS = 8;
/** Fewer households than this and the laundering typologies run out of distinct wallets. */
export const HOUSEHOLDS_MIN = 300;
/**
 * Legitimate transfers per household per day that the model produces (measured; it includes the
 * household's share of payroll, rent and supplier payments). Sizes the population so that the
 * requested count is reached close to the end of the span.
 */
export const LEGIT_TRANSFERS_PER_HOUSEHOLD_DAY = 1.3;

export interface EconomyOptions {
  readonly seed: number;
  /** Exact number of transfers to generate. */
  readonly transfers: number;
  /** Share of transfers that are laundering, default 0.004. */
  readonly laundering_rate?: number;
  /** Relative weights of the typologies (missing ones count 1; 0 leaves one out). */
  readonly mix?: Partial<Record<Typology, number>>;
  /** Simulated span in days, default 182 (shortened if the population would be too small). */
  readonly days?: number;
  /**
   * Days before the first laundering instance may start: default 21, or a fifth of short spans, so that
   * rules have history. A live demo sets it near 0 so that laundering appears within minutes.
   */
  readonly warmup_days?: number;
  readonly start_ms?: number;
  readonly operators?: number;
  readonly limits?: WalletLimits;
  readonly currency?: string;
}

export interface ResolvedOptions {
  readonly seed: number;
  readonly transfers: number;
  readonly rate: number;
  readonly mix: Readonly<Record<Typology, number>>;
  readonly days: number;
  readonly warmupDays: number | undefined;
  readonly startMs: number;
  readonly operators: number;
  readonly households: number;
  readonly limits: WalletLimits;
  readonly currency: string;
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(message);
}

export function resolveOptions(options: EconomyOptions): ResolvedOptions {
  const { seed, transfers } = options;
  check(Number.isSafeInteger(seed) && seed >= 0, 'seed must be a non-negative safe integer');
  check(
    Number.isSafeInteger(transfers) && transfers >= 1 && transfers <= TRANSFERS_MAX,
    `transfers must be 1-${TRANSFERS_MAX}`,
  );
  const rate = options.laundering_rate ?? DEFAULT_LAUNDERING_RATE;
  check(
    Number.isFinite(rate) && rate >= 0 && rate <= LAUNDERING_RATE_MAX,
    `laundering_rate must be 0-${LAUNDERING_RATE_MAX}`,
  );
  const mix = {} as Record<Typology, number>;
  for (const t of TYPOLOGIES) mix[t] = 1;
  for (const [key, weight] of Object.entries(options.mix ?? {})) {
    check((TYPOLOGIES as readonly string[]).includes(key), `mix has an unknown typology "${key}"`);
    check(
      typeof weight === 'number' && Number.isFinite(weight) && weight >= 0,
      `mix weight of ${key} must be >= 0`,
    );
    mix[key as Typology] = weight as number;
  }
  let days = options.days ?? DEFAULT_DAYS;
  check(
    Number.isInteger(days) && days >= DAYS_MIN && days <= DAYS_MAX,
    `days must be ${DAYS_MIN}-${DAYS_MAX}`,
  );
  const operators = options.operators ?? DEFAULT_OPERATORS;
  check(
    Number.isInteger(operators) && operators >= 1 && operators <= OPERATORS.length,
    `operators must be 1-${OPERATORS.length}`,
  );
  const startMs = options.start_ms ?? DEFAULT_START_MS;
  check(Number.isSafeInteger(startMs), 'start_ms must be an integer');
  const legit = transfers * (1 - rate);
  let households = Math.round(legit / (days * LEGIT_TRANSFERS_PER_HOUSEHOLD_DAY));
  if (households < HOUSEHOLDS_MIN) {
    households = HOUSEHOLDS_MIN;
    days = Math.max(
      DAYS_MIN,
      Math.min(days, Math.ceil(legit / (households * LEGIT_TRANSFERS_PER_HOUSEHOLD_DAY))),
    );
  }
  const currency = options.currency ?? DEFAULT_CURRENCY;
  const warmupDays = options.warmup_days;
  check(
    warmupDays === undefined || (Number.isFinite(warmupDays) && warmupDays >= 0 && warmupDays < days),
    'warmup_days must be >= 0 and shorter than the span',
  );
  return {
    seed,
    transfers,
    rate,
    mix,
    days,
    warmupDays,
    startMs,
    operators,
    households,
    limits: options.limits ?? defaultWalletLimits(),
    currency,
  };
}
