import { roundAs, SPEND_CATEGORIES, spendAmount, timeOfDay } from './catalogue.ts';
import { type Intent, intent, Purpose } from './intent.ts';
import type { Household, Population } from './population.ts';
import { cumulative, type Prng } from './prng.ts';
import { type DayInfo, MS_PER_DAY, MS_PER_MINUTE, MS_PER_SECOND } from './time.ts';

/** Person-to-person transfers per household per 30 days, outside festivals. */
export const P2P_PER_30_DAYS = 2.5;
/** Payments per client firm per 30 days to a freelancer, and their median (CNY). */
const GIG_PER_CLIENT_30_DAYS = 0.5;
const GIG_MEDIAN_YUAN = 2_000;
/** Share of ordinary person-to-person transfers that pay back an exact sum. */
const REIMBURSEMENT_SHARE = 0.08;
const REIMBURSEMENT_MAX_FEN = 2_000_000;
/** Share of purchases made in the household's own district. */
const LOCAL_SHOPPING_SHARE = 0.85;
/** Extra purchases on a new user's first day: trying the wallet out. */
const FIRST_DAY_PURCHASES_MAX = 4;
/** Activity of a dormant wallet once it has woken (it never becomes a heavy user). */
const WOKEN_ACTIVITY = 0.15;
const SHOPPING_SENSITIVE = new Set(['groceries', 'department', 'clothing', 'electronics']);

/** Red packet amounts (fen): lucky numbers, mostly small. */
const RED_PACKET_FEN = [
  666, 888, 6_600, 8_800, 10_000, 16_800, 18_800, 20_000, 28_800, 50_000, 66_600, 88_800, 100_000, 188_800,
  200_000,
];
const RED_PACKET_WEIGHTS = cumulative([3, 3, 10, 10, 12, 8, 6, 12, 5, 10, 5, 4, 4, 1, 1.5]);
const LOVE_DAY_FEN = [5_200, 52_000, 52_000, 131_400];

export interface DayRates {
  readonly info: DayInfo;
  readonly startMs: number;
  /** Purchases per day of an average household, and cumulative category weights (car / no car). */
  readonly withCar: Float64Array;
  readonly withoutCar: Float64Array;
}

export function dayRates(info: DayInfo, startMs: number): DayRates {
  const weights = SPEND_CATEGORIES.map((c) => {
    let w = c.ratePer30Days / 30;
    if (info.restDay) w *= c.restDay;
    if (SHOPPING_SENSITIVE.has(c.name)) w *= info.shopping;
    if (c.travel) w *= info.travel;
    return w;
  });
  return {
    info,
    startMs,
    withCar: cumulative(weights),
    withoutCar: cumulative(weights.map((w, i) => (SPEND_CATEGORIES[i]!.carOnly ? 0 : w))),
  };
}

export interface HouseholdContext {
  readonly pop: Population;
  readonly rng: Prng;
  readonly push: (intent: Intent) => void;
}

function purchase(
  ctx: HouseholdContext,
  h: Household,
  day: DayRates,
  cats: Float64Array,
  notBefore: number,
): void {
  const { rng, pop } = ctx;
  const c = rng.pickCumulative(cats);
  const category = SPEND_CATEGORIES[c]!;
  const district = rng.chance(LOCAL_SHOPPING_SHARE) ? h.district : rng.int(pop.districts);
  const shops = pop.shops[c]![district]!;
  const shop = shops.wallets[rng.pickCumulative(shops.weights)]!;
  let ts = day.startMs + timeOfDay(rng, category.profile, day.info.restDay);
  if (ts < notBefore) ts = notBefore + rng.int(Math.max(1, day.startMs + MS_PER_DAY - notBefore));
  ctx.push(intent(Purpose.Retail, ts, h.wallet, shop, spendAmount(rng, category, h.spend)));
}

function personToPerson(ctx: HouseholdContext, h: Household, day: DayRates): void {
  const { rng, pop } = ctx;
  const toFamily = h.family.length > 0 && (h.friends.length === 0 || rng.chance(0.55));
  const contacts = toFamily ? h.family : h.friends;
  if (contacts.length === 0) return;
  const other = pop.households[rng.pick(contacts)]!;
  const ts = day.startMs + timeOfDay(rng, 'social', day.info.restDay);
  let fen: number;
  if (day.info.redPackets > 1 && rng.chance(1 - 1 / day.info.redPackets)) {
    fen = RED_PACKET_FEN[rng.pickCumulative(RED_PACKET_WEIGHTS)]!;
  } else if (day.info.loveDay && toFamily && rng.chance(0.5)) {
    fen = rng.pick(LOVE_DAY_FEN);
  } else if (rng.chance(REIMBURSEMENT_SHARE)) {
    // Paying someone back the exact sum: a phone bought for you, your share of a trip or a bill.
    fen = Math.min(
      REIMBURSEMENT_MAX_FEN,
      roundAs(rng, rng.logNormal(900, 0.9) * 100, rng.chance(0.7) ? 'fen' : 'yuan'),
    );
  } else if (toFamily) {
    fen = Math.min(500_000, roundAs(rng, rng.logNormal(300, 0.9) * 10, 'yuan') * 10);
  } else {
    fen = roundAs(rng, rng.logNormal(70, 0.7) * 100, rng.chance(0.5) ? 'fen' : 'yuan');
  }
  ctx.push(intent(Purpose.PersonToPerson, ts, h.wallet, other.wallet, fen));
}

function monthly(ctx: HouseholdContext, h: Household, day: DayRates): void {
  const { rng, pop } = ctx;
  const dom = day.info.date.dayOfMonth;
  if (h.rentFen > 0 && dom === h.rentDay) {
    const ts = day.startMs + timeOfDay(rng, 'daytime', day.info.restDay);
    if (h.rentRelay >= 0) {
      const relayTs = ts - Math.floor(rng.uniform(3, 40) * MS_PER_MINUTE);
      ctx.push(
        intent(Purpose.PersonToPerson, relayTs, pop.households[h.rentRelay]!.wallet, h.wallet, h.rentFen),
      );
    }
    ctx.push(intent(Purpose.Rent, ts, h.wallet, h.landlord, h.rentFen));
  }
  if (h.serviceFirm >= 0 && dom === h.serviceDay) {
    const ts = day.startMs + timeOfDay(rng, 'daytime', day.info.restDay);
    ctx.push(intent(Purpose.Business, ts, h.wallet, h.serviceFirm, h.serviceFen));
  }
  for (let k = rng.poisson((h.clients.length * GIG_PER_CLIENT_30_DAYS) / 30); k > 0; k -= 1) {
    const fen = Math.round(rng.logNormal(GIG_MEDIAN_YUAN, 0.7) * 100);
    const ts = day.startMs + timeOfDay(rng, 'office', false);
    ctx.push(intent(Purpose.Business, ts, rng.pick(h.clients), h.wallet, fen, fen));
  }
  if (h.supportTo >= 0 && dom === h.supportDay) {
    const ts = day.startMs + timeOfDay(rng, 'social', day.info.restDay);
    ctx.push(intent(Purpose.PersonToPerson, ts, h.wallet, pop.households[h.supportTo]!.wallet, h.supportFen));
  }
  if (h.workers.length > 0 && dom === h.wageDay) {
    const amounts = h.wages.map((w) => Math.round((w * rng.uniform(0.9, 1.15)) / 1_000) * 1_000);
    const total = amounts.reduce((a, b) => a + b, 0);
    let ts = day.startMs + timeOfDay(rng, 'social', day.info.restDay);
    h.workers.forEach((worker, i) => {
      ctx.push(
        intent(
          Purpose.Salary,
          ts,
          h.wallet,
          pop.households[worker]!.wallet,
          amounts[i]!,
          i === 0 ? total : 0,
        ),
      );
      ts += Math.floor(rng.uniform(20, 180) * MS_PER_SECOND);
    });
  }
}

/** Everything one household means to pay on one day. */
export function householdDay(ctx: HouseholdContext, h: Household, day: DayRates): void {
  const { rng, pop } = ctx;
  if (h.sleep === 'forever') return;
  const opened = pop.wallets.openedMs[h.wallet]!;
  const dayEnd = day.startMs + MS_PER_DAY;
  if (opened >= dayEnd) return;
  const dayIndex = day.info.day;
  if (h.sleep !== 'awake' && dayIndex < h.wakeDay) return;
  const activity = h.sleep === 'awake' ? h.activity : dayIndex === h.wakeDay ? 1 : WOKEN_ACTIVITY;
  const cats = h.hasCar ? day.withCar : day.withoutCar;
  let n = rng.poisson(cats[cats.length - 1]! * activity);
  if (opened >= day.startMs) {
    n += rng.between(1, FIRST_DAY_PURCHASES_MAX);
    if (h.mover) moveIn(ctx, h, opened);
  }
  for (let k = 0; k < n; k += 1) purchase(ctx, h, day, cats, opened);
  if (h.sleep !== 'awake') {
    if (dayIndex === h.wakeDay && h.sleep === 'gift') wakeWithGift(ctx, h, day);
    return;
  }
  const p2p = rng.poisson((P2P_PER_30_DAYS / 30) * day.info.redPackets * Math.sqrt(activity));
  for (let k = 0; k < p2p; k += 1) personToPerson(ctx, h, day);
  monthly(ctx, h, day);
}

/**
 * A new wallet of someone who just moved to town (a look-alike of a new-wallet burst): a parent
 * sends the money, and within a day or so the deposit and the first month's rent go to the landlord.
 */
function moveIn(ctx: HouseholdContext, h: Household, opened: number): void {
  const { rng, pop } = ctx;
  const parent = pop.households[h.family.find((f) => pop.households[f]!.category <= 2)!]!;
  const fen = 2 * h.rentFen + rng.between(5, 30) * 10_000;
  const sent = opened + Math.floor(rng.uniform(10, 120) * MS_PER_MINUTE);
  ctx.push(intent(Purpose.PersonToPerson, sent, parent.wallet, h.wallet, fen, fen));
  const paid = sent + Math.floor(rng.uniform(1, 30) * 60 * MS_PER_MINUTE);
  ctx.push(intent(Purpose.Rent, paid, h.wallet, h.landlord, h.rentFen));
  ctx.push(
    intent(
      Purpose.Rent,
      paid + Math.floor(rng.uniform(1, 10) * MS_PER_MINUTE),
      h.wallet,
      h.landlord,
      h.rentFen,
    ),
  );
}

/**
 * A dormant wallet woken by a relative's large gift (a look-alike of a laundering wake-up); half
 * the time most of it goes on to one person within days (a deposit on a flat, a car).
 */
function wakeWithGift(ctx: HouseholdContext, h: Household, day: DayRates): void {
  const { rng, pop } = ctx;
  const givers = pop.households.filter((g) => g.sleep === 'awake' && g.category <= 2);
  if (givers.length === 0) return;
  const giver = rng.pick(givers);
  const fen = rng.between(10, 45) * 1_000 * 100;
  const ts = day.startMs + timeOfDay(rng, 'social', day.info.restDay);
  ctx.push(intent(Purpose.PersonToPerson, ts, giver.wallet, h.wallet, fen, fen));
  if (rng.chance(0.5)) {
    const seller = rng.pick(givers);
    const payout = Math.round((fen * rng.uniform(0.6, 0.95)) / 100_000) * 100_000;
    const later = ts + Math.floor(rng.uniform(1, 72) * 60 * MS_PER_MINUTE);
    if (seller !== giver && seller !== h)
      ctx.push(intent(Purpose.PersonToPerson, later, h.wallet, seller.wallet, payout));
  }
}
