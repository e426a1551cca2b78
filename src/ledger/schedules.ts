import { isTongbaoError, TongbaoError } from '../errors/index.ts';
import type { CancelScheduleCommand, CreateScheduleCommand, PaymentValue } from './payment-commands.ts';
import { SCHEDULES_MAX, type ScheduleRecord, type ScheduleUnit } from './payments-state.ts';
import { checkCanPay, currencyIdx, walletNum } from './resolve.ts';
import type { LedgerState } from './state.ts';
import { applyTransfer, type Registrar } from './transfers.ts';
import { formatWalletId } from './wallet-id.ts';

/**
 * Scheduled and recurring payments. Each run is an ordinary transfer (limits, funds, cross-operator
 * settlement all apply) under the derived id `sch/<schedule>/<run>`, made by the first batch at or
 * after its time: the engine arms a timer for the next one. A run that is refused is recorded and
 * skipped; three refusals in a row suspend the schedule. Runs missed while the node was down are made
 * on its return, oldest first.
 */
export const SCHEDULE_HORIZON_MS_MAX = 366 * 24 * 3600 * 1000;
export const SCHEDULE_RUNS_MAX = 1000;
export const SCHEDULE_FAILURES_MAX = 3;
const EVERY_MAX: Readonly<Record<ScheduleUnit, number>> = { day: 366, week: 52, month: 12 };
const DAY_MS = 24 * 3600 * 1000;

export const scheduleKey = (id: string) => `schedule/${id}`;

function invalid(detail: string, field: string): TongbaoError {
  return new TongbaoError('schedule_invalid', detail, field);
}

export function createSchedule(state: LedgerState, cmd: CreateScheduleCommand, ts: number): PaymentValue {
  const p = state.payments;
  const key = scheduleKey(cmd.id);
  const from = walletNum(state, cmd.from, 'from');
  const to = walletNum(state, cmd.to, 'to');
  const existing = p.schedules.get(key);
  if (existing !== undefined) {
    if (
      existing.from === from &&
      existing.to === to &&
      existing.amount === cmd.amount &&
      existing.first_at === cmd.first_at
    )
      return { payment: 'schedule', key, replayed: true };
    throw new TongbaoError('id_conflict', `schedule ${cmd.id} already exists with a different body`, 'id');
  }
  if (from === to) throw new TongbaoError('same_account', 'from and to are the same wallet', 'to');
  const a = state.accounts;
  const ci = currencyIdx(state, cmd.currency);
  if (a.currency[from] !== ci || a.currency[to] !== ci)
    throw new TongbaoError('currency_mismatch', `both wallets must be in ${cmd.currency}`, 'currency');
  if (!(Number.isSafeInteger(cmd.amount) && cmd.amount > 0)) throw invalid('amount is above zero', 'amount');
  if (
    !(
      Number.isSafeInteger(cmd.first_at) &&
      cmd.first_at >= ts &&
      cmd.first_at - ts <= SCHEDULE_HORIZON_MS_MAX
    )
  )
    throw invalid('first_at is now or later, within 366 days', 'first_at');
  if (cmd.unit === null) {
    if (cmd.count > 1 || cmd.until !== 0 || cmd.every !== 0)
      throw invalid('a one-off payment has no interval', 'every');
  } else if (!(Number.isInteger(cmd.every) && cmd.every >= 1 && cmd.every <= EVERY_MAX[cmd.unit]))
    throw invalid(`every is 1 to ${EVERY_MAX[cmd.unit]} ${cmd.unit}s`, 'every');
  if (!(Number.isInteger(cmd.count) && cmd.count >= 0 && cmd.count <= SCHEDULE_RUNS_MAX))
    throw invalid(`count is 0 (no limit) to ${SCHEDULE_RUNS_MAX}`, 'count');
  if (cmd.until !== 0 && !(Number.isSafeInteger(cmd.until) && cmd.until >= cmd.first_at))
    throw invalid('until is after first_at', 'until');
  checkCanPay(state, from, 'from');
  if (p.schedules.size >= SCHEDULES_MAX)
    throw new TongbaoError('payments_limit_reached', `at most ${SCHEDULES_MAX} schedules`);
  const s: ScheduleRecord = {
    key,
    id: cmd.id,
    from,
    to,
    amount: cmd.amount,
    currency: cmd.currency,
    memo: cmd.memo,
    created_ts: ts,
    first_at: cmd.first_at,
    unit: cmd.unit,
    every: cmd.every,
    count: cmd.unit === null ? 1 : cmd.count,
    until: cmd.until,
    status: 'active',
    runs: 0,
    next_at: cmd.first_at,
    paid: 0,
    failures: 0,
    consecutive_failures: 0,
    last_error: null,
    last_seq: 0,
  };
  indexSchedule(state, s);
  p.touch({ kind: 'schedule', value: s });
  return { payment: 'schedule', key, replayed: false };
}

export function indexSchedule(state: LedgerState, s: ScheduleRecord): void {
  const p = state.payments;
  p.schedules.set(s.key, s);
  p.addIndex(p.schedulesByWallet, s.from, s.key);
  p.addIndex(p.schedulesByWallet, s.to, s.key);
  if (s.status !== 'active') return;
  p.adjustOpen(s.from, 1);
  p.due.push({ at: s.next_at, key: s.key });
}

export function cancelSchedule(state: LedgerState, cmd: CancelScheduleCommand): PaymentValue {
  const s = state.payments.schedules.get(scheduleKey(cmd.schedule));
  if (s === undefined)
    throw new TongbaoError('schedule_not_found', `no schedule ${cmd.schedule}`, 'schedule');
  if (s.status === 'cancelled') return { payment: 'schedule', key: s.key, replayed: true };
  if (s.status !== 'active')
    throw new TongbaoError('schedule_closed', `schedule ${s.id} is ${s.status}`, 'schedule');
  finish(state, s, 'cancelled');
  return { payment: 'schedule', key: s.key, replayed: false };
}

function finish(state: LedgerState, s: ScheduleRecord, status: ScheduleRecord['status']): void {
  s.status = status;
  state.payments.adjustOpen(s.from, -1);
  state.payments.touch({ kind: 'schedule', value: s });
}

/**
 * When run `k` (0-based) is due: first_at plus k intervals. Months are counted on the local calendar and
 * keep the first run's day, clamped to short months (31 Jan, 28 Feb, 31 Mar), without drifting.
 */
export function occurrence(
  s: Pick<ScheduleRecord, 'first_at' | 'unit' | 'every'>,
  k: number,
  offsetMinutes: number,
): number {
  if (s.unit === 'day') return s.first_at + k * s.every * DAY_MS;
  if (s.unit === 'week') return s.first_at + k * s.every * 7 * DAY_MS;
  if (s.unit === null) return s.first_at;
  const offset = offsetMinutes * 60_000;
  const local = new Date(s.first_at + offset);
  const months = local.getUTCMonth() + k * s.every;
  const year = local.getUTCFullYear() + Math.floor(months / 12);
  const month = months % 12;
  const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(local.getUTCDate(), days);
  const timeOfDay = (s.first_at + offset) % DAY_MS;
  return Date.UTC(year, month, day) + timeOfDay - offset;
}

/** Makes the run that is due, records how it went and arms the next. */
export function scheduleDue(state: LedgerState, key: string, ts: number, registrar: Registrar): void {
  const s = state.payments.schedules.get(key);
  if (s === undefined || s.status !== 'active' || s.next_at > ts) return;
  const id = `sch/${s.id}/${s.runs + 1}`;
  try {
    const record = applyTransfer(
      state,
      {
        type: 'transfer',
        id,
        from: accountWallet(state, s.from),
        to: accountWallet(state, s.to),
        amount: s.amount,
        currency: s.currency,
        pending: false,
        timeout_s: 0,
        memo: s.memo,
      },
      ts,
      new Map(),
      registrar,
    );
    s.paid += s.amount;
    s.consecutive_failures = 0;
    s.last_error = null;
    s.last_seq = record.seq;
  } catch (error) {
    if (!isTongbaoError(error)) throw error;
    s.failures += 1;
    s.consecutive_failures += 1;
    s.last_error = error.code;
  }
  s.runs += 1;
  const next = occurrence(s, s.runs, state.config.timezone_offset_minutes);
  state.payments.touch({ kind: 'schedule', value: s });
  if (s.consecutive_failures >= SCHEDULE_FAILURES_MAX) finish(state, s, 'suspended');
  else if ((s.count > 0 && s.runs >= s.count) || (s.until !== 0 && next > s.until))
    finish(state, s, 'completed');
  else {
    s.next_at = next;
    state.payments.due.push({ at: next, key: s.key });
  }
}

function accountWallet(state: LedgerState, num: number): string {
  return formatWalletId(state.accounts.operator[num]!, num);
}
