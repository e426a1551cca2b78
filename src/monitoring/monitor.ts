/**
 * The monitor: feed it committed transfers in journal order, get alerts back. Synchronous, deterministic
 * and free of I/O: time comes only from the events (never the clock), and memory is bounded by the named
 * limits whatever the traffic.
 */
import type { Alert, AlertTransfer } from './alerts/alert.ts';
import { AlertBook, type Detection } from './alerts/alert-book.ts';
import { Counters } from './core/counters.ts';
import { EdgeWindow } from './core/edge-window.ts';
import { Relations } from './core/relations.ts';
import { WalletTable } from './core/wallet-table.ts';
import { lookback_ms, memory_ms, plan } from './detectors/compile.ts';
import type { Detector, Env, EventCtx, Side } from './detectors/detector.ts';
import { LargeValue } from './detectors/large-value.ts';
import { MonitoringError } from './errors.ts';
import type { RuleSet, ScoredRule } from './rules/types.ts';
import { Scorer } from './scorer.ts';
import type { TransferEvent } from './transfer-event.ts';

export interface MonitorLimits {
  /** Wallets with per-wallet state; the least recently active is evicted beyond this. */
  readonly max_tracked_wallets: number;
  /** Transfers kept in the edge window; the oldest is dropped beyond this even if still in a window. */
  readonly max_edges: number;
  /** Open (mergeable) alerts; the least recently updated is closed beyond this. */
  readonly max_open_alerts: number;
  /** Transfers one alert names; further ones set `transfers_truncated`. */
  readonly max_transfers_per_alert: number;
  /** Key wallets per alert used for merging. */
  readonly max_keys_per_alert: number;
  /** Payer -> payee pairs remembered for new-counterparty filters (over all generations). */
  readonly max_relationships: number;
}

export const DEFAULT_LIMITS: MonitorLimits = {
  max_tracked_wallets: 262_144,
  max_edges: 1_048_576,
  max_open_alerts: 65_536,
  max_transfers_per_alert: 256,
  max_keys_per_alert: 64,
  max_relationships: 1_048_576,
};

const DAY_MS = 86_400_000;
const NONE: readonly Alert[] = Object.freeze([]);

export interface MonitorStats {
  readonly events: number;
  readonly skipped_currency: number;
  readonly alerts_emitted: number;
  readonly reports_emitted: number;
  readonly tracked_wallets: number;
  readonly wallet_evictions: number;
  readonly edges_in_window: number;
  /** Edges dropped for lack of space while still inside the retention span (windows were short). */
  readonly edges_dropped_early: number;
  readonly open_alerts: number;
  readonly alerts_closed_by_limit: number;
  readonly relationships: number;
  /** Relationship generations dropped early for lack of space (the memory was shorter than its horizon). */
  readonly relationship_overflows: number;
}

export class Monitor {
  readonly ruleSet: RuleSet;
  readonly limits: MonitorLimits;
  private readonly wallets: WalletTable;
  private readonly edges: EdgeWindow;
  private readonly counters: Counters;
  /** Payer -> payee relationship memory, only when a rule filters on new counterparties. */
  private readonly relations: Relations | null;
  private readonly detectors: Detector[];
  private readonly observers: Detector[];
  private readonly scorer: Scorer;
  private readonly book: AlertBook;
  private readonly reportBook: AlertBook;
  private readonly largeValue: LargeValue[];
  private readonly env: Env;
  /** Edges older than this (ms) are no longer read by any rule. */
  private readonly retention_ms: number;
  private readonly memory_ms: number;
  private readonly ctx: EventCtx = {
    n: 0,
    now: Number.NEGATIVE_INFINITY,
    amount: 0,
    from: 0,
    to: 0,
    prevSeenFrom: Number.NaN,
    prevSeenTo: Number.NaN,
    unknownSilentSince: Number.NEGATIVE_INFINITY,
  };
  private readonly reportScratch: Detection[] = [];
  private historyStart = Number.NaN;
  private lastSeq = Number.NEGATIVE_INFINITY;
  private events = 0;
  private skipped = 0;
  private alertsEmitted = 0;
  private reportsEmitted = 0;
  private droppedEarly = 0;

  constructor(ruleSet: RuleSet, limits: Partial<MonitorLimits> = {}) {
    this.ruleSet = ruleSet;
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    const scored = ruleSet.rules.filter((r): r is ScoredRule => r.type !== 'large_value');
    const p = plan(scored);
    this.wallets = new WalletTable(this.limits.max_tracked_wallets);
    this.edges = new EdgeWindow(this.limits.max_edges, this.wallets);
    this.counters = new Counters(p.registry.specs, this.wallets, this.edges);
    const horizon = ruleSet.relationship_horizon_ms;
    this.relations =
      this.counters.needsRelations && horizon !== undefined
        ? new Relations(horizon, this.limits.max_relationships)
        : null;
    this.env = {
      wallets: this.wallets,
      edges: this.edges,
      counters: this.counters,
      maxNamed: this.limits.max_transfers_per_alert,
    };
    this.detectors = p.bind(this.env);
    const ruleId = { id: ruleSet.rule_set, version: ruleSet.version };
    this.observers = this.detectors.filter((d) => d.observe !== undefined);
    const transferOf = (n: number): AlertTransfer => this.transferOf(n);
    this.book = new AlertBook(this.limits, ruleId, ruleSet.merge_period_ms, ruleSet.timezone_offset_ms);
    this.reportBook = new AlertBook(this.limits, ruleId, DAY_MS, ruleSet.timezone_offset_ms);
    this.scorer = new Scorer(ruleSet, this.detectors, this.env, transferOf, (t, f, r) =>
      this.book.saturated(t, f, r),
    );
    const lv = ruleSet.rules.filter((r) => r.type === 'large_value');
    this.largeValue = lv.map((r) => new LargeValue(r, this.env, ruleSet.timezone_offset_ms, transferOf));
    let retention = lv.length > 0 ? DAY_MS : 0;
    let memory = retention;
    for (const r of scored) {
      retention = Math.max(retention, lookback_ms(r));
      memory = Math.max(memory, memory_ms(r));
    }
    if (this.relations) memory = Math.max(memory, this.relations.horizon_ms);
    this.retention_ms = retention;
    this.memory_ms = memory;
  }

  /**
   * How much journal (ms before the resume point) a restarted node must replay so the rebuilt state
   * equals the uninterrupted one: the longest look-back of any rule (dormancy counts its silence) plus
   * one alert period. `replayFrom_ms` gives the exact start for a given resume point.
   */
  windowSpan_ms(): number {
    return this.memory_ms + Math.max(this.ruleSet.merge_period_ms, DAY_MS);
  }

  /** Earliest commit time to replay from when resuming after the transfer committed at `resume_ts_ms`. */
  replayFrom_ms(resume_ts_ms: number): number {
    const tz = this.ruleSet.timezone_offset_ms;
    const start = (period: number): number => Math.floor((resume_ts_ms + tz) / period) * period - tz;
    return Math.min(start(this.ruleSet.merge_period_ms), start(DAY_MS)) - this.memory_ms;
  }

  stats(): MonitorStats {
    return {
      events: this.events,
      skipped_currency: this.skipped,
      alerts_emitted: this.alertsEmitted,
      reports_emitted: this.reportsEmitted,
      tracked_wallets: this.wallets.size,
      wallet_evictions: this.wallets.evictions,
      edges_in_window: this.edges.size,
      edges_dropped_early: this.droppedEarly,
      open_alerts: this.book.openCount + this.reportBook.openCount,
      alerts_closed_by_limit: this.book.closedByLimit + this.reportBook.closedByLimit,
      relationships: this.relations?.size ?? 0,
      relationship_overflows: this.relations?.earlyRotations ?? 0,
    };
  }

  /** Evaluates one committed transfer; returns alerts opened or updated by it (usually none). */
  process(ev: TransferEvent): readonly Alert[] {
    if (!(ev.seq > this.lastSeq))
      throw new MonitoringError('event_invalid', `seq ${ev.seq} is not increasing`, 'seq');
    if (!Number.isSafeInteger(ev.amount_fen) || ev.amount_fen <= 0) {
      throw new MonitoringError(
        'event_invalid',
        `transfer ${ev.id}: amount_fen must be a positive integer`,
        'amount_fen',
      );
    }
    if (!Number.isFinite(ev.ts_ms))
      throw new MonitoringError('event_invalid', `transfer ${ev.id}: bad ts_ms`, 'ts_ms');
    this.lastSeq = ev.seq;
    if (ev.currency !== this.ruleSet.currency) {
      this.skipped++;
      return NONE;
    }
    this.events++;
    const ctx = this.ctx;
    // Commit times can step back slightly (clock adjustments); windows need a monotone clock.
    const now = Math.max(ev.ts_ms, ctx.now);
    ctx.now = now;
    if (Number.isNaN(this.historyStart)) this.historyStart = now;
    this.book.advance(now);
    this.reportBook.advance(now);
    this.makeRoom(now);

    const w = this.wallets;
    const from = w.intern(ev.from, now);
    const to = w.intern(ev.to, now);
    ctx.from = from;
    ctx.to = to;
    ctx.amount = ev.amount_fen;
    ctx.prevSeenFrom = w.lastSeen[from]!;
    ctx.prevSeenTo = w.lastSeen[to]!;
    ctx.unknownSilentSince = Math.max(w.evictedHorizon_ms, this.historyStart);
    const fresh = this.relations?.observe(w.hash[from]!, w.hash[to]!, now) === true;
    const mask = this.counters.maskFor(ev.amount_fen, fresh);
    ctx.n = this.edges.append(ev.seq, ev.id, now, ev.amount_fen, from, to, mask);
    this.counters.add(ctx.n);

    let out: Alert[] | null = null;
    for (const lv of this.largeValue) {
      const found = this.reportScratch;
      found.length = 0;
      lv.observe(ctx, ev.seq, found);
      for (const d of found) {
        const a = this.reportBook.upsert(d);
        if (a) {
          out ??= [];
          out.push(a);
          this.reportsEmitted++;
        }
      }
    }
    for (const d of this.observers) d.observe!(ctx);
    out = this.side(ctx, from, 'from', ev.seq, out);
    if (to !== from) out = this.side(ctx, to, 'to', ev.seq, out);
    w.lastSeen[from] = now;
    w.lastSeen[to] = now;
    return out ?? NONE;
  }

  private side(ctx: EventCtx, focal: number, side: Side, seq: number, out: Alert[] | null): Alert[] | null {
    const found = this.scorer.score(ctx, focal, side, seq);
    if (found === null) return out;
    for (const d of found) {
      const a = this.book.upsert(d);
      if (a) {
        out ??= [];
        out.push(a);
        this.alertsEmitted++;
      }
    }
    return out;
  }

  /** Expires windows at `now` and frees ring space, counting drops of edges still within retention. */
  private makeRoom(now: number): void {
    this.counters.expire(now);
    const e = this.edges;
    const keepAfter = now - this.retention_ms;
    while (e.oldest < e.next && e.ts[e.pos(e.oldest)]! <= keepAfter) e.dropOldest();
    if (e.full) {
      this.counters.forceExpire(e.oldest);
      this.droppedEarly++;
      e.dropOldest();
    }
  }

  private transferOf(n: number): AlertTransfer {
    const e = this.edges;
    const p = e.pos(n);
    return {
      id: e.ids[p]!,
      seq: e.seq[p]!,
      ts_ms: e.ts[p]!,
      from: e.fromName[p]!,
      to: e.toName[p]!,
      amount_fen: e.amount[p]!,
    };
  }
}
