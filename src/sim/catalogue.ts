import { cumulative, type Prng } from './prng.ts';
import { MS_PER_HOUR } from './time.ts';

/**
 * What households buy and when. Rates are payments per household per 30 days for an average
 * household (each household scales them by its own activity); amounts are log-normal around a
 * median in CNY; `perHouseholds` sets how many merchants of the category a town of that many
 * households has (0: a fixed count of town-wide providers).
 */
export type RoundingStyle =
  | 'fen' // supermarket totals: 87.35
  | 'jiao' // taxi meters: 32.60
  | 'yuan' // restaurants, markets: 86
  | 'price' // shop prices ending in 9: 199, 4,999
  | 'fifty' // fuel fill-ups, phone credit: 200, 300
  | 'fare'; // metro and bus fares: 2-7 yuan

export type HourProfile = 'shop' | 'meals' | 'commute' | 'daytime' | 'allday' | 'social' | 'office' | 'night';

export interface SpendCategory {
  readonly name: string;
  readonly mcc: string;
  readonly ratePer30Days: number;
  readonly medianYuan: number;
  readonly sigma: number;
  readonly maxYuan: number;
  readonly style: RoundingStyle;
  readonly profile: HourProfile;
  /** Multiplier on rest days (weekends, holidays). */
  readonly restDay: number;
  readonly perHouseholds: number;
  /** Town-wide providers when perHouseholds is 0. */
  readonly fixedCount: number;
  /** Only households with a car buy it. */
  readonly carOnly: boolean;
  readonly travel: boolean;
}

function cat(
  name: string,
  mcc: string,
  ratePer30Days: number,
  medianYuan: number,
  sigma: number,
  maxYuan: number,
  style: RoundingStyle,
  profile: HourProfile,
  restDay: number,
  perHouseholds: number,
  extra: Partial<Pick<SpendCategory, 'fixedCount' | 'carOnly' | 'travel'>> = {},
): SpendCategory {
  return {
    name,
    mcc,
    ratePer30Days,
    medianYuan,
    sigma,
    maxYuan,
    style,
    profile,
    restDay,
    perHouseholds,
    fixedCount: extra.fixedCount ?? 0,
    carOnly: extra.carOnly ?? false,
    travel: extra.travel ?? false,
  };
}

export const SPEND_CATEGORIES: readonly SpendCategory[] = [
  cat('groceries', '5411', 5, 68, 0.7, 1_500, 'fen', 'shop', 1.4, 150),
  cat('convenience', '5499', 4, 18, 0.6, 300, 'fen', 'allday', 1.1, 120),
  cat('restaurants', '5812', 4, 85, 0.7, 2_000, 'yuan', 'meals', 1.5, 80),
  cat('fast_food', '5814', 4, 28, 0.5, 300, 'yuan', 'meals', 1.1, 120),
  cat('metro_bus', '4111', 7, 4, 0, 7, 'fare', 'commute', 0.5, 0, { fixedCount: 2, travel: true }),
  cat('taxi', '4121', 1.5, 32, 0.6, 600, 'jiao', 'night', 1.2, 0, { fixedCount: 4, travel: true }),
  cat('fuel', '5541', 3.5, 280, 0.3, 800, 'fifty', 'daytime', 1.2, 600, { carOnly: true, travel: true }),
  cat('utilities', '4900', 1, 180, 0.5, 1_500, 'fen', 'daytime', 0.8, 0, { fixedCount: 3 }),
  cat('telecom', '4814', 1, 100, 0.4, 400, 'fifty', 'daytime', 1, 0, { fixedCount: 3 }),
  cat('pharmacy', '5912', 0.6, 45, 0.8, 2_000, 'fen', 'daytime', 1, 400),
  cat('clothing', '5651', 0.7, 260, 0.7, 5_000, 'price', 'daytime', 1.8, 300),
  cat('electronics', '5732', 0.12, 900, 1.0, 20_000, 'price', 'daytime', 1.6, 800),
  cat('department', '5311', 0.8, 150, 0.8, 5_000, 'price', 'daytime', 1.7, 700),
  cat('cinema', '7832', 0.4, 80, 0.4, 400, 'yuan', 'night', 2.2, 1_500),
  cat('hairdresser', '7230', 0.4, 60, 0.5, 800, 'yuan', 'daytime', 1.6, 300),
];

/** Rent to a property manager is paid to a merchant wallet with this MCC (real estate rentals). */
export const RENTAL_MCC = '6513';

/** Weights per local hour, 0-23: almost nothing at 3am, peaks at meals and after work. */
const HOUR_WEIGHTS: Readonly<Record<HourProfile, readonly number[]>> = {
  shop: [
    0.2, 0.1, 0.05, 0.03, 0.03, 0.1, 0.5, 1.5, 2.5, 3, 3.5, 3.5, 3, 2.5, 2.5, 2.8, 3.5, 5, 6, 5.5, 4, 2.5,
    1.2, 0.5,
  ],
  meals: [0.4, 0.2, 0.1, 0.05, 0.05, 0.2, 1.5, 3, 2, 1, 2, 6, 8, 4, 1.5, 1, 1.5, 4, 7, 6, 3.5, 2, 1.2, 0.7],
  commute: [
    0.1, 0.05, 0.02, 0.02, 0.05, 0.5, 3, 8, 9, 4, 2, 2, 2.5, 2, 2, 2.5, 3.5, 7, 8, 4, 2.5, 2, 1.2, 0.5,
  ],
  daytime: [
    0.1, 0.05, 0.02, 0.02, 0.02, 0.05, 0.3, 1, 2, 3.5, 4, 4, 3.5, 3.5, 4, 4, 4, 4, 4, 4.5, 4.5, 3.5, 2, 0.6,
  ],
  allday: [
    1, 0.6, 0.3, 0.2, 0.2, 0.4, 1.5, 3.5, 3.5, 2.5, 2.5, 3, 3.5, 3, 2.5, 2.5, 3, 3.5, 3.5, 3.5, 3.5, 3, 2.2,
    1.5,
  ],
  social: [
    0.8, 0.4, 0.15, 0.05, 0.05, 0.1, 0.4, 1.2, 1.8, 2, 2.2, 2.8, 3.2, 2.4, 2, 2, 2.2, 2.8, 3.4, 4.2, 5, 5, 4,
    2,
  ],
  office: [0, 0, 0, 0, 0, 0, 0.05, 0.5, 3, 6, 7, 6, 3, 4, 6, 6, 5, 3, 1, 0.3, 0.05, 0, 0, 0],
  night: [
    1.5, 1, 0.4, 0.2, 0.2, 0.4, 1, 2.5, 3, 2, 1.5, 1.5, 2, 1.5, 1.5, 1.5, 2, 3, 3.5, 3.5, 3.5, 3.5, 3, 2.2,
  ],
};
/** On rest days people sleep in: morning rush flattened, late evening livelier. */
const REST_DAY_WEIGHTS: Readonly<Partial<Record<HourProfile, readonly number[]>>> = {
  commute: [
    0.3, 0.2, 0.05, 0.02, 0.02, 0.1, 0.5, 1, 2, 3, 4, 4, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3, 2.5, 2, 1.5,
    0.8,
  ],
  shop: [
    0.3, 0.15, 0.05, 0.03, 0.03, 0.1, 0.4, 1.2, 2.5, 4, 5, 5, 4, 3.5, 3.5, 4, 4.5, 5, 5.5, 5, 4, 2.8, 1.5,
    0.6,
  ],
};

const PROFILES = Object.keys(HOUR_WEIGHTS) as HourProfile[];
const WORKDAY_CUMULATIVE = new Map<HourProfile, Float64Array>(
  PROFILES.map((p) => [p, cumulative(HOUR_WEIGHTS[p])]),
);
const REST_CUMULATIVE = new Map<HourProfile, Float64Array>(
  PROFILES.map((p) => [p, cumulative(REST_DAY_WEIGHTS[p] ?? HOUR_WEIGHTS[p])]),
);

/** Milliseconds after local midnight, following the profile's hourly rhythm. */
export function timeOfDay(rng: Prng, profile: HourProfile, restDay: boolean): number {
  const table = (restDay ? REST_CUMULATIVE : WORKDAY_CUMULATIVE).get(profile)!;
  const hour = rng.pickCumulative(table);
  return hour * MS_PER_HOUR + rng.int(MS_PER_HOUR);
}

const FEN_PER_YUAN = 100;
const FARES_YUAN = [2, 2, 3, 3, 3, 4, 4, 5, 6, 7] as const;

/** Rounds a drawn amount (fen) the way people pay in that setting; never below one fen. */
export function roundAs(rng: Prng, fen: number, style: RoundingStyle): number {
  switch (style) {
    case 'fen':
      return Math.max(1, Math.round(fen));
    case 'jiao':
      return Math.max(10, Math.round(fen / 10) * 10);
    case 'yuan':
      return Math.max(FEN_PER_YUAN, Math.round(fen / FEN_PER_YUAN) * FEN_PER_YUAN);
    case 'fifty':
      return Math.max(50 * FEN_PER_YUAN, Math.round(fen / 5_000) * 5_000);
    case 'fare':
      return rng.pick(FARES_YUAN) * FEN_PER_YUAN;
    case 'price': {
      // Shop prices: 59, 199, 1,299, 4,999; the occasional odd total after a discount.
      const yuan = fen / FEN_PER_YUAN;
      if (rng.chance(0.2)) return Math.max(FEN_PER_YUAN, Math.round(yuan) * FEN_PER_YUAN);
      const step = yuan < 100 ? 10 : yuan < 1_000 ? 100 : 1_000;
      const price = Math.max(1, Math.round(yuan / step)) * step - 1;
      return Math.max(9, price) * FEN_PER_YUAN;
    }
  }
}

export function spendAmount(rng: Prng, category: SpendCategory, scale: number): number {
  const yuan = Math.min(category.maxYuan, rng.logNormal(category.medianYuan * scale, category.sigma));
  return roundAs(rng, yuan * FEN_PER_YUAN, category.style);
}
