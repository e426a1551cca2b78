import { TongbaoError } from '../errors/index.ts';
import type { PostCommand, TransferCommand, TransferRecord, VoidCommand } from './commands.ts';
import { checkInflow, checkOutflow } from './family.ts';
import { hashId } from './id-index.ts';
import { EntryFlag, EntryKind, type JournalRow } from './journal.ts';
import type { PendingRecord } from './pending.ts';
import {
  checkCanHold,
  checkCanPay,
  checkCanReceive,
  checkFunds,
  checkPaymentLimits,
  currencyIdx,
  currentStatus,
  findExisting,
  type KnownTransfers,
  walletNum,
  withStatus,
} from './resolve.ts';
import { type LedgerState, PENDING_MAX } from './state.ts';

/** Longest timeout a pending transfer may carry: a week, so holds cannot pin funds indefinitely. */
export const PENDING_TIMEOUT_S_MAX = 7 * 24 * 3600;

/** Where accepted records go: straight into the indexes, or held back until a linked chain succeeds. */
export interface Registrar {
  /** Records accepted earlier in the same linked chain, by id. */
  readonly chain: Map<string, TransferRecord> | null;
  register(record: TransferRecord, id_hash: number): void;
}

export function makeRow(
  seq: number,
  id: string | null,
  kind: JournalRow['kind'],
  flags: number,
  debit: number,
  credit: number,
  amount: number,
  currency: string,
  ts: number,
  ref_seq: number,
  expires_at: number,
  memo: string | null,
  state: LedgerState,
  id_hash: number = id === null ? 0 : hashId(id),
): JournalRow {
  return {
    seq,
    id,
    id_hash,
    kind,
    flags,
    debit,
    credit,
    amount,
    currency,
    ts,
    ref_seq,
    expires_at,
    memo,
    debit_prev: state.accounts.last_seq[debit]!,
    credit_prev: state.accounts.last_seq[credit]!,
  };
}

export function recordOf(row: JournalRow, id: string): TransferRecord {
  const pending = (row.flags & EntryFlag.pending) !== 0;
  return {
    seq: row.seq,
    id,
    kind: row.kind,
    debit: row.debit,
    credit: row.credit,
    amount: row.amount,
    currency: row.currency,
    ts: row.ts,
    pending,
    expires_at: row.expires_at,
    memo: row.memo,
    status: pending ? 'pending' : 'posted',
    posted_amount: null,
    resolved_ts: null,
    replayed: false,
  };
}

function sameTransfer(existing: TransferRecord, cmd: TransferCommand, from: number, to: number): boolean {
  const timeout_s = existing.expires_at === 0 ? 0 : (existing.expires_at - existing.ts) / 1000;
  return (
    existing.kind === EntryKind.transfer &&
    existing.debit === from &&
    existing.credit === to &&
    existing.amount === cmd.amount &&
    existing.currency === cmd.currency &&
    existing.pending === cmd.pending &&
    timeout_s === cmd.timeout_s &&
    existing.memo === cmd.memo
  );
}

/** Returns the first result again for a repeated id, or refuses a different body under it. */
export function replayOrConflict(
  state: LedgerState,
  existing: TransferRecord,
  same: boolean,
): TransferRecord {
  if (!same)
    throw new TongbaoError('id_conflict', `id ${existing.id} was already used with a different body`, 'id');
  return { ...currentStatus(state, existing), replayed: true };
}

export function applyTransfer(
  state: LedgerState,
  cmd: TransferCommand,
  ts: number,
  known: KnownTransfers,
  registrar: Registrar,
): TransferRecord {
  const id_hash = hashId(cmd.id);
  const existing = registrar.chain?.get(cmd.id) ?? findExisting(state, cmd.id, known, id_hash);
  if (existing !== undefined) {
    const from = walletNumOrZero(state, cmd.from);
    const to = walletNumOrZero(state, cmd.to);
    return replayOrConflict(state, existing, sameTransfer(existing, cmd, from, to));
  }
  const from = walletNum(state, cmd.from, 'from');
  const to = walletNum(state, cmd.to, 'to');
  if (from === to) throw new TongbaoError('same_account', 'from and to are the same wallet', 'to');
  const a = state.accounts;
  const ci = currencyIdx(state, cmd.currency);
  if (a.currency[from] !== ci)
    throw new TongbaoError('currency_mismatch', `the payer wallet is not in ${cmd.currency}`, 'currency');
  if (a.currency[to] !== ci)
    throw new TongbaoError('currency_mismatch', `the payee wallet is not in ${cmd.currency}`, 'currency');
  if (cmd.timeout_s !== 0 && (!cmd.pending || cmd.timeout_s < 0 || cmd.timeout_s > PENDING_TIMEOUT_S_MAX)) {
    throw new TongbaoError(
      'timeout_invalid',
      `timeout_s needs pending: true and 1..${PENDING_TIMEOUT_S_MAX}`,
      'timeout_s',
    );
  }
  checkCanPay(state, from, 'from');
  checkCanReceive(state, to, 'to');
  // Sub-wallet families add their own and the family's limits and caps to the usual checks.
  const family = (a.family[from]! | a.family[to]!) !== 0;
  if (family) checkOutflow(state, from, to, cmd.amount, ts);
  else checkPaymentLimits(state, from, cmd.amount, ts);
  checkFunds(state, from, cmd.amount, 'from');
  if (family) checkInflow(state, from, to, cmd.amount, 'to');
  else checkCanHold(state, to, cmd.amount, 'to');
  const opFrom = a.operator[from]!;
  const opTo = a.operator[to]!;
  const crossOperator = opFrom !== opTo;
  const settleDebit = crossOperator ? state.operators[opTo]!.vault[ci]! : 0;
  const settleCredit = crossOperator ? state.operators[opFrom]!.vault[ci]! : 0;
  if (crossOperator) {
    checkFunds(state, settleDebit, cmd.amount, 'to');
    checkCanHold(state, settleCredit, cmd.amount, 'from');
  }
  if (cmd.pending && state.pendingBySeq.size + 2 > PENDING_MAX) {
    throw new TongbaoError('pending_limit_reached', `at most ${PENDING_MAX} pending transfers may be open`);
  }
  const flags = cmd.pending ? EntryFlag.pending : 0;
  const expires = cmd.timeout_s === 0 ? 0 : ts + cmd.timeout_s * 1000;
  const seq = state.nextSeq();
  const row = makeRow(
    seq,
    cmd.id,
    EntryKind.transfer,
    flags,
    from,
    to,
    cmd.amount,
    cmd.currency,
    ts,
    0,
    expires,
    cmd.memo,
    state,
  );
  state.emit(row);
  if (crossOperator && cmd.pending) {
    // A hold needs its own settlement leg, posted or voided with it.
    const s = state.nextSeq();
    state.emit(
      makeRow(
        s,
        null,
        EntryKind.settlement,
        flags,
        settleDebit,
        settleCredit,
        cmd.amount,
        cmd.currency,
        ts,
        seq,
        expires,
        null,
        state,
      ),
    );
  } else if (crossOperator) {
    state.oweSettlement(settleDebit, settleCredit, cmd.amount);
  }
  const record = recordOf(row, cmd.id);
  registrar.register(record, row.id_hash);
  return record;
}

function walletNumOrZero(state: LedgerState, id: string): number {
  try {
    return walletNum(state, id, 'id');
  } catch {
    return 0;
  }
}

/** Finds the live hold for a pending id, or explains why there is none (resolved, not pending, unknown). */
function holdFor(
  state: LedgerState,
  pendingId: string,
  known: KnownTransfers,
  idempotentStatus: 'posted' | 'voided',
): PendingRecord | TransferRecord {
  const seq = state.pendingSeqById.get(pendingId);
  if (seq !== undefined) return state.pendingBySeq.get(seq)!;
  const existing = findExisting(state, pendingId, known);
  if (existing === undefined) throw new TongbaoError('transfer_not_found', `no transfer ${pendingId}`, 'id');
  if (!existing.pending)
    throw new TongbaoError('transfer_not_pending', `transfer ${pendingId} was not pending`, 'id');
  const current = currentStatus(state, existing);
  if (current.status === idempotentStatus) return { ...current, replayed: true };
  if (current.status === 'posted') throw new TongbaoError('pending_already_posted', undefined, 'id');
  if (current.status === 'voided') throw new TongbaoError('pending_already_voided', undefined, 'id');
  if (current.status === 'expired') throw new TongbaoError('pending_expired', undefined, 'id');
  throw new Error(`transfer ${pendingId} is pending but holds nothing`);
}

function isRecord(value: PendingRecord | TransferRecord): value is TransferRecord {
  return 'replayed' in value;
}

/** Emits the post or void rows of a hold and its settlement leg, and returns the resolved record. */
export function resolveHold(
  state: LedgerState,
  hold: PendingRecord,
  kind: 'post' | 'void',
  posted: number,
  ts: number,
  expired: boolean,
  memo: string | null,
): TransferRecord {
  const rowKind = kind === 'post' ? EntryKind.post : EntryKind.void;
  const flags = expired ? EntryFlag.expired : 0;
  const amount = kind === 'post' ? posted : hold.amount;
  const settle = hold.settle_seq === 0 ? undefined : state.pendingBySeq.get(hold.settle_seq);
  state.emit(
    makeRow(
      state.nextSeq(),
      null,
      rowKind,
      flags,
      hold.debit,
      hold.credit,
      amount,
      hold.currency,
      ts,
      hold.seq,
      0,
      null,
      state,
    ),
  );
  if (settle !== undefined) {
    state.emit(
      makeRow(
        state.nextSeq(),
        null,
        rowKind,
        flags,
        settle.debit,
        settle.credit,
        amount,
        settle.currency,
        ts,
        settle.seq,
        0,
        null,
        state,
      ),
    );
  }
  const status = kind === 'post' ? 'posted' : expired ? 'expired' : 'voided';
  state.recentResolution.set(hold.seq, { status, amount: posted, ts });
  const base: TransferRecord = {
    seq: hold.seq,
    id: hold.id ?? '',
    kind: hold.kind,
    debit: hold.debit,
    credit: hold.credit,
    amount: hold.amount,
    currency: hold.currency,
    ts: hold.ts,
    pending: true,
    expires_at: hold.expires_at,
    memo,
    status: 'pending',
    posted_amount: null,
    resolved_ts: null,
    replayed: false,
  };
  return withStatus(base, status, kind === 'post' ? posted : null, ts);
}

export function applyPost(
  state: LedgerState,
  cmd: PostCommand,
  ts: number,
  known: KnownTransfers,
): TransferRecord {
  const hold = holdFor(state, cmd.pending_id, known, 'posted');
  if (isRecord(hold)) return hold;
  const posted = cmd.amount ?? hold.amount;
  if (posted > hold.amount) {
    throw new TongbaoError(
      'post_amount_exceeds_pending',
      'the posted amount exceeds the pending amount',
      'amount',
    );
  }
  checkCanPay(state, hold.debit, 'from');
  checkCanReceive(state, hold.credit, 'to');
  return resolveHold(state, hold, 'post', posted, ts, false, memoOf(state, cmd.pending_id, known));
}

export function applyVoid(
  state: LedgerState,
  cmd: VoidCommand,
  ts: number,
  known: KnownTransfers,
): TransferRecord {
  const hold = holdFor(state, cmd.pending_id, known, 'voided');
  if (isRecord(hold)) return hold;
  return resolveHold(state, hold, 'void', 0, ts, false, memoOf(state, cmd.pending_id, known));
}

function memoOf(state: LedgerState, id: string, known: KnownTransfers): string | null {
  return findExisting(state, id, known)?.memo ?? null;
}

/**
 * Moves the settlement the batch's immediate cross-operator payments owe, one row per pair of vaults
 * (payee operator's vault to payer operator's vault), in a fixed order so replays agree.
 */
export function settleBatch(state: LedgerState, ts: number): void {
  const a = state.accounts;
  for (const debit of [...state.settlement.keys()].sort((x, y) => x - y)) {
    const owed = state.settlement.get(debit)!;
    for (const credit of [...owed.keys()].sort((x, y) => x - y)) {
      const amount = owed.get(credit)!;
      if (amount === 0) continue;
      const currency = state.config.currencies[a.currency[debit]!]!.code;
      state.emit(
        makeRow(
          state.nextSeq(),
          null,
          EntryKind.settlement,
          0,
          debit,
          credit,
          amount,
          currency,
          ts,
          0,
          0,
          null,
          state,
        ),
      );
    }
  }
  state.settlement.clear();
  state.settlementDebit.clear();
}

/** Voids holds whose timeout has passed, at most max of them, returning how many it voided. */
export function expireDue(state: LedgerState, ts: number, max: number): number {
  let count = 0;
  while (count < max) {
    const hold = state.nextExpired(ts);
    if (hold === undefined) break;
    state.expiries.pop();
    resolveHold(state, hold, 'void', 0, ts, true, null);
    count += 1;
  }
  return count;
}
