import type { AccountKindCode } from './accounts.ts';
import type { PendingRecord } from './pending.ts';
import type { LedgerState, OperatorState } from './state.ts';

/**
 * A checkpoint is the in-memory state as of one seq, written so that a restart replays only the rows
 * after it. Account values are copied when the checkpoint is taken, so the writer can store them while
 * the ledger moves on.
 */
export interface AccountSnapshot {
  readonly num: number;
  readonly balance: number;
  readonly day_key: number;
  readonly day_out: number;
  readonly year_key: number;
  readonly year_out: number;
  readonly last_seq: number;
  /** Metadata, current as of the checkpoint (also kept current by every batch). */
  readonly status: number;
  readonly category: number;
}

export interface OperatorCounters {
  readonly num: number;
  readonly issued: readonly number[];
  readonly redeemed: readonly number[];
}

export interface CheckpointData {
  readonly seq: number;
  readonly ts: number;
  readonly accounts: readonly AccountSnapshot[];
  readonly operators: readonly OperatorCounters[];
  readonly pending_added: readonly PendingRecord[];
  readonly pending_removed: readonly number[];
}

/** What a restart loads before replaying the rows after `seq`. */
export interface RestoredAccount {
  readonly num: number;
  readonly kind: AccountKindCode;
  readonly category: number;
  readonly status: number;
  readonly operator: number;
  readonly currency: number;
  readonly opened_ts: number;
  /** As stored; the device or condition record restored after it must name the same wallet. */
  readonly owner: number;
  readonly balance: number;
  readonly day_key: number;
  readonly day_out: number;
  readonly year_key: number;
  readonly year_out: number;
  readonly last_seq: number;
}

export interface RestoredOperator {
  readonly num: number;
  readonly id: string;
  readonly name: string;
  readonly issuance_quota: number;
  readonly opened_ts: number;
  readonly reserve: readonly number[];
  readonly vault: readonly number[];
  readonly issued: readonly number[];
  readonly redeemed: readonly number[];
}

/** Tracks which holds the last checkpoint stored, so each checkpoint writes only the difference. */
export class CheckpointTracker {
  private stored = new Set<number>();

  constructor(initial: Iterable<number> = []) {
    for (const seq of initial) this.stored.add(seq);
  }

  take(state: LedgerState): CheckpointData {
    const a = state.accounts;
    const accounts = state.accounts.takeDirty().map(
      (num): AccountSnapshot => ({
        num,
        balance: a.balance[num]!,
        day_key: a.day_key[num]!,
        day_out: a.day_out[num]!,
        year_key: a.year_key[num]!,
        year_out: a.year_out[num]!,
        last_seq: a.last_seq[num]!,
        status: a.status[num]!,
        category: a.category[num]!,
      }),
    );
    const added: PendingRecord[] = [];
    for (const [seq, record] of state.pendingBySeq) if (!this.stored.has(seq)) added.push({ ...record });
    const removed: number[] = [];
    for (const seq of this.stored) if (!state.pendingBySeq.has(seq)) removed.push(seq);
    for (const seq of removed) this.stored.delete(seq);
    for (const record of added) this.stored.add(record.seq);
    const operators = state.operators
      .filter((op): op is OperatorState => op !== undefined)
      .map((op) => ({ num: op.num, issued: [...op.issued], redeemed: [...op.redeemed] }));
    return {
      seq: state.lastSeq,
      ts: state.lastTs,
      accounts,
      operators,
      pending_added: added,
      pending_removed: removed,
    };
  }
}

/** Loads a checkpoint into an empty state; rows after `seq` are then replayed with Ledger.replayRow. */
export function restoreState(
  state: LedgerState,
  seq: number,
  ts: number,
  operators: readonly RestoredOperator[],
  accounts: Iterable<RestoredAccount>,
  pending: readonly PendingRecord[],
): void {
  beginRestore(state, operators);
  for (const r of accounts) restoreAccount(state, r);
  finishRestore(state, seq, ts, pending);
}

/** First step of a streamed restore: the operators, into an empty ledger. */
export function beginRestore(state: LedgerState, operators: readonly RestoredOperator[]): void {
  if (state.accounts.count !== 0 || state.lastSeq !== 0) throw new Error('restore needs an empty ledger');
  for (const op of [...operators].sort((x, y) => x.num - y.num)) {
    if (op.num !== state.operators.length) throw new Error(`operator numbers are not dense at ${op.num}`);
    state.operators.push({
      ...op,
      reserve: [...op.reserve],
      vault: [...op.vault],
      issued: [...op.issued],
      redeemed: [...op.redeemed],
    });
    state.operatorByKey.set(op.id, op.num);
  }
}

/** Second step, once per account in number order. */
export function restoreAccount(state: LedgerState, r: RestoredAccount): void {
  const a = state.accounts;
  const num = a.add(r.kind, r.category, r.operator, r.currency, r.opened_ts);
  if (num !== r.num) throw new Error(`account numbers are not dense: expected ${num}, got ${r.num}`);
  a.status[num] = r.status;
  a.owner[num] = r.owner;
  a.balance[num] = r.balance;
  a.day_key[num] = r.day_key;
  a.day_out[num] = r.day_out;
  a.year_key[num] = r.year_key;
  a.year_out[num] = r.year_out;
  a.last_seq[num] = r.last_seq;
  if (r.kind === 0) state.centralBank[r.currency] = num;
}

/** Last step: the open holds as of the checkpoint, and the checkpoint's position. */
export function finishRestore(
  state: LedgerState,
  seq: number,
  ts: number,
  pending: readonly PendingRecord[],
): void {
  const a = state.accounts;
  a.takeDirty();
  for (const hold of [...pending].sort((x, y) => x.seq - y.seq)) {
    if (!a.exists(hold.debit) || !a.exists(hold.credit))
      throw new Error(`hold ${hold.seq} names a missing account`);
    a.pending_out[hold.debit]! += hold.amount;
    a.pending_in[hold.credit]! += hold.amount;
    state.pendingBySeq.set(hold.seq, { ...hold });
    if (hold.id !== null) state.pendingSeqById.set(hold.id, hold.seq);
    if (hold.expires_at !== 0 && hold.parent_seq === 0)
      state.expiries.push(state.pendingBySeq.get(hold.seq)!);
  }
  state.lastSeq = seq;
  state.lastTs = ts;
  state.resetApplied(seq);
}
