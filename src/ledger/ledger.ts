import type { NodeConfig } from '../config/index.ts';
import { isTongbaoError, TongbaoError } from '../errors/index.ts';
import type { Command, CommandResult, CommandValue, TransferRecord } from './commands.ts';
import { hashId } from './id-index.ts';
import type { JournalRow } from './journal.ts';
import { reusedVoucherId } from './offline.ts';
import { applyPayment, restoreObject, runDue } from './payments.ts';
import type { StoredObject } from './payments-state.ts';
import { type KnownTransfers, needsLookup } from './resolve.ts';
import { LedgerState, type OperatorState } from './state.ts';
import { applyPost, applyTransfer, applyVoid, expireDue, type Registrar, settleBatch } from './transfers.ts';
import { applyExchange, applyIssue, registerOperator } from './treasury.ts';
import {
  type AccountEvent,
  changeCategory,
  closeWallet,
  freezeWallet,
  openWallet,
  unfreezeWallet,
} from './wallets.ts';

/** Largest batch of commands applied and committed together (TigerBeetle's figure for one message). */
export const BATCH_COMMANDS_MAX = 8190;
/** Holds voided by timeout in one batch; more wait for the next batch. */
export const EXPIRIES_PER_BATCH_MAX = 8190;

/** Commands that arrived together; a linked submission commits all of its commands or none. */
export interface Submission {
  readonly commands: readonly Command[];
  readonly linked: boolean;
}

/** What one applied batch produced: the rows and changes to commit, and the reply to each command. */
export interface BatchOutput {
  readonly ts: number;
  readonly rows: JournalRow[];
  /** Accounts created by this batch: numbers first_new_account..last_new_account. */
  readonly first_new_account: number;
  readonly last_new_account: number;
  readonly new_operators: readonly OperatorState[];
  readonly events: readonly AccountEvent[];
  /** Holder details of wallets opened by this batch, by account number. */
  readonly holders: ReadonlyMap<number, string>;
  readonly results: CommandResult[][];
  readonly expired: number;
  /** Payments objects (devices, conditions, schedules, profiles, sub-wallets) changed by this batch. */
  readonly objects: readonly StoredObject[];
}

/**
 * The deterministic state machine: applies batches of commands, in order, against state in memory,
 * and returns what to commit. No I/O and no clock: time comes in with each batch.
 */
export class Ledger {
  readonly state: LedgerState;

  constructor(config: NodeConfig) {
    this.state = new LedgerState(config);
  }

  /** Ids the engine must look up in storage (and pass as `known`) before applying these submissions. */
  idsNeedingLookup(submissions: readonly Submission[]): string[] {
    const ids: string[] = [];
    for (const submission of submissions) {
      for (const cmd of submission.commands) {
        const id = 'id' in cmd ? cmd.id : 'pending_id' in cmd ? cmd.pending_id : null;
        if (id !== null && cmd.type !== 'register_operator' && needsLookup(this.state, id)) ids.push(id);
        if (cmd.type === 'settle_voucher') {
          // A second voucher under a used counter is stored under its own id: look that up too.
          const second = reusedVoucherId(cmd.payer_device, cmd.counter, cmd.digest);
          if (needsLookup(this.state, second)) ids.push(second);
        }
      }
    }
    return ids;
  }

  applyBatch(submissions: readonly Submission[], ts: number, known: KnownTransfers): BatchOutput {
    const s = this.state;
    if (!(ts >= s.lastTs)) throw new Error(`batch time ${ts} is before the previous batch ${s.lastTs}`);
    s.lastTs = ts;
    s.rows = [];
    const firstNew = s.accounts.count + 1;
    const operatorsBefore = s.operators.length;
    const events: AccountEvent[] = [];
    const holders = new Map<number, string>();
    const expired = expireDue(s, ts, EXPIRIES_PER_BATCH_MAX);
    const direct: Registrar = { chain: null, register: (r, hash) => this.register(r, hash) };
    runDue(s, ts, direct);
    const results = submissions.map((submission) =>
      submission.linked
        ? this.applyLinked(submission.commands, ts, known)
        : submission.commands.map((cmd) => this.applyOne(cmd, ts, known, direct, events, holders)),
    );
    settleBatch(s, ts);
    return {
      ts,
      rows: s.rows,
      first_new_account: firstNew,
      last_new_account: s.accounts.count,
      new_operators: s.operators.slice(operatorsBefore) as OperatorState[],
      events,
      holders,
      results,
      expired,
      objects: s.payments.takeDirty(),
    };
  }

  /** Loads a stored payments object on restart, before the journal tail is replayed. */
  restoreObject(stored: StoredObject): void {
    restoreObject(this.state, stored);
  }

  /** Applies one restored row on restart (balances, holds, usage), exactly as when it was committed. */
  replayRow(row: JournalRow): void {
    this.state.applyRow(row);
    this.state.lastSeq = row.seq;
    if (row.ts > this.state.lastTs) this.state.lastTs = row.ts;
  }

  /** Sizes the idempotency index for a restart that will add up to `count` ids. */
  reserveIds(count: number): void {
    this.state.idIndex.reserve(count);
  }

  /** Adds a stored transfer id to the idempotency index while loading. */
  indexId(id_hash: number, seq: number): void {
    this.state.idIndex.insert(id_hash, seq);
  }

  private register(record: TransferRecord, id_hash: number): void {
    this.state.idIndex.insert(id_hash, record.seq);
    this.state.recent.add(record);
  }

  private applyOne(
    cmd: Command,
    ts: number,
    known: KnownTransfers,
    registrar: Registrar,
    events: AccountEvent[],
    holders: Map<number, string>,
  ): CommandResult {
    try {
      return { ok: true, value: this.dispatch(cmd, ts, known, registrar, events, holders) };
    } catch (error) {
      if (isTongbaoError(error)) return { ok: false, error };
      throw error;
    }
  }

  private dispatch(
    cmd: Command,
    ts: number,
    known: KnownTransfers,
    registrar: Registrar,
    events: AccountEvent[],
    holders: Map<number, string>,
  ): CommandValue {
    const s = this.state;
    switch (cmd.type) {
      case 'transfer':
        return applyTransfer(s, cmd, ts, known, registrar);
      case 'post':
        return applyPost(s, cmd, ts, known);
      case 'void':
        return applyVoid(s, cmd, ts, known);
      case 'issue':
      case 'redeem':
        return applyIssue(s, cmd, ts, known, registrar);
      case 'exchange':
        return applyExchange(s, cmd, ts, known, registrar);
      case 'register_operator':
        return { operator: registerOperator(s, cmd, ts).operator.num };
      case 'open_wallet': {
        const num = openWallet(s, cmd, ts, events);
        if (cmd.holder !== null) holders.set(num, cmd.holder);
        return { num };
      }
      case 'change_category':
        return { num: changeCategory(s, cmd, ts, events) };
      case 'close_wallet':
        return { num: closeWallet(s, cmd, ts, events) };
      case 'freeze':
        return { num: freezeWallet(s, cmd, ts, events) };
      case 'unfreeze':
        return { num: unfreezeWallet(s, cmd, ts, events) };
      default:
        return applyPayment(s, cmd, ts, known, registrar);
    }
  }

  /** All transfers of the chain commit, or none: on the first refusal every change is taken back. */
  private applyLinked(commands: readonly Command[], ts: number, known: KnownTransfers): CommandResult[] {
    const s = this.state;
    const chain = new Map<string, TransferRecord>();
    const registrar: Registrar = { chain, register: (r) => chain.set(r.id, r) };
    const undo: Array<() => void> = [];
    const results: CommandResult[] = [];
    s.undo = undo;
    let failedAt = -1;
    try {
      for (let i = 0; i < commands.length; i += 1) {
        const cmd = commands[i]!;
        if (cmd.type !== 'transfer') throw new Error('linked submissions hold transfers only');
        try {
          results.push({ ok: true, value: applyTransfer(s, cmd, ts, known, registrar) });
        } catch (error) {
          if (!isTongbaoError(error)) throw error;
          results.push({ ok: false, error });
          failedAt = i;
          break;
        }
      }
    } finally {
      s.undo = null;
    }
    if (failedAt < 0) {
      for (const record of chain.values()) this.register(record, hashId(record.id));
      return results;
    }
    for (let i = undo.length - 1; i >= 0; i -= 1) undo[i]!();
    const failure = results[failedAt]!;
    return commands.map((_, i) =>
      i === failedAt
        ? failure
        : {
            ok: false,
            error: new TongbaoError(
              'linked_event_failed',
              `transfer ${failedAt} of the linked batch was refused`,
              `transfers/${i}`,
            ),
          },
    );
  }
}
