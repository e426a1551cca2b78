import { type AuditEntry, type AuditLog, encodeAuditEntry, type JsonObject } from '../audit/index.ts';
import { TongbaoError } from '../errors/index.ts';
import type { CompiledWrite } from '../store/index.ts';
import { AUDIT_GROUP_ENTRIES_MAX, AUDIT_QUEUE_ENTRIES_MAX } from './limits.ts';

/** What a caller logs: who did what to what. The time is the recorder's. */
export interface AuditDraft {
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly details: JsonObject;
}

/** Writes to commit with the entries, built once their indices are known (the first entry's index). */
export type Attach = (firstIndex: number) => readonly CompiledWrite[];

interface Waiting {
  readonly drafts: readonly AuditDraft[];
  readonly attach: Attach | undefined;
  readonly resolve: (entries: AuditEntry[]) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The only writer of the node's audit log. Callers from many requests are grouped into one append
 * (one transaction, one fsync) while the previous one is being written, as the engine does with
 * commands, so the log keeps up with tens of thousands of entries a second. A caller's promise resolves
 * once its entries are durable; writes it attaches commit in the same transaction (a key, a reveal
 * decision, an outbox deletion), so the state change and its record cannot be separated.
 */
export class AuditRecorder {
  private readonly queue: Waiting[] = [];
  private queued = 0;
  private running = false;
  private checkpointWanted = false;
  private failure: Error | null = null;
  onFatal: (error: Error) => void = () => {};

  constructor(
    readonly log: AuditLog,
    private readonly clock: () => number = Date.now,
  ) {}

  record(drafts: AuditDraft | readonly AuditDraft[], attach?: Attach): Promise<AuditEntry[]> {
    const list = Array.isArray(drafts) ? (drafts as readonly AuditDraft[]) : [drafts as AuditDraft];
    if (this.failure !== null)
      return Promise.reject(new TongbaoError('engine_stopped', 'the audit log has failed'));
    if (list.length === 0 || list.length > AUDIT_GROUP_ENTRIES_MAX)
      return Promise.reject(new Error(`an audit record holds 1-${AUDIT_GROUP_ENTRIES_MAX} entries`));
    if (this.queued + list.length > AUDIT_QUEUE_ENTRIES_MAX) {
      return Promise.reject(
        new TongbaoError('queue_full', 'the audit log is at capacity; retry after 1 s', undefined, {
          retry_after_s: 1,
        }),
      );
    }
    try {
      // An entry the log would refuse must fail its own caller here, not the group it would join.
      for (const d of list) encodeAuditEntry({ index: 0, ts_ms: 0, ...d });
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ drafts: list, attach, resolve, reject });
      this.queued += list.length;
      this.kick();
    });
  }

  /** Signs a checkpoint if one is due by time (called from a timer); ordered with appends. */
  checkpointIfDue(): void {
    this.checkpointWanted = true;
    this.kick();
  }

  /** Waits for everything queued, then signs a checkpoint over it (at shutdown). */
  async close(): Promise<void> {
    while ((this.running || this.queue.length > 0) && this.failure === null)
      await new Promise((r) => setTimeout(r, 2));
    if (this.failure === null) await this.log.checkpointNow();
  }

  get failed(): Error | null {
    return this.failure;
  }

  private kick(): void {
    if (this.running || this.failure !== null) return;
    this.running = true;
    setImmediate(() => {
      this.run()
        .catch((error: unknown) => this.fail(error instanceof Error ? error : new Error(String(error))))
        .finally(() => {
          this.running = false;
          if (this.failure === null && (this.queue.length > 0 || this.checkpointWanted)) this.kick();
        });
    });
  }

  private async run(): Promise<void> {
    while (this.queue.length > 0) {
      const group: Waiting[] = [];
      let count = 0;
      while (
        this.queue.length > 0 &&
        (group.length === 0 || count + this.queue[0]!.drafts.length <= AUDIT_GROUP_ENTRIES_MAX)
      ) {
        const w = this.queue.shift()!;
        group.push(w);
        count += w.drafts.length;
      }
      this.queued -= count;
      await this.append(group);
    }
    if (this.checkpointWanted) {
      this.checkpointWanted = false;
      await this.log.checkpointIfDue();
    }
  }

  private async append(group: readonly Waiting[]): Promise<void> {
    const ts_ms = this.clock();
    const first = this.log.size;
    const drafts = [];
    const attached: CompiledWrite[] = [];
    let index = first;
    for (const w of group) {
      if (w.attach !== undefined) for (const q of w.attach(index)) attached.push(q);
      for (const d of w.drafts) drafts.push({ ts_ms, ...d });
      index += w.drafts.length;
    }
    let entries: readonly AuditEntry[];
    try {
      entries = (await this.log.append(drafts, attached)).entries;
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      for (const w of group) w.reject(e);
      throw e;
    }
    if (entries[0]?.index !== first) throw new Error('the audit log was appended to by another writer');
    let at = 0;
    for (const w of group) {
      w.resolve(entries.slice(at, at + w.drafts.length));
      at += w.drafts.length;
    }
  }

  private fail(error: Error): void {
    if (this.failure !== null) return;
    this.failure = error;
    for (const w of this.queue) w.reject(error);
    this.queue.length = 0;
    this.queued = 0;
    this.onFatal(error);
  }
}
