import { timeOfDay } from './catalogue.ts';
import { type Intent, intent, Purpose } from './intent.ts';
import type { DayRates } from './legit-households.ts';
import type { Population } from './population.ts';
import type { Prng } from './prng.ts';
import { MS_PER_SECOND } from './time.ts';

/** Smallest supplier payment worth making (fen); smaller takings wait for the next week. */
const SUPPLY_MIN_FEN = 500 * 100;
/** Day of the month shell companies make their cover payments. */
const SHELL_PAY_DAY = 25;

export interface FirmDayContext {
  readonly pop: Population;
  readonly rng: Prng;
  /** Takings per wallet since it last paid its own suppliers. */
  readonly revenue: Float64Array;
  readonly push: (intent: Intent) => void;
}

function isPayday(day: DayRates, payday: number): boolean {
  const { dayOfMonth, daysInMonth } = day.info.date;
  return dayOfMonth === Math.min(payday, daysInMonth);
}

function officeTime(ctx: FirmDayContext, day: DayRates): number {
  return day.startMs + timeOfDay(ctx.rng, 'office', false);
}

/** Payroll runs, supplier payments and takings passed up the supply chain for one day. */
export function firmsDay(ctx: FirmDayContext, day: DayRates): void {
  const { pop, rng, revenue } = ctx;
  for (const e of pop.employers) {
    if (isPayday(day, e.payday) && e.staff.length > 0) {
      // The whole payroll goes out in one batch, a second or two apart: an honest fan-out.
      const amounts = e.staff.map((s) =>
        Math.max(100, Math.round(pop.households[s]!.salaryFen * (1 + 0.03 * rng.normal()))),
      );
      const total = amounts.reduce((a, b) => a + b, 0);
      let ts = officeTime(ctx, day);
      e.staff.forEach((s, i) => {
        ctx.push(
          intent(Purpose.Salary, ts, e.wallet, pop.households[s]!.wallet, amounts[i]!, i === 0 ? total : 0),
        );
        ts += Math.floor(rng.uniform(0.2, 2) * MS_PER_SECOND);
      });
    }
    if (e.supplyFen > 0 && e.suppliers.length > 0 && day.info.date.dayOfMonth === e.supplyDay) {
      for (const s of e.suppliers) {
        const fen = Math.round((e.supplyFen * rng.uniform(0.7, 1.3)) / e.suppliers.length / 100) * 100;
        ctx.push(intent(Purpose.Business, officeTime(ctx, day), e.wallet, s, fen, fen));
      }
    }
  }
  for (const m of pop.merchants) {
    if (m.supplyShare === 0 || m.suppliers.length === 0 || day.info.weekday !== m.supplyWeekday) continue;
    const fen = Math.floor((revenue[m.wallet]! * m.supplyShare) / m.suppliers.length / 100) * 100;
    if (fen < SUPPLY_MIN_FEN) continue;
    revenue[m.wallet] = 0;
    for (const s of m.suppliers)
      ctx.push(intent(Purpose.Business, officeTime(ctx, day), m.wallet, s, fen, fen));
  }
  for (const s of pop.suppliers) {
    if (s.upstream < 0 || day.info.date.dayOfMonth !== s.payDay) continue;
    const fen = Math.floor((revenue[s.wallet]! * s.upstreamShare) / 100) * 100;
    if (fen < SUPPLY_MIN_FEN) continue;
    revenue[s.wallet] = 0;
    ctx.push(intent(Purpose.Business, officeTime(ctx, day), s.wallet, s.upstream, fen, fen));
  }
  if (day.info.date.dayOfMonth === SHELL_PAY_DAY && pop.suppliers.length > 0) {
    // Shell companies keep up a little ordinary-looking trade between uses.
    for (const shell of pop.shells) {
      const fen = Math.round(Math.min(200_000, rng.logNormal(15_000, 0.8))) * 100;
      ctx.push(
        intent(Purpose.Business, officeTime(ctx, day), shell, rng.pick(pop.suppliers).wallet, fen, fen),
      );
    }
  }
}
