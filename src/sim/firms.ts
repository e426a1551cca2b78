import { RENTAL_MCC, SPEND_CATEGORIES } from './catalogue.ts';
import type { Employer, Household, Merchant, Supplier } from './population.ts';
import type { Prng } from './prng.ts';
import { type Category, CORPORATE, MERCHANT, type WalletTable } from './wallets.ts';

/** Share of households in each category paid a salary into their wallet (bank-linked ones only). */
const SALARIED: Readonly<Record<Category, number>> = { 1: 0.85, 2: 0.7, 3: 0, 4: 0 };
/** Share of households in each category that pay rent from their wallet. */
const RENTING: Readonly<Record<Category, number>> = { 1: 0.2, 2: 0.4, 3: 0.35, 4: 0 };
const SALARY_MEDIAN_YUAN = 7_000;
const SALARY_MIN_YUAN = 2_500;
const SALARY_MAX_YUAN = 60_000;
const RENT_MEDIAN_YUAN = 2_800;
/** Rent paid by a category-3 wallet stays under its single-payment limit of 5,000. */
const RENT_MAX_CATEGORY_3_YUAN = 4_800;
const SHARE_PERSONAL_LANDLORD = 0.55;
const TENANTS_PER_PROPERTY_MANAGER = 60;
/** Employer sizes follow a Pareto law: many small firms, a few with hundreds on the payroll. */
const EMPLOYER_PARETO_ALPHA = 1.1;
const EMPLOYER_MIN_STAFF = 3;

export interface FirmContext {
  readonly districts: number;
  readonly operator: () => number;
  readonly oldOpening: (minAgeDays: number) => number;
}

export interface Firms {
  readonly employers: Employer[];
  readonly merchants: Merchant[];
  readonly suppliers: Supplier[];
  readonly personalLandlords: number[];
}

function payday(rng: Prng): number {
  const roll = rng.float();
  if (roll < 0.35) return 10;
  if (roll < 0.6) return 15;
  if (roll < 0.85) return 5;
  return 31;
}

export function buildFirms(
  rng: Prng,
  wallets: WalletTable,
  households: Household[],
  ctx: FirmContext,
): Firms {
  const awake = households.map((h, i) => ({ h, i })).filter(({ h }) => h.sleep === 'awake');
  const merchants: Merchant[] = [];
  SPEND_CATEGORIES.forEach((category, c) => {
    const count =
      category.perHouseholds > 0
        ? Math.max(1, Math.round(awake.length / category.perHouseholds))
        : category.fixedCount;
    for (let i = 0; i < count; i += 1) {
      merchants.push({
        wallet: wallets.add(MERCHANT, 0, ctx.operator(), ctx.oldOpening(30), category.mcc),
        category: c,
        district: i % ctx.districts,
        suppliers: [],
        supplyWeekday: rng.between(1, 5),
        supplyShare: rng.uniform(0.3, 0.6),
      });
    }
  });

  const workers: number[] = [];
  for (const { h, i } of awake) {
    if (!rng.chance(SALARIED[h.category])) continue;
    const yuan = Math.min(
      SALARY_MAX_YUAN,
      Math.max(SALARY_MIN_YUAN, rng.logNormal(SALARY_MEDIAN_YUAN, 0.45)),
    );
    h.salaryFen = Math.round(yuan * 100);
    workers.push(i);
  }
  rng.shuffle(workers);

  const employers: Employer[] = [];
  const supplyFen = (): number =>
    Math.round(Math.min(500_000, Math.max(1_000, rng.logNormal(20_000, 1))) * 100);
  for (const m of merchants) {
    if (workers.length === 0 || !rng.chance(0.35)) continue;
    const staff = workers.splice(0, rng.between(1, 4));
    employers.push({
      wallet: m.wallet,
      staff,
      payday: payday(rng),
      suppliers: [],
      supplyFen: 0,
      supplyDay: 1,
    });
  }
  const maxStaff = Math.max(20, Math.round(workers.length * 0.12));
  while (workers.length > 0) {
    const size = Math.min(
      maxStaff,
      Math.floor(EMPLOYER_MIN_STAFF / (1 - rng.float()) ** (1 / EMPLOYER_PARETO_ALPHA)),
    );
    employers.push({
      wallet: wallets.add(CORPORATE, 0, ctx.operator(), ctx.oldOpening(60), null),
      staff: workers.splice(0, size),
      payday: payday(rng),
      suppliers: [],
      supplyFen: supplyFen(),
      supplyDay: rng.between(18, 28),
    });
  }

  const suppliers: Supplier[] = [];
  const supplierCount = Math.max(3, Math.round((merchants.length + employers.length) / 8));
  for (let i = 0; i < supplierCount; i += 1) {
    suppliers.push({
      wallet: wallets.add(CORPORATE, 0, ctx.operator(), ctx.oldOpening(60), null),
      upstream: i > 0 && rng.chance(0.5) ? suppliers[rng.int(i)]!.wallet : -1,
      upstreamShare: rng.uniform(0.2, 0.5),
      payDay: rng.between(20, 28),
    });
  }
  for (const m of merchants) {
    for (let k = rng.between(1, 2); k > 0; k -= 1) m.suppliers.push(rng.pick(suppliers).wallet);
  }
  for (const e of employers) {
    if (e.supplyFen === 0) continue;
    for (let k = rng.between(0, 2); k > 0; k -= 1) e.suppliers.push(rng.pick(suppliers).wallet);
  }

  const personalLandlords = assignRents(rng, wallets, households, merchants, ctx);
  assignServices(rng, households, [
    ...employers.filter((e) => e.supplyFen > 0).map((e) => e.wallet),
    ...suppliers.map((s) => s.wallet),
  ]);
  return { employers, merchants, suppliers, personalLandlords };
}

/** Households paying a firm monthly (fees, premiums) and freelancers paid by client firms. */
const SERVICE_SHARE = 0.15;
const FREELANCER_SHARE = 0.05;

function assignServices(rng: Prng, households: Household[], firms: readonly number[]): void {
  if (firms.length === 0) return;
  for (const h of households) {
    if (h.sleep !== 'awake' || h.category === 4) continue;
    if (rng.chance(SERVICE_SHARE)) {
      h.serviceFirm = rng.pick(firms);
      const yuan = Math.min(h.category === 3 ? 4_000 : 20_000, rng.logNormal(900, 0.6));
      h.serviceFen = Math.max(50, Math.round(yuan)) * 100;
      h.serviceDay = rng.between(1, 28);
    }
    if (h.salaryFen === 0 && rng.chance(FREELANCER_SHARE)) {
      for (let k = rng.between(2, 4); k > 0; k -= 1) h.clients.push(rng.pick(firms));
    }
  }
}

function assignRents(
  rng: Prng,
  wallets: WalletTable,
  households: Household[],
  merchants: Merchant[],
  ctx: FirmContext,
): number[] {
  const renters: number[] = [];
  households.forEach((h, i) => {
    if (h.sleep === 'awake' && rng.chance(RENTING[h.category])) renters.push(i);
  });
  const renterSet = new Set(renters);
  const landlordPool = households
    .map((h, i) => ({ h, i }))
    .filter(({ h, i }) => h.sleep === 'awake' && (h.category === 1 || h.category === 2) && !renterSet.has(i))
    .map(({ i }) => i);
  rng.shuffle(landlordPool);

  const toManagers: number[] = [];
  const personalLandlords: number[] = [];
  let landlord = -1;
  let slots = 0;
  for (const r of renters) {
    const h = households[r]!;
    let yuan = rng.logNormal(RENT_MEDIAN_YUAN * Math.sqrt(h.spend), 0.35);
    if (h.category === 3) yuan = Math.min(yuan, RENT_MAX_CATEGORY_3_YUAN);
    h.rentFen = Math.max(500, Math.round(yuan / 100) * 100) * 100;
    h.rentDay = rng.chance(0.6) ? 1 : rng.between(2, 5);
    if (rng.chance(SHARE_PERSONAL_LANDLORD) && landlordPool.length > 0) {
      if (slots === 0) {
        landlord = landlordPool.pop()!;
        personalLandlords.push(landlord);
        slots = rng.between(1, 3);
      }
      h.landlord = households[landlord]!.wallet;
      slots -= 1;
    } else {
      toManagers.push(r);
    }
  }
  const managerCount = Math.ceil(toManagers.length / TENANTS_PER_PROPERTY_MANAGER);
  const managers: number[] = [];
  for (let i = 0; i < managerCount; i += 1) {
    const wallet = wallets.add(MERCHANT, 0, ctx.operator(), ctx.oldOpening(60), RENTAL_MCC);
    managers.push(wallet);
    merchants.push({
      wallet,
      category: -1,
      district: rng.int(ctx.districts),
      suppliers: [],
      supplyWeekday: 0,
      supplyShare: 0,
    });
  }
  for (const r of toManagers) households[r]!.landlord = rng.pick(managers);
  return personalLandlords;
}
