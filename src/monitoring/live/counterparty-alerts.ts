import type { Alert } from '../alerts/alert.ts';
import { AlertBook } from '../alerts/alert-book.ts';
import type { TransferEvent } from '../transfer-event.ts';
import { WATCH_OPEN_ALERTS_MAX, WATCHED_WALLETS_MAX } from './limits.ts';

/** A wallet whose holder matched a watch list, while the hit is pending review or confirmed. */
export interface WatchedWallet {
  readonly hit_id: string;
  readonly entity_id: string;
  readonly entity_source: string;
  readonly matched_name: string;
  readonly score: number;
  /** The screening threshold the score crossed. */
  readonly threshold: number;
}

export const COUNTERPARTY_TYPOLOGY = 'watchlist_counterparty';
export const COUNTERPARTY_RULE_SET = { id: 'tongbao-screening', version: 1 } as const;
const DAY_MS = 86_400_000;

/** Told of every change to a watched set: the wallet's new entry, or null when it left the set. */
export type WatchedChange = (wallet: string, entry: WatchedWallet | null) => void;

/**
 * Wallets under a live screening hit. The node's copy lives on the main thread, where the screening
 * service adds a wallet when its holder matches and a review removes it when the hit is released; the
 * monitoring worker keeps a replica, fed by `onChange`, and raises an alert for every payment to or
 * from one of them. Bounded: a hit beyond the limit is refused.
 */
export class WatchedWallets {
  private readonly byWallet = new Map<string, WatchedWallet>();
  onChange: WatchedChange | null = null;

  constructor(entries: Iterable<readonly [string, WatchedWallet]> = []) {
    for (const [wallet, w] of entries) this.add(wallet, w);
  }

  get size(): number {
    return this.byWallet.size;
  }

  get(wallet: string): WatchedWallet | undefined {
    return this.byWallet.get(wallet);
  }

  /** A copy of the set, e.g. to start a replica with. */
  entries(): Array<[string, WatchedWallet]> {
    return [...this.byWallet];
  }

  /** False (and nothing added) when the set is full. */
  add(wallet: string, w: WatchedWallet): boolean {
    if (!this.byWallet.has(wallet) && this.byWallet.size >= WATCHED_WALLETS_MAX) return false;
    this.byWallet.set(wallet, w);
    this.onChange?.(wallet, w);
    return true;
  }

  delete(wallet: string): void {
    if (this.byWallet.delete(wallet)) this.onChange?.(wallet, null);
  }
}

/**
 * Counterparty screening inside the monitoring follower: a payment whose payer or payee is a watched
 * wallet raises (or adds to) an alert of typology `watchlist_counterparty` whose focal wallet is the
 * listed one, merged per listed wallet and local day like the monitor's own alerts, with the list
 * entity, its name and the match score as the reason. It blocks nothing: a hit at opening has already
 * frozen the wallet, and an existing wallet found by a rescreen is the supervisor's to act on.
 */
export class CounterpartyAlerts {
  private readonly book: AlertBook;
  /** Commit times can step back slightly; periods only move forward. */
  private now = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly watched: WatchedWallets,
    timezone_offset_ms: number,
    max_transfers_per_alert: number,
  ) {
    this.book = new AlertBook(
      { max_open_alerts: WATCH_OPEN_ALERTS_MAX, max_transfers_per_alert, max_keys_per_alert: 1 },
      COUNTERPARTY_RULE_SET,
      DAY_MS,
      timezone_offset_ms,
    );
  }

  process(ev: TransferEvent, out: Alert[]): void {
    if (this.watched.size === 0) return;
    const payer = this.watched.get(ev.from.wallet);
    const payee = this.watched.get(ev.to.wallet);
    if (payer === undefined && payee === undefined) return;
    this.now = Math.max(this.now, ev.ts_ms);
    this.book.advance(this.now);
    if (payer !== undefined) this.raise(ev, ev.from.wallet, payer, out);
    if (payee !== undefined) this.raise(ev, ev.to.wallet, payee, out);
  }

  private raise(ev: TransferEvent, listed: string, w: WatchedWallet, out: Alert[]): void {
    const alert = this.book.upsert({
      kind: 'suspicious',
      typology: COUNTERPARTY_TYPOLOGY,
      focal: listed,
      score: w.score,
      threshold: w.threshold,
      reasons: [
        {
          rule_id: `screening:${w.entity_source}:${w.entity_id}`,
          rule_version: 1,
          rule_type: 'watchlist',
          weight: 1,
          crossed: [{ name: 'name_match_score', observed: w.score, op: '>=', threshold: w.threshold }],
        },
      ],
      transfers: [
        {
          id: ev.id,
          seq: ev.seq,
          ts_ms: ev.ts_ms,
          from: ev.from.wallet,
          to: ev.to.wallet,
          amount_fen: ev.amount_fen,
        },
      ],
      keys: [],
      truncated: false,
      trigger_seq: ev.seq,
    });
    if (alert !== null) out.push(alert);
  }
}
