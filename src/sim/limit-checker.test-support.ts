import { readFileSync } from 'node:fs';
import { parseAmount } from '../money/index.ts';
import type { Economy, RunSummary, SimEvent } from './economy.ts';

/**
 * An independent replay of an economy's events against config/default.json, written apart from
 * the generator's own mirror (accounts.ts, limits.ts) so that a bug there cannot hide itself.
 * Returns the first violation found, or null.
 */
interface Limit {
  cap: number;
  single: number;
  daily: number;
  annual: number;
}

const SHANGHAI_MS = 8 * 3_600_000;

function loadLimits(): { personal: Map<number, Limit>; corporate: Limit; merchant: Limit } {
  const config = JSON.parse(readFileSync(new URL('../../config/default.json', import.meta.url), 'utf8'));
  const read = (raw: Record<string, string | null>): Limit => {
    const v = (x: string | null): number => (x === null ? Number.POSITIVE_INFINITY : parseAmount(x, 2));
    return {
      cap: v(raw.balance_cap!),
      single: v(raw.single_payment!),
      daily: v(raw.daily_total!),
      annual: v(raw.annual_total!),
    };
  };
  const wl = config.wallet_limits;
  const personal = new Map<number, Limit>();
  for (const c of [1, 2, 3, 4]) personal.set(c, read(wl.personal[String(c)]));
  return { personal, corporate: read(wl.corporate), merchant: read(wl.merchant) };
}

interface State {
  limit: Limit;
  opened: number;
  balance: number;
  day: string;
  dayUsed: number;
  year: string;
  yearUsed: number;
}

export interface CheckResult {
  readonly violation: string | null;
  readonly transfers: number;
  readonly exchanges: number;
  readonly summary: RunSummary;
  readonly events: SimEvent[];
}

export function replayAndCheck(economy: Economy, keepEvents = false): CheckResult {
  const limits = loadLimits();
  const wallets = new Map<string, State>();
  let violation: string | null = null;
  for (const w of economy.wallets()) {
    const limit =
      w.kind === 'personal'
        ? limits.personal.get(w.category!)!
        : w.kind === 'corporate'
          ? limits.corporate
          : limits.merchant;
    wallets.set(w.wallet, {
      limit,
      opened: w.opened_ms,
      balance: w.initial_topup_fen,
      day: '',
      dayUsed: 0,
      year: '',
      yearUsed: 0,
    });
    if (w.initial_topup_fen > limit.cap) violation ??= `opening top-up of ${w.wallet} exceeds its cap`;
  }
  let transfers = 0;
  let exchanges = 0;
  let lastTs = Number.NEGATIVE_INFINITY;
  const kept: SimEvent[] = [];
  const gen = economy.events();
  let summary: RunSummary;
  for (;;) {
    const next = gen.next();
    if (next.done === true) {
      summary = next.value;
      break;
    }
    const e = next.value;
    if (keepEvents) kept.push(e);
    if (violation !== null) continue;
    if (e.ts_ms < lastTs) violation = `event at ${e.ts_ms} goes back in time`;
    lastTs = e.ts_ms;
    if (e.kind === 'exchange_in') {
      exchanges += 1;
      const w = wallets.get(e.wallet)!;
      if (!(e.amount_fen > 0)) violation = `exchange of ${e.amount_fen}`;
      w.balance += e.amount_fen;
      if (w.balance > w.limit.cap) violation = `exchange pushes ${e.wallet} over its cap`;
      if (e.before_seq !== transfers + 1)
        violation = `exchange names transfer ${e.before_seq}, next is ${transfers + 1}`;
      continue;
    }
    transfers += 1;
    if (e.seq !== transfers) violation = `seq ${e.seq} where ${transfers} was due`;
    const from = wallets.get(e.from)!;
    const to = wallets.get(e.to)!;
    const local = new Date(e.ts_ms + SHANGHAI_MS).toISOString();
    const day = local.slice(0, 10);
    const year = local.slice(0, 4);
    if (from.day !== day) [from.day, from.dayUsed] = [day, 0];
    if (from.year !== year) [from.year, from.yearUsed] = [year, 0];
    from.dayUsed += e.amount_fen;
    from.yearUsed += e.amount_fen;
    from.balance -= e.amount_fen;
    to.balance += e.amount_fen;
    if (!Number.isSafeInteger(e.amount_fen) || e.amount_fen <= 0)
      violation = `transfer ${e.seq}: amount ${e.amount_fen}`;
    else if (e.from === e.to) violation = `transfer ${e.seq} pays itself`;
    else if (from.opened > e.ts_ms || to.opened > e.ts_ms)
      violation = `transfer ${e.seq} touches an unopened wallet`;
    else if (from.balance < 0) violation = `transfer ${e.seq} overdraws ${e.from}`;
    else if (e.amount_fen > from.limit.single)
      violation = `transfer ${e.seq} exceeds the single-payment limit`;
    else if (from.dayUsed > from.limit.daily)
      violation = `transfer ${e.seq} exceeds the daily total of ${e.from}`;
    else if (from.yearUsed > from.limit.annual)
      violation = `transfer ${e.seq} exceeds the annual total of ${e.from}`;
    else if (to.balance > to.limit.cap) violation = `transfer ${e.seq} pushes ${e.to} over its balance cap`;
  }
  return { violation, transfers, exchanges, summary, events: kept };
}
