import { SPEND_CATEGORIES } from './catalogue.ts';
import { buildFirms } from './firms.ts';
import { cumulative, Prng } from './prng.ts';
import { buildSocial } from './social.ts';
import { MS_PER_DAY } from './time.ts';
import { type Category, CORPORATE, OPERATORS, PERSONAL, WalletTable } from './wallets.ts';

/** Share of households per KYC category (1 verified in person ... 4 phone number only). */
export const CATEGORY_SHARES: Readonly<Record<Category, number>> = { 1: 0.03, 2: 0.32, 3: 0.2, 4: 0.45 };
/** Share of households whose wallet opens while the simulation runs (new users). */
export const LATE_OPENER_SHARE = 0.04;
/** Wallets opened once and left alone, as a share of households (many real wallets are). */
export const DORMANT_SHARE = 0.05;
/** Households per district; shopping and friendships are mostly local. */
export const HOUSEHOLDS_PER_DISTRICT = 400;
/** How long before the start the oldest wallets were opened (the pilots began years earlier). */
export const WALLET_AGE_MAX_DAYS = 3 * 365;

export type Sleep = 'awake' | 'forever' | 'light' | 'gift';

export interface Household {
  readonly wallet: number;
  readonly category: Category;
  readonly district: number;
  /** Multiplier on how often the household pays; 0 while asleep. */
  readonly activity: number;
  /** Multiplier on how much it pays. */
  readonly spend: number;
  readonly hasCar: boolean;
  /** The household's usual exchange in from its bank when the wallet runs low. */
  readonly topupFen: number;
  readonly sleep: Sleep;
  /** Shanghai day a sleeping wallet wakes on (light or gift), else -1. */
  readonly wakeDay: number;
  salaryFen: number;
  rentFen: number;
  /** Wallet that receives the rent, -1 when the household pays no rent through e-CNY. */
  landlord: number;
  rentDay: number;
  /** Household that sends the rent money minutes before the rent is paid (a spouse), or -1. */
  rentRelay: number;
  family: number[];
  friends: number[];
  supportTo: number;
  supportFen: number;
  supportDay: number;
  /** A firm the household pays monthly (school fees, insurance, a training course), or -1. */
  serviceFirm: number;
  serviceFen: number;
  serviceDay: number;
  /** Firms that pay this freelancer now and then, not on a payroll. */
  clients: number[];
  /** Moved to town when the wallet opened: a parent sends money, a deposit and rent go out. */
  mover: boolean;
  /** For labour contractors who pay their crew from a personal wallet. */
  workers: number[];
  wages: number[];
  wageDay: number;
}

export interface Employer {
  readonly wallet: number;
  readonly staff: number[];
  readonly payday: number;
  readonly suppliers: number[];
  readonly supplyFen: number;
  readonly supplyDay: number;
}

export interface Merchant {
  readonly wallet: number;
  /** Index in SPEND_CATEGORIES, or -1 for a property manager. */
  readonly category: number;
  readonly district: number;
  readonly suppliers: number[];
  readonly supplyWeekday: number;
  /** Share of the week's takings paid on to suppliers. */
  readonly supplyShare: number;
}

export interface Supplier {
  readonly wallet: number;
  readonly upstream: number;
  readonly upstreamShare: number;
  readonly payDay: number;
}

export interface ReservedWallet {
  readonly category: Category;
  readonly openedMs: number;
}

export interface PopulationParams {
  readonly seed: number;
  readonly households: number;
  readonly startMs: number;
  readonly days: number;
  readonly operators: number;
  /** Wallets the laundering plan needs opened at given times (new wallets, dormant wallets). */
  readonly reserved: readonly ReservedWallet[];
}

export interface Population {
  readonly wallets: WalletTable;
  readonly households: readonly Household[];
  /** households[i].wallet -> i, -1 for wallets that are not households. */
  readonly householdOf: Int32Array;
  readonly employers: readonly Employer[];
  readonly merchants: readonly Merchant[];
  readonly suppliers: readonly Supplier[];
  readonly shells: readonly number[];
  readonly districts: number;
  /** Per spend category and district, merchant wallets and running popularity weights. */
  readonly shops: readonly (readonly { readonly wallets: number[]; readonly weights: Float64Array }[])[];
  /** Wallets for the laundering plan, in the order of params.reserved. */
  readonly reserved: readonly number[];
}

export interface HouseholdDraft {
  wallet: number;
  category: Category;
  district: number;
  activity: number;
  spend: number;
  hasCar: boolean;
  topupFen: number;
  sleep: Sleep;
  wakeDay: number;
}

const CATEGORY_ACTIVITY: Readonly<Record<Category, number>> = { 1: 1.3, 2: 1.2, 3: 0.9, 4: 0.7 };
const CATEGORY_SPEND: Readonly<Record<Category, number>> = { 1: 1.5, 2: 1.2, 3: 0.9, 4: 0.7 };
const CATEGORY_TOPUP_YUAN: Readonly<Record<Category, number>> = { 1: 3_000, 2: 2_000, 3: 1_000, 4: 500 };
const CATEGORY_CAR: Readonly<Record<Category, number>> = { 1: 0.5, 2: 0.35, 3: 0.15, 4: 0.05 };
const CATEGORY_OPENING_YUAN: Readonly<Record<Category, number>> = { 1: 5_000, 2: 2_000, 3: 800, 4: 300 };
/** Well inside every category's balance cap, whatever the draw. */
const CATEGORY_OPENING_MAX_YUAN: Readonly<Record<Category, number>> = {
  1: 100_000,
  2: 50_000,
  3: 8_000,
  4: 4_000,
};
const SHARE_CUMULATIVE = cumulative([
  CATEGORY_SHARES[1],
  CATEGORY_SHARES[2],
  CATEGORY_SHARES[3],
  CATEGORY_SHARES[4],
]);

function roundYuan(yuan: number, step: number): number {
  return Math.max(step, Math.round(yuan / step) * step) * 100;
}

export function buildPopulation(params: PopulationParams): Population {
  const rng = Prng.stream(params.seed, 'population');
  const wallets = new WalletTable();
  const operatorCount = Math.max(1, Math.min(OPERATORS.length, params.operators));
  const operatorWeights = cumulative(OPERATORS.slice(0, operatorCount).map(([, w]) => w));
  const operator = (): number => rng.pickCumulative(operatorWeights);
  const districts = Math.max(1, Math.round(params.households / HOUSEHOLDS_PER_DISTRICT));
  const startDay = Math.floor(params.startMs / MS_PER_DAY);
  const oldOpening = (minAgeDays: number): number =>
    params.startMs - rng.uniform(minAgeDays, WALLET_AGE_MAX_DAYS) * MS_PER_DAY;

  const drafts: HouseholdDraft[] = [];
  const dormantCount = Math.round(params.households * DORMANT_SHARE);
  for (let i = 0; i < params.households + dormantCount; i += 1) {
    const dormant = i >= params.households;
    const category = (
      dormant ? rng.pick([2, 2, 3, 3, 4, 4]) : rng.pickCumulative(SHARE_CUMULATIVE) + 1
    ) as Category;
    const late = !dormant && rng.chance(LATE_OPENER_SHARE);
    const openedMs = late
      ? params.startMs + rng.uniform(1, params.days * 0.9) * MS_PER_DAY
      : oldOpening(dormant ? 180 : 1);
    const drawOpening = (): number =>
      roundYuan(
        Math.min(CATEGORY_OPENING_MAX_YUAN[category], rng.logNormal(CATEGORY_OPENING_YUAN[category], 0.6)),
        100,
      );
    const opening = dormant || late ? 0 : drawOpening();
    const wallet = wallets.add(PERSONAL, category, operator(), openedMs, null, opening);
    let sleep: Sleep = 'awake';
    let wakeDay = -1;
    if (dormant) {
      const roll = rng.float();
      sleep = roll < 0.6 ? 'forever' : roll < 0.85 || category !== 2 ? 'light' : 'gift';
      if (sleep !== 'forever') wakeDay = startDay + Math.floor(rng.uniform(0.35, 1) * params.days);
    }
    drafts.push({
      wallet,
      category,
      district: rng.int(districts),
      activity: dormant ? 0 : CATEGORY_ACTIVITY[category] * rng.logNormal(1, 0.5),
      spend: CATEGORY_SPEND[category] * rng.logNormal(1, 0.35),
      hasCar: rng.chance(CATEGORY_CAR[category]),
      topupFen: roundYuan(rng.logNormal(CATEGORY_TOPUP_YUAN[category], 0.4), 100),
      sleep,
      wakeDay,
    });
  }

  const households: Household[] = drafts.map((d) => ({
    ...d,
    salaryFen: 0,
    rentFen: 0,
    landlord: -1,
    rentDay: 1,
    rentRelay: -1,
    family: [],
    friends: [],
    supportTo: -1,
    supportFen: 0,
    supportDay: 1,
    serviceFirm: -1,
    serviceFen: 0,
    serviceDay: 1,
    clients: [],
    mover: false,
    workers: [],
    wages: [],
    wageDay: 1,
  }));

  const firms = buildFirms(rng, wallets, households, { districts, operator, oldOpening });
  buildSocial(rng, households, firms.personalLandlords);
  markMovers(rng, households, wallets, params.startMs);

  const shells: number[] = [];
  const shellCount = Math.max(2, Math.round(params.households / 800));
  for (let i = 0; i < shellCount; i += 1)
    shells.push(wallets.add(CORPORATE, 0, operator(), oldOpening(60), null));

  const reserved = params.reserved.map((r) =>
    wallets.add(PERSONAL, r.category, operator(), r.openedMs, null, r.openedMs < params.startMs ? 10_000 : 0),
  );

  wallets.seal(params.seed);
  const householdOf = new Int32Array(wallets.count).fill(-1);
  households.forEach((h, i) => {
    householdOf[h.wallet] = i;
  });
  return {
    wallets,
    households,
    householdOf,
    employers: firms.employers,
    merchants: firms.merchants,
    suppliers: firms.suppliers,
    shells,
    districts,
    shops: buildShops(rng, firms.merchants, districts),
    reserved,
  };
}

/** Share of new users (categories 2-3) who open their wallet because they moved to town. */
const MOVER_SHARE = 0.35;

function markMovers(rng: Prng, households: Household[], wallets: WalletTable, startMs: number): void {
  const landlords = households.filter((h) => h.sleep === 'awake' && h.category <= 2).map((h) => h.wallet);
  for (const h of households) {
    const late = wallets.openedMs[h.wallet]! >= startMs;
    if (!late || h.sleep !== 'awake' || (h.category !== 2 && h.category !== 3)) continue;
    const parent = h.family.find((f) => households[f]!.category <= 2);
    if (parent === undefined || !rng.chance(MOVER_SHARE)) continue;
    h.mover = true;
    const yuan = Math.min(h.category === 3 ? 2_400 : 6_000, rng.logNormal(2_200, 0.3));
    h.rentFen = Math.round(yuan / 100) * 100 * 100;
    h.landlord = rng.pick(landlords.filter((l) => l !== h.wallet));
    h.rentDay = rng.between(1, 5);
  }
}

function buildShops(
  rng: Prng,
  merchants: readonly Merchant[],
  districts: number,
): { wallets: number[]; weights: Float64Array }[][] {
  return SPEND_CATEGORIES.map((category, c) => {
    const ofCategory = merchants.filter((m) => m.category === c);
    const perDistrict: { wallets: number[]; weights: Float64Array }[] = [];
    for (let d = 0; d < districts; d += 1) {
      const local = category.perHouseholds === 0 ? ofCategory : ofCategory.filter((m) => m.district === d);
      const chosen = local.length > 0 ? local : ofCategory;
      // Zipf-like popularity: a few busy shops, many quiet ones.
      perDistrict.push({
        wallets: chosen.map((m) => m.wallet),
        weights: cumulative(chosen.map(() => 1 / (0.05 + rng.float()) ** 0.7)),
      });
    }
    return perDistrict;
  });
}
