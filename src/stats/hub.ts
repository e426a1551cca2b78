import type { Engine } from '../engine/index.ts';
import { TongbaoError } from '../errors/index.ts';
import { formatAmount } from '../money/index.ts';
import { supervisionSummary } from '../monitoring/cases/summary.ts';
import { supervisionDb } from '../monitoring/store/schema.ts';
import { type BooksFigures, booksFigures } from './books.ts';
import { StatsFollower } from './follower.ts';
import {
  STATS_BOOKS_CPU_FACTOR,
  STATS_BOOKS_INTERVAL_MS,
  STATS_BUSY_RETRY_S,
  STATS_PUSH_INTERVAL_MS,
  STATS_RATE_WINDOW_S,
  STATS_SSE_CLIENTS_MAX,
  STATS_SUMMARY_INTERVAL_MS,
} from './limits.ts';
import { RateSeries, recentRate, type SeriesWindow } from './series.ts';

/** Alert, case and report counts: only for roles that may read supervision data. */
export interface SupervisionFigures {
  readonly open_alerts: number;
  readonly open_by_typology: Record<string, number>;
  readonly alerts_in_case: number;
  readonly cases_open: number;
  readonly cases_escalated: number;
  readonly screening_pending: number;
  readonly large_value_today: number;
  readonly large_value_days: { date: string; total: number }[];
}

/** One update of the live dashboard. */
export interface LiveStats {
  readonly at: string;
  readonly committed_seq: number;
  /** Committed rows the statistics have not read yet. */
  readonly lag_rows: number;
  readonly rates: {
    readonly window_s: number;
    readonly payments_per_s: number;
    readonly value_per_s: string;
    readonly series: SeriesWindow;
  };
  readonly books: BooksFigures;
  readonly supervision: SupervisionFigures | null;
}

/** Somewhere updates go: a live stream. `send` must not block; a slow client drops updates itself. */
export interface StatsSubscriber {
  readonly withSupervision: boolean;
  send(payload: string): void;
  close(): void;
}

interface Cached<T> {
  value: T;
  at: number;
}

/**
 * The live statistics of one node: a journal follower counting payments per second, and figures read
 * at bounded intervals (books at most once a second, alert counts every two), pushed to subscribers
 * at most twice a second whatever the traffic. Nothing runs but the follower while no one watches.
 */
export class StatsHub {
  readonly series = new RateSeries();
  readonly follower: StatsFollower;
  private readonly subscribers = new Set<StatsSubscriber>();
  private readonly db;
  private books: Cached<BooksFigures> | null = null;
  private booksIntervalMs = STATS_BOOKS_INTERVAL_MS;
  private summary: Cached<SupervisionFigures | null> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Updates pushed since start (all subscribers count once per tick). */
  ticks = 0;

  constructor(
    private readonly engine: Engine,
    private readonly log: (message: string) => void = () => {},
  ) {
    this.db = supervisionDb(engine.store.db);
    const kinds = () => engine.state.accounts.kind;
    this.follower = new StatsFollower(this.series, (num) => kinds()[num] ?? -1);
  }

  get clients(): number {
    return this.subscribers.size;
  }

  /** Adds a subscriber; refuses one past the limit (503 queue_full with Retry-After). */
  subscribe(sub: StatsSubscriber): () => void {
    if (this.stopped) throw new TongbaoError('engine_stopped', 'the node is stopping');
    if (this.subscribers.size >= STATS_SSE_CLIENTS_MAX)
      throw new TongbaoError(
        'queue_full',
        `at most ${STATS_SSE_CLIENTS_MAX} live streams are open at once`,
        undefined,
        { retry_after_s: STATS_BUSY_RETRY_S },
      );
    this.subscribers.add(sub);
    if (this.timer === null) this.schedule(0);
    return () => {
      this.subscribers.delete(sub);
    };
  }

  /** The figures now (books and counts no older than their intervals). */
  async snapshot(withSupervision: boolean): Promise<LiveStats> {
    const now = Date.now();
    const [books, summary] = await Promise.all([this.freshBooks(now), this.freshSummary(now)]);
    const series = this.series.window(now);
    const unit = this.engine.config.currencies[0]!.minor_units;
    return {
      at: new Date(now).toISOString(),
      committed_seq: this.engine.committed,
      lag_rows: Math.max(0, this.engine.committed - this.follower.cursor),
      rates: {
        window_s: STATS_RATE_WINDOW_S,
        payments_per_s: Math.round(recentRate(series.count) * 10) / 10,
        value_per_s: formatAmount(Math.round(recentRate(series.value_fen)), unit),
        series,
      },
      books,
      supervision: withSupervision ? summary : null,
    };
  }

  /** Ends every stream (the node is closing) and stops pushing. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    for (const sub of this.subscribers) sub.close();
    this.subscribers.clear();
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const started = Date.now();
    if (this.stopped || this.subscribers.size === 0) {
      this.timer = null;
      return;
    }
    try {
      const wanted = [...this.subscribers].some((s) => s.withSupervision);
      const full = await this.snapshot(wanted);
      const payloads = {
        full: JSON.stringify(full),
        books: wanted ? JSON.stringify({ ...full, supervision: null }) : JSON.stringify(full),
      };
      for (const sub of this.subscribers) sub.send(sub.withSupervision ? payloads.full : payloads.books);
      this.ticks += 1;
    } catch (error) {
      this.log(`live statistics: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (this.stopped || this.subscribers.size === 0) {
      this.timer = null;
      return;
    }
    this.schedule(Math.max(0, STATS_PUSH_INTERVAL_MS - (Date.now() - started)));
  }

  private async freshBooks(now: number): Promise<BooksFigures> {
    if (this.books !== null && now - this.books.at < this.booksIntervalMs) return this.books.value;
    const started = performance.now();
    const value = await this.engine.read((state) => booksFigures(state));
    const took = performance.now() - started;
    this.booksIntervalMs = Math.max(STATS_BOOKS_INTERVAL_MS, took * STATS_BOOKS_CPU_FACTOR);
    this.books = { value, at: now };
    return value;
  }

  private async freshSummary(now: number): Promise<SupervisionFigures | null> {
    if (this.summary !== null && now - this.summary.at < STATS_SUMMARY_INTERVAL_MS) return this.summary.value;
    const tz = this.engine.config.timezone_offset_minutes * 60_000;
    const s = await supervisionSummary(this.db, now, tz);
    const value: SupervisionFigures = {
      open_alerts: s.alerts.open,
      open_by_typology: s.alerts.open_by_typology,
      alerts_in_case: s.alerts.in_case,
      cases_open: s.cases.open,
      cases_escalated: s.cases.escalated,
      screening_pending: s.screening.pending_review,
      large_value_today: s.large_value_reports.today,
      large_value_days: s.large_value_reports.days.map((d) => ({ date: d.date, total: d.total })),
    };
    this.summary = { value, at: now };
    return value;
  }
}

const hubs = new WeakMap<Engine, Promise<StatsHub>>();

/**
 * The statistics of an engine, started once: the node starts them with itself (src/cli/start-node.ts)
 * so that rates are counted from the start; an app built on an engine without them starts them at its
 * first live request. The follower stops with the engine.
 */
export function statsFor(engine: Engine, log?: (message: string) => void): Promise<StatsHub> {
  let hub = hubs.get(engine);
  if (hub === undefined) {
    const created = new StatsHub(engine, log);
    hub = engine.followers.add(created.follower).then(() => created);
    hub.catch(() => hubs.delete(engine));
    hubs.set(engine, hub);
  }
  return hub;
}
