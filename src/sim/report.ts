import type { TransferTable } from './table.ts';
import { MS_PER_DAY, SHANGHAI_OFFSET_MS, shanghaiDay, weekdayOf } from './time.ts';

/** Descriptive statistics of a run, for docs/simulator.md and for sanity checks. */
export interface DatasetStats {
  readonly wallets: Readonly<Record<string, number>>;
  readonly personal_categories: Readonly<Record<string, number>>;
  readonly transfers: number;
  readonly laundering: number;
  readonly span_days: number;
  /** Transfers by payer and payee kind ("personal>merchant": 0.71 ...), as shares. */
  readonly flows: Readonly<Record<string, number>>;
  /** Amount percentiles in CNY per flow and overall. */
  readonly amount_yuan: Readonly<Record<string, Readonly<Record<'p10' | 'p50' | 'p90' | 'p99', number>>>>;
  readonly whole_yuan_share: number;
  /** Share of transfers per local hour 0-23. */
  readonly by_hour: readonly number[];
  /** Mean transfers on a weekend day over a weekday. */
  readonly weekend_ratio: number;
  readonly typologies: Readonly<Record<string, { readonly instances: number; readonly transfers: number }>>;
}

const KINDS = ['personal', 'corporate', 'merchant'] as const;

function percentiles(values: Float64Array): Record<'p10' | 'p50' | 'p90' | 'p99', number> {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number): number =>
    sorted.length === 0 ? 0 : sorted[Math.floor(q * (sorted.length - 1))]! / 100;
  return { p10: at(0.1), p50: at(0.5), p90: at(0.9), p99: at(0.99) };
}

export function datasetStats(t: TransferTable): DatasetStats {
  const wallets: Record<string, number> = { total: t.walletIds.length };
  const categories: Record<string, number> = {};
  for (let w = 0; w < t.walletIds.length; w += 1) {
    const kind = KINDS[t.kind[w]!]!;
    wallets[kind] = (wallets[kind] ?? 0) + 1;
    if (t.kind[w] === 0)
      categories[`category_${t.category[w]}`] = (categories[`category_${t.category[w]}`] ?? 0) + 1;
  }
  const flowCount: Record<string, number> = {};
  const flowAmounts: Record<string, number[]> = {};
  const hours = new Array<number>(24).fill(0);
  const perDay = new Map<number, number>();
  let laundering = 0;
  let whole = 0;
  for (let i = 0; i < t.n; i += 1) {
    const flow = `${KINDS[t.kind[t.from[i]!]!]}>${KINDS[t.kind[t.to[i]!]!]}`;
    flowCount[flow] = (flowCount[flow] ?? 0) + 1;
    flowAmounts[flow] ??= [];
    flowAmounts[flow].push(t.amount[i]!);
    if (t.instance[i]! >= 0) laundering += 1;
    if (t.amount[i]! % 100 === 0) whole += 1;
    const local = t.ts[i]! + SHANGHAI_OFFSET_MS;
    hours[Math.floor((local % MS_PER_DAY) / 3_600_000)]! += 1;
    const day = shanghaiDay(t.ts[i]!);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  let weekend = 0;
  let weekendDays = 0;
  let weekday = 0;
  let weekdays = 0;
  for (const [day, count] of perDay) {
    const wd = weekdayOf(day);
    if (wd === 0 || wd === 6) [weekend, weekendDays] = [weekend + count, weekendDays + 1];
    else [weekday, weekdays] = [weekday + count, weekdays + 1];
  }
  const amountYuan: Record<string, Record<'p10' | 'p50' | 'p90' | 'p99', number>> = {
    all: percentiles(t.amount),
  };
  const flows: Record<string, number> = {};
  for (const [flow, count] of Object.entries(flowCount).sort((a, b) => b[1] - a[1])) {
    flows[flow] = count / t.n;
    amountYuan[flow] = percentiles(Float64Array.from(flowAmounts[flow]!));
  }
  const typologies: Record<string, { instances: number; transfers: number }> = {};
  t.instanceTypology.forEach((typ) => {
    typologies[typ] ??= { instances: 0, transfers: 0 };
    typologies[typ].instances += 1;
  });
  for (let i = 0; i < t.n; i += 1)
    if (t.instance[i]! >= 0) typologies[t.instanceTypology[t.instance[i]!]!]!.transfers += 1;
  return {
    wallets,
    personal_categories: categories,
    transfers: t.n,
    laundering,
    span_days: t.n === 0 ? 0 : (t.ts[t.n - 1]! - t.startMs) / MS_PER_DAY,
    flows,
    amount_yuan: amountYuan,
    whole_yuan_share: t.n === 0 ? 0 : whole / t.n,
    by_hour: hours.map((h) => h / Math.max(1, t.n)),
    weekend_ratio: weekday === 0 ? 0 : weekend / Math.max(1, weekendDays) / (weekday / Math.max(1, weekdays)),
    typologies,
  };
}
