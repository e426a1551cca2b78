import type { Kysely } from 'kysely';
import type { JournalFollower } from '../engine/index.ts';
import type { JournalRow } from '../ledger/index.ts';
import type { SecurityDatabase } from '../store/security-schema.ts';
import type { AuditRecorder } from './audit-recorder.ts';
import type { JournalHasher } from './journal-hasher.ts';
import { JOURNAL_BATCH_ROWS_MAX } from './limits.ts';

export const JOURNAL_BATCH_ACTION = 'journal.batch';
/** After a failure (a database hiccup), the auditor tries again after this long. */
const RETRY_MS = 1_000;

export interface LoggedBatch {
  readonly first_seq: number;
  readonly last_seq: number;
  readonly entry_idx: number;
  readonly root: string;
}

/**
 * Logs the committed journal batch by batch: one audit entry per batch of rows (at most
 * JOURNAL_BATCH_ROWS_MAX) carrying their Merkle root, never one per transfer. It follows the journal
 * as an engine follower, but only to learn how far it is committed: the rows are read and hashed by
 * the hasher thread, and what is covered is known from `audit_journal`, written in the same transaction
 * as each entry. So a restart resumes exactly after the last logged row, whatever the follower cursor
 * says, and nothing is logged twice or skipped.
 */
export class JournalAuditor {
  private target: number;
  private running = false;
  private stopped = false;
  private lastError: string | null = null;
  private retry: NodeJS.Timeout | null = null;

  private constructor(
    private readonly db: Kysely<SecurityDatabase>,
    private readonly recorder: AuditRecorder,
    private readonly hasher: JournalHasher,
    private covered: number,
    committed: number,
  ) {
    this.target = committed;
  }

  static async open(
    db: Kysely<SecurityDatabase>,
    recorder: AuditRecorder,
    hasher: JournalHasher,
    committed: number,
  ): Promise<JournalAuditor> {
    const row = await db
      .selectFrom('audit_journal')
      .select((eb) => eb.fn.max('last_seq').as('m'))
      .executeTakeFirst();
    return new JournalAuditor(db, recorder, hasher, Number(row?.m ?? 0), committed);
  }

  readonly follower: JournalFollower = {
    name: 'audit-journal',
    process: (rows: readonly JournalRow[]) => {
      const last = rows[rows.length - 1];
      if (last !== undefined && last.seq > this.target) this.target = last.seq;
      this.kick();
      return [];
    },
  };

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
    const until = Date.now() + deadlineMs;
    this.kick();
    while (this.covered < this.target && Date.now() < until) {
      if (!this.running) this.kick();
      await new Promise((r) => setTimeout(r, 10));
    }
    this.stopped = true;
    if (this.retry !== null) clearTimeout(this.retry);
    while (this.running) await new Promise((r) => setTimeout(r, 5));
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

  private async run(): Promise<void> {
    while (!this.stopped && this.covered < this.target) {
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
    }
  }
}
