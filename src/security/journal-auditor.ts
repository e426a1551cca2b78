import type { Kysely } from 'kysely';
import type { Engine } from '../engine/index.ts';
import type { JournalRow } from '../ledger/index.ts';
import type { SecurityDatabase } from '../store/security-schema.ts';
import type { AuditRecorder } from './audit-recorder.ts';
import type { JournalHasher } from './journal-hasher.ts';
import {
  JOURNAL_BACKLOG_ROWS_MAX,
  JOURNAL_BATCH_LINGER_MS,
  JOURNAL_BATCH_ROWS_MAX,
  JOURNAL_DEFER_ABOVE_ROWS_PER_S,
  JOURNAL_DEFER_POLL_MS,
} from './limits.ts';

export const JOURNAL_BATCH_ACTION = 'journal.batch';
/** After a failure (a database hiccup), the auditor tries again after this long. */
const RETRY_MS = 1_000;
/** The commit rate is measured over this window. */
const RATE_WINDOW_MS = 1_000;

export interface LoggedBatch {
  readonly first_seq: number;
  readonly last_seq: number;
  readonly entry_idx: number;
  readonly root: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Logs the committed journal batch by batch: one audit entry per batch of rows (at most
 * JOURNAL_BATCH_ROWS_MAX) carrying their Merkle root, never one per transfer.
 *
 * It learns how far the journal is committed from the engine's commit events; the rows themselves are
 * read and hashed by the hasher thread, so the payment path carries nothing but a seq. Its durable
 * cursor is `audit_journal`, written in the same transaction as each entry, which is stronger than a
 * follower cursor committed beside the entry: a restart resumes exactly after the last logged row, and
 * no row is logged twice or skipped. (An engine follower would also have the engine re-read every row
 * on the main thread whenever the auditor fell behind, which is the work this design moves away.)
 */
export class JournalAuditor {
  private target: number;
  private running = false;
  private stopping = false;
  private stopped = false;
  private lastError: string | null = null;
  /** When the last batch was logged (0: never, so the first is logged at once). */
  private lastLogged = 0;
  private retry: NodeJS.Timeout | null = null;
  /** (time, committed seq) at the start of the current rate window, and the rate it measured. */
  private windowStart = { ts: Date.now(), seq: 0 };
  private rate = 0;
  private readonly onCommit = (rows: readonly JournalRow[]) => {
    const last = rows[rows.length - 1];
    if (last === undefined) return;
    if (last.seq > this.target) this.target = last.seq;
    const now = Date.now();
    if (now - this.windowStart.ts >= RATE_WINDOW_MS) {
      this.rate = ((this.target - this.windowStart.seq) * 1000) / (now - this.windowStart.ts);
      this.windowStart = { ts: now, seq: this.target };
    }
    this.kick();
  };

  private constructor(
    private readonly db: Kysely<SecurityDatabase>,
    private readonly recorder: AuditRecorder,
    private readonly hasher: JournalHasher,
    private readonly engine: Engine,
    private covered: number,
  ) {
    this.target = engine.committed;
    this.windowStart = { ts: Date.now(), seq: this.target };
    engine.on('commit', this.onCommit);
  }

  static async open(
    db: Kysely<SecurityDatabase>,
    recorder: AuditRecorder,
    hasher: JournalHasher,
    engine: Engine,
  ): Promise<JournalAuditor> {
    const row = await db
      .selectFrom('audit_journal')
      .select((eb) => eb.fn.max('last_seq').as('m'))
      .executeTakeFirst();
    return new JournalAuditor(db, recorder, hasher, engine, Number(row?.m ?? 0));
  }

  status(): { covered_seq: number; committed_seq: number; error: string | null } {
    return { covered_seq: this.covered, committed_seq: this.target, error: this.lastError };
  }

  /** Starts logging what is committed but not yet covered (after a restart, the tail it missed). */
  kick(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    this.run()
      .then(() => {
        this.lastError = null;
      })
      .catch((error: unknown) => {
        this.lastError = error instanceof Error ? error.message : String(error);
        if (!this.stopped) this.retry = setTimeout(() => this.kick(), RETRY_MS);
      })
      .finally(() => {
        this.running = false;
      });
  }

  /** Waits until every row committed so far is logged, or the deadline passes; then stops. */
  async stop(deadlineMs: number): Promise<boolean> {
    this.engine.off('commit', this.onCommit);
    this.stopping = true;
    const until = Date.now() + deadlineMs;
    this.kick();
    while (this.covered < this.target && Date.now() < until) {
      if (!this.running) this.kick();
      await sleep(10);
    }
    this.stopped = true;
    if (this.retry !== null) clearTimeout(this.retry);
    while (this.running) await sleep(5);
    return this.covered >= this.target;
  }

  /** The logged batch holding a journal row, if it is logged yet. */
  async batchOf(seq: number): Promise<LoggedBatch | undefined> {
    const row = await this.db
      .selectFrom('audit_journal')
      .selectAll()
      .where('first_seq', '<=', seq)
      .orderBy('first_seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (row === undefined || Number(row.last_seq) < seq) return undefined;
    return {
      first_seq: Number(row.first_seq),
      last_seq: Number(row.last_seq),
      entry_idx: Number(row.entry_idx),
      root: row.root,
    };
  }

  /** While the node commits at full speed, wait (unless too much is waiting, or the node is stopping). */
  private deferred(): boolean {
    if (this.stopping || this.target - this.covered >= JOURNAL_BACKLOG_ROWS_MAX) return false;
    // A rate measured long ago says nothing about now: no commits for a window means idle.
    if (Date.now() - this.windowStart.ts > 2 * RATE_WINDOW_MS) this.rate = 0;
    return this.rate > JOURNAL_DEFER_ABOVE_ROWS_PER_S;
  }

  private async run(): Promise<void> {
    while (!this.stopped && this.covered < this.target) {
      if (this.deferred()) {
        await sleep(JOURNAL_DEFER_POLL_MS);
        continue;
      }
      const linger = this.lastLogged + JOURNAL_BATCH_LINGER_MS - Date.now();
      if (!this.stopping && linger > 0 && this.target - this.covered < JOURNAL_BATCH_ROWS_MAX) {
        await sleep(Math.min(linger, JOURNAL_DEFER_POLL_MS));
        continue;
      }
      const first = this.covered + 1;
      const last = Math.min(this.target, this.covered + JOURNAL_BATCH_ROWS_MAX);
      const { root, rows } = await this.hasher.root(first, last);
      await this.recorder.record(
        {
          actor: 'system',
          action: JOURNAL_BATCH_ACTION,
          subject: `journal:${first}-${last}`,
          details: { first_seq: first, last_seq: last, rows, root },
        },
        (entry_idx) => [
          this.db
            .insertInto('audit_journal')
            .values({ first_seq: first, last_seq: last, entry_idx, root })
            .compile(),
        ],
      );
      this.covered = last;
      this.lastLogged = Date.now();
    }
  }
}
