import { timeOfDay } from './catalogue.ts';
import { type Intent, intent, Purpose } from './intent.ts';
import type { DayRates } from './legit-households.ts';
import type { Household, Population } from './population.ts';
import { cumulative, type Prng } from './prng.ts';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from './time.ts';

/**
 * Honest traffic that looks like laundering to a careless rule: wedding gifts (a fan-in of
 * hundreds to thousands of yuan), loans repaid weeks later (a two-wallet cycle), bills split
 * among friends (a fan-in of small sums). Payroll runs, contractors' wages, rent relayed by a
 * relative and a dormant wallet woken by a gift are generated with the households and firms.
 */
export const WEDDINGS_PER_HOUSEHOLD_YEAR = 0.012;
export const LOANS_PER_HOUSEHOLD_YEAR = 0.04;
export const SPLIT_BILLS_PER_HOUSEHOLD_30_DAYS = 0.15;
const WEDDING_GUESTS_MIN = 8;
const WEDDING_GUESTS_MAX = 30;
const WEDDING_GIFT_YUAN = [200, 300, 500, 600, 666, 800, 888, 1_000, 1_200, 1_314, 1_666, 2_000];
const WEDDING_GIFT_WEIGHTS = cumulative([6, 4, 12, 10, 6, 8, 6, 8, 3, 2, 1, 2]);
const LOAN_MIN_YUAN = 2_000;
const LOAN_MAX_YUAN = 20_000;
const LOAN_TERM_MIN_DAYS = 7;
const LOAN_TERM_MAX_DAYS = 40;

export interface LookalikeContext {
  readonly pop: Population;
  readonly rng: Prng;
  /** Households that are awake (not dormant), for picking hosts and lenders. */
  readonly awake: readonly number[];
  readonly push: (intent: Intent) => void;
}

function contactsOf(h: Household): number[] {
  return [...h.family, ...h.friends];
}

function wedding(ctx: LookalikeContext, day: DayRates): void {
  const { pop, rng } = ctx;
  const host = pop.households[rng.pick(ctx.awake)]!;
  const circle = new Set<number>(contactsOf(host));
  for (const c of [...circle]) for (const cc of contactsOf(pop.households[c]!)) circle.add(cc);
  circle.delete(pop.householdOf[host.wallet]!);
  const guests = rng.shuffle([...circle]).slice(0, rng.between(WEDDING_GUESTS_MIN, WEDDING_GUESTS_MAX));
  for (const g of guests) {
    const guest = pop.households[g]!;
    const family = host.family.includes(g);
    let yuan = WEDDING_GIFT_YUAN[rng.pickCumulative(WEDDING_GIFT_WEIGHTS)]!;
    if (family) yuan = Math.max(yuan, WEDDING_GIFT_YUAN[rng.between(7, 11)]!);
    // Gifts arrive on the day of the banquet and the day after.
    const ts = day.startMs + rng.int(2) * MS_PER_DAY + timeOfDay(rng, 'meals', true);
    ctx.push(intent(Purpose.Wedding, ts, guest.wallet, host.wallet, yuan * 100));
  }
}

function loan(ctx: LookalikeContext, day: DayRates): void {
  const { pop, rng } = ctx;
  const lender = pop.households[rng.pick(ctx.awake)]!;
  if (lender.category > 2) return;
  const contacts = contactsOf(lender);
  if (contacts.length === 0) return;
  const borrower = pop.households[rng.pick(contacts)]!;
  const fen = Math.round(rng.logUniform(LOAN_MIN_YUAN, LOAN_MAX_YUAN) / 1_000) * 1_000 * 100;
  const ts = day.startMs + timeOfDay(rng, 'social', day.info.restDay);
  ctx.push(intent(Purpose.Loan, ts, lender.wallet, borrower.wallet, fen));
  const due = ts + Math.floor(rng.uniform(LOAN_TERM_MIN_DAYS, LOAN_TERM_MAX_DAYS) * MS_PER_DAY);
  if (rng.chance(0.7)) {
    ctx.push(intent(Purpose.Loan, due, borrower.wallet, lender.wallet, fen));
  } else {
    const half = Math.round(fen / 2 / 100) * 100;
    ctx.push(intent(Purpose.Loan, due, borrower.wallet, lender.wallet, half));
    ctx.push(intent(Purpose.Loan, due + 10 * MS_PER_DAY, borrower.wallet, lender.wallet, fen - half));
  }
}

function splitBill(ctx: LookalikeContext, day: DayRates): void {
  const { pop, rng } = ctx;
  const organiser = pop.households[rng.pick(ctx.awake)]!;
  if (organiser.friends.length < 3) return;
  const diners = rng.shuffle([...organiser.friends]).slice(0, rng.between(3, 10));
  const bill = rng.logNormal(600, 0.6) * 100;
  const share = Math.max(100, Math.round(bill / (diners.length + 1)));
  const ts = day.startMs + timeOfDay(rng, 'meals', day.info.restDay);
  for (const d of diners) {
    const delay = Math.floor(rng.uniform(10 * MS_PER_MINUTE, 6 * MS_PER_HOUR));
    ctx.push(intent(Purpose.PersonToPerson, ts + delay, pop.households[d]!.wallet, organiser.wallet, share));
  }
}

export function lookalikesDay(ctx: LookalikeContext, day: DayRates): void {
  const { rng } = ctx;
  const n = ctx.awake.length;
  if (n === 0) return;
  const weddingMean = ((n * WEDDINGS_PER_HOUSEHOLD_YEAR) / 365) * (day.info.restDay ? 2 : 0.6);
  for (let k = rng.poisson(weddingMean); k > 0; k -= 1) wedding(ctx, day);
  for (let k = rng.poisson((n * LOANS_PER_HOUSEHOLD_YEAR) / 365); k > 0; k -= 1) loan(ctx, day);
  for (let k = rng.poisson((n * SPLIT_BILLS_PER_HOUSEHOLD_30_DAYS) / 30); k > 0; k -= 1) splitBill(ctx, day);
}
