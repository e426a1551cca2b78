import { EventEmitter } from 'node:events';
import type { NodeConfig } from '../config/index.ts';
import { TongbaoError } from '../errors/index.ts';
import {
  BATCH_COMMANDS_MAX,
  type BatchOutput,
  CheckpointTracker,
  type Command,
  type CommandResult,
  currentStatus,
  type JournalRow,
  type KnownTransfers,
  type Ledger,
  type LedgerState,
  recentById,
  type Submission,
  type TransferRecord,
} from '../ledger/index.ts';
import { encodeBatch, type Store } from '../store/index.ts';
import { Followers } from './followers.ts';
import {
  CHECKPOINT_INTERVAL_MS,
  CHECKPOINT_ROWS_MAX,
  PIPELINE_DEPTH_MAX,
  QUEUE_COMMANDS_MAX,
  RETRY_AFTER_S,
} from './limits.ts';
import { type LoadReport, loadLedger } from './loader.ts';
import { fetchByIds, recordFromRows } from './lookup.ts';

interface Queued {
  readonly submission: Submission;
  readonly resolve: (results: CommandResult[]) => void;
  readonly reject: (error: Error) => void;
}

interface InFlight {
  readonly last_seq: number;
  readonly waiters: Queued[];
  readonly results: CommandResult[][];
  readonly rows: JournalRow[];
}

export interface EngineStats {
  readonly applied_seq: number;
  readonly committed_seq: number;
  readonly queued_commands: number;
  readonly in_flight_batches: number;
  readonly batches: number;
  readonly commands: number;
  readonly last_batch_commands: number;
  readonly checkpoint_seq: number;
}

export interface EngineOptions {
  readonly store: Store;
  readonly config: NodeConfig;
  /** Wall clock in ms; tests pass their own to move time. */
  readonly clock?: () => number;
  readonly onLoadProgress?: (stage: string) => void;
}

/**
 * The single writer. Commands queue (bounded), are applied in batches by the ledger, committed to
 * storage in one transaction per batch and only then answered (group commit). While one batch is
 * being written the next is applied, so the CPU and the disk work at the same time.
 */
export class Engine extends EventEmitter {
  readonly followers: Followers;
  private readonly queue: Queued[] = [];
  private queuedCommands = 0;
  private readonly inFlight: InFlight[] = [];
  private pumping = false;
  private stopped = false;
  private failure: Error | null = null;
  private committedSeq: number;
  private readonly durableWaiters: Array<{ seq: number; resolve: () => void; reject: (e: Error) => void }> =
    [];
  private readonly tracker: CheckpointTracker;
  private lastCheckpointAt: number;
  private checkpointSeq: number;
  private expiryTimer: NodeJS.Timeout | null = null;
  private batches = 0;
  private commands = 0;
  private lastBatchCommands = 0;
  private readonly clock: () => number;

  private constructor(
    readonly ledger: Ledger,
    readonly store: Store,
    readonly config: NodeConfig,
    readonly loadReport: LoadReport,
    clock: () => number,
  ) {
    super();
    this.clock = clock;
    this.committedSeq = ledger.state.lastSeq;
    this.checkpointSeq = loadReport.checkpoint_seq;
    this.tracker = new CheckpointTracker(ledger.state.pendingBySeq.keys());
    this.lastCheckpointAt = clock();
    this.followers = new Followers(store, () => this.committedSeq);
    this.armExpiryTimer();
  }

  static async open(options: EngineOptions): Promise<Engine> {
    const { ledger, report } = await loadLedger(options.store, options.config, options.onLoadProgress);
    return new Engine(ledger, options.store, options.config, report, options.clock ?? Date.now);
  }

  get state(): LedgerState {
    return this.ledger.state;
  }

  /** Queues commands; resolves with one result per command once their batch is durable. */
  submit(commands: readonly Command[], linked = false): Promise<CommandResult[]> {
    if (this.failure !== null || this.stopped) return Promise.reject(new TongbaoError('engine_stopped'));
    if (commands.length > BATCH_COMMANDS_MAX) {
      return Promise.reject(
        new TongbaoError('batch_too_large', `at most ${BATCH_COMMANDS_MAX} commands per batch`),
      );
    }
    if (this.queuedCommands + commands.length > QUEUE_COMMANDS_MAX) {
      return Promise.reject(
        new TongbaoError('queue_full', `the node is at capacity; retry after ${RETRY_AFTER_S} s`, undefined, {
          retry_after_s: RETRY_AFTER_S,
        }),
      );
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ submission: { commands, linked }, resolve, reject });
      this.queuedCommands += commands.length;
      this.schedule();
    });
  }

  /**
   * Reads state consistently: the value reflects every command applied so far, and is returned only
   * once all of those are durable, so a reader never sees what a crash could take back.
   */
  async read<T>(fn: (state: LedgerState, now: number) => T): Promise<T> {
    const value = fn(this.ledger.state, this.clock());
    await this.durable(this.ledger.state.lastSeq);
    return value;
  }

  /** A transfer by client id, with its current status; undefined if no such transfer exists. */
  async getTransfer(id: string): Promise<TransferRecord | undefined> {
    const state = this.ledger.state;
    const recent = recentById(state, id);
    if (recent !== undefined) {
      const value = currentStatus(state, recent);
      await this.durable(state.lastSeq);
      return value;
    }
    const found = await fetchByIds(this.ledger, this.store, [id]);
    return found.get(id);
  }

  /**
   * Transfers that moved money in or out of an account (payments, exchanges, issuance), newest first,
   * with their current status, following the per-account links in the journal instead of an index.
   * Resolution and settlement rows are not listed on their own: they show as the status of their transfer.
   */
  async accountTransfers(num: number, beforeSeq: number, limit: number): Promise<TransferRecord[]> {
    const state = this.ledger.state;
    let next = state.accounts.last_seq[num] ?? 0;
    // Everything up to the account's last row must be durable before storage is read for it.
    await this.durable(state.lastSeq);
    const rows: JournalRow[] = [];
    let steps = 0;
    while (next > 0 && rows.length < limit) {
      const [row] = await this.store.getRows([next]);
      if (row === undefined) throw new Error(`journal row ${next} is missing`);
      if (row.seq < beforeSeq && row.id !== null) rows.push(row);
      next = row.debit === num ? row.debit_prev : row.credit_prev;
      steps += 1;
      if (steps > ACCOUNT_WALK_ROWS_MAX) break;
    }
    const pendingSeqs = rows
      .filter((r) => (r.flags & 1) !== 0 && !state.pendingBySeq.has(r.seq))
      .map((r) => r.seq);
    const resolutions = new Map<number, JournalRow>();
    if (pendingSeqs.length > 0)
      for (const r of await this.store.getResolutions(pendingSeqs)) resolutions.set(r.ref_seq, r);
    return rows.map((r) => recordFromRows(r, resolutions.get(r.seq)));
  }

  stats(): EngineStats {
    return {
      applied_seq: this.ledger.state.lastSeq,
      committed_seq: this.committedSeq,
      queued_commands: this.queuedCommands,
      in_flight_batches: this.inFlight.length,
      batches: this.batches,
      commands: this.commands,
      last_batch_commands: this.lastBatchCommands,
      checkpoint_seq: this.checkpointSeq,
    };
  }

  get committed(): number {
    return this.committedSeq;
  }

  /** Resolves when everything applied up to seq is durable. */
  durable(seq: number): Promise<void> {
    if (seq <= this.committedSeq) return Promise.resolve();
    if (this.failure !== null) return Promise.reject(new TongbaoError('engine_stopped'));
    return new Promise((resolve, reject) => this.durableWaiters.push({ seq, resolve, reject }));
  }

  /** Stops taking commands, drains the queue, writes a final checkpoint. The store stays open. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.expiryTimer !== null) clearTimeout(this.expiryTimer);
    while ((this.queue.length > 0 || this.inFlight.length > 0) && this.failure === null) {
      this.schedule();
      await new Promise((r) => setTimeout(r, 5));
    }
    await this.followers.stop();
    if (this.failure === null) {
      const checkpoint = this.tracker.take(this.ledger.state);
      await this.store.commit({
        ...encodeBatch(emptyOutput(this.ledger.state.lastTs), this.ledger.state, checkpoint),
      });
      this.checkpointSeq = checkpoint.seq;
    }
  }

  private schedule(): void {
    if (!this.pumping) {
      this.pumping = true;
      setImmediate(() => {
        this.pump().catch((error: unknown) =>
          this.fail(error instanceof Error ? error : new Error(String(error))),
        );
      });
    }
  }

  private async pump(): Promise<void> {
    try {
      while (this.failure === null && this.inFlight.length < PIPELINE_DEPTH_MAX) {
        const expiryDue =
          this.ledger.state.nextExpiryAt() !== 0 && this.ledger.state.nextExpiryAt() <= this.clock();
        if (this.queue.length === 0 && !expiryDue) break;
        await this.applyNext();
      }
    } finally {
      this.pumping = false;
    }
  }

  private async applyNext(): Promise<void> {
    const taken: Queued[] = [];
    let count = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      const n = next.submission.commands.length;
      if (taken.length > 0 && count + n > BATCH_COMMANDS_MAX) break;
      this.queue.shift();
      taken.push(next);
      count += n;
    }
    this.queuedCommands -= count;
    const submissions = taken.map((q) => q.submission);
    const ids = this.ledger.idsNeedingLookup(submissions);
    const known: KnownTransfers =
      ids.length === 0 ? EMPTY_KNOWN : await fetchByIds(this.ledger, this.store, ids);
    const ts = Math.max(this.clock(), this.ledger.state.lastTs);
    let out: BatchOutput;
    try {
      out = this.ledger.applyBatch(submissions, ts, known);
    } catch (error) {
      // An assertion inside the state machine: memory can no longer be trusted. Stop before committing.
      for (const q of taken) q.reject(new TongbaoError('engine_stopped'));
      throw error;
    }
    const checkpoint = this.checkpointDue(out) ? this.tracker.take(this.ledger.state) : null;
    const payload = encodeBatch(out, this.ledger.state, checkpoint);
    const flight: InFlight = {
      last_seq: this.ledger.state.lastSeq,
      waiters: taken,
      results: out.results,
      rows: out.rows,
    };
    this.inFlight.push(flight);
    this.batches += 1;
    this.commands += count;
    this.lastBatchCommands = count;
    if (checkpoint !== null) this.lastCheckpointAt = this.clock();
    this.store.commit(payload).then(
      () => this.onCommitted(flight, checkpoint?.seq),
      (error: unknown) => this.fail(error instanceof Error ? error : new Error(String(error))),
    );
    this.armExpiryTimer();
  }

  private checkpointDue(out: BatchOutput): boolean {
    const rowsSince = this.ledger.state.lastSeq - this.checkpointSeq;
    return (
      out.rows.length > 0 &&
      (rowsSince >= CHECKPOINT_ROWS_MAX || this.clock() - this.lastCheckpointAt >= CHECKPOINT_INTERVAL_MS)
    );
  }

  private onCommitted(flight: InFlight, checkpointSeq: number | undefined): void {
    if (this.inFlight[0] !== flight) throw new Error('commits completed out of order');
    this.inFlight.shift();
    this.committedSeq = flight.last_seq;
    if (checkpointSeq !== undefined) this.checkpointSeq = checkpointSeq;
    for (const [i, q] of flight.waiters.entries()) q.resolve(flight.results[i]!);
    for (let i = this.durableWaiters.length - 1; i >= 0; i -= 1) {
      const w = this.durableWaiters[i]!;
      if (w.seq <= this.committedSeq) {
        this.durableWaiters.splice(i, 1);
        w.resolve();
      }
    }
    if (flight.rows.length > 0) {
      this.followers.notify(flight.rows);
      this.emit('commit', flight.rows);
    }
    this.schedule();
  }

  private armExpiryTimer(): void {
    if (this.expiryTimer !== null) clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
    const at = this.ledger.state.nextExpiryAt();
    if (at === 0 || this.stopped) return;
    // Timers are capped at about 24.8 days; a later expiry is re-armed when this one fires.
    const delay = Math.min(Math.max(0, at - this.clock()) + 1, 2 ** 31 - 1);
    this.expiryTimer = setTimeout(() => this.schedule(), delay);
    this.expiryTimer.unref();
  }

  private fail(error: Error): void {
    if (this.failure !== null) return;
    this.failure = error;
    const stopped = new TongbaoError('engine_stopped');
    for (const f of this.inFlight) for (const q of f.waiters) q.reject(stopped);
    this.inFlight.length = 0;
    for (const q of this.queue) q.reject(stopped);
    this.queue.length = 0;
    this.queuedCommands = 0;
    for (const w of this.durableWaiters) w.reject(stopped);
    this.durableWaiters.length = 0;
    if (this.expiryTimer !== null) clearTimeout(this.expiryTimer);
    this.emit('fatal', error);
  }
}

const EMPTY_KNOWN: KnownTransfers = new Map();
/** Journal rows one history page may walk (resolution rows are skipped, so a page can walk more than it returns). */
export const ACCOUNT_WALK_ROWS_MAX = 10_000;

function emptyOutput(ts: number): BatchOutput {
  return {
    ts,
    rows: [],
    first_new_account: 1,
    last_new_account: 0,
    new_operators: [],
    events: [],
    holders: new Map(),
    results: [],
    expired: 0,
    objects: [],
  };
}
