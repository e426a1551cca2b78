import type { JournalFollower } from '../../engine/index.ts';
import type { CompiledWrite, ReaderOptions } from '../../store/index.ts';
import type { Alert } from '../alerts/alert.ts';
import type { MonitorLimits, MonitorStats } from '../monitor.ts';
import type { RuleSet } from '../rules/types.ts';
import { alertWrites } from '../store/alert-writes.ts';
import type { SupervisionDb } from '../store/schema.ts';
import type { WatchedWallets } from './counterparty-alerts.ts';
import { MonitorWorker } from './monitor-worker-client.ts';
import type { ReplayStatus } from './range-evaluator.ts';

export const MONITORING_FOLLOWER = 'monitoring';

export interface FollowerStatus {
  readonly state: 'starting' | 'rebuilding' | 'live';
  /** Last journal seq evaluated (the durable cursor trails it by at most one flush). */
  readonly evaluated_seq: number;
  /** The durable cursor this run resumed after. */
  readonly resumed_after: number;
  readonly replay: ReplayStatus;
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
  /** How the worker opens its own read connection to the node's store. */
  readonly reader: ReaderOptions;
  readonly db: SupervisionDb;
  readonly ruleSet: RuleSet;
  readonly limits?: Partial<MonitorLimits>;
  /** The node's watched wallets; the worker keeps a replica, kept current through `onChange`. */
  readonly watched: WatchedWallets;
  readonly clock: () => number;
  /** Told of every alert revision as it is raised (before its flush), e.g. for live push. */
  readonly onAlerts?: (alerts: readonly Alert[]) => void;
  /** Told once if the worker fails, also between ranges (the engine only hears of it on the next one). */
  readonly onFailure: (error: Error) => void;
}

const NONE: readonly CompiledWrite[] = Object.freeze([]);

/**
 * Live monitoring: a follower of the committed journal that evaluates every payment with the monitor
 * and persists the alerts it raises in the same transaction as its cursor (the engine commits a
 * follower's writes with its cursor), so after a restart it resumes exactly after the last rows whose
 * alerts are stored: nothing evaluated twice, nothing skipped. It runs behind the engine, never in
 * front of it: payments are acknowledged before monitoring sees them, and a slow follower only lags.
 *
 * The per-row work (reading the rows, account metadata, the monitor, counterparty alerts) runs in a
 * worker thread with its own read connection (`RangeEvaluator`); this side takes committed seq ranges
 * from the engine, hands them over and turns the few alerts that come back into writes. At start the
 * worker replays the window span before the resumed cursor without emitting; ranges wait behind it.
 */
export class MonitorFollower implements JournalFollower {
  readonly name = MONITORING_FOLLOWER;
  private resumedAfter = 0;
  private evaluated = 0;
  private state: FollowerStatus['state'] = 'starting';
  private replay: ReplayStatus = { from_seq: 0, rows: 0, events: 0, ms: 0 };
  private payments = 0;
  private revisions = 0;
  private lastAlertTs = 0;
  private lastWriteSeq = 0;
  private monitor: MonitorStats;

  private constructor(
    private readonly o: MonitorFollowerOptions,
    readonly worker: MonitorWorker,
    stats: MonitorStats,
  ) {
    this.monitor = stats;
  }

  /** Boots the worker with the watched wallets as they are now and follows their changes from here. */
  static async open(o: MonitorFollowerOptions): Promise<MonitorFollower> {
    let follower: MonitorFollower | undefined;
    const worker = new MonitorWorker(
      { reader: o.reader, ruleSet: o.ruleSet, limits: o.limits ?? {}, watched: o.watched.entries() },
      {
        onRebuilt: (replay, stats) => follower?.rebuilt(replay, stats),
        onFailure: (error) => o.onFailure(error),
      },
    );
    // Same tick as the snapshot above: no change can fall between the two.
    o.watched.onChange = (wallet, entry) => worker.watch(wallet, entry);
    try {
      follower = new MonitorFollower(o, worker, await worker.ready);
      return follower;
    } catch (error) {
      o.watched.onChange = null;
      await worker.close();
      throw error;
    }
  }

  start(cursor: number): void {
    this.resumedAfter = cursor;
    this.evaluated = cursor;
    this.state = cursor === 0 ? 'live' : 'rebuilding';
    this.worker.start(cursor);
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

  /** The monitor's counters as of the last range (or the replay) the worker finished. */
  monitorStats(): MonitorStats {
    return this.monitor;
  }

  async processRange(first: number, last: number): Promise<readonly CompiledWrite[]> {
    if (first !== this.evaluated + 1)
      throw new Error(`monitoring: expected seq ${this.evaluated + 1}, got ${first}`);
    const r = await this.worker.range(first, last);
    this.evaluated = r.evaluated_seq;
    this.payments += r.payments;
    this.monitor = r.stats;
    if (r.alerts.length === 0) return NONE;
    const now = this.o.clock();
    const writes: CompiledWrite[] = [];
    for (const a of r.alerts) for (const w of alertWrites(this.o.db, a, now)) writes.push(w);
    this.revisions += r.alerts.length;
    this.lastAlertTs = now;
    this.lastWriteSeq = this.evaluated;
    this.o.onAlerts?.(r.alerts);
    return writes;
  }

  /** Stops following watched wallets and ends the worker (see MonitorWorker.close). */
  async close(): Promise<void> {
    this.o.watched.onChange = null;
    await this.worker.close();
  }

  private rebuilt(replay: ReplayStatus, stats: MonitorStats): void {
    this.replay = replay;
    this.monitor = stats;
    this.state = 'live';
  }
}
