/**
 * Interns wallet ids to small integer slots so every per-wallet figure lives in a typed array, and
 * bounds the number of wallets tracked with LRU eviction. A slot reused for another wallet gets a new
 * `uid` (never reused), so state that outlives the slot (edges still in the window, pair counts) can tell
 * the old occupant from the new one.
 */
import type { PartyInfo, WalletKind } from '../transfer-event.ts';
import { walletHash } from './relations.ts';

export const KIND_CODE: Readonly<Record<WalletKind, number>> = { personal: 0, corporate: 1, merchant: 2 };
/** Smallest table accepted: both parties of one transfer must fit without evicting each other. */
export const MIN_TRACKED_WALLETS = 16;

export class WalletTable {
  readonly capacity: number;
  readonly uid: Float64Array;
  /** 52-bit hash of the wallet id, stable across eviction (keys the relationship memory). */
  readonly hash: Float64Array;
  /** Time of the wallet's last transfer (either side), NaN if none since it was interned. */
  readonly lastSeen: Float64Array;
  /** Time the wallet first appeared since it was interned. */
  readonly firstSeen: Float64Array;
  readonly opened: Float64Array;
  readonly kind: Uint8Array;
  readonly category: Uint8Array;
  readonly names: string[];
  private readonly party: (PartyInfo | null)[];
  /** Latest last-seen time among evicted wallets: anything evicted was silent since at most this. */
  evictedHorizon_ms = Number.NEGATIVE_INFINITY;
  evictions = 0;
  private readonly index = new Map<string, number>();
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private head = -1;
  private tail = -1;
  private used = 0;
  private nextUid = 1;
  private readonly resetHooks: Array<(slot: number) => void> = [];

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < MIN_TRACKED_WALLETS) {
      throw new RangeError(`max_tracked_wallets must be an integer >= ${MIN_TRACKED_WALLETS}`);
    }
    this.capacity = capacity;
    this.uid = new Float64Array(capacity);
    this.hash = new Float64Array(capacity);
    this.lastSeen = new Float64Array(capacity).fill(Number.NaN);
    this.firstSeen = new Float64Array(capacity);
    this.opened = new Float64Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.category = new Uint8Array(capacity);
    this.names = new Array<string>(capacity).fill('');
    this.party = new Array<PartyInfo | null>(capacity).fill(null);
    this.prev = new Int32Array(capacity).fill(-1);
    this.next = new Int32Array(capacity).fill(-1);
  }

  get size(): number {
    return this.index.size;
  }

  /** Registers a function that clears a component's per-slot state when the slot changes hands. */
  onReset(hook: (slot: number) => void): void {
    this.resetHooks.push(hook);
  }

  lookup(wallet: string): number {
    return this.index.get(wallet) ?? -1;
  }

  /** Returns the wallet's slot, interning it (evicting the least recently used) if needed. */
  intern(p: PartyInfo, now: number): number {
    let slot = this.index.get(p.wallet);
    if (slot === undefined) {
      slot = this.allocate();
      this.index.set(p.wallet, slot);
      this.names[slot] = p.wallet;
      this.uid[slot] = this.nextUid++;
      this.hash[slot] = walletHash(p.wallet);
      this.lastSeen[slot] = Number.NaN;
      this.firstSeen[slot] = now;
      for (const hook of this.resetHooks) hook(slot);
      this.linkHead(slot);
    } else {
      if (slot !== this.head) {
        this.unlink(slot);
        this.linkHead(slot);
      }
      // Callers usually hand the same PartyInfo object for a wallet; skip rewriting what it says.
      if (this.party[slot] === p) return slot;
    }
    this.party[slot] = p;
    this.opened[slot] = p.opened_ms;
    this.kind[slot] = KIND_CODE[p.kind];
    this.category[slot] = p.category ?? 0;
    return slot;
  }

  private allocate(): number {
    if (this.used < this.capacity) return this.used++;
    const victim = this.tail;
    this.unlink(victim);
    this.index.delete(this.names[victim]!);
    const seen = this.lastSeen[victim]!;
    const silentSince = Number.isNaN(seen) ? this.firstSeen[victim]! : seen;
    if (silentSince > this.evictedHorizon_ms) this.evictedHorizon_ms = silentSince;
    this.evictions++;
    return victim;
  }

  private unlink(slot: number): void {
    const p = this.prev[slot]!;
    const n = this.next[slot]!;
    if (p >= 0) this.next[p] = n;
    else this.head = n;
    if (n >= 0) this.prev[n] = p;
    else this.tail = p;
    this.prev[slot] = -1;
    this.next[slot] = -1;
  }

  private linkHead(slot: number): void {
    this.prev[slot] = -1;
    this.next[slot] = this.head;
    if (this.head >= 0) this.prev[this.head] = slot;
    this.head = slot;
    if (this.tail < 0) this.tail = slot;
  }
}
