import type { JournalFollower } from '../../engine/index.ts';
import type { JournalRow } from '../../ledger/index.ts';
import type { CompiledWrite, Store } from '../../store/index.ts';
import type { Alert } from '../alerts/alert.ts';
import type { Monitor } from '../monitor.ts';
import { alertWrites } from '../store/alert-writes.ts';
import type { SupervisionDb } from '../store/schema.ts';
import type { CounterpartyAlerts } from './counterparty-alerts.ts';
import type { JournalEvents } from './journal-events.ts';
import { REPLAY_PAGE_ROWS, REPLAY_ROWS_MAX } from './limits.ts';

export const MONITORING_FOLLOWER = 'monitoring';

export interface FollowerStatus {
  readonly state: 'starting' | 'rebuilding' | 'live';
  /** Last journal seq evaluated (the durable cursor trails it by at most one flush). */
  readonly evaluated_seq: number;
  /** The durable cursor this run resumed after. */
  readonly resumed_after: number;
  readonly replay: {
    readonly from_seq: number;
    readonly rows: number;
    readonly events: number;
    readonly ms: number;
  };
  readonly payments: number;
  readonly alert_revisions: number;
  /** Wall-clock time of the last alert revision raised, 0 if none this run. */
  readonly last_alert_ts: number;
  /**
   * Last seq of the rows whose evaluation returned writes: once the durable cursor reaches it, every
   * alert raised so far is stored (the engine may keep the cursor of write-free rows in memory a while).
   */
  readonly last_write_seq: number;
}

export interface MonitorFollowerOptions {
  readonly store: Store;
  readonly db: SupervisionDb;
  readonly monitor: Monitor;
  readonly events: JournalEvents;
  readonly counterparty: CounterpartyAlerts;
  readonly clock: () => number;
  /** Told of every alert revision as it is raised (before its flush), e.g. for live push. */
  readonly onAlerts?: (alerts: readonly Alert[]) => void;
}

const NONE: readonly CompiledWrite[] = Object.freeze([]);

/**
 * Live monitoring: a follower of the committed journal that evaluates every payment with the monitor
 * and persists the alerts it raises in the same transaction as its cursor (the engine commits a
 * follower's writes with its cursor), so after a restart it resumes exactly after the last rows whose
 * alerts are stored: nothing evaluated twice, nothing skipped. It runs behind the engine, never in
 * front of it: payments are acknowledged before monitoring sees them, and a slow follower only lags.
 *
 * On its first rows after a start it rebuilds the monitor's windows by replaying the journal span the
 * rules look back over (`Monitor.replayFrom_ms` of the last evaluated row's commit time, bounded by
 * REPLAY_ROWS_MAX) through the fresh monitor, discarding what that replay raises: every alert those
 * rows produced was persisted with the cursor that covered them.
 */
export class MonitorFollower implements JournalFollower {
  readonly name = MONITORING_FOLLOWER;
  private resumedAfter = 0;
  private evaluated = 0;
  private rebuilt = false;
  private state: FollowerStatus['state'] = 'starting';
  private replay = { from_seq: 0, rows: 0, events: 0, ms: 0 };
  private payments = 0;
  private revisions = 0;
  private lastAlertTs = 0;
  private lastWriteSeq = 0;
  private readonly scratch: Alert[] = [];

  constructor(private readonly o: MonitorFollowerOptions) {}

  start(cursor: number): void {
    this.resumedAfter = cursor;
    this.evaluated = cursor;
  }

  status(): FollowerStatus {
    return {
      state: this.state,
      evaluated_seq: this.evaluated,
      resumed_after: this.resumedAfter,
      replay: { ...this.replay },
      payments: this.payments,
      alert_revisions: this.revisions,
      last_alert_ts: this.lastAlertTs,
      last_write_seq: this.lastWriteSeq,
    };
  }

  async process(rows: readonly JournalRow[]): Promise<readonly CompiledWrite[]> {
    if (!this.rebuilt) await this.rebuild();
    const first = rows[0]!.seq;
    if (first !== this.evaluated + 1)
      throw new Error(`monitoring: expected seq ${this.evaluated + 1}, got ${first}`);
    const events = await this.o.events.events(rows);
    const raised = new Map<string, Alert>();
    const { monitor, counterparty } = this.o;
    const scratch = this.scratch;
    for (const ev of events) {
      for (const a of monitor.process(ev)) raised.set(a.id, a);
      scratch.length = 0;
      counterparty.process(ev, scratch);
      for (const a of scratch) raised.set(a.id, a);
    }
    this.evaluated = rows[rows.length - 1]!.seq;
    this.payments += events.length;
    if (raised.size === 0) return NONE;
    // Several revisions of one alert in these rows: only the last (highest) one is written.
    const now = this.o.clock();
    const writes: CompiledWrite[] = [];
    for (const a of raised.values()) for (const w of alertWrites(this.o.db, a, now)) writes.push(w);
    this.revisions += raised.size;
    this.lastAlertTs = now;
    this.lastWriteSeq = this.evaluated;
    this.o.onAlerts?.([...raised.values()]);
    return writes;
  }

  private async rebuild(): Promise<void> {
    this.rebuilt = true;
    const upTo = this.resumedAfter;
    if (upTo === 0) {
      this.state = 'live';
      return;
    }
    this.state = 'rebuilding';
    const started = this.o.clock();
    const { store, monitor, counterparty } = this.o;
    const last = (await store.getRows([upTo]))[0];
    if (last === undefined) throw new Error(`monitoring: cursor ${upTo} is past the stored journal`);
    const fromSeq = Math.max(
      await firstSeqAtOrAfter(store, monitor.replayFrom_ms(last.ts), upTo),
      upTo - REPLAY_ROWS_MAX + 1,
    );
    let after = fromSeq - 1;
    let events = 0;
    const discard: Alert[] = [];
    while (after < upTo) {
      const rows = await store.readRows(after, Math.min(REPLAY_PAGE_ROWS, upTo - after));
      if (rows.length === 0) throw new Error(`monitoring: journal ends at ${after}, before ${upTo}`);
      for (const ev of await this.o.events.events(rows)) {
        monitor.process(ev);
        discard.length = 0;
        counterparty.process(ev, discard);
        events += 1;
      }
      after = rows[rows.length - 1]!.seq;
    }
    this.replay = { from_seq: fromSeq, rows: upTo - fromSeq + 1, events, ms: this.o.clock() - started };
    this.state = 'live';
  }
}

/** The first seq in [1, upTo] committed at or after `ts` (commit times never decrease along the journal). */
async function firstSeqAtOrAfter(store: Store, ts: number, upTo: number): Promise<number> {
  let lo = 1;
  let hi = upTo;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const row = (await store.getRows([mid]))[0];
    if (row === undefined) throw new Error(`monitoring: journal row ${mid} is missing`);
    if (row.ts < ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
