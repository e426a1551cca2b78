import { performance } from 'node:perf_hooks';
import type { StoreReader } from '../../store/index.ts';
import type { Alert } from '../alerts/alert.ts';
import { Monitor, type MonitorLimits, type MonitorStats } from '../monitor.ts';
import type { RuleSet } from '../rules/types.ts';
import type { TransferEvent } from '../transfer-event.ts';
import { AccountDirectory } from './account-directory.ts';
import { CounterpartyAlerts, type WatchedWallets } from './counterparty-alerts.ts';
import { JournalEvents } from './journal-events.ts';
import { REPLAY_PAGE_ROWS, REPLAY_ROWS_MAX } from './limits.ts';

/** What the replay after a start did: the first seq replayed, rows and payments, wall time. */
export interface ReplayStatus {
  readonly from_seq: number;
  readonly rows: number;
  readonly events: number;
  readonly ms: number;
}

export interface RangeResult {
  /** The last revision of each alert raised by the range (only the highest is worth writing). */
  readonly alerts: Alert[];
  readonly evaluated_seq: number;
  /** Payments judged in the range. */
  readonly payments: number;
  readonly stats: MonitorStats;
}

export interface RangeEvaluatorOptions {
  readonly reader: StoreReader;
  readonly ruleSet: RuleSet;
  readonly limits?: Partial<MonitorLimits>;
  readonly watched: WatchedWallets;
}

/**
 * Everything live monitoring does per committed row, on a read connection of its own: reads the rows
 * of a committed seq range, turns the payments among them into TransferEvents (parties from a bounded
 * account cache), runs the monitor and the counterparty alerts, and hands back only what was raised.
 * It runs in the monitoring worker thread; it holds no clock and writes nothing.
 *
 * After a start it rebuilds the monitor's windows by replaying the journal span the rules look back
 * over (`Monitor.replayFrom_ms` of the last evaluated row's commit time, at most REPLAY_ROWS_MAX rows)
 * and discards what that replay raises: the alerts of those rows were stored with the cursor that
 * covered them.
 */
export class RangeEvaluator {
  private evaluated = Number.NaN;
  private readonly monitor: Monitor;
  private readonly events: JournalEvents;
  private readonly counterparty: CounterpartyAlerts;
  private readonly scratch: Alert[] = [];

  private constructor(
    private readonly reader: StoreReader,
    ruleSet: RuleSet,
    limits: Partial<MonitorLimits>,
    watched: WatchedWallets,
    directory: AccountDirectory,
  ) {
    this.monitor = new Monitor(ruleSet, limits);
    this.events = new JournalEvents(reader, directory);
    this.counterparty = new CounterpartyAlerts(
      watched,
      ruleSet.timezone_offset_ms,
      this.monitor.limits.max_transfers_per_alert,
    );
  }

  static async open(o: RangeEvaluatorOptions): Promise<RangeEvaluator> {
    const directory = new AccountDirectory(o.reader);
    // Category changes from now on invalidate the cache (it is empty, so nothing older can be stale).
    await directory.init();
    return new RangeEvaluator(o.reader, o.ruleSet, o.limits ?? {}, o.watched, directory);
  }

  stats(): MonitorStats {
    return this.monitor.stats();
  }

  /** Replays the window span ending at `upTo` (the resumed cursor) without emitting; ranges follow it. */
  async rebuild(upTo: number): Promise<ReplayStatus> {
    if (!Number.isNaN(this.evaluated)) throw new Error('monitoring: rebuilt twice');
    const started = performance.now();
    this.evaluated = upTo;
    if (upTo === 0) return { from_seq: 0, rows: 0, events: 0, ms: 0 };
    const last = (await this.reader.getRows([upTo]))[0];
    if (last === undefined) throw new Error(`monitoring: cursor ${upTo} is past the stored journal`);
    const fromSeq = Math.max(
      await this.firstSeqAtOrAfter(this.monitor.replayFrom_ms(last.ts), upTo),
      upTo - REPLAY_ROWS_MAX + 1,
    );
    let events = 0;
    const discard = this.scratch;
    await this.scan(fromSeq - 1, upTo, (ev) => {
      this.monitor.process(ev);
      discard.length = 0;
      this.counterparty.process(ev, discard);
      events += 1;
    });
    const ms = Math.round(performance.now() - started);
    return { from_seq: fromSeq, rows: upTo - fromSeq + 1, events, ms };
  }

  /** Evaluates the committed rows first..last, which must follow the last evaluated row. */
  async range(first: number, last: number): Promise<RangeResult> {
    if (Number.isNaN(this.evaluated)) throw new Error('monitoring: a range before the rebuild');
    if (first !== this.evaluated + 1 || last < first)
      throw new Error(`monitoring: expected a range from seq ${this.evaluated + 1}, got ${first}..${last}`);
    const raised = new Map<string, Alert>();
    const scratch = this.scratch;
    let payments = 0;
    await this.scan(first - 1, last, (ev) => {
      for (const a of this.monitor.process(ev)) raised.set(a.id, a);
      scratch.length = 0;
      this.counterparty.process(ev, scratch);
      for (const a of scratch) raised.set(a.id, a);
      payments += 1;
    });
    this.evaluated = last;
    return { alerts: [...raised.values()], evaluated_seq: last, payments, stats: this.monitor.stats() };
  }

  /** The payments among rows (after, upTo], in order, a page at a time; every row must be there. */
  private async scan(after: number, upTo: number, fn: (ev: TransferEvent) => void): Promise<void> {
    while (after < upTo) {
      const rows = await this.reader.readRows(after, upTo, Math.min(REPLAY_PAGE_ROWS, upTo - after));
      const end = rows[rows.length - 1]?.seq;
      if (end === undefined || rows[0]!.seq !== after + 1 || end - after !== rows.length)
        throw new Error(`monitoring: journal rows ${after + 1}..${upTo} are not all stored`);
      for (const ev of await this.events.events(rows)) fn(ev);
      after = end;
    }
  }

  /** The first seq in [1, upTo] committed at or after `ts` (commit times never decrease along the journal). */
  private async firstSeqAtOrAfter(ts: number, upTo: number): Promise<number> {
    let lo = 1;
    let hi = upTo;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const row = (await this.reader.getRows([mid]))[0];
      if (row === undefined) throw new Error(`monitoring: journal row ${mid} is missing`);
      if (row.ts < ts) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
