import { TongbaoError } from '../errors/index.ts';
import { formatAmount } from '../money/index.ts';
import { AccountKind, AccountStatus, isWalletKind } from './accounts.ts';
import type { TransferRecord, TransferStatus } from './commands.ts';
import { hashId } from './id-index.ts';
import type { LedgerState } from './state.ts';
import { parseWalletId } from './wallet-id.ts';

/** Transfers the engine fetched from storage for this batch, by id (see Ledger.idsNeedingLookup). */
export type KnownTransfers = ReadonlyMap<string, TransferRecord>;

/** Resolves a wallet id from a command to its account number, or throws the right refusal. */
export function walletNum(state: LedgerState, id: string, field: string): number {
  const parsed = parseWalletId(id);
  if (parsed === null)
    throw new TongbaoError('wallet_id_invalid', `${field} is not a valid wallet id`, field);
  const num = parsed.account;
  const a = state.accounts;
  if (!a.exists(num) || !isWalletKind(a.kind[num]!) || a.operator[num] !== parsed.operator) {
    throw new TongbaoError('wallet_not_found', `${field} names no wallet on this node`, field);
  }
  return num;
}

export function operatorNum(state: LedgerState, id: string, field = 'operator_id'): number {
  const num = state.operatorByKey.get(id);
  if (num === undefined) throw new TongbaoError('operator_not_found', `no operator ${id}`, field);
  return num;
}

export function currencyIdx(state: LedgerState, code: string, field = 'currency'): number {
  const index = state.currencyIndex.get(code);
  if (index === undefined)
    throw new TongbaoError('currency_unknown', `currency ${code} is not configured`, field);
  return index;
}

/** Refuses payments out of a wallet that is closed or frozen. */
export function checkCanPay(state: LedgerState, num: number, field: string): void {
  const status = state.accounts.status[num];
  if (status === AccountStatus.closed)
    throw new TongbaoError('wallet_closed', `${field} wallet is closed`, field);
  if (status === AccountStatus.frozen_out || status === AccountStatus.frozen_all) {
    throw new TongbaoError('wallet_frozen', `${field} wallet is frozen`, field);
  }
}

/** Refuses payments into a wallet that is closed or frozen in both directions. */
export function checkCanReceive(state: LedgerState, num: number, field: string): void {
  const status = state.accounts.status[num];
  if (status === AccountStatus.closed)
    throw new TongbaoError('wallet_closed', `${field} wallet is closed`, field);
  if (status === AccountStatus.frozen_all)
    throw new TongbaoError('wallet_frozen', `${field} wallet is frozen`, field);
}

/** Balance not held by pending transfers. */
export function available(state: LedgerState, num: number): number {
  const a = state.accounts;
  const held = a.balance[num]! - a.pending_out[num]!;
  return a.kind[num] === AccountKind.vault ? held - (state.settlementDebit.get(num) ?? 0) : held;
}

/** Refuses an incoming amount that would pass the payee's cap or the exact range. */
export function checkCanHold(state: LedgerState, num: number, amount: number, field: string): void {
  const a = state.accounts;
  const after = a.balance[num]! + a.pending_in[num]! + amount;
  if (!Number.isSafeInteger(after)) throw new TongbaoError('balance_overflow', undefined, field);
  const cap = state.limitsOf(num).balance_cap;
  if (after > cap) {
    const units = state.minorUnits[a.currency[num]!]!;
    throw new TongbaoError(
      'balance_cap_exceeded',
      `the payee wallet may hold at most ${formatAmount(cap, units)}`,
      field,
      { limit: formatAmount(cap, units), remaining: formatAmount(Math.max(0, cap - after + amount), units) },
    );
  }
}

/** Refuses a payment over the payer's single, daily or annual limit, saying the limit and what is left. */
export function checkPaymentLimits(state: LedgerState, num: number, amount: number, ts: number): void {
  const limits = state.limitsOf(num);
  if (
    amount <= limits.single_payment &&
    amount <= limits.daily_total - state.usedToday(num, ts) &&
    amount <= limits.annual_total - state.usedThisYear(num, ts)
  ) {
    return;
  }
  const units = state.minorUnits[state.accounts.currency[num]!]!;
  const fmt = (v: number) => formatAmount(v, units);
  if (amount > limits.single_payment) {
    throw new TongbaoError(
      'single_limit_exceeded',
      `a single payment may be at most ${fmt(limits.single_payment)}`,
      'amount',
      {
        limit: fmt(limits.single_payment),
        remaining: fmt(limits.single_payment),
      },
    );
  }
  const today = state.usedToday(num, ts);
  if (today + amount > limits.daily_total) {
    const left = Math.max(0, limits.daily_total - today);
    throw new TongbaoError(
      'daily_limit_exceeded',
      `the daily limit is ${fmt(limits.daily_total)}; ${fmt(left)} is left today`,
      'amount',
      {
        limit: fmt(limits.daily_total),
        remaining: fmt(left),
      },
    );
  }
  const year = state.usedThisYear(num, ts);
  if (year + amount > limits.annual_total) {
    const left = Math.max(0, limits.annual_total - year);
    throw new TongbaoError(
      'annual_limit_exceeded',
      `the annual limit is ${fmt(limits.annual_total)}; ${fmt(left)} is left this year`,
      'amount',
      {
        limit: fmt(limits.annual_total),
        remaining: fmt(left),
      },
    );
  }
}

export function checkFunds(state: LedgerState, num: number, amount: number, field: string): void {
  if (available(state, num) < amount) {
    const kind = state.accounts.kind[num];
    if (kind === AccountKind.vault) throw new TongbaoError('vault_insufficient', undefined, field);
    if (kind === AccountKind.reserve) throw new TongbaoError('reserve_insufficient', undefined, field);
    throw new TongbaoError('insufficient_funds', 'the payer balance is insufficient', field);
  }
}

/** The current status of a transfer record, following its resolution if it was pending. */
export function currentStatus(state: LedgerState, record: TransferRecord): TransferRecord {
  if (!record.pending || state.pendingBySeq.has(record.seq)) return record;
  const resolution = state.recentResolution.get(record.seq);
  if (resolution === undefined) return record;
  return withStatus(
    record,
    resolution.status,
    resolution.status === 'posted' ? resolution.amount : null,
    resolution.ts,
  );
}

export function withStatus(
  record: TransferRecord,
  status: TransferStatus,
  posted: number | null,
  resolvedTs: number | null,
): TransferRecord {
  return { ...record, status, posted_amount: posted, resolved_ts: resolvedTs };
}

/** The transfer under an id among the recent rows in memory, found through the id index's candidates. */
export function recentById(
  state: LedgerState,
  id: string,
  id_hash: number = hashId(id),
): TransferRecord | undefined {
  let found: TransferRecord | undefined;
  state.idIndex.candidates(id_hash, (seq) => {
    const record = state.recent.at(seq);
    if (record !== undefined && record.id === id) found = record;
  });
  return found;
}

/**
 * The existing transfer under an id: recent in memory, else what the engine fetched from storage.
 * The id index is asked first: for a new id (nearly every id) it answers from a typed array.
 */
export function findExisting(
  state: LedgerState,
  id: string,
  known: KnownTransfers,
  id_hash: number = hashId(id),
): TransferRecord | undefined {
  if (!state.idIndex.has(id_hash)) return undefined;
  return recentById(state, id, id_hash) ?? known.get(id);
}

/** Whether the engine must fetch this id from storage: a candidate seq is older than the recent rows. */
export function needsLookup(state: LedgerState, id: string): boolean {
  const id_hash = hashId(id);
  if (!state.idIndex.has(id_hash)) return false;
  let inMemory = false;
  let older = false;
  state.idIndex.candidates(id_hash, (seq) => {
    const record = state.recent.at(seq);
    if (record === undefined) older = true;
    else if (record.id === id) inMemory = true;
  });
  return older && !inMemory;
}
