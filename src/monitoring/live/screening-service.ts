import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { TongbaoError } from '../../errors/index.ts';
import { formatWalletId } from '../../ledger/index.ts';
import type { Store } from '../../store/index.ts';
import { isScreeningError, loadWatchlistReport, Screener, type WatchlistEntity } from '../screening/index.ts';
import { type HitSource, hitInsert, hitRow, watchedOf } from '../store/hits.ts';
import type { SupervisionDb } from '../store/schema.ts';
import type { WatchedWallets } from './counterparty-alerts.ts';

/** How often the service looks for newly opened wallets and rescreens a page of existing ones. */
export const SCREENING_POLL_MS = 500;
/** Opened wallets screened per poll. */
export const OPENINGS_PAGE = 500;
/** Existing holders rescreened per poll against a new list version. */
export const RESCREEN_PAGE = 200;
/**
 * The API writes a wallet's holder record just after the opening commits; an opening whose record has
 * not appeared this long after is taken to have none (nothing to screen).
 */
export const HOLDER_WAIT_MS = 5_000;

export const OPENING_CURSOR = 'screening.opening';
export const RESCREEN_CURSOR_PREFIX = 'screening.rescreen.';

/** Where holder names come from (the security layer keeps them sealed). */
export interface HolderNames {
  /** The name kept for a wallet: undefined when it has no holder record (yet), null when the record has no name. */
  nameOf(num: number, walletId: string): Promise<string | null | undefined>;
  /** Holder records with num > after, in num order, at most limit. */
  page(
    after: number,
    limit: number,
  ): Promise<ReadonlyArray<{ num: number; wallet_id: string; name: string | null }>>;
}

/** How the service acts on wallets: through the engine's normal commands (and the audit log). */
export interface WalletActions {
  freeze(walletId: string, reason: string, reference: string): Promise<void>;
  unfreeze(walletId: string, reason: string, actor: string): Promise<void>;
}

export interface LoadedList {
  readonly path: string;
  readonly entities: number;
  readonly skipped: number;
}

export interface ScreeningStatus {
  readonly lists: readonly LoadedList[];
  readonly list_version: string;
  readonly threshold: number;
  readonly opening_cursor: number;
  readonly rescreen_cursor: number;
  readonly rescreen_done: boolean;
  readonly screened: number;
  readonly hits: number;
  readonly watched_full: number;
}

export interface ScreeningServiceOptions {
  readonly store: Store;
  readonly db: SupervisionDb;
  readonly holders: HolderNames;
  readonly actions: WalletActions;
  readonly watched: WatchedWallets;
  readonly lists: readonly string[];
  readonly threshold: number;
  readonly clock: () => number;
  readonly log: (line: string) => void;
}

/**
 * Watch-list screening inside the node. A wallet opened with a holder name that matches a list entity is
 * frozen in and out (mode `all`) through the engine's freeze command, with a reason and reference naming
 * the hit, and waits for a supervisor's review (release lifts the freeze, confirm keeps it). Wallets
 * that existed before the list (or its current version) was loaded are rescreened in the background;
 * their hits are not frozen but put under watch, so every payment to or from them raises a
 * counterparty alert. Progress is kept in durable cursors written with the hits, so a restart neither
 * screens an opening twice nor skips one.
 */
export class ScreeningService {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private openingCursor = 0;
  private rescreenCursor = 0;
  private rescreenDone = false;
  private screened = 0;
  private hits = 0;
  private watchedFull = 0;
  private readonly rescreenName: string;

  private constructor(
    private readonly o: ScreeningServiceOptions,
    private readonly screener: Screener,
    readonly listVersion: string,
    readonly lists: readonly LoadedList[],
  ) {
    this.rescreenName = RESCREEN_CURSOR_PREFIX + listVersion;
  }

  static async open(o: ScreeningServiceOptions): Promise<ScreeningService> {
    const entities: WatchlistEntity[] = [];
    const loaded: LoadedList[] = [];
    const version = createHash('sha256');
    for (const path of o.lists) {
      version.update(await readFile(path));
      const report = await loadWatchlistReport(path);
      entities.push(...report.entities);
      loaded.push({ path, entities: report.entities.length, skipped: report.skipped });
    }
    version.update(`threshold=${o.threshold}`);
    const service = new ScreeningService(
      o,
      new Screener(entities, { threshold: o.threshold }),
      version.digest('hex').slice(0, 16),
      loaded,
    );
    await service.loadCursors();
    return service;
  }

  status(): ScreeningStatus {
    return {
      lists: this.lists,
      list_version: this.listVersion,
      threshold: this.o.threshold,
      opening_cursor: this.openingCursor,
      rescreen_cursor: this.rescreenCursor,
      rescreen_done: this.rescreenDone,
      screened: this.screened,
      hits: this.hits,
      watched_full: this.watchedFull,
    };
  }

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.pollOnce()
        .then(() => undefined)
        .catch((error: unknown) => this.o.log(`screening paused: ${String(error)}`))
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(tick, SCREENING_POLL_MS);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    await this.running;
  }

  /** Screens what has been opened since the last poll, then one page of the rescreen. */
  async pollOnce(): Promise<void> {
    await this.screenOpenings();
    if (!this.rescreenDone) await this.rescreenPage();
  }

  private async loadCursors(): Promise<void> {
    const db = this.o.store.db;
    const rows = await db
      .selectFrom('cursors')
      .select(['name', 'seq'])
      .where('name', 'in', [OPENING_CURSOR, this.rescreenName])
      .execute();
    const opening = rows.find((r) => r.name === OPENING_CURSOR);
    const rescreen = rows.find((r) => r.name === this.rescreenName);
    if (opening === undefined) {
      // First start with screening: wallets that already exist go through the rescreen (watched, not
      // frozen); only openings from now on are blocked on a hit.
      const max = await db
        .selectFrom('account_events')
        .select((eb) => eb.fn.max('event_id').as('id'))
        .executeTakeFirst();
      this.openingCursor = Number(max?.id ?? 0);
      await this.o.store.setCursor(OPENING_CURSOR, this.openingCursor, this.o.clock());
    } else this.openingCursor = Number(opening.seq);
    this.rescreenCursor = Number(rescreen?.seq ?? 0);
  }

  private screen(name: string | null): ReturnType<Screener['screen']> {
    if (name === null) return [];
    try {
      return this.screener.screen(name);
    } catch (error) {
      // A kept name with no letters (or too long) cannot match anything on a list.
      if (isScreeningError(error) && error.code === 'screening_name_invalid') return [];
      throw error;
    }
  }

  private async screenOpenings(): Promise<void> {
    const { store, db, clock } = this.o;
    const events = await store.db
      .selectFrom('account_events')
      .select(['event_id', 'num', 'ts'])
      .where('event_id', '>', this.openingCursor)
      .where('type', '=', 'opened')
      .orderBy('event_id')
      .limit(OPENINGS_PAGE)
      .execute();
    if (events.length === 0) return;
    const operators = await store.db
      .selectFrom('accounts')
      .select(['num', 'operator'])
      .where(
        'num',
        'in',
        events.map((e) => Number(e.num)),
      )
      .execute();
    const operatorOf = new Map(operators.map((a) => [Number(a.num), Number(a.operator)]));
    let cursor = this.openingCursor;
    const writes = [];
    for (const e of events) {
      const num = Number(e.num);
      const walletId = formatWalletId(operatorOf.get(num) ?? 0, num);
      const name = await this.o.holders.nameOf(num, walletId);
      if (name === undefined && clock() - Number(e.ts) < HOLDER_WAIT_MS) break;
      const found = this.screen(name ?? null);
      this.screened += 1;
      if (found.length > 0) {
        let row = hitRow({
          num,
          wallet_id: walletId,
          source: 'opening',
          list_version: this.listVersion,
          hits: found,
          frozen: true,
          ts: clock(),
        });
        const best = found[0]!;
        let frozen = true;
        try {
          await this.o.actions.freeze(
            walletId,
            `watch-list screening hit ${row.id}: ${best.source} entity ${best.entity_id} (score ${best.score.toFixed(2)}), pending review`,
            `screening:${row.id}`,
          );
        } catch (error) {
          // Closed since it opened: nothing left to block, the hit is still recorded for review. Any
          // other failure (the node stopping, the audit log full) is retried from this opening.
          if (!(error instanceof TongbaoError && error.code === 'wallet_closed')) throw error;
          frozen = false;
        }
        if (!frozen) row = { ...row, frozen: 0 };
        writes.push(hitInsert(db, row));
        this.watch(walletId, row);
      }
      cursor = Number(e.event_id);
    }
    if (cursor === this.openingCursor) return;
    await store.write([...writes, store.cursorWrite(OPENING_CURSOR, cursor, clock())]);
    this.openingCursor = cursor;
  }

  private async rescreenPage(): Promise<void> {
    const { store, db, clock } = this.o;
    const page = await this.o.holders.page(this.rescreenCursor, RESCREEN_PAGE);
    if (page.length === 0) {
      this.rescreenDone = true;
      return;
    }
    const writes = [];
    for (const h of page) {
      const found = this.screen(h.name);
      this.screened += 1;
      if (found.length === 0) continue;
      const row = hitRow({
        num: h.num,
        wallet_id: h.wallet_id,
        source: 'rescreen' satisfies HitSource,
        list_version: this.listVersion,
        hits: found,
        frozen: false,
        ts: clock(),
      });
      const existing = await db
        .selectFrom('sup_screening_hits')
        .select('id')
        .where('num', '=', h.num)
        .where('list_version', '=', this.listVersion)
        .executeTakeFirst();
      if (existing !== undefined) continue;
      writes.push(hitInsert(db, row));
      this.watch(h.wallet_id, row);
    }
    const cursor = page[page.length - 1]!.num;
    await store.write([...writes, store.cursorWrite(this.rescreenName, cursor, clock())]);
    this.rescreenCursor = cursor;
  }

  private watch(walletId: string, row: Parameters<typeof watchedOf>[0]): void {
    this.hits += 1;
    if (!this.o.watched.add(walletId, watchedOf(row, this.o.threshold))) this.watchedFull += 1;
  }
}
