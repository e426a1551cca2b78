import { AccountKind, formatWalletId } from '../../ledger/index.ts';
import type { StoreReader } from '../../store/index.ts';
import type { PartyInfo, WalletKind } from '../transfer-event.ts';
import { ACCOUNT_CACHE_ENTRIES_MAX, ACCOUNT_EVENTS_PAGE, ACCOUNT_LOOKUP_CHUNK } from './limits.ts';

/** What the directory knows of an account that is not a wallet (vaults, reserves, the central bank). */
export const NOT_A_WALLET = null;
/** An offline reserve or conditional account: it stands for the wallet it belongs to. */
interface OwnedBy {
  readonly owner: number;
}
type CacheEntry = PartyInfo | typeof NOT_A_WALLET | OwnedBy;
export type DirectoryEntry = PartyInfo | typeof NOT_A_WALLET;

/** Where the directory reads accounts, operators and category changes from (a StoreReader does). */
export type AccountSource = Pick<
  StoreReader,
  'accounts' | 'operators' | 'lastAccountEventId' | 'accountEvents'
>;

const WALLET_KINDS: Readonly<Record<number, WalletKind>> = {
  [AccountKind.personal]: 'personal',
  [AccountKind.corporate]: 'corporate',
  [AccountKind.merchant]: 'merchant',
};
const OWNED_KINDS: ReadonlySet<number> = new Set([AccountKind.offline, AccountKind.conditional]);

const isOwned = (e: CacheEntry): e is OwnedBy => e !== null && 'owner' in e;

/**
 * Account metadata for monitoring, read from storage (the accounts and operators tables written with
 * each committed batch), never from the ledger's memory: monitoring must see what is durable, and
 * must not reach into the single writer's state. A bounded cache in two generations (a lookup in the
 * old one moves the entry to the young one; when the young one is full it becomes the old one) keeps
 * recently active wallets at O(1) without per-hit bookkeeping. The same PartyInfo object is returned
 * for a wallet while it is cached, which is what the monitor's wallet table expects.
 *
 * Category changes are the only metadata that changes after opening: they are stored as account events
 * in the same transaction as the batch that made them, so reading the events committed since the last
 * poll, before each batch of rows, invalidates exactly the entries that became stale.
 */
export class AccountDirectory {
  private young = new Map<number, CacheEntry>();
  private old = new Map<number, CacheEntry>();
  private readonly operators = new Map<number, string>();
  private lastEventId = 0;
  loads = 0;
  invalidations = 0;

  constructor(
    private readonly source: AccountSource,
    private readonly capacity = ACCOUNT_CACHE_ENTRIES_MAX,
  ) {
    if (!(Number.isInteger(capacity) && capacity >= 64)) throw new RangeError('account cache too small');
  }

  /** Starts watching category changes from now on (the cache is empty, so nothing older can be stale). */
  async init(): Promise<void> {
    this.lastEventId = await this.source.lastAccountEventId();
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  /**
   * The cached entry; undefined when the account was not loaded (call `load` first). An offline
   * reserve or conditional account answers with the wallet it belongs to: money paid out of it is that
   * wallet's payment.
   */
  get(num: number): DirectoryEntry | undefined {
    const entry = this.cached(num);
    if (entry === undefined || !isOwned(entry)) return entry;
    const owner = this.cached(entry.owner);
    // Owners are wallets; an owner that is itself owned would be a ledger defect, not a party.
    return owner !== undefined && isOwned(owner) ? NOT_A_WALLET : owner;
  }

  private cached(num: number): CacheEntry | undefined {
    const y = this.young.get(num);
    if (y !== undefined) return y;
    const o = this.old.get(num);
    if (o === undefined) return undefined;
    this.old.delete(num);
    this.put(num, o);
    return o;
  }

  /**
   * Drops entries whose category changed since the last call, then loads the accounts not cached, and
   * the owners of offline reserves and conditional accounts among them.
   */
  async load(nums: Iterable<number>): Promise<void> {
    await this.invalidateChanged();
    const owners = await this.loadMissing(nums);
    if (owners.length > 0) await this.loadMissing(owners);
  }

  /** Loads the accounts not cached; returns the owners they name that are not cached either. */
  private async loadMissing(nums: Iterable<number>): Promise<number[]> {
    const owners: number[] = [];
    const missing: number[] = [];
    for (const n of nums) {
      const entry = this.young.get(n) ?? this.old.get(n);
      if (entry === undefined) missing.push(n);
      else if (isOwned(entry) && !this.has(entry.owner)) owners.push(entry.owner);
    }
    // Everything one batch needs must survive the generation turnover that loading it can cause.
    if (missing.length > this.capacity / 4)
      throw new RangeError('batch names more accounts than the cache holds');
    for (let i = 0; i < missing.length; i += ACCOUNT_LOOKUP_CHUNK) {
      const chunk = missing.slice(i, i + ACCOUNT_LOOKUP_CHUNK);
      for (const r of await this.source.accounts(chunk)) {
        if (OWNED_KINDS.has(r.kind) && r.owner > 0) {
          this.put(r.num, { owner: r.owner });
          if (!this.has(r.owner)) owners.push(r.owner);
          continue;
        }
        const kind = WALLET_KINDS[r.kind];
        if (kind === undefined) {
          this.put(r.num, NOT_A_WALLET);
          continue;
        }
        const category = r.category;
        this.put(r.num, {
          wallet: formatWalletId(r.operator, r.num),
          operator: await this.operatorId(r.operator),
          kind,
          category:
            kind === 'personal' && category >= 1 && category <= 4 ? (category as 1 | 2 | 3 | 4) : null,
          opened_ms: r.opened_ts,
        });
        this.loads += 1;
      }
    }
    return owners;
  }

  private has(num: number): boolean {
    return this.young.has(num) || this.old.has(num);
  }

  private put(num: number, entry: CacheEntry): void {
    this.young.set(num, entry);
    if (this.young.size >= this.capacity / 2) {
      this.old = this.young;
      this.young = new Map();
    }
  }

  private async operatorId(num: number): Promise<string> {
    let id = this.operators.get(num);
    if (id === undefined) {
      for (const o of await this.source.operators()) this.operators.set(o.num, o.id);
      id = this.operators.get(num);
      if (id === undefined) throw new Error(`account names operator ${num}, which is not stored`);
    }
    return id;
  }

  private async invalidateChanged(): Promise<void> {
    for (;;) {
      const events = await this.source.accountEvents(this.lastEventId, ACCOUNT_EVENTS_PAGE);
      for (const e of events) {
        if (e.type === 'category_changed' && (this.young.delete(e.num) || this.old.delete(e.num)))
          this.invalidations += 1;
        this.lastEventId = e.event_id;
      }
      if (events.length < ACCOUNT_EVENTS_PAGE) return;
    }
  }
}
