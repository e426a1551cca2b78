import { localDay, localYear, type NodeConfig, type WalletLimits } from '../config/index.ts';
import { AccountKind, AccountTable, isWalletKind } from './accounts.ts';
import type { TransferRecord, TransferStatus } from './commands.ts';
import { IdIndex } from './id-index.ts';
import { EntryFlag, EntryKind, type JournalRow } from './journal.ts';
import { PaymentsState } from './payments-state.ts';
import { ExpiryHeap, type PendingRecord } from './pending.ts';
import { BoundedMap, RecentTransfers } from './recent.ts';

/** Ids and results of the most recent transfers, served without a storage lookup. Must exceed what the
 * engine can have applied but not yet committed (pipeline depth x batch size), see engine limits. */
export const RECENT_TRANSFERS_MAX = 1 << 17;
/** Open holds at once; a new pending transfer beyond it is refused (pending_limit_reached). */
export const PENDING_MAX = 1_000_000;

export interface OperatorState {
  readonly num: number;
  readonly id: string;
  readonly name: string;
  readonly issuance_quota: number;
  readonly opened_ts: number;
  /** Per currency index: the operator's reserve and vault account numbers. */
  readonly reserve: number[];
  readonly vault: number[];
  readonly issued: number[];
  readonly redeemed: number[];
}

export type Undo = Array<() => void>;

const NO_LIMITS: WalletLimits = {
  balance_cap: Number.POSITIVE_INFINITY,
  single_payment: Number.POSITIVE_INFINITY,
  daily_total: Number.POSITIVE_INFINITY,
  annual_total: Number.POSITIVE_INFINITY,
};

/**
 * Everything the ledger holds in memory, and the one function (applyRow) that changes balances. The
 * live path validates a command, builds rows and applies them here; restart replays stored rows through
 * the same function, so live and rebuilt state cannot drift apart.
 */
export class LedgerState {
  readonly accounts: AccountTable;
  readonly operators: Array<OperatorState | undefined> = [undefined];
  readonly operatorByKey = new Map<string, number>();
  /** Central bank account per currency index. */
  readonly centralBank: number[] = [];
  readonly currencyIndex = new Map<string, number>();
  readonly minorUnits: number[] = [];
  readonly idIndex = new IdIndex();
  readonly pendingBySeq = new Map<number, PendingRecord>();
  readonly pendingSeqById = new Map<string, number>();
  readonly expiries = new ExpiryHeap();
  readonly recent = new RecentTransfers<TransferRecord>(RECENT_TRANSFERS_MAX);
  readonly recentResolution = new BoundedMap<number, { status: TransferStatus; amount: number; ts: number }>(
    RECENT_TRANSFERS_MAX,
  );
  lastSeq = 0;
  lastTs = 0;
  /** Rows produced by the batch being applied. */
  rows: JournalRow[] = [];
  /**
   * Settlement owed between operators' vaults by the immediate cross-operator payments of the batch being
   * applied, by payee vault then payer vault. It is moved as one settlement row per pair when the batch
   * ends (see settleBatch), in the same transaction as the payments, so committed books always balance.
   */
  readonly settlement = new Map<number, Map<number, number>>();
  /** Per vault: what the batch's settlement will take from it, so its availability is checked as it grows. */
  readonly settlementDebit = new Map<number, number>();
  /** Non-null while a linked chain is applied: how to take back each change. */
  undo: Undo | null = null;
  /** Hard wallets, conditions, schedules, merchant profiles and sub-wallets (src/ledger/payments-state.ts). */
  readonly payments = new PaymentsState();
  private readonly limitsByClass: WalletLimits[] = [];

  constructor(readonly config: NodeConfig) {
    this.accounts = new AccountTable();
    config.currencies.forEach((c, i) => {
      this.currencyIndex.set(c.code, i);
      this.minorUnits.push(c.minor_units);
    });
    const wl = config.wallet_limits;
    for (let category = 0; category <= 4; category += 1) {
      const personal = category >= 1 ? wl.personal[category as 1 | 2 | 3 | 4] : NO_LIMITS;
      this.limitsByClass[AccountKind.personal * 8 + category] = personal;
      this.limitsByClass[AccountKind.corporate * 8 + category] = wl.corporate;
      this.limitsByClass[AccountKind.merchant * 8 + category] = wl.merchant;
    }
  }

  limitsOf(num: number): WalletLimits {
    const family = this.accounts.family[num]!;
    if (family !== 0 && family !== num) return this.payments.subLimits.get(num) ?? NO_LIMITS;
    return this.limitsByClass[this.accounts.kind[num]! * 8 + this.accounts.category[num]!] ?? NO_LIMITS;
  }

  limitsFor(kind: number, category: number): WalletLimits {
    return this.limitsByClass[kind * 8 + category] ?? NO_LIMITS;
  }

  // Every row of a batch shares its timestamp, so the day and year are computed once per timestamp.
  private periodTs = Number.NaN;
  private periodDay = 0;
  private periodYear = 0;

  private period(ts: number): void {
    if (ts !== this.periodTs) {
      this.periodTs = ts;
      this.periodDay = localDay(ts, this.config.timezone_offset_minutes);
      this.periodYear = localYear(ts, this.config.timezone_offset_minutes);
    }
  }

  dayOf(ts: number): number {
    this.period(ts);
    return this.periodDay;
  }

  yearOf(ts: number): number {
    this.period(ts);
    return this.periodYear;
  }

  /** Outgoing payment usage of a wallet as of ts (0 when the day or year has turned). */
  usedToday(num: number, ts: number): number {
    return this.accounts.day_key[num] === this.dayOf(ts) ? this.accounts.day_out[num]! : 0;
  }

  usedThisYear(num: number, ts: number): number {
    return this.accounts.year_key[num] === this.yearOf(ts) ? this.accounts.year_out[num]! : 0;
  }

  nextSeq(): number {
    const seq = this.lastSeq + 1;
    if (this.undo !== null) {
      const old = this.lastSeq;
      this.undo.push(() => {
        this.lastSeq = old;
      });
    }
    this.lastSeq = seq;
    return seq;
  }

  /** Appends a row to the batch output and applies its effects. */
  emit(row: JournalRow): void {
    if (this.undo !== null) {
      const length = this.rows.length;
      this.undo.push(() => {
        this.rows.length = length;
      });
    }
    this.rows.push(row);
    this.applyRow(row);
  }

  /** Applies one journal row's effects: the only place balances, holds and usage change. */
  applyRow(row: JournalRow): void {
    const a = this.accounts;
    const { debit, credit, amount } = row;
    if (!(row.seq > this.lastAppliedSeq))
      throw new Error(`row ${row.seq} applied after ${this.lastAppliedSeq}`);
    this.set(a.last_seq, debit, row.seq);
    this.set(a.last_seq, credit, row.seq);
    this.setLastApplied(row.seq);
    a.markDirty(debit);
    a.markDirty(credit);
    if (row.kind === EntryKind.post || row.kind === EntryKind.void) {
      const hold = this.pendingBySeq.get(row.ref_seq);
      if (hold === undefined) throw new Error(`row ${row.seq} resolves ${row.ref_seq}, which is not pending`);
      if (hold.debit !== debit || hold.credit !== credit)
        throw new Error(`row ${row.seq} accounts differ from hold`);
      const posted = row.kind === EntryKind.post ? amount : 0;
      if (!(posted <= hold.amount)) throw new Error(`row ${row.seq} posts more than held`);
      this.set(a.pending_out, debit, a.pending_out[debit]! - hold.amount);
      this.set(a.pending_in, credit, a.pending_in[credit]! - hold.amount);
      if (posted > 0) this.move(debit, credit, posted);
      if (hold.kind === EntryKind.transfer && isWalletKind(a.kind[debit]!)) {
        if ((a.family[debit]! | a.family[credit]!) === 0)
          this.refundUsage(debit, hold.amount - posted, hold.ts);
        else this.familyUsage(debit, credit, hold.amount - posted, hold.ts, false);
      }
      this.removePending(hold);
      return;
    }
    if ((row.flags & EntryFlag.pending) !== 0) {
      this.set(a.pending_out, debit, a.pending_out[debit]! + amount);
      this.set(a.pending_in, credit, a.pending_in[credit]! + amount);
      this.addPending({
        seq: row.seq,
        id: row.id,
        kind: row.kind,
        debit,
        credit,
        amount,
        currency: row.currency,
        ts: row.ts,
        expires_at: row.expires_at,
        settle_seq: 0,
        parent_seq: row.kind === EntryKind.settlement ? row.ref_seq : 0,
      });
    } else {
      this.move(debit, credit, amount);
    }
    if (row.kind === EntryKind.transfer) {
      if (isWalletKind(a.kind[debit]!)) {
        if ((a.family[debit]! | a.family[credit]!) === 0) this.addUsage(debit, amount, row.ts);
        else this.familyUsage(debit, credit, amount, row.ts, true);
      }
    } else if (row.kind === EntryKind.offline_load || row.kind === EntryKind.condition_lock) {
      // Money put on a hard wallet or under a condition leaves the wallet: it counts as a payment.
      this.familyUsage(debit, credit, amount, row.ts, true);
    }
    if (row.kind === EntryKind.issue || row.kind === EntryKind.redeem) {
      const op = this.operators[a.operator[row.kind === EntryKind.issue ? credit : debit]!]!;
      const ci = a.currency[debit]!;
      const counter = row.kind === EntryKind.issue ? op.issued : op.redeemed;
      this.set(counter, ci, counter[ci]! + amount);
    }
  }

  private lastAppliedSeq = 0;

  /** Used by restore: rows up to seq are already reflected in the loaded state. */
  resetApplied(seq: number): void {
    this.lastAppliedSeq = seq;
  }

  private setLastApplied(seq: number): void {
    if (this.undo !== null) {
      const old = this.lastAppliedSeq;
      this.undo.push(() => {
        this.lastAppliedSeq = old;
      });
    }
    this.lastAppliedSeq = seq;
  }

  private move(debit: number, credit: number, amount: number): void {
    const b = this.accounts.balance;
    const next = b[credit]! + amount;
    if (!Number.isSafeInteger(next)) throw new Error(`balance overflow on account ${credit}`);
    this.set(b, debit, b[debit]! - amount);
    this.set(b, credit, next);
  }

  private addUsage(num: number, amount: number, ts: number): void {
    const a = this.accounts;
    const day = this.dayOf(ts);
    const year = this.yearOf(ts);
    if (a.day_key[num] !== day) {
      this.set(a.day_key, num, day);
      this.set(a.day_out, num, 0);
    }
    if (a.year_key[num] !== year) {
      this.set(a.year_key, num, year);
      this.set(a.year_out, num, 0);
    }
    this.set(a.day_out, num, a.day_out[num]! + amount);
    this.set(a.year_out, num, a.year_out[num]! + amount);
  }

  /**
   * Usage of a payment by a wallet that may belong to a family: nothing inside the family, else the
   * payer's own and, for a sub-wallet, its parent's (the parent's counters are the family's).
   */
  private familyUsage(debit: number, credit: number, amount: number, ts: number, add: boolean): void {
    const root = this.accounts.family[debit]!;
    if (root !== 0 && root === this.accounts.family[credit]) return;
    if (add) this.addUsage(debit, amount, ts);
    else this.refundUsage(debit, amount, ts);
    if (root !== 0 && root !== debit) {
      if (add) this.addUsage(root, amount, ts);
      else this.refundUsage(root, amount, ts);
    }
  }

  /** Gives back usage counted by a hold, but only within the day and year it was counted in. */
  private refundUsage(num: number, amount: number, heldTs: number): void {
    if (amount === 0) return;
    const a = this.accounts;
    if (a.day_key[num] === this.dayOf(heldTs))
      this.set(a.day_out, num, Math.max(0, a.day_out[num]! - amount));
    if (a.year_key[num] === this.yearOf(heldTs))
      this.set(a.year_out, num, Math.max(0, a.year_out[num]! - amount));
  }

  private addPending(record: PendingRecord): void {
    this.pendingBySeq.set(record.seq, record);
    if (record.id !== null) this.pendingSeqById.set(record.id, record.seq);
    if (record.parent_seq !== 0) {
      const parent = this.pendingBySeq.get(record.parent_seq);
      if (parent === undefined)
        throw new Error(`settlement ${record.seq} has no pending transfer ${record.parent_seq}`);
      parent.settle_seq = record.seq;
    }
    // Settlement legs are resolved with their transfer, so only transfers wait in the expiry heap.
    if (record.expires_at !== 0 && record.parent_seq === 0) this.expiries.push(record);
    if (this.undo !== null) {
      this.undo.push(() => {
        this.pendingBySeq.delete(record.seq);
        if (record.id !== null) this.pendingSeqById.delete(record.id);
        if (record.parent_seq !== 0) {
          const parent = this.pendingBySeq.get(record.parent_seq);
          if (parent !== undefined) parent.settle_seq = 0;
        }
      });
    }
  }

  private removePending(record: PendingRecord): void {
    this.pendingBySeq.delete(record.seq);
    if (record.id !== null) this.pendingSeqById.delete(record.id);
    if (this.undo !== null) {
      this.undo.push(() => {
        this.pendingBySeq.set(record.seq, record);
        if (record.id !== null) this.pendingSeqById.set(record.id, record.seq);
      });
    }
  }

  /** Records that payeeVault owes payerVault `amount` more at the end of this batch. */
  oweSettlement(payeeVault: number, payerVault: number, amount: number): void {
    let row = this.settlement.get(payeeVault);
    if (row === undefined) {
      row = new Map();
      this.settlement.set(payeeVault, row);
    }
    const before = row.get(payerVault) ?? 0;
    const debitBefore = this.settlementDebit.get(payeeVault) ?? 0;
    row.set(payerVault, before + amount);
    this.settlementDebit.set(payeeVault, debitBefore + amount);
    if (this.undo !== null) {
      const owed = row;
      this.undo.push(() => {
        owed.set(payerVault, before);
        this.settlementDebit.set(payeeVault, debitBefore);
      });
    }
  }

  /** Sets one element of a column, recording how to undo it inside a linked chain. */
  set(column: Float64Array | Int32Array | number[], index: number, value: number): void {
    if (this.undo !== null) {
      const old = column[index]!;
      this.undo.push(() => {
        column[index] = old;
      });
    }
    column[index] = value;
  }

  /** True while the heap's top is a live hold whose time has come. */
  nextExpired(now: number): PendingRecord | undefined {
    for (;;) {
      const top = this.expiries.peek();
      if (top === undefined || top.expires_at > now) return undefined;
      if (this.pendingBySeq.get(top.seq) === top) return top;
      this.expiries.pop();
    }
  }

  /** Earliest time-driven work: a live hold's expiry or a payments deadline or run; 0 if none. */
  nextExpiryAt(): number {
    const due = this.payments.nextDueAt();
    for (;;) {
      const top = this.expiries.peek();
      if (top === undefined) return due;
      if (this.pendingBySeq.get(top.seq) === top)
        return due === 0 ? top.expires_at : Math.min(due, top.expires_at);
      this.expiries.pop();
    }
  }
}
