import type { JournalRow } from '../ledger/index.ts';
import type { CompiledWrite, Store } from '../store/index.ts';
import { FOLLOWER_PAGE_ROWS } from './limits.ts';

/** A consumer of the committed journal, in seq order, with its own durable cursor. */
export interface JournalFollower {
  readonly name: string;
  /**
   * Called with committed rows, in order, never twice for the same row within a run. Returns the writes
   * that record what it did; they are committed in one transaction with the cursor, so after a restart
   * it resumes exactly after the last rows whose effects are stored.
   */
  process?(rows: readonly JournalRow[]): Promise<readonly CompiledWrite[]> | readonly CompiledWrite[];
  /**
   * Instead of `process`: called with a committed seq range (first..last) that the follower reads
   * itself, e.g. from a worker thread with its own connection, so that the engine's thread never
   * materialises rows for it. Same contract for the returned writes.
   */
  processRange?(first: number, last: number): Promise<readonly CompiledWrite[]>;
  /** Called once, before the first rows, with the cursor it resumes from. */
  start?(cursor: number): Promise<void> | void;
}

/** A follower's writes and cursor are flushed after this long or this many writes, whichever first. */
export const FOLLOWER_FLUSH_INTERVAL_MS = 250;
export const FOLLOWER_FLUSH_WRITES_MAX = 10_000;
/** Committed batches buffered per follower in memory; beyond it the follower reads from storage. */
export const FOLLOWER_BUFFER_BATCHES_MAX = 8;
/** Rows one processRange call covers at most. */
export const FOLLOWER_RANGE_ROWS_MAX = 65_536;

class Running {
  cursor = 0;
  private buffer: JournalRow[][] = [];
  private writes: CompiledWrite[] = [];
  private lastFlush = 0;
  private busy = false;
  private stopped = false;
  error: Error | null = null;

  constructor(
    readonly follower: JournalFollower,
    private readonly store: Store,
    private readonly committed: () => number,
    private readonly onError: (name: string, error: Error) => void,
  ) {}

  async init(): Promise<void> {
    this.cursor = await this.store.getCursor(this.follower.name);
    await this.follower.start?.(this.cursor);
    this.lastFlush = Date.now();
  }

  offer(rows: JournalRow[]): void {
    if (this.follower.processRange === undefined) {
      if (this.buffer.length < FOLLOWER_BUFFER_BATCHES_MAX) this.buffer.push(rows);
      else this.buffer = [];
    }
    this.kick();
  }

  kick(): void {
    if (this.busy || this.stopped || this.error !== null) return;
    this.busy = true;
    this.run()
      .catch((error: unknown) => {
        this.error = error instanceof Error ? error : new Error(String(error));
        this.onError(this.follower.name, this.error);
      })
      .finally(() => {
        this.busy = false;
        // A commit that arrived during the final flush found the follower busy; look again.
        if (!this.stopped && this.error === null && this.cursor < this.committed()) this.kick();
      });
  }

  private async run(): Promise<void> {
    const { process, processRange } = this.follower;
    while (!this.stopped && this.cursor < this.committed()) {
      let writes: readonly CompiledWrite[];
      if (processRange !== undefined) {
        const last = Math.min(this.committed(), this.cursor + FOLLOWER_RANGE_ROWS_MAX);
        writes = await processRange.call(this.follower, this.cursor + 1, last);
        this.cursor = last;
      } else {
        const rows = this.nextFromBuffer() ?? (await this.store.readRows(this.cursor, FOLLOWER_PAGE_ROWS));
        if (rows.length === 0) break;
        if (rows[0]!.seq !== this.cursor + 1)
          throw new Error(`${this.follower.name}: expected seq ${this.cursor + 1}, got ${rows[0]!.seq}`);
        writes = await process!.call(this.follower, rows);
        this.cursor = rows[rows.length - 1]!.seq;
      }
      for (const w of writes) this.writes.push(w);
      if (
        this.writes.length >= FOLLOWER_FLUSH_WRITES_MAX ||
        Date.now() - this.lastFlush >= FOLLOWER_FLUSH_INTERVAL_MS
      )
        await this.flush();
    }
    if (this.writes.length > 0 || Date.now() - this.lastFlush >= FOLLOWER_FLUSH_INTERVAL_MS)
      await this.flush();
  }

  private nextFromBuffer(): JournalRow[] | undefined {
    while (this.buffer.length > 0) {
      const batch = this.buffer.shift()!;
      const last = batch[batch.length - 1]!.seq;
      if (last <= this.cursor) continue;
      if (batch[0]!.seq > this.cursor + 1) {
        this.buffer = [];
        return undefined;
      }
      return batch.filter((r) => r.seq > this.cursor);
    }
    return undefined;
  }

  async flush(): Promise<void> {
    const writes = this.writes;
    this.writes = [];
    this.lastFlush = Date.now();
    await this.store.write([
      ...writes,
      this.store.cursorWrite(this.follower.name, this.cursor, this.lastFlush),
    ]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    while (this.busy) await new Promise((r) => setTimeout(r, 2));
    if (this.error === null) await this.flush();
  }
}

/** The followers of one engine: each reads the committed journal at its own pace, never blocking commits. */
export class Followers {
  private readonly running: Running[] = [];

  constructor(
    private readonly store: Store,
    private readonly committed: () => number,
  ) {}

  onError: (name: string, error: Error) => void = () => {};

  async add(follower: JournalFollower): Promise<void> {
    if ((follower.process === undefined) === (follower.processRange === undefined)) {
      throw new Error(`follower ${follower.name} must define exactly one of process and processRange`);
    }
    const r = new Running(follower, this.store, this.committed, (name, error) => this.onError(name, error));
    await r.init();
    this.running.push(r);
    r.kick();
  }

  cursor(name: string): number | undefined {
    return this.running.find((r) => r.follower.name === name)?.cursor;
  }

  notify(rows: JournalRow[]): void {
    for (const r of this.running) r.offer(rows);
  }

  async stop(): Promise<void> {
    await Promise.all(this.running.map((r) => r.stop()));
  }
}
